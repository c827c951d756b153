//! Every enumeration Everflow's documentation lists.
//!
//! Each one is "open": a value the documentation does not list parses into `Other(String)` and is
//! sent back unchanged, so a new server value never breaks parsing and never gets lost on save.

/// Declares an open string enum: known variants with their wire names (plus accepted aliases, for
/// the spellings Everflow's own docs use inconsistently), and an `Other` escape hatch.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value the documentation does not list, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every documented value, in documentation order.
            pub const ALL: &'static [$name] = &[$( $name::$variant ),+];

            /// The value as Everflow spells it on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(value) => value.as_str(),
                }
            }

            /// Whether this is one of the documented values.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire $(| $alias)* => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok($name::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok($name::from(value.as_ref()))
            }
        }

        /// In TypeScript an open enum is a string; the known values come from `ALL`.
        #[cfg(feature = "specta")]
        impl specta::Type for $name {
            fn inline(types: &mut specta::TypeCollection, generics: specta::Generics) -> specta::DataType {
                <String as specta::Type>::inline(types, generics)
            }
        }
    };
}

open_enum! {
    /// An affiliate's (or affiliate user's) account status.
    AccountStatus {
        Active = "active",
        Inactive = "inactive",
        Pending = "pending",
        Suspended = "suspended",
    }
}

open_enum! {
    /// How often an affiliate is invoiced. The patchable-fields page spells quarterly "quaterly".
    BillingFrequency {
        Weekly = "weekly",
        Bimonthly = "bimonthly",
        Monthly = "monthly",
        TwoMonths = "two_months",
        Quarterly = "quarterly" | "quaterly",
        Manual = "manual",
        OtherSchedule = "other",
    }
}

open_enum! {
    /// How an affiliate is paid. The create page spells paxum "payum".
    PaymentType {
        None = "none",
        Pay = "pay",
        Paypal = "paypal",
        Check = "check",
        Wire = "wire",
        DirectDeposit = "direct_deposit",
        Tipalti = "tipalti",
        Paxum = "paxum" | "payum",
        Veem = "veem",
        Payoneer = "payoneer",
        Bitcoin = "bitcoin",
        Webmoney = "webmoney",
        Capitalist = "capitalist",
        Transferwise = "transferwise",
        GiftCard = "gift_card",
        Masspay = "masspay",
        Skrill = "skrill",
    }
}

open_enum! {
    /// How a PayPal payment reaches the affiliate.
    PaypalReceptionMethod {
        Email = "email",
        Phone = "phone",
        PaypalAccount = "paypal_account",
    }
}

open_enum! {
    /// An offer URL's status.
    UrlStatus {
        Active = "active",
        Paused = "paused",
        Deleted = "deleted",
    }
}

open_enum! {
    /// The visibility a visibility PUT or PATCH assigns. The API accepts only these two; `rejected`
    /// can be read but not written.
    SetType {
        Visible = "visible",
        Hidden = "hidden",
    }
}

open_enum! {
    /// How a bulk-edit field modifies its target. `append`, `delete` and `clear` only apply to
    /// fields that hold several values.
    PatchOperator {
        Overwrite = "overwrite",
        Append = "append",
        Delete = "delete",
        Clear = "clear",
    }
}

open_enum! {
    /// The outcome of one affiliate's change in a patch preview.
    ChangeStatus {
        Ok = "ok",
        NoChange = "no_change",
        Error = "error",
    }
}

open_enum! {
    /// An offer's visibility type, which decides an affiliate's default visibility.
    /// The visibility page calls the private type "private_approval".
    OfferVisibilityType {
        Public = "public",
        RequireApproval = "require_approval",
        Private = "private" | "private_approval",
    }
}

open_enum! {
    /// A partner's connection status with a brand.
    ConnectionStatus {
        Active = "active",
        Pending = "pending",
        Deleted = "deleted",
    }
}

open_enum! {
    /// The weekday a weekly billing cycle starts on (bulk-edit field `billing_weekly`).
    Weekday {
        Monday = "monday",
        Tuesday = "tuesday",
        Wednesday = "wednesday",
        Thursday = "thursday",
        Friday = "friday",
        Saturday = "saturday",
        Sunday = "sunday",
    }
}

open_enum! {
    /// How a referral commission is computed.
    ReferralMethod {
        FlatFee = "flat_fee",
        Percentage = "percentage",
    }
}

open_enum! {
    /// What a referral commission is based on.
    ReferralCommissionBasis {
        Payout = "payout",
        Revenue = "revenue",
        Profit = "profit",
    }
}

open_enum! {
    /// An offer's status (offers table filter and rows).
    OfferStatus {
        Active = "active",
        Paused = "paused",
        Pending = "pending",
        Deleted = "deleted",
    }
}

impl OfferVisibilityType {
    /// The visibility an affiliate has on an offer of this type when nothing explicit is set.
    pub fn default_visibility(&self) -> crate::Visibility {
        match self {
            OfferVisibilityType::Public => crate::Visibility::Visible,
            _ => crate::Visibility::Hidden,
        }
    }
}

impl BillingFrequency {
    /// Whether this frequency needs a `details` object (all but manual and other).
    pub fn needs_details(&self) -> bool {
        !matches!(self, BillingFrequency::Manual | BillingFrequency::OtherSchedule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_round_trip() {
        let parsed: PaymentType = serde_json::from_str("\"crypto_wallet\"").unwrap();
        assert_eq!(parsed, PaymentType::Other("crypto_wallet".into()));
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"crypto_wallet\"");
    }

    #[test]
    fn documented_typos_are_aliases() {
        assert_eq!(BillingFrequency::from("quaterly"), BillingFrequency::Quarterly);
        assert_eq!(BillingFrequency::Quarterly.as_str(), "quarterly");
        assert_eq!(PaymentType::from("payum"), PaymentType::Paxum);
        assert_eq!(OfferVisibilityType::from("private_approval"), OfferVisibilityType::Private);
    }

    #[test]
    fn all_lists_every_documented_value() {
        assert_eq!(PaymentType::ALL.len(), 17);
        assert_eq!(BillingFrequency::ALL.len(), 7);
        assert!(AccountStatus::ALL.iter().all(AccountStatus::is_known));
    }
}
