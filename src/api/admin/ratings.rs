//! Settings → «Оценки» (#14): the ratings report over a period.

use dioxus::prelude::*;

use crate::model::rating::RatingReport;

#[cfg(feature = "server")]
use {crate::server::admin::ratings, crate::server::rights::Actor, crate::server::state::AppState, dioxus::server::axum::Extension};

/// Ratings from `from_ms` to `to_ms` (milliseconds since 1970), per room and operator.
#[post("/api/settings/ratings", state: Extension<AppState>, actor: Actor)]
pub async fn rating_report(from_ms: i64, to_ms: i64) -> ServerFnResult<RatingReport> {
    Ok(ratings::report(&state, &actor, from_ms, to_ms).await?)
}
