//! Log lines never carry an id_token, an access token, key material or a session id: a full
//! launch, quiz and grade delivery is logged at debug level as JSON, and the capture is searched
//! for every secret the run used.

use super::{pass_m01, wait_for};
use crate::helpers::{Backend, TEST_KEK, TestApp};
use securehospitals::lms_simulator::LaunchSpec;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

// One thread: every task of the tool and the simulator runs where the subscriber is set.
#[tokio::test(flavor = "current_thread")]
async fn logs_of_a_launch_quiz_and_grade_delivery_hold_no_secrets() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_env_filter("debug")
        .with_writer(capture.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = TestApp::build(Backend::Sqlite, |a| a.grade_poll_ms = Some(25))
        .await
        .unwrap();
    let sam = pass_m01(&app, LaunchSpec::resource_link("4", "rl-1")).await;
    wait_for("the score's delivery", async || {
        app.tool
            .state
            .store
            .outbox_status()
            .await
            .unwrap()
            .delivered
            == 1
    })
    .await;

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("request_id"),
        "the capture works and spans carry request ids"
    );
    let id_tokens = app.sim.issued_id_tokens();
    let access_tokens = app.sim.issued_access_tokens();
    assert!(!id_tokens.is_empty() && !access_tokens.is_empty());
    for token in &id_tokens {
        // The signature alone is enough to replay nothing, but any part would be a leak.
        for part in token.jwt.split('.') {
            assert!(!logs.contains(part), "an id_token part is in the logs");
        }
    }
    for token in &access_tokens {
        assert!(
            !logs.contains(token.as_str()),
            "an access token is in the logs"
        );
    }
    for key in app.tool.state.store.list_keys().await.unwrap() {
        assert!(
            !logs.contains(&key.private_jwe),
            "a private key is in the logs"
        );
    }
    assert!(
        !logs.contains(TEST_KEK),
        "the key-encryption key is in the logs"
    );
    assert!(
        !logs.contains("PRIVATE KEY"),
        "PEM key material is in the logs"
    );
    assert!(
        !logs.contains(&sam.sid),
        "a session id (a credential in the path) is in the logs"
    );
}
