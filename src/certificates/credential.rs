//! The Open Badges 3.0 `OpenBadgeCredential` of a certificate (W3C VC Data Model 2.0) and its
//! VC-JWT form: the credential's members are the JWT payload, with `iss`, `jti`, `nbf`, `exp`
//! (and `sub` only when the subject has an `id`) mirroring them (OB 3.0 §8.2.4).

use super::{Certificate, status_list};
use crate::content::{Catalogue, Lang};
use serde_json::{Value, json};

/// The two JSON-LD contexts every Open Badges 3.0 credential starts with, in this order.
pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
pub const OB_SCHEMA: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

/// The tool's stable credential URLs, all under its public URL.
#[derive(Debug, Clone)]
pub struct IssuerUrls {
    base: String,
}

impl IssuerUrls {
    pub fn new(public_url: &url::Url) -> Self {
        Self {
            base: public_url.as_str().trim_end_matches('/').to_owned(),
        }
    }
    pub fn issuer(&self) -> String {
        format!("{}/credentials/issuer", self.base)
    }
    pub fn keys(&self) -> String {
        format!("{}/credentials/keys", self.base)
    }
    pub fn status_list(&self, list: i64) -> String {
        format!("{}/credentials/status/{list}", self.base)
    }
    pub fn achievement(&self, path_id: &str) -> String {
        format!("{}/credentials/achievements/{path_id}", self.base)
    }
    pub fn verify(&self, code: &str) -> String {
        format!("{}/verify/{code}", self.base)
    }
    pub fn base(&self) -> &str {
        &self.base
    }
}

/// The issuer's profile (`/credentials/issuer`).
pub fn issuer_profile(urls: &IssuerUrls) -> Value {
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": urls.issuer(),
        "type": ["Profile"],
        "name": "SecureHospitals",
        "url": urls.base(),
        "description": "Cybersecurity awareness training for hospital staff.",
    })
}

/// Everything besides the certificate row that the credential states.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub urls: &'a IssuerUrls,
    pub catalogue: &'a Catalogue,
    /// The platform registration's name: the institution the learner trained with.
    pub institution: &'a str,
}

fn rfc3339(t: i64) -> String {
    crate::keys::format_time(t)
}

/// Builds the credential for a certificate (without proof: the JWT is the proof).
pub fn build(cert: &Certificate, ctx: Context<'_>) -> Value {
    let lang = Lang::parse(&cert.language).unwrap_or_else(Lang::english);
    let path = ctx.catalogue.path(&cert.path_id);
    let path_title = path.map_or_else(|| cert.path_id.clone(), |p| p.title(&lang).to_owned());
    let modules: Vec<&crate::content::Module> = path
        .map(|p| {
            p.modules
                .iter()
                .filter_map(|m| ctx.catalogue.module(m))
                .collect()
        })
        .unwrap_or_default();
    let module_list = modules
        .iter()
        .map(|m| format!("{} {}", m.id, m.title(&lang)))
        .collect::<Vec<_>>()
        .join("; ");
    let alignment: Vec<Value> = modules
        .iter()
        .flat_map(|m| m.sources.iter())
        .filter_map(|s| s.url.as_ref().map(|u| (s, u)))
        .fold(Vec::<Value>::new(), |mut acc, (s, url)| {
            if !acc.iter().any(|a| a["targetUrl"] == url.as_str()) {
                acc.push(json!({
                    "type": ["Alignment"],
                    "targetName": s.title,
                    "targetUrl": url,
                    "targetType": "ext:Source",
                }));
            }
            acc
        });
    let mut identifiers = vec![json!({
        "type": "IdentityObject",
        "hashed": true,
        "identityHash": cert.recipient.hash,
        "identityType": cert.recipient.kind,
        "salt": cert.recipient.salt,
    })];
    if let Some(name) = &cert.learner_name {
        identifiers.push(json!({
            "type": "IdentityObject",
            "hashed": false,
            "identityHash": name,
            "identityType": "name",
        }));
    }
    let declared = if cert.name_self_declared {
        " The name was entered by the learner (the learning platform did not provide one)."
    } else {
        ""
    };
    let index = cert.status_index.unwrap_or_default();
    let (list, bit) = status_list::position(index);
    let status_url = ctx.urls.status_list(list);
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": format!("urn:uuid:{}", cert.id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": format!("SecureHospitals certificate: {path_title}"),
        "description": format!(
            "Completed the SecureHospitals learning path \"{path_title}\" through {}. Content version {}. Verification code {}.{declared}",
            ctx.institution, cert.content_version, cert.code.display()
        ),
        "issuer": { "id": ctx.urls.issuer(), "type": ["Profile"], "name": "SecureHospitals" },
        "validFrom": rfc3339(cert.issued_at),
        "validUntil": rfc3339(cert.valid_until),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": ctx.urls.achievement(&cert.path_id),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": path_title,
                "description": format!("Passed every module of the learning path: {module_list}."),
                "criteria": { "narrative": format!(
                    "Pass the quiz of every module in the path ({module_list}) at or above its pass mark."
                ) },
                "alignment": alignment,
                "inLanguage": lang.as_str(),
            },
        },
        "credentialStatus": {
            "id": format!("{status_url}#{bit}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": bit.to_string(),
            "statusListCredential": status_url,
        },
        "credentialSchema": [{ "id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019" }],
    })
}

/// The VC-JWT claims: the credential's members plus the registered claims that mirror them.
pub fn jwt_claims(credential: &Value, issued_at: i64, valid_until: i64) -> Value {
    let mut claims = credential.clone();
    if let Some(map) = claims.as_object_mut() {
        map.insert("iss".into(), credential["issuer"]["id"].clone());
        map.insert("jti".into(), credential["id"].clone());
        map.insert("nbf".into(), json!(issued_at));
        map.insert("exp".into(), json!(valid_until));
        if let Some(sub) = credential["credentialSubject"].get("id") {
            map.insert("sub".into(), sub.clone());
        }
    }
    claims
}

/// The credential inside VC-JWT claims: the payload without the registered claims.
pub fn credential_of_claims(claims: &Value) -> Value {
    let mut credential = claims.clone();
    if let Some(map) = credential.as_object_mut() {
        for claim in ["iss", "jti", "nbf", "exp", "sub", "iat"] {
            map.remove(claim);
        }
    }
    credential
}
