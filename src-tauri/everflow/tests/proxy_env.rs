//! `HTTPS_PROXY` and `NO_PROXY` are honoured. A test binary of its own: it sets process-wide
//! environment variables, which the client reads when it is built. No traffic leaves this computer:
//! the "proxy" is a listener on 127.0.0.1 that records the tunnel requests it receives and refuses them.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use everflow::*;

fn start_proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut line = String::new();
            let _ = BufReader::new(stream.try_clone().unwrap()).read_line(&mut line);
            recorded.lock().unwrap().push(line.trim_end().to_owned());
            let mut stream = stream;
            let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (port, seen)
}

fn client(base: &str) -> Client {
    let mut config =
        ClientConfig::new(Region::Custom(base.into()), ApiKey::new("proxy-test-key").unwrap(), KeyKind::Network);
    config.max_retries = 0;
    config.timeout = Duration::from_secs(5);
    Client::new(config).unwrap()
}

#[tokio::test]
async fn https_requests_go_through_the_https_proxy_unless_no_proxy_names_the_host() {
    let (port, seen) = start_proxy();
    // Nothing listens on port 1 of this computer: a direct connection is refused at once.
    let base = "https://localhost:1/v1";
    std::env::set_var("HTTPS_PROXY", format!("http://127.0.0.1:{port}"));
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");
    let proxied = client(base);
    assert!(proxied.currencies().await.is_err(), "the proxy refuses every tunnel");
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        ["CONNECT localhost:1 HTTP/1.1"],
        "the request asked the proxy for a tunnel"
    );

    std::env::set_var("NO_PROXY", "localhost");
    let direct = client(base);
    let error = direct.currencies().await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Network, "{error}");
    assert_eq!(seen.lock().unwrap().len(), 1, "a host in NO_PROXY is reached directly");
}
