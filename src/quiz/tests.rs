//! Drawing, presenting and scoring: examples and property tests.

use std::collections::{BTreeMap, HashSet};

use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;
use crate::content::{Choice, Pair};

fn choice(id: &str, correct: bool) -> Choice {
    Choice {
        id: id.into(),
        text: format!("option {id}"),
        correct,
    }
}

fn item(id: &str, kind: ItemKind) -> Item {
    Item {
        id: id.into(),
        prompt: format!("prompt {id}"),
        kind,
        feedback: "why".into(),
        source: "s".into(),
        roles: Vec::new(),
        must_pass: false,
    }
}

/// Five items, one of each type.
fn sample_pool() -> Vec<Item> {
    let pairs = (0..3)
        .map(|i| Pair {
            left: format!("L{i}"),
            right: format!("R{i}"),
        })
        .collect();
    vec![
        item(
            "Q1",
            ItemKind::Single {
                options: vec![choice("a", false), choice("b", true), choice("c", false)],
            },
        ),
        item(
            "Q2",
            ItemKind::Multiple {
                options: vec![choice("a", true), choice("b", true), choice("c", false)],
            },
        ),
        item(
            "Q3",
            ItemKind::Ordering {
                steps: vec!["s0".into(), "s1".into(), "s2".into(), "s3".into()],
            },
        ),
        item("Q4", ItemKind::Matching { pairs }),
        item(
            "Q5",
            ItemKind::RedFlags {
                message: "From: x".into(),
                flags: vec![choice("a", true), choice("b", false)],
            },
        ),
    ]
}

/// The answers a learner who knows everything would give, in shown positions.
fn perfect_answers(draw: &Draw, pool: &[&Item]) -> Answers {
    let mut answers = BTreeMap::new();
    for drawn in &draw.items {
        let item = pool
            .iter()
            .find(|i| i.id == drawn.item_id)
            .expect("drawn from pool");
        let position_of = |index: usize| {
            drawn
                .order
                .iter()
                .position(|&i| i == index)
                .expect("permutation")
        };
        let picks = |choices: &[Choice]| {
            drawn
                .order
                .iter()
                .enumerate()
                .filter(|(_, i)| choices[**i].correct)
                .map(|(k, _)| k)
                .collect()
        };
        let answer = match &item.kind {
            ItemKind::Single { options } | ItemKind::Multiple { options } => {
                Answer::Choices(picks(options))
            }
            ItemKind::RedFlags { flags, .. } => Answer::Choices(picks(flags)),
            ItemKind::Ordering { steps } => {
                Answer::Order((0..steps.len()).map(position_of).collect())
            }
            ItemKind::Matching { pairs } => {
                Answer::Matches((0..pairs.len()).map(position_of).collect())
            }
        };
        answers.insert(drawn.item_id.clone(), answer);
    }
    Answers(answers)
}

