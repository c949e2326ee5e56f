//! Turning the wizard's language-neutral data into sentences in the trainer's language.

use crate::content::{Catalogue, JobRole, Lang};
use crate::i18n::Tr;
use crate::wizard::{Evidence, Kind, RecKind, Recommendation, Wizard};

/// The label of one answer value of question `q`.
pub fn answer_label(w: &Wizard, tr: Tr, q: &str, value: &str) -> String {
    let Some(question) = w.bank.question(q) else {
        return value.to_owned();
    };
    match question.kind {
        Kind::Single | Kind::Multi => value
            .split(", ")
            .map(|v| {
                question
                    .option(v)
                    .map_or(v.to_owned(), |o| o.label.get(tr.lang()).to_owned())
            })
            .collect::<Vec<_>>()
            .join(", "),
        Kind::YesNo => tr.get(&format!("wizard-{value}")).to_owned(),
        Kind::Scale if value == "na" => match question.na {
            Some(crate::wizard::NaMeaning::NoPolicy) => tr.get("wizard-na-no-policy").to_owned(),
            _ => tr.get("wizard-na-not-applicable").to_owned(),
        },
        Kind::Scale => format!("{value} / 5"),
        Kind::Percent => format!("{value} %"),
        Kind::Headcount => value
            .split(", ")
            .map(|pair| match pair.split_once('=') {
                Some((r, n)) => format!("{} {n}", role_name(tr, r)),
                None => pair.to_owned(),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub fn question_text(w: &Wizard, tr: Tr, q: &str) -> String {
    w.bank
        .question(q)
        .map_or_else(|| q.to_owned(), |q| q.text.get(tr.lang()).to_owned())
}

pub fn role_name(tr: Tr, code: &str) -> String {
    match JobRole::parse(code) {
        Some(r) => tr
            .get(&format!("role-{}", r.as_str().to_ascii_lowercase()))
            .to_owned(),
        None => code.to_owned(),
    }
}

pub fn domain_name(w: &Wizard, tr: Tr, d: &str) -> String {
    w.rules
        .domain(d)
        .map_or_else(|| d.to_owned(), |d| d.name.get(tr.lang()).to_owned())
}

pub fn percent(score: f64) -> String {
    format!("{:.0}", score * 100.0)
}

/// One line of "because".
pub fn evidence(w: &Wizard, tr: Tr, e: &Evidence) -> String {
    match e {
        Evidence::Answer {
            question, answer, ..
        } => format!(
            "{} — {}",
            question_text(w, tr, question),
            answer_label(w, tr, question, answer)
        ),
        Evidence::Role { role, headcount } => format!("{}: {headcount}", role_name(tr, role)),
        Evidence::Domain { domain, score } => {
            format!("{}: {} %", domain_name(w, tr, domain), percent(*score))
        }
    }
}

/// What a recommendation asks for, in words.
pub fn recommendation(w: &Wizard, tr: Tr, r: &Recommendation) -> String {
    match r.kind {
        RecKind::Action => w
            .rules
            .action(&r.id)
            .map_or_else(String::new, |a| a.text.get(tr.lang()).to_owned()),
        RecKind::Method => w
            .rules
            .method(&r.id)
            .map_or_else(String::new, |m| m.text.get(tr.lang()).to_owned()),
        RecKind::Verify => {
            let who = r.verify_with.as_deref().unwrap_or("it");
            tr.text(
                &format!("wizard-verify-{who}"),
                "question",
                &question_text(w, tr, &r.id),
            )
        }
        RecKind::Policy => tr.text(
            "wizard-write-policy",
            "question",
            &question_text(w, tr, &r.id),
        ),
    }
}

pub fn module_title(catalogue: &Catalogue, tr: Tr, id: &str) -> String {
    let lang = Lang::parse(tr.lang().code()).unwrap_or_else(Lang::english);
    catalogue
        .module(id)
        .map_or_else(|| id.to_owned(), |m| format!("{id} {}", m.title(&lang)))
}

/// The current value of a single-valued field, for re-filling a form.
pub fn first_value(answers: &crate::wizard::RawAnswers, key: &str) -> String {
    answers
        .get(key)
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_default()
}
