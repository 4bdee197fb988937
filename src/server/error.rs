//! Errors of the service layer: a refusal ([`Problem`], 4xx) or a failure
//! (5xx) that keeps its source and what was being done, logged once where it
//! becomes an HTTP answer.

use dioxus::prelude::ServerFnError;

use crate::model::problem::Problem;

/// What the server was doing when it failed: an operation and the record it
/// was about, if one was at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub operation: &'static str,
    pub id: Option<String>,
}

impl Context {
    pub fn new(operation: &'static str, id: Option<&str>) -> Context {
        Context { operation, id: id.map(str::to_string) }
    }

    /// The context `?` gives a database error before anyone names one.
    const DATABASE: &'static str = "database";

    fn is_default(&self) -> bool {
        self.operation == Context::DATABASE && self.id.is_none()
    }
}

impl std::fmt::Display for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} ({id})", self.operation),
            None => f.write_str(self.operation),
        }
    }
}

type Source = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The caller's request is refused (4xx); the problem says why.
    #[error("{0}")]
    Refused(Problem),
    #[error("database error in {context}: {source}")]
    Database { source: surrealdb::Error, context: Context },
    /// Anything else that should not happen: a 500.
    #[error("internal error in {context}{}", source.as_ref().map(|s| format!(": {s}")).unwrap_or_default())]
    Internal { context: Context, source: Option<Source> },
}

impl ServiceError {
    /// A 500 with no underlying error.
    pub fn internal(operation: &'static str, id: Option<&str>) -> ServiceError {
        ServiceError::Internal { context: Context::new(operation, id), source: None }
    }

    /// A 500 caused by `source`.
    pub fn internal_from(operation: &'static str, id: Option<&str>, source: impl Into<Source>) -> ServiceError {
        ServiceError::Internal { context: Context::new(operation, id), source: Some(source.into()) }
    }

    pub fn not_found(thing: crate::model::problem::Thing) -> ServiceError {
        ServiceError::Refused(Problem::NotFound { thing })
    }

    /// The problem the caller is told: a refusal's own, or [`Problem::Internal`].
    pub fn problem(&self) -> Problem {
        match self {
            ServiceError::Refused(problem) => problem.clone(),
            ServiceError::Database { source, .. } if unreachable(source) => Problem::StorageUnavailable { retry_secs: STORAGE_RETRY_SECS },
            ServiceError::Database { .. } | ServiceError::Internal { .. } => Problem::Internal,
        }
    }

    /// The refusal's problem, if this is one (for tests and callers that branch).
    pub fn refusal(&self) -> Option<&Problem> {
        match self {
            ServiceError::Refused(problem) => Some(problem),
            _ => None,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            ServiceError::Refused(problem) => problem.status(),
            ServiceError::Database { source, .. } if unreachable(source) => 503,
            ServiceError::Database { .. } | ServiceError::Internal { .. } => 500,
        }
    }

    /// Names what was being done, unless a more precise context is already set.
    pub fn with_context(mut self, operation: &'static str, id: Option<&str>) -> ServiceError {
        match &mut self {
            ServiceError::Database { context, .. } | ServiceError::Internal { context, .. } if context.is_default() => {
                *context = Context::new(operation, id);
            }
            _ => {}
        }
        self
    }

    /// Logs a 5xx with its context and source; refusals are the caller's
    /// business and are not logged. Called where the error becomes an answer.
    fn log(&self) {
        match self {
            ServiceError::Refused(_) => {}
            ServiceError::Database { source, context } => {
                tracing::error!(operation = context.operation, id = context.id.as_deref(), "database error: {source}");
            }
            ServiceError::Internal { context, source } => match source {
                Some(source) => tracing::error!(operation = context.operation, id = context.id.as_deref(), "internal error: {source}"),
                None => tracing::error!(operation = context.operation, id = context.id.as_deref(), "internal error"),
            },
        }
    }
}

impl From<Problem> for ServiceError {
    fn from(problem: Problem) -> Self {
        ServiceError::Refused(problem)
    }
}

impl From<surrealdb::Error> for ServiceError {
    fn from(source: surrealdb::Error) -> Self {
        ServiceError::Database { source, context: Context { operation: Context::DATABASE, id: None } }
    }
}

