//! The whole path of a score: a learner launched from a graded Moodle activity takes the quiz,
//! and the gradebook ends with the learner's best score, never lowered by a failed retake.

use super::cell;
use crate::courses::player::{launch, pairs};
use crate::on_both_backends;
use securehospitals::lms_simulator::LaunchSpec;
use std::time::{Duration, Instant};

/// Waits until the outbox is empty and the learner's gradebook cell shows `expected`.
pub async fn gradebook_shows(app: &crate::helpers::TestApp, user: &str, expected: f64) {
    let start = Instant::now();
    loop {
        let status = app.tool.state.store.outbox_status().await.unwrap();
        if status.pending == 0 && cell(app, user).and_then(|c| c.0) == Some(expected) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "gradebook {:?}, outbox {status:?}",
            app.sim.gradebook()
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

on_both_backends! {
    async fn a_failed_retake_never_lowers_the_score_in_the_gradebook(app) {
        let activity = app.sim.add_activity(&app.client_id, "2", "M03 Passwords", Some(100.0)).unwrap();
        let spec = LaunchSpec::resource_link("4", &activity.resource_link_id)
            .with_custom("module", "M03")
            .with_custom("job_role", "AD");
        let sam = launch(&app, spec).await;
        let first = sam.start("M03", "quiz").await;
        sam.submit("M03", &first, &pairs(&[("attempt", &first), ("blank", "confirmed")])).await;
        gradebook_shows(&app, "4", 0.0).await;
        let second = sam.start("M03", "quiz").await;
        sam.submit("M03", &second, &sam.right_answers(&second).await).await;
        gradebook_shows(&app, "4", 100.0).await;
        let third = sam.start("M03", "quiz").await;
        sam.submit("M03", &third, &pairs(&[("attempt", &third), ("blank", "confirmed")])).await;
        gradebook_shows(&app, "4", 100.0).await;
        let sent: Vec<Option<f64>> = app.sim.scores().iter().map(|s| s.score_given).collect();
        assert_eq!(sent, vec![Some(0.0), Some(100.0), Some(100.0)], "each attempt sends the best so far");
        let status = app.tool.state.store.outbox_status().await.unwrap();
        assert_eq!((status.delivered, status.dead), (3, 0));
    }
}

/// Waits until the outbox holds nothing pending.
async fn drained(app: &crate::helpers::TestApp) {
    let start = Instant::now();
    while app.tool.state.store.outbox_status().await.unwrap().pending > 0 {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the outbox never drained"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

on_both_backends! {
    async fn another_module_taken_from_a_module_link_never_fills_that_links_column(app) {
        // The start page lists every module: a learner launched from the M03 activity may take
        // M01 there. The M03 column must keep the M03 result, never M01's.
        let activity = app.sim.add_activity(&app.client_id, "2", "M03 Passwords", Some(100.0)).unwrap();
        let spec = LaunchSpec::resource_link("4", &activity.resource_link_id)
            .with_custom("module", "M03")
            .with_custom("job_role", "AD");
        let sam = launch(&app, spec).await;
        let other = sam.start("M01", "quiz").await;
        sam.submit("M01", &other, &sam.right_answers(&other).await).await;
        drained(&app).await;
        assert!(app.sim.scores().is_empty(), "M01's result reached the M03 column: {:?}", app.sim.scores());
        let own = sam.start("M03", "quiz").await;
        sam.submit("M03", &own, &pairs(&[("attempt", &own), ("blank", "confirmed")])).await;
        gradebook_shows(&app, "4", 0.0).await;
        assert_eq!(app.sim.scores().len(), 1, "only M03's own result: {:?}", app.sim.scores());
    }
}

on_both_backends! {
    async fn a_path_links_column_shows_the_share_of_the_path_passed(app) {
        let activity = app.sim.add_activity(&app.client_id, "2", "Administrative path", Some(100.0)).unwrap();
        let spec = LaunchSpec::resource_link("4", &activity.resource_link_id)
            .with_custom("path", "administrative")
            .with_custom("job_role", "AD");
        let sam = launch(&app, spec).await;
        // M11 is not on the administrative path: nothing for the path's column.
        let off_path = sam.start("M11", "quiz").await;
        sam.submit("M11", &off_path, &sam.right_answers(&off_path).await).await;
        drained(&app).await;
        assert!(app.sim.scores().is_empty(), "{:?}", app.sim.scores());
        // One of the path's eight modules passed: 12 %.
        let first = sam.start("M01", "quiz").await;
        sam.submit("M01", &first, &sam.right_answers(&first).await).await;
        gradebook_shows(&app, "4", 12.0).await;
        // A failed module of the path changes nothing; a second pass makes it 25 %.
        let failed = sam.start("M02", "quiz").await;
        sam.submit("M02", &failed, &pairs(&[("attempt", &failed), ("blank", "confirmed")])).await;
        gradebook_shows(&app, "4", 12.0).await;
        let second = sam.start("M02", "quiz").await;
        sam.submit("M02", &second, &sam.right_answers(&second).await).await;
        gradebook_shows(&app, "4", 25.0).await;
    }
}
