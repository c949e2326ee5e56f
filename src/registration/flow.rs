//! One dynamic registration from start to end: fetch and check the platform's configuration,
//! POST our registration with the registration token, store registration and deployment at once.

use super::{SCOPES, ToolConfiguration};
use crate::platforms::{DeploymentPolicy, NewRegistration, Registration};
use crate::state::AppState;
use lti::registration::{PlatformConfiguration, RegistrationError, RegistrationResponse};
use std::time::Duration;
use url::Url;

/// The largest platform answer read; Moodle's configuration is about 3 KiB.
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;
/// Longest wait for each platform call (the configuration URL is supplied by whoever opens the page).
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a registration failed; nothing was stored in any case.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(
        "the registration page was opened without {0}; start the registration again from the LMS"
    )]
    MissingParameter(&'static str),
    #[error("`openid_configuration` {0:?} is not an http(s) URL")]
    BadConfigurationUrl(String),
    #[error(
        "the platform at {url} could not be reached ({reason}); check that this tool's server can reach the LMS"
    )]
    Unreachable { url: String, reason: String },
    #[error(
        "the platform address {url} is not on the public internet ({source}); a registration may only reach a public LMS address"
    )]
    NotPublic {
        url: String,
        #[source]
        source: super::guard::NotPublic,
    },
    #[error(transparent)]
    Protocol(#[from] RegistrationError),
    #[error(
        "this LMS registration is already known (client id {0}); remove it with `securehospitals platform remove` to register again"
    )]
    Duplicate(String),
    #[error("the registration could not be stored")]
    Store(#[source] anyhow::Error),
}

/// A stored registration and whether it may launch yet.
#[derive(Debug)]
pub struct Registered {
    pub registration: Registration,
    pub product: String,
}

/// Parses the attacker-supplied configuration URL: http(s) with a host only.
pub fn configuration_url(raw: Option<&str>) -> Result<Url, Failure> {
    let raw = raw
        .filter(|r| !r.is_empty())
        .ok_or(Failure::MissingParameter("openid_configuration"))?;
    match Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u),
        _ => Err(Failure::BadConfigurationUrl(raw.to_owned())),
    }
}

/// Runs the whole registration. The token is only ever sent to the configuration's
/// registration endpoint and never logged.
pub async fn register(
    app: &AppState,
    config_url: &Url,
    token: &str,
) -> Result<Registered, Failure> {
    if token.is_empty() {
        return Err(Failure::MissingParameter("registration_token"));
    }
    let http = http_client(app)?;
    guard(app, config_url)?;
    let (status, body) = call(http.get(config_url.clone()), config_url).await?;
    if status != 200 {
        return Err(Failure::Unreachable {
            url: config_url.to_string(),
            reason: format!("HTTP {status}"),
        });
    }
    let platform = PlatformConfiguration::parse(&body, config_url)?;
    let tool =
        ToolConfiguration::new(&app.config.public_url).map_err(|e| Failure::Store(e.into()))?;
    let scopes = platform.grantable_scopes(&SCOPES);
    let request = tool.registration_request(&scopes, &platform.lti.product_family_code);
    let endpoint = &platform.registration_endpoint;
    guard(app, endpoint)?;
    let post = http
        .post(endpoint.clone())
        .bearer_auth(token)
        .json(&request);
    let (status, body) = call(post, endpoint).await?;
    let answer = RegistrationResponse::parse(status, &body)?;
    let stored = store(app, &platform, config_url, answer).await?;
    tracing::info!(
        registration = %stored.id, issuer = %stored.issuer, client_id = %stored.client_id,
        status = stored.status.as_str(), "dynamic registration stored"
    );
    Ok(Registered {
        registration: stored,
        product: platform.lti.product_family_code,
    })
}

/// The shared client when private addresses are allowed, else one that reaches public ones only.
fn http_client(app: &AppState) -> Result<reqwest::Client, Failure> {
    if app.config.registration_allow_private_addresses {
        return Ok(app.http.clone());
    }
    super::guard::client().map_err(|e| Failure::Store(e.into()))
}

fn guard(app: &AppState, url: &Url) -> Result<(), Failure> {
    if app.config.registration_allow_private_addresses {
        return Ok(());
    }
    super::guard::check_url(url).map_err(|source| Failure::NotPublic {
        url: url.to_string(),
        source,
    })
}

/// Sends one request with a deadline and reads at most [`MAX_RESPONSE_BYTES`] of the answer.
async fn call(request: reqwest::RequestBuilder, url: &Url) -> Result<(u16, Vec<u8>), Failure> {
    let fail = |reason: String| Failure::Unreachable {
        url: url.to_string(),
        reason,
    };
    let work = async {
        let mut response = request.send().await.map_err(|e| fail(e.to_string()))?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| fail(e.to_string()))? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(fail(format!(
                    "the answer is larger than {MAX_RESPONSE_BYTES} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, body))
    };
    tokio::time::timeout(CALL_TIMEOUT, work)
        .await
        .map_err(|_| fail(format!("no answer within {} s", CALL_TIMEOUT.as_secs())))?
}

async fn store(
    app: &AppState,
    platform: &PlatformConfiguration,
    config_url: &Url,
    answer: RegistrationResponse,
) -> Result<Registration, Failure> {
    let status = app.config.new_registration_policy;
    let key = crate::platforms::RegistrationRef::IssuerClient(
        platform.issuer.clone(),
        answer.client_id.clone(),
    );
    if app
        .store
        .find_registration(&key)
        .await
        .map_err(|e| Failure::Store(e.into()))?
        .is_some()
    {
        return Err(Failure::Duplicate(answer.client_id.to_string()));
    }
    // The name shows on certificates as the institution trained with: the LMS's host name
    // (`moodle.hospital.example`) reads as one, a product code and a URL do not.
    let name = url::Url::parse(platform.issuer.as_str())
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| platform.issuer.to_string());
    let new = NewRegistration {
        name,
        issuer: platform.issuer.clone(),
        client_id: answer.client_id,
        auth_url: platform.authorization_endpoint.clone(),
        token_url: platform.token_endpoint.clone(),
        jwks_url: platform.jwks_uri.clone(),
        status,
        // Without a deployment id in the answer, the first verified launch supplies it.
        deployment_policy: match answer.deployment_id {
            Some(_) => DeploymentPolicy::Refuse,
            None => DeploymentPolicy::AutoAdd,
        },
        frame_origins: vec![config_url.origin().ascii_serialization()],
        deployments: answer.deployment_id.into_iter().collect(),
    };
    let stored = app
        .store
        .insert_registration(new)
        .await
        .map_err(|e| Failure::Store(e.into()))?;
    app.registry.invalidate();
    Ok(stored)
}
