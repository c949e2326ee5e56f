//! The pages of a launch without third-party cookies: the login page (cookie check, then LTI
//! client-side postMessage storage, else "continue in a new window") and the restore page that
//! reads the secret back from platform storage and posts it with the id_token.

use super::headers::FrameAncestor;
use crate::i18n::Tr;
use crate::launch::{LoginPage, LoginRedirect, StoragePut};
use askama::Template;
use askama_web::WebTemplate;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

#[derive(Template, WebTemplate)]
#[template(path = "lti/login.html")]
struct LoginPageView<'a> {
    t: Tr,
    auth_url: &'a str,
    /// Empty when the cookie path is off.
    check_url: String,
    storage: Option<&'a StoragePut>,
    params: &'a [(String, String)],
    new_window_param: &'static str,
    /// No check or storage to try: show the new-window offer at once.
    only_new_window: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "lti/restore.html")]
struct RestorePageView<'a> {
    t: Tr,
    get: &'a StoragePut,
    id_token: &'a str,
    state: &'a str,
}

/// Framed by the platform that started the login (it may not be a known frame origin yet) and
/// never cached: it carries a one-time secret or an id_token.
fn framed_by(page: impl IntoResponse, origin: &str) -> Response {
    let mut response = page.into_response();
    response
        .extensions_mut()
        .insert(FrameAncestor(origin.to_owned()));
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// Before the launch the learner's locale is unknown: the browser's `Accept-Language` decides.
fn browser_lang(headers: &HeaderMap) -> Tr {
    Tr::new(super::lang::visitor_lang(None, headers))
}

pub fn login_page(redirect: &LoginRedirect, page: &LoginPage, headers: &HeaderMap) -> Response {
    let check_url = if page.check_cookie {
        format!(
            "/lti/cookie-check/{}",
            crate::launch::binding::short_digest(&redirect.state)
        )
    } else {
        String::new()
    };
    let view = LoginPageView {
        t: browser_lang(headers),
        auth_url: redirect.auth_url.as_str(),
        only_new_window: check_url.is_empty() && page.storage.is_none(),
        check_url,
        storage: page.storage.as_ref(),
        params: &page.params,
        new_window_param: crate::launch::binding::NEW_WINDOW_PARAM,
    };
    framed_by(view, &redirect.auth_url.origin().ascii_serialization())
}

pub fn restore_page(
    get: &StoragePut,
    id_token: &str,
    state: &str,
    headers: &HeaderMap,
) -> Response {
    let view = RestorePageView {
        t: browser_lang(headers),
        get,
        id_token,
        state,
    };
    framed_by(view, &get.platform_origin)
}
