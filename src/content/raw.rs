//! The file shapes exactly as authors write them (`module.toml`, front matter, `quiz.toml`,
//! `paths.toml`). Unknown keys are refused so a typo (`corect = true`) cannot pass silently.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawModule {
    pub id: Spanned<String>,
    pub version: Spanned<String>,
    pub minutes: u32,
    pub languages: Vec<Spanned<String>>,
    pub roles: Vec<Spanned<String>>,
    #[serde(default)]
    pub optional_for: Vec<Spanned<String>>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    pub quiz: Spanned<RawQuizSettings>,
    pub title: Spanned<BTreeMap<String, String>>,
    #[serde(default)]
    pub summary: BTreeMap<String, String>,
    #[serde(default, rename = "source")]
    pub sources: Vec<Spanned<RawSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuizSettings {
    pub draw: usize,
    #[serde(default = "default_pass_mark")]
    pub pass_mark: u8,
}

fn default_pass_mark() -> u8 {
    80
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// Lesson front matter; fields are optional here so every missing one is reported at once.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLessonMeta {
    pub title: Option<String>,
    pub minutes: Option<u32>,
    pub outcome: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuiz {
    #[serde(default)]
    pub item: Vec<Spanned<RawItem>>,
}

/// An item; type-specific fields are optional here and checked against `type` afterwards.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawItem {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub prompt: Option<String>,
    pub options: Option<Vec<RawChoice>>,
    pub steps: Option<Vec<String>>,
    pub pairs: Option<Vec<RawPair>>,
    pub message: Option<String>,
    pub flags: Option<Vec<RawFlag>>,
    pub feedback: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub must_pass: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChoice {
    pub id: String,
    pub text: String,
    pub correct: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFlag {
    pub id: String,
    pub text: String,
    pub flag: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPair {
    pub left: String,
    pub right: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPaths {
    #[serde(default)]
    pub path: Vec<Spanned<RawPath>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPath {
    pub id: String,
    pub roles: Vec<String>,
    pub modules: Vec<String>,
    pub title: BTreeMap<String, String>,
    #[serde(default)]
    pub summary: BTreeMap<String, String>,
    /// How long the path's certificate is valid, in months (12 when absent).
    #[serde(default)]
    pub certificate_months: Option<u32>,
}
