//! AGS scores: the body the grade outbox POSTs to a line item's scores URL, valid by
//! construction (and again when read back from the outbox).

use serde::{Deserialize, Serialize};

use super::AgsError;
use crate::timestamp::Timestamp;
use crate::types::UserId;

/// How far the learner got with the activity.
/// [AGS 2.0 §3.4.7](https://www.imsglobal.org/spec/lti-ags/v2p0#activityprogress).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ActivityProgress {
    /// Not started yet.
    Initialized,
    /// Started.
    Started,
    /// Started and worked on.
    InProgress,
    /// Submitted; more submissions are possible.
    Submitted,
    /// Finished; no further submissions.
    Completed,
}

/// Where grading stands.
/// [AGS 2.0 §3.4.8](https://www.imsglobal.org/spec/lti-ags/v2p0#gradingprogress).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum GradingProgress {
    /// Final: the score may be recorded in the gradebook.
    FullyGraded,
    /// Grading will finish without a human.
    Pending,
    /// A human has to grade.
    PendingManual,
    /// Grading failed.
    Failed,
    /// No grading yet.
    NotReady,
}

/// When the graded attempt started and was submitted.
/// [AGS 2.0 §3.4.9](https://www.imsglobal.org/spec/lti-ags/v2p0#submission).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ScoreSubmission {
    /// When the learner started the attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    /// When the learner submitted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Timestamp>,
}

impl ScoreSubmission {
    /// An attempt started at `started_at` and submitted at `submitted_at`.
    pub fn new(started_at: Option<Timestamp>, submitted_at: Option<Timestamp>) -> Self {
        Self {
            started_at,
            submitted_at,
        }
    }
}

/// A score for one learner on one line item, media type [`super::media_type::SCORE`].
/// [AGS 2.0 §3.4](https://www.imsglobal.org/spec/lti-ags/v2p0#score-publish-service).
///
/// The `timestamp` orders scores: platforms refuse (Moodle) or ignore a score older than the one
/// they hold, so a retry must send the timestamp of the value it retries, and a new value a
/// newer one. Deserialising (e.g. from the outbox) applies the same checks as the constructors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "ScoreFields")]
pub struct Score {
    user_id: UserId,
    #[serde(skip_serializing_if = "Option::is_none")]
    score_given: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score_maximum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    timestamp: Timestamp,
    activity_progress: ActivityProgress,
    grading_progress: GradingProgress,
    #[serde(skip_serializing_if = "Option::is_none")]
    submission: Option<ScoreSubmission>,
}

/// The wire shape, checked by `TryFrom` before it becomes a [`Score`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScoreFields {
    user_id: UserId,
    #[serde(default)]
    score_given: Option<f64>,
    #[serde(default)]
    score_maximum: Option<f64>,
    #[serde(default)]
    comment: Option<String>,
    timestamp: Timestamp,
    activity_progress: ActivityProgress,
    grading_progress: GradingProgress,
    #[serde(default)]
    submission: Option<ScoreSubmission>,
}

impl TryFrom<ScoreFields> for Score {
    type Error = AgsError;
    fn try_from(f: ScoreFields) -> Result<Self, AgsError> {
        if let Some(given) = f.score_given {
            let maximum = f
                .score_maximum
                .ok_or_else(|| invalid("scoreGiven is present without scoreMaximum".to_owned()))?;
            check_values(given, maximum)?;
        } else if let Some(maximum) = f.score_maximum {
            check_maximum(maximum)?;
        }
        Ok(Self {
            user_id: f.user_id,
            score_given: f.score_given,
            score_maximum: f.score_maximum,
            comment: f.comment,
            timestamp: f.timestamp,
            activity_progress: f.activity_progress,
            grading_progress: f.grading_progress,
            submission: f.submission,
        })
    }
}

fn invalid(reason: String) -> AgsError {
    AgsError::ScoreInvalid { reason }
}

fn check_maximum(maximum: f64) -> Result<(), AgsError> {
    if maximum.is_finite() && maximum > 0.0 {
        Ok(())
    } else {
        Err(invalid(format!(
            "scoreMaximum is {maximum}, it must be a number greater than 0"
        )))
    }
}

/// AGS allows `scoreGiven` above `scoreMaximum` (extra credit); this tool never awards any, so a
/// value outside 0..=maximum is a bug in the tool and is refused before it reaches a gradebook.
fn check_values(given: f64, maximum: f64) -> Result<(), AgsError> {
    check_maximum(maximum)?;
    if !given.is_finite() || given < 0.0 || given > maximum {
        return Err(invalid(format!(
            "scoreGiven is {given}, it must be between 0 and scoreMaximum {maximum}"
        )));
    }
    Ok(())
}

impl Score {
    /// A final score: `activityProgress` `Completed`, `gradingProgress` `FullyGraded`, with
    /// `0 <= given <= maximum`, `maximum > 0`, both finite.
    pub fn graded(
        user_id: UserId,
        given: f64,
        maximum: f64,
        timestamp: Timestamp,
    ) -> Result<Self, AgsError> {
        check_values(given, maximum)?;
        Ok(Self {
            score_given: Some(given),
            score_maximum: Some(maximum),
            ..Self::progress(
                user_id,
                ActivityProgress::Completed,
                GradingProgress::FullyGraded,
                timestamp,
            )
        })
    }

    /// A progress report without a score (e.g. `Started` / `NotReady` when an attempt begins).
    pub fn progress(
        user_id: UserId,
        activity: ActivityProgress,
        grading: GradingProgress,
        timestamp: Timestamp,
    ) -> Self {
        Self {
            user_id,
            score_given: None,
            score_maximum: None,
            comment: None,
            timestamp,
            activity_progress: activity,
            grading_progress: grading,
            submission: None,
        }
    }

    /// Sets the comment the learner and teacher see in the gradebook.
    pub fn with_comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Replaces the progress values (e.g. `Submitted` for a score that may still improve).
    pub fn with_progress(mut self, activity: ActivityProgress, grading: GradingProgress) -> Self {
        self.activity_progress = activity;
        self.grading_progress = grading;
        self
    }

    /// Adds when the attempt started and was submitted.
    pub fn with_submission(mut self, submission: ScoreSubmission) -> Self {
        self.submission = Some(submission);
        self
    }

    /// The learner (the `sub` of their launches).
    pub fn user_id(&self) -> &UserId {
        &self.user_id
    }

    /// The score, if any.
    pub fn score_given(&self) -> Option<f64> {
        self.score_given
    }

    /// The maximum the score is relative to, if any.
    pub fn score_maximum(&self) -> Option<f64> {
        self.score_maximum
    }

    /// The comment, if any.
    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }

    /// When the score was set in the tool.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The activity progress.
    pub fn activity_progress(&self) -> ActivityProgress {
        self.activity_progress
    }

    /// The grading progress.
    pub fn grading_progress(&self) -> GradingProgress {
        self.grading_progress
    }

    /// The submission times, if any.
    pub fn submission(&self) -> Option<&ScoreSubmission> {
        self.submission.as_ref()
    }

    /// The JSON body to POST.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising plain strings, finite numbers and enums cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}
