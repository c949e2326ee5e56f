//! `Player`: everything a player page needs about the request (session, learner, placement,
//! language, job role), and `Frame`, the part of every page around its content.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::problems;
use crate::content::{JobRole, Lang};
use crate::courses::timing::{self, Timing};
use crate::courses::{self, Learner, Placement, Profile, RoleSource};
use crate::i18n::{Tr, UiLang};
use crate::sessions::Session;
use crate::state::AppState;
use crate::web::CurrentSession;

/// The learner behind a player request, with their placement and language resolved.
#[derive(Debug)]
pub struct Player {
    pub session: Session,
    pub learner: Learner,
    pub profile: Profile,
    pub placement: Placement,
    /// The language the learner reads in: their choice, else the LMS locale, else English.
    pub lang: Lang,
    pub tr: Tr,
    /// The page's path below `/s/{sid}/`, to come back to after switching language or role.
    pub here: String,
    /// The learner's own later due date for this placement, when an instructor granted one.
    pub extended_due: Option<i64>,
}

impl FromRequestParts<AppState> for Player {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Response> {
        let CurrentSession(session) = CurrentSession::from_request_parts(parts, app)
            .await
            .map_err(IntoResponse::into_response)?;
        let learner = Learner {
            registration_id: session.registration_id,
            user_id: session.user_id.clone(),
        };
        let profile = app
            .store
            .learner_profile(&learner)
            .await
            .map_err(|e| crate::error::AppError::from(e).into_response())?;
        let lang = profile
            .language
            .clone()
            .or_else(|| session.locale.as_deref().and_then(Lang::parse))
            .unwrap_or_else(Lang::english);
        let tr = Tr::new(UiLang::negotiate(Some(&lang)));
        let prefix = format!("/s/{}/", session.id.as_str());
        let here = parts
            .uri
            .path()
            .strip_prefix(&prefix)
            .unwrap_or("courses")
            .to_owned();
        let mut player = Player {
            placement: Placement {
                module: None,
                path: None,
                job_role: None,
                pass_mark: None,
                graded: courses::Graded::None,
            },
            session,
            learner,
            profile,
            lang,
            tr,
            here,
            extended_due: None,
        };
        match Placement::parse(&player.session.data.custom, &app.content) {
            Ok(placement) => player.placement = placement,
            Err(e) => return Err(problems::placement(&player, &e)),
        }
        let timing = Timing::from_custom(&player.session.data.custom);
        let own = crate::instructor_actions::learner_timing(
            &app.store,
            &player.learner,
            player.session.context_id.as_deref(),
            &player.placement,
            timing,
        )
        .await
        .map_err(|e| crate::error::AppError::from(e).into_response())?;
        player.extended_due = own
            .due
            .filter(|_| own.due != timing.due)
            .map(|d| d.unix_timestamp());
        Ok(player)
    }
}

impl Player {
    pub fn sid(&self) -> &str {
        self.session.id.as_str()
    }

    /// The job role in force, and whether the placement fixed it.
    pub fn role(&self) -> Option<(JobRole, RoleSource)> {
        courses::effective_role(&self.placement, &self.profile)
    }

    /// How the activity is named on problem pages: its title in the LMS, else its id.
    pub fn placement_name(&self) -> String {
        let d = &self.session.data;
        d.resource_link_title
            .clone()
            .or_else(|| self.session.resource_link_id.clone())
            .unwrap_or_default()
    }

    /// The placement's opening and due dates for learners, in their language.
    fn timing_note(&self) -> Option<String> {
        if self.placement.module.is_none() && self.placement.path.is_none() {
            return None;
        }
        let timing = Timing::from_custom(&self.session.data.custom);
        if timing.is_empty() {
            return None;
        }
        let t = self.tr;
        let now = crate::launch::unix_now();
        let mut parts = Vec::new();
        if let Some(opens) = timing.opens {
            let key = if timing.not_open_yet(now) {
                "timing-not-open"
            } else {
                "timing-opened"
            };
            parts.push(t.text(key, "date", &timing::show(opens)));
        }
        if let Some(extended) = self.extended_due.filter(|at| now <= *at) {
            parts.push(t.text("ra-extended-for-you", "date", &timing::show_unix(extended)));
        } else if let Some(due) = timing.due {
            let key = if timing.overdue(now) {
                "timing-overdue"
            } else {
                "timing-due"
            };
            parts.push(t.text(key, "date", &timing::show(due)));
        }
        Some(parts.join(" "))
    }

    /// The frame of a page titled `title`.
    pub fn frame(&self, title: impl Into<String>) -> Frame {
        let t = self.tr;
        let d = &self.session.data;
        let name = d
            .given_name
            .clone()
            .or_else(|| d.name.clone())
            .unwrap_or_else(|| self.session.user_id.clone());
        let who_role = if self.session.is_instructor() {
            "who-instructor"
        } else {
            "who-learner"
        };
        Frame {
            title: title.into(),
            sid: self.sid().to_owned(),
            lang: t.lang().code(),
            t,
            who: format!(
                "{} ({})",
                t.text("signed-in-as", "name", &name),
                t.get(who_role)
            ),
            role: self
                .role()
                .map(|(r, _)| t.text("nav-role", "role", t.get(role_key(r)))),
            here: self.here.clone(),
            languages: UiLang::ALL
                .iter()
                .map(|l| (l.code(), l.native_name(), *l == t.lang()))
                .collect(),
            timing: self.timing_note(),
            instructor: self.session.is_instructor(),
        }
    }
}

/// The message id of a job role's name; its description is the same id with `-desc`.
pub fn role_key(role: JobRole) -> &'static str {
    match role {
        JobRole::Clinician => "role-cl",
        JobRole::Nurse => "role-nu",
        JobRole::Administrative => "role-ad",
        JobRole::ItEngineering => "role-it",
        JobRole::Management => "role-mg",
        JobRole::Trainer => "role-tr",
    }
}

/// What every player page shows around its content: language, who is signed in, the job role,
/// navigation, the language switcher and "End session" (shared ward terminals).
#[derive(Debug, Clone)]
pub struct Frame {
    pub title: String,
    pub sid: String,
    /// `<html lang>`: the interface language.
    pub lang: &'static str,
    pub t: Tr,
    pub who: String,
    pub role: Option<String>,
    pub here: String,
    /// `(code, native name, selected)` for the switcher.
    pub languages: Vec<(&'static str, &'static str, bool)>,
    /// When the placed activity opens and is due, if the instructor set it.
    pub timing: Option<String>,
    /// Instructors also get links to the roster, grade sync and the wizard.
    pub instructor: bool,
}
