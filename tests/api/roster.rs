//! The instructor roster end to end: every NRPS member over several pages (short role names as
//! Moodle sends them), progress of a learner who passed a module in the player, CSV export, a
//! launch without NRPS, a failing platform and the learner refusal.

use crate::courses::player;
use crate::helpers::{TestApp, http};
use crate::on_both_backends;
use securehospitals::lms_simulator::{Endpoint, Fault, LaunchSpec, SEED_COURSE_ID, User, roles};
use securehospitals::roster::PAGE_LIMIT;

async fn launch(app: &TestApp, spec: LaunchSpec) -> String {
    let r = app.launcher().launch(spec).await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.session_id()
}

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let r = http().get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The roster row of `user`.
fn row<'a>(page: &'a str, user: &str) -> &'a str {
    let at = page
        .find(&format!("data-user=\"{user}\""))
        .unwrap_or_else(|| panic!("no row for {user}"));
    let rest = &page[at..];
    &rest[..rest.find("</tr>").unwrap()]
}

/// Drives the player: learner `user` chooses a role, takes M01's quiz and answers every item right.
async fn pass_m01(app: &TestApp, user: &str) {
    let spec = LaunchSpec::resource_link(user, "rl-roster").with_custom("module", "M01");
    let learner = player::launch(app, spec).await;
    learner.choose_role("NU", "modules/M01").await;
    let attempt = learner.start("M01", "quiz").await;
    let answers = learner.right_answers(&attempt).await;
    let done = learner.submit("M01", &attempt, &answers).await;
    assert_eq!(done.status, 303, "{}", done.body);
}

on_both_backends! {
    async fn the_roster_lists_every_member_across_pages_with_progress(app) {
        let extra = 2 * PAGE_LIMIT as usize + 3;
        for n in 0..extra {
            let id = format!("{}", 100 + n);
            app.sim.add_user(User::new(&id, "Pat", &format!("Member{n}"), "en"));
            app.sim.enrol(SEED_COURSE_ID, &id, &[roles::LEARNER]).unwrap();
        }
        app.sim.add_user(User::new("90", "Tom", "Tutor", "en"));
        app.sim.enrol(SEED_COURSE_ID, "90", &[roles::TEACHING_ASSISTANT]).unwrap();
        pass_m01(&app, "4").await;
        let before = app.sim.calls(Endpoint::Memberships);
        let sid = launch(&app, LaunchSpec::resource_link("3", "rl-roster")).await;
        let (status, page) = get(&app, &format!("/s/{sid}/roster")).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page.matches("class=\"member\"").count(), 5 + extra, "every member of every page");
        assert!(row(&page, "90").contains("<td>Teaching assistant</td>"), "roles as people say them: {}", row(&page, "90"));
        assert_eq!(app.sim.calls(Endpoint::Memberships) - before, 3, "three pages of {PAGE_LIMIT}");
        assert!(row(&page, "3").contains("Instructor"));
        let sue = row(&page, "5");
        assert!(sue.contains("Sue Scholar") && sue.contains("Learner"), "a member who never launched: {sue}");
        assert!(sue.contains("no lesson or quiz yet"), "{sue}");
        let sam = row(&page, "4");
        assert!(sam.contains("<td>M01</td>") && sam.contains("M01 100%"), "{sam}");
        assert!(sam.contains("<td class=\"last\">20") && sam.contains("UTC</td>"), "last activity shown: {sam}");
        let (_, passed) = get(&app, &format!("/s/{sid}/roster?passed=M01")).await;
        assert_eq!(passed.matches("class=\"member\"").count(), 1, "only Sam passed M01");
        assert!(passed.contains("data-user=\"4\""));
        let (_, teachers) = get(&app, &format!("/s/{sid}/roster.csv?role=Instructor")).await;
        assert_eq!(teachers.lines().count(), 2, "{teachers}");
    }
}

on_both_backends! {
    async fn the_csv_export_escapes_cells_and_defuses_formulas(app) {
        app.sim.add_user(User::new("77", "=HYPERLINK(\"http://evil\")", "Doe, Jr", "en"));
        app.sim.enrol(SEED_COURSE_ID, "77", &[roles::LEARNER]).unwrap();
        let sid = launch(&app, LaunchSpec::resource_link("3", "rl-roster")).await;
        let r = http().get(app.url(&format!("/s/{sid}/roster.csv"))).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let csv = r.text().await.unwrap();
        assert!(csv.starts_with("user_id,name,email,roles,status,passed,in_progress,best_scores,first_scores,path,progress,overdue,certificate,extensions,resets,late,last_activity\r\n"));
        assert!(csv.contains("\r\n77,\"'=HYPERLINK(\"\"http://evil\"\") Doe, Jr\","), "{csv}");
        assert_eq!(csv.lines().count(), 1 + 5);
    }
}

