//! The HTTP side of grade passback: access tokens (client_credentials with a signed assertion,
//! cached per registration and scope set), score POSTs and result read-backs, each with a timeout.

use crate::keys::ToolKeys;
use crate::platforms::Registration;
use lti::{
    AccessToken, ClientAssertionClaims, KeyId, LineItem, LineItemUrl, LineItemsQuery, LineItemsUrl,
    ResourceLinkId, ResultItem, ScopeSet, Score,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

const SCORE_TYPE: &str = "application/vnd.ims.lis.v1.score+json";
const RESULTS_ACCEPT: &str = "application/vnd.ims.lis.v2.resultcontainer+json";
/// A token is not used in its last 30 s, so a request never starts with one about to expire.
const TOKEN_MARGIN: Duration = Duration::from_secs(30);

/// Why a call did not get an HTTP answer to judge.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("no answer from {url}: {source}")]
    Transport { url: String, source: reqwest::Error },
    #[error("access token refused: {0}")]
    Token(#[from] lti::TokenError),
    #[error("the tool has no signing key right now")]
    NoSigningKey,
    #[error("the platform's answer could not be read: {0}")]
    Results(String),
    #[error("HTTP {status}: {body}")]
    Refused { status: u16, body: String },
}

impl CallError {
    /// A token endpoint that refuses our client (4xx with an OAuth error) will not change its
    /// mind on its own; everything else may pass on the next try.
    pub fn is_temporary(&self) -> bool {
        match self {
            CallError::Token(e) => e.is_temporary(),
            CallError::Refused { status, .. } => {
                matches!(status, 401 | 408 | 425 | 429) || *status >= 500
            }
            _ => true,
        }
    }
}

/// A platform's HTTP answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub body: String,
    /// The `Link` header values (containers page with `rel="next"`).
    pub links: Vec<String>,
}

type TokenKey = (String, String);

/// What a line item the tool creates carries besides its key.
#[derive(Debug, Clone)]
pub struct NewColumn<'a> {
    pub label: &'a str,
    pub review: lti::SubmissionReview,
    /// The placement's opening and due dates (`startDateTime`, `endDateTime`).
    pub dates: (Option<lti::Timestamp>, Option<lti::Timestamp>),
}

/// AGS client shared by the workers of one process.
#[derive(Debug)]
pub struct AgsClient {
    http: reqwest::Client,
    timeout: Duration,
    tokens: Mutex<HashMap<TokenKey, (Arc<AccessToken>, SystemTime)>>,
    fetching: tokio::sync::Mutex<()>,
    /// Held while a line item is found or created (see `grades::line_items`).
    pub resolving: tokio::sync::Mutex<()>,
}

impl AgsClient {
    /// `http` carries the User-Agent (see `http_client`); `timeout` bounds every call.
    pub fn new(http: reqwest::Client, timeout: Duration) -> Self {
        Self {
            http,
            timeout,
            tokens: Mutex::new(HashMap::new()),
            fetching: tokio::sync::Mutex::new(()),
            resolving: tokio::sync::Mutex::new(()),
        }
    }

    fn cached(&self, key: &TokenKey) -> Option<Arc<AccessToken>> {
        let tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        let (token, until) = tokens.get(key)?;
        (SystemTime::now() < *until).then(|| token.clone())
    }

