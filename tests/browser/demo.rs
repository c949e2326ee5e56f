//! `securehospitals demo` in a real browser, as a newcomer meets it: on the demo LMS's page the
//! trainer places a graded module through the deep linking picker, a learner opens it, passes
//! its quiz and the score shows in the demo gradebook; the trainer then reaches the roster by
//! clicking from her course page. Launch buttons open the tool in a new tab, as the page says.

use super::a11y;
use super::harness::Session;
use fantoccini::Locator;
use fantoccini::wd::WindowHandle;
use securehospitals::content::ItemKind;
use securehospitals::courses::Learner;
use std::time::{Duration, Instant};

const DANA: &str = "10";
const PETER: &str = "12";
const MODULE: &str = "M01";

/// Clicks `css` on the demo LMS's page and moves to the tab the launch opens.
async fn launch_in_new_tab(s: &Session, home: &WindowHandle, css: &str) -> WindowHandle {
    s.client.switch_to_window(home.clone()).await.unwrap();
    let before = s.client.windows().await.unwrap();
    s.click(css).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = s.client.windows().await.unwrap();
        if let Some(tab) = now.into_iter().find(|w| !before.contains(w)) {
            s.client.switch_to_window(tab.clone()).await.unwrap();
            return tab;
        }
        if Instant::now() > deadline {
            s.fail(&format!("{css} opened no tab")).await
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn close_tab(s: &Session, home: &WindowHandle) {
    s.client.close_window().await.unwrap();
    s.client.switch_to_window(home.clone()).await.unwrap();
}

async fn path(s: &Session) -> String {
    s.client.current_url().await.unwrap().path().to_owned()
}

/// The quiz form's fields that answer every question of `attempt` rightly (from the content).
async fn right_answers(s: &Session, user: &str, attempt: &str) -> Vec<(String, String)> {
    let state = s.tool_state();
    let registration = state.store.list_registrations().await.unwrap().remove(0).id;
    let learner = Learner {
        registration_id: registration,
        user_id: user.to_owned(),
    };
    let attempt = state
        .store
        .find_attempt(&learner, attempt)
        .await
        .unwrap()
        .expect("the learner's attempt");
    let module = state.content.module(&attempt.module_id).unwrap();
    let pool = module.pool_for(attempt.job_role, &attempt.language).value;
    let mut fields = Vec::new();
    for drawn in &attempt.draw.items {
        let item = pool.iter().find(|i| i.id == drawn.item_id).unwrap();
        let name = format!("i.{}", item.id);
        match &item.kind {
            ItemKind::Single { options }
            | ItemKind::Multiple { options }
            | ItemKind::RedFlags { flags: options, .. } => {
                for (k, &i) in drawn.order.iter().enumerate() {
                    if options[i].correct {
                        fields.push((name.clone(), k.to_string()));
                    }
                }
            }
            ItemKind::Ordering { .. } => {
                for (k, &i) in drawn.order.iter().enumerate() {
                    fields.push((format!("{name}.{k}"), (i + 1).to_string()));
                }
            }
            ItemKind::Matching { .. } => {
                for left in 0..drawn.order.len() {
                    let k = drawn.order.iter().position(|&i| i == left).unwrap();
                    fields.push((format!("{name}.{left}"), k.to_string()));
                }
            }
        }
    }
    fields
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_places_a_module_passes_its_quiz_sees_the_score_and_reaches_the_roster() {
    let Some(s) = Session::start_demo().await else {
        return;
    };
    let home_url = s.sim.url("/");
    if let Err(e) = s.client.goto(&home_url).await {
        s.fail(&format!("could not open the demo at {home_url}: {e}"))
            .await
    }
    s.wait_until(
        "the demo LMS's page",
        "document.readyState === 'complete' && document.body.innerText.indexOf('Dana') >= 0",
    )
    .await;
    let home = s.client.window().await.unwrap();

    // Dana, the trainer, places M01 as a graded activity through the picker.
    launch_in_new_tab(
        &s,
        &home,
        &format!("form.deep-linking:has(input[name=user][value='{DANA}']) button"),
    )
    .await;
    s.wait_until(
        "the deep linking picker",
        &format!(
            "document.readyState === 'complete' && document.querySelector(\"input[name=item][value='module:{MODULE}']\")"
        ),
    )
    .await;
    s.client
        .execute(
            &format!(
                "document.querySelector(\"input[name=item][value='module:{MODULE}']\").checked = true; \
                 document.querySelector(\"input[name='graded.module:{MODULE}']\").checked = true;"
            ),
            vec![],
        )
        .await
        .unwrap();
    s.click("form[method=post][action$='/deep-linking'] button[type=submit]")
        .await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while !s.sim.activities().iter().any(|a| a.line_item_id.is_some()) {
        if Instant::now() > deadline {
            s.fail("the demo LMS placed no graded activity").await
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The LMS records the placement before its answer reaches the tab: let that page finish
    // loading first (closing a tab mid-navigation can stall chromedriver on a busy machine).
    s.wait_until(
        "the LMS's deep linking result page",
        "document.readyState === 'complete' && location.pathname.indexOf('contentitem_return') >= 0",
    )
    .await;
    close_tab(&s, &home).await;

    // Peter, a clerk, opens the placed module from the LMS page and passes its quiz.
    s.client.refresh().await.unwrap();
    s.wait_until(
        "the placed module on the LMS page",
        "document.readyState === 'complete' && document.querySelector('form.placed select[name=user]')",
    )
    .await;
    s.client
        .execute(
            &format!("document.querySelector('form.placed select[name=user]').value = '{PETER}';"),
            vec![],
        )
        .await
        .unwrap();
    launch_in_new_tab(&s, &home, "form.placed button[type=submit]").await;
    s.wait_until(
        "the module or the role question",
        "document.readyState === 'complete' && (document.querySelector('form.role-form') || document.querySelector('input[name=kind][value=quiz]'))",
    )
    .await;
    if s.client.find(Locator::Css("form.role-form")).await.is_ok() {
        s.click("form.role-form input[type=radio][value=AD]").await;
        s.click("form.role-form button[type=submit]").await;
    }
    s.wait_until(
        "the module's quiz button",
        "document.readyState === 'complete' && document.querySelector('input[name=kind][value=quiz]')",
    )
    .await;
    s.click("form:has(input[name=kind][value=quiz]) button[type=submit]")
        .await;
    s.wait_until(
        "the quiz",
        "document.readyState === 'complete' && document.querySelector('form.quiz')",
    )
    .await;
    let attempt = path(&s).await.rsplit('/').next().unwrap().to_owned();
    let answers = right_answers(&s, PETER, &attempt).await;
    let script = "var fields = arguments[0]; \
        document.querySelectorAll('form.quiz input[type=radio], form.quiz input[type=checkbox]').forEach(function (i) { i.checked = false; }); \
        fields.forEach(function (f) { document.querySelectorAll('form.quiz [name=\"' + f[0] + '\"]').forEach(function (e) { \
          if (e.type === 'radio' || e.type === 'checkbox') { if (e.value === f[1]) { e.checked = true; } } else { e.value = f[1]; } }); });";
    s.client
        .execute(script, vec![serde_json::json!(answers)])
        .await
        .unwrap();
    s.click("form.quiz button[type=submit]").await;
    s.wait_until(
        "the quiz result",
        "document.readyState === 'complete' && !document.querySelector('form.quiz') && location.pathname.indexOf('/attempts/') >= 0",
    )
    .await;
    s.wait_until(
        "a pass",
        "document.body.innerText.indexOf('100') >= 0 && /pass/i.test(document.body.innerText)",
    )
    .await;
    close_tab(&s, &home).await;

    // The score arrives in the demo gradebook (through AGS), linked from the LMS page.
    s.click("a[href*='/grade/report/grader/']").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let row = s
            .client
            .execute(
                "var r = Array.from(document.querySelectorAll('tr')).find(function (t) { return t.innerText.indexOf('Peter Collins') >= 0; }); return r ? r.innerText : '';",
                vec![],
            )
            .await
            .unwrap();
        if row.as_str().is_some_and(|r| r.contains("100")) {
            break;
        }
        if Instant::now() > deadline {
            s.fail("no score for Peter in the gradebook").await
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        s.client.refresh().await.unwrap();
    }

    // Dana opens the training and reaches the roster by clicking from her course page.
    s.client.goto(&home_url).await.unwrap();
    s.wait_until("the demo LMS's page", "document.readyState === 'complete'")
        .await;
    let home = s.client.window().await.unwrap();
    launch_in_new_tab(
        &s,
        &home,
        &format!("form:not(.deep-linking):not(.wizard):not(.placed):has(input[name=user][value='{DANA}']) button"),
    )
    .await;
    s.wait_until(
        "Dana's course page",
        "document.readyState === 'complete' && /\\/s\\/[^/]+\\/courses$/.test(location.pathname)",
    )
    .await;
    a11y::check(&s, "instructor course page").await;
    s.click("nav a[href$='/roster']").await;
    s.wait_until(
        "the roster with the learners",
        "document.readyState === 'complete' && /\\/roster$/.test(location.pathname) && document.body.innerText.indexOf('Peter Collins') >= 0",
    )
    .await;
    s.wait_until(
        "Peter's pass on the roster",
        "Array.from(document.querySelectorAll('tr')).some(function (t) { return t.innerText.indexOf('Peter Collins') >= 0 && /100/.test(t.innerText); })",
    )
    .await;
    s.close().await;
}
