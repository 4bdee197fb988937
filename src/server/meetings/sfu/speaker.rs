//! Who is speaking (#19), from the audio level every sender's browser puts
//! in its audio packets (RFC 6464): the server decides for everyone, so
//! receivers run no analysers of their own.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Louder than this (dBov, 0 the loudest, -127 silence) is speech.
const SPEECH_DBOV: i8 = -50;
/// Speaking lasts this long after the last loud packet, so a tile does not
/// flicker between words.
const HOLD: Duration = Duration::from_millis(800);

#[derive(Default)]
pub(super) struct Speakers {
    /// Publisher → when it was last loud, and whether it counts as speaking.
    loud: HashMap<u64, (Instant, bool)>,
}

impl Speakers {
    /// A packet's level from `origin`; true if it started speaking.
    pub fn level(&mut self, origin: u64, level: Option<i8>, voice: Option<bool>, now: Instant) -> bool {
        let loud = level.is_some_and(|l| l > SPEECH_DBOV) && voice != Some(false);
        if !loud {
            return false;
        }
        let entry = self.loud.entry(origin).or_insert((now, false));
        entry.0 = now;
        let started = !entry.1;
        entry.1 = true;
        started
    }

    /// The publishers that stopped speaking by `now`.
    pub fn quiet(&mut self, now: Instant) -> Vec<u64> {
        let mut stopped = Vec::new();
        for (origin, (last, speaking)) in &mut self.loud {
            if *speaking && now.duration_since(*last) >= HOLD {
                *speaking = false;
                stopped.push(*origin);
            }
        }
        stopped
    }

    pub fn speaking(&self, origin: u64) -> bool {
        self.loud.get(&origin).is_some_and(|(_, s)| *s)
    }

    /// When `origin` last spoke (the latest speakers' videos are shown first).
    pub fn last_loud(&self, origin: u64) -> Option<Instant> {
        self.loud.get(&origin).map(|(t, _)| *t)
    }

    pub fn forget(&mut self, origin: u64) {
        self.loud.remove(&origin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_holds_then_stops() {
        let mut speakers = Speakers::default();
        let t0 = Instant::now();
        assert!(!speakers.level(1, Some(-90), None, t0), "quiet is not speech");
        assert!(speakers.level(1, Some(-20), Some(true), t0));
        assert!(!speakers.level(1, Some(-20), Some(true), t0 + Duration::from_millis(100)), "already speaking");
        assert!(speakers.quiet(t0 + Duration::from_millis(500)).is_empty());
        assert_eq!(speakers.quiet(t0 + Duration::from_millis(1000)), vec![1]);
        assert!(!speakers.speaking(1));
    }
}
