//! Public certificate routes, no login: verification by code (HTML for people, JSON for
//! machines), verification of a pasted or posted credential, the credential downloads, and the
//! issuer's profile, keys and status lists at stable URLs. Verification is rate-limited per
//! client address.

mod downloads;
mod pages;
mod upload;

use crate::certificates::VerificationCode;
use crate::certificates::credential::{IssuerUrls, issuer_profile};
use crate::certificates::issuer_keys::published_jwks;
use crate::certificates::service::{self, Issuing, Report};
use crate::error::AppError;
use crate::launch::unix_now;
use crate::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde_json::json;
use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;

/// Verifications per client address: a burst of 40, then one a second. With 80-bit codes this
/// makes guessing hopeless while an auditor checking a stack of certificates is fine.
const VERIFY_BURST: u32 = 40;
const VERIFY_PERIOD_MS: u64 = 1_000;
/// A credential posted as the request body: the same cap as an uploaded file.
const MAX_CREDENTIAL_BYTES: usize = upload::MAX_UPLOAD_BYTES;

pub fn router(state: &AppState) -> Router<AppState> {
    let governor = GovernorConfigBuilder::default()
        .per_millisecond(VERIFY_PERIOD_MS)
        .burst_size(VERIFY_BURST)
        .key_extractor(super::rate_limit::ClientIp::new(
            state.config.trusted_proxies.clone(),
        ))
        .finish()
        .map(|g| {
            super::rate_limit::forget_idle_clients(g.limiter());
            GovernorLayer::new(g).error_handler(too_many)
        });
    let verify = Router::new()
        .route(
            "/verify",
            get(pages::show_verify_form)
                .post(verify_posted)
                .layer(DefaultBodyLimit::max(upload::MAX_FORM_BYTES)),
        )
        .route("/verify/{code}", get(verify_code))
        .route(
            "/credentials/{code}/credential.json",
            get(downloads::download_json),
        )
        .route(
            "/credentials/{code}/credential.jwt",
            get(downloads::download_jwt),
        )
        .route(
            "/credentials/{code}/certificate.pdf",
            get(downloads::download_pdf),
        )
        // A status list is signed again after each revocation and for each list number not
        // asked before: limited like verification, so an anonymous caller cannot make the tool
        // sign without end.
        .route("/credentials/status/{list}", get(show_status_list));
    let verify = match governor {
        Some(layer) => verify.route_layer(layer),
        None => verify,
    };
    Router::new()
        .merge(verify)
        .route("/credentials/issuer", get(show_issuer))
        .route("/credentials/keys", get(show_keys))
}

fn too_many(error: tower_governor::GovernorError) -> Response {
    super::rate_limit::refused(error, "verification requests")
}

pub(crate) fn urls(app: &AppState) -> IssuerUrls {
    IssuerUrls::new(&app.config.public_url)
}

/// Signs certificates the last transaction issued; a failure is logged and retried later.
pub(crate) async fn sign_pending(app: &AppState) {
    let urls = urls(app);
    let issuing = Issuing {
        store: app.store.as_ref(),
        keys: &app.credential_keys,
        catalogue: &app.content,
        urls: &urls,
    };
    if let Err(e) = service::sign_pending(issuing, unix_now()).await {
        tracing::error!(error = %e, "signing issued certificates failed; they are signed on the next try");
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"))
}

/// The JSON answer of a verification.
pub fn report_json(report: &Report, urls: &IssuerUrls) -> serde_json::Value {
    let reason = match &report.verdict {
        crate::certificates::verify::Verdict::Revoked { reason }
        | crate::certificates::verify::Verdict::NotIssuedHere { reason }
        | crate::certificates::verify::Verdict::Invalid { reason } => Some(reason.clone()),
        _ => None,
    };
    let cert = report.certificate.as_ref();
    json!({
        "status": report.verdict.as_str(),
        "valid": report.verdict == crate::certificates::verify::Verdict::Valid,
        "reason": reason,
        "code": cert.map(|c| c.code.display()),
        "name": cert.and_then(|c| c.learner_name.clone()),
        "name_self_declared": cert.map(|c| c.name_self_declared),
        "path": report.credential.as_ref().map(|c| c["credentialSubject"]["achievement"]["name"].clone()),
        "valid_from": cert.map(|c| crate::keys::format_time(c.issued_at)),
        "valid_until": cert.map(|c| crate::keys::format_time(c.valid_until)),
        "revoked_at": cert.and_then(|c| c.revocation.as_ref()).map(|r| crate::keys::format_time(r.at)),
        "verification_url": cert.map(|c| urls.verify(&c.code.display())),
        "credential": report.credential.as_ref().map(crate::certificates::credential::credential_of_claims),
    })
}

async fn verify_code(
    State(app): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (raw, json_suffix) = match raw.strip_suffix(".json") {
        Some(code) => (code.to_owned(), true),
        None => (raw, false),
    };
    let as_json = json_suffix || wants_json(&headers);
    let urls = urls(&app);
    let report = match VerificationCode::parse(&raw) {
        Some(code) => service::verify_code(app.store.as_ref(), &urls, &code, unix_now()).await,
        None => Ok(Report {
            verdict: crate::certificates::verify::Verdict::NotIssuedHere {
                reason: "this is not a SecureHospitals verification code (16 letters and digits)"
                    .into(),
            },
            certificate: None,
            credential: None,
        }),
    };
    respond(report, &urls, as_json, &headers)
}

fn respond(
    report: Result<Report, service::CertificateError>,
    urls: &IssuerUrls,
    as_json: bool,
    headers: &HeaderMap,
) -> Response {
    match report {
        Ok(report) if as_json => axum::Json(report_json(&report, urls)).into_response(),
        Ok(report) => pages::report_page(&report, headers),
        Err(e) => {
            let e = AppError::internal(e);
            if as_json { e.as_json() } else { e }.into_response()
        }
    }
}

/// POST /verify: the forms (a code, a pasted credential, an uploaded file) from people, or a
/// raw credential (JWT, JSON or PDF) from machines.
async fn verify_posted(State(app): State<AppState>, headers: HeaderMap, req: Request) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        return match Multipart::from_request(req, &app).await {
            Ok(multipart) => verify_uploaded(&app, &headers, multipart).await,
            Err(_) => upload_problem(&headers, StatusCode::BAD_REQUEST, "verify-unreadable"),
        };
    }
    let body = match Bytes::from_request(req, &app).await {
        Ok(body) if body.len() <= MAX_CREDENTIAL_BYTES => body,
        Ok(_) => return too_large(&headers),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(&headers),
        Err(e) => {
            return AppError::bad_request("unreadable_body", e.body_text())
                .for_client(&headers)
                .into_response();
        }
    };
    let urls = urls(&app);
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        let report = service::verify_upload(app.store.as_ref(), &urls, &body, unix_now()).await;
        return respond(report, &urls, true, &headers);
    }
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    if let Some(code) = field("code") {
        return match VerificationCode::parse(&code) {
            Some(code) => Redirect::to(&format!("/verify/{}", code.display())).into_response(),
            None => pages::form_problem(&headers, "verify-bad-code"),
        };
    }
    match field("credential") {
        Some(text) => {
            let report =
                service::verify_upload(app.store.as_ref(), &urls, text.as_bytes(), unix_now())
                    .await;
            respond(report, &urls, false, &headers)
        }
        None => pages::form_problem(&headers, "verify-empty"),
    }
}

