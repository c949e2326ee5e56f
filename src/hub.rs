//! The knowledge hub: articles and three directories loaded from `content/hub/`, their search
//! documents, and the community of practice's rules (scopes, limits, moderation).

pub mod community;
mod load;
#[cfg(test)]
mod tests;

use crate::content::JobRole;

pub use load::load;

/// One of the three directories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Directory {
    Training,
    Solutions,
    Consultancy,
}

impl Directory {
    pub const ALL: [Directory; 3] = [
        Directory::Training,
        Directory::Solutions,
        Directory::Consultancy,
    ];

    /// The file stem and URL segment (`training`, `solutions`, `consultancy`).
    pub fn as_str(self) -> &'static str {
        match self {
            Directory::Training => "training",
            Directory::Solutions => "solutions",
            Directory::Consultancy => "consultancy",
        }
    }

    pub fn parse(s: &str) -> Option<Directory> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// A source an article cites.
#[derive(Debug, Clone)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// A knowledge article, rendered to sanitised HTML at load.
#[derive(Debug, Clone)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub modules: Vec<String>,
    pub topics: Vec<String>,
    pub roles: Vec<JobRole>,
    pub language: String,
    pub written: String,
    pub review: String,
    pub sources: Vec<Source>,
    pub html: String,
    /// The Markdown body, for the search index.
    pub text: String,
}

/// An entry of a directory.
#[derive(Debug, Clone)]
pub struct Entry {
    pub directory: Directory,
    pub id: String,
    pub name: String,
    pub provider: String,
    pub description: String,
    pub languages: Vec<String>,
    pub countries: Vec<String>,
    pub delivery: String,
    pub roles: Vec<JobRole>,
    pub level: String,
    pub cost: String,
    pub certificate: String,
    pub url: String,
    pub verified: String,
    pub modules: Vec<String>,
}

/// Everything under `content/hub/`, checked.
#[derive(Debug, Clone, Default)]
pub struct Hub {
    pub articles: Vec<Article>,
    pub entries: Vec<Entry>,
}

/// What the search index holds for one article or entry. `kind` is `article` or a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub kind: String,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// Space-padded codes (` CL NU `) so a filter is one `LIKE '% CL %'`.
    pub roles: String,
    pub languages: String,
    pub countries: String,
    pub topics: String,
}

/// Search filters; an empty field filters nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    pub kind: Option<String>,
    pub role: Option<JobRole>,
    pub language: Option<String>,
    pub country: Option<String>,
    pub topic: Option<String>,
}

/// One search hit, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: String,
    pub id: String,
    pub title: String,
    pub summary: String,
}

/// The words of a query: letters and digits only, lower case, at most 8 of up to 40 characters.
/// Both backends get these words (FTS5 as quoted terms, PostgreSQL through `plainto_tsquery`), so
/// no query syntax of either database is reachable from a search box.
/// Common English words are dropped here, because PostgreSQL's english configuration drops them
/// and FTS5 would otherwise require them, and the two must return the same results.
pub fn query_words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .map(|w| w.chars().take(40).collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()))
        .take(8)
        .collect()
}

const STOP_WORDS: [&str; 40] = [
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from",
    "how", "i", "if", "in", "is", "it", "me", "my", "no", "not", "of", "on", "or", "our", "should",
    "so", "that", "the", "this", "to", "was", "we", "what", "when", "which", "with",
];

fn padded<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> String {
    let mut out = String::from(" ");
    for item in items {
        out.push_str(item.as_ref());
        out.push(' ');
    }
    out
}

impl Hub {
    /// Articles and directories for the deep linking picker, in the instructor's language
    /// (article titles stay English). Minutes are reading time at about 200 words a minute.
    pub fn placeables(&self, t: crate::i18n::Tr) -> Vec<crate::deep_linking::Placeable> {
        use crate::deep_linking::{Placeable, PlaceableKind};
        let english = crate::content::Lang::english();
        let articles = self.articles.iter().map(|a| Placeable {
            kind: PlaceableKind::Article,
            id: a.slug.clone(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            minutes: (a.text.split_whitespace().count() as u32)
                .div_ceil(200)
                .max(1),
            languages: crate::content::Lang::parse(&a.language)
                .into_iter()
                .collect(),
            roles: a.roles.clone(),
        });
        let directories = Directory::ALL.into_iter().map(|d| Placeable {
            kind: PlaceableKind::Directory,
            id: d.as_str().to_owned(),
            title: t.get(&format!("hub-kind-{}", d.as_str())).to_owned(),
            summary: t.get("hub-directory-intro").to_owned(),
            minutes: 5,
            languages: vec![english.clone()],
            roles: crate::content::JobRole::ALL.to_vec(),
        });
        articles.chain(directories).collect()
    }

    pub fn article(&self, slug: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.slug == slug)
    }

    /// Articles tagged with a module, for the module page.
    pub fn related_articles(&self, module_id: &str) -> Vec<&Article> {
        self.articles
            .iter()
            .filter(|a| a.modules.iter().any(|m| m == module_id))
            .collect()
    }

    /// Entries of a directory that pass the filter, in file order.
    pub fn entries_in(&self, directory: Directory, filter: &SearchFilter) -> Vec<&Entry> {
        let docs = self.entries.iter().filter(|e| e.directory == directory);
        docs.filter(|e| doc_matches(&entry_doc(e), filter))
            .collect()
    }

    /// The documents the search index is built from.
    pub fn search_docs(&self) -> Vec<SearchDoc> {
        let articles = self.articles.iter().map(|a| SearchDoc {
            kind: "article".into(),
            id: a.slug.clone(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            body: a.text.clone(),
            roles: padded(a.roles.iter().map(|r| r.as_str())),
            languages: padded([&a.language]),
            countries: padded(["international"]),
            topics: padded(a.modules.iter().chain(&a.topics)),
        });
        articles.chain(self.entries.iter().map(entry_doc)).collect()
    }
}

fn entry_doc(e: &Entry) -> SearchDoc {
    SearchDoc {
        kind: e.directory.as_str().into(),
        id: e.id.clone(),
        title: e.name.clone(),
        summary: e.description.clone(),
        body: format!("{} {} {}", e.provider, e.delivery, e.level),
        roles: padded(e.roles.iter().map(|r| r.as_str())),
        languages: padded(&e.languages),
        countries: padded(&e.countries),
        topics: padded(&e.modules),
    }
}

/// The filter as the database applies it (used for lists, which need no ranking).
pub fn doc_matches(d: &SearchDoc, f: &SearchFilter) -> bool {
    let has = |field: &str, v: &Option<String>| {
        v.as_ref().is_none_or(|v| field.contains(&format!(" {v} ")))
    };
    let country =
        |v: &Option<String>| has(&d.countries, v) || d.countries.contains(" international ");
    f.kind.as_ref().is_none_or(|k| &d.kind == k)
        && f.role
            .is_none_or(|r| d.roles.contains(&format!(" {} ", r.as_str())))
        && has(&d.languages, &f.language)
        && country(&f.country)
        && has(&d.topics, &f.topic)
}
