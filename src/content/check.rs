//! Checks across files: translations match English, every role's pool is large enough, links
//! between modules resolve, and learning paths name real modules and roles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::error::{Problems, line_of, toml_error};
use super::lesson::parse_roles;
use super::model::{Choice, Item, ItemKind, LearningPath, Module};
use super::raw::RawPaths;
use super::read::{Link, by_slug, localised, read_text};
use super::role::{JobRole, Lang};

/// Every declared language has English's lessons (same file names and roles) and items (same
/// ids, types, option counts and answer keys), so scoring never depends on the language.
pub(crate) fn check_translations(module: &Module, dir: &Path, problems: &mut Problems) {
    let english = Lang::english();
    let Some(en) = module.content.get(&english) else {
        return;
    };
    for (lang, content) in module.content.iter().filter(|(l, _)| **l != english) {
        let lang_dir = dir.join(lang.as_str());
        let theirs = by_slug(&content.lessons);
        for (slug, lesson) in by_slug(&en.lessons) {
            let file = lang_dir.join(format!("{slug}.md"));
            match theirs.get(slug) {
                None => problems.push(
                    &file,
                    None,
                    format!("lesson {slug}.md is missing in {lang}"),
                ),
                Some(t) if t.roles != lesson.roles => {
                    problems.push(&file, Some(1), "roles differ from the English lesson")
                }
                Some(_) => {}
            }
        }
        for slug in theirs
            .keys()
            .filter(|s| !en.lessons.iter().any(|l| l.slug == **s))
        {
            problems.push(
                &lang_dir.join(format!("{slug}.md")),
                None,
                format!("lesson {slug}.md has no English original"),
            );
        }
        let quiz = lang_dir.join("quiz.toml");
        for item in &en.items {
            match content.items.iter().find(|i| i.id == item.id) {
                None => problems.push(
                    &quiz,
                    None,
                    format!("item {} is missing in {lang}", item.id),
                ),
                Some(t) => {
                    if let Some(diff) = translation_differs(item, t) {
                        problems.push(
                            &quiz,
                            None,
                            format!("item {} differs from English: {diff}", item.id),
                        );
                    }
                }
            }
        }
        for item in content
            .items
            .iter()
            .filter(|i| !en.items.iter().any(|e| e.id == i.id))
        {
            problems.push(
                &quiz,
                None,
                format!("item {} has no English original", item.id),
            );
        }
    }
}

fn translation_differs(en: &Item, other: &Item) -> Option<String> {
    let key = |options: &[Choice]| {
        options
            .iter()
            .map(|c| (c.id.clone(), c.correct))
            .collect::<Vec<_>>()
    };
    let diff = match (&en.kind, &other.kind) {
        _ if en.kind.type_name() != other.kind.type_name() => "the type",
        _ if en.kind.len() != other.kind.len() => "the number of options, steps or pairs",
        (ItemKind::Single { options: a }, ItemKind::Single { options: b })
        | (ItemKind::Multiple { options: a }, ItemKind::Multiple { options: b })
        | (ItemKind::RedFlags { flags: a, .. }, ItemKind::RedFlags { flags: b, .. })
            if key(a) != key(b) =>
        {
            "the option ids or which are correct"
        }
        _ if en.roles != other.roles => "the roles",
        _ if en.must_pass != other.must_pass => "must_pass",
        _ if en.source != other.source => "the source",
        _ => return None,
    };
    Some(diff.to_owned())
}

/// For every role the module is for (or optional for), the English pool that role sees holds
/// at least three times the draw, and the role sees at least one lesson.
pub(crate) fn check_pools(module: &Module, dir: &Path, problems: &mut Problems) {
    let Some(en) = module.content.get(&Lang::english()) else {
        return;
    };
    if en.items.is_empty() {
        return; // a missing or empty quiz.toml is reported already
    }
    let needed = module.quiz.draw * 3;
    let mut roles = module.roles.clone();
    roles.extend(
        module
            .optional_for
            .iter()
            .filter(|r| !module.roles.contains(r)),
    );
    for role in roles {
        let pool = en.items.iter().filter(|i| i.is_for(role)).count();
        if pool < needed {
            let file = dir.join("en/quiz.toml");
            let msg = format!(
                "role {role} sees {pool} items; draw {} needs a pool of at least {needed}",
                module.quiz.draw
            );
            problems.push(&file, None, msg);
        }
        if !en.lessons.iter().any(|l| l.is_for(role)) {
            problems.push(&dir.join("en"), None, format!("role {role} sees no lesson"));
        }
    }
}

