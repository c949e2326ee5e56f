//! Test platform: fixed keys, a token signer, a JWKS served by a counting fake fetcher, and the
//! expectations of a tool at https://tool.example with a fixed clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use lti::{
    ClientId, Expectations, FetchFuture, FetchedJwks, Issuer, JwksCache, JwksFetcher, LaunchError,
    LaunchValidator, ValidatedLaunch, ValidatorConfig,
};
use serde_json::{Value, json};
use url::Url;

pub const ISSUER: &str = "https://platform.example";
pub const CLIENT_ID: &str = "tool-client-1";
pub const NONCE: &str = "nonce-from-login";
pub const TOOL: &str = "https://tool.example";
pub const KID: &str = "platform-2026";
pub const EC_KID: &str = "platform-ec";
pub const NOW: u64 = 1_800_000_000;

pub const RSA_PEM: &[u8] = include_bytes!("../fixtures/keys/platform-rsa.pem");
pub const RSA_PUBLIC_PEM: &[u8] = include_bytes!("../fixtures/keys/platform-rsa.pub.pem");
pub const ROTATED_PEM: &[u8] = include_bytes!("../fixtures/keys/rotated-rsa.pem");
pub const EC_PEM: &[u8] = include_bytes!("../fixtures/keys/platform-ec-p256.pem");

pub fn rsa_key() -> EncodingKey {
    EncodingKey::from_rsa_pem(RSA_PEM).unwrap()
}

pub fn jwk(key: &EncodingKey, alg: Algorithm, kid: &str) -> Value {
    let mut jwk = Jwk::from_encoding_key(key, alg).unwrap();
    jwk.common.key_id = Some(kid.to_owned());
    serde_json::to_value(jwk).unwrap()
}

/// Signs `claims` with the platform's RSA key, RS256, kid [`KID`].
pub fn sign(claims: &Value) -> String {
    sign_with(Algorithm::RS256, Some(KID), &rsa_key(), claims)
}

pub fn sign_with(alg: Algorithm, kid: Option<&str>, key: &EncodingKey, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&header, claims, key).unwrap()
}

/// A token with an arbitrary header and signature, for headers `jsonwebtoken` will not write.
pub fn raw_token(header: &Value, claims: &Value, signature: &[u8]) -> String {
    let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
    format!(
        "{}.{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes()),
        b64(signature)
    )
}

pub const INSTRUCTOR: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
pub const LEARNER: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

/// A complete, valid resource link launch for `role`.
pub fn claims(role: &str) -> Value {
    json!({
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "sub": "user-7",
        "exp": NOW + 60,
        "iat": NOW,
        "nonce": NONCE,
        "name": "Ada Lovelace",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "email": "ada@hospital.example",
        "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiResourceLinkRequest",
        "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
        "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "deployment-1",
        "https://purl.imsglobal.org/spec/lti/claim/target_link_uri": "https://tool.example/lti/launch",
        "https://purl.imsglobal.org/spec/lti/claim/resource_link": {"id": "link-1", "title": "Phishing"},
        "https://purl.imsglobal.org/spec/lti/claim/roles": [role],
        "https://purl.imsglobal.org/spec/lti/claim/context": {"id": "course-1", "label": "SEC101", "title": "Security awareness", "type": ["CourseOffering"]},
        "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"document_target": "iframe", "return_url": "https://platform.example/return", "locale": "de-CH"},
    })
}

/// Removes a claim given by its short LTI name (`roles`) or its full key (`sub`).
pub fn without(mut claims: Value, name: &str) -> Value {
    let map = claims.as_object_mut().unwrap();
    let full = format!("https://purl.imsglobal.org/spec/lti/claim/{name}");
    assert!(
        map.remove(name).is_some() || map.remove(&full).is_some(),
        "no claim {name}"
    );
    claims
}

/// Sets `claims[key]` (a full claim key: use [`lti_key`] for LTI claims).
pub fn set(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

/// The full key of an LTI core claim: `lti_key("roles")`.
pub fn lti_key(name: &str) -> String {
    if name.starts_with("https://") {
        name.to_owned()
    } else {
        format!("https://purl.imsglobal.org/spec/lti/claim/{name}")
    }
}

#[derive(Default)]
pub struct FakePlatform {
    pub fetches: AtomicUsize,
    pub jwks: std::sync::Mutex<Value>,
}

struct Fetcher(Arc<FakePlatform>);

impl JwksFetcher for Fetcher {
    fn fetch<'a>(&'a self, _url: &'a Url) -> FetchFuture<'a> {
        self.0.fetches.fetch_add(1, Ordering::SeqCst);
        let body = self.0.jwks.lock().unwrap().to_string().into_bytes();
        Box::pin(async move {
            Ok(FetchedJwks {
                body,
                max_age: None,
            })
        })
    }
}

/// A tool with a JWKS cache in front of a fake platform publishing the RSA and EC keys.
pub struct Tool {
    pub platform: Arc<FakePlatform>,
    pub cache: JwksCache,
    pub validator: LaunchValidator,
    pub jwks_url: Url,
}

impl Tool {
    pub fn new() -> Self {
        let ec = EncodingKey::from_ec_pem(EC_PEM).unwrap();
        let keys = json!({"keys": [jwk(&rsa_key(), Algorithm::RS256, KID), jwk(&ec, Algorithm::ES256, EC_KID)]});
        let platform = Arc::new(FakePlatform {
            jwks: std::sync::Mutex::new(keys),
            ..Default::default()
        });
        Self {
            cache: JwksCache::new(Box::new(Fetcher(Arc::clone(&platform)))),
            platform,
            validator: LaunchValidator::new(ValidatorConfig::default()),
            jwks_url: Url::parse("https://platform.example/jwks").unwrap(),
        }
    }

    pub fn fetches(&self) -> usize {
        self.platform.fetches.load(Ordering::SeqCst)
    }

    pub async fn launch(&self, token: &str) -> Result<ValidatedLaunch, LaunchError> {
        self.launch_at(token, NOW + 1).await
    }

    pub async fn launch_at(&self, token: &str, now: u64) -> Result<ValidatedLaunch, LaunchError> {
        let issuer = Issuer::parse(ISSUER).unwrap();
        let client_id = ClientId::parse(CLIENT_ID).unwrap();
        let expected = Expectations {
            issuer: &issuer,
            client_id: &client_id,
            nonce: NONCE,
            tool_origin: Url::parse(TOOL).unwrap().origin(),
            now: UNIX_EPOCH + Duration::from_secs(now),
        };
        self.validator
            .validate(token, &expected, &self.cache, &self.jwks_url)
            .await
    }

    /// The reason code of a refused launch; panics (failing the test) if it was accepted.
    pub async fn refusal(&self, token: &str) -> (String, String) {
        match self.launch(token).await {
            Ok(_) => panic!("the launch was accepted"),
            Err(e) => (e.code().to_owned(), e.to_string()),
        }
    }
}
