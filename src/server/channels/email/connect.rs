//! Connections to a mailbox's servers (#16): IMAP (implicit TLS on 993,
//! plain on any other port, for servers on a trusted network or loopback)
//! and SMTP (implicit TLS on 465, STARTTLS required on 587, plain otherwise).

use std::sync::Arc;
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::rustls;

/// How long one attempt to reach a server may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// A mailbox as its connector needs it, the password in the clear (held in
/// memory only, never logged: `Debug` leaves it out).
#[derive(Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub room: String,
    pub room_name: String,
    pub address: String,
    pub imap_host: String,
    pub imap_port: u16,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub login: String,
    pub password: String,
}

impl std::fmt::Debug for Mailbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailbox").field("room", &self.room).field("address", &self.address).finish_non_exhaustive()
    }
}

/// A byte stream IMAP can run over: TCP, or TLS over TCP.
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug> Io for T {}

pub type ImapSession = async_imap::Session<Box<dyn Io>>;

fn tls_connector() -> tokio_rustls::TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    tokio_rustls::TlsConnector::from(Arc::new(config))
}

/// Logs in to the mailbox's IMAP server and opens INBOX. The error is the
/// server's (or the network's) own words.
pub async fn imap_login(mailbox: &Mailbox) -> Result<ImapSession, String> {
    let connect = async {
        let tcp = TcpStream::connect((mailbox.imap_host.as_str(), mailbox.imap_port)).await.map_err(|e| format!("{}:{}: {e}", mailbox.imap_host, mailbox.imap_port))?;
        let stream: Box<dyn Io> = if mailbox.imap_port == 993 {
            let name = rustls::pki_types::ServerName::try_from(mailbox.imap_host.clone()).map_err(|e| e.to_string())?;
            Box::new(tls_connector().connect(name, tcp).await.map_err(|e| format!("TLS: {e}"))?)
        } else {
            Box::new(tcp)
        };
        let mut client = async_imap::Client::new(stream);
        client.read_response().await.map_err(|e| e.to_string())?.ok_or("the IMAP server closed the connection")?;
        let session = client.login(&mailbox.login, &mailbox.password).await.map_err(|(e, _)| imap_error(e))?;
        Ok::<_, String>(session)
    };
    let mut session = tokio::time::timeout(CONNECT_TIMEOUT, connect).await.map_err(|_| format!("{}:{}: no answer in {} s", mailbox.imap_host, mailbox.imap_port, CONNECT_TIMEOUT.as_secs()))??;
    session.select("INBOX").await.map_err(imap_error)?;
    Ok(session)
}

/// An IMAP error in the server's words.
pub fn imap_error(error: async_imap::error::Error) -> String {
    match error {
        async_imap::error::Error::No(text) | async_imap::error::Error::Bad(text) => text,
        other => other.to_string(),
    }
}

/// The mailbox's SMTP transport.
pub fn smtp(mailbox: &Mailbox) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let builder = match mailbox.smtp_port {
        465 => AsyncSmtpTransport::<Tokio1Executor>::relay(&mailbox.smtp_host).map_err(|e| e.to_string())?,
        587 => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&mailbox.smtp_host).map_err(|e| e.to_string())?,
        _ => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&mailbox.smtp_host),
    };
    Ok(builder
        .port(mailbox.smtp_port)
        .credentials(Credentials::new(mailbox.login.clone(), mailbox.password.clone()))
        .timeout(Some(Duration::from_secs(30)))
        .build())
}

/// Connects and logs in to the SMTP server without sending anything.
pub async fn smtp_check(mailbox: &Mailbox) -> Result<(), String> {
    let transport = smtp(mailbox)?;
    match tokio::time::timeout(CONNECT_TIMEOUT * 2, transport.test_connection()).await {
        Ok(Ok(true)) => Ok(()),
        Ok(Ok(false)) => Err(format!("{}:{}: the SMTP server did not answer", mailbox.smtp_host, mailbox.smtp_port)),
        Ok(Err(e)) => Err(smtp_error(&e)),
        Err(_) => Err(format!("{}:{}: no answer in {} s", mailbox.smtp_host, mailbox.smtp_port, (CONNECT_TIMEOUT * 2).as_secs())),
    }
}

/// An SMTP error in the server's words, with its code where it gave one.
pub fn smtp_error(error: &lettre::transport::smtp::Error) -> String {
    match error.status() {
        Some(code) => {
            let text = error.to_string();
            let code = code.to_string();
            if text.contains(&code) { text } else { [code.as_str(), " ", &text].concat() }
        }
        None => error.to_string(),
    }
}
