//! The knowledge hub and the community of practice end to end: documented search queries give
//! the same top results on SQLite and PostgreSQL, filters narrow them, discussions stay inside
//! their platform and context, learners cannot moderate, posts are sanitised, locked threads
//! refuse posts, and rate and length limits hold.

use crate::helpers::{TestApp, http};
use crate::on_both_backends;
use securehospitals::content::JobRole;
use securehospitals::hub::community::{NewPost, PostOutcome, Scope, ThreadKey};
use securehospitals::hub::{SearchFilter, query_words};
use securehospitals::lms_simulator::{LaunchSpec, roles};

/// The test queries documented in docs/hub.md, with the top result both databases must give.
pub const DOCUMENTED_QUERIES: &[(&str, &str, &str)] = &[
    (
        "ransomware first hour",
        "article",
        "ransomware-the-first-hour",
    ),
    (
        "invoice bank details",
        "article",
        "invoice-fraud-and-payment-changes",
    ),
    (
        "tabletop exercise board",
        "article",
        "board-tabletop-exercise",
    ),
    ("72 hours breach", "article", "gdpr-72-hour-clock"),
    ("decryption tools", "solutions", "no-more-ransom"),
    ("Dutch healthcare CERT", "consultancy", "z-cert"),
];

async fn launch(app: &TestApp, spec: LaunchSpec) -> String {
    let r = app.launcher().launch(spec).await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.session_id()
}

async fn learner(app: &TestApp, user: &str) -> String {
    launch(
        app,
        LaunchSpec::resource_link(user, "hub-link").with_locale("en-GB"),
    )
    .await
}

async fn instructor(app: &TestApp) -> String {
    launch(app, LaunchSpec::resource_link("3", "hub-link")).await
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

async fn top(app: &TestApp, q: &str, filter: &SearchFilter) -> Vec<(String, String)> {
    app.tool
        .state
        .store
        .search_hub(&query_words(q), filter, 5)
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.kind, h.id))
        .collect()
}

on_both_backends! {
    async fn documented_queries_give_the_documented_top_result(app) {
        for (q, kind, id) in DOCUMENTED_QUERIES {
            let hits = top(&app, q, &SearchFilter::default()).await;
            assert_eq!(
                hits.first(),
                Some(&((*kind).to_owned(), (*id).to_owned())),
                "query {q:?} gave {hits:?}"
            );
        }
        // The page shows the same first hit, linked inside the session.
        let sid = learner(&app, "4").await;
        let (status, body) = get(&app, &format!("/s/{sid}/hub?q=ransomware+first+hour")).await;
        assert_eq!(status, 200);
        let first = body.find("<ol class=\"hub-results\">").expect("results list");
        assert!(
            body[first..].contains(&format!("/s/{sid}/hub/articles/ransomware-the-first-hour")),
            "{body}"
        );
    }
}

on_both_backends! {
    async fn filters_narrow_results_by_role_country_topic_and_language(app) {
        let it_only = SearchFilter { role: Some(JobRole::ItEngineering), ..Default::default() };
        let hits = top(&app, "invoice bank details", &it_only).await;
        assert!(
            !hits.iter().any(|(_, id)| id == "invoice-fraud-and-payment-changes"),
            "the invoice article is for AD and MG: {hits:?}"
        );
        let spain = SearchFilter { country: Some("ES".into()), kind: Some("consultancy".into()), ..Default::default() };
        let hits = top(&app, "CERT", &spain).await;
        assert!(hits.iter().any(|(_, id)| id == "ccn-cert"), "{hits:?}");
        assert!(!hits.iter().any(|(_, id)| id == "z-cert"), "Z-CERT is Dutch: {hits:?}");
        let m11 = SearchFilter { topic: Some("M11".into()), ..Default::default() };
        for (_, id) in top(&app, "security", &m11).await {
            assert!(
                ["medical-device-procurement-checklist", "vendor-remote-access", "invoice-fraud-and-payment-changes", "enisa", "crest"].contains(&id.as_str()),
                "{id} is not tagged M11"
            );
        }
        let french = SearchFilter { language: Some("fr".into()), ..Default::default() };
        let hits = top(&app, "course", &french).await;
        assert!(hits.iter().any(|(_, id)| id == "anssi-secnumacademie"), "{hits:?}");
        assert!(!hits.iter().any(|(_, id)| id == "elfh-data-security-awareness"), "{hits:?}");

        // Directory pages apply the same filters; an unknown filter value is a 400 with a reason.
        let sid = learner(&app, "4").await;
        let (status, body) = get(&app, &format!("/s/{sid}/hub/directories/consultancy?country=NL")).await;
        assert_eq!(status, 200);
        assert!(body.contains("id=\"z-cert\"") && !body.contains("id=\"ccn-cert\""), "{body}");
        let (status, body) = get(&app, &format!("/s/{sid}/hub?role=surgeon")).await;
        assert_eq!(status, 400);
        assert!(body.contains("filters"), "{body}");
        let (status, _) = get(&app, &format!("/s/{sid}/hub/directories/nope")).await;
        assert_eq!(status, 404);
        let (status, _) = get(&app, &format!("/s/{sid}/hub/articles/..%2Fetc")).await;
        assert_eq!(status, 404);
    }
}

