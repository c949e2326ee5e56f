//! Key-encryption key: parsing, the key file beside a SQLite database, and JWE round trips.

use super::*;

/// 32 bytes (0..32) in base64url, and the same bytes in padded standard base64.
const KEY_URL: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
const KEY_STD: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

#[test]
fn a_configured_key_is_32_bytes_in_base64url_or_standard_base64() {
    let url = KeyEncryption::parse(KEY_URL).unwrap();
    let std = KeyEncryption::parse(&format!("  {KEY_STD}\n")).unwrap();
    assert_eq!(url.id(), std.id());
    assert_eq!(url.source(), &KekSource::Configured);
    let other = KeyEncryption::parse(&URL_SAFE_NO_PAD.encode([7u8; 32])).unwrap();
    assert_ne!(url.id(), other.id());
}

#[test]
fn a_key_of_the_wrong_length_is_refused_with_its_length_and_without_its_value() {
    let short = URL_SAFE_NO_PAD.encode([9u8; 16]);
    let err = KeyEncryption::parse(&short).unwrap_err().to_string();
    assert!(
        err.contains(KEK_ENV) && err.contains("decodes to 16 bytes, not 32"),
        "{err}"
    );
    assert!(
        !err.contains(&short),
        "the message must not echo the key: {err}"
    );
    let long = KeyEncryption::parse(&URL_SAFE_NO_PAD.encode([9u8; 33]))
        .unwrap_err()
        .to_string();
    assert!(long.contains("decodes to 33 bytes"), "{long}");
}

#[test]
fn text_that_is_not_base64_or_empty_is_refused() {
    let err = KeyEncryption::parse("not a key!").unwrap_err().to_string();
    assert!(err.contains("not base64url"), "{err}");
    let err = KeyEncryption::parse("  ").unwrap_err().to_string();
    assert!(err.contains("empty"), "{err}");
}

#[test]
fn postgresql_without_a_configured_key_is_refused() {
    let err = KeyEncryption::from_config(None, None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("required with PostgreSQL") && err.contains(KEK_ENV),
        "{err}"
    );
}

#[test]
fn debug_output_never_shows_the_key() {
    let kek = KeyEncryption::parse(KEY_URL).unwrap();
    let shown = format!("{kek:?}");
    assert!(
        !shown.contains(KEY_URL) && !shown.contains("AAECAwQF"),
        "{shown}"
    );
    assert!(shown.contains("Configured"), "{shown}");
}

#[test]
fn a_jwe_round_trips_under_the_same_key_and_names_its_key_id() {
    let kek = KeyEncryption::parse(KEY_URL).unwrap();
    let jwe = kek.encrypt(b"-----BEGIN PRIVATE KEY-----").unwrap();
    assert_eq!(jwe.split('.').count(), 5);
    assert_eq!(jwe_key_id(&jwe).as_deref(), kek.id());
    assert!(!jwe.contains("PRIVATE"));
    assert_eq!(
        kek.decrypt(&jwe, "k1").unwrap(),
        b"-----BEGIN PRIVATE KEY-----"
    );
    assert_ne!(
        kek.encrypt(b"same").unwrap(),
        kek.encrypt(b"same").unwrap(),
        "a fresh IV each time"
    );
}

