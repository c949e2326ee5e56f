//! The key-encryption key (KEK) that keeps the tool's private keys encrypted at rest, and the
//! compact JWE (`dir` + `A256GCM`) that wraps each private key under it. Format of the key:
//! 32 random bytes in base64url (standard base64 and `=` padding are accepted too).

use super::{KeyError, KeyResult};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use josekit::jwe::{Dir, JweHeader};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The environment variable (and `--key-encryption-key` flag) holding the key-encryption key.
pub const KEK_ENV: &str = "SECUREHOSPITALS_KEY_ENCRYPTION_KEY";
const KEK_LEN: usize = 32;
const CONTENT_ENCRYPTION: &str = "A256GCM";

/// Where the key-encryption key comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KekSource {
    /// `SECUREHOSPITALS_KEY_ENCRYPTION_KEY` (flag, environment or config file).
    Configured,
    /// A key file beside the SQLite database, created with mode 0600 when the first tool key is.
    File(PathBuf),
    /// An in-memory SQLite database: a random key that lives exactly as long as the database.
    Ephemeral,
}

/// The key-encryption key. `Debug` shows where it comes from and its id, never the key.
#[derive(Clone)]
pub struct KeyEncryption {
    source: KekSource,
    /// Empty only for a key file that does not exist yet.
    key: OnceLock<Kek>,
}

#[derive(Clone)]
struct Kek {
    bytes: [u8; KEK_LEN],
    /// A short fingerprint written into each JWE header, so a wrong key is named as such.
    id: String,
}

impl std::fmt::Debug for KeyEncryption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyEncryption")
            .field("source", &self.source)
            .field("id", &self.key.get().map(|k| k.id.as_str()))
            .finish_non_exhaustive()
    }
}

impl KeyEncryption {
    /// The configured key if there is one; else, for SQLite, the key file beside the database
    /// (read now if it exists, created with the first tool key otherwise). PostgreSQL needs the key.
    pub fn from_config(configured: Option<&str>, sqlite_path: Option<&Path>) -> KeyResult<Self> {
        match (configured, sqlite_path) {
            (Some(text), _) => Self::parse(text),
            (None, None) => Err(KeyError::KekRequired),
            (None, Some(db)) if is_in_memory(db) => Ok(Self::ephemeral()),
            (None, Some(db)) => Self::from_key_file(Self::key_file_for(db)),
        }
    }

    /// Parses a configured key: 32 bytes in base64url. The message never echoes the value.
    pub fn parse(text: &str) -> KeyResult<Self> {
        let kek = Kek::decode(text, || KEK_ENV.to_owned())?;
        Ok(Self::with_key(KekSource::Configured, kek))
    }

    /// A fresh random key held only in memory (for in-memory databases and tests).
    pub fn ephemeral() -> Self {
        Self::with_key(KekSource::Ephemeral, Kek::random())
    }

    /// The key file at `path`: read now when it exists, created on the first encryption otherwise.
    pub fn from_key_file(path: PathBuf) -> KeyResult<Self> {
        let key = OnceLock::new();
        if let Some(kek) = read_key_file_if_present(&path)? {
            let _ = key.set(kek);
        }
        Ok(Self {
            source: KekSource::File(path),
            key,
        })
    }

    /// `data/securehospitals.db` keeps its key in `data/securehospitals.kek`.
    pub fn key_file_for(db: &Path) -> PathBuf {
        let file = db.with_extension("kek");
        if file == db {
            PathBuf::from(format!("{}.kek", db.display()))
        } else {
            file
        }
    }

    pub fn source(&self) -> &KekSource {
        &self.source
    }

    /// The key's fingerprint (not secret), once the key is known.
    pub fn id(&self) -> Option<&str> {
        self.key.get().map(|k| k.id.as_str())
    }

    fn with_key(source: KekSource, kek: Kek) -> Self {
        Self {
            source,
            key: OnceLock::from(kek),
        }
    }

    /// A 32-byte secret for `purpose`, derived from the key-encryption key (SHA-256 over the key
    /// and the purpose), so instances sharing the key share it. A key file that does not exist
    /// yet is created first.
    pub fn derive(&self, purpose: &str) -> KeyResult<[u8; 32]> {
        let kek = self.key_for_new()?;
        let mut hash = Sha256::new();
        hash.update(b"securehospitals derived key\0");
        hash.update(purpose.as_bytes());
        hash.update([0]);
        hash.update(kek.bytes);
        Ok(hash.finalize().into())
    }

    /// Encrypts a private key; a key file that does not exist yet is created first.
    pub(super) fn encrypt(&self, plaintext: &[u8]) -> KeyResult<String> {
        let kek = self.key_for_new()?;
        let mut header = JweHeader::new();
        header.set_content_encryption(CONTENT_ENCRYPTION);
        header.set_key_id(kek.id.clone());
        let crypto = |source| KeyError::Crypto {
            action: "encrypting a private key",
            source,
        };
        let encrypter = Dir.encrypter_from_bytes(kek.bytes).map_err(crypto)?;
        josekit::jwe::serialize_compact(plaintext, &header, &encrypter).map_err(crypto)
    }

