//! HTTPS trusts the operating system's certificate store, not only the bundled web roots: a
//! company that inspects TLS with its own root CA installs it there. On Linux the store is the
//! system CA bundle, or the file `SSL_CERT_FILE` names, which this test points at a CA made here.
//! A test binary of its own: it sets the process environment, which the client reads when built.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use everflow::*;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};

/// A root CA of its own, as a company would install it.
fn company_ca() -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

/// An HTTPS server on 127.0.0.1 for `localhost`, its certificate signed by `ca`, answering every
/// request with an empty currency list. Returns its port.
fn serve_https(ca: &CertifiedIssuer<'static, KeyPair>) -> u16 {
    let key = KeyPair::generate().unwrap();
    let certificate = CertificateParams::new(vec!["localhost".to_owned()]).unwrap().signed_by(&key, ca).unwrap();
    let chain = vec![certificate.der().clone()];
    let private_key = rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, private_key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = Arc::clone(&config);
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let connection = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(connection, stream);
                let mut reader = BufReader::new(&mut tls);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|read| read > 0) && line != "\r\n" {
                    line.clear();
                }
                let body = r#"{"currencies": []}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes());
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    port
}

fn client(port: u16) -> Client {
    let key = ApiKey::new("tls-test-key").unwrap();
    let mut config = ClientConfig::new(Region::Custom(format!("https://localhost:{port}/v1")), key, KeyKind::Network);
    config.max_retries = 0;
    config.timeout = Duration::from_secs(5);
    Client::new(config).unwrap()
}

#[tokio::test]
async fn a_server_certified_by_a_ca_in_the_os_store_is_trusted_and_others_are_not() {
    let folder = std::env::temp_dir().join(format!("eflow-tls-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let company = company_ca();
    let port = serve_https(&company);

    // The company's CA in the store: the connection is trusted.
    let store = folder.join("company-ca.pem");
    std::fs::write(&store, company.pem()).unwrap();
    std::env::set_var("SSL_CERT_FILE", &store);
    std::env::remove_var("SSL_CERT_DIR");
    let currencies = client(port).currencies().await.unwrap();
    assert!(currencies.is_empty());

    // Another CA in the store (and the bundled web roots, which never sign for localhost): refused.
    let other = folder.join("other-ca.pem");
    std::fs::write(&other, company_ca().pem()).unwrap();
    std::env::set_var("SSL_CERT_FILE", &other);
    let error = client(port).currencies().await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Network, "{error}");
    assert!(error.to_string().to_lowercase().contains("certificate"), "{error}");
    std::fs::remove_dir_all(&folder).unwrap();
}
