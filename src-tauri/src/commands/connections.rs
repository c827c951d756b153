//! Partner connections (partner keys): the brands a partner is connected to, their logos, and
//! their signup and login pages opened in the system browser.
//!
//! Logos are fetched here, in Rust, and handed to the webview as `data:` URLs, rather than
//! allowing image hosts in the Content Security Policy: brands host logos anywhere (Everflow's
//! asset host, their own sites), so no fixed allow-list would cover them, and the webview stays
//! talking to no remote host at all. Fetching here also lets the app cap the size, time out
//! quickly, accept only raster images (an SVG can carry script) and send no API key.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use base64::Engine as _;
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
#[tauri::command]
#[specta::specta]
pub async fn connection_logo(url: String) -> Result<Option<String>, CommandError> {
    Ok(LOGOS.get(&url).await)
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

/// An absolute http(s) address without credentials in it; anything else is refused.
fn web_url(text: &str) -> Option<url::Url> {
    let url = url::Url::parse(text.trim()).ok()?;
    let web = matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|host| !host.is_empty());
    (web && url.username().is_empty() && url.password().is_none()).then_some(url)
}

// ---------------------------------------------------------------------------------------------
// Logos

/// Larger logos are not shown (Everflow's own are a few KiB).
const LOGO_MAX_BYTES: usize = 512 * 1024;
/// A logo that takes longer is not worth waiting for: the initials are shown instead.
const LOGO_TIMEOUT: Duration = Duration::from_secs(5);
/// Past this many different logos the cache starts again.
const LOGO_CACHE_ENTRIES: usize = 500;

static LOGOS: LazyLock<Logos> = LazyLock::new(Logos::new);

/// Logos fetched so far by address, failures included (an unreachable host is asked once).
struct Logos {
    http: Option<reqwest::Client>,
    cache: Mutex<HashMap<String, Option<String>>>,
}

impl Logos {
    fn new() -> Self {
        let http = reqwest::Client::builder()
            .timeout(LOGO_TIMEOUT)
            .connect_timeout(Duration::from_secs(3))
            .redirect(reqwest::redirect::Policy::limited(3))
            .user_agent(concat!("EflowDesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| tracing::warn!(%error, "logo downloads are unavailable"))
            .ok();
        Logos { http, cache: Mutex::new(HashMap::new()) }
    }

    async fn get(&self, url: &str) -> Option<String> {
        if let Some(known) = self.cache.lock().ok().and_then(|cache| cache.get(url).cloned()) {
            return known;
        }
        let loaded = match &self.http {
            Some(http) => match fetch_logo(http, url).await {
                Ok(data_url) => Some(data_url),
                Err(reason) => {
                    tracing::debug!(%reason, "a brand logo is not shown");
                    None
                }
            },
            None => None,
        };
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= LOGO_CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert(url.to_owned(), loaded.clone());
        }
        loaded
    }
}

/// Downloads a logo and returns it as a `data:` URL, or why it cannot be shown.
async fn fetch_logo(http: &reqwest::Client, url: &str) -> Result<String, String> {
    let url = web_url(url).ok_or("not an http(s) address")?;
    let mut response = http.get(url).send().await.map_err(|error| error.to_string())?;
    if !response.status().is_success() {
        return Err(format!("HTTP {}", response.status()));
    }
    if response.content_length().is_some_and(|length| length > LOGO_MAX_BYTES as u64) {
        return Err("too large".into());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|error| error.to_string())? {
        if bytes.len() + chunk.len() > LOGO_MAX_BYTES {
            return Err("too large".into());
        }
        bytes.extend_from_slice(&chunk);
    }
    image_data_url(&bytes).ok_or_else(|| "not a PNG, JPEG, GIF or WebP image".into())
}

/// The bytes as a `data:` URL when they are a raster image, judged by the bytes themselves (a
/// server's Content-Type can be wrong); SVG and anything else are refused.
fn image_data_url(bytes: &[u8]) -> Option<String> {
    let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "image/gif"
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else {
        return None;
    };
    Some(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A one-route HTTP server answering every request with `content_type` and `body` (with a
    /// Content-Length, or streamed until the connection closes).
    async fn serve(content_type: &'static str, body: Vec<u8>, with_length: bool) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let body = body.clone();
                tokio::spawn(async move {
                    let mut request = [0u8; 4096];
                    let _ = socket.read(&mut request).await;
                    let length =
                        if with_length { format!("Content-Length: {}\r\n", body.len()) } else { String::new() };
                    let head =
                        format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{length}Connection: close\r\n\r\n");
                    let _ = socket.write_all(head.as_bytes()).await;
                    let _ = socket.write_all(&body).await;
                });
            }
        });
        format!("http://{addr}/logo")
    }

