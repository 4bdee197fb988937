//! A real mail system on loopback for the e-mail source's tests (#16):
//! Postfix and Dovecot started by `tests/mail/servers.sh` on free ports, a
//! customer's SMTP client, and a customer's IMAP reader.

#![allow(dead_code)]

use std::path::PathBuf;

use futures::TryStreamExt as _;

pub struct MailServers {
    pub dir: PathBuf,
    pub smtp: u16,
    pub imap: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl MailServers {
    /// Postfix (SMTP with AUTH) and Dovecot (IMAP, LMTP), answering.
    pub fn start() -> MailServers {
        let dir = std::env::temp_dir().join(format!("chats-mail-{}-{}", std::process::id(), free_port()));
        let (smtp, imap, lmtp, auth) = (free_port(), free_port(), free_port(), free_port());
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mail/servers.sh");
        let status = std::process::Command::new("bash")
            .args([script, "start", dir.to_str().unwrap(), &smtp.to_string(), &imap.to_string(), &lmtp.to_string(), &auth.to_string()])
            .status()
            .expect("tests/mail/servers.sh runs (make test installs Postfix and Dovecot)");
        assert!(status.success(), "the mail servers started");
        MailServers { dir, smtp, imap }
    }

    pub fn stop_smtp(&self) {
        let conf = self.dir.join("postfix/conf");
        std::process::Command::new("postfix").args(["-c", conf.to_str().unwrap(), "stop"]).status().unwrap();
    }

    pub fn start_smtp(&self) {
        let conf = self.dir.join("postfix/conf");
        std::process::Command::new("postfix").args(["-c", conf.to_str().unwrap(), "start"]).status().unwrap();
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", self.smtp)).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("postfix did not come back");
    }

    /// Hands a raw mail to Postfix as a customer's server would (no AUTH),
    /// from `envelope_from` ("" for a bounce's empty sender).
    pub async fn deliver(&self, envelope_from: &str, to: &str, raw: &str) {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", self.smtp)).await.unwrap();
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        async fn expect(lines: &mut tokio::io::Lines<BufReader<tokio::net::tcp::OwnedReadHalf>>, code: &str) {
            loop {
                let line = lines.next_line().await.unwrap().expect("the SMTP server answers");
                assert!(line.starts_with(code), "expected {code}, got {line}");
                if line.as_bytes().get(3) != Some(&b'-') {
                    return;
                }
            }
        }
        expect(&mut lines, "220").await;
        for (command, code) in [
            ("EHLO customer.test".to_string(), "250"),
            (format!("MAIL FROM:<{envelope_from}>"), "250"),
            (format!("RCPT TO:<{to}>"), "250"),
            ("DATA".to_string(), "354"),
        ] {
            write.write_all(format!("{command}\r\n").as_bytes()).await.unwrap();
            expect(&mut lines, code).await;
        }
        let body = raw.replace("\r\n", "\n").replace('\n', "\r\n");
        let body = body.lines().map(|l| if l.starts_with('.') { format!(".{l}") } else { l.to_string() }).collect::<Vec<_>>().join("\r\n");
        write.write_all(format!("{body}\r\n.\r\n").as_bytes()).await.unwrap();
        expect(&mut lines, "250").await;
        write.write_all(b"QUIT\r\n").await.unwrap();
    }

    /// Every mail in `user`'s INBOX, oldest first.
    pub async fn inbox(&self, user: &str) -> Vec<Vec<u8>> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.imap)).await.unwrap();
        let mut client = async_imap::Client::new(tcp);
        client.read_response().await.unwrap();
        let mut session = client.login(user, "secret").await.map_err(|(e, _)| e).unwrap();
        let mailbox = session.select("INBOX").await.unwrap();
        if mailbox.exists == 0 {
            return Vec::new();
        }
        let fetched: Vec<_> = session.fetch("1:*", "BODY.PEEK[]").await.unwrap().try_collect().await.unwrap();
        let mails = fetched.iter().filter_map(|f| f.body().map(|b| b.to_vec())).collect();
        let _ = session.logout().await;
        mails
    }
}

impl Drop for MailServers {
    fn drop(&mut self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mail/servers.sh");
        let _ = std::process::Command::new("bash").args([script, "stop", self.dir.to_str().unwrap()]).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
