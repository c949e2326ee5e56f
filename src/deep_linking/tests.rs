//! Unit tests: placeables from the catalogue, filters, form parsing and content items.

use super::*;
use std::path::Path;

fn catalogue() -> Catalogue {
    Catalogue::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn modules_and_paths_are_placeable_with_minutes_and_languages() {
    let all = placeables(&catalogue(), &Lang::english());
    let m01 = all.iter().find(|p| p.key() == "module:M01").unwrap();
    assert!(m01.minutes > 0 && m01.languages.contains(&Lang::english()));
    let path = all.iter().find(|p| p.kind == PlaceableKind::Path).unwrap();
    assert!(path.minutes > 0 && !path.roles.is_empty());
}

#[test]
fn the_filter_matches_text_role_and_language() {
    let all = placeables(&catalogue(), &Lang::english());
    let by_id = Filter {
        query: "m01".into(),
        ..Filter::default()
    };
    assert_eq!(all.iter().filter(|p| by_id.matches(p)).count(), 1);
    let german = Filter {
        language: Lang::parse("de"),
        ..Filter::default()
    };
    let found: Vec<_> = all.iter().filter(|p| german.matches(p)).collect();
    assert!(found.iter().any(|p| p.id == "M01"));
    assert!(found.len() < all.len(), "not every item is in German");
    let it = Filter {
        role: Some(JobRole::ItEngineering),
        ..Filter::default()
    };
    assert!(
        all.iter()
            .filter(|p| it.matches(p))
            .all(|p| p.roles.contains(&JobRole::ItEngineering))
    );
}

#[test]
fn the_form_gives_choices_with_windows_and_grading() {
    let form = pairs(&[
        ("item", "module:M01"),
        ("opens.module:M01", "2026-12-01T09:00"),
        ("due.module:M01", "2026-12-15T17:30"),
        ("graded.module:M01", "on"),
        ("item", "path:clinical-core"),
        ("due.module:M02", "not read"),
    ]);
    let choices = parse_choices(&form).unwrap();
    assert_eq!(choices.len(), 2);
    assert_eq!(
        choices[0].opens.unwrap().to_string(),
        "2026-12-01T09:00:00.000+00:00"
    );
    assert!(choices[0].graded && !choices[1].graded);
    assert_eq!(choices[1].due, None);
}

#[test]
fn bad_forms_are_refused_with_a_reason() {
    assert_eq!(parse_choices(&[]), Err(ChoiceError::NothingChosen));
    let bad = pairs(&[("item", "module:M01"), ("due.module:M01", "next week")]);
    assert!(matches!(
        parse_choices(&bad),
        Err(ChoiceError::BadTime { .. })
    ));
    let reversed = pairs(&[
        ("item", "module:M01"),
        ("opens.module:M01", "2026-12-15T09:00"),
        ("due.module:M01", "2026-12-01T09:00"),
    ]);
    assert!(matches!(
        parse_choices(&reversed),
        Err(ChoiceError::DueBeforeOpens { .. })
    ));
}

#[test]
fn a_graded_pick_carries_a_line_item_and_its_custom_parameter() {
    let all = placeables(&catalogue(), &Lang::english());
    let m03 = all.iter().find(|p| p.id == "M03").unwrap();
    let choice = Choice {
        key: m03.key(),
        opens: None,
        due: None,
        graded: true,
    };
    let json = serde_json::to_value(m03.content_item(&choice)).unwrap();
    assert_eq!(json["type"], "ltiResourceLink");
    assert_eq!(json["custom"]["module"], "M03");
    assert_eq!(json["lineItem"]["scoreMaximum"], 100.0);
    assert_eq!(json["lineItem"]["resourceId"], "M03");
    assert_eq!(json["lineItem"]["tag"], LINE_ITEM_TAG);
    let ungraded = Choice {
        graded: false,
        ..choice
    };
    assert!(
        serde_json::to_value(m03.content_item(&ungraded))
            .unwrap()
            .get("lineItem")
            .is_none()
    );
}

#[test]
fn moodles_deep_linking_request_takes_two_graded_modules() {
    let fixture: serde_json::Value = serde_json::from_str(include_str!(
        "../../lti/tests/fixtures/moodle-4.3/id_token-deep-linking.decoded.json"
    ))
    .unwrap();
    let claims = &fixture["claims"];
    let settings: lti::claims::DeepLinkingSettings = serde_json::from_value(
        claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"].clone(),
    )
    .unwrap();
    let client = lti::ClientId::parse(claims["aud"].as_str().unwrap().to_owned()).unwrap();
    let issuer = lti::Issuer::parse(claims["iss"].as_str().unwrap()).unwrap();
    let deployment = lti::DeploymentId::parse("1".to_owned()).unwrap();
    let request = lti::DeepLinkingRequest::new(&settings, &client, &issuer, &deployment);
    assert!(request.accepts_type(ITEM_TYPE) && request.accepts_multiple());
    let all = placeables(&catalogue(), &Lang::english());
    let items = ["M01", "M02"]
        .iter()
        .map(|id| {
            let p = all.iter().find(|p| p.id == *id).unwrap();
            p.content_item(&Choice {
                key: p.key(),
                opens: None,
                due: None,
                graded: true,
            })
        })
        .collect();
    let response = lti::DeepLinkingResponse::new(
        &request,
        items,
        lti::ResponseMessages::default(),
        std::time::SystemTime::now(),
    )
    .unwrap();
    let json = serde_json::to_value(response.claims()).unwrap();
    let items = &json["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"];
    assert_eq!(items.as_array().unwrap().len(), 2);
    assert_eq!(
        items[1]["lineItem"]["resourceId"], "M02",
        "Moodle omits accept_lineitem: line items stay"
    );
    assert_eq!(json["iss"], "bA3kBQErPSHZuNY");
    assert_eq!(json["aud"], "http://127.0.0.1:8080");
    assert_eq!(
        response.return_url().as_str(),
        settings.deep_link_return_url.as_str()
    );
}
