//! Issuing: one certificate per completed path (also under concurrent completion), the Open
//! Badges 3.0 credential field by field, the VC-JWT claims mirroring it, the learner's page,
//! and a self-declared name when the launch carried none.

use super::*;
use crate::on_both_backends;
use securehospitals::certificates::status_list;
use serde_json::json;

on_both_backends! {
    async fn completing_a_path_issues_one_signed_certificate_shown_on_the_learners_page(app) {
        let (learner, cert) = earn(&app).await;
        assert_eq!(cert.path_id, PATH);
        assert_eq!(cert.learner_name.as_deref(), Some("Sam Student"));
        assert!(!cert.name_self_declared);
        assert!(cert.credential_jwt.is_some(), "signed right after the completing transaction");
        assert_eq!(cert.valid_until - cert.issued_at, 365 * 24 * 3600, "12 months by default");
        let page = learner.get("certificates").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains(&cert.code.display()), "the code is on the page");
        assert!(page.body.contains("Administrative"), "{}", page.body);
        assert!(page.body.contains(&format!("/credentials/{}/credential.jwt", cert.code.display())));
        // Passing a module of the path again does not issue a second certificate.
        let last = learner.catalogue().path(PATH).unwrap().modules.last().unwrap().clone();
        pass(&learner, &last).await;
        assert_eq!(certificates(&learner).await.len(), 1, "still one certificate in its validity period");
    }
}

on_both_backends! {
    async fn two_concurrent_completions_issue_exactly_one_certificate(app) {
        let (learner, last) = all_but_last(&app, LaunchSpec::resource_link("4", "rl-cert")).await;
        // Two attempts of the last module, submitted at the same moment (two tabs, two instances).
        let a = learner.start(&last, "quiz").await;
        let b = learner.start(&last, "quiz").await;
        let (fa, fb) = (learner.right_answers(&a).await, learner.right_answers(&b).await);
        let (ra, rb) = tokio::join!(learner.submit(&last, &a, &fa), learner.submit(&last, &b, &fb));
        assert_eq!((ra.status, rb.status), (303, 303));
        assert_eq!(certificates(&learner).await.len(), 1);
        // And straight at the store: many drafts for the same path, issued concurrently.
        let store = app.tool.state.store.clone();
        let holder = learner.learner();
        let mut tasks = Vec::new();
        for _ in 0..6 {
            let store = store.clone();
            let holder = holder.clone();
            tasks.push(tokio::spawn(async move {
                let drafts = securehospitals::certificates::drafts_for(
                    securehospitals::certificates::Holder {
                        learner: &holder, context_id: None, name: Some("X"), declared_name: None,
                        email: None, language: "en",
                    },
                    &[("nursing".to_owned(), "v".to_owned())],
                    securehospitals::launch::unix_now(),
                    &mut rand::rng(),
                );
                store.issue_certificate(&holder, &drafts[0]).await.unwrap()
            }));
        }
        let mut issued = 0;
        for t in tasks {
            issued += usize::from(t.await.unwrap());
        }
        assert_eq!(issued, 1, "exactly one of six concurrent issuers issued");
        let certs = certificates(&learner).await;
        assert_eq!(certs.iter().filter(|c| c.path_id == "nursing").count(), 1);
        let mut indexes: Vec<i64> = certs.iter().map(|c| c.status_index.unwrap()).collect();
        indexes.dedup();
        assert_eq!(indexes.len(), 2, "every certificate has its own status list position");
    }
}

