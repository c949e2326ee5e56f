//! `securehospitals demo` end to end over HTTP, clicking through the demo LMS's pages as a
//! browser would: the tool registered itself through dynamic registration, the trainer places a
//! graded module by deep linking, a German nurse learns and passes its quiz, and the score shows
//! in the demo gradebook; the trainer opens the roster and the wizard; a clerk earns a certificate
//! that verifies. And `serve` carries none of the demo LMS's pages.

use crate::courses::player::Learned;
use crate::helpers::{Backend, TEST_KEK, TestApp, TestDb, http};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use securehospitals::content::Lang;
use securehospitals::demo::{self, Demo, DemoOptions};
use securehospitals::lms_simulator::{AutoPostForm, LmsSimulator};
use securehospitals::platforms::RegistrationStatus;
use std::time::{Duration, Instant};

const DANA: &str = "10";
const INES: &str = "11";
const PETER: &str = "12";

async fn start_demo(db: &TestDb) -> Demo {
    let options = DemoOptions {
        tool_listen: "127.0.0.1:0".parse().unwrap(),
        lms_listen: "127.0.0.1:0".parse().unwrap(),
        database_url: db.url.clone(),
        key_encryption_key: Some(TEST_KEK.into()),
        content_dir: None,
    };
    demo::start(options, std::future::pending()).await.unwrap()
}

/// Every `<form>` of a page: its action and its fields (inputs, and a select's first option).
fn forms(html: &str) -> Vec<AutoPostForm> {
    html.split("<form")
        .skip(1)
        .map(|rest| {
            let body = rest.split("</form>").next().unwrap();
            let mut form = AutoPostForm::parse(&format!("<form{body}</form>")).unwrap();
            form.action = decode_numeric(&form.action);
            for (_, value) in &mut form.fields {
                *value = decode_numeric(value);
            }
            if let Some(select) = body.split("<select name=\"").nth(1) {
                let name = select.split('"').next().unwrap().to_owned();
                let first = select.split("<option value=\"").nth(1).unwrap();
                form.fields
                    .push((name, first.split('"').next().unwrap().to_owned()));
            }
            form
        })
        .collect()
}

/// Decodes the numeric character references askama writes (`&#38;` for `&`).
fn decode_numeric(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let end = at + rest[at..].find(';').expect("a reference ends with ;");
        let code = &rest[at + 2..end];
        let code = match code.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).unwrap(),
            None => code.parse().unwrap(),
        };
        out.push(char::from_u32(code).unwrap());
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The launch form of the home page whose fields include `user` and whose `link` is or is not
/// empty (a deep linking request has none).
fn launch_form(home: &str, user: &str, deep_linking: bool) -> Vec<(String, String)> {
    forms(home)
        .into_iter()
        .filter(|f| f.field("user") == Some(user))
        .find(|f| f.field("link").is_some_and(str::is_empty) == deep_linking)
        .unwrap_or_else(|| panic!("no launch form for {user} in {home}"))
        .fields
}

/// Posts a launch button's form and follows it as a browser: the LMS's auto-post page to the
/// tool's login, the redirect to the LMS's auth endpoint (keeping the tool's state cookie), and
/// the id_token form back to the tool. Returns the tool's redirect target `/s/{sid}/...`.
async fn click_launch(lms: &LmsSimulator, tool_url: &str, fields: &[(String, String)]) -> String {
    let client = http();
    let page = client
        .post(lms.launch_trigger_url())
        .form(fields)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let to_login = AutoPostForm::parse(&page.text().await.unwrap()).unwrap();
    assert!(to_login.action.starts_with(tool_url), "{}", to_login.action);
    let login = client
        .post(&to_login.action)
        .form(&to_login.fields)
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 302);
    let cookie = login.headers()[SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let auth = login.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(auth.starts_with(lms.base_url()), "{auth}");
    let answer = client.get(&auth).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let to_launch = AutoPostForm::parse(&answer.text().await.unwrap()).unwrap();
    let launched = client
        .post(&to_launch.action)
        .header(COOKIE, cookie)
        .form(&to_launch.fields)
        .send()
        .await
        .unwrap();
    let status = launched.status();
    let location = launched.headers().get(LOCATION).cloned();
    assert_eq!(status, 303, "{}", launched.text().await.unwrap());
    location.unwrap().to_str().unwrap().to_owned()
}

