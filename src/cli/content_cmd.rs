//! `securehospitals content check`: load and check the course content without starting.

use crate::config::Config;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ContentVerb {
    /// Check every module, lesson, quiz and path; list every problem with its file and line.
    Check,
}

pub fn run(config: Config, verb: ContentVerb) -> anyhow::Result<()> {
    match verb {
        ContentVerb::Check => {
            let catalogue = crate::app::load_content(&config)?;
            let modules = catalogue.modules().count();
            let paths = catalogue.paths().len();
            let hub = crate::app::load_hub(&config)?;
            println!(
                "knowledge hub is valid: {} articles, {} directory entries",
                hub.articles.len(),
                hub.entries.len()
            );
            let wizard = crate::wizard::Wizard::load(&config.content_dir, &catalogue)?;
            println!(
                "content in {} is valid: {modules} modules, {paths} learning paths, {} wizard questions",
                config.content_dir.display(),
                wizard.bank.questions.len()
            );
            Ok(())
        }
    }
}