on_both_backends! {
    async fn an_article_shows_sources_and_says_it_is_english_only_in_german(app) {
        let sid = launch(&app, LaunchSpec::resource_link("4", "hub-link").with_locale("de-DE")).await;
        let (status, body) = get(&app, &format!("/s/{sid}/hub/articles/gdpr-72-hour-clock")).await;
        assert_eq!(status, 200);
        assert!(body.contains("nur auf Englisch"), "{body}");
        assert!(body.contains("https://eur-lex.europa.eu/eli/reg/2016/679/oj"), "{body}");
        assert!(body.contains(&format!("/s/{sid}/modules/M07")), "{body}");
        // The module page links back to the articles tagged with it, and to its discussion.
        let en = learner(&app, "5").await;
        post(&app, &format!("/s/{en}/role"), &[("role", "NU"), ("next", "modules/M07")]).await;
        let (status, body) = get(&app, &format!("/s/{en}/modules/M07")).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains(&format!("/s/{en}/hub/articles/gdpr-72-hour-clock")), "{body}");
        assert!(body.contains(&format!("/s/{en}/hub/discuss/M07")), "{body}");
        assert!(!body.contains("hub/articles/board-tabletop-exercise"), "not tagged M07: {body}");
    }
}

on_both_backends! {
    async fn posts_are_sanitised_and_replies_are_counted_for_others(app) {
        let ann = learner(&app, "4").await;
        let teacher = instructor(&app).await;
        let xss = "<script>alert('x')</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(2)> **Bold**";
        let (status, body) = post(&app, &format!("/s/{ann}/hub/discuss/M02/posts"), &[("body", xss)]).await;
        assert_eq!(status, 303, "{body}");
        let (status, body) = get(&app, &format!("/s/{teacher}/hub/discuss")).await;
        assert_eq!(status, 200);
        assert!(body.contains("1 new reply"), "{body}");
        let (_, body) = get(&app, &format!("/s/{teacher}/hub/discuss/M02")).await;
        assert!(body.contains("<strong>Bold</strong>"), "{body}");
        assert!(!body.contains("<script>alert"), "{body}");
        assert!(!body.contains("href=\"javascript"), "{body}");
        assert!(!body.contains("<img"), "{body}");
        // Reading the thread clears the count.
        let (_, body) = get(&app, &format!("/s/{teacher}/hub/discuss")).await;
        assert!(!body.contains("new repl"), "{body}");
        // The hub home shows the notice to a learner who has not read it.
        let ben = learner(&app, "5").await;
        let (_, body) = get(&app, &format!("/s/{ben}/hub")).await;
        assert!(body.contains("1 new reply"), "{body}");
    }
}