    /// Drops `refused` from the cache, unless another call already replaced it with a fresh one.
    fn forget(&self, key: &TokenKey, refused: &Arc<AccessToken>) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        if tokens
            .get(key)
            .is_some_and(|(t, _)| Arc::ptr_eq(t, refused))
        {
            tokens.remove(key);
        }
    }

    /// A token for `scopes` on `reg`, from the cache or freshly requested.
    pub async fn token(
        &self,
        reg: &Registration,
        keys: &ToolKeys,
        scopes: &ScopeSet,
    ) -> Result<Arc<AccessToken>, CallError> {
        let key = (reg.id.to_string(), scopes.to_param());
        if let Some(token) = self.cached(&key) {
            return Ok(token);
        }
        // One request per process fetches; concurrent deliveries wait and reuse its token.
        let _fetching = self.fetching.lock().await;
        if let Some(token) = self.cached(&key) {
            return Ok(token);
        }
        let now = SystemTime::now();
        let (kid, signing) = keys
            .signing_key(crate::grades::unix_ms(now) / 1000)
            .ok_or(CallError::NoSigningKey)?;
        let kid = KeyId::parse(kid.to_owned()).map_err(|_| CallError::NoSigningKey)?;
        let claims = ClientAssertionClaims::new(
            &reg.client_id,
            reg.token_url.as_str(),
            now,
            Duration::from_secs(300),
        );
        let assertion = claims.sign(signing, &kid)?;
        let form = lti::token_request_form(&assertion, scopes)?;
        let url = reg.token_url.as_str();
        let response = self
            .http
            .post(url)
            .form(&form)
            .timeout(self.timeout)
            .send()
            .await
            .map_err(|source| transport(url, source))?;
        let status = response.status().as_u16();
        let body = response
            .bytes()
            .await
            .map_err(|source| transport(url, source))?;
        // Moodle labels this JSON `text/html`: the parser ignores the Content-Type.
        let token = Arc::new(AccessToken::parse_response(status, &body)?);
        let until = token.use_until(now, Duration::from_secs(3600), TOKEN_MARGIN);
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        tokens.insert(key, (token.clone(), until));
        Ok(token)
    }

    /// Sends `request` with a bearer token; a 401 drops the cached token and tries once more
    /// with a fresh one (the platform may have expired it early).
    async fn authorized(
        &self,
        reg: &Registration,
        keys: &ToolKeys,
        scopes: &ScopeSet,
        request: impl Fn(&str) -> reqwest::RequestBuilder,
    ) -> Result<Answer, CallError> {
        let key = (reg.id.to_string(), scopes.to_param());
        let mut refreshed = false;
        loop {
            let token = self.token(reg, keys, scopes).await?;
            let answer = send(request(&token.authorization_header()).timeout(self.timeout)).await?;
            if answer.status == 401 && !refreshed {
                self.forget(&key, &token);
                refreshed = true;
                continue;
            }
            return Ok(answer);
        }
    }

    /// POSTs a score to the line item's scores endpoint.
    pub async fn post_score(
        &self,
        reg: &Registration,
        keys: &ToolKeys,
        line_item: &LineItemUrl,
        score: &Score,
    ) -> Result<Answer, CallError> {
        let url = line_item.scores_url();
        let body = score.to_json();
        let scopes = ScopeSet::new([crate::grades::SCOPE_SCORE]);
        self.authorized(reg, keys, &scopes, |auth| {
            self.http
                .post(url.clone())
                .header(reqwest::header::AUTHORIZATION, auth)
                .header(reqwest::header::CONTENT_TYPE, SCORE_TYPE)
                .body(body.clone())
        })
        .await
    }

    /// Reads back what the platform holds for one user on a line item.
    pub async fn read_results(
        &self,
        reg: &Registration,
        keys: &ToolKeys,
        line_item: &LineItemUrl,
        user_id: &lti::UserId,
    ) -> Result<Vec<ResultItem>, CallError> {
        let url = line_item.results_url_for(Some(user_id), None);
        let scopes = ScopeSet::new([SCOPE_RESULT_READONLY]);
        let answer = self
            .authorized(reg, keys, &scopes, |auth| {
                self.http
                    .get(url.clone())
                    .header(reqwest::header::AUTHORIZATION, auth)
                    .header(reqwest::header::ACCEPT, RESULTS_ACCEPT)
            })
            .await?;
        if !(200..300).contains(&answer.status) {
            return Err(CallError::Results(format!(
                "HTTP {}: {}",
                answer.status, answer.body
            )));
        }
        ResultItem::parse_container(answer.body.as_bytes())
            .map_err(|e| CallError::Results(e.to_string()))
    }
}

/// The most of a platform's answer kept in memory (a results page of a large course fits).
const MAX_BODY: usize = 4 * 1024 * 1024;

/// The most result pages one read-back follows: a platform whose `next` links loop ends here.
const MAX_RESULT_PAGES: usize = 200;

impl AgsClient {
    /// Every result the platform holds on a line item, following `Link: rel="next"` pages. A
    /// next page on another origin is not followed: the bearer token must not leave the platform.
    pub async fn read_all_results(
        &self,
        reg: &Registration,
        keys: &ToolKeys,
        line_item: &LineItemUrl,
    ) -> Result<Vec<ResultItem>, CallError> {
        let scopes = ScopeSet::new([SCOPE_RESULT_READONLY]);
        let origin = line_item.as_url().origin();
        let mut url = line_item.results_url();
        let mut all = Vec::new();
        for _ in 0..MAX_RESULT_PAGES {
            let answer = self
                .authorized(reg, keys, &scopes, |auth| {
                    self.http
                        .get(url.clone())
                        .header(reqwest::header::AUTHORIZATION, auth)
                        .header(reqwest::header::ACCEPT, RESULTS_ACCEPT)
                })
                .await?;
            expect_ok(&answer)?;
            all.extend(ResultItem::parse_container(answer.body.as_bytes()).map_err(ags_error)?);
            let links = lti::PageLinks::parse(answer.links.iter().map(String::as_str), &url);
            match links.next() {
                Some(next) if next.origin() == origin && *next != url => url = next.clone(),
                _ => return Ok(all),
            }
        }
        Ok(all)
    }

