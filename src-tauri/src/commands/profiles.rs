//! Profiles and their keys. The webview only ever learns whether a key is set and its last four
//! characters; the key goes from the form straight into the OS keyring.

use eflow_core::keys::forget_key_if_destination_changes;
use eflow_core::settings_file::{ids_without_profile, OrphanKey};
use eflow_core::{KeyStatus, Profile, ProfileId, ProfileInput};
use everflow::validate::FieldError;
use everflow::{AffiliatesTableRequest, ApiKey, ConnectionsTableRequest, KeyKind, PageRequest};
use tauri::State;

use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

fn find(state: &AppState, id: &ProfileId) -> Result<Profile, CommandError> {
    state
        .settings()
        .profile(id)
        .cloned()
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, "This profile no longer exists."))
}

fn check(state: &AppState, input: &ProfileInput, editing: Option<&ProfileId>) -> Result<(), CommandError> {
    let settings = state.settings();
    let others = settings.profiles.iter().filter(|p| Some(&p.id) != editing).map(|p| p.name.as_str());
    let problems = input.problems(others);
    if problems.is_empty() {
        return Ok(());
    }
    Err(CommandError::invalid(
        problems.into_iter().map(|p| FieldError { field: p.field, message: p.message }).collect(),
    ))
}

#[tauri::command]
#[specta::specta]
pub fn list_profiles(state: State<'_, AppState>) -> Vec<Profile> {
    state.settings().profiles
}

#[tauri::command]
#[specta::specta]
pub fn create_profile(state: State<'_, AppState>, input: ProfileInput) -> Result<Profile, CommandError> {
    check(&state, &input, None)?;
    let profile =
        Profile { id: ProfileId::new(), name: input.name.trim().to_owned(), kind: input.kind, region: input.region };
    state.update_settings(|settings| {
        settings.profiles.push(profile.clone());
        Ok(())
    })?;
    Ok(profile)
}

/// Saves a profile's edit. A new address or key kind first deletes the stored key, which was given
/// for the old one (if that fails, nothing is saved); `key`, when given, is then stored for the new
/// address, so the user confirms both at once.
#[tauri::command]
#[specta::specta]
pub async fn update_profile(
    state: State<'_, AppState>,
    id: ProfileId,
    input: ProfileInput,
    key: Option<String>,
) -> Result<Profile, CommandError> {
    check(&state, &input, Some(&id))?;
    let current = find(&state, &id)?;
    let new_key = match key.filter(|key| !key.trim().is_empty()) {
        Some(key) => Some(ApiKey::new(key).map_err(|error| {
            CommandError::invalid(vec![FieldError { field: "key".into(), message: error.to_string() }])
        })?),
        None => None,
    };
    let edit = input.clone();
    let before = current.clone();
    state.with_keys(move |keys| forget_key_if_destination_changes(keys, &before, &edit)).await?;
    let mut profile = current;
    profile.name = input.name.trim().to_owned();
    profile.kind = input.kind;
    profile.region = input.region;
    let stored = profile.clone();
    state.update_settings(move |settings| {
        if let Some(slot) = settings.profiles.iter_mut().find(|p| p.id == stored.id) {
            *slot = stored;
        }
        Ok(())
    })?;
    if let Some(key) = new_key {
        record_key(&state, &id)?;
        let key_id = id.clone();
        state.with_keys(move |keys| keys.set(&key_id, &key)).await?;
    }
    if state.is_open(&id).await {
        state.close_session().await;
    }
    Ok(profile)
}

/// Removes the profile and its key from the keyring.
#[tauri::command]
#[specta::specta]
pub async fn delete_profile(state: State<'_, AppState>, id: ProfileId) -> Result<(), CommandError> {
    let key_id = id.clone();
    state.with_keys(move |keys| keys.delete(&key_id)).await?;
    forget_recorded_key(&state, &id);
    if state.is_open(&id).await {
        state.close_session().await;
    }
    state.update_settings(|settings| {
        settings.profiles.retain(|p| p.id != id);
        if settings.active_profile.as_ref() == Some(&id) {
            settings.active_profile = None;
        }
        Ok(())
    })
}

#[tauri::command]
#[specta::specta]
pub async fn key_status(state: State<'_, AppState>, id: ProfileId) -> Result<KeyStatus, CommandError> {
    find(&state, &id)?;
    let key = state.with_keys(move |keys| keys.get(&id)).await?;
    Ok(KeyStatus::of(key.as_ref()))
}

