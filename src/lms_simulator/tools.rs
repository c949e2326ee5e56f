//! Tools registered on the simulated platform, the activities (resource links) placed in courses,
//! and the handle's methods to manage tools, people and courses.

use serde_json::{Map, Value};
use url::Url;

use super::ags::LineItem;
use super::directory::{Course, Enrolment, User};
use super::launch::LaunchSpec;
use super::state::{LmsSimulator, SimError, random_token};

/// What an administrator enters when adding a tool (Moodle: "Manage tools").
#[derive(Debug, Clone, PartialEq)]
pub struct ToolRegistration {
    /// Generated (15 characters, like Moodle) when `None`.
    pub client_id: Option<String>,
    pub name: String,
    /// Empty means one deployment whose id is the tool type id (Moodle's behaviour).
    pub deployment_ids: Vec<String>,
    /// The tool's OIDC login initiation URL.
    pub login_url: Url,
    /// Where id_tokens may be posted (the tool's launch URL).
    pub redirect_uris: Vec<Url>,
    /// The tool's JWKS (client assertions and deep linking responses are verified with it).
    pub jwks_url: Url,
    pub target_link_uri: Url,
    /// Target of deep linking requests; `target_link_uri` when `None`.
    pub deep_linking_url: Option<Url>,
    /// Scopes the tool may obtain; every AGS and NRPS scope when `None`.
    pub scopes: Option<Vec<String>>,
    /// Moodle's privacy settings: share the launcher's name / e-mail.
    pub send_name: bool,
    pub send_email: bool,
}

impl ToolRegistration {
    /// A registration for a SecureHospitals tool served at `tool_base` (its standard paths).
    pub fn for_tool(tool_base: &str) -> Result<Self, url::ParseError> {
        let base = Url::parse(tool_base)?;
        let launch = base.join("/lti/launch")?;
        Ok(Self {
            client_id: None,
            name: "SecureHospitals".to_owned(),
            deployment_ids: Vec::new(),
            login_url: base.join("/lti/login")?,
            redirect_uris: vec![launch.clone()],
            jwks_url: base.join("/.well-known/jwks.json")?,
            target_link_uri: launch,
            deep_linking_url: None,
            scopes: None,
            send_name: true,
            send_email: true,
        })
    }
}

/// Every AGS and NRPS scope the platform grants.
pub const ALL_SCOPES: [&str; 5] = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
];

/// A tool as the platform knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisteredTool {
    pub client_id: String,
    /// Moodle's tool type id: in AGS URLs (`?type_id=`) and NRPS bindings.
    pub type_id: u32,
    /// A dynamically registered tool stays pending until an admin activates it.
    pub active: bool,
    pub registration: ToolRegistration,
}

impl RegisteredTool {
    pub fn scopes(&self) -> Vec<String> {
        match &self.registration.scopes {
            Some(scopes) => scopes.clone(),
            None => ALL_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    pub fn has_deployment(&self, deployment_id: &str) -> bool {
        self.registration
            .deployment_ids
            .iter()
            .any(|d| d == deployment_id)
    }
}

/// An activity placed in a course: a resource link, optionally graded through a line item.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub resource_link_id: String,
    pub context_id: String,
    pub client_id: String,
    pub title: String,
    /// The content item URL from deep linking; the tool's target link URI when `None`.
    pub url: Option<String>,
    pub custom: Map<String, Value>,
    pub line_item_id: Option<u64>,
}

/// A launch started by [`LmsSimulator::login_initiation`] and waiting for the auth request.
#[derive(Debug, Clone)]
pub(crate) struct PendingLaunch {
    pub spec: LaunchSpec,
    pub client_id: String,
    pub deployment_id: String,
    pub target_link_uri: String,
}

impl LmsSimulator {
    /// Registers a tool (active at once) and returns it with its client id and type id.
    pub fn register_tool(
        &self,
        mut registration: ToolRegistration,
    ) -> Result<RegisteredTool, SimError> {
        let mut inner = self.shared.inner();
        let client_id = match registration.client_id.clone() {
            Some(id) if id.trim().is_empty() => {
                return Err(SimError::bad_request("client_id is empty"));
            }
            Some(id) => id,
            None => random_token(12)
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(15)
                .collect(),
        };
        if inner.tool(&client_id).is_some() {
            return Err(SimError::bad_request(format!(
                "client_id {client_id} is already registered"
            )));
        }
        if registration.redirect_uris.is_empty() {
            return Err(SimError::bad_request(
                "a tool needs at least one redirect URI",
            ));
        }
        let type_id = u32::try_from(inner.tools.len() + 1).unwrap_or(u32::MAX);
        if registration.deployment_ids.is_empty() {
            registration.deployment_ids.push(type_id.to_string());
        }
        registration.client_id = Some(client_id.clone());
        let tool = RegisteredTool {
            client_id,
            type_id,
            active: true,
            registration,
        };
        inner.tools.push(tool.clone());
        Ok(tool)
    }

