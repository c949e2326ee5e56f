//! The store's contract, run against SQLite and PostgreSQL alike.

use crate::helpers::{Backend, TestDb};
use securehospitals::db::{self, DynStore, StoreError};
use securehospitals::platforms::{
    DeploymentPolicy, NewRegistration, RegistrationRef, RegistrationStatus,
};
use securehospitals::sessions::{LaunchData, NewSession, SessionId};

fn registration(issuer: &str, client: &str) -> NewRegistration {
    NewRegistration {
        name: "Test LMS".into(),
        issuer: lti::Issuer::parse(issuer).unwrap(),
        client_id: lti::ClientId::parse(client).unwrap(),
        auth_url: "https://lms.example/auth".parse().unwrap(),
        token_url: "https://lms.example/token".parse().unwrap(),
        jwks_url: "https://lms.example/jwks".parse().unwrap(),
        status: RegistrationStatus::Active,
        deployment_policy: DeploymentPolicy::Refuse,
        frame_origins: vec!["https://lms.example".into()],
        deployments: vec![lti::DeploymentId::parse("1").unwrap()],
    }
}

macro_rules! store_test {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn on_sqlite() {
                let db = TestDb::create(Backend::Sqlite).await.unwrap();
                ($body)(db::open(&db.url).await.unwrap()).await;
            }
            #[tokio::test]
            async fn on_postgres() {
                if let Some(db) = TestDb::create(Backend::Postgres).await {
                    ($body)(db::open(&db.url).await.unwrap()).await;
                }
            }
        }
    };
}

store_test!(
    registrations_are_unique_per_issuer_and_client,
    |s: DynStore| async move {
        let a = s
            .insert_registration(registration("https://canvas.instructure.com", "100"))
            .await
            .unwrap();
        let b = s
            .insert_registration(registration("https://canvas.instructure.com", "200"))
            .await
            .unwrap();
        assert_ne!(a.id, b.id);
        let dup = s
            .insert_registration(registration("https://canvas.instructure.com", "100"))
            .await;
        assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
        let of_issuer = s.registrations_for_issuer(&a.issuer).await.unwrap();
        assert_eq!(of_issuer.len(), 2);
        let by = RegistrationRef::IssuerClient(a.issuer.clone(), b.client_id.clone());
        assert_eq!(s.find_registration(&by).await.unwrap().unwrap().id, b.id);
        assert_eq!(a.deployments[0].as_str(), "1");
        assert_eq!(a.frame_origins, vec!["https://lms.example".to_owned()]);
    }
);

store_test!(
    deployments_and_status_change_and_removal_cascades,
    |s: DynStore| async move {
        let r = s
            .insert_registration(registration("https://moodle.example", "abc"))
            .await
            .unwrap();
        let d2 = lti::DeploymentId::parse("2").unwrap();
        assert!(s.add_deployment(r.id, &d2).await.unwrap());
        assert!(
            !s.add_deployment(r.id, &d2).await.unwrap(),
            "adding twice is harmless"
        );
        assert!(
            s.set_registration_status(r.id, RegistrationStatus::Pending)
                .await
                .unwrap()
        );
        let again = s.find_registration_by_id(r.id).await.unwrap().unwrap();
        assert_eq!(again.status, RegistrationStatus::Pending);
        assert_eq!(again.deployments.len(), 2);
        assert!(s.remove_registration(r.id).await.unwrap());
        assert!(s.find_registration_by_id(r.id).await.unwrap().is_none());
    }
);

store_test!(
    nonces_are_consumed_once_per_registration_with_the_session,
    |s: DynStore| async move {
        let a = s
            .insert_registration(registration("https://moodle.example", "a"))
            .await
            .unwrap();
        let b = s
            .insert_registration(registration("https://moodle.example", "b"))
            .await
            .unwrap();
        let session = |registration_id| NewSession {
            id: SessionId::random(),
            registration_id,
            deployment_id: "1".into(),
            context_id: None,
            user_id: "4".into(),
            roles: vec![],
            locale: None,
            message_type: "LtiResourceLinkRequest".into(),
            resource_link_id: None,
            data: LaunchData::default(),
            created_at: 0,
            idle_timeout: 50,
        };
        let first = session(a.id);
        assert!(s.start_session("n1", 100, &first).await.unwrap());
        assert!(s.find_session(&first.id, 10).await.unwrap().is_some());
        let replay = session(a.id);
        assert!(
            !s.start_session("n1", 100, &replay).await.unwrap(),
            "replay"
        );
        assert!(
            s.find_session(&replay.id, 10).await.unwrap().is_none(),
            "a replay creates no session"
        );
        assert!(
            s.start_session("n1", 100, &session(b.id)).await.unwrap(),
            "another tenant's nonce space"
        );
        assert_eq!(
            s.purge_expired(101).await.unwrap(),
            4,
            "two nonces and two idle sessions"
        );
        assert!(
            s.start_session("n1", 200, &session(a.id)).await.unwrap(),
            "purged after it could no longer be valid"
        );
        let (one, two) = (session(a.id), session(a.id));
        let (x, y) = tokio::join!(
            s.start_session("n2", 300, &one),
            s.start_session("n2", 300, &two)
        );
        assert_eq!(
            [x.unwrap(), y.unwrap()].iter().filter(|won| **won).count(),
            1,
            "exactly one of two concurrent launches with one nonce starts a session"
        );
    }
);

store_test!(
    sessions_round_trip_and_end_after_idle_time,
    |s: DynStore| async move {
        let r = s
            .insert_registration(registration("https://moodle.example", "a"))
            .await
            .unwrap();
        let id = SessionId::random();
        let mut data = LaunchData {
            name: Some("Sam Student".into()),
            ..Default::default()
        };
        data.custom
            .insert("module".into(), serde_json::json!("M02"));
        s.insert_session(&NewSession {
            id: id.clone(),
            registration_id: r.id,
            deployment_id: "1".into(),
            context_id: Some("2".into()),
            user_id: "4".into(),
            roles: vec!["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner".into()],
            locale: Some("de".into()),
            message_type: "LtiResourceLinkRequest".into(),
            resource_link_id: Some("rl".into()),
            data: data.clone(),
            created_at: 1_000,
            idle_timeout: 600,
        })
        .await
        .unwrap();
        let got = s.find_session(&id, 1_100).await.unwrap().unwrap();
        assert_eq!(got.user_id, "4");
        assert_eq!(got.data, data);
        assert_eq!(got.last_seen_at, 1_100, "activity recorded");
        assert!(
            s.find_session(&id, 1_650).await.unwrap().is_some(),
            "activity extended the idle window"
        );
        assert!(
            s.find_session(&id, 1_650 + 601).await.unwrap().is_none(),
            "idle too long"
        );
        assert_eq!(s.purge_expired(10_000).await.unwrap(), 1);
    }
);

#[tokio::test]
async fn two_processes_opening_a_fresh_sqlite_file_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("fresh.db").display());
    let (a, b) = tokio::join!(db::open(&url), db::open(&url));
    a.unwrap().ready().await.unwrap();
    b.unwrap().ready().await.unwrap();
}
