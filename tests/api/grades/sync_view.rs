//! The grade sync view and its CSV: per line item and learner, what the tool sent and what the
//! simulated gradebook holds now, for the launch's course only, and never for learners.

use super::{drained, fast_app, line_item};
use crate::courses::player::launch;
use crate::helpers::{Backend, TestApp, http};
use securehospitals::grades::QueuedScore;
use securehospitals::lms_simulator::{Endpoint, Fault, LaunchSpec, roles};
use std::time::{Duration, Instant};

/// Queues a score earned in course `context`.
async fn queue(app: &TestApp, li: &str, user: &str, percent: i64, context: &str) {
    let score = QueuedScore::new(app.registration.id, li, user, "M01", percent, "M01: best")
        .in_context(Some(context));
    app.tool.state.store.enqueue_score(&score).await.unwrap();
}

/// The (learner, status) of every row of the sync page, in page order.
fn states(page: &str) -> Vec<(String, String)> {
    let attr = |row: &str, name: &str| {
        let start = row
            .find(&format!("{name}=\""))
            .map(|i| i + name.len() + 2)?;
        let len = row[start..].find('"')?;
        Some(row[start..start + len].to_owned())
    };
    page.split("<tr class=\"sync-")
        .skip(1)
        .filter_map(|row| Some((attr(row, "data-user")?, attr(row, "data-state")?)))
        .collect()
}

