//! Brand logos for partner connections, fetched in Rust and handed to the webview as `data:` URLs
//! (the webview talks to no remote host). Brands choose their logo addresses, so a logo address is
//! untrusted: it may only reach public internet addresses. Loopback, private, link-local, CGNAT,
//! multicast, unspecified and other special ranges are refused on every hop (redirects are followed
//! here, one at a time, and each target is checked), both for addresses written as IPs and for
//! names, whose resolved addresses are checked by the resolver the connection then uses. The one
//! exception is the demo network's own origin while the demo is open (its simulator runs on
//! 127.0.0.1 and serves the demo's logos).
//!
//! Only raster images are accepted (an SVG can carry script), with a size cap and a short timeout,
//! and no API key is ever sent.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use url::{Host, Origin, Url};

/// Larger logos are not shown (Everflow's own are a few KiB).
pub const LOGO_MAX_BYTES: usize = 512 * 1024;
/// A logo that takes longer is not worth waiting for: the initials are shown instead.
pub const LOGO_TIMEOUT: Duration = Duration::from_secs(5);
/// Redirects followed for one logo.
const MAX_REDIRECTS: usize = 3;
/// Past this many different logos the cache starts again.
const LOGO_CACHE_ENTRIES: usize = 500;

/// An absolute http(s) address without credentials in it; anything else is refused.
pub fn web_url(text: &str) -> Option<Url> {
    let url = Url::parse(text.trim()).ok()?;
    let web = matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|host| !host.is_empty());
    (web && url.username().is_empty() && url.password().is_none()).then_some(url)
}

/// Whether an address is on the public internet: not loopback, private (RFC 1918, IPv6 unique
/// local), link-local (cloud metadata services live there), CGNAT, multicast, unspecified,
/// broadcast, documentation, benchmarking or reserved. IPv4 addresses inside IPv6 (mapped,
/// NAT64) are judged as IPv4.
pub fn is_public_address(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => is_public_v6(ip),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let special = ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // CGNAT, 100.64.0.0/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240; // reserved
    !special
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let segments = ip.segments();
    // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [.., high, low] = segments;
        return is_public_v4(Ipv4Addr::from((u32::from(high) << 16) | u32::from(low)));
    }
    let special = ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (segments[0] & 0xfe00) == 0xfc00 // unique local, fc00::/7
        || (segments[0] & 0xffc0) == 0xfe80 // link-local, fe80::/10
        || (segments[0] & 0xffc0) == 0xfec0 // site-local (deprecated), fec0::/10
        || (segments[0] == 0x2001 && segments[1] == 0x0db8) // documentation
        || segments[..6] == [0, 0, 0, 0, 0, 0]; // IPv4-compatible (deprecated) and the like
    !special
}

/// Whether a logo may be fetched from this address: http(s), no credentials, and a public host,
/// unless the address is on `allowed` (the open demo network's own origin). A host name is
/// judged here only when it names this computer; its resolved addresses are checked when
/// connecting (see [`PublicOnlyResolver`]).
pub fn check_logo_url(url: &Url, allowed: Option<&Origin>) -> Result<(), String> {
    if web_url(url.as_str()).is_none() {
        return Err("not an http(s) address".into());
    }
    if allowed.is_some_and(|origin| &url.origin() == origin) {
        return Ok(());
    }
    let refused = |what: &dyn std::fmt::Display| Err(format!("{what} is not a public internet address"));
    match url.host() {
        Some(Host::Ipv4(ip)) if !is_public_v4(ip) => refused(&ip),
        Some(Host::Ipv6(ip)) if !is_public_v6(ip) => refused(&ip),
        Some(Host::Domain(name)) if is_local_name(name) => refused(&name),
        Some(_) => Ok(()),
        None => Err("the address has no host".into()),
    }
}

/// Names that always mean this computer or the local network, whatever a resolver says.
fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.ends_with(".local") || !name.contains('.')
}

/// Resolves host names like the system does, then refuses the name when any of its addresses is
/// not public: the connection can only go to addresses that passed the check.
struct PublicOnlyResolver;

