//! A trainer's answers: kept raw (exactly as typed, so nothing is lost when a value is invalid)
//! and parsed per question into checked values for the rules.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bank::{Bank, Kind, Question};
use crate::content::JobRole;

/// Form values as submitted, by field name (`C1`, `T1` (repeated), `A1.CL`, ...).
pub type RawAnswers = BTreeMap<String, Vec<String>>;

/// Yes / No / Not sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum YesNo {
    Yes,
    No,
    NotSure,
}

impl YesNo {
    pub fn parse(s: &str) -> Option<YesNo> {
        match s {
            "yes" => Some(YesNo::Yes),
            "no" => Some(YesNo::No),
            "notsure" => Some(YesNo::NotSure),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            YesNo::Yes => "yes",
            YesNo::No => "no",
            YesNo::NotSure => "notsure",
        }
    }
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Choice(String),
    Multi(Vec<String>),
    YesNo(YesNo),
    /// 1 to 5, `None` for N/A.
    Scale(Option<u8>),
    Headcount(BTreeMap<JobRole, u32>),
    Percent(u8),
}

impl Answer {
    /// The answer as option ids (`yes`, `3`, `na`, `CL=40`), for rules and evidence.
    pub fn values(&self) -> Vec<String> {
        match self {
            Answer::Choice(c) => vec![c.clone()],
            Answer::Multi(v) => v.clone(),
            Answer::YesNo(y) => vec![y.as_str().to_owned()],
            Answer::Scale(Some(n)) => vec![n.to_string()],
            Answer::Scale(None) => vec!["na".to_owned()],
            Answer::Headcount(h) => h.iter().map(|(r, n)| format!("{r}={n}")).collect(),
            Answer::Percent(p) => vec![p.to_string()],
        }
    }
}

/// Checked answers by question id; unanswered optional questions are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(pub BTreeMap<String, Answer>);

impl Answers {
    pub fn get(&self, q: &str) -> Option<&Answer> {
        self.0.get(q)
    }

    /// People in `role` (0 when the role is not in the plan).
    pub fn headcount(&self, role: JobRole) -> u32 {
        self.0
            .values()
            .find_map(|a| match a {
                Answer::Headcount(h) => Some(h.get(&role).copied().unwrap_or(0)),
                _ => None,
            })
            .unwrap_or(0)
    }

    pub fn roles(&self) -> Vec<JobRole> {
        JobRole::ALL
            .into_iter()
            .filter(|r| self.headcount(*r) > 0)
            .collect()
    }
}

/// Why an answer cannot be used. The page shows it beside the question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerProblem {
    #[error("this question needs an answer")]
    Missing,
    #[error("{0:?} is not one of the choices")]
    UnknownOption(String),
    #[error("{0:?} is not a whole number")]
    NotANumber(String),
    #[error("{value} is outside {min} to {max}")]
    OutOfRange { value: i64, min: i64, max: i64 },
    #[error("choose at most {0}")]
    TooMany(usize),
    #[error("enter at least one role with more than 0 people")]
    NoRoles,
}

/// The form field of a headcount question for `role`.
pub fn headcount_field(q: &str, role: JobRole) -> String {
    format!("{q}.{}", role.as_str())
}

fn first<'a>(raw: &'a RawAnswers, key: &str) -> Option<&'a str> {
    raw.get(key)
        .and_then(|v| v.first())
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
}

fn number(text: &str, min: i64, max: i64) -> Result<i64, AnswerProblem> {
    let n: i64 = text
        .parse()
        .map_err(|_| AnswerProblem::NotANumber(text.to_owned()))?;
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(AnswerProblem::OutOfRange { value: n, min, max })
    }
}

impl Question {
    /// Parses this question's raw value; `Ok(None)` when it is unanswered.
    pub fn parse(&self, raw: &RawAnswers) -> Result<Option<Answer>, AnswerProblem> {
        let one = first(raw, &self.id);
        let answer = match self.kind {
            Kind::Single => match one {
                None => None,
                Some(v) if self.option(v).is_some() => Some(Answer::Choice(v.to_owned())),
                Some(v) => return Err(AnswerProblem::UnknownOption(v.to_owned())),
            },
            Kind::Multi => self.parse_multi(raw)?,
            Kind::YesNo => match one {
                None => None,
                Some(v) => Some(Answer::YesNo(
                    YesNo::parse(v).ok_or_else(|| AnswerProblem::UnknownOption(v.to_owned()))?,
                )),
            },
            Kind::Scale => match one {
                None => None,
                Some("na") => Some(Answer::Scale(None)),
                Some(v) => Some(Answer::Scale(Some(number(v, 1, 5)? as u8))),
            },
            Kind::Percent => match one {
                None => None,
                Some(v) => Some(Answer::Percent(
                    number(v.trim_end_matches('%').trim(), 0, 100)? as u8,
                )),
            },
            Kind::Headcount => self.parse_headcount(raw)?,
        };
        Ok(answer)
    }

