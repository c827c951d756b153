//! `HTTPS_PROXY` is honoured, and this computer is reached directly. A test binary of its own: it
//! sets process-wide environment variables, which the client reads when it is built. No traffic
//! leaves this computer: the "proxy" is a listener on 127.0.0.1 that records the requests it
//! receives and refuses them. (`NO_PROXY` is reqwest's own matching; testing it would need a direct
//! connection to a remote name, so it is not exercised here.)

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
async fn https_requests_go_through_the_https_proxy_and_this_computer_never_does() {
    let (port, seen) = start_proxy();
    std::env::set_var("HTTPS_PROXY", format!("http://127.0.0.1:{port}"));
    std::env::set_var("HTTP_PROXY", format!("http://127.0.0.1:{port}"));
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");

    // A remote host: the request asks the proxy for a tunnel (no name is resolved here: the proxy
    // would do that), and the proxy refuses it.
    let proxied = client("https://api.example.test/v1");
    assert!(proxied.currencies().await.is_err(), "the proxy refuses every tunnel");
    assert_eq!(seen.lock().unwrap().as_slice(), ["CONNECT api.example.test:443 HTTP/1.1"]);

    // This computer (the demo, a simulator) is reached directly, proxy or not.
    let (local, local_seen) = start_proxy();
    let direct = client(&format!("http://127.0.0.1:{local}/v1"));
    assert!(direct.currencies().await.is_err(), "the stand-in server refuses every request");
    assert_eq!(local_seen.lock().unwrap().as_slice(), ["GET /v1/meta/currencies HTTP/1.1"]);
    assert_eq!(seen.lock().unwrap().len(), 1, "the proxy was not asked");
}
