//! A learner's data: export and erasure scoped to one platform, retention purge, and a backup
//! that restores to a working tool.

use super::{cli, fail_m01, pass_m01, wait_for};
use crate::helpers::{Backend, TEST_KEK, TestApp, deployment_of, http};
use crate::on_both_backends;
use securehospitals::config::{Config, ConfigArgs};
use securehospitals::courses::Learner;
use securehospitals::lms_simulator::{LaunchSpec, ToolRegistration};
use securehospitals::ops::{LearnerExport, Retention, days};
use securehospitals::platforms::{
    DeploymentPolicy, NewRegistration, RegistrationId, RegistrationStatus,
};

/// A second platform registration of the same simulator (another client), so the same user id
/// exists in two tenants.
async fn second_platform(app: &TestApp) -> (String, RegistrationId) {
    let registered = app
        .sim
        .register_tool(ToolRegistration::for_tool(&app.base).unwrap())
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
            deployments: vec![lti::DeploymentId::parse(deployment_of(&registered)).unwrap()],
        })
        .await
        .unwrap();
    app.refresh_registry();
    (registered.client_id, reg.id)
}

/// Issues a certificate to `user` of the main platform directly through the store.
async fn issue_certificate(
    app: &TestApp,
    user: &str,
) -> securehospitals::certificates::VerificationCode {
    let learner = Learner {
        registration_id: app.registration.id,
        user_id: user.to_owned(),
    };
    let holder = securehospitals::certificates::Holder {
        learner: &learner,
        context_id: Some("2"),
        name: Some("Sam Nurse"),
        declared_name: None,
        email: None,
        language: "en",
    };
    let now = securehospitals::launch::unix_now();
    let draft = securehospitals::certificates::drafts_for(
        holder,
        &[("P-NURSE".into(), "M01@1.0".into())],
        now,
        &mut rand::rng(),
    )
    .remove(0);
    assert!(
        app.tool
            .state
            .store
            .issue_certificate(&learner, &draft)
            .await
            .unwrap()
    );
    draft.code
}

/// A discussion post of `user` in the knowledge hub (written directly: the hub has its own tests).
async fn hub_post(app: &TestApp, tenant: &str, user: &str) {
    let thread = format!("t-{tenant}");
    run_sql(
        app,
        [
            format!(
                "INSERT INTO hub_threads (id, tenant, context_id, scope, locked, created_at) VALUES ('{thread}', '{tenant}', '2', 'M01', 0, 1) ON CONFLICT (tenant, context_id, scope) DO NOTHING"
            ),
            format!(
                "INSERT INTO hub_posts (id, thread_id, parent_id, tenant, user_id, author, author_is_instructor, body, hidden, pinned, created_at) VALUES ('p-{user}', '{thread}', '', '{tenant}', '{user}', 'Sam', 0, 'Report the e-mail.', 0, 0, 1)"
            ),
        ],
    )
    .await;
}

/// A post and a read mark of `user` of `platform` in the shared trainers' forum, stored as the
/// hub stores them (tenant `trainers`, user `{platform}/{user}`).
async fn trainers_forum_post(app: &TestApp, platform: RegistrationId, user: &str) {
    let who = format!("{platform}/{user}");
    run_sql(
        app,
        [
            "INSERT INTO hub_threads (id, tenant, context_id, scope, locked, created_at) VALUES ('t-trainers', 'trainers', 'trainers', 'trainers', 0, 1) ON CONFLICT (tenant, context_id, scope) DO NOTHING".to_owned(),
            format!(
                "INSERT INTO hub_posts (id, thread_id, parent_id, tenant, user_id, author, author_is_instructor, body, hidden, pinned, created_at) VALUES ('tp-{who}', 't-trainers', '', 'trainers', '{who}', 'Dana', 1, 'Our phishing drill went well.', 0, 0, 1)"
            ),
            format!(
                "INSERT INTO hub_visits (thread_id, tenant, user_id, seen_at) VALUES ('t-trainers', 'trainers', '{who}', 2)"
            ),
        ],
    )
    .await;
}

