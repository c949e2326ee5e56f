//! `/healthz` says the process is alive; `/readyz` says it can serve: database reachable, every
//! migration applied, a signing key loaded.

use crate::helpers::{Backend, TestApp, http};
use crate::on_both_backends;
use sqlx::Connection;

on_both_backends! {
    async fn readiness_fails_with_a_reason_when_a_migration_is_missing(app) {
        let alive = http().get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(alive.status(), 200);
        let ready = http().get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 200);
        let body: serde_json::Value = ready.json().await.unwrap();
        assert_eq!(body, serde_json::json!({"ready": true, "database": "ok", "keys": "ok"}));

        // Someone rolls the schema back behind the tool's back: not ready, and it says why.
        let forget = "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)";
        if app._db.url.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(&app._db.url).await.unwrap();
            sqlx::query(forget).execute(&mut c).await.unwrap();
        } else {
            let mut c = sqlx::PgConnection::connect(&app._db.url).await.unwrap();
            sqlx::query(forget).execute(&mut c).await.unwrap();
        }
        let ready = http().get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 503);
        let body: serde_json::Value = ready.json().await.unwrap();
        assert_eq!(body["ready"], false);
        assert!(body["database"].as_str().unwrap().contains("migrations applied"), "{body}");
        // Alive all the same: a load balancer takes it out of rotation, nobody restarts it.
        assert_eq!(http().get(app.url("/healthz")).send().await.unwrap().status(), 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_a_request_id_and_keeps_a_proxys() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let r = http().get(app.url("/healthz")).send().await.unwrap();
    let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let r = http()
        .get(app.url("/healthz"))
        .header("x-request-id", "proxy-42")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "proxy-42");
    // An id that would pose as more log fields is replaced by the tool's own.
    let forged = "fake method=POST route=/operator}: operator approved";
    let r = http()
        .get(app.url("/healthz"))
        .header("x-request-id", forged)
        .send()
        .await
        .unwrap();
    let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a UUID instead of {forged:?}: {id}");
}
