//! The community of practice: a discussion per course context and per module, and the
//! trainers' forum for instructors of opted-in platforms. Learners and instructors post and
//! reply; instructors hide, pin and lock. Scoping comes from the session, never from the form.

use super::{content_lang, tr_for};
use crate::error::AppError;
use crate::hub::community::{
    self, BodyProblem, Moderation, NewPost, Post, PostOutcome, Scope, Thread, ThreadKey,
};
use crate::i18n::Tr;
use crate::launch::unix_now;
use crate::sessions::Session;
use crate::state::AppState;
use crate::web::CurrentSession;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Who is asking, for one thread: where it lives and what they may do there.
struct Seat {
    key: ThreadKey,
    /// The user as stored on posts (trainers' forum: prefixed with the registration).
    user: String,
    moderator: bool,
}

impl Seat {
    fn tenant(&self) -> String {
        self.key.tenant()
    }
}

/// The seat of a session in `scope`, or the reason there is none.
async fn seat(app: &AppState, s: &Session, t: Tr, scope: &str) -> Result<Seat, AppError> {
    let scope =
        Scope::parse(scope).ok_or_else(|| AppError::not_found(t.get("hub-thread-not-found")))?;
    if scope == Scope::Trainers {
        if !s.is_instructor() || !app.store.forum_optin(s.registration_id).await? {
            return Err(AppError::forbidden(
                "trainers_only",
                t.get("hub-trainers-forbidden"),
            ));
        }
        let admin = s.roles().iter().any(|r| r.is_admin());
        return Ok(Seat {
            key: ThreadKey {
                registration_id: None,
                context_id: community::TRAINERS_SCOPE.into(),
                scope,
            },
            // The same key export and erasure look for.
            user: crate::ops::tables::trainers_forum_user(&crate::courses::Learner {
                registration_id: s.registration_id,
                user_id: s.user_id.clone(),
            }),
            moderator: admin,
        });
    }
    let context_id = s
        .context_id
        .clone()
        .ok_or_else(|| AppError::bad_request("no_context", t.get("hub-no-context")))?;
    Ok(Seat {
        key: ThreadKey {
            registration_id: Some(s.registration_id),
            context_id,
            scope,
        },
        user: s.user_id.clone(),
        moderator: s.is_instructor(),
    })
}

async fn thread_of(app: &AppState, seat: &Seat) -> Result<Thread, AppError> {
    let id = uuid::Uuid::new_v4().to_string();
    Ok(app.store.thread(&seat.key, &id, unix_now()).await?)
}

pub struct ThreadRow {
    pub scope: String,
    pub title: String,
    pub new: i64,
    pub new_label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hub/discussions.html")]
pub struct DiscussionsPage {
    pub t: Tr,
    pub sid: String,
    pub course: String,
    pub threads: Vec<ThreadRow>,
    pub trainers: bool,
}

pub async fn show_discussions(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let seat = seat(&app, &s, t, "course").await?;
    let counts = app
        .store
        .new_replies(&seat.tenant(), &seat.key.context_id, &seat.user)
        .await?;
    let row = |scope: &str, title: String| {
        let new = counts
            .iter()
            .find(|(s, _)| s == scope)
            .map_or(0, |(_, n)| *n);
        ThreadRow {
            scope: scope.to_owned(),
            title,
            new,
            new_label: t.num("hub-new-replies", "count", new as f64),
        }
    };
    let lang = content_lang(t);
    let mut threads = vec![row("course", t.get("hub-course-thread").to_owned())];
    threads.extend(
        app.content
            .modules()
            .map(|m| row(&m.id, format!("{} {}", m.id, m.title(&lang)))),
    );
    let trainers = s.is_instructor() && app.store.forum_optin(s.registration_id).await?;
    Ok(DiscussionsPage {
        t,
        sid: s.id.as_str().to_owned(),
        course: s.data.context_title.clone().unwrap_or_default(),
        threads,
        trainers,
    }
    .into_response())
}

pub struct PostView {
    pub id: String,
    pub author: String,
    pub instructor: bool,
    pub when: String,
    pub html: String,
    pub hidden: bool,
    pub pinned: bool,
    pub replies: Vec<PostView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "hub/thread.html")]
