//! Deep Linking end to end: an instructor's deep linking launch opens the picker, the picked
//! items go back as a signed response that the simulated LMS verifies against our JWKS and
//! places; cancel, single-select, link-only requests, `data` echo and the learner refusal.

use crate::helpers::{TestApp, http};
use crate::on_both_backends;
use securehospitals::lms_simulator::{DeepLinkResult, DeepLinkingOptions, LaunchSpec};

/// Launches a deep linking request as `user` and returns the session id.
async fn launch_picker(app: &TestApp, user: &str, options: DeepLinkingOptions) -> String {
    let spec = LaunchSpec::deep_linking(user).with_deep_linking_options(options);
    let r = app.launcher().launch(spec).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.as_deref().unwrap().ends_with("/deep-linking"));
    r.session_id()
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let r = http()
        .post(app.url(path))
        .form(fields)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Undoes HTML escaping: named entities and decimal or hex character references.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..]
            .find(';')
            .map(|e| at + e)
            .expect("entity ends with ;");
        let entity = &rest[at + 1..end];
        let c = match entity {
            "amp" => '&',
            "quot" => '"',
            "lt" => '<',
            "gt" => '>',
            "apos" => '\'',
            _ => {
                let code = match entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).unwrap(),
                    None => entity.trim_start_matches('#').parse().unwrap(),
                };
                char::from_u32(code).unwrap()
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn attribute_after<'a>(body: &'a str, marker: &str, attr: &str) -> &'a str {
    let at = body
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {body}"));
    let rest = &body[at..];
    let start = rest.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
    let end = rest[start..].find('"').unwrap();
    &rest[start..start + end]
}

/// Posts the auto-submitting form of a return page to the LMS, as the browser would.
pub(crate) async fn return_to_lms(app: &TestApp, page: &str) -> DeepLinkResult {
    assert!(
        page.contains("Return to your course") && page.contains("/static/deep-linking-return.js"),
        "{page}"
    );
    let action = unescape(attribute_after(
        page,
        "id=\"deep-linking-return\"",
        "action",
    ));
    let jwt = unescape(attribute_after(page, "name=\"JWT\"", "value"));
    let r = http()
        .post(&action)
        .form(&[("JWT", jwt)])
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    assert_eq!(
        status,
        200,
        "the LMS refused the response: {}",
        r.text().await.unwrap()
    );
    app.sim.deep_link_results().pop().expect("a stored result")
}

on_both_backends! {
    async fn an_instructor_picks_two_modules_and_the_lms_places_them(app) {
        let sid = launch_picker(&app, "3", DeepLinkingOptions::default()).await;
        let picker = http().get(app.url(&format!("/s/{sid}/deep-linking"))).send().await.unwrap();
        assert_eq!(picker.status(), 200);
        let body = picker.text().await.unwrap();
        assert!(body.contains("value=\"module:M01\"") && body.contains("type=\"checkbox\""), "{body}");
        assert!(body.contains("value=\"path:"), "paths are offered too");
        let filtered = http().get(app.url(&format!("/s/{sid}/deep-linking?q=M02"))).send().await.unwrap();
        let filtered = filtered.text().await.unwrap();
        assert!(filtered.contains("value=\"module:M02\"") && !filtered.contains("value=\"module:M01\""));

        let (status, page) = post(&app, &format!("/s/{sid}/deep-linking"), &[
            ("item", "module:M01"),
            ("opens.module:M01", "2026-12-01T09:00"),
            ("due.module:M01", "2026-12-15T17:00"),
            ("graded.module:M01", "on"),
            ("item", "module:M02"),
        ]).await;
        assert_eq!(status, 200, "{page}");
        let result = return_to_lms(&app, &page).await;
        assert_eq!(result.items.len(), 2);
        let first = &result.items[0];
        assert_eq!(first["custom"]["module"], "M01");
        assert_eq!(first["lineItem"]["scoreMaximum"], 100.0);
        assert_eq!(first["lineItem"]["resourceId"], "M01");
        assert!(first["available"]["startDateTime"].as_str().unwrap().starts_with("2026-12-01T09:00"));
        assert!(first["submission"]["endDateTime"].as_str().unwrap().starts_with("2026-12-15T17:00"));
        assert_eq!(result.items[1]["custom"]["module"], "M02");
        assert!(result.items[1].get("lineItem").is_none(), "M02 was not graded");
        assert_eq!(result.activities.len(), 2);
        assert!(result.activities[0].line_item_id.is_some() && result.activities[1].line_item_id.is_none());
        assert!(result.msg.unwrap().contains("2 SecureHospitals activities"));
    }
}

