//! The 1EdTech LTI Advantage certification cases for tools (Conformance Certification Guide
//! 1.3, §6.1.1 known bad payloads, §6.1.2 / §6.1.3 valid teacher and student launches).

use jsonwebtoken::Algorithm;
use lti::{MessageType, RoleScope};
use serde_json::{Value, json};

use crate::support::*;

// §6.1.1 Known "bad" payloads: each is refused with its own reason code.

#[tokio::test]
async fn bad_payload_no_kid_in_header_is_refused_before_any_key_lookup() {
    let tool = Tool::new();
    let token = sign_with(Algorithm::RS256, None, &rsa_key(), &claims(INSTRUCTOR));
    assert_eq!(tool.refusal(&token).await.0, "kid_missing");
    assert_eq!(tool.fetches(), 0);
}

#[tokio::test]
async fn bad_payload_incorrect_kid_is_refused() {
    let tool = Tool::new();
    let token = sign_with(
        Algorithm::RS256,
        Some("imstester_66"),
        &rsa_key(),
        &claims(INSTRUCTOR),
    );
    let (code, message) = tool.refusal(&token).await;
    assert_eq!(code, "kid_unknown");
    assert!(message.contains("imstester_66"), "{message}");
}

#[tokio::test]
async fn bad_payload_wrong_lti_version_is_refused() {
    let tool = Tool::new();
    let token = sign(&set(
        claims(INSTRUCTOR),
        &lti_key("version"),
        json!("1.2.0"),
    ));
    let (code, message) = tool.refusal(&token).await;
    assert_eq!(code, "version_unsupported");
    assert!(message.contains("\"1.2.0\""), "{message}");
}

#[tokio::test]
async fn bad_payload_no_lti_version_is_refused() {
    let tool = Tool::new();
    let token = sign(&without(claims(INSTRUCTOR), "version"));
    assert_eq!(tool.refusal(&token).await.0, "version_missing");
}

#[tokio::test]
async fn bad_payload_invalid_lti_message_that_is_not_a_jwt_is_refused() {
    let tool = Tool::new();
    let token = sign(&claims(INSTRUCTOR));
    let two_parts = token.rsplit_once('.').unwrap().0.to_owned();
    for bad in [
        "",
        "not a jwt",
        two_parts.as_str(),
        "a.b.c.d",
        "%%%.e30.sig",
    ] {
        assert_eq!(tool.refusal(bad).await.0, "jwt_malformed", "{bad:?}");
    }
    assert_eq!(tool.fetches(), 0);
}

#[tokio::test]
async fn bad_payload_missing_lti_claims_is_refused() {
    let tool = Tool::new();
    let plain_oidc = json!({
        "iss": ISSUER, "aud": CLIENT_ID, "sub": "user-7", "exp": NOW + 60, "iat": NOW, "nonce": NONCE,
    });
    let (code, message) = tool.refusal(&sign(&plain_oidc)).await;
    assert_eq!(code, "lti_claims_missing");
    assert!(message.contains("not an LTI 1.3 launch"), "{message}");
}

#[tokio::test]
async fn bad_payload_incorrect_timestamps_are_refused() {
    let tool = Tool::new();
    let year_ago = NOW - 365 * 86_400;
    let stale = set(
        set(claims(INSTRUCTOR), "iat", json!(year_ago)),
        "exp",
        json!(year_ago + 60),
    );
    assert_eq!(tool.refusal(&sign(&stale)).await.0, "token_expired");
}

#[tokio::test]
async fn bad_payload_message_type_missing_is_refused() {
    let tool = Tool::new();
    let token = sign(&without(claims(INSTRUCTOR), "message_type"));
    assert_eq!(tool.refusal(&token).await.0, "message_type_missing");
}

#[tokio::test]
async fn bad_payload_roles_missing_is_refused() {
    let tool = Tool::new();
    let token = sign(&without(claims(INSTRUCTOR), "roles"));
    assert_eq!(tool.refusal(&token).await.0, "roles_missing");
}

#[tokio::test]
async fn bad_payload_deployment_id_missing_is_refused() {
    let tool = Tool::new();
    let token = sign(&without(claims(INSTRUCTOR), "deployment_id"));
    assert_eq!(tool.refusal(&token).await.0, "deployment_id_missing");
}

#[tokio::test]
async fn bad_payload_resource_link_id_missing_is_refused() {
    let tool = Tool::new();
    let no_claim = sign(&without(claims(INSTRUCTOR), "resource_link"));
    assert_eq!(tool.refusal(&no_claim).await.0, "resource_link_missing");
    let no_id = set(
        claims(INSTRUCTOR),
        &lti_key("resource_link"),
        json!({"title": "Phishing"}),
    );
    assert_eq!(tool.refusal(&sign(&no_id)).await.0, "resource_link_missing");
    let empty_id = set(
        claims(INSTRUCTOR),
        &lti_key("resource_link"),
        json!({"id": ""}),
    );
    assert_eq!(
        tool.refusal(&sign(&empty_id)).await.0,
        "resource_link_missing"
    );
}

