//! Unit tests: joining members with progress, and CSV escaping.

use super::*;
use crate::courses::ModuleProgress;

fn member(json: serde_json::Value) -> Member {
    serde_json::from_value(json).unwrap()
}

#[test]
fn a_member_gets_short_roles_and_their_progress() {
    let m = member(serde_json::json!({
        "user_id": "4", "given_name": "Sam", "family_name": "Student",
        "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
    }));
    let progress = vec![
        ModuleProgress {
            status: ModuleStatus::Passed,
            attempts: 2,
            first_score: Some(40),
            best_score: Some(90),
            ..ModuleProgress::not_started("M02")
        },
        ModuleProgress {
            status: ModuleStatus::InProgress,
            ..ModuleProgress::not_started("M01")
        },
    ];
    let row = RosterRow::new(&m, &progress);
    assert_eq!(row.name, "Sam Student");
    assert_eq!(row.roles, ["Learner"]);
    assert_eq!(row.status, "Active");
    assert_eq!(row.passed, ["M02"]);
    assert_eq!(row.in_progress, ["M01"]);
    assert_eq!(row.best_scores, [("M02".to_owned(), 90)]);
    assert_eq!(row.first_scores, [("M02".to_owned(), 40)]);
    assert!(row.is_learner());
}

#[test]
fn a_member_who_never_launched_has_an_empty_row() {
    let m =
        member(serde_json::json!({"user_id": "9", "roles": ["Instructor"], "status": "Inactive"}));
    let row = RosterRow::new(&m, &[]);
    assert_eq!((row.name.as_str(), row.status.as_str()), ("9", "Inactive"));
    assert!(row.passed.is_empty() && row.best_scores.is_empty() && !row.is_learner());
}

#[test]
fn csv_cells_are_quoted_and_formulas_defused() {
    assert_eq!(csv::cell("plain"), "plain");
    assert_eq!(csv::cell("Doe, Jane"), "\"Doe, Jane\"");
    assert_eq!(csv::cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv::cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(csv::cell("+1"), "'+1");
    assert_eq!(csv::cell("-2"), "'-2");
    assert_eq!(csv::cell("@SUM(A1)"), "'@SUM(A1)");
    let m = member(
        serde_json::json!({"user_id": "4", "name": "=cmd|' /C calc'!A0", "roles": ["Learner"]}),
    );
    let csv = to_csv(&[RosterRow::new(&m, &[])]);
    assert!(csv.starts_with("user_id,name,"));
    assert!(
        csv.contains("\r\n4,'=cmd|' /C calc'!A0,,Learner,Active,,,,,,\r\n"),
        "{csv}"
    );
}

#[test]
fn the_filter_keeps_matching_members_sorted_by_name() {
    let row = |id: &str, name: &str, role: &str, passed: &[&str]| {
        let m = member(serde_json::json!({"user_id": id, "name": name, "roles": [role]}));
        RosterRow {
            passed: passed.iter().map(|p| p.to_string()).collect(),
            ..RosterRow::new(&m, &[])
        }
    };
    let rows = vec![
        row("1", "zoe", "Learner", &["M01"]),
        row("2", "Adam", "Learner", &[]),
        row("3", "Tina", "Instructor", &[]),
    ];
    let learners = RosterFilter {
        role: "Learner".into(),
        ..RosterFilter::default()
    }
    .apply(rows.clone());
    assert_eq!(
        learners
            .iter()
            .map(|r| r.user_id.as_str())
            .collect::<Vec<_>>(),
        ["2", "1"]
    );
    let passed = RosterFilter {
        passed: "M01".into(),
        ..RosterFilter::default()
    }
    .apply(rows);
    assert_eq!(passed.len(), 1);
}

#[test]
fn the_roster_sorts_by_modules_passed_or_late_submissions() {
    let row = |id: &str, name: &str, passed: &[&str], late: usize| {
        let m = member(serde_json::json!({"user_id": id, "name": name, "roles": ["Learner"]}));
        RosterRow {
            passed: passed.iter().map(|p| p.to_string()).collect(),
            late: (0..late).map(|i| (format!("M0{i}"), 0)).collect(),
            ..RosterRow::new(&m, &[])
        }
    };
    let rows = vec![
        row("1", "Ann", &["M01"], 0),
        row("2", "Bob", &["M01", "M02"], 0),
        row("3", "Cat", &[], 2),
    ];
    let order = |sort: &str| {
        RosterFilter {
            sort: sort.into(),
            ..RosterFilter::default()
        }
        .apply(rows.clone())
        .into_iter()
        .map(|r| r.name)
        .collect::<Vec<_>>()
    };
    assert_eq!(order(""), ["Ann", "Bob", "Cat"]);
    assert_eq!(order("passed"), ["Bob", "Ann", "Cat"]);
    assert_eq!(order("late"), ["Cat", "Ann", "Bob"]);
}