fn session_of(location: &str) -> String {
    location.split('/').nth(2).unwrap().to_owned()
}

async fn get(url: &str) -> (u16, String) {
    let r = http().get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The test harness's view of the demo, so the course player helpers can drive it.
fn as_test_app(demo: Demo, db: TestDb) -> TestApp {
    TestApp {
        base: demo.tool_url(),
        tool: demo.tool,
        sim: demo.lms,
        registration: demo.registration,
        client_id: demo.client_id,
        deployment_id: demo.deployment_id,
        _db: db,
    }
}

/// The trainer places `module` (graded) through the picker; the LMS verifies and places it.
async fn place_graded_module(demo: &Demo, module: &str) {
    let (_, home) = get(&demo.home_url()).await;
    let to = click_launch(&demo.lms, &demo.tool_url(), &launch_form(&home, DANA, true)).await;
    assert!(to.ends_with("/deep-linking"), "{to}");
    let item = format!("module:{module}");
    let picked = http()
        .post(format!("{}{to}", demo.tool_url()))
        .form(&[
            ("item".to_owned(), item.clone()),
            (format!("graded.{item}"), "on".to_owned()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(picked.status(), 200);
    let back = forms(&picked.text().await.unwrap())
        .into_iter()
        .find(|f| f.field("JWT").is_some())
        .expect("the return form");
    assert!(back.action.starts_with(demo.lms.base_url()));
    let placed = http()
        .post(&back.action)
        .form(&back.fields)
        .send()
        .await
        .unwrap();
    assert_eq!(placed.status(), 200, "{}", placed.text().await.unwrap());
}

async fn the_demo_runs_from_registration_to_a_score_in_the_gradebook(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let demo = start_demo(&db).await;

    // Dynamic registration happened, and both sides approved it.
    let requests = demo.lms.registrations();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].client_id, demo.client_id);
    assert_eq!(
        requests[0].request["initiate_login_uri"],
        format!("{}/lti/login", demo.tool_url())
    );
    assert_eq!(demo.registration.status, RegistrationStatus::Active);
    assert_eq!(demo.registration.issuer.as_str(), demo.lms.issuer());
    assert!(demo.lms.tool(&demo.client_id).unwrap().active);

    let (status, home) = get(&demo.home_url()).await;
    assert_eq!(status, 200);
    for name in [
        "Dana Okafor",
        "Ines Wagner",
        "Peter Collins",
        "Camille Martin",
    ] {
        assert!(home.contains(name), "{name} on the home page");
    }
    assert!(home.contains("None yet"), "no module placed yet");
    for value in [&demo.client_id, &demo.deployment_id] {
        assert!(
            home.contains(&format!("<code>{value}</code>")),
            "{value} shown"
        );
    }

    let de = Lang::parse("de").unwrap();
    let module = demo
        .tool
        .state
        .content
        .modules()
        .find(|m| m.languages.contains(&de))
        .expect("a module in German")
        .id
        .clone();
    place_graded_module(&demo, &module).await;
    let (_, home) = get(&demo.home_url()).await;
    assert!(
        !home.contains("None yet") && home.contains("<td>yes</td>"),
        "{home}"
    );

    // Ines, a German nurse, opens the placed module from the home page.
    let placed_link = demo
        .lms
        .activities()
        .into_iter()
        .find(|a| a.line_item_id.is_some())
        .expect("the placed module is graded")
        .resource_link_id;
    let mut fields = forms(&home)
        .into_iter()
        .find(|f| f.field("link") == Some(placed_link.as_str()))
        .unwrap_or_else(|| panic!("a launch form for the placed module in {home}"))
        .fields;
    fields.retain(|(n, _)| n != "user");
    fields.push(("user".into(), INES.into()));
    let to = click_launch(&demo.lms, &demo.tool_url(), &fields).await;
    let app = as_test_app(demo, db);
    let ines_sid = session_of(&to);
    let ines = Learned {
        app: &app,
        sid: ines_sid.clone(),
        user: INES.into(),
        landing: to.clone(),
    };
    let first = ines.get(&format!("modules/{module}")).await;
    assert!(first.body.contains(r#"<html lang="de">"#), "{}", first.body);
    ines.choose_role("NU", &format!("modules/{module}")).await;
    let lessons = app.tool.state.content.module(&module).unwrap();
    let lesson = lessons
        .lessons_for(securehospitals::content::JobRole::Nurse, &de)
        .value[0]
        .slug
        .clone();
    let page = ines
        .get(&format!("modules/{module}/lessons/{lesson}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"lang="de""#));

    let attempt = ines.start(&module, "quiz").await;
    let done = ines
        .submit(&module, &attempt, &ines.right_answers(&attempt).await)
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let result = ines
        .get(&format!("modules/{module}/attempts/{attempt}"))
        .await;
    assert!(result.body.contains("Bestanden"), "{}", result.body);

    // The score arrives in the demo gradebook, through AGS.
    let gradebook = app.sim.gradebook_url(securehospitals::demo::DEMO_COURSE_ID);
    let start = Instant::now();
    loop {
        let (_, page) = get(&gradebook).await;
        let row = page
            .split("<tr>")
            .find(|r| r.contains("Ines Wagner"))
            .unwrap_or_default()
            .to_owned();
        if row.contains(">100<") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no score in the gradebook: {page}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Dana, the trainer, sees everyone on the roster, read from the demo LMS through NRPS.
    let (_, home) = get(&app.sim.url("/")).await;
    let to = click_launch(&app.sim, &app.base, &launch_form(&home, DANA, false)).await;
    assert!(to.ends_with("/courses"), "{to}");
    // She gets there by clicking: her course page links the roster, grade sync and the wizard,
    // each inside her session, and a privacy link in the footer.
    let (status, courses) = get(&app.url(&to)).await;
    assert_eq!(status, 200, "{courses}");
    let sid = session_of(&to);
    let href = |page: &str| format!("href=\"/s/{sid}/{page}\"");
    for page in ["roster", "grades", "wizard"] {
        assert!(courses.contains(&href(page)), "{page} link: {courses}");
    }
    assert!(courses.contains("href=\"/privacy?lang=en\""), "{courses}");
    let roster_href = courses
        .split("href=\"")
        .skip(1)
        .map(|h| h.split('"').next().unwrap())
        .find(|h| h.ends_with("/roster"))
        .unwrap()
        .to_owned();
    let roster = get(&app.url(&roster_href)).await;
    assert_eq!(roster.0, 200, "{}", roster.1);
    for page in ["grades", "wizard"] {
        let (status, body) = get(&app.url(&format!("/s/{sid}/{page}"))).await;
        assert_eq!(status, 200, "{page}: {body}");
    }
    // Ines, a learner, sees no instructor links on her pages.
    let learner_page = ines_page(&app, &ines_sid).await;
    assert!(!learner_page.contains("/roster\""), "{learner_page}");
    assert!(
        learner_page.contains("href=\"/privacy?lang=de\""),
        "{learner_page}"
    );
    for name in [
        "Ines Wagner",
        "Peter Collins",
        "Camille Martin",
        "Luca Bianchi",
    ] {
        assert!(
            roster.1.contains(name),
            "{name} on the roster: {}",
            roster.1
        );
    }
}

async fn ines_page(app: &TestApp, sid: &str) -> String {
    let (status, body) = get(&app.url(&format!("/s/{sid}/courses"))).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The launch form on the home page for `user` and the activity titled `title`.
fn activity_form(app: &TestApp, home: &str, user: &str, title: &str) -> Vec<(String, String)> {
    let link = app
        .sim
        .activities()
        .into_iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("an activity {title}"))
        .resource_link_id;
    forms(home)
        .into_iter()
        .find(|f| f.field("link") == Some(link.as_str()) && f.field("user") == Some(user))
        .unwrap_or_else(|| panic!("a launch form for {title} as {user} in {home}"))
        .fields
}

async fn a_trainer_plans_and_a_clerk_earns_a_certificate(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let demo = start_demo(&db).await;
    let app = as_test_app(demo, db);
    let (_, home) = get(&app.sim.url("/")).await;

    let wizard = activity_form(&app, &home, DANA, "Curriculum Wizard (for trainers)");
    let to = click_launch(&app.sim, &app.base, &wizard).await;
    assert!(to.ends_with("/wizard"), "{to}");
    let (status, page) = get(&app.url(&to)).await;
    assert_eq!(status, 200, "{page}");

    let to = click_launch(&app.sim, &app.base, &launch_form(&home, PETER, false)).await;
    let peter = Learned {
        app: &app,
        sid: session_of(&to),
        user: PETER.into(),
        landing: to.clone(),
    };
    peter.choose_role("AD", "courses").await;
    let path = app
        .tool
        .state
        .content
        .path(crate::certificates::PATH)
        .unwrap();
    for module in &path.modules {
        crate::certificates::pass(&peter, module).await;
    }
    let certificates = crate::certificates::certificates(&peter).await;
    assert_eq!(certificates.len(), 1, "one certificate for the path");
    let code = certificates[0].code.display();
    let (status, report) = crate::certificates::verify_json(&app, &code).await;
    assert_eq!(status, 200);
    assert_eq!(report["status"], "valid");
    assert_eq!(report["name"], "Peter Collins");
    assert!(home.contains(&format!("href=\"{}/verify\"", app.base)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainer_plans_and_a_clerk_earns_a_certificate_on_sqlite() {
    a_trainer_plans_and_a_clerk_earns_a_certificate(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainer_plans_and_a_clerk_earns_a_certificate_on_postgres() {
    a_trainer_plans_and_a_clerk_earns_a_certificate(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_runs_from_registration_to_a_score_in_the_gradebook_on_sqlite() {
    the_demo_runs_from_registration_to_a_score_in_the_gradebook(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_runs_from_registration_to_a_score_in_the_gradebook_on_postgres() {
    the_demo_runs_from_registration_to_a_score_in_the_gradebook(Backend::Postgres).await;
}

/// Pages of the demo LMS, which must answer 404 on any tool.
const DEMO_LMS_PAGES: [&str; 4] = [
    "/course/view.php?id=2",
    "/grade/report/grader/index.php?id=2",
    "/mod/lti/auth.php",
    "/mod/lti/openid-configuration.php",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_has_none_of_the_demo_lms_pages() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    for page in DEMO_LMS_PAGES {
        let (status, _) = get(&app.url(page)).await;
        assert_eq!(status, 404, "{page} on a served tool");
    }
    let trigger = http()
        .post(app.url("/mod/lti/launch.php"))
        .form(&[("client_id", app.client_id.as_str()), ("user", "4")])
        .send()
        .await
        .unwrap();
    assert_eq!(trigger.status(), 404);
    let (_, index) = get(&app.url("/")).await;
    assert!(!index.contains("Demo LMS") && !index.contains("Open the training as"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_tool_is_the_served_tool_without_demo_pages() {
    let db = TestDb::create(Backend::Sqlite).await.unwrap();
    let demo = start_demo(&db).await;
    assert!(demo.tool.addr.ip().is_loopback() && demo.lms.addr().ip().is_loopback());
    for page in DEMO_LMS_PAGES {
        let (status, _) = get(&format!("{}{page}", demo.tool_url())).await;
        assert_eq!(status, 404, "{page} on the demo's tool");
    }
    let (status, _) = get(&format!("{}/healthz", demo.tool_url())).await;
    assert_eq!(status, 200);
}
