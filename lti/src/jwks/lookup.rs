//! The lookup logic of [`JwksCache`]: decide under the lock whether cached keys serve, then fetch
//! without the lock, then record the outcome.

use super::*;

impl JwksCache {
    /// A cache with the default tuning.
    pub fn new(fetcher: Box<dyn JwksFetcher>) -> Self {
        Self::with_config(fetcher, JwksCacheConfig::default())
    }

    /// A cache with custom tuning.
    pub fn with_config(fetcher: Box<dyn JwksFetcher>, config: JwksCacheConfig) -> Self {
        Self {
            fetcher,
            config,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, HashMap<Url, Entry>> {
        // A panic elsewhere cannot leave an entry half-written: every update is one assignment.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets the keys of `url` (e.g. after a registration's JWKS URL changed).
    pub fn invalidate(&self, url: &Url) {
        self.lock().remove(url);
    }

    /// The key with `kid` from the JWKS at `url`, checked to be allowed to verify `alg`.
    /// Fetches when nothing fresh is cached, and refetches once (rate-limited) when the `kid` is
    /// unknown, which is how a platform's key rotation is picked up.
    pub async fn key(
        &self,
        url: &Url,
        kid: &str,
        alg: Algorithm,
        now: SystemTime,
    ) -> Result<Arc<PlatformKey>, JwksError> {
        let (keys, refetched) = match self.plan(url, kid, now) {
            Plan::Use { keys, refetched } => (keys, refetched),
            Plan::Fail(error) => return Err(error),
            Plan::Fetch(reason) => {
                let fetched = self.fetcher.fetch(url).await;
                (self.record(url, fetched, now, reason)?, true)
            }
        };
        let key = keys.find(kid).ok_or_else(|| JwksError::UnknownKid {
            url: url.to_string(),
            kid: kid.to_owned(),
            known: known_kids(&keys),
            refetched,
        })?;
        if !key.accepts(alg) {
            return Err(JwksError::AlgorithmMismatch {
                kid: kid.to_owned(),
                alg,
            });
        }
        Ok(Arc::clone(key))
    }

    fn plan(&self, url: &Url, kid: &str, now: SystemTime) -> Plan {
        let interval = self.config.min_refetch_interval;
        let mut entries = self.lock();
        let Some(entry) = entries.get_mut(url) else {
            return Plan::Fetch(FetchReason::Refresh);
        };
        let may_fetch = entry.may_fetch(now, interval);
        let has_kid = entry.keys.find(kid).is_some();
        if entry.is_fresh(now) && (has_kid || !may_fetch) {
            return Plan::Use {
                keys: Arc::clone(&entry.keys),
                refetched: false,
            };
        }
        if may_fetch {
            // Claimed under the lock: concurrent lookups now see the attempt and do not fetch.
            entry.last_attempt = now;
            let reason = if entry.is_fresh(now) {
                FetchReason::UnknownKid
            } else {
                FetchReason::Refresh
            };
            return Plan::Fetch(reason);
        }
        // Another lookup is fetching right now (no error recorded), or the refresh failed but
        // the expired keys are still within the stale-if-error grace.
        let within_grace = entry.usable_stale(now, self.config.stale_if_error);
        if within_grace && (has_kid || entry.last_error.is_none()) {
            return Plan::Use {
                keys: Arc::clone(&entry.keys),
                refetched: false,
            };
        }
        let elapsed = since(now, entry.last_attempt);
        Plan::Fail(JwksError::RecentlyFailed {
            url: url.to_string(),
            error: entry
                .last_error
                .clone()
                .unwrap_or_else(|| "no usable keys".into()),
            ago: elapsed.as_secs(),
            retry_in: interval.saturating_sub(elapsed).as_secs().max(1),
        })
    }

    /// Stores a fetch's outcome; on failure, serves still-usable stale keys if there are any.
    fn record(
        &self,
        url: &Url,
        fetched: Result<FetchedJwks, FetchError>,
        now: SystemTime,
        reason: FetchReason,
    ) -> Result<Arc<KeySet>, JwksError> {
        let parsed = fetched
            .map_err(|source| JwksError::Fetch {
                url: url.to_string(),
                source,
            })
            .and_then(|f| {
                let keys = KeySet::parse(&f.body).map_err(|source| JwksError::Invalid {
                    url: url.to_string(),
                    source,
                })?;
                Ok((Arc::new(keys), f.max_age))
            });
        let mut entries = self.lock();
        match parsed {
            Ok((keys, max_age)) => {
                let ttl = max_age
                    .unwrap_or(self.config.default_ttl)
                    .clamp(self.config.min_ttl, self.config.max_ttl);
                let entry = Entry {
                    keys: Arc::clone(&keys),
                    expires_at: now.checked_add(ttl).unwrap_or(now),
                    // A routine refresh leaves the next unknown-kid refetch free; an unknown-kid
                    // refetch starts the rate-limit window.
                    last_attempt: match reason {
                        FetchReason::UnknownKid => now,
                        FetchReason::Refresh => SystemTime::UNIX_EPOCH,
                    },
                    last_error: None,
                };
                entries.insert(url.clone(), entry);
                Ok(keys)
            }
            Err(error) => self.record_failure(&mut entries, url, error, now),
        }
    }

    fn record_failure(
        &self,
        entries: &mut HashMap<Url, Entry>,
        url: &Url,
        error: JwksError,
        now: SystemTime,
    ) -> Result<Arc<KeySet>, JwksError> {
        let entry = entries.entry(url.clone()).or_insert_with(|| Entry {
            keys: Arc::new(KeySet::default()),
            expires_at: SystemTime::UNIX_EPOCH,
            last_attempt: now,
            last_error: None,
        });
        entry.last_attempt = now;
        entry.last_error = Some(error.to_string());
        let stale_ok = !entry.is_fresh(now) && entry.usable_stale(now, self.config.stale_if_error);
        if stale_ok && !entry.keys.kids().is_empty() {
            return Ok(Arc::clone(&entry.keys));
        }
        Err(error)
    }
}

fn known_kids(keys: &KeySet) -> String {
    let kids = keys.kids();
    if kids.is_empty() {
        "none".into()
    } else {
        kids.join(", ")
    }
}
