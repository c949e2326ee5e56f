//! Content checks against a small fixture broken one way per test, and the shipped content.

mod fixture;
mod items;
mod shipped;

use fixture::Fixture;

use super::{Catalogue, ItemKind, JobRole, Lang};

const QUIZ: &str = "modules/M01/en/quiz.toml";

fn lang(tag: &str) -> Lang {
    Lang::parse(tag).expect("valid tag")
}

/// Asserts that some problem starts with `prefix` and contains `message`.
fn assert_problem(errors: &[String], prefix: &str, message: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e.contains(prefix) && e.contains(message)),
        "no problem {prefix}…{message} in:\n{}",
        errors.join("\n")
    );
}

/// The 1-based line of the first occurrence of `needle` in a fixture file.
fn line_of(fx: &Fixture, file: &str, needle: &str) -> usize {
    let text = fx.read(file);
    text[..text.find(needle).expect("needle")]
        .matches('\n')
        .count()
        + 1
}

#[test]
fn a_valid_tree_loads_and_answers_queries() {
    let fx = Fixture::valid();
    let catalogue = Catalogue::load(fx.path()).expect("valid fixture");
    let m01 = catalogue.module("M01").expect("M01");
    assert_eq!(
        (m01.version.as_str(), m01.quiz.draw, m01.quiz.pass_mark),
        ("1.0.0", 5, 80)
    );
    assert_eq!(
        catalogue.module("M02").map(|m| m.quiz.pass_mark),
        Some(80),
        "pass mark defaults to 80"
    );
    assert_eq!(m01.title(&lang("de-AT")), "Erstes");
    assert_eq!(m01.title(&lang("fr")), "First");
    assert_eq!(
        m01.lessons_for(JobRole::Clinician, &lang("en")).value.len(),
        1
    );
    assert_eq!(
        m01.lessons_for(JobRole::Administrative, &lang("en"))
            .value
            .len(),
        2
    );
    assert_eq!(m01.pool_for(JobRole::Nurse, &lang("en")).value.len(), 15);
    assert_eq!(
        m01.pool_for(JobRole::Administrative, &lang("en"))
            .value
            .len(),
        18
    );
    let lesson = m01.lesson("01-intro", &lang("en")).expect("lesson");
    assert!(
        lesson.html.contains(r#"href="/modules/M02""#),
        "{}",
        lesson.html
    );
    assert_eq!(
        catalogue
            .modules()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>(),
        ["M01", "M02"]
    );
    assert_eq!(
        catalogue.path("core").map(|p| p.title(&lang("de"))),
        Some("Core")
    );
    assert_eq!(catalogue.paths_for(JobRole::Clinician).count(), 1);
    assert!(catalogue.path("nope").is_none() && catalogue.module("M99").is_none());
}

#[test]
fn an_undeclared_language_falls_back_to_english_with_a_flag() {
    let fx = Fixture::valid();
    let catalogue = Catalogue::load(fx.path()).expect("valid fixture");
    let m01 = catalogue.module("M01").expect("M01");
    let german = m01.lessons_for(JobRole::Nurse, &lang("de-AT"));
    assert_eq!((german.lang.as_str(), german.fell_back), ("de", false));
    let french = m01.pool_for(JobRole::Nurse, &lang("fr-BE"));
    assert_eq!(
        (french.lang.as_str(), french.fell_back, french.value.len()),
        ("en", true, 15)
    );
    let english = m01.lessons_for(JobRole::Nurse, &lang("en-GB"));
    assert!(!english.fell_back);
}

#[test]
fn a_module_id_must_match_its_folder() {
    let fx = Fixture::valid();
    fx.edit("modules/M02/module.toml", "id = \"M02\"", "id = \"M2\"");
    assert_problem(
        &fx.errors(),
        "content/modules/M02/module.toml:1: ",
        "id \"M2\" does not match the folder name \"M02\"",
    );
}

#[test]
fn unknown_role_codes_are_reported_wherever_they_appear() {
    let fx = Fixture::valid();
    fx.edit(
        "modules/M02/module.toml",
        "roles = [\"CL\"]",
        "roles = [\"CL\", \"DR\"]",
    );
    fx.edit("modules/M01/en/02-admin.md", "[\"AD\"]", "[\"AD\", \"XX\"]");
    fx.edit(QUIZ, "roles = [\"AD\"]", "roles = [\"AD\", \"BME\"]");
    fx.edit("paths.toml", "roles = [\"CL\"]", "roles = [\"CLIN\"]");
    let errors = fx.errors();
    assert_problem(
        &errors,
        "content/modules/M02/module.toml:5: ",
        "roles: unknown role \"DR\"",
    );
    assert_problem(
        &errors,
        "content/modules/M01/en/02-admin.md:1: ",
        "unknown role \"XX\"",
    );
    assert_problem(
        &errors,
        "content/modules/M01/en/quiz.toml:",
        "item M01-Q16: roles: unknown role \"BME\"",
    );
    assert_problem(&errors, "content/paths.toml:1: ", "unknown role \"CLIN\"");
}

#[test]
fn links_to_unknown_modules_are_reported_with_their_line() {
    let fx = Fixture::valid();
    fx.edit(
        "modules/M01/module.toml",
        "related = [\"M02\"]",
        "related = [\"M02\", \"M42\"]",
    );
    fx.edit("modules/M02/en/01-only.md", "module:M02", "module:M77");
    let errors = fx.errors();
    assert_problem(
        &errors,
        "content/modules/M01/module.toml:6: ",
        "links to module \"M42\", which does not exist",
    );
    assert_problem(
        &errors,
        "content/modules/M02/en/01-only.md:7: ",
        "links to module \"M77\"",
    );
}

#[test]
fn every_declared_language_must_have_every_lesson_and_item_of_english() {
    let fx = Fixture::valid();
    fx.remove("modules/M01/de/02-admin.md");
    fx.edit(
        "modules/M01/de/quiz.toml",
        "id = \"M01-Q18\"",
        "id = \"M01-Q99\"",
    );
    fx.edit(
        "modules/M01/de/quiz.toml",
        "{ id = \"c\", text = \"Wrong\", correct = false },\n",
        "",
    );
    fx.edit("modules/M01/de/quiz.toml", "type = \"ordering\"\nprompt = \"Order\"\nsteps = [\"one\", \"two\", \"three\"]", "type = \"single\"\nprompt = \"P\"\noptions = [{ id = \"a\", text = \"x\", correct = true }, { id = \"b\", text = \"y\", correct = false }]");
    let errors = fx.errors();
    assert_problem(
        &errors,
        "content/modules/M01/de/02-admin.md: ",
        "lesson 02-admin.md is missing in de",
    );
    assert_problem(
        &errors,
        "content/modules/M01/de/quiz.toml: ",
        "item M01-Q18 is missing in de",
    );
    assert_problem(
        &errors,
        "content/modules/M01/de/quiz.toml: ",
        "item M01-Q99 has no English original",
    );
    assert_problem(
        &errors,
        "content/modules/M01/de/quiz.toml: ",
        "item M01-Q01 differs from English: the number of options",
    );
    assert_problem(
        &errors,
        "content/modules/M01/de/quiz.toml: ",
        "item M01-Q02 differs from English: the type",
    );
}

#[test]
fn a_translation_must_keep_the_answer_key() {
    let fx = Fixture::valid();
    let de = "modules/M01/de/quiz.toml";
    fx.edit(de, "{ id = \"a\", text = \"Right\", correct = true },\n  { id = \"b\", text = \"Wrong\", correct = false }", "{ id = \"a\", text = \"Right\", correct = false },\n  { id = \"b\", text = \"Wrong\", correct = true }");
    assert_problem(
        &fx.errors(),
        "content/modules/M01/de/quiz.toml: ",
        "item M01-Q05 differs from English: the option ids or which are correct",
    );
}

#[test]
fn each_role_needs_a_pool_of_three_times_the_draw() {
    let fx = Fixture::valid();
    fx.edit("modules/M01/module.toml", "draw = 5", "draw = 6");
    let errors = fx.errors();
    assert_problem(
        &errors,
        "content/modules/M01/en/quiz.toml: ",
        "role CL sees 15 items; draw 6 needs a pool of at least 18",
    );
    assert!(
        !errors.iter().any(|e| e.contains("role AD sees")),
        "AD sees 18: {errors:?}"
    );
}

#[test]
fn the_draw_must_be_between_five_and_ten() {
    let fx = Fixture::valid();
    fx.edit("modules/M02/module.toml", "draw = 5", "draw = 11");
    assert_problem(
        &fx.errors(),
        "content/modules/M02/module.toml:7: ",
        "quiz.draw is 11; it must be between 5 and 10",
    );
}

#[test]
fn paths_must_name_existing_modules_meant_for_their_roles() {
    let fx = Fixture::valid();
    fx.edit("paths.toml", "roles = [\"CL\"]", "roles = [\"CL\", \"NU\"]");
    fx.edit("paths.toml", "\"M02\"]", "\"M02\", \"M13\"]");
    let errors = fx.errors();
    assert_problem(
        &errors,
        "content/paths.toml:1: ",
        "path \"core\" names module \"M13\", which does not exist",
    );
    assert_problem(
        &errors,
        "content/paths.toml: ",
        "path \"core\" gives M02 to NU, but M02 is not for NU",
    );
}

#[test]
fn lesson_front_matter_needs_title_outcome_and_minutes() {
    let fx = Fixture::valid();
    fx.write("modules/M02/en/01-only.md", "+++\nminutes = 0\n+++\nText\n");
    fx.write("modules/M01/en/01-intro.md", "Just text, no front matter\n");
    let errors = fx.errors();
    assert_problem(
        &errors,
        "content/modules/M02/en/01-only.md:1: ",
        "the front matter needs title, outcome, minutes",
    );
    assert_problem(
        &errors,
        "content/modules/M01/en/01-intro.md:1: ",
        "must start with TOML front matter",
    );
}

#[test]
fn empty_texts_are_reported() {
    let fx = Fixture::valid();
    fx.edit(QUIZ, "prompt = \"Pick one\"", "prompt = \"  \"");
    fx.edit(QUIZ, "text = \"Odd sender\"", "text = \"\"");
    fx.write(
        "modules/M02/en/01-only.md",
        "+++\ntitle = \"T\"\nminutes = 5\noutcome = \"O\"\n+++\n\n",
    );
    let errors = fx.errors();
    assert_problem(
        &errors,
        "content/modules/M01/en/quiz.toml:",
        "item M01-Q05 (single) is missing prompt",
    );
    assert_problem(
        &errors,
        "content/modules/M01/en/quiz.toml:",
        "item M01-Q04 (red_flags) has an empty text in flags \"a\"",
    );
    assert_problem(
        &errors,
        "content/modules/M02/en/01-only.md:6: ",
        "the lesson has no text",
    );
}

#[test]
fn toml_syntax_errors_and_unknown_keys_name_the_line() {
    let fx = Fixture::valid();
    fx.edit(
        "modules/M02/en/quiz.toml",
        "feedback = \"Because.\"",
        "feedback = Because.",
    );
    fx.edit(QUIZ, "correct = true", "corect = true");
    let errors = fx.errors();
    assert_problem(&errors, "content/modules/M02/en/quiz.toml:", "");
    assert_problem(
        &errors,
        "content/modules/M01/en/quiz.toml:6: ",
        "unknown field `corect`",
    );
}

#[test]
fn every_problem_is_collected_not_just_the_first() {
    let fx = Fixture::valid();
    fx.edit("modules/M02/module.toml", "id = \"M02\"", "id = \"X\"");
    fx.edit(QUIZ, "source = \"s\"", "source = \"t\"");
    fx.edit("paths.toml", "\"M02\"]", "\"M03\"]");
    assert!(fx.errors().len() >= 3, "{:?}", fx.errors());
}

#[test]
fn scripts_in_lessons_never_reach_the_rendered_html() {
    let fx = Fixture::valid();
    fx.edit(
        "modules/M02/en/01-only.md",
        "Text with",
        "<script>alert(1)</script> [x](javascript:alert(2)) Text with",
    );
    let catalogue = Catalogue::load(fx.path()).expect("loads");
    let html = &catalogue
        .module("M02")
        .and_then(|m| m.lesson("01-only", &lang("en")))
        .expect("lesson")
        .html;
    assert!(
        !html.contains("script") && !html.contains("javascript") && !html.contains("alert"),
        "{html}"
    );
}

#[test]
fn items_keep_their_type_and_answer_key() {
    let fx = Fixture::valid();
    let catalogue = Catalogue::load(fx.path()).expect("loads");
    let pool = catalogue
        .module("M02")
        .expect("M02")
        .pool_for(JobRole::Clinician, &lang("en"))
        .value;
    let ordering = pool.iter().find(|i| i.id == "M02-Q02").expect("item");
    assert_eq!(
        ordering.kind,
        ItemKind::Ordering {
            steps: vec!["one".into(), "two".into(), "three".into()]
        }
    );
}

/// A learner who has not done the module must not pass by picking the longest option: in the
/// shipped quizzes the right answer of a single-choice item is never far the longest, and the
/// longest in at most two items of five per module and language.
#[test]
fn the_shipped_quizzes_give_no_length_cue() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let catalogue = Catalogue::load(&dir).expect("the shipped content loads");
    for module in catalogue.modules() {
        for (lang, content) in &module.content {
            let singles: Vec<_> = content
                .items
                .iter()
                .filter_map(|i| match &i.kind {
                    ItemKind::Single { options } => Some((i.id.as_str(), options)),
                    _ => None,
                })
                .collect();
            let mut longest = 0;
            for (id, options) in &singles {
                let len = |t: &str| t.chars().count();
                let right = options
                    .iter()
                    .find(|o| o.correct)
                    .map_or(0, |o| len(&o.text));
                let other = options
                    .iter()
                    .filter(|o| !o.correct)
                    .map(|o| len(&o.text))
                    .max()
                    .unwrap_or(0);
                assert!(
                    right * 10 <= other * 13,
                    "{id} ({lang}): the right answer is over 30 % longer than any other"
                );
                if right >= other {
                    longest += 1;
                }
            }
            assert!(
                longest * 5 <= singles.len() * 2,
                "{} ({lang}): the right answer is the longest in {longest} of {} single-choice items",
                module.id,
                singles.len()
            );
        }
    }
}

/// One broken module file is one problem: links and paths that name the module are not reported
/// again as naming a module that does not exist.
#[test]
fn a_module_that_does_not_load_is_reported_once_not_by_everything_that_names_it() {
    let fx = Fixture::valid();
    fx.edit("modules/M02/module.toml", "minutes = 10", "minutes = = 10");
    let errors = fx.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("modules/M02/module.toml:")),
        "{errors:?}"
    );
    assert!(
        !errors.iter().any(|e| e.contains("which does not exist")),
        "follow-up problems: {errors:?}"
    );
}
