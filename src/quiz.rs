//! Quizzes as pure functions: draw items for an attempt, present them without their answer keys,
//! and score submitted answers on the server. No HTTP, no SQL; randomness is injected.

mod present;
mod score;
#[cfg(test)]
mod tests;

use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::content::{Item, ItemKind};

pub use present::{PresentedBody, PresentedChoice, PresentedItem, present};
pub use score::{Answer, AnswerError, Answers, ItemResult, Outcome, score};

/// The items of one attempt and the order their options are shown in. Store it with the attempt
/// (it serialises to JSON); it holds positions, not answers, so it is safe to keep server-side
/// and meaningless to a learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    pub items: Vec<DrawnItem>,
}

/// One drawn item: `order[k]` is the index, in the content's list, of what is shown at position
/// `k` (options of choice items and red flags, steps of ordering items, right-hand sides of
/// matching items; matching left-hand sides keep their content order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnItem {
    pub item_id: String,
    pub order: Vec<usize>,
}

/// Why a draw could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DrawError {
    #[error("the pool has {pool} items but {wanted} are to be drawn")]
    PoolTooSmall { pool: usize, wanted: usize },
    #[error("a draw needs at least one item")]
    Empty,
}

/// Draws `count` distinct items at random from `pool` (the items the learner's role sees) and
/// shuffles each item's options. Ordering steps and matching sides are never left in their
/// correct order, which would give the answer away.
pub fn draw<R: Rng + ?Sized>(pool: &[&Item], count: usize, rng: &mut R) -> Result<Draw, DrawError> {
    if count == 0 {
        return Err(DrawError::Empty);
    }
    if pool.len() < count {
        return Err(DrawError::PoolTooSmall {
            pool: pool.len(),
            wanted: count,
        });
    }
    let chosen = rand::seq::index::sample(rng, pool.len(), count);
    let items = chosen
        .into_iter()
        .map(|index| {
            let item = pool[index];
            DrawnItem {
                item_id: item.id.clone(),
                order: shuffled_order(&item.kind, rng),
            }
        })
        .collect();
    Ok(Draw { items })
}

fn shuffled_order<R: Rng + ?Sized>(kind: &ItemKind, rng: &mut R) -> Vec<usize> {
    let len = kind.len();
    let mut order: Vec<usize> = (0..len).collect();
    order.shuffle(rng);
    let must_differ = matches!(kind, ItemKind::Ordering { .. } | ItemKind::Matching { .. });
    if must_differ && len > 1 && order.iter().enumerate().all(|(k, i)| k == *i) {
        order.rotate_left(1 + rng.random_range(0..len - 1));
    }
    order
}

impl Draw {
    /// The drawn item ids, in the order they are asked.
    pub fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|i| i.item_id.as_str())
    }
}

/// Finds a drawn item in the pool and checks the stored order still fits it (content may have
/// changed since the draw was made).
fn resolve<'a>(drawn: &DrawnItem, pool: &[&'a Item]) -> Result<&'a Item, AnswerError> {
    let item = pool
        .iter()
        .copied()
        .find(|i| i.id == drawn.item_id)
        .ok_or_else(|| AnswerError::StaleDraw(drawn.item_id.clone()))?;
    let mut seen = vec![false; item.kind.len()];
    let fits = drawn.order.len() == seen.len()
        && drawn
            .order
            .iter()
            .all(|&i| i < seen.len() && !std::mem::replace(&mut seen[i], true));
    if fits {
        Ok(item)
    } else {
        Err(AnswerError::StaleDraw(drawn.item_id.clone()))
    }
}
