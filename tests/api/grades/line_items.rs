//! A graded placement whose launch names no line item: the tool finds or creates one column per
//! resource link and module through the line items service, and remembers it.

use super::best_score::gradebook_shows;
use crate::courses::player::{launch, pairs};
use crate::on_both_backends;
use securehospitals::lms_simulator::LaunchSpec;

on_both_backends! {
    async fn a_launch_without_a_line_item_gets_one_column_per_link_and_module(app) {
        let activity = app.sim.add_activity(&app.client_id, "2", "M03 (ungraded in Moodle)", None).unwrap();
        let before = app.sim.line_items().len();
        let spec = |user: &str| {
            LaunchSpec::resource_link(user, &activity.resource_link_id)
                .with_custom("module", "M03")
                .with_custom("job_role", "AD")
        };
        let sam = launch(&app, spec("4")).await;
        let first = sam.start("M03", "quiz").await;
        sam.submit("M03", &first, &pairs(&[("attempt", &first), ("blank", "confirmed")])).await;
        gradebook_shows(&app, "4", 0.0).await;
        let sue = launch(&app, spec("5")).await;
        let hers = sue.start("M03", "quiz").await;
        sue.submit("M03", &hers, &sue.right_answers(&hers).await).await;
        gradebook_shows(&app, "5", 100.0).await;
        let items = app.sim.line_items();
        assert_eq!(items.len(), before + 1, "one column for the link and module: {items:?}");
        let made = items.last().unwrap();
        assert_eq!((made.resource_id.as_str(), made.tag.as_str()), ("M03", "securehospitals"));
        assert_eq!(made.resource_link_id.as_deref(), Some(activity.resource_link_id.as_str()));
    }
}
