//! Over-HTTP tests of the pages a demo visitor uses: the course page with its launch buttons and
//! the gradebook.

use super::services::{post_score, score, token};
use super::{auth_params, setup};
use crate::lms_simulator::*;

#[tokio::test]
async fn course_page_buttons_start_real_launches() {
    let s = setup().await;
    s.sim
        .add_activity(
            &s.tool.client_id,
            SEED_COURSE_ID,
            "Phishing basics",
            Some(10.0),
        )
        .expect("activity");
    let page_url = s.sim.url(&format!("/course/view.php?id={SEED_COURSE_ID}"));
    let page = s
        .http
        .get(&page_url)
        .send()
        .await
        .expect("course page")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains("Phishing basics") && page.contains("Launch as Sue Scholar (Learner, de)"),
        "{page}"
    );

    let button = AutoPostForm::parse(&page).expect("first button: instructor deep linking");
    let trigger = s
        .http
        .post(&button.action)
        .form(&button.fields)
        .send()
        .await
        .expect("trigger");
    assert_eq!(trigger.status(), 200);
    let to_tool =
        AutoPostForm::parse(&trigger.text().await.unwrap_or_default()).expect("auto-post to tool");
    assert_eq!(to_tool.action, s.tool.registration.login_url.as_str());
    assert_eq!(to_tool.field("login_hint"), Some(SEED_INSTRUCTOR));

    let init = LoginInitiation {
        url: s.tool.registration.login_url.clone(),
        params: to_tool.fields.clone(),
    };
    let response = s
        .http
        .get(s.sim.auth_url())
        .query(&auth_params(&init, &s.tool))
        .send()
        .await
        .expect("auth");
    assert_eq!(response.status(), 200);
    let claims = s.sim.last_id_token().expect("issued").claims;
    assert_eq!(
        claims["https://purl.imsglobal.org/spec/lti/claim/message_type"],
        "LtiDeepLinkingRequest"
    );
}

#[tokio::test]
async fn gradebook_page_shows_results_on_the_line_item_scale() {
    let s = setup().await;
    let activity = s
        .sim
        .add_activity(&s.tool.client_id, SEED_COURSE_ID, "Passwords", Some(20.0))
        .expect("activity");
    let item = s
        .sim
        .line_items()
        .into_iter()
        .find(|i| Some(i.id) == activity.line_item_id)
        .expect("item");
    let item_url = s
        .sim
        .lineitems_url(SEED_COURSE_ID, &s.tool.client_id)
        .expect("url")
        .replace("/lineitems?", &format!("/lineitems/{}/lineitem?", item.id));
    let token = token(&s).await;
    assert_eq!(
        post_score(
            &s,
            &token,
            &item_url,
            score("5", 75.0, "2026-11-28T10:00:00Z")
        )
        .await
        .status(),
        200
    );
    let page_url = s.sim.url(&format!(
        "/grade/report/grader/index.php?id={SEED_COURSE_ID}"
    ));
    let page = s
        .http
        .get(&page_url)
        .send()
        .await
        .expect("gradebook")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains("Passwords")
            && page.contains("<td title=\"2026-11-28T10:00:00+00:00\">15</td>"),
        "{page}"
    );
    let missing = s
        .http
        .get(s.sim.url("/grade/report/grader/index.php"))
        .send()
        .await
        .expect("no id");
    assert_eq!(missing.status(), 400);
}
