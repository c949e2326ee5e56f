//! What a test or a demo visitor asks the platform to launch: message type, user, roles, context,
//! resource link, services, privacy and tampering; plus the record of every id_token issued.

use serde_json::{Map, Value};

use super::directory::SEED_COURSE_ID;
use super::tamper::Tamper;

/// The LTI message a launch carries.
#[derive(Debug, Clone, PartialEq)]
pub enum MessageKind {
    /// `LtiResourceLinkRequest`.
    ResourceLink,
    /// `LtiDeepLinkingRequest` with its settings.
    DeepLinking(DeepLinkingOptions),
    /// `LtiSubmissionReviewRequest` about another user's submission.
    SubmissionReview { for_user_id: String },
}

impl MessageKind {
    pub fn message_type(&self) -> &'static str {
        match self {
            Self::ResourceLink => "LtiResourceLinkRequest",
            Self::DeepLinking(_) => "LtiDeepLinkingRequest",
            Self::SubmissionReview { .. } => "LtiSubmissionReviewRequest",
        }
    }
}

/// The `deep_linking_settings` claim; `Default` is what Moodle 4.3 sends.
#[derive(Debug, Clone, PartialEq)]
pub struct DeepLinkingOptions {
    pub accept_types: Vec<String>,
    pub accept_presentation_document_targets: Vec<String>,
    pub accept_multiple: bool,
    /// Moodle omits `accept_lineitem`; `None` leaves it out.
    pub accept_lineitem: Option<bool>,
    pub auto_create: bool,
    /// Opaque `data` the tool must echo.
    pub data: Option<String>,
    pub title: String,
    pub text: String,
}

impl Default for DeepLinkingOptions {
    fn default() -> Self {
        Self {
            accept_types: vec!["ltiResourceLink".to_owned()],
            accept_presentation_document_targets: ["frame", "iframe", "window"]
                .map(String::from)
                .to_vec(),
            accept_multiple: true,
            accept_lineitem: None,
            auto_create: false,
            data: None,
            title: String::new(),
            text: String::new(),
        }
    }
}

/// One launch to perform. Build with [`LaunchSpec::resource_link`], [`LaunchSpec::deep_linking`]
/// or [`LaunchSpec::submission_review`], then adjust with the `with_*`/`without_*` methods.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchSpec {
    pub message: MessageKind,
    /// The tool; the only registered tool when `None`.
    pub client_id: Option<String>,
    /// The tool's first deployment when `None`. Not checked: a platform may send any.
    pub deployment_id: Option<String>,
    /// The launching user (`login_hint` and `sub`).
    pub user_id: String,
    /// Role URIs; the user's roles in the context when `None`.
    pub roles: Option<Vec<String>>,
    /// The course; `None` launches without a context.
    pub context_id: Option<String>,
    /// Resource link id; a new activity is placed when it is unknown.
    pub resource_link_id: Option<String>,
    pub resource_link_title: Option<String>,
    pub custom: Map<String, Value>,
    /// The user's locale when `None`.
    pub locale: Option<String>,
    pub target_link_uri: Option<String>,
    /// Include the AGS endpoint claim (with `lineitem` for graded resource links).
    pub ags: bool,
    /// Include the NRPS claim (needs a context).
    pub nrps: bool,
    pub include_name: bool,
    pub include_email: bool,
    /// Changes to the id_token for negative tests, applied in order.
    pub tamper: Vec<Tamper>,
}

impl LaunchSpec {
    /// A resource link launch in the seeded course with AGS, NRPS, name and e-mail.
    pub fn resource_link(user_id: &str, resource_link_id: &str) -> Self {
        Self {
            message: MessageKind::ResourceLink,
            client_id: None,
            deployment_id: None,
            user_id: user_id.to_owned(),
            roles: None,
            context_id: Some(SEED_COURSE_ID.to_owned()),
            resource_link_id: Some(resource_link_id.to_owned()),
            resource_link_title: None,
            custom: Map::new(),
            locale: None,
            target_link_uri: None,
            ags: true,
            nrps: true,
            include_name: true,
            include_email: true,
            tamper: Vec::new(),
        }
    }

