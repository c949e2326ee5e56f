//! The Curriculum Wizard end to end: learners are refused, a trainer fills the steps (with an
//! invalid answer explained and kept), saves and resumes in a later launch, reads the advice,
//! exports and imports it as JSON, and from a deep linking launch adds the recommended modules
//! to the course, which the simulated LMS verifies and places.

use crate::helpers::{TestApp, http};
use crate::on_both_backends;
use securehospitals::lms_simulator::{LaunchSpec, roles};

/// A complete set of answers: a nursing ward with shift work and no downtime procedure.
const WARD: &[(&str, &str)] = &[
    ("C1", "acute"),
    ("C2", "1000-4999"),
    ("C4", "unit"),
    ("C6", "important"),
    ("A1.NU", "40"),
    ("A1.CL", "12"),
    ("A2", "10-25"),
    ("A3", "yes"),
    ("A4", "write"),
    ("A5", "yes"),
    ("A6", "none"),
    ("T1", "mobile"),
    ("T2", "notsure"),
    ("T6", "many"),
    ("T7", "yes"),
    ("T8", "no"),
    ("P1", "2"),
    ("P2", "3"),
    ("P3", "3"),
    ("P4", "2"),
    ("P5", "3"),
    ("P6", "2"),
    ("P8", "na"),
    ("P9", "2"),
    ("P10", "3"),
    ("S1", "3"),
    ("S2", "2"),
    ("S3", "3"),
    ("S4", "3"),
    ("S6", "no"),
    ("K1", "2"),
    ("K2", "2"),
    ("K3", "3"),
    ("K4", "3"),
    ("K5", "2"),
    ("K6", "3"),
    ("K7", "2"),
    ("R1", "annual"),
    ("R3", "50-79"),
    ("R4", "never"),
    ("R5", "31-60"),
    ("R6", "elearning"),
    ("R6", "huddles"),
    ("R8", "yes"),
    ("G1", "phishing"),
    ("G2", "no"),
    ("G4", "phishing"),
    ("G4", "downtime"),
];

async fn launch(app: &TestApp, spec: LaunchSpec) -> String {
    let r = app.launcher().launch(spec).await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.session_id()
}

async fn instructor(app: &TestApp) -> String {
    launch(
        app,
        LaunchSpec::resource_link("3", "wizard-link").with_custom("wizard", "plan"),
    )
    .await
}

async fn get(app: &TestApp, path: &str) -> (u16, String, Option<String>) {
    let r = http().get(app.url(path)).send().await.unwrap();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    (r.status().as_u16(), r.text().await.unwrap(), location)
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String, Option<String>) {
    let r = http()
        .post(app.url(path))
        .form(fields)
        .send()
        .await
        .unwrap();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    (r.status().as_u16(), r.text().await.unwrap(), location)
}

