//! axe-core (from the npm registry, installed under `target/axe` on first use) run in the
//! browser on the current frame; serious and critical violations fail the test.

use super::harness::Session;
use std::path::PathBuf;
use std::sync::OnceLock;

fn axe_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js")
}

/// The axe-core script, installed with npm when missing; `None` (with a message) when npm is
/// unavailable outside CI.
fn axe_source() -> Option<&'static str> {
    static SOURCE: OnceLock<Option<String>> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let path = axe_path();
            if !path.is_file() {
                let prefix = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/axe");
                let status = std::process::Command::new("npm")
                    .args([
                        "install",
                        "--no-save",
                        "--no-audit",
                        "--no-fund",
                        "--prefix",
                    ])
                    .arg(&prefix)
                    .arg("axe-core@4")
                    .status();
                if !status.is_ok_and(|s| s.success()) {
                    if std::env::var("CI").is_ok_and(|v| v == "true") {
                        panic!("CI=true but axe-core could not be installed with npm");
                    }
                    eprintln!("SKIPPED accessibility checks: `npm install axe-core` failed");
                    return None;
                }
            }
            std::fs::read_to_string(&path).ok()
        })
        .as_deref()
}

/// Runs axe on the current frame's document; fails listing serious or critical violations.
pub async fn check(session: &Session, page: &str) {
    let Some(violations) = serious_violations(session, page).await else {
        return;
    };
    if !violations.is_empty() {
        session
            .fail(&format!(
                "accessibility violations on {page}:\n{}",
                violations.join("\n")
            ))
            .await
    }
}

/// The serious and critical violations axe finds in the current frame; `None` without axe.
pub async fn serious_violations(session: &Session, page: &str) -> Option<Vec<String>> {
    let axe = axe_source()?;
    if let Err(e) = session.client.execute(axe, vec![]).await {
        session
            .fail(&format!("could not load axe-core on {page}: {e}"))
            .await
    }
    let run = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
          done(r.violations
            .filter(function (v) { return v.impact === "serious" || v.impact === "critical"; })
            .map(function (v) {
              return v.impact + " " + v.id + ": " + v.help + " — " +
                v.nodes.slice(0, 5).map(function (n) { return n.target.join(" "); }).join(", ");
            }));
        }, function (e) { done(["axe failed: " + e]); });
    "#;
    let found = match session.client.execute_async(run, vec![]).await {
        Ok(v) => v,
        Err(e) => {
            session
                .fail(&format!("axe did not run on {page}: {e}"))
                .await
        }
    };
    match serde_json::from_value(found.clone()) {
        Ok(v) => Some(v),
        Err(_) => {
            session
                .fail(&format!("axe answered {found} on {page}"))
                .await
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_accessibility_check_finds_what_it_should() {
    let Some(s) = super::harness::Session::start(super::harness::Setup {
        partitioned_cookie: true,
    })
    .await
    else {
        return;
    };
    s.client
        .goto("data:text/html,<html><body><img src='x.png'><input type='text'></body></html>")
        .await
        .unwrap();
    if let Some(found) = serious_violations(&s, "a page built to fail").await {
        assert!(
            found.iter().any(|v| v.contains("image-alt")),
            "axe must report the image without alt text: {found:?}"
        );
    }
    s.close().await;
}