/// Stores (or replaces) the profile's key in the OS keyring.
#[tauri::command]
#[specta::specta]
pub async fn set_key(state: State<'_, AppState>, id: ProfileId, key: String) -> Result<KeyStatus, CommandError> {
    find(&state, &id)?;
    let key = ApiKey::new(key)
        .map_err(|error| CommandError::invalid(vec![FieldError { field: "key".into(), message: error.to_string() }]))?;
    let status = KeyStatus::of(Some(&key));
    record_key(&state, &id)?;
    let key_id = id.clone();
    state.with_keys(move |keys| keys.set(&key_id, &key)).await?;
    if state.is_open(&id).await {
        // The open client still holds the old key.
        state.open_profile(find(&state, &id)?).await?;
    }
    Ok(status)
}

#[tauri::command]
#[specta::specta]
pub async fn clear_key(state: State<'_, AppState>, id: ProfileId) -> Result<KeyStatus, CommandError> {
    find(&state, &id)?;
    let key_id = id.clone();
    state.with_keys(move |keys| keys.delete(&key_id)).await?;
    forget_recorded_key(&state, &id);
    if state.is_open(&id).await {
        state.close_session().await;
    }
    Ok(KeyStatus::of(None))
}

/// Notes that this profile has a key in the keyring, before it is stored: the keyring cannot list
/// its entries, and a key nobody can find again could never be removed.
fn record_key(state: &AppState, id: &ProfileId) -> Result<(), CommandError> {
    let name = state.settings().profile(id).map(|profile| profile.name.clone()).unwrap_or_default();
    state.key_record.add([(id.clone(), name)]).map_err(|error| {
        CommandError::new(ErrorCode::Internal, "The key was not stored: the list of stored keys could not be saved.")
            .with_detail(error)
    })
}

/// The key is gone from the keyring: nothing left to find. A failure only leaves a name to check later.
fn forget_recorded_key(state: &AppState, id: &ProfileId) {
    if let Err(error) = state.key_record.remove(id) {
        tracing::warn!(%error, "the list of stored keys could not be updated");
    }
}

/// Keys in the keyring whose profile is not in the settings (a deleted profile whose key could not
/// be removed, or a profile kept aside because it did not load).
#[tauri::command]
#[specta::specta]
pub async fn keys_without_profile(state: State<'_, AppState>) -> Result<Vec<OrphanKey>, CommandError> {
    let candidates = ids_without_profile(&state.key_record.ids(), &state.key_record.names(), &state.settings());
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<ProfileId> = candidates.iter().map(|c| c.profile_id.clone()).collect();
    let held = state
        .with_keys(move |keys| {
            ids.iter().map(|id| keys.get(id).map(|key| key.is_some())).collect::<Result<Vec<_>, _>>()
        })
        .await?;
    let mut orphans = Vec::new();
    for (candidate, is_held) in candidates.into_iter().zip(held) {
        if is_held {
            orphans.push(candidate);
        } else {
            // No key under this id: nothing to list.
            forget_recorded_key(&state, &candidate.profile_id);
        }
    }
    Ok(orphans)
}

/// Deletes a key whose profile is not in the settings.
#[tauri::command]
#[specta::specta]
pub async fn remove_key_without_profile(state: State<'_, AppState>, id: ProfileId) -> Result<(), CommandError> {
    if state.settings().profile(&id).is_some() {
        return Err(CommandError::new(
            ErrorCode::Conflict,
            "This key belongs to a profile in your settings; remove it from that profile instead.",
        ));
    }
    let key_id = id.clone();
    state.with_keys(move |keys| keys.delete(&key_id)).await?;
    forget_recorded_key(&state, &id);
    Ok(())
}

/// Makes one cheap authenticated call with the stored key and says in plain words what happened.
#[tauri::command]
#[specta::specta]
pub async fn test_key(state: State<'_, AppState>, id: ProfileId) -> Result<String, CommandError> {
    let profile = find(&state, &id)?;
    let client = state.client_for(&profile).await?;
    let outcome = match profile.kind {
        KeyKind::Network => {
            client.affiliates_table(&AffiliatesTableRequest::default(), PageRequest::new(1, 1), &[]).await.map(|_| ())
        }
        KeyKind::Partner => {
            client.connections(&ConnectionsTableRequest::default(), PageRequest::new(1, 1)).await.map(|_| ())
        }
    };
    match outcome {
        Ok(()) => Ok(format!("The key works: Everflow accepted it as a {} key.", kind_words(profile.kind))),
        Err(error) if error.code() == everflow::ErrorCode::WrongKeyKind => {
            let other = match profile.kind {
                KeyKind::Network => KeyKind::Partner,
                KeyKind::Partner => KeyKind::Network,
            };
            Err(CommandError {
                message: format!(
                    "This looks like a {} key, but the profile is set up for a {} key. Change the profile's key type, or paste a {} key.",
                    kind_words(other),
                    kind_words(profile.kind),
                    kind_words(profile.kind)
                ),
                ..CommandError::from(error)
            })
        }
        Err(error) => Err(error.into()),
    }
}

fn kind_words(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Network => "network",
        KeyKind::Partner => "partner",
    }
}