on_both_backends! {
    async fn learners_cannot_moderate_and_instructors_hide_pin_and_lock(app) {
        let ann = learner(&app, "4").await;
        let teacher = instructor(&app).await;
        post(&app, &format!("/s/{ann}/hub/discuss/course/posts"), &[("body", "Where do I report a lost badge?")]).await;
        let store = &app.tool.state.store;
        let tenant = app.registration.id.to_string();
        let key = ThreadKey { registration_id: Some(app.registration.id), context_id: "2".into(), scope: Scope::Course };
        let thread = store.thread(&key, "unused", 0).await.unwrap();
        let posts = store.list_posts(&tenant, &thread.id).await.unwrap();
        assert_eq!(posts.len(), 1);
        let pid = posts[0].id.clone();

        for path in [format!("posts/{pid}/hide"), format!("posts/{pid}/pin"), "lock".to_owned()] {
            let (status, body) = post(&app, &format!("/s/{ann}/hub/discuss/course/{path}"), &[]).await;
            assert_eq!(status, 403, "{path}: {body}");
        }
        let (_, body) = get(&app, &format!("/s/{ann}/hub/discuss/course")).await;
        assert!(!body.contains("/hide\""), "no moderation buttons for learners: {body}");

        let (status, _) = post(&app, &format!("/s/{teacher}/hub/discuss/course/posts/{pid}/hide"), &[]).await;
        assert_eq!(status, 303);
        let (_, body) = get(&app, &format!("/s/{ann}/hub/discuss/course")).await;
        assert!(!body.contains("lost badge"), "hidden from learners: {body}");
        let (_, body) = get(&app, &format!("/s/{teacher}/hub/discuss/course")).await;
        assert!(body.contains("lost badge") && body.contains("Hidden from learners"), "{body}");

        let (status, _) = post(&app, &format!("/s/{teacher}/hub/discuss/course/lock"), &[]).await;
        assert_eq!(status, 303);
        let (status, body) = post(&app, &format!("/s/{ann}/hub/discuss/course/posts"), &[("body", "Still open?")]).await;
        assert_eq!(status, 409);
        assert!(body.contains("closed"), "{body}");
        assert_eq!(store.list_posts(&tenant, &thread.id).await.unwrap().len(), 1);
        // Moderating a post id of nothing is a 404, not a success.
        let (status, _) = post(&app, &format!("/s/{teacher}/hub/discuss/course/posts/00000000-0000-0000-0000-000000000000/pin"), &[]).await;
        assert_eq!(status, 404);
    }
}

on_both_backends! {
    async fn rate_and_length_limits_hold(app) {
        let ann = learner(&app, "4").await;
        let path = format!("/s/{ann}/hub/discuss/M06/posts");
        let long = "a".repeat(4001);
        let (status, body) = post(&app, &path, &[("body", &long)]).await;
        assert_eq!(status, 422);
        assert!(body.contains("too long"), "{body}");
        let (status, _) = post(&app, &path, &[("body", "   ")]).await;
        assert_eq!(status, 422);
        for i in 0..5 {
            let (status, body) = post(&app, &path, &[("body", &format!("message {i}"))]).await;
            assert_eq!(status, 303, "{body}");
        }
        let (status, body) = post(&app, &path, &[("body", "one too many")]).await;
        assert_eq!(status, 429);
        assert!(body.contains("wait"), "{body}");
        // A reply must point at a post of this thread.
        let (status, _) = post(&app, &format!("/s/{ann}/hub/discuss/M07/posts"), &[("body", "hi"), ("parent", "not-a-post")]).await;
        assert_eq!(status, 400);
    }
}

on_both_backends! {
    async fn discussions_never_cross_platforms_or_contexts(app) {
        let ann = learner(&app, "4").await;
        post(&app, &format!("/s/{ann}/hub/discuss/course/posts"), &[("body", "Context two only")]).await;
        // Another course on the same platform has its own, empty discussion.
        app.sim.add_course("other-course", "OTHER", "Another course").unwrap();
        app.sim.enrol("other-course", "4", &[roles::LEARNER]).unwrap();
        let other = launch(&app, LaunchSpec::resource_link("4", "hub-link").in_context("other-course")).await;
        let (_, body) = get(&app, &format!("/s/{other}/hub/discuss/course")).await;
        assert!(!body.contains("Context two only"), "{body}");
        // Platform B, same context id and same user id: nothing from platform A is visible.
        let store = &app.tool.state.store;
        let b = securehospitals::platforms::RegistrationId::new();
        let key_b = ThreadKey { registration_id: Some(b), context_id: "2".into(), scope: Scope::Course };
        let thread_b = store.thread(&key_b, &uuid::Uuid::new_v4().to_string(), 0).await.unwrap();
        assert!(store.list_posts(&b.to_string(), &thread_b.id).await.unwrap().is_empty());
        assert!(store.new_replies(&b.to_string(), "2", "5").await.unwrap().is_empty());
        let key_a = ThreadKey { registration_id: Some(app.registration.id), context_id: "2".into(), scope: Scope::Course };
        let thread_a = store.thread(&key_a, "unused", 0).await.unwrap();
        assert_ne!(thread_a.id, thread_b.id);
        // Platform B's tenant cannot read or write platform A's thread even knowing its id.
        assert!(store.list_posts(&b.to_string(), &thread_a.id).await.unwrap().is_empty());
        let sneaky = NewPost {
            id: uuid::Uuid::new_v4().to_string(),
            thread_id: thread_a.id.clone(),
            parent_id: String::new(),
            tenant: b.to_string(),
            user_id: "5".into(),
            author: "B".into(),
            author_is_instructor: false,
            body: "from B".into(),
            created_at: 1,
        };
        assert_ne!(store.insert_post(&sneaky, 0, 5).await.unwrap(), PostOutcome::Written);
        let a_posts = store.list_posts(&app.registration.id.to_string(), &thread_a.id).await.unwrap();
        assert_eq!(a_posts.len(), 1);
        assert!(a_posts.iter().all(|p| p.body != "from B"));
        // A launch without a context gets a reason, not a discussion.
        let none = launch(&app, LaunchSpec::resource_link("4", "hub-link").without_context()).await;
        let (status, body) = get(&app, &format!("/s/{none}/hub/discuss/course")).await;
        assert_eq!(status, 400);
        assert!(body.contains("belong to a course"), "{body}");
    }
}

