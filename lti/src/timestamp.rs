//! RFC 3339 date-times as AGS and Deep Linking exchange them (score timestamps, line item and
//! availability dates): parsed strictly, kept exactly, written with millisecond precision.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// A date-time with an offset, e.g. `2026-11-28T11:01:24.705+00:00`.
///
/// AGS asks for sub-second precision on score timestamps
/// ([AGS 2.0 §3.4.1](https://www.imsglobal.org/spec/lti-ags/v2p0#timestamp)): values made with
/// [`Self::from_system_time`] are truncated to milliseconds, so the value the tool stores is
/// exactly the value it sends and the one a retry sends again. Parsed values keep whatever
/// precision and offset the platform used. Equality and order compare instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(OffsetDateTime);

/// A date-time that is not RFC 3339 (`2026-11-28T11:01:24Z`, with `T` and an offset).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not an RFC 3339 date-time such as 2026-11-28T11:01:24.705+00:00")]
pub struct TimestampError {
    value: String,
}

impl Timestamp {
    /// The instant `time`, in UTC, truncated to whole milliseconds. Instants outside the years
    /// -9999..=9999 (a broken clock) are clamped to those bounds rather than panicking.
    pub fn from_system_time(time: SystemTime) -> Self {
        let nanos = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).unwrap_or(i128::MAX),
            Err(before) => -i128::try_from(before.duration().as_nanos()).unwrap_or(i128::MAX),
        };
        let millis_in_nanos = nanos - nanos.rem_euclid(1_000_000);
        let dt = OffsetDateTime::from_unix_timestamp_nanos(millis_in_nanos).unwrap_or_else(|_| {
            let bound = if nanos < 0 {
                PrimitiveDateTime::MIN
            } else {
                PrimitiveDateTime::MAX
            };
            bound.assume_utc()
        });
        Self(dt)
    }

    /// Parses an RFC 3339 date-time, keeping its precision and offset.
    pub fn parse(value: &str) -> Result<Self, TimestampError> {
        OffsetDateTime::parse(value, &Rfc3339)
            .map(Self)
            .map_err(|_| TimestampError {
                value: value.to_owned(),
            })
    }

    /// The instant as a [`SystemTime`].
    pub fn to_system_time(self) -> SystemTime {
        SystemTime::from(self.0)
    }

    /// The instant as an [`OffsetDateTime`] in the offset it was written with.
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }

    /// Seconds since the Unix epoch (negative before 1970).
    pub fn unix_timestamp(&self) -> i64 {
        self.0.unix_timestamp()
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(value: OffsetDateTime) -> Self {
        Self(value)
    }
}

impl fmt::Display for Timestamp {
    /// Milliseconds always written (`.000`), finer digits only when the value has them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory]:[offset_minute]"
        );
        let text = if self.0.nanosecond().is_multiple_of(1_000_000) {
            self.0.format(&millis)
        } else {
            self.0.format(&Rfc3339)
        };
        // Only years outside 0..=9999 fail to format; the clamped bounds need the fallback.
        match text {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::parse(value)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Self::parse(&value).map_err(serde::de::Error::custom)
    }
}

/// Seconds since the Unix epoch for JWT claims; 0 for a clock set before 1970.
pub(crate) fn unix_seconds(now: SystemTime) -> u64 {
    now.duration_since(UNIX_EPOCH)
        .map_or(0, |d: Duration| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_times_are_written_in_utc_with_milliseconds() {
        let t = UNIX_EPOCH + Duration::from_nanos(1_795_863_684_705_123_456);
        assert_eq!(
            Timestamp::from_system_time(t).to_string(),
            "2026-11-28T11:01:24.705+00:00"
        );
        let whole = UNIX_EPOCH + Duration::from_secs(1_795_863_684);
        assert_eq!(
            Timestamp::from_system_time(whole).to_string(),
            "2026-11-28T11:01:24.000+00:00"
        );
    }

    #[test]
    fn a_stored_timestamp_round_trips_to_the_same_text() {
        let t = Timestamp::from_system_time(SystemTime::now());
        let again = Timestamp::parse(&t.to_string()).unwrap();
        assert_eq!(again, t);
        assert_eq!(again.to_string(), t.to_string());
    }

    #[test]
    fn platform_values_keep_their_offset_and_precision() {
        let moodle = Timestamp::parse("2026-11-28T11:01:24+00:00").unwrap();
        assert_eq!(moodle.to_string(), "2026-11-28T11:01:24.000+00:00");
        let fine = Timestamp::parse("2026-11-28T12:01:24.123456+01:00").unwrap();
        assert_eq!(fine.to_string(), "2026-11-28T12:01:24.123456+01:00");
        assert_eq!(
            fine.unix_timestamp(),
            Timestamp::parse("2026-11-28T11:01:24Z")
                .unwrap()
                .unix_timestamp()
        );
    }

    #[test]
    fn instants_compare_across_offsets() {
        let utc = Timestamp::parse("2026-11-28T11:00:00Z").unwrap();
        let cet = Timestamp::parse("2026-11-28T12:00:00+01:00").unwrap();
        assert_eq!(utc, cet);
        assert!(Timestamp::parse("2026-11-28T11:00:00.001Z").unwrap() > cet);
    }

    #[test]
    fn non_rfc3339_values_are_refused_with_the_value() {
        for bad in [
            "",
            "2026-11-28",
            "2026-11-28 11:00:00",
            "2026-11-28T11:00:00",
            "soon",
        ] {
            let err = Timestamp::parse(bad).unwrap_err();
            assert!(err.to_string().contains(&format!("{bad:?}")), "{bad}");
        }
        assert!(serde_json::from_str::<Timestamp>("1795863684").is_err());
    }

    #[test]
    fn absurd_clocks_are_clamped_not_panicked_on() {
        let before = UNIX_EPOCH - Duration::from_secs(1_000);
        assert_eq!(Timestamp::from_system_time(before).unix_timestamp(), -1_000);
        assert_eq!(unix_seconds(before), 0);
    }
}
