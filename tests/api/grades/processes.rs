//! Grade passback across processes: a real `securehospitals serve` killed with SIGKILL while a
//! score is in flight, and two tool instances draining one PostgreSQL outbox.

use super::{drained, line_item};
use crate::helpers::serve::{Serve, ServeProcess, free_port, register};
use crate::helpers::{Backend, TEST_KEK};
use securehospitals::config::{Config, ConfigArgs};
use securehospitals::db::DynStore;
use securehospitals::grades::QueuedScore;
use securehospitals::lms_simulator::{
    Endpoint, Fault, LmsSimulator, RunningSimulator, SimulatorConfig,
};
use std::process::Command;
use std::time::{Duration, Instant};

fn serve(db: &str, port: u16) -> ServeProcess {
    Serve::new(db)
        .on_port(port)
        .args(&[
            "--grade-lease-secs",
            "1",
            "--grade-poll-ms",
            "50",
            "--grade-retry-base-ms",
            "50",
        ])
        .spawn()
}

/// A simulator that knows a tool on `port`, and the registration stored in `store`.
async fn platform(
    store: &DynStore,
    port: u16,
) -> (
    RunningSimulator,
    String,
    securehospitals::platforms::RegistrationId,
) {
    let sim = LmsSimulator::start(SimulatorConfig::default())
        .await
        .unwrap();
    let registered = register(store, &sim, &format!("http://127.0.0.1:{port}")).await;
    (sim, registered.client_id, registered.id)
}

async fn wait_for(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while !done().await {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_delivery_delivers_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("tool.db").display());
    let store = securehospitals::db::open(&db).await.unwrap();
    let port = free_port();
    let (sim, client_id, reg) = platform(&store, port).await;
    let activity = sim
        .add_activity(&client_id, "2", "M01", Some(100.0))
        .unwrap();
    let type_id = sim.tool(&client_id).unwrap().type_id;
    let li = sim.url(&format!(
        "/mod/lti/services.php/2/lineitems/{}/lineitem?type_id={type_id}",
        activity.line_item_id.unwrap()
    ));
    // The score lands, but the answer is held back: the process dies before it learns that.
    sim.inject_fault(
        Endpoint::Scores,
        Fault::DelayAfterServing(Duration::from_secs(5)),
        1,
    );
    let score = QueuedScore::new(reg, &li, "4", "M01", 88, "M01: best result");
    store.enqueue_score(&score).await.unwrap();

    let mut first = serve(&db, port);
    wait_for("the score to land", async || !sim.scores().is_empty()).await;
    first.kill(); // SIGKILL
    let status = store.outbox_status().await.unwrap();
    assert_eq!(
        (status.pending, status.delivered),
        (1, 0),
        "nothing recorded yet"
    );

    let mut second = serve(&db, port);
    wait_for("delivery after restart", async || {
        store.outbox_status().await.unwrap().delivered == 1
    })
    .await;
    second.kill();
    let cell = &sim.gradebook()[0];
    assert_eq!((cell.result_score, cell.accepted_scores), (Some(88.0), 1));
    assert!(
        sim.calls(Endpoint::Results) >= 1,
        "the retry was confirmed by read-back"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_deliver_each_score_once() {
    let Some(app) = super::fast_app(Backend::Postgres).await else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config::resolve(&ConfigArgs {
        database_url: Some(app._db.url.clone()),
        key_encryption_key: Some(TEST_KEK.into()),
        public_url: Some(format!("http://{addr}/").parse().unwrap()),
        listen: Some(addr),
        grade_poll_ms: Some(10),
        ..Default::default()
    })
    .unwrap();
    let other = securehospitals::app::start_on(listener, config, std::future::pending())
        .await
        .unwrap();
    let items: Vec<String> = (0..20).map(|_| line_item(&app)).collect();
    for li in &items {
        for user in ["4", "5", "6"] {
            let score = QueuedScore::new(app.registration.id, li, user, "M01", 77, "c");
            app.tool.state.store.enqueue_score(&score).await.unwrap();
        }
    }
    let status = drained(&app).await;
    assert_eq!(status.delivered, 60);
    assert_eq!(
        app.sim.calls(Endpoint::Scores),
        60,
        "no score was posted twice"
    );
    assert!(app.sim.gradebook().iter().all(|c| c.accepted_scores == 1));
    other.abort();
}

fn grades_cli(db: &str, verb: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_securehospitals"))
        .args([
            "--database-url",
            db,
            "--key-encryption-key",
            TEST_KEK,
            "grades",
            verb,
        ])
        .env_remove("DATABASE_URL")
        .env_remove("SECUREHOSPITALS_DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_sees_a_dead_letter_with_the_platforms_answer_and_queues_it_again() {
    let app = super::fast_app(Backend::Sqlite).await.unwrap();
    let li = line_item(&app);
    let teacher = QueuedScore::new(app.registration.id, &li, "3", "M01", 100, "c");
    app.tool.state.store.enqueue_score(&teacher).await.unwrap();
    drained(&app).await;
    let status = grades_cli(&app._db.url, "status");
    assert!(
        status.contains("0 pending (oldest none), 1 dead letter(s), 0 delivered"),
        "{status}"
    );
    assert!(
        status.contains("Simulated Moodle: 1 dead, 0 retrying"),
        "{status}"
    );
    assert!(
        status.contains(&format!(
            "{} Simulated Moodle user 3 score 100: HTTP 400",
            teacher.id
        )),
        "{status}"
    );
    let retry = grades_cli(&app._db.url, "retry");
    assert!(
        retry.starts_with("1 dead letter(s) queued again"),
        "{retry}"
    );
    // The cause (a teacher is not gradable) is not fixed: it is refused again, once, and kept.
    wait_for("the second refusal", async || {
        app.sim.calls(Endpoint::Scores) == 2
    })
    .await;
    let status = drained(&app).await;
    assert_eq!((status.dead, status.delivered), (1, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_shutdown_finishes_the_delivery_in_flight_and_leaves_no_claim() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("tool.db").display());
    let store = securehospitals::db::open(&db).await.unwrap();
    let port = free_port();
    let (sim, client_id, reg) = platform(&store, port).await;
    let activity = sim
        .add_activity(&client_id, "2", "M01", Some(100.0))
        .unwrap();
    let type_id = sim.tool(&client_id).unwrap().type_id;
    let li = sim.url(&format!(
        "/mod/lti/services.php/2/lineitems/{}/lineitem?type_id={type_id}",
        activity.line_item_id.unwrap()
    ));
    sim.inject_fault(Endpoint::Scores, Fault::Delay(Duration::from_secs(2)), 1);
    let score = QueuedScore::new(reg, &li, "4", "M01", 64, "c");
    store.enqueue_score(&score).await.unwrap();
    let mut tool = serve(&db, port);
    wait_for("the delivery to start", async || {
        sim.calls(Endpoint::Scores) == 1
    })
    .await;
    tool.terminate();
    assert!(tool.exit().await.success(), "a clean exit");
    let status = store.outbox_status().await.unwrap();
    assert_eq!((status.pending, status.delivered), (0, 1), "{status:?}");
    assert_eq!(sim.gradebook()[0].result_score, Some(64.0));
}
