//! Table-driven rule tests: three contrasting personas, and one test per rule that removes the
//! rule from the shipped data and shows the advice changes.

use std::path::Path;
use std::sync::LazyLock;

use super::*;
use crate::content::Catalogue;

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .expect("shipped content is valid")
});

static WIZARD: LazyLock<Wizard> = LazyLock::new(|| {
    Wizard::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &CATALOGUE,
    )
    .expect("shipped wizard data is valid")
});

fn raw(pairs: &[(&str, &str)]) -> RawAnswers {
    let mut out = RawAnswers::new();
    for (k, v) in pairs {
        out.entry((*k).to_owned())
            .or_default()
            .push((*v).to_owned());
    }
    out
}

/// Fills every scale of `prefix` with `value`.
fn scales(prefix: &[&str], value: &'static str) -> Vec<(String, &'static str)> {
    WIZARD
        .bank
        .questions
        .iter()
        .filter(|q| q.kind == Kind::Scale && prefix.iter().any(|p| q.id.starts_with(p)))
        .map(|q| (q.id.clone(), value))
        .collect()
}

fn with(base: &[(&str, &str)], extra: Vec<(String, &'static str)>) -> RawAnswers {
    let mut r = raw(base);
    for (k, v) in extra {
        r.insert(k, vec![v.to_owned()]);
    }
    r
}

/// A small rehabilitation clinic: no policies, no training, 30 minutes a year, night shifts.
fn rehab_clinic() -> RawAnswers {
    let base = [
        ("C1", "rehabilitation"),
        ("C2", "lt250"),
        ("C4", "organisation"),
        ("C6", "notsure"),
        ("A1.NU", "60"),
        ("A1.AD", "10"),
        ("A1.CL", "8"),
        ("A2", "10-25"),
        ("A3", "yes"),
        ("A4", "write"),
        ("A5", "yes"),
        ("A6", "none"),
        ("T1", "messaging"),
        ("T2", "notsure"),
        ("T6", "some"),
        ("T7", "notsure"),
        ("T8", "no"),
        ("S6", "no"),
        ("R1", "none"),
        ("R3", "notsure"),
        ("R4", "never"),
        ("R5", "le30"),
        ("R8", "notsure"),
        ("G2", "no"),
        ("G4", "compliance"),
    ];
    let mut extra = scales(&["P"], "na");
    extra.extend(scales(&["S", "K"], "2"));
    with(&base, extra)
}

/// A university hospital ward with regular simulations and good habits.
fn university_ward() -> RawAnswers {
    let base = [
        ("C1", "university"),
        ("C2", "ge5000"),
        ("C4", "unit"),
        ("C6", "essential"),
        ("A1.NU", "45"),
        ("A1.CL", "15"),
        ("A2", "gt25"),
        ("A3", "yes"),
        ("A4", "write"),
        ("A5", "yes"),
        ("A6", "some"),
        ("T1", "mobile"),
        ("T2", "no"),
        ("T6", "many"),
        ("T7", "yes"),
        ("T8", "yes"),
        ("S6", "yes"),
        ("R1", "continuous"),
        ("R3", "80-94"),
        ("R4", "regularly"),
        ("R4c", "4"),
        ("R4r", "62"),
        ("R5", "61-120"),
        ("R8", "no"),
        ("G1", "medical-device"),
        ("G2", "no"),
        ("G4", "downtime"),
    ];
    let mut extra = scales(&["P", "S"], "4");
    extra.extend(scales(&["K"], "4"));
    extra.push(("K7".into(), "2"));
    with(&base, extra)
}

/// A board that was never trained, in an NIS2 essential hospital.
fn untrained_board() -> RawAnswers {
    let base = [
        ("C1", "acute"),
        ("C2", "1000-4999"),
        ("C4", "department"),
        ("C6", "essential"),
        ("A1.MG", "9"),
        ("A2", "lt10"),
        ("A3", "no"),
        ("A4", "read"),
        ("A5", "no"),
        ("A6", "widespread"),
        ("T2", "yes"),
        ("T6", "none"),
        ("T7", "yes"),
        ("T8", "yes"),
        ("S6", "no"),
        ("R1", "onboarding"),
        ("R3", "lt50"),
        ("R4", "once"),
        ("R4c", "22"),
        ("R5", "61-120"),
        ("R8", "yes"),
        ("G1", "ransomware"),
        ("G2", "yes"),
        ("G4", "leadership"),
    ];
    let mut extra = scales(&["P"], "3");
    extra.extend(scales(&["S"], "2"));
    extra.extend(scales(&["K"], "3"));
    with(&base, extra)
}

fn advice_for(w: &Wizard, raw: &RawAnswers) -> Advice {
    assert_eq!(
        w.bank.first_incomplete_step(raw),
        None,
        "persona answers are complete"
    );
    w.advise(&w.bank.parse_all(raw))
}

fn gap(a: &Advice, d: &str) -> f64 {
    a.gaps.iter().find(|g| g.domain == d).unwrap().score
}

fn role<'a>(a: &'a Advice, r: &str) -> &'a RolePlan {
    a.roles.iter().find(|p| p.role == r).unwrap()
}

