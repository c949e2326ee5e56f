//! `securehospitals certificate verify FILE` on the real binary: a PDF, a JWT and a JSON file
//! verify as valid; a tampered file and a revoked certificate make it fail with the reason.

use super::*;
use crate::helpers::TEST_KEK;
use crate::on_both_backends;
use std::process::Command;

fn verify_file(app: &TestApp, bytes: &[u8], name: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_securehospitals"))
        .args([
            "--database-url",
            &app._db.url,
            "--key-encryption-key",
            TEST_KEK,
        ])
        .args(["--public-url", &app.url("/")])
        .args(["certificate", "verify"])
        .arg(&file)
        .env_remove("DATABASE_URL")
        .env_remove("SECUREHOSPITALS_DATABASE_URL")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

on_both_backends! {
    async fn the_cli_verifies_a_pdf_a_jwt_and_a_json_file_and_refuses_tampered_ones(app) {
        let (_, cert) = earn(&app).await;
        let code = cert.code.display();
        let jwt = cert.credential_jwt.clone().unwrap();
        let pdf = http().get(app.url(&format!("/credentials/{code}/certificate.pdf"))).send().await.unwrap().bytes().await.unwrap();
        let (_, json) = get_text(&app, &format!("/credentials/{code}/credential.json")).await;
        for (bytes, name) in [(pdf.to_vec(), "c.pdf"), (jwt.clone().into_bytes(), "c.jwt"), (json.clone().into_bytes(), "c.json")] {
            let (ok, out) = verify_file(&app, &bytes, name);
            assert!(ok, "{name}: {out}");
            assert!(out.contains("\"status\": \"valid\""), "{out}");
        }
        let tampered = json.replace("Sam Student", "Sam Studant");
        let (ok, out) = verify_file(&app, tampered.as_bytes(), "t.json");
        assert!(!ok && out.contains("invalid"), "{out}");
        let (ok, out) = verify_file(&app, b"%PDF-1.7 nothing here", "x.pdf");
        assert!(!ok && out.contains("not_issued_here"), "{out}");
        assert!(out.contains("the certificate is not valid: this tool did not issue it"), "{out}");
    }
}
