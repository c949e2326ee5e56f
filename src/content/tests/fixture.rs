//! A small valid content tree in a temporary folder, which each test breaks in one place.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::content::Catalogue;

#[derive(Debug)]
pub(super) struct Fixture {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Fixture {
    /// Two modules: M01 (en + de, all roles, an AD-only lesson and items) and M02 (en, CL only).
    pub(super) fn valid() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("content");
        let fixture = Fixture { _dir: dir, root };
        fixture.write("paths.toml", PATHS);
        fixture.write("modules/M01/module.toml", M01);
        for lang in ["en", "de"] {
            fixture.write(&format!("modules/M01/{lang}/01-intro.md"), LESSON);
            fixture.write(
                &format!("modules/M01/{lang}/02-admin.md"),
                &LESSON.replace("minutes", "roles = [\"AD\"]\nminutes"),
            );
            fixture.write(
                &format!("modules/M01/{lang}/quiz.toml"),
                &quiz("M01", 18, 3),
            );
        }
        fixture.write("modules/M02/module.toml", M02);
        fixture.write("modules/M02/en/01-only.md", LESSON);
        fixture.write("modules/M02/en/quiz.toml", &quiz("M02", 15, 0));
        fixture
    }

    pub(super) fn write(&self, relative: &str, text: &str) {
        let path = self.root.join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write fixture");
    }

    pub(super) fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.root.join(relative)).expect("read fixture")
    }

    /// Replaces the first `from` in a file, failing the test if `from` is not there.
    pub(super) fn edit(&self, relative: &str, from: &str, to: &str) -> &Self {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.write(relative, &text.replacen(from, to, 1));
        self
    }

    pub(super) fn remove(&self, relative: &str) {
        fs::remove_file(self.root.join(relative)).expect("remove fixture file");
    }

    pub(super) fn path(&self) -> &Path {
        &self.root
    }

    /// The problems, as displayed; panics if the content loads.
    pub(super) fn errors(&self) -> Vec<String> {
        match Catalogue::load(&self.root) {
            Ok(_) => panic!("the broken fixture loaded without errors"),
            Err(errors) => errors.errors().iter().map(ToString::to_string).collect(),
        }
    }
}

/// Items cycling through the five types; the last `ad_only` are for AD only.
pub(super) fn quiz(module: &str, count: usize, ad_only: usize) -> String {
    let mut out = String::new();
    for n in 1..=count {
        let roles = if n > count - ad_only {
            "roles = [\"AD\"]\n"
        } else {
            ""
        };
        let body = match n % 5 {
            0 => SINGLE,
            1 => MULTIPLE,
            2 => ORDERING,
            3 => MATCHING,
            _ => RED_FLAGS,
        };
        let _ = write!(
            out,
            "[[item]]\nid = \"{module}-Q{n:02}\"\n{body}{roles}feedback = \"Because.\"\nsource = \"s\"\n\n"
        );
    }
    out
}

const SINGLE: &str = r#"type = "single"
prompt = "Pick one"
options = [
  { id = "a", text = "Right", correct = true },
  { id = "b", text = "Wrong", correct = false },
]
"#;
const MULTIPLE: &str = r#"type = "multiple"
prompt = "Pick some"
options = [
  { id = "a", text = "Right", correct = true },
  { id = "b", text = "Also right", correct = true },
  { id = "c", text = "Wrong", correct = false },
]
"#;
const ORDERING: &str =
    "type = \"ordering\"\nprompt = \"Order\"\nsteps = [\"one\", \"two\", \"three\"]\n";
const MATCHING: &str = r#"type = "matching"
prompt = "Match"
pairs = [{ left = "a", right = "1" }, { left = "b", right = "2" }, { left = "c", right = "3" }]
"#;
const RED_FLAGS: &str = r#"type = "red_flags"
prompt = "Spot"
message = "From: someone"
flags = [{ id = "a", text = "Odd sender", flag = true }, { id = "b", text = "Polite", flag = false }]
"#;

const LESSON: &str = "+++\ntitle = \"A lesson\"\nminutes = 5\noutcome = \"Do a thing.\"\n+++\n\nText with a [link](module:M02).\n";

const M01: &str = r#"id = "M01"
version = "1.0.0"
minutes = 15
languages = ["en", "de"]
roles = ["CL", "NU", "AD", "IT", "MG", "TR"]
related = ["M02"]

[quiz]
draw = 5
pass_mark = 80

[title]
en = "First"
de = "Erstes"

[[source]]
id = "s"
title = "A source"
"#;

const M02: &str = r#"id = "M02"
version = "2.0.0"
minutes = 10
languages = ["en"]
roles = ["CL"]

[quiz]
draw = 5

[title]
en = "Second"

[[source]]
id = "s"
title = "A source"
"#;

const PATHS: &str = r#"[[path]]
id = "core"
roles = ["CL"]
modules = ["M01", "M02"]
[path.title]
en = "Core"
"#;
