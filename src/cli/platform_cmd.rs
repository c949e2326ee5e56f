//! `securehospitals platform add|list|remove|approve`, `platform deployment add` and
//! `platform forum enable|disable`.

use crate::config::Config;
use crate::db::{self, DynStore};
use crate::platforms::{
    DeploymentPolicy, NewRegistration, Registration, RegistrationId, RegistrationRef,
    RegistrationStatus,
};
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use url::Url;

#[derive(Debug, Subcommand)]
pub enum PlatformVerb {
    /// Register an LMS by hand; prints the registration's id.
    Add(Box<AddArgs>),
    /// List registrations and their deployments.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remove a registration with its deployments, sessions and learner records (asking first
    /// when there are records; certificates stay verifiable).
    Remove {
        #[command(flatten)]
        target: Target,
        /// Also delete the tenant's queued and delivered scores, line items and hub
        /// discussions.
        #[arg(long)]
        purge: bool,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Activate a pending registration.
    Approve(Target),
    /// Deployments of a registration.
    Deployment {
        #[command(subcommand)]
        verb: DeploymentVerb,
    },
    /// The cross-institution trainers' forum of the knowledge hub (opt-in per registration).
    Forum {
        #[command(subcommand)]
        verb: ForumVerb,
    },
}

#[derive(Debug, Subcommand)]
pub enum ForumVerb {
    /// Let this registration's instructors read and post in the shared trainers' forum.
    Enable(Target),
    /// Take this registration's instructors out of the trainers' forum (their posts stay).
    Disable(Target),
}

#[derive(Debug, Subcommand)]
pub enum DeploymentVerb {
    /// Allow launches from another deployment of a registration.
    Add {
        #[command(flatten)]
        target: Target,
        #[arg(long = "deployment-id", required = true)]
        deployment_ids: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    pub issuer: String,
    #[arg(long)]
    pub client_id: String,
    /// Repeat for several deployments.
    #[arg(long = "deployment-id")]
    pub deployment_ids: Vec<String>,
    #[arg(long)]
    pub auth_url: Url,
    #[arg(long)]
    pub token_url: Url,
    #[arg(long)]
    pub jwks_url: Url,
    /// A name for people (defaults to the issuer's host).
    #[arg(long)]
    pub name: Option<String>,
    /// Unknown deployments: refuse (default) or add them on their first verified launch.
    #[arg(long, value_enum, default_value_t = DeploymentPolicy::Refuse)]
    pub deployment_policy: DeploymentPolicy,
    /// Origins allowed to frame the tool (repeatable), e.g. https://moodle.example.org.
    #[arg(long = "frame-origin")]
    pub frame_origins: Vec<String>,
    /// Register as pending (no launches until `platform approve`).
    #[arg(long)]
    pub pending: bool,
}

/// A registration named by id or by `--issuer` with `--client-id`.
#[derive(Debug, Args)]
pub struct Target {
    /// The registration id printed by `platform add`.
    pub id: Option<String>,
    #[arg(long, requires = "client_id", conflicts_with = "id")]
    pub issuer: Option<String>,
    #[arg(long, requires = "issuer")]
    pub client_id: Option<String>,
}

impl Target {
    fn to_ref(&self) -> anyhow::Result<RegistrationRef> {
        match (&self.id, &self.issuer, &self.client_id) {
            (Some(id), None, None) => RegistrationId::parse(id)
                .map(RegistrationRef::Id)
                .with_context(|| format!("{id:?} is not a registration id (see `platform list`)")),
            (None, Some(iss), Some(client)) => Ok(RegistrationRef::IssuerClient(
                lti::Issuer::parse(iss.clone()).context("--issuer")?,
                lti::ClientId::parse(client.clone()).context("--client-id")?,
            )),
            _ => bail!("name the registration by its id, or by --issuer and --client-id"),
        }
    }
}

pub async fn run(config: Config, verb: PlatformVerb) -> anyhow::Result<()> {
    // Registering the first platform may come before the service's first start; every other
    // verb works on the service's data, so its database must exist.
    let store = match &verb {
        PlatformVerb::Add(_) => {
            let new_file = config.sqlite_path().filter(|p| !p.exists());
            let store = db::open(&config.database_url).await?;
            if let Some(file) = new_file {
                eprintln!("created a new database at {}", file.display());
            }
            store
        }
        _ => db::open_existing(&config.database_url).await?,
    };
    match verb {
        PlatformVerb::Add(args) => add(&store, *args).await,
        PlatformVerb::List { json } => list(&store, json).await,
        PlatformVerb::Remove { target, purge, yes } => {
            let r = find(&store, &target).await?;
            let counts = store.count_tenant(r.id).await?;
            // Without --purge the database's cascades take the learner records with the
            // registration; the operator sees what before anything goes.
            let goes = if purge {
                counts
            } else {
                counts.only(crate::ops::tables::TENANT_TABLES_WITH_CASCADE)
            };
            let learner_rows = goes.total() - goes.get("deployments") - goes.get("frame_origins");
            if learner_rows > 0 && !yes {
                let question = if purge {
                    format!(
                        "Delete registration {} ({} / {}) and all its data?\n{goes}",
                        r.id, r.issuer, r.client_id
                    )
                } else {
                    format!(
                        "Remove registration {} ({} / {})? Its deployments, sessions and learner \
                         records go with it (scores, line items and hub discussions stay; \
                         --purge deletes those too):\n{goes}",
                        r.id, r.issuer, r.client_id
                    )
                };
                if !super::ops_cmd::confirm(&question)? {
                    bail!("not confirmed; nothing was deleted");
                }
            }
            if purge {
                let counts = store.purge_tenant(r.id).await?;
                println!("removed {} and its data:\n{counts}", r.id);
            } else {
                store.remove_registration(r.id).await?;
                println!(
                    "removed {} ({} / {}) with its records:\n{goes}",
                    r.id, r.issuer, r.client_id
                );
            }
            Ok(())
        }
        PlatformVerb::Approve(t) => {
            let r = find(&store, &t).await?;
            store
                .set_registration_status(r.id, RegistrationStatus::Active)
                .await?;
            println!(
                "approved {} ({} / {}): launches are allowed",
                r.id, r.issuer, r.client_id
            );
            Ok(())
        }
        PlatformVerb::Deployment {
            verb:
                DeploymentVerb::Add {
                    target,
                    deployment_ids,
                },
        } => {
            let r = find(&store, &target).await?;
            for d in deployment_ids {
                let d = crate::platforms::operator_deployment_id(&d)
                    .map_err(|e| anyhow::anyhow!("--deployment-id {d:?}: {e}"))?;
                let added = store.add_deployment(r.id, &d).await?;
                println!(
                    "{} deployment {d} for {}",
                    if added { "added" } else { "already had" },
                    r.id
                );
            }
            Ok(())
        }
        PlatformVerb::Forum { verb } => forum(&store, verb).await,
    }
}

async fn forum(store: &DynStore, verb: ForumVerb) -> anyhow::Result<()> {
    let (target, enable) = match verb {
        ForumVerb::Enable(t) => (t, true),
        ForumVerb::Disable(t) => (t, false),
    };
    let r = find(store, &target).await?;
    let now = crate::launch::unix_now();
    let changed = store.set_forum_optin(r.id, enable, now).await?;
    let state = if enable { "enabled" } else { "disabled" };
    match (enable, changed) {
        (true, true) | (false, true) => println!("trainers' forum {state} for {}", r.id),
        (true, false) => bail!("could not enable the trainers' forum for {}", r.id),
        (false, false) => println!("trainers' forum was not enabled for {}", r.id),
    }
    Ok(())
}

async fn find(store: &DynStore, target: &Target) -> anyhow::Result<Registration> {
    let by = target.to_ref()?;
    store
        .find_registration(&by)
        .await?
        .context("no such registration (see `securehospitals platform list`)")
}

async fn add(store: &DynStore, a: AddArgs) -> anyhow::Result<()> {
    let (issuer, warning) = crate::platforms::operator_issuer(&a.issuer)
        .map_err(|e| anyhow::anyhow!("--issuer {:?}: {e}", a.issuer))?;
    if let Some(warning) = warning {
        eprintln!("note: {warning}");
    }
    for (flag, url) in [
        ("--auth-url", &a.auth_url),
        ("--token-url", &a.token_url),
        ("--jwks-url", &a.jwks_url),
    ] {
        crate::platforms::check_platform_url(url).map_err(|e| anyhow::anyhow!("{flag}: {e}"))?;
    }
    for origin in &a.frame_origins {
        crate::platforms::check_frame_origin(origin)
            .map_err(|e| anyhow::anyhow!("--frame-origin: {e}"))?;
    }
    let name = a.name.unwrap_or_else(|| {
        Url::parse(issuer.as_str())
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| issuer.to_string())
    });
    let new = NewRegistration {
        name,
        client_id: lti::ClientId::parse(a.client_id).context("--client-id")?,
        issuer,
        auth_url: a.auth_url,
        token_url: a.token_url,
        jwks_url: a.jwks_url,
        status: if a.pending {
            RegistrationStatus::Pending
        } else {
            RegistrationStatus::Active
        },
        deployment_policy: a.deployment_policy,
        frame_origins: a.frame_origins,
        deployments: a
            .deployment_ids
            .into_iter()
            .map(|d| {
                crate::platforms::operator_deployment_id(&d)
                    .map_err(|e| anyhow::anyhow!("--deployment-id {d:?}: {e}"))
            })
            .collect::<anyhow::Result<_>>()?,
    };
    let r = store.insert_registration(new).await?;
    println!("{}", r.id);
    Ok(())
}

async fn list(store: &DynStore, json: bool) -> anyhow::Result<()> {
    let all = store.list_registrations().await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    if all.is_empty() {
        println!("no platforms registered; add one with `securehospitals platform add`");
    }
    for r in all {
        let deployments: Vec<&str> = r.deployments.iter().map(|d| d.as_str()).collect();
        println!(
            "{}  {}  {}  client {}  {}  deployments [{}]  policy {}",
            r.id,
            r.status.as_str(),
            r.name,
            r.client_id,
            r.issuer,
            deployments.join(", "),
            r.deployment_policy.as_str()
        );
    }
    Ok(())
}