async fn get(url: &str) -> (u16, String) {
    let r = http().get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Waits until the worker has tried a score at least once (it then waits out a long backoff).
async fn tried_once(app: &TestApp) {
    let start = Instant::now();
    while app.sim.calls(Endpoint::Scores) == 0 {
        assert!(start.elapsed() < Duration::from_secs(10), "never tried");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn sync_states_and_csv(backend: Backend) {
    let Some(app) = fast_app(backend).await else {
        return;
    };
    let li = line_item(&app);
    // Pages of one result: the read-back must follow every `Link: rel="next"`.
    app.sim.set_results_page_size(Some(1));
    queue(&app, &li, "4", 80, "2").await;
    queue(&app, &li, "5", 60, "2").await;
    // The teacher is not gradable in Moodle: a permanent 400, kept as a dead letter.
    queue(&app, &li, "3", 100, "2").await;
    // A hostile user id must stay text in a spreadsheet.
    queue(&app, &li, "=HYPERLINK(\"http://x\")", 50, "2").await;
    drained(&app).await;
    // Someone changes Sue's grade in the gradebook behind the tool's back.
    assert!(app.sim.override_grade(&li, "5", Some(30.0)));
    // Noah's score meets an LMS that is down: it stays pending.
    app.sim
        .inject_fault(Endpoint::Scores, Fault::Status(503), 10_000);
    let before = app.sim.calls(Endpoint::Scores);
    queue(&app, &li, "6", 90, "2").await;
    while app.sim.calls(Endpoint::Scores) == before {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tried_once(&app).await;

    let tina = launch(&app, LaunchSpec::resource_link("3", "sync-view")).await;
    let (status, page) = get(&tina.url("grades")).await;
    assert_eq!(status, 200, "{page}");
    let mut seen = states(&page);
    seen.sort();
    let expected = [
        ("3", "failed"),
        ("4", "in_sync"),
        ("5", "differing"),
        ("6", "pending"),
        ("=HYPERLINK(&#34;http://x&#34;)", "failed"),
    ];
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(u, s)| ((*u).to_owned(), (*s).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(seen, expected, "{page}");
    assert!(
        page.contains("not gradable"),
        "the platform's answer is shown: {page}"
    );
    assert!(
        page.contains("Sue Scholar"),
        "names from the roster (NRPS): {page}"
    );
    assert!(
        page.contains("30 / 100"),
        "what the gradebook holds now: {page}"
    );

    let (status, csv) = get(&tina.url("grades.csv")).await;
    assert_eq!(status, 200, "{csv}");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        lines[0].starts_with("line_item,module,user_id,name,status,score_sent"),
        "{csv}"
    );
    assert_eq!(lines.len(), 6, "{csv}");
    let sue = lines
        .iter()
        .find(|l| l.contains(",5,Sue Scholar,differing,"))
        .expect(&csv);
    assert!(sue.contains(",60,100,") && sue.contains(",30.00,"), "{sue}");
    let tina_row = lines
        .iter()
        .find(|l| l.contains(",3,Tina Teacher,failed,"))
        .expect(&csv);
    assert!(
        tina_row.contains(",400,") && tina_row.contains("not gradable"),
        "{tina_row}"
    );
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\",,failed,"),
        "formula defused: {csv}"
    );
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    app.sim.clear_faults();
}

mod sync_view_shows_in_sync_pending_failed_and_differing_rows_and_csv {
    use super::*;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite() {
        sync_states_and_csv(Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres() {
        sync_states_and_csv(Backend::Postgres).await;
    }
}

async fn learners_and_other_courses(backend: Backend) {
    let Some(app) = fast_app(backend).await else {
        return;
    };
    let li = line_item(&app);
    app.sim.add_course("7", "ICU", "Intensive care").unwrap();
    app.sim.enrol("7", "3", &[roles::INSTRUCTOR]).unwrap();
    app.sim.enrol("7", "6", &[roles::LEARNER]).unwrap();
    queue(&app, &li, "4", 80, "2").await;
    queue(&app, &li, "6", 70, "7").await;
    drained(&app).await;

    let sam = launch(&app, LaunchSpec::resource_link("4", "sync-view")).await;
    for page in ["grades", "grades.csv"] {
        let (status, body) = get(&sam.url(page)).await;
        assert_eq!(status, 403, "{page}: {body}");
        assert!(body.contains("instructors_only"), "{body}");
        assert!(
            !body.contains("data-state"),
            "no rows for a learner: {body}"
        );
    }

    let in_course_2 = launch(&app, LaunchSpec::resource_link("3", "sync-view")).await;
    let (_, page) = get(&in_course_2.url("grades")).await;
    assert_eq!(
        states(&page),
        vec![("4".to_owned(), "in_sync".to_owned())],
        "{page}"
    );
    let (_, csv) = get(&in_course_2.url("grades.csv")).await;
    assert!(
        !csv.contains(",6,"),
        "course 7's score is not in course 2's CSV: {csv}"
    );

    let spec = LaunchSpec::resource_link("3", "icu-link").in_context("7");
    let in_course_7 = launch(&app, spec).await;
    let (_, page) = get(&in_course_7.url("grades")).await;
    assert_eq!(
        states(&page),
        vec![("6".to_owned(), "in_sync".to_owned())],
        "{page}"
    );

    // An LMS administrator sees the view too.
    let admin = LaunchSpec::resource_link("5", "sync-view").with_roles(&[roles::INSTITUTION_ADMIN]);
    let admin = launch(&app, admin).await;
    let (status, page) = get(&admin.url("grades")).await;
    assert_eq!(status, 200, "{page}");
    // A gradebook that cannot be read is said so, and nothing is claimed to be in sync.
    app.sim
        .inject_fault(Endpoint::Results, Fault::Status(500), 1);
    let (status, page) = get(&admin.url("grades")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        states(&page),
        vec![("4".to_owned(), "unchecked".to_owned())],
        "{page}"
    );
    // Sue's launches are in German: so is the page.
    assert!(page.contains("<html lang=\"de\">"), "{page}");
    assert!(
        page.contains("konnte für diese Spalte nicht gelesen werden"),
        "{page}"
    );
    assert!(page.contains("HTTP 500"), "the platform's answer: {page}");
}

mod learners_get_403_and_each_course_sees_only_its_own_scores {
    use super::*;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite() {
        learners_and_other_courses(Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres() {
        learners_and_other_courses(Backend::Postgres).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivery_metrics_carry_the_platform() {
    let Some(app) = fast_app(Backend::Sqlite).await else {
        return;
    };
    let li = line_item(&app);
    queue(&app, &li, "4", 80, "2").await;
    queue(&app, &li, "3", 80, "2").await;
    drained(&app).await;
    let text = securehospitals::metrics::prometheus().render();
    let platform = format!("platform=\"{}\"", app.registration.id);
    let has = |metric: &str| {
        text.lines()
            .any(|l| l.starts_with(metric) && l.contains(&platform))
    };
    assert!(has("grade_delivery_latency_seconds"), "{text}");
    assert!(has("grade_scores_delivered_total"), "{text}");
    assert!(has("grade_delivery_failures_total"), "{text}");
}