on_both_backends! {
    async fn the_trainers_forum_is_opt_in_and_for_instructors_only(app) {
        let teacher = instructor(&app).await;
        let (status, _) = get(&app, &format!("/s/{teacher}/hub/discuss/trainers")).await;
        assert_eq!(status, 403);
        assert!(app.tool.state.store.set_forum_optin(app.registration.id, true, 1).await.unwrap());
        let (status, body) = post(&app, &format!("/s/{teacher}/hub/discuss/trainers/posts"), &[("body", "How do you run drills at night?")]).await;
        assert_eq!(status, 303, "{body}");
        let (_, body) = get(&app, &format!("/s/{teacher}/hub/discuss/trainers")).await;
        assert!(body.contains("drills at night"), "{body}");
        let ann = learner(&app, "4").await;
        let (status, _) = get(&app, &format!("/s/{ann}/hub/discuss/trainers")).await;
        assert_eq!(status, 403);
    }
}

on_both_backends! {
    async fn hub_items_are_placed_by_deep_linking_and_open_on_launch(app) {
        use securehospitals::lms_simulator::DeepLinkingOptions;
        let spec = LaunchSpec::deep_linking("3").with_deep_linking_options(DeepLinkingOptions::default());
        let r = app.launcher().launch(spec).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let sid = r.session_id();
        let (_, picker) = get(&app, &format!("/s/{sid}/deep-linking")).await;
        assert!(picker.contains("article:gdpr-72-hour-clock") && picker.contains("directory:training"), "{picker}");
        let (status, page) = post(&app, &format!("/s/{sid}/deep-linking"), &[
            ("item", "article:gdpr-72-hour-clock"),
            ("graded.article:gdpr-72-hour-clock", "on"),
            ("item", "directory:training"),
        ]).await;
        assert_eq!(status, 200, "{page}");
        // The simulated LMS verifies the signed response and places both activities.
        let result = crate::deep_linking::return_to_lms(&app, &page).await;
        assert_eq!(result.activities.len(), 2, "{:?}", result.items);
        assert!(
            result.items.iter().all(|i| i.get("lineItem").is_none()),
            "hub items are never graded: {:?}", result.items
        );
        let mut landed = Vec::new();
        for activity in &result.activities {
            let mut spec = LaunchSpec::resource_link("4", &activity.resource_link_id).with_locale("en-GB");
            for (k, v) in &activity.custom {
                spec = spec.with_custom(k, v.as_str().unwrap());
            }
            let r = app.launcher().launch(spec).await;
            assert_eq!(r.status, 303, "{}", r.body);
            let location = r.location.clone().unwrap();
            let (status, body) = get(&app, &location).await;
            assert_eq!(status, 200, "{location}: {body}");
            landed.push(location);
        }
        assert!(landed.iter().any(|l| l.ends_with("/hub/articles/gdpr-72-hour-clock")), "{landed:?}");
        assert!(landed.iter().any(|l| l.ends_with("/hub/directories/training")), "{landed:?}");
        // A hostile custom value lands on a 404 page, never outside the hub.
        let spec = LaunchSpec::resource_link("4", "x").with_custom("article", "../../admin");
        let r = app.launcher().launch(spec).await;
        let location = r.location.unwrap();
        assert!(location.contains("/hub/articles/..%2F..%2Fadmin"), "{location}");
        assert_eq!(get(&app, &location).await.0, 404);
    }
}