/// LTI allows anonymous launches, so the crate accepts a token without `sub` and reports
/// `user() == None`; the app refuses it ("anonymous_launch": progress and grades need a learner).
#[tokio::test]
async fn bad_payload_user_sub_missing_yields_an_anonymous_launch_for_the_app_to_refuse() {
    let tool = Tool::new();
    let launch = tool
        .launch(&sign(&without(claims(INSTRUCTOR), "sub")))
        .await
        .unwrap();
    assert_eq!(launch.user(), None);
}

// §6.1.2 / §6.1.3: nine valid launches each for a teacher and a student.

struct Variant {
    name: &'static str,
    edit: fn(Value, &str) -> Value,
}

fn unknown_role(claims: Value, role: &str) -> Value {
    let roles = json!([
        role,
        "http://purl.imsglobal.org/vocab/lis/v2/unknown/unknown#Unknown"
    ]);
    set(claims, &lti_key("roles"), roles)
}

fn multiple_roles(claims: Value, role: &str) -> Value {
    let roles = json!([
        role,
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Staff",
        "http://purl.imsglobal.org/vocab/lis/v2/system/person#User",
    ]);
    set(claims, &lti_key("roles"), roles)
}

fn short_role(claims: Value, role: &str) -> Value {
    let short = role.rsplit('#').next().unwrap();
    set(claims, &lti_key("roles"), json!([short]))
}

fn strip(claims: Value, names: &[&str]) -> Value {
    names.iter().fold(claims, |c, n| without(c, n))
}

const VARIANTS: [Variant; 9] = [
    Variant {
        name: "plain",
        edit: |c, _| c,
    },
    Variant {
        name: "multiple roles",
        edit: multiple_roles,
    },
    Variant {
        name: "short role",
        edit: short_role,
    },
    Variant {
        name: "unknown role",
        edit: unknown_role,
    },
    Variant {
        name: "no role",
        edit: |c, _| set(c, &lti_key("roles"), json!([])),
    },
    Variant {
        name: "email only",
        edit: |c, _| strip(c, &["name", "given_name", "family_name"]),
    },
    Variant {
        name: "names only",
        edit: |c, _| strip(c, &["email"]),
    },
    Variant {
        name: "no PII",
        edit: |c, _| strip(c, &["name", "given_name", "family_name", "email"]),
    },
    Variant {
        name: "email without context",
        edit: |c, _| strip(c, &["name", "given_name", "family_name", "context"]),
    },
];

async fn valid_launches_are_accepted(role: &str, is_teacher: bool) {
    let tool = Tool::new();
    for variant in &VARIANTS {
        let claims = (variant.edit)(claims(role), role);
        let launch = match tool.launch(&sign(&claims)).await {
            Ok(launch) => launch,
            Err(e) => panic!("{}: refused with {}: {e}", variant.name, e.code()),
        };
        assert_eq!(
            launch.message_type(),
            MessageType::ResourceLink,
            "{}",
            variant.name
        );
        assert_eq!(launch.user().unwrap().as_str(), "user-7");
        let roles = claims[lti_key("roles")].as_array().unwrap().len();
        assert_eq!(launch.roles().len(), roles, "{}", variant.name);
        if roles > 0 {
            assert_eq!(launch.is_instructor(), is_teacher, "{}", variant.name);
            assert_eq!(launch.is_learner(), !is_teacher, "{}", variant.name);
        }
        assert_eq!(
            launch.claims().email.is_some(),
            claims.get("email").is_some()
        );
        assert_eq!(launch.claims().name.is_some(), claims.get("name").is_some());
        assert_eq!(
            launch.context().is_some(),
            claims.get(lti_key("context")).is_some()
        );
    }
    assert_eq!(
        tool.fetches(),
        1,
        "the JWKS is fetched once and then cached"
    );
}

#[tokio::test]
async fn all_nine_valid_teacher_launches_are_accepted() {
    valid_launches_are_accepted(INSTRUCTOR, true).await;
}

#[tokio::test]
async fn all_nine_valid_student_launches_are_accepted() {
    valid_launches_are_accepted(LEARNER, false).await;
}

#[tokio::test]
async fn unknown_roles_are_kept_and_short_roles_become_full_uris() {
    let tool = Tool::new();
    let launch = tool
        .launch(&sign(&unknown_role(claims(LEARNER), LEARNER)))
        .await
        .unwrap();
    assert_eq!(launch.roles()[1].scope(), RoleScope::Unrecognised);
    let launch = tool
        .launch(&sign(&short_role(claims(LEARNER), LEARNER)))
        .await
        .unwrap();
    assert_eq!(launch.roles()[0].full_uri(), LEARNER);
}
