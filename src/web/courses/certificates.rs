//! "My certificates": the learner's certificates with their codes, downloads and expiry
//! reminders, the one-time name declaration when the launch carried no name, and revocation by
//! the context's instructors (from the roster).

use crate::certificates::certificate_day as date;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::frame::{Frame, Player};
use super::problems::{self, render};
use crate::certificates::{Certificate, Revocation, parse_declared_name};
use crate::content::Lang;
use crate::launch::unix_now;
use crate::state::AppState;

pub struct CertificateView {
    pub title: String,
    pub code: String,
    pub verify_href: String,
    pub json_href: String,
    pub jwt_href: String,
    pub pdf_href: String,
    pub issued: String,
    pub until: String,
    /// `valid`, `expiring`, `expired`, `revoked` or `unsigned`.
    pub state: &'static str,
    pub state_label: String,
    pub name_note: Option<String>,
}

#[derive(Template)]
#[template(path = "certificates/mine.html")]
struct MinePage {
    frame: Frame,
    certificates: Vec<CertificateView>,
    reminders: Vec<String>,
    ask_name: bool,
    name_action: String,
    name_problem: Option<String>,
}

fn view(player: &Player, app: &AppState, cert: &Certificate, now: i64) -> CertificateView {
    let t = player.tr;
    let lang = Lang::parse(&cert.language).unwrap_or_else(|| player.lang.clone());
    let title = app
        .content
        .path(&cert.path_id)
        .map_or_else(|| cert.path_id.clone(), |p| p.title(&lang).to_owned());
    let state = if cert.revocation.is_some() {
        "revoked"
    } else if cert.credential_jwt.is_none() {
        "unsigned"
    } else if cert.valid_until <= now {
        "expired"
    } else if cert.needs_refresh(now) {
        "expiring"
    } else {
        "valid"
    };
    let code = cert.code.display();
    CertificateView {
        title,
        verify_href: format!("/verify/{code}"),
        json_href: format!("/credentials/{code}/credential.json"),
        jwt_href: format!("/credentials/{code}/credential.jwt"),
        pdf_href: format!("/credentials/{code}/certificate.pdf"),
        issued: date(cert.issued_at),
        until: date(cert.valid_until),
        state,
        state_label: t.get(&format!("cert-state-{state}")).to_owned(),
        name_note: cert
            .name_self_declared
            .then(|| t.get("cert-name-self-declared").to_owned()),
        code,
    }
}

/// Reminders for the newest certificate of each path that expires soon or has expired (an
/// older one is superseded by the newer).
fn reminders_of(player: &Player, certs: &[Certificate], views: &[CertificateView]) -> Vec<String> {
    let mut seen = Vec::new();
    let mut reminders = Vec::new();
    for (cert, v) in certs.iter().zip(views) {
        if seen.contains(&cert.path_id) {
            continue;
        }
        seen.push(cert.path_id.clone());
        if v.state == "expiring" || v.state == "expired" {
            reminders.push(player.tr.with(
                "cert-reminder",
                &[
                    ("path", v.title.clone().into()),
                    ("date", v.until.clone().into()),
                ],
            ));
        }
    }
    reminders
}

/// The expiry reminders the dashboard shows (none when the store cannot be read: a reminder
/// is never worth an error page).
pub async fn reminders(player: &Player, app: &AppState) -> Vec<String> {
    let certs = app
        .store
        .learner_certificates(&player.learner)
        .await
        .unwrap_or_default();
    let now = unix_now();
    let views: Vec<CertificateView> = certs.iter().map(|c| view(player, app, c, now)).collect();
    reminders_of(player, &certs, &views)
}

async fn page(player: &Player, app: &AppState, problem: Option<String>) -> Response {
    crate::web::certificates::sign_pending(app).await;
    let certs = match app.store.learner_certificates(&player.learner).await {
        Ok(certs) => certs,
        Err(e) => return problems::store(e),
    };
    let now = unix_now();
    let views: Vec<CertificateView> = certs.iter().map(|c| view(player, app, c, now)).collect();
    let reminders = reminders_of(player, &certs, &views);
    let launch_name = player
        .session
        .data
        .name
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty());
    let ask_name =
        !launch_name && matches!(app.store.declared_name(&player.learner).await, Ok(None));
    let frame = player.frame(player.tr.get("cert-title"));
    let status = if problem.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(
        status,
        &MinePage {
            name_action: format!("/s/{}/certificates/name", player.sid()),
            frame,
            certificates: views,
            reminders,
            ask_name,
            name_problem: problem,
        },
    )
}

