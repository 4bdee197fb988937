//! Settings → «Оценки» (#14): clients' ratings over a period, averaged per
//! room and per operator (the one responsible when the inquiry was closed).

use surrealdb::types::SurrealValue;

use crate::model::rating::{RatingLine, RatingReport};
use crate::server::error::ServiceResult;
use crate::server::rights::{administer, Actor};
use crate::server::state::AppState;
use crate::server::store::db::rows;

#[derive(SurrealValue)]
struct LineRow {
    name: Option<String>,
    count: i64,
    total: i64,
}

impl LineRow {
    fn into_line(self) -> RatingLine {
        let average = if self.count > 0 { self.total as f64 / self.count as f64 } else { 0.0 };
        RatingLine { name: self.name.unwrap_or_default(), count: self.count, average }
    }
}

/// Ratings given from `from_ms` (inclusive) to `to_ms` (exclusive): per room
/// and per operator, best average first, then most ratings.
pub async fn report(state: &AppState, actor: &Actor, from_ms: i64, to_ms: i64) -> ServiceResult<RatingReport> {
    administer(actor)?;
    let mut response = state
        .db
        .query(
            "SELECT room.name AS name, count() AS count, math::sum(rating) AS total FROM chat
                 WHERE rated_ms >= $from AND rated_ms < $to AND rating != NONE GROUP BY name;
             SELECT rating_operator.name AS name, count() AS count, math::sum(rating) AS total FROM chat
                 WHERE rated_ms >= $from AND rated_ms < $to AND rating != NONE AND rating_operator != NONE GROUP BY name;",
        )
        .bind(("from", from_ms))
        .bind(("to", to_ms))
        .await?;
    let sorted = |rows: Vec<LineRow>| {
        let mut lines: Vec<RatingLine> = rows.into_iter().map(LineRow::into_line).collect();
        lines.sort_by(|a, b| b.average.total_cmp(&a.average).then(b.count.cmp(&a.count)).then(a.name.cmp(&b.name)));
        lines
    };
    let rooms = sorted(rows::<LineRow>(&mut response, 0)?);
    let operators = sorted(rows::<LineRow>(&mut response, 1)?);
    Ok(RatingReport { rooms, operators })
}
