//! The hub's reading pages: search and filters, one article, one directory.

use super::{FilterQuery, content_lang, tr_for};
use crate::content::JobRole;
use crate::error::AppError;
use crate::hub::{Directory, Entry, Hit, SearchFilter, query_words};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::CurrentSession;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};

/// One option of a filter select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The filter selects every hub page shows, with the current values selected.
pub struct Filters {
    pub q: String,
    pub roles: Vec<Choice>,
    pub langs: Vec<Choice>,
    pub countries: Vec<Choice>,
    pub topics: Vec<Choice>,
}

pub struct Item {
    pub href: String,
    pub title: String,
    pub summary: String,
    pub kind: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hub/index.html")]
pub struct HubPage {
    pub t: Tr,
    pub sid: String,
    pub filters: Filters,
    pub searched: bool,
    pub results: Vec<Item>,
    pub articles: Vec<Item>,
    pub directories: Vec<(String, String, usize)>,
    pub new_replies: i64,
    pub new_replies_label: String,
    pub has_context: bool,
}

fn choices(values: Vec<(String, String)>, current: &str) -> Vec<Choice> {
    values
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == current,
            value,
            label,
        })
        .collect()
}

fn filters(app: &AppState, t: Tr, q: &FilterQuery) -> Filters {
    let lang = content_lang(t);
    let roles = JobRole::ALL
        .iter()
        .map(|r| {
            (
                r.as_str().to_owned(),
                t.get(&format!("hub-role-{}", r.as_str().to_lowercase()))
                    .to_owned(),
            )
        })
        .collect();
    let langs = crate::i18n::UiLang::ALL
        .iter()
        .map(|l| (l.code().to_owned(), l.native_name().to_owned()))
        .collect();
    let mut countries: Vec<String> = app
        .hub
        .entries
        .iter()
        .flat_map(|e| e.countries.iter().cloned())
        .filter(|c| c != "international")
        .collect();
    countries.sort();
    countries.dedup();
    let topics = app
        .content
        .modules()
        .map(|m| (m.id.clone(), format!("{} {}", m.id, m.title(&lang))))
        .collect();
    Filters {
        q: q.q.clone(),
        roles: choices(roles, &q.role),
        langs: choices(langs, &q.lang),
        countries: choices(
            countries.into_iter().map(|c| (c.clone(), c)).collect(),
            &q.country,
        ),
        topics: choices(topics, &q.topic),
    }
}

/// Where a hit or an entry opens.
pub fn href(sid: &str, kind: &str, id: &str) -> String {
    if kind == "article" {
        format!("/s/{sid}/hub/articles/{id}")
    } else {
        format!("/s/{sid}/hub/directories/{kind}#{id}")
    }
}

fn kind_label(t: Tr, kind: &str) -> String {
    t.get(&format!("hub-kind-{kind}")).to_owned()
}

