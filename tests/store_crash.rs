//! #18: an acknowledged commit survives a crash after the storage engine
//! switched memtables. SurrealKV 0.21.4 lost one in two cases, both fixed in
//! `vendor/surrealkv` (see its PATCHES.md): the commit that filled a memtable
//! (its only durable copy sat in a WAL segment marked done by the old
//! memtable's flush), and the tail of a WAL segment that filled more than one
//! memtable on replay. Each step runs in a child process that ends with
//! `exit(0)` without closing the store, as a crash does; small memtables make
//! a few megabytes fill several.

#![cfg(feature = "server")]

use std::path::{Path, PathBuf};
use std::process::Command;

use surrealkv::{Durability, LSMIterator, Tree, TreeBuilder};

const STEP: &str = "CHATS_STORE_CRASH_STEP";
const COMMITS: u32 = 200;
const KEYS_PER_COMMIT: u32 = 100;
const MIB: usize = 1024 * 1024;

fn key(commit: u32, i: u32) -> Vec<u8> {
    format!("k{commit:05}-{i:05}").into_bytes()
}

fn open(dir: &Path, memtable: usize) -> Tree {
    TreeBuilder::new().with_path(dir.to_path_buf()).with_max_memtable_size(memtable).build().expect("the store opens")
}

/// One step in a fresh process: this test binary, running only `test`, with
/// the step in the environment. Returns what the step printed.
fn run(test: &str, step: &str, dir: &Path, memtable: usize) -> String {
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(STEP, format!("{step} {memtable} {}", dir.display()))
        .output()
        .expect("the step's process runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "step {step} failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

/// The step named in the environment, if this process is one; it never returns.
fn step_if_child() {
    let Ok(step) = std::env::var(STEP) else { return };
    let mut parts = step.splitn(3, ' ');
    let (name, memtable, dir) = (parts.next().unwrap(), parts.next().unwrap().parse().unwrap(), PathBuf::from(parts.next().unwrap()));
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
    runtime.block_on(async {
        let tree = std::sync::Arc::new(open(&dir, memtable));
        match name {
            // Eight writers at once, each commit acknowledged (synced) before the next.
            "write" => {
                let mut writers = Vec::new();
                for writer in 0..8 {
                    let tree = tree.clone();
                    writers.push(tokio::spawn(async move {
                        for commit in (writer..COMMITS).step_by(8) {
                            let mut txn = tree.begin().unwrap();
                            txn.set_durability(Durability::Immediate);
                            for i in 0..KEYS_PER_COMMIT {
                                txn.set(&key(commit, i), vec![b'x'; 200]).unwrap();
                            }
                            txn.commit().await.expect("the commit is acknowledged");
                        }
                    }));
                }
                for writer in writers {
                    writer.await.unwrap();
                }
            }
            "count" => {
                let txn = tree.begin().unwrap();
                let mut missing = Vec::new();
                for commit in 0..COMMITS {
                    if (0..KEYS_PER_COMMIT).any(|i| txn.get(&key(commit, i)).unwrap().is_none()) {
                        missing.push(commit);
                    }
                }
                // Each key once in a scan: a commit replayed twice (the
                // original and its copy) would not show twice either.
                let mut scan = txn.range(b"k".as_slice(), b"l".as_slice()).unwrap();
                let mut scanned = 0;
                let mut more = scan.seek_first().unwrap();
                while more {
                    scanned += 1;
                    more = scan.next().unwrap();
                }
                println!("SCANNED {scanned}");
                println!("MISSING {missing:?}");
            }
            _ => panic!("unknown step {name}"),
        }
    });
    // A crash: no close, no flush of the memtable.
    std::process::exit(0);
}

/// The commits missing after a `count` step, checking that a scan saw each key once.
fn missing(stdout: &str) -> String {
    // The harness's own "test … " may open the line.
    let after = |label: &str| stdout.lines().find_map(|l| l.split_once(label).map(|(_, rest)| rest.to_string()));
    let scanned = after("SCANNED ").unwrap_or("(no scan printed)".into());
    assert_eq!(scanned, (COMMITS * KEYS_PER_COMMIT).to_string(), "a scan sees every key once");
    after("MISSING ").unwrap_or("(no count printed)".into())
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chats-store-crash-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// 4 MB of commits into 1 MiB memtables: several rotations while writing.
#[test]
fn commits_survive_a_crash_after_memtable_rotations() {
    step_if_child();
    let test = "commits_survive_a_crash_after_memtable_rotations";
    let dir = scratch("rotation");
    run(test, "write", &dir, MIB);
    for restart in 1..=2 {
        assert_eq!(missing(&run(test, "count", &dir, MIB)), "[]", "restart {restart}: every acknowledged commit is there");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Written with one large memtable (one WAL segment), replayed into small
/// ones: the segment fills several, and the tail must outlive the next crash.
#[test]
fn commits_survive_a_crash_after_a_replay_that_split_a_segment() {
    step_if_child();
    let test = "commits_survive_a_crash_after_a_replay_that_split_a_segment";
    let dir = scratch("split");
    run(test, "write", &dir, 64 * MIB);
    assert_eq!(missing(&run(test, "count", &dir, MIB)), "[]", "after the replay that split the segment");
    for restart in 1..=2 {
        assert_eq!(missing(&run(test, "count", &dir, 64 * MIB)), "[]", "restart {restart} after it");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
