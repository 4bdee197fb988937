//! Where attached files' bytes live (#14): an object store, a folder under
//! `./data` by default, S3-compatible storage by configuration, memory in
//! tests. Uploads stream into it part by part and become visible whole or
//! not at all.

use std::sync::Arc;

use bytes::Bytes;
use futures::{Stream, StreamExt};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};

use crate::model::attachment::DEFAULT_MAX_FILE_MB;
use crate::model::problem::Problem;
use crate::server::error::{ServiceError, ServiceResult};

/// How many bytes are read to learn a file's type.
pub const SNIFF_BYTES: usize = 8 * 1024;

/// Parts written at once to the store while an upload streams in.
const PARTS_IN_FLIGHT: usize = 2;

/// The part size for a folder or memory: what an upload holds in memory is
/// about (1 + [`PARTS_IN_FLIGHT`]) parts, whatever the file's size.
const LOCAL_PART_BYTES: usize = 1024 * 1024;

/// S3's smallest part (but the last).
const S3_PART_BYTES: usize = 5 * 1024 * 1024;

/// The files' store and the largest file it takes.
#[derive(Clone, Debug)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    pub max_bytes: u64,
    part_bytes: usize,
    /// Where it is, for the log.
    pub describe: String,
}

/// Where attached files are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    S3 { bucket: String },
    Folder(std::path::PathBuf),
    Memory,
}

impl Location {
    /// `FILES_S3_BUCKET` first (S3-compatible storage, configured by the
    /// usual `AWS_*` variables: `AWS_ENDPOINT`, `AWS_ALLOW_HTTP`,
    /// `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`), then
    /// `FILES_DIR`; else memory for a `mem://` database, `files/` beside an
    /// embedded database's folder (`./data/files`), and `data/files` in the
    /// working directory for a SurrealDB server (`ws://`).
    pub fn choose(database_url: &str, files_dir: Option<&str>, bucket: Option<&str>) -> Location {
        if let Some(bucket) = bucket {
            return Location::S3 { bucket: bucket.to_string() };
        }
        if let Some(dir) = files_dir {
            return Location::Folder(dir.into());
        }
        if database_url.starts_with("mem://") {
            return Location::Memory;
        }
        match crate::server::store::wal_guard::surrealkv_path(database_url) {
            Some(db) => Location::Folder(std::path::Path::new(db).parent().map(|p| p.join("files")).unwrap_or_else(|| "files".into())),
            None => Location::Folder("data/files".into()),
        }
    }
}

/// The size limit from `MAX_FILE_MB` (a whole number above 0), else the default.
pub fn max_file_bytes(max_mb: Option<&str>) -> u64 {
    max_mb.and_then(|v| v.trim().parse::<u64>().ok()).filter(|mb| *mb > 0).unwrap_or(DEFAULT_MAX_FILE_MB) * 1024 * 1024
}

/// A stored upload: its size and the type its first bytes show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub size: u64,
    pub mime: String,
}

impl Files {
    /// Files kept in memory (tests).
    pub fn in_memory(max_bytes: u64) -> Self {
        Files { store: Arc::new(object_store::memory::InMemory::new()), max_bytes, part_bytes: LOCAL_PART_BYTES, describe: "memory".into() }
    }

    /// The store the environment names (see [`Location::choose`]);
    /// `MAX_FILE_MB` is the size limit per file (default 20).
    pub fn from_env(database_url: &str) -> anyhow::Result<Self> {
        let max_bytes = max_file_bytes(std::env::var("MAX_FILE_MB").ok().as_deref());
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        match Location::choose(database_url, var("FILES_DIR").as_deref(), var("FILES_S3_BUCKET").as_deref()) {
            Location::S3 { bucket } => {
                let store = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(&bucket).build()?;
                Ok(Files { store: Arc::new(store), max_bytes, part_bytes: S3_PART_BYTES, describe: format!("s3 bucket {bucket}") })
            }
            Location::Memory => Ok(Files::in_memory(max_bytes)),
            Location::Folder(dir) => {
                std::fs::create_dir_all(&dir)?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(&dir)?.with_automatic_cleanup(true);
                Ok(Files { store: Arc::new(store), max_bytes, part_bytes: LOCAL_PART_BYTES, describe: format!("folder {}", dir.display()) })
            }
        }
    }

    fn too_large(&self) -> ServiceError {
        Problem::FileTooLarge { max_mb: self.max_bytes / (1024 * 1024) }.into()
    }

