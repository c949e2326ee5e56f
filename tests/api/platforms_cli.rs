//! `securehospitals platform …` as an operator runs it: a real process on a SQLite file.

use std::process::Command;

fn cli(db: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_securehospitals"))
        .args(["--database-url", db])
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("SECUREHOSPITALS_DATABASE_URL")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A database as the service's first start leaves it (created and migrated).
fn existing_db(dir: &tempfile::TempDir) -> String {
    let db = format!("sqlite:{}", dir.path().join("t.db").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(securehospitals::db::open(&db)).unwrap();
    db
}

#[test]
fn commands_on_a_missing_database_refuse_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typo").join("t.db");
    let db = format!("sqlite:{}", file.display());
    for args in [
        &["platform", "list"][..],
        &["keys", "rotate"],
        &["keys", "list"],
        &["grades", "status"],
        &["purge"],
        &["backup", "/tmp/never-written.db"],
    ] {
        let (ok, out, err) = cli(&db, args);
        assert!(!ok, "{args:?} succeeded on a missing database: {out}");
        assert!(
            err.contains("there is no database file at") && err.contains("--database-url"),
            "{args:?}: {err}"
        );
    }
    assert!(!file.exists() && !dir.path().join("typo").exists());
    // A mistyped PostgreSQL URL is refused without echoing its password.
    let (ok, _, err) = cli(
        "postgress://sh:PgS3cret@127.0.0.1:1/sh",
        &["platform", "list"],
    );
    assert!(!ok && !err.contains("PgS3cret"), "{err}");
}

#[test]
fn an_operator_adds_lists_approves_and_removes_a_platform() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("t.db").display());
    let (ok, id, err) = cli(
        &db,
        &[
            "platform",
            "add",
            "--issuer",
            "https://moodle.example",
            "--client-id",
            "abc",
            "--deployment-id",
            "1",
            "--deployment-id",
            "2",
            "--auth-url",
            "https://moodle.example/mod/lti/auth.php",
            "--token-url",
            "https://moodle.example/mod/lti/token.php",
            "--jwks-url",
            "https://moodle.example/mod/lti/certs.php",
            "--pending",
        ],
    );
    assert!(ok, "{err}");
    let id = id.trim().to_owned();
    assert_eq!(id.len(), 36, "prints the registration id: {id}");

    let (ok, list, _) = cli(&db, &["platform", "list"]);
    assert!(
        ok && list.contains(&id) && list.contains("pending") && list.contains("1, 2"),
        "{list}"
    );

    let (ok, _, err) = cli(
        &db,
        &["platform", "deployment", "add", &id, "--deployment-id", "3"],
    );
    assert!(ok, "{err}");
    let (ok, _, err) = cli(
        &db,
        &[
            "platform",
            "approve",
            "--issuer",
            "https://moodle.example",
            "--client-id",
            "abc",
        ],
    );
    assert!(ok, "{err}");
    let (_, list, _) = cli(&db, &["platform", "list", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(json[0]["status"], "active");
    assert_eq!(json[0]["deployments"].as_array().unwrap().len(), 3);

    let (ok, _, err) = cli(
        &db,
        &[
            "platform",
            "add",
            "--issuer",
            "https://moodle.example",
            "--client-id",
            "abc",
            "--auth-url",
            "https://a.example/",
            "--token-url",
            "https://a.example/",
            "--jwks-url",
            "https://a.example/",
        ],
    );
    assert!(
        !ok && err.contains("already exists"),
        "duplicate refused: {err}"
    );

    let (ok, _, err) = cli(&db, &["platform", "remove", &id]);
    assert!(ok, "{err}");
    let (_, list, _) = cli(&db, &["platform", "list"]);
    assert!(list.contains("no platforms registered"), "{list}");
}

#[test]
fn bad_names_get_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = existing_db(&dir);
    let (ok, _, err) = cli(&db, &["platform", "approve", "not-an-id"]);
    assert!(!ok && err.contains("not a registration id"), "{err}");
    let (ok, _, err) = cli(
        &db,
        &[
            "platform",
            "remove",
            "--issuer",
            "https://x.example",
            "--client-id",
            "1",
        ],
    );
    assert!(!ok && err.contains("no such registration"), "{err}");
}

#[test]
fn keys_can_be_rotated_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = existing_db(&dir);
    let (ok, list, _) = cli(&db, &["keys", "list"]);
    assert!(ok && list.contains("no tool keys yet"), "{list}");
    let (ok, out, err) = cli(&db, &["keys", "rotate"]);
    assert!(ok, "{err}");
    assert!(out.contains("created the first key"), "{out}");
    let (ok, out, err) = cli(&db, &["keys", "rotate"]);
    assert!(ok, "{err}");
    assert!(out.contains("published"), "{out}");
    let (ok, list, err) = cli(&db, &["keys", "list"]);
    assert!(ok, "{err}");
    assert_eq!(
        list.lines().count(),
        2,
        "the first key and the rotated one: {list}"
    );
    // A second rotation while the first waits to sign would publish a key that never signs.
    let (ok, _, err) = cli(&db, &["keys", "rotate"]);
    assert!(!ok && err.contains("already under way"), "{err}");
    let (_, list, _) = cli(&db, &["keys", "list"]);
    assert_eq!(list.lines().count(), 2, "{list}");
}

#[test]
fn content_check_passes_on_the_shipped_content_and_names_file_and_line_when_broken() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("t.db").display());
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    let (ok, out, err) = cli(&db, &["--content-dir", shipped, "content", "check"]);
    assert!(ok && out.contains("14 modules"), "{out}{err}");

    let broken = dir.path().join("content");
    copy_dir(std::path::Path::new(shipped), &broken);
    let quiz = broken.join("modules/M01/en/quiz.toml");
    let text =
        std::fs::read_to_string(&quiz)
            .unwrap()
            .replacen("correct = true", "correct = false", 1);
    std::fs::write(&quiz, text).unwrap();
    let (ok, _, err) = cli(
        &db,
        &[
            "--content-dir",
            broken.to_str().unwrap(),
            "content",
            "check",
        ],
    );
    assert!(!ok && err.contains("M01/en/quiz.toml:"), "{err}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
