//! Course content as data: loading and checking `content/` (see `content/README.md`) into a
//! [`Catalogue`] the player queries. Domain code only: no HTTP, no SQL.

mod check;
mod error;
mod items;
mod lesson;
mod model;
mod raw;
mod read;
mod render;
mod role;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

pub use error::{ContentError, ContentErrors};
pub use model::{
    Choice, Item, ItemKind, LearningPath, Lesson, Localised, Module, Pair, QuizSettings, Source,
};
pub use render::{ModuleHref, default_module_href};
pub use role::{JobRole, Lang, UnknownRole};

pub(crate) use error::Problems;
/// Shared with the knowledge hub's loader (`crate::hub`).
pub(crate) use error::toml_error;
use model::pick;
pub(crate) use render::render_markdown;

/// Returned by [`Module::language_for`] for a module that declares no language it can use.
static ENGLISH: std::sync::LazyLock<Lang> = std::sync::LazyLock::new(Lang::english);

/// Every module and learning path, checked and with lessons rendered. Immutable once loaded.
#[derive(Debug, Clone)]
pub struct Catalogue {
    modules: BTreeMap<String, Module>,
    paths: Vec<LearningPath>,
}

impl Catalogue {
    /// Loads `dir` (the `content/` folder), with `module:M06` links pointing at `/modules/M06`.
    pub fn load(dir: &Path) -> Result<Catalogue, ContentErrors> {
        Catalogue::load_with(dir, &default_module_href)
    }

    /// Loads `dir`, building the URL of each `module:` link with `module_href`.
    ///
    /// Returns every problem found, not just the first; any problem means no catalogue.
    pub fn load_with(dir: &Path, module_href: ModuleHref<'_>) -> Result<Catalogue, ContentErrors> {
        let mut problems = Problems::new(dir);
        let mut links = Vec::new();
        let mut modules = BTreeMap::new();
        let mut unreadable = std::collections::BTreeSet::new();
        for module_dir in module_dirs(dir, &mut problems) {
            match read::load_module(&module_dir, module_href, &mut problems, &mut links) {
                Some(module) => {
                    check::check_translations(&module, &module_dir, &mut problems);
                    check::check_pools(&module, &module_dir, &mut problems);
                    modules.insert(module.id.clone(), module);
                }
                None => {
                    if let Some(name) = module_dir.file_name() {
                        unreadable.insert(name.to_string_lossy().into_owned());
                    }
                }
            }
        }
        check::check_links(&links, &modules, &unreadable, &mut problems);
        let paths_file = dir.join("paths.toml");
        let paths = check::load_paths(&paths_file, &modules, &unreadable, &mut problems);
        check::check_path_roles(&paths_file, &paths, &modules, &mut problems);
        problems.into_result(Catalogue { modules, paths })
    }

    /// A module by id (`M02`).
    pub fn module(&self, id: &str) -> Option<&Module> {
        self.modules.get(id)
    }

    /// Every module, in id order.
    pub fn modules(&self) -> impl Iterator<Item = &Module> {
        self.modules.values()
    }

    /// Every learning path, in file order.
    pub fn paths(&self) -> &[LearningPath] {
        &self.paths
    }

    /// A learning path by id (`clinical-core`).
    pub fn path(&self, id: &str) -> Option<&LearningPath> {
        self.paths.iter().find(|p| p.id == id)
    }

    /// The learning paths meant for `role`.
    pub fn paths_for(&self, role: JobRole) -> impl Iterator<Item = &LearningPath> {
        self.paths.iter().filter(move |p| p.is_for(role))
    }
}

/// The module folders under `dir/modules`, in name order.
fn module_dirs(dir: &Path, problems: &mut Problems) -> Vec<std::path::PathBuf> {
    let modules = dir.join("modules");
    match fs::read_dir(&modules) {
        Ok(entries) => {
            let mut dirs: Vec<_> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect();
            dirs.sort();
            dirs
        }
        Err(err) => {
            problems.push(
                &modules,
                None,
                format!("cannot read the modules folder: {err}"),
            );
            Vec::new()
        }
    }
}

impl Module {
    /// The language the module is shown in for a learner who asked for `lang`: the first of
    /// `lang`'s fallback chain (`de-AT`, `de`, `en`) that the module declares.
    pub fn language_for(&self, lang: &Lang) -> Localised<'_, ()> {
        let chain = lang.fallback_chain();
        let declared = chain
            .iter()
            .find_map(|l| self.languages.iter().find(|m| *m == l));
        // Checked content always declares English; the static only guards hand-built modules.
        let chosen = declared.unwrap_or(&ENGLISH);
        Localised {
            value: (),
            lang: chosen,
            fell_back: chosen.primary() != lang.primary(),
        }
    }

    /// The lessons a learner in `role` reads, in order, in `lang` or its fallback.
    pub fn lessons_for(&self, role: JobRole, lang: &Lang) -> Localised<'_, Vec<&Lesson>> {
        let at = self.language_for(lang);
        let lessons = self
            .content
            .get(at.lang)
            .map(|c| c.lessons.iter().filter(|l| l.is_for(role)).collect());
        Localised {
            value: lessons.unwrap_or_default(),
            lang: at.lang,
            fell_back: at.fell_back,
        }
    }

    /// The item pool a learner in `role` is drawn from, in `lang` or its fallback.
    pub fn pool_for(&self, role: JobRole, lang: &Lang) -> Localised<'_, Vec<&Item>> {
        let at = self.language_for(lang);
        let items = self
            .content
            .get(at.lang)
            .map(|c| c.items.iter().filter(|i| i.is_for(role)).collect());
        Localised {
            value: items.unwrap_or_default(),
            lang: at.lang,
            fell_back: at.fell_back,
        }
    }

    /// A lesson by slug in `lang` or its fallback.
    pub fn lesson(&self, slug: &str, lang: &Lang) -> Option<&Lesson> {
        let at = self.language_for(lang);
        self.content
            .get(at.lang)?
            .lessons
            .iter()
            .find(|l| l.slug == slug)
    }

    /// The title in `lang`, falling back to English.
    pub fn title(&self, lang: &Lang) -> &str {
        pick(&self.titles, lang)
    }

    /// The summary in `lang`, falling back to English; empty if there is none.
    pub fn summary(&self, lang: &Lang) -> &str {
        pick(&self.summaries, lang)
    }

    /// Whether the module is meant for `role`, or optional for it.
    pub fn is_for(&self, role: JobRole) -> bool {
        self.roles.contains(&role) || self.optional_for.contains(&role)
    }

    /// A cited source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}