    /// Streams `body` into the object `path`, at most `max_bytes` of it.
    /// The type is read from the first [`SNIFF_BYTES`] and checked by
    /// `check` before anything is written. On any failure (too large, a
    /// refused type, the connection lost) the partial upload is aborted and
    /// nothing is visible under `path`.
    pub async fn put_stream<S, E>(&self, path: &str, body: S, check: impl FnOnce(&[u8]) -> Result<String, Problem>) -> ServiceResult<Stored>
    where
        S: Stream<Item = Result<Bytes, E>>,
        E: std::fmt::Display,
    {
        let mut body = std::pin::pin!(body);
        // The head is gathered first: the type decides whether to store at all.
        let mut head: Vec<u8> = Vec::new();
        let mut rest: Option<Bytes> = None;
        while head.len() < SNIFF_BYTES {
            match body.next().await {
                Some(Ok(chunk)) => {
                    let take = (SNIFF_BYTES - head.len()).min(chunk.len());
                    head.extend_from_slice(&chunk[..take]);
                    if take < chunk.len() {
                        rest = Some(chunk.slice(take..));
                    }
                }
                Some(Err(error)) => return Err(ServiceError::internal_from("upload: reading the body", None, error.to_string())),
                None => break,
            }
        }
        if head.is_empty() {
            return Err(Problem::FileEmpty.into());
        }
        if head.len() as u64 > self.max_bytes {
            return Err(self.too_large());
        }
        let mime = check(&head)?;
        let location = Path::from(path);
        let upload = self.store.put_multipart(&location).await.map_err(|e| store_error("upload: start", e))?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, self.part_bytes);
        let mut size = head.len() as u64;
        writer.put(Bytes::from(head));
        if let Some(rest) = rest {
            size += rest.len() as u64;
            writer.put(rest);
        }
        loop {
            if size > self.max_bytes {
                let _ = writer.abort().await;
                return Err(self.too_large());
            }
            if let Err(error) = writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                let _ = writer.abort().await;
                return Err(store_error("upload: write", error));
            }
            match body.next().await {
                Some(Ok(chunk)) => {
                    size += chunk.len() as u64;
                    writer.put(chunk);
                }
                Some(Err(error)) => {
                    let _ = writer.abort().await;
                    // The sender went away: its upload simply did not happen.
                    return Err(ServiceError::internal_from("upload: the body broke off", None, error.to_string()));
                }
                None => break,
            }
        }
        writer.finish().await.map_err(|e| store_error("upload: finish", e))?;
        Ok(Stored { size, mime })
    }

    /// The object's bytes as a stream, and its size.
    pub async fn get(&self, path: &str) -> ServiceResult<(u64, impl Stream<Item = object_store::Result<Bytes>> + Send + 'static)> {
        let result = self.store.get(&Path::from(path)).await.map_err(|e| store_error("download", e))?;
        Ok((result.meta.size, result.into_stream()))
    }

    /// An object's bytes, whole (a file to mail or to pass to Telegram, #16).
    pub async fn read_all(&self, path: &str) -> ServiceResult<Vec<u8>> {
        use futures::StreamExt as _;
        let (size, mut stream) = self.get(path).await?;
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        while let Some(chunk) = stream.next().await {
            bytes.extend_from_slice(&chunk.map_err(|e| store_error("download", e))?);
        }
        Ok(bytes)
    }

    /// Removes objects; one already gone is not an error.
    pub async fn delete(&self, paths: &[String]) {
        for path in paths {
            match self.store.delete(&Path::from(path.as_str())).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => tracing::warn!("deleting file {path}: {error}"),
            }
        }
    }

    /// Whether an object exists (tests check nothing is left behind).
    pub async fn exists(&self, path: &str) -> bool {
        self.store.head(&Path::from(path)).await.is_ok()
    }
}

fn store_error(what: &'static str, error: object_store::Error) -> ServiceError {
    ServiceError::internal_from(what, None, error)
}

#[cfg(test)]
mod tests {
    use super::{max_file_bytes, Location};

    #[test]
    fn files_live_where_the_configuration_says() {
        assert_eq!(Location::choose("mem://", None, None), Location::Memory);
        assert_eq!(Location::choose("surrealkv:///var/lib/chats/db", None, None), Location::Folder("/var/lib/chats/files".into()));
        assert_eq!(Location::choose("ws://db:8000", None, None), Location::Folder("data/files".into()), "a SurrealDB server: never memory");
        assert_eq!(Location::choose("mem://", Some("/srv/files"), None), Location::Folder("/srv/files".into()));
        assert_eq!(Location::choose("surrealkv://x/db", Some("/srv/files"), Some("chats")), Location::S3 { bucket: "chats".into() });
    }

    #[test]
    fn the_size_limit_is_whole_megabytes() {
        assert_eq!(max_file_bytes(None), 20 * 1024 * 1024);
        assert_eq!(max_file_bytes(Some("5")), 5 * 1024 * 1024);
        assert_eq!(max_file_bytes(Some("0")), 20 * 1024 * 1024);
        assert_eq!(max_file_bytes(Some("lots")), 20 * 1024 * 1024);
    }
}
