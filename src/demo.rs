//! `securehospitals demo`: the tool and a small demo LMS (the LMS simulator) in one process, on
//! loopback by default, joined through real LTI Dynamic Registration. Nothing here is mounted on
//! the tool's router: the demo LMS has its own listener, so `serve` never carries demo pages.

mod home;
mod people;

pub use people::{DEMO_COURSE_ID, DemoPerson, people};

use crate::app::Running;
use crate::config::{Config, ConfigArgs};
use crate::lms_simulator::{LmsSimulator, RunningSimulator, SimError, SimulatorConfig, StartError};
use crate::platforms::{Registration, RegistrationRef, RegistrationStatus};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// How to run the demo.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Where the tool listens (port 0 picks a free one).
    pub tool_listen: SocketAddr,
    /// Where the demo LMS listens.
    pub lms_listen: SocketAddr,
    /// The tool's database; the command line always gives an embedded SQLite file.
    pub database_url: String,
    pub key_encryption_key: Option<String>,
    /// The course content folder; the default one when `None`.
    pub content_dir: Option<PathBuf>,
}

/// A running demo: the tool, the demo LMS, and the registration that joins them.
#[derive(Debug)]
pub struct Demo {
    pub tool: Running,
    pub lms: RunningSimulator,
    /// The tool's record of the demo LMS, made by dynamic registration and approved.
    pub registration: Registration,
    pub client_id: String,
    pub deployment_id: String,
}

impl Demo {
    /// The one URL a visitor opens: the demo LMS's home page.
    pub fn home_url(&self) -> String {
        self.lms.url("/")
    }

    /// The tool's base URL (no trailing slash).
    pub fn tool_url(&self) -> String {
        format!("http://{}", self.tool.addr)
    }
}