/// Creates a plan and returns its path (`/s/{sid}/wizard/plans/{id}`).
async fn new_plan(app: &TestApp, sid: &str, unit: &str, copy_from: &str) -> String {
    let (status, body, location) = post(
        app,
        &format!("/s/{sid}/wizard/plans"),
        &[("unit", unit), ("copy_from", copy_from)],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let location = location.unwrap();
    location
        .strip_suffix("/steps/1")
        .expect("a new plan opens at step 1")
        .to_owned()
}

/// Submits every step with `answers` and "Next"; returns where the last step leads.
async fn fill(app: &TestApp, plan: &str, answers: &[(&str, &str)]) -> String {
    let mut last = String::new();
    for step in 1..=8 {
        let mut fields = answers.to_vec();
        fields.push(("go", "next"));
        let (status, body, location) = post(app, &format!("{plan}/steps/{step}"), &fields).await;
        assert_eq!(status, 303, "step {step}: {body}");
        last = location.unwrap();
    }
    last
}

fn plan_id(plan: &str) -> &str {
    plan.rsplit('/').next().unwrap()
}

on_both_backends! {
    async fn a_learner_gets_a_403_page_and_json_callers_a_403_json(app) {
        let sid = launch(&app, LaunchSpec::resource_link("4", "wizard-link").with_custom("wizard", "plan")).await;
        let (status, body, _) = get(&app, &format!("/s/{sid}/wizard")).await;
        assert_eq!(status, 403);
        assert!(body.contains("instructors_only") && body.contains("Curriculum Wizard"), "{body}");
        let (status, _, _) = post(&app, &format!("/s/{sid}/wizard/plans"), &[("unit", "Ward 1")]).await;
        assert_eq!(status, 403);
        let (status, _, _) = get(&app, &format!("/s/{sid}/wizard/plans/00000000-0000-0000-0000-000000000000/advice.json")).await;
        assert_eq!(status, 403);
    }
}

on_both_backends! {
    async fn an_instructor_launch_of_a_placed_wizard_lands_on_the_plans_page_in_the_launch_language(app) {
        let r = app.launcher().launch(LaunchSpec::resource_link("3", "wizard-link").with_custom("wizard", "plan").with_locale("de-DE")).await;
        assert!(r.location.as_deref().unwrap().ends_with("/wizard"), "{:?}", r.location);
        let (status, body, _) = get(&app, &format!("/s/{}/wizard", r.session_id())).await;
        assert_eq!(status, 200);
        assert!(body.contains("lang=\"de\"") && body.contains("Curriculum-Assistent"), "{body}");
        let sid = r.session_id();
        assert!(body.contains(&format!("action=\"/s/{sid}/language\"")) && body.contains("value=\"wizard\""));
        let (status, _, location) = post(&app, &format!("/s/{sid}/language"), &[("lang", "fr"), ("back", "wizard")]).await;
        assert_eq!(status, 303);
        assert!(location.unwrap().ends_with(&format!("/s/{sid}/wizard")));
        let (_, body, _) = get(&app, &format!("/s/{sid}/wizard")).await;
        assert!(body.contains("lang=\"fr\"") && body.contains("Assistant de programme"), "{body}");
    }
}

on_both_backends! {
    async fn invalid_answers_are_explained_kept_and_fixed_then_saved_and_resumed_later(app) {
        let sid = instructor(&app).await;
        let plan = new_plan(&app, &sid, "Ward 7", "").await;
        // Step 2: a headcount that is not a number, and nothing else.
        let (status, body, _) = post(&app, &format!("{plan}/steps/2"), &[("A1.NU", "forty"), ("A3", "yes"), ("go", "next")]).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("forty&#34; is not a whole number"), "{body}");
        assert!(body.contains("value=\"forty\""), "the typed value is kept");
        assert!(body.contains("Please answer this question."), "missing answers are named");
        assert!(body.contains("value=\"yes\" checked"), "valid answers stay");
        // "Back" never blocks and keeps what was typed.
        let (status, _, location) = post(&app, &format!("{plan}/steps/2"), &[("A1.NU", "forty"), ("A3", "yes"), ("go", "back")]).await;
        assert_eq!(status, 303);
        assert!(location.unwrap().ends_with("/steps/1"));
        let (_, body, _) = get(&app, &format!("{plan}/steps/2")).await;
        assert!(body.contains("value=\"forty\"") && body.contains("is not a whole number"), "{body}");
        // Save and stop at step 3, then come back in a new launch.
        let mut fields: Vec<(&str, &str)> = WARD.to_vec();
        fields.push(("go", "next"));
        let (status, _, _) = post(&app, &format!("{plan}/steps/1"), &fields).await;
        assert_eq!(status, 303);
        let (status, _, _) = post(&app, &format!("{plan}/steps/2"), &fields).await;
        assert_eq!(status, 303);
        let (status, _, location) = post(&app, &format!("{plan}/steps/3"), &[("T2", "notsure"), ("go", "save")]).await;
        assert_eq!(status, 303);
        assert!(location.unwrap().ends_with("/wizard"));

        let later = instructor(&app).await;
        let (status, list, _) = get(&app, &format!("/s/{later}/wizard")).await;
        assert_eq!(status, 200);
        let id = plan_id(&plan);
        assert!(list.contains("Ward 7") && list.contains(&format!("/wizard/plans/{id}/steps/3")), "{list}");
        let (_, step3, _) = get(&app, &format!("/s/{later}/wizard/plans/{id}/steps/3")).await;
        assert!(step3.contains("value=\"notsure\" checked"), "the saved answer is back");
        assert!(step3.contains("Step 3 of 8"));
        // The old session's path cannot open a plan with a made-up id, nor another user's plan.
        let (status, _, _) = get(&app, &format!("/s/{later}/wizard/plans/not-a-plan/steps/1")).await;
        assert_eq!(status, 404);
        let other = launch(&app, LaunchSpec::resource_link("5", "wizard-link").with_roles(&[roles::INSTRUCTOR])).await;
        let (status, _, _) = get(&app, &format!("/s/{other}/wizard/plans/{id}/steps/1")).await;
        assert_eq!(status, 404, "another instructor's plan does not exist for this one");
        let (_, others, _) = get(&app, &format!("/s/{other}/wizard")).await;
        assert!(!others.contains("Ward 7"));
        let (status, _, _) = post(&app, &format!("/s/{other}/wizard/plans/{id}/delete"), &[]).await;
        assert_eq!(status, 404, "nor delete it");
        let (status, _, _) = post(&app, &format!("/s/{later}/wizard/plans/{id}/delete"), &[]).await;
        assert_eq!(status, 303);
        let (_, list, _) = get(&app, &format!("/s/{later}/wizard")).await;
        assert!(!list.contains("Ward 7"), "the owner deleted it");
    }
}

