//! A set of OAuth 2 scopes in one canonical order, so equal sets give equal cache keys however
//! they were listed.

use std::collections::BTreeSet;
use std::fmt;

/// OAuth 2 scopes, sorted and deduplicated; [`Self::to_param`] is the space-separated form of
/// the token request and a stable cache key.
/// [RFC 6749 §3.3](https://www.rfc-editor.org/rfc/rfc6749#section-3.3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeSet(BTreeSet<String>);

impl ScopeSet {
    /// The set of `scopes`; blanks and whitespace inside a value split it into several scopes.
    pub fn new<I, S>(scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self(
            scopes
                .into_iter()
                .flat_map(|s| {
                    s.as_ref()
                        .split_ascii_whitespace()
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
                .collect(),
        )
    }

    /// Parses a space-separated `scope` parameter or response member.
    pub fn parse(value: &str) -> Self {
        Self::new([value])
    }

    /// Whether no scope is in the set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many scopes are in the set.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether `scope` is in the set.
    pub fn contains(&self, scope: &str) -> bool {
        self.0.contains(scope)
    }

    /// Whether every scope of `other` is in this set (a token for `self` serves `other`).
    pub fn covers(&self, other: &ScopeSet) -> bool {
        other.0.is_subset(&self.0)
    }

    /// Adds a scope.
    pub fn insert(&mut self, scope: impl Into<String>) {
        let scope = scope.into();
        for one in scope.split_ascii_whitespace() {
            self.0.insert(one.to_owned());
        }
    }

    /// The scopes in canonical order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The space-separated form, sorted.
    pub fn to_param(&self) -> String {
        self.iter().collect::<Vec<_>>().join(" ")
    }
}

impl fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_param())
    }
}

impl<S: AsRef<str>> FromIterator<S> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Self::new(iter)
    }
}

impl serde::Serialize for ScopeSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_param())
    }
}

impl<'de> serde::Deserialize<'de> for ScopeSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Ok(Self::parse(&value))
    }
}
