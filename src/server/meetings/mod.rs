//! Meetings and video calls: conferences and webinars, running calls with
//! their lobbies, per-peer signalling, the media server, and ICE servers.

pub mod calls;
pub mod ice;
pub mod meeting;
pub mod sfu;
pub mod signalling;
