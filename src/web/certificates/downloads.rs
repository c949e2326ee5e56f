//! The three downloadable forms of a certificate: the signed credential as a JWT, its JSON, and
//! the PDF with the credential attached. Public by verification code, like `/verify/{code}`.

use super::urls;
use crate::certificates::VerificationCode;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

async fn signed_credential(app: &AppState, raw: &str) -> Result<(String, String), AppError> {
    let not_found = || AppError::not_found("No certificate with this code was issued here.");
    let code = VerificationCode::parse(raw).ok_or_else(not_found)?;
    let cert = app
        .store
        .find_certificate_by_code(&code)
        .await?
        .ok_or_else(not_found)?;
    let jwt = cert.credential_jwt.ok_or_else(|| {
        AppError::new(
            StatusCode::CONFLICT,
            "not_signed",
            "This certificate is not finished yet: the learner has not given a name.",
        )
    })?;
    Ok((code.display(), jwt))
}

pub(super) async fn download_jwt(
    State(app): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    match signed_credential(&app, &code).await {
        Ok((code, jwt)) => (
            [
                (header::CONTENT_TYPE, "application/vc+jwt".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"securehospitals-{code}.jwt\""),
                ),
            ],
            jwt,
        )
            .into_response(),
        Err(e) => e.for_client(&headers).into_response(),
    }
}

pub(super) async fn download_json(
    State(app): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (code, jwt) = match signed_credential(&app, &code).await {
        Ok(found) => found,
        Err(e) => return e.for_client(&headers).into_response(),
    };
    let payload = jwt
        .split('.')
        .nth(1)
        .and_then(|p| {
            use base64::Engine;
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    match payload {
        Some(claims) => (
            [
                (header::CONTENT_TYPE, "application/vc+ld+json".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"securehospitals-{code}.json\""),
                ),
            ],
            serde_json::to_string_pretty(&crate::certificates::credential::credential_of_claims(
                &claims,
            ))
            .unwrap_or_default(),
        )
            .into_response(),
        None => AppError::internal(anyhow::anyhow!("stored credential of {code} is unreadable"))
            .into_response(),
    }
}

pub(super) async fn download_pdf(
    State(app): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let not_found = || AppError::not_found("No certificate with this code was issued here.");
    let cert = match VerificationCode::parse(&code) {
        Some(code) => app.store.find_certificate_by_code(&code).await,
        None => Ok(None),
    };
    let cert = match cert {
        Ok(Some(cert)) => cert,
        Ok(None) => return not_found().for_client(&headers).into_response(),
        Err(e) => return AppError::from(e).into_response(),
    };
    let Some(jwt) = cert.credential_jwt.as_deref() else {
        return AppError::new(
            StatusCode::CONFLICT,
            "not_signed",
            "This certificate is not finished yet: the learner has not given a name.",
        )
        .for_client(&headers)
        .into_response();
    };
    let institution = match app.registry.by_id(cert.learner.registration_id).await {
        Ok(found) => found.map_or_else(|| "a learning platform".to_owned(), |r| r.name),
        Err(e) => return AppError::from(e).into_response(),
    };
    let code = cert.code.display();
    let verify_url = urls(&app).verify(&code);
    let text = crate::certificates::pdf::text_for(&cert, &app.content, &institution, &verify_url);
    // Laying out and compressing a PDF takes milliseconds of CPU: off the async workers, so
    // launches and other requests on the same worker do not wait behind it.
    let jwt = jwt.to_owned();
    let rendered =
        tokio::task::spawn_blocking(move || crate::certificates::pdf::render(&text, &jwt)).await;
    match rendered
        .map_err(anyhow::Error::from)
        .and_then(|r| r.map_err(anyhow::Error::from))
    {
        Ok(pdf) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"securehospitals-certificate-{code}.pdf\""),
                ),
            ],
            pdf,
        )
            .into_response(),
        Err(e) => AppError::internal(e).into_response(),
    }
}
