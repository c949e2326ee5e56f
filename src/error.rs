//! The app's one error type: a 4xx with a reason an admin can act on, or a 5xx whose cause goes
//! to the log and never to the page. Browsers get HTML, API callers JSON.

use crate::i18n::{Tr, UiLang};
use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

/// An error on its way to becoming a response.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    /// A stable, documented reason code (see `docs/launch-errors.md`).
    pub code: &'static str,
    /// What happened and what to do, for the person reading it.
    pub message: String,
    /// The internal cause, logged for 5xx, never shown.
    pub cause: Option<anyhow::Error>,
    /// Render as JSON rather than HTML.
    pub json: bool,
}

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            cause: None,
            json: false,
        }
    }
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }
    /// A server-side failure: the page says only that something went wrong.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal_error",
            message: "Something went wrong on our side. Please try again; if it keeps happening, give the \
                      reference below to your LMS administrator."
                .into(),
            cause: Some(cause.into()),
            json: false,
        }
    }
    pub fn unavailable(
        code: &'static str,
        message: impl Into<String>,
        cause: impl Into<anyhow::Error>,
    ) -> Self {
        Self {
            cause: Some(cause.into()),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
        }
    }
    pub fn as_json(mut self) -> Self {
        self.json = true;
        self
    }
    /// JSON when the caller asked for it (API clients), HTML otherwise.
    pub fn for_client(self, headers: &HeaderMap) -> Self {
        if wants_json(headers) {
            self.as_json()
        } else {
            self
        }
    }
}

/// Whether the caller asked for JSON rather than a page (`Accept: application/json`, and no
/// `text/html` beside it).
pub fn wants_json(headers: &HeaderMap) -> bool {
    accepts_json(headers.get(header::ACCEPT))
}

/// The same, from the `Accept` value alone.
pub fn accepts_json(accept: Option<&header::HeaderValue>) -> bool {
    accept
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"))
}

impl From<crate::db::StoreError> for AppError {
    fn from(e: crate::db::StoreError) -> Self {
        Self::unavailable(
            "database_unavailable",
            "The tool's database is not answering. Please try again shortly.",
            e,
        )
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: &'a str,
    correlation_id: &'a str,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    t: Tr,
    status: u16,
    title: &'a str,
    /// A plain explanation of the code in the reader's language, when the page is not English
    /// and the code has one; the specific message then follows under "details".
    explanation: Option<&'a str>,
    code: &'a str,
    message: &'a str,
    correlation_id: &'a str,
    back: Option<&'a str>,
}

/// What an HTML error page shows. It travels on the response (as an extension), so that the
/// layer that knows the visitor's language (`web::localize_error_pages`) can render the page
/// again in that language: an error rarely has a session to take the language from.
#[derive(Debug, Clone)]
pub struct ErrorPageData {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub correlation_id: String,
    /// The learner's start page, when the error happened on a page of a live session: the way
    /// back into the training (the page has no menu of its own).
    pub back: Option<String>,
}

impl ErrorPageData {
    /// The same error as JSON, for an API client that reached an error page.
    pub fn to_json(&self) -> Response {
        axum::Json(ErrorBody {
            error: self.code,
            message: &self.message,
            correlation_id: &self.correlation_id,
        })
        .into_response()
    }

    /// The page in `lang`, or `None` if the template fails (then the caller keeps what it has).
    pub fn render(&self, lang: UiLang) -> Option<String> {
        let t = Tr::new(lang);
        let title = t
            .find(&format!("error-title-{}", self.status.as_u16()))
            .unwrap_or_else(|| t.get("error-title-other"));
        let explanation = match lang {
            UiLang::En => None,
            _ => t.find(&format!("error-code-{}", self.code.replace('_', "-"))),
        };
        ErrorPage {
            t,
            status: self.status.as_u16(),
            title,
            explanation,
            code: self.code,
            message: &self.message,
            correlation_id: &self.correlation_id,
            back: self.back.as_deref(),
        }
        .render()
        .ok()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let correlation_id = uuid::Uuid::new_v4().simple().to_string();
        if self.status.is_server_error() {
            tracing::error!(code = self.code, %correlation_id, cause = ?self.cause, "request failed: {}", self.message);
        } else {
            tracing::info!(code = self.code, %correlation_id, status = self.status.as_u16(), "request refused: {}", self.message);
        }
        let mut response = if self.json {
            axum::Json(ErrorBody {
                error: self.code,
                message: &self.message,
                correlation_id: &correlation_id,
            })
            .into_response()
        } else {
            let page = ErrorPageData {
                status: self.status,
                code: self.code,
                message: self.message,
                correlation_id,
                back: None,
            };
            let mut response = match page.render(UiLang::En) {
                Some(html) => Html(html).into_response(),
                None => page.message.clone().into_response(),
            };
            response.extensions_mut().insert(page);
            response
        };
        *response.status_mut() = self.status;
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