#[test]
fn a_wrong_key_is_named_as_such() {
    let right = KeyEncryption::parse(KEY_URL).unwrap();
    let wrong = KeyEncryption::ephemeral();
    let jwe = right.encrypt(b"secret").unwrap();
    let err = wrong.decrypt(&jwe, "k1").unwrap_err();
    assert!(matches!(err, KeyError::WrongKek { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("does not decrypt them: wrong key?") && text.contains("k1"),
        "{text}"
    );
}

#[test]
fn a_tampered_jwe_is_reported_as_corrupt() {
    let kek = KeyEncryption::parse(KEY_URL).unwrap();
    let jwe = kek.encrypt(b"secret").unwrap();
    let mut parts: Vec<String> = jwe.split('.').map(str::to_owned).collect();
    parts[3] = URL_SAFE_NO_PAD.encode(b"other ciphertext");
    let err = kek.decrypt(&parts.join("."), "k1").unwrap_err();
    assert!(matches!(err, KeyError::Corrupt { .. }), "{err:?}");
    let err = kek.decrypt("not a jwe", "k1").unwrap_err();
    assert!(matches!(err, KeyError::Corrupt { .. }), "{err:?}");
}

#[test]
fn the_key_file_sits_beside_the_database() {
    let file = KeyEncryption::key_file_for(Path::new("data/securehospitals.db"));
    assert_eq!(file, Path::new("data/securehospitals.kek"));
    assert_eq!(
        KeyEncryption::key_file_for(Path::new("x.kek")),
        Path::new("x.kek.kek")
    );
}

#[test]
fn the_key_file_is_created_with_mode_0600_on_first_use_and_reused_after() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("securehospitals.db");
    let path = KeyEncryption::key_file_for(&db);
    let first = KeyEncryption::from_config(None, Some(&db)).unwrap();
    assert!(
        !path.exists(),
        "nothing is written before a key needs encrypting"
    );
    let jwe = first.encrypt(b"secret").unwrap();
    assert!(path.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let again = KeyEncryption::from_config(None, Some(&db)).unwrap();
    assert_eq!(again.source(), &KekSource::File(path.clone()));
    assert_eq!(again.id(), first.id());
    assert_eq!(again.decrypt(&jwe, "k1").unwrap(), b"secret");
    let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary files remain");
}

#[test]
fn a_configured_key_wins_over_the_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("securehospitals.db");
    let kek = KeyEncryption::from_config(Some(KEY_URL), Some(&db)).unwrap();
    kek.encrypt(b"secret").unwrap();
    assert_eq!(kek.source(), &KekSource::Configured);
    assert!(!KeyEncryption::key_file_for(&db).exists());
}

#[test]
fn a_missing_key_file_for_existing_keys_says_the_variable_is_not_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("securehospitals.db");
    let jwe = KeyEncryption::parse(KEY_URL)
        .unwrap()
        .encrypt(b"secret")
        .unwrap();
    let kek = KeyEncryption::from_config(None, Some(&db)).unwrap();
    let err = kek.decrypt(&jwe, "k1").unwrap_err().to_string();
    assert!(err.contains("the database holds encrypted tool keys but SECUREHOSPITALS_KEY_ENCRYPTION_KEY is not set"), "{err}");
    assert!(err.contains("securehospitals.kek"), "{err}");
    assert!(
        !KeyEncryption::key_file_for(&db).exists(),
        "decrypting never creates a key file"
    );
}

#[test]
fn a_key_file_with_a_bad_key_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("securehospitals.db");
    std::fs::write(KeyEncryption::key_file_for(&db), "c2hvcnQ\n").unwrap();
    let err = KeyEncryption::from_config(None, Some(&db))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the key file")
            && err.contains("securehospitals.kek")
            && err.contains("5 bytes"),
        "{err}"
    );
}

#[test]
fn two_processes_creating_the_key_file_at_once_share_one_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("securehospitals.db");
    let a = KeyEncryption::from_config(None, Some(&db)).unwrap();
    let b = KeyEncryption::from_config(None, Some(&db)).unwrap();
    let (ja, jb) = std::thread::scope(|s| {
        let ta = s.spawn(|| a.encrypt(b"from a").unwrap());
        let tb = s.spawn(|| b.encrypt(b"from b").unwrap());
        (ta.join().unwrap(), tb.join().unwrap())
    });
    assert_eq!(a.id(), b.id());
    assert_eq!(b.decrypt(&ja, "a").unwrap(), b"from a");
    assert_eq!(a.decrypt(&jb, "b").unwrap(), b"from b");
}

#[test]
fn an_in_memory_database_gets_a_key_that_lives_with_the_process() {
    let kek = KeyEncryption::from_config(None, Some(Path::new("file:sqlx-in-memory-3"))).unwrap();
    assert_eq!(kek.source(), &KekSource::Ephemeral);
    assert!(kek.id().is_some());
}