pub struct ThreadPage {
    pub t: Tr,
    pub sid: String,
    pub scope: String,
    pub title: String,
    pub locked: bool,
    pub moderator: bool,
    pub posts: Vec<PostView>,
    pub problem: Option<String>,
    pub body: String,
    pub max: usize,
    pub hint: String,
}

fn when(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|d| {
            d.format(&time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_default()
}

fn view(p: &Post, replies: Vec<PostView>) -> PostView {
    PostView {
        id: p.id.clone(),
        author: p.author.clone(),
        instructor: p.author_is_instructor,
        when: when(p.created_at),
        html: community::render_post(&p.body),
        hidden: p.hidden,
        pinned: p.pinned,
        replies,
    }
}

/// Top-level posts with their replies; hidden posts only for moderators.
fn tree(posts: &[Post], moderator: bool) -> Vec<PostView> {
    let visible = |p: &&Post| moderator || !p.hidden;
    posts
        .iter()
        .filter(|p| p.parent_id.is_empty())
        .filter(visible)
        .map(|top| {
            let replies = posts
                .iter()
                .filter(|r| r.parent_id == top.id)
                .filter(visible)
                .map(|r| view(r, Vec::new()))
                .collect();
            view(top, replies)
        })
        .collect()
}

fn scope_title(app: &AppState, t: Tr, scope: &Scope) -> String {
    match scope {
        Scope::Course => t.get("hub-course-thread").to_owned(),
        Scope::Trainers => t.get("hub-trainers-forum").to_owned(),
        Scope::Module(id) => app.content.module(id).map_or_else(
            || id.clone(),
            |m| format!("{id} {}", m.title(&content_lang(t))),
        ),
    }
}

async fn thread_page(
    app: &AppState,
    s: &Session,
    t: Tr,
    seat: &Seat,
    thread: &Thread,
) -> Result<ThreadPage, AppError> {
    let posts = app.store.list_posts(&seat.tenant(), &thread.id).await?;
    Ok(ThreadPage {
        t,
        sid: s.id.as_str().to_owned(),
        scope: seat.key.scope.as_str().to_owned(),
        title: scope_title(app, t, &seat.key.scope),
        locked: thread.locked,
        moderator: seat.moderator,
        posts: tree(&posts, seat.moderator),
        problem: None,
        body: String::new(),
        max: community::MAX_POST_CHARS,
        hint: t.num("hub-post-hint", "max", community::MAX_POST_CHARS as f64),
    })
}

pub async fn show_thread(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, scope)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let seat = seat(&app, &s, t, &scope).await?;
    let thread = thread_of(&app, &seat).await?;
    let page = thread_page(&app, &s, t, &seat, &thread).await?;
    app.store
        .mark_seen(&seat.tenant(), &thread.id, &seat.user, unix_now())
        .await?;
    Ok(page.into_response())
}

#[derive(Debug, Deserialize)]
pub struct PostForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    parent: String,
}

