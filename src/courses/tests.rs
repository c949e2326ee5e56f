//! Unit tests of the course domain against the shipped catalogue: placements, neighbours and
//! resume points, answer forms, attempts and what completing them changes.

use std::path::Path;
use std::sync::LazyLock;

use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Map, Value, json};

use super::attempts::AttemptRequest;
use super::*;
use crate::content::{Catalogue, Item, ItemKind, JobRole, Lang};
use crate::platforms::RegistrationId;
use crate::quiz::Draw;

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .expect("shipped content is valid")
});

fn custom(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn learner() -> Learner {
    Learner {
        registration_id: RegistrationId::new(),
        user_id: "4".into(),
    }
}

fn attempt_for(kind: AttemptKind, role: JobRole, seed: u64) -> (Learner, Attempt) {
    let l = learner();
    let module = CATALOGUE.module("M02").unwrap();
    let req = AttemptRequest {
        learner: &l,
        module,
        kind,
        role,
        lang: &Lang::english(),
        pass_mark: 80,
        context_id: None,
        resource_link_id: None,
        now: 100,
    };
    let new = new_attempt(req, &mut StdRng::seed_from_u64(seed)).unwrap();
    let attempt = Attempt {
        id: new.id,
        module_id: new.module_id,
        kind,
        content_version: new.content_version,
        language: new.language,
        job_role: role,
        pass_mark: 80,
        draw: new.draw,
        started_at: 100,
        submitted_at: None,
        result: None,
    };
    (l, attempt)
}

fn pool(attempt: &Attempt) -> Vec<&'static Item> {
    CATALOGUE
        .module(&attempt.module_id)
        .unwrap()
        .pool_for(attempt.job_role, &attempt.language)
        .value
}

/// The form a learner who knows every answer would send.
fn right_form(attempt: &Attempt) -> Vec<(String, String)> {
    let mut fields = vec![("attempt".to_owned(), attempt.id.clone())];
    for drawn in &attempt.draw.items {
        let item = pool(attempt)
            .into_iter()
            .find(|i| i.id == drawn.item_id)
            .unwrap();
        let name = format!("i.{}", item.id);
        match &item.kind {
            ItemKind::Single { options }
            | ItemKind::Multiple { options }
            | ItemKind::RedFlags { flags: options, .. } => {
                for (k, &i) in drawn.order.iter().enumerate() {
                    if options[i].correct {
                        fields.push((name.clone(), k.to_string()));
                    }
                }
            }
            ItemKind::Ordering { .. } => {
                for (k, &i) in drawn.order.iter().enumerate() {
                    fields.push((format!("{name}.{k}"), (i + 1).to_string()));
                }
            }
            ItemKind::Matching { .. } => {
                for left in 0..drawn.order.len() {
                    let k = drawn.order.iter().position(|&i| i == left).unwrap();
                    fields.push((format!("{name}.{left}"), k.to_string()));
                }
            }
        }
    }
    fields
}

#[test]
fn a_placement_reads_its_custom_parameters_and_names_unknown_ids() {
    let p = Placement::parse(
        &custom(json!({"module": "M02", "job_role": "ad", "pass_mark": "90", "graded": "module"})),
        &CATALOGUE,
    )
    .unwrap();
    assert_eq!(
        (p.module.as_deref(), p.job_role, p.pass_mark, p.graded),
        (
            Some("M02"),
            Some(JobRole::Administrative),
            Some(90),
            Graded::Module
        )
    );
    assert_eq!(p.pass_mark_for(CATALOGUE.module("M02").unwrap()), 90);
    let err = Placement::parse(&custom(json!({"module": "M99"})), &CATALOGUE).unwrap_err();
    assert!(
        err.is_unknown_id() && err.to_string().contains("\"M99\""),
        "{err}"
    );
    let err = Placement::parse(&custom(json!({"path": "surgery"})), &CATALOGUE).unwrap_err();
    assert_eq!(err, PlacementError::UnknownPath("surgery".into()));
    for (key, value) in [
        ("job_role", "doctor"),
        ("pass_mark", "0"),
        ("graded", "yes"),
    ] {
        let err = Placement::parse(&custom(json!({ key: value })), &CATALOGUE).unwrap_err();
        assert!(
            !err.is_unknown_id() && err.to_string().contains(value),
            "{err}"
        );
    }
}

