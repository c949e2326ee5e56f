//! LIS roles as LTI 1.3 platforms send them: full LIS v2 URIs in launches, short names in Moodle's
//! NRPS answers, and legacy LTI 1.1 URNs from older platforms. Unknown roles are kept, not refused.

use std::borrow::Cow;
use std::fmt;

const LIS_V2: &str = "http://purl.imsglobal.org/vocab/lis/v2/";
const CONTEXT_PREFIX: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership";
const INSTITUTION_PREFIX: &str = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#";
const SYSTEM_PREFIX: &str = "http://purl.imsglobal.org/vocab/lis/v2/system/person#";
const LTI_SYSTEM_PREFIX: &str = "http://purl.imsglobal.org/vocab/lti/system/person#";
const LEGACY_CONTEXT: &str = "urn:lti:role:ims/lis/";
const LEGACY_INSTITUTION: &str = "urn:lti:instrole:ims/lis/";
const LEGACY_SYSTEM: &str = "urn:lti:sysrole:ims/lis/";

/// Which LIS vocabulary a role belongs to.
/// [LTI 1.3 Appendix A.2](https://www.imsglobal.org/spec/lti/v1p3#role-vocabularies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RoleScope {
    /// A role in the launch's context (course): `.../membership#Instructor`.
    Context,
    /// A role in the institution: `.../institution/person#Faculty`.
    Institution,
    /// A role in the platform itself: `.../system/person#Administrator`.
    System,
    /// A role this crate does not recognise (vendor URIs, typos); kept as sent.
    Unrecognised,
}

/// One role of the launching user, as sent by the platform, with its parsed meaning.
/// [LTI 1.3 §5.3.7](https://www.imsglobal.org/spec/lti/v1p3#roles-claim).
#[derive(Debug, Clone)]
pub struct Role {
    raw: String,
    scope: RoleScope,
    /// The principal role name (`Instructor` in `membership/Instructor#TeachingAssistant`).
    name: String,
    sub_role: Option<String>,
    /// Whether `raw` already is the canonical LIS v2 URI (or an unrecognised value kept as is).
    raw_is_canonical: bool,
}

impl Role {
    /// Parses a role; never fails (unknown roles are [`RoleScope::Unrecognised`]).
    pub fn parse(raw: &str) -> Self {
        parse_uri(raw)
            .or_else(|| parse_legacy(raw))
            .or_else(|| parse_short(raw))
            .unwrap_or_else(|| Self {
                raw: raw.to_owned(),
                scope: RoleScope::Unrecognised,
                name: raw.to_owned(),
                sub_role: None,
                raw_is_canonical: true,
            })
    }

    /// Parses every role of a `roles` claim, in order.
    pub fn parse_all<S: AsRef<str>>(raw: &[S]) -> Vec<Self> {
        raw.iter().map(|r| Self::parse(r.as_ref())).collect()
    }

    /// The role exactly as the platform sent it.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The vocabulary the role belongs to.
    pub fn scope(&self) -> RoleScope {
        self.scope
    }

    /// The principal role name: `Instructor` for both `...membership#Instructor` and
    /// `...membership/Instructor#TeachingAssistant`; the raw value for unrecognised roles.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The sub-role, e.g. `TeachingAssistant` in `...membership/Instructor#TeachingAssistant`.
    pub fn sub_role(&self) -> Option<&str> {
        self.sub_role.as_deref()
    }

    /// The most specific short name: the sub-role if there is one, else the role name
    /// (`Learner`, `TeachingAssistant`, `Administrator`); the raw value for unrecognised roles.
    pub fn short_name(&self) -> &str {
        self.sub_role.as_deref().unwrap_or(&self.name)
    }