on_both_backends! {
    async fn a_launch_without_nrps_explains_that_there_is_no_roster(app) {
        let sid = launch(&app, LaunchSpec::resource_link("3", "rl-roster").without_nrps()).await;
        let (status, page) = get(&app, &format!("/s/{sid}/roster")).await;
        assert_eq!(status, 200);
        assert!(page.contains("Roster unavailable") && page.contains("no Names and Role Provisioning claim"), "{page}");
        assert!(page.contains("nrps_not_offered"));
        // The CSV says the same, as the course's setup (409), not as a platform failure.
        let (status, csv) = get(&app, &format!("/s/{sid}/roster.csv")).await;
        assert_eq!(status, 409, "{csv}");
        assert!(csv.contains("nrps_not_offered"), "{csv}");
    }
}

on_both_backends! {
    async fn a_failing_platform_shows_roster_unavailable_not_a_500(app) {
        let sid = launch(&app, LaunchSpec::resource_link("3", "rl-roster")).await;
        app.sim.inject_fault(Endpoint::Memberships, Fault::Status(500), 1);
        let (status, page) = get(&app, &format!("/s/{sid}/roster")).await;
        assert_eq!(status, 502);
        assert!(page.contains("Roster unavailable") && page.contains("HTTP 500") && page.contains("nrps_error_status"), "{page}");
        let (status, _) = get(&app, &format!("/s/{sid}/roster")).await;
        assert_eq!(status, 200, "the next try reads the roster");
    }
}

on_both_backends! {
    async fn a_learner_cannot_see_the_roster(app) {
        let sid = launch(&app, LaunchSpec::resource_link("4", "rl-roster")).await;
        let (status, page) = get(&app, &format!("/s/{sid}/roster")).await;
        assert_eq!(status, 403);
        assert!(page.contains("instructors_only") && !page.contains("Sue"));
        let (status, _) = get(&app, &format!("/s/{sid}/roster.csv")).await;
        assert_eq!(status, 403);
    }
}

on_both_backends! {
    async fn the_member_list_is_cached_refreshed_on_demand_and_kept_when_the_platform_fails(app) {
        let sid = launch(&app, LaunchSpec::resource_link("3", "rl-roster")).await;
        let before = app.sim.calls(Endpoint::Memberships);
        let (_, first) = get(&app, &format!("/s/{sid}/roster")).await;
        let members = first.matches("class=\"member\"").count();
        assert!(first.contains("Member list read from the LMS on") && first.contains("refresh=1"), "{first}");
        app.sim.add_user(User::new("88", "Nia", "Newcomer", "en"));
        app.sim.enrol(SEED_COURSE_ID, "88", &[roles::LEARNER]).unwrap();
        let (_, again) = get(&app, &format!("/s/{sid}/roster?role=Learner")).await;
        assert_eq!(app.sim.calls(Endpoint::Memberships), before + 1, "a filter uses the list just read");
        assert!(!again.contains("data-user=\"88\""));
        let (_, fresh) = get(&app, &format!("/s/{sid}/roster?refresh=1")).await;
        assert_eq!(app.sim.calls(Endpoint::Memberships), before + 2);
        assert_eq!(fresh.matches("class=\"member\"").count(), members + 1, "{fresh}");

        app.sim.inject_fault(Endpoint::Memberships, Fault::Status(500), 1);
        let (status, stale) = get(&app, &format!("/s/{sid}/roster?refresh=1")).await;
        assert_eq!(status, 200, "{stale}");
        assert!(stale.contains("Roster unavailable.") && stale.contains("HTTP 500") && stale.contains("This is the copy from"), "{stale}");
        assert_eq!(stale.matches("class=\"member\"").count(), members + 1, "never an empty class");

        // Another course of the same platform gets its own list, not this one.
        app.sim.add_course("c-other", "OTHER", "Other course").unwrap();
        app.sim.enrol("c-other", "3", &[roles::INSTRUCTOR]).unwrap();
        let other = launch(&app, LaunchSpec::resource_link("3", "rl-other").in_context("c-other")).await;
        let (_, page) = get(&app, &format!("/s/{other}/roster")).await;
        assert_eq!(page.matches("class=\"member\"").count(), 1, "{page}");
    }
}

on_both_backends! {
    async fn the_roster_sorts_by_modules_passed(app) {
        pass_m01(&app, "5").await;
        let sid = launch(&app, LaunchSpec::resource_link("3", "rl-roster")).await;
        let (_, page) = get(&app, &format!("/s/{sid}/roster?sort=passed&role=Learner")).await;
        let first = page.find("class=\"member\"").unwrap();
        assert!(page[first..].starts_with("class=\"member\" data-user=\"5\""), "{page}");
        assert!(page.contains("<option value=\"passed\" selected>"), "{page}");
    }
}
