//! The visitor's interface language where no session says it (`?lang=`, else
//! `Accept-Language`), and the layer that renders error pages in it.

use crate::error::ErrorPageData;
use crate::i18n::UiLang;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};

/// `?lang=` when it names an interface language, else the first one `Accept-Language` names.
pub(super) fn visitor_lang(query: Option<&str>, headers: &HeaderMap) -> UiLang {
    let accepted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    lang_of(query, accepted)
}

/// The language a `lang` query value and an `Accept-Language` value name (English when neither
/// names an interface language).
fn lang_of(query: Option<&str>, accept_language: Option<&str>) -> UiLang {
    let accepted = accept_language
        .into_iter()
        .flat_map(|v| v.split(','))
        .filter_map(|tag| tag.split(';').next())
        .filter_map(|tag| tag.trim().get(..2));
    query
        .into_iter()
        .chain(accepted)
        .find_map(|code| UiLang::parse(&code.to_ascii_lowercase()))
        .unwrap_or(UiLang::En)
}

/// Error pages are rendered in English where they are raised (an error rarely has a session to
/// take the language from); this layer renders them again in the visitor's language (on a
/// session's page the learner's own, else `?lang=` or `Accept-Language`), or as JSON
/// for a caller that asked for JSON (errors raised where the request was out of reach, such as
/// the rate limiters). It also turns the framework's own plain-text refusals (a form that does
/// not parse, a wrong content type, a body over the limit) into the tool's error page, with a
/// code and a correlation id. JSON errors and English visitors pass through untouched.
pub(super) async fn localize_error_pages(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    // Every request passes here, few fail: keep the headers and address the answer may need
    // (reference-counted clones, no parsing) and work out the rest only for an error page.
    let accepted = request.headers().get(header::ACCEPT_LANGUAGE).cloned();
    let accept = request.headers().get(header::ACCEPT).cloned();
    let uri = request.uri().clone();
    let mut response = next.run(request).await;
    if response.extensions().get::<ErrorPageData>().is_none() {
        match framework_refusal(response).await {
            Ok(page) => response = page,
            Err(untouched) => return untouched,
        }
    }
    let Some(page) = response.extensions().get::<ErrorPageData>() else {
        return response;
    };
    if crate::error::accepts_json(accept.as_ref()) {
        let mut as_json = page.to_json();
        *as_json.status_mut() = response.status();
        for name in [header::RETRY_AFTER, header::CACHE_CONTROL, header::ALLOW] {
            if let Some(v) = response.headers().get(&name) {
                as_json.headers_mut().insert(name, v.clone());
            }
        }
        return as_json;
    }
    let query_lang = uri.query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned())
    });
    let session = uri
        .path()
        .strip_prefix("/s/")
        .and_then(|rest| rest.split('/').next())
        .and_then(crate::sessions::SessionId::parse);
    let accepted = accepted.as_ref().and_then(|v| v.to_str().ok());
    // On a session's page, the learner's language (the one the page around it speaks), read
    // only now that there is an error page to render.
    let live = match session {
        Some(id) => app
            .store
            .find_session(&id, crate::launch::unix_now())
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let session_lang = match (&query_lang, &live) {
        (None, Some(s)) => Some(super::session::tr_for(&app, s).await.lang()),
        _ => None,
    };
    let lang = session_lang.unwrap_or_else(|| lang_of(query_lang.as_deref(), accepted));
    if let Some(s) = &live
        && let Some(page) = response.extensions_mut().get_mut::<ErrorPageData>()
    {
        page.back = Some(format!("/s/{}/", s.id.as_str()));
    } else if lang == UiLang::En {
        return response;
    }
    let Some(html) = response
        .extensions()
        .get::<ErrorPageData>()
        .and_then(|page| page.render(lang))
    else {
        return response;
    };
    response.headers_mut().remove(header::CONTENT_LENGTH);
    *response.body_mut() = Body::from(html);
    response
}

/// A 4xx in plain text comes from the framework's extractors (axum's rejections), a 408 from the
/// timeout and a plain 500 from the panic guard: each becomes the tool's own error answer.
/// Anything else is handed back untouched.
async fn framework_refusal(response: Response) -> Result<Response, Response> {
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    let status = response.status();
    let empty = axum::body::HttpBody::size_hint(response.body()).exact() == Some(0);
    // The framework's refusals (text), the timeout's 408 and the panic guard's 500 (no page).
    let ours = (status.is_client_error() && plain)
        || (status == axum::http::StatusCode::REQUEST_TIMEOUT && (plain || empty))
        || (status == axum::http::StatusCode::INTERNAL_SERVER_ERROR && plain);
    if !ours {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    // The framework's messages are one short sentence; a longer body is not one of them.
    let Ok(bytes) = axum::body::to_bytes(body, 4096).await else {
        return Err(Response::from_parts(parts, Body::empty()));
    };
    let error = match status.as_u16() {
        408 => crate::error::AppError::new(
            status,
            "request_timeout",
            "The request took too long and was stopped. Please try again.",
        ),
        500 => crate::error::AppError::internal(anyhow::anyhow!(
            "a handler panicked: {}",
            String::from_utf8_lossy(&bytes)
        )),
        n => {
            let code = match n {
                413 => "body_too_large",
                415 => "unsupported_media_type",
                422 => "invalid_form",
                _ => "bad_request",
            };
            let message = format!(
                "The request could not be read: {}.",
                String::from_utf8_lossy(&bytes).trim().trim_end_matches('.')
            );
            crate::error::AppError::new(status, code, message)
        }
    };
    let mut page = error.into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            page.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn refusal(
        status: u16,
        content_type: Option<&str>,
        body: &'static str,
    ) -> Option<String> {
        let mut r = Response::new(Body::from(body));
        *r.status_mut() = axum::http::StatusCode::from_u16(status).unwrap();
        if let Some(t) = content_type {
            r.headers_mut()
                .insert(header::CONTENT_TYPE, t.parse().unwrap());
        }
        framework_refusal(r).await.ok().and_then(|page| {
            page.extensions()
                .get::<ErrorPageData>()
                .map(|p| p.code.to_owned())
        })
    }

    #[tokio::test]
    async fn the_frameworks_refusals_the_timeout_and_a_panic_become_error_pages() {
        assert_eq!(
            refusal(
                415,
                Some("text/plain; charset=utf-8"),
                "Form requests must have `Content-Type`"
            )
            .await
            .as_deref(),
            Some("unsupported_media_type")
        );
        assert_eq!(
            refusal(408, None, "").await.as_deref(),
            Some("request_timeout")
        );
        assert_eq!(
            refusal(500, Some("text/plain; charset=utf-8"), "Service panicked")
                .await
                .as_deref(),
            Some("internal_error")
        );
        // A CSV, a JSON answer or any success is none of the framework's refusals.
        assert_eq!(refusal(400, Some("application/json"), "{}").await, None);
        assert_eq!(refusal(200, Some("text/plain"), "ok").await, None);
        assert_eq!(refusal(503, Some("text/plain"), "down").await, None);
    }

    #[test]
    fn the_query_wins_over_accept_language_and_unknown_codes_fall_back() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, "nl-BE,nl;q=0.9".parse().unwrap());
        assert_eq!(visitor_lang(None, &h), UiLang::Nl);
        assert_eq!(visitor_lang(Some("de"), &h), UiLang::De);
        assert_eq!(visitor_lang(Some("xx"), &h), UiLang::Nl);
        assert_eq!(visitor_lang(None, &HeaderMap::new()), UiLang::En);
    }
}
