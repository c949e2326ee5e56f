//! An in-memory view of the registrations, refreshed from the store every few seconds, so
//! launches do not query registrations each time and CLI changes reach running servers quickly.

use crate::db::{DynStore, StoreResult};
use crate::platforms::{Registration, RegistrationId};
use lti::{ClientId, Issuer};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How stale the view may be. `platform add/remove/approve` in another process shows within this.
pub const REFRESH_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug, Default)]
struct Snapshot {
    loaded_at: Option<Instant>,
    registrations: Arc<Vec<Registration>>,
    frame_origins: Arc<Vec<String>>,
}

/// Cached registrations and frame origins.
#[derive(Debug)]
pub struct Registry {
    store: DynStore,
    snapshot: RwLock<Snapshot>,
}

/// Which registration a login names, or why none fits.
#[derive(Debug)]
pub enum Lookup {
    Found(Box<Registration>),
    UnknownIssuer,
    UnknownClient,
    /// Several registrations share the issuer and the platform sent no client_id.
    Ambiguous(usize),
}

impl Registry {
    pub fn new(store: DynStore) -> Self {
        Self {
            store,
            snapshot: RwLock::new(Snapshot::default()),
        }
    }

    /// Forgets the cached view (after this process changed registrations).
    pub fn invalidate(&self) {
        if let Ok(mut s) = self.snapshot.write() {
            s.loaded_at = None;
        }
    }

    async fn current(&self) -> StoreResult<(Arc<Vec<Registration>>, Arc<Vec<String>>)> {
        if let Ok(s) = self.snapshot.read()
            && s.loaded_at.is_some_and(|t| t.elapsed() < REFRESH_EVERY)
        {
            return Ok((s.registrations.clone(), s.frame_origins.clone()));
        }
        let registrations = Arc::new(self.store.list_registrations().await?);
        let frame_origins = Arc::new(self.store.all_frame_origins().await?);
        if let Ok(mut s) = self.snapshot.write() {
            *s = Snapshot {
                loaded_at: Some(Instant::now()),
                registrations: registrations.clone(),
                frame_origins: frame_origins.clone(),
            };
        }
        Ok((registrations, frame_origins))
    }

    /// Picks the registration for a login: by issuer and client_id, or by issuer alone when
    /// exactly one registration has that issuer.
    pub async fn lookup(
        &self,
        issuer: &Issuer,
        client_id: Option<&ClientId>,
    ) -> StoreResult<Lookup> {
        let (all, _) = self.current().await?;
        let mut of_issuer = all.iter().filter(|r| &r.issuer == issuer).peekable();
        if of_issuer.peek().is_none() {
            return Ok(Lookup::UnknownIssuer);
        }
        Ok(match client_id {
            Some(c) => of_issuer
                .find(|r| &r.client_id == c)
                .map_or(Lookup::UnknownClient, |r| {
                    Lookup::Found(Box::new(r.clone()))
                }),
            None => {
                let found: Vec<&Registration> = of_issuer.collect();
                match found.as_slice() {
                    [one] => Lookup::Found(Box::new((*one).clone())),
                    many => Lookup::Ambiguous(many.len()),
                }
            }
        })
    }

    pub async fn by_id(&self, id: RegistrationId) -> StoreResult<Option<Registration>> {
        let (all, _) = self.current().await?;
        Ok(all.iter().find(|r| r.id == id).cloned())
    }

    /// Origins allowed to frame the tool: configured per registration and learned from launches.
    pub async fn frame_origins(&self) -> StoreResult<Arc<Vec<String>>> {
        Ok(self.current().await?.1)
    }
}