    fn http() -> reqwest::Client {
        Logos::new().http.expect("an HTTP client")
    }

    #[test]
    fn only_web_addresses_are_opened_or_fetched() {
        assert!(web_url("https://brand.everflowclient.io/login").is_some());
        assert!(web_url(" http://brand.example/affiliate/signup/?r=X ").is_some());
        for refused in [
            "",
            "brand.example/login",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,hi",
            "mailto:someone@example.com",
            "https://user:secret@brand.example/",
        ] {
            assert!(web_url(refused).is_none(), "{refused}");
        }
    }

    #[test]
    fn raster_images_become_data_urls_and_svg_is_refused() {
        let png = b"\x89PNG\r\n\x1a\n rest of the image";
        assert!(image_data_url(png).unwrap().starts_with("data:image/png;base64,iVBORw0KGgo"));
        assert!(image_data_url(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap().starts_with("data:image/jpeg;"));
        assert!(image_data_url(b"GIF89a....").unwrap().starts_with("data:image/gif;"));
        assert!(image_data_url(b"RIFF\0\0\0\0WEBPVP8 ").unwrap().starts_with("data:image/webp;"));
        assert_eq!(image_data_url(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), None);
        assert_eq!(image_data_url(b"<html>not found</html>"), None);
        assert_eq!(image_data_url(b""), None);
    }

    #[tokio::test]
    async fn the_demo_networks_logos_load_as_png() {
        let sim = everflow_sim::RunningSim::start(everflow_sim::Network::demo(), Default::default()).await.unwrap();
        let client = Client::new(sim.test_client_config(sim.partner_key(), KeyKind::Partner)).unwrap();
        let table = client.connections(&ConnectionsTableRequest::default(), PageRequest::first(10)).await.unwrap();
        let logo = &table.connections[0].relationship.network.as_ref().unwrap().logo_image_url;
        let data_url = fetch_logo(&http(), logo).await.unwrap();
        assert!(data_url.starts_with("data:image/png;base64,"), "{}", &data_url[..40.min(data_url.len())]);
        sim.shutdown().await;
    }

    #[tokio::test]
    async fn logos_that_cannot_be_shown_are_refused() {
        let http = http();
        // An image type the webview could be tricked by, even when the server calls it a PNG.
        let svg = serve("image/png", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(), true).await;
        assert!(fetch_logo(&http, &svg).await.unwrap_err().contains("not a PNG"));
        // Too large, whether the server says so up front or streams it without a length.
        let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
        huge.resize(LOGO_MAX_BYTES + 1, 0);
        for with_length in [true, false] {
            let large = serve("image/png", huge.clone(), with_length).await;
            assert_eq!(fetch_logo(&http, &large).await.unwrap_err(), "too large", "with length: {with_length}");
        }
        assert!(fetch_logo(&http, "ftp://brand.example/logo.png").await.is_err());
    }

    #[tokio::test]
    async fn an_unreachable_logo_is_given_up_quickly_and_remembered() {
        let logos = Logos::new();
        // Nothing listens on port 1: refused at once, not after the timeout.
        let url = "http://127.0.0.1:1/logo.png";
        let started = Instant::now();
        assert_eq!(logos.get(url).await, None);
        assert!(started.elapsed() < LOGO_TIMEOUT);
        assert_eq!(logos.cache.lock().unwrap().get(url), Some(&None));
        let png = serve("application/octet-stream", b"\x89PNG\r\n\x1a\nimage".to_vec(), false).await;
        assert!(logos.get(&png).await.unwrap().starts_with("data:image/png;"));
        assert!(logos.cache.lock().unwrap().get(&png).unwrap().is_some());
    }

    #[tokio::test]
    async fn a_bad_address_is_not_opened() {
        let error = open_in_browser("file:///etc/passwd".into()).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains("not a web address"));
    }
}
