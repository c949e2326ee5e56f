//! The people's side of verification: the form, and the verdict page in the visitor's
//! language (from `Accept-Language`; nobody is logged in here).

use crate::certificates::service::Report;
use crate::certificates::verify::Verdict;
use crate::i18n::Tr;
use askama::Template;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

fn visitor_tr(headers: &HeaderMap) -> Tr {
    Tr::new(crate::web::lang::visitor_lang(None, headers))
}

#[derive(Template)]
#[template(path = "certificates/verify.html")]
struct VerifyPage {
    t: Tr,
    lang: &'static str,
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "certificates/report.html")]
struct ReportPage {
    t: Tr,
    lang: &'static str,
    status: &'static str,
    heading: String,
    reason: Option<String>,
    facts: Vec<(String, String)>,
}

fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => crate::error::AppError::internal(e).into_response(),
    }
}

pub async fn show_verify_form(headers: HeaderMap) -> Response {
    let t = visitor_tr(&headers);
    render(
        StatusCode::OK,
        &VerifyPage {
            t,
            lang: t.lang().code(),
            problem: None,
        },
    )
}

pub fn form_problem(headers: &HeaderMap, message_id: &str) -> Response {
    form_problem_with(headers, StatusCode::BAD_REQUEST, message_id)
}

/// The form again, with the reason it could not be checked.
pub fn form_problem_with(headers: &HeaderMap, status: StatusCode, message_id: &str) -> Response {
    let t = visitor_tr(headers);
    render(
        status,
        &VerifyPage {
            t,
            lang: t.lang().code(),
            problem: Some(t.get(message_id).to_owned()),
        },
    )
}

pub fn report_page(report: &Report, headers: &HeaderMap) -> Response {
    let t = visitor_tr(headers);
    let date = crate::certificates::certificate_day;
    let reason = match &report.verdict {
        Verdict::Valid => None,
        Verdict::Expired { on } => Some(t.text("verify-expired-on", "date", &date(*on))),
        Verdict::NotYetValid { from } => Some(t.text("verify-not-yet-on", "date", &date(*from))),
        Verdict::Revoked { reason } => Some(t.text("verify-revoked-reason", "reason", reason)),
        Verdict::NotIssuedHere { reason } | Verdict::Invalid { reason } => Some(reason.clone()),
    };
    let mut facts = Vec::new();
    if let Some(cert) = &report.certificate {
        let mut name = cert.learner_name.clone().unwrap_or_default();
        if cert.name_self_declared {
            name = format!("{name} ({})", t.get("verify-self-declared"));
        }
        facts.push((t.get("verify-fact-name").to_owned(), name));
        if let Some(c) = &report.credential {
            let path = c["credentialSubject"]["achievement"]["name"]
                .as_str()
                .unwrap_or_default();
            facts.push((t.get("verify-fact-path").to_owned(), path.to_owned()));
        }
        facts.push((t.get("verify-fact-issued").to_owned(), date(cert.issued_at)));
        facts.push((
            t.get("verify-fact-until").to_owned(),
            date(cert.valid_until),
        ));
        facts.push((t.get("verify-fact-code").to_owned(), cert.code.display()));
    }
    let status = report.verdict.as_str();
    let code = if matches!(report.verdict, Verdict::NotIssuedHere { .. }) {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    render(
        code,
        &ReportPage {
            t,
            lang: t.lang().code(),
            status,
            heading: t
                .get(&format!("verify-status-{}", status.replace('_', "-")))
                .to_owned(),
            reason,
            facts,
        },
    )
}
