//! Graceful shutdown of a real `securehospitals serve`: on SIGTERM a request in flight (an
//! instructor's roster page, held up by a slow platform) still gets its page, new connections
//! are refused at once, and the process exits 0. A stopping grade worker returns the scores it
//! leased to the queue (a score delivery in flight finishing is covered in `grades::processes`).

use crate::helpers::serve::{Serve, launch, register};
use crate::helpers::{Backend, TestDb, http};
use securehospitals::grades::QueuedScore;
use securehospitals::lms_simulator::{Endpoint, Fault, LaunchSpec, LmsSimulator, SimulatorConfig};
use securehospitals::platforms::RegistrationId;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_the_request_in_flight_finish_refuses_new_connections_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("tool.db").display());
    let store = securehospitals::db::open(&db).await.unwrap();
    let sim = LmsSimulator::start(SimulatorConfig::default())
        .await
        .unwrap();
    let serve = Serve::new(&db);
    let port = serve.listen_port();
    register(&store, &sim, &serve.base()).await;
    let mut tool = serve.spawn();
    tool.ready().await;

    // The instructor's first roster visit reads the member list from the platform (NRPS),
    // which takes 3 s to answer.
    let sid = launch(&sim, &tool.base, LaunchSpec::resource_link("3", "rl-1")).await;
    sim.inject_fault(
        Endpoint::Memberships,
        Fault::Delay(Duration::from_secs(3)),
        1,
    );
    let roster_url = tool.url(&format!("/s/{sid}/roster"));
    let in_flight = tokio::spawn(async move {
        let r = http().get(roster_url).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    });
    let start = Instant::now();
    while sim.calls(Endpoint::Memberships) == 0 {
        assert!(start.elapsed() < Duration::from_secs(20), "no NRPS call");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tool.terminate();

    // The listener closes while the request is still being answered.
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "still accepting connections 2 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        !in_flight.is_finished(),
        "the slow request was still in flight"
    );

    let (status, body) = in_flight.await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("/roster"), "the roster page: {body}");
    let exit = tool.exit().await;
    assert!(exit.success(), "a clean exit: {exit:?}");
    assert!(
        http().get(tool.url("/healthz")).send().await.is_err(),
        "nothing answers after the exit"
    );
}

/// A request that would hang longer than `--shutdown-grace-secs` does not keep the process up:
/// it exits 0 once the grace period is over, and says so in its log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_hanging_past_the_grace_period_does_not_keep_the_process_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("tool.db").display());
    let store = securehospitals::db::open(&db).await.unwrap();
    let sim = LmsSimulator::start(SimulatorConfig::default())
        .await
        .unwrap();
    let log = dir.path().join("serve.log");
    let serve = Serve::new(&db)
        .args(&["--shutdown-grace-secs", "1"])
        .log_to(log.clone(), "warn");
    register(&store, &sim, &serve.base()).await;
    let mut tool = serve.spawn();
    tool.ready().await;

    let sid = launch(&sim, &tool.base, LaunchSpec::resource_link("3", "rl-1")).await;
    sim.inject_fault(
        Endpoint::Memberships,
        Fault::Delay(Duration::from_secs(60)),
        1,
    );
    let roster_url = tool.url(&format!("/s/{sid}/roster"));
    let in_flight = tokio::spawn(async move { http().get(roster_url).send().await.is_ok() });
    let start = Instant::now();
    while sim.calls(Endpoint::Memberships) == 0 {
        assert!(start.elapsed() < Duration::from_secs(20), "no NRPS call");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let signalled = Instant::now();
    tool.terminate();
    let exit = tool.exit().await;
    let took = signalled.elapsed();
    assert!(exit.success(), "a clean exit: {exit:?}");
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(8),
        "stopped after the 1 s grace period, not before and not with the request: {took:?}"
    );
    let _ = in_flight.await;
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("shutdown grace period"),
        "the log says why: {logged}"
    );
}

/// What the grade worker does when it stops: rows it leased and did not finish go back to the
/// queue at once (not after their lease runs out), and only its own rows.
async fn a_stopping_worker_returns_only_its_own_leased_scores(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let store = securehospitals::db::open(&db.url).await.unwrap();
    let platform = RegistrationId::new();
    let li = "https://lms.example/lineitems/1/lineitem";
    for user in ["4", "5", "6"] {
        let score = QueuedScore::new(platform, li, user, "M01", 90, "c");
        store.enqueue_score(&score).await.unwrap();
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
        + 1_000;
    let lease = now + 60_000;
    let a = store.claim_scores("worker-a", now, lease, 2).await.unwrap();
    let b = store
        .claim_scores("worker-b", now, lease, 10)
        .await
        .unwrap();
    assert_eq!((a.len(), b.len()), (2, 1), "each row leased once");
    assert!(
        store
            .mark_delivered(&a[0].id, "worker-a", now)
            .await
            .unwrap()
    );

    // worker-a stops: its one unfinished row is free again at once; worker-b's stays leased.
    assert_eq!(store.release_scores("worker-a").await.unwrap(), 1);
    assert_eq!(store.release_scores("worker-a").await.unwrap(), 0);
    let again = store
        .claim_scores("worker-c", now + 1, lease, 10)
        .await
        .unwrap();
    assert_eq!(
        again.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        vec![a[1].id.as_str()],
        "only worker-a's unfinished row is claimable before the leases end"
    );
    let status = store.outbox_status().await.unwrap();
    assert_eq!((status.pending, status.delivered), (2, 1), "{status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_worker_returns_only_its_own_leased_scores_on_sqlite() {
    a_stopping_worker_returns_only_its_own_leased_scores(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_worker_returns_only_its_own_leased_scores_on_postgres() {
    a_stopping_worker_returns_only_its_own_leased_scores(Backend::Postgres).await;
}
