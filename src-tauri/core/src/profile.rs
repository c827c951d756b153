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
