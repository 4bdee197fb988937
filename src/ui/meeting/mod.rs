//! Meetings and video calls (R3, R4, C3, C4, C13): the call view, ringing,
//! creating a meeting, its settings and link, and the guests' page.

pub mod call;
pub mod guest;
pub mod link;
pub mod new_meeting;
pub mod ring;
#[cfg(feature = "web")]
pub mod rtc;
pub mod settings;
#[cfg(feature = "web")]
pub mod signalling;
