//! Unit tests: targets, reasons, new due dates and the recount after a reset.

use super::*;
use std::path::Path;

fn catalogue() -> Catalogue {
    Catalogue::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap()
}

#[test]
fn targets_name_a_module_or_path_of_the_catalogue() {
    let c = catalogue();
    assert_eq!(
        Target::parse("module:M01", &c).unwrap(),
        Target::Module("M01".into())
    );
    let nursing = Target::parse("path:nursing", &c).unwrap();
    assert_eq!((nursing.kind(), nursing.id()), ("path", "nursing"));
    assert!(nursing.modules(&c).contains(&"M09".to_owned()));
    for bad in ["module:M99", "path:nope", "M01", "", "lesson:M01"] {
        assert_eq!(
            Target::parse(bad, &c).unwrap_err().code(),
            "unknown_item",
            "{bad}"
        );
    }
}

#[test]
fn a_reason_is_required_and_tidied() {
    assert_eq!(
        Reason::parse("  quiz   taken by a colleague\n")
            .unwrap()
            .as_str(),
        "quiz taken by a colleague"
    );
    assert_eq!(Reason::parse(" \t ").unwrap_err().code(), "reason_required");
    let long = "x".repeat(MAX_REASON_CHARS + 1);
    assert_eq!(Reason::parse(&long).unwrap_err().code(), "reason_too_long");
}

#[test]
fn a_new_due_date_must_be_readable_and_ahead() {
    let now = 1_800_000_000;
    assert_eq!(
        parse_new_due("2027-03-15T17:30", now).unwrap(),
        1_805_131_800
    );
    assert_eq!(
        parse_new_due("2027-03-15T17:30:00Z", now).unwrap(),
        1_805_131_800
    );
    assert_eq!(
        parse_new_due("next friday", now).unwrap_err().code(),
        "bad_due_date"
    );
    assert_eq!(
        parse_new_due("2020-01-01T00:00", now).unwrap_err().code(),
        "due_date_passed"
    );
}

#[test]
fn a_path_reset_covers_its_modules_and_every_path_sharing_them() {
    let c = catalogue();
    let learner = Learner {
        registration_id: RegistrationId::new(),
        user_id: "4".into(),
    };
    let actor = Actor {
        user_id: "3".into(),
        name: None,
    };
    let reason = Reason::parse("retake").unwrap();
    let module = AttemptReset::plan(
        learner.clone(),
        "c1",
        Target::Module("M09".into()),
        reason.clone(),
        actor.clone(),
        &c,
        10,
    );
    assert_eq!(module.modules, ["M09"]);
    assert!(module.paths.iter().any(|p| p.path_id == "nursing"));
    assert!(!module.paths.iter().any(|p| p.path_id == "clinical-core"));
    let path = AttemptReset::plan(
        learner,
        "c1",
        Target::Path("nursing".into()),
        reason,
        actor,
        &c,
        10,
    );
    assert_eq!(path.modules.len(), 10);
}

#[test]
fn the_attempts_left_are_counted_again_and_none_left_starts_afresh() {
    assert_eq!(recount(&[]), None);
    let r = recount(&[(40, false, 100), (90, true, 200), (70, true, 300)]).unwrap();
    assert_eq!(
        r,
        Recount {
            passed: true,
            attempts: 3,
            first_score: 40,
            best_score: 90,
            passed_at: Some(200),
            updated_at: 300,
        }
    );
    let failed = recount(&[(20, false, 100)]).unwrap();
    assert!(!failed.passed && failed.passed_at.is_none());
}
