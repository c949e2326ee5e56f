//! Moodle's token endpoint: the request form we build matches the one it accepted, and its JSON
//! answer labelled `text/html` gives a token with the granted scopes.

use std::time::Duration;

use lti::{AccessToken, ScopeSet, token_request_form};

use crate::support::step;

fn all_scopes() -> ScopeSet {
    ScopeSet::new([
        lti::ags::scope::SCORE,
        lti::nrps::SCOPE_CONTEXT_MEMBERSHIP_READONLY,
        lti::ags::scope::LINE_ITEM,
        lti::ags::scope::RESULT_READONLY,
        lti::ags::scope::LINE_ITEM_READONLY,
    ])
}

#[test]
fn the_token_form_matches_the_request_moodle_accepted() {
    let token = step("token");
    let form = token_request_form("<jwt>", &all_scopes()).unwrap();
    let captured = token.req_body().as_object().unwrap();
    assert_eq!(form.len(), captured.len());
    for (name, value) in &form {
        assert_eq!(captured[*name], value.as_str(), "{name}");
    }
}

#[test]
fn moodles_json_labelled_text_html_gives_a_bearer_token() {
    let token = step("token");
    assert!(token.resp_header("content-type").starts_with("text/html"));
    let access = AccessToken::parse_response(token.status(), token.body()).unwrap();
    assert_eq!(access.token.secret(), "afb0134b27f76a313b67d4814ea448d8");
    assert_eq!(access.token_type, "Bearer");
    assert_eq!(access.expires_in, Some(Duration::from_secs(3600)));
    assert_eq!(access.scope.as_ref(), Some(&all_scopes()));
    assert!(
        access
            .scope
            .unwrap()
            .covers(&ScopeSet::new([lti::ags::scope::SCORE]))
    );
    let later = step("ags-lineitems");
    assert_eq!(
        later.req_header("Authorization"),
        AccessToken::parse_response(200, token.body())
            .unwrap()
            .authorization_header()
    );
}

#[test]
fn moodles_unauthorised_service_answer_is_not_mistaken_for_a_token() {
    let refused = step("ags-lineitems-no-token");
    let err = AccessToken::parse_response(refused.status(), refused.body()).unwrap_err();
    assert_eq!(err.code(), "token_http_error");
    assert!(err.to_string().contains("HTTP 401"), "{err}");
}
