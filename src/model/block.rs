//! Blocking a website visitor (C14) until a time, with a reason, and ending
//! it early (C15).

use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// The longest reason, in characters.
pub const BLOCK_REASON_MAX: usize = 500;

/// What «Заблокировать» sends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewBlock {
    pub chat: String,
    /// The end of the block, Unix milliseconds.
    pub until_ms: i64,
    pub reason: String,
    /// The whole client (every merged user) rather than this user (C14).
    #[serde(default)]
    pub client: bool,
}

impl NewBlock {
    /// Why the server would refuse it at `now_ms` (checked again there).
    pub fn problem(&self, now_ms: i64) -> Option<Problem> {
        if self.reason.trim().is_empty() {
            return Some(Problem::BlockReasonMissing);
        }
        if self.reason.trim().chars().count() > BLOCK_REASON_MAX {
            return Some(Problem::BlockReasonTooLong { max: BLOCK_REASON_MAX });
        }
        if self.until_ms <= now_ms {
            return Some(Problem::BlockEndPassed);
        }
        None
    }
}

/// A block in force.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockInfo {
    pub until_ms: i64,
    pub reason: String,
    pub by_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_needs_a_reason_and_a_future_end() {
        let ok = NewBlock { chat: "c".into(), until_ms: 2_000, reason: "Спам".into(), client: false };
        assert_eq!(ok.problem(1_000), None);
        assert_eq!(NewBlock { reason: "  ".into(), ..ok.clone() }.problem(1_000), Some(Problem::BlockReasonMissing));
        assert_eq!(ok.problem(2_000), Some(Problem::BlockEndPassed));
        assert_eq!(NewBlock { reason: "я".repeat(501), ..ok }.problem(1_000), Some(Problem::BlockReasonTooLong { max: 500 }));
    }
}
