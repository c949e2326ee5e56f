//! JWKS cache behaviour with a fake fetcher that counts calls and a clock the tests move.

use std::sync::atomic::{AtomicUsize, Ordering};

use jsonwebtoken::EncodingKey;
use jsonwebtoken::jwk::{Jwk, KeyAlgorithm, PublicKeyUse};
use serde_json::{Value, json};

use super::*;

const RSA_A: &[u8] = include_bytes!("../../tests/fixtures/keys/platform-rsa.pem");
const RSA_B: &[u8] = include_bytes!("../../tests/fixtures/keys/rotated-rsa.pem");

fn jwk(pem: &[u8], kid: &str) -> Value {
    let key = EncodingKey::from_rsa_pem(pem).unwrap();
    let mut jwk = Jwk::from_encoding_key(&key, Algorithm::RS256).unwrap();
    jwk.common.key_id = Some(kid.to_owned());
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    serde_json::to_value(jwk).unwrap()
}

#[derive(Default)]
struct FakeState {
    calls: AtomicUsize,
    response: Mutex<Option<(Value, Option<Duration>)>>,
}

struct Fake(Arc<FakeState>);

/// Counts the call and answers with the current response (or a 503).
fn respond(state: &FakeState) -> Result<FetchedJwks, FetchError> {
    state.calls.fetch_add(1, Ordering::SeqCst);
    match state.response.lock().unwrap().clone() {
        Some((body, max_age)) => Ok(FetchedJwks {
            body: body.to_string().into_bytes(),
            max_age,
        }),
        None => Err(FetchError::new("HTTP 503 from the platform")),
    }
}

impl JwksFetcher for Fake {
    fn fetch<'a>(&'a self, _url: &'a Url) -> FetchFuture<'a> {
        let response = respond(&self.0);
        Box::pin(async move { response })
    }
}

struct Harness {
    state: Arc<FakeState>,
    cache: JwksCache,
    url: Url,
    t0: SystemTime,
}

impl Harness {
    fn new(keys: Vec<Value>, max_age: Option<Duration>) -> Self {
        let state = Arc::new(FakeState::default());
        let harness = Self {
            cache: JwksCache::new(Box::new(Fake(Arc::clone(&state)))),
            state,
            url: Url::parse("https://lms.example/jwks").unwrap(),
            t0: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        };
        harness.serve(keys, max_age);
        harness
    }

    fn serve(&self, keys: Vec<Value>, max_age: Option<Duration>) {
        *self.state.response.lock().unwrap() = Some((json!({ "keys": keys }), max_age));
    }

    fn fail(&self) {
        *self.state.response.lock().unwrap() = None;
    }

    fn calls(&self) -> usize {
        self.state.calls.load(Ordering::SeqCst)
    }

    async fn key(&self, kid: &str, at_secs: u64) -> Result<Arc<PlatformKey>, JwksError> {
        let now = self.t0 + Duration::from_secs(at_secs);
        self.cache.key(&self.url, kid, Algorithm::RS256, now).await
    }
}

#[tokio::test]
async fn a_cached_key_is_served_without_fetching_again() {
    let h = Harness::new(vec![jwk(RSA_A, "a")], None);
    assert_eq!(h.key("a", 0).await.unwrap().kid().as_str(), "a");
    assert_eq!(h.key("a", 1).await.unwrap().kid().as_str(), "a");
    assert_eq!(h.key("a", 299).await.unwrap().kid().as_str(), "a");
    assert_eq!(h.calls(), 1);
}

#[tokio::test]
async fn an_unknown_kid_refetches_once_and_finds_the_rotated_key() {
    let h = Harness::new(vec![jwk(RSA_A, "a")], None);
    h.key("a", 0).await.unwrap();
    h.serve(vec![jwk(RSA_A, "a"), jwk(RSA_B, "b")], None);
    assert_eq!(h.key("b", 11).await.unwrap().kid().as_str(), "b");
    assert_eq!(h.calls(), 2);
    h.key("b", 12).await.unwrap();
    h.key("a", 13).await.unwrap();
    assert_eq!(h.calls(), 2);
}

#[tokio::test]
async fn a_rotation_right_after_a_routine_fetch_is_followed_at_once() {
    // Canvas may rotate seconds after we fetched: the first unknown kid must refetch.
    let h = Harness::new(vec![jwk(RSA_A, "a")], None);
    h.key("a", 0).await.unwrap();
    h.serve(vec![jwk(RSA_B, "b")], None);
    assert_eq!(h.key("b", 1).await.unwrap().kid().as_str(), "b");
    assert_eq!(h.calls(), 2);
    // That refetch starts the rate-limit window for further unknown kids.
    h.key("bogus", 2).await.unwrap_err();
    assert_eq!(h.calls(), 2);
}

#[tokio::test]
async fn a_flood_of_unknown_kids_fetches_at_most_once_per_interval() {
    let h = Harness::new(vec![jwk(RSA_A, "a")], None);
    h.key("a", 0).await.unwrap();
    let first = h.key("bogus-0", 20).await.unwrap_err();
    assert!(
        matches!(
            first,
            JwksError::UnknownKid {
                refetched: true,
                ..
            }
        ),
        "{first}"
    );
    assert_eq!(h.calls(), 2);
    for i in 1..50 {
        let err = h.key(&format!("bogus-{i}"), 21).await.unwrap_err();
        assert!(matches!(
            err,
            JwksError::UnknownKid {
                refetched: false,
                ..
            }
        ));
        assert_eq!(err.code(), "kid_unknown");
    }
    assert_eq!(h.calls(), 2);
    h.key("bogus-again", 31).await.unwrap_err();
    assert_eq!(h.calls(), 3);
}

