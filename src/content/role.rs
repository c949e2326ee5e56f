//! Job roles (LTI roles do not carry them) and content languages with their fallback chain.

use std::fmt;
use std::str::FromStr;

/// A learner's job role, as used by the content (`CL`, `NU`, `AD`, `IT`, `MG`, `TR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JobRole {
    /// Clinicians (physicians).
    Clinician,
    /// Nurses and allied health professionals.
    Nurse,
    /// Administrative staff: reception, billing, records, HR, finance.
    Administrative,
    /// IT and clinical (biomedical) engineering.
    ItEngineering,
    /// Management and board.
    Management,
    /// Trainers, information-governance and awareness leads.
    Trainer,
}

impl JobRole {
    /// Every role, in the order the product lists them.
    pub const ALL: [JobRole; 6] = [
        JobRole::Clinician,
        JobRole::Nurse,
        JobRole::Administrative,
        JobRole::ItEngineering,
        JobRole::Management,
        JobRole::Trainer,
    ];

    /// Parses a role code, ignoring case; `IT/BME` is accepted for `IT`.
    pub fn parse(code: &str) -> Option<JobRole> {
        let code = code.trim().to_ascii_uppercase();
        let role = match code.as_str() {
            "CL" => JobRole::Clinician,
            "NU" => JobRole::Nurse,
            "AD" => JobRole::Administrative,
            "IT" | "IT/BME" => JobRole::ItEngineering,
            "MG" => JobRole::Management,
            "TR" => JobRole::Trainer,
            _ => return None,
        };
        Some(role)
    }

    /// The two-letter code used in content files and custom parameters.
    pub fn as_str(self) -> &'static str {
        match self {
            JobRole::Clinician => "CL",
            JobRole::Nurse => "NU",
            JobRole::Administrative => "AD",
            JobRole::ItEngineering => "IT",
            JobRole::Management => "MG",
            JobRole::Trainer => "TR",
        }
    }
}

impl fmt::Display for JobRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role code that is not one of the six.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown job role {0:?} (expected one of CL, NU, AD, IT, MG, TR)")]
pub struct UnknownRole(pub String);

impl FromStr for JobRole {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JobRole::parse(s).ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// A language tag as content uses it: a primary language (`de`) and optionally a region (`de-AT`).
///
/// Normalised on parse (`de_at` becomes `de-AT`), so two equal tags compare equal.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(String);

impl Lang {
    /// Parses a BCP 47-like tag, keeping the language and a two-letter region if the second
    /// subtag is one (`es-419` and `zh-Hans-CN` keep only the language).
    pub fn parse(tag: &str) -> Option<Lang> {
        let mut parts = tag.trim().split(['-', '_']);
        let primary = parts.next()?.to_ascii_lowercase();
        if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        match parts.next() {
            Some(region)
                if region.len() == 2 && region.bytes().all(|b| b.is_ascii_alphabetic()) =>
            {
                Some(Lang(format!("{primary}-{}", region.to_ascii_uppercase())))
            }
            Some("") => None,
            _ => Some(Lang(primary)),
        }
    }

    /// English, the source language every module has.
    pub fn english() -> Lang {
        Lang("en".to_owned())
    }

    /// The tag, e.g. `de-AT`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, e.g. `de` for `de-AT`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The languages to try in order: `de-AT` gives `de-AT`, `de`, `en`.
    pub fn fallback_chain(&self) -> Vec<Lang> {
        let mut chain = vec![self.clone()];
        let primary = Lang(self.primary().to_owned());
        if primary != *self {
            chain.push(primary);
        }
        if !chain.contains(&Lang::english()) {
            chain.push(Lang::english());
        }
        chain
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip_and_unknown_codes_are_refused() {
        for role in JobRole::ALL {
            assert_eq!(JobRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(JobRole::parse("it/bme"), Some(JobRole::ItEngineering));
        assert_eq!("XX".parse::<JobRole>(), Err(UnknownRole("XX".into())));
    }

    #[test]
    fn austrian_german_falls_back_to_german_then_english() {
        let chain: Vec<String> = Lang::parse("de_at")
            .unwrap()
            .fallback_chain()
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(chain, ["de-AT", "de", "en"]);
        assert_eq!(
            Lang::parse("EN").unwrap().fallback_chain(),
            [Lang::english()]
        );
        assert_eq!(Lang::parse("es-419").unwrap().as_str(), "es");
    }

    #[test]
    fn malformed_language_tags_are_refused() {
        for bad in ["", "e", "english", "de-", "1e"] {
            assert_eq!(Lang::parse(bad), None, "{bad:?}");
        }
    }
}
