//! The interface's own words in English, German, French, Spanish, Italian and Dutch: Fluent
//! files under `i18n/<lang>/`, compiled in. Messages without arguments are formatted once per
//! language and kept, so a page costs a hash lookup per string, not a Fluent call.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use crate::content::Lang;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./i18n",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: they would end up inside HTML attributes.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The English source files, whose message ids every language must have.
const ENGLISH_SOURCES: [&str; 12] = [
    include_str!("../i18n/en/courses.ftl"),
    include_str!("../i18n/en/certificates.ftl"),
    include_str!("../i18n/en/wizard.ftl"),
    include_str!("../i18n/en/grades.ftl"),
    include_str!("../i18n/en/instructor.ftl"),
    include_str!("../i18n/en/hub.ftl"),
    include_str!("../i18n/en/launch.ftl"),
    include_str!("../i18n/en/privacy.ftl"),
    include_str!("../i18n/en/institution.ftl"),
    include_str!("../i18n/en/home.ftl"),
    include_str!("../i18n/en/roster_actions.ftl"),
    include_str!("../i18n/en/errors.ftl"),
];

/// A language the interface is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiLang {
    En,
    De,
    Fr,
    Es,
    It,
    Nl,
}

impl UiLang {
    pub const ALL: [UiLang; 6] = [
        UiLang::En,
        UiLang::De,
        UiLang::Fr,
        UiLang::Es,
        UiLang::It,
        UiLang::Nl,
    ];

    /// The tag used in `<html lang>` and in the Fluent folder name.
    pub fn code(self) -> &'static str {
        match self {
            UiLang::En => "en",
            UiLang::De => "de",
            UiLang::Fr => "fr",
            UiLang::Es => "es",
            UiLang::It => "it",
            UiLang::Nl => "nl",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            UiLang::En => "English",
            UiLang::De => "Deutsch",
            UiLang::Fr => "Français",
            UiLang::Es => "Español",
            UiLang::It => "Italiano",
            UiLang::Nl => "Nederlands",
        }
    }

    pub fn parse(code: &str) -> Option<UiLang> {
        UiLang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The first language of `requested`'s fallback chain (`de-AT` → `de` → `en`) that the
    /// interface has; English when there is no request.
    pub fn negotiate(requested: Option<&Lang>) -> UiLang {
        requested
            .into_iter()
            .flat_map(Lang::fallback_chain)
            .find_map(|l| UiLang::parse(l.as_str()))
            .unwrap_or(UiLang::En)
    }

    fn index(self) -> usize {
        UiLang::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }

    fn identifier(self) -> LanguageIdentifier {
        self.code().parse().unwrap_or_default()
    }
}

/// Every argument-free message of every language, formatted once. A message missing in a
/// language is taken from English (the tests make sure none is missing).
static TABLES: LazyLock<Vec<HashMap<&'static str, String>>> = LazyLock::new(|| {
    let english = UiLang::En.identifier();
    UiLang::ALL
        .iter()
        .map(|lang| {
            let id = lang.identifier();
            message_ids()
                .filter_map(|key| {
                    let no_args: Option<&HashMap<&str, FluentValue>> = None;
                    let text = LOCALES
                        .lookup_single_language(&id, key, no_args)
                        .or_else(|_| LOCALES.lookup_single_language(&english, key, no_args))
                        .ok()?;
                    Some((key, text))
                })
                .collect()
        })
        .collect()
});

/// The message ids of the English sources (lines `id = …`).
pub fn message_ids() -> impl Iterator<Item = &'static str> {
    ENGLISH_SOURCES
        .iter()
        .flat_map(|src| src.lines())
        .filter_map(message_id)
}

/// The id a Fluent source line defines, if it starts a message.
pub fn message_id(line: &str) -> Option<&str> {
    let (id, _) = line.split_once('=')?;
    let id = id.trim_end();
    let starts = id.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    // Fluent identifiers may hold `_` too (`status-in_progress`): leaving them out made `get`
    // show the id instead of the text.
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_');
    (starts && id.chars().all(allowed)).then_some(id)
}

/// Translations for one page, in one language. Cheap to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    lang: UiLang,
}

impl Tr {
    pub fn new(lang: UiLang) -> Tr {
        Tr { lang }
    }

    pub fn lang(&self) -> UiLang {
        self.lang
    }

