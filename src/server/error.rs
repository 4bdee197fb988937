//! Errors of the service layer, each with the HTTP status and the message a person sees.

use dioxus::prelude::ServerFnError;

use crate::model::message::MessageProblem;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("Требуется вход в систему")]
    Unauthorized,
    #[error("Недостаточно прав")]
    Forbidden,
    #[error("{0} не найден")]
    NotFound(&'static str),
    #[error("{0}")]
    BadInput(String),
    #[error(transparent)]
    Message(#[from] MessageProblem),
    #[error("Отправка сообщений заблокирована")]
    Blocked,
    #[error("Неверная почта или пароль")]
    WrongCredentials,
    #[error("Слишком много попыток, повторите через {0} с")]
    TooManyAttempts(i64),
    #[error("Ошибка базы данных")]
    Database(#[from] surrealdb::Error),
    #[error("Внутренняя ошибка сервера")]
    Internal,
}

impl ServiceError {
    pub fn status(&self) -> u16 {
        match self {
            ServiceError::Unauthorized | ServiceError::WrongCredentials => 401,
            ServiceError::Forbidden | ServiceError::Blocked => 403,
            ServiceError::NotFound(_) => 404,
            ServiceError::BadInput(_) | ServiceError::Message(_) => 400,
            ServiceError::TooManyAttempts(_) => 429,
            ServiceError::Database(_) | ServiceError::Internal => 500,
        }
    }
}

impl From<ServiceError> for ServerFnError {
    fn from(error: ServiceError) -> Self {
        if let ServiceError::Database(inner) = &error {
            // The details stay in the server log; the caller gets the plain message.
            tracing::error!("database error: {inner}");
        }
        ServerFnError::ServerError { message: error.to_string(), code: error.status(), details: None }
    }
}

/// A refusal answered outside a server function (an extractor, a socket's
/// upgrade), in the JSON shape the browser's server-function client decodes.
impl dioxus::server::axum::response::IntoResponse for ServiceError {
    fn into_response(self) -> dioxus::server::axum::response::Response {
        use dioxus::server::axum::{http::StatusCode, Json};
        let code = self.status();
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(serde_json::json!({ "message": self.to_string(), "code": code }))).into_response()
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
