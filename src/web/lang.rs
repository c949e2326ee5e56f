//! The visitor's interface language where no session says it (`?lang=`, else
//! `Accept-Language`), and the layer that renders error pages in it.

use crate::error::ErrorPageData;
use crate::i18n::UiLang;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;

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
/// take the language from); this layer renders them again in the visitor's language. JSON
/// errors and English visitors pass through untouched.
pub(super) async fn localize_error_pages(request: Request, next: Next) -> Response {
    // Every request passes here, few fail: keep what the language needs (a header value and a
    // query that names `lang`) and work it out only for an error page.
    let accepted = request.headers().get(header::ACCEPT_LANGUAGE).cloned();
    let query = request
        .uri()
        .query()
        .filter(|q| q.contains("lang="))
        .map(str::to_owned);
    let mut response = next.run(request).await;
    if response.extensions().get::<ErrorPageData>().is_none() {
        return response;
    }
    let query_lang = query.and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned())
    });
    let accepted = accepted.as_ref().and_then(|v| v.to_str().ok());
    let lang = lang_of(query_lang.as_deref(), accepted);
    if lang == UiLang::En {
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

#[cfg(test)]
mod tests {
    use super::*;

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
