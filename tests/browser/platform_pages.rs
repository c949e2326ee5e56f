//! The administrator's and instructor's framed pages: dynamic registration closes its frame
//! with `org.imsglobal.lti.close`, and the deep linking picker returns its selection.

use super::a11y;
use super::harness::{Session, Setup};
use securehospitals::lms_simulator::{SEED_COURSE_ID, SEED_INSTRUCTOR};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dynamic_registration_in_the_lms_frame_registers_and_closes() {
    let Some(s) = Session::start(Setup {
        partitioned_cookie: true,
    })
    .await
    else {
        return;
    };
    let url = s
        .sim
        .embedded_registration_url(&format!("{}/lti/register", s.tool_base));
    s.client.goto(&url).await.unwrap();
    s.wait_until(
        "the platform page heard org.imsglobal.lti.close",
        "document.body.getAttribute('data-lti-closed') === '1'",
    )
    .await;
    assert_eq!(
        s.sim.registrations().len(),
        1,
        "the platform got the registration"
    );
    s.wait_in_tool_frame("/lti/register").await;
    a11y::check(&s, "registration done").await;
    // Opened without the LMS's parameters, the page says what to do instead.
    s.client
        .goto(&format!("{}/lti/register", s.tool_base))
        .await
        .unwrap();
    s.wait_until(
        "the registration failure page",
        "document.readyState === 'complete' && document.body.innerText.indexOf('LMS') >= 0",
    )
    .await;
    a11y::check(&s, "registration failure").await;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deep_linking_picker_returns_its_selection_to_the_lms() {
    let Some(s) = Session::start(Setup {
        partitioned_cookie: true,
    })
    .await
    else {
        return;
    };
    let url = s
        .sim
        .embedded_launch_url(&s.client_id, SEED_COURSE_ID, SEED_INSTRUCTOR, "", true);
    s.client.goto(&url).await.unwrap();
    s.wait_in_tool_frame("/deep-linking").await;
    a11y::check(&s, "deep linking picker").await;
    // The roster of the same course, then back to the picker.
    s.client
        .execute(
            "location.href = location.pathname.replace(/deep-linking.*$/, 'roster');",
            vec![],
        )
        .await
        .unwrap();
    s.wait_until(
        "the roster",
        "document.readyState === 'complete' && /\\/roster$/.test(location.pathname) && document.querySelector('table')",
    )
    .await;
    a11y::check(&s, "roster").await;
    s.client
        .execute(
            "location.href = location.pathname.replace(/roster$/, 'deep-linking');",
            vec![],
        )
        .await
        .unwrap();
    s.wait_until(
        "the picker again",
        "document.readyState === 'complete' && document.querySelector('input[name=item]')",
    )
    .await;
    s.click("input[name=item]").await;
    s.click("form[method=post][action$='/deep-linking'] button[type=submit]")
        .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while s.sim.deep_link_results().is_empty() {
        if std::time::Instant::now() > deadline {
            s.fail("the LMS received no deep linking response").await
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let results = s.sim.deep_link_results();
    assert!(
        !results[0].items.is_empty(),
        "the selection arrived: {:?}",
        results[0]
    );
    s.close().await;
}
