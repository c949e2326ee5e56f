//! Graceful shutdown of a real `securehospitals serve`: on SIGTERM a request in flight (an
//! instructor's roster page, held up by a slow platform) still gets its page, new connections
//! are refused at once, and the process exits 0. (A score delivery in flight is covered in
//! `grades::processes`.)

use crate::helpers::http;
use crate::helpers::serve::{Serve, launch, register};
use securehospitals::lms_simulator::{Endpoint, Fault, LaunchSpec, LmsSimulator, SimulatorConfig};
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
