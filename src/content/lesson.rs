//! Lesson files: `+++` TOML front matter (title, minutes, outcome, optional roles), then Markdown.

use std::path::Path;

use toml::Spanned;

use super::error::{Problems, line_of};
use super::model::Lesson;
use super::raw::RawLessonMeta;
use super::render::{ModuleHref, render_markdown};
use super::role::JobRole;

/// A loaded lesson and the `module:` links in it, as `(module id, line)`.
pub(crate) type LoadedLesson = (Lesson, Vec<(String, usize)>);

pub(crate) fn load_lesson(
    file: &Path,
    text: &str,
    module_href: ModuleHref<'_>,
    problems: &mut Problems,
) -> Option<LoadedLesson> {
    let Some((meta_start, meta, body_start)) = split_front_matter(text) else {
        problems.push(
            file,
            Some(1),
            "a lesson must start with TOML front matter between +++ lines",
        );
        return None;
    };
    let meta: RawLessonMeta = match toml::from_str(meta) {
        Ok(meta) => meta,
        Err(err) => {
            let shifted = shift_error(text, meta_start, &err);
            problems.push(file, Some(shifted), err.message().trim().to_owned());
            return None;
        }
    };
    let slug = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lesson = check_meta(file, meta, slug, problems)?;
    let body = &text[body_start..];
    if body.trim().is_empty() {
        problems.push(
            file,
            Some(line_of(text, body_start)),
            "the lesson has no text after the front matter",
        );
    }
    let rendered = render_markdown(body, module_href);
    let links = rendered
        .module_links
        .into_iter()
        .map(|(target, offset)| (target, line_of(text, body_start + offset)))
        .collect();
    Some((
        Lesson {
            html: rendered.html,
            ..lesson
        },
        links,
    ))
}

/// Returns `(offset of the front matter, front matter, offset of the body)`.
fn split_front_matter(text: &str) -> Option<(usize, &str, usize)> {
    let text_start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let rest = &text[text_start..];
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != "+++" {
        return None;
    }
    let meta_start = text_start + first_end + 1;
    let mut offset = meta_start;
    for line in text[meta_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((meta_start, &text[meta_start..offset], offset + line.len()));
        }
        offset += line.len();
    }
    None
}

fn shift_error(text: &str, meta_start: usize, err: &toml::de::Error) -> usize {
    line_of(text, meta_start + err.span().map_or(0, |span| span.start))
}

fn check_meta(
    file: &Path,
    meta: RawLessonMeta,
    slug: String,
    problems: &mut Problems,
) -> Option<Lesson> {
    let mut missing = Vec::new();
    let title = non_empty(meta.title, "title", &mut missing);
    let outcome = non_empty(meta.outcome, "outcome", &mut missing);
    let minutes = meta.minutes.filter(|m| *m > 0);
    if minutes.is_none() {
        missing.push("minutes");
    }
    if !missing.is_empty() {
        let list = missing.join(", ");
        problems.push(
            file,
            Some(1),
            format!("the front matter needs {list} (none may be empty or 0)"),
        );
    }
    let roles = parse_roles(&meta.roles, problems, file, Some(1), "roles");
    Some(Lesson {
        slug,
        title: title?,
        minutes: minutes?,
        outcome: outcome?,
        roles,
        html: String::new(),
    })
}

fn non_empty(
    value: Option<String>,
    name: &'static str,
    missing: &mut Vec<&'static str>,
) -> Option<String> {
    let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if value.is_none() {
        missing.push(name);
    }
    value
}

/// Parses role codes, reporting each unknown one; duplicates are kept once.
pub(crate) fn parse_roles(
    codes: &[String],
    problems: &mut Problems,
    file: &Path,
    line: Option<usize>,
    field: &str,
) -> Vec<JobRole> {
    let mut roles = Vec::new();
    for code in codes {
        match JobRole::parse(code) {
            Some(role) if !roles.contains(&role) => roles.push(role),
            Some(_) => {}
            None => problems.push(
                file,
                line,
                format!("{field}: unknown role {code:?} (use CL, NU, AD, IT, MG, TR)"),
            ),
        }
    }
    roles
}

/// Like [`parse_roles`], with each code's own line.
pub(crate) fn parse_spanned_roles(
    codes: &[Spanned<String>],
    text: &str,
    problems: &mut Problems,
    file: &Path,
    field: &str,
) -> Vec<JobRole> {
    let mut roles = Vec::new();
    for code in codes {
        let line = Some(line_of(text, code.span().start));
        roles.extend(parse_roles(
            std::slice::from_ref(code.get_ref()),
            problems,
            file,
            line,
            field,
        ));
    }
    roles.dedup();
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body() {
        let text = "+++\ntitle = \"T\"\n+++\nBody\n";
        let (start, meta, body) = split_front_matter(text).unwrap();
        assert_eq!(
            (start, meta, &text[body..]),
            (4, "title = \"T\"\n", "Body\n")
        );
        assert!(split_front_matter("title = 1\n").is_none());
        assert!(split_front_matter("+++\ntitle = 1\n").is_none());
    }

    #[test]
    fn a_toml_error_in_front_matter_is_reported_on_the_file_line() {
        let mut problems = Problems::new(Path::new("/c"));
        let text = "+++\ntitle = \"T\"\nminutes = five\n+++\nBody\n";
        assert!(
            load_lesson(
                Path::new("/c/x.md"),
                text,
                &super::super::render::default_module_href,
                &mut problems
            )
            .is_none()
        );
        let err = problems.into_result(()).unwrap_err();
        assert_eq!(err.0[0].line, Some(3), "{err}");
    }
}
