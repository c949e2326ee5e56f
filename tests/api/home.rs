//! The start page after a launch and the page after ending a session speak the launch's
//! language, and show what the session's roles may open.

use crate::helpers::{TestApp, http};
use crate::on_both_backends;
use securehospitals::lms_simulator::LaunchSpec;

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let r = http().get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

on_both_backends! {
    async fn a_german_learner_gets_a_german_start_page_and_end_page(app) {
        let r = app.launcher().launch(LaunchSpec::resource_link("4", "rl-home").with_locale("de-DE")).await;
        let sid = r.session_id();
        let (status, home) = get(&app, &format!("/s/{sid}/")).await;
        assert_eq!(status, 200);
        assert!(home.contains("<html lang=\"de\">"), "{home}");
        assert!(home.contains("Sie sind bei SecureHospitals zum Lernen angemeldet."), "{home}");
        assert!(home.contains(&format!("<a href=\"/s/{sid}/certificates\">Meine Zertifikate</a>")), "{home}");
        assert!(home.contains("Zum Inhalt springen") && home.contains("Sitzung beenden"), "{home}");
        assert!(!home.contains("Welcome") && !home.contains("Skip to content"), "{home}");
        assert!(!home.contains(&format!("/s/{sid}/roster")), "no instructor links for a learner");

        let end = http().post(app.url(&format!("/s/{sid}/end"))).send().await.unwrap();
        assert_eq!(end.status(), 303);
        let to = end.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(to, "/ended?lang=de");
        let (status, ended) = get(&app, &to).await;
        assert_eq!(status, 200);
        assert!(ended.contains("Ihre Sitzung ist beendet"), "{ended}");
        let (_, english) = get(&app, "/ended?lang=<script>").await;
        assert!(english.contains("Your session has ended") && !english.contains("<script>"), "{english}");
    }
}

on_both_backends! {
    async fn an_instructor_start_page_in_french_links_the_instructor_tools(app) {
        let r = app.launcher().launch(LaunchSpec::resource_link("3", "rl-home").with_locale("fr")).await;
        let sid = r.session_id();
        let (_, home) = get(&app, &format!("/s/{sid}/")).await;
        assert!(home.contains("en tant qu'enseignant") || home.contains("en tant qu&#39;enseignant") || home.contains("en tant qu&#x27;enseignant"), "{home}");
        for link in ["grades", "wizard", "roster", "hub"] {
            assert!(home.contains(&format!("href=\"/s/{sid}/{link}\"")), "{link}: {home}");
        }
        assert!(home.contains("Participants et progression") && home.contains("Cours : Hospital Cybersecurity Awareness"), "{home}");
    }
}
