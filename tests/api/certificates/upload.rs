//! The verification page's upload form: a certificate PDF, a credential JSON or a JWT sent as a
//! file (multipart/form-data, as a browser sends it) verifies like a pasted credential; a
//! tampered file never verifies as valid, junk and broken uploads get a reason (never a 500),
//! and a file over the size limit gets a plain message.

use super::*;
use crate::on_both_backends;
use reqwest::multipart::{Form, Part};

/// Sends `bytes` as the form's file; returns status and body (a page, or JSON when asked).
async fn upload(app: &TestApp, bytes: Vec<u8>, name: &str, json: bool) -> (u16, String) {
    let part = Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str("application/octet-stream")
        .unwrap();
    let mut request = http()
        .post(app.url("/verify"))
        .multipart(Form::new().part("file", part));
    if json {
        request = request.header("accept", "application/json");
    }
    let r = request.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn download(app: &TestApp, code: &str, file: &str) -> Vec<u8> {
    let r = http()
        .get(app.url(&format!("/credentials/{code}/{file}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    r.bytes().await.unwrap().to_vec()
}

fn status_of(body: &str) -> String {
    let report: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{body}"));
    report["status"].as_str().unwrap().to_owned()
}

/// Flips one character of the credential's payload (inside the PDF, or in the JWT).
fn tamper(bytes: &[u8], jwt: &str) -> Vec<u8> {
    let payload_at = jwt.find('.').unwrap() + 40;
    let mut changed = jwt.as_bytes().to_vec();
    changed[payload_at] = if changed[payload_at] == b'A' {
        b'B'
    } else {
        b'A'
    };
    let text = bytes.to_vec();
    let at = text
        .windows(jwt.len())
        .position(|w| w == jwt.as_bytes())
        .expect("the credential is in the file");
    let mut out = text;
    out[at..at + jwt.len()].copy_from_slice(&changed);
    out
}

on_both_backends! {
    async fn an_uploaded_pdf_json_or_jwt_file_verifies_and_a_tampered_one_does_not(app) {
        let (_, cert) = earn(&app).await;
        let code = cert.code.display();
        let jwt = cert.credential_jwt.clone().unwrap();
        let form = get_text(&app, "/verify").await.1;
        assert!(form.contains(r#"enctype="multipart/form-data""#) && form.contains(r#"type="file""#), "{form}");
        let pdf = download(&app, &code, "certificate.pdf").await;
        let json = download(&app, &code, "credential.json").await;
        let jwt_file = download(&app, &code, "credential.jwt").await;
        for (bytes, name) in [(&pdf, "certificate.pdf"), (&json, "credential.json"), (&jwt_file, "credential.jwt")] {
            let (status, page) = upload(&app, bytes.clone(), name, false).await;
            assert_eq!(status, 200, "{name}: {page}");
            assert!(page.contains("Valid certificate") && page.contains(&code), "{name}: {page}");
            let (status, report) = upload(&app, bytes.clone(), name, true).await;
            assert_eq!((status, status_of(&report)), (200, "valid".to_owned()), "{name}");
        }
        // One changed character of the signed credential, in the PDF and in the JWT.
        for (bytes, name) in [(tamper(&pdf, &jwt), "certificate.pdf"), (tamper(&jwt_file, &jwt), "credential.jwt")] {
            let (status, report) = upload(&app, bytes.clone(), name, true).await;
            assert_eq!((status, status_of(&report)), (200, "invalid".to_owned()), "{name}: {report}");
            let (_, page) = upload(&app, bytes, name, false).await;
            assert!(page.contains("This certificate is not genuine") && !page.contains("Valid certificate"), "{page}");
        }
        // A changed value in the credential JSON.
        let edited = String::from_utf8(json.clone()).unwrap().replace("Sam Student", "Sam Studant");
        assert_ne!(edited.as_bytes(), json.as_slice());
        let (_, report) = upload(&app, edited.into_bytes(), "credential.json", true).await;
        assert_eq!(status_of(&report), "invalid", "{report}");
    }
}

on_both_backends! {
    async fn junk_empty_broken_and_oversized_uploads_get_a_reason_and_never_a_500(app) {
        let junk: Vec<u8> = (0..4_096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let cases: [(Vec<u8>, &str, &str); 4] = [
            (junk, "photo.jpg", "invalid"),
            (b"%PDF-1.7\n%junk\nstream\neyJ!!\nendstream".to_vec(), "fake.pdf", "invalid"),
            (b"%PDF-1.7 nothing attached".to_vec(), "plain.pdf", "not_issued_here"),
            (br#"{"id": "urn:uuid:00000000-0000-0000-0000-000000000000"}"#.to_vec(), "other.json", "not_issued_here"),
        ];
        for (bytes, name, expected) in cases {
            let (status, report) = upload(&app, bytes.clone(), name, true).await;
            assert!(status < 500, "{name}: {status}");
            assert_eq!(status_of(&report), expected, "{name}: {report}");
            let (status, page) = upload(&app, bytes, name, false).await;
            assert!(status < 500 && !page.contains("Valid certificate"), "{name}: {status} {page}");
        }
        // A file input left empty.
        let (status, page) = upload(&app, Vec::new(), "", false).await;
        assert_eq!(status, 400);
        assert!(page.contains("Choose a file first."), "{page}");
        // A body that claims to be multipart but is not.
        let r = http()
            .post(app.url("/verify"))
            .header("content-type", "multipart/form-data; boundary=XYZ")
            .body("--ABC\r\nnonsense")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
        assert!(r.text().await.unwrap().contains("could not be read"));
        // Over the limit by one byte: a plain answer in the visitor's language.
        let big = vec![b'a'; 1024 * 1024 + 1];
        let (status, page) = upload(&app, big.clone(), "big.pdf", false).await;
        assert_eq!(status, 413);
        assert!(page.contains("larger than 1 MB"), "{page}");
        let part = Part::bytes(big.clone()).file_name("big.pdf");
        let r = http()
            .post(app.url("/verify"))
            .header("accept-language", "de")
            .multipart(Form::new().part("file", part))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 413);
        assert!(r.text().await.unwrap().contains("größer als 1 MB"));
        let (status, report) = upload(&app, big, "big.pdf", true).await;
        assert_eq!(status, 413);
        assert!(report.contains("too_large"), "{report}");
        // A machine posting the same raw body gets the same answer.
        let r = http().post(app.url("/verify")).body(vec![b'a'; 1024 * 1024 + 1]).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 413);
        assert!(r.text().await.unwrap().contains("too_large"));
    }
}