fn has(recs: &[Recommendation], kind: RecKind, id: &str) -> bool {
    recs.iter().any(|r| r.kind == kind && r.id == id)
}

fn this_year(p: &RolePlan) -> Vec<&str> {
    p.modules
        .iter()
        .filter(|m| m.wave == Wave::ThisYear)
        .map(|m| m.module.as_str())
        .collect()
}

#[test]
fn the_shipped_questionnaire_has_eight_steps_and_35_to_50_questions() {
    assert_eq!(WIZARD.bank.steps.len(), 8);
    assert!((35..=50).contains(&WIZARD.bank.questions.len()));
}

#[test]
fn the_three_personas_get_advice_a_trainer_would_agree_with() {
    struct Case {
        name: &'static str,
        raw: RawAnswers,
        check: fn(&Advice),
    }
    let cases =
        [
            Case {
                name: "rehabilitation clinic without policies",
                raw: rehab_clinic(),
                check: |a| {
                    assert!(
                        gap(a, "D10") >= 0.6,
                        "governance is a big gap: {}",
                        gap(a, "D10")
                    );
                    assert!(a.priority_gaps().len() >= 3, "{:?}", a.gaps);
                    let policies = a
                        .actions
                        .iter()
                        .filter(|r| r.kind == RecKind::Policy)
                        .count();
                    assert_eq!(policies, 9, "every missing policy is an action");
                    assert!(
                        has(&a.actions, RecKind::Verify, "T2")
                            && has(&a.actions, RecKind::Verify, "T7")
                    );
                    assert!(has(&a.actions, RecKind::Action, "report-button"));
                    assert!(has(&a.methods, RecKind::Method, "huddles"));
                    assert!(has(
                        &a.methods,
                        RecKind::Method,
                        "phishing-simulation-approved"
                    ));
                    assert!(!has(&a.methods, RecKind::Method, "phishing-simulation"));
                    let nu = role(a, "NU");
                    assert_eq!(nu.modules[0].module, "M01");
                    assert!(
                        nu.modules.iter().any(|m| m.wave == Wave::LaterQuarter),
                        "30 minutes cannot hold the path"
                    );
                    assert!(
                        this_year(nu).contains(&"M04") && this_year(nu).contains(&"M07"),
                        "GDPR and reporting are kept"
                    );
                },
            },
            Case {
                name: "university ward with regular simulations",
                raw: university_ward(),
                check: |a| {
                    assert!(
                        gap(a, "D1") < 0.3,
                        "phishing is under control: {}",
                        gap(a, "D1")
                    );
                    assert!(gap(a, "D7") >= 0.5, "devices are the gap");
                    assert!(a.actions.iter().all(|r| r.kind != RecKind::Policy));
                    assert!(has(&a.methods, RecKind::Method, "phishing-simulation"));
                    assert!(has(&a.methods, RecKind::Method, "champions"));
                    assert!(!has(&a.methods, RecKind::Method, "downtime-drill"));
                    let cl = role(a, "CL");
                    assert!(
                        cl.modules.iter().any(|m| m.module == "M09"),
                        "optional devices module chosen for clinicians"
                    );
                    assert!(
                        this_year(cl).len() >= 7,
                        "120 minutes hold most of the core: {:?}",
                        this_year(cl)
                    );
                    assert!(a.compliance.iter().any(
                        |c| c.framework == "HICP" && c.supported_by.contains(&"M09".to_owned())
                    ));
                },
            },
            Case {
                name: "board never trained",
                raw: untrained_board(),
                check: |a| {
                    let mg = role(a, "MG");
                    let m12 = mg.modules.iter().find(|m| m.module == "M12").unwrap();
                    assert_eq!(m12.wave, Wave::ThisYear);
                    assert!(m12.required_by.as_deref().unwrap().contains("NIS2 Art. 20"));
                    assert!(has(&a.actions, RecKind::Action, "leadership-training"));
                    assert!(has(&a.methods, RecKind::Method, "tabletop"));
                    assert!(has(&a.actions, RecKind::Action, "simulation-approval"));
                    assert!(a.compliance.iter().any(|c| c.reference == "Art. 20(2)"));
                    assert!(gap(a, "D6") >= 0.5, "ransomware incident raises continuity");
                    assert_eq!(a.roles.len(), 1, "only the board is in this plan");
                },
            },
        ];
    for case in cases {
        let advice = advice_for(&WIZARD, &case.raw);
        let result = std::panic::catch_unwind(|| (case.check)(&advice));
        assert!(result.is_ok(), "persona: {}", case.name);
    }
}

