//! The community of practice: one discussion per course context (`course`) and per module
//! (`M01`..`M14`) inside it, plus the optional cross-institution trainers' forum. Every thread
//! belongs to one platform registration and context; these rules hold whatever a caller sends.

use crate::platforms::RegistrationId;

/// The longest post, in characters.
pub const MAX_POST_CHARS: usize = 4000;
/// Posts one user may write in [`RATE_WINDOW_SECS`].
pub const RATE_LIMIT_POSTS: i64 = 5;
pub const RATE_WINDOW_SECS: i64 = 600;
/// The registration and context ids the shared trainers' forum is stored under.
pub const TRAINERS_SCOPE: &str = "trainers";

/// Which discussion of a course: the course's own, or one module's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Course,
    Module(String),
    /// The cross-institution forum for instructors of opted-in registrations.
    Trainers,
}

impl Scope {
    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "course" => Some(Scope::Course),
            TRAINERS_SCOPE => Some(Scope::Trainers),
            // Two digits exactly: `M+1` parses as a number too, and would open a thread no
            // moderator's list shows.
            m if m.len() == 3
                && m.starts_with('M')
                && m[1..].bytes().all(|b| b.is_ascii_digit())
                && m[1..].parse::<u8>().is_ok_and(|n| (1..=14).contains(&n)) =>
            {
                Some(Scope::Module(m.to_owned()))
            }
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Scope::Course => "course",
            Scope::Module(m) => m,
            Scope::Trainers => TRAINERS_SCOPE,
        }
    }
}

/// Where a thread lives: the tenant and context, or the shared trainers' forum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadKey {
    /// `None` for the trainers' forum, which no single registration owns.
    pub registration_id: Option<RegistrationId>,
    pub context_id: String,
    pub scope: Scope,
}

impl ThreadKey {
    /// The stored tenant column: the registration id, or `trainers` for the shared forum.
    pub fn tenant(&self) -> String {
        self.registration_id
            .map_or_else(|| TRAINERS_SCOPE.to_owned(), |r| r.to_string())
    }
}

/// A thread as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    pub id: String,
    pub locked: bool,
}

/// A post as stored; the body is Markdown, rendered and sanitised when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub id: String,
    pub parent_id: String,
    pub user_id: String,
    pub author: String,
    pub author_is_instructor: bool,
    pub body: String,
    pub hidden: bool,
    pub pinned: bool,
    pub created_at: i64,
}

/// A post to be written.
#[derive(Debug, Clone)]
pub struct NewPost {
    pub id: String,
    pub thread_id: String,
    /// Empty for a top-level post.
    pub parent_id: String,
    pub tenant: String,
    pub user_id: String,
    pub author: String,
    pub author_is_instructor: bool,
    pub body: String,
    pub created_at: i64,
}

/// Why a post was not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostOutcome {
    Written,
    Locked,
    RateLimited,
}

/// A moderation action; only instructors may take them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    Hide,
    Unhide,
    Pin,
    Unpin,
}

impl Moderation {
    pub fn parse(s: &str) -> Option<Moderation> {
        match s {
            "hide" => Some(Moderation::Hide),
            "unhide" => Some(Moderation::Unhide),
            "pin" => Some(Moderation::Pin),
            "unpin" => Some(Moderation::Unpin),
            _ => None,
        }
    }
}

/// Why a post body is refused before it reaches the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyProblem {
    Empty,
    TooLong,
}

/// Trims a post body and checks its length.
pub fn check_body(body: &str) -> Result<String, BodyProblem> {
    let body = body.trim();
    if body.is_empty() {
        Err(BodyProblem::Empty)
    } else if body.chars().count() > MAX_POST_CHARS {
        Err(BodyProblem::TooLong)
    } else {
        Ok(body.replace("\r\n", "\n"))
    }
}

/// A post body as safe HTML. Raw HTML a participant types is shown as text (so `<script>` is
/// visible as written and never parsed), then ammonia removes anything unsafe that is left,
/// such as `javascript:` links.
pub fn render_post(body: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let events = Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH).map(|e| match e {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    ammonia::Builder::default()
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_course_trainers_or_a_known_module() {
        assert_eq!(Scope::parse("course"), Some(Scope::Course));
        assert_eq!(Scope::parse("M14"), Some(Scope::Module("M14".into())));
        for bad in ["M15", "M00", "m01", "M1", "M+1", "../x", ""] {
            assert_eq!(Scope::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn scripts_and_event_handlers_never_survive_rendering() {
        let html = render_post(
            "<script>alert(1)</script>\n\n[x](javascript:alert(2)) <img src=x onerror=alert(3)> **ok**",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "shown as text: {html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("<strong>ok</strong>"), "{html}");
    }

    #[test]
    fn bodies_are_trimmed_and_limited() {
        assert_eq!(check_body("  hi \r\n"), Ok("hi".into()));
        assert_eq!(check_body("   "), Err(BodyProblem::Empty));
        assert_eq!(
            check_body(&"a".repeat(MAX_POST_CHARS + 1)),
            Err(BodyProblem::TooLong)
        );
    }
}
