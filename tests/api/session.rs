//! Tool sessions after a launch: `/api/session`, pages that carry their session, two tabs,
//! ending a session, security headers.

use crate::helpers::http;
use crate::on_both_backends;
use securehospitals::lms_simulator::LaunchSpec;

on_both_backends! {
    async fn the_session_api_describes_the_launch(app) {
        let r = app.launcher().launch(LaunchSpec::resource_link("3", "rl-1").with_locale("de-AT")).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let cookie = r.session_cookie.clone().unwrap();
        for attr in ["HttpOnly", "Secure", "SameSite=None", "Partitioned"] {
            assert!(cookie.contains(attr), "session cookie lacks {attr}: {cookie}");
        }
        let s: serde_json::Value = http().get(app.url("/api/session")).bearer_auth(r.session_id()).send().await.unwrap().json().await.unwrap();
        assert_eq!(s["platform"], app.sim.issuer());
        assert_eq!(s["client_id"], app.client_id);
        assert_eq!(s["deployment_id"], app.deployment_id);
        assert_eq!(s["context_id"], "2");
        assert_eq!(s["user_id"], "3");
        assert_eq!(s["locale"], "de-AT");
        assert_eq!(s["message_type"], "LtiResourceLinkRequest");
        assert_eq!(s["roles"][0]["short"], "Instructor");
        assert_eq!(s["roles"][0]["uri"], "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor");

        // The cookie alone works too (a framed page's script calling the API).
        let by_cookie = http().get(app.url("/api/session")).header("cookie", cookie.split(';').next().unwrap()).send().await.unwrap();
        assert_eq!(by_cookie.status(), 200);
    }
}

on_both_backends! {
    async fn the_session_api_answers_401_json_without_a_session(app) {
        let r = http().get(app.url("/api/session")).send().await.unwrap();
        assert_eq!(r.status(), 401);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"], "no_session");
        let r = http().get(app.url("/api/session")).bearer_auth("x".repeat(43)).send().await.unwrap();
        assert_eq!(r.status(), 401);
    }
}

on_both_backends! {
    async fn two_launches_in_two_tabs_keep_their_own_sessions(app) {
        let a = app.launcher().launch(LaunchSpec::resource_link("4", "rl-1")).await;
        let b = app.launcher().launch(LaunchSpec::resource_link("3", "rl-2").in_context("2")).await;
        assert_ne!(a.session_id(), b.session_id());
        let page_a = http().get(app.url(a.location.as_deref().unwrap())).send().await.unwrap().text().await.unwrap();
        let page_b = http().get(app.url(b.location.as_deref().unwrap())).send().await.unwrap().text().await.unwrap();
        assert!(page_a.contains("Sam") && page_a.contains("learner"), "{page_a}");
        assert!(page_b.contains("Tina") && page_b.contains("instructor"), "{page_b}");
    }
}

on_both_backends! {
    async fn ending_a_session_makes_its_pages_refuse(app) {
        let r = app.launcher().launch(LaunchSpec::resource_link("4", "rl-1")).await;
        let sid = r.session_id();
        let end = http().post(app.url(&format!("/s/{sid}/end"))).send().await.unwrap();
        assert_eq!(end.status(), 303);
        let page = http().get(app.url(&format!("/s/{sid}/"))).send().await.unwrap();
        assert_eq!(page.status(), 401);
        assert!(page.text().await.unwrap().contains("Open the activity again"));
    }
}

on_both_backends! {
    async fn a_page_path_names_its_session_and_the_cookie_never_stands_in(app) {
        // A cross-site form post carries the SameSite=None cookie but cannot know the session
        // id: a path under /s/ whose id cannot be read must find no session, never the cookie's.
        let r = app.launcher().launch(LaunchSpec::resource_link("4", "rl-1")).await;
        let sid = r.session_id();
        let cookie = r.session_cookie.clone().unwrap();
        let cookie = cookie.split(';').next().unwrap();
        for path in ["/s/%FF/end", "/s//end", "/s/%FF/role"] {
            let forged = http()
                .post(app.url(path))
                .header("cookie", cookie)
                .header("origin", "https://evil.example")
                .form(&[("role", "IT")])
                .send()
                .await
                .unwrap();
            assert!(forged.status().is_client_error(), "{path}: {}", forged.status());
        }
        let page = http().get(app.url(&format!("/s/{sid}/"))).send().await.unwrap();
        assert_eq!(page.status(), 200, "the session survived the forged posts");
        // The id is the first segment, whatever follows: a broken later segment is not a
        // missing session.
        let odd = http().get(app.url(&format!("/s/{sid}/modules/%FF"))).send().await.unwrap();
        assert_ne!(odd.status(), 401, "{}", odd.status());
    }
}

on_both_backends! {
    async fn pages_carry_security_headers_and_learned_frame_ancestors(app) {
        let r = app.launcher().launch(LaunchSpec::resource_link("4", "rl-1")).await;
        assert_eq!(r.status, 303, "{}", r.body);
        app.refresh_registry();
        let page = http().get(app.url(r.location.as_deref().unwrap())).send().await.unwrap();
        let h = page.headers();
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert!(h.contains_key("referrer-policy"));
        let csp = h["content-security-policy"].to_str().unwrap();
        let sim_origin = url::Url::parse(app.sim.issuer()).unwrap().origin().ascii_serialization();
        assert!(csp.contains(&format!("frame-ancestors 'self' {sim_origin}")), "{csp}");
        assert!(!csp.contains('*'));
    }
}