#[test]
fn every_recommendation_names_its_answers_and_source() {
    for raw in [rehab_clinic(), university_ward(), untrained_board()] {
        let a = advice_for(&WIZARD, &raw);
        for r in a.actions.iter().chain(&a.methods) {
            assert!(!r.because.is_empty() && !r.source.is_empty(), "{r:?}");
        }
        for m in a.roles.iter().flat_map(|r| &r.modules) {
            assert!(!m.because.is_empty(), "{m:?}");
        }
    }
}

/// Shipped rules with one part changed.
fn altered(change: impl FnOnce(&mut Rules)) -> Wizard {
    let mut rules = WIZARD.rules.clone();
    change(&mut rules);
    Wizard::from_parts(WIZARD.bank.clone(), rules, WIZARD.modules.clone()).unwrap()
}

#[test]
fn each_action_and_method_rule_is_what_produces_its_advice() {
    let personas = [rehab_clinic(), university_ward(), untrained_board()];
    let ids: Vec<(bool, String)> = WIZARD
        .rules
        .actions
        .iter()
        .map(|r| (true, r.id.clone()))
        .chain(WIZARD.rules.methods.iter().map(|r| (false, r.id.clone())))
        .collect();
    for (is_action, id) in ids {
        let fired_somewhere = personas.iter().any(|p| {
            let a = advice_for(&WIZARD, p);
            a.actions.iter().chain(&a.methods).any(|r| r.id == id)
        });
        assert!(fired_somewhere, "rule {id} fires for one of the personas");
        let without = altered(|r| {
            r.actions.retain(|x| !is_action || x.id != id);
            r.methods.retain(|x| is_action || x.id != id);
            for c in &mut r.compliance {
                c.actions.retain(|x| x != &id);
                c.methods.retain(|x| x != &id);
            }
        });
        for p in &personas {
            let a = advice_for(&without, p);
            assert!(
                !a.actions.iter().chain(&a.methods).any(|r| r.id == id),
                "{id} gone"
            );
        }
    }
}

#[test]
fn removing_the_nis2_management_rule_drops_m12_priority_and_its_reason() {
    let with_rule = advice_for(&WIZARD, &untrained_board());
    let without = advice_for(
        &altered(|r| r.mandatory.retain(|m| m.module != "M12")),
        &untrained_board(),
    );
    let m12 = |a: &Advice| {
        role(a, "MG")
            .modules
            .iter()
            .find(|m| m.module == "M12")
            .cloned()
            .unwrap()
    };
    assert!(m12(&with_rule).required_by.is_some() && m12(&without).required_by.is_none());
    assert!(m12(&with_rule).priority > m12(&without).priority);
}

#[test]
fn removing_the_ordering_rule_no_longer_puts_phishing_ransomware_and_reporting_first() {
    let order = |a: &Advice| -> Vec<String> {
        role(a, "NU")
            .modules
            .iter()
            .map(|m| m.module.clone())
            .collect()
    };
    let shipped = order(&advice_for(&WIZARD, &university_ward()));
    let mut lead = shipped[1..4].to_vec();
    lead.sort();
    assert_eq!(shipped[0], "M01");
    assert_eq!(lead, ["M02", "M06", "M07"]);
    let plain = order(&advice_for(
        &altered(|r| r.ordering.act_now.clear()),
        &university_ward(),
    ));
    let mut plain_lead = plain[1..4].to_vec();
    plain_lead.sort();
    assert_ne!(plain_lead, lead);
    let no_first = order(&advice_for(
        &altered(|r| {
            r.ordering.first.clear();
            r.ordering.act_now.clear();
        }),
        &rehab_clinic(),
    ));
    assert_ne!(no_first[0], "M01", "M01 leads only because of the rule");
}