    fn parse_multi(&self, raw: &RawAnswers) -> Result<Option<Answer>, AnswerProblem> {
        let picked: Vec<String> = raw.get(&self.id).cloned().unwrap_or_default();
        let mut out: Vec<String> = Vec::new();
        for v in picked.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if self.option(v).is_none() {
                return Err(AnswerProblem::UnknownOption(v.to_owned()));
            }
            if !out.iter().any(|o| o == v) {
                out.push(v.to_owned());
            }
        }
        if let Some(max) = self.max
            && out.len() > max
        {
            return Err(AnswerProblem::TooMany(max));
        }
        // An optional multi-select left empty is an answer: "none of these".
        Ok((!out.is_empty() || !self.required).then_some(Answer::Multi(out)))
    }

    fn parse_headcount(&self, raw: &RawAnswers) -> Result<Option<Answer>, AnswerProblem> {
        let mut counts = BTreeMap::new();
        let mut any_typed = false;
        for role in JobRole::ALL {
            if let Some(v) = first(raw, &headcount_field(&self.id, role)) {
                any_typed = true;
                let n = number(v, 0, 1_000_000)? as u32;
                if n > 0 {
                    counts.insert(role, n);
                }
            }
        }
        match (any_typed, counts.is_empty()) {
            (false, _) => Ok(None),
            (true, true) => Err(AnswerProblem::NoRoles),
            (true, false) => Ok(Some(Answer::Headcount(counts))),
        }
    }
}

/// A question's problem, if any; `require` also reports unanswered required questions.
pub fn check(q: &Question, raw: &RawAnswers, require: bool) -> Option<AnswerProblem> {
    match q.parse(raw) {
        Err(p) => Some(p),
        Ok(None) if require && q.required => Some(AnswerProblem::Missing),
        Ok(_) => None,
    }
}

impl Bank {
    /// Problems of step `index`, by question id.
    pub fn step_problems(
        &self,
        index: usize,
        raw: &RawAnswers,
        require: bool,
    ) -> BTreeMap<String, AnswerProblem> {
        self.step_questions(index)
            .into_iter()
            .filter_map(|q| check(q, raw, require).map(|p| (q.id.clone(), p)))
            .collect()
    }

    /// The first step with a problem (answers are complete when there is none).
    pub fn first_incomplete_step(&self, raw: &RawAnswers) -> Option<usize> {
        (0..self.steps.len()).find(|i| !self.step_problems(*i, raw, true).is_empty())
    }

    /// Every valid answer; invalid ones are left out (the pages report them).
    pub fn parse_all(&self, raw: &RawAnswers) -> Answers {
        Answers(
            self.questions
                .iter()
                .filter_map(|q| Some((q.id.clone(), q.parse(raw).ok()??)))
                .collect(),
        )
    }

    /// Only the fields that belong to questions (a form or an import cannot smuggle in others),
    /// at most 20 values of 200 characters each.
    pub fn keep_known(&self, raw: RawAnswers) -> RawAnswers {
        raw.into_iter()
            .filter(|(k, _)| self.is_field(k))
            .map(|(k, v)| {
                let v = v
                    .into_iter()
                    .take(20)
                    .map(|s| s.chars().take(200).collect())
                    .collect();
                (k, v)
            })
            .collect()
    }

    fn is_field(&self, key: &str) -> bool {
        match key.split_once('.') {
            Some((q, role)) => self.question(q).is_some_and(|q| {
                q.kind == Kind::Headcount
                    && JobRole::parse(role).is_some_and(|r| r.as_str() == role)
            }),
            None => self
                .question(key)
                .is_some_and(|q| q.kind != Kind::Headcount),
        }
    }
}
