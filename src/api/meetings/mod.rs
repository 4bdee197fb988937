//! Server functions of meetings: create and configure, links, calls.

pub mod calls;
pub mod meeting;