fn cli(db: &str, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_securehospitals"))
        .args(["--database-url", db])
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("SECUREHOSPITALS_DATABASE_URL")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_operator_opts_a_platform_into_the_trainers_forum_and_out_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("t.db").display());
    let (ok, id, err) = cli(
        &db,
        &[
            "platform",
            "add",
            "--issuer",
            "https://moodle.example",
            "--client-id",
            "abc",
            "--deployment-id",
            "1",
            "--auth-url",
            "https://moodle.example/mod/lti/auth.php",
            "--token-url",
            "https://moodle.example/mod/lti/token.php",
            "--jwks-url",
            "https://moodle.example/mod/lti/certs.php",
        ],
    );
    assert!(ok, "{err}");
    let id = id.trim();
    let (ok, out, err) = cli(&db, &["platform", "forum", "enable", id]);
    assert!(ok && out.contains("enabled"), "{out}{err}");
    let (ok, out, err) = cli(&db, &["platform", "forum", "disable", id]);
    assert!(ok && out.contains("disabled"), "{out}{err}");
    let (ok, out, _) = cli(&db, &["platform", "forum", "disable", id]);
    assert!(ok && out.contains("was not enabled"), "{out}");
    let (ok, _, err) = cli(
        &db,
        &[
            "platform",
            "forum",
            "enable",
            "00000000-0000-0000-0000-000000000000",
        ],
    );
    assert!(!ok && err.contains("no such registration"), "{err}");
}

#[test]
fn content_check_names_the_file_and_line_of_a_broken_hub_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("t.db").display());
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let (ok, out, err) = cli(
        &db,
        &[
            "--content-dir",
            shipped.to_str().unwrap(),
            "content",
            "check",
        ],
    );
    assert!(ok && out.contains("knowledge hub is valid"), "{out}{err}");
    let copy = dir.path().join("content");
    copy_tree(&shipped, &copy);
    let file = copy.join("hub/directories/consultancy.toml");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "roles = [\"IT\", \"MG\"]",
        "roles = [\"SURGEON\"]",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let (ok, _, err) = cli(
        &db,
        &["--content-dir", copy.to_str().unwrap(), "content", "check"],
    );
    assert!(!ok, "a broken hub must fail the check");
    assert!(
        err.contains("content/hub/directories/consultancy.toml:") && err.contains("SURGEON"),
        "{err}"
    );
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

on_both_backends! {
    async fn removing_a_platform_removes_its_discussions(app) {
        let store = &app.tool.state.store;
        assert!(store.set_forum_optin(app.registration.id, true, 1).await.unwrap());
        let ann = learner(&app, "4").await;
        let teacher = instructor(&app).await;
        post(&app, &format!("/s/{ann}/hub/discuss/course/posts"), &[("body", "hello")]).await;
        post(&app, &format!("/s/{teacher}/hub/discuss/trainers/posts"), &[("body", "hi all")]).await;
        let tenant = app.registration.id.to_string();
        let key = ThreadKey { registration_id: Some(app.registration.id), context_id: "2".into(), scope: Scope::Course };
        let thread = store.thread(&key, "unused", 0).await.unwrap();
        assert_eq!(store.list_posts(&tenant, &thread.id).await.unwrap().len(), 1);
        let trainers = ThreadKey { registration_id: None, context_id: "trainers".into(), scope: Scope::Trainers };
        let forum = store.thread(&trainers, "unused", 0).await.unwrap();
        assert_eq!(store.list_posts("trainers", &forum.id).await.unwrap().len(), 1);

        assert!(store.remove_registration(app.registration.id).await.unwrap());
        assert!(store.list_posts(&tenant, &thread.id).await.unwrap().is_empty());
        assert!(store.list_posts("trainers", &forum.id).await.unwrap().is_empty());
        let again = store.thread(&key, "fresh", 0).await.unwrap();
        assert_eq!(again.id, "fresh", "the old thread went with its platform");
    }
}
