//! The OIDC side of a launch: third-party login initiation towards the tool, and the platform's
//! authorization endpoint that checks the tool's request like Moodle and answers a `form_post` page.

use axum::extract::{Form, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use url::Url;

use super::html::auto_post_page;
use super::launch::{IssuedIdToken, LaunchSpec, MessageKind};
use super::resolve::prepare_claims;
use super::state::{Inner, LmsSimulator, SimError, now, random_token};
use super::tamper::sign_id_token;
use super::tools::{PendingLaunch, RegisteredTool};

/// The third-party login initiation a platform sends to the tool (Moodle: a form POST).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginInitiation {
    /// The tool's login initiation URL.
    pub url: Url,
    /// `iss`, `target_link_uri`, `login_hint`, `lti_message_hint`, `client_id`, `lti_deployment_id`.
    pub params: Vec<(String, String)>,
}

impl LoginInitiation {
    /// The value of one parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The same initiation as a GET URL (platforms may use either method).
    pub fn get_url(&self) -> Url {
        let mut url = self.url.clone();
        url.query_pairs_mut().extend_pairs(self.params.iter());
        url
    }
}

fn choose_tool(
    tools: &[RegisteredTool],
    client_id: Option<&str>,
) -> Result<RegisteredTool, SimError> {
    let tool = match client_id {
        Some(id) => tools.iter().find(|t| t.client_id == id),
        None if tools.len() == 1 => tools.first(),
        None if tools.is_empty() => return Err(SimError::bad_request("no tool is registered")),
        None => {
            return Err(SimError::bad_request(
                "several tools are registered: name the client_id",
            ));
        }
    };
    let tool =
        tool.ok_or_else(|| SimError::bad_request("the launch names an unregistered client_id"))?;
    if !tool.active {
        return Err(SimError::bad_request(format!(
            "tool {} is pending activation",
            tool.client_id
        )));
    }
    Ok(tool.clone())
}

/// Where the launch points: the spec's URI, the deep linking URL, the activity's content item
/// URL, or the tool's target link URI.
fn target_link_uri(inner: &Inner, tool: &RegisteredTool, spec: &LaunchSpec) -> String {
    let registration = &tool.registration;
    if let Some(uri) = &spec.target_link_uri {
        return uri.clone();
    }
    if matches!(spec.message, MessageKind::DeepLinking(_)) {
        let url = registration.deep_linking_url.as_ref();
        return url.unwrap_or(&registration.target_link_uri).to_string();
    }
    let link = spec.resource_link_id.as_ref();
    let activity = inner
        .activities
        .iter()
        .find(|a| Some(&a.resource_link_id) == link && a.client_id == tool.client_id);
    activity
        .and_then(|a| a.url.clone())
        .unwrap_or_else(|| registration.target_link_uri.to_string())
}

fn check_spec(inner: &Inner, spec: &LaunchSpec) -> Result<RegisteredTool, SimError> {
    let tool = choose_tool(&inner.tools, spec.client_id.as_deref())?;
    if inner.user(&spec.user_id).is_none() {
        return Err(SimError::bad_request(format!("no user {}", spec.user_id)));
    }
    if let Some(course) = &spec.context_id
        && inner.course(course).is_none()
    {
        return Err(SimError::bad_request(format!("no course {course}")));
    }
    Ok(tool)
}

impl LmsSimulator {
    /// Starts a launch: remembers it and returns the initiation to send to the tool.
    pub fn login_initiation(&self, spec: LaunchSpec) -> Result<LoginInitiation, SimError> {
        let mut inner = self.shared.inner();
        let tool = check_spec(&inner, &spec)?;
        let first_deployment = tool.registration.deployment_ids.first().cloned();
        let deployment_id = spec
            .deployment_id
            .clone()
            .or(first_deployment)
            .unwrap_or_default();
        let target_link_uri = target_link_uri(&inner, &tool, &spec);
        let cmid = inner.next_id();
        // Moodle's hint is JSON text; the tool must echo it unchanged.
        let launch_id = format!("ltilaunch{cmid}_{}", random_token(6));
        let hint = json!({"cmid": cmid, "launchid": launch_id}).to_string();
        let params = [
            ("iss", self.shared.settings.issuer.as_str()),
            ("target_link_uri", &target_link_uri),
            ("login_hint", &spec.user_id),
            ("lti_message_hint", &hint),
            ("client_id", &tool.client_id),
            ("lti_deployment_id", &deployment_id),
        ];
        let params = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let client_id = tool.client_id.clone();
        let pending = PendingLaunch {
            spec,
            client_id,
            deployment_id,
            target_link_uri,
        };
        inner.pending_launches.insert(hint, pending);
        Ok(LoginInitiation {
            url: tool.registration.login_url.clone(),
            params,
        })
    }

    /// The last id_token the auth endpoint issued.
    pub fn last_id_token(&self) -> Option<IssuedIdToken> {
        self.shared.inner().issued.last().cloned()
    }

