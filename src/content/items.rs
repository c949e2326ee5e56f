//! Quiz items: from the `quiz.toml` shape to checked [`Item`]s, reporting every problem of an
//! item (missing fields, answer keys, too few steps, unknown source) with the item's line.

use std::collections::HashSet;
use std::path::Path;

use toml::Spanned;

use super::error::{Problems, line_of, toml_error};
use super::lesson::parse_roles;
use super::model::{Choice, Item, ItemKind, Pair};
use super::raw::{RawChoice, RawItem, RawPair, RawQuiz};

/// Where an item is, for messages.
struct At<'a> {
    file: &'a Path,
    line: usize,
    /// `item M01-Q07 (single)`.
    label: String,
}

/// Parses a `quiz.toml` text into items; items with problems are reported and left out.
pub(crate) fn load_quiz(
    file: &Path,
    text: &str,
    sources: &HashSet<&str>,
    problems: &mut Problems,
) -> Vec<Item> {
    let quiz: RawQuiz = match toml::from_str(text) {
        Ok(quiz) => quiz,
        Err(err) => {
            toml_error(problems, file, text, &err);
            return Vec::new();
        }
    };
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for raw in quiz.item {
        let line = line_of(text, raw.span().start);
        if let Some(id) = &raw.get_ref().id
            && !seen.insert(id.clone())
        {
            problems.push(
                file,
                Some(line),
                format!("item {id} appears twice; item ids must be unique"),
            );
            continue;
        }
        if let Some(item) = check_item(file, line, raw, sources, problems) {
            items.push(item);
        }
    }
    if items.is_empty() && seen.is_empty() {
        problems.push(file, None, "the quiz has no [[item]] entries");
    }
    items
}

fn check_item(
    file: &Path,
    line: usize,
    raw: Spanned<RawItem>,
    sources: &HashSet<&str>,
    problems: &mut Problems,
) -> Option<Item> {
    let raw = raw.into_inner();
    let id = raw.id.clone().unwrap_or_else(|| "(no id)".to_owned());
    let type_name = raw.kind.clone().unwrap_or_default();
    let at = At {
        file,
        line,
        label: format!("item {id} ({type_name})"),
    };
    let before = problems.len();
    let mut missing = Vec::new();
    let prompt = text_field(raw.prompt.as_deref(), "prompt", &mut missing);
    let feedback = text_field(raw.feedback.as_deref(), "feedback", &mut missing);
    let source = text_field(raw.source.as_deref(), "source", &mut missing);
    if raw.id.as_deref().is_none_or(|id| id.trim().is_empty()) {
        missing.push("id");
    }
    if !missing.is_empty() {
        report(problems, &at, format!("is missing {}", missing.join(", ")));
    }
    if let Some(source) = &source
        && !sources.contains(source.as_str())
    {
        report(
            problems,
            &at,
            format!("cites source {source:?}, which module.toml does not list"),
        );
    }
    let roles = parse_roles(
        &raw.roles,
        problems,
        file,
        Some(line),
        &format!("item {id}: roles"),
    );
    let kind = check_kind(&at, &raw, problems);
    if problems.len() > before {
        return None;
    }
    Some(Item {
        id,
        prompt: prompt?,
        kind: kind?,
        feedback: feedback?,
        source: source?,
        roles,
        must_pass: raw.must_pass,
    })
}

fn text_field(
    value: Option<&str>,
    name: &'static str,
    missing: &mut Vec<&'static str>,
) -> Option<String> {
    let value = value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    if value.is_none() {
        missing.push(name);
    }
    value
}

fn report(problems: &mut Problems, at: &At<'_>, message: String) {
    problems.push(at.file, Some(at.line), format!("{} {message}", at.label));
}

fn check_kind(at: &At<'_>, raw: &RawItem, problems: &mut Problems) -> Option<ItemKind> {
    let Some(type_name) = raw.kind.as_deref() else {
        report(problems, at, "has no type".to_owned());
        return None;
    };
    let Some(allowed) = fields_of(type_name) else {
        let msg = format!(
            "has unknown type {type_name:?} (use single, multiple, ordering, matching or red_flags)"
        );
        report(problems, at, msg);
        return None;
    };
    let present = [
        ("options", raw.options.is_some()),
        ("steps", raw.steps.is_some()),
        ("pairs", raw.pairs.is_some()),
        ("message", raw.message.is_some()),
        ("flags", raw.flags.is_some()),
    ];
    let stray: Vec<&str> = present
        .iter()
        .filter(|(n, p)| *p && !allowed.contains(n))
        .map(|(n, _)| *n)
        .collect();
    if !stray.is_empty() {
        report(
            problems,
            at,
            format!("has fields its type does not use: {}", stray.join(", ")),
        );
        return None;
    }
    match type_name {
        "single" => Some(ItemKind::Single {
            options: choices(at, raw.options.as_deref(), "options", problems)?,
        }),
        "multiple" => Some(ItemKind::Multiple {
            options: choices(at, raw.options.as_deref(), "options", problems)?,
        }),
        "ordering" => Some(ItemKind::Ordering {
            steps: check_steps(at, raw.steps.clone().unwrap_or_default(), problems)?,
        }),
        "matching" => Some(ItemKind::Matching {
            pairs: check_pairs(at, raw.pairs.as_deref().unwrap_or_default(), problems)?,
        }),
        _ => red_flags(at, raw, problems),
    }
}

