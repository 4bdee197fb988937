//! A new chat between employees in an internal room (R2, W12): a personal
//! chat with one colleague, or a group chat with at least two and a topic.

use serde::{Deserialize, Serialize};

use super::chat::TOPIC_MAX_CHARS;
use super::employee::colleagues;
use super::problem::Problem;

/// A group chat needs at least this many colleagues besides me (R2).
pub const GROUP_MIN_OTHERS: usize = 2;
/// The most colleagues one chat starts with.
pub const MAX_OTHERS: usize = 50;

/// What «Создать» sends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewInternalChat {
    pub room: String,
    /// Made by the browser once per dialog: a retried «Создать» finds the
    /// chat the first attempt made instead of making a twin.
    pub key: String,
    /// A group chat (with a topic) rather than a personal one.
    pub group: bool,
    /// The colleagues besides me.
    pub others: Vec<String>,
    pub topic: String,
}

impl NewInternalChat {
    /// Trimmed topic; colleagues sorted, once each, without me.
    pub fn normalized(mut self, me: &str) -> Self {
        self.topic = self.topic.trim().to_string();
        self.others = colleagues(self.others, me);
        self
    }

    /// Why the server would refuse it, if it would (checked again there).
    pub fn problem(&self) -> Option<Problem> {
        if self.others.is_empty() {
            return Some(Problem::NobodyChosen);
        }
        if self.others.len() > MAX_OTHERS {
            return Some(Problem::TooManyParticipants { max: MAX_OTHERS });
        }
        if self.group && self.others.len() < GROUP_MIN_OTHERS {
            return Some(Problem::GroupChatTooFew);
        }
        if !self.group && self.others.len() > 1 {
            return Some(Problem::PersonalChatOnePerson);
        }
        if self.group && self.topic.is_empty() {
            return Some(Problem::GroupChatTopicMissing);
        }
        if self.topic.chars().count() > TOPIC_MAX_CHARS {
            return Some(Problem::TopicTooLong { max: TOPIC_MAX_CHARS });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(group: bool, others: &[&str], topic: &str) -> NewInternalChat {
        NewInternalChat { room: "staff".into(), key: "k".into(), group, others: others.iter().map(|s| s.to_string()).collect(), topic: topic.into() }
            .normalized("me")
    }

    #[test]
    fn personal_and_group_rules() {
        assert_eq!(new(false, &["boris"], "").problem(), None);
        assert!(new(false, &[], "").problem().is_some());
        assert!(new(false, &["me"], "").problem().is_some(), "only me is nobody");
        assert!(new(false, &["boris", "vera"], "").problem().is_some());
        assert!(new(true, &["boris"], "План").problem().is_some());
        assert!(new(true, &["boris", "boris"], "План").problem().is_some(), "twice is once");
        assert!(new(true, &["boris", "vera"], "  ").problem().is_some());
        assert_eq!(new(true, &["vera", "boris", "me"], " План ").problem(), None);
        assert_eq!(new(true, &["vera", "boris"], " План ").others, vec!["boris", "vera"]);
        assert!(new(true, &["boris", "vera"], &"я".repeat(121)).problem().is_some());
    }
}
