//! `/lti/launch`: every 1EdTech certification case (tool side, §6.1) over real HTTP, plus the
//! attacks the issue lists (alg none, key confusion, replays, state and audience tricks).

use crate::helpers::TestApp;
use crate::on_both_backends;
use securehospitals::lms_simulator::{LaunchSpec, Tamper};
use serde_json::json;

const LTI: &str = "https://purl.imsglobal.org/spec/lti/claim/";
const INSTRUCTOR: &str = "3";
const STUDENT: &str = "4";

fn claim(name: &str) -> String {
    format!("{LTI}{name}")
}

/// Launches with one tampering and asserts the refusal's status and reason code.
async fn assert_tamper_refused(app: &TestApp, tamper: Tamper, status: u16, code: &str) {
    let spec = LaunchSpec::resource_link(STUDENT, "rl-1").with_tamper(tamper.clone());
    let result = app.launcher().launch(spec).await;
    assert!(
        result.status.as_u16() == status && result.body.contains(code),
        "{tamper:?}: expected {status} {code}, got {} {}",
        result.status,
        result.body
    );
}

on_both_backends! {
    async fn certification_bad_payloads_are_refused_with_their_reason(app) {
        let cases: Vec<(Tamper, &str)> = vec![
            (Tamper::RemoveKid, "kid_missing"),
            (Tamper::WrongKid, "kid_unknown"),
            (Tamper::SetClaim(claim("version"), json!("1.2.0")), "version_unsupported"),
            (Tamper::RemoveClaim(claim("version")), "version_missing"),
            (Tamper::RemoveLtiClaims, "lti_claims_missing"),
            (Tamper::ExpireInPast(3600), "token_expired"),
            (Tamper::IssuedInFuture(3600), "iat_in_future"),
            (Tamper::RemoveClaim(claim("message_type")), "message_type_missing"),
            (Tamper::RemoveClaim(claim("roles")), "roles_missing"),
            (Tamper::RemoveClaim(claim("deployment_id")), "deployment_id_missing"),
            (Tamper::RemoveClaim(claim("resource_link")), "resource_link_missing"),
            (Tamper::RemoveClaim("sub".into()), "anonymous_launch"),
        ];
        for (tamper, code) in cases {
            assert_tamper_refused(&app, tamper, 400, code).await;
        }
    }
}

on_both_backends! {
    async fn a_launch_that_is_not_a_jwt_is_refused(app) {
        let l = app.launcher();
        let (login, cookie) = l.login(LaunchSpec::resource_link(STUDENT, "rl-1")).await;
        let mut form = l.authorize(login).await;
        for (k, v) in form.iter_mut() {
            if k == "id_token" {
                *v = "this is not a JWT".into();
            }
        }
        l.post_launch(&form, cookie.as_deref()).await.assert_refused(400, "jwt_malformed");
    }
}

on_both_backends! {
    async fn forged_tokens_are_refused(app) {
        let cases: Vec<(Tamper, &str)> = vec![
            (Tamper::AlgNone, "alg_not_allowed"),
            (Tamper::Hs256WithPublicKey, "alg_not_allowed"),
            (Tamper::SignWithUnpublishedKey, "kid_unknown"),
            (Tamper::UnpublishedKeyWithCurrentKid, "signature_invalid"),
            (Tamper::TamperPayloadAfterSigning, "signature_invalid"),
            (Tamper::ReplaceNonce("not-the-nonce-we-issued".into()), "nonce_mismatch"),
        ];
        for (tamper, code) in cases {
            assert_tamper_refused(&app, tamper, 400, code).await;
        }
    }
}

on_both_backends! {
    async fn audience_tricks_are_refused(app) {
        let ours = app.client_id.clone();
        let cases: Vec<(Tamper, &str)> = vec![
            (Tamper::SetClaim("aud".into(), json!("resourcekey-123")), "aud_mismatch"),
            (Tamper::AudList(vec![ours.clone(), "other-tool".into()]), "azp_missing"),
            (Tamper::Azp("other-tool".into()), "azp_mismatch"),
        ];
        for (tamper, code) in cases {
            assert_tamper_refused(&app, tamper, 400, code).await;
        }
        // A list audience with our azp is fine.
        let spec = LaunchSpec::resource_link(STUDENT, "rl-1")
            .with_tamper(Tamper::AudList(vec![ours.clone(), "other-tool".into()]))
            .with_tamper(Tamper::Azp(ours));
        let ok = app.launcher().launch(spec).await;
        assert_eq!(ok.status, 303, "{}", ok.body);
    }
}

