//! Serde helpers for the shapes platforms disagree on: string-or-array, integer-or-float dates,
//! sub-claims whose errors must name the claim, and sub-claims that count as absent without their id.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A sub-claim whose deserialisation errors are prefixed with its name.
pub(crate) trait NamedClaim: DeserializeOwned {
    /// The claim's short name for messages, e.g. `context`.
    const CLAIM: &'static str;
}

/// A sub-claim that is treated as absent when its identifying member is missing or empty, so the
/// validator can report "no resource_link.id" precisely instead of a generic parse error.
pub(crate) trait RequiredMember: NamedClaim {
    /// The member that must be a non-empty string, e.g. `id`.
    const REQUIRED: &'static [&'static str];
}

pub(crate) fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

pub(crate) fn optional_one_or_many<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    let value = Option::<Value>::deserialize(d)?;
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => one_or_many(v).map(Some).map_err(D::Error::custom),
    }
}

/// A NumericDate: seconds since the epoch, integer or (as some platforms send) fractional.
fn to_seconds<E: serde::de::Error>(number: &serde_json::Number) -> Result<u64, E> {
    if let Some(secs) = number.as_u64() {
        return Ok(secs);
    }
    match number.as_f64() {
        Some(f) if f.is_finite() && (0.0..1e15).contains(&f) => Ok(f.floor() as u64),
        _ => Err(E::custom(format!("{number} is not a valid NumericDate"))),
    }
}

pub(crate) fn numeric_date<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    to_seconds(&serde_json::Number::deserialize(d)?)
}

pub(crate) fn optional_numeric_date<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<u64>, D::Error> {
    Option::<serde_json::Number>::deserialize(d)?
        .map(|n| to_seconds(&n))
        .transpose()
}

pub(crate) fn named<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: NamedClaim,
{
    // Straight from the token's JSON, without an intermediate `Value` (a launch parses about a
    // dozen sub-claims). `null` is absent, as with `Option`.
    Option::<T>::deserialize(d).map_err(|e| D::Error::custom(format!("{} claim: {e}", T::CLAIM)))
}

pub(crate) fn absent_without_required<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: RequiredMember,
{
    let value = Option::<Value>::deserialize(d)?;
    let Some(value) = value.filter(|v| has_required(v, T::REQUIRED)) else {
        return Ok(None);
    };
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| D::Error::custom(format!("{} claim: {e}", T::CLAIM)))
}

/// Whether the object has one of the `keys` as a non-empty string.
fn has_required(value: &Value, keys: &[&str]) -> bool {
    keys.iter().any(|k| {
        value
            .get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
    })
}

/// A number or a numeric string (platforms disagree on `launch_presentation.width`); anything
/// else is ignored rather than failing the launch.
pub(crate) fn loose_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}
