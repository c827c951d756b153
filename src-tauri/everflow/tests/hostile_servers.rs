//! The client against servers that misbehave on purpose: redirects that would carry the key to
//! another origin, and paging counts far beyond what is sent. Each server is a few lines of plain
//! HTTP on 127.0.0.1 that records the requests it receives.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use everflow::*;

const KEY: &str = "hostile-test-key-7f3a9c";

/// One request as the server saw it: the request line and the headers, lower-cased names.
#[derive(Debug, Clone)]
struct Seen {
    line: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn carries_key(&self) -> bool {
        self.headers.iter().any(|(_, value)| value.contains(KEY))
    }

    /// The `page` query parameter of the request line (1 when absent).
    fn page(&self) -> u64 {
        let target = self.line.split(' ').nth(1).unwrap_or("");
        let query = target.split_once('?').map(|(_, query)| query).unwrap_or("");
        query.split('&').find_map(|pair| pair.strip_prefix("page=")).and_then(|page| page.parse().ok()).unwrap_or(1)
    }
}

/// A server on 127.0.0.1 answering each request with `answer(request, own port)` (status line,
/// extra headers, body), and keeping every request it received.
struct Stub {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Stub {
    fn start(answer: impl Fn(&Seen, u16) -> (String, Vec<String>, String) + Send + Sync + 'static) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&seen);
        let answer = Arc::new(answer);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let recorded = Arc::clone(&recorded);
                let answer = Arc::clone(&answer);
                std::thread::spawn(move || serve_one(stream, port, &recorded, answer.as_ref()));
            }
        });
        Stub { port, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve_one(
    stream: TcpStream,
    port: u16,
    recorded: &Mutex<Vec<Seen>>,
    answer: &(dyn Fn(&Seen, u16) -> (String, Vec<String>, String) + Send + Sync),
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    // One request per connection (the answer says `Connection: close`).
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut headers = Vec::new();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.trim_end().split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim().to_owned();
            if name == "content-length" {
                length = value.parse().unwrap_or(0);
            }
            headers.push((name, value));
        }
    }
    let mut body = vec![0u8; length];
    let _ = reader.read_exact(&mut body);
    let request = Seen { line: line.trim_end().to_owned(), headers };
    let (status, extra, body) = answer(&request, port);
    recorded.lock().unwrap().push(request);
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n", body.len());
    for header in extra {
        head.push_str(&header);
        head.push_str("\r\n");
    }
    head.push_str("Connection: close\r\n\r\n");
    let _ = writer.write_all(head.as_bytes());
    let _ = writer.write_all(body.as_bytes());
}

fn client_for(port: u16) -> Client {
    let mut config = ClientConfig::new(
        Region::Custom(format!("http://127.0.0.1:{port}/v1")),
        ApiKey::new(KEY).unwrap(),
        KeyKind::Network,
    );
    config.max_retries = 0;
    config.timeout = Duration::from_secs(10);
    Client::new(config).unwrap()
}

async fn list_affiliates(client: &Client) -> Result<AffiliatesTable> {
    client.affiliates_table(&AffiliatesTableRequest::default(), PageRequest::first(10), &[]).await
}

const EMPTY_TABLE: &str = r#"{"affiliates": [], "paging": {"page": 1, "page_size": 10, "total_count": 0}}"#;

#[tokio::test]
async fn a_redirect_to_another_origin_never_carries_the_key_and_names_where_it_pointed() {
    // The other origin: records whatever reaches it, and answers like Everflow would.
    let elsewhere = Stub::start(|_, _| ("200 OK".into(), vec![], EMPTY_TABLE.into()));
    for target in [
        format!("http://127.0.0.1:{}/v1/networks/affiliatestable", elsewhere.port),
        format!("http://localhost:{}/v1/networks/affiliatestable", elsewhere.port),
    ] {
        for status in ["301 Moved Permanently", "302 Found", "307 Temporary Redirect", "308 Permanent Redirect"] {
            let location = target.clone();
            let origin =
                Stub::start(move |_, _| (status.to_owned(), vec![format!("Location: {location}")], String::new()));
            let error = list_affiliates(&client_for(origin.port)).await.unwrap_err();
            let message = error.to_string();
            assert!(message.contains(&target), "{status} to {target}: the error names where it pointed: {message}");
            assert!(!message.contains(KEY), "{message}");
            assert_eq!(origin.seen().len(), 1, "{status}: asked once, not retried");
        }
    }
    let reached = elsewhere.seen();
    assert!(reached.iter().all(|seen| !seen.carries_key()), "the key reached another origin: {reached:?}");
    assert!(reached.is_empty(), "nothing is sent to where a redirect points: {reached:?}");
}

#[tokio::test]
async fn a_redirect_within_the_same_plain_http_origin_is_not_followed() {
    // Plain http is allowed on this computer only; even there the key is sent once, to the
    // address the profile names.
    let origin = Stub::start(|seen, port| {
        if seen.line.contains("/moved/") {
            ("200 OK".into(), vec![], EMPTY_TABLE.into())
        } else {
            (
                "307 Temporary Redirect".into(),
                vec![format!("Location: http://127.0.0.1:{port}/moved/v1/networks/affiliatestable")],
                String::new(),
            )
        }
    });
    let error = list_affiliates(&client_for(origin.port)).await.unwrap_err();
    assert!(error.to_string().contains("/moved/v1/networks/affiliatestable"), "{error}");
    assert_eq!(error.code(), ErrorCode::InvalidConfig);
    let seen = origin.seen();
    assert_eq!(seen.len(), 1, "the redirect was not followed: {seen:?}");
}

#[tokio::test]
async fn a_huge_total_count_sizes_nothing_and_ends_at_the_first_empty_page() {
    // Page 1 holds two affiliates and claims a trillion; every later page is empty.
    let server = Stub::start(|seen, _| {
        let page = seen.page();
        let affiliates = if page == 1 {
            r#"[{"network_affiliate_id": 1, "name": "Café Média"}, {"network_affiliate_id": 2, "name": "Zoë"}]"#
        } else {
            "[]"
        };
        let body = format!(
            r#"{{"affiliates": {affiliates}, "paging": {{"page": {page}, "page_size": 2, "total_count": 1000000000000}}}}"#
        );
        ("200 OK".into(), vec![], body)
    });
    let client = client_for(server.port);
    let rows = client.affiliates_table_all(&AffiliatesTableRequest::default(), 2, &[], None).await.unwrap();
    let names: Vec<&str> = rows.iter().map(|row| row.name.as_str()).collect();
    assert_eq!(names, ["Café Média", "Zoë"]);
    // Page 1, then at most one batch of pages in flight before the empty one stopped the load.
    assert!(server.seen().len() <= 1 + 8, "{} requests", server.seen().len());
}
