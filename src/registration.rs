//! What the tool tells an LMS about itself, from one source: the dynamic registration request
//! (Moodle, newer Canvas) and the Canvas Developer Key JSON are both rendered from
//! [`ToolConfiguration`], so their URLs, scopes and messages never disagree.

pub mod flow;
pub mod guard;

use lti::registration::{LtiToolConfiguration, ToolMessage, ToolRegistrationRequest};
use serde_json::{Value, json};
use url::Url;

pub const TOOL_NAME: &str = "SecureHospitals";
pub const DESCRIPTION: &str = "Cybersecurity awareness training for hospital staff: short lessons and quizzes, with grades sent back to the LMS.";

/// Service scopes: AGS to send grades, NRPS to read the course roster.
pub const SCOPES: [&str; 5] = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
];

/// Identity claims asked for: certificates carry the learner's name, reminders need e-mail.
pub const CLAIMS: [&str; 6] = ["iss", "sub", "name", "given_name", "family_name", "email"];

/// The tool's URLs and offer, derived from its public URL.
#[derive(Debug, Clone)]
pub struct ToolConfiguration {
    pub login_url: Url,
    pub launch_url: Url,
    pub jwks_url: Url,
    pub logo_url: Url,
    /// `host[:port]` of the launch URL (Moodle compares it with `target_link_uri`).
    pub domain: String,
}

/// A message the tool offers: type, label and the Canvas placements it appears in.
struct Offer {
    message_type: &'static str,
    label: &'static str,
    canvas_placements: &'static [&'static str],
}

const OFFERS: [Offer; 3] = [
    Offer {
        message_type: "LtiResourceLinkRequest",
        label: "SecureHospitals training",
        canvas_placements: &["course_navigation"],
    },
    Offer {
        message_type: "LtiDeepLinkingRequest",
        label: "Add SecureHospitals training",
        canvas_placements: &["link_selection", "assignment_selection"],
    },
    Offer {
        message_type: "LtiSubmissionReviewRequest",
        label: "Review quiz attempt",
        canvas_placements: &[],
    },
];

impl ToolConfiguration {
    pub fn new(public_url: &Url) -> Result<Self, url::ParseError> {
        let launch_url = public_url.join("lti/launch")?;
        let host = launch_url.host_str().unwrap_or_default();
        let domain = match launch_url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok(Self {
            login_url: public_url.join("lti/login")?,
            jwks_url: public_url.join(".well-known/jwks.json")?,
            logo_url: public_url.join("static/logo.svg")?,
            launch_url,
            domain,
        })
    }

    /// Messages with placements in the registering platform's vocabulary: Canvas names its
    /// placements (`course_navigation`, `link_selection`, ...), Moodle places deep linking in
    /// `ContentArea` and resource links nowhere in particular.
    fn messages(&self, product_family_code: &str) -> Vec<ToolMessage> {
        OFFERS
            .iter()
            .map(|o| ToolMessage {
                message_type: o.message_type.to_owned(),
                target_link_uri: Some(self.launch_url.to_string()),
                label: Some(o.label.to_owned()),
                placements: match (product_family_code, o.message_type) {
                    ("canvas", _) => o
                        .canvas_placements
                        .iter()
                        .map(|p| (*p).to_owned())
                        .collect(),
                    (_, "LtiDeepLinkingRequest") => vec!["ContentArea".to_owned()],
                    _ => Vec::new(),
                },
            })
            .collect()
    }

    /// The 1EdTech dynamic registration request, offering only scopes the platform grants, for
    /// a platform of `product_family_code` (from its configuration: `moodle`, `canvas`, ...).
    pub fn registration_request(
        &self,
        scopes: &[&str],
        product_family_code: &str,
    ) -> ToolRegistrationRequest {
        ToolRegistrationRequest::new(
            TOOL_NAME.to_owned(),
            self.login_url.to_string(),
            vec![self.launch_url.to_string()],
            self.jwks_url.to_string(),
            Some(self.logo_url.to_string()),
            scopes,
            LtiToolConfiguration {
                domain: self.domain.clone(),
                target_link_uri: self.launch_url.to_string(),
                description: Some(DESCRIPTION.to_owned()),
                custom_parameters: Default::default(),
                claims: CLAIMS.iter().map(|c| (*c).to_owned()).collect(),
                messages: self.messages(product_family_code),
                deployment_id: None,
            },
        )
    }

    /// The Canvas Developer Key JSON configuration (LTI 1.3 "Paste JSON" / "Enter URL").
    pub fn canvas_json(&self) -> Value {
        let placements: Vec<Value> = OFFERS
            .iter()
            .flat_map(|o| o.canvas_placements.iter().map(move |p| (o, p)))
            .map(|(o, p)| {
                json!({
                    "placement": p,
                    "message_type": o.message_type,
                    "target_link_uri": self.launch_url.as_str(),
                    "text": o.label,
                    "icon_url": self.logo_url.as_str(),
                })
            })
            .collect();
        json!({
            "title": TOOL_NAME,
            "description": DESCRIPTION,
            "oidc_initiation_url": self.login_url.as_str(),
            "target_link_uri": self.launch_url.as_str(),
            "public_jwk_url": self.jwks_url.as_str(),
            "scopes": SCOPES,
            "custom_fields": {},
            "extensions": [{
                "platform": "canvas.instructure.com",
                "domain": self.domain,
                "privacy_level": "public",
                "settings": { "icon_url": self.logo_url.as_str(), "placements": placements },
            }],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_and_canvas_json_name_the_same_urls_scopes_and_messages() {
        let tool = ToolConfiguration::new(&"https://lti.example:8443/".parse().unwrap()).unwrap();
        let request = serde_json::to_value(tool.registration_request(&SCOPES, "moodle")).unwrap();
        let canvas = tool.canvas_json();
        let lti = &request[lti::registration::TOOL_CONFIGURATION];
        assert_eq!(lti["domain"], "lti.example:8443");
        assert_eq!(request["initiate_login_uri"], canvas["oidc_initiation_url"]);
        assert_eq!(lti["target_link_uri"], canvas["target_link_uri"]);
        assert_eq!(request["jwks_uri"], canvas["public_jwk_url"]);
        assert_eq!(
            request["scope"],
            canvas["scopes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let kinds = |v: &Value, key: &str| -> Vec<String> {
            let mut k: Vec<String> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m[key].as_str().unwrap().to_owned())
                .collect();
            k.sort();
            k.dedup();
            k
        };
        let placements = &canvas["extensions"][0]["settings"]["placements"];
        let offered = kinds(&lti["messages"], "type");
        for canvas_message in kinds(placements, "message_type") {
            assert!(offered.contains(&canvas_message), "{canvas_message}");
        }
    }

    #[test]
    fn canvas_gets_its_own_placement_names_and_moodle_its_content_area() {
        let tool = ToolConfiguration::new(&"https://lti.example/".parse().unwrap()).unwrap();
        let placements = |product: &str, message: &str| -> Vec<String> {
            let request = tool.registration_request(&SCOPES, product);
            let m = request
                .lti
                .messages
                .iter()
                .find(|m| m.message_type == message);
            m.unwrap().placements.clone()
        };
        assert_eq!(
            placements("moodle", "LtiDeepLinkingRequest"),
            ["ContentArea"]
        );
        assert!(placements("moodle", "LtiResourceLinkRequest").is_empty());
        assert_eq!(
            placements("canvas", "LtiDeepLinkingRequest"),
            ["link_selection", "assignment_selection"]
        );
        assert_eq!(
            placements("canvas", "LtiResourceLinkRequest"),
            ["course_navigation"]
        );
    }
}