impl reqwest::dns::Resolve for PublicOnlyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if let Some(private) = addresses.iter().find(|address| !is_public_address(address.ip())) {
                let message = format!("{host} resolves to {}, which is not a public internet address", private.ip());
                return Err(message.into());
            }
            Ok(Box::new(addresses.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Logos fetched so far by address, failures included (an unreachable host is asked once).
pub struct LogoFetcher {
    http: Option<reqwest::Client>,
    cache: Mutex<HashMap<String, Option<String>>>,
}

impl Default for LogoFetcher {
    fn default() -> Self {
        LogoFetcher::new()
    }
}

impl LogoFetcher {
    pub fn new() -> Self {
        let http = reqwest::Client::builder()
            .timeout(LOGO_TIMEOUT)
            .connect_timeout(Duration::from_secs(3))
            // Each hop is checked here before it is requested.
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(PublicOnlyResolver))
            // Through a proxy the connection's real target could not be checked: logos go direct
            // (where only a proxy reaches the internet, the initials are shown instead).
            .no_proxy()
            .user_agent(concat!("EflowDesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| tracing::warn!(%error, "logo downloads are unavailable"))
            .ok();
        LogoFetcher { http, cache: Mutex::new(HashMap::new()) }
    }

    /// The logo as a `data:` URL, or `None` when it cannot be shown (the UI shows initials).
    /// `allowed` is the open demo network's origin, whose logos are served on 127.0.0.1.
    pub async fn get(&self, url: &str, allowed: Option<&Origin>) -> Option<String> {
        if let Some(known) = self.cache.lock().ok().and_then(|cache| cache.get(url).cloned()) {
            return known;
        }
        let loaded = match &self.http {
            Some(http) => match fetch_logo(http, url, allowed).await {
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

/// Downloads a logo, following at most [`MAX_REDIRECTS`] redirects with every target checked
/// before it is requested, and returns it as a `data:` URL, or why it cannot be shown.
async fn fetch_logo(http: &reqwest::Client, url: &str, allowed: Option<&Origin>) -> Result<String, String> {
    let mut url = web_url(url).ok_or("not an http(s) address")?;
    let mut hops = 0;
    let mut response = loop {
        check_logo_url(&url, allowed)?;
        let response = http.get(url.clone()).send().await.map_err(|error| describe(&error))?;
        if !response.status().is_redirection() {
            break response;
        }
        hops += 1;
        if hops > MAX_REDIRECTS {
            return Err("too many redirects".into());
        }
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .ok_or("a redirect without a target")?;
        url = url.join(location).map_err(|error| format!("a redirect to a bad address ({error})"))?;
    };
    if !response.status().is_success() {
        return Err(format!("HTTP {}", response.status()));
    }
    if response.content_length().is_some_and(|length| length > LOGO_MAX_BYTES as u64) {
        return Err("too large".into());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|error| describe(&error))? {
        if bytes.len() + chunk.len() > LOGO_MAX_BYTES {
            return Err("too large".into());
        }
        bytes.extend_from_slice(&chunk);
    }
    image_data_url(&bytes).ok_or_else(|| "not a PNG, JPEG, GIF or WebP image".into())
}

/// An error with its causes (the resolver's refusal is a cause).
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The bytes as a `data:` URL when they are a raster image, judged by the bytes themselves (a
/// server's Content-Type can be wrong); SVG and anything else are refused.
pub fn image_data_url(bytes: &[u8]) -> Option<String> {
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
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::time::Instant;

    /// A server on 127.0.0.1 that answers every request with `status`, `headers` and `body`, and
    /// counts the requests it received.
    struct Stub {
        url: String,
        requests: Arc<Mutex<usize>>,
    }

    impl Stub {
        fn start(status: &'static str, headers: Vec<String>, body: Vec<u8>, with_length: bool) -> Stub {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let url = format!("http://{}/logo", listener.local_addr().unwrap());
            let requests = Arc::new(Mutex::new(0));
            let counted = Arc::clone(&requests);
            std::thread::spawn(move || {
                for mut stream in listener.incoming().flatten() {
                    *counted.lock().unwrap() += 1;
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                    let mut request = [0u8; 4096];
                    let _ = stream.read(&mut request);
                    let mut head = format!("HTTP/1.1 {status}\r\n");
                    for header in &headers {
                        head.push_str(header);
                        head.push_str("\r\n");
                    }
                    if with_length {
                        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
                    }
                    head.push_str("Connection: close\r\n\r\n");
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(&body);
                }
            });
            Stub { url, requests }
        }

        fn image(body: &[u8]) -> Stub {
            Stub::start("200 OK", vec!["Content-Type: image/png".into()], body.to_vec(), true)
        }

        fn redirect_to(target: &str) -> Stub {
            Stub::start("302 Found", vec![format!("Location: {target}")], Vec::new(), true)
        }

        fn origin(&self) -> Origin {
            Url::parse(&self.url).unwrap().origin()
        }

        fn requests(&self) -> usize {
            *self.requests.lock().unwrap()
        }
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\nimage";

    fn http() -> reqwest::Client {
        LogoFetcher::new().http.expect("an HTTP client")
    }

    #[test]
    fn only_public_addresses_are_public() {
        for public in ["93.184.216.34", "8.8.8.8", "100.63.255.255", "100.128.0.1", "2606:4700::1111"] {
            assert!(is_public_address(public.parse().unwrap()), "{public}");
        }
        for special in [
            "127.0.0.1",
            "127.8.9.10",
            "10.0.0.1",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "224.0.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(!is_public_address(special.parse().unwrap()), "{special}");
        }
    }

    #[test]
    fn logo_addresses_must_be_public_unless_the_demo_serves_them() {
        let check = |text: &str| check_logo_url(&Url::parse(text).unwrap(), None);
        for refused in [
            "http://127.0.0.1/logo.png",
            "http://10.0.0.1/logo.png",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/logo.png",
            "http://[::1]/logo.png",
            "http://[::ffff:192.168.0.1]/logo.png",
            "http://localhost:8080/logo.png",
            "http://printer.local/logo.png",
            "http://intranet/logo.png",
            "ftp://93.184.216.34/logo.png",
            "https://user:pw@93.184.216.34/logo.png",
        ] {
            assert!(check(refused).is_err(), "{refused}");
        }
        assert!(check("https://93.184.216.34/logo.png").is_ok());
        assert!(check("https://assets.eflow.team/logo.png").is_ok());
        let demo = Url::parse("http://127.0.0.1:4000/v1").unwrap().origin();
        let logo = Url::parse("http://127.0.0.1:4000/assets/logos/1.png").unwrap();
        assert!(check_logo_url(&logo, Some(&demo)).is_ok(), "the demo's own logos");
        let other_port = Url::parse("http://127.0.0.1:4001/assets/logos/1.png").unwrap();
        assert!(check_logo_url(&other_port, Some(&demo)).is_err(), "only the demo's own origin");
    }

    #[tokio::test]
    async fn private_addresses_and_redirects_to_them_are_refused_before_connecting() {
        let http = http();
        // Never connected to: refused by the check (a connection attempt would fail differently).
        for url in ["http://10.0.0.1/logo.png", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/x"] {
            let error = fetch_logo(&http, url, None).await.unwrap_err();
            assert!(error.ends_with("is not a public internet address"), "{url}: {error}");
        }
        // A loopback server that would serve a valid logo receives nothing, by address or by name.
        let local = Stub::image(PNG);
        assert!(fetch_logo(&http, &local.url, None).await.unwrap_err().contains("127.0.0.1 is not a public"));
        let by_name = local.url.replace("127.0.0.1", "localhost");
        assert!(fetch_logo(&http, &by_name, None).await.unwrap_err().contains("not a public"));
        assert_eq!(local.requests(), 0);

        // A redirect from an allowed origin to a refused address is refused at that hop.
        for target in [
            "http://10.0.0.1/logo.png".to_owned(),
            "http://169.254.169.254/latest/meta-data/".to_owned(),
            local.url.clone(),
            by_name.clone(),
        ] {
            let redirecting = Stub::redirect_to(&target);
            let error = fetch_logo(&http, &redirecting.url, Some(&redirecting.origin())).await.unwrap_err();
            assert!(error.contains("not a public internet address"), "{target}: {error}");
            assert_eq!(redirecting.requests(), 1);
        }
        assert_eq!(local.requests(), 0, "the loopback server was never reached");
    }

    #[tokio::test]
    async fn the_allowed_origin_serves_logos_and_redirects_within_it_are_followed() {
        let http = http();
        let logo = Stub::image(PNG);
        let data_url = fetch_logo(&http, &logo.url, Some(&logo.origin())).await.unwrap();
        assert!(data_url.starts_with("data:image/png;base64,"));
        // A redirect chain longer than allowed stops.
        let looping = Stub::redirect_to("/logo");
        assert_eq!(fetch_logo(&http, &looping.url, Some(&looping.origin())).await.unwrap_err(), "too many redirects");
        assert_eq!(looping.requests(), MAX_REDIRECTS + 1);
    }

    #[tokio::test]
    async fn the_demo_networks_logos_load_as_png() {
        use everflow::{Client, ConnectionsTableRequest, KeyKind, PageRequest};
        let sim = everflow_sim::RunningSim::start(everflow_sim::Network::demo(), Default::default()).await.unwrap();
        let client = Client::new(sim.test_client_config(sim.partner_key(), KeyKind::Partner)).unwrap();
        let table = client.connections(&ConnectionsTableRequest::default(), PageRequest::first(10)).await.unwrap();
        let logo = &table.connections[0].relationship.network.as_ref().unwrap().logo_image_url;
        let demo = Url::parse(&sim.base_url()).unwrap().origin();
        let data_url = fetch_logo(&http(), logo, Some(&demo)).await.unwrap();
        assert!(data_url.starts_with("data:image/png;base64,"), "{}", &data_url[..40.min(data_url.len())]);
        assert!(fetch_logo(&http(), logo, None).await.is_err(), "not once the demo is closed");
        sim.shutdown().await;
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
    async fn logos_that_cannot_be_shown_are_refused() {
        let http = http();
        // An image type the webview could be tricked by, even when the server calls it a PNG.
        let svg = Stub::image(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        assert!(fetch_logo(&http, &svg.url, Some(&svg.origin())).await.unwrap_err().contains("not a PNG"));
        // Too large, whether the server says so up front or streams it without a length.
        let mut huge = PNG.to_vec();
        huge.resize(LOGO_MAX_BYTES + 1, 0);
        for with_length in [true, false] {
            let large = Stub::start("200 OK", vec![], huge.clone(), with_length);
            let error = fetch_logo(&http, &large.url, Some(&large.origin())).await.unwrap_err();
            assert_eq!(error, "too large", "with length: {with_length}");
        }
        assert!(fetch_logo(&http, "ftp://brand.example/logo.png", None).await.is_err());
    }

    #[tokio::test]
    async fn an_unreachable_logo_is_given_up_quickly_and_remembered() {
        let logos = LogoFetcher::new();
        // Nothing listens on port 1 (allowed here, as the demo's origin would be): refused at
        // once, not after the timeout.
        let url = "http://127.0.0.1:1/logo.png";
        let origin = Url::parse(url).unwrap().origin();
        let started = Instant::now();
        assert_eq!(logos.get(url, Some(&origin)).await, None);
        assert!(started.elapsed() < LOGO_TIMEOUT);
        assert_eq!(logos.cache.lock().unwrap().get(url), Some(&None));
        let png = Stub::start("200 OK", vec!["Content-Type: application/octet-stream".into()], PNG.to_vec(), false);
        assert!(logos.get(&png.url, Some(&png.origin())).await.unwrap().starts_with("data:image/png;"));
        assert!(logos.cache.lock().unwrap().get(&png.url).unwrap().is_some());
    }
}
