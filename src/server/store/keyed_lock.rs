//! Striped async locks by key (#18): sends into one chat queue here, in
//! this process, instead of racing for the chat's next number in the store
//! and losing to write conflicts; other chats go on in parallel. A stripe is
//! shared by about 1 in [`STRIPES`] keys, so memory stays fixed.

use std::hash::{DefaultHasher, Hash, Hasher};

/// How many locks the keys share.
pub const STRIPES: usize = 256;

pub struct KeyedLocks {
    stripes: Vec<tokio::sync::Mutex<()>>,
}

impl Default for KeyedLocks {
    fn default() -> Self {
        KeyedLocks { stripes: (0..STRIPES).map(|_| tokio::sync::Mutex::new(())).collect() }
    }
}

impl KeyedLocks {
    /// Waits for `key`'s turn; the turn lasts as long as the guard.
    pub async fn lock(&self, key: &str) -> tokio::sync::MutexGuard<'_, ()> {
        self.stripes[stripe(key)].lock().await
    }
}

fn stripe(key: &str) -> usize {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    (hasher.finish() % STRIPES as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::{stripe, KeyedLocks};

    #[tokio::test]
    async fn one_key_waits_and_another_does_not() {
        let locks = KeyedLocks::default();
        let held = locks.lock("chat-a").await;
        assert!(tokio::time::timeout(std::time::Duration::from_millis(50), locks.lock("chat-a")).await.is_err(), "the same chat waits");
        let other = (0..100).map(|i| format!("chat-{i}")).find(|k| stripe(k) != stripe("chat-a")).unwrap();
        assert!(tokio::time::timeout(std::time::Duration::from_millis(50), locks.lock(&other)).await.is_ok(), "another chat goes on");
        drop(held);
        assert!(tokio::time::timeout(std::time::Duration::from_millis(50), locks.lock("chat-a")).await.is_ok());
    }
}