    /// Activates a pending (dynamically registered) tool.
    pub fn activate_tool(&self, client_id: &str) -> Result<(), SimError> {
        let mut inner = self.shared.inner();
        let tool = inner.tools.iter_mut().find(|t| t.client_id == client_id);
        let tool = tool.ok_or_else(|| SimError::bad_request(format!("no tool {client_id}")))?;
        tool.active = true;
        Ok(())
    }

    /// Adds a deployment id to a registered tool (a course copy, a new category).
    pub fn add_deployment(&self, client_id: &str, deployment_id: &str) -> Result<(), SimError> {
        let mut inner = self.shared.inner();
        let tool = inner.tools.iter_mut().find(|t| t.client_id == client_id);
        let tool = tool.ok_or_else(|| SimError::bad_request(format!("no tool {client_id}")))?;
        tool.registration
            .deployment_ids
            .push(deployment_id.to_owned());
        Ok(())
    }

    pub fn tool(&self, client_id: &str) -> Option<RegisteredTool> {
        self.shared.inner().tool(client_id).cloned()
    }

    pub fn tools(&self) -> Vec<RegisteredTool> {
        self.shared.inner().tools.clone()
    }

    /// Adds (or replaces) a user.
    pub fn add_user(&self, user: User) {
        let mut inner = self.shared.inner();
        inner.users.retain(|u| u.id != user.id);
        inner.users.push(user);
    }

    pub fn users(&self) -> Vec<User> {
        self.shared.inner().users.clone()
    }

    /// Adds an empty course (or fails if the id exists).
    pub fn add_course(&self, id: &str, label: &str, title: &str) -> Result<(), SimError> {
        let mut inner = self.shared.inner();
        if inner.course(id).is_some() {
            return Err(SimError::bad_request(format!("course {id} exists")));
        }
        let course = Course {
            id: id.into(),
            label: label.into(),
            title: title.into(),
            members: Vec::new(),
        };
        inner.courses.push(course);
        Ok(())
    }

    /// Enrols a known user in a course with role URIs (replacing earlier roles there).
    pub fn enrol(&self, course_id: &str, user_id: &str, roles: &[&str]) -> Result<(), SimError> {
        let mut inner = self.shared.inner();
        if inner.user(user_id).is_none() {
            return Err(SimError::bad_request(format!("no user {user_id}")));
        }
        let course = inner.courses.iter_mut().find(|c| c.id == course_id);
        let course =
            course.ok_or_else(|| SimError::bad_request(format!("no course {course_id}")))?;
        course.members.retain(|m| m.user_id != user_id);
        let roles = roles.iter().map(|r| (*r).to_owned()).collect();
        course.members.push(Enrolment {
            user_id: user_id.to_owned(),
            roles,
        });
        Ok(())
    }

    pub fn course(&self, course_id: &str) -> Option<Course> {
        self.shared.inner().course(course_id).cloned()
    }

    pub fn activities(&self) -> Vec<Activity> {
        self.shared.inner().activities.clone()
    }

    /// Sets a custom parameter of a placed activity (Moodle's "Custom parameters" field).
    pub fn set_activity_custom(
        &self,
        resource_link_id: &str,
        key: &str,
        value: &str,
    ) -> Result<(), SimError> {
        let mut inner = self.shared.inner();
        let activity = inner
            .activities
            .iter_mut()
            .find(|a| a.resource_link_id == resource_link_id)
            .ok_or_else(|| SimError::bad_request(format!("no activity {resource_link_id}")))?;
        activity.custom.insert(key.to_owned(), Value::from(value));
        Ok(())
    }

    /// Places an activity of a tool in a course; `score_maximum` makes it graded (a line item).
    pub fn add_activity(
        &self,
        client_id: &str,
        context_id: &str,
        title: &str,
        score_maximum: Option<f64>,
    ) -> Result<Activity, SimError> {
        let mut inner = self.shared.inner();
        let type_id = inner.tool(client_id).map(|t| t.type_id);
        let type_id =
            type_id.ok_or_else(|| SimError::bad_request(format!("no tool {client_id}")))?;
        if inner.course(context_id).is_none() {
            return Err(SimError::bad_request(format!("no course {context_id}")));
        }
        let link_id = inner.next_id().to_string();
        let line_item_id = score_maximum.map(|max| {
            let mut item = LineItem::new(inner.next_id(), context_id, type_id, title, max);
            item.resource_link_id = Some(link_id.clone());
            let id = item.id;
            inner.line_items.insert(id, item);
            id
        });
        let activity = Activity {
            resource_link_id: link_id,
            context_id: context_id.to_owned(),
            client_id: client_id.to_owned(),
            title: title.to_owned(),
            url: None,
            custom: Map::new(),
            line_item_id,
        };
        inner.activities.push(activity.clone());
        Ok(activity)
    }
}