fn seeded(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

#[test]
fn a_perfect_attempt_scores_100_and_passes() {
    let pool = sample_pool();
    let pool: Vec<&Item> = pool.iter().collect();
    let draw = draw(&pool, 5, &mut seeded(7)).expect("draw");
    let outcome = score(&draw, &pool, &perfect_answers(&draw, &pool), 80).expect("scored");
    assert_eq!(
        (
            outcome.correct,
            outcome.total,
            outcome.percent,
            outcome.passed
        ),
        (5, 5, 100, true)
    );
}

#[test]
fn four_of_five_passes_at_80_but_not_when_a_must_pass_item_is_missed() {
    let mut items = sample_pool();
    let pool: Vec<&Item> = items.iter().collect();
    let draw = draw(&pool, 5, &mut seeded(1)).expect("draw");
    let mut answers = perfect_answers(&draw, &pool);
    answers.0.remove("Q3");
    let outcome = score(&draw, &pool, &answers, 80).expect("scored");
    assert_eq!((outcome.percent, outcome.passed), (80, true));
    let q3 = outcome
        .items
        .iter()
        .find(|r| r.item_id == "Q3")
        .expect("Q3");
    assert!(!q3.answered && !q3.correct);
    assert_eq!(q3.solution, ["s0", "s1", "s2", "s3"]);
    items[2].must_pass = true;
    let pool: Vec<&Item> = items.iter().collect();
    let outcome = score(&draw, &pool, &answers, 80).expect("scored");
    assert_eq!(
        (
            outcome.percent,
            outcome.passed,
            outcome.missed_must_pass.clone()
        ),
        (80, false, vec!["Q3".to_owned()])
    );
}

#[test]
fn choosing_one_correct_option_of_two_scores_nothing() {
    let pool = sample_pool();
    let pool: Vec<&Item> = pool.iter().collect();
    let draw = draw(&pool, 5, &mut seeded(3)).expect("draw");
    let mut answers = perfect_answers(&draw, &pool);
    if let Some(Answer::Choices(chosen)) = answers.0.get_mut("Q2") {
        chosen.pop();
    }
    let outcome = score(&draw, &pool, &answers, 80).expect("scored");
    assert!(
        !outcome
            .items
            .iter()
            .find(|r| r.item_id == "Q2")
            .expect("Q2")
            .correct
    );
    assert_eq!(outcome.percent, 80);
}

#[test]
fn answers_that_do_not_fit_the_draw_are_refused() {
    let pool = sample_pool();
    let pool: Vec<&Item> = pool.iter().collect();
    let draw = draw(&pool, 5, &mut seeded(9)).expect("draw");
    let cases = [
        (
            "Q9",
            Answer::Choices(vec![0]),
            AnswerError::UnknownItem("Q9".into()),
        ),
        (
            "Q1",
            Answer::Choices(vec![3]),
            AnswerError::UnknownOption("Q1".into()),
        ),
        (
            "Q1",
            Answer::Choices(vec![0, 1]),
            AnswerError::NotOneChoice("Q1".into()),
        ),
        (
            "Q1",
            Answer::Order(vec![0, 1, 2]),
            AnswerError::WrongKind("Q1".into()),
        ),
        (
            "Q3",
            Answer::Order(vec![0, 0, 1, 2]),
            AnswerError::Malformed("Q3".into()),
        ),
        (
            "Q3",
            Answer::Order(vec![0, 1, 2]),
            AnswerError::Malformed("Q3".into()),
        ),
        (
            "Q4",
            Answer::Matches(vec![0, 1]),
            AnswerError::Malformed("Q4".into()),
        ),
        (
            "Q4",
            Answer::Matches(vec![0, 1, 7]),
            AnswerError::UnknownOption("Q4".into()),
        ),
    ];
    for (id, answer, expected) in cases {
        let answers = Answers(BTreeMap::from([(id.to_owned(), answer)]));
        assert_eq!(score(&draw, &pool, &answers, 80), Err(expected));
    }
}

#[test]
fn a_draw_that_no_longer_fits_the_content_is_refused() {
    let pool = sample_pool();
    let pool: Vec<&Item> = pool.iter().collect();
    let mut stale = draw(&pool, 5, &mut seeded(2)).expect("draw");
    stale.items[0].order.push(99);
    assert!(matches!(
        score(&stale, &pool, &Answers::default(), 80),
        Err(AnswerError::StaleDraw(_))
    ));
    assert!(matches!(
        present(&stale, &pool),
        Err(AnswerError::StaleDraw(_))
    ));
    assert!(matches!(
        score(&stale, &pool[..0], &Answers::default(), 80),
        Err(AnswerError::StaleDraw(_))
    ));
}

#[test]
fn a_pool_smaller_than_the_draw_is_an_error() {
    let pool = sample_pool();
    let pool: Vec<&Item> = pool.iter().collect();
    assert_eq!(
        draw(&pool, 6, &mut seeded(0)),
        Err(DrawError::PoolTooSmall { pool: 5, wanted: 6 })
    );
    assert_eq!(draw(&pool, 0, &mut seeded(0)), Err(DrawError::Empty));
}

#[test]
fn ordering_steps_are_never_shown_in_the_correct_order() {
    let steps = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
    let only = [item("Q", ItemKind::Ordering { steps })];
    let pool: Vec<&Item> = only.iter().collect();
    for seed in 0..200 {
        let drawn = draw(&pool, 1, &mut seeded(seed)).expect("draw");
        assert_ne!(drawn.items[0].order, [0, 1, 2], "seed {seed}");
    }
}

/// An arbitrary item: `shape` picks the type, `len` the options, `mask` which are correct.
fn arbitrary_item(n: usize, shape: u8, len: usize, mask: u32, must_pass: bool) -> Item {
    let choices = |single: bool| -> Vec<Choice> {
        (0..len)
            .map(|i| {
                let correct = if single {
                    i == mask as usize % len
                } else {
                    mask & (1 << i) != 0 || i == 0
                };
                Choice {
                    id: format!("o{i}"),
                    text: format!("text {n}-{i}"),
                    correct,
                }
            })
            .collect()
    };
    let kind = match shape % 5 {
        0 => ItemKind::Single {
            options: choices(true),
        },
        1 => ItemKind::Multiple {
            options: choices(false),
        },
        2 => ItemKind::RedFlags {
            message: "m".into(),
            flags: choices(false),
        },
        3 => ItemKind::Ordering {
            steps: (0..len.max(3)).map(|i| format!("step {i}")).collect(),
        },
        _ => ItemKind::Matching {
            pairs: (0..len.max(3))
                .map(|i| Pair {
                    left: format!("l{i}"),
                    right: format!("r{i}"),
                })
                .collect(),
        },
    };
    Item {
        must_pass,
        ..item(&format!("Q{n:02}"), kind)
    }
}

fn arbitrary_pool() -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec((any::<u8>(), 2usize..7, any::<u32>(), any::<bool>()), 5..30).prop_map(
        |specs| {
            specs
                .into_iter()
                .enumerate()
                .map(|(n, (shape, len, mask, must))| arbitrary_item(n, shape, len, mask, must))
                .collect()
        },
    )
}

