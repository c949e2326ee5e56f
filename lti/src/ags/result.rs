//! AGS results: what the gradebook holds for a learner, read back to confirm a delivered score
//! and to show registrars whether tool and platform agree.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

use super::{AgsError, Score, parse_body};
use crate::service_url::LineItemUrl;
use crate::timestamp::Timestamp;
use crate::types::UserId;

/// Ratios closer than this count as the same grade: platforms store grades rounded (Moodle to
/// five decimals) and rescale them to the line item's maximum.
const SAME_GRADE_TOLERANCE: f64 = 1e-4;

/// One learner's result on a line item.
/// [AGS 2.0 §3.3.5](https://www.imsglobal.org/spec/lti-ags/v2p0#result-service), media type
/// [`super::media_type::RESULT_CONTAINER`] for the container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResultItem {
    /// The result's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Url>,
    /// The line item it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_of: Option<LineItemUrl>,
    /// The learner.
    pub user_id: UserId,
    /// The current score, relative to `resultMaximum`; absent when not graded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_score: Option<f64>,
    /// The maximum of `resultScore`; AGS says 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_maximum: Option<f64>,
    /// The comment shown in the gradebook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When the platform last changed the result (not part of AGS 2.0; Moodle sends it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    /// Members this crate does not interpret, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResultItem {
    /// Parses a results container (a JSON array; an empty body is an empty container).
    pub fn parse_container(body: &[u8]) -> Result<Vec<Self>, AgsError> {
        parse_body(body, "results container")
    }

    /// The result as a fraction of its maximum (1 when absent, as AGS specifies); `None`
    /// without a score or with a maximum that is not positive.
    pub fn ratio(&self) -> Option<f64> {
        let max = self.result_maximum.unwrap_or(1.0);
        match self.result_score {
            Some(score) if max > 0.0 && score.is_finite() => Some(score / max),
            _ => None,
        }
    }

    /// Whether this result shows `score`: same learner and the same grade as a fraction of the
    /// maximum (platforms rescale to the line item's maximum, Moodle reports 15/20 as 75/100).
    /// A score without a value is held by a result without one.
    pub fn holds(&self, score: &Score) -> bool {
        if &self.user_id != score.user_id() {
            return false;
        }
        let sent = match (score.score_given(), score.score_maximum()) {
            (Some(given), Some(max)) => Some(given / max),
            _ => None,
        };
        match (sent, self.ratio()) {
            (Some(sent), Some(held)) => (sent - held).abs() <= SAME_GRADE_TOLERANCE,
            (None, None) => self.result_score.is_none(),
            _ => false,
        }
    }
}