fn valid_id(id: &str) -> bool {
    id.len() <= 40 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// Why a post was not written: the status, the explanation and the text to keep in the form.
struct Refusal {
    status: StatusCode,
    problem: String,
    body: String,
}

/// The thread page again with the problem explained and the typed text kept.
async fn refused(
    app: &AppState,
    s: &Session,
    t: Tr,
    (seat, thread): (&Seat, &Thread),
    r: Refusal,
) -> Result<Response, AppError> {
    let mut page = thread_page(app, s, t, seat, thread).await?;
    page.problem = Some(r.problem);
    page.body = r.body;
    Ok((r.status, page).into_response())
}

pub async fn add_post(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, scope)): Path<(String, String)>,
    Form(form): Form<PostForm>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let seat = seat(&app, &s, t, &scope).await?;
    let thread = thread_of(&app, &seat).await?;
    let body = match community::check_body(&form.body) {
        Ok(body) => body,
        Err(problem) => {
            let message = match problem {
                BodyProblem::Empty => t.get("hub-post-empty").to_owned(),
                BodyProblem::TooLong => {
                    t.num("hub-post-too-long", "max", community::MAX_POST_CHARS as f64)
                }
            };
            let kept: String = form
                .body
                .chars()
                .take(community::MAX_POST_CHARS * 2)
                .collect();
            let refusal = Refusal {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                problem: message,
                body: kept,
            };
            return refused(&app, &s, t, (&seat, &thread), refusal).await;
        }
    };
    let parent = form.parent.trim();
    if !parent.is_empty() {
        let found = if valid_id(parent) {
            app.store
                .find_post(&seat.tenant(), &thread.id, parent)
                .await?
        } else {
            None
        };
        // Replies are one level deep and only to visible posts of this same thread.
        if !found.is_some_and(|p| p.parent_id.is_empty() && !p.hidden) {
            return Err(AppError::bad_request("bad_parent", t.get("hub-bad-parent")));
        }
    }
    let now = unix_now();
    let post = NewPost {
        id: uuid::Uuid::new_v4().to_string(),
        thread_id: thread.id.clone(),
        parent_id: parent.to_owned(),
        tenant: seat.tenant(),
        user_id: seat.user.clone(),
        author: author(&s, t),
        author_is_instructor: s.is_instructor(),
        body,
        created_at: now,
    };
    let outcome = app
        .store
        .insert_post(
            &post,
            now - community::RATE_WINDOW_SECS,
            community::RATE_LIMIT_POSTS,
        )
        .await?;
    let (status, message) = match outcome {
        PostOutcome::Written => {
            let to = format!(
                "/s/{}/hub/discuss/{}#p-{}",
                s.id.as_str(),
                seat.key.scope.as_str(),
                post.id
            );
            return Ok(Redirect::to(&to).into_response());
        }
        PostOutcome::Locked => (StatusCode::CONFLICT, t.get("hub-thread-locked").to_owned()),
        PostOutcome::RateLimited => (
            StatusCode::TOO_MANY_REQUESTS,
            t.with(
                "hub-rate-limited",
                &[
                    ("count", (community::RATE_LIMIT_POSTS as f64).into()),
                    (
                        "minutes",
                        ((community::RATE_WINDOW_SECS / 60) as f64).into(),
                    ),
                ],
            ),
        ),
    };
    let refusal = Refusal {
        status,
        problem: message,
        body: post.body,
    };
    refused(&app, &s, t, (&seat, &thread), refusal).await
}

/// The name shown on a post: the launch's name, else a neutral label.
fn author(s: &Session, t: Tr) -> String {
    let name = s
        .data
        .name
        .clone()
        .or_else(|| s.data.given_name.clone())
        .unwrap_or_else(|| t.get("hub-anonymous").to_owned());
    name.chars().take(80).collect()
}

pub async fn moderate_post(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, scope, pid, action)): Path<(String, String, String, String)>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let seat = seat(&app, &s, t, &scope).await?;
    if !seat.moderator {
        return Err(AppError::forbidden(
            "moderators_only",
            t.get("hub-moderators-only"),
        ));
    }
    let action = Moderation::parse(&action)
        .ok_or_else(|| AppError::not_found(t.get("hub-thread-not-found")))?;
    let thread = thread_of(&app, &seat).await?;
    let done = valid_id(&pid)
        && app
            .store
            .moderate_post(&seat.tenant(), &thread.id, &pid, action)
            .await?;
    if !done {
        return Err(AppError::not_found(t.get("hub-post-not-found")));
    }
    let to = format!(
        "/s/{}/hub/discuss/{}#p-{pid}",
        s.id.as_str(),
        seat.key.scope.as_str()
    );
    Ok(Redirect::to(&to).into_response())
}

pub async fn lock_thread(
    State(app): State<AppState>,
    CurrentSession(s): CurrentSession,
    Path((_, scope, action)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let t = tr_for(&app, &s).await;
    let seat = seat(&app, &s, t, &scope).await?;
    let locked = match action.as_str() {
        "lock" => true,
        "unlock" => false,
        _ => return Err(AppError::not_found(t.get("hub-thread-not-found"))),
    };
    if !seat.moderator {
        return Err(AppError::forbidden(
            "moderators_only",
            t.get("hub-moderators-only"),
        ));
    }
    let thread = thread_of(&app, &seat).await?;
    app.store
        .lock_thread(&seat.tenant(), &thread.id, locked)
        .await?;
    let to = format!(
        "/s/{}/hub/discuss/{}",
        s.id.as_str(),
        seat.key.scope.as_str()
    );
    Ok(Redirect::to(&to).into_response())
}
