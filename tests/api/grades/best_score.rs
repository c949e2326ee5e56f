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
        sam.submit("M03", &first, &pairs(&[("attempt", &first)])).await;
        gradebook_shows(&app, "4", 0.0).await;
        let second = sam.start("M03", "quiz").await;
        sam.submit("M03", &second, &sam.right_answers(&second).await).await;
        gradebook_shows(&app, "4", 100.0).await;
        let third = sam.start("M03", "quiz").await;
        sam.submit("M03", &third, &pairs(&[("attempt", &third)])).await;
        gradebook_shows(&app, "4", 100.0).await;
        let sent: Vec<Option<f64>> = app.sim.scores().iter().map(|s| s.score_given).collect();
        assert_eq!(sent, vec![Some(0.0), Some(100.0), Some(100.0)], "each attempt sends the best so far");
        let status = app.tool.state.store.outbox_status().await.unwrap();
        assert_eq!((status.delivered, status.dead), (3, 0));
    }
}