async fn count_rows(app: &TestApp, sql: &str) -> i64 {
    use sqlx::Connection;
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    if app._db.url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(&app._db.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::PgConnection::connect(&app._db.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    }
}

async fn run_sql(app: &TestApp, statements: impl IntoIterator<Item = String>) {
    use sqlx::Connection;
    for sql in statements {
        if app._db.url.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(&app._db.url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut c)
                .await
                .unwrap();
        } else {
            let mut c = sqlx::PgConnection::connect(&app._db.url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut c)
                .await
                .unwrap();
        }
    }
}

fn rows(export: &LearnerExport, table: &str) -> usize {
    export.tables.get(table).map_or(0, Vec::len)
}

async fn export(app: &TestApp, registration_id: RegistrationId, user: &str) -> LearnerExport {
    let learner = Learner {
        registration_id,
        user_id: user.to_owned(),
    };
    app.tool
        .state
        .store
        .export_learner(&learner, 0)
        .await
        .unwrap()
}

on_both_backends! {
    async fn erasure_removes_the_learners_data_on_one_platform_and_nothing_else(app) {
        let (client_b, platform_b) = second_platform(&app).await;
        let a = app.client_id.clone();
        let sam = pass_m01(&app, LaunchSpec::resource_link("4", "rl-1").with_client(&a)).await;
        pass_m01(&app, LaunchSpec::resource_link("5", "rl-1").with_client(&a)).await;
        fail_m01(&app, LaunchSpec::resource_link("4", "rl-1").with_client(&client_b)).await;
        let platform_a = app.registration.id;
        let code = issue_certificate(&app, "4").await;
        hub_post(&app, &platform_a.to_string(), "4").await;
        hub_post(&app, &platform_a.to_string(), "5").await;
        // The same person as a trainer in the shared forum, another trainer of platform A, and
        // the same user id of platform B there.
        trainers_forum_post(&app, platform_a, "4").await;
        trainers_forum_post(&app, platform_a, "5").await;
        trainers_forum_post(&app, platform_b, "4").await;

        // Art. 15: the export (through the CLI, as an operator runs it) holds every kind of row.
        let (ok, out, err) = cli(&app._db.url, &["learner", "export", "--platform", &platform_a.to_string(), "--user", "4"]);
        assert!(ok, "{err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json["user"], "4");
        assert_eq!(json["platform"], platform_a.to_string());
        for table in ["sessions", "learner_profiles", "module_progress", "quiz_attempts", "grade_outbox", "certificates", "hub_posts"] {
            assert!(!json["tables"][table].as_array().unwrap().is_empty(), "{table} exported: {out}");
        }
        assert_eq!(json["tables"]["module_progress"][0]["status"], "passed", "{out}");
        for table in ["trainers_forum.hub_posts", "trainers_forum.hub_visits"] {
            assert_eq!(json["tables"][table].as_array().unwrap().len(), 1, "{table} exported: {out}");
        }
        assert_eq!(json["tables"]["trainers_forum.hub_posts"][0]["body"], "Our phishing drill went well.");
        let before_b = export(&app, platform_b, "4").await;
        let before_5 = export(&app, platform_a, "5").await;
        assert_eq!(rows(&before_b, "quiz_attempts"), 1);

        let (ok, out, err) = cli(&app._db.url, &["learner", "erase", "--platform", &platform_a.to_string(), "--user", "4", "--yes"]);
        assert!(ok, "{err}");
        assert!(out.contains("quiz_attempts: 1"), "{out}");
        assert!(out.contains("trainers_forum.hub_posts: 1"), "{out}");
        assert!(out.contains("trainers_forum.hub_visits: 1"), "{out}");

        let after = export(&app, platform_a, "4").await;
        let gone = app.tool.state.store.find_certificate_by_code(&code).await.unwrap();
        assert!(gone.is_none(), "the learner's certificate is erased too");
        assert!(after.tables.values().all(Vec::is_empty), "nothing of the learner is left: {after:?}");
        // The same user id on another platform, and another learner, keep everything.
        let after_b = export(&app, platform_b, "4").await;
        let after_5 = export(&app, platform_a, "5").await;
        for table in before_b.tables.keys() {
            assert_eq!(rows(&after_b, table), rows(&before_b, table), "{table} of platform B");
            assert_eq!(rows(&after_5, table), rows(&before_5, table), "{table} of user 5");
        }
        assert_eq!(rows(&after_b, "trainers_forum.hub_posts"), 1, "platform B's user 4 keeps the forum post");
        assert_eq!(rows(&after_5, "trainers_forum.hub_visits"), 1, "user 5 keeps the read mark");
        // In the whole forum exactly the erased trainer's post and read mark went.
        let forum_posts = count_rows(&app, "SELECT COUNT(*) FROM hub_posts WHERE tenant = 'trainers'").await;
        let forum_visits = count_rows(&app, "SELECT COUNT(*) FROM hub_visits WHERE tenant = 'trainers'").await;
        assert_eq!((forum_posts, forum_visits), (2, 2));
        let threads = count_rows(&app, "SELECT COUNT(*) FROM hub_threads").await;
        assert_eq!(threads, 2, "threads are nobody's personal data and stay");
        // The erased learner's session is gone: the old link no longer opens the module.
        let page = sam.get("modules/M01").await;
        assert_ne!(page.status, 200, "{}", page.body);
    }
}

on_both_backends! {
    async fn erasure_without_confirmation_erases_nothing(app) {
        pass_m01(&app, LaunchSpec::resource_link("4", "rl-1")).await;
        let id = app.registration.id.to_string();
        let (ok, _, err) = cli(&app._db.url, &["learner", "erase", "--platform", &id, "--user", "4"]);
        assert!(!ok && err.contains("not confirmed"), "{err}");
        assert_eq!(rows(&export(&app, app.registration.id, "4").await, "quiz_attempts"), 1);
        let (ok, _, err) = cli(&app._db.url, &["learner", "export", "--platform", "not-an-id", "--user", "4"]);
        assert!(!ok && err.contains("not a registration id"), "{err}");
    }
}

on_both_backends! {
    async fn purge_respects_each_retention_period(app) {
        pass_m01(&app, LaunchSpec::resource_link("4", "rl-1")).await;
        wait_for("the score's delivery", async || {
            app.tool.state.store.outbox_status().await.unwrap().delivered == 1
        }).await;
        let store = &app.tool.state.store;
        let retention = Retention::default();
        let now = securehospitals::launch::unix_now();
        let at = |d: u64| retention.cutoffs(now + days(d).as_secs() as i64);
        let learner = Learner { registration_id: app.registration.id, user_id: "4".into() };

        // A day later: the session (2 h idle) and the nonce are gone, the attempt and the
        // delivered score are kept.
        let n = store.purge_retained(&at(1)).await.unwrap();
        assert_eq!((n.get("expired sessions"), n.get("expired nonces")), (1, 1), "{n:?}");
        assert_eq!((n.get("old quiz attempts"), n.get("delivered scores")), (0, 0), "{n:?}");
        // After 31 days the delivered score goes (30 days); the attempt stays (365 days).
        let n = store.purge_retained(&at(31)).await.unwrap();
        assert_eq!((n.get("delivered scores"), n.get("old quiz attempts")), (1, 0), "{n:?}");
        assert_eq!(rows(&store.export_learner(&learner, 0).await.unwrap(), "quiz_attempts"), 1);
        // After 366 days the attempt goes; the training record (module progress) stays.
        let n = store.purge_retained(&at(366)).await.unwrap();
        assert_eq!(n.get("old quiz attempts"), 1, "{n:?}");
        let left = store.export_learner(&learner, 0).await.unwrap();
        assert_eq!((rows(&left, "quiz_attempts"), rows(&left, "module_progress")), (0, 1));
        // The CLI applies the configured periods now: nothing of today is old enough.
        let (ok, out, err) = cli(&app._db.url, &["purge"]);
        assert!(ok, "{err}");
        assert!(out.contains("total: 0"), "{out}");
    }
}

on_both_backends! {
    async fn a_tenant_purge_deletes_its_scores_too_after_confirmation(app) {
        let (client_b, platform_b) = second_platform(&app).await;
        pass_m01(&app, LaunchSpec::resource_link("4", "rl-1").with_client(&app.client_id)).await;
        fail_m01(&app, LaunchSpec::resource_link("4", "rl-1").with_client(&client_b)).await;
        let certificate = issue_certificate(&app, "4").await;
        let id = app.registration.id.to_string();
        let (ok, _, err) = cli(&app._db.url, &["platform", "remove", &id, "--purge"]);
        assert!(!ok && err.contains("not confirmed"), "{err}");
        let (ok, out, err) = cli(&app._db.url, &["platform", "remove", &id, "--purge", "--yes"]);
        assert!(ok, "{err}");
        assert!(out.contains("quiz_attempts: 1") && out.contains("registrations: 1"), "{out}");
        let counts = app.tool.state.store.count_tenant(app.registration.id).await.unwrap();
        assert_eq!(counts.total(), 0, "{counts:?}");
        let other = app.tool.state.store.count_tenant(platform_b).await.unwrap();
        assert_eq!(other.get("quiz_attempts"), 1, "the other tenant keeps its data");
        // Issued certificates stay verifiable after their tenant is gone.
        let kept = app.tool.state.store.find_certificate_by_code(&certificate).await.unwrap();
        assert!(kept.is_some(), "the certificate outlives its platform registration");
    }
}

on_both_backends! {
    async fn removing_a_platform_with_learner_records_asks_first_and_says_what_went(app) {
        pass_m01(&app, LaunchSpec::resource_link("4", "rl-1")).await;
        let id = app.registration.id.to_string();
        let (ok, _, err) = cli(&app._db.url, &["platform", "remove", &id]);
        assert!(!ok && err.contains("not confirmed"), "{err}");
        assert!(err.contains("quiz_attempts: 1") && err.contains("--purge"), "{err}");
        let kept = app.tool.state.store.count_tenant(app.registration.id).await.unwrap();
        assert_eq!(kept.get("quiz_attempts"), 1, "nothing went without a yes");
        let (ok, out, err) = cli(&app._db.url, &["platform", "remove", &id, "--yes"]);
        assert!(ok, "{err}");
        assert!(out.contains("module_progress: 1"), "{out}");
        let left = app.tool.state.store.count_tenant(app.registration.id).await.unwrap();
        assert_eq!(left.get("quiz_attempts"), 0, "{left:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_running_restores_to_a_working_tool() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    pass_m01(&app, LaunchSpec::resource_link("4", "rl-1")).await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("restored.db");
    let (ok, out, err) = cli(&app._db.url, &["backup", copy.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("backup written"), "{out}");
    let (ok, _, err) = cli(&app._db.url, &["backup", copy.to_str().unwrap()]);
    assert!(
        !ok && err.contains("already exists"),
        "never overwrites: {err}"
    );
    let jwks_before: serde_json::Value = http()
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    // The original stops; a tool on the copy takes its address.
    let addr = app.tool.addr;
    app.tool.abort();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    let config = Config::resolve(&ConfigArgs {
        database_url: Some(format!("sqlite:{}", copy.display())),
        key_encryption_key: Some(TEST_KEK.into()),
        public_url: Some(format!("{}/", app.base).parse().unwrap()),
        listen: Some(addr),
        ..Default::default()
    })
    .unwrap();
    let restored = securehospitals::app::start_on(listener, config, std::future::pending())
        .await
        .unwrap();
    let ready = http().get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let jwks_after: serde_json::Value = http()
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        jwks_after, jwks_before,
        "the same signing keys, readable with the same key"
    );
    // The learner launches again and finds the module passed.
    let again = crate::courses::player::launch(
        &app,
        LaunchSpec::resource_link("4", "rl-1").with_custom("module", "M01"),
    )
    .await;
    let page = again.get("modules/M01").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let learner = Learner {
        registration_id: app.registration.id,
        user_id: "4".into(),
    };
    let progress = restored
        .state
        .store
        .module_progress(&learner)
        .await
        .unwrap();
    assert!(
        progress
            .iter()
            .any(|p| p.module_id == "M01"
                && p.status == securehospitals::courses::ModuleStatus::Passed),
        "{progress:?}"
    );
    restored.abort();
}

on_both_backends! {
    async fn backup_of_postgresql_points_to_pg_dump(app) {
        let (ok, out, err) = cli(&app._db.url, &["backup", "/nonexistent/x.db"]);
        if app._db.url.starts_with("postgres") {
            // No file was written: a cron job must not read that as a backup taken.
            assert!(!ok, "{out}");
            assert!(err.contains("pg_dump") && err.contains("pg_restore"), "{err}");
        } else {
            assert!(!ok, "an unwritable path fails: {out}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_privacy_page_states_the_configured_retention_periods() {
    let app = TestApp::build(Backend::Sqlite, |a| {
        a.retention_attempts_days = Some(90);
        a.retention_delivered_scores_days = Some(14);
        a.session_idle_secs = Some(5400);
    })
    .await
    .unwrap();
    let page = http().get(app.url("/privacy")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(
        body.contains("<td>90 days after you started them</td>"),
        "{body}"
    );
    assert!(body.contains("then 14 days"), "{body}");
    assert!(
        body.contains("Until 1.5 hours pass without activity"),
        "{body}"
    );
    assert!(
        body.contains("<td>180 days</td>"),
        "the default for dead letters: {body}"
    );
    let german = http()
        .get(app.url("/privacy"))
        .header("accept-language", "de-AT,de;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(german.contains(r#"<html lang="de">"#), "{german}");
    assert!(
        german.contains("<td>90 Tage ab Beginn des Versuchs</td>"),
        "{german}"
    );
    let dutch = http()
        .get(app.url("/privacy?lang=nl"))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dutch.contains("<td>180 dagen</td>"), "{dutch}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_learner_page_links_the_privacy_page_in_the_learners_language() {
    let app = TestApp::build(Backend::Sqlite, |_| {}).await.unwrap();
    let r = app
        .launcher()
        .launch(LaunchSpec::resource_link("4", "rl-privacy").with_locale("de-DE"))
        .await;
    let sid = r.session_id();
    let link = r#"<footer class="site"><a href="/privacy?lang=de">Datenschutz: was wir über Sie speichern</a></footer>"#;
    for page in ["", "courses", "certificates", "hub"] {
        let r = http()
            .get(app.url(&format!("/s/{sid}/{page}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "/s/{{sid}}/{page}");
        let body = r.text().await.unwrap();
        assert!(body.contains(link), "/s/{{sid}}/{page}: {body}");
    }
    let privacy = http()
        .get(app.url("/privacy?lang=de"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(privacy.contains(r#"<html lang="de">"#), "{privacy}");
}

#[tokio::test]
async fn instructor_pages_link_the_privacy_page_too() {
    let app = TestApp::build(Backend::Sqlite, |_| {}).await.unwrap();
    // User 3 is the simulator course's teacher.
    let r = app
        .launcher()
        .launch(LaunchSpec::resource_link("3", "rl-privacy").with_locale("de-DE"))
        .await;
    let sid = r.session_id();
    let link = r#"<footer class="site"><a href="/privacy?lang=de">"#;
    for page in ["roster", "grades", "wizard"] {
        let r = http()
            .get(app.url(&format!("/s/{sid}/{page}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "/s/{{sid}}/{page}");
        let body = r.text().await.unwrap();
        assert!(body.contains(link), "/s/{{sid}}/{page}: {body}");
    }
}

on_both_backends! {
    async fn a_wrong_key_encryption_key_cannot_create_the_issuers_first_key(app) {
        // A database whose certificate issuer has no key yet (as before any certificate).
        run_sql(&app, ["DELETE FROM issuer_key_bootstrap".to_owned(), "DELETE FROM issuer_keys".to_owned()]).await;
        let wrong = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKiA";
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_securehospitals"))
            .args(["--database-url", &app._db.url, "--key-encryption-key", wrong, "certificate", "rotate-key"])
            .env_remove("DATABASE_URL")
            .env_remove("SECUREHOSPITALS_DATABASE_URL")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{err}");
        assert!(err.contains("wrong key"), "{err}");
        assert_eq!(count_rows(&app, "SELECT COUNT(*) FROM issuer_keys").await, 0, "no key under the wrong KEK");
        let (ok, out, err) = cli(&app._db.url, &["certificate", "rotate-key"]);
        assert!(ok, "{err}");
        assert!(out.contains("issuer key"), "{out}");
    }
}
