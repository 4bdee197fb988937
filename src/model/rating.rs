//! Satisfaction ratings (#14): once a client's inquiry is closed, the
//! widget asks for 1–5 and a comment, once; operators see it in the chat, the
//! client panel and the client's history; the settings report averages.

use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// The longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 1_000;

/// A client's rating of one inquiry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub score: u8,
    pub comment: Option<String>,
    pub at_ms: i64,
}

/// What the widget sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewRating {
    pub chat: String,
    pub score: u8,
    #[serde(default)]
    pub comment: String,
}

impl NewRating {
    pub fn check(&self) -> Result<(), Problem> {
        if !(1..=5).contains(&self.score) {
            return Err(Problem::RatingOutOfRange);
        }
        if self.comment.chars().count() > MAX_COMMENT_CHARS {
            return Err(Problem::CommentTooLong { max: MAX_COMMENT_CHARS });
        }
        Ok(())
    }

    /// The comment as stored: trimmed, none if empty.
    pub fn comment(&self) -> Option<String> {
        Some(self.comment.trim().to_string()).filter(|c| !c.is_empty())
    }
}

/// One line of the report: a room or an operator, how many ratings and their average.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingLine {
    pub name: String,
    pub count: i64,
    pub average: f64,
}

/// The settings' report over a period: per room and per operator (the one
/// responsible when the inquiry was closed), best first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RatingReport {
    pub rooms: Vec<RatingLine>,
    pub operators: Vec<RatingLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_is_one_to_five_with_a_short_comment() {
        let ok = NewRating { chat: "c".into(), score: 5, comment: "  Спасибо!  ".into() };
        assert_eq!(ok.check(), Ok(()));
        assert_eq!(ok.comment().as_deref(), Some("Спасибо!"));
        assert_eq!(NewRating { comment: " ".into(), ..ok.clone() }.comment(), None);
        assert_eq!(NewRating { score: 0, ..ok.clone() }.check(), Err(Problem::RatingOutOfRange));
        assert_eq!(NewRating { score: 6, ..ok.clone() }.check(), Err(Problem::RatingOutOfRange));
        assert_eq!(NewRating { comment: "я".repeat(1001), ..ok }.check(), Err(Problem::CommentTooLong { max: 1000 }));
    }
}
