//! Starting the service: open the store, load or create keys, build state, run background work.

use crate::config::Config;
use crate::db::{self, DynStore};
use crate::keyring::KeyRing;
use crate::keys::{self, KeyEncryption, ToolKeys};
use crate::launch::unix_now;
use crate::registry::Registry;
use crate::state::{AppState, Inner};
use anyhow::Context;
use axum::Router;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;

/// The router for a ready state (used by `serve`, `demo` and the tests).
pub fn build_router(state: AppState) -> Router {
    crate::web::router(state)
}

/// Opens the store and the key-encryption key as configured.
pub async fn open_store(config: &Config) -> anyhow::Result<(DynStore, KeyEncryption)> {
    let store = db::open(&config.database_url)
        .await
        .context("opening the database")?;
    Ok((store, key_encryption(config)?))
}

/// As [`open_store`], for the commands that work on the service's data: the database must
/// exist (`db::open_existing`).
pub async fn open_existing_store(config: &Config) -> anyhow::Result<(DynStore, KeyEncryption)> {
    let store = db::open_existing(&config.database_url)
        .await
        .context("opening the database")?;
    Ok((store, key_encryption(config)?))
}

fn key_encryption(config: &Config) -> anyhow::Result<KeyEncryption> {
    let kek = KeyEncryption::from_config(
        config.key_encryption_key.as_deref(),
        config.sqlite_path().as_deref(),
    )
    .context("loading the key-encryption key")?;
    Ok(kek)
}

/// Builds the application state: creates the first signing key if there is none.
pub async fn build_state(config: Config) -> anyhow::Result<(AppState, KeyEncryption)> {
    let content = std::sync::Arc::new(load_content(&config)?);
    let wizard = std::sync::Arc::new(
        crate::wizard::Wizard::load(&config.content_dir, &content).context(
            "the Curriculum Wizard's data is invalid (the service does not start with it)",
        )?,
    );
    let hub = std::sync::Arc::new(load_hub(&config)?);
    let (store, kek) = open_store(&config).await?;
    store
        .index_hub(&hub.search_docs())
        .await
        .context("indexing the knowledge hub for search")?;
    if let Some(kid) = keys::ensure_key(store.as_ref(), &kek, unix_now())
        .await
        .context("creating the tool's first signing key")?
    {
        tracing::info!(%kid, "created the tool's first LTI signing key");
    }
    let tool_keys = ToolKeys::load(store.as_ref(), &kek)
        .await
        .context("loading the tool's signing keys")?;
    crate::certificates::issuer_keys::ensure(store.as_ref(), &kek, unix_now())
        .await
        .context("creating the certificate issuer's first key")?;
    let validator = lti::LaunchValidator::new(lti::ValidatorConfig {
        leeway: config.launch_leeway,
        ..Default::default()
    });
    let state = AppState::new(Inner {
        registry: Registry::new(store.clone()),
        keys: KeyRing::new(tool_keys),
        jwks: lti::JwksCache::new(Box::new(crate::http_client::JwksFetcher::new(
            crate::http_client::build()?,
        ))),
        validator,
        http: crate::http_client::build()?,
        ags: std::sync::Arc::new(crate::grades::client::AgsClient::new(
            crate::http_client::build()?,
            config.grades.timeout,
        )),
        rosters: crate::roster::RosterCache::default(),
        login_seal: crate::launch::LoginStateSeal::new(
            &kek.derive("oidc login state")
                .context("deriving the login state key")?,
        )
        .context("creating the login state key")?,
        store,
        content,
        wizard,
        hub,
        credential_keys: crate::certificates::issuer_keys::CredentialKeys::new(kek.clone()),
        status_lists: Default::default(),
        config,
    });
    Ok((state, kek))
}

