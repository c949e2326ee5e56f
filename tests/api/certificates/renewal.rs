//! Renewal end to end: a learner whose certificate runs out within the reminder window is
//! reminded, re-takes the path in the player, and gets the next certificate (a new generation,
//! valid for another 12 months); the reminder then goes, and passing again issues nothing more.

use super::*;
use crate::on_both_backends;

on_both_backends! {
    async fn retaking_the_path_near_expiry_issues_the_next_certificate_and_ends_the_reminder(app) {
        let (learner, last) = all_but_last(&app, LaunchSpec::resource_link("4", "rl-cert")).await;
        // A certificate for the path issued 350 days ago: 15 days of validity left.
        let holder = learner.learner();
        let now = securehospitals::launch::unix_now();
        let old = securehospitals::certificates::drafts_for(
            securehospitals::certificates::Holder {
                learner: &holder, context_id: None, name: Some("Sam Student"), declared_name: None,
                email: None, language: "en",
            },
            &[(PATH.to_owned(), "v".to_owned())],
            now - 350 * 86_400,
            &mut rand::rng(),
        )
        .remove(0);
        assert!(app.tool.state.store.issue_certificate(&holder, &old).await.unwrap());
        // Visiting "My certificates" signs it (it was issued outside a completion).
        assert_eq!(learner.get("certificates").await.status, 200);
        let dash = learner.get("courses").await;
        assert!(dash.body.contains("runs out on"), "reminded before renewing: {}", dash.body);
        // Re-taking: the last module of the path completes it again.
        pass(&learner, &last).await;
        let certs = certificates(&learner).await;
        assert_eq!(certs.len(), 2, "the next certificate is issued");
        let new = &certs[0];
        assert_eq!((new.generation, new.path_id.as_str()), (1, PATH));
        assert!(new.valid_until - now >= 365 * 86_400 - 60, "valid 12 months from the re-take");
        assert!(new.credential_jwt.is_some(), "and signed");
        assert_ne!(new.code, certs[1].code);
        let (_, report) = verify_json(&app, &new.code.display()).await;
        assert_eq!(report["status"], "valid");
        let dash = learner.get("courses").await;
        assert!(!dash.body.contains("runs out on"), "no reminder once renewed: {}", dash.body);
        // Passing again while the new certificate is fresh issues nothing.
        pass(&learner, &last).await;
        assert_eq!(certificates(&learner).await.len(), 2);
    }
}
