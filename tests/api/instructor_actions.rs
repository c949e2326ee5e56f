//! Instructor actions and the roster's standing columns end to end: a reset with its reason on
//! record lets the learner start afresh and the next score reaches the gradebook; an extension
//! turns a late attempt into an on-time one; learners, other courses and other origins are
//! refused; path, progress and certificate columns, their filters and the CSV.

use crate::courses::player::{self, pairs};
use crate::helpers::{TestApp, http};
use crate::on_both_backends;
use securehospitals::certificates::{Holder, Revocation, drafts_for};
use securehospitals::content::JobRole;
use securehospitals::courses::Learner;
use securehospitals::lms_simulator::{LaunchSpec, SEED_COURSE_ID, roles};

async fn teacher(app: &TestApp) -> String {
    let r = app
        .launcher()
        .launch(LaunchSpec::resource_link("3", "rl-roster"))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.session_id()
}

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let r = http().get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let r = http()
        .post(app.url(path))
        .form(fields)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Waits until the outbox is empty and the learner's gradebook cell in the LMS shows `expected`.
async fn gradebook_shows(app: &TestApp, user: &str, expected: f64) {
    let start = std::time::Instant::now();
    loop {
        let status = app.tool.state.store.outbox_status().await.unwrap();
        let cell = app.sim.gradebook().into_iter().find(|e| e.user_id == user);
        if status.pending == 0 && cell.and_then(|c| c.result_score) == Some(expected) {
            return;
        }
        assert!(
            start.elapsed().as_secs() < 15,
            "gradebook {:?}, outbox {status:?}",
            app.sim.gradebook()
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// The roster row of `user`.
fn row(page: &str, user: &str) -> String {
    let at = page
        .find(&format!("data-user=\"{user}\""))
        .unwrap_or_else(|| panic!("no row for {user}: {page}"));
    let rest = &page[at..];
    rest[..rest.find("</tr>").unwrap()].to_owned()
}

fn learner(app: &TestApp, user: &str) -> Learner {
    Learner {
        registration_id: app.registration.id,
        user_id: user.to_owned(),
    }
}

on_both_backends! {
    async fn a_reset_is_recorded_with_its_reason_and_the_next_score_reaches_the_gradebook(app) {
        let activity = app.sim.add_activity(&app.client_id, SEED_COURSE_ID, "M03 Passwords", Some(100.0)).unwrap();
        let spec = LaunchSpec::resource_link("4", &activity.resource_link_id)
            .with_custom("module", "M03")
            .with_custom("job_role", "AD");
        let sam = player::launch(&app, spec).await;
        let first = sam.start("M03", "quiz").await;
        sam.submit("M03", &first, &sam.right_answers(&first).await).await;
        gradebook_shows(&app, "4", 100.0).await;

        let sid = teacher(&app).await;
        let reset = format!("/s/{sid}/roster/reset");
        let (status, page) = post(&app, &reset, &[("user_id", "4"), ("item", "module:M03"), ("reason", "  ")]).await;
        assert_eq!(status, 400, "{page}");
        assert!(page.contains("reason_required"), "{page}");
        assert_eq!(sam.progress("M03").await.best_score, Some(100), "nothing changed without a reason");

        let r = http().post(app.url(&reset))
            .form(&[("user_id", "4"), ("item", "module:M03"), ("reason", "Quiz taken on a shared ward PC")])
            .send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], format!("/s/{sid}/roster?done=reset").as_str());
        let fresh = sam.progress("M03").await;
        assert_eq!((fresh.attempts, fresh.first_score, fresh.best_score), (0, None, None), "{fresh:?}");
        assert!(sam.attempt(&first).await.result.is_some(), "the reset attempt stays in the history");

        let (_, roster) = get(&app, &format!("/s/{sid}/roster?done=reset")).await;
        assert!(roster.contains("Attempts reset. The learner can start again."), "{roster}");
        let sam_row = row(&roster, "4");
        assert!(sam_row.contains("Attempts on M03 reset on 20") && sam_row.contains(": Quiz taken on a shared ward PC"), "{sam_row}");
        assert!(!sam_row.contains("M03 100%"), "{sam_row}");
        let (_, csv) = get(&app, &format!("/s/{sid}/roster.csv")).await;
        assert!(csv.contains("Quiz taken on a shared ward PC"), "{csv}");

        // The retake is the new first score, and its (lower) score is what the gradebook gets.
        let again = sam.start("M03", "quiz").await;
        sam.submit("M03", &again, &pairs(&[("attempt", &again), ("blank", "confirmed")])).await;
        gradebook_shows(&app, "4", 0.0).await;
        let now = sam.progress("M03").await;
        assert_eq!((now.attempts, now.first_score, now.best_score), (1, Some(0), Some(0)), "{now:?}");
    }
}

on_both_backends! {
    async fn an_extension_turns_a_late_attempt_into_an_on_time_one_and_lifts_overdue(app) {
        let spec = |user: &str| LaunchSpec::resource_link(user, "rl-due")
            .with_custom("module", "M01")
            .with_custom("due_at", "2026-01-05T08:00:00Z");
        let sam = player::launch(&app, spec("4")).await;
        sam.choose_role("NU", "modules/M01").await;
        let attempt = sam.start("M01", "quiz").await;

        let sid = teacher(&app).await;
        let (_, roster) = get(&app, &format!("/s/{sid}/roster")).await;
        assert!(row(&roster, "4").contains("Overdue: M01 (was due 2026-01-05 08:00 UTC)"), "{roster}");
        assert!(row(&roster, "5").contains("Overdue"), "a learner who never launched is overdue too: {roster}");
        assert!(row(&roster, "4").contains("Nursing and allied health"), "the learner's path: {roster}");
        let (_, overdue) = get(&app, &format!("/s/{sid}/roster?progress=overdue&module=M01")).await;
        assert_eq!(overdue.matches("class=\"member\"").count(), 3, "the three learners: {overdue}");

        let extend = format!("/s/{sid}/roster/extend");
        let (status, page) = post(&app, &extend, &[("user_id", "4"), ("item", "module:M01"), ("due", "soon")]).await;
        assert_eq!(status, 400);
        assert!(page.contains("bad_due_date"), "{page}");
        let (status, page) = post(&app, &extend, &[("user_id", "4"), ("item", "module:M01"), ("due", "2020-01-01T00:00")]).await;
        assert_eq!(status, 400);
        assert!(page.contains("due_date_passed"), "{page}");
        let (status, page) = post(&app, &extend, &[("user_id", "4"), ("item", "module:M01"), ("due", "2099-01-01T09:00"), ("reason", "night shifts")]).await;
        assert_eq!(status, 303, "{page}");
        let (_, page) = get(&app, &format!("/s/{sid}/roster?done=extended")).await;
        assert!(page.contains("Extension granted."), "{page}");
        let sam_row = row(&page, "4");
        assert!(sam_row.contains("M01 extended to 2099-01-01 09:00 UTC") && !sam_row.contains("Overdue"), "{sam_row}");
        assert!(row(&page, "5").contains("Overdue"), "only Sam got more time");

        let module = sam.get("modules/M01").await;
        assert!(module.body.contains("Your instructor has given you until 2099-01-01 09:00 UTC."), "{}", module.body);
        assert!(!module.body.contains("The due date was"), "{}", module.body);
        let done = sam.submit("M01", &attempt, &sam.right_answers(&attempt).await).await;
        assert_eq!(done.status, 303, "{}", done.body);
        let shown = sam.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert!(!shown.body.contains("after the due date"), "{}", shown.body);
        let (_, roster) = get(&app, &format!("/s/{sid}/roster?progress=overdue")).await;
        assert!(!roster.contains("data-user=\"4\"") && roster.contains("data-user=\"5\""), "{roster}");
        assert!(!row(&get(&app, &format!("/s/{sid}/roster")).await.1, "4").contains("M01 (due"), "not late");

        // Without the extension the same submission is late (user 5).
        let sue = player::launch(&app, spec("5")).await;
        sue.choose_role("NU", "modules/M01").await;
        let late = sue.start("M01", "quiz").await;
        sue.submit("M01", &late, &sue.right_answers(&late).await).await;
        let due = app.tool.state.store.late_attempt(&learner(&app, "5"), &late).await.unwrap();
        assert_eq!(due, Some(1_767_600_000), "Sue's attempt is late (she reads German, so the store says it)");
    }
}

on_both_backends! {
    async fn learners_other_courses_and_other_origins_cannot_act(app) {
        let student = app.launcher().launch(LaunchSpec::resource_link("4", "rl-roster")).await.session_id();
        for action in ["reset", "extend"] {
            let (status, page) = post(&app, &format!("/s/{student}/roster/{action}"), &[("user_id", "5"), ("item", "module:M01"), ("reason", "x"), ("due", "2099-01-01T00:00")]).await;
            assert_eq!(status, 403, "{action}: {page}");
            assert!(page.contains("instructors_only"), "{page}");
        }

        app.sim.add_course("c-other", "OTHER", "Other course").unwrap();
        app.sim.enrol("c-other", "3", &[roles::INSTRUCTOR]).unwrap();
        let other = app.launcher().launch(LaunchSpec::resource_link("3", "rl-other").in_context("c-other")).await.session_id();
        let r = http().post(app.url(&format!("/s/{other}/roster/reset")))
            .header("accept", "application/json")
            .form(&[("user_id", "4"), ("item", "module:M01"), ("reason", "not my learner")])
            .send().await.unwrap();
        assert_eq!(r.status(), 404);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"], "not_a_member", "{body}");
        let (status, _) = post(&app, &format!("/s/{other}/roster/extend"), &[("user_id", "4"), ("item", "module:M01"), ("due", "2099-01-01T00:00")]).await;
        assert_eq!(status, 404);
        let store = &app.tool.state.store;
        assert!(store.resets_in(app.registration.id, "c-other").await.unwrap().is_empty());
        assert!(store.resets_in(app.registration.id, SEED_COURSE_ID).await.unwrap().is_empty());
        assert!(store.extensions_in(app.registration.id, "c-other").await.unwrap().is_empty());

        let no_nrps = app.launcher().launch(LaunchSpec::resource_link("3", "rl-roster").without_nrps()).await.session_id();
        let (status, page) = post(&app, &format!("/s/{no_nrps}/roster/reset"), &[("user_id", "4"), ("item", "module:M01"), ("reason", "no list")]).await;
        assert_eq!(status, 409, "{page}");
        assert!(page.contains("nrps_not_offered"), "{page}");
        let sid = teacher(&app).await;
        let (status, page) = post(&app, &format!("/s/{sid}/roster/reset"), &[("user_id", "4"), ("item", "module:M99"), ("reason", "typo")]).await;
        assert_eq!(status, 400);
        assert!(page.contains("unknown_item"), "{page}");
        let r = http().post(app.url(&format!("/s/{sid}/roster/reset")))
            .header("origin", "https://evil.example")
            .form(&[("user_id", "4"), ("item", "module:M01"), ("reason", "forged")])
            .send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert!(store.resets_in(app.registration.id, SEED_COURSE_ID).await.unwrap().is_empty());
    }
}

on_both_backends! {
    async fn the_roster_shows_paths_and_certificates_and_exports_them(app) {
        let store = &app.tool.state.store;
        store.set_job_role(&learner(&app, "4"), JobRole::parse("NU").unwrap(), 1).await.unwrap();
        let now = securehospitals::launch::unix_now();
        let mut issued = Vec::new();
        for (user, at) in [("4", now), ("5", now), ("6", now - 3 * 366 * 86_400)] {
            let l = learner(&app, user);
            let draft = drafts_for(
                Holder { learner: &l, context_id: Some(SEED_COURSE_ID), name: Some("Test"), declared_name: None, email: None, language: "en" },
                &[("nursing".to_owned(), "test".to_owned())],
                at,
                &mut rand::rng(),
            )
            .remove(0);
            assert!(store.issue_certificate(&l, &draft).await.unwrap());
            issued.push(draft);
        }
        let revocation = Revocation { at: now, reason: "issued in error".into(), by: "3".into() };
        assert!(store.revoke_certificate(app.registration.id, SEED_COURSE_ID, &issued[1].id, &revocation).await.unwrap());

        let sid = teacher(&app).await;
        let (_, page) = get(&app, &format!("/s/{sid}/roster")).await;
        let sam = row(&page, "4");
        assert!(sam.contains("Nursing and allied health: valid until 20") && sam.contains("Nursing and allied health"), "{sam}");
        assert!(row(&page, "5").contains("Nursing and allied health: revoked on 20"), "{page}");
        assert!(row(&page, "6").contains("Nursing and allied health: expired on 20"), "{page}");
        assert!(row(&page, "3").contains("<td class=\"certificate\">none</td>"), "{page}");
        let (_, none) = get(&app, &format!("/s/{sid}/roster?progress=not_started&role=Learner")).await;
        assert_eq!(none.matches("class=\"member\"").count(), 3, "{none}");
        let (_, started) = get(&app, &format!("/s/{sid}/roster?progress=in_progress")).await;
        assert_eq!(started.matches("class=\"member\"").count(), 0, "{started}");

        let (_, csv) = get(&app, &format!("/s/{sid}/roster.csv?role=Learner")).await;
        let header = csv.lines().next().unwrap();
        assert_eq!(header, "user_id,name,email,roles,status,passed,in_progress,best_scores,first_scores,path,progress,overdue,certificate,extensions,resets,late,last_activity");
        let sam_line = csv.lines().find(|l| l.starts_with("4,")).unwrap();
        assert!(sam_line.contains(",nursing,not_started,,nursing valid until 20"), "{sam_line}");
        assert!(csv.lines().any(|l| l.starts_with("5,") && l.contains("nursing revoked 20")), "{csv}");
    }
}

/// A second registration of the simulated LMS (another client): another tenant of the tool.
async fn second_platform(app: &TestApp) -> (String, securehospitals::platforms::RegistrationId) {
    use securehospitals::platforms::{DeploymentPolicy, NewRegistration, RegistrationStatus};
    let registered = app
        .sim
        .register_tool(
            securehospitals::lms_simulator::ToolRegistration::for_tool(&app.base).unwrap(),
        )
        .unwrap();
    let reg = app
        .tool
        .state
        .store
        .insert_registration(NewRegistration {
            name: "Second Moodle client".into(),
            issuer: lti::Issuer::parse(app.sim.issuer()).unwrap(),
            client_id: lti::ClientId::parse(registered.client_id.clone()).unwrap(),
            auth_url: app.sim.auth_url().parse().unwrap(),
            token_url: app.sim.token_url().parse().unwrap(),
            jwks_url: app.sim.jwks_url().parse().unwrap(),
            status: RegistrationStatus::Active,
            deployment_policy: DeploymentPolicy::Refuse,
            frame_origins: vec![],
            deployments: vec![
                lti::DeploymentId::parse(crate::helpers::deployment_of(&registered)).unwrap(),
            ],
        })
        .await
        .unwrap();
    app.refresh_registry();
    (registered.client_id, reg.id)
}

on_both_backends! {
    async fn an_instructor_of_another_platform_never_touches_this_platforms_learner(app) {
        let spec = LaunchSpec::resource_link("4", "rl-m02").with_custom("module", "M02").with_custom("job_role", "AD");
        let sam = player::launch(&app, spec).await;
        let attempt = sam.start("M02", "quiz").await;
        sam.submit("M02", &attempt, &sam.right_answers(&attempt).await).await;

        let (client_b, platform_b) = second_platform(&app).await;
        let r = app.launcher().launch(LaunchSpec::resource_link("3", "rl-roster").with_client(&client_b)).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let other = r.session_id();
        let (status, page) = post(&app, &format!("/s/{other}/roster/reset"), &[("user_id", "4"), ("item", "module:M02"), ("reason", "platform B's own learner")]).await;
        assert_eq!(status, 303, "the same LMS user id on platform B is B's learner: {page}");
        let store = &app.tool.state.store;
        assert_eq!(store.resets_in(platform_b, SEED_COURSE_ID).await.unwrap().len(), 1);
        assert!(store.resets_in(app.registration.id, SEED_COURSE_ID).await.unwrap().is_empty());
        assert_eq!(sam.progress("M02").await.best_score, Some(100), "platform A's learner keeps their result");
        let (status, _) = get(&app, &format!("/s/{other}/roster")).await;
        assert_eq!(status, 200);
        let mine_sid = app
            .launcher()
            .launch(LaunchSpec::resource_link("3", "rl-roster").with_client(&app.client_id))
            .await
            .session_id();
        let (_, mine) = get(&app, &format!("/s/{mine_sid}/roster")).await;
        assert!(!mine.contains("platform B's own learner") && !mine.contains("platform B&#x27;s own learner"), "{mine}");
    }
}

on_both_backends! {
    async fn a_reset_in_one_course_keeps_the_attempts_of_another_course_counting(app) {
        app.sim.add_course("c-other", "OTHER", "Other course").unwrap();
        app.sim.enrol("c-other", "4", &[roles::LEARNER]).unwrap();
        let elsewhere = LaunchSpec::resource_link("4", "rl-elsewhere")
            .in_context("c-other")
            .with_custom("module", "M01")
            .with_custom("job_role", "NU");
        let there = player::launch(&app, elsewhere).await;
        let failed = there.start("M01", "quiz").await;
        there.submit("M01", &failed, &pairs(&[("attempt", &failed), ("blank", "confirmed")])).await;
        let here = player::launch(&app, LaunchSpec::resource_link("4", "rl-here").with_custom("module", "M01").with_custom("job_role", "NU")).await;
        let passed = here.start("M01", "quiz").await;
        here.submit("M01", &passed, &here.right_answers(&passed).await).await;
        let before = here.progress("M01").await;
        assert_eq!((before.attempts, before.first_score, before.best_score), (2, Some(0), Some(100)));

        let sid = teacher(&app).await;
        let (status, page) = post(&app, &format!("/s/{sid}/roster/reset"), &[("user_id", "4"), ("item", "path:nursing"), ("reason", "new hire, start again")]).await;
        assert_eq!(status, 303, "{page}");
        let after = here.progress("M01").await;
        assert_eq!(
            (after.status, after.attempts, after.first_score, after.best_score),
            (securehospitals::courses::ModuleStatus::InProgress, 1, Some(0), Some(0)),
            "only the other course's attempt still counts: {after:?}"
        );
        let (_, roster) = get(&app, &format!("/s/{sid}/roster")).await;
        assert!(row(&roster, "4").contains("Attempts on nursing reset on"), "{roster}");
    }
}

on_both_backends! {
    async fn a_reset_reopens_a_completed_path_but_keeps_its_certificate_and_a_retake_completes_it_again(app) {
        use crate::certificates::{PATH, certificates, earn, pass, verify_json};
        let (sam, cert) = earn(&app).await;
        let total = sam.catalogue().path(PATH).unwrap().modules.len();
        let page = format!("paths/{PATH}");
        let complete = "You have completed this learning path.";
        assert!(sam.get(&page).await.body.contains(complete), "complete before the reset");
        let sid = teacher(&app).await;
        let (_, roster) = get(&app, &format!("/s/{sid}/roster")).await;
        let before = row(&roster, "4");
        assert!(before.contains("<td class=\"progress\">Completed") && before.contains("Administrative staff: valid until 20"), "{before}");

        let (status, answer) = post(&app, &format!("/s/{sid}/roster/reset"), &[("user_id", "4"), ("item", "module:M03"), ("reason", "Answers shared between colleagues")]).await;
        assert_eq!(status, 303, "{answer}");
        let store = &app.tool.state.store;
        assert!(!store.completed_paths(&sam.learner()).await.unwrap().contains(&PATH.to_owned()), "the completion is gone");
        let path = sam.get(&page).await.body;
        assert!(!path.contains(complete), "{path}");
        assert!(path.contains(&format!("{} of {total} modules passed", total - 1)), "{path}");
        assert!(!sam.get("courses").await.body.contains(complete), "the dashboard agrees");
        let (_, roster) = get(&app, &format!("/s/{sid}/roster")).await;
        let after = row(&roster, "4");
        assert!(after.contains("<td class=\"progress\">In progress") && after.contains("Attempts on M03 reset on 20"), "{after}");
        let (_, done) = get(&app, &format!("/s/{sid}/roster?progress=completed")).await;
        assert!(!done.contains("data-user=\"4\""), "{done}");

        // A reset is not a revocation: the certificate issued for the completion stays valid.
        assert!(after.contains("Administrative staff: valid until 20"), "{after}");
        assert_eq!(certificates(&sam).await, vec![cert.clone()], "the certificate is untouched");
        let (status, report) = verify_json(&app, &cert.code.display()).await;
        assert_eq!((status, report["status"].as_str()), (200, Some("valid")), "{report}");

        // Passing M03 again completes the path again; the certificate, still fresh, is not re-issued.
        pass(&sam, "M03").await;
        assert!(store.completed_paths(&sam.learner()).await.unwrap().contains(&PATH.to_owned()));
        assert!(sam.get(&page).await.body.contains(complete));
        let (_, roster) = get(&app, &format!("/s/{sid}/roster?progress=completed")).await;
        assert!(row(&roster, "4").contains("<td class=\"progress\">Completed"), "{roster}");
        let certs = certificates(&sam).await;
        assert_eq!(certs.len(), 1, "one certificate per validity period: {certs:?}");
        assert_eq!((certs[0].code.as_str(), certs[0].generation), (cert.code.as_str(), cert.generation));
    }
}
