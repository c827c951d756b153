//! Bulk edits: the patchable fields with their value shapes, the bulk-edit bodies, and the patch
//! preview's response.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::enums::{
    AccountStatus, BillingFrequency, ChangeStatus, PatchOperator, ReferralCommissionBasis, ReferralMethod, UrlStatus,
    Weekday,
};
use crate::Extra;

/// `{"field_type": ..., "field_value": ...}` as it travels, before the value is typed.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Serialize, Deserialize)]
struct RawField {
    field_type: String,
    #[serde(default)]
    field_value: Value,
}

/// Declares a closed set of patchable fields, each with the Rust type of its value, plus an
/// `Unparsed` escape hatch for unknown field types or values of an unexpected shape.
macro_rules! patchable_fields {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant($ty), )+
            /// A field type the docs do not list, or a value whose shape did not match; kept verbatim.
            Unparsed { field_type: String, field_value: Value },
        }

        impl $name {
            /// Every documented field type, in documentation order.
            pub const FIELD_TYPES: &'static [&'static str] = &[$( $wire ),+];

            pub fn field_type(&self) -> &str {
                match self {
                    $( $name::$variant(_) => $wire, )+
                    $name::Unparsed { field_type, .. } => field_type,
                }
            }

            pub fn field_value(&self) -> Value {
                match self {
                    $( $name::$variant(value) => serde_json::to_value(value).unwrap_or(Value::Null), )+
                    $name::Unparsed { field_value, .. } => field_value.clone(),
                }
            }

            /// Types a `field_type` / `field_value` pair; never fails.
            pub fn from_parts(field_type: &str, field_value: Value) -> Self {
                match field_type {
                    $( $wire => match serde_json::from_value::<$ty>(field_value.clone()) {
                        Ok(value) => $name::$variant(value),
                        Err(_) => $name::Unparsed { field_type: field_type.to_owned(), field_value },
                    }, )+
                    _ => $name::Unparsed { field_type: field_type.to_owned(), field_value },
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                RawField { field_type: self.field_type().to_owned(), field_value: self.field_value() }
                    .serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = RawField::deserialize(deserializer)?;
                Ok($name::from_parts(&raw.field_type, raw.field_value))
            }
        }

        /// In TypeScript the field is its wire shape: `{ field_type, field_value }`.
        #[cfg(feature = "specta")]
        impl specta::Type for $name {
            fn inline(types: &mut specta::TypeCollection, generics: specta::Generics) -> specta::DataType {
                <RawField as specta::Type>::inline(types, generics)
            }
        }

        #[cfg(feature = "specta")]
        impl specta::Flatten for $name {}
    };
}

/// Value of `billing_bimonthly`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BimonthlySchedule {
    pub day_of_month_one: i64,
    pub day_of_month_two: i64,
}

/// Value of `billing_monthly`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlySchedule {
    pub day_of_month: i64,
}

/// Value of `billing_two_months` and `billing_quarterly`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCycleSchedule {
    pub starting_month: i64,
    pub day_of_month: i64,
}

patchable_fields! {
    /// A field of the affiliate bulk edit and patch preview, with its value.
    AffiliateField {
        NetworkEmployeeId(i64) = "network_employee_id",
        AccountExecutiveId(i64) = "account_executive_id",
        ReferrerId(i64) = "referrer_id",
        Labels(Vec<String>) = "labels",
        AccountStatus(AccountStatus) = "account_status",
        DefaultCurrencyId(String) = "default_currency_id",
        HasNotifications(bool) = "has_notifications",
        EnableMediaCostTrackingLinks(bool) = "enable_media_cost_tracking_links",
        NetworkTrafficSourceId(i64) = "network_traffic_source_id",
        InternalNotes(String) = "internal_notes",
        /// Only `pay` (Everflow Pay) is accepted.
        BillingPaymentMethod(String) = "billing_payment_method",
        /// Must come with the schedule field of that frequency (e.g. `billing_weekly`).
        BillingFrequency(BillingFrequency) = "billing_billing_frequency",
        BillingWeekly(Weekday) = "billing_weekly",
        BillingBimonthly(BimonthlySchedule) = "billing_bimonthly",
        BillingMonthly(MonthlySchedule) = "billing_monthly",
        BillingTwoMonths(MonthCycleSchedule) = "billing_two_months",
        BillingQuarterly(MonthCycleSchedule) = "billing_quarterly",
        BillingIsInvoiceCreationAuto(bool) = "billing_is_invoice_creation_auto",
        BillingInvoiceAmountThreshold(f64) = "billing_invoice_amount_threshold",
        BillingAutoInvoiceStartDate(String) = "billing_auto_invoice_start_date",
        BillingInvoiceGenerationDaysDelay(i64) = "billing_invoice_generation_days_delay",
        BillingDefaultPaymentTerms(i64) = "billing_default_payment_terms",
        BillingDefaultInvoiceIsHidden(bool) = "billing_default_invoice_is_hidden",
        ReferralIsEnabled(bool) = "referral_is_enabled",
        ReferralMethod(ReferralMethod) = "referral_method",
        ReferralValue(f64) = "referral_value",
        ReferralCommissionBasis(ReferralCommissionBasis) = "referral_commission_basis",
        ReferralMinimumThreshold(f64) = "referral_minimum_threshold",
        ReferralDuration(f64) = "referral_duration",
    }
}

impl AffiliateField {
    /// Whether the field holds several values, so `append`, `delete` and `clear` make sense.
    pub fn is_multi_valued(field_type: &str) -> bool {
        field_type == "labels"
    }

