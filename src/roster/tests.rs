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
fn a_name_that_would_run_as_a_formula_stays_text_in_the_csv() {
    let m = member(
        serde_json::json!({"user_id": "4", "name": "=cmd|' /C calc'!A0", "roles": ["Learner"]}),
    );
    let csv = to_csv(&[RosterRow::new(&m, &[])]);
    assert!(csv.starts_with("user_id,name,"));
    assert!(
        csv.contains("\r\n4,'=cmd|' /C calc'!A0,,Learner,Active,,,,,,not_started,,,,,,\r\n"),
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

fn catalogue() -> crate::content::Catalogue {
    crate::content::Catalogue::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
    )
    .unwrap()
}

fn due(item: &str, link: &str, at: i64) -> crate::instructor_actions::PlacedDue {
    crate::instructor_actions::PlacedDue {
        registration_id: RegistrationId::new(),
        context_id: "c".into(),
        resource_link_id: link.into(),
        item_id: item.into(),
        due_at: at,
    }
}

#[test]
fn overdue_needs_a_passed_due_date_without_a_pass_and_an_extension_moves_it() {
    let c = catalogue();
    let m = member(serde_json::json!({"user_id": "4", "roles": ["Learner"]}));
    let mut row = RosterRow::new(&m, &[]);
    row.passed = vec!["M01".into()];
    let dues = [
        due("M01", "a", 100),
        due("M02", "b", 100),
        due("M02", "c", 300),
        due("M03", "d", 900),
    ];
    assert_eq!(
        overdue_modules(&row, &dues, &[], &c, 500),
        [("M02".to_owned(), 300)],
        "latest link's date; passed and future ones are not overdue"
    );
    let extension = crate::instructor_actions::Extension {
        registration_id: RegistrationId::new(),
        context_id: "c".into(),
        user_id: "4".into(),
        item_id: "M02".into(),
        due_at: 1000,
        reason: String::new(),
        actor_user_id: "3".into(),
        actor_name: None,
        granted_at: 1,
    };
    assert!(overdue_modules(&row, &dues, std::slice::from_ref(&extension), &c, 500).is_empty());
    let path = overdue_modules(&row, &[due("nursing", "p", 100)], &[], &c, 500);
    assert_eq!(
        path.len(),
        9,
        "every module of the path but the passed one: {path:?}"
    );
    row.overdue = path;
    assert_eq!(Progress::of(&row, None), Progress::Overdue);
    assert_eq!(Progress::of(&row, Some("M01")), Progress::Completed);
    assert_eq!(Progress::of(&row, Some("M09")), Progress::Overdue);
    row.overdue.clear();
    assert_eq!(Progress::of(&row, None), Progress::InProgress);
    row.path_completed = true;
    assert_eq!(Progress::of(&row, None), Progress::Completed);
    let filter = RosterFilter {
        progress: "completed".into(),
        module: "M02".into(),
        ..RosterFilter::default()
    };
    assert!(!filter.matches(&row));
    let filter = RosterFilter {
        progress: "not_started".into(),
        module: "M02".into(),
        ..RosterFilter::default()
    };
    assert!(filter.matches(&row));
    assert!(
        !RosterFilter {
            progress: "bogus".into(),
            ..RosterFilter::default()
        }
        .matches(&row)
    );
}
