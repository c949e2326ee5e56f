//! `securehospitals backup`, `purge` and `learner export|erase`: the operator's side of
//! backups, retention and GDPR requests (Art. 15 access, Art. 17 erasure), one platform at a time.

use crate::config::Config;
use crate::courses::Learner;
use crate::db::sqlite::SqliteStore;
use crate::keys::KeyEncryption;
use crate::platforms::RegistrationRef;
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write (must not exist yet).
    pub to: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum LearnerVerb {
    /// Print everything stored about one learner of one platform as JSON (GDPR Art. 15).
    Export(LearnerArgs),
    /// Delete everything stored about one learner of one platform (GDPR Art. 17).
    Erase {
        #[command(flatten)]
        learner: LearnerArgs,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct LearnerArgs {
    /// The platform registration id (see `platform list`).
    #[arg(long)]
    pub platform: String,
    /// The learner's LMS user id (the launch's `sub`).
    #[arg(long)]
    pub user: String,
}

/// A consistent copy of a running SQLite database; PostgreSQL has `pg_dump` for that.
pub async fn backup(config: Config, args: BackupArgs) -> anyhow::Result<()> {
    let Some(db_path) = config.sqlite_path() else {
        bail!(
            "This tool runs on PostgreSQL: back it up with pg_dump, which takes a consistent \
             snapshot while the tool runs, e.g.\n  pg_dump --format=custom --file=securehospitals.dump \"$DATABASE_URL\"\n\
             and restore with pg_restore --dbname=<new database> securehospitals.dump.\n\
             Keep the key-encryption key (SECUREHOSPITALS_KEY_ENCRYPTION_KEY) with the backup's secrets: \
             without it the tool's signing keys cannot be read."
        );
    };
    // The file must exist: a backup of a new, empty database (another folder, a typo) would
    // look like success.
    crate::db::require_existing(&config.database_url)?;
    let store = SqliteStore::open(&config.database_url).await?;
    store
        .backup_into(&args.to)
        .await
        .with_context(|| format!("writing the backup to {}", args.to.display()))?;
    println!("backup written to {}", args.to.display());
    if config.key_encryption_key.is_none() {
        copy_key_file(&db_path, &args.to)?;
    } else {
        println!(
            "the key-encryption key is configured, not stored beside the database: keep it with \
             the backup's secrets, a restore needs it"
        );
    }
    Ok(())
}

/// The key file beside the database encrypts the tool's private keys; a backup without it
/// restores a tool that cannot sign. It goes beside the backup, readable by the owner only.
fn copy_key_file(db: &Path, backup: &Path) -> anyhow::Result<()> {
    let from = KeyEncryption::key_file_for(db);
    if !from.exists() {
        return Ok(());
    }
    let to = KeyEncryption::key_file_for(backup);
    std::fs::copy(&from, &to)
        .with_context(|| format!("copying the key file to {}", to.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600))?;
    }
    println!(
        "key file copied to {} (it decrypts the tool's signing keys: store it as safely as the \
         backup, and keep it beside the database file when restoring)",
        to.display()
    );
    Ok(())
}

/// Applies the retention periods now (a running server also does so every hour).
pub async fn purge(config: Config) -> anyhow::Result<()> {
    let store = crate::db::open_existing(&config.database_url).await?;
    let cutoffs = config.retention.cutoffs(crate::launch::unix_now());
    let counts = store.purge_retained(&cutoffs).await?;
    println!("purged rows past their retention period:\n{counts}");
    Ok(())
}

pub async fn learner(config: Config, verb: LearnerVerb) -> anyhow::Result<()> {
    let store = crate::db::open_existing(&config.database_url).await?;
    match verb {
        LearnerVerb::Export(args) => {
            let learner = resolve(&store, &args).await?;
            let export = store
                .export_learner(&learner, crate::launch::unix_now())
                .await?;
            println!("{}", serde_json::to_string_pretty(&export)?);
            if export.tables.values().all(Vec::is_empty) {
                eprintln!("{}", nothing_stored(&learner));
            }
        }
        LearnerVerb::Erase { learner, yes } => {
            let learner = resolve(&store, &learner).await?;
            if !yes
                && !confirm(&format!(
                    "Erase every record of user {} on platform {}? This cannot be undone.",
                    learner.user_id, learner.registration_id
                ))?
            {
                bail!("not confirmed; nothing was erased");
            }
            let counts = store.erase_learner(&learner).await?;
            println!("erased:\n{counts}");
            if counts.total() == 0 {
                eprintln!("{}", nothing_stored(&learner));
            }
        }
    }
    Ok(())
}

/// An export or erasure that found nothing is usually the wrong id, not a person without data.
fn nothing_stored(learner: &Learner) -> String {
    format!(
        "note: nothing is stored for user {:?} on platform {}. --user is the LMS's internal user \
         id (the launch's `sub`, e.g. Moodle's numeric user id), not a username or e-mail; the \
         roster page and its CSV show it as user_id",
        learner.user_id, learner.registration_id
    )
}

async fn resolve(store: &crate::db::DynStore, args: &LearnerArgs) -> anyhow::Result<Learner> {
    let id = crate::platforms::RegistrationId::parse(&args.platform).with_context(|| {
        format!(
            "{:?} is not a registration id (see `platform list`)",
            args.platform
        )
    })?;
    let registration = store
        .find_registration(&RegistrationRef::Id(id))
        .await?
        .context("no such registration (see `securehospitals platform list`)")?;
    if args.user.trim().is_empty() {
        bail!("--user must name the learner's LMS user id");
    }
    Ok(Learner {
        registration_id: registration.id,
        user_id: args.user.clone(),
    })
}

/// Asks on the terminal; anything but `yes` declines.
pub fn confirm(question: &str) -> anyhow::Result<bool> {
    eprint!("{question}\nType yes to go on: ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(answer.trim() == "yes")
}
