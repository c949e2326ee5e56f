//! Quiz attempts: a fresh draw when one starts, server-side scoring when it is submitted, and
//! the `Completion` that the store records in one transaction.
//!
//! The seam for later work: everything that must follow from a completed attempt is described
//! by [`CompletionEffects`] and written by `CourseStore::complete_attempt` in the same
//! transaction as the result. The gradebook adds "queue this score for the LMS" and the
//! certificates add "issue a certificate" as new fields here, plus one INSERT each in the store.

use rand::Rng;
use serde::{Deserialize, Serialize};

use super::Learner;
use crate::content::{Catalogue, JobRole, Lang, Module};
use crate::quiz::{self, AnswerError, Answers, Draw, DrawError, Outcome};

/// A normal quiz, or a test-out taken instead of the lessons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptKind {
    Quiz,
    /// Passed, it marks the module's lessons as skipped (and passes the module like a quiz).
    PreTest,
}

impl AttemptKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptKind::Quiz => "quiz",
            AttemptKind::PreTest => "pretest",
        }
    }

    pub fn parse(s: &str) -> Option<AttemptKind> {
        match s {
            "quiz" => Some(AttemptKind::Quiz),
            "pretest" => Some(AttemptKind::PreTest),
            _ => None,
        }
    }
}

/// An attempt to insert when a learner starts a quiz.
#[derive(Debug, Clone)]
pub struct NewAttempt {
    pub id: String,
    pub learner: Learner,
    pub module_id: String,
    pub kind: AttemptKind,
    /// The module's content version the draw was made from.
    pub content_version: String,
    /// The language of the items (the module's, after fallback).
    pub language: Lang,
    /// The role whose pool the items came from; scoring uses the same pool.
    pub job_role: JobRole,
    pub pass_mark: u8,
    pub draw: Draw,
    pub context_id: Option<String>,
    pub resource_link_id: Option<String>,
    pub started_at: i64,
}

/// An attempt as read back, with its result once submitted.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub id: String,
    pub module_id: String,
    pub kind: AttemptKind,
    pub content_version: String,
    pub language: Lang,
    pub job_role: JobRole,
    pub pass_mark: u8,
    pub draw: Draw,
    pub started_at: i64,
    pub submitted_at: Option<i64>,
    pub result: Option<AttemptResult>,
}

/// What the learner sees after submitting; stored as JSON so the page shows the first result
/// even after the content changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptResult {
    pub correct: usize,
    pub total: usize,
    pub percent: u8,
    pub pass_mark: u8,
    pub passed: bool,
    pub missed_must_pass: Vec<String>,
    pub items: Vec<ItemFeedback>,
}

/// Feedback on one item, with the source cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFeedback {
    pub item_id: String,
    pub prompt: String,
    pub answered: bool,
    pub correct: bool,
    pub must_pass: bool,
    pub feedback: String,
    pub solution: Vec<String>,
    /// The learner's answer in words; empty for attempts recorded before it was kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub given: Vec<String>,
    pub source_title: String,
    pub source_url: Option<String>,
}

/// Everything a learner's request to start an attempt carries.
#[derive(Debug, Clone, Copy)]
pub struct AttemptRequest<'a> {
    pub learner: &'a Learner,
    pub module: &'a Module,
    pub kind: AttemptKind,
    pub role: JobRole,
    pub lang: &'a Lang,
    pub pass_mark: u8,
    pub context_id: Option<&'a str>,
    pub resource_link_id: Option<&'a str>,
    pub now: i64,
}

/// Starts an attempt: a fresh random draw from the pool the learner's role sees.
pub fn new_attempt<R: Rng + ?Sized>(
    req: AttemptRequest<'_>,
    rng: &mut R,
) -> Result<NewAttempt, DrawError> {
    let pool = req.module.pool_for(req.role, req.lang);
    let draw = quiz::draw(&pool.value, req.module.quiz.draw, rng)?;
    Ok(NewAttempt {
        id: uuid::Uuid::new_v4().simple().to_string(),
        learner: req.learner.clone(),
        module_id: req.module.id.clone(),
        kind: req.kind,
        content_version: req.module.version.clone(),
        language: pool.lang.clone(),
        job_role: req.role,
        pass_mark: req.pass_mark,
        draw,
        context_id: req.context_id.map(str::to_owned),
        resource_link_id: req.resource_link_id.map(str::to_owned),
        started_at: req.now,
    })
}

/// Why a submission was not scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FinishError {
    #[error("this attempt was already submitted")]
    AlreadySubmitted,
    #[error(
        "the module changed since this attempt started (content version {started} → {now}); start a new attempt"
    )]
    Stale { started: String, now: String },
    #[error("the answers do not fit this attempt: {0}")]
    Rejected(AnswerError),
}

/// A scored attempt and what follows from it, for `CourseStore::complete_attempt`.
#[derive(Debug, Clone)]
pub struct Completion {
    pub attempt_id: String,
    pub learner: Learner,
    pub module_id: String,
    pub submitted_at: i64,
    pub result: AttemptResult,
    pub effects: CompletionEffects,
}

