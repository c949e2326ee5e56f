//! Newtypes for the protocol strings of LTI 1.3 (issuer, client id, deployment id, nonce, ...):
//! each rejects an empty value at construction, so an empty identifier cannot exist past the edge.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;

/// A protocol string was empty where LTI 1.3 requires a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} must not be empty")]
pub struct EmptyValueError {
    what: &'static str,
}

impl EmptyValueError {
    /// Which protocol value was empty, e.g. "deployment_id".
    pub fn what(&self) -> &'static str {
        self.what
    }
}

macro_rules! protocol_string {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Wraps `value`, refusing an empty string.
            pub fn parse(value: impl Into<String>) -> Result<Self, EmptyValueError> {
                let value = value.into();
                if value.is_empty() {
                    return Err(EmptyValueError { what: $what });
                }
                Ok(Self(value))
            }

            /// The value as sent on the wire, byte for byte.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Unwraps the value.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = EmptyValueError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::parse(value)
            }
        }

        impl TryFrom<String> for $name {
            type Error = EmptyValueError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(value)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Self::parse(value).map_err(serde::de::Error::custom)
            }
        }
    };
}

protocol_string!(
    /// The platform's issuer identifier (`iss`), compared byte for byte.
    /// [LTI 1.3 §5.1.2](https://www.imsglobal.org/spec/lti/v1p3#issuer-claim).
    Issuer,
    "issuer (iss)"
);
protocol_string!(
    /// The OAuth 2 client id the platform assigned to this tool (the id_token's `aud`/`azp`).
    /// [LTI 1.3 §5.1.2](https://www.imsglobal.org/spec/lti/v1p3#audience-claim).
    ClientId,
    "client_id"
);
protocol_string!(
    /// Identifies one deployment of the tool within a platform registration.
    /// [LTI 1.3 §5.3.3](https://www.imsglobal.org/spec/lti/v1p3#lti-deployment-id-claim).
    DeploymentId,
    "deployment_id"
);
protocol_string!(
    /// The platform's stable, opaque identifier of the user (`sub`).
    /// [LTI 1.3 §5.3.6](https://www.imsglobal.org/spec/lti/v1p3#user-identity-claims).
    UserId,
    "user id (sub)"
);
protocol_string!(
    /// The platform's identifier of the context (course or section) of a launch.
    /// [LTI 1.3 §5.4.1](https://www.imsglobal.org/spec/lti/v1p3#context-claim).
    ContextId,
    "context id"
);
protocol_string!(
    /// The platform's identifier of the placed link being launched.
    /// [LTI 1.3 §5.3.5](https://www.imsglobal.org/spec/lti/v1p3#resource-link-claim).
    ResourceLinkId,
    "resource_link id"
);
protocol_string!(
    /// A single-use value binding an id_token to the login that asked for it.
    /// [OIDC Core §3.2.2.11](https://openid.net/specs/openid-connect-core-1_0.html#ImplicitIDToken),
    /// [1EdTech Security Framework §5.1.1.2](https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request).
    Nonce,
    "nonce"
);
protocol_string!(
    /// The opaque value a tool sends with the authentication request and gets back with the
    /// launch, binding the launch to the browser that started the login.
    /// [1EdTech Security Framework §5.1.1.2](https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request).
    State,
    "state"
);
protocol_string!(
    /// A JSON Web Key id (`kid`) selecting the platform key that signed a token.
    /// [RFC 7517 §4.5](https://www.rfc-editor.org/rfc/rfc7517#section-4.5).
    KeyId,
    "key id (kid)"
);
protocol_string!(
    /// The platform's opaque hint about the user, echoed back in the authentication request.
    /// [1EdTech Security Framework §5.1.1.1](https://www.imsglobal.org/spec/security/v1p0/#step-1-third-party-initiated-login).
    LoginHint,
    "login_hint"
);
protocol_string!(
    /// The platform's opaque hint about the message, echoed back unchanged (Moodle sends JSON text,
    /// Canvas a JWT). [LTI 1.3 §4.1](https://www.imsglobal.org/spec/lti/v1p3#additional-login-parameters).
    LtiMessageHint,
    "lti_message_hint"
);

/// Bytes of randomness in [`Nonce::random`] and [`State::random`]: 256 bits.
const RANDOM_BYTES: usize = 32;