/// Why the demo could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot listen on {addr} (is another program using that port? choose another)")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{addr} is not one address: the demo builds its URLs from the addresses it listens on, \
         so give a concrete one (the default is loopback, 127.0.0.1)"
    )]
    Unspecified { addr: SocketAddr },
    #[error("the tool's configuration for the demo is invalid")]
    Config(#[source] crate::config::ConfigError),
    #[error("the tool did not start")]
    Tool(#[source] anyhow::Error),
    #[error("the demo LMS did not start")]
    Lms(#[source] StartError),
    #[error("the demo LMS refused the demo course setup")]
    Seed(#[source] SimError),
    #[error("dynamic registration with the demo LMS failed: {0}")]
    Registration(String),
    #[error("the tool's database could not be read")]
    Store(#[source] crate::db::StoreError),
}

/// What the home page needs once registration is done (it answers 503 until then).
#[derive(Debug, Clone)]
pub(crate) struct Setup {
    pub client_id: String,
    pub deployment_id: String,
    /// The tool's base URL (no trailing slash).
    pub tool_url: String,
    /// The resource link that opens the learner's dashboard.
    pub dashboard_link: String,
    /// The resource link that opens the Curriculum Wizard (trainers only).
    pub wizard_link: String,
}

type SharedSetup = Arc<OnceLock<Setup>>;

/// Starts the tool and the demo LMS, registers the tool dynamically and seeds the demo course.
pub async fn start(
    options: DemoOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<Demo, DemoError> {
    for addr in [options.tool_listen, options.lms_listen] {
        if addr.ip().is_unspecified() {
            return Err(DemoError::Unspecified { addr });
        }
    }
    let tool = start_tool(&options, shutdown).await?;
    let setup = SharedSetup::default();
    let lms_config = SimulatorConfig {
        listen: options.lms_listen,
        seed: false,
        ..SimulatorConfig::default()
    };
    let home_setup = setup.clone();
    let lms =
        LmsSimulator::start_with(lms_config, move |sim| home::router(sim.clone(), home_setup))
            .await
            .map_err(DemoError::Lms)?;
    people::seed(&lms).map_err(DemoError::Seed)?;
    let client_id = register(&tool, &lms).await?;
    let registration = approve(&tool, &lms, &client_id).await?;
    let deployment_id = registration
        .deployments
        .first()
        .map(ToString::to_string)
        .ok_or_else(|| DemoError::Registration("the demo LMS named no deployment".into()))?;
    let (dashboard_link, wizard_link) =
        place_first_activities(&lms, &client_id).map_err(DemoError::Seed)?;
    let _ = setup.set(Setup {
        client_id: client_id.clone(),
        deployment_id: deployment_id.clone(),
        tool_url: format!("http://{}", tool.addr),
        dashboard_link,
        wizard_link,
    });
    Ok(Demo {
        tool,
        lms,
        registration,
        client_id,
        deployment_id,
    })
}

/// What the course holds before the trainer adds anything: the learners' dashboard, and the
/// Curriculum Wizard placed as the picker places it (`wizard=plan`). Returns their link ids.
fn place_first_activities(
    lms: &LmsSimulator,
    client_id: &str,
) -> Result<(String, String), SimError> {
    let dashboard = lms.add_activity(
        client_id,
        DEMO_COURSE_ID,
        "Cyber safety training: my modules",
        None,
    )?;
    let wizard = lms.add_activity(
        client_id,
        DEMO_COURSE_ID,
        "Curriculum Wizard (for trainers)",
        None,
    )?;
    lms.set_activity_custom(&wizard.resource_link_id, "wizard", "plan")?;
    Ok((dashboard.resource_link_id, wizard.resource_link_id))
}

async fn start_tool(
    options: &DemoOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<Running, DemoError> {
    let listener = tokio::net::TcpListener::bind(options.tool_listen)
        .await
        .map_err(|source| DemoError::Bind {
            addr: options.tool_listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| DemoError::Bind {
        addr: options.tool_listen,
        source,
    })?;
    let public_url = format!("http://{}/", addr)
        .parse()
        .map_err(|e| DemoError::Tool(anyhow::Error::new(e)))?;
    let args = ConfigArgs {
        database_url: Some(options.database_url.clone()),
        key_encryption_key: options.key_encryption_key.clone(),
        listen: Some(addr),
        public_url: Some(public_url),
        content_dir: options.content_dir.clone(),
        // The demo LMS runs on loopback.
        registration_allow_private_addresses: Some(true),
        ..ConfigArgs::default()
    };
    let config = Config::resolve(&args).map_err(DemoError::Config)?;
    crate::app::start_on(listener, config, shutdown)
        .await
        .map_err(DemoError::Tool)
}

/// The LMS administrator's part of dynamic registration: open the tool's registration URL with
/// a fresh registration token, as Moodle's admin page does in an iframe. The tool then reads the
/// LMS's configuration and registers itself; returns the client id the LMS assigned.
async fn register(tool: &Running, lms: &LmsSimulator) -> Result<String, DemoError> {
    let failed = |reason: String| DemoError::Registration(reason);
    let init = lms
        .start_registration()
        .map_err(|e| failed(e.to_string()))?;
    let register_url = format!("http://{}/lti/register", tool.addr)
        .parse()
        .map_err(|e: url::ParseError| failed(e.to_string()))?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .user_agent("SecureHospitals-demo/1.0")
        .build()
        .map_err(|e| failed(e.to_string()))?;
    let response = client
        .get(init.url_for(&register_url))
        .send()
        .await
        .map_err(|e| failed(format!("the tool's registration page did not answer: {e}")))?;
    let status = response.status();
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        let excerpt: String = body.chars().take(300).collect();
        return Err(failed(format!(
            "the tool's registration page answered {status}: {excerpt}"
        )));
    }
    lms.registrations()
        .last()
        .map(|r| r.client_id.clone())
        .ok_or_else(|| failed("the tool never sent its registration to the demo LMS".into()))
}

/// The two approvals a real setup needs: the LMS administrator activates the new tool, and the
/// tool's operator approves the pending registration (as `platform approve` does).
async fn approve(
    tool: &Running,
    lms: &LmsSimulator,
    client_id: &str,
) -> Result<Registration, DemoError> {
    let failed = |reason: String| DemoError::Registration(reason);
    lms.activate_tool(client_id).map_err(DemoError::Seed)?;
    let issuer = lti::Issuer::parse(lms.issuer()).map_err(|e| failed(e.to_string()))?;
    let client = lti::ClientId::parse(client_id).map_err(|e| failed(e.to_string()))?;
    let store = &tool.state.store;
    let key = RegistrationRef::IssuerClient(issuer, client);
    let found = store
        .find_registration(&key)
        .await
        .map_err(DemoError::Store)?;
    let registration =
        found.ok_or_else(|| failed("the tool did not record the registration".into()))?;
    store
        .set_registration_status(registration.id, RegistrationStatus::Active)
        .await
        .map_err(DemoError::Store)?;
    tool.state.registry.invalidate();
    Ok(Registration {
        status: RegistrationStatus::Active,
        ..registration
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_address_that_is_not_one_is_refused_before_anything_starts() {
        let options = DemoOptions {
            tool_listen: "127.0.0.1:0".parse().expect("address"),
            lms_listen: "0.0.0.0:0".parse().expect("address"),
            database_url: "sqlite::memory:".into(),
            key_encryption_key: None,
            content_dir: None,
        };
        let refused = start(options, std::future::pending()).await;
        assert!(
            matches!(refused, Err(DemoError::Unspecified { addr }) if addr.ip().is_unspecified())
        );
    }
}
