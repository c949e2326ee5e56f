//! The tool keys through a real store: SQLite in a temporary folder always, PostgreSQL when
//! `TEST_DATABASE_URL` names a server (each test creates its own database there).

use super::*;
use crate::db::{self, DynStore};
use base64::Engine;
use sqlx::Connection;
use std::sync::Arc;
use std::time::Duration;

struct TestDb {
    url: String,
    /// SQLite: the folder holding the database and its key file.
    dir: Option<tempfile::TempDir>,
    /// PostgreSQL: the server's URL and this test's database, dropped at the end.
    postgres: Option<(String, String)>,
}

impl TestDb {
    fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("test.db").display());
        Self {
            url,
            dir: Some(dir),
            postgres: None,
        }
    }

    async fn postgres() -> Option<Self> {
        let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
            eprintln!("TEST_DATABASE_URL is not set: PostgreSQL variant not run");
            return None;
        };
        let name = format!("sh_keys_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .unwrap();
        let mut url = url::Url::parse(&admin).unwrap();
        url.set_path(&name);
        Some(Self {
            url: url.to_string(),
            dir: None,
            postgres: Some((admin, name)),
        })
    }

    /// A new store on the same database, as a second instance would open it.
    async fn open(&self) -> DynStore {
        db::open(&self.url).await.unwrap()
    }

    /// The key-encryption key as a fresh process would load it: the key file beside the
    /// SQLite database, or the configured key that every PostgreSQL instance shares.
    fn kek(&self) -> KeyEncryption {
        match &self.dir {
            Some(dir) => {
                KeyEncryption::from_config(None, Some(&dir.path().join("test.db"))).unwrap()
            }
            None => KeyEncryption::parse(&shared_pg_key()).unwrap(),
        }
    }

    async fn finish(self) {
        if let Some((admin, name)) = self.postgres {
            let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            sqlx::query(sqlx::AssertSqlSafe(drop))
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
}

fn shared_pg_key() -> String {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
    })
    .clone()
}

fn fake_key(kid: &str, created_at: i64) -> StoredKey {
    StoredKey {
        kid: kid.into(),
        alg: SIGNING_ALG.into(),
        public_jwk: format!(r#"{{"kid":"{kid}"}}"#),
        private_jwe: format!("jwe-of-{kid}"),
        created_at,
        signs_from: created_at,
        retires_at: None,
        unpublish_at: None,
    }
}

/// Runs each named test body on SQLite and, when configured, on PostgreSQL.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(super::TestDb::sqlite()).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = super::TestDb::postgres().await {
                    super::$name(db).await
                }
            }
        }
    )*};
}

on_both_backends!(
    the_first_key_is_created_once_when_two_instances_start_together,
    concurrent_first_inserts_keep_exactly_one_key,
    keys_round_trip_through_the_store,
    rotation_publishes_at_once_and_signs_after_the_delay,
    a_running_server_reloads_only_when_the_keys_changed,
    rotating_with_a_wrong_key_encryption_key_adds_no_key,
);

async fn the_first_key_is_created_once_when_two_instances_start_together(db: TestDb) {
    // Migrated once up front: this test is about the keys, not about concurrent migrations.
    let store = db.open().await;
    let starts: Vec<_> = (0..2)
        .map(|_| {
            let (url, kek) = (db.url.clone(), db.kek());
            tokio::spawn(async move {
                let store = db::open(&url).await.unwrap();
                ensure_key(store.as_ref(), &kek, 1000).await.unwrap()
            })
        })
        .collect();
    let mut created = Vec::new();
    for start in starts {
        created.extend(start.await.unwrap());
    }
    let stored = store.list_keys().await.unwrap();
    assert_eq!(
        created.len(),
        1,
        "exactly one instance creates the key: {created:?}"
    );
    assert_eq!(
        stored.iter().map(|k| &k.kid).collect::<Vec<_>>(),
        [&created[0]]
    );
    let keys = ToolKeys::load(store.as_ref(), &db.kek()).await.unwrap();
    assert_eq!(
        keys.signing_key(1000).map(|k| k.0.to_owned()),
        Some(created[0].clone())
    );
    assert_eq!(
        ensure_key(store.as_ref(), &db.kek(), 2000).await.unwrap(),
        None,
        "a restart keeps the key"
    );
    db.finish().await;
}

