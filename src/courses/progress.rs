//! Lesson and module progress: what a learner has read or skipped, where to resume, and the
//! status a module shows on the dashboard.

use crate::content::Lesson;

/// How a lesson was completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LessonState {
    /// The learner opened it.
    Seen,
    /// A passed test-out made it unnecessary.
    Skipped,
}

impl LessonState {
    pub fn as_str(self) -> &'static str {
        match self {
            LessonState::Seen => "seen",
            LessonState::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<LessonState> {
        match s {
            "seen" => Some(LessonState::Seen),
            "skipped" => Some(LessonState::Skipped),
            _ => None,
        }
    }
}

/// One lesson's recorded state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonMark {
    pub slug: String,
    pub state: LessonState,
    /// When it was last opened (or skipped), unix seconds.
    pub at: i64,
}

/// A module's status on the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ModuleStatus {
    NotStarted,
    InProgress,
    Passed,
}

impl ModuleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ModuleStatus::NotStarted => "not_started",
            ModuleStatus::InProgress => "in_progress",
            ModuleStatus::Passed => "passed",
        }
    }

    pub fn parse(s: &str) -> Option<ModuleStatus> {
        match s {
            "not_started" => Some(ModuleStatus::NotStarted),
            "in_progress" => Some(ModuleStatus::InProgress),
            "passed" => Some(ModuleStatus::Passed),
            _ => None,
        }
    }
}

/// A learner's progress in one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleProgress {
    pub module_id: String,
    pub status: ModuleStatus,
    /// Submitted quiz attempts (test-outs included).
    pub attempts: u32,
    /// Percent of the first submitted attempt; kept whatever happens later.
    pub first_score: Option<u8>,
    /// Best percent of any attempt.
    pub best_score: Option<u8>,
}

impl ModuleProgress {
    /// The progress of a module the learner never opened.
    pub fn not_started(module_id: &str) -> ModuleProgress {
        ModuleProgress {
            module_id: module_id.to_owned(),
            status: ModuleStatus::NotStarted,
            attempts: 0,
            first_score: None,
            best_score: None,
        }
    }

    /// The entry for `module_id` in a learner's list, or "not started".
    pub fn find(all: &[ModuleProgress], module_id: &str) -> ModuleProgress {
        all.iter()
            .find(|p| p.module_id == module_id)
            .cloned()
            .unwrap_or_else(|| ModuleProgress::not_started(module_id))
    }
}

/// A lesson's place in its module, for previous/next links.
#[derive(Debug, Clone, Copy)]
pub struct Neighbours<'a> {
    /// 1-based position.
    pub number: usize,
    pub count: usize,
    pub previous: Option<&'a Lesson>,
    pub next: Option<&'a Lesson>,
}

/// Where `slug` sits among `lessons` (the ones the learner's role sees); `None` if it is not one.
pub fn neighbours<'a>(lessons: &[&'a Lesson], slug: &str) -> Option<Neighbours<'a>> {
    let index = lessons.iter().position(|l| l.slug == slug)?;
    Some(Neighbours {
        number: index + 1,
        count: lessons.len(),
        previous: index.checked_sub(1).map(|i| lessons[i]),
        next: lessons.get(index + 1).copied(),
    })
}

/// The lesson to resume at: the one opened last (of two opened in the same second, the later
/// one in the module) if the learner still sees it, else the first lesson not yet completed;
/// `None` when every lesson was skipped.
pub fn resume_lesson<'a>(lessons: &[&'a Lesson], marks: &[LessonMark]) -> Option<&'a Lesson> {
    let last = marks
        .iter()
        .filter(|m| m.state == LessonState::Seen)
        .filter_map(|m| Some((m.at, lessons.iter().position(|l| l.slug == m.slug)?)))
        .max()
        .map(|(_, index)| lessons[index]);
    last.or_else(|| {
        lessons
            .iter()
            .find(|l| !marks.iter().any(|m| m.slug == l.slug))
            .copied()
    })
}
