//! A profile is one Everflow account the app can work on.

use everflow::{KeyKind, Region};
use serde::{Deserialize, Serialize};

/// A profile's stable id; also the keyring account its key is stored under.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProfileId(pub String);

impl ProfileId {
    pub fn new() -> Self {
        ProfileId(uuid::Uuid::new_v4().to_string())
    }
}

impl Default for ProfileId {
    fn default() -> Self {
        ProfileId::new()
    }
}

impl std::fmt::Display for ProfileId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One Everflow account: a name the user chose, the kind of key, and where its API lives.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: ProfileId,
    pub name: String,
    pub kind: KeyKind,
    pub region: Region,
}

impl Profile {
    /// Whether an edit changes where the key is sent or what kind of key it is. The stored key was
    /// given for this address and kind, so such an edit deletes it (see
    /// [`crate::keys::forget_key_if_destination_changes`]).
    pub fn edit_changes_key_destination(&self, input: &ProfileInput) -> bool {
        self.kind != input.kind || normalized_region(&self.region) != normalized_region(&input.region)
    }
}

fn normalized_region(region: &Region) -> Region {
    match region {
        Region::Custom(url) => Region::Custom(url.trim().to_owned()),
        other => other.clone(),
    }
}

/// What the user enters to create or edit a profile.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInput {
    pub name: String,
    pub kind: KeyKind,
    pub region: Region,
}

/// A problem with a profile form, at the field it concerns.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileProblem {
    pub field: String,
    pub message: String,
}

impl ProfileInput {
    /// Checks the form; `others` are the names already taken by other profiles.
    pub fn problems<'a>(&self, others: impl IntoIterator<Item = &'a str>) -> Vec<ProfileProblem> {
        let mut problems = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            problems.push(ProfileProblem { field: "name".into(), message: "Give the profile a name.".into() });
        } else if others.into_iter().any(|other| other.trim().eq_ignore_ascii_case(name)) {
            problems.push(ProfileProblem {
                field: "name".into(),
                message: "Another profile already has this name.".into(),
            });
        }
        if let Err(error) = self.region.base_url() {
            problems.push(ProfileProblem { field: "region".into(), message: error.to_string() });
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(url: &str) -> ProfileInput {
        ProfileInput { name: "Local".into(), kind: KeyKind::Network, region: Region::Custom(url.into()) }
    }

    #[test]
    fn custom_addresses_must_be_https_except_on_this_computer() {
        let problems = input("http://example.com/v1").problems([]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, "region");
        assert!(problems[0].message.contains("must start with https://"), "{}", problems[0].message);
        for accepted in ["http://127.0.0.1:4000/v1", "http://localhost:4000/v1", "https://api.example.com/v1"] {
            assert_eq!(input(accepted).problems([]), vec![], "{accepted}");
        }
    }

    #[test]
    fn only_a_new_address_or_kind_changes_where_the_key_goes() {
        let profile = Profile {
            id: ProfileId::new(),
            name: "Local".into(),
            kind: KeyKind::Network,
            region: Region::Custom("http://127.0.0.1:4000/v1".into()),
        };
        let renamed = ProfileInput { name: "Renamed".into(), ..input(" http://127.0.0.1:4000/v1 ") };
        assert!(!profile.edit_changes_key_destination(&renamed));
        assert!(profile.edit_changes_key_destination(&input("http://127.0.0.1:4001/v1")));
        assert!(profile.edit_changes_key_destination(&ProfileInput { region: Region::Us, ..input("") }));
        assert!(profile.edit_changes_key_destination(&ProfileInput {
            kind: KeyKind::Partner,
            ..input("http://127.0.0.1:4000/v1")
        }));
    }
}