async fn concurrent_first_inserts_keep_exactly_one_key(db: TestDb) {
    let mut stores = Vec::new();
    for _ in 0..6 {
        stores.push(db.open().await);
    }
    let tasks: Vec<_> = stores
        .iter()
        .enumerate()
        .map(|(i, store)| {
            let store = Arc::clone(store);
            tokio::spawn(async move {
                store
                    .insert_first_key(&fake_key(&format!("k{i}"), 10))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut winners = 0;
    for task in tasks {
        winners += usize::from(task.await.unwrap());
    }
    assert_eq!(winners, 1);
    assert_eq!(stores[0].list_keys().await.unwrap().len(), 1);
    db.finish().await;
}

async fn keys_round_trip_through_the_store(db: TestDb) {
    let store = db.open().await;
    let a = fake_key("a", 10);
    let b = StoredKey {
        retires_at: Some(40),
        unpublish_at: Some(50),
        ..fake_key("b", 20)
    };
    store.insert_key(&b).await.unwrap();
    assert!(
        !store.insert_first_key(&a).await.unwrap(),
        "keys exist already"
    );
    store.insert_key(&a).await.unwrap();
    assert_eq!(
        store.list_keys().await.unwrap(),
        [a.clone(), b.clone()],
        "every field, oldest first"
    );
    let duplicate = store.insert_key(&a).await.unwrap_err();
    assert!(
        matches!(duplicate, crate::db::StoreError::Conflict(_)),
        "{duplicate:?}"
    );
    assert!(store.retire_key("a", 30, 90).await.unwrap());
    assert!(!store.retire_key("missing", 30, 90).await.unwrap());
    let retired = StoredKey {
        retires_at: Some(30),
        unpublish_at: Some(90),
        ..a
    };
    assert_eq!(store.list_keys().await.unwrap(), [retired, b]);
    db.finish().await;
}

async fn rotation_publishes_at_once_and_signs_after_the_delay(db: TestDb) {
    let (store, kek) = (db.open().await, db.kek());
    let a = ensure_key(store.as_ref(), &kek, 1000)
        .await
        .unwrap()
        .unwrap();
    let b = rotate(
        store.as_ref(),
        &kek,
        2000,
        Duration::from_secs(600),
        Duration::from_secs(3600),
    )
    .await
    .unwrap();
    let keys = ToolKeys::load(store.as_ref(), &kek).await.unwrap();
    let signer = |t| keys.signing_key(t).map(|k| k.0.to_owned());
    assert_eq!(
        (signer(2599), signer(2600)),
        (Some(a.clone()), Some(b.clone()))
    );
    let published = |t| keys.jwks(t)["keys"].as_array().unwrap().len();
    assert_eq!(
        (published(2000), published(6199), published(6200)),
        (2, 2, 1)
    );
    let store = store.as_ref();
    let statuses = |t| async move {
        list(store, t)
            .await
            .unwrap()
            .into_iter()
            .map(|k| (k.kid, k.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        statuses(2000).await,
        [
            (a.clone(), KeyStatus::Current),
            (b.clone(), KeyStatus::Next)
        ]
    );
    assert_eq!(
        statuses(2600).await,
        [
            (a.clone(), KeyStatus::Retired),
            (b.clone(), KeyStatus::Current)
        ]
    );
    assert_eq!(
        statuses(6200).await,
        [
            (a.clone(), KeyStatus::Unpublished),
            (b.clone(), KeyStatus::Current)
        ]
    );
    let line = list(store, 2000).await.unwrap()[1].to_string();
    assert!(
        line.starts_with(&b)
            && line.contains("next")
            && line.contains("signs from 1970-01-01T00:43:20Z"),
        "{line}"
    );
    db.finish().await;
}

async fn a_running_server_reloads_only_when_the_keys_changed(db: TestDb) {
    let (store, kek) = (db.open().await, db.kek());
    ensure_key(store.as_ref(), &kek, 1000).await.unwrap();
    let running = ToolKeys::load(store.as_ref(), &kek).await.unwrap();
    assert!(
        running
            .reload_if_changed(store.as_ref(), &kek)
            .await
            .unwrap()
            .is_none()
    );
    // `keys rotate` in another process, with its own store and key-encryption key.
    let cli = db.open().await;
    let new = rotate(
        cli.as_ref(),
        &db.kek(),
        2000,
        Duration::from_secs(60),
        Duration::from_secs(600),
    )
    .await
    .unwrap();
    let reloaded = running
        .reload_if_changed(store.as_ref(), &kek)
        .await
        .unwrap()
        .expect("the rotation is seen");
    assert_eq!(
        reloaded.signing_key(2060).map(|k| k.0.to_owned()),
        Some(new)
    );
    assert!(
        reloaded
            .reload_if_changed(store.as_ref(), &kek)
            .await
            .unwrap()
            .is_none()
    );
    db.finish().await;
}

async fn rotating_with_a_wrong_key_encryption_key_adds_no_key(db: TestDb) {
    let (store, kek) = (db.open().await, db.kek());
    ensure_key(store.as_ref(), &kek, 1000).await.unwrap();
    let wrong = KeyEncryption::ephemeral();
    let err = rotate(store.as_ref(), &wrong, 2000, Duration::ZERO, Duration::ZERO)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("does not decrypt them: wrong key?"),
        "{err}"
    );
    assert_eq!(store.list_keys().await.unwrap().len(), 1);
    let err = ToolKeys::load(store.as_ref(), &wrong).await.unwrap_err();
    assert!(matches!(err, KeyError::WrongKek { .. }), "{err:?}");
    db.finish().await;
}

#[tokio::test]
async fn a_sqlite_database_whose_key_file_was_lost_refuses_to_load_with_a_clear_message() {
    let db = TestDb::sqlite();
    let store = db.open().await;
    ensure_key(store.as_ref(), &db.kek(), 1000).await.unwrap();
    let key_file = KeyEncryption::key_file_for(&db.dir.as_ref().unwrap().path().join("test.db"));
    std::fs::remove_file(&key_file).unwrap();
    let err = ToolKeys::load(store.as_ref(), &db.kek())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("the database holds encrypted tool keys but SECUREHOSPITALS_KEY_ENCRYPTION_KEY is not set"), "{err}");
    assert_eq!(
        ensure_key(store.as_ref(), &db.kek(), 2000).await.unwrap(),
        None
    );
    assert!(
        !key_file.exists(),
        "a lost key file is not silently replaced by a new one"
    );
}