#[test]
fn the_placement_role_wins_over_the_learners_choice() {
    let placement = Placement::parse(&custom(json!({"job_role": "IT"})), &CATALOGUE).unwrap();
    let profile = Profile {
        job_role: Some(JobRole::Nurse),
        language: None,
    };
    assert_eq!(
        effective_role(&placement, &profile),
        Some((JobRole::ItEngineering, RoleSource::Placement))
    );
    let open = Placement::parse(&Map::new(), &CATALOGUE).unwrap();
    assert_eq!(
        effective_role(&open, &profile),
        Some((JobRole::Nurse, RoleSource::Learner))
    );
    assert_eq!(effective_role(&open, &Profile::default()), None);
}

#[test]
fn administrative_staff_see_the_invoice_fraud_lesson_and_nurses_do_not() {
    let m02 = CATALOGUE.module("M02").unwrap();
    let slugs = |role| {
        m02.lessons_for(role, &Lang::english())
            .value
            .iter()
            .map(|l| l.slug.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        slugs(JobRole::Administrative)
            .iter()
            .any(|s| s.contains("invoice"))
    );
    assert!(!slugs(JobRole::Nurse).iter().any(|s| s.contains("invoice")));
}

#[test]
fn neighbours_and_resume_follow_the_learners_lessons() {
    let lessons = CATALOGUE
        .module("M01")
        .unwrap()
        .lessons_for(JobRole::Nurse, &Lang::english())
        .value;
    let first = neighbours(&lessons, &lessons[0].slug).unwrap();
    assert_eq!(
        (first.number, first.count, first.previous.is_none()),
        (1, lessons.len(), true)
    );
    assert_eq!(first.next.unwrap().slug, lessons[1].slug);
    assert!(neighbours(&lessons, "99-nope").is_none());
    let mark = |i: usize, state, at| LessonMark {
        slug: lessons[i].slug.clone(),
        state,
        at,
    };
    assert_eq!(resume_lesson(&lessons, &[]).unwrap().slug, lessons[0].slug);
    let skipped = vec![mark(0, LessonState::Skipped, 5)];
    assert_eq!(
        resume_lesson(&lessons, &skipped).unwrap().slug,
        lessons[1].slug,
        "first not done"
    );
    let marks = vec![
        mark(0, LessonState::Seen, 10),
        mark(2, LessonState::Seen, 20),
        mark(1, LessonState::Seen, 15),
    ];
    assert_eq!(
        resume_lesson(&lessons, &marks).unwrap().slug,
        lessons[2].slug,
        "the newest"
    );
    let same_second = vec![
        mark(1, LessonState::Seen, 30),
        mark(2, LessonState::Seen, 30),
    ];
    assert_eq!(
        resume_lesson(&lessons, &same_second).unwrap().slug,
        lessons[2].slug,
        "the later one"
    );
}

#[test]
fn the_right_answers_pass_and_a_passed_test_out_skips_the_lessons() {
    let (l, attempt) = attempt_for(AttemptKind::PreTest, JobRole::Administrative, 7);
    let answers = parse_answers(
        &right_form(&attempt),
        &attempt.id,
        &attempt.draw,
        &pool(&attempt),
    )
    .unwrap();
    let done = finish_attempt(&attempt, &l, &CATALOGUE, &answers, 200).unwrap();
    assert!(
        done.result.passed && done.result.percent == 100,
        "{:?}",
        done.result
    );
    assert!(
        done.effects
            .skip_lessons
            .iter()
            .any(|s| s.contains("invoice"))
    );
    assert!(
        done.effects
            .path_checks
            .iter()
            .any(|p| p.path_id == "administrative")
    );
    assert!(
        done.result
            .items
            .iter()
            .all(|i| !i.prompt.is_empty() && !i.source_title.is_empty())
    );
}

#[test]
fn a_blank_form_is_sent_back_once_then_fails_and_changes_nothing_else() {
    let (l, attempt) = attempt_for(AttemptKind::Quiz, JobRole::Nurse, 3);
    let mut fields = vec![("attempt".to_owned(), attempt.id.clone())];
    assert!(matches!(
        parse_answers(&fields, &attempt.id, &attempt.draw, &pool(&attempt)),
        Err(FormProblem::Blank)
    ));
    fields.push((CONFIRM_BLANK.0.to_owned(), CONFIRM_BLANK.1.to_owned()));
    let answers = parse_answers(&fields, &attempt.id, &attempt.draw, &pool(&attempt)).unwrap();
    let done = finish_attempt(&attempt, &l, &CATALOGUE, &answers, 200).unwrap();
    assert_eq!((done.result.percent, done.result.passed), (0, false));
    assert_eq!(done.effects, CompletionEffects::default());
}

#[test]
fn forged_fields_are_refused_and_half_orderings_are_the_learners_to_fix() {
    let (_, attempt) = attempt_for(AttemptKind::Quiz, JobRole::Nurse, 11);
    let pool = pool(&attempt);
    let parse = |fields: Vec<(&str, &str)>| {
        let fields: Vec<(String, String)> = fields
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        parse_answers(&fields, &attempt.id, &attempt.draw, &pool)
    };
    let first = &attempt.draw.items[0].item_id;
    let field = format!("i.{first}");
    assert!(matches!(
        parse(vec![("attempt", "other")]),
        Err(FormProblem::Invalid(_))
    ));
    assert!(matches!(
        parse(vec![("attempt", &attempt.id), ("i.M02-Q99", "0")]),
        Err(FormProblem::Invalid(_))
    ));
    assert!(matches!(
        parse(vec![("attempt", &attempt.id), (&field, "99")]),
        Err(FormProblem::Invalid(_))
    ));
    assert!(matches!(
        parse(vec![("attempt", &attempt.id), (&field, "x")]),
        Err(FormProblem::Invalid(_))
    ));
    assert!(matches!(
        parse(vec![(&field, "0")]),
        Err(FormProblem::Invalid(_))
    ));
    let ordering = attempt.draw.items.iter().find_map(|d| {
        let item = pool.iter().find(|i| i.id == d.item_id)?;
        matches!(
            item.kind,
            ItemKind::Ordering { .. } | ItemKind::Matching { .. }
        )
        .then_some(item.id.clone())
    });
    if let Some(id) = ordering {
        let half = format!("i.{id}.0");
        assert_eq!(
            parse(vec![("attempt", &attempt.id), (&half, "1")]),
            Err(FormProblem::Incomplete(vec![id]))
        );
    }
}

#[test]
fn an_attempt_cannot_be_finished_twice_or_on_changed_content() {
    let (l, mut attempt) = attempt_for(AttemptKind::Quiz, JobRole::Clinician, 5);
    attempt.content_version = "0.0.1".into();
    let err = finish_attempt(&attempt, &l, &CATALOGUE, &Default::default(), 200).unwrap_err();
    assert!(matches!(err, FinishError::Stale { .. }), "{err}");
    attempt.submitted_at = Some(150);
    assert_eq!(
        finish_attempt(&attempt, &l, &CATALOGUE, &Default::default(), 200).unwrap_err(),
        FinishError::AlreadySubmitted
    );
}

#[test]
fn a_draw_is_stored_with_positions_only() {
    let (_, attempt) = attempt_for(AttemptKind::Quiz, JobRole::Nurse, 1);
    let json = serde_json::to_string(&attempt.draw).unwrap();
    let back: Draw = serde_json::from_str(&json).unwrap();
    assert_eq!(back, attempt.draw);
    assert!(
        !json.contains("correct") && !json.contains("text"),
        "{json}"
    );
}
