//! A quiz form's fields to [`Answers`]. Field names: `i.<item>` carries a shown position for
//! choice items (repeated for checkboxes); `i.<item>.<k>` carries, for ordering items, the rank
//! given to the step shown at `k` and, for matching items, the right-hand position chosen for
//! left side `k`. Forged fields are refused; a half-ordered item is the learner's to fix.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::{Item, ItemKind};
use crate::quiz::{Answer, Answers, Draw};

/// Why a form could not become answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormProblem {
    /// Fields no page of this attempt can produce: another attempt's id, unknown items, positions
    /// that were not shown. Nothing is scored.
    #[error("the submitted form does not belong to this attempt: {0}")]
    Invalid(String),
    /// Ordering or matching items the learner left half done (or ranked twice); the form is
    /// shown again with these items marked.
    #[error("some items are only partly answered: {}", .0.join(", "))]
    Incomplete(Vec<String>),
    /// Nothing answered at all (a tap on the button too soon): the form is shown again, and
    /// only a second, confirmed send (`blank=confirmed`) records an empty attempt.
    #[error("no question is answered")]
    Blank,
}

/// The form field that confirms an attempt with no answer at all.
pub const CONFIRM_BLANK: (&str, &str) = ("blank", "confirmed");

/// Parses the fields of a submitted quiz form for attempt `attempt_id`, whose items are `draw`
/// looked up in `pool`.
pub fn parse_answers(
    fields: &[(String, String)],
    attempt_id: &str,
    draw: &Draw,
    pool: &[&Item],
) -> Result<Answers, FormProblem> {
    let invalid = |m: String| Err(FormProblem::Invalid(m));
    let mut raw: BTreeMap<&str, Vec<(Option<usize>, &str)>> = BTreeMap::new();
    let mut attempt_seen = false;
    for (name, value) in fields {
        if name == "attempt" {
            if value != attempt_id {
                return invalid(format!(
                    "answers for attempt {value:?} were sent to another attempt"
                ));
            }
            attempt_seen = true;
            continue;
        }
        let Some(rest) = name.strip_prefix("i.") else {
            continue;
        };
        let (item_id, slot) = match rest.rsplit_once('.') {
            Some((id, k)) if draw.items.iter().any(|d| d.item_id == id) => match k.parse::<usize>()
            {
                Ok(k) => (id, Some(k)),
                Err(_) => return invalid(format!("field {name:?} is not part of this quiz")),
            },
            _ => (rest, None),
        };
        if !draw.items.iter().any(|d| d.item_id == item_id) {
            return invalid(format!("item {item_id:?} is not part of this attempt"));
        }
        raw.entry(item_id).or_default().push((slot, value.as_str()));
    }
    if !attempt_seen {
        return invalid("the form does not name its attempt".to_owned());
    }
    let mut answers = BTreeMap::new();
    let mut incomplete = Vec::new();
    for drawn in &draw.items {
        let Some(values) = raw.get(drawn.item_id.as_str()) else {
            continue;
        };
        let Some(item) = pool.iter().find(|i| i.id == drawn.item_id) else {
            return invalid(format!("item {} is no longer in the module", drawn.item_id));
        };
        match answer_of(item, values).map_err(FormProblem::Invalid)? {
            Parsed::Answer(a) => {
                answers.insert(item.id.clone(), a);
            }
            Parsed::Blank => {}
            Parsed::Partial => incomplete.push(item.id.clone()),
        }
    }
    if !incomplete.is_empty() {
        return Err(FormProblem::Incomplete(incomplete));
    }
    let confirmed = fields
        .iter()
        .any(|(n, v)| (n.as_str(), v.as_str()) == CONFIRM_BLANK);
    if answers.is_empty() && !draw.items.is_empty() && !confirmed {
        return Err(FormProblem::Blank);
    }
    Ok(Answers(answers))
}

enum Parsed {
    Answer(Answer),
    Blank,
    Partial,
}

fn answer_of(item: &Item, values: &[(Option<usize>, &str)]) -> Result<Parsed, String> {
    let len = item.kind.len();
    let number = |v: &str| -> Result<usize, String> {
        v.trim()
            .parse::<usize>()
            .map_err(|_| format!("item {}: {v:?} is not a choice on the page", item.id))
    };
    let out_of_range = |n: usize| format!("item {}: choice {n} was not shown", item.id);
    match &item.kind {
        ItemKind::Single { .. } | ItemKind::Multiple { .. } | ItemKind::RedFlags { .. } => {
            let mut chosen = BTreeSet::new();
            for (slot, value) in values {
                let n = number(value)?;
                if slot.is_some() || n >= len {
                    return Err(out_of_range(n));
                }
                chosen.insert(n);
            }
            if matches!(item.kind, ItemKind::Single { .. }) && chosen.len() > 1 {
                return Err(format!("item {} takes one answer", item.id));
            }
            Ok(Parsed::Answer(Answer::Choices(
                chosen.into_iter().collect(),
            )))
        }
        ItemKind::Ordering { .. } | ItemKind::Matching { .. } => {
            let ordering = matches!(item.kind, ItemKind::Ordering { .. });
            let mut slots: Vec<Option<usize>> = vec![None; len];
            for (slot, value) in values {
                let Some(k) = slot.filter(|k| *k < len) else {
                    return Err(format!(
                        "item {}: a field names no step or side of it",
                        item.id
                    ));
                };
                if value.trim().is_empty() {
                    continue;
                }
                let n = number(value)?;
                // Ranks are 1-based on the page; right-hand positions 0-based.
                let valid = if ordering {
                    (1..=len).contains(&n)
                } else {
                    n < len
                };
                if !valid || slots[k].is_some() {
                    return Err(out_of_range(n));
                }
                slots[k] = Some(n);
            }
            Ok(slotted(slots, ordering))
        }
    }
}

fn slotted(slots: Vec<Option<usize>>, ordering: bool) -> Parsed {
    if slots.iter().all(Option::is_none) {
        return Parsed::Blank;
    }
    let Some(values) = slots.into_iter().collect::<Option<Vec<usize>>>() else {
        return Parsed::Partial;
    };
    if !ordering {
        return Parsed::Answer(Answer::Matches(values));
    }
    let distinct: BTreeSet<usize> = values.iter().copied().collect();
    if distinct.len() != values.len() {
        return Parsed::Partial;
    }
    // values[k] is the rank of the step shown at k; the answer lists shown positions by rank.
    let mut by_rank: Vec<(usize, usize)> = values
        .into_iter()
        .enumerate()
        .map(|(k, r)| (r, k))
        .collect();
    by_rank.sort_unstable();
    Parsed::Answer(Answer::Order(by_rank.into_iter().map(|(_, k)| k).collect()))
}
