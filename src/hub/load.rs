//! Loading `content/hub/`: articles (`articles/*.md`, TOML front matter between `+++` lines, then
//! Markdown) and directories (`directories/{training,solutions,consultancy}.toml`, `[[entry]]`
//! tables). Every problem is collected with its file and line, as for the course content.

use super::{Article, Directory, Entry, Hub, Source};
use crate::content::{ContentErrors, JobRole, Problems, render_markdown, toml_error};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

const LANGUAGES: [&str; 6] = ["en", "de", "fr", "es", "it", "nl"];
const DELIVERY: [&str; 6] = [
    "online",
    "face-to-face",
    "blended",
    "software",
    "hardware",
    "service",
];
const LEVELS: [&str; 3] = ["awareness", "practitioner", "expert"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    title: String,
    summary: String,
    modules: Vec<String>,
    topics: Vec<String>,
    roles: Vec<String>,
    language: String,
    written: String,
    review: String,
    sources: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDirectory {
    entry: Vec<toml::Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    name: String,
    provider: String,
    description: String,
    languages: Vec<String>,
    countries: Vec<String>,
    delivery: String,
    roles: Vec<String>,
    level: String,
    cost: String,
    certificate: String,
    url: String,
    verified: String,
    modules: Vec<String>,
}

/// Loads and checks `content_dir/hub`. A missing hub folder is an error: the hub is part of the
/// product, not an optional extra.
pub fn load(content_dir: &Path) -> Result<Hub, ContentErrors> {
    let root = content_dir.join("hub");
    let mut problems = Problems::new(content_dir);
    let mut hub = Hub::default();
    let articles_dir = root.join("articles");
    let mut files: Vec<_> = match std::fs::read_dir(&articles_dir) {
        Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            problems.push(&articles_dir, None, format!("cannot read the folder: {e}"));
            Vec::new()
        }
    };
    files.retain(|p| p.extension().is_some_and(|x| x == "md"));
    files.sort();
    for file in files {
        if let Some(text) = read(&file, &mut problems)
            && let Some(article) = article(&file, &text, &mut problems)
        {
            hub.articles.push(article);
        }
    }
    for directory in Directory::ALL {
        let file = root
            .join("directories")
            .join(format!("{}.toml", directory.as_str()));
        if let Some(text) = read(&file, &mut problems) {
            hub.entries
                .extend(entries(directory, &file, &text, &mut problems));
        }
    }
    problems.into_result(hub)
}

fn read(file: &Path, problems: &mut Problems) -> Option<String> {
    std::fs::read_to_string(file)
        .map_err(|e| problems.push(file, None, format!("cannot read the file: {e}")))
        .ok()
}

/// `(front matter, offset of the front matter, body)` of an article.
fn split(text: &str) -> Option<(&str, usize, &str)> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++\n")?;
    Some((&rest[..end + 1], 4, &rest[end + 5..]))
}

/// The 1-based line of `key = ` in the front matter, for field problems.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.trim_start().starts_with(&format!("{key} ")))
        .map(|i| i + 1)
}

fn article(file: &Path, text: &str, problems: &mut Problems) -> Option<Article> {
    let slug = file.file_stem()?.to_string_lossy().into_owned();
    let Some((meta, offset, body)) = split(text) else {
        problems.push(
            file,
            Some(1),
            "an article starts with TOML front matter between +++ lines",
        );
        return None;
    };
    let raw: RawArticle = match toml::from_str(meta) {
        Ok(raw) => raw,
        Err(e) => {
            let padded = format!(
                "{}{meta}",
                "\n".repeat(text[..offset].matches('\n').count())
            );
            toml_error(problems, file, &padded, &e);
            return None;
        }
    };
    let before = problems.len();
    let mut bad = |key: &str, message: String| problems.push(file, key_line(text, key), message);
    if !valid_slug(&slug) {
        bad(
            "title",
            format!("the file name '{slug}' must use a-z, 0-9 and -"),
        );
    }
    for (key, value) in [("title", &raw.title), ("summary", &raw.summary)] {
        if value.trim().is_empty() {
            bad(key, format!("{key} must not be empty"));
        }
    }
    check_modules(&raw.modules, |m| bad("modules", m));
    let roles = parse_roles(&raw.roles, |m| bad("roles", m));
    if !LANGUAGES.contains(&raw.language.as_str()) {
        bad(
            "language",
            format!("language '{}' is not one of {LANGUAGES:?}", raw.language),
        );
    }
    check_dates(&raw.written, &raw.review, |k, m| bad(k, m));
    if raw.sources.is_empty() {
        bad("title", "an article cites at least one source".into());
    }
    for s in &raw.sources {
        if s.title.trim().is_empty() || !s.url.starts_with("https://") {
            bad(
                "url",
                format!("source '{}' needs a title and an https:// URL", s.title),
            );
        }
    }
    if body.trim().is_empty() {
        bad(
            "title",
            "the article has no text after the front matter".into(),
        );
    }
    if problems.len() > before {
        return None;
    }
    let html = render_markdown(body, &|id| format!("module:{id}")).html;
    Some(Article {
        slug,
        title: raw.title,
        summary: raw.summary,
        modules: raw.modules,
        topics: raw.topics,
        roles,
        language: raw.language,
        written: raw.written,
        review: raw.review,
        sources: raw
            .sources
            .into_iter()
            .map(|s| Source {
                title: s.title,
                url: s.url,
            })
            .collect(),
        html,
        text: body.to_owned(),
    })
}