    /// A deep linking request in the seeded course with Moodle's settings.
    pub fn deep_linking(user_id: &str) -> Self {
        Self {
            message: MessageKind::DeepLinking(DeepLinkingOptions::default()),
            resource_link_id: None,
            ..Self::resource_link(user_id, "")
        }
    }

    /// A submission review of `for_user_id`'s score on a graded resource link.
    pub fn submission_review(user_id: &str, for_user_id: &str, resource_link_id: &str) -> Self {
        Self {
            message: MessageKind::SubmissionReview {
                for_user_id: for_user_id.to_owned(),
            },
            ..Self::resource_link(user_id, resource_link_id)
        }
    }

    pub fn with_client(mut self, client_id: &str) -> Self {
        self.client_id = Some(client_id.to_owned());
        self
    }

    pub fn with_deployment(mut self, deployment_id: &str) -> Self {
        self.deployment_id = Some(deployment_id.to_owned());
        self
    }

    pub fn with_roles(mut self, roles: &[&str]) -> Self {
        self.roles = Some(roles.iter().map(|r| (*r).to_owned()).collect());
        self
    }

    pub fn in_context(mut self, context_id: &str) -> Self {
        self.context_id = Some(context_id.to_owned());
        self
    }

    /// No context claim, and so no AGS or NRPS claims either.
    pub fn without_context(mut self) -> Self {
        self.context_id = None;
        self.ags = false;
        self.nrps = false;
        self
    }

    pub fn with_title(mut self, title: &str) -> Self {
        self.resource_link_title = Some(title.to_owned());
        self
    }

    pub fn with_custom(mut self, key: &str, value: &str) -> Self {
        self.custom
            .insert(key.to_owned(), Value::String(value.to_owned()));
        self
    }

    pub fn with_locale(mut self, locale: &str) -> Self {
        self.locale = Some(locale.to_owned());
        self
    }

    pub fn with_target_link_uri(mut self, uri: &str) -> Self {
        self.target_link_uri = Some(uri.to_owned());
        self
    }

    pub fn with_deep_linking_options(mut self, options: DeepLinkingOptions) -> Self {
        self.message = MessageKind::DeepLinking(options);
        self
    }

    pub fn without_ags(mut self) -> Self {
        self.ags = false;
        self
    }

    pub fn without_nrps(mut self) -> Self {
        self.nrps = false;
        self
    }

    pub fn without_name(mut self) -> Self {
        self.include_name = false;
        self
    }

    pub fn without_email(mut self) -> Self {
        self.include_email = false;
        self
    }

    pub fn with_tamper(mut self, tamper: Tamper) -> Self {
        self.tamper.push(tamper);
        self
    }
}

/// An id_token the auth endpoint issued, as posted to the tool (for replay tests).
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedIdToken {
    pub jwt: String,
    /// The claims as signed (after tampering).
    pub claims: Map<String, Value>,
    pub client_id: String,
    pub nonce: String,
    pub state: Option<String>,
    pub redirect_uri: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_describe_the_launch() {
        let spec = LaunchSpec::resource_link("4", "7")
            .with_custom("module", "phishing")
            .with_roles(&["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"])
            .without_email();
        assert_eq!(spec.message.message_type(), "LtiResourceLinkRequest");
        assert_eq!(spec.custom["module"], "phishing");
        assert!(spec.include_name && !spec.include_email);

        let no_context = LaunchSpec::resource_link("4", "7").without_context();
        assert!(no_context.context_id.is_none() && !no_context.ags && !no_context.nrps);
    }

    #[test]
    fn deep_linking_defaults_are_moodles() {
        let spec = LaunchSpec::deep_linking("3");
        let MessageKind::DeepLinking(options) = &spec.message else {
            panic!("deep linking spec has deep linking message");
        };
        assert_eq!(options.accept_types, ["ltiResourceLink"]);
        assert_eq!(
            options.accept_presentation_document_targets,
            ["frame", "iframe", "window"]
        );
        assert!(options.accept_multiple && options.accept_lineitem.is_none());
        assert!(spec.resource_link_id.is_none());
    }
}