on_both_backends! {
    async fn the_credential_has_every_open_badges_3_property_and_the_jwt_claims_mirror_it(app) {
        let (_, cert) = earn(&app).await;
        let jwt = cert.credential_jwt.clone().unwrap();
        let (header, claims) = jwt_parts(&jwt);
        let base = app.url("");
        let base = base.trim_end_matches('/');
        // JOSE header: RS256 with the kid of a published issuer key (not an LTI key).
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["typ"], "JWT");
        let kid = header["kid"].as_str().unwrap();
        let (_, keys) = get_text(&app, "/credentials/keys").await;
        let keys: serde_json::Value = serde_json::from_str(&keys).unwrap();
        assert!(keys["keys"].as_array().unwrap().iter().any(|k| k["kid"] == kid));
        let (_, lti_keys) = get_text(&app, "/.well-known/jwks.json").await;
        assert!(!lti_keys.contains(kid), "credentials are not signed with the LTI key");
        // The credential (OB 3.0 AchievementCredential, VC Data Model 2.0).
        assert_eq!(claims["@context"], json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ]));
        assert_eq!(claims["id"], format!("urn:uuid:{}", cert.id));
        assert_eq!(claims["type"], json!(["VerifiableCredential", "OpenBadgeCredential"]));
        assert!(claims["name"].as_str().unwrap().contains("Administrative"));
        let issuer = &claims["issuer"];
        assert_eq!(issuer["id"], format!("{base}/credentials/issuer"));
        assert_eq!(issuer["type"], json!(["Profile"]));
        assert_eq!(issuer["name"], "SecureHospitals");
        let valid_from = claims["validFrom"].as_str().unwrap();
        let valid_until = claims["validUntil"].as_str().unwrap();
        assert_eq!(valid_from, securehospitals::keys::format_time(cert.issued_at));
        assert_eq!(valid_until, securehospitals::keys::format_time(cert.valid_until));
        assert!(valid_from.ends_with('Z') && valid_from.contains('T'), "XML Schema dateTime: {valid_from}");
        let subject = &claims["credentialSubject"];
        assert_eq!(subject["type"], json!(["AchievementSubject"]));
        assert!(subject.get("id").is_none(), "no subject id: the recipient is an identifier");
        let ids = subject["identifier"].as_array().unwrap();
        let hashed = &ids[0];
        assert_eq!(hashed["type"], "IdentityObject");
        assert_eq!(hashed["hashed"], true);
        assert_eq!(hashed["identityType"], "emailAddress");
        let salt = hashed["salt"].as_str().unwrap();
        let email = "sam.student@example.edu";
        let _ = email;
        assert!(hashed["identityHash"].as_str().unwrap().starts_with("sha256$"));
        assert_eq!(hashed["identityHash"], cert.recipient.hash);
        assert_eq!(cert.recipient.salt, salt);
        let name = &ids[1];
        assert_eq!(name["identityType"], "name");
        assert_eq!(name["hashed"], false);
        assert_eq!(name["identityHash"], "Sam Student");
        let achievement = &subject["achievement"];
        assert_eq!(achievement["id"], format!("{base}/credentials/achievements/{PATH}"));
        assert_eq!(achievement["type"], json!(["Achievement"]));
        assert_eq!(achievement["achievementType"], "Certificate");
        assert!(!achievement["name"].as_str().unwrap().is_empty());
        assert!(achievement["description"].as_str().unwrap().contains("M01"));
        assert!(achievement["criteria"]["narrative"].as_str().unwrap().contains("M01"));
        let alignment = achievement["alignment"].as_array().unwrap();
        assert!(!alignment.is_empty(), "aligned to the modules' sources");
        for a in alignment {
            assert_eq!(a["type"], json!(["Alignment"]));
            assert!(a["targetName"].as_str().is_some_and(|n| !n.is_empty()));
            assert!(a["targetUrl"].as_str().is_some_and(|u| u.starts_with("http")));
        }
        let status = &claims["credentialStatus"];
        let (list, bit) = status_list::position(cert.status_index.unwrap());
        let list_url = format!("{base}/credentials/status/{list}");
        assert_eq!(status["type"], "BitstringStatusListEntry");
        assert_eq!(status["statusPurpose"], "revocation");
        assert_eq!(status["statusListIndex"], bit.to_string());
        assert_eq!(status["statusListCredential"], list_url);
        assert_eq!(status["id"], format!("{list_url}#{bit}"));
        assert_eq!(claims["credentialSchema"][0]["type"], "1EdTechJsonSchemaValidator2019");
        // The JWT claims mirror the credential.
        assert_eq!(claims["iss"], issuer["id"]);
        assert_eq!(claims["jti"], claims["id"]);
        assert_eq!(claims["nbf"], cert.issued_at);
        assert_eq!(claims["exp"], cert.valid_until);
        assert!(claims.get("sub").is_none(), "sub only when the subject has an id");
        // The JSON download is the same credential without the registered claims.
        let (status, json) = get_text(&app, &format!("/credentials/{}/credential.json", cert.code.display())).await;
        assert_eq!(status, 200);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        for claim in ["iss", "jti", "nbf", "exp"] {
            assert!(json.get(claim).is_none());
        }
        assert_eq!(json["id"], claims["id"]);
        assert_eq!(json["credentialSubject"], claims["credentialSubject"]);
        // The issuer profile answers at its id.
        let (_, profile) = get_text(&app, "/credentials/issuer").await;
        let profile: serde_json::Value = serde_json::from_str(&profile).unwrap();
        assert_eq!(profile["id"], issuer["id"]);
        assert_eq!(profile["type"], json!(["Profile"]));
    }
}

on_both_backends! {
    async fn a_learner_without_a_name_enters_it_once_and_the_certificate_marks_it_self_declared(app) {
        let spec = LaunchSpec { include_name: false, ..LaunchSpec::resource_link("5", "rl-cert") };
        let (learner, last) = all_but_last(&app, spec).await;
        pass(&learner, &last).await;
        let cert = certificates(&learner).await.remove(0);
        assert!(cert.learner_name.is_none() && cert.credential_jwt.is_none(), "not signed without a name");
        let page = learner.get("certificates").await;
        assert!(page.body.contains("name=\"name\""), "the page asks for the name");
        let bad = learner.post("certificates/name", &form(&[("name", " ")])).await;
        assert_eq!(bad.status, 400);
        let ok = learner.post("certificates/name", &form(&[("name", "  Suzanne   Scholar ")])).await;
        assert_eq!(ok.status, 303, "{}", ok.body);
        let again = learner.post("certificates/name", &form(&[("name", "Someone Else")])).await;
        assert_eq!(again.status, 400, "the name is given once");
        let page = learner.get("certificates").await;
        assert!(!page.body.contains("name=\"name\""));
        let cert = certificates(&learner).await.remove(0);
        assert_eq!(cert.learner_name.as_deref(), Some("Suzanne Scholar"));
        assert!(cert.name_self_declared);
        let (_, claims) = jwt_parts(cert.credential_jwt.as_deref().unwrap());
        assert_eq!(claims["credentialSubject"]["identifier"][1]["identityHash"], "Suzanne Scholar");
        assert!(claims["description"].as_str().unwrap().contains("entered by the learner"));
        let (_, report) = verify_json(&app, &cert.code.display()).await;
        assert_eq!(report["status"], "valid");
        assert_eq!(report["name_self_declared"], true);
    }
}

