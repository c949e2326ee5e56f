//! The three ways a launch is tied to the browser that started its login, over HTTP: the state
//! cookie, the LMS's postMessage storage (the login page hands the browser a secret to store; the
//! launch must come back with it), and a new window when the tool may use neither.

use crate::helpers::{Backend, TestApp, http};
use reqwest::header::{CONTENT_SECURITY_POLICY, COOKIE, LOCATION, SET_COOKIE};
use securehospitals::lms_simulator::{AutoPostForm, LaunchSpec};

/// The value of the first `name="…"` attribute in `html`, unescaped.
fn attr(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!("{name}=\""))? + name.len() + 2;
    let end = start + html[start..].find('"')?;
    Some(
        html[start..end]
            .replace("&#x2F;", "/")
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&#38;", "&")
            .replace("&#34;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

fn state_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("lti_state_"))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

/// Posts a login initiation, with `lti_storage_target` when `storage` is given.
async fn login(app: &TestApp, spec: LaunchSpec, storage: Option<&str>) -> reqwest::Response {
    let mut init = app.sim.login_initiation(spec).unwrap();
    if let Some(target) = storage {
        init.params
            .push(("lti_storage_target".into(), target.into()));
    }
    http()
        .post(init.url.as_str())
        .form(&init.params)
        .send()
        .await
        .unwrap()
}

/// Follows an auth URL at the platform; returns the id_token form it auto-posts.
async fn authorize(auth_url: &str) -> Vec<(String, String)> {
    let page = http().get(auth_url).send().await.unwrap();
    let status = page.status();
    let text = page.text().await.unwrap();
    assert_eq!(status, 200, "{auth_url}: {text}");
    AutoPostForm::parse(&text).unwrap().fields
}

async fn post_launch(
    app: &TestApp,
    form: &[(String, String)],
    secret: Option<&str>,
    cookie: Option<&str>,
) -> (u16, Option<String>, String) {
    let mut form = form.to_vec();
    if let Some(s) = secret {
        form.push(("lti_storage_secret".into(), s.into()));
    }
    let mut req = http().post(app.url("/lti/launch")).form(&form);
    if let Some(c) = cookie {
        req = req.header(COOKIE, c);
    }
    let r = req.send().await.unwrap();
    let location = r
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    (r.status().as_u16(), location, r.text().await.unwrap())
}

async fn without_cookie_path(backend: Backend) -> Option<TestApp> {
    TestApp::build(backend, |a| a.launch_partitioned_cookie = Some(false)).await
}

async fn storage_launch_is_proven_by_the_secret_the_platform_kept(backend: Backend) {
    let Some(app) = without_cookie_path(backend).await else {
        return;
    };
    let page = login(
        &app,
        LaunchSpec::resource_link("4", "rl-1"),
        Some("_parent"),
    )
    .await;
    assert_eq!(page.status(), 200);
    assert!(state_cookie(&page).is_none(), "the cookie path is off");
    let csp = page.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains(app.sim.base_url()),
        "the platform may frame the login page: {csp}"
    );
    let html = page.text().await.unwrap();
    assert_eq!(attr(&html, "data-target").as_deref(), Some("_parent"));
    assert_eq!(
        attr(&html, "data-platform-origin").as_deref(),
        Some(app.sim.base_url())
    );
    assert_eq!(attr(&html, "data-check-url").as_deref(), Some(""));
    let key = attr(&html, "data-key").unwrap();
    let secret = attr(&html, "data-value").unwrap();
    assert_eq!(secret.len(), 64);

    let form = authorize(&attr(&html, "data-auth-url").unwrap()).await;
    // Without cookie or secret, the tool answers a page that reads the secret back.
    let (status, _, restore) = post_launch(&app, &form, None, None).await;
    assert_eq!(status, 200, "{restore}");
    assert_eq!(attr(&restore, "data-key"), Some(key));
    assert_eq!(attr(&restore, "data-mode").as_deref(), Some("restore"));
    assert!(
        !restore.contains(&secret),
        "the restore page never carries the secret"
    );

    let (status, location, body) = post_launch(&app, &form, Some(&secret), None).await;
    assert_eq!(status, 303, "{body}");
    assert!(location.unwrap().starts_with("/s/"));
}

async fn another_logins_secret_does_not_prove_a_storage_launch(backend: Backend) {
    let Some(app) = without_cookie_path(backend).await else {
        return;
    };
    let victim = login(
        &app,
        LaunchSpec::resource_link("4", "rl-1"),
        Some("_parent"),
    )
    .await;
    let victim = victim.text().await.unwrap();
    let attacker = login(
        &app,
        LaunchSpec::resource_link("5", "rl-1"),
        Some("_parent"),
    )
    .await;
    let attacker = attacker.text().await.unwrap();
    let form = authorize(&attr(&victim, "data-auth-url").unwrap()).await;
    let wrong = attr(&attacker, "data-value").unwrap();
    let (status, _, body) = post_launch(&app, &form, Some(&wrong), None).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("state_binding_mismatch"), "{body}");
    // An invented secret fares no better.
    let (status, _, body) = post_launch(&app, &form, Some(&"0".repeat(64)), None).await;
    assert_eq!(status, 400, "{body}");
    let right = attr(&victim, "data-value").unwrap();
    let (status, _, body) = post_launch(&app, &form, Some(&right), None).await;
    assert_eq!(status, 303, "{body}");
}

