//! Certificates end to end: a learner passes every module of a learning path in the player and
//! gets exactly one certificate; anyone verifies it by code or credential (valid, expired with
//! a fixed clock, revoked, tampered, signed by another key, unknown); the issuer key rotates
//! without invalidating it; the credential has every Open Badges 3.0 property.

mod cli;
mod concurrency;
mod credential;
mod renewal;
mod status;
mod upload;
mod verification;

use crate::courses::player::{Learned, launch, pairs};
use crate::helpers::{TestApp, http};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use securehospitals::certificates::Certificate;
use securehospitals::lms_simulator::LaunchSpec;

/// The administrative path: the shortest one.
pub const PATH: &str = "administrative";

/// Passes every module of the path but the last; returns the learner and the last module.
pub async fn all_but_last<'a>(app: &'a TestApp, spec: LaunchSpec) -> (Learned<'a>, String) {
    let learner = launch(app, spec).await;
    learner.choose_role("AD", "courses").await;
    let modules = learner.catalogue().path(PATH).unwrap().modules.clone();
    let (last, rest) = modules.split_last().unwrap();
    for module in rest {
        pass(&learner, module).await;
    }
    (learner, last.clone())
}

pub async fn pass(learner: &Learned<'_>, module: &str) {
    let attempt = learner.start(module, "quiz").await;
    let answers = learner.right_answers(&attempt).await;
    let done = learner.submit(module, &attempt, &answers).await;
    assert_eq!(done.status, 303, "{}", done.body);
}

/// A learner (user 4, Sam Student, with name and e-mail) who completed the path.
pub async fn earn<'a>(app: &'a TestApp) -> (Learned<'a>, Certificate) {
    earn_as(app, LaunchSpec::resource_link("4", "rl-cert")).await
}

pub async fn earn_as<'a>(app: &'a TestApp, spec: LaunchSpec) -> (Learned<'a>, Certificate) {
    let (learner, last) = all_but_last(app, spec).await;
    assert!(
        certificates(&learner).await.is_empty(),
        "no certificate before the path is complete"
    );
    pass(&learner, &last).await;
    let certs = certificates(&learner).await;
    assert_eq!(certs.len(), 1, "one certificate for the completed path");
    let cert = certs.into_iter().next().unwrap();
    (learner, cert)
}

pub async fn certificates(learner: &Learned<'_>) -> Vec<Certificate> {
    learner
        .app
        .tool
        .state
        .store
        .learner_certificates(&learner.learner())
        .await
        .unwrap()
}

/// The JSON answer of `/verify/{code}` (asked with `Accept: application/json`).
pub async fn verify_json(app: &TestApp, code: &str) -> (u16, serde_json::Value) {
    let r = http()
        .get(app.url(&format!("/verify/{code}")))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// Posts a credential (JWT or JSON) to `/verify` as a machine would.
pub async fn verify_posted(app: &TestApp, body: &str) -> (u16, serde_json::Value) {
    let r = http()
        .post(app.url("/verify"))
        .header("content-type", "application/octet-stream")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// Decodes a JWT's header and payload without checking anything.
pub fn jwt_parts(jwt: &str) -> (serde_json::Value, serde_json::Value) {
    let mut parts = jwt.split('.');
    let mut next =
        || serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap()).unwrap();
    (next(), next())
}

pub async fn get_text(app: &TestApp, path: &str) -> (u16, String) {
    let r = http().get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

pub fn form(list: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs(list)
}
