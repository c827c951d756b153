//! Partner connections (partner keys): the brands a partner is connected to, their logos, and
//! their signup and login pages opened in the system browser.
//!
//! Logos are fetched in Rust (`eflow_core::logos`) and handed to the webview as `data:` URLs,
//! rather than allowing image hosts in the Content Security Policy: brands host logos anywhere, so
//! no fixed allow-list would cover them, and the webview stays talking to no remote host at all.
//! Brand-chosen addresses may only reach public internet addresses (never this computer or the
//! local network), except the open demo network's own origin.

use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use eflow_core::logos::{web_url, LogoFetcher};
use everflow::*;
use tauri::State;

use crate::error::{CommandError, ErrorCode};
use crate::state::{AppState, SessionView};

#[tauri::command]
#[specta::specta]
pub async fn connections(
    state: State<'_, AppState>,
    request: ConnectionsTableRequest,
    page: PageRequest,
) -> Result<ConnectionsTable, CommandError> {
    Ok(partner_client(&state).await?.connections(&request, page).await?)
}

/// A brand's logo as a `data:` URL, or `None` when it cannot be shown (the UI shows initials).
/// Only public internet addresses are fetched, and the open demo network's own origin.
#[tauri::command]
#[specta::specta]
pub async fn connection_logo(state: State<'_, AppState>, url: String) -> Result<Option<String>, CommandError> {
    let demo = match state.session_view().await {
        SessionView::Demo { base_url } => url::Url::parse(&base_url).ok().map(|base| base.origin()),
        _ => None,
    };
    Ok(LOGOS.get(&url, demo.as_ref()).await)
}

/// Opens a web page (a brand's signup or login page) in the system browser.
#[tauri::command]
#[specta::specta]
pub async fn open_in_browser(url: String) -> Result<(), CommandError> {
    let url = web_url(&url).ok_or_else(|| {
        CommandError::new(ErrorCode::InvalidInput, "This link is not a web address, so it was not opened.")
    })?;
    let target = url.to_string();
    let task = tauri::async_runtime::spawn_blocking(move || open::that_detached(&target));
    let failed = |detail: String| {
        CommandError::new(
            ErrorCode::Internal,
            format!("Eflow Desk could not open your web browser. You can copy the address instead: {url}"),
        )
        .with_detail(detail)
    };
    match tokio::time::timeout(OPEN_TIMEOUT, task).await {
        Ok(Ok(Ok(()))) => Ok(()),
        Ok(Ok(Err(error))) => Err(failed(error.to_string())),
        Ok(Err(join)) => Err(failed(join.to_string())),
        Err(_) => Err(failed("the system took too long to start a browser".into())),
    }
}

const OPEN_TIMEOUT: Duration = Duration::from_secs(5);

/// The client for partner operations. A partner profile uses its own key; the demo network uses
/// the simulator's demo partner key (the demo has a partner account besides the network); a
/// network profile is told plainly that it needs a partner key.
async fn partner_client(state: &AppState) -> Result<Client, CommandError> {
    match state.session_view().await {
        SessionView::None => Err(CommandError::no_session()),
        SessionView::Demo { base_url } => demo_partner_client(&base_url),
        SessionView::Profile { profile } if profile.kind == KeyKind::Partner => state.client().await,
        SessionView::Profile { profile } => Err(CommandError::new(
            ErrorCode::WrongKeyKind,
            format!(
                "Connections need a partner key, and \"{}\" has a network key. Add a profile with a partner key in Settings.",
                profile.name
            ),
        )),
    }
}

/// Logos fetched so far, for the app's lifetime.
static LOGOS: LazyLock<LogoFetcher> = LazyLock::new(LogoFetcher::new);

/// One client per demo simulator, kept so its rate limit and connections are shared.
static DEMO_PARTNER: LazyLock<Mutex<Option<(String, Client)>>> = LazyLock::new(|| Mutex::new(None));

fn demo_partner_client(base_url: &str) -> Result<Client, CommandError> {
    let mut kept = DEMO_PARTNER.lock().map_err(CommandError::internal)?;
    if let Some((url, client)) = kept.as_ref() {
        if url == base_url {
            return Ok(client.clone());
        }
    }
    let key = ApiKey::new(everflow_sim::DEMO_PARTNER_KEY).map_err(CommandError::internal)?;
    let client = Client::new(ClientConfig::new(Region::Custom(base_url.to_owned()), key, KeyKind::Partner))?;
    *kept = Some((base_url.to_owned(), client.clone()));
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_bad_address_is_not_opened() {
        let error = open_in_browser("file:///etc/passwd".into()).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains("not a web address"));
    }
}
