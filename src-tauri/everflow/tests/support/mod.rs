//! A tiny HTTP server for client tests that need exact answers (a documented body, a status, a
//! header): each request gets the answer its path is given, and every request is recorded.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One answer: status, extra headers and body.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(body: impl Into<String>) -> Answer {
        Answer { status: 200, headers: Vec::new(), body: body.into() }
    }

    pub fn status(status: u16, body: impl Into<String>) -> Answer {
        Answer { status, headers: Vec::new(), body: body.into() }
    }
}

/// A request as the stub received it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    pub body: String,
}

impl Seen {
    pub fn json_body(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|err| panic!("body of {} is not JSON: {err}", self.path))
    }
}

pub struct Stub {
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Stub {
    /// Serves `answers` by path (`/v1/...`, without the query); any other path is a 404.
    pub async fn start(answers: Vec<(&str, Answer)>) -> Stub {
        let answers: HashMap<String, Answer> =
            answers.into_iter().map(|(path, answer)| (path.to_owned(), answer)).collect();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
        let addr = listener.local_addr().expect("its address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else { return };
                let answers = answers.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut socket).await else { return };
                    let answer = answers
                        .get(&request.path)
                        .cloned()
                        .unwrap_or_else(|| Answer::status(404, r#"{"error":"no such path"}"#));
                    log.lock().unwrap().push(request);
                    let mut head = format!(
                        "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                        answer.status,
                        answer.body.len()
                    );
                    for (name, value) in &answer.headers {
                        head.push_str(&format!("{name}: {value}\r\n"));
                    }
                    head.push_str("\r\n");
                    let _ = socket.write_all(head.as_bytes()).await;
                    let _ = socket.write_all(answer.body.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Stub { base_url: format!("http://{addr}/v1"), seen }
    }

    /// A network-key client for this stub, with quick retries.
    pub fn client(&self) -> everflow::Client {
        let key = everflow::ApiKey::new("stub-key").unwrap();
        let mut config = everflow::ClientConfig::new(
            everflow::Region::Custom(self.base_url.clone()),
            key,
            everflow::KeyKind::Network,
        );
        config.initial_backoff = std::time::Duration::from_millis(5);
        config.max_backoff = std::time::Duration::from_millis(20);
        config.requests_per_second = std::num::NonZeroU32::new(1000);
        everflow::Client::new(config).unwrap()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Seen> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let mut lines = head.lines();
    let mut first = lines.next()?.split_whitespace();
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let length: usize = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = String::from_utf8_lossy(&buffer[header_end..]).into_owned();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (target, String::new()),
    };
    Some(Seen { method, path, query, body })
}