proptest! {
    #[test]
    fn a_perfect_answer_always_scores_100_and_passes(items in arbitrary_pool(), seed: u64, count in 1usize..10, mark in 1u8..=100) {
        let pool: Vec<&Item> = items.iter().collect();
        let count = count.min(pool.len());
        let draw = draw(&pool, count, &mut seeded(seed)).expect("pool is large enough");
        let outcome = score(&draw, &pool, &perfect_answers(&draw, &pool), mark).expect("fits the draw");
        prop_assert_eq!(outcome.percent, 100);
        prop_assert!(outcome.passed);
    }

    #[test]
    fn a_draw_has_no_duplicates_and_comes_from_the_pool(items in arbitrary_pool(), seed: u64, count in 1usize..10) {
        let pool: Vec<&Item> = items.iter().collect();
        let count = count.min(pool.len());
        let draw = draw(&pool, count, &mut seeded(seed)).expect("draw");
        let ids: HashSet<&str> = draw.item_ids().collect();
        prop_assert_eq!(ids.len(), count);
        for drawn in &draw.items {
            let item = pool.iter().find(|i| i.id == drawn.item_id);
            prop_assert!(item.is_some());
            let mut order = drawn.order.clone();
            order.sort_unstable();
            prop_assert_eq!(order, (0..item.map_or(0, |i| i.kind.len())).collect::<Vec<_>>());
        }
    }

    #[test]
    fn presented_items_do_not_depend_on_the_answer_key(items in arbitrary_pool(), seed: u64, flip in any::<u32>()) {
        let pool: Vec<&Item> = items.iter().collect();
        let draw = draw(&pool, pool.len().min(10), &mut seeded(seed)).expect("draw");
        let shown = present(&draw, &pool).expect("presentable");
        let rekeyed: Vec<Item> = items.iter().cloned().map(|mut item| {
            if let ItemKind::Single { options } | ItemKind::Multiple { options } | ItemKind::RedFlags { flags: options, .. } = &mut item.kind {
                for (i, option) in options.iter_mut().enumerate() {
                    option.correct = flip & (1 << i) != 0;
                }
            }
            item
        }).collect();
        let rekeyed: Vec<&Item> = rekeyed.iter().collect();
        prop_assert_eq!(&present(&draw, &rekeyed).expect("presentable"), &shown);
        let json = serde_json::to_string(&shown).expect("serialises");
        prop_assert!(!json.contains("correct") && !json.contains("\"flag\"") && !json.contains("\"o0\""));
    }
}

#[test]
fn the_answer_given_is_kept_in_the_words_of_the_solution() {
    let pool = sample_pool();
    let pool: Vec<&Item> = pool.iter().collect();
    let draw = draw(&pool, 5, &mut seeded(7)).expect("draw");
    let mut answers = perfect_answers(&draw, &pool);
    let outcome = score(&draw, &pool, &answers, 80).expect("scored");
    for item in &outcome.items {
        let (mut given, mut solution) = (item.given.clone(), item.solution.clone());
        if !matches!(item.item_id.as_str(), "Q3") {
            given.sort();
            solution.sort();
        }
        assert_eq!(given, solution, "{}", item.item_id);
    }
    answers.0.remove("Q3");
    let outcome = score(&draw, &pool, &answers, 80).expect("scored");
    let q3 = outcome
        .items
        .iter()
        .find(|r| r.item_id == "Q3")
        .expect("Q3");
    assert!(q3.given.is_empty(), "an unanswered item has no answer");
}