on_both_backends! {
    async fn every_certification_valid_launch_is_accepted(app) {
        let unknown_role = "http://purl.imsglobal.org/vocab/lis/v2/membership#Unknown";
        for (user, role_uri, short) in [
            (INSTRUCTOR, "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor", "Instructor"),
            (STUDENT, "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner", "Learner"),
        ] {
            let base = || LaunchSpec::resource_link(user, "rl-1");
            let multiple = [role_uri, "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Staff"];
            let variants: Vec<(&str, LaunchSpec)> = vec![
                ("plain", base()),
                ("multiple roles", base().with_roles(&multiple)),
                ("short role", base().with_roles(&[short])),
                ("unknown role", base().with_roles(&[unknown_role])),
                ("no role", base().with_roles(&[])),
                ("email only", base().without_name()),
                ("names only", base().without_email()),
                ("no PII", base().without_name().without_email()),
                ("email without context", base().without_name().without_context()),
            ];
            for (what, spec) in variants {
                let result = app.launcher().launch(spec).await;
                assert_eq!(result.status, 303, "{short} {what}: {}", result.body);
                assert!(result.location.as_deref().unwrap().starts_with("/s/"), "{what}");
            }
        }
    }
}

on_both_backends! {
    async fn a_replayed_launch_form_is_refused(app) {
        let first = app.launcher().launch(LaunchSpec::resource_link(STUDENT, "rl-1")).await;
        assert_eq!(first.status, 303, "{}", first.body);
        let again = app.launcher().post_launch(&first.form, first.state_cookie.as_deref()).await;
        again.assert_refused(400, "nonce_replayed");
    }
}

on_both_backends! {
    async fn a_replayed_id_token_under_a_fresh_state_is_refused(app) {
        let l = app.launcher();
        let first = l.launch(LaunchSpec::resource_link(STUDENT, "rl-1")).await;
        assert_eq!(first.status, 303, "{}", first.body);
        let token = first.form.iter().find(|(k, _)| k == "id_token").unwrap().1.clone();
        // A new login gives a new state; post the old token under it.
        let (login, cookie) = l.login(LaunchSpec::resource_link(STUDENT, "rl-1")).await;
        let mut form = l.authorize(login).await;
        for (k, v) in form.iter_mut() {
            if k == "id_token" {
                *v = token.clone();
            }
        }
        l.post_launch(&form, cookie.as_deref()).await.assert_refused(400, "nonce_mismatch");
    }
}

on_both_backends! {
    async fn a_launch_without_the_state_cookie_or_with_another_state_is_refused(app) {
        let l = app.launcher();
        let (login, _cookie) = l.login(LaunchSpec::resource_link(STUDENT, "rl-1")).await;
        let form = l.authorize(login).await;
        l.post_launch(&form, None).await.assert_refused(400, "state_cookie_missing");

        let (login, cookie) = l.login(LaunchSpec::resource_link(STUDENT, "rl-1")).await;
        let mut form = l.authorize(login).await;
        for (k, v) in form.iter_mut() {
            if k == "state" {
                *v = "made-up-state".into();
            }
        }
        l.post_launch(&form, cookie.as_deref()).await.assert_refused(400, "state_cookie_missing");
    }
}

