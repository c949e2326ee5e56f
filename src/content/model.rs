//! The checked content model the player reads: modules, lessons (already rendered to safe HTML),
//! quiz items with their answer keys, and learning paths.

use std::collections::BTreeMap;

use serde::Serialize;

use super::role::{JobRole, Lang};

/// One module (`content/modules/Mnn/`), with every declared language loaded and checked.
#[derive(Debug, Clone)]
pub struct Module {
    /// `M01` to `M14`; equals the folder name.
    pub id: String,
    /// Content version, recorded with every quiz attempt.
    pub version: String,
    /// Typical minutes for the whole module.
    pub minutes: u32,
    /// Languages the module is published in; always contains English.
    pub languages: Vec<Lang>,
    /// Roles the module is meant for.
    pub roles: Vec<JobRole>,
    /// Roles for whom the module is optional (they can still take it).
    pub optional_for: Vec<JobRole>,
    /// Related modules, by id (each exists).
    pub related: Vec<String>,
    /// Draw size and pass mark.
    pub quiz: QuizSettings,
    pub(crate) titles: BTreeMap<Lang, String>,
    pub(crate) summaries: BTreeMap<Lang, String>,
    /// Sources that items and lessons cite.
    pub sources: Vec<Source>,
    pub(crate) content: BTreeMap<Lang, LangContent>,
}

/// A module's quiz settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QuizSettings {
    /// Items per attempt, 5 to 10.
    pub draw: usize,
    /// Percent needed to pass, 1 to 100; a placement may override it.
    pub pass_mark: u8,
}

/// A cited source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
}

/// The lessons and item pool of one language.
#[derive(Debug, Clone, Default)]
pub(crate) struct LangContent {
    pub(crate) lessons: Vec<Lesson>,
    pub(crate) items: Vec<Item>,
}

/// A micro-lesson, rendered once at load.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// The file name without `.md`, e.g. `01-why-it-matters`; the same in every language.
    pub slug: String,
    pub title: String,
    pub minutes: u32,
    /// The learning outcome ("Explain how ...").
    pub outcome: String,
    /// Roles that see this lesson; empty means every role.
    pub roles: Vec<JobRole>,
    /// Sanitised HTML of the lesson body: safe to insert into a page unescaped.
    pub html: String,
}

impl Lesson {
    /// Whether a learner in `role` sees this lesson.
    pub fn is_for(&self, role: JobRole) -> bool {
        self.roles.is_empty() || self.roles.contains(&role)
    }
}

/// A quiz item with its answer key. Never send this to a browser: present it with `crate::quiz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Stable id, e.g. `M01-Q07`, the same in every language.
    pub id: String,
    /// The question, plain text.
    pub prompt: String,
    pub kind: ItemKind,
    /// Why the answer is right, shown after submission; plain text.
    pub feedback: String,
    /// A source id from the module.
    pub source: String,
    /// Roles that see this item; empty means every role.
    pub roles: Vec<JobRole>,
    /// The attempt fails unless this item is answered correctly.
    pub must_pass: bool,
}

impl Item {
    /// Whether a learner in `role` can be asked this item.
    pub fn is_for(&self, role: JobRole) -> bool {
        self.roles.is_empty() || self.roles.contains(&role)
    }
}

/// The five item types and their answer keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// Scenario, single best answer: exactly one option is correct.
    Single { options: Vec<Choice> },
    /// Multiple response: every correct option and no other must be chosen.
    Multiple { options: Vec<Choice> },
    /// Steps listed in the correct order.
    Ordering { steps: Vec<String> },
    /// Pairs listed as correct matches.
    Matching { pairs: Vec<Pair> },
    /// Spot the red flags in `message`: every flag and no other clue must be chosen.
    RedFlags { message: String, flags: Vec<Choice> },
}

impl ItemKind {
    /// The type name used in `quiz.toml`.
    pub fn type_name(&self) -> &'static str {
        match self {
            ItemKind::Single { .. } => "single",
            ItemKind::Multiple { .. } => "multiple",
            ItemKind::Ordering { .. } => "ordering",
            ItemKind::Matching { .. } => "matching",
            ItemKind::RedFlags { .. } => "red_flags",
        }
    }

    /// How many things the learner arranges or chooses among.
    pub fn len(&self) -> usize {
        match self {
            ItemKind::Single { options } | ItemKind::Multiple { options } => options.len(),
            ItemKind::RedFlags { flags, .. } => flags.len(),
            ItemKind::Ordering { steps } => steps.len(),
            ItemKind::Matching { pairs } => pairs.len(),
        }
    }

    /// True when there is nothing to choose (never the case for checked content).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An option of a `single`, `multiple` or `red_flags` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: String,
    pub text: String,
    /// Correct option, or (for `red_flags`) a real red flag.
    pub correct: bool,
}

/// A correct left-to-right match of a `matching` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub left: String,
    pub right: String,
}

/// A learning path: modules bundled for some roles.
#[derive(Debug, Clone)]
pub struct LearningPath {
    /// e.g. `clinical-core`.
    pub id: String,
    pub roles: Vec<JobRole>,
    /// Module ids in the order a learner takes them (each exists).
    pub modules: Vec<String>,
    pub(crate) titles: BTreeMap<Lang, String>,
    pub(crate) summaries: BTreeMap<Lang, String>,
    /// Validity of the path's certificate in months, 1 to 60 (default 12).
    pub certificate_months: u32,
}

/// Something looked up in a language, saying which language it is in and whether the learner's
/// language was unavailable so English (or the base language) was used instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localised<'a, T> {
    pub value: T,
    pub lang: &'a Lang,
    /// True when the module is not published in the requested language (so the page says so).
    pub fell_back: bool,
}

/// Picks the text for `lang` from a per-language map, following the fallback chain.
pub(crate) fn pick<'a>(map: &'a BTreeMap<Lang, String>, lang: &Lang) -> &'a str {
    lang.fallback_chain()
        .iter()
        .find_map(|l| map.get(l))
        .or_else(|| map.values().next())
        .map_or("", String::as_str)
}

impl LearningPath {
    /// The path's title in `lang`, or English.
    pub fn title(&self, lang: &Lang) -> &str {
        pick(&self.titles, lang)
    }

    /// The path's summary in `lang`, or English; empty if the path has none.
    pub fn summary(&self, lang: &Lang) -> &str {
        pick(&self.summaries, lang)
    }

    /// Whether the path is meant for `role`.
    pub fn is_for(&self, role: JobRole) -> bool {
        self.roles.contains(&role)
    }
}
