//! Verification: valid by code (HTML and JSON), by JWT and by JSON file; tampered, foreign,
//! unknown and malformed input each verify as what they are; expiry with a fixed clock;
//! revocation through the status list; key rotation keeps earlier certificates valid.

use super::*;
use crate::on_both_backends;
use securehospitals::certificates::credential::IssuerUrls;
use securehospitals::certificates::{issuer_keys, service, status_list};

fn urls(app: &TestApp) -> IssuerUrls {
    IssuerUrls::new(&app.tool.state.config.public_url)
}

on_both_backends! {
    async fn a_certificate_verifies_by_code_jwt_and_json_file(app) {
        let (_, cert) = earn(&app).await;
        let code = cert.code.display();
        let (status, page) = get_text(&app, &format!("/verify/{code}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("Valid certificate") && page.contains("Sam Student"), "{page}");
        let (status, report) = verify_json(&app, &code).await;
        assert_eq!(status, 200);
        assert_eq!(report["status"], "valid");
        assert_eq!(report["valid"], true);
        assert_eq!(report["name"], "Sam Student");
        // The same by the .json suffix, and a code typed sloppily.
        let (_, by_suffix) = get_text(&app, &format!("/verify/{code}.json")).await;
        let by_suffix: serde_json::Value = serde_json::from_str(&by_suffix).unwrap();
        assert_eq!(by_suffix["status"], "valid");
        let sloppy = code.to_lowercase().replace('-', "");
        assert_eq!(verify_json(&app, &sloppy).await.1["status"], "valid");
        // The form redirects a code to its page, in the visitor's language.
        let r = http().post(app.url("/verify")).form(&[("code", sloppy.as_str())]).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 303);
        let r = http().get(app.url(&format!("/verify/{code}"))).header("accept-language", "de-DE,de;q=0.9").send().await.unwrap();
        assert!(r.text().await.unwrap().contains("Gültiges Zertifikat"));
        // The downloaded JWT, posted by a machine and pasted by a person.
        let (_, jwt) = get_text(&app, &format!("/credentials/{code}/credential.jwt")).await;
        assert_eq!(jwt, cert.credential_jwt.clone().unwrap());
        assert_eq!(verify_posted(&app, &jwt).await.1["status"], "valid");
        let r = http().post(app.url("/verify")).form(&[("credential", jwt.as_str())]).send().await.unwrap();
        assert!(r.text().await.unwrap().contains("Valid certificate"));
        let (_, json) = get_text(&app, &format!("/credentials/{code}/credential.json")).await;
        assert_eq!(verify_posted(&app, &json).await.1["status"], "valid");
    }
}

on_both_backends! {
    async fn tampered_foreign_unknown_and_malformed_credentials_never_verify_as_valid(app) {
        let (_, cert) = earn(&app).await;
        let jwt = cert.credential_jwt.clone().unwrap();
        // Any changed byte of the signed credential: header, payload or signature.
        let bytes = jwt.as_bytes();
        for at in [5, jwt.find('.').unwrap() + 10, jwt.len() / 2, jwt.len() - 5] {
            let mut changed = bytes.to_vec();
            changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(changed).unwrap();
            let (status, report) = verify_posted(&app, &changed).await;
            assert_eq!(status, 200);
            assert_ne!(report["status"], "valid", "byte {at} changed: {report}");
            assert!(report["reason"].as_str().is_some_and(|r| !r.is_empty()), "{report}");
        }
        // A name changed in the payload, re-encoded: the signature no longer matches.
        let (header, mut claims) = jwt_parts(&jwt);
        claims["credentialSubject"]["identifier"][1]["identityHash"] = "Mallory".into();
        let parts: Vec<&str> = jwt.split('.').collect();
        let forged = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(claims.to_string()), parts[2]);
        let (_, report) = verify_posted(&app, &forged).await;
        assert_eq!(report["status"], "invalid", "{report}");
        // The JSON file with a changed name.
        let (_, json) = get_text(&app, &format!("/credentials/{}/credential.json", cert.code.display())).await;
        let changed = json.replace("Sam Student", "Sam Studant");
        assert_eq!(verify_posted(&app, &changed).await.1["status"], "invalid");
        // The same claims signed by a key of someone else, with the right kid or another.
        let pair = josekit::jwk::alg::rsa::RsaKeyPair::generate(2048).unwrap();
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(&pair.to_pem_private_key()).unwrap();
        for kid in [header["kid"].as_str().unwrap(), "someone-elses-key"] {
            let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
            h.kid = Some(kid.to_owned());
            let foreign = jsonwebtoken::encode(&h, &jwt_parts(&jwt).1, &key).unwrap();
            let (_, report) = verify_posted(&app, &foreign).await;
            assert_ne!(report["status"], "valid", "{report}");
        }
        let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        h.kid = Some("someone-elses-key".into());
        let foreign = jsonwebtoken::encode(&h, &jwt_parts(&jwt).1, &key).unwrap();
        assert_eq!(verify_posted(&app, &foreign).await.1["status"], "not_issued_here");
        // Unknown codes and garbage.
        let (status, report) = verify_json(&app, "ZZZZ-ZZZZ-ZZZZ-ZZZZ").await;
        assert_eq!((status, report["status"].as_str()), (200, Some("not_issued_here")));
        let (status, page) = get_text(&app, "/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ").await;
        assert_eq!(status, 404);
        assert!(page.contains("Not a certificate issued here"), "{page}");
        assert_eq!(verify_json(&app, "not-a-code").await.1["status"], "not_issued_here");
        for garbage in ["", "abc", "a.b.c", "{}", "{\"id\":\"urn:uuid:nope\"}", "\u{0}\u{1}"] {
            let (status, report) = verify_posted(&app, garbage).await;
            assert_eq!(status, 200, "{garbage:?}");
            assert_ne!(report["status"], "valid");
        }
        let big = "x".repeat(1024 * 1024 + 1);
        let r = http().post(app.url("/verify")).body(big).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 413);
        let (status, _) = get_text(&app, "/credentials/ZZZZ-ZZZZ-ZZZZ-ZZZZ/credential.jwt").await;
        assert_eq!(status, 404);
    }
}

