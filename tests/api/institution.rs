//! The institution view end to end: an institution administrator sees completion and
//! certificates by job role across the courses of their own platform (never another's), overdue
//! learners on dated placements and certificates about to expire, as a page and as CSV; anyone
//! without an administrator role gets a 403.

use crate::courses::player::{self, Learned};
use crate::helpers::{TestApp, deployment_of, http};
use crate::on_both_backends;
use securehospitals::courses::Learner;
use securehospitals::lms_simulator::{LaunchSpec, SEED_COURSE_ID, ToolRegistration, User, roles};
use securehospitals::platforms::{
    DeploymentPolicy, NewRegistration, RegistrationId, RegistrationStatus,
};

/// A second registration of the simulator (another client id): another tenant of the tool.
async fn second_platform(app: &TestApp) -> String {
    second_registration(app).await.0
}

async fn second_registration(app: &TestApp) -> (String, RegistrationId) {
    let registered = app
        .sim
        .register_tool(ToolRegistration::for_tool(&app.base).unwrap())
        .unwrap();
    let registration = app
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
            deployments: vec![lti::DeploymentId::parse(deployment_of(&registered)).unwrap()],
        })
        .await
        .unwrap();
    app.refresh_registry();
    (registered.client_id, registration.id)
}

/// A launch in course `course` of a placed module, optionally with a due date.
fn placed(user: &str, course: &str, link: &str, module: &str, due: Option<&str>) -> LaunchSpec {
    let mut spec = LaunchSpec::resource_link(user, link).with_custom("module", module);
    spec.context_id = Some(course.to_owned());
    match due {
        Some(due) => spec.with_custom("due_at", due),
        None => spec,
    }
}

/// The learner launches, picks `role` and passes the module's quiz.
async fn pass<'a>(app: &'a TestApp, spec: LaunchSpec, role: &str) -> Learned<'a> {
    let module = spec.custom["module"].as_str().unwrap().to_owned();
    let learner = player::launch(app, spec).await;
    learner
        .choose_role(role, &format!("modules/{module}"))
        .await;
    let attempt = learner.start(&module, "quiz").await;
    let answers = learner.right_answers(&attempt).await;
    let done = learner.submit(&module, &attempt, &answers).await;
    assert_eq!(done.status, 303, "{}", done.body);
    learner
}

/// An administrator's session (`role`: institution or system administrator) on a platform.
async fn admin(app: &TestApp, client: &str, role: &str) -> String {
    let spec = LaunchSpec::resource_link("3", "rl-admin")
        .with_client(client)
        .with_roles(&[role]);
    let r = app.launcher().launch(spec).await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.session_id()
}

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let r = http().get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The `<tr>` of the table by job role whose heading is `role`.
fn role_row<'a>(page: &'a str, role: &str) -> Option<&'a str> {
    let at = page.find(&format!("<tr class=\"role\"><th scope=\"row\">{role}</th>"))?;
    let rest = &page[at..];
    Some(&rest[..rest.find("</tr>").unwrap()])
}

fn rows<'a>(page: &'a str, class: &str) -> Vec<&'a str> {
    page.match_indices(&format!("<tr class=\"{class}\""))
        .map(|(at, _)| {
            let rest = &page[at..];
            &rest[..rest.find("</tr>").unwrap()]
        })
        .collect()
}

/// Issues a certificate for `path` to `user` of the main platform as if it was earned
/// `days_ago` days ago (twelve months' validity).
async fn certificate(app: &TestApp, user: &str, name: &str, days_ago: i64) {
    certificate_on(app, app.registration.id, user, name, days_ago).await;
}

async fn certificate_on(
    app: &TestApp,
    registration_id: RegistrationId,
    user: &str,
    name: &str,
    days_ago: i64,
) {
    let learner = Learner {
        registration_id,
        user_id: user.to_owned(),
    };
    let holder = securehospitals::certificates::Holder {
        learner: &learner,
        context_id: Some(SEED_COURSE_ID),
        name: Some(name),
        declared_name: None,
        email: None,
        language: "en",
    };
    let issued = securehospitals::launch::unix_now() - days_ago * 86_400;
    let draft = securehospitals::certificates::drafts_for(
        holder,
        &[("nursing".into(), "M01@1.0".into())],
        issued,
        &mut rand::rng(),
    )
    .remove(0);
    let store = &app.tool.state.store;
    assert!(store.issue_certificate(&learner, &draft).await.unwrap());
}

