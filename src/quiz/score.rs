//! Server-side scoring. Every item is worth one point and is all-or-nothing: a choice item is
//! right only if exactly the correct options (or red flags) are chosen, an ordering item only in
//! the exact order, a matching item only with every pair matched.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Draw, DrawnItem, resolve};
use crate::content::{Choice, Item, ItemKind};

/// A learner's answer to one item, in shown positions (see [`super::PresentedChoice`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Positions chosen (single: exactly one; multiple and red flags: any number).
    Choices(Vec<usize>),
    /// Positions of the steps in the learner's order; must name each step once.
    Order(Vec<usize>),
    /// For each left-hand side in order, the position of the right-hand side chosen.
    Matches(Vec<usize>),
}

/// Answers by item id. Unanswered drawn items simply score zero.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(pub BTreeMap<String, Answer>);

/// A submission that does not fit the draw: refused as a whole, nothing is scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    #[error("item {0} is not part of this attempt")]
    UnknownItem(String),
    #[error("item {0} was answered as the wrong type of item")]
    WrongKind(String),
    #[error("item {0}: the answer names an option that is not shown")]
    UnknownOption(String),
    #[error("item {0}: a single-answer item takes exactly one choice")]
    NotOneChoice(String),
    #[error(
        "item {0}: the answer must place every step or side exactly as often as the item has them"
    )]
    Malformed(String),
    #[error("item {0} of the draw no longer matches the content; start a new attempt")]
    StaleDraw(String),
}

/// The result of one attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub correct: usize,
    pub total: usize,
    /// `correct * 100 / total`, rounded down.
    pub percent: u8,
    /// `percent >= pass_mark` and every must-pass item correct.
    pub passed: bool,
    /// Ids of must-pass items answered wrongly or not at all.
    pub missed_must_pass: Vec<String>,
    pub items: Vec<ItemResult>,
}

/// Feedback on one item, shown after submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemResult {
    pub item_id: String,
    pub answered: bool,
    pub correct: bool,
    pub must_pass: bool,
    /// Why the answer is right.
    pub feedback: String,
    /// Source id from the module (look its title up with `Module::source`).
    pub source: String,
    /// The right answer in words: correct options, steps in order, or `left → right` pairs.
    pub solution: Vec<String>,
    /// The learner's answer in the same words (empty when unanswered), for submission review.
    pub given: Vec<String>,
}

/// Scores `answers` against `draw`, with items looked up in `pool`.
pub fn score(
    draw: &Draw,
    pool: &[&Item],
    answers: &Answers,
    pass_mark: u8,
) -> Result<Outcome, AnswerError> {
    if let Some(stray) = answers
        .0
        .keys()
        .find(|id| !draw.items.iter().any(|d| d.item_id == **id))
    {
        return Err(AnswerError::UnknownItem(stray.clone()));
    }
    let mut results = Vec::with_capacity(draw.items.len());
    for drawn in &draw.items {
        let item = resolve(drawn, pool)?;
        let answer = answers.0.get(&drawn.item_id);
        let correct = match answer {
            Some(answer) => is_correct(item, drawn, answer)?,
            None => false,
        };
        results.push(ItemResult {
            item_id: item.id.clone(),
            answered: answer.is_some(),
            correct,
            must_pass: item.must_pass,
            feedback: item.feedback.clone(),
            source: item.source.clone(),
            solution: solution(&item.kind),
            given: answer.map_or_else(Vec::new, |a| given(item, drawn, a)),
        });
    }
    let total = results.len();
    let correct = results.iter().filter(|r| r.correct).count();
    let percent = (correct * 100)
        .checked_div(total)
        .map_or(0, |p| u8::try_from(p).unwrap_or(100));
    let missed_must_pass: Vec<String> = results
        .iter()
        .filter(|r| r.must_pass && !r.correct)
        .map(|r| r.item_id.clone())
        .collect();
    let passed = total > 0 && percent >= pass_mark && missed_must_pass.is_empty();
    Ok(Outcome {
        correct,
        total,
        percent,
        passed,
        missed_must_pass,
        items: results,
    })
}