#[test]
fn removing_the_budget_rule_defers_nothing_or_everything_it_decided() {
    let deferred = |w: &Wizard| {
        let a = advice_for(w, &rehab_clinic());
        role(&a, "NU")
            .modules
            .iter()
            .filter(|m| m.wave == Wave::LaterQuarter)
            .count()
    };
    assert!(deferred(&WIZARD) > 0);
    let generous = altered(|r| {
        r.budget.minutes.insert("le30".into(), 1000);
    });
    assert_eq!(deferred(&generous), 0);
}

#[test]
fn removing_the_optional_module_rule_drops_m09_for_clinicians() {
    let cl_has_m09 = |w: &Wizard| {
        let a = advice_for(w, &university_ward());
        role(&a, "CL").modules.iter().any(|m| m.module == "M09")
    };
    assert!(cl_has_m09(&WIZARD));
    assert!(!cl_has_m09(&altered(|r| r.selection.optional_from = 99.0)));
}

#[test]
fn removing_a_boost_lowers_its_domain() {
    let board = untrained_board();
    let without = altered(|r| {
        r.boosts
            .retain(|b| b.option.as_deref() != Some("ransomware"))
    });
    let d6 = |w: &Wizard| gap(&advice_for(w, &board), "D6");
    assert!(d6(&WIZARD) > d6(&without));
    let click = altered(|r| r.boosts.retain(|b| b.q != "R4c"));
    let d1 = |w: &Wizard| gap(&advice_for(w, &board), "D1");
    assert!(
        d1(&WIZARD) > d1(&click),
        "a 22% click rate raises social engineering"
    );
}

#[test]
fn removing_a_score_rule_removes_its_answer_from_the_heat_map() {
    let clinic = rehab_clinic();
    let without = altered(|r| r.scores.retain(|s| s.q != "T8"));
    let cites_t8 = |w: &Wizard| {
        advice_for(w, &clinic)
            .gaps
            .iter()
            .flat_map(|g| &g.evidence)
            .any(|e| matches!(e, Evidence::Answer { question, .. } if question == "T8"))
    };
    assert!(cites_t8(&WIZARD) && !cites_t8(&without));
}

#[test]
fn removing_a_compliance_line_removes_it_from_the_mapping() {
    let without = altered(|r| r.compliance.retain(|c| c.reference != "Art. 20(2)"));
    let cites = |w: &Wizard| {
        advice_for(w, &untrained_board())
            .compliance
            .iter()
            .any(|c| c.reference == "Art. 20(2)")
    };
    assert!(cites(&WIZARD) && !cites(&without));
}

#[test]
fn not_sure_counts_as_a_gap_and_asks_for_a_check() {
    let mut r = university_ward();
    r.insert("T8".into(), vec!["notsure".into()]);
    let a = advice_for(&WIZARD, &r);
    let check = a
        .actions
        .iter()
        .find(|x| x.kind == RecKind::Verify && x.id == "T8")
        .unwrap();
    assert_eq!(check.verify_with.as_deref(), Some("it"));
    let d5 = a.gaps.iter().find(|g| g.domain == "D5").unwrap();
    assert!(d5.evidence.iter().any(|e| matches!(e, Evidence::Answer { question, adds: Some(x), .. } if question == "T8" && (*x - 0.75).abs() < 1e-9)));
}

#[test]
fn shift_workers_get_at_most_two_short_lessons_a_month() {
    let a = advice_for(&WIZARD, &university_ward());
    let nu = role(&a, "NU");
    let months: Vec<u8> = nu.modules.iter().filter_map(|m| m.month).collect();
    assert!(months.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        months.last().unwrap() > &6,
        "spread over the year: {months:?}"
    );
    assert!(a.calendar.iter().all(|m| m.month >= 1 && m.month <= 12));
    assert!(a.calendar[11].entries.contains(&CalendarEntry::Rerun));
}

