//! The decrypted tool keys in memory, swapped atomically when the store's key set changes
//! (a `keys rotate` run in another process reaches every running server within seconds).

use crate::keys::ToolKeys;
use std::sync::{Arc, RwLock};

#[derive(Debug)]
pub struct KeyRing(RwLock<Arc<ToolKeys>>);

impl KeyRing {
    pub fn new(keys: ToolKeys) -> Self {
        Self(RwLock::new(Arc::new(keys)))
    }
    /// The current key set; cheap (one `Arc` clone).
    pub fn current(&self) -> Arc<ToolKeys> {
        self.0
            .read()
            .map(|k| k.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }
    pub fn replace(&self, keys: ToolKeys) {
        match self.0.write() {
            Ok(mut k) => *k = Arc::new(keys),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(keys),
        }
    }
}