/// What else the completing transaction writes. Add new consequences of a completed attempt
/// (a score queued for the gradebook, a certificate) as fields here, never as a second
/// transaction: either all of it is recorded or none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompletionEffects {
    /// Lessons to mark as skipped (a passed test-out); lessons already seen stay seen.
    pub skip_lessons: Vec<String>,
    /// Paths that may be complete now; the store records those whose modules are all passed.
    pub path_checks: Vec<PathCheck>,
    /// Scores for the LMS gradebook (grade passback outbox); the store sends the best score.
    pub scores: Vec<crate::grades::QueuedScore>,
    /// Set when the attempt came in after the placement's due date: recorded all the same, and
    /// marked late for the learner's result page and the instructor's roster.
    pub late: Option<super::timing::LateMark>,
    /// Certificates to issue for paths this attempt completes (or completes again after the
    /// previous certificate neared expiry); the store issues at most one per validity period.
    pub certificates: Vec<crate::certificates::CertificateDraft>,
}

/// A learning path and its modules, checked for completion inside the transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathCheck {
    pub path_id: String,
    pub modules: Vec<String>,
}

/// What `complete_attempt` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompleteOutcome {
    Recorded {
        /// The module was not passed before this attempt and is now.
        newly_passed: bool,
        /// Paths completed by this attempt.
        completed_paths: Vec<String>,
    },
    /// Another submission of the same attempt won; nothing was written.
    AlreadySubmitted,
}

/// Scores a submission and describes everything it changes. Scoring uses the attempt's own
/// draw, role, language and pass mark, never the learner's current ones.
pub fn finish_attempt(
    attempt: &Attempt,
    learner: &Learner,
    catalogue: &Catalogue,
    answers: &Answers,
    now: i64,
) -> Result<Completion, FinishError> {
    if attempt.submitted_at.is_some() {
        return Err(FinishError::AlreadySubmitted);
    }
    let stale = |now: &str| FinishError::Stale {
        started: attempt.content_version.clone(),
        now: now.to_owned(),
    };
    let module = catalogue
        .module(&attempt.module_id)
        .ok_or_else(|| stale("(removed)"))?;
    if module.version != attempt.content_version {
        return Err(stale(&module.version));
    }
    let pool = module.pool_for(attempt.job_role, &attempt.language).value;
    let outcome =
        quiz::score(&attempt.draw, &pool, answers, attempt.pass_mark).map_err(|e| match e {
            AnswerError::StaleDraw(_) => stale(&module.version),
            other => FinishError::Rejected(other),
        })?;
    let result = result_of(&outcome, attempt.pass_mark, module, &pool);
    let effects = effects_of(attempt, module, catalogue, result.passed);
    Ok(Completion {
        attempt_id: attempt.id.clone(),
        learner: learner.clone(),
        module_id: module.id.clone(),
        submitted_at: now,
        result,
        effects,
    })
}

fn result_of(
    outcome: &Outcome,
    pass_mark: u8,
    module: &Module,
    pool: &[&crate::content::Item],
) -> AttemptResult {
    let items = outcome
        .items
        .iter()
        .map(|r| {
            let source = module.source(&r.source);
            ItemFeedback {
                item_id: r.item_id.clone(),
                prompt: pool
                    .iter()
                    .find(|i| i.id == r.item_id)
                    .map(|i| i.prompt.clone())
                    .unwrap_or_default(),
                answered: r.answered,
                correct: r.correct,
                must_pass: r.must_pass,
                feedback: r.feedback.clone(),
                solution: r.solution.clone(),
                given: r.given.clone(),
                source_title: source.map_or_else(|| r.source.clone(), |s| s.title.clone()),
                source_url: source.and_then(|s| s.url.clone()),
            }
        })
        .collect();
    AttemptResult {
        correct: outcome.correct,
        total: outcome.total,
        percent: outcome.percent,
        pass_mark,
        passed: outcome.passed,
        missed_must_pass: outcome.missed_must_pass.clone(),
        items,
    }
}

fn effects_of(
    attempt: &Attempt,
    module: &Module,
    catalogue: &Catalogue,
    passed: bool,
) -> CompletionEffects {
    if !passed {
        return CompletionEffects::default();
    }
    let skip_lessons = match attempt.kind {
        AttemptKind::PreTest => module
            .lessons_for(attempt.job_role, &attempt.language)
            .value
            .iter()
            .map(|l| l.slug.clone())
            .collect(),
        AttemptKind::Quiz => Vec::new(),
    };
    let path_checks = catalogue
        .paths()
        .iter()
        .filter(|p| p.modules.contains(&module.id))
        .map(|p| PathCheck {
            path_id: p.id.clone(),
            modules: p.modules.clone(),
        })
        .collect();
    CompletionEffects {
        skip_lessons,
        path_checks,
        scores: Vec::new(),
        late: None,
        certificates: Vec::new(),
    }
}
