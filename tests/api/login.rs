//! `/lti/login`: the OIDC third-party-initiated login.

use crate::helpers::{TestApp, http};
use crate::on_both_backends;
use reqwest::header::{LOCATION, SET_COOKIE};
use securehospitals::lms_simulator::LaunchSpec;

async fn login_with<P: serde::Serialize + ?Sized>(app: &TestApp, params: &P) -> reqwest::Response {
    http()
        .post(app.url("/lti/login"))
        .form(params)
        .send()
        .await
        .unwrap()
}

on_both_backends! {
    async fn login_redirects_to_the_platform_with_every_oidc_parameter(app) {
        let hint = r#"{"cmid":1,"launchid":"ltilaunch1_1518893369"}"#;
        let target = app.url("/lti/launch");
        let iss = app.sim.issuer().to_owned();
        let r = http()
            .get(app.url("/lti/login"))
            .query(&[("iss", iss.as_str()), ("login_hint", "4"), ("target_link_uri", target.as_str()),
                     ("client_id", app.client_id.as_str()), ("lti_message_hint", hint)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 302);
        let cookie = r.headers().get(SET_COOKIE).unwrap().to_str().unwrap().to_owned();
        for attr in ["HttpOnly", "Secure", "SameSite=None", "Partitioned"] {
            assert!(cookie.contains(attr), "state cookie lacks {attr}: {cookie}");
        }
        let to = url::Url::parse(r.headers()[LOCATION].to_str().unwrap()).unwrap();
        assert!(to.as_str().starts_with(&app.sim.auth_url()), "{to}");
        let q: std::collections::HashMap<_, _> = to.query_pairs().into_owned().collect();
        assert_eq!(q["scope"], "openid");
        assert_eq!(q["response_type"], "id_token");
        assert_eq!(q["response_mode"], "form_post");
        assert_eq!(q["prompt"], "none");
        assert_eq!(q["client_id"], app.client_id);
        assert_eq!(q["redirect_uri"], target);
        assert_eq!(q["login_hint"], "4");
        assert_eq!(q["lti_message_hint"], hint, "echoed byte for byte");
        assert!(q["state"].len() >= 22 && q["nonce"].len() >= 22);
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(q["state"].as_bytes())[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(cookie.starts_with(&format!("lti_state_{digest}=")), "the cookie is named after this state: {cookie}");
    }
}

on_both_backends! {
    async fn login_names_what_is_missing_or_unknown(app) {
        let target = app.url("/lti/launch");
        let iss = app.sim.issuer().to_owned();
        let r = login_with(&app, &[("iss", iss.as_str()), ("target_link_uri", target.as_str())]).await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("login_hint"));

        let r = login_with(&app, &[("iss", "https://unknown.example"), ("login_hint", "4"), ("target_link_uri", target.as_str())]).await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("unknown_issuer"));

        let r = login_with(&app, &[("iss", iss.as_str()), ("login_hint", "4"), ("target_link_uri", target.as_str()), ("client_id", "nope")]).await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("unknown_client"));

        let r = login_with(&app, &[("iss", iss.as_str()), ("login_hint", "4"), ("target_link_uri", "https://evil.example/lti/launch")]).await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("target_link_uri_foreign"));
    }
}

on_both_backends! {
    async fn two_registrations_on_one_issuer_are_told_apart_by_client_id(app) {
        // Canvas cloud: every customer shares the issuer.
        let second = app.sim.register_tool(securehospitals::lms_simulator::ToolRegistration::for_tool(&app.base).unwrap()).unwrap();
        let mut new = securehospitals::platforms::NewRegistration {
            name: "Second customer".into(),
            issuer: app.registration.issuer.clone(),
            client_id: lti::ClientId::parse(second.client_id.clone()).unwrap(),
            auth_url: app.registration.auth_url.clone(),
            token_url: app.registration.token_url.clone(),
            jwks_url: app.registration.jwks_url.clone(),
            status: securehospitals::platforms::RegistrationStatus::Active,
            deployment_policy: Default::default(),
            frame_origins: vec![],
            deployments: vec![],
        };
        new.deployments = vec![lti::DeploymentId::parse(crate::helpers::deployment_of(&second)).unwrap()];
        app.tool.state.store.insert_registration(new).await.unwrap();
        app.refresh_registry();

        let first = app.launcher().launch(LaunchSpec::resource_link("4", "rl-1").with_client(&app.client_id)).await;
        assert_eq!(first.status, 303, "{}", first.body);
        let other = app.launcher().launch(LaunchSpec::resource_link("4", "rl-1").with_client(&second.client_id)).await;
        assert_eq!(other.status, 303, "{}", other.body);

        let sid = other.session_id();
        let s: serde_json::Value = http().get(app.url("/api/session")).bearer_auth(&sid).send().await.unwrap().json().await.unwrap();
        assert_eq!(s["client_id"], second.client_id);

        // Without client_id the tool cannot choose, and says so.
        let target = app.url("/lti/launch");
        let iss = app.sim.issuer().to_owned();
        let r = login_with(&app, &[("iss", iss.as_str()), ("login_hint", "4"), ("target_link_uri", target.as_str())]).await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("client_id_required"));
    }
}

