//! Attached files on S3-compatible storage (#14), against a real S3 server on
//! loopback: moto's (`moto_server`, installed by `.ci/tools.sh s3` into
//! `~/.cache/chats-moto`, or named by `MOTO_SERVER`). A file larger than one
//! part goes up as a multipart upload and comes back whole; one over the
//! limit is aborted and leaves nothing in the bucket.

#![cfg(feature = "server")]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use bytes::Bytes;
use chats::model::problem::Problem;
use chats::server::store::files::Files;
use futures::StreamExt;

struct Moto(Child);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn moto_binary() -> String {
    if let Ok(path) = std::env::var("MOTO_SERVER") {
        return path;
    }
    let cached = format!("{}/.cache/chats-moto/bin/moto_server", std::env::var("HOME").unwrap_or_default());
    if std::path::Path::new(&cached).exists() {
        return cached;
    }
    "moto_server".into()
}

async fn start_moto() -> (Moto, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(moto_binary())
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server runs (make test installs it with .ci/tools.sh s3)");
    let moto = Moto(child);
    let endpoint = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client.get(&endpoint).send().await.is_ok() {
            return (moto, endpoint);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("moto_server did not start on {endpoint}");
}

fn body(size: usize) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Unpin {
    // A PDF header, then bytes that tell where they are.
    let mut data = b"%PDF-1.4\n".to_vec();
    data.extend((0..size - data.len()).map(|i| (i % 251) as u8));
    let parts: Vec<Result<Bytes, std::io::Error>> = data.chunks(256 * 1024).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    futures::stream::iter(parts)
}

#[tokio::test]
async fn files_go_to_s3_in_parts_and_a_refused_upload_leaves_nothing() {
    let (_moto, endpoint) = start_moto().await;
    let bucket = "chats-files";
    let created = reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.unwrap();
    assert!(created.status().is_success(), "bucket: {}", created.status());
    for (name, value) in [
        ("FILES_S3_BUCKET", bucket),
        ("AWS_ENDPOINT", endpoint.as_str()),
        ("AWS_ALLOW_HTTP", "true"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("MAX_FILE_MB", "12"),
    ] {
        std::env::set_var(name, value);
    }
    let files = Files::from_env("mem://").expect("the S3 store is configured");
    assert!(files.describe.contains(bucket));

    // 11 MiB: three parts of a multipart upload.
    let size = 11 * 1024 * 1024;
    let stored = files.put_stream("files/big", body(size), |_| Ok("application/pdf".into())).await.unwrap();
    assert_eq!(stored.size, size as u64);
    let (length, mut stream) = files.get("files/big").await.unwrap();
    assert_eq!(length, size as u64);
    let mut back = Vec::with_capacity(size);
    while let Some(chunk) = stream.next().await {
        back.extend_from_slice(&chunk.unwrap());
    }
    let expected: Vec<u8> = {
        let mut data = b"%PDF-1.4\n".to_vec();
        data.extend((0..size - data.len()).map(|i| (i % 251) as u8));
        data
    };
    assert!(back == expected, "the bytes came back as they went");

    // Over the 12 MiB limit: aborted, nothing visible under its name.
    let refused = files.put_stream("files/too-big", body(13 * 1024 * 1024), |_| Ok("application/pdf".into())).await;
    assert_eq!(refused.err().and_then(|e| e.refusal().cloned()), Some(Problem::FileTooLarge { max_mb: 12 }));
    assert!(!files.exists("files/too-big").await);

    files.delete(&["files/big".to_string()]).await;
    assert!(!files.exists("files/big").await);
}
