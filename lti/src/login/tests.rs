//! Tests of login initiation parsing and of the authentication request URL.

use super::*;

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn base() -> Vec<(String, String)> {
    params(&[
        ("iss", "https://canvas.instructure.com"),
        ("login_hint", "535fa085"),
        ("target_link_uri", "https://tool.example/lti/launch"),
    ])
}

fn without(name: &str) -> Vec<(String, String)> {
    base().into_iter().filter(|(k, _)| k != name).collect()
}

#[test]
fn each_required_parameter_is_named_when_missing() {
    for name in ["iss", "login_hint", "target_link_uri"] {
        let err = LoginInitiation::from_params(without(name)).unwrap_err();
        assert!(
            matches!(err, LoginError::MissingParameter(n) if n == name),
            "{err}"
        );
        assert!(err.to_string().contains(&format!("`{name}`")));
        assert_eq!(err.code(), "login_param_missing");
    }
}

#[test]
fn empty_required_parameters_count_as_missing() {
    let mut p = without("iss");
    p.push(("iss".into(), String::new()));
    let err = LoginInitiation::from_params(p).unwrap_err();
    assert!(matches!(err, LoginError::MissingParameter("iss")));
}

#[test]
fn optional_parameters_are_read_and_empty_ones_ignored() {
    let mut p = base();
    p.extend(params(&[
        ("client_id", "10000000000002"),
        ("lti_deployment_id", ""),
        ("lti_storage_target", "post_message_forwarding"),
        ("canvas_region", "not_configured"),
    ]));
    let login = LoginInitiation::from_params(p).unwrap();
    assert_eq!(login.client_id.unwrap().as_str(), "10000000000002");
    assert_eq!(login.lti_deployment_id, None);
    assert_eq!(login.lti_message_hint, None);
    assert_eq!(
        login.lti_storage_target.as_deref(),
        Some("post_message_forwarding")
    );
}

#[test]
fn conflicting_duplicate_parameters_are_refused() {
    let mut p = base();
    p.push(("iss".into(), "https://evil.example".into()));
    let err = LoginInitiation::from_params(p).unwrap_err();
    assert!(matches!(err, LoginError::DuplicateParameter("iss")));
    let mut same = base();
    same.push(("iss".into(), "https://canvas.instructure.com".into()));
    assert!(LoginInitiation::from_params(same).is_ok());
}

#[test]
fn target_link_uri_must_be_an_absolute_http_url() {
    for bad in [
        "/lti/launch",
        "javascript:alert(1)",
        "ftp://tool.example/x",
        "not a url",
    ] {
        let mut p = without("target_link_uri");
        p.push(("target_link_uri".into(), bad.into()));
        let err = LoginInitiation::from_params(p).unwrap_err();
        assert_eq!(err.code(), "target_link_uri_invalid", "{bad}: {err}");
    }
}

#[test]
fn target_origin_check_compares_scheme_host_and_port() {
    let login = LoginInitiation::from_params(base()).unwrap();
    let ours = Url::parse("https://tool.example/").unwrap().origin();
    assert!(login.check_target_origin(&ours).is_ok());
    for other in [
        "https://evil.example/",
        "http://tool.example/",
        "https://tool.example:8443/",
    ] {
        let theirs = Url::parse(other).unwrap().origin();
        let err = login.check_target_origin(&theirs).unwrap_err();
        assert_eq!(err.code(), "target_link_uri_foreign");
    }
}

fn auth_request(endpoint: &str, hint: Option<&str>) -> AuthRequest {
    AuthRequest {
        auth_endpoint: Url::parse(endpoint).unwrap(),
        client_id: ClientId::parse("client 1").unwrap(),
        redirect_uri: Url::parse("https://tool.example/lti/launch").unwrap(),
        login_hint: LoginHint::parse("42").unwrap(),
        lti_message_hint: hint.map(|h| LtiMessageHint::parse(h).unwrap()),
        state: State::parse("s").unwrap(),
        nonce: Nonce::parse("n").unwrap(),
    }
}

#[test]
fn auth_url_carries_every_oidc_parameter() {
    let url = auth_request("https://lms.example/auth", None).to_url();
    assert_eq!(
        url.as_str(),
        "https://lms.example/auth?scope=openid&response_type=id_token&response_mode=form_post\
         &prompt=none&client_id=client+1&redirect_uri=https%3A%2F%2Ftool.example%2Flti%2Flaunch\
         &login_hint=42&state=s&nonce=n"
    );
}

#[test]
fn auth_url_keeps_the_endpoints_own_query_and_echoes_the_message_hint_exactly() {
    let hint = "{\"a\": \"b&c=d\"}";
    let url = auth_request("https://lms.example/auth?tenant=7#frag", Some(hint)).to_url();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs[0], ("tenant".to_owned(), "7".to_owned()));
    assert_eq!(
        pairs.last().unwrap(),
        &("lti_message_hint".to_owned(), hint.to_owned())
    );
    assert_eq!(url.fragment(), None);
}