pub async fn show_hub(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Query(q): Query<FilterQuery>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let filter = q.filter(t)?;
    let words = query_words(&q.q);
    let sid = s.id.as_str().to_owned();
    let hits: Vec<Hit> = app.store.search_hub(&words, &filter, 20).await?;
    let results = hits
        .into_iter()
        .map(|h| Item {
            href: href(&sid, &h.kind, &h.id),
            kind: kind_label(t, &h.kind),
            title: h.title,
            summary: h.summary,
        })
        .collect();
    let article_filter = SearchFilter {
        kind: Some("article".into()),
        ..filter.clone()
    };
    let docs = app.hub.search_docs();
    let articles = app
        .hub
        .articles
        .iter()
        .filter(|a| {
            docs.iter().any(|d| {
                d.kind == "article" && d.id == a.slug && crate::hub::doc_matches(d, &article_filter)
            })
        })
        .map(|a| Item {
            href: href(&sid, "article", &a.slug),
            kind: kind_label(t, "article"),
            title: a.title.clone(),
            summary: a.summary.clone(),
        })
        .collect();
    let directories = Directory::ALL
        .iter()
        .map(|d| {
            (
                d.as_str().to_owned(),
                kind_label(t, d.as_str()),
                app.hub.entries_in(*d, &filter).len(),
            )
        })
        .collect();
    let new_replies = match &s.context_id {
        Some(ctx) => app
            .store
            .new_replies(&s.registration_id.to_string(), ctx, &s.user_id)
            .await?
            .iter()
            .map(|(_, n)| n)
            .sum(),
        None => 0,
    };
    Ok(HubPage {
        t,
        filters: filters(&app, t, &q),
        searched: !q.q.trim().is_empty(),
        results,
        articles,
        directories,
        new_replies_label: t.num("hub-new-replies", "count", new_replies as f64),
        new_replies,
        has_context: s.context_id.is_some(),
        sid,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "hub/article.html")]
pub struct ArticlePage {
    pub t: Tr,
    pub sid: String,
    pub title: String,
    pub summary: String,
    pub html: String,
    pub written: String,
    pub review: String,
    pub sources: Vec<(String, String)>,
    pub modules: Vec<(String, String)>,
    pub english_only: bool,
}

pub async fn show_article(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let article = app
        .hub
        .article(&slug)
        .ok_or_else(|| AppError::not_found(t.get("hub-article-not-found")))?;
    let lang = content_lang(t);
    let modules = article
        .modules
        .iter()
        .filter_map(|id| app.content.module(id))
        .map(|m| (m.id.clone(), m.title(&lang).to_owned()))
        .collect();
    Ok(ArticlePage {
        t,
        sid: s.id.as_str().to_owned(),
        title: article.title.clone(),
        summary: article.summary.clone(),
        html: article.html.clone(),
        written: article.written.clone(),
        review: article.review.clone(),
        sources: article
            .sources
            .iter()
            .map(|s| (s.title.clone(), s.url.clone()))
            .collect(),
        modules,
        english_only: t.lang().code() != article.language,
    }
    .into_response())
}

pub struct EntryView {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub description: String,
    pub facts: Vec<(String, String)>,
    pub url: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hub/directory.html")]
pub struct DirectoryPage {
    pub t: Tr,
    pub sid: String,
    pub title: String,
    pub filters: Filters,
    pub entries: Vec<EntryView>,
}

fn entry_view(t: Tr, e: &Entry) -> EntryView {
    let roles: Vec<String> = e
        .roles
        .iter()
        .map(|r| {
            t.get(&format!("hub-role-{}", r.as_str().to_lowercase()))
                .to_owned()
        })
        .collect();
    let facts = [
        ("hub-field-languages", e.languages.join(", ")),
        ("hub-field-countries", e.countries.join(", ")),
        ("hub-field-delivery", e.delivery.clone()),
        ("hub-field-roles", roles.join(", ")),
        ("hub-field-level", e.level.clone()),
        ("hub-field-cost", e.cost.clone()),
        ("hub-field-certificate", e.certificate.clone()),
        ("hub-field-modules", e.modules.join(", ")),
        ("hub-field-verified", e.verified.clone()),
    ];
    EntryView {
        id: e.id.clone(),
        name: e.name.clone(),
        provider: e.provider.clone(),
        description: e.description.clone(),
        facts: facts
            .into_iter()
            .map(|(k, v)| (t.get(k).to_owned(), v))
            .collect(),
        url: e.url.clone(),
    }
}

pub async fn show_directory(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, directory)): Path<(String, String)>,
    Query(q): Query<FilterQuery>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let directory = Directory::parse(&directory)
        .ok_or_else(|| AppError::not_found(t.get("hub-directory-not-found")))?;
    let filter = q.filter(t)?;
    let entries = app
        .hub
        .entries_in(directory, &filter)
        .into_iter()
        .map(|e| entry_view(t, e))
        .collect();
    Ok(DirectoryPage {
        t,
        sid: s.id.as_str().to_owned(),
        title: kind_label(t, directory.as_str()),
        filters: filters(&app, t, &q),
        entries,
    }
    .into_response())
}