on_both_backends! {
    async fn a_finished_plan_shows_the_advice_with_reasons_and_its_json_imports_again(app) {
        let sid = instructor(&app).await;
        let plan = new_plan(&app, &sid, "Ward 7", "").await;
        let end = fill(&app, &plan, WARD).await;
        assert!(end.ends_with("/advice"), "{end}");
        let (status, body, _) = get(&app, &format!("{plan}/advice")).await;
        assert_eq!(status, 200);
        for section in ["id=\"heat-map\"", "id=\"actions\"", "id=\"curriculum\"", "id=\"methods\"", "id=\"calendar\"", "id=\"evaluation\"", "id=\"compliance\""] {
            assert!(body.contains(section), "{section}");
        }
        assert!(body.contains("Check with IT"), "Not sure asks for a check");
        assert!(body.contains("report phishing"), "the missing report button is an action");
        assert!(body.contains("M01 ") && body.contains("Month 1"));
        assert!(body.contains("Required by NIS2 Art. 23"));
        assert!(body.contains("ward huddles"), "shift work brings huddles");
        assert!(body.contains("works council"), "simulations need approval first");
        assert!(body.contains("Month 12") && body.contains("Run the wizard again"));
        assert!(body.contains("NIS2 Art. 21(2)(g)"));
        let compliance = &body[body.find("id=\"compliance\"").unwrap()..];
        assert!(!compliance.contains("report-button") && compliance.contains("report phishing"), "actions by their text, not their ids: {compliance}");
        assert!(body.contains("open SecureHospitals from the course"), "outside deep linking the page explains how to add");
        assert!(!body.contains("wizard-") && !body.contains("role-"), "every message id has a text: {body}");
        let (status, _, _) = post(&app, &format!("/s/{sid}/language"), &[("lang", "de"), ("back", "wizard")]).await;
        assert_eq!(status, 303);
        let (_, german, _) = get(&app, &format!("{plan}/advice")).await;
        assert!(german.contains("Schulungsempfehlung für Ward 7") && german.contains("Mit der IT klären"), "{german}");
        assert!(!german.contains("wizard-") && !german.contains("role-"));
        let (status, _, _) = post(&app, &format!("/s/{sid}/language"), &[("lang", "en"), ("back", "wizard")]).await;
        assert_eq!(status, 303);

        let pdf = http().get(app.url(&format!("{plan}/advice.pdf"))).send().await.unwrap();
        assert_eq!(pdf.status(), 200);
        assert_eq!(pdf.headers()["content-type"], "application/pdf");
        let doc = lopdf::Document::load_mem(&pdf.bytes().await.unwrap()).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        assert!(pages.len() >= 2, "the whole plan, over several pages");
        let text = doc.extract_text(&pages).unwrap();
        for expected in ["Training advice for Ward 7", "Gap heat map", "M01", "Month 1", "report phishing", "NIS2 Art. 21(2)(g)", "Kirkpatrick"] {
            assert!(text.contains(expected), "{expected} in the PDF");
        }
        assert!(doc.catalog().unwrap().get(b"StructTreeRoot").is_ok(), "the PDF is tagged");
        let (status, json, _) = get(&app, &format!("{plan}/advice.json")).await;
        assert_eq!(status, 200);
        let file: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(file["format"], "securehospitals-wizard-plan");
        assert_eq!(file["unit"], "Ward 7");
        assert!(file["advice"]["roles"].as_array().unwrap().len() == 2);
        let (status, _, location) = post(&app, &format!("/s/{sid}/wizard/import"), &[("json", &json)]).await;
        assert_eq!(status, 303);
        let imported = location.unwrap();
        assert!(imported.ends_with("/advice"), "{imported}");
        let (_, again, _) = get(&app, &imported.replace("/advice", "/advice.json")).await;
        let again: serde_json::Value = serde_json::from_str(&again).unwrap();
        assert_eq!(again["answers"], file["answers"]);
        assert_eq!(again["advice"], file["advice"]);

        let (status, body, _) = post(&app, &format!("/s/{sid}/wizard/import"), &[("json", "{\"format\": \"something\"}")]).await;
        assert_eq!(status, 400);
        assert!(body.contains("cannot be imported"), "{body}");
    }
}