on_both_backends! {
    async fn the_tool_publishes_its_keys(app) {
        let r = http().get(app.url("/.well-known/jwks.json")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers()["cache-control"].to_str().unwrap().contains("max-age"));
        let jwks: serde_json::Value = r.json().await.unwrap();
        let key = &jwks["keys"][0];
        assert_eq!(key["kty"], "RSA");
        assert_eq!(key["alg"], "RS256");
        assert_eq!(key["use"], "sig");
        assert!(key["kid"].as_str().is_some_and(|k| !k.is_empty()));
        assert!(key.get("d").is_none(), "never a private part");
    }
}

on_both_backends! {
    async fn health_and_readiness_answer(app) {
        assert_eq!(http().get(app.url("/healthz")).send().await.unwrap().status(), 200);
        let ready: serde_json::Value = http().get(app.url("/readyz")).send().await.unwrap().json().await.unwrap();
        assert_eq!(ready["ready"], true, "{ready}");
    }
}

on_both_backends! {
    async fn error_pages_speak_the_visitors_language_and_keep_the_code(app) {
        let r = app.launcher().launch(LaunchSpec::resource_link("4", "rl-1")).await;
        let sid = r.session_id();
        let end = http().post(app.url(&format!("/s/{sid}/end"))).send().await.unwrap();
        assert_eq!(end.status(), 303);
        let page = http()
            .get(app.url(&format!("/s/{sid}/")))
            .header("accept-language", "de-DE,de;q=0.9,en;q=0.5")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 401);
        assert_eq!(page.headers()["cache-control"], "no-store");
        let html = page.text().await.unwrap();
        assert!(html.contains(r#"<html lang="de">"#), "{html}");
        assert!(html.contains("Ihre Sitzung ist beendet"), "{html}");
        assert!(html.contains("Ihre SecureHospitals-Sitzung ist beendet oder abgelaufen"), "{html}");
        assert!(html.contains("<code>no_session</code>"), "{html}");
        // The specific English message stays, for the administrator.
        assert!(html.contains("Details für Ihre LMS-Administration"), "{html}");
        assert!(html.contains("Open the activity again from your LMS"), "{html}");

        // `?lang=` wins; English visitors get the page as raised, without a details fold.
        let fr = http().get(app.url(&format!("/s/{sid}/?lang=fr"))).header("accept-language", "de").send().await.unwrap();
        let fr = fr.text().await.unwrap();
        assert!(fr.contains("Votre session est terminée"), "{fr}");
        let en = http().get(app.url(&format!("/s/{sid}/"))).send().await.unwrap().text().await.unwrap();
        assert!(en.contains(r#"<html lang="en">"#) && en.contains("Your session has ended"), "{en}");
        assert!(!en.contains("<details>"), "{en}");

        // Machines keep their JSON, whatever the language.
        let api = http().get(app.url("/api/session")).header("accept-language", "de").send().await.unwrap();
        assert_eq!(api.status(), 401);
        let body: serde_json::Value = api.json().await.unwrap();
        assert_eq!(body["error"], "no_session");
    }
}

on_both_backends! {
    async fn requests_the_framework_cannot_read_get_the_tools_error_answer(app) {
        // A wrong content type, a duplicated field, a body over the limit: a page with a code
        // for people, JSON with a correlation id for API clients, never a bare line of text.
        let wrong_type = http().post(app.url("/lti/launch")).header("content-type", "application/json").body("{}").send().await.unwrap();
        assert_eq!(wrong_type.status(), 415);
        let page = wrong_type.text().await.unwrap();
        assert!(page.contains("unsupported_media_type") && page.contains("<html"), "{page}");
        let twice = http().post(app.url("/lti/launch")).header("accept", "application/json").form(&[("id_token", "a"), ("state", "b"), ("state", "c")]).send().await.unwrap();
        assert!(twice.status().is_client_error(), "{}", twice.status());
        let body: serde_json::Value = twice.json().await.unwrap();
        assert!(body["error"].is_string() && body["correlation_id"].is_string(), "{body}");
        let big = http().post(app.url("/lti/login")).header("accept", "application/json").form(&[("iss", "x".repeat(70_000))]).send().await.unwrap();
        assert_eq!(big.status(), 413);
        let body: serde_json::Value = big.json().await.unwrap();
        assert_eq!(body["error"], "body_too_large", "{body}");
    }
}

on_both_backends! {
    async fn an_error_on_a_sessions_page_speaks_the_learners_language(app) {
        // Luca launched in Italian; his browser says English. A trainer's page refuses him in
        // the language the rest of his pages speak.
        let r = app.launcher().launch(LaunchSpec::resource_link("4", "rl-1").with_locale("it-IT")).await;
        let sid = r.session_id();
        let page = http()
            .get(app.url(&format!("/s/{sid}/roster")))
            .header("accept-language", "en-GB,en;q=0.9")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 403);
        let html = page.text().await.unwrap();
        assert!(html.contains(r#"<html lang="it">"#), "{html}");
        assert!(html.contains("Questa pagina non è per il tuo ruolo"), "{html}");
        // With a way back into the training, which the error page has no menu for.
        let back = format!(r#"<a class="button" href="/s/{sid}/">Torna alla mia formazione</a>"#);
        assert!(html.contains(&back), "{html}");
        // An ended session has no training to go back to.
        http().post(app.url(&format!("/s/{sid}/end"))).send().await.unwrap();
        let ended = http().get(app.url(&format!("/s/{sid}/roster"))).send().await.unwrap().text().await.unwrap();
        assert!(!ended.contains("class=\"button\" href=\"/s/"), "{ended}");
    }
}