    /// The operators that make sense for a field type.
    pub fn operators_for(field_type: &str) -> &'static [PatchOperator] {
        if Self::is_multi_valued(field_type) {
            &[PatchOperator::Overwrite, PatchOperator::Append, PatchOperator::Delete, PatchOperator::Clear]
        } else {
            &[PatchOperator::Overwrite]
        }
    }
}

patchable_fields! {
    /// A field of the offer URL bulk update, with its value.
    OfferUrlField {
        UrlStatus(UrlStatus) = "url_status",
        NetworkAffiliateIds(Vec<i64>) = "network_affiliate_ids",
        IsApplySpecificAffiliates(bool) = "is_apply_specific_affiliates",
        IsHiddenAffiliate(bool) = "is_hidden_affiliate",
        /// Replaces `find` with `replace` inside each destination URL.
        DestinationUrlReplace(FindReplace) = "destination_url_replace",
        Name(String) = "name",
        DestinationUrl(String) = "destination_url",
        PreviewUrl(String) = "preview_url",
    }
}

impl OfferUrlField {
    pub fn is_multi_valued(field_type: &str) -> bool {
        field_type == "network_affiliate_ids"
    }
}

/// Value of `destination_url_replace`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindReplace {
    pub find: String,
    pub replace: String,
}

/// One field change of a bulk edit: the field with its value, and the operator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchField<F> {
    #[serde(flatten)]
    pub field: F,
    pub operator: PatchOperator,
}

/// The wire shape of a [`PatchField`], for TypeScript.
#[cfg(feature = "specta")]
#[derive(specta::Type)]
#[allow(dead_code)]
struct PatchFieldShape {
    field_type: String,
    field_value: Value,
    operator: PatchOperator,
}

#[cfg(feature = "specta")]
impl<F> specta::Type for PatchField<F> {
    fn inline(types: &mut specta::TypeCollection, generics: specta::Generics) -> specta::DataType {
        <PatchFieldShape as specta::Type>::inline(types, generics)
    }
}

impl<F> PatchField<F> {
    pub fn overwrite(field: F) -> Self {
        PatchField { field, operator: PatchOperator::Overwrite }
    }
    pub fn with(field: F, operator: PatchOperator) -> Self {
        PatchField { field, operator }
    }
}

/// Body of `PATCH /networks/patch/affiliates/apply` and `POST /networks/patch/affiliates/submit`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffiliatePatch {
    pub network_affiliate_ids: Vec<i64>,
    pub fields: Vec<PatchField<AffiliateField>>,
}

/// Body of `PATCH /networks/patch/offerurls/apply`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferUrlPatch {
    pub network_offer_id: i64,
    pub network_offer_url_ids: Vec<i64>,
    pub fields: Vec<PatchField<OfferUrlField>>,
}

/// `{"result": true}`, the answer of both bulk apply endpoints.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PatchResult {
    #[serde(default)]
    pub result: bool,
}

/// The affiliate a previewed change is about.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PatchedAffiliate {
    pub network_affiliate_id: i64,
    pub name: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One affiliate's previewed change for one field.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffiliateChange {
    #[serde(default)]
    pub network_affiliate: PatchedAffiliate,
    pub change_status: ChangeStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_field: Option<AffiliateField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_field: Option<AffiliateField>,
    /// Only filled when `change_status` is `error`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub error_message: String,
    /// Other changes that happen as a consequence of this one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub related_changes: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An affiliate that is invalid before the patch, which stops the whole patch.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceError {
    pub id: i64,
    pub label: String,
    pub message: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Response of the patch preview.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PatchPreview {
    #[serde(deserialize_with = "crate::de::null_as_default")]
    pub changes: Vec<AffiliateChange>,
    #[serde(deserialize_with = "crate::de::null_as_default")]
    pub resource_errors: Vec<ResourceError>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl PatchPreview {
    pub fn count(&self, status: &ChangeStatus) -> usize {
        self.changes.iter().filter(|change| &change.change_status == status).count()
    }

    /// Whether applying is safe: no resource errors and no change in error.
    pub fn is_clean(&self) -> bool {
        self.resource_errors.is_empty() && self.count(&ChangeStatus::Error) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_serialize_with_type_and_value() {
        let field = PatchField::with(AffiliateField::Labels(vec!["New Label".into()]), PatchOperator::Append);
        assert_eq!(
            serde_json::to_value(&field).unwrap(),
            json!({"field_type": "labels", "field_value": ["New Label"], "operator": "append"})
        );
    }

    #[test]
    fn unknown_or_misshapen_fields_are_kept() {
        let field: PatchField<AffiliateField> = serde_json::from_value(
            json!({"field_type": "billing_monthly", "field_value": "first", "operator": "overwrite"}),
        )
        .unwrap();
        assert_eq!(
            field.field,
            AffiliateField::Unparsed { field_type: "billing_monthly".into(), field_value: json!("first") }
        );
        let field = AffiliateField::from_parts("brand_new", json!(3));
        assert_eq!(field.field_type(), "brand_new");
        assert_eq!(field.field_value(), json!(3));
    }

    #[test]
    fn composite_values_are_typed() {
        let field = AffiliateField::from_parts("billing_quarterly", json!({"starting_month": 2, "day_of_month": 15}));
        assert_eq!(field, AffiliateField::BillingQuarterly(MonthCycleSchedule { starting_month: 2, day_of_month: 15 }));
    }
}