    /// A message without arguments; an unknown id shows the id itself (and a test catches it).
    pub fn get<'a>(&self, id: &'a str) -> &'a str {
        match TABLES[self.lang.index()].get(id) {
            Some(text) => text.as_str(),
            None => id,
        }
    }

    /// A message without arguments, or `None` when no message has this id (for ids built at
    /// run time, such as an error code's explanation).
    pub fn find(&self, id: &str) -> Option<&'static str> {
        TABLES[self.lang.index()].get(id).map(String::as_str)
    }

    /// A message with arguments, formatted now.
    pub fn with(&self, id: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone().into_owned()))
            .collect();
        LOCALES.lookup_with_args(&self.lang.identifier(), id, &args)
    }

    /// A message with one text argument.
    pub fn text(&self, id: &str, name: &'static str, value: &str) -> String {
        self.with(id, &[(name, FluentValue::from(value.to_owned()))])
    }

    /// A message with one number argument.
    pub fn num(&self, id: &str, name: &'static str, value: impl Into<f64>) -> String {
        self.with(id, &[(name, FluentValue::from(value.into()))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids_of(src: &str) -> BTreeSet<&str> {
        src.lines().filter_map(message_id).collect()
    }

    #[test]
    fn every_language_has_exactly_the_english_messages() {
        let english: BTreeSet<&str> = message_ids().collect();
        assert!(english.len() > 50, "{}", english.len());
        for lang in UiLang::ALL {
            let path = format!(
                "{}/i18n/{}/courses.ftl",
                env!("CARGO_MANIFEST_DIR"),
                lang.code()
            );
            // Each area has its own file per language; a language has the messages of all of them.
            let mut files: Vec<_> = std::fs::read_dir(path.replace("/courses.ftl", ""))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                .collect();
            files.sort();
            let src: String = files
                .iter()
                .map(|p| std::fs::read_to_string(p).unwrap() + "\n")
                .collect();
            let ids = ids_of(&src);
            let missing: Vec<_> = english.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{path}: missing {missing:?}, unknown {extra:?}"
            );
            let resource = fluent_templates::fluent_bundle::FluentResource::try_new(src);
            assert!(
                resource.is_ok(),
                "{path} does not parse: {:?}",
                resource.err().map(|e| e.1)
            );
        }
    }

    #[test]
    fn every_message_the_player_asks_for_exists() {
        let english: BTreeSet<&str> = message_ids().collect();
        let root = env!("CARGO_MANIFEST_DIR");
        let mut asked = Vec::new();
        // Every template (any folder) and the player's handlers.
        let mut files = Vec::new();
        let mut dirs = vec![
            format!("{root}/templates"),
            format!("{root}/src/web/courses"),
        ];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path.display().to_string());
                } else {
                    files.push(path);
                }
            }
        }
        {
            for path in files {
                let text = std::fs::read_to_string(&path).unwrap();
                for call in ["get(\"", "text(\"", "num(\"", "with(\""] {
                    for (i, _) in text.match_indices(call) {
                        let rest = &text[i + call.len()..];
                        let id = &rest[..rest.find('"').unwrap_or(0)];
                        if message_id(&format!("{id} =")).is_some() {
                            asked.push((path.display().to_string(), id.to_owned()));
                        }
                    }
                }
            }
        }
        assert!(
            asked.len() > 50,
            "the scan finds the calls: {}",
            asked.len()
        );
        let unknown: Vec<_> = asked
            .iter()
            .filter(|(_, id)| !english.contains(id.as_str()))
            .collect();
        assert!(
            unknown.is_empty(),
            "messages missing from i18n/en: {unknown:?}"
        );
    }

    #[test]
    fn austrian_german_gets_german_and_unknown_languages_get_english() {
        assert_eq!(UiLang::negotiate(Lang::parse("de-AT").as_ref()), UiLang::De);
        assert_eq!(UiLang::negotiate(Lang::parse("nl-BE").as_ref()), UiLang::Nl);
        assert_eq!(UiLang::negotiate(Lang::parse("pt-BR").as_ref()), UiLang::En);
        assert_eq!(UiLang::negotiate(None), UiLang::En);
    }

    #[test]
    fn messages_are_formatted_in_the_chosen_language_with_arguments() {
        let de = Tr::new(UiLang::De);
        assert_eq!(de.get("end-session"), "Sitzung beenden");
        assert_eq!(
            Tr::new(UiLang::Fr).get("end-session"),
            "Terminer la session"
        );
        assert_eq!(de.get("no-such-message"), "no-such-message");
        assert_eq!(de.get("status-in_progress"), "Begonnen");
        let text = Tr::new(UiLang::En).num("minutes", "n", 7);
        assert_eq!(text, "7 min");
        assert!(!text.contains('\u{2068}'), "no isolation marks");
    }
}
