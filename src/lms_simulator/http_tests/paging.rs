//! Over-HTTP tests of paged answers: NRPS memberships and AGS line items with
//! `Link: <...>; rel="next"`, followed the way a tool must follow them.

use serde_json::{Value, json};

use super::services::token;
use super::{Setup, setup_with};
use crate::lms_simulator::*;

/// Follows every `rel="next"` link from `url`; returns the pages' JSON bodies.
async fn all_pages(s: &Setup, token: &str, url: String) -> Vec<Value> {
    let mut next = Some(url);
    let mut pages = Vec::new();
    while let Some(url) = next.take() {
        let response = s
            .http
            .get(&url)
            .bearer_auth(token)
            .send()
            .await
            .expect("page");
        assert_eq!(response.status(), 200, "{url}");
        let link = response
            .headers()
            .get("link")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        next = link.and_then(|l| {
            l.strip_prefix('<')
                .and_then(|l| l.split_once('>'))
                .map(|(u, _)| u.to_owned())
        });
        pages.push(response.json().await.expect("json"));
    }
    pages
}

#[tokio::test]
async fn nrps_pages_with_link_headers_and_short_role_names() {
    let s = setup_with(SimulatorConfig {
        nrps_page_size: Some(3),
        ..SimulatorConfig::default()
    })
    .await;
    let token = token(&s).await;
    let url = s
        .sim
        .memberships_url(SEED_COURSE_ID, &s.tool.client_id)
        .expect("url");
    let pages = all_pages(&s, &token, url).await;
    let members: Vec<Value> = pages
        .iter()
        .flat_map(|p| p["members"].as_array().cloned().unwrap_or_default())
        .collect();
    assert_eq!(pages.len(), 2);
    assert_eq!(members.len(), 4);
    assert_eq!(members[0]["roles"], json!(["Instructor"]));
    assert_eq!(s.sim.calls(Endpoint::Memberships), 2);
}

#[tokio::test]
async fn line_items_page_with_link_headers_keeping_filters() {
    let s = setup_with(SimulatorConfig {
        lineitems_page_size: Some(2),
        ..SimulatorConfig::default()
    })
    .await;
    let token = token(&s).await;
    let items_url = s
        .sim
        .lineitems_url(SEED_COURSE_ID, &s.tool.client_id)
        .expect("url");
    for (n, tag) in ["quiz", "quiz", "survey", "quiz"].iter().enumerate() {
        let body = json!({"scoreMaximum": 10, "label": format!("Item {n}"), "resourceId": format!("m{n}"), "tag": tag});
        let created = s
            .http
            .post(&items_url)
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .expect("create");
        assert_eq!(created.status(), 201);
    }
    let quiz_url = format!("{items_url}&tag=quiz");
    let pages = all_pages(&s, &token, quiz_url).await;
    assert_eq!(pages.len(), 2, "three quiz items in pages of two");
    let ids: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.as_array().cloned().unwrap_or_default())
        .map(|i| i["resourceId"].clone())
        .collect();
    assert_eq!(ids, [json!("m0"), json!("m1"), json!("m3")]);
}
