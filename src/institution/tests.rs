use super::*;

const NOW: i64 = 1_800_000_000;

fn learner(user: &str, role: Option<&str>) -> LearnerFact {
    LearnerFact {
        user_id: user.into(),
        job_role: role.and_then(JobRole::parse),
    }
}

fn cert(user: &str, path: &str, valid_until: i64, revoked: bool) -> CertificateFact {
    CertificateFact {
        user_id: user.into(),
        learner_name: Some(format!("Name {user}")),
        context_id: Some("c1".into()),
        path_id: path.into(),
        valid_until,
        revoked,
    }
}

fn due(user: &str, module: Option<&str>, path: Option<&str>, due_at: i64) -> DueFact {
    DueFact {
        user_id: user.into(),
        learner_name: None,
        context_id: Some("c2".into()),
        context_title: Some("Ward 4 induction".into()),
        module_id: module.map(Into::into),
        path_id: path.map(Into::into),
        due_at,
    }
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.into(), b.into())
}

fn path_modules(path: &str) -> Vec<String> {
    match path {
        "P" => vec!["M01".into(), "M02".into()],
        _ => vec![],
    }
}

#[test]
fn learners_are_counted_once_under_their_job_role_with_those_without_one_last() {
    let facts = Facts {
        learners: vec![
            learner("a", Some("NU")),
            learner("b", Some("NU")),
            learner("c", None),
        ],
        passes: vec![pair("a", "M01"), pair("a", "M02"), pair("d", "M01")],
        completed_paths: vec![pair("a", "P")],
        certificates: vec![cert("a", "P", NOW + 200 * DAY, false)],
        due: vec![],
        attempt_contexts: vec![],
    };
    let s = summarise(&facts, NOW, path_modules);
    assert_eq!(s.by_role.len(), 2);
    let nurses = &s.by_role[0];
    assert_eq!(nurses.role, Some(JobRole::Nurse));
    assert_eq!(
        (nurses.learners, nurses.completed, nurses.modules_passed),
        (2, 1, 2)
    );
    assert_eq!((nurses.certified, nurses.expiring), (1, 0));
    assert_eq!(nurses.completion_percent(), 50);
    let none = &s.by_role[1];
    assert_eq!(none.role, None);
    assert_eq!(
        (none.learners, none.modules_passed),
        (2, 1),
        "c, and d who only passed"
    );
    assert_eq!(s.total.learners, 4);
    assert_eq!(s.total.modules_passed, 3);
}

#[test]
fn certificates_count_as_valid_expiring_expired_or_revoked() {
    let facts = Facts {
        learners: vec![],
        passes: vec![],
        completed_paths: vec![],
        certificates: vec![
            cert("soon", "P", NOW + 10 * DAY, false),
            cert("gone", "P", NOW - DAY, false),
            cert("pulled", "P", NOW + 100 * DAY, true),
            cert("renewed", "P", NOW + 5 * DAY, false),
            cert("renewed", "P", NOW + 360 * DAY, false),
        ],
        due: vec![],
        attempt_contexts: vec![],
    };
    let s = summarise(&facts, NOW, path_modules);
    let t = &s.total;
    assert_eq!(
        (t.learners, t.certified, t.expiring, t.expired, t.revoked),
        (4, 2, 1, 1, 1)
    );
    assert_eq!(
        s.expiring.len(),
        1,
        "the renewed learner's old certificate is not listed"
    );
    let e = &s.expiring[0];
    assert_eq!((e.user_id.as_str(), e.days_left), ("soon", 10));
    assert_eq!(e.name.as_deref(), Some("Name soon"));
}

#[test]
fn a_certificate_ending_after_the_window_is_not_expiring() {
    let facts = Facts {
        certificates: vec![
            cert("x", "P", NOW + EXPIRING_WITHIN_DAYS * DAY, false),
            cert("y", "P", NOW + EXPIRING_WITHIN_DAYS * DAY + 1, false),
        ],
        ..Facts::default()
    };
    let s = summarise(&facts, NOW, path_modules);
    let users: Vec<_> = s.expiring.iter().map(|e| e.user_id.as_str()).collect();
    assert_eq!(users, ["x"]);
}

#[test]
fn overdue_lists_learners_past_the_date_who_have_not_finished_what_was_due() {
    let facts = Facts {
        learners: vec![learner("late", Some("AD"))],
        passes: vec![pair("done", "M03"), pair("half", "M01")],
        completed_paths: vec![],
        certificates: vec![],
        due: vec![
            due("late", Some("M03"), None, NOW - 3 * DAY),
            due("done", Some("M03"), None, NOW - 3 * DAY),
            due("future", Some("M03"), None, NOW + DAY),
            due("half", None, Some("P"), NOW - 10 * DAY),
            due("unplaced", None, None, NOW - DAY),
        ],
        attempt_contexts: vec!["c2".into(), "c3".into()],
    };
    let s = summarise(&facts, NOW, path_modules);
    let got: Vec<_> = s
        .overdue
        .iter()
        .map(|o| {
            (
                o.user_id.as_str(),
                o.item.as_str(),
                o.days_late,
                o.done,
                o.of,
            )
        })
        .collect();
    assert_eq!(got, [("half", "P", 10, 1, 2), ("late", "M03", 3, 0, 1)]);
    assert_eq!(s.overdue[1].role, Some(JobRole::Administrative));
    assert_eq!(s.overdue[1].course, "Ward 4 induction");
    assert_eq!(s.courses, 2, "c2 (placements and attempts) and c3");
}

#[test]
fn the_csv_has_every_section_and_defuses_formulas() {
    let mut d = due("=cmd|' /C calc'!A0", Some("M01"), None, NOW - DAY);
    d.learner_name = Some("+Evil, Name".into());
    let facts = Facts {
        learners: vec![learner("a", Some("CL"))],
        certificates: vec![cert("a", "P", NOW + DAY, false)],
        due: vec![d],
        ..Facts::default()
    };
    let csv = to_csv(&summarise(&facts, NOW, path_modules));
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with("section,job_role,learners,"));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("by_role,CL,1,0,0,0,1,1,0,0")),
        "{csv}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("by_role,all,2,")),
        "{csv}"
    );
    let overdue = lines.iter().find(|l| l.starts_with("overdue,")).unwrap();
    assert!(
        overdue.contains(",'=cmd|' /C calc'!A0,\"'+Evil, Name\","),
        "{overdue}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("expiring,CL,") && l.contains("P valid until"))
    );
    for l in &lines {
        assert_eq!(
            l.matches(',').count() - l.matches(", ").count(),
            13,
            "14 columns: {l}"
        );
    }
}
