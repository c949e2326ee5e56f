//! Security headers on every response. `frame-ancestors` lists the platforms allowed to frame
//! the tool (configured per registration and learned from verified launches), never `*`.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// A response extension: one more origin allowed to frame this response only (the dynamic
/// registration page, framed by a platform that is not registered yet).
#[derive(Debug, Clone)]
pub struct FrameAncestor(pub String);

pub async fn security_headers(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let origins = match app.registry.frame_origins().await {
        Ok(o) => o,
        Err(e) => {
            tracing::warn!(error = %e, "frame origins unavailable; only self may frame this response");
            Default::default()
        }
    };
    let csp = match response.extensions_mut().remove::<FrameAncestor>() {
        Some(FrameAncestor(extra)) => {
            let mut with_extra = origins.to_vec();
            with_extra.push(extra);
            content_security_policy(&with_extra)
        }
        None => content_security_policy(&origins),
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Session ids travel in page paths: never leak them to other sites through Referer.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Builds the policy; origins that could break out of the directive are dropped.
pub fn content_security_policy(origins: &[String]) -> String {
    let mut ancestors = String::from("'self'");
    for o in origins.iter().filter(|o| is_plain_origin(o)) {
        ancestors.push(' ');
        ancestors.push_str(o);
    }
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
         base-uri 'none'; frame-ancestors {ancestors}"
    )
}

fn is_plain_origin(o: &str) -> bool {
    (o.starts_with("https://") || o.starts_with("http://"))
        && !o.contains(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | '\'' | '*' | '"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_ancestors_lists_origins_and_never_a_wildcard() {
        let csp = content_security_policy(&[
            "https://moodle.example".into(),
            "https://*.evil".into(),
            "x; script-src *".into(),
        ]);
        assert!(
            csp.ends_with("frame-ancestors 'self' https://moodle.example"),
            "{csp}"
        );
        assert!(!csp.contains('*'));
    }
}