fn random_token() -> String {
    let mut bytes = [0u8; RANDOM_BYTES];
    // `rand::rng()` is a CSPRNG (ChaCha12) seeded and periodically reseeded from the OS.
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Compares two byte strings in time independent of where they differ (the length is not secret).
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Nonce {
    /// A fresh nonce: 256 bits from a CSPRNG, URL-safe base64 without padding.
    pub fn random() -> Self {
        Self(random_token())
    }

    /// Whether `other` equals this nonce, compared in constant time.
    pub fn matches(&self, other: &str) -> bool {
        constant_time_eq(self.0.as_bytes(), other.as_bytes())
    }
}

impl State {
    /// A fresh state: 256 bits from a CSPRNG, URL-safe base64 without padding.
    pub fn random() -> Self {
        Self(random_token())
    }

    /// Whether `other` equals this state, compared in constant time.
    pub fn matches(&self, other: &str) -> bool {
        constant_time_eq(self.0.as_bytes(), other.as_bytes())
    }
}

/// The LTI message types this crate validates.
/// [LTI 1.3 §5.3.1](https://www.imsglobal.org/spec/lti/v1p3#message-type-claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageType {
    /// `LtiResourceLinkRequest`: a user opens a placed link.
    /// [LTI 1.3 §5.3](https://www.imsglobal.org/spec/lti/v1p3#required-message-claims).
    ResourceLink,
    /// `LtiDeepLinkingRequest`: a teacher picks content to place.
    /// [Deep Linking 2.0 §4.4](https://www.imsglobal.org/spec/lti-dl/v2p0#deep-linking-request-message).
    DeepLinking,
    /// `LtiSubmissionReviewRequest`: a teacher reviews one learner's submission.
    /// [AGS 2.0 submission review](https://www.imsglobal.org/spec/lti-sr/v1p0).
    SubmissionReview,
}

impl MessageType {
    /// The value of the `message_type` claim.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResourceLink => "LtiResourceLinkRequest",
            Self::DeepLinking => "LtiDeepLinkingRequest",
            Self::SubmissionReview => "LtiSubmissionReviewRequest",
        }
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `message_type` this crate does not handle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown LTI message type {0:?}")]
pub struct UnknownMessageType(pub String);

impl FromStr for MessageType {
    type Err = UnknownMessageType;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "LtiResourceLinkRequest" => Ok(Self::ResourceLink),
            "LtiDeepLinkingRequest" => Ok(Self::DeepLinking),
            "LtiSubmissionReviewRequest" => Ok(Self::SubmissionReview),
            other => Err(UnknownMessageType(other.to_owned())),
        }
    }
}

impl serde::Serialize for MessageType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_refused_with_the_name_of_the_value() {
        let err = DeploymentId::parse("").unwrap_err();
        assert_eq!(err.to_string(), "deployment_id must not be empty");
        assert!(Issuer::parse("").is_err());
        assert!(serde_json::from_str::<UserId>("\"\"").is_err());
    }

    #[test]
    fn values_are_kept_byte_for_byte_and_serialize_as_plain_strings() {
        let hint = LtiMessageHint::parse(" {\"cmid\":1} ").unwrap();
        assert_eq!(hint.as_str(), " {\"cmid\":1} ");
        assert_eq!(serde_json::to_string(&hint).unwrap(), r#"" {\"cmid\":1} ""#);
        let id: ClientId = serde_json::from_str("\"bA3kBQErPSHZuNY\"").unwrap();
        assert_eq!(id.to_string(), "bA3kBQErPSHZuNY");
        assert_eq!(id.as_ref(), "bA3kBQErPSHZuNY");
    }

    #[test]
    fn random_nonces_and_states_are_long_url_safe_and_distinct() {
        let a = Nonce::random();
        let b = Nonce::random();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 43);
        let decoded = URL_SAFE_NO_PAD.decode(a.as_str()).unwrap();
        assert_eq!(decoded.len(), RANDOM_BYTES);
        let state = State::random();
        assert!(
            state
                .as_str()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
    }

    #[test]
    fn nonce_matching_is_exact() {
        let nonce = Nonce::parse("abc").unwrap();
        assert!(nonce.matches("abc"));
        assert!(!nonce.matches("abd"));
        assert!(!nonce.matches("abcd"));
        assert!(!nonce.matches(""));
    }

    #[test]
    fn message_types_round_trip_and_unknown_ones_are_named() {
        for t in [
            MessageType::ResourceLink,
            MessageType::DeepLinking,
            MessageType::SubmissionReview,
        ] {
            assert_eq!(t.as_str().parse::<MessageType>().unwrap(), t);
        }
        let err = "LtiStartProctoring".parse::<MessageType>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown LTI message type \"LtiStartProctoring\""
        );
    }
}
