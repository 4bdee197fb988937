//! Guards SurrealKV's write-ahead log against a known crash case before the
//! store opens. SurrealKV 0.21.4 treats a record torn by a crash at the end
//! of the last WAL segment as a clean end, then appends the new session's
//! records after the torn bytes; on the next start the torn record sits in
//! the middle, counts as corruption, and "repair" drops every record after
//! it, including commits that were acknowledged (seen as lost messages in
//! `tests/e2e/crash.test.mjs`). Starting each session in a new, empty
//! segment keeps any torn tail at the end of its own segment, where replay
//! reads up to it and moves on to the next segment.

use std::fs;
use std::path::Path;

/// The store's folder for a `surrealkv://` URL, if it is one.
pub fn surrealkv_path(url: &str) -> Option<&str> {
    let path = url.strip_prefix("surrealkv://")?;
    Some(path.split('?').next().unwrap_or(path)).filter(|p| !p.is_empty())
}

/// If the newest WAL segment under `store` holds data, creates the next,
/// empty one so that this session writes there. Returns its number. A store
/// that another process has open (SurrealKV holds an exclusive lock on its
/// `LOCK` file) is left alone: its log is that process's, and opening it
/// here fails anyway.
pub fn start_new_wal_segment(store: &Path) -> std::io::Result<Option<u64>> {
    let lock = match fs::OpenOptions::new().read(true).write(true).open(store.join("LOCK")) {
        Ok(file) => Some(file),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    if let Some(lock) = &lock {
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Ok(None),
            Err(fs::TryLockError::Error(error)) => return Err(error),
        }
    }
    // Held until the segment exists; released before SurrealKV takes it.
    let _held = lock;
    let dir = store.join("wal");
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(None);
    };
    let newest = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let number = name.strip_suffix(".wal")?;
            (number.len() == 20 && number.bytes().all(|b| b.is_ascii_digit())).then(|| number.parse::<u64>().ok()).flatten()
        })
        .max();
    let Some(newest) = newest else {
        return Ok(None);
    };
    if fs::metadata(dir.join(format!("{newest:020}.wal")))?.len() == 0 {
        return Ok(None);
    }
    let next = newest + 1;
    fs::File::create(dir.join(format!("{next:020}.wal")))?.sync_all()?;
    fs::File::open(&dir)?.sync_all()?;
    Ok(Some(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_session_starts_in_an_empty_segment() {
        assert_eq!(surrealkv_path("surrealkv://data/chats.db?sync=every"), Some("data/chats.db"));
        assert_eq!(surrealkv_path("mem://"), None);
        let store = std::env::temp_dir().join(format!("wal-guard-{}", std::process::id()));
        let wal = store.join("wal");
        fs::create_dir_all(&wal).unwrap();
        assert_eq!(start_new_wal_segment(&store).unwrap(), None, "no segment yet");
        fs::write(wal.join(format!("{:020}.wal", 3)), b"").unwrap();
        assert_eq!(start_new_wal_segment(&store).unwrap(), None, "the newest is empty already");
        fs::write(wal.join(format!("{:020}.wal", 3)), b"records and a torn tail").unwrap();
        assert_eq!(start_new_wal_segment(&store).unwrap(), Some(4));
        assert_eq!(fs::metadata(wal.join(format!("{:020}.wal", 4))).unwrap().len(), 0);
        assert_eq!(start_new_wal_segment(&store).unwrap(), None, "once per start");
        // Another process (here: another handle) has the store open.
        fs::write(wal.join(format!("{:020}.wal", 4)), b"the live store's records").unwrap();
        let held = fs::OpenOptions::new().create(true).truncate(false).write(true).open(store.join("LOCK")).unwrap();
        held.try_lock().unwrap();
        assert_eq!(start_new_wal_segment(&store).unwrap(), None, "a store in use is left alone");
        held.unlock().unwrap();
        assert_eq!(start_new_wal_segment(&store).unwrap(), Some(5), "once it is free");
        fs::remove_dir_all(&store).unwrap();
    }
}
