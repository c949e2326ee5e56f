//! What a learner sees of a drawn item. These types have no field that could carry an answer
//! key: options are identified by their shown position, never by their content id.

use serde::Serialize;

use super::{AnswerError, Draw, resolve};
use crate::content::{Item, ItemKind};

/// A drawn item ready for a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresentedItem {
    pub id: String,
    pub prompt: String,
    /// Shown so the learner knows the item is required to pass.
    pub must_pass: bool,
    pub body: PresentedBody,
}

/// The type-specific part of a presented item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PresentedBody {
    /// Choose exactly one.
    Single { choices: Vec<PresentedChoice> },
    /// Choose every correct one.
    Multiple { choices: Vec<PresentedChoice> },
    /// Choose every clue in `message` that is a red flag.
    RedFlags {
        message: String,
        choices: Vec<PresentedChoice>,
    },
    /// Put `steps` in order (answer: positions in the learner's order).
    Ordering { steps: Vec<PresentedChoice> },
    /// For each of `lefts` (in order) choose one of `rights`.
    Matching {
        lefts: Vec<String>,
        rights: Vec<PresentedChoice>,
    },
}

/// Something to choose or arrange, identified by where it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresentedChoice {
    /// 0-based position on the page; answers refer to it.
    pub position: usize,
    pub text: String,
}

/// Presents every item of `draw`, looking the items up in `pool`.
pub fn present(draw: &Draw, pool: &[&Item]) -> Result<Vec<PresentedItem>, AnswerError> {
    draw.items
        .iter()
        .map(|drawn| {
            let item = resolve(drawn, pool)?;
            Ok(present_item(item, &drawn.order))
        })
        .collect()
}

fn present_item(item: &Item, order: &[usize]) -> PresentedItem {
    let arrange = |texts: Vec<&str>| -> Vec<PresentedChoice> {
        order
            .iter()
            .enumerate()
            .map(|(position, &i)| PresentedChoice {
                position,
                text: texts[i].to_owned(),
            })
            .collect()
    };
    let body = match &item.kind {
        ItemKind::Single { options } => PresentedBody::Single {
            choices: arrange(options.iter().map(|c| c.text.as_str()).collect()),
        },
        ItemKind::Multiple { options } => PresentedBody::Multiple {
            choices: arrange(options.iter().map(|c| c.text.as_str()).collect()),
        },
        ItemKind::RedFlags { message, flags } => PresentedBody::RedFlags {
            message: message.clone(),
            choices: arrange(flags.iter().map(|c| c.text.as_str()).collect()),
        },
        ItemKind::Ordering { steps } => PresentedBody::Ordering {
            steps: arrange(steps.iter().map(String::as_str).collect()),
        },
        ItemKind::Matching { pairs } => PresentedBody::Matching {
            lefts: pairs.iter().map(|p| p.left.clone()).collect(),
            rights: arrange(pairs.iter().map(|p| p.right.as_str()).collect()),
        },
    };
    PresentedItem {
        id: item.id.clone(),
        prompt: item.prompt.clone(),
        must_pass: item.must_pass,
        body,
    }
}