    /// Finds our line item for a resource link and module (by `resource_link_id`, `resource_id`
    /// and `tag`) in the line items service, or creates it. Returns its URL.
    pub async fn find_or_create_line_item(
        &self,
        reg: &Registration,
        keys: &ToolKeys,
        lineitems: &LineItemsUrl,
        key: &crate::grades::LineItemKey,
        column: NewColumn<'_>,
    ) -> Result<LineItemUrl, CallError> {
        let NewColumn {
            label,
            review,
            dates,
        } = column;
        let scopes = ScopeSet::new([crate::grades::SCOPE_LINEITEM]);
        let mut query = LineItemsQuery::new()
            .resource_id(key.resource_id.clone())
            .tag(crate::grades::LINE_ITEM_TAG);
        let link = ResourceLinkId::parse(key.resource_link_id.clone()).ok();
        if let Some(link) = &link {
            query = query.resource_link_id(link.clone());
        }
        let url = lineitems.with_query(&query);
        let found = self
            .authorized(reg, keys, &scopes, |auth| {
                self.http
                    .get(url.clone())
                    .header(reqwest::header::AUTHORIZATION, auth)
                    .header(reqwest::header::ACCEPT, LINE_ITEMS_ACCEPT)
            })
            .await?;
        let existing = expect_ok(&found)
            .and_then(|()| LineItem::parse_container(found.body.as_bytes()).map_err(ags_error))?;
        if let Some(id) = existing.into_iter().find_map(|item| item.id) {
            return Ok(id);
        }
        let mut item = LineItem::new(label, f64::from(100u8))
            .map_err(ags_error)?
            .with_resource_id(key.resource_id.clone())
            .with_tag(crate::grades::LINE_ITEM_TAG)
            .with_submission_review(review)
            .with_dates(dates.0, dates.1)
            .map_err(ags_error)?;
        if let Some(link) = link {
            item = item.with_resource_link_id(link);
        }
        let body = serde_json::to_vec(&item).map_err(|e| CallError::Results(e.to_string()))?;
        let created = self
            .authorized(reg, keys, &scopes, |auth| {
                self.http
                    .post(lineitems.as_url().clone())
                    .header(reqwest::header::AUTHORIZATION, auth)
                    .header(reqwest::header::CONTENT_TYPE, LINE_ITEM_TYPE)
                    .body(body.clone())
            })
            .await?;
        expect_ok(&created)?;
        LineItem::parse(created.body.as_bytes())
            .map_err(ags_error)?
            .id
            .ok_or_else(|| CallError::Results("the created line item has no id".into()))
    }
}

const LINE_ITEMS_ACCEPT: &str = "application/vnd.ims.lis.v2.lineitemcontainer+json";
const LINE_ITEM_TYPE: &str = "application/vnd.ims.lis.v2.lineitem+json";

fn expect_ok(answer: &Answer) -> Result<(), CallError> {
    if (200..300).contains(&answer.status) {
        Ok(())
    } else {
        Err(CallError::Refused {
            status: answer.status,
            body: answer.body.chars().take(500).collect(),
        })
    }
}

fn ags_error(e: lti::AgsError) -> CallError {
    CallError::Results(e.to_string())
}

/// The AGS scope that allows reading results.
pub const SCOPE_RESULT_READONLY: &str =
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";

fn transport(url: &str, source: reqwest::Error) -> CallError {
    CallError::Transport {
        url: url.to_owned(),
        source,
    }
}

async fn send(request: reqwest::RequestBuilder) -> Result<Answer, CallError> {
    let response = request
        .send()
        .await
        .map_err(|e| transport("the platform", e))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let links = response
        .headers()
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let url = response.url().to_string();
    let mut body = response.text().await.map_err(|e| transport(&url, e))?;
    if body.len() > MAX_BODY {
        let cut = (0..=MAX_BODY)
            .rev()
            .find(|i| body.is_char_boundary(*i))
            .unwrap_or(0);
        body.truncate(cut);
    }
    Ok(Answer {
        status,
        retry_after,
        body,
        links,
    })
}