on_both_backends! {
    async fn a_token_for_another_client_of_the_same_issuer_is_refused(app) {
        let second = app.sim.register_tool(securehospitals::lms_simulator::ToolRegistration::for_tool(&app.base).unwrap()).unwrap();
        let new = securehospitals::platforms::NewRegistration {
            name: "Second customer".into(),
            issuer: app.registration.issuer.clone(),
            client_id: lti::ClientId::parse(second.client_id.clone()).unwrap(),
            auth_url: app.registration.auth_url.clone(),
            token_url: app.registration.token_url.clone(),
            jwks_url: app.registration.jwks_url.clone(),
            status: securehospitals::platforms::RegistrationStatus::Active,
            deployment_policy: Default::default(),
            frame_origins: vec![],
            deployments: vec![lti::DeploymentId::parse(crate::helpers::deployment_of(&second)).unwrap()],
        };
        app.tool.state.store.insert_registration(new).await.unwrap();
        app.refresh_registry();
        let l = app.launcher();
        // Login as the first client, but post a token minted for the second.
        let (login, cookie) = l.login(LaunchSpec::resource_link("4", "rl-1").with_client(&app.client_id)).await;
        let form = l.authorize(login).await;
        let (login2, _) = l.login(LaunchSpec::resource_link("4", "rl-1").with_client(&second.client_id)).await;
        let form2 = l.authorize(login2).await;
        let token2 = form2.iter().find(|(k, _)| k == "id_token").unwrap().1.clone();
        let mixed: Vec<(String, String)> = form.into_iter().map(|(k, v)| if k == "id_token" { (k, token2.clone()) } else { (k, v) }).collect();
        l.post_launch(&mixed, cookie.as_deref()).await.assert_refused(400, "aud_mismatch");
    }
}

/// The three parameters a login needs, for the rate-limit tests.
fn plain_login(app: &TestApp) -> [(&'static str, String); 3] {
    [
        ("iss", app.sim.issuer().to_owned()),
        ("login_hint", "4".to_owned()),
        ("target_link_uri", app.url("/lti/launch")),
    ]
}

#[tokio::test]
async fn a_burst_of_logins_from_one_address_is_rate_limited() {
    let app = TestApp::build(crate::helpers::Backend::Sqlite, |a| {
        a.launch_rate_per_minute = Some(60)
    })
    .await
    .unwrap();
    let params = plain_login(&app);
    let mut limited = None;
    for _ in 0..30 {
        let r = login_with(&app, &params).await;
        if r.status() == 429 {
            limited = Some(r);
            break;
        }
        assert_eq!(r.status(), 302);
    }
    let r = limited.expect("a burst of 30 logins at 60 per minute must hit the limit");
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1, "a retry in 0 s is no advice");
    // A person (the LMS's frame) gets the tool's error page, an API client JSON.
    let page = r.text().await.unwrap();
    assert!(
        page.contains("rate_limited") && page.contains("<html"),
        "{page}"
    );
    let r = http()
        .post(app.url("/lti/login"))
        .header("accept", "application/json")
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "rate_limited");
    assert!(body["correlation_id"].is_string(), "{body}");
}

/// Behind a trusted proxy, IPv6 clients of one /64 share one allowance (one subscriber gets a
/// whole /64), and another /64 has its own.
#[tokio::test]
async fn ipv6_clients_of_one_64_network_share_one_allowance() {
    let app = TestApp::build(crate::helpers::Backend::Sqlite, |a| {
        a.launch_rate_per_minute = Some(60);
        a.trusted_proxies = Some(vec!["127.0.0.1".parse().unwrap()]);
    })
    .await
    .unwrap();
    let params = plain_login(&app);
    let login_from = |client: String| {
        http()
            .post(app.url("/lti/login"))
            .header("x-forwarded-for", client)
            .form(&params)
            .send()
    };
    // A fresh address of the same /64 for every login.
    let mut limited_after = None;
    for n in 1..=30 {
        let r = login_from(format!("2001:db8:7:1::{n:x}")).await.unwrap();
        if r.status() == 429 {
            limited_after = Some(n);
            break;
        }
        assert_eq!(r.status(), 302);
    }
    assert!(
        limited_after.is_some(),
        "30 logins at 60 per minute from one /64 must hit the limit, whatever the addresses"
    );
    let other = login_from("2001:db8:7:2::1".into()).await.unwrap();
    assert_eq!(other.status(), 302, "the next /64 is another client");
}

on_both_backends! {
    async fn a_platform_added_while_the_server_runs_can_launch_within_seconds(app) {
        assert_eq!(app.launcher().launch(LaunchSpec::resource_link("4", "rl-1")).await.status, 303);
        let second = app.sim.register_tool(securehospitals::lms_simulator::ToolRegistration::for_tool(&app.base).unwrap()).unwrap();
        let new = securehospitals::platforms::NewRegistration {
            name: "Added later".into(),
            issuer: app.registration.issuer.clone(),
            client_id: lti::ClientId::parse(second.client_id.clone()).unwrap(),
            auth_url: app.registration.auth_url.clone(),
            token_url: app.registration.token_url.clone(),
            jwks_url: app.registration.jwks_url.clone(),
            status: securehospitals::platforms::RegistrationStatus::Active,
            deployment_policy: Default::default(),
            frame_origins: vec![],
            deployments: vec![lti::DeploymentId::parse(crate::helpers::deployment_of(&second)).unwrap()],
        };
        // Written straight to the database, as `platform add` in another process would.
        app.tool.state.store.insert_registration(new).await.unwrap();
        let started = std::time::Instant::now();
        let l = app.launcher();
        loop {
            let (login, cookie) = l.login(LaunchSpec::resource_link("4", "rl-1").with_client(&second.client_id)).await;
            if login.status() == 302 {
                let form = l.authorize(login).await;
                assert_eq!(l.post_launch(&form, cookie.as_deref()).await.status, 303);
                break;
            }
            assert!(started.elapsed() < std::time::Duration::from_secs(6), "still refused after 6 s");
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }
}
