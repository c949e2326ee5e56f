//! The LTI Advantage claims of an id_token: AGS endpoint, NRPS, Deep Linking settings and the
//! submission review `for_user`.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use url::Url;

use super::lenient::{NamedClaim, RequiredMember};
use crate::types::UserId;

/// Where and with which scopes the tool may read and write grades.
/// [AGS 2.0 §3.1](https://www.imsglobal.org/spec/lti-ags/v2p0#assignment-and-grade-service-claim).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AgsEndpointClaim {
    /// Granted scopes, e.g. `https://purl.imsglobal.org/spec/lti-ags/scope/score`.
    #[serde(default)]
    pub scope: Vec<String>,
    /// The line items container of the context. Moodle's carries a query string
    /// (`...lineitems?type_id=1`): build sub-URLs with [`Url`] methods, never by concatenation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lineitems: Option<Url>,
    /// The single line item bound to the launched resource link, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lineitem: Option<Url>,
}

impl AgsEndpointClaim {
    /// Whether the platform granted `scope` (a full scope URI).
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.iter().any(|s| s == scope)
    }
}

impl NamedClaim for AgsEndpointClaim {
    const CLAIM: &'static str = "AGS endpoint";
}

/// Where the tool may read the context's members.
/// [NRPS 2.0 §3.6.1](https://www.imsglobal.org/spec/lti-nrps/v2p0#lti-1-3-integration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NrpsClaim {
    /// The memberships URL of the context.
    pub context_memberships_url: Url,
    /// Supported service versions, e.g. `["1.0", "2.0"]`.
    #[serde(default)]
    pub service_versions: Vec<String>,
}

impl NamedClaim for NrpsClaim {
    const CLAIM: &'static str = "namesroleservice";
}

/// What the platform accepts back from a Deep Linking flow.
/// [Deep Linking 2.0 §4.4.1](https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-settings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeepLinkingSettings {
    /// Where the tool posts its Deep Linking response: an `https` or `http` URL (a
    /// `javascript:` or `data:` one would become the action of the form the tool renders).
    #[serde(deserialize_with = "web_url")]
    pub deep_link_return_url: Url,
    /// Accepted content item types, e.g. `ltiResourceLink`.
    #[serde(default)]
    pub accept_types: Vec<String>,
    /// Accepted presentation targets, e.g. `iframe`, `window`.
    #[serde(default)]
    pub accept_presentation_document_targets: Vec<String>,
    /// Accepted media types, comma-separated as the spec defines it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_media_types: Option<String>,
    /// Whether several items may be returned.
    #[serde(
        default,
        deserialize_with = "loose_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub accept_multiple: Option<bool>,
    /// Whether items may carry a line item.
    #[serde(
        default,
        deserialize_with = "loose_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub accept_lineitem: Option<bool>,
    /// Whether the platform creates the items without asking the teacher.
    #[serde(
        default,
        deserialize_with = "loose_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_create: Option<bool>,
    /// Default title for the items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Default text for the items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Opaque value the tool must return unchanged in its response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Members outside Deep Linking 2.0, kept as sent (Moodle adds the Content-Item leftovers
    /// `accept_copy_advice`, `accept_unsigned`, `can_confirm`).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, Value>,
}

impl NamedClaim for DeepLinkingSettings {
    const CLAIM: &'static str = "deep_linking_settings";
}

impl RequiredMember for DeepLinkingSettings {
    const REQUIRED: &'static [&'static str] = &["deep_link_return_url"];
}

/// The learner a submission review is about (not the launching teacher).
/// [Submission Review 1.0 §2.1](https://www.imsglobal.org/spec/lti-sr/v1p0#for_user-claim).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ForUserClaim {
    /// The learner's user id (`sub` of their own launches); `id` is accepted as an alias.
    #[serde(alias = "id")]
    pub user_id: UserId,
    /// The learner's SIS id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_sourcedid: Option<String>,
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The learner's roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
}

impl NamedClaim for ForUserClaim {
    const CLAIM: &'static str = "for_user";
}

impl RequiredMember for ForUserClaim {
    const REQUIRED: &'static [&'static str] = &["user_id", "id"];
}

/// `true`/`false`, or the strings `"true"`/`"false"`; anything else is ignored.
/// A URL a browser is sent to or posts to: `https` or `http`, nothing else.
fn web_url<'de, D: Deserializer<'de>>(d: D) -> Result<Url, D::Error> {
    let url = Url::deserialize(d)?;
    if matches!(url.scheme(), "https" | "http") {
        Ok(url)
    } else {
        Err(serde::de::Error::custom(format!(
            "a {}: URL where a web address (https) belongs",
            url.scheme()
        )))
    }
}

fn loose_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Bool(b)) => Some(b),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    })
}