on_both_backends! {
    async fn a_placed_module_opens_that_module_on_launch(app) {
        let sid = launch_picker(&app, "3", DeepLinkingOptions::default()).await;
        let (_, page) = post(&app, &format!("/s/{sid}/deep-linking"), &[("item", "module:M03")]).await;
        let result = return_to_lms(&app, &page).await;
        let activity = &result.activities[0];
        let mut spec = LaunchSpec::resource_link("4", &activity.resource_link_id);
        for (k, v) in &activity.custom {
            spec = spec.with_custom(k, v.as_str().unwrap());
        }
        let r = app.launcher().launch(spec).await;
        assert!(r.location.unwrap().ends_with("/modules/M03"));
    }
}

on_both_backends! {
    async fn a_single_select_request_refuses_two_items(app) {
        let options = DeepLinkingOptions { accept_multiple: false, ..DeepLinkingOptions::default() };
        let sid = launch_picker(&app, "3", options).await;
        let picker = http().get(app.url(&format!("/s/{sid}/deep-linking"))).send().await.unwrap();
        let body = picker.text().await.unwrap();
        assert!(body.contains("type=\"radio\"") && body.contains("one activity at a time"));
        let (status, page) = post(&app, &format!("/s/{sid}/deep-linking"), &[("item", "module:M01"), ("item", "module:M02")]).await;
        assert_eq!(status, 400);
        assert!(page.contains("cannot take this selection") && !page.contains("Return to your course"), "{page}");
        assert!(app.sim.deep_link_results().is_empty());
    }
}

