//! The LTI 1.3 launch as the app sees it: OIDC login initiation, then the id_token post, ending
//! in a tool session. Protocol checks live in the `lti` crate; this adds what needs the store:
//! registrations, single-use states and nonces, deployments, sessions.

use crate::platforms::{DeploymentPolicy, Registration, RegistrationId, RegistrationStatus};
use crate::registry::Lookup;
use crate::sessions::{LaunchData, NewSession, SessionId};
use crate::state::AppState;
use lti::{LoginInitiation, MessageType, ValidatedLaunch};
use std::time::{SystemTime, UNIX_EPOCH};
use url::Url;

pub mod binding;
mod login_state;
pub use binding::{LaunchPath, Proof};
pub use login_state::{BrowserBinding, LoginState, LoginStateSeal};

/// Why a login or launch was refused: a stable code (counted in metrics, listed in
/// `docs/launch-errors.md`) and a message an LMS admin can act on.
#[derive(Debug, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Refusal {
    pub kind: RefusalKind,
    pub code: &'static str,
    pub message: String,
    #[source]
    pub source: Option<anyhow::Error>,
}

/// How a refusal maps onto the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// The request is wrong (bad token, unknown platform): 400.
    Invalid,
    /// The platform is known but not allowed to launch (pending, unknown deployment): 403.
    NotAllowed,
    /// We could not check it right now (store or platform JWKS down): 503.
    Unavailable,
}

impl Refusal {
    fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind: RefusalKind::Invalid,
            code,
            message: message.into(),
            source: None,
        }
    }
    fn not_allowed(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind: RefusalKind::NotAllowed,
            code,
            message: message.into(),
            source: None,
        }
    }
}

impl From<crate::db::StoreError> for Refusal {
    fn from(e: crate::db::StoreError) -> Self {
        Self {
            kind: RefusalKind::Unavailable,
            code: "store_unavailable",
            message: "The tool's database did not answer; please try the launch again.".into(),
            source: Some(e.into()),
        }
    }
}

