//! What an instructor can place in the LMS through Deep Linking, and how a picked item becomes a
//! content item. Domain only: the picker page and the signing live in `web/instructor`.

mod choice;

pub use choice::{Choice, ChoiceError, parse_choices};

use crate::content::{Catalogue, JobRole, Lang};
use crate::courses::timing;
use lti::deep_linking::TimeWindow;
use lti::{ContentItem, LineItemRequest, LtiResourceLink};

/// Every content item we return has this type; a platform that does not accept it gets none.
pub const ITEM_TYPE: &str = "ltiResourceLink";
/// The `tag` on line items the picker creates, so grade passback can find its own columns.
pub const LINE_ITEM_TAG: &str = "securehospitals";
/// Line items count in percent.
pub const SCORE_MAXIMUM: f64 = 100.0;

/// The kinds of things that can be placed.
///
/// This is the seam for later features: the Curriculum Wizard, hub articles and directories and
/// the certificates page each add a variant here (with the custom parameter the player reads
/// to open it) and push their `Placeable`s in [`placeables`]. The picker, the filters and the
/// response code work on `Placeable` only and need no change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceableKind {
    /// A module (`module=M03`).
    Module,
    /// A learning path (`path=clinical-core`).
    Path,
    /// The Curriculum Wizard itself (`wizard=plan`), for trainers; never graded.
    Wizard,
    /// A knowledge hub article (`article=gdpr-72-hour-clock`); never graded.
    Article,
    /// A knowledge hub directory (`directory=training`); never graded.
    Directory,
    /// The learner's own "my certificates" page (`certificates=mine`); never graded.
    Certificates,
}

impl PlaceableKind {
    /// Whether a placement of this kind can have a gradebook column: modules (the quiz result)
    /// and paths (the share of their modules passed).
    pub fn is_gradable(self) -> bool {
        matches!(self, PlaceableKind::Module | PlaceableKind::Path)
    }

    /// The custom parameter a later launch reads to open the item (see `courses::Placement`).
    pub fn custom_key(self) -> &'static str {
        match self {
            PlaceableKind::Module => "module",
            PlaceableKind::Path => "path",
            PlaceableKind::Wizard => "wizard",
            PlaceableKind::Article => "article",
            PlaceableKind::Directory => "directory",
            PlaceableKind::Certificates => "certificates",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PlaceableKind::Module => "Module",
            PlaceableKind::Path => "Learning path",
            PlaceableKind::Wizard => "Planning tool",
            PlaceableKind::Article => "Knowledge article",
            PlaceableKind::Directory => "Hub directory",
            PlaceableKind::Certificates => "Learner page",
        }
    }
}

/// One thing the picker offers, titled in the instructor's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Placeable {
    pub kind: PlaceableKind,
    /// The module or path id: the custom parameter's value and the line item's `resourceId`.
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Typical minutes (a path: the sum of its modules).
    pub minutes: u32,
    /// Languages every part is published in.
    pub languages: Vec<Lang>,
    pub roles: Vec<JobRole>,
}

impl Placeable {
    /// The form value that names this item (`module:M03`, `path:clinical-core`).
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.custom_key(), self.id)
    }

    /// The content item for this pick. Graded items carry a line item (dropped by the lti
    /// crate when the platform set `accept_lineitem` to false). The timing goes out three ways:
    /// as the item's `available` and `submission` windows, as the line item's dates, and as
    /// custom parameters the later launch reads (see `courses::Timing`), because Moodle keeps
    /// neither window and Canvas only substitutes them into `$ResourceLink...` variables.
    pub fn content_item(&self, choice: &Choice) -> ContentItem {
        let mut link = LtiResourceLink::new(self.title.clone())
            .with_text(self.summary.clone())
            .with_custom(self.kind.custom_key(), self.id.clone());
        if choice.graded && self.kind.is_gradable() {
            let line_item = LineItemRequest::new(self.title.clone(), SCORE_MAXIMUM)
                .with_resource_id(self.id.clone())
                .with_tag(LINE_ITEM_TAG)
                .with_dates(choice.opens, choice.due);
            link = link.with_line_item(line_item);
        }
        if let Some(opens) = choice.opens {
            link = link
                .with_available(TimeWindow::new(Some(opens), None))
                .with_custom(timing::OPENS_AT, opens.to_string())
                .with_custom(timing::OPENS_SUBSTITUTED, timing::OPENS_VARIABLE);
        }
        if let Some(due) = choice.due {
            link = link
                .with_submission(TimeWindow::new(None, Some(due)))
                .with_custom(timing::DUE_AT, due.to_string())
                .with_custom(timing::DUE_SUBSTITUTED, timing::DUE_VARIABLE);
        }
        ContentItem::LtiResourceLink(link)
    }
}

/// Everything that can be placed: modules, then learning paths, titled in `lang`.
pub fn placeables(catalogue: &Catalogue, lang: &Lang) -> Vec<Placeable> {
    let mut all: Vec<Placeable> = catalogue
        .modules()
        .map(|m| Placeable {
            kind: PlaceableKind::Module,
            id: m.id.clone(),
            title: m.title(lang).to_owned(),
            summary: m.summary(lang).to_owned(),
            minutes: m.minutes,
            languages: m.languages.clone(),
            roles: m.roles.clone(),
        })
        .collect();
    for p in catalogue.paths() {
        let modules: Vec<_> = p
            .modules
            .iter()
            .filter_map(|id| catalogue.module(id))
            .collect();
        let mut languages = modules
            .first()
            .map(|m| m.languages.clone())
            .unwrap_or_default();
        languages.retain(|l| modules.iter().all(|m| m.languages.contains(l)));
        all.push(Placeable {
            kind: PlaceableKind::Path,
            id: p.id.clone(),
            title: p.title(lang).to_owned(),
            summary: p.summary(lang).to_owned(),
            minutes: modules.iter().map(|m| m.minutes).sum(),
            languages,
            roles: p.roles.clone(),
        });
    }
    let t = crate::i18n::Tr::new(crate::i18n::UiLang::negotiate(Some(lang)));
    all.push(crate::wizard::placeable(t));
    all
}

/// The learner's "my certificates" page as a placeable item, titled in the instructor's
/// language. It is the same page for every role and in every interface language.
pub fn certificates_placeable(t: crate::i18n::Tr) -> Placeable {
    Placeable {
        kind: PlaceableKind::Certificates,
        id: CERTIFICATES_ID.to_owned(),
        title: t.get("dl-certificates-title").to_owned(),
        summary: t.get("dl-certificates-summary").to_owned(),
        // A glance: which certificates one has, and when each needs renewing.
        minutes: 2,
        languages: crate::i18n::UiLang::ALL
            .iter()
            .filter_map(|l| Lang::parse(l.code()))
            .collect(),
        roles: JobRole::ALL.to_vec(),
    }
}

/// The custom parameter value of the certificates item (`certificates=mine`).
pub const CERTIFICATES_ID: &str = "mine";

/// The picker's search and filters; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub query: String,
    pub role: Option<JobRole>,
    pub language: Option<Lang>,
}

impl Filter {
    pub fn matches(&self, item: &Placeable) -> bool {
        let q = self.query.trim().to_lowercase();
        let text = q.is_empty()
            || item.id.to_lowercase().contains(&q)
            || item.title.to_lowercase().contains(&q)
            || item.summary.to_lowercase().contains(&q);
        let role = self.role.is_none_or(|r| item.roles.contains(&r));
        let language = self
            .language
            .as_ref()
            .is_none_or(|l| item.languages.iter().any(|m| m.primary() == l.primary()));
        text && role && language
    }
}

#[cfg(test)]
mod tests;