/// Loads and checks the course content. Any problem stops the start, with every problem listed:
/// better no service than half a course.
pub fn load_content(config: &Config) -> anyhow::Result<crate::content::Catalogue> {
    crate::content::Catalogue::load_with(
        &config.content_dir,
        &crate::courses::lesson_link_to_module,
    )
    .map_err(|errors| {
        anyhow::anyhow!(
            "the course content in {} is invalid (the service does not start with it):\n{errors}",
            config.content_dir.display()
        )
    })
}

/// Loads and checks the knowledge hub (`content/hub`); any problem stops the start.
pub fn load_hub(config: &Config) -> anyhow::Result<crate::hub::Hub> {
    crate::hub::load(&config.content_dir).map_err(|errors| {
        anyhow::anyhow!(
            "the knowledge hub in {}/hub is invalid (the service does not start with it):\n{errors}",
            config.content_dir.display()
        )
    })
}

/// Background work of a running server: purge expired launch data, fold metrics samples,
/// reload keys.
fn spawn_background(state: AppState, kek: KeyEncryption) {
    let purge = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match purge.store.purge_expired(unix_now()).await {
                Ok(n) if n > 0 => {
                    tracing::debug!(rows = n, "purged expired states, nonces and sessions")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "purging expired launch data failed"),
            }
        }
    });
    crate::ops::spawn_retention_purge(state.clone());
    crate::metrics::spawn_upkeep();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            match state
                .keys
                .current()
                .reload_if_changed(state.store.as_ref(), &kek)
                .await
            {
                Ok(Some(keys)) => state.keys.replace(keys),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "reloading tool keys failed; keeping the loaded set")
                }
            }
        }
    });
}

/// A server running in this process (tests and `demo` use it; `serve` waits on it).
#[derive(Debug)]
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    handle: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub async fn wait(self) -> anyhow::Result<()> {
        self.handle.await??;
        Ok(())
    }
    pub fn abort(&self) {
        self.handle.abort();
    }
}

/// Binds, builds state and serves until `shutdown` resolves.
pub async fn start(
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<Running> {
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("binding {}", config.listen))?;
    start_on(listener, config, shutdown).await
}

/// Serves on a listener that is already bound (tests bind port 0 first to learn the address).
pub async fn start_on(
    listener: TcpListener,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<Running> {
    let addr = listener.local_addr()?;
    crate::metrics::prometheus();
    let metrics_listener = match config.metrics_listen {
        Some(at) => Some(
            TcpListener::bind(at)
                .await
                .with_context(|| format!("binding metrics_listen {at}"))?,
        ),
        None => None,
    };
    let (state, kek) = build_state(config).await?;
    let metrics_server = metrics_listener.map(|l| crate::web::metrics::serve(l, state.clone()));
    spawn_background(state.clone(), kek);
    // The grade worker stops with the server and returns its claimed scores to the queue first.
    let (stop_grades, grades_stopped) = tokio::sync::watch::channel(false);
    let grades = crate::grades::worker::spawn(state.clone(), grades_stopped);
    crate::grades::worker::spawn_gauges(state.clone());
    let app = build_router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let grace = state.config.shutdown_grace;
    let handle = tokio::spawn(async move {
        // In-flight requests get `shutdown_grace` after the signal; a request still hanging then
        // (a platform that never answers) does not keep the process from stopping.
        let (signalled, on_signal) = tokio::sync::oneshot::channel::<()>();
        let shutdown = async move {
            shutdown.await;
            let _ = signalled.send(());
        };
        let serving = axum::serve(listener, app).with_graceful_shutdown(shutdown);
        let deadline = async move {
            if on_signal.await.is_err() {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(grace).await;
        };
        let served = tokio::select! {
            served = serving.into_future() => served,
            () = deadline => {
                tracing::warn!(
                    grace_secs = grace.as_secs(),
                    "requests still in flight after the shutdown grace period; stopping without them"
                );
                Ok(())
            }
        };
        let _ = stop_grades.send(true);
        let _ = grades.await;
        if let Some(m) = metrics_server {
            m.abort();
        }
        served
    });
    Ok(Running {
        addr,
        state,
        handle,
    })
}
