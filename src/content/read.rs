//! Reading one module folder: `module.toml`, then each declared language's lessons and quiz.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::error::{Problems, line_of, toml_error};
use super::items::load_quiz;
use super::lesson::{load_lesson, parse_spanned_roles};
use super::model::{LangContent, Lesson, Module, QuizSettings, Source};
use super::raw::RawModule;
use super::render::ModuleHref;
use super::role::Lang;

/// A `module:` link or `related` entry, checked once every module is known.
#[derive(Debug)]
pub(crate) struct Link {
    pub file: PathBuf,
    pub line: usize,
    pub target: String,
}

/// Reads a file, reporting a failure instead of returning it.
pub(crate) fn read_text(file: &Path, problems: &mut Problems) -> Option<String> {
    match fs::read_to_string(file) {
        Ok(text) => Some(text),
        Err(err) => {
            problems.push(file, None, format!("cannot read the file: {err}"));
            None
        }
    }
}

pub(crate) fn load_module(
    dir: &Path,
    module_href: ModuleHref<'_>,
    problems: &mut Problems,
    links: &mut Vec<Link>,
) -> Option<Module> {
    let file = dir.join("module.toml");
    let text = read_text(&file, problems)?;
    let raw: RawModule = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(err) => {
            toml_error(problems, &file, &text, &err);
            return None;
        }
    };
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut module = check_module_toml(&file, &text, &folder, raw, problems, links)?;
    for lang in module.languages.clone() {
        let content = load_language(
            &dir.join(lang.as_str()),
            &module,
            module_href,
            problems,
            links,
        );
        module.content.insert(lang, content);
    }
    Some(module)
}

fn check_module_toml(
    file: &Path,
    text: &str,
    folder: &str,
    raw: RawModule,
    problems: &mut Problems,
    links: &mut Vec<Link>,
) -> Option<Module> {
    let at = |span: std::ops::Range<usize>| line_of(text, span.start);
    if raw.id.get_ref() != folder {
        let msg = format!(
            "id {:?} does not match the folder name {folder:?}",
            raw.id.get_ref()
        );
        problems.push(file, Some(at(raw.id.span())), msg);
    }
    if raw.version.get_ref().trim().is_empty() {
        problems.push(
            file,
            Some(at(raw.version.span())),
            "version must not be empty",
        );
    }
    let languages = check_languages(file, text, &raw, problems);
    let roles = parse_spanned_roles(&raw.roles, text, problems, file, "roles");
    if raw.roles.is_empty() {
        problems.push(file, None, "roles must list at least one role");
    }
    let optional_for = parse_spanned_roles(&raw.optional_for, text, problems, file, "optional_for");
    let quiz = check_quiz_settings(file, text, &raw, problems);
    let titles = localised(
        file,
        at(raw.title.span()),
        "title",
        raw.title.get_ref(),
        &languages,
        true,
        problems,
    );
    let summaries = localised(
        file,
        1,
        "summary",
        &raw.summary,
        &languages,
        false,
        problems,
    );
    let sources = check_sources(file, text, &raw, problems);
    for related in &raw.related {
        let target = related.get_ref().clone();
        links.push(Link {
            file: file.to_path_buf(),
            line: at(related.span()),
            target,
        });
    }
    Some(Module {
        id: raw.id.into_inner(),
        version: raw.version.into_inner().trim().to_owned(),
        minutes: raw.minutes,
        languages,
        roles,
        optional_for,
        related: raw.related.into_iter().map(|r| r.into_inner()).collect(),
        quiz: quiz?,
        titles,
        summaries,
        sources,
        content: BTreeMap::new(),
    })
}

fn check_languages(file: &Path, text: &str, raw: &RawModule, problems: &mut Problems) -> Vec<Lang> {
    let mut languages: Vec<Lang> = Vec::new();
    for tag in &raw.languages {
        let line = Some(line_of(text, tag.span().start));
        match Lang::parse(tag.get_ref()) {
            Some(lang) if languages.contains(&lang) => {
                problems.push(file, line, format!("language {lang} is listed twice"))
            }
            Some(lang) if lang.as_str() != tag.get_ref() => {
                problems.push(
                    file,
                    line,
                    format!("write the language as {lang:?}, not {:?}", tag.get_ref()),
                );
            }
            Some(lang) => languages.push(lang),
            None => problems.push(
                file,
                line,
                format!(
                    "{:?} is not a language tag like \"en\" or \"de\"",
                    tag.get_ref()
                ),
            ),
        }
    }
    if !languages.contains(&Lang::english()) {
        problems.push(
            file,
            None,
            "languages must include \"en\" (English is the source language)",
        );
    }
    languages
}

