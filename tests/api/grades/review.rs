//! Submission review: the gradebook's "review submission" launch shows one learner's attempts
//! with each question's result and feedback, to the course's instructors and to that learner,
//! and to nobody else.

use super::best_score::gradebook_shows;
use crate::courses::player::{Learned, launch, pairs};
use crate::helpers::{TestApp, http};
use crate::on_both_backends;
use securehospitals::lms_simulator::{LaunchSpec, roles};

/// Sam (user 4) fails M03 once, then passes it, in a graded activity of course 2.
async fn sam_takes_m03_twice(app: &TestApp) -> String {
    let activity = app
        .sim
        .add_activity(&app.client_id, "2", "M03 Passwords", Some(100.0))
        .unwrap();
    let link = activity.resource_link_id.clone();
    let spec = LaunchSpec::resource_link("4", &link)
        .with_custom("module", "M03")
        .with_custom("job_role", "AD");
    let sam = launch(app, spec).await;
    let first = sam.start("M03", "quiz").await;
    sam.submit(
        "M03",
        &first,
        &pairs(&[("attempt", &first), ("blank", "confirmed")]),
    )
    .await;
    let second = sam.start("M03", "quiz").await;
    sam.submit("M03", &second, &sam.right_answers(&second).await)
        .await;
    gradebook_shows(app, "4", 100.0).await;
    link
}

async fn review<'a>(app: &'a TestApp, spec: LaunchSpec) -> (Learned<'a>, u16, String) {
    let who = launch(app, spec).await;
    assert_eq!(
        who.landing, "review",
        "a review launch lands on the review page"
    );
    let r = http().get(who.url("review")).send().await.unwrap();
    let status = r.status().as_u16();
    (who, status, r.text().await.unwrap())
}

fn attempts_shown(page: &str) -> usize {
    page.matches("<section class=\"attempt\"").count()
}

on_both_backends! {
    async fn an_instructor_reviews_a_learners_attempts_with_answers_and_feedback(app) {
        let link = sam_takes_m03_twice(&app).await;
        let (_, status, page) = review(&app, LaunchSpec::submission_review("3", "4", &link)).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(attempts_shown(&page), 2, "{page}");
        assert!(page.contains("Sam Student"), "the reviewed learner is named: {page}");
        assert!(page.contains("M03"), "{page}");
        assert!(page.contains("<strong>0 %</strong>") && page.contains("<strong>100 %</strong>"), "both scores: {page}");
        assert!(page.contains("Not answered") && page.contains("Correct"), "{page}");
        assert!(page.contains("Right answer") && page.contains("Feedback"), "{page}");
        assert_eq!(page.matches("<p class=\"given\">").count(), 5, "the passing attempt shows each answer: {page}");
    }
}

on_both_backends! {
    async fn a_learner_reviews_only_their_own_submission(app) {
        let link = sam_takes_m03_twice(&app).await;
        let own = LaunchSpec::submission_review("4", "4", &link);
        let (_, status, page) = review(&app, own).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(attempts_shown(&page), 2, "{page}");
        let other = LaunchSpec::submission_review("5", "4", &link);
        let (_, status, page) = review(&app, other).await;
        assert_eq!(status, 403, "{page}");
        assert!(page.contains("other_learner"), "{page}");
        assert_eq!(attempts_shown(&page), 0, "{page}");
    }
}

on_both_backends! {
    async fn a_review_from_another_course_shows_none_of_this_courses_attempts(app) {
        sam_takes_m03_twice(&app).await;
        app.sim.add_course("7", "ICU", "Intensive care").unwrap();
        app.sim.enrol("7", "3", &[roles::INSTRUCTOR]).unwrap();
        app.sim.enrol("7", "4", &[roles::LEARNER]).unwrap();
        let icu = app.sim.add_activity(&app.client_id, "7", "M03 in ICU", Some(100.0)).unwrap();
        let spec = LaunchSpec::submission_review("3", "4", &icu.resource_link_id)
            .in_context("7")
            .with_custom("module", "M03");
        let (_, status, page) = review(&app, spec).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(attempts_shown(&page), 0, "course 2's attempts stay in course 2: {page}");
        assert!(page.contains("has not finished a quiz"), "{page}");
    }
}

on_both_backends! {
    async fn a_session_that_is_not_a_review_gets_no_review_page(app) {
        sam_takes_m03_twice(&app).await;
        let tina = launch(&app, LaunchSpec::resource_link("3", "plain")).await;
        let r = http().get(tina.url("review")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404);
        assert!(r.text().await.unwrap().contains("not_a_review"));
    }
}

on_both_backends! {
    async fn a_line_item_the_tool_creates_asks_for_review_launches_that_name_its_module(app) {
        let activity = app.sim.add_activity(&app.client_id, "2", "M03 (ungraded in Moodle)", None).unwrap();
        let spec = LaunchSpec::resource_link("4", &activity.resource_link_id)
            .with_custom("module", "M03")
            .with_custom("job_role", "AD");
        let sam = launch(&app, spec).await;
        let attempt = sam.start("M03", "quiz").await;
        sam.submit("M03", &attempt, &sam.right_answers(&attempt).await).await;
        gradebook_shows(&app, "4", 100.0).await;
        let made = app.sim.line_items().into_iter().find(|i| i.tag == "securehospitals").unwrap();
        let review_request = made.submission_review.clone().expect("submissionReview on the line item");
        assert_eq!(review_request["url"], serde_json::json!(app.url("/lti/launch")));
        assert_eq!(review_request["custom"]["module"], "M03");
        assert_eq!(review_request["reviewableStatus"], serde_json::json!(["Completed"]));
        // The review launch is about that line item, and the tool finds the module from it.
        let (_, status, page) = review(&app, LaunchSpec::submission_review("3", "4", &activity.resource_link_id)).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(attempts_shown(&page), 1, "{page}");
    }
}
