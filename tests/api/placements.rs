//! Placing with timing end to end: the picker's opening and due dates reach the LMS (windows,
//! line item dates, custom parameters), the learner's player shows them, a late attempt is
//! recorded and marked late on the result page and the roster; bad dates are explained with
//! nothing typed lost; `auto_create` and the instructor's language are honoured.

use crate::courses::player;
use crate::deep_linking::return_to_lms;
use crate::helpers::{TestApp, http};
use crate::on_both_backends;
use securehospitals::lms_simulator::{Activity, DeepLinkingOptions, LaunchSpec};

/// An instructor (user 3) picks with these form fields; returns the verified LMS result.
async fn place(
    app: &TestApp,
    fields: &[(&str, &str)],
) -> securehospitals::lms_simulator::DeepLinkResult {
    let sid = picker_session(app, DeepLinkingOptions::default(), None).await;
    let (status, page) = post(app, &format!("/s/{sid}/deep-linking"), fields).await;
    assert_eq!(status, 200, "{page}");
    return_to_lms(app, &page).await
}

async fn picker_session(
    app: &TestApp,
    options: DeepLinkingOptions,
    locale: Option<&str>,
) -> String {
    let mut spec = LaunchSpec::deep_linking("3").with_deep_linking_options(options);
    if let Some(locale) = locale {
        spec = spec.with_locale(locale);
    }
    let r = app.launcher().launch(spec).await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.session_id()
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

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let r = http().get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// A launch of a placed activity by `user`, carrying the custom parameters the LMS stored.
fn launch_of(activity: &Activity, user: &str) -> LaunchSpec {
    let mut spec = LaunchSpec::resource_link(user, &activity.resource_link_id);
    for (k, v) in &activity.custom {
        spec = spec.with_custom(k, v.as_str().unwrap());
    }
    spec
}

on_both_backends! {
    async fn opening_and_due_dates_reach_the_lms_and_the_learner(app) {
        let result = place(&app, &[
            ("item", "module:M04"),
            ("opens.module:M04", "2027-03-01T09:00"),
            ("due.module:M04", "2027-03-15T17:30"),
            ("graded.module:M04", "on"),
        ]).await;
        let item = &result.items[0];
        assert!(item["available"]["startDateTime"].as_str().unwrap().starts_with("2027-03-01T09:00:00"), "{item}");
        assert!(item["submission"]["endDateTime"].as_str().unwrap().starts_with("2027-03-15T17:30:00"), "{item}");
        assert!(item["lineItem"]["startDateTime"].as_str().unwrap().starts_with("2027-03-01T09:00:00"), "{item}");
        assert!(item["lineItem"]["endDateTime"].as_str().unwrap().starts_with("2027-03-15T17:30:00"), "{item}");
        assert!(item["custom"]["due_at"].as_str().unwrap().starts_with("2027-03-15T17:30:00"), "{item}");
        assert_eq!(item["custom"]["submission_end"], "$ResourceLink.submission.endDateTime");
        let activity = &result.activities[0];
        let column = app.sim.line_items().into_iter().find(|l| Some(l.id) == activity.line_item_id).unwrap();
        assert!(column.start_date_time.unwrap().starts_with("2027-03-01T09:00:00"));
        assert!(column.end_date_time.unwrap().starts_with("2027-03-15T17:30:00"));

        // The simulated Moodle leaves the `$ResourceLink...` variables unsubstituted: the
        // tool's literal dates are used.
        let learner = player::launch(&app, launch_of(activity, "4")).await;
        assert_eq!(learner.landing, "modules/M04");
        let page = learner.get("modules/M04").await;
        assert!(page.body.contains("This activity opens on 2027-03-01 09:00 UTC."), "{}", page.body);
        assert!(page.body.contains("Due by 2027-03-15 17:30 UTC."), "{}", page.body);

        // Canvas substitutes them: the LMS's current date wins over the one placed.
        let canvas = launch_of(activity, "5").with_custom("submission_end", "2027-04-01T12:00:00Z");
        let learner = player::launch(&app, canvas).await;
        let page = learner.get("modules/M04").await;
        assert!(page.body.contains("Fällig bis 2027-04-01 12:00 UTC."), "user 5 reads German: {}", page.body);
    }
}

on_both_backends! {
    async fn an_attempt_after_the_due_date_is_recorded_and_marked_late(app) {
        let result = place(&app, &[
            ("item", "module:M01"),
            ("due.module:M01", "2026-01-05T08:00"),
            ("graded.module:M01", "on"),
            ("item", "module:M02"),
        ]).await;
        let learner = player::launch(&app, launch_of(&result.activities[0], "4")).await;
        learner.choose_role("NU", "modules/M01").await;
        let module = learner.get("modules/M01").await;
        assert!(module.body.contains("The due date was 2026-01-05 08:00 UTC."), "{}", module.body);
        let attempt = learner.start("M01", "quiz").await;
        let answers = learner.right_answers(&attempt).await;
        let done = learner.submit("M01", &attempt, &answers).await;
        assert_eq!(done.status, 303, "{}", done.body);
        assert!(learner.attempt(&attempt).await.result.unwrap().passed, "recorded as usual");
        assert_eq!(learner.progress("M01").await.best_score, Some(100));
        let shown = learner.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert!(shown.body.contains("Submitted after the due date (2026-01-05 08:00 UTC)"), "{}", shown.body);

        // M02 has no due date: on time.
        let on_time = player::launch(&app, launch_of(&result.activities[1], "4")).await;
        let second = on_time.start("M02", "quiz").await;
        on_time.submit("M02", &second, &on_time.right_answers(&second).await).await;
        let shown = on_time.get(&format!("modules/M02/attempts/{second}")).await;
        assert!(!shown.body.contains("after the due date"), "{}", shown.body);

        let teacher = app.launcher().launch(LaunchSpec::resource_link("3", "rl-roster")).await;
        let sid = teacher.session_id();
        let (status, roster) = get(&app, &format!("/s/{sid}/roster")).await;
        assert_eq!(status, 200, "{roster}");
        let at = roster.find("data-user=\"4\"").unwrap();
        let row = &roster[at..at + roster[at..].find("</tr>").unwrap()];
        assert!(row.contains("M01 (due 2026-01-05 08:00 UTC)") && !row.contains("M02 (due"), "{row}");
        let (_, csv) = get(&app, &format!("/s/{sid}/roster.csv")).await;
        assert!(csv.lines().next().unwrap().ends_with(",late,last_activity"), "{csv}");
        assert!(csv.contains("M01 (due 2026-01-05 08:00 UTC)"), "{csv}");

        // Another course of the same platform does not see this course's late marks.
        app.sim.add_course("other-course", "OTHER", "Another course").unwrap();
        app.sim.enrol("other-course", "3", &[securehospitals::lms_simulator::roles::INSTRUCTOR]).unwrap();
        app.sim.enrol("other-course", "4", &[securehospitals::lms_simulator::roles::LEARNER]).unwrap();
        let elsewhere = app.launcher().launch(LaunchSpec::resource_link("3", "rl-other").in_context("other-course")).await;
        assert_eq!(elsewhere.status, 303, "{}", elsewhere.body);
        let (_, other) = get(&app, &format!("/s/{}/roster", elsewhere.session_id())).await;
        assert!(!other.contains("M01 (due"), "{other}");
    }
}

on_both_backends! {
    async fn bad_dates_are_explained_and_nothing_typed_is_lost(app) {
        let sid = picker_session(&app, DeepLinkingOptions::default(), None).await;
        let (status, page) = post(&app, &format!("/s/{sid}/deep-linking"), &[
            ("item", "module:M05"),
            ("opens.module:M05", "2027-03-15T17:00"),
            ("due.module:M05", "2027-03-01T09:00"),
        ]).await;
        assert_eq!(status, 400);
        assert!(page.contains("is due before it opens"), "{page}");
        assert!(page.contains("value=\"module:M05\" id=\"pick-module:M05\" checked"), "{page}");
        assert!(page.contains("value=\"2027-03-15T17:00\"") && page.contains("value=\"2027-03-01T09:00\""), "{page}");
        assert!(!page.contains("name=\"graded.module:M05\" checked"), "the unticked grading stays unticked");
        let (status, page) = post(&app, &format!("/s/{sid}/deep-linking"), &[
            ("item", "module:M05"),
            ("due.module:M05", "next friday"),
        ]).await;
        assert_eq!(status, 400);
        assert!(page.contains("next friday is not a date and time we can read"), "{page}");
        assert!(page.contains("value=\"next friday\""), "{page}");
        assert!(app.sim.deep_link_results().is_empty());
    }
}

on_both_backends! {
    async fn the_picker_says_whether_the_lms_creates_the_items_at_once(app) {
        let auto = DeepLinkingOptions { auto_create: true, ..DeepLinkingOptions::default() };
        let sid = picker_session(&app, auto, None).await;
        let (_, page) = get(&app, &format!("/s/{sid}/deep-linking")).await;
        assert!(page.contains("adds what you choose to the course straight away"), "{page}");
        let sid = picker_session(&app, DeepLinkingOptions::default(), None).await;
        let (_, page) = get(&app, &format!("/s/{sid}/deep-linking")).await;
        assert!(page.contains("for a last check before adding it") && !page.contains("to the course straight away"), "{page}");
    }
}

on_both_backends! {
    async fn instructor_pages_speak_the_instructors_language(app) {
        let sid = picker_session(&app, DeepLinkingOptions::default(), Some("de-DE")).await;
        let (status, page) = get(&app, &format!("/s/{sid}/deep-linking?lang=de")).await;
        assert_eq!(status, 200);
        assert!(page.contains("<html lang=\"de\">") && page.contains("SecureHospitals-Aktivitäten hinzufügen"), "{page}");
        assert!(page.contains("Zum Kurs hinzufügen") && page.contains("Lernpfad") && !page.contains("Add to course"), "{page}");
        let (_, back) = post(&app, &format!("/s/{sid}/deep-linking/cancel"), &[]).await;
        assert!(back.contains("Zurück zu Ihrem Kurs"), "{back}");

        for (locale, heading) in [("fr", "Participants et progression"), ("es", "Participantes y progreso"), ("it", "Partecipanti e avanzamento"), ("nl", "Deelnemers en voortgang"), ("en", "Roster and progress")] {
            let r = app.launcher().launch(LaunchSpec::resource_link("3", "rl-roster").with_locale(locale)).await;
            let (status, page) = get(&app, &format!("/s/{}/roster", r.session_id())).await;
            assert_eq!(status, 200, "{page}");
            assert!(page.contains(&format!("<html lang=\"{locale}\">")) && page.contains(heading), "{locale}: {page}");
        }
    }
}

on_both_backends! {
    async fn the_instructor_home_links_to_the_roster_and_a_learner_gets_403_there(app) {
        let r = app.launcher().launch(LaunchSpec::resource_link("3", "rl-home")).await;
        let sid = r.session_id();
        let (_, home) = get(&app, &format!("/s/{sid}/")).await;
        assert!(home.contains(&format!("href=\"/s/{sid}/roster\"")), "{home}");
        let learner = app.launcher().launch(LaunchSpec::resource_link("4", "rl-home")).await;
        let (status, page) = get(&app, &format!("/s/{}/roster", learner.session_id())).await;
        assert_eq!(status, 403, "{page}");
        let (status, _) = get(&app, &format!("/s/{}/roster.csv", learner.session_id())).await;
        assert_eq!(status, 403);
    }
}

on_both_backends! {
    async fn a_line_item_the_tool_creates_for_a_timed_link_carries_its_dates(app) {
        // Moodle placed the link ungraded (no line item claim), so the tool creates the column.
        let activity = app.sim.add_activity(&app.client_id, "2", "M03 timed", None).unwrap();
        let spec = LaunchSpec::resource_link("4", &activity.resource_link_id)
            .with_custom("module", "M03")
            .with_custom("job_role", "AD")
            .with_custom("opens_at", "2026-01-05T08:00:00Z")
            .with_custom("due_at", "2027-02-01T17:00:00Z");
        let sam = player::launch(&app, spec).await;
        let attempt = sam.start("M03", "quiz").await;
        sam.submit("M03", &attempt, &sam.right_answers(&attempt).await).await;
        let start = std::time::Instant::now();
        let made = loop {
            let found = app.sim.line_items().into_iter().find(|l| {
                l.resource_link_id.as_deref() == Some(activity.resource_link_id.as_str())
            });
            if let Some(found) = found {
                break found;
            }
            assert!(start.elapsed() < std::time::Duration::from_secs(15), "no line item created");
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        };
        assert_eq!(made.resource_id, "M03");
        assert!(made.start_date_time.unwrap().starts_with("2026-01-05T08:00:00"));
        assert!(made.end_date_time.unwrap().starts_with("2027-02-01T17:00:00"));
    }
}