async fn without_cookie_or_storage_the_login_continues_in_a_new_window(backend: Backend) {
    let Some(app) = without_cookie_path(backend).await else {
        return;
    };
    let page = login(&app, LaunchSpec::resource_link("4", "rl-1"), None).await;
    assert_eq!(page.status(), 200);
    assert!(state_cookie(&page).is_none());
    let html = page.text().await.unwrap();
    assert!(
        html.contains("target=\"_blank\"") && html.contains("name=\"sh_window\""),
        "{html}"
    );
    // The new window posts the same login again, top-level: a first-party cookie this time.
    let mut fields: Vec<(String, String)> = Vec::new();
    for chunk in html.split("<input type=\"hidden\" ").skip(1) {
        if let (Some(n), Some(v)) = (attr(chunk, "name"), attr(chunk, "value")) {
            fields.push((n, v));
        }
    }
    assert!(
        fields.iter().any(|(n, _)| n == "lti_message_hint"),
        "{fields:?}"
    );
    let again = http()
        .post(app.url("/lti/login"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 302);
    let cookie = state_cookie(&again).expect("a state cookie in the new window");
    let auth = again.headers()[LOCATION].to_str().unwrap().to_owned();
    let form = authorize(&auth).await;
    let (status, _, body) = post_launch(&app, &form, None, None).await;
    assert_eq!(status, 400, "without its cookie: {body}");
    assert!(body.contains("state_cookie_missing"), "{body}");
    let (status, _, body) = post_launch(&app, &form, None, Some(&cookie)).await;
    assert_eq!(status, 303, "{body}");

    // Before the launch names a locale, the page speaks the browser's language.
    let init = app
        .sim
        .login_initiation(LaunchSpec::resource_link("5", "rl-1"))
        .unwrap();
    let german = http()
        .post(init.url.as_str())
        .header(reqwest::header::ACCEPT_LANGUAGE, "de-DE,de;q=0.9,en;q=0.5")
        .form(&init.params)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        german.contains("<html lang=\"de\"") && german.contains("In neuem Fenster fortfahren"),
        "{german}"
    );
}

async fn the_login_page_asks_whether_its_cookie_came_back(backend: Backend) {
    let Some(app) = TestApp::build(backend, |_| {}).await else {
        return;
    };
    let page = login(
        &app,
        LaunchSpec::resource_link("4", "rl-1"),
        Some("_parent"),
    )
    .await;
    let cookie = state_cookie(&page).expect("the cookie path is on");
    let html = page.text().await.unwrap();
    let check = app.url(&attr(&html, "data-check-url").unwrap());
    let with: serde_json::Value = http()
        .get(&check)
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(with["cookie"], true);
    let without: serde_json::Value = http()
        .get(&check)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(without["cookie"], false);
    // Framed without storage, the login also goes through the page that checks its cookie
    // (and offers a new window when it did not stick); a top-level login redirects at once.
    let init = app
        .sim
        .login_initiation(LaunchSpec::resource_link("5", "rl-1"))
        .unwrap();
    let framed = http()
        .post(init.url.as_str())
        .header("sec-fetch-dest", "iframe")
        .form(&init.params)
        .send()
        .await
        .unwrap();
    assert_eq!(framed.status(), 200);
    assert!(state_cookie(&framed).is_some());
    let framed = framed.text().await.unwrap();
    assert!(attr(&framed, "data-check-url").is_some_and(|u| u.starts_with("/lti/cookie-check/")));
    assert!(framed.contains("name=\"sh_window\""), "{framed}");
    // With the cookie, the storage state launches without any secret.
    let form = authorize(&attr(&html, "data-auth-url").unwrap()).await;
    let (status, _, body) = post_launch(&app, &form, None, Some(&cookie)).await;
    assert_eq!(status, 303, "{body}");
}

macro_rules! both {
    ($($name:ident),*) => {$(
        mod $name {
            use crate::helpers::Backend;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                super::$name(Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                super::$name(Backend::Postgres).await;
            }
        }
    )*};
}

both!(
    storage_launch_is_proven_by_the_secret_the_platform_kept,
    another_logins_secret_does_not_prove_a_storage_launch,
    without_cookie_or_storage_the_login_continues_in_a_new_window,
    the_login_page_asks_whether_its_cookie_came_back
);
