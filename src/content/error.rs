//! Content problems, each naming the file and (where known) the line, collected rather than
//! stopping at the first so an author can fix a whole file in one go.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the content, e.g.
/// `content/modules/M01/en/quiz.toml:42: item M01-Q07 (single) has 2 correct options; ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// The file, relative to the folder that holds `content/` (so it starts with `content/`).
    pub file: PathBuf,
    /// 1-based line number, when the problem can be pinned to a line.
    pub line: Option<usize>,
    /// What is wrong, in words an author can act on.
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for ContentError {}

/// Every problem found while loading content; the service refuses to start on any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl ContentErrors {
    /// The problems, in the order they were found (files in name order).
    pub fn errors(&self) -> &[ContentError] {
        &self.0
    }
}

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} in the course content",
            if n == 1 { "" } else { "s" }
        )?;
        for error in &self.0 {
            write!(f, "\n  {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}

/// Collects problems; paths are shown relative to the parent of the content folder.
#[derive(Debug)]
pub(crate) struct Problems {
    root: PathBuf,
    display_root: PathBuf,
    found: Vec<ContentError>,
}

impl Problems {
    pub(crate) fn new(root: &Path) -> Problems {
        // As the operator gave it (`content`, `/srv/sh/content`), so a path in a problem opens
        // from where the command ran.
        let display_root = root.to_path_buf();
        Problems {
            root: root.to_path_buf(),
            display_root,
            found: Vec::new(),
        }
    }

    /// Records a problem in `file` (an absolute path or one under the content root).
    pub(crate) fn push(&mut self, file: &Path, line: Option<usize>, message: impl Into<String>) {
        let relative = file.strip_prefix(&self.root).unwrap_or(file);
        let file = self.display_root.join(relative);
        self.found.push(ContentError {
            file,
            line,
            message: message.into(),
        });
    }

    /// Records a problem at a byte offset of a file's text.
    pub(crate) fn at(
        &mut self,
        file: &Path,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) {
        self.push(file, Some(line_of(text, offset)), message);
    }

    /// How many problems have been found so far.
    pub(crate) fn len(&self) -> usize {
        self.found.len()
    }

    pub(crate) fn into_result<T>(self, value: T) -> Result<T, ContentErrors> {
        if self.found.is_empty() {
            Ok(value)
        } else {
            Err(ContentErrors(self.found))
        }
    }
}

/// The 1-based line that holds byte `offset` of `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Records a TOML syntax or shape error with the line toml reports.
pub(crate) fn toml_error(problems: &mut Problems, file: &Path, text: &str, err: &toml::de::Error) {
    let message = err.message().trim().to_owned();
    match err.span() {
        Some(span) => problems.at(file, text, span.start, message),
        None => problems.push(file, None, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_display_file_line_and_message() {
        let mut problems = Problems::new(Path::new("/srv/app/content"));
        let file = Path::new("/srv/app/content/modules/M01/en/quiz.toml");
        problems.at(file, "a\nb\nc", 4, "item M01-Q07 is broken");
        problems.push(Path::new("paths.toml"), None, "no paths");
        let errors = problems.into_result(()).unwrap_err();
        assert_eq!(
            errors.0[0].to_string(),
            "/srv/app/content/modules/M01/en/quiz.toml:3: item M01-Q07 is broken"
        );
        assert_eq!(
            errors.0[1].to_string(),
            "/srv/app/content/paths.toml: no paths"
        );
        assert!(
            errors
                .to_string()
                .starts_with("2 problems in the course content\n  /srv/app/content/")
        );
    }
}
