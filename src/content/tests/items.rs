//! Quiz item checks: answer keys, entry counts, sources and ids, each on a broken fixture.

use super::fixture::Fixture;
use super::{QUIZ, assert_problem, line_of};

#[test]
fn a_single_answer_item_with_two_correct_options_is_reported_on_its_line() {
    let fx = Fixture::valid();
    let line = line_of(&fx, QUIZ, "[[item]]\nid = \"M01-Q05\"");
    fx.edit(
        QUIZ,
        "{ id = \"b\", text = \"Wrong\", correct = false }",
        "{ id = \"b\", text = \"Wrong\", correct = true }",
    );
    let expected = format!(
        "content/modules/M01/en/quiz.toml:{line}: item M01-Q05 (single) has 2 correct options; \
         a single-answer item needs exactly one"
    );
    assert!(
        fx.errors().iter().any(|e| e.ends_with(&expected)),
        "{:?}",
        fx.errors()
    );
}

#[test]
fn items_without_a_correct_answer_are_reported() {
    let fx = Fixture::valid();
    fx.edit(
        QUIZ,
        "{ id = \"a\", text = \"Right\", correct = true },\n  { id = \"b\", text = \"Also",
        "{ id = \"a\", text = \"Right\", correct = false },\n  { id = \"b\", text = \"Also",
    );
    fx.edit(
        QUIZ,
        "text = \"Also right\", correct = true",
        "text = \"Also right\", correct = false",
    );
    fx.edit(
        QUIZ,
        "\"Odd sender\", flag = true",
        "\"Odd sender\", flag = false",
    );
    let errors = fx.errors();
    assert_problem(
        &errors,
        "content/modules/M01/en/quiz.toml:1: ",
        "item M01-Q01 (multiple) has no correct option",
    );
    assert_problem(
        &errors,
        "content/modules/M01/en/quiz.toml:",
        "item M01-Q04 (red_flags) has no flag = true",
    );
}

#[test]
fn ordering_and_matching_items_need_three_entries() {
    let fx = Fixture::valid();
    fx.edit(
        QUIZ,
        "steps = [\"one\", \"two\", \"three\"]",
        "steps = [\"one\", \"two\"]",
    );
    fx.edit(QUIZ, ", { left = \"c\", right = \"3\" }]", "]");
    let errors = fx.errors();
    assert_problem(
        &errors,
        "content/modules/M01/en/quiz.toml:",
        "item M01-Q02 (ordering) has 2 steps; an ordering item needs at least 3",
    );
    assert_problem(
        &errors,
        "content/modules/M01/en/quiz.toml:",
        "item M01-Q03 (matching) has 2 pairs; a matching item needs at least 3",
    );
}

#[test]
fn an_unknown_source_is_reported() {
    let fx = Fixture::valid();
    fx.edit(QUIZ, "source = \"s\"", "source = \"hicp\"");
    assert_problem(
        &fx.errors(),
        "content/modules/M01/en/quiz.toml:",
        "item M01-Q01 (multiple) cites source \"hicp\", which module.toml does not list",
    );
}

#[test]
fn duplicate_ids_are_reported() {
    let fx = Fixture::valid();
    fx.edit(QUIZ, "id = \"M01-Q02\"", "id = \"M01-Q01\"");
    fx.edit(
        "paths.toml",
        "",
        "[[path]]\nid = \"core\"\nroles = [\"CL\"]\nmodules = [\"M01\"]\ntitle.en = \"Again\"\n\n",
    );
    let errors = fx.errors();
    assert_problem(
        &errors,
        "content/modules/M01/en/quiz.toml:",
        "item M01-Q01 appears twice",
    );
    assert_problem(
        &errors,
        "content/paths.toml:7: ",
        "path \"core\": path ids must be present and unique",
    );
}
