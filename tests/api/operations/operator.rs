//! The operator pages: a password set with the CLI, login refused with a wrong password and
//! rate-limited, a session cookie that is strict and ends at sign-out, CSRF-checked actions.

use crate::helpers::{TEST_KEK, TestApp, http};
use crate::on_both_backends;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use securehospitals::platforms::{
    DeploymentPolicy, NewRegistration, RegistrationRef, RegistrationStatus,
};
use std::io::Write;
use std::process::{Command, Stdio};

const PASSWORD: &str = "ward 7 night shift keys";

fn set_password(db: &str, password: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_securehospitals"))
        .args(["--database-url", db, "--key-encryption-key", TEST_KEK])
        .args(["operator", "password"])
        .env_remove("DATABASE_URL")
        .env_remove("SECUREHOSPITALS_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn log_in(app: &TestApp, password: &str) -> reqwest::Response {
    http()
        .post(app.url("/operator/login"))
        .form(&[("password", password)])
        .send()
        .await
        .unwrap()
}

/// The session cookie (`name=value`) of a successful login.
async fn signed_in(app: &TestApp) -> String {
    let r = log_in(app, PASSWORD).await;
    assert_eq!(r.status(), 303);
    let set = r.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/operator"] {
        assert!(set.contains(attr), "{attr} in {set}");
    }
    set.split(';').next().unwrap().to_owned()
}

async fn page(app: &TestApp, cookie: &str) -> (u16, String) {
    let r = http()
        .get(app.url("/operator"))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn csrf_of(body: &str) -> String {
    let at = body.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    body[at..].split('"').next().unwrap().to_owned()
}

async fn post(app: &TestApp, path: &str, cookie: &str, form: &[(&str, &str)]) -> u16 {
    http()
        .post(app.url(path))
        .header(COOKIE, cookie)
        .form(form)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

on_both_backends! {
    async fn an_operator_signs_in_approves_a_pending_registration_and_adds_a_deployment(app) {
        let r = http().get(app.url("/operator")).send().await.unwrap();
        assert_eq!((r.status().as_u16(), r.headers().get(LOCATION).map(|v| v.to_str().unwrap().to_owned())), (303, Some("/operator/login".into())));
        let none_set = log_in(&app, PASSWORD).await;
        assert_eq!(none_set.status(), 401, "no password yet");
        let (ok, _, err) = set_password(&app._db.url, "too short");
        assert!(!ok && err.contains("at least 12 characters"), "{err}");
        let (ok, out, err) = set_password(&app._db.url, PASSWORD);
        assert!(ok, "{err}");
        assert!(out.contains("operator password set"), "{out}");

        let wrong = log_in(&app, "ward 7 night shift key").await;
        assert_eq!(wrong.status(), 401);
        assert!(wrong.text().await.unwrap().contains("wrong password"));
        let cookie = signed_in(&app).await;
        let (status, body) = page(&app, &cookie).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("Simulated Moodle") && body.contains(&app.deployment_id), "{body}");
        assert!(body.contains(&app.url("/lti/register")) && body.contains(&app.url("/lti/canvas.json")));
        assert!(body.contains(&app.url("/lti/launch")) && body.contains(&app.url("/.well-known/jwks.json")));
        assert!(body.contains("<td>current</td>"), "key status: {body}");
        assert!(body.contains("0 waiting (oldest none), 0 dead letter(s)"), "{body}");

        let pending = app.tool.state.store.insert_registration(NewRegistration {
            name: "Pending Canvas".into(),
            issuer: lti::Issuer::parse("https://canvas.instructure.com".to_owned()).unwrap(),
            client_id: lti::ClientId::parse("10000000000042".to_owned()).unwrap(),
            auth_url: "https://sso.canvaslms.com/api/lti/authorize_redirect".parse().unwrap(),
            token_url: "https://sso.canvaslms.com/login/oauth2/token".parse().unwrap(),
            jwks_url: "https://sso.canvaslms.com/api/lti/security/jwks".parse().unwrap(),
            status: RegistrationStatus::Pending,
            deployment_policy: DeploymentPolicy::Refuse,
            frame_origins: vec![],
            deployments: vec![],
        }).await.unwrap();
        let (_, body) = page(&app, &cookie).await;
        assert!(body.contains("Pending Canvas <small>(pending)</small>") && body.contains("Approve"), "{body}");
        let csrf = csrf_of(&body);
        let approve = format!("/operator/registrations/{}/approve", pending.id);
        assert_eq!(post(&app, &approve, &cookie, &[("csrf", "forged")]).await, 403);
        assert_eq!(post(&app, &approve, "sh_operator=stolen", &[("csrf", &csrf)]).await, 303, "to the login");
        let by_id = RegistrationRef::Id(pending.id);
        assert_eq!(app.tool.state.store.find_registration(&by_id).await.unwrap().unwrap().status, RegistrationStatus::Pending);
        assert_eq!(post(&app, &approve, &cookie, &[("csrf", &csrf)]).await, 303);
        let deployments = format!("/operator/registrations/{}/deployments", pending.id);
        assert_eq!(post(&app, &deployments, &cookie, &[("csrf", &csrf), ("deployment_id", "  ")]).await, 400);
        assert_eq!(post(&app, &deployments, &cookie, &[("csrf", &csrf), ("deployment_id", "1:abc")]).await, 303);
        let now = app.tool.state.store.find_registration(&by_id).await.unwrap().unwrap();
        assert_eq!(now.status, RegistrationStatus::Active);
        assert_eq!(now.deployments.iter().map(ToString::to_string).collect::<Vec<_>>(), vec!["1:abc"]);
        assert_eq!(post(&app, "/operator/registrations/nope/approve", &cookie, &[("csrf", &csrf)]).await, 404);

        // Signing out ends the session on the server, not only in the browser.
        assert_eq!(post(&app, "/operator/logout", &cookie, &[("csrf", &csrf)]).await, 303);
        assert_eq!(page(&app, &cookie).await.0, 303);
    }
}

on_both_backends! {
    async fn operator_login_is_rate_limited_per_client_address(app) {
        let (ok, _, err) = set_password(&app._db.url, PASSWORD);
        assert!(ok, "{err}");
        for _ in 0..5 {
            assert_eq!(log_in(&app, "guessing-password-1").await.status(), 401);
        }
        let limited = log_in(&app, PASSWORD).await;
        assert_eq!(limited.status(), 429, "even the right password waits");
        assert!(limited.headers().contains_key("retry-after"));
        assert!(limited.text().await.unwrap().contains("too many failed logins"));
        // A new password ends every session (none here) and does not lift the limit.
        let (ok, _, _) = set_password(&app._db.url, "another long password");
        assert!(ok);
        assert_eq!(log_in(&app, "another long password").await.status(), 429);
    }
}