    /// Every id_token issued so far, oldest first.
    pub fn issued_id_tokens(&self) -> Vec<IssuedIdToken> {
        self.shared.inner().issued.clone()
    }
}

/// The authentication request parameters (OIDC core §3.1.2.1 with the LTI profile).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AuthRequest {
    scope: Option<String>,
    response_type: Option<String>,
    response_mode: Option<String>,
    prompt: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    login_hint: Option<String>,
    lti_message_hint: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
}

fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, SimError> {
    value
        .as_deref()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| SimError::bad_request(format!("{name} is missing")))
}

fn check_protocol(req: &AuthRequest) -> Result<(), SimError> {
    let expect = |value: &Option<String>, name: &str, want: &str| -> Result<(), SimError> {
        let got = required(value, name)?;
        if got == want {
            Ok(())
        } else {
            Err(SimError::bad_request(format!(
                "{name} must be {want}, got {got}"
            )))
        }
    };
    expect(&req.response_type, "response_type", "id_token")?;
    if !required(&req.scope, "scope")?
        .split(' ')
        .any(|s| s == "openid")
    {
        return Err(SimError::bad_request("scope must contain openid"));
    }
    expect(&req.response_mode, "response_mode", "form_post")?;
    expect(&req.prompt, "prompt", "none")?;
    required(&req.nonce, "nonce").map(|_| ())
}

/// The required parameters of a well-formed authentication request.
struct AuthParams<'a> {
    client_id: &'a str,
    redirect_uri: &'a str,
    login_hint: &'a str,
    message_hint: &'a str,
    nonce: &'a str,
}

fn auth_params(req: &AuthRequest) -> Result<AuthParams<'_>, SimError> {
    check_protocol(req)?;
    Ok(AuthParams {
        client_id: required(&req.client_id, "client_id")?,
        redirect_uri: required(&req.redirect_uri, "redirect_uri")?,
        login_hint: required(&req.login_hint, "login_hint")?,
        message_hint: required(&req.lti_message_hint, "lti_message_hint")?,
        nonce: required(&req.nonce, "nonce")?,
    })
}

/// Checks the request against the tool and the pending launch, and takes that launch.
fn take_pending(inner: &mut Inner, p: &AuthParams<'_>) -> Result<PendingLaunch, SimError> {
    let tool = inner
        .tool(p.client_id)
        .ok_or_else(|| SimError::bad_request("unknown client_id"))?;
    if !tool
        .registration
        .redirect_uris
        .iter()
        .any(|u| u.as_str() == p.redirect_uri)
    {
        let reason = format!("redirect_uri {} is not registered", p.redirect_uri);
        return Err(SimError::bad_request(reason));
    }
    let pending = inner.pending_launches.get(p.message_hint);
    let pending = pending
        .ok_or_else(|| SimError::bad_request("lti_message_hint matches no pending launch"))?;
    if pending.client_id != p.client_id {
        return Err(SimError::bad_request(
            "client_id differs from the launch's tool",
        ));
    }
    if pending.spec.user_id != p.login_hint {
        return Err(SimError::bad_request(
            "login_hint is not the launching user",
        ));
    }
    inner
        .pending_launches
        .remove(p.message_hint)
        .ok_or_else(|| SimError::bad_request("launch vanished"))
}

/// Checks an authentication request and issues the id_token of the pending launch it names.
fn authorize(sim: &LmsSimulator, req: &AuthRequest) -> Result<Response, SimError> {
    let p = auth_params(req)?;
    let shared = &sim.shared;
    let mut inner = shared.inner();
    let pending = take_pending(&mut inner, &p)?;
    let now = now();
    let claims = prepare_claims(&mut inner, &shared.settings, &pending, p.nonce, now)?;
    let lifetime = shared.settings.id_token_lifetime;
    let (jwt, claims) = sign_id_token(claims, &shared.keys(), &pending.spec.tamper, now, lifetime)?;
    inner.issued.push(IssuedIdToken {
        jwt: jwt.clone(),
        claims,
        client_id: p.client_id.to_owned(),
        nonce: p.nonce.to_owned(),
        state: req.state.clone(),
        redirect_uri: p.redirect_uri.to_owned(),
    });
    let mut fields = vec![("id_token", jwt.as_str())];
    if let Some(state) = &req.state {
        fields.push(("state", state));
    }
    let mut page = Html(auto_post_page("Launching", p.redirect_uri, &fields)).into_response();
    page.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(page)
}

/// `GET /mod/lti/auth.php`.
pub(crate) async fn auth_get(
    State(sim): State<LmsSimulator>,
    Query(request): Query<AuthRequest>,
) -> Result<Response, SimError> {
    authorize(&sim, &request)
}

/// `POST /mod/lti/auth.php` (form encoded).
pub(crate) async fn auth_post(
    State(sim): State<LmsSimulator>,
    Form(request): Form<AuthRequest>,
) -> Result<Response, SimError> {
    authorize(&sim, &request)
}