on_both_backends! {
    async fn the_pdf_has_the_name_code_and_credential_and_its_qr_encodes_the_verification_url(app) {
        use securehospitals::certificates::pdf;
        let (learner, cert) = earn(&app).await;
        let code = cert.code.display();
        let page = learner.get("certificates").await;
        let href = format!("/credentials/{code}/certificate.pdf");
        assert!(page.body.contains(&href));
        let r = http().get(app.url(&href)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        let bytes = r.bytes().await.unwrap().to_vec();
        // It opens, is tagged, and its text has the name, the path and the code.
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let text = doc.extract_text(&[1]).unwrap();
        for expected in ["Sam Student", code.as_str(), "Administrative", "Certificate of completion"] {
            assert!(text.contains(expected), "{expected:?} missing in {text}");
        }
        let catalog = doc.catalog().unwrap();
        assert!(catalog.get(b"StructTreeRoot").is_ok(), "tagged PDF");
        // Fonts are embedded.
        let embedded = doc.objects.values().filter(|o| {
            o.as_dict().is_ok_and(|d| d.has(b"FontFile2") || d.has(b"FontFile3"))
        }).count();
        assert!(embedded >= 1, "embedded fonts");
        // The signed credential is attached, and the PDF verifies through it.
        let attached = pdf::attached_credential(&bytes).unwrap();
        assert_eq!(Some(attached), cert.credential_jwt.clone());
        let names = catalog.get(b"Names").and_then(|n| doc.dereference(n)).map(|(_, o)| o.clone());
        assert!(names.unwrap().as_dict().unwrap().has(b"EmbeddedFiles"));
        let r = http().post(app.url("/verify")).header("content-type", "application/pdf").body(bytes.clone()).send().await.unwrap();
        let report: serde_json::Value = r.json().await.unwrap();
        assert_eq!(report["status"], "valid");
        // The QR code drawn on the page is the matrix qrcode makes for the verification URL.
        let url = format!("{}/verify/{code}", app.url("").trim_end_matches('/'));
        let (width, expected) = pdf::qr_matrix(&url).unwrap();
        let page_id = *doc.get_pages().get(&1).unwrap();
        let content = doc.get_and_decode_page_content(page_id).unwrap();
        let mut drawn = vec![false; width * width];
        for op in &content.operations {
            if op.operator != "m" {
                continue;
            }
            let n = |i: usize| op.operands[i].as_float().unwrap();
            let (x, y) = (n(0), n(1));
            let col = ((x - pdf::QR_X) / pdf::QR_MODULE).round();
            let row = ((y - pdf::QR_Y) / pdf::QR_MODULE).round();
            if x >= pdf::QR_X - 0.01 && y >= pdf::QR_Y - 0.01 && (col as usize) < width && (row as usize) < width {
                drawn[row as usize * width + col as usize] = true;
            }
        }
        assert_eq!(drawn, expected, "QR modules on the page");
    }
}

on_both_backends! {
    async fn a_learner_is_reminded_on_the_dashboard_when_a_certificate_nears_expiry(app) {
        let learner = launch(&app, LaunchSpec::resource_link("4", "rl-cert")).await;
        learner.choose_role("AD", "courses").await;
        let dash = learner.get("courses").await;
        assert!(!dash.body.contains("runs out on"), "no reminder without certificates");
        let holder = learner.learner();
        let issued_at = securehospitals::launch::unix_now() - 350 * 86_400;
        let draft = securehospitals::certificates::drafts_for(
            securehospitals::certificates::Holder {
                learner: &holder, context_id: None, name: Some("Sam Student"), declared_name: None,
                email: None, language: "en",
            },
            &[(PATH.to_owned(), "v".to_owned())],
            issued_at,
            &mut rand::rng(),
        )
        .remove(0);
        assert!(app.tool.state.store.issue_certificate(&holder, &draft).await.unwrap());
        let page = learner.get("certificates").await;
        assert!(page.body.contains("Expires soon") && page.body.contains("runs out on"), "{}", page.body);
        let dash = learner.get("courses").await;
        assert!(dash.body.contains("runs out on"), "{}", dash.body);
        assert!(dash.body.contains(&format!("/s/{}/certificates", learner.sid)));
    }
}