/// Every `module:` link and `related` entry names a module that exists. A module whose folder
/// is there but did not load (`unreadable`) has its own problems listed already: links to it
/// are not reported again.
pub(crate) fn check_links(
    links: &[Link],
    modules: &BTreeMap<String, Module>,
    unreadable: &BTreeSet<String>,
    problems: &mut Problems,
) {
    for link in links
        .iter()
        .filter(|l| !modules.contains_key(&l.target) && !unreadable.contains(&l.target))
    {
        problems.push(
            &link.file,
            Some(link.line),
            format!("links to module {:?}, which does not exist", link.target),
        );
    }
}

/// Loads `paths.toml`, checking ids, roles, modules and titles (a module that did not load is
/// not reported again, as in [`check_links`]).
pub(crate) fn load_paths(
    file: &Path,
    modules: &BTreeMap<String, Module>,
    unreadable: &BTreeSet<String>,
    problems: &mut Problems,
) -> Vec<LearningPath> {
    let Some(text) = read_text(file, problems) else {
        return Vec::new();
    };
    let raw: RawPaths = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(err) => {
            toml_error(problems, file, &text, &err);
            return Vec::new();
        }
    };
    let mut paths: Vec<LearningPath> = Vec::new();
    for spanned in raw.path {
        let line = line_of(&text, spanned.span().start);
        let raw = spanned.into_inner();
        let label = format!("path {:?}", raw.id);
        if raw.id.trim().is_empty() || paths.iter().any(|p| p.id == raw.id) {
            problems.push(
                file,
                Some(line),
                format!("{label}: path ids must be present and unique"),
            );
        }
        let roles = parse_roles(
            &raw.roles,
            problems,
            file,
            Some(line),
            &format!("{label}: roles"),
        );
        if raw.roles.is_empty() {
            problems.push(file, Some(line), format!("{label} lists no roles"));
        }
        if raw.modules.is_empty() {
            problems.push(file, Some(line), format!("{label} lists no modules"));
        }
        for id in raw
            .modules
            .iter()
            .filter(|id| !modules.contains_key(*id) && !unreadable.contains(*id))
        {
            problems.push(
                file,
                Some(line),
                format!("{label} names module {id:?}, which does not exist"),
            );
        }
        let english = [Lang::english()];
        let titles = localised(
            file,
            line,
            &format!("{label}: title"),
            &raw.title,
            &english,
            true,
            problems,
        );
        let summaries = localised(
            file,
            line,
            &format!("{label}: summary"),
            &raw.summary,
            &english,
            false,
            problems,
        );
        let certificate_months = raw.certificate_months.unwrap_or(12);
        if !(1..=60).contains(&certificate_months) {
            problems.push(
                file,
                Some(line),
                format!("{label}: certificate_months must be 1 to 60, not {certificate_months}"),
            );
        }
        paths.push(LearningPath {
            id: raw.id,
            roles,
            modules: raw.modules,
            titles,
            summaries,
            certificate_months,
        });
    }
    if paths.is_empty() {
        problems.push(file, None, "there are no [[path]] entries");
    }
    paths
}

/// Roles a path is for must each be able to take its modules.
pub(crate) fn check_path_roles(
    file: &Path,
    paths: &[LearningPath],
    modules: &BTreeMap<String, Module>,
    problems: &mut Problems,
) {
    for path in paths {
        for (id, module) in path
            .modules
            .iter()
            .filter_map(|id| modules.get(id).map(|m| (id, m)))
        {
            for role in path.roles.iter().filter(|r| !takes(module, **r)) {
                problems.push(
                    file,
                    None,
                    format!(
                        "path {:?} gives {id} to {role}, but {id} is not for {role}",
                        path.id
                    ),
                );
            }
        }
    }
}

fn takes(module: &Module, role: JobRole) -> bool {
    module.roles.contains(&role) || module.optional_for.contains(&role)
}
