//! Two `serve` instances on one PostgreSQL behave as one tool: a launch that starts on one
//! finishes on the other, a session works on both, each score is delivered once, a key rotation
//! happens once and both publish it.

use super::wait_for;
use crate::helpers::{Backend, TEST_KEK, TestDb, http};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use securehospitals::config::{Config, ConfigArgs};
use securehospitals::grades::QueuedScore;
use securehospitals::keys::KeyEncryption;
use securehospitals::lms_simulator::{
    AutoPostForm, Endpoint, LaunchSpec, LmsSimulator, SimulatorConfig,
};
use std::time::Duration;

async fn instance(
    db: &str,
    public: &str,
    listener: tokio::net::TcpListener,
) -> securehospitals::app::Running {
    let config = Config::resolve(&ConfigArgs {
        database_url: Some(db.to_owned()),
        key_encryption_key: Some(TEST_KEK.into()),
        public_url: Some(format!("{public}/").parse().unwrap()),
        listen: Some(listener.local_addr().unwrap()),
        grade_poll_ms: Some(20),
        ..Default::default()
    })
    .unwrap();
    securehospitals::app::start_on(listener, config, std::future::pending())
        .await
        .unwrap()
}

async fn jwks_kids(base: &str) -> Vec<String> {
    let jwks: serde_json::Value = http()
        .get(format!("{base}/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut kids: Vec<String> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect();
    kids.sort();
    kids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgresql_behave_as_one_tool() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let (la, lb) = (
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
    );
    let (a_base, b_base) = (
        format!("http://{}", la.local_addr().unwrap()),
        format!("http://{}", lb.local_addr().unwrap()),
    );
    // Both start at once on an empty database (behind a load balancer they share one public URL).
    let (a, b) = tokio::join!(
        instance(&db.url, &a_base, la),
        instance(&db.url, &a_base, lb)
    );
    let store = a.state.store.clone();
    assert_eq!(store.list_keys().await.unwrap().len(), 1, "one first key");
    assert_eq!(jwks_kids(&a_base).await, jwks_kids(&b_base).await);

    let sim = LmsSimulator::start(SimulatorConfig::default())
        .await
        .unwrap();
    let registered = crate::helpers::serve::register(&store, &sim, &a_base).await;
    a.state.registry.invalidate();
    b.state.registry.invalidate();

    // The login reaches instance A, the id_token instance B.
    let init = sim
        .login_initiation(LaunchSpec::resource_link("4", "rl-1"))
        .unwrap();
    let client = http();
    let login = client
        .post(init.url.as_str())
        .form(&init.params)
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 302);
    let cookie = login
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("lti_state_"))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .unwrap();
    let auth = client
        .get(login.headers()[LOCATION].to_str().unwrap())
        .send()
        .await
        .unwrap();
    let form = AutoPostForm::parse(&auth.text().await.unwrap()).unwrap();
    let launch = client
        .post(format!("{b_base}/lti/launch"))
        .header(COOKIE, cookie)
        .form(&form.fields)
        .send()
        .await
        .unwrap();
    assert_eq!(launch.status(), 303, "{:?}", launch.text().await);
    let location = launch.headers()[LOCATION].to_str().unwrap().to_owned();
    let sid = location
        .trim_start_matches("/s/")
        .split('/')
        .next()
        .unwrap();
    for base in [&a_base, &b_base] {
        let s = client
            .get(format!("{base}/api/session"))
            .bearer_auth(sid)
            .send()
            .await
            .unwrap();
        assert_eq!(s.status(), 200, "the session is valid on {base}");
    }

    // Twenty scores, two workers: each lands once.
    let mut queued = 0;
    for n in 0..10 {
        let activity = sim
            .add_activity(&registered.client_id, "2", &format!("M{n}"), Some(100.0))
            .unwrap();
        let li = sim.url(&format!(
            "/mod/lti/services.php/2/lineitems/{}/lineitem?type_id={}",
            activity.line_item_id.unwrap(),
            registered.type_id
        ));
        for user in ["4", "5"] {
            let score = QueuedScore::new(registered.id, &li, user, "M01", 70, "c");
            store.enqueue_score(&score).await.unwrap();
            queued += 1;
        }
    }
    wait_for("every score's delivery", async || {
        store.outbox_status().await.unwrap().delivered == queued
    })
    .await;
    assert_eq!(
        sim.calls(Endpoint::Scores),
        queued as u64,
        "no score posted twice"
    );

    // One rotation (as `keys rotate` does it); both instances publish the new key.
    let kek = KeyEncryption::parse(TEST_KEK).unwrap();
    let kid = securehospitals::keys::rotate(
        store.as_ref(),
        &kek,
        securehospitals::launch::unix_now(),
        Duration::from_secs(0),
        Duration::from_secs(3600),
    )
    .await
    .unwrap();
    for base in [&a_base, &b_base] {
        wait_for("the new key on both instances", async || {
            jwks_kids(base).await.contains(&kid)
        })
        .await;
    }
    assert_eq!(store.list_keys().await.unwrap().len(), 2, "rotated once");
    assert_eq!(jwks_kids(&a_base).await, jwks_kids(&b_base).await);
    a.abort();
    b.abort();
}