/// The type-specific fields each item type uses.
fn fields_of(type_name: &str) -> Option<&'static [&'static str]> {
    match type_name {
        "single" | "multiple" => Some(&["options"]),
        "ordering" => Some(&["steps"]),
        "matching" => Some(&["pairs"]),
        "red_flags" => Some(&["message", "flags"]),
        _ => None,
    }
}

fn red_flags(at: &At<'_>, raw: &RawItem, problems: &mut Problems) -> Option<ItemKind> {
    let as_choices: Option<Vec<RawChoice>> = raw.flags.as_ref().map(|flags| {
        flags
            .iter()
            .map(|f| RawChoice {
                id: f.id.clone(),
                text: f.text.clone(),
                correct: f.flag,
            })
            .collect()
    });
    let flags = choices(at, as_choices.as_deref(), "flags", problems);
    let message = raw
        .message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    if message.is_none() {
        report(
            problems,
            at,
            "needs a non-empty message to inspect".to_owned(),
        );
    }
    Some(ItemKind::RedFlags {
        message: message?.to_owned(),
        flags: flags?,
    })
}

fn choices(
    at: &At<'_>,
    raw: Option<&[RawChoice]>,
    field: &str,
    problems: &mut Problems,
) -> Option<Vec<Choice>> {
    let Some(raw) = raw.filter(|r| r.len() >= 2) else {
        report(problems, at, format!("needs at least 2 {field}"));
        return None;
    };
    let mut ids = HashSet::new();
    let before = problems.len();
    for choice in raw {
        if choice.id.trim().is_empty() || !ids.insert(choice.id.trim()) {
            report(
                problems,
                at,
                format!("has a missing or repeated {field} id {:?}", choice.id),
            );
        }
        if choice.text.trim().is_empty() {
            report(
                problems,
                at,
                format!("has an empty text in {field} {:?}", choice.id),
            );
        }
    }
    let correct = raw.iter().filter(|c| c.correct).count();
    let is_single = at.label.ends_with("(single)");
    if is_single && correct != 1 {
        let s = if correct == 1 { "" } else { "s" };
        report(
            problems,
            at,
            format!("has {correct} correct option{s}; a single-answer item needs exactly one"),
        );
    } else if correct == 0 {
        let what = if field == "flags" {
            "no flag = true; mark at least one real red flag"
        } else {
            "no correct option; mark at least one"
        };
        report(problems, at, format!("has {what}"));
    }
    (problems.len() == before).then(|| {
        raw.iter()
            .map(|c| Choice {
                id: c.id.trim().to_owned(),
                text: c.text.trim().to_owned(),
                correct: c.correct,
            })
            .collect()
    })
}

fn check_steps(at: &At<'_>, steps: Vec<String>, problems: &mut Problems) -> Option<Vec<String>> {
    let steps: Vec<String> = steps.into_iter().map(|s| s.trim().to_owned()).collect();
    if steps.len() < 3 {
        report(
            problems,
            at,
            format!(
                "has {} steps; an ordering item needs at least 3",
                steps.len()
            ),
        );
        return None;
    }
    if steps.iter().any(String::is_empty) {
        report(problems, at, "has an empty step".to_owned());
        return None;
    }
    let distinct: HashSet<&String> = steps.iter().collect();
    if distinct.len() != steps.len() {
        report(
            problems,
            at,
            "repeats a step; every step must be different".to_owned(),
        );
        return None;
    }
    Some(steps)
}

fn check_pairs(at: &At<'_>, raw: &[RawPair], problems: &mut Problems) -> Option<Vec<Pair>> {
    let pairs: Vec<Pair> = raw
        .iter()
        .map(|p| Pair {
            left: p.left.trim().to_owned(),
            right: p.right.trim().to_owned(),
        })
        .collect();
    if pairs.len() < 3 {
        report(
            problems,
            at,
            format!(
                "has {} pairs; a matching item needs at least 3",
                pairs.len()
            ),
        );
        return None;
    }
    if pairs
        .iter()
        .any(|p| p.left.is_empty() || p.right.is_empty())
    {
        report(problems, at, "has a pair with an empty side".to_owned());
        return None;
    }
    let lefts: HashSet<&str> = pairs.iter().map(|p| p.left.as_str()).collect();
    let rights: HashSet<&str> = pairs.iter().map(|p| p.right.as_str()).collect();
    if lefts.len() != pairs.len() || rights.len() != pairs.len() {
        report(
            problems,
            at,
            "repeats a left or right side; each must be different".to_owned(),
        );
        return None;
    }
    Some(pairs)
}