on_both_backends! {
    async fn a_certificate_expires_after_its_validity_with_a_fixed_clock(app) {
        let (_, cert) = earn(&app).await;
        let store = app.tool.state.store.as_ref();
        let at = |t: i64| {
            let urls = urls(&app);
            let code = cert.code.clone();
            async move { service::verify_code(store, &urls, &code, t).await.unwrap().verdict }
        };
        assert_eq!(at(cert.valid_until - 1).await.as_str(), "valid");
        assert_eq!(at(cert.valid_until).await.as_str(), "expired");
        assert_eq!(at(cert.valid_until + 86_400).await.as_str(), "expired");
        assert_eq!(at(cert.issued_at - 10).await.as_str(), "not_yet_valid");
        // Near expiry the learner is reminded, and re-taking the path issues a new certificate.
        assert!(cert.needs_refresh(cert.valid_until - 86_400));
        assert!(!cert.needs_refresh(cert.issued_at));
        let learner = cert.learner.clone();
        let draft_at = |now: i64| {
            securehospitals::certificates::drafts_for(
                securehospitals::certificates::Holder {
                    learner: &learner, context_id: cert.context_id.as_deref(), name: Some("Sam Student"),
                    declared_name: None, email: None, language: "en",
                },
                &[(cert.path_id.clone(), cert.content_version.clone())],
                now,
                &mut rand::rng(),
            )
            .remove(0)
        };
        let early = draft_at(cert.issued_at + 30 * 86_400);
        assert!(!store.issue_certificate(&learner, &early).await.unwrap(), "no renewal while comfortably valid");
        let late = draft_at(cert.valid_until - 10 * 86_400);
        assert!(store.issue_certificate(&learner, &late).await.unwrap(), "re-taking near expiry issues a new one");
        let all = store.learner_certificates(&learner).await.unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].generation, 1);
        assert_eq!(all[0].valid_until, late.valid_until);
    }
}