    /// Decrypts the private key of tool key `kid`, naming a wrong or missing key as such.
    pub(super) fn decrypt(&self, jwe: &str, kid: &str) -> KeyResult<Vec<u8>> {
        let kek = self.key_for_existing()?;
        let corrupt = |reason: String| KeyError::Corrupt {
            kid: kid.to_owned(),
            reason,
        };
        let stored_id = jwe_key_id(jwe)
            .ok_or_else(|| corrupt("its private key is not a JWE naming its key".into()))?;
        if stored_id != kek.id {
            return Err(KeyError::WrongKek {
                origin: self.origin(),
                kid: kid.to_owned(),
                stored_id,
                configured_id: kek.id.clone(),
            });
        }
        let decrypter = Dir
            .decrypter_from_bytes(kek.bytes)
            .map_err(|source| KeyError::Crypto {
                action: "decrypting a private key",
                source,
            })?;
        let (plaintext, header) = josekit::jwe::deserialize_compact(jwe, &decrypter)
            .map_err(|e| corrupt(format!("its private key does not decrypt: {e}")))?;
        match header.content_encryption() {
            Some(CONTENT_ENCRYPTION) => Ok(plaintext),
            other => Err(corrupt(format!(
                "its private key uses content encryption {other:?}, not {CONTENT_ENCRYPTION}"
            ))),
        }
    }

    fn key_for_new(&self) -> KeyResult<&Kek> {
        if let Some(kek) = self.key.get() {
            return Ok(kek);
        }
        match &self.source {
            KekSource::File(path) => {
                let kek = create_key_file(path)?;
                Ok(self.key.get_or_init(|| kek))
            }
            KekSource::Configured | KekSource::Ephemeral => Err(KeyError::KekRequired),
        }
    }

    /// The key for data that exists: a key file created meanwhile by another process is read.
    fn key_for_existing(&self) -> KeyResult<&Kek> {
        if let Some(kek) = self.key.get() {
            return Ok(kek);
        }
        match &self.source {
            KekSource::File(path) => match read_key_file_if_present(path)? {
                Some(kek) => Ok(self.key.get_or_init(|| kek)),
                None => Err(KeyError::KekNotSet { path: path.clone() }),
            },
            KekSource::Configured | KekSource::Ephemeral => Err(KeyError::KekRequired),
        }
    }

    fn origin(&self) -> String {
        match &self.source {
            KekSource::Configured => KEK_ENV.to_owned(),
            KekSource::File(path) => format!("the key file {}", path.display()),
            KekSource::Ephemeral => "the in-memory key-encryption key".to_owned(),
        }
    }
}

impl Kek {
    fn random() -> Self {
        Self::from_bytes(rand::random())
    }

    fn from_bytes(bytes: [u8; KEK_LEN]) -> Self {
        let digest = Sha256::new()
            .chain_update(b"securehospitals key-encryption key id\0")
            .chain_update(bytes)
            .finalize();
        Self {
            bytes,
            id: URL_SAFE_NO_PAD.encode(&digest[..8]),
        }
    }

    fn decode(text: &str, origin: impl Fn() -> String) -> KeyResult<Self> {
        let invalid = |reason: String| KeyError::KekInvalid {
            origin: origin(),
            reason,
        };
        let text = text.trim();
        if text.is_empty() {
            return Err(invalid("it is empty".into()));
        }
        let normalized: String = text
            .trim_end_matches('=')
            .chars()
            .map(|c| match c {
                '+' => '-',
                '/' => '_',
                c => c,
            })
            .collect();
        let bytes = URL_SAFE_NO_PAD
            .decode(normalized)
            .map_err(|_| invalid("it is not base64url text".into()))?;
        let bytes: [u8; KEK_LEN] = bytes.try_into().map_err(|b: Vec<u8>| {
            invalid(format!("it decodes to {} bytes, not {KEK_LEN}", b.len()))
        })?;
        Ok(Self::from_bytes(bytes))
    }

    fn encoded(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.bytes)
    }
}

/// The `kid` of a compact JWE's protected header, read without decrypting.
fn jwe_key_id(jwe: &str) -> Option<String> {
    let header = URL_SAFE_NO_PAD.decode(jwe.split('.').next()?).ok()?;
    let header: serde_json::Value = serde_json::from_slice(&header).ok()?;
    header.get("kid")?.as_str().map(str::to_owned)
}

/// sqlx names in-memory databases `file:sqlx-in-memory-N`; they get a key that lives as long.
fn is_in_memory(db: &Path) -> bool {
    let name = db.to_string_lossy();
    name.is_empty() || name == ":memory:" || name.starts_with("file:")
}

fn read_key_file_if_present(path: &Path) -> KeyResult<Option<Kek>> {
    let file_error = |source| KeyError::KekFile {
        path: path.to_owned(),
        source,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(file_error(e)),
    };
    warn_if_readable_by_others(path);
    Kek::decode(&text, || format!("the key file {}", path.display())).map(Some)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(path = %path.display(), "the key file is readable by other users: chmod 600 it");
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

/// Creates the key file atomically: written to a private temporary file, then hard-linked into
/// place, so two processes starting at once never see a half-written key; the loser reads the winner's.
fn create_key_file(path: &Path) -> KeyResult<Kek> {
    let file_error = |source| KeyError::KekFile {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(file_error)?;
    }
    let kek = Kek::random();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let written = write_private_file(&temp, &format!("{}\n", kek.encoded()));
    let linked = written.and_then(|()| std::fs::hard_link(&temp, path));
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => {
            tracing::info!(path = %path.display(), "created the key-encryption key file: back it up with the database");
            Ok(kek)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read_key_file_if_present(path)?.ok_or_else(|| file_error(e))
        }
        Err(e) => Err(file_error(e)),
    }
}

fn write_private_file(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
#[path = "kek/tests.rs"]
mod tests;