#[tokio::test]
async fn the_unknown_kid_message_lists_the_published_kids() {
    let h = Harness::new(vec![jwk(RSA_A, "a")], None);
    let err = h.key("zzz", 0).await.unwrap_err().to_string();
    assert!(
        err.contains("no usable key with kid \"zzz\" (it has: a)"),
        "{err}"
    );
}

#[tokio::test]
async fn max_age_sets_the_lifetime_within_bounds() {
    let h = Harness::new(vec![jwk(RSA_A, "a")], Some(Duration::from_secs(120)));
    h.key("a", 0).await.unwrap();
    h.key("a", 119).await.unwrap();
    assert_eq!(h.calls(), 1);
    h.key("a", 121).await.unwrap();
    assert_eq!(h.calls(), 2);

    let h = Harness::new(vec![jwk(RSA_A, "a")], Some(Duration::ZERO));
    h.key("a", 0).await.unwrap();
    h.key("a", 59).await.unwrap();
    assert_eq!(h.calls(), 1, "no-store is clamped to the 60 s minimum");

    let h = Harness::new(
        vec![jwk(RSA_A, "a")],
        Some(Duration::from_secs(10 * 86_400)),
    );
    h.key("a", 0).await.unwrap();
    h.key("a", 86_401).await.unwrap();
    assert_eq!(h.calls(), 2, "a ten-day max-age is clamped to 24 hours");
}

#[tokio::test]
async fn encryption_keys_are_never_used_for_signatures() {
    let mut enc = jwk(RSA_A, "a");
    enc["use"] = json!("enc");
    let h = Harness::new(vec![enc], None);
    let err = h.key("a", 0).await.unwrap_err();
    assert!(matches!(err, JwksError::UnknownKid { .. }), "{err}");
}

#[tokio::test]
async fn a_key_whose_declared_alg_differs_from_the_tokens_is_refused() {
    let mut rs384 = jwk(RSA_A, "a");
    rs384["alg"] = serde_json::to_value(KeyAlgorithm::RS384).unwrap();
    let h = Harness::new(vec![rs384], None);
    let err = h.key("a", 0).await.unwrap_err();
    assert!(
        matches!(
            err,
            JwksError::AlgorithmMismatch {
                alg: Algorithm::RS256,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(err.code(), "key_alg_mismatch");
}

#[tokio::test]
async fn a_failed_fetch_is_not_retried_within_the_interval() {
    let h = Harness::new(vec![], None);
    h.fail();
    let err = h.key("a", 0).await.unwrap_err();
    assert!(
        matches!(err, JwksError::Fetch { .. }) && err.is_temporary(),
        "{err}"
    );
    let err = h.key("a", 5).await.unwrap_err();
    assert!(
        matches!(err, JwksError::RecentlyFailed { .. }) && err.is_temporary(),
        "{err}"
    );
    assert!(err.to_string().contains("HTTP 503"), "{err}");
    assert_eq!(h.calls(), 1);
    h.serve(vec![jwk(RSA_A, "a")], None);
    h.key("a", 10).await.unwrap();
    assert_eq!(h.calls(), 2);
}

#[tokio::test]
async fn expired_keys_serve_while_the_platform_is_briefly_down() {
    let h = Harness::new(vec![jwk(RSA_A, "a")], None);
    h.key("a", 0).await.unwrap();
    h.fail();
    h.key("a", 301).await.unwrap();
    h.key("a", 305).await.unwrap();
    assert_eq!(h.calls(), 2);
    let err = h.key("a", 300 + 3600 + 1).await.unwrap_err();
    assert_eq!(err.code(), "jwks_unavailable");
}

#[tokio::test]
async fn a_document_that_is_not_a_jwks_is_reported() {
    let h = Harness::new(vec![], None);
    *h.state.response.lock().unwrap() = Some((json!({"error": "nope"}), None));
    let err = h.key("a", 0).await.unwrap_err();
    assert_eq!(err.code(), "jwks_invalid");
    assert!(!err.is_temporary());
}

#[tokio::test]
async fn invalidate_forgets_the_cached_keys() {
    let h = Harness::new(vec![jwk(RSA_A, "a")], None);
    h.key("a", 0).await.unwrap();
    h.cache.invalidate(&h.url);
    h.key("a", 1).await.unwrap();
    assert_eq!(h.calls(), 2);
}

struct SlowFake(Arc<FakeState>);

impl JwksFetcher for SlowFake {
    fn fetch<'a>(&'a self, _url: &'a Url) -> FetchFuture<'a> {
        Box::pin(async move {
            for _ in 0..20 {
                tokio::task::yield_now().await;
            }
            respond(&self.0)
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_unknown_kids_share_one_refetch() {
    let state = Arc::new(FakeState::default());
    *state.response.lock().unwrap() = Some((json!({ "keys": [jwk(RSA_A, "a")] }), None));
    let cache = Arc::new(JwksCache::new(Box::new(SlowFake(Arc::clone(&state)))));
    let url = Url::parse("https://lms.example/jwks").unwrap();
    let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    cache.key(&url, "a", Algorithm::RS256, t0).await.unwrap();
    let later = t0 + Duration::from_secs(30);
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let (cache, url) = (Arc::clone(&cache), url.clone());
            tokio::spawn(async move {
                cache
                    .key(&url, &format!("bogus-{i}"), Algorithm::RS256, later)
                    .await
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap_err().code(), "kid_unknown");
    }
    assert_eq!(state.calls.load(Ordering::SeqCst), 2);
}
