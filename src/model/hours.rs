//! A client room's working hours and offline form (#14): when the room
//! answers, in its own time zone, and what the widget does outside them or
//! when no operator of the room is at work.

use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// Minutes in a day: a closing time of 24:00 is 1440.
pub const DAY_MINUTES: u16 = 24 * 60;

/// One day's opening and closing minute (0..=1440), opening first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub from_min: u16,
    pub to_min: u16,
}

/// A client room's hours, as the administrator sets them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkingHours {
    /// Off: the room works around the clock.
    pub enabled: bool,
    /// An IANA time zone, e.g. `Europe/Moscow`.
    pub timezone: String,
    /// Monday first, seven days: the hours of each, none on a day off.
    pub days: Vec<Option<DayHours>>,
    /// Outside the hours the widget still starts a chat (saying it is
    /// outside the hours); otherwise it takes an offline message.
    pub accept_outside: bool,
    /// With no operator of the room at work, the widget takes an offline
    /// message (name, e-mail, message) instead of starting a chat.
    pub offline_when_nobody: bool,
}

impl Default for WorkingHours {
    /// Monday to Friday, 9:00 to 18:00 Moscow time, not yet in force.
    fn default() -> Self {
        let weekday = Some(DayHours { from_min: 9 * 60, to_min: 18 * 60 });
        WorkingHours {
            enabled: false,
            timezone: "Europe/Moscow".into(),
            days: vec![weekday, weekday, weekday, weekday, weekday, None, None],
            accept_outside: true,
            offline_when_nobody: false,
        }
    }
}

impl WorkingHours {
    /// Seven days, each opening before it closes within the day. (The time
    /// zone is checked by the server, which knows the zones.)
    pub fn check(&self) -> Result<(), Problem> {
        let days_ok = self.days.len() == 7
            && self.days.iter().flatten().all(|d| d.from_min < d.to_min && d.to_min <= DAY_MINUTES);
        if !days_ok {
            return Err(Problem::BadWorkingHours);
        }
        Ok(())
    }

    /// Whether the room works on `weekday` (0 = Monday) at `minute` of the day.
    pub fn open_at(&self, weekday: usize, minute: u16) -> bool {
        !self.enabled || self.days.get(weekday).copied().flatten().is_some_and(|d| d.from_min <= minute && minute < d.to_min)
    }
}

/// What the widget shows before a chat starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Welcome {
    /// The name, then the chat.
    #[default]
    Chat,
    /// The chat, with a notice that it is outside the working hours.
    ChatOutsideHours,
    /// The offline form: name, e-mail and the message; the inquiry waits in «Новые».
    OfflineForm,
}

/// «09:00» for a minute of the day.
pub fn minute_text(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The minute of the day «09:30» names, if it names one (24:00 included).
pub fn parse_minute(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && h * 60 + m <= DAY_MINUTES).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hours_open_within_a_day_s_range() {
        let hours = WorkingHours { enabled: true, ..WorkingHours::default() };
        assert!(hours.open_at(0, 9 * 60));
        assert!(!hours.open_at(0, 18 * 60), "closing time is closed");
        assert!(!hours.open_at(0, 8 * 60 + 59));
        assert!(!hours.open_at(5, 12 * 60), "Saturday is a day off");
        assert!(WorkingHours::default().open_at(6, 3 * 60), "hours not in force: always open");
    }

    #[test]
    fn bad_hours_are_refused() {
        let good = WorkingHours::default();
        assert_eq!(good.check(), Ok(()));
        let mut reversed = good.clone();
        reversed.days[0] = Some(DayHours { from_min: 600, to_min: 500 });
        assert_eq!(reversed.check(), Err(Problem::BadWorkingHours));
        assert_eq!(WorkingHours { days: vec![None; 6], ..good }.check(), Err(Problem::BadWorkingHours));
    }

    #[test]
    fn minutes_read_and_write_as_clock_times() {
        assert_eq!(parse_minute("09:30"), Some(570));
        assert_eq!(parse_minute("24:00"), Some(1440));
        assert_eq!(parse_minute("24:01"), None);
        assert_eq!(parse_minute("9:60"), None);
        assert_eq!(minute_text(570), "09:30");
    }
}
