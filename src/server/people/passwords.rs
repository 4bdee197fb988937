//! Password hashes (argon2id), made and checked on tokio's blocking pool, a bounded number at once.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tokio::sync::Semaphore;

use crate::server::error::{ServiceError, ServiceResult};

/// A valid hash, with the parameters real ones have, of a random password
/// nobody knows. Unknown and disabled accounts are checked against it, so
/// their refusal costs what a real account's does.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_now(&crate::server::clock::new_token()));

/// Argon2 work for the whole server: a login flood queues here (each hash
/// costs ~19 MiB and tens of milliseconds of one core) instead of occupying
/// the async runtime's threads, so other calls keep being answered.
pub struct Passwords {
    running: Arc<Semaphore>,
    /// Password checks run so far (tests count them).
    checks: Arc<AtomicU64>,
}

impl Default for Passwords {
    fn default() -> Passwords {
        Passwords::new(parallel_hashes())
    }
}

/// Hashes run at once: one per core, at least two.
pub fn parallel_hashes() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).max(2)
}

impl Passwords {
    pub fn new(at_once: usize) -> Passwords {
        Passwords { running: Arc::new(Semaphore::new(at_once.max(1))), checks: Default::default() }
    }

    /// A new salted hash of `password`.
    pub async fn hash(&self, password: &str) -> ServiceResult<String> {
        let password = password.to_string();
        self.blocking(move || hash_now(&password)).await
    }

    /// Whether `password` matches `hash`. With no hash (an unknown or
    /// disabled account), or one that does not parse, the check runs against
    /// the dummy hash and fails: the same work, the same answer.
    pub async fn verify(&self, password: &str, hash: Option<String>) -> ServiceResult<bool> {
        let password = password.to_string();
        let checks = self.checks.clone();
        self.blocking(move || {
            checks.fetch_add(1, Ordering::Relaxed);
            match hash.as_deref().and_then(|h| PasswordHash::new(h).ok()) {
                Some(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
                None => {
                    let _ = verify_now(&password, &DUMMY_HASH);
                    false
                }
            }
        })
        .await
    }

    /// Password checks run so far.
    pub fn checks(&self) -> u64 {
        self.checks.load(Ordering::Relaxed)
    }

    /// Makes the dummy hash now (at start), not in the first refusal's time.
    pub async fn prepare(&self) -> ServiceResult<()> {
        self.blocking(|| {
            LazyLock::force(&DUMMY_HASH);
        })
        .await
    }

    /// Runs `work` on the blocking pool once a slot is free. The slot goes
    /// with the work: a caller that stops waiting does not free it early.
    async fn blocking<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> ServiceResult<T> {
        let slot = self.running.clone().acquire_owned().await.map_err(|e| ServiceError::internal_from("password hashing: slot", None, e))?;
        tokio::task::spawn_blocking(move || {
            let answer = work();
            drop(slot);
            answer
        })
        .await
        .map_err(|e| ServiceError::internal_from("password hashing", None, e))
    }
}

/// A salted argon2id hash with the default parameters (blocks for the hash's time).
pub fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with default parameters succeeds")
        .to_string()
}

/// Whether `password` matches `hash` (blocks for the check's time).
pub fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_now("secret");
        assert!(verify_now("secret", &hash));
        assert!(!verify_now("Secret", &hash));
        assert!(!verify_now("secret", "not a hash"));
    }

    #[test]
    fn the_dummy_hash_has_the_parameters_of_real_ones() {
        let params = |hash: &str| PasswordHash::new(hash).unwrap().params.to_string();
        let parsed = PasswordHash::new(&DUMMY_HASH).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert_eq!(params(&DUMMY_HASH), params(&hash_now("secret")));
    }

    #[tokio::test]
    async fn unknown_accounts_are_checked_too_and_never_match() {
        let passwords = Passwords::new(2);
        let hash = passwords.hash("secret").await.unwrap();
        assert!(passwords.verify("secret", Some(hash.clone())).await.unwrap());
        assert!(!passwords.verify("wrong", Some(hash)).await.unwrap());
        assert!(!passwords.verify("secret", None).await.unwrap());
        assert!(!passwords.verify("secret", Some("not a hash".into())).await.unwrap());
        assert_eq!(passwords.checks(), 4, "every answer cost one argon2 check");
    }
}