fn entries(directory: Directory, file: &Path, text: &str, problems: &mut Problems) -> Vec<Entry> {
    let raw: RawDirectory = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            toml_error(problems, file, text, &e);
            return Vec::new();
        }
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let start = problems.len();
    for spanned in raw.entry {
        let offset = spanned.span().start;
        let e = spanned.into_inner();
        let before = problems.len();
        let mut bad = |m: String| problems.at(file, text, offset, format!("entry '{}': {m}", e.id));
        if !valid_slug(&e.id) || !seen.insert(e.id.clone()) {
            bad("id must be unique and use a-z, 0-9 and -".into());
        }
        check_entry(&e, &mut bad);
        let roles = parse_roles(&e.roles, &mut bad);
        if problems.len() == before {
            out.push(Entry {
                directory,
                id: e.id,
                name: e.name,
                provider: e.provider,
                description: e.description,
                languages: e.languages,
                countries: e.countries,
                delivery: e.delivery,
                roles,
                level: e.level,
                cost: e.cost,
                certificate: e.certificate,
                url: e.url,
                verified: e.verified,
                modules: e.modules,
            });
        }
    }
    if problems.len() == start && out.len() < 10 {
        problems.push(
            file,
            None,
            format!("a directory needs at least 10 entries, found {}", out.len()),
        );
    }
    out
}

fn check_entry(e: &RawEntry, bad: &mut impl FnMut(String)) {
    for (key, value) in [
        ("name", &e.name),
        ("provider", &e.provider),
        ("description", &e.description),
        ("cost", &e.cost),
        ("certificate", &e.certificate),
    ] {
        if value.trim().is_empty() {
            bad(format!("{key} must not be empty"));
        }
    }
    if e.languages.is_empty()
        || e.languages
            .iter()
            .any(|l| !LANGUAGES.contains(&l.as_str()) && !is_code(l))
    {
        bad("languages must be two-letter codes such as \"en\"".into());
    }
    if e.countries.is_empty() {
        bad("countries must not be empty (use \"international\" for everywhere)".into());
    }
    if !DELIVERY.contains(&e.delivery.as_str()) {
        bad(format!(
            "delivery '{}' is not one of {DELIVERY:?}",
            e.delivery
        ));
    }
    if !LEVELS.contains(&e.level.as_str()) {
        bad(format!("level '{}' is not one of {LEVELS:?}", e.level));
    }
    if !e.url.starts_with("https://") {
        bad(format!("url '{}' must start with https://", e.url));
    }
    if !is_date(&e.verified) {
        bad(format!(
            "verified '{}' must be a date like 2026-11-29",
            e.verified
        ));
    }
    check_modules(&e.modules, bad);
}

fn is_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase())
}

fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Module tags are `M01` to `M14`, at least one.
fn check_modules(modules: &[String], mut bad: impl FnMut(String)) {
    if modules.is_empty() {
        bad("modules must name at least one module (M01 to M14)".into());
    }
    for m in modules {
        let n = m.strip_prefix('M').and_then(|n| n.parse::<u8>().ok());
        if m.len() != 3 || !n.is_some_and(|n| (1..=14).contains(&n)) {
            bad(format!("module '{m}' is not one of M01 to M14"));
        }
    }
}

fn parse_roles(codes: &[String], mut bad: impl FnMut(String)) -> Vec<JobRole> {
    if codes.is_empty() {
        bad("roles must name at least one role (CL, NU, AD, IT, MG, TR)".into());
    }
    codes
        .iter()
        .filter_map(|c| {
            let role = JobRole::parse(c);
            if role.is_none() {
                bad(format!("role '{c}' is not one of CL, NU, AD, IT, MG, TR"));
            }
            role
        })
        .collect()
}

fn is_date(s: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &format).is_ok()
}

fn check_dates(written: &str, review: &str, mut bad: impl FnMut(&str, String)) {
    if !is_date(written) {
        bad(
            "written",
            format!("written '{written}' must be a date like 2026-11-29"),
        );
    }
    if !is_date(review) {
        bad(
            "review",
            format!("review '{review}' must be a date like 2027-11-29"),
        );
    } else if is_date(written) && review <= written {
        bad(
            "review",
            "the review date must come after the written date".into(),
        );
    }
}
