//! SurrealDB's server, as the `surreal` binary starts it: `surreal start …`.
// The server's async bodies nest deeply (SurrealDB's own binary sets the same).
#![recursion_limit = "256"]

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
