//! The demo hospital's people and course: learners in different jobs and languages, and one
//! trainer who places modules. LTI carries no job role, so each learner picks theirs in the tool.

use crate::lms_simulator::{LmsSimulator, SimError, User, roles};

/// The demo course's id at the demo LMS.
pub const DEMO_COURSE_ID: &str = "2";

/// A person on the demo LMS's home page.
#[derive(Debug, Clone, Copy)]
pub struct DemoPerson {
    /// The LMS user id (the id_token's `sub`).
    pub id: &'static str,
    pub given_name: &'static str,
    pub family_name: &'static str,
    /// The language the LMS sends as the launch's locale.
    pub locale: &'static str,
    /// What the visitor reads: job, ward and language.
    pub job: &'static str,
    pub language: &'static str,
    /// The job role to choose in the tool when it asks.
    pub job_role_hint: &'static str,
    pub instructor: bool,
}

const PEOPLE: [DemoPerson; 5] = [
    DemoPerson {
        id: "10",
        given_name: "Dana",
        family_name: "Okafor",
        locale: "en",
        job: "Information security trainer (course instructor)",
        language: "English",
        job_role_hint: "Trainer",
        instructor: true,
    },
    DemoPerson {
        id: "11",
        given_name: "Ines",
        family_name: "Wagner",
        locale: "de",
        job: "Nurse on a surgical ward",
        language: "German",
        job_role_hint: "Nursing and allied health",
        instructor: false,
    },
    DemoPerson {
        id: "12",
        given_name: "Peter",
        family_name: "Collins",
        locale: "en",
        job: "Admissions clerk at the front desk",
        language: "English",
        job_role_hint: "Administration",
        instructor: false,
    },
    DemoPerson {
        id: "13",
        given_name: "Camille",
        family_name: "Martin",
        locale: "fr",
        job: "Emergency department doctor",
        language: "French",
        job_role_hint: "Doctor",
        instructor: false,
    },
    DemoPerson {
        id: "14",
        given_name: "Luca",
        family_name: "Bianchi",
        locale: "it",
        job: "Biomedical engineer (infusion pumps, imaging)",
        language: "Italian",
        job_role_hint: "IT and clinical engineering",
        instructor: false,
    },
];

/// Everyone in the demo course, the instructor first.
pub fn people() -> &'static [DemoPerson] {
    &PEOPLE
}

/// Creates the demo course at the LMS and enrols everyone in it.
pub(super) fn seed(lms: &LmsSimulator) -> Result<(), SimError> {
    lms.add_course(
        DEMO_COURSE_ID,
        "CYBER-101",
        "Cyber safety at Riverside General Hospital",
    )?;
    for person in people() {
        lms.add_user(User::new(
            person.id,
            person.given_name,
            person.family_name,
            person.locale,
        ));
        let role = if person.instructor {
            roles::INSTRUCTOR
        } else {
            roles::LEARNER
        };
        lms.enrol(DEMO_COURSE_ID, person.id, &[role])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_one_instructor_and_learners_in_several_languages() {
        assert_eq!(people().iter().filter(|p| p.instructor).count(), 1);
        let mut locales: Vec<&str> = people()
            .iter()
            .filter(|p| !p.instructor)
            .map(|p| p.locale)
            .collect();
        locales.sort_unstable();
        locales.dedup();
        assert!(locales.len() >= 3, "{locales:?}");
    }
}