/// The cookie a browser would hold for `state` (its name is a digest of the state).
fn cookie_for(state: &str) -> String {
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(state.as_bytes())[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("lti_state_{digest}=1")
}

on_both_backends! {
    async fn a_forged_or_altered_state_is_refused_even_with_its_cookie(app) {
        let l = app.launcher();
        let (login, _) = l.login(LaunchSpec::resource_link(STUDENT, "rl-1")).await;
        let form = l.authorize(login).await;
        let state = form.iter().find(|(k, _)| k == "state").unwrap().1.clone();
        // Change one character of the signed state's payload, and invent one outright.
        let mut altered = state.clone().into_bytes();
        let i = state.find('.').unwrap() + 5;
        altered[i] = if altered[i] == b'x' { b'y' } else { b'x' };
        let altered = String::from_utf8(altered).unwrap();
        for bad in [altered, "made-up-state".to_owned()] {
            let mut form = form.clone();
            for (k, v) in form.iter_mut() {
                if k == "state" {
                    *v = bad.clone();
                }
            }
            l.post_launch(&form, Some(&cookie_for(&bad))).await.assert_refused(400, "state_unknown");
        }
        // The untouched state still works afterwards: the refusals consumed nothing.
        let ok = l.post_launch(&form, Some(&cookie_for(&state))).await;
        assert_eq!(ok.status, 303, "{}", ok.body);
    }
}

on_both_backends! {
    async fn unknown_deployments_are_refused_unless_the_policy_adds_them(app) {
        app.sim.add_deployment(&app.client_id, "course-copy-7").unwrap();
        let spec = || LaunchSpec::resource_link(STUDENT, "rl-1").with_deployment("course-copy-7");
        let refused = app.launcher().launch(spec()).await;
        refused.assert_refused(403, "unknown_deployment");
        assert!(refused.body.contains("platform deployment add"), "{}", refused.body);

        app.tool.state.store.set_deployment_policy(app.registration.id, securehospitals::platforms::DeploymentPolicy::AutoAdd).await.unwrap();
        app.refresh_registry();
        let ok = app.launcher().launch(spec()).await;
        assert_eq!(ok.status, 303, "{}", ok.body);
        let r = app.tool.state.store.find_registration_by_id(app.registration.id).await.unwrap().unwrap();
        assert!(r.deployments.iter().any(|d| d.as_str() == "course-copy-7"));
    }
}

on_both_backends! {
    async fn a_pending_registration_cannot_launch_and_says_so(app) {
        let store = &app.tool.state.store;
        store.set_registration_status(app.registration.id, securehospitals::platforms::RegistrationStatus::Pending).await.unwrap();
        app.refresh_registry();
        let (login, _) = app.launcher().login(LaunchSpec::resource_link(STUDENT, "rl-1")).await;
        assert_eq!(login.status(), 403);
        assert!(login.text().await.unwrap().contains("registration_pending"));
    }
}

on_both_backends! {
    async fn platform_key_rotation_does_not_break_launches(app) {
        let before = app.sim.jwks_fetches();
        assert_eq!(app.launcher().launch(LaunchSpec::resource_link(STUDENT, "rl-1")).await.status, 303);
        assert_eq!(app.launcher().launch(LaunchSpec::resource_link(STUDENT, "rl-1")).await.status, 303);
        assert_eq!(app.sim.jwks_fetches() - before, 1, "the JWKS is cached between launches");
        app.sim.rotate_keys(securehospitals::lms_simulator::OldKey::KeepPublished).unwrap();
        let after_rotation = app.launcher().launch(LaunchSpec::resource_link(STUDENT, "rl-1")).await;
        assert_eq!(after_rotation.status, 303, "{}", after_rotation.body);
        assert_eq!(app.sim.jwks_fetches() - before, 2, "one refetch for the new kid");
    }
}

on_both_backends! {
    async fn a_plain_get_of_the_launch_url_gets_a_harmless_page(app) {
        let r = crate::helpers::http().get(app.url("/lti/launch")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("launch endpoint"));
    }
}

on_both_backends! {
    async fn an_oversized_launch_body_is_refused_before_parsing(app) {
        let huge = "a".repeat(1024 * 1024);
        let r = crate::helpers::http()
            .post(app.url("/lti/launch"))
            .form(&[("id_token", huge.as_str()), ("state", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 413);
    }
}

on_both_backends! {
    async fn refusals_answer_json_to_api_clients(app) {
        let r = crate::helpers::http()
            .post(app.url("/lti/launch"))
            .header("accept", "application/json")
            .form(&[("id_token", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"], "missing_parameter");
        assert!(body["message"].as_str().unwrap().contains("state"));
        assert!(body["correlation_id"].as_str().is_some_and(|c| c.len() >= 16));
    }
}