on_both_backends! {
    async fn an_administrator_sees_every_course_of_their_platform_and_nothing_of_another(app) {
        app.sim.add_course("7", "WARD7", "Ward 7 induction").unwrap();
        app.sim.enrol("7", "5", &[roles::LEARNER]).unwrap();
        let a = app.client_id.clone();
        pass(&app, placed("4", SEED_COURSE_ID, "rl-a", "M01", None).with_client(&a), "NU").await;
        pass(&app, placed("5", "7", "rl-b", "M01", None).with_client(&a), "AD").await;
        // Platform B: a learner who chose IT and is overdue there.
        let b = second_platform(&app).await;
        let other = player::launch(&app, placed("6", SEED_COURSE_ID, "rl-c", "M02", Some("2026-01-05T09:00:00Z")).with_client(&b)).await;
        other.choose_role("IT", "modules/M02").await;
        assert_eq!(other.get("modules/M02").await.status, 200);

        let sid = admin(&app, &a, roles::INSTITUTION_ADMIN).await;
        let (status, page) = get(&app, &format!("/s/{sid}/institution")).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("2 learners in 2 courses"), "{page}");
        let nurses = role_row(&page, "Nursing and allied health").expect("a nurses' row");
        assert!(nurses.contains("<td>1</td><td>0</td><td>0%</td><td>1</td>"), "one learner, one module passed: {nurses}");
        assert!(role_row(&page, "Administration").is_some(), "the learner of the other course: {page}");
        assert!(role_row(&page, "IT and clinical engineering").is_none(), "platform B's learner: {page}");
        assert!(rows(&page, "overdue").is_empty() && page.contains("No learner is past a due date"), "{page}");

        // Platform B's administrator sees their own learner and not platform A's.
        let sid_b = admin(&app, &b, roles::SYSTEM_ADMIN).await;
        let (status, page_b) = get(&app, &format!("/s/{sid_b}/institution")).await;
        assert_eq!(status, 200);
        assert!(role_row(&page_b, "IT and clinical engineering").is_some(), "{page_b}");
        assert!(role_row(&page_b, "Nursing and allied health").is_none(), "{page_b}");
        let overdue = rows(&page_b, "overdue");
        assert_eq!(overdue.len(), 1, "{page_b}");
        assert!(overdue[0].contains("data-user=\"6\"") && overdue[0].contains("0 of 1 modules passed"), "{}", overdue[0]);

        let (_, home) = get(&app, &format!("/s/{sid}/")).await;
        assert!(home.contains(&format!("href=\"/s/{sid}/institution\"")), "{home}");
    }
}

on_both_backends! {
    async fn learners_and_instructors_without_an_administrator_role_get_403(app) {
        let learner = app.launcher().launch(LaunchSpec::resource_link("4", "rl-a")).await.session_id();
        let instructor = app.launcher().launch(LaunchSpec::resource_link("3", "rl-a")).await.session_id();
        for sid in [&learner, &instructor] {
            for page in ["institution", "institution.csv"] {
                let (status, body) = get(&app, &format!("/s/{sid}/{page}")).await;
                assert_eq!(status, 403, "{page}: {body}");
                assert!(body.contains("institution_admins_only"), "{body}");
            }
            let (_, home) = get(&app, &format!("/s/{sid}/")).await;
            assert!(!home.contains("/institution"), "no link without the role: {home}");
        }
        let german = app.launcher().launch(LaunchSpec::resource_link("4", "rl-a").with_locale("de")).await.session_id();
        let (status, page) = get(&app, &format!("/s/{german}/institution")).await;
        assert_eq!(status, 403);
        assert!(page.contains("Nur für die LMS-Administration") && page.contains("institution_admins_only"), "{page}");
        let (status, _) = get(&app, "/s/not-a-session/institution").await;
        assert_eq!(status, 401);
    }
}

on_both_backends! {
    async fn overdue_learners_and_expiring_certificates_are_listed_and_exported(app) {
        app.sim.add_user(User::new("77", "=HYPERLINK(\"http://evil\")", "Doe", "en"));
        app.sim.enrol(SEED_COURSE_ID, "77", &[roles::LEARNER]).unwrap();
        let past = "2026-01-05T09:00:00Z";
        // Overdue: opened M02 (due in the past) and never passed it.
        let late = player::launch(&app, placed("77", SEED_COURSE_ID, "rl-m02", "M02", Some(past))).await;
        assert_eq!(late.landing, "modules/M02");
        late.get("modules/M02").await;
        // Not overdue: due in the future, or passed (late) already.
        let early = player::launch(&app, placed("5", SEED_COURSE_ID, "rl-m02-later", "M02", Some("2099-01-01T00:00:00Z"))).await;
        early.get("modules/M02").await;
        pass(&app, placed("6", SEED_COURSE_ID, "rl-m01", "M01", Some(past)), "CL").await;
        // Expiring: earned 330 days ago (ends in about 35 days); the other has a year left.
        certificate(&app, "5", "Sue Scholar", 330).await;
        certificate(&app, "6", "Sam Sixth", 0).await;

        let sid = admin(&app, &app.client_id, roles::INSTITUTION_ADMIN).await;
        let (status, page) = get(&app, &format!("/s/{sid}/institution")).await;
        assert_eq!(status, 200, "{page}");
        let overdue = rows(&page, "overdue");
        assert_eq!(overdue.len(), 1, "{page}");
        let course = app.sim.course(SEED_COURSE_ID).unwrap().title;
        assert!(overdue[0].contains("data-user=\"77\"") && overdue[0].contains(&course), "{}", overdue[0]);
        assert!(overdue[0].contains("(M02)") && overdue[0].contains("2026-01-05 09:00 UTC") && overdue[0].contains("days overdue"), "{}", overdue[0]);
        let expiring = rows(&page, "expiring");
        assert_eq!(expiring.len(), 1, "{page}");
        assert!(expiring[0].contains("data-user=\"5\"") && expiring[0].contains("Sue Scholar"), "{}", expiring[0]);
        let days: i64 = expiring[0].rsplit("<td>").next().unwrap().split(' ').next().unwrap().parse().unwrap();
        assert!((34..=36).contains(&days), "{}", expiring[0]);
        let total = &page[page.find("<tr class=\"total\">").unwrap()..];
        assert!(total.starts_with("<tr class=\"total\"><th scope=\"row\">All job roles</th><td>3</td>"), "{total}");

        let r = http().get(app.url(&format!("/s/{sid}/institution.csv"))).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let csv = r.text().await.unwrap();
        assert!(csv.starts_with("section,job_role,learners,completed,completion_percent,modules_passed,certified,expiring,expired,revoked,user_id,name,course,detail\r\n"), "{csv}");
        let line = csv.lines().find(|l| l.starts_with("overdue,")).expect("an overdue line");
        assert!(line.contains(",77,\"'=HYPERLINK(\"\"http://evil\"\") Doe\","), "the name is defused: {line}");
        assert!(csv.lines().any(|l| l.starts_with("expiring,") && l.contains(",5,Sue Scholar,")), "{csv}");
        assert!(csv.contains("\r\nby_role,all,3,"), "{csv}");
    }
}

