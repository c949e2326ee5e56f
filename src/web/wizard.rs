//! The Curriculum Wizard's pages under `/s/{sid}/wizard`: plans, one step per page, the advice
//! (page, JSON, PDF) and "Add to course" for a deep linking session. Instructors, administrators
//! and content developers only; every plan is scoped to the session's platform, context and user.

mod add;
mod advice;
mod pdf;
mod plans;
mod steps;
mod view;

use super::session::tr_for;
use crate::error::AppError;
use crate::i18n::{Tr, UiLang};
use crate::sessions::Session;
use crate::state::AppState;
use crate::wizard::{PlanOwner, StoredPlan};
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{sid}/wizard", get(plans::show_plans))
        .route("/s/{sid}/wizard/plans", post(plans::create_plan))
        .route("/s/{sid}/wizard/import", post(plans::import_plan))
        .route(
            "/s/{sid}/wizard/plans/{pid}/delete",
            post(plans::delete_plan),
        )
        .route(
            "/s/{sid}/wizard/plans/{pid}/steps/{step}",
            get(steps::show_step).post(steps::save_step),
        )
        .route(
            "/s/{sid}/wizard/plans/{pid}/advice",
            get(advice::show_advice),
        )
        .route(
            "/s/{sid}/wizard/plans/{pid}/advice.json",
            get(advice::export_json),
        )
        .route(
            "/s/{sid}/wizard/plans/{pid}/advice.pdf",
            get(pdf::export_pdf),
        )
        .route(
            "/s/{sid}/wizard/plans/{pid}/add-to-course",
            post(add::add_to_course),
        )
}

/// The language switcher in the wizard's header: it posts to the player's `/s/{sid}/language`,
/// which remembers the choice and comes back to `here`.
pub struct Switcher {
    pub here: String,
    pub langs: Vec<(&'static str, &'static str, bool)>,
}

fn switcher(t: Tr, here: String) -> Switcher {
    Switcher {
        here,
        langs: UiLang::ALL
            .iter()
            .map(|l| (l.code(), l.native_name(), *l == t.lang()))
            .collect(),
    }
}

/// Instructors, administrators and content developers plan; anyone else gets a 403 page.
fn require_planner(s: &Session, tr: Tr) -> Result<PlanOwner, AppError> {
    let allowed = s
        .roles()
        .iter()
        .any(|r| r.is_instructor() || r.is_admin() || r.is_content_developer());
    if !allowed {
        return Err(AppError::forbidden(
            "instructors_only",
            tr.get("wizard-forbidden"),
        ));
    }
    Ok(PlanOwner {
        registration_id: s.registration_id,
        context_id: s.context_id.clone().unwrap_or_default(),
        user_id: s.user_id.clone(),
    })
}

/// The owner's plan `pid`, or a 404 page (another owner's plan does not exist for this one).
async fn plan_of(
    app: &AppState,
    owner: &PlanOwner,
    pid: &str,
    tr: Tr,
) -> Result<StoredPlan, AppError> {
    let valid = pid.len() <= 40 && pid.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    let found = if valid {
        app.store.find_plan(owner, pid).await?
    } else {
        None
    };
    found.ok_or_else(|| AppError::not_found(tr.get("wizard-not-found")))
}

#[cfg(test)]
mod tests {
    use crate::i18n::{message_id, message_ids};

    #[test]
    fn every_message_the_wizard_pages_ask_for_exists_in_english() {
        let english: Vec<&str> = message_ids().collect();
        let root = env!("CARGO_MANIFEST_DIR");
        let mut asked = Vec::new();
        for dir in ["templates/wizard", "src/web/wizard"] {
            for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for (i, _) in text.match_indices("\"wizard-") {
                    let rest = &text[i + 1..];
                    let id = &rest[..rest.find('"').unwrap_or(0)];
                    if message_id(&format!("{id} =")).is_some() && !id.ends_with('-') {
                        asked.push(id.to_owned());
                    }
                }
            }
        }
        assert!(
            asked.len() > 60,
            "the scan finds the calls: {}",
            asked.len()
        );
        let unknown: Vec<_> = asked
            .iter()
            .filter(|id| !english.contains(&id.as_str()))
            .collect();
        assert!(
            unknown.is_empty(),
            "missing from i18n/en/wizard.ftl: {unknown:?}"
        );
        for key in [
            "wizard-yes",
            "wizard-no",
            "wizard-notsure",
            "wizard-verify-it",
            "wizard-verify-dpo",
            "wizard-verify-management",
        ] {
            assert!(english.contains(&key), "{key}");
        }
    }
}
