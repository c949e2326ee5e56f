//! Serving a simulator on its own listener in the background, for tests and the demo.

use std::net::SocketAddr;

use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::{LmsSimulator, SimulatorConfig, StartError};

impl LmsSimulator {
    /// Binds `config.listen` and serves the simulator in a background task.
    pub async fn start(config: SimulatorConfig) -> Result<RunningSimulator, StartError> {
        Self::start_with(config, |_| Router::new()).await
    }

    /// Like [`LmsSimulator::start`], with more pages on the same listener (the demo's home page),
    /// built from the simulator's handle.
    pub async fn start_with(
        config: SimulatorConfig,
        extra: impl FnOnce(&LmsSimulator) -> Router,
    ) -> Result<RunningSimulator, StartError> {
        let listen = config.listen;
        let listen_error = |source| StartError::Listen {
            addr: listen,
            source,
        };
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(listen_error)?;
        let addr = listener.local_addr().map_err(listen_error)?;
        let base = config
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let sim = Self::new(&config, &base)?;
        let (stop, stopped) = oneshot::channel::<()>();
        let app = sim.router().merge(extra(&sim));
        let task = tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            if let Err(error) = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::warn!(%error, "LMS simulator stopped with an error");
            }
        });
        Ok(RunningSimulator {
            sim,
            addr,
            stop: Some(stop),
            task,
        })
    }
}

/// A simulator serving in the background; derefs to its [`LmsSimulator`] handle. Dropping it
/// stops the server.
#[derive(Debug)]
pub struct RunningSimulator {
    sim: LmsSimulator,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl RunningSimulator {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A clone of the handle (for tasks that outlive a borrow).
    pub fn handle(&self) -> LmsSimulator {
        self.sim.clone()
    }

    /// Stops accepting connections and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let task = std::mem::replace(&mut self.task, tokio::spawn(async {}));
        let _ = task.await;
    }
}

impl std::ops::Deref for RunningSimulator {
    type Target = LmsSimulator;

    fn deref(&self) -> &LmsSimulator {
        &self.sim
    }
}

impl Drop for RunningSimulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.abort();
    }
}