on_both_backends! {
    async fn an_extension_or_a_date_moved_later_in_the_course_ends_overdue(app) {
        let past = "2026-01-05T09:00:00Z";
        for (user, link) in [("4", "rl-m03"), ("5", "rl-m04")] {
            let module = if user == "4" { "M03" } else { "M04" };
            let learner = player::launch(&app, placed(user, SEED_COURSE_ID, link, module, Some(past))).await;
            assert_eq!(learner.get(&format!("modules/{module}")).await.status, 200);
        }
        let sid = admin(&app, &app.client_id, roles::INSTITUTION_ADMIN).await;
        let (_, page) = get(&app, &format!("/s/{sid}/institution")).await;
        assert_eq!(rows(&page, "overdue").len(), 2, "{page}");

        let store = &app.tool.state.store;
        let now = securehospitals::launch::unix_now();
        let later = now + 30 * 86_400;
        // The instructor gave learner 4 more time on M03 ...
        store
            .grant_extension(&securehospitals::instructor_actions::Extension {
                registration_id: app.registration.id,
                context_id: SEED_COURSE_ID.into(),
                user_id: "4".into(),
                item_id: "M03".into(),
                due_at: later,
                reason: "night shifts".into(),
                actor_user_id: "3".into(),
                actor_name: None,
                granted_at: now,
            })
            .await
            .unwrap();
        // ... and moved M04's date for the whole course, seen in a later launch.
        store
            .remember_placed_due(
                &securehospitals::instructor_actions::PlacedDue {
                    registration_id: app.registration.id,
                    context_id: SEED_COURSE_ID.into(),
                    resource_link_id: "rl-m04".into(),
                    item_id: "M04".into(),
                    due_at: later,
                },
                now + 5,
            )
            .await
            .unwrap();
        let (_, page) = get(&app, &format!("/s/{sid}/institution")).await;
        assert!(rows(&page, "overdue").is_empty(), "{page}");
    }
}

on_both_backends! {
    async fn the_store_reads_the_facts_of_one_registration_only(app) {
        use securehospitals::db::institution::DueVisit;
        let (_, b) = second_registration(&app).await;
        let store = &app.tool.state.store;
        let now = securehospitals::launch::unix_now();
        for (registration_id, user) in [(app.registration.id, "a-user"), (b, "b-user")] {
            let learner = Learner { registration_id, user_id: user.into() };
            store.set_job_role(&learner, securehospitals::content::JobRole::Nurse, now).await.unwrap();
            certificate_on(&app, registration_id, user, "Name", 0).await;
            let visit = DueVisit {
                registration_id,
                resource_link_id: "rl-1".into(),
                user_id: user.into(),
                context_id: Some("c".into()),
                context_title: Some("Course".into()),
                learner_name: Some("Name".into()),
                module_id: Some("M01".into()),
                path_id: None,
                due_at: now - 10,
            };
            store.note_due_visit(&visit, now).await.unwrap();
            // A second visit refreshes the row, never adds one.
            store.note_due_visit(&DueVisit { due_at: now - 5, ..visit }, now).await.unwrap();
        }
        let facts = store.institution_facts(app.registration.id).await.unwrap();
        let users = |v: Vec<&str>| v.into_iter().all(|u| u == "a-user");
        assert!(users(facts.learners.iter().map(|l| l.user_id.as_str()).collect()), "{facts:?}");
        assert!(users(facts.certificates.iter().map(|c| c.user_id.as_str()).collect()), "{facts:?}");
        assert!(users(facts.due.iter().map(|d| d.user_id.as_str()).collect()), "{facts:?}");
        assert_eq!((facts.learners.len(), facts.certificates.len(), facts.due.len()), (1, 1, 1));
        assert_eq!(facts.due[0].due_at, now - 5);
    }
}
