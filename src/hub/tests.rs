//! The shipped hub content loads, and broken content is reported with file and line.

use super::*;
use std::path::{Path, PathBuf};

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

#[test]
fn the_shipped_hub_has_fifteen_articles_and_ten_entries_per_directory() {
    let hub = load(&content_dir()).unwrap_or_else(|e| panic!("{e}"));
    assert!(hub.articles.len() >= 15, "{}", hub.articles.len());
    for d in Directory::ALL {
        let n = hub.entries.iter().filter(|e| e.directory == d).count();
        assert!(n >= 10, "{}: {n}", d.as_str());
    }
    for a in &hub.articles {
        assert!(!a.sources.is_empty() && a.review > a.written, "{}", a.slug);
    }
    assert!(!hub.related_articles("M07").is_empty());
}

/// A copy of the shipped hub in a temporary folder, with `edit` applied to one file.
fn broken(file: &str, edit: impl FnOnce(String) -> String) -> String {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    for sub in ["hub/articles", "hub/directories"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
        for entry in std::fs::read_dir(content_dir().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap();
            std::fs::copy(&path, root.join(sub).join(name)).unwrap();
        }
    }
    let target = root.join(file);
    let text = std::fs::read_to_string(&target).unwrap();
    std::fs::write(&target, edit(text)).unwrap();
    match load(&root) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("the broken copy of {file} loaded"),
    }
}

#[test]
fn a_broken_directory_entry_names_its_file_and_line() {
    let message = broken("hub/directories/solutions.toml", |t| {
        t.replacen("url = \"https://www.misp", "url = \"http://www.misp", 1)
    });
    // The MISP entry's table starts on line 20 of solutions.toml.
    assert!(
        message.contains("content/hub/directories/solutions.toml:2")
            && message.contains("entry 'misp': url"),
        "{message}"
    );
    let message = broken("hub/directories/training.toml", |t| {
        t.replacen("level = \"awareness\"", "level = \"guru\"", 1)
    });
    assert!(
        message.contains("content/hub/directories/training.toml:")
            && message.contains("level 'guru'"),
        "{message}"
    );
}

#[test]
fn a_broken_article_names_its_file_and_line() {
    let message = broken("hub/articles/gdpr-72-hour-clock.md", |t| {
        t.replacen("modules = [\"M07\", \"M04\"]", "modules = [\"M77\"]", 1)
    });
    assert!(
        message.contains("content/hub/articles/gdpr-72-hour-clock.md:4:")
            && message.contains("M77"),
        "{message}"
    );
    let message = broken("hub/articles/gdpr-72-hour-clock.md", |t| {
        t.replacen("review = \"2027-11-29\"", "review = \"2020-01-01\"", 1)
    });
    assert!(
        message.contains("gdpr-72-hour-clock.md:9:") && message.contains("review date"),
        "{message}"
    );
    let message = broken("hub/articles/gdpr-72-hour-clock.md", |t| {
        t.replacen("title = \"The GDPR", "titel = \"The GDPR", 1)
    });
    assert!(message.contains("gdpr-72-hour-clock.md:"), "{message}");
}

#[test]
fn script_in_an_article_is_neutralised_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    std::fs::create_dir_all(root.join("hub/articles")).unwrap();
    std::fs::create_dir_all(root.join("hub/directories")).unwrap();
    let source = std::fs::read_to_string(content_dir().join("hub/articles/gdpr-72-hour-clock.md"))
        .unwrap()
        .replacen(
            "## The rule",
            "<script>alert(1)</script>\n\n[x](javascript:alert(2))\n\n## The rule",
            1,
        );
    std::fs::write(root.join("hub/articles/gdpr-72-hour-clock.md"), source).unwrap();
    for d in Directory::ALL {
        let name = format!("hub/directories/{}.toml", d.as_str());
        std::fs::copy(content_dir().join(&name), root.join(&name)).unwrap();
    }
    let hub = load(&root).unwrap_or_else(|e| panic!("{e}"));
    let html = &hub.article("gdpr-72-hour-clock").unwrap().html;
    assert!(
        !html.contains("<script") && !html.contains("javascript:"),
        "{html}"
    );
    assert!(html.contains("The rule"));
}

#[test]
fn query_words_drop_syntax_and_common_words() {
    assert_eq!(
        query_words("What is \"NIS2\" OR title:* the-board?"),
        vec!["nis2", "title", "board"]
    );
    assert!(query_words("*** ()").is_empty());
}