#[test]
fn invalid_answers_are_explained_and_valid_ones_kept() {
    let mut r = university_ward();
    r.insert("K1".into(), vec!["7".into()]);
    r.insert("C1".into(), vec!["castle".into()]);
    r.insert("R4c".into(), vec!["lots".into()]);
    r.insert(
        "G4".into(),
        vec![
            "compliance".into(),
            "phishing".into(),
            "reporting".into(),
            "privacy".into(),
        ],
    );
    let k = WIZARD.bank.step_of("K1").unwrap();
    assert_eq!(
        WIZARD.bank.step_problems(k, &r, true)["K1"],
        AnswerProblem::OutOfRange {
            value: 7,
            min: 1,
            max: 5
        }
    );
    let c = WIZARD.bank.step_of("C1").unwrap();
    assert_eq!(
        WIZARD.bank.step_problems(c, &r, true)["C1"],
        AnswerProblem::UnknownOption("castle".into())
    );
    let t = WIZARD.bank.step_of("R4c").unwrap();
    assert_eq!(
        WIZARD.bank.step_problems(t, &r, true)["R4c"],
        AnswerProblem::NotANumber("lots".into())
    );
    let g = WIZARD.bank.step_of("G4").unwrap();
    assert_eq!(
        WIZARD.bank.step_problems(g, &r, true)["G4"],
        AnswerProblem::TooMany(3)
    );
    assert_eq!(WIZARD.bank.first_incomplete_step(&r), Some(c));
    let parsed = WIZARD.bank.parse_all(&r);
    assert!(parsed.get("K1").is_none() && parsed.get("K2").is_some());
    let mut none = r.clone();
    none.insert("A1.NU".into(), vec!["0".into()]);
    none.insert("A1.CL".into(), vec!["0".into()]);
    let a = WIZARD.bank.step_of("A1").unwrap();
    assert_eq!(
        WIZARD.bank.step_problems(a, &none, true)["A1"],
        AnswerProblem::NoRoles
    );
    let empty = RawAnswers::new();
    assert_eq!(
        WIZARD.bank.step_problems(0, &empty, true)["C1"],
        AnswerProblem::Missing
    );
    assert!(
        WIZARD.bank.step_problems(0, &empty, false).is_empty(),
        "going back never blocks"
    );
}

#[test]
fn the_json_export_round_trips() {
    let export = PlanExport::new(&WIZARD, "Ward 7", &university_ward());
    let json = serde_json::to_string_pretty(&export).unwrap();
    let back = PlanExport::import(&WIZARD, &json).unwrap();
    assert_eq!(back, export);
    assert!(back.advice.is_some());
    let tampered = json.replace("\"C1\"", "\"X9\"");
    assert!(matches!(
        PlanExport::import(&WIZARD, &tampered),
        Err(ExportError::UnknownFields(_))
    ));
    let other = json.replace(EXPORT_FORMAT, "something-else");
    assert!(matches!(
        PlanExport::import(&WIZARD, &other),
        Err(ExportError::Format(_))
    ));
    assert!(PlanExport::import(&WIZARD, "{").is_err());
}

#[test]
fn comparing_two_runs_shows_what_changed() {
    let before = advice_for(&WIZARD, &rehab_clinic());
    let mut later = rehab_clinic();
    for q in ["P1", "P2", "P3", "P4", "P5", "P6", "P8", "P9", "P10"] {
        later.insert(q.into(), vec!["4".into()]);
    }
    let now = advice_for(&WIZARD, &later);
    let change = compare(&before, &now);
    assert!(change.actions_closed.iter().any(|a| a == "Policy:P1"));
    assert!(change.gaps.iter().any(|(d, a, b)| d == "D10" && b < a));
}

#[test]
fn data_that_names_unknown_things_is_refused_with_every_problem() {
    let mut rules = WIZARD.rules.clone();
    rules.scores[0].q = "Z1".into();
    rules.ordering.first = vec!["M99".into()];
    let err = Wizard::from_parts(WIZARD.bank.clone(), rules, WIZARD.modules.clone()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("Z1") && text.contains("M99"), "{text}");
    let mut bank = WIZARD.bank.clone();
    bank.questions[0].text.0.remove("nl");
    let err = Wizard::from_parts(bank, WIZARD.rules.clone(), WIZARD.modules.clone()).unwrap_err();
    assert!(err.to_string().contains("nl"));
}

#[test]
fn a_misspelt_key_in_the_wizard_files_is_an_error_not_a_silent_default() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/wizard");
    let questions = std::fs::read_to_string(dir.join("questions.toml")).unwrap();
    let typo = questions.replacen("required = ", "requried = ", 1);
    let err = toml::from_str::<Bank>(&typo).unwrap_err().to_string();
    assert!(err.contains("requried"), "{err}");
    let rules = std::fs::read_to_string(dir.join("rules.toml")).unwrap();
    let extra = format!("bogus = 1\n{rules}");
    assert!(toml::from_str::<Rules>(&extra).is_err());
    let option = questions.replacen(
        "{ id = \"acute\", en = ",
        "{ id = \"acute\", en2 = \"x\", en = ",
        1,
    );
    assert_ne!(option, questions, "the fixture names option acute");
    let bank: Bank = toml::from_str(&option).unwrap();
    let err = Wizard::from_parts(bank, WIZARD.rules.clone(), WIZARD.modules.clone()).unwrap_err();
    assert!(err.to_string().contains("en2"), "{err}");
}