impl From<lti::LaunchError> for Refusal {
    fn from(e: lti::LaunchError) -> Self {
        let kind = if e.is_temporary() {
            RefusalKind::Unavailable
        } else {
            RefusalKind::Invalid
        };
        Self {
            kind,
            code: e.code(),
            message: e.to_string(),
            source: None,
        }
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Where the browser goes next after a login initiation.
#[derive(Debug)]
pub struct LoginRedirect {
    /// The registration the login named (the metrics label a login is counted under).
    pub registration_id: RegistrationId,
    pub auth_url: Url,
    pub state: String,
    pub state_ttl_secs: i64,
    /// Set the state cookie (partitioned when framed; first-party in a new window).
    pub set_cookie: bool,
    /// How the browser continues: straight to the platform, or through the login page.
    pub next: LoginNext,
}

/// What the browser does after the login initiation.
#[derive(Debug)]
pub enum LoginNext {
    /// Redirect to the platform at once (the cookie carries the binding).
    Redirect,
    /// A page that checks the cookie, else stores the secret in platform storage, else offers a
    /// new window; then goes on to the platform.
    Page(LoginPage),
}

#[derive(Debug)]
pub struct LoginPage {
    /// Ask the tool whether the state cookie came back before relying on it.
    pub check_cookie: bool,
    /// Platform storage to put the secret in, when offered.
    pub storage: Option<StoragePut>,
    /// The login parameters, re-posted by the "continue in a new window" form.
    pub params: Vec<(String, String)>,
}

/// One `lti.put_data` (or `lti.get_data`, without a value) for the browser to perform.
#[derive(Debug)]
pub struct StoragePut {
    pub target: String,
    /// The platform's OIDC authorization origin: the only origin messages go to and come from.
    pub platform_origin: String,
    pub key: String,
    pub value: String,
}

/// Step 1: a platform's third-party-initiated login. Picks the registration and a fresh nonce,
/// seals both into the state (no database write) and returns the platform's auth URL.
/// `framed` says the browser loads the login in an iframe (`Sec-Fetch-Dest: iframe`), where a
/// blocked cookie would only show at launch: the login page then checks the cookie first and
/// offers a new window when it did not stick.
pub async fn begin_login(
    app: &AppState,
    mut params: Vec<(String, String)>,
    framed: bool,
) -> Result<LoginRedirect, Refusal> {
    let before = params.len();
    params.retain(|(k, _)| k != binding::NEW_WINDOW_PARAM);
    let new_window = params.len() != before;
    let login = LoginInitiation::from_params(params.clone())
        .map_err(|e| Refusal::invalid(e.code(), e.to_string()))?;
    let refuse = |e: lti::LoginError| Refusal::invalid(e.code(), e.to_string());
    login
        .check_target_origin(&app.config.public_url.origin())
        .map_err(refuse)?;
    let registration = match app
        .registry
        .lookup(&login.iss, login.client_id.as_ref())
        .await?
    {
        Lookup::Found(r) => *r,
        Lookup::UnknownIssuer => {
            return Err(Refusal::invalid(
                "unknown_issuer",
                format!(
                    "No platform with issuer {} is registered with this tool. Register it first (dynamic registration or `securehospitals platform add`).",
                    login.iss
                ),
            ));
        }
        Lookup::UnknownClient => {
            return Err(Refusal::invalid(
                "unknown_client",
                format!(
                    "Issuer {} is registered, but not with client id {}. Check the client id in the LMS tool settings.",
                    login.iss,
                    login.client_id.as_ref().map_or("", |c| c.as_str())
                ),
            ));
        }
        Lookup::Ambiguous(n) => {
            return Err(Refusal::invalid(
                "client_id_required",
                format!(
                    "{n} registrations share issuer {}; the platform must send client_id in the login request.",
                    login.iss
                ),
            ));
        }
    };
    ensure_active(&registration)?;
    let storage_target = login
        .lti_storage_target
        .clone()
        .filter(|t| !new_window && binding::valid_target(t));
    let secret = storage_target.as_ref().map(|_| binding::new_secret());
    let browser_binding = match (&storage_target, &secret) {
        (Some(target), Some(secret)) => BrowserBinding::PlatformStorage {
            hash: binding::secret_hash(secret),
            target: target.clone(),
        },
        _ if new_window => BrowserBinding::NewWindow,
        _ => BrowserBinding::Cookie,
    };
    let nonce = lti::Nonce::random();
    let ttl = app.config.login_state_ttl.as_secs() as i64;
    let sealed = app
        .login_seal
        .seal(&LoginState {
            nonce: nonce.as_str().to_owned(),
            registration_id: registration.id,
            deployment_id: login
                .lti_deployment_id
                .as_ref()
                .map(|d| d.as_str().to_owned()),
            expires_at: unix_now() + ttl,
            binding: browser_binding,
        })
        .map_err(|e| Refusal {
            kind: RefusalKind::Unavailable,
            code: "state_unavailable",
            message: "The tool could not create a login state; please try again.".into(),
            source: Some(e.into()),
        })?;
    let state = lti::State::parse(sealed).map_err(|e| Refusal {
        kind: RefusalKind::Unavailable,
        code: "state_unavailable",
        message: "The tool could not create a login state; please try again.".into(),
        source: Some(e.into()),
    })?;
    let auth = lti::AuthRequest {
        auth_endpoint: registration.auth_url.clone(),
        client_id: registration.client_id.clone(),
        redirect_uri: app.config.url("lti/launch"),
        login_hint: login.login_hint.clone(),
        lti_message_hint: login.lti_message_hint.clone(),
        state: state.clone(),
        nonce,
    };
    let cookie_path = app.config.partitioned_cookie || new_window;
    let next = match (storage_target, secret) {
        (Some(target), Some(value)) => LoginNext::Page(LoginPage {
            check_cookie: cookie_path,
            storage: Some(StoragePut {
                target,
                platform_origin: registration.auth_url.origin().ascii_serialization(),
                key: binding::storage_key(state.as_str()),
                value,
            }),
            params,
        }),
        _ if cookie_path && (new_window || !framed) => LoginNext::Redirect,
        _ => LoginNext::Page(LoginPage {
            check_cookie: cookie_path,
            storage: None,
            params,
        }),
    };
    Ok(LoginRedirect {
        registration_id: registration.id,
        auth_url: auth.to_url(),
        state: state.as_str().to_owned(),
        state_ttl_secs: ttl,
        set_cookie: cookie_path,
        next,
    })
}

fn ensure_active(registration: &Registration) -> Result<(), Refusal> {
    match registration.status {
        RegistrationStatus::Active => Ok(()),
        RegistrationStatus::Pending => Err(Refusal::not_allowed(
            "registration_pending",
            format!(
                "The registration of {} ({}) is waiting for approval by the tool's operator (`securehospitals platform approve {}`).",
                registration.name, registration.issuer, registration.id
            ),
        )),
    }
}

/// What a completed launch produced.
#[derive(Debug)]
pub struct LaunchOutcome {
    pub session_id: SessionId,
    /// Page to open, relative to the session's base path.
    pub landing: String,
    /// How the browser proved it started the login.
    pub path: LaunchPath,
}

/// The answer to an id_token post.
#[derive(Debug)]
pub enum LaunchStep {
    Done(LaunchOutcome),
    /// The binding secret is in platform storage: a page must read it and post it again.
    ReadStorage(StoragePut),
}

fn cookie_missing() -> Refusal {
    Refusal::invalid(
        "state_cookie_missing",
        "The browser did not return the login cookie for this launch, so the launch cannot be tied to the login that started it. Open the activity again; if it keeps failing, the browser may block cookies in embedded pages: open the activity in a new window.",
    )
}

/// An id_token post's answer, with the registration its sealed state names (`None` when the
/// state is not one of ours): the label the launch is counted under.
#[derive(Debug)]
pub struct LaunchAttempt {
    pub registration_id: Option<RegistrationId>,
    pub result: Result<LaunchStep, Refusal>,
}

/// Step 2: the id_token post, with what the browser proved about the login that started it
/// (the state itself is checked here, once).
pub async fn complete_launch(
    app: &AppState,
    id_token: &str,
    state: &str,
    proof: &Proof,
) -> LaunchAttempt {
    let login = app.login_seal.open(state);
    LaunchAttempt {
        registration_id: login.as_ref().map(|l| l.registration_id),
        result: complete_opened_launch(app, id_token, state, login, proof).await,
    }
}

async fn complete_opened_launch(
    app: &AppState,
    id_token: &str,
    state: &str,
    login: Option<LoginState>,
    proof: &Proof,
) -> Result<LaunchStep, Refusal> {
    let now = unix_now();
    let Some(login) = login else {
        if !proof.cookie {
            return Err(cookie_missing());
        }
        return Err(Refusal::invalid(
            "state_unknown",
            "This launch's state is unknown or expired (the login was started too long ago, or by another tool). Open the activity again from the LMS.",
        ));
    };
    let path = match binding::check(&login.binding, proof) {
        binding::Verdict::Proven(path) => path,
        binding::Verdict::CookieMissing => return Err(cookie_missing()),
        binding::Verdict::WrongSecret => {
            return Err(Refusal::invalid(
                "state_binding_mismatch",
                "The secret read from the LMS page's storage does not belong to this launch's login, so the launch cannot be tied to this browser. Open the activity again from the LMS.",
            ));
        }
        binding::Verdict::ReadStorage => {
            return read_storage(app, &login, state)
                .await
                .map(LaunchStep::ReadStorage);
        }
    };
    let Some(registration) = app.registry.by_id(login.registration_id).await? else {
        return Err(Refusal::invalid(
            "unknown_client",
            "The registration that started this login was removed.",
        ));
    };
    ensure_active(&registration)?;
    let launch = validate(app, &registration, id_token, &login.nonce).await?;
    check_deployment(app, &registration, &launch, login.deployment_id.as_deref()).await?;
    let Some(user) = launch.user().cloned() else {
        return Err(Refusal::invalid(
            "anonymous_launch",
            "The LMS launched without identifying the user (no `sub`). Progress and grades need a learner: enable user identity for this tool in the LMS.",
        ));
    };
    let keep_until = launch.expires_at() + app.config.launch_leeway.as_secs() as i64;
    let session = new_session(app, &registration, &launch, user.as_str(), now);
    // The nonce is consumed in the same transaction that creates the session: this is what
    // makes a login state and its id_token single-use.
    if !app
        .store
        .start_session(launch.nonce().as_str(), keep_until, &session)
        .await?
    {
        return Err(Refusal::invalid(
            "nonce_replayed",
            "This launch was already used once (a page refresh or a replayed launch); a launch cannot be replayed. Open the activity again from the LMS.",
        ));
    }
    learn_frame_origins(app, &registration, &launch).await;
    tracing::info!(
        registration = %registration.id,
        launch_path = path.as_str(),
        "launch completed"
    );
    Ok(LaunchStep::Done(LaunchOutcome {
        landing: landing_for(&launch),
        session_id: session.id,
        path,
    }))
}

/// Where the restore page finds the secret: the frame and platform origin of the login.
async fn read_storage(
    app: &AppState,
    login: &LoginState,
    state: &str,
) -> Result<StoragePut, Refusal> {
    let BrowserBinding::PlatformStorage { target, .. } = &login.binding else {
        return Err(cookie_missing());
    };
    let Some(registration) = app.registry.by_id(login.registration_id).await? else {
        return Err(Refusal::invalid(
            "unknown_client",
            "The registration that started this login was removed.",
        ));
    };
    Ok(StoragePut {
        target: target.clone(),
        platform_origin: registration.auth_url.origin().ascii_serialization(),
        key: binding::storage_key(state),
        value: String::new(),
    })
}

async fn validate(
    app: &AppState,
    registration: &Registration,
    id_token: &str,
    nonce: &str,
) -> Result<ValidatedLaunch, Refusal> {
    let expected = lti::Expectations {
        issuer: &registration.issuer,
        client_id: &registration.client_id,
        nonce,
        tool_origin: app.config.public_url.origin(),
        now: SystemTime::now(),
    };
    Ok(app
        .validator
        .validate(id_token, &expected, &app.jwks, &registration.jwks_url)
        .await?)
}

async fn check_deployment(
    app: &AppState,
    registration: &Registration,
    launch: &ValidatedLaunch,
    from_login: Option<&str>,
) -> Result<(), Refusal> {
    let deployment = launch.deployment_id();
    if from_login.is_some_and(|d| d != deployment.as_str()) {
        return Err(Refusal::invalid(
            "deployment_mismatch",
            format!(
                "The login named deployment {} but the id_token carries {deployment}.",
                from_login.unwrap_or_default()
            ),
        ));
    }
    if registration.has_deployment(deployment) {
        return Ok(());
    }
    match registration.deployment_policy {
        DeploymentPolicy::AutoAdd => {
            app.store
                .add_deployment(registration.id, deployment)
                .await?;
            app.registry.invalidate();
            tracing::info!(registration = %registration.id, %deployment, "deployment added on first launch");
            Ok(())
        }
        DeploymentPolicy::Refuse => Err(Refusal::not_allowed(
            "unknown_deployment",
            format!(
                "Deployment {deployment} of {} is not registered with this tool. The tool's operator can add it with `securehospitals platform deployment add {} --deployment-id {deployment}`.",
                registration.name, registration.id
            ),
        )),
    }
}

/// Every Canvas customer frames the tool from its own host: remember the origins of the return
/// URLs in verified launches so `frame-ancestors` can allow them.
async fn learn_frame_origins(
    app: &AppState,
    registration: &Registration,
    launch: &ValidatedLaunch,
) {
    let urls = [
        launch.return_url().map(Url::as_str),
        launch
            .deep_linking_settings()
            .map(|s| s.deep_link_return_url.as_str()),
    ];
    for url in urls.into_iter().flatten() {
        let Ok(u) = Url::parse(url) else { continue };
        let origin = u.origin().ascii_serialization();
        if u.origin().is_tuple() && !registration.frame_origins.contains(&origin) {
            if let Err(e) = app.store.add_frame_origin(registration.id, &origin).await {
                tracing::warn!(error = %e, "could not remember frame origin");
            } else {
                app.registry.invalidate();
            }
        }
    }
}

fn new_session(
    app: &AppState,
    registration: &Registration,
    launch: &ValidatedLaunch,
    user: &str,
    now: i64,
) -> NewSession {
    let claims = launch.claims();
    let json = |v: Option<serde_json::Value>| v.filter(|v| !v.is_null());
    NewSession {
        id: SessionId::random(),
        registration_id: registration.id,
        deployment_id: launch.deployment_id().as_str().to_owned(),
        context_id: launch.context().map(|c| c.id.as_str().to_owned()),
        user_id: user.to_owned(),
        roles: launch
            .roles()
            .iter()
            .map(|r| r.as_str().to_owned())
            .collect(),
        locale: launch.locale().map(str::to_owned),
        message_type: launch.message_type().as_str().to_owned(),
        resource_link_id: launch.resource_link().map(|r| r.id.as_str().to_owned()),
        data: LaunchData {
            name: claims.name.clone(),
            given_name: claims.given_name.clone(),
            family_name: claims.family_name.clone(),
            email: claims.email.clone(),
            context_title: launch.context().and_then(|c| c.title.clone()),
            context_label: launch.context().and_then(|c| c.label.clone()),
            resource_link_title: launch.resource_link().and_then(|r| r.title.clone()),
            custom: launch.custom().cloned().unwrap_or_default(),
            return_url: launch.return_url().map(|u| u.to_string()),
            ags: json(launch.ags().and_then(|a| serde_json::to_value(a).ok())),
            nrps: json(launch.nrps().and_then(|n| serde_json::to_value(n).ok())),
            deep_linking: json(
                launch
                    .deep_linking_settings()
                    .and_then(|d| serde_json::to_value(d).ok()),
            ),
            for_user: json(
                claims
                    .for_user
                    .as_ref()
                    .and_then(|f| serde_json::to_value(f).ok()),
            ),
            platform_name: Some(registration.name.clone()),
        },
        created_at: now,
        idle_timeout: app.config.session_idle.as_secs() as i64,
    }
}

/// The page a launch asked for, from its message type and custom parameters.
/// A resource link lands on the placement's module or path, else the learner's dashboard.
fn landing_for(launch: &ValidatedLaunch) -> String {
    match launch.message_type() {
        MessageType::DeepLinking => "deep-linking".into(),
        MessageType::SubmissionReview => "review".into(),
        _ => crate::courses::landing(launch.custom().unwrap_or(&Default::default())),
    }
}