    /// The canonical LIS v2 URI. Short names and legacy LTI 1.1 URNs become the LIS v2 URI of
    /// their vocabulary (a bare `Instructor` is the context role); unrecognised roles stay as sent.
    pub fn full_uri(&self) -> Cow<'_, str> {
        if self.raw_is_canonical {
            return Cow::Borrowed(&self.raw);
        }
        Cow::Owned(match (self.scope, &self.sub_role) {
            (RoleScope::Context, None) => format!("{CONTEXT_PREFIX}#{}", self.name),
            (RoleScope::Context, Some(sub)) => format!("{CONTEXT_PREFIX}/{}#{sub}", self.name),
            (RoleScope::Institution, _) => format!("{INSTITUTION_PREFIX}{}", self.name),
            (RoleScope::System, _) => format!("{SYSTEM_PREFIX}{}", self.name),
            (RoleScope::Unrecognised, _) => self.raw.clone(),
        })
    }

    fn is_context(&self, name: &str) -> bool {
        self.scope == RoleScope::Context && self.name == name
    }

    /// Teaches the context: context `Instructor` (with any sub-role, such as
    /// `TeachingAssistant` or `Grader`), context `Administrator`, or a context
    /// `TeachingAssistant` as some platforms send it without the `Instructor/` parent.
    ///
    /// Deliberately not included: `ContentDeveloper` (see [`Self::is_content_developer`]),
    /// `Mentor` (a parent or coach sees one learner; instructor rights would expose the
    /// others), `Manager`, `Member`, `Officer`, and institution `Faculty`/`Instructor` (an
    /// institution role says nothing about this course).
    pub fn is_instructor(&self) -> bool {
        self.is_context("Instructor")
            || self.is_context("Administrator")
            || self.is_context("TeachingAssistant")
    }

    /// Learns in the context: context `Learner`, with any sub-role.
    pub fn is_learner(&self) -> bool {
        self.is_context("Learner")
    }

    /// Builds content in the context: context `ContentDeveloper`, with any sub-role.
    pub fn is_content_developer(&self) -> bool {
        self.is_context("ContentDeveloper")
    }

    /// Administers the platform or institution: system `Administrator` or `SysAdmin`, or
    /// institution `Administrator`. A context `Administrator` is a course role, see
    /// [`Self::is_instructor`].
    pub fn is_admin(&self) -> bool {
        match self.scope {
            RoleScope::System => matches!(self.name.as_str(), "Administrator" | "SysAdmin"),
            RoleScope::Institution => self.name == "Administrator",
            _ => false,
        }
    }
}

/// Two roles are equal when they mean the same role, however they were spelled.
impl PartialEq for Role {
    fn eq(&self, other: &Self) -> bool {
        self.full_uri() == other.full_uri()
    }
}

impl Eq for Role {}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn known(raw: &str, scope: RoleScope, name: &str, sub: Option<&str>, canonical: bool) -> Role {
    Role {
        raw: raw.to_owned(),
        scope,
        name: name.to_owned(),
        sub_role: sub.map(str::to_owned),
        raw_is_canonical: canonical,
    }
}

fn parse_uri(raw: &str) -> Option<Role> {
    if !raw.starts_with(LIS_V2) && !raw.starts_with(LTI_SYSTEM_PREFIX) {
        return None;
    }
    let (scope, name) = if let Some(name) = raw.strip_prefix(INSTITUTION_PREFIX) {
        (RoleScope::Institution, name)
    } else if let Some(name) = raw.strip_prefix(SYSTEM_PREFIX) {
        (RoleScope::System, name)
    } else if let Some(name) = raw.strip_prefix(LTI_SYSTEM_PREFIX) {
        (RoleScope::System, name)
    } else if let Some(rest) = raw.strip_prefix(CONTEXT_PREFIX) {
        return parse_context_uri(raw, rest);
    } else {
        return None;
    };
    is_name(name).then(|| known(raw, scope, name, None, true))
}

/// `rest` is what follows `.../membership`: `#Role` or `/Role#SubRole`.
fn parse_context_uri(raw: &str, rest: &str) -> Option<Role> {
    if let Some(name) = rest.strip_prefix('#') {
        return is_name(name).then(|| known(raw, RoleScope::Context, name, None, true));
    }
    let (name, sub) = rest.strip_prefix('/')?.split_once('#')?;
    (is_name(name) && is_name(sub)).then(|| known(raw, RoleScope::Context, name, Some(sub), true))
}

/// LTI 1.1 URNs: `urn:lti:role:ims/lis/Instructor[/SubRole]`, `urn:lti:instrole:ims/lis/X`,
/// `urn:lti:sysrole:ims/lis/X`.
fn parse_legacy(raw: &str) -> Option<Role> {
    let (scope, rest) = if let Some(rest) = raw.strip_prefix(LEGACY_CONTEXT) {
        (RoleScope::Context, rest)
    } else if let Some(rest) = raw.strip_prefix(LEGACY_INSTITUTION) {
        (RoleScope::Institution, rest)
    } else {
        (RoleScope::System, raw.strip_prefix(LEGACY_SYSTEM)?)
    };
    match rest.split_once('/') {
        None => is_name(rest).then(|| known(raw, scope, rest, None, false)),
        Some((name, sub)) if scope == RoleScope::Context && is_name(name) && is_name(sub) => {
            Some(known(raw, scope, name, Some(sub), false))
        }
        Some(_) => None,
    }
}