fn is_correct(item: &Item, drawn: &DrawnItem, answer: &Answer) -> Result<bool, AnswerError> {
    let id = || item.id.clone();
    let len = drawn.order.len();
    // Content index of what was shown at `position`, refusing positions that were not shown.
    let shown = |position: usize| {
        drawn
            .order
            .get(position)
            .copied()
            .ok_or_else(|| AnswerError::UnknownOption(id()))
    };
    match (&item.kind, answer) {
        (ItemKind::Single { options }, Answer::Choices(chosen)) => {
            let [position] = chosen.as_slice() else {
                return Err(AnswerError::NotOneChoice(id()));
            };
            Ok(options[shown(*position)?].correct)
        }
        (ItemKind::Multiple { options: choices }, Answer::Choices(chosen))
        | (ItemKind::RedFlags { flags: choices, .. }, Answer::Choices(chosen)) => {
            let chosen = chosen
                .iter()
                .map(|&p| shown(p))
                .collect::<Result<BTreeSet<usize>, _>>()?;
            Ok(chosen == correct_set(choices))
        }
        (ItemKind::Ordering { .. }, Answer::Order(positions)) => {
            let indices =
                permutation(positions, len, &shown).ok_or_else(|| AnswerError::Malformed(id()))?;
            Ok(indices.iter().enumerate().all(|(k, i)| k == *i))
        }
        (ItemKind::Matching { .. }, Answer::Matches(positions)) => {
            if positions.len() != len {
                return Err(AnswerError::Malformed(id()));
            }
            let indices = positions
                .iter()
                .map(|&p| shown(p))
                .collect::<Result<Vec<usize>, _>>()?;
            Ok(indices
                .iter()
                .enumerate()
                .all(|(left, right)| left == *right))
        }
        _ => Err(AnswerError::WrongKind(id())),
    }
}

fn correct_set(choices: &[Choice]) -> BTreeSet<usize> {
    choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.correct)
        .map(|(i, _)| i)
        .collect()
}

/// Maps shown positions to content indices if they name each of `len` positions exactly once.
fn permutation(
    positions: &[usize],
    len: usize,
    shown: &dyn Fn(usize) -> Result<usize, AnswerError>,
) -> Option<Vec<usize>> {
    let distinct: BTreeSet<&usize> = positions.iter().collect();
    if positions.len() != len || distinct.len() != len {
        return None;
    }
    positions.iter().map(|&p| shown(p).ok()).collect()
}

/// An answer in words, shaped like [`solution`]: the options chosen, the steps in the
/// learner's order, or the pairs made. Positions that were not shown are left out.
fn given(item: &Item, drawn: &DrawnItem, answer: &Answer) -> Vec<String> {
    let shown = |p: &usize| drawn.order.get(*p).copied();
    match (&item.kind, answer) {
        (
            ItemKind::Single { options }
            | ItemKind::Multiple { options }
            | ItemKind::RedFlags { flags: options, .. },
            Answer::Choices(chosen),
        ) => chosen
            .iter()
            .filter_map(shown)
            .filter_map(|i| options.get(i))
            .map(|c| c.text.clone())
            .collect(),
        (ItemKind::Ordering { steps }, Answer::Order(positions)) => positions
            .iter()
            .filter_map(shown)
            .filter_map(|i| steps.get(i).cloned())
            .collect(),
        (ItemKind::Matching { pairs }, Answer::Matches(positions)) => positions
            .iter()
            .enumerate()
            .filter_map(|(left, p)| {
                let right = pairs.get(shown(p)?)?;
                Some(format!("{} → {}", pairs.get(left)?.left, right.right))
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn solution(kind: &ItemKind) -> Vec<String> {
    let correct = |choices: &[Choice]| {
        choices
            .iter()
            .filter(|c| c.correct)
            .map(|c| c.text.clone())
            .collect()
    };
    match kind {
        ItemKind::Single { options } | ItemKind::Multiple { options } => correct(options),
        ItemKind::RedFlags { flags, .. } => correct(flags),
        ItemKind::Ordering { steps } => steps.clone(),
        ItemKind::Matching { pairs } => pairs
            .iter()
            .map(|p| format!("{} → {}", p.left, p.right))
            .collect(),
    }
}