on_both_backends! {
    async fn a_rerun_for_the_same_unit_shows_what_changed(app) {
        let sid = instructor(&app).await;
        let first = new_plan(&app, &sid, "Ward 7", "").await;
        fill(&app, &first, WARD).await;
        let second = new_plan(&app, &sid, "Ward 7", plan_id(&first)).await;
        let mut better: Vec<(&str, &str)> = WARD.iter().copied().filter(|(k, _)| *k != "P8" && *k != "T8").collect();
        better.push(("P8", "4"));
        better.push(("T8", "yes"));
        fill(&app, &second, &better).await;
        let (_, body, _) = get(&app, &format!("{second}/advice")).await;
        assert!(body.contains("id=\"changes\"") && body.contains("Changes since the earlier plan"), "{body}");
        assert!(body.contains("Actions no longer needed"), "{body}");
    }
}

on_both_backends! {
    async fn from_a_deep_linking_launch_add_to_course_places_the_modules_with_line_items(app) {
        let sid = launch(&app, LaunchSpec::deep_linking("3")).await;
        let (status, picker, _) = get(&app, &format!("/s/{sid}/deep-linking")).await;
        assert_eq!(status, 200);
        assert!(picker.contains(&format!("/s/{sid}/wizard")) && picker.contains("value=\"wizard:plan\""), "the picker links to and offers the wizard");
        let plan = new_plan(&app, &sid, "Ward 7", "").await;
        fill(&app, &plan, WARD).await;
        let (_, advice, _) = get(&app, &format!("{plan}/advice")).await;
        assert!(advice.contains("add-to-course\"") && advice.contains("name=\"graded\""), "{advice}");
        let (status, page, _) = post(&app, &format!("{plan}/add-to-course"), &[("graded", "on")]).await;
        assert_eq!(status, 200, "{page}");
        let result = crate::deep_linking::return_to_lms(&app, &page).await;
        let modules: Vec<&str> = result.items.iter().map(|i| i["custom"]["module"].as_str().unwrap()).collect();
        assert!(modules.contains(&"M01") && modules.contains(&"M07"), "{modules:?}");
        assert!(result.items.iter().all(|i| i["lineItem"]["scoreMaximum"] == 100.0));
        assert_eq!(result.activities.len(), result.items.len());
        assert!(result.activities.iter().all(|a| a.line_item_id.is_some()));
        assert!(result.msg.unwrap().contains("modules from the Curriculum Wizard added"));
    }
}

on_both_backends! {
    async fn the_picker_places_the_wizard_itself_without_a_gradebook_column(app) {
        let sid = launch(&app, LaunchSpec::deep_linking("3")).await;
        let (status, page, _) = post(&app, &format!("/s/{sid}/deep-linking"), &[("item", "wizard:plan"), ("graded.wizard:plan", "on")]).await;
        assert_eq!(status, 200, "{page}");
        let result = crate::deep_linking::return_to_lms(&app, &page).await;
        assert_eq!(result.items.len(), 1);
        assert_eq!(result.items[0]["custom"]["wizard"], "plan");
        assert!(result.items[0].get("lineItem").is_none(), "a planning tool has no score");
        let activity = &result.activities[0];
        let mut spec = LaunchSpec::resource_link("3", &activity.resource_link_id);
        for (k, v) in &activity.custom {
            spec = spec.with_custom(k, v.as_str().unwrap());
        }
        let r = app.launcher().launch(spec).await;
        assert!(r.location.unwrap().ends_with("/wizard"));
    }
}

on_both_backends! {
    async fn the_home_page_links_instructors_to_the_wizard_and_not_learners(app) {
        let teacher = launch(&app, LaunchSpec::resource_link("3", "home-link")).await;
        let (_, home, _) = get(&app, &format!("/s/{teacher}/")).await;
        assert!(home.contains(&format!("/s/{teacher}/wizard")), "{home}");
        let learner = launch(&app, LaunchSpec::resource_link("4", "home-link")).await;
        let (_, home, _) = get(&app, &format!("/s/{learner}/")).await;
        assert!(!home.contains("/wizard"), "{home}");
    }
}