pub async fn show_certificates(State(app): State<AppState>, player: Player) -> Response {
    page(&player, &app, None).await
}

#[derive(Debug, Deserialize)]
pub struct NameForm {
    #[serde(default)]
    pub name: String,
}

/// The learner's own name, once, when the LMS sent none.
pub async fn declare_name(
    State(app): State<AppState>,
    player: Player,
    Form(form): Form<NameForm>,
) -> Response {
    if player
        .session
        .data
        .name
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty())
    {
        return page(
            &player,
            &app,
            Some(player.tr.get("cert-name-from-lms").to_owned()),
        )
        .await;
    }
    if let Ok(Some(_)) = app.store.declared_name(&player.learner).await {
        return page(
            &player,
            &app,
            Some(player.tr.get("cert-name-already").to_owned()),
        )
        .await;
    }
    let Some(name) = parse_declared_name(&form.name) else {
        return page(
            &player,
            &app,
            Some(player.tr.get("cert-name-invalid").to_owned()),
        )
        .await;
    };
    if let Err(e) = app
        .store
        .declare_name(&player.learner, &name, unix_now())
        .await
    {
        return problems::store(e);
    }
    Redirect::to(&format!("/s/{}/certificates", player.sid())).into_response()
}

#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    pub reason: String,
}

/// Revokes a certificate of this context; instructors and administrators only, with a reason.
pub async fn revoke_certificate(
    State(app): State<AppState>,
    player: Player,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<RevokeForm>,
) -> Response {
    if !player.session.is_instructor() {
        return crate::error::AppError::forbidden(
            "instructors_only",
            "Only the course's instructors can revoke certificates.",
        )
        .into_response();
    }
    let reason = form.reason.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason.chars().count() < 3 || reason.chars().count() > 500 {
        return crate::error::AppError::bad_request(
            "reason_required",
            "Give a reason for the revocation (3 to 500 characters); it is shown to anyone who verifies the certificate.",
        )
        .into_response();
    }
    let Some(context) = player.session.context_id.as_deref() else {
        return crate::error::AppError::bad_request(
            "no_context",
            "This launch has no course context, so no certificate can be revoked from it.",
        )
        .into_response();
    };
    let revocation = Revocation {
        at: unix_now(),
        reason,
        by: player.session.user_id.clone(),
    };
    match app
        .store
        .revoke_certificate(player.learner.registration_id, context, &id, &revocation)
        .await
    {
        Ok(true) => {
            Redirect::to(&format!("/s/{}/certificates/course", player.sid())).into_response()
        }
        Ok(false) => crate::error::AppError::not_found(
            "No certificate with this id in this course, or it was revoked already.",
        )
        .into_response(),
        Err(e) => problems::store(e),
    }
}

pub struct IssuedView {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub path: String,
    pub code: String,
    pub until: String,
    pub state_label: String,
    pub revoked: bool,
    pub revoke_action: String,
}

#[derive(Template)]
#[template(path = "certificates/course.html")]
struct CoursePage {
    frame: Frame,
    issued: Vec<IssuedView>,
}

/// The certificates issued in this course (linked from the roster), with a revoke form each.
pub async fn show_course_certificates(State(app): State<AppState>, player: Player) -> Response {
    if !player.session.is_instructor() {
        return crate::error::AppError::forbidden(
            "instructors_only",
            "Only the course's instructors can see the certificates issued in it.",
        )
        .into_response();
    }
    let Some(context) = player.session.context_id.as_deref() else {
        return crate::error::AppError::bad_request(
            "no_context",
            "This launch has no course context, so there are no course certificates to show.",
        )
        .into_response();
    };
    let certs = match app
        .store
        .context_certificates(player.learner.registration_id, context)
        .await
    {
        Ok(certs) => certs,
        Err(e) => return problems::store(e),
    };
    let now = unix_now();
    let issued = certs
        .iter()
        .map(|c| {
            let v = view(&player, &app, c, now);
            IssuedView {
                id: c.id.clone(),
                user_id: c.learner.user_id.clone(),
                name: c.learner_name.clone().unwrap_or_default(),
                path: v.title,
                code: v.code,
                until: v.until,
                state_label: v.state_label,
                revoked: c.revocation.is_some(),
                revoke_action: format!("/s/{}/certificates/{}/revoke", player.sid(), c.id),
            }
        })
        .collect();
    let frame = player.frame(player.tr.get("cert-course-title"));
    render(StatusCode::OK, &CoursePage { frame, issued })
}