/// Moodle's NRPS answers carry context roles as bare names (`Learner`, `Instructor`); LTI 1.3
/// Appendix A.2.2 allows this for context roles only.
fn parse_short(raw: &str) -> Option<Role> {
    is_name(raw).then(|| known(raw, RoleScope::Context, raw, None, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INSTRUCTOR: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    const LEARNER: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

    #[test]
    fn full_context_role_uris_parse_and_keep_their_raw_value() {
        let role = Role::parse(INSTRUCTOR);
        assert_eq!(role.scope(), RoleScope::Context);
        assert_eq!(role.short_name(), "Instructor");
        assert_eq!(role.full_uri(), INSTRUCTOR);
        assert_eq!(role.as_str(), INSTRUCTOR);
        assert!(role.is_instructor() && !role.is_learner());
    }

    #[test]
    fn sub_roles_count_as_their_principal_role() {
        let ta = Role::parse(
            "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
        );
        assert_eq!(ta.name(), "Instructor");
        assert_eq!(ta.sub_role(), Some("TeachingAssistant"));
        assert_eq!(ta.short_name(), "TeachingAssistant");
        assert!(ta.is_instructor());
        let guest =
            Role::parse("http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#GuestLearner");
        assert!(guest.is_learner());
    }

    #[test]
    fn short_names_as_moodle_nrps_sends_them_are_context_roles() {
        let role = Role::parse("Learner");
        assert_eq!(role.scope(), RoleScope::Context);
        assert_eq!(role.full_uri(), LEARNER);
        assert!(role.is_learner());
        assert_eq!(role, Role::parse(LEARNER));
        assert!(Role::parse("Instructor").is_instructor());
    }

    #[test]
    fn institution_and_system_roles_are_not_course_roles() {
        let inst_admin =
            Role::parse("http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator");
        assert_eq!(inst_admin.scope(), RoleScope::Institution);
        assert!(inst_admin.is_admin() && !inst_admin.is_instructor());
        let faculty =
            Role::parse("http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor");
        assert!(!faculty.is_instructor() && !faculty.is_admin());
        let sysadmin = Role::parse("http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin");
        assert!(sysadmin.is_admin());
        let ctx_admin =
            Role::parse("http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator");
        assert!(ctx_admin.is_instructor() && !ctx_admin.is_admin());
        let test_user = Role::parse("http://purl.imsglobal.org/vocab/lti/system/person#TestUser");
        assert_eq!(test_user.scope(), RoleScope::System);
    }

    #[test]
    fn mentors_and_content_developers_are_not_instructors() {
        let mentor = Role::parse("http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor");
        assert!(!mentor.is_instructor() && !mentor.is_learner());
        let dev = Role::parse("http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper");
        assert!(dev.is_content_developer() && !dev.is_instructor());
    }

    #[test]
    fn legacy_lti_1_1_urns_map_to_lis_v2() {
        let role = Role::parse("urn:lti:role:ims/lis/Instructor");
        assert_eq!(role.full_uri(), INSTRUCTOR);
        let ta = Role::parse("urn:lti:role:ims/lis/Instructor/TeachingAssistant");
        assert_eq!(
            ta.full_uri(),
            "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
        );
        let admin = Role::parse("urn:lti:sysrole:ims/lis/Administrator");
        assert!(admin.is_admin());
        assert_eq!(
            admin.full_uri(),
            "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"
        );
        assert!(Role::parse("urn:lti:instrole:ims/lis/Administrator").is_admin());
    }

    #[test]
    fn unknown_roles_are_kept_as_sent() {
        for raw in [
            "http://example.com/roles#Wizard",
            "http://purl.imsglobal.org/vocab/lis/v2/membership#",
            "Teaching Assistant",
            "",
        ] {
            let role = Role::parse(raw);
            assert_eq!(role.scope(), RoleScope::Unrecognised, "{raw}");
            assert_eq!(role.full_uri(), raw);
            assert_eq!(role.short_name(), raw);
            assert!(!role.is_instructor() && !role.is_learner() && !role.is_admin());
        }
    }
}
