//! The course player end to end: launch into a module, choose a job role, read a lesson, take
//! the quiz and pass, in English and German; scores, test-out and role-adapted paths.

mod guards;
pub(crate) mod player;
mod startup;

use crate::on_both_backends;
use player::{launch, pairs, unescaped_stretch};
use securehospitals::content::{ItemKind, Lang};
use securehospitals::courses::ModuleStatus;
use securehospitals::lms_simulator::LaunchSpec;

on_both_backends! {
    async fn a_learner_reads_a_lesson_and_passes_the_quiz_in_english(app) {
        let sam = launch(&app, LaunchSpec::resource_link("4", "rl-1").with_custom("module", "M01")).await;
        assert_eq!(sam.landing, "modules/M01");
        let first = sam.get("modules/M01").await;
        assert_eq!(first.status, 200);
        assert!(first.body.contains("What is your job?") && first.body.contains("Sam"), "role prompt first: {}", first.body);
        sam.choose_role("NU", "modules/M01").await;

        let overview = sam.get("modules/M01").await;
        assert!(overview.body.contains(r#"<html lang="en">"#) && overview.body.contains("End session"));
        let lessons = sam.catalogue().module("M01").unwrap().lessons_for(securehospitals::content::JobRole::Nurse, &Lang::english()).value;
        let lesson = sam.get(&format!("modules/M01/lessons/{}", lessons[0].slug)).await;
        assert_eq!(lesson.status, 200);
        assert!(lesson.body.contains("Lesson 1 of") && lesson.body.contains("Next lesson"), "{}", lesson.body);
        assert!(lesson.body.contains(&format!("/s/{}/modules/M01/lessons/{}", sam.sid, lessons[1].slug)));
        let overview = sam.get("modules/M01").await;
        assert!(overview.body.contains("state seen") && overview.body.contains("Resume where you stopped"), "{}", overview.body);

        let attempt = sam.start("M01", "quiz").await;
        let quiz = sam.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert_eq!(quiz.status, 200);
        assert!(quiz.body.contains("<fieldset") && quiz.body.contains("<legend>"));
        let stored = sam.attempt(&attempt).await;
        assert_eq!(stored.content_version, sam.catalogue().module("M01").unwrap().version);
        let pool = sam.catalogue().module("M01").unwrap().pool_for(stored.job_role, &stored.language).value;
        for drawn in &stored.draw.items {
            let item = pool.iter().find(|i| i.id == drawn.item_id).unwrap();
            // The page's controls carry the names the server parses.
            let field = match &item.kind {
                ItemKind::Ordering { .. } | ItemKind::Matching { .. } => format!("name=\"i.{}.0\"", item.id),
                _ => format!("name=\"i.{}\"", item.id),
            };
            assert!(quiz.body.contains(&field), "{field} on the quiz page");
            let why = unescaped_stretch(&item.feedback);
            assert!(why.len() < 12 || !quiz.body.contains(why), "feedback of {} leaked into the quiz page", item.id);
            if let ItemKind::Single { options } | ItemKind::Multiple { options } = &item.kind {
                for o in options {
                    assert!(!quiz.body.contains(&format!("value=\"{}\"", o.id)), "content option ids never reach the page");
                }
            }
        }

        let done = sam.submit("M01", &attempt, &sam.right_answers(&attempt).await).await;
        assert_eq!(done.status, 303, "{}", done.body);
        let result = sam.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert!(result.body.contains("You scored 100%") && result.body.contains("Passed. Well done!"), "{}", result.body);
        // The way on: the next module of the nursing path, the retake second.
        let next = format!(r#"<a class="button" href="/s/{}/modules/M02">Next: Phishing"#, sam.sid);
        assert!(result.body.contains(&next), "{}", result.body);
        assert!(result.body.contains("Source:") && result.body.contains("Why"));
        let dashboard = sam.get("courses").await;
        assert!(dashboard.body.contains("Nursing and allied health") && dashboard.body.contains("status passed"), "{}", dashboard.body);
        assert_eq!(sam.progress("M01").await.status, ModuleStatus::Passed);
    }
}

on_both_backends! {
    async fn a_german_learner_gets_german_pages_and_english_with_a_note_where_there_is_no_german(app) {
        let de = Lang::parse("de").unwrap();
        let catalogue = &app.tool.state.content;
        let german = catalogue.modules().find(|m| m.languages.contains(&de)).expect("a module in German").id.clone();
        let sue = launch(&app, LaunchSpec::resource_link("5", "rl-de").with_custom("module", &german).with_custom("job_role", "CL")).await;
        let overview = sue.get(&format!("modules/{german}")).await;
        assert_eq!(overview.status, 200, "{}", overview.body);
        assert!(overview.body.contains(r#"<html lang="de">"#) && overview.body.contains("Sitzung beenden"));
        assert!(!overview.body.contains("noch nicht in Ihrer Sprache"), "{german} is published in German");
        let module = catalogue.module(&german).unwrap();
        assert!(overview.body.contains(module.title(&de)));
        let lesson = module.lessons_for(securehospitals::content::JobRole::Clinician, &de).value[0];
        let page = sue.get(&format!("modules/{german}/lessons/{}", lesson.slug)).await;
        assert!(page.body.contains(r#"<article class="lesson" lang="de">"#) && page.body.contains("Nächste Lektion"));

        let attempt = sue.start(&german, "quiz").await;
        assert_eq!(sue.attempt(&attempt).await.language, de);
        sue.submit(&german, &attempt, &sue.right_answers(&attempt).await).await;
        let result = sue.get(&format!("modules/{german}/attempts/{attempt}")).await;
        assert!(result.body.contains("Bestanden. Gut gemacht!"), "{}", result.body);

        if let Some(english_only) = catalogue.modules().find(|m| !m.languages.contains(&de)) {
            let page = sue.get(&format!("modules/{}", english_only.id)).await;
            assert!(page.body.contains("noch nicht in Ihrer Sprache") && page.body.contains(r#"lang="en""#), "{}", page.body);
        }
        let switched = sue.post("language", &pairs(&[("lang", "fr"), ("back", "courses")])).await;
        assert_eq!(switched.location.as_deref(), Some(format!("/s/{}/courses", sue.sid).as_str()));
        let french = sue.get("courses").await;
        assert!(french.body.contains(r#"<html lang="fr">"#) && french.body.contains("Terminer la session"), "{}", french.body);
    }
}

on_both_backends! {
    async fn a_failed_attempt_then_a_pass_keeps_the_first_and_the_best_score(app) {
        let sam = launch(&app, LaunchSpec::resource_link("4", "rl-1").with_custom("module", "M03").with_custom("job_role", "AD")).await;
        let first = sam.start("M03", "quiz").await;
        sam.submit("M03", &first, &pairs(&[("attempt", &first), ("blank", "confirmed")])).await;
        let failed = sam.get(&format!("modules/M03/attempts/{first}")).await;
        assert!(failed.body.contains("You scored 0%") && failed.body.contains("Not passed yet"), "{}", failed.body);
        let second = sam.start("M03", "quiz").await;
        assert_ne!(first, second, "every retake is a fresh attempt");
        sam.submit("M03", &second, &sam.right_answers(&second).await).await;
        let p = sam.progress("M03").await;
        assert_eq!((p.attempts, p.first_score, p.best_score, p.status), (2, Some(0), Some(100), ModuleStatus::Passed));
        let result = sam.get(&format!("modules/M03/attempts/{second}")).await;
        assert!(result.body.contains("First attempt: 0%. Best score: 100%."), "{}", result.body);
        // A failed retake after passing changes neither the pass nor the best score.
        let third = sam.start("M03", "quiz").await;
        sam.submit("M03", &third, &pairs(&[("attempt", &third), ("blank", "confirmed")])).await;
        let p = sam.progress("M03").await;
        assert_eq!((p.attempts, p.first_score, p.best_score, p.status), (3, Some(0), Some(100), ModuleStatus::Passed));
    }
}

on_both_backends! {
    async fn the_job_role_prompt_comes_first_and_the_path_adapts_to_the_role(app) {
        let sam = launch(&app, LaunchSpec::resource_link("4", "rl-1")).await;
        assert_eq!(sam.landing, "courses");
        let prompt = sam.get("courses").await;
        for role in ["Doctor", "Nursing and allied health", "Administration", "IT and clinical engineering", "Management and board", "Trainer"] {
            assert!(prompt.body.contains(role), "{role} offered");
        }
        let refused = sam.post("role", &pairs(&[("role", "XX"), ("next", "courses")])).await;
        assert_eq!(refused.status, 422);
        sam.choose_role("AD", "courses").await;
        let dashboard = sam.get("courses").await;
        assert!(dashboard.body.contains("Administrative staff") && dashboard.body.contains("Job role: Administration"));
        let invoice = "04-invoice-and-bank-detail-fraud";
        assert!(sam.get("modules/M02").await.body.contains(invoice));
        assert_eq!(sam.get(&format!("modules/M02/lessons/{invoice}")).await.status, 200);

        sam.choose_role("NU", "modules/M02").await;
        assert!(!sam.get("modules/M02").await.body.contains(invoice), "nurses do not see the invoice fraud lesson");
        let hidden = sam.get(&format!("modules/M02/lessons/{invoice}")).await;
        assert_eq!(hidden.status, 404);
        assert!(sam.get("courses").await.body.contains("Nursing and allied health"));
        // The role is remembered for the next launch.
        let again = launch(&app, LaunchSpec::resource_link("4", "rl-9")).await;
        assert!(again.get("courses").await.body.contains("Job role: Nursing and allied health"));
    }
}

on_both_backends! {
    async fn a_passed_test_out_skips_the_lessons_and_passes_the_module(app) {
        let sam = launch(&app, LaunchSpec::resource_link("4", "rl-1").with_custom("path", "nursing").with_custom("job_role", "NU")).await;
        assert_eq!(sam.landing, "paths/nursing");
        let path = sam.get("paths/nursing").await;
        assert!(path.body.contains("Nursing and allied health") && path.body.contains("0 of 10 modules passed"), "{}", path.body);
        let overview = sam.get("modules/M01").await;
        assert!(overview.body.contains("Take the test-out"));
        let attempt = sam.start("M01", "pretest").await;
        let quiz = sam.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert!(quiz.body.contains("Test-out"));
        sam.submit("M01", &attempt, &sam.right_answers(&attempt).await).await;
        let result = sam.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert!(result.body.contains("You tested out"), "{}", result.body);
        let overview = sam.get("modules/M01").await;
        assert!(overview.body.contains("Skipped (tested out)") && !overview.body.contains("Not read yet"), "{}", overview.body);
        assert!(!overview.body.contains("Take the test-out"), "no test-out once passed");
        assert!(sam.get("paths/nursing").await.body.contains("1 of 10 modules passed"));
    }
}

on_both_backends! {
    async fn a_french_learner_sees_which_modules_are_in_english_and_screen_readers_hear_them_so(app) {
        let camille = launch(&app, LaunchSpec::resource_link("4", "rl-1").with_locale("fr-FR")).await;
        camille.choose_role("CL", "courses").await;
        let dashboard = camille.get("courses").await;
        assert!(dashboard.body.contains(r#"<html lang="fr">"#), "{}", dashboard.body);
        assert!(dashboard.body.contains(r#"<span lang="en">Cybersecurity is patient safety</span>"#), "{}", dashboard.body);
        assert!(dashboard.body.contains("(English)"), "{}", dashboard.body);
        // One button says where to carry on: the first module of her path not passed yet.
        let next = format!(r#"<a class="button" href="/s/{}/modules/M01">"#, camille.sid);
        assert!(dashboard.body.contains(&next), "{}", dashboard.body);
        let module = camille.get("modules/M01").await;
        assert!(module.body.contains(r#"<span lang="en">Cybersecurity is patient safety</span></h1>"#), "{}", module.body);
        let attempt = camille.start("M01", "quiz").await;
        let quiz = camille.get(&format!("modules/M01/attempts/{attempt}")).await;
        assert!(quiz.body.contains(r#"<span lang="en">Cybersecurity is patient safety</span></h1>"#), "{}", quiz.body);
        // A German learner reads German titles without a note, and the note only where a module
        // is not translated yet (M09 is English only).
        let ines = launch(&app, LaunchSpec::resource_link("5", "rl-1").with_locale("de")).await;
        ines.choose_role("NU", "courses").await;
        let dashboard = ines.get("courses").await;
        let row = |id: &str| dashboard.body.lines().find(|l| l.contains(&format!(r#"<span class="mid">{id}</span>"#))).unwrap_or_default().to_owned();
        assert!(row("M01").contains(r#"<span lang="de">"#) && !row("M01").contains("(English)"), "{}", row("M01"));
        assert!(row("M09").contains(r#"<span lang="en">"#) && row("M09").contains("(English)"), "{}", row("M09"));
    }
}