/// `.context("send message", Some(chat))` on a database or service result:
/// names the operation and record a 5xx is logged with.
pub trait ResultContext<T> {
    fn context(self, operation: &'static str, id: Option<&str>) -> ServiceResult<T>;
}

impl<T> ResultContext<T> for Result<T, surrealdb::Error> {
    fn context(self, operation: &'static str, id: Option<&str>) -> ServiceResult<T> {
        self.map_err(|source| ServiceError::Database { source, context: Context::new(operation, id) })
    }
}

impl<T> ResultContext<T> for ServiceResult<T> {
    fn context(self, operation: &'static str, id: Option<&str>) -> ServiceResult<T> {
        self.map_err(|error| error.with_context(operation, id))
    }
}

/// A server function's error: the problem in `details`, an English message,
/// the status. A 5xx is logged here, once.
/// How long the browser waits before sending again to a database that did not answer.
pub const STORAGE_RETRY_SECS: i64 = 3;

/// Whether the database could not be reached at all (a database server
/// restarting or gone), as against refusing the query.
pub fn unreachable(error: &surrealdb::Error) -> bool {
    let text = error.to_string().to_lowercase();
    // After a database server's restart, until the session is renewed
    // (`store::db::spawn_session_keeper`), queries are refused as anonymous.
    crate::server::store::db::unreachable_text(&text) || text.contains("anonymous access not allowed")
}

impl From<ServiceError> for ServerFnError {
    fn from(error: ServiceError) -> Self {
        error.log();
        server_fn_error(&error.problem())
    }
}

/// The server-function error that carries `problem` to the browser, where
/// `api::problem_of` reads it back from `details`.
pub fn server_fn_error(problem: &Problem) -> ServerFnError {
    ServerFnError::ServerError { message: problem.to_string(), code: problem.status(), details: serde_json::to_value(problem).ok() }
}

/// A refusal answered outside a server function (an extractor, a socket's
/// upgrade), in the JSON shape the browser's server-function client decodes.
impl dioxus::server::axum::response::IntoResponse for ServiceError {
    fn into_response(self) -> dioxus::server::axum::response::Response {
        self.log();
        problem_response(&self.problem())
    }
}

/// The answer for `problem` with its status, written as Dioxus writes a
/// server function's `Err(ServerFnError)`: `{"message", "code", "data"}` with
/// the whole error in `data`, which the browser's client decodes back into
/// the `ServerFnError` (and so into the problem, from its `details`).
pub fn problem_response(problem: &Problem) -> dioxus::server::axum::response::Response {
    use dioxus::server::axum::{http::StatusCode, response::IntoResponse, Json};
    let code = problem.status();
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let error = server_fn_error(problem);
    (status, Json(serde_json::json!({ "message": error.to_string(), "code": code, "data": error }))).into_response()
}

pub type ServiceResult<T> = Result<T, ServiceError>;

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(error: &ServiceError) -> Option<(&'static str, Option<&str>)> {
        match error {
            ServiceError::Database { context, .. } | ServiceError::Internal { context, .. } => Some((context.operation, context.id.as_deref())),
            ServiceError::Refused(_) => None,
        }
    }

    #[test]
    fn context_names_a_failure_once_and_leaves_refusals_alone() {
        let unnamed = ServiceError::Internal { context: Context { operation: Context::DATABASE, id: None }, source: None };
        let named: ServiceResult<()> = Err(unnamed).context("send message", Some("vivan"));
        let named = named.unwrap_err();
        assert_eq!(operation(&named), Some(("send message", Some("vivan"))));
        // The innermost name stays: it says what failed.
        let again = Err::<(), _>(named).context("outer", None).unwrap_err();
        assert_eq!(operation(&again), Some(("send message", Some("vivan"))));
        let refused = Err::<(), _>(ServiceError::from(Problem::Forbidden)).context("outer", None).unwrap_err();
        assert_eq!(refused.refusal(), Some(&Problem::Forbidden));
        assert_eq!(refused.status(), 403);
        // The caller learns only that it failed; the source is for the log.
        let failed = ServiceError::internal_from("room image", Some("support"), "bad base64");
        assert_eq!((failed.problem(), failed.status()), (Problem::Internal, 500));
        assert_eq!(failed.to_string(), "internal error in room image (support): bad base64");
    }
}
