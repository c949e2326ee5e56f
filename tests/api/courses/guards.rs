//! What the player refuses: double submissions (scored once, first result shown), forged item
//! and option ids, answers for another attempt, another user's or tenant's attempt, unknown
//! modules and mis-set placements.

use super::player::{launch, pairs};
use crate::on_both_backends;
use securehospitals::courses::Learner;
use securehospitals::lms_simulator::LaunchSpec;
use securehospitals::platforms::RegistrationId;

on_both_backends! {
    async fn submitting_an_attempt_twice_scores_it_once_and_shows_the_first_result(app) {
        let sam = launch(&app, LaunchSpec::resource_link("4", "rl-1").with_custom("module", "M01").with_custom("job_role", "CL")).await;
        let attempt = sam.start("M01", "quiz").await;
        let right = sam.right_answers(&attempt).await;
        let blank = pairs(&[("attempt", &attempt)]);
        // Two submissions racing, then a third one after the fact.
        let (a, b) = tokio::join!(sam.submit("M01", &attempt, &right), sam.submit("M01", &attempt, &right));
        assert_eq!((a.status, b.status), (303, 303), "{} / {}", a.body, b.body);
        let late = sam.submit("M01", &attempt, &blank).await;
        assert_eq!(late.status, 303);
        assert_eq!(late.location, a.location);
        let result = sam.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert!(result.body.contains("You scored 100%"), "the first result stays: {}", result.body);
        assert_eq!(sam.progress("M01").await.attempts, 1, "scored exactly once");
    }
}

on_both_backends! {
    async fn forged_item_and_option_ids_and_answers_for_another_attempt_are_refused(app) {
        let sam = launch(&app, LaunchSpec::resource_link("4", "rl-1").with_custom("module", "M01").with_custom("job_role", "IT")).await;
        let attempt = sam.start("M01", "quiz").await;
        let other = sam.start("M01", "quiz").await;
        let first_item = sam.attempt(&attempt).await.draw.items[0].item_id.clone();
        let forged = [
            pairs(&[("attempt", &attempt), ("i.M01-Q99", "0")]),
            pairs(&[("attempt", &attempt), (&format!("i.{first_item}"), "42")]),
            pairs(&[("attempt", &attempt), (&format!("i.{first_item}"), "a")]),
            pairs(&[("attempt", &other)]),
            sam.right_answers(&other).await,
            pairs(&[(&format!("i.{first_item}"), "0")]),
        ];
        for fields in &forged {
            let page = sam.submit("M01", &attempt, fields).await;
            assert_eq!(page.status, 400, "{fields:?}: {}", page.body);
            assert!(page.body.contains("These answers cannot be accepted"));
        }
        assert!(sam.attempt(&attempt).await.submitted_at.is_none(), "nothing was scored");
        assert_eq!(sam.progress("M01").await.attempts, 0);
        let still_open = sam.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert!(still_open.body.contains("Submit my answers"));
    }
}

on_both_backends! {
    async fn another_users_or_tenants_attempt_is_not_found(app) {
        let sam = launch(&app, LaunchSpec::resource_link("4", "rl-1").with_custom("module", "M01").with_custom("job_role", "CL")).await;
        let attempt = sam.start("M01", "quiz").await;
        let noah = launch(&app, LaunchSpec::resource_link("6", "rl-1").with_custom("module", "M01").with_custom("job_role", "CL")).await;
        let page = noah.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert_eq!(page.status, 404);
        assert!(page.body.contains("n&#39;existe pas") || page.body.contains("n'existe pas"), "French for Noah: {}", page.body);
        let stolen = noah.submit("M01", &attempt, &sam.right_answers(&attempt).await).await;
        assert_eq!(stolen.status, 404);
        assert!(sam.attempt(&attempt).await.submitted_at.is_none());
        // The same user id under another registration (tenant) finds nothing either.
        let elsewhere = Learner { registration_id: RegistrationId::new(), user_id: "4".into() };
        assert!(app.tool.state.store.find_attempt(&elsewhere, &attempt).await.unwrap().is_none());
        // Under the wrong module the attempt is not found either.
        assert_eq!(sam.get(&format!("modules/M02/attempts/{attempt}")).await.status, 404);
    }
}

