//! Each way a framed launch can tie itself to the browser, on its own: the partitioned cookie
//! (with a learner reading a lesson and submitting a quiz), the platform's postMessage storage
//! with the cookie path switched off, and the new window with both off.

use super::a11y;
use super::harness::{Session, Setup};
use fantoccini::Locator;
use securehospitals::lms_simulator::{SEED_COURSE_ID, SEED_LEARNERS};

/// Opens the simulator's course page that frames a launch of `user` on resource link `link`.
async fn open_framed_launch(s: &Session, user: &str, link: &str, storage: bool) {
    let url = s
        .sim
        .embedded_launch_url(&s.client_id, SEED_COURSE_ID, user, link, storage);
    if let Err(e) = s.client.goto(&url).await {
        s.fail(&format!("could not open {url}: {e}")).await
    }
}

/// In the tool's frame: dashboard, module M01 (choosing a role when asked), its first lesson,
/// then the quiz with the first choice of every question, up to the result page.
async fn learner_reads_a_lesson_and_submits_the_quiz(s: &Session) {
    s.wait_in_tool_frame("/courses").await;
    a11y::check(s, "learner dashboard").await;
    s.client
        .execute(
            "location.href = location.pathname.replace(/courses$/, 'modules/M01');",
            vec![],
        )
        .await
        .unwrap();
    s.wait_until(
        "the module or the role question",
        "document.readyState === 'complete' && /modules\\/M01|role/.test(location.pathname + document.body.innerHTML) && (document.querySelector('form.role-form') || document.querySelector('a[href*=\"/lessons/\"]'))",
    )
    .await;
    if s.client.find(Locator::Css("form.role-form")).await.is_ok() {
        s.click("form.role-form input[type=radio]").await;
        s.click("form.role-form button[type=submit]").await;
        s.wait_until(
            "the module page after the role",
            "document.readyState === 'complete' && document.querySelector('a[href*=\"/lessons/\"]')",
        )
        .await;
    }
    a11y::check(s, "module page").await;
    s.click("a[href*=\"/lessons/\"]").await;
    s.wait_until(
        "a lesson",
        "document.readyState === 'complete' && location.pathname.indexOf('/lessons/') >= 0",
    )
    .await;
    a11y::check(s, "lesson").await;
    s.client
        .execute(
            "location.href = location.pathname.replace(/\\/lessons\\/.*$/, '');",
            vec![],
        )
        .await
        .unwrap();
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
    a11y::check(s, "quiz").await;
    s.client
        .execute(
            "var seen = {}; document.querySelectorAll('form.quiz input[type=radio], form.quiz input[type=checkbox]').forEach(function (i) { if (!seen[i.name]) { seen[i.name] = 1; i.checked = true; } });",
            vec![],
        )
        .await
        .unwrap();
    s.click("form.quiz button[type=submit]").await;
    s.wait_until(
        "the quiz result",
        "document.readyState === 'complete' && !document.querySelector('form.quiz') && location.pathname.indexOf('/attempts/') >= 0",
    )
    .await;
    a11y::check(s, "quiz result").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_framed_learner_launch_rides_on_the_partitioned_cookie() {
    let Some(s) = Session::start(Setup {
        partitioned_cookie: true,
    })
    .await
    else {
        return;
    };
    let before = s.launch_path_count("partitioned_cookie");
    // No platform storage: the framed login page checks that its cookie stuck, then goes on.
    open_framed_launch(&s, SEED_LEARNERS[0], "rl-browser-1", false).await;
    s.wait_in_tool_frame("/courses").await;
    // The browser really blocks third-party cookies in the frame, but keeps partitioned ones.
    let probe = s
        .client
        .execute(
            "document.cookie = 'sh_plain=1; SameSite=None; Secure; Path=/'; \
             document.cookie = 'sh_chips=1; SameSite=None; Secure; Partitioned; Path=/'; \
             return [document.cookie.indexOf('sh_plain=') >= 0, document.cookie.indexOf('sh_chips=') >= 0];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        probe,
        serde_json::json!([false, true]),
        "third-party cookie blocking"
    );
    learner_reads_a_lesson_and_submits_the_quiz(&s).await;
    assert_eq!(s.launch_path_count("partitioned_cookie"), before + 1);
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_cookie_path_the_platforms_postmessage_storage_carries_the_launch() {
    let Some(s) = Session::start(Setup {
        partitioned_cookie: false,
    })
    .await
    else {
        return;
    };
    let before = s.launch_path_count("postmessage");
    open_framed_launch(&s, SEED_LEARNERS[1], "rl-browser-2", true).await;
    s.wait_in_tool_frame("/courses").await;
    assert_eq!(s.launch_path_count("postmessage"), before + 1);
    s.client.enter_parent_frame().await.unwrap();
    s.wait_until(
        "the platform stored the tool's secret",
        "document.body.getAttribute('data-lti-put') === '1'",
    )
    .await;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_neither_cookie_nor_storage_the_launch_continues_in_a_new_window() {
    let Some(s) = Session::start(Setup {
        partitioned_cookie: false,
    })
    .await
    else {
        return;
    };
    let before = s.launch_path_count("new_window");
    open_framed_launch(&s, SEED_LEARNERS[2], "rl-browser-3", false).await;
    s.client
        .find(Locator::Id("tool"))
        .await
        .unwrap()
        .enter_frame()
        .await
        .unwrap();
    s.wait_until(
        "the new-window offer",
        "document.getElementById('lti-new-window') && !document.getElementById('lti-new-window').hidden",
    )
    .await;
    a11y::check(&s, "new-window offer").await;
    let first = s.client.window().await.unwrap();
    s.click("#lti-new-window-form button").await;
    s.wait_until(
        "the frame says where the tool went",
        "!document.getElementById('lti-new-window-opened').hidden",
    )
    .await;
    let mut other = None;
    for _ in 0..100 {
        let windows = s.client.windows().await.unwrap();
        other = windows.into_iter().find(|w| *w != first);
        if other.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let Some(window) = other else {
        s.fail("no new window opened").await
    };
    s.client.switch_to_window(window).await.unwrap();
    s.wait_until(
        "the tool's dashboard in the new window",
        "document.readyState === 'complete' && /^\\/s\\/[^/]+\\/courses$/.test(location.pathname)",
    )
    .await;
    assert_eq!(s.launch_path_count("new_window"), before + 1);
    s.close().await;
}
