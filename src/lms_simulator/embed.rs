//! A course page that embeds the tool in an iframe, like Moodle's "embed" launch container, and
//! implements the platform side of the LTI Client Side postMessages (`lti.capabilities`,
//! `lti.put_data`, `lti.get_data`) so tools can launch without third-party cookies. It also frames
//! dynamic registration and notes the tool's `org.imsglobal.lti.close`.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse};
use serde::Deserialize;

use super::html::{auto_post_page, escape};
use super::launch::LaunchSpec;
use super::state::{LmsSimulator, SimError};
use super::urls::{EMBED_FRAME_PATH, EMBED_PATH, EMBED_SCRIPT_PATH};

/// The frame name sent as `lti_storage_target`: the embedding page itself answers.
pub const STORAGE_TARGET: &str = "_parent";

/// `GET /mod/lti/embed.php`: one launch (or a registration) in an iframe.
#[derive(Debug, Deserialize)]
pub(crate) struct EmbedQuery {
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    course: String,
    #[serde(default)]
    user: String,
    /// A resource link id; empty for a deep linking request.
    #[serde(default)]
    link: String,
    /// `0` leaves out `lti_storage_target` (a platform without postMessage storage).
    #[serde(default)]
    storage: Option<String>,
    /// A tool's registration URL to frame instead of a launch (dynamic registration).
    #[serde(default)]
    register: Option<String>,
}

fn with_storage(q: &EmbedQuery) -> bool {
    q.storage.as_deref() != Some("0")
}

/// The origin of an http(s) URL, or `None`.
fn origin_of(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| u.origin().ascii_serialization())
}

/// The page: an iframe, the storage script, and the origins it answers.
pub(crate) async fn show_embedded(
    State(sim): State<LmsSimulator>,
    Query(q): Query<EmbedQuery>,
) -> Result<Html<String>, SimError> {
    let (src, origins) = match &q.register {
        Some(url) => {
            let origin = origin_of(url)
                .ok_or_else(|| SimError::bad_request("register must be an http(s) URL"))?;
            let start = sim.start_registration()?;
            let parsed = url::Url::parse(url)
                .map_err(|_| SimError::bad_request("register must be an http(s) URL"))?;
            (start.url_for(&parsed).to_string(), vec![origin])
        }
        None => {
            let tool = sim
                .tool(&q.client_id)
                .ok_or_else(|| SimError::bad_request("no tool with this client_id"))?;
            let origins = origin_of(tool.registration.target_link_uri.as_str())
                .into_iter()
                .collect();
            let frame = url::Url::parse_with_params(
                &sim.url(EMBED_FRAME_PATH),
                [
                    ("client_id", q.client_id.as_str()),
                    ("course", q.course.as_str()),
                    ("user", q.user.as_str()),
                    ("link", q.link.as_str()),
                    ("storage", if with_storage(&q) { "1" } else { "0" }),
                ],
            )
            .map_err(|_| SimError::bad_request("bad launch parameters"))?;
            (frame.to_string(), origins)
        }
    };
    Ok(Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Course activity</title>\
         <script src=\"{script}\" defer></script></head><body>\n<h1>Course activity</h1>\n\
         <div id=\"lti-platform\" data-tool-origins=\"{origins}\"></div>\n\
         <p id=\"lti-closed\" hidden>The tool closed the registration.</p>\n\
         <iframe id=\"tool\" name=\"tool\" title=\"Tool\" src=\"{src}\" width=\"1000\" height=\"700\" \
         allow=\"clipboard-write\"></iframe>\n</body></html>\n",
        script = escape(&sim.url(EMBED_SCRIPT_PATH)),
        origins = escape(&origins.join(" ")),
        src = escape(&src),
    )))
}

/// `GET /mod/lti/embed_launch.php`: inside the iframe, starts the launch and posts the login
/// initiation to the tool, with `lti_storage_target` when storage is offered.
pub(crate) async fn launch_in_frame(
    State(sim): State<LmsSimulator>,
    Query(q): Query<EmbedQuery>,
) -> Result<Html<String>, SimError> {
    let spec = if q.link.is_empty() {
        LaunchSpec::deep_linking(&q.user)
    } else {
        LaunchSpec::resource_link(&q.user, &q.link)
    };
    let initiation = sim.login_initiation(spec.with_client(&q.client_id).in_context(&q.course))?;
    let mut fields: Vec<(&str, &str)> = initiation
        .params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if with_storage(&q) {
        fields.push(("lti_storage_target", STORAGE_TARGET));
    }
    Ok(Html(auto_post_page(
        "Launching the tool",
        initiation.url.as_str(),
        &fields,
    )))
}

/// `GET /mod/lti/embed.js`: the platform side of the postMessage storage.
pub(crate) async fn storage_script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        STORAGE_JS,
    )
}

/// Answers only the tool origins listed on the page, keeps each origin's data apart, and
/// replies to the sending window at the sender's origin (never `*`).
const STORAGE_JS: &str = r#"(function () {
  "use strict";
  var root = document.getElementById("lti-platform");
  var allowed = (root.dataset.toolOrigins || "").split(" ").filter(Boolean);
  var store = {};
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data.subject !== "string") { return; }
    if (allowed.indexOf(event.origin) < 0) { return; }
    if (data.subject === "org.imsglobal.lti.close") {
      document.getElementById("lti-closed").hidden = false;
      document.body.setAttribute("data-lti-closed", "1");
      return;
    }
    function reply(body) {
      body.subject = data.subject + ".response";
      body.message_id = data.message_id;
      event.source.postMessage(body, event.origin);
    }
    var mine = store[event.origin] || (store[event.origin] = {});
    if (data.subject === "lti.capabilities") {
      reply({ supported_messages: [
        { subject: "lti.capabilities" }, { subject: "lti.put_data" }, { subject: "lti.get_data" }
      ] });
    } else if (data.subject === "lti.put_data") {
      if (typeof data.key !== "string" || typeof data.value !== "string") {
        reply({ error: { code: "bad_request", message: "key and value must be strings" } });
        return;
      }
      mine[data.key] = data.value;
      document.body.setAttribute("data-lti-put", String(Object.keys(mine).length));
      reply({ key: data.key, value: data.value });
    } else if (data.subject === "lti.get_data") {
      if (!Object.prototype.hasOwnProperty.call(mine, data.key)) {
        reply({ error: { code: "bad_request", message: "no value for this key" } });
        return;
      }
      reply({ key: data.key, value: mine[data.key] });
    } else {
      reply({ error: { code: "unsupported_subject", message: "not supported" } });
    }
  });
}());
"#;

impl LmsSimulator {
    /// The page embedding a launch of `client_id` for `user` in an iframe (`link` empty: deep
    /// linking); `storage` offers postMessage storage.
    pub fn embedded_launch_url(
        &self,
        client_id: &str,
        course: &str,
        user: &str,
        link: &str,
        storage: bool,
    ) -> String {
        url::Url::parse_with_params(
            &self.url(EMBED_PATH),
            [
                ("client_id", client_id),
                ("course", course),
                ("user", user),
                ("link", link),
                ("storage", if storage { "1" } else { "0" }),
            ],
        )
        .map_or_else(|_| self.url(EMBED_PATH), |u| u.to_string())
    }

    /// The page framing the tool's dynamic registration page with a fresh registration token.
    pub fn embedded_registration_url(&self, tool_registration_url: &str) -> String {
        url::Url::parse_with_params(&self.url(EMBED_PATH), [("register", tool_registration_url)])
            .map_or_else(|_| self.url(EMBED_PATH), |u| u.to_string())
    }
}
