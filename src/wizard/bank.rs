//! The questionnaire as data: steps, questions, answer kinds and option labels in six languages.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::i18n::UiLang;

/// A text in every interface language, keyed by language code.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    pub fn get(&self, lang: UiLang) -> &str {
        self.0
            .get(lang.code())
            .or_else(|| self.0.get("en"))
            .map_or("", String::as_str)
    }

    /// Keys that are no interface language (a typo such as `en2`, or another field).
    pub fn unknown(&self) -> Vec<&str> {
        self.0
            .keys()
            .map(String::as_str)
            .filter(|k| !UiLang::ALL.iter().any(|l| l.code() == *k))
            .collect()
    }

    /// The languages this text lacks.
    pub fn missing(&self) -> Vec<&'static str> {
        UiLang::ALL
            .iter()
            .map(|l| l.code())
            .filter(|c| self.0.get(*c).is_none_or(|t| t.trim().is_empty()))
            .collect()
    }
}

/// One page of the questionnaire.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: Text,
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Single,
    Multi,
    /// Yes / No / Not sure.
    YesNo,
    /// 1 to 5 with an explicit N/A.
    Scale,
    /// A number of people per job role.
    Headcount,
    /// An optional percentage.
    Percent,
}

/// What N/A means on a scale: a missing policy is a finding, "not applicable" is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NaMeaning {
    NoPolicy,
    NotApplicable,
}

/// An option: its id and its label in each language (any other key is taken for a language,
/// and `Text::unknown` reports it).
#[derive(Debug, Clone, Deserialize)]
pub struct OptionDef {
    pub id: String,
    #[serde(flatten)]
    pub label: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub step: String,
    pub kind: Kind,
    pub text: Text,
    #[serde(default)]
    pub options: Vec<OptionDef>,
    #[serde(default = "yes")]
    pub required: bool,
    pub na: Option<NaMeaning>,
    /// Most options a multi-select takes.
    pub max: Option<usize>,
}

fn yes() -> bool {
    true
}

impl Question {
    pub fn option(&self, id: &str) -> Option<&OptionDef> {
        self.options.iter().find(|o| o.id == id)
    }
}

/// The whole questionnaire.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
}

impl Bank {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions of step `index` (0-based), in file order.
    pub fn step_questions(&self, index: usize) -> Vec<&Question> {
        match self.steps.get(index) {
            Some(step) => self
                .questions
                .iter()
                .filter(|q| q.step == step.id)
                .collect(),
            None => Vec::new(),
        }
    }

    pub fn step_of(&self, question: &str) -> Option<usize> {
        let q = self.question(question)?;
        self.steps.iter().position(|s| s.id == q.step)
    }

    /// Everything wrong with the questionnaire, as sentences naming the question.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for s in &self.steps {
            if !s.title.missing().is_empty() {
                out.push(format!(
                    "step {}: title lacks {:?}",
                    s.id,
                    s.title.missing()
                ));
            }
            if !self.questions.iter().any(|q| q.step == s.id) {
                out.push(format!("step {} has no questions", s.id));
            }
        }
        for q in &self.questions {
            if !seen.insert(q.id.as_str()) {
                out.push(format!("question {} is defined twice", q.id));
            }
            if !self.steps.iter().any(|s| s.id == q.step) {
                out.push(format!("question {}: unknown step {}", q.id, q.step));
            }
            if !q.text.missing().is_empty() {
                out.push(format!(
                    "question {}: text lacks {:?}",
                    q.id,
                    q.text.missing()
                ));
            }
            let needs_options = matches!(q.kind, Kind::Single | Kind::Multi);
            if needs_options == q.options.is_empty() {
                out.push(format!("question {}: options do not fit its kind", q.id));
            }
            if (q.kind == Kind::Scale) != q.na.is_some() {
                out.push(format!(
                    "question {}: scales (only) say what N/A means",
                    q.id
                ));
            }
            let mut ids = BTreeSet::new();
            for o in &q.options {
                if !ids.insert(o.id.as_str()) {
                    out.push(format!("question {}: option {} twice", q.id, o.id));
                }
                if !o.label.missing().is_empty() {
                    out.push(format!(
                        "question {} option {}: label lacks {:?}",
                        q.id,
                        o.id,
                        o.label.missing()
                    ));
                }
                if !o.label.unknown().is_empty() {
                    out.push(format!(
                        "question {} option {}: unknown keys {:?} (an option has an id and a label per language: {})",
                        q.id,
                        o.id,
                        o.label.unknown(),
                        UiLang::ALL.iter().map(|l| l.code()).collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
        out
    }
}
