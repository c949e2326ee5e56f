//! Quiz items as form controls, without JavaScript: radios for single answers, checkboxes for
//! multiple answers and red flags, a number select per step for ordering, a select per left-hand
//! side for matching. Values are shown positions, never answer keys.

use crate::i18n::Tr;
use crate::quiz::{PresentedBody, PresentedChoice, PresentedItem};

pub struct ItemView {
    pub number: usize,
    /// "Question 2 of 5".
    pub label: String,
    pub prompt: String,
    pub must_pass: bool,
    pub hint: String,
    pub message: Option<String>,
    /// `radio`, `checkbox` or `select`.
    pub control: &'static str,
    pub field: String,
    pub choices: Vec<ChoiceView>,
    pub slots: Vec<SlotView>,
    pub incomplete: bool,
}

pub struct ChoiceView {
    pub input_id: String,
    pub value: usize,
    pub text: String,
    pub checked: bool,
}

pub struct SlotView {
    pub select_id: String,
    pub field: String,
    pub label: String,
    pub options: Vec<OptionView>,
}

pub struct OptionView {
    pub value: String,
    pub text: String,
    pub selected: bool,
}

/// The form controls of every item, keeping what the learner already chose (`fields`) when the
/// form is shown again, and marking the `incomplete` items.
pub fn item_views(
    t: Tr,
    items: &[PresentedItem],
    fields: &[(String, String)],
    incomplete: &[String],
) -> Vec<ItemView> {
    let count = items.len() as f64;
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let mut view = item_view(t, index + 1, item, fields, incomplete.contains(&item.id));
            view.label = t.with(
                "quiz-question",
                &[("n", ((index + 1) as f64).into()), ("count", count.into())],
            );
            view
        })
        .collect()
}

fn item_view(
    t: Tr,
    number: usize,
    item: &PresentedItem,
    fields: &[(String, String)],
    incomplete: bool,
) -> ItemView {
    let field = format!("i.{}", item.id);
    let sent = |name: &str, value: &str| fields.iter().any(|(n, v)| n == name && v == value);
    let choices = |list: &[PresentedChoice]| -> Vec<ChoiceView> {
        list.iter()
            .map(|c| ChoiceView {
                input_id: format!("q{number}-{}", c.position),
                value: c.position,
                text: c.text.clone(),
                checked: sent(&field, &c.position.to_string()),
            })
            .collect()
    };
    let mut view = ItemView {
        number,
        label: String::new(),
        prompt: item.prompt.clone(),
        must_pass: item.must_pass,
        hint: String::new(),
        message: None,
        control: "checkbox",
        field: field.clone(),
        choices: Vec::new(),
        slots: Vec::new(),
        incomplete,
    };
    match &item.body {
        PresentedBody::Single { choices: list } => {
            (view.control, view.hint, view.choices) =
                ("radio", t.get("quiz-choose-one").to_owned(), choices(list));
        }
        PresentedBody::Multiple { choices: list } => {
            (view.hint, view.choices) = (t.get("quiz-choose-many").to_owned(), choices(list));
        }
        PresentedBody::RedFlags {
            message,
            choices: list,
        } => {
            (view.hint, view.choices) = (t.get("quiz-red-flags").to_owned(), choices(list));
            view.message = Some(message.clone());
        }
        PresentedBody::Ordering { steps } => {
            let ranks: Vec<(String, String)> = (1..=steps.len())
                .map(|r| (r.to_string(), r.to_string()))
                .collect();
            let labels: Vec<String> = steps.iter().map(|s| s.text.clone()).collect();
            (view.control, view.hint) = ("select", t.get("quiz-order").to_owned());
            view.slots = slots(t, number, &field, &labels, &ranks, &sent);
        }
        PresentedBody::Matching { lefts, rights } => {
            let options: Vec<(String, String)> = rights
                .iter()
                .map(|r| (r.position.to_string(), r.text.clone()))
                .collect();
            (view.control, view.hint) = ("select", t.get("quiz-match").to_owned());
            view.slots = slots(t, number, &field, lefts, &options, &sent);
        }
    }
    view
}

fn slots(
    t: Tr,
    number: usize,
    field: &str,
    labels: &[String],
    options: &[(String, String)],
    sent: &dyn Fn(&str, &str) -> bool,
) -> Vec<SlotView> {
    labels
        .iter()
        .enumerate()
        .map(|(k, label)| {
            let name = format!("{field}.{k}");
            let mut list = vec![OptionView {
                value: String::new(),
                text: t.get("quiz-pick").to_owned(),
                selected: false,
            }];
            list.extend(options.iter().map(|(value, text)| OptionView {
                value: value.clone(),
                text: text.clone(),
                selected: sent(&name, value),
            }));
            SlotView {
                select_id: format!("q{number}-s{k}"),
                field: name,
                label: label.clone(),
                options: list,
            }
        })
        .collect()
}