fn check_quiz_settings(
    file: &Path,
    text: &str,
    raw: &RawModule,
    problems: &mut Problems,
) -> Option<QuizSettings> {
    let line = Some(line_of(text, raw.quiz.span().start));
    let quiz = raw.quiz.get_ref();
    let before = problems.len();
    if !(5..=10).contains(&quiz.draw) {
        problems.push(
            file,
            line,
            format!("quiz.draw is {}; it must be between 5 and 10", quiz.draw),
        );
    }
    if !(1..=100).contains(&quiz.pass_mark) {
        problems.push(
            file,
            line,
            format!(
                "quiz.pass_mark is {}; it must be between 1 and 100",
                quiz.pass_mark
            ),
        );
    }
    (problems.len() == before).then_some(QuizSettings {
        draw: quiz.draw,
        pass_mark: quiz.pass_mark,
    })
}

/// Checks a per-language text table (`[title]`, `[summary]`).
pub(crate) fn localised(
    file: &Path,
    line: usize,
    field: &str,
    raw: &BTreeMap<String, String>,
    declared: &[Lang],
    required: bool,
    problems: &mut Problems,
) -> BTreeMap<Lang, String> {
    let mut out = BTreeMap::new();
    for (tag, value) in raw {
        match Lang::parse(tag) {
            Some(lang) if !value.trim().is_empty() => {
                out.insert(lang, value.trim().to_owned());
            }
            Some(_) => problems.push(file, Some(line), format!("{field}.{tag} is empty")),
            None => problems.push(
                file,
                Some(line),
                format!("{field}: {tag:?} is not a language tag"),
            ),
        }
    }
    let expected = if required || !raw.is_empty() {
        declared
    } else {
        &[]
    };
    for lang in expected {
        if !out.contains_key(lang) {
            problems.push(
                file,
                Some(line),
                format!("{field} has no text for declared language {lang}"),
            );
        }
    }
    out
}

fn check_sources(file: &Path, text: &str, raw: &RawModule, problems: &mut Problems) -> Vec<Source> {
    let mut sources: Vec<Source> = Vec::new();
    for source in &raw.sources {
        let line = Some(line_of(text, source.span().start));
        let s = source.get_ref();
        if s.id.trim().is_empty() || s.title.trim().is_empty() {
            problems.push(file, line, "a [[source]] needs an id and a title");
        } else if sources.iter().any(|known| known.id == s.id) {
            problems.push(file, line, format!("source {:?} is listed twice", s.id));
        } else {
            sources.push(Source {
                id: s.id.clone(),
                title: s.title.trim().to_owned(),
                url: s.url.clone(),
            });
        }
    }
    if raw.sources.is_empty() {
        problems.push(
            file,
            None,
            "a module needs at least one [[source]] for its items to cite",
        );
    }
    sources
}

fn load_language(
    dir: &Path,
    module: &Module,
    module_href: ModuleHref<'_>,
    problems: &mut Problems,
    links: &mut Vec<Link>,
) -> LangContent {
    let mut lessons = Vec::new();
    for file in lesson_files(dir, problems) {
        let Some(text) = read_text(&file, problems) else {
            continue;
        };
        if let Some((lesson, found)) = load_lesson(&file, &text, module_href, problems) {
            links.extend(found.into_iter().map(|(target, line)| Link {
                file: file.clone(),
                line,
                target,
            }));
            lessons.push(lesson);
        }
    }
    let quiz_file = dir.join("quiz.toml");
    let sources: HashSet<&str> = module.sources.iter().map(|s| s.id.as_str()).collect();
    let items = read_text(&quiz_file, problems)
        .map(|text| load_quiz(&quiz_file, &text, &sources, problems));
    LangContent {
        lessons,
        items: items.unwrap_or_default(),
    }
}

/// The `.md` files of a language folder, in name order.
fn lesson_files(dir: &Path, problems: &mut Problems) -> Vec<PathBuf> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            problems.push(
                dir,
                None,
                format!("the language is declared but its folder cannot be read: {err}"),
            );
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    if files.is_empty() {
        problems.push(dir, None, "the folder has no lessons (*.md files)");
    }
    files
}

/// Lessons of a language by slug, for the language checks.
pub(crate) fn by_slug(lessons: &[Lesson]) -> BTreeMap<&str, &Lesson> {
    lessons.iter().map(|l| (l.slug.as_str(), l)).collect()
}