on_both_backends! {
    async fn an_instructor_revokes_with_a_reason_and_the_status_list_publishes_it(app) {
        let (learner, cert) = earn(&app).await;
        let code = cert.code.display();
        let path = format!("certificates/{}/revoke", cert.id);
        // A learner cannot revoke, not even their own.
        let refused = learner.post(&path, &form(&[("reason", "mine")])).await;
        assert_eq!(refused.status, 403);
        let teacher = launch(&app, LaunchSpec::resource_link("3", "rl-cert")).await;
        let no_reason = teacher.post(&path, &form(&[("reason", " ")])).await;
        assert_eq!(no_reason.status, 400);
        let unknown = teacher.post("certificates/nope/revoke", &form(&[("reason", "wrong person")])).await;
        assert_eq!(unknown.status, 404);
        // Before: the bit is clear in the signed status list.
        let (list, bit) = status_list::position(cert.status_index.unwrap());
        let bit_set = || async {
            let (status, jwt) = get_text(&app, &format!("/credentials/status/{list}")).await;
            assert_eq!(status, 200);
            let (header, claims) = jwt_parts(&jwt);
            assert_eq!(header["alg"], "RS256");
            assert_eq!(claims["type"][1], "BitstringStatusListCredential");
            assert_eq!(claims["credentialSubject"]["statusPurpose"], "revocation");
            let bytes = status_list::bits_of(&claims).unwrap();
            assert_eq!(bytes.len(), 16_384, "131,072 entries");
            status_list::is_set(&bytes, bit)
        };
        assert!(!bit_set().await);
        let listed = teacher.get("certificates/course").await;
        assert!(listed.body.contains(&code) && listed.body.contains("Sam Student"), "{}", listed.body);
        let roster = teacher.get("roster").await;
        assert!(roster.body.contains("certificates/course"));
        let done = teacher.post(&path, &form(&[("reason", "Issued to the wrong person")])).await;
        assert_eq!(done.status, 303, "{}", done.body);
        assert!(bit_set().await, "the revocation is published");
        let (_, report) = verify_json(&app, &code).await;
        assert_eq!(report["status"], "revoked");
        assert_eq!(report["reason"], "Issued to the wrong person");
        let (_, page) = get_text(&app, &format!("/verify/{code}")).await;
        assert!(page.contains("revoked") && page.contains("Issued to the wrong person"));
        let page = learner.get("certificates").await;
        assert!(page.body.contains("Revoked"));
        // Revoking twice is refused; an unknown list is a 404.
        assert_eq!(teacher.post(&path, &form(&[("reason", "again")])).await.status, 404);
        assert_eq!(get_text(&app, "/credentials/status/0").await.0, 404);
        assert_eq!(get_text(&app, "/credentials/status/x").await.0, 404);
    }
}

on_both_backends! {
    async fn after_an_issuer_key_rotation_earlier_certificates_still_verify(app) {
        let (_, old) = earn(&app).await;
        let old_kid = jwt_parts(old.credential_jwt.as_deref().unwrap()).0["kid"].clone();
        let state = &app.tool.state;
        let new_kid = issuer_keys::rotate(state.store.as_ref(), state.credential_keys.kek(), securehospitals::launch::unix_now())
            .await
            .unwrap();
        assert_ne!(old_kid, new_kid.as_str());
        let (_, keys) = get_text(&app, "/credentials/keys").await;
        let keys: serde_json::Value = serde_json::from_str(&keys).unwrap();
        let kids: Vec<&str> = keys["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap()).collect();
        assert!(kids.contains(&old_kid.as_str().unwrap()) && kids.contains(&new_kid.as_str()), "{kids:?}");
        assert_eq!(verify_json(&app, &old.code.display()).await.1["status"], "valid");
        assert_eq!(verify_posted(&app, old.credential_jwt.as_deref().unwrap()).await.1["status"], "valid");
        // A new certificate is signed with the new key.
        let (_, new) = earn_as(&app, LaunchSpec::resource_link("5", "rl-cert")).await;
        assert_eq!(jwt_parts(new.credential_jwt.as_deref().unwrap()).0["kid"], new_kid.as_str());
        assert_eq!(verify_json(&app, &new.code.display()).await.1["status"], "valid");
    }
}

on_both_backends! {
    async fn verification_is_rate_limited_per_address(app) {
        let mut limited = 0;
        for _ in 0..60 {
            let r = http().get(app.url("/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ.json")).send().await.unwrap();
            if r.status().as_u16() == 429 {
                assert!(r.headers().contains_key("retry-after"));
                limited += 1;
            }
        }
        assert!(limited > 0, "60 quick verifications from one address are throttled");
        // The issuer's keys and status lists are not: verifiers everywhere fetch them.
        assert_eq!(get_text(&app, "/credentials/keys").await.0, 200);
    }
}