on_both_backends! {
    async fn an_unknown_module_or_a_mis_set_placement_gets_a_clear_page(app) {
        let sam = launch(&app, LaunchSpec::resource_link("4", "rl-x").with_title("Week 3 security").with_custom("module", "M99")).await;
        assert_eq!(sam.landing, "modules/M99");
        let page = sam.get("modules/M99").await;
        assert_eq!(page.status, 404);
        assert!(page.body.contains("M99") && page.body.contains("Week 3 security") && page.body.contains("End session"), "{}", page.body);
        let path = launch(&app, LaunchSpec::resource_link("4", "rl-y").with_custom("path", "surgery")).await;
        let page = path.get("paths/surgery").await;
        assert_eq!(page.status, 404);
        assert!(page.body.contains("surgery"));
        let bad = launch(&app, LaunchSpec::resource_link("4", "rl-z").with_custom("pass_mark", "150")).await;
        let page = bad.get("courses").await;
        assert_eq!(page.status, 400);
        assert!(page.body.contains("pass_mark") && page.body.contains("150"), "{}", page.body);
        let fine = launch(&app, LaunchSpec::resource_link("4", "rl-1").with_custom("job_role", "CL")).await;
        assert_eq!(fine.get("modules/M01/lessons/99-nope").await.status, 404);
        // A wrong address in a well-set activity is no matter for the teacher.
        let typed = fine.get("modules/M42").await;
        assert_eq!(typed.status, 404);
        assert!(typed.body.contains("There is no module") && !typed.body.contains("teacher"), "{}", typed.body);
    }
}

on_both_backends! {
    async fn a_placement_pass_mark_is_used_and_recorded_with_the_attempt(app) {
        let sam = launch(&app, LaunchSpec::resource_link("4", "rl-1").with_custom("module", "M01").with_custom("job_role", "CL").with_custom("pass_mark", "100")).await;
        assert!(sam.get("modules/M01").await.body.contains("You pass with 100% or more"));
        let attempt = sam.start("M01", "quiz").await;
        assert_eq!(sam.attempt(&attempt).await.pass_mark, 100);
        let mut one_wrong = sam.right_answers(&attempt).await;
        let first_item = format!("i.{}", sam.attempt(&attempt).await.draw.items[0].item_id);
        one_wrong.retain(|(name, _)| !name.starts_with(&first_item));
        sam.submit("M01", &attempt, &one_wrong).await;
        let result = sam.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert!(result.body.contains("Not passed yet. You need 100%"), "{}", result.body);
    }
}

on_both_backends! {
    async fn an_empty_quiz_is_sent_back_once_before_it_counts(app) {
        let sam = launch(&app, LaunchSpec::resource_link("4", "rl-1").with_custom("module", "M01").with_custom("job_role", "CL")).await;
        let attempt = sam.start("M01", "quiz").await;
        let empty = sam.submit("M01", &attempt, &pairs(&[("attempt", &attempt)])).await;
        assert_eq!(empty.status, 422, "{}", empty.body);
        assert!(empty.body.contains("not answered any question"), "{}", empty.body);
        assert!(empty.body.contains(r#"name="blank" value="confirmed""#), "{}", empty.body);
        assert_eq!(sam.progress("M01").await.attempts, 0, "nothing recorded yet");
        let confirmed = sam.submit("M01", &attempt, &pairs(&[("attempt", &attempt), ("blank", "confirmed")])).await;
        assert_eq!(confirmed.status, 303, "{}", confirmed.body);
        assert_eq!(sam.progress("M01").await.attempts, 1);
    }
}