/// The upload form: the chosen file (a PDF, a credential JSON or a JWT) is verified like a
/// posted credential; the answer is a page, or JSON when the caller asks for it.
async fn verify_uploaded(app: &AppState, headers: &HeaderMap, multipart: Multipart) -> Response {
    let bytes = match upload::read(multipart).await {
        upload::Upload::Content(bytes) => bytes,
        upload::Upload::Empty => {
            return upload_problem(headers, StatusCode::BAD_REQUEST, "verify-file-empty");
        }
        upload::Upload::TooLarge => return too_large(headers),
        upload::Upload::Unreadable => {
            return upload_problem(headers, StatusCode::BAD_REQUEST, "verify-unreadable");
        }
    };
    let urls = urls(app);
    let report = service::verify_upload(app.store.as_ref(), &urls, &bytes, unix_now()).await;
    respond(report, &urls, wants_json(headers), headers)
}

fn too_large(headers: &HeaderMap) -> Response {
    upload_problem(headers, StatusCode::PAYLOAD_TOO_LARGE, "verify-too-large")
}

/// A refused upload: the form again with the reason for people, JSON for machines.
fn upload_problem(headers: &HeaderMap, status: StatusCode, message_id: &str) -> Response {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| {
            let c = c.to_ascii_lowercase();
            c.starts_with("multipart/form-data")
                || c.starts_with("application/x-www-form-urlencoded")
        });
    if is_form && !wants_json(headers) {
        return pages::form_problem_with(headers, status, message_id);
    }
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        _ => "unreadable_upload",
    };
    let message = crate::i18n::Tr::new(crate::i18n::UiLang::En)
        .get(message_id)
        .to_owned();
    AppError::new(status, code, message)
        .as_json()
        .into_response()
}

async fn show_issuer(State(app): State<AppState>) -> Response {
    axum::Json(issuer_profile(&urls(&app))).into_response()
}

async fn show_keys(State(app): State<AppState>) -> Response {
    match published_jwks(app.store.as_ref(), unix_now()).await {
        Ok(jwks) => (
            [(header::CACHE_CONTROL, "public, max-age=300")],
            axum::Json(jwks),
        )
            .into_response(),
        Err(e) => AppError::from(e).as_json().into_response(),
    }
}

async fn show_status_list(State(app): State<AppState>, Path(list): Path<String>) -> Response {
    let Some(list) = list
        .parse::<i64>()
        .ok()
        .filter(|l| (1..=1_000_000).contains(l))
    else {
        return AppError::not_found("There is no status list with this number.")
            .as_json()
            .into_response();
    };
    let urls = urls(&app);
    let issuing = Issuing {
        store: app.store.as_ref(),
        keys: &app.credential_keys,
        catalogue: &app.content,
        urls: &urls,
    };
    match service::status_list_jwt(issuing, &app.status_lists, list, unix_now()).await {
        Ok(None) => AppError::not_found(
            "There is no status list with this number: no certificate has been issued with an index in it.",
        )
        .as_json()
        .into_response(),
        Ok(Some(jwt)) => (
            [
                (header::CONTENT_TYPE, "application/vc+jwt"),
                (header::CACHE_CONTROL, "public, max-age=60"),
            ],
            jwt,
        )
            .into_response(),
        Err(e) => AppError::internal(e).as_json().into_response(),
    }
}
