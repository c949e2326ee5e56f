//! People and courses of the simulated platform: a seeded hospital course with an instructor and
//! learners in several languages, role URIs and Moodle's short role names.

/// LIS role URIs as platforms put them into id_tokens.
pub mod roles {
    pub const LEARNER: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    pub const INSTRUCTOR: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    pub const CONTENT_DEVELOPER: &str =
        "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper";
    pub const MENTOR: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor";
    pub const TEACHING_ASSISTANT: &str =
        "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant";
    pub const INSTITUTION_ADMIN: &str =
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator";
    pub const SYSTEM_ADMIN: &str =
        "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator";
}

/// The id of the course every simulator starts with (Moodle's first course has id 2).
pub const SEED_COURSE_ID: &str = "2";
/// The seeded instructor.
pub const SEED_INSTRUCTOR: &str = "3";
/// The seeded learners.
pub const SEED_LEARNERS: [&str; 3] = ["4", "5", "6"];

/// Moodle's NRPS short name for a role URI: the part after `#` (or after the last `/`).
pub fn short_role_name(uri: &str) -> &str {
    uri.rsplit_once('#')
        .or_else(|| uri.rsplit_once('/'))
        .map_or(uri, |(_, short)| short)
}

/// A person known to the platform. `id` is the `sub` and the `login_hint`.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub locale: String,
    pub sourced_id: String,
}

impl User {
    /// A user with Moodle-like derived fields (`username`, e-mail, SIS id) from the given names.
    pub fn new(id: &str, given_name: &str, family_name: &str, locale: &str) -> Self {
        let username = format!("{}{}", given_name.to_lowercase(), id);
        Self {
            id: id.to_owned(),
            email: format!("{username}@hospital.example"),
            sourced_id: format!("SIS-{username}"),
            username,
            given_name: given_name.to_owned(),
            family_name: family_name.to_owned(),
            locale: locale.to_owned(),
        }
    }

    /// The full name as Moodle sends it in `name`.
    pub fn name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// One enrolment: a user's roles (full URIs) in a course.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrolment {
    pub user_id: String,
    pub roles: Vec<String>,
}

/// A course (LTI context of type `CourseSection`).
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub id: String,
    pub label: String,
    pub title: String,
    pub members: Vec<Enrolment>,
}

impl Course {
    /// The roles of a user in this course, if enrolled.
    pub fn roles_of(&self, user_id: &str) -> Option<&[String]> {
        self.members
            .iter()
            .find(|m| m.user_id == user_id)
            .map(|m| m.roles.as_slice())
    }

    /// Moodle grades only users with a learner role; others get 400 on a score POST.
    pub fn is_gradable(&self, user_id: &str) -> bool {
        self.roles_of(user_id)
            .is_some_and(|roles| roles.iter().any(|r| r == roles::LEARNER))
    }
}

/// The seeded people: an instructor and three learners in English, German and French.
pub fn seed_users() -> Vec<User> {
    vec![
        User::new(SEED_INSTRUCTOR, "Tina", "Teacher", "en"),
        User::new("4", "Sam", "Student", "en"),
        User::new("5", "Sue", "Scholar", "de"),
        User::new("6", "Noah", "Nurse", "fr"),
    ]
}

/// The seeded course with everyone in [`seed_users`] enrolled.
pub fn seed_course() -> Course {
    let mut members = vec![Enrolment {
        user_id: SEED_INSTRUCTOR.to_owned(),
        roles: vec![roles::INSTRUCTOR.to_owned()],
    }];
    members.extend(SEED_LEARNERS.iter().map(|id| Enrolment {
        user_id: (*id).to_owned(),
        roles: vec![roles::LEARNER.to_owned()],
    }));
    Course {
        id: SEED_COURSE_ID.to_owned(),
        label: "SEC101".to_owned(),
        title: "Hospital Cybersecurity Awareness".to_owned(),
        members,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_role_names_match_moodle_nrps() {
        assert_eq!(short_role_name(roles::LEARNER), "Learner");
        assert_eq!(
            short_role_name(roles::TEACHING_ASSISTANT),
            "TeachingAssistant"
        );
        assert_eq!(short_role_name(roles::INSTITUTION_ADMIN), "Administrator");
        assert_eq!(short_role_name("Learner"), "Learner");
    }

    #[test]
    fn only_learners_are_gradable() {
        let course = seed_course();
        assert!(course.is_gradable("4"));
        assert!(!course.is_gradable(SEED_INSTRUCTOR));
        assert!(!course.is_gradable("999"));
    }

    #[test]
    fn seeded_users_have_moodle_like_fields() {
        let users = seed_users();
        let sue = users.iter().find(|u| u.id == "5").expect("Sue is seeded");
        assert_eq!(sue.name(), "Sue Scholar");
        assert_eq!(sue.locale, "de");
        assert_eq!(sue.email, "sue5@hospital.example");
    }
}