on_both_backends! {
    async fn cancelling_returns_an_empty_selection_with_a_message_and_echoes_data(app) {
        let options = DeepLinkingOptions { data: Some("csrf-7f3a".into()), ..DeepLinkingOptions::default() };
        let sid = launch_picker(&app, "3", options).await;
        let (status, page) = post(&app, &format!("/s/{sid}/deep-linking/cancel"), &[]).await;
        assert_eq!(status, 200);
        let result = return_to_lms(&app, &page).await;
        assert!(result.items.is_empty() && result.activities.is_empty());
        assert!(result.msg.unwrap().contains("cancelled"));
        assert_eq!(result.claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"], "csrf-7f3a");
    }
}

on_both_backends! {
    async fn a_request_for_plain_links_only_is_explained_and_can_be_cancelled(app) {
        let options = DeepLinkingOptions { accept_types: vec!["link".into()], ..DeepLinkingOptions::default() };
        let sid = launch_picker(&app, "3", options).await;
        let picker = http().get(app.url(&format!("/s/{sid}/deep-linking"))).send().await.unwrap();
        let body = picker.text().await.unwrap();
        assert!(body.contains("cannot take SecureHospitals activities") && !body.contains("value=\"module:M01\""), "{body}");
        let (status, _) = post(&app, &format!("/s/{sid}/deep-linking"), &[("item", "module:M01")]).await;
        assert_eq!(status, 400);
        let (_, page) = post(&app, &format!("/s/{sid}/deep-linking/cancel"), &[]).await;
        assert!(return_to_lms(&app, &page).await.items.is_empty());
    }
}

on_both_backends! {
    async fn a_learner_who_reaches_the_picker_gets_a_403_page(app) {
        let spec = LaunchSpec::deep_linking("4").with_roles(&[securehospitals::lms_simulator::roles::LEARNER]);
        let r = app.launcher().launch(spec).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let sid = r.session_id();
        let picker = http().get(app.url(&format!("/s/{sid}/deep-linking"))).send().await.unwrap();
        assert_eq!(picker.status(), 403);
        let body = picker.text().await.unwrap();
        assert!(body.contains("instructors_only") && !body.contains("module:M01"));
        let (status, _) = post(&app, &format!("/s/{sid}/deep-linking"), &[("item", "module:M01")]).await;
        assert_eq!(status, 403);
        let (status, _) = post(&app, &format!("/s/{sid}/deep-linking/cancel"), &[]).await;
        assert_eq!(status, 403);
    }
}

on_both_backends! {
    async fn a_content_developer_may_use_the_picker(app) {
        let spec = LaunchSpec::deep_linking("3")
            .with_roles(&[securehospitals::lms_simulator::roles::CONTENT_DEVELOPER]);
        let r = app.launcher().launch(spec).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let sid = r.session_id();
        let picker = http()
            .get(app.url(&format!("/s/{sid}/deep-linking?role=IT&lang=de")))
            .send()
            .await
            .unwrap();
        assert_eq!(picker.status(), 200);
        let body = picker.text().await.unwrap();
        assert!(body.contains("<option value=\"IT\" selected>") && body.contains("<option value=\"de\" selected>"), "{body}");
    }
}

on_both_backends! {
    async fn the_learners_certificates_page_can_be_placed_ungraded_and_opens_on_launch(app) {
        let sid = launch_picker(&app, "3", DeepLinkingOptions::default()).await;
        let picker = http().get(app.url(&format!("/s/{sid}/deep-linking?q=certificates"))).send().await.unwrap();
        let body = picker.text().await.unwrap();
        assert!(body.contains("value=\"certificates:mine\"") && body.contains("My certificates"), "{body}");
        assert!(!body.contains("name=\"graded.certificates:mine\""), "no graded box for a page without a score: {body}");
        // Even with the graded box ticked (a forged form), a page of certificates has no score to send.
        let (status, page) = post(&app, &format!("/s/{sid}/deep-linking"), &[
            ("item", "certificates:mine"),
            ("graded.certificates:mine", "on"),
        ]).await;
        assert_eq!(status, 200, "{page}");
        let result = return_to_lms(&app, &page).await;
        assert_eq!(result.items.len(), 1);
        let item = &result.items[0];
        assert_eq!(item["type"], "ltiResourceLink");
        assert_eq!(item["title"], "My certificates");
        assert_eq!(item["custom"]["certificates"], "mine");
        assert!(item.get("lineItem").is_none(), "ungraded: {item}");
        let activity = &result.activities[0];
        assert!(activity.line_item_id.is_none());

        let mut spec = LaunchSpec::resource_link("4", &activity.resource_link_id);
        for (k, v) in &activity.custom {
            spec = spec.with_custom(k, v.as_str().unwrap());
        }
        let r = app.launcher().launch(spec).await;
        let location = r.location.clone().unwrap();
        assert!(location.ends_with("/certificates"), "{location}");
        let page = http().get(app.url(&location)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(page.contains("<h1>My certificates</h1>"), "{page}");
    }
}

on_both_backends! {
    async fn a_german_instructor_sees_the_wizard_and_certificates_items_in_german(app) {
        let spec = LaunchSpec::deep_linking("3").with_locale("de");
        let r = app.launcher().launch(spec).await;
        let sid = r.session_id();
        let page = http().get(app.url(&format!("/s/{sid}/deep-linking"))).send().await.unwrap();
        let body = page.text().await.unwrap();
        assert!(body.contains("value=\"wizard:plan\"") && body.contains("<strong>Curriculum-Assistent</strong>"), "{body}");
        assert!(body.contains("Nur für Lehrende") && !body.contains("learners cannot open it"), "{body}");
        assert!(body.contains("<strong>Meine Zertifikate</strong>") && body.contains("Seite für Lernende"), "{body}");
    }
}
