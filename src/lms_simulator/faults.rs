//! Fault injection and call counters per endpoint: answer a status for the next K calls, delay
//! answers, and count every call so tests can assert caching and retries.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::lock;

/// The endpoints of the simulated platform, for faults and counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    Jwks,
    Auth,
    Token,
    OpenIdConfiguration,
    Registration,
    /// The line items container and single line items (GET, POST, PUT, DELETE).
    LineItems,
    Scores,
    Results,
    Memberships,
    DeepLinkReturn,
}

/// What to do to the next calls of an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Answer this status (with a short reason body) instead of serving.
    Status(u16),
    /// Answer this status with a `Retry-After: secs` header (429 or 503).
    StatusRetryAfter(u16, u64),
    /// Serve normally, but only after waiting this long.
    Delay(Duration),
    /// Serve (the request takes effect), then answer this status instead: a lost answer, as
    /// when a proxy fails after the LMS stored the score.
    StatusAfterServing(u16),
    /// Serve (the request takes effect), then wait this long before answering: a client with a
    /// shorter timeout gives up although the call landed.
    DelayAfterServing(Duration),
}

#[derive(Debug, Default)]
struct Plan {
    queued: Vec<(Fault, u32)>,
    calls: u64,
}

/// Faults queued per endpoint and the call counters.
#[derive(Debug, Default)]
pub struct Faults {
    plans: Mutex<HashMap<Endpoint, Plan>>,
}

impl Faults {
    /// Queues `fault` for the next `times` calls of `endpoint` (after faults queued earlier).
    pub fn inject(&self, endpoint: Endpoint, fault: Fault, times: u32) {
        if times > 0 {
            lock(&self.plans)
                .entry(endpoint)
                .or_default()
                .queued
                .push((fault, times));
        }
    }

    /// Removes every queued fault of every endpoint.
    pub fn clear(&self) {
        for plan in lock(&self.plans).values_mut() {
            plan.queued.clear();
        }
    }

    /// How many requests reached `endpoint` (faulted ones included).
    pub fn calls(&self, endpoint: Endpoint) -> u64 {
        lock(&self.plans).get(&endpoint).map_or(0, |p| p.calls)
    }

    /// Counts a call and takes the fault due for it, if any.
    fn next(&self, endpoint: Endpoint) -> Option<Fault> {
        let mut plans = lock(&self.plans);
        let plan = plans.entry(endpoint).or_default();
        plan.calls += 1;
        let (fault, remaining) = plan.queued.first_mut()?;
        let fault = fault.clone();
        *remaining -= 1;
        if *remaining == 0 {
            plan.queued.remove(0);
        }
        Some(fault)
    }
}

/// State of the fault middleware on one route.
#[derive(Debug, Clone)]
pub(crate) struct FaultPoint {
    pub faults: std::sync::Arc<Faults>,
    pub endpoint: Endpoint,
}

/// Middleware: counts the call, then serves, delays or answers the injected status.
pub(crate) async fn apply_faults(
    State(point): State<FaultPoint>,
    request: Request,
    next: Next,
) -> Response {
    match point.faults.next(point.endpoint) {
        None => next.run(request).await,
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Some(Fault::StatusAfterServing(code)) => {
            let _served = next.run(request).await;
            fault_response(code, None)
        }
        Some(Fault::DelayAfterServing(delay)) => {
            let response = next.run(request).await;
            tokio::time::sleep(delay).await;
            response
        }
        Some(Fault::Status(code)) => fault_response(code, None),
        Some(Fault::StatusRetryAfter(code, secs)) => fault_response(code, Some(secs)),
    }
}

fn fault_response(code: u16, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = format!("injected fault: {status}");
    let mut response = (status, reason).into_response();
    if let Some(secs) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_apply_in_order_for_the_given_number_of_calls() {
        let faults = Faults::default();
        faults.inject(Endpoint::Scores, Fault::Status(503), 2);
        faults.inject(Endpoint::Scores, Fault::StatusRetryAfter(429, 3), 1);
        assert_eq!(faults.next(Endpoint::Scores), Some(Fault::Status(503)));
        assert_eq!(faults.next(Endpoint::Scores), Some(Fault::Status(503)));
        assert_eq!(
            faults.next(Endpoint::Scores),
            Some(Fault::StatusRetryAfter(429, 3))
        );
        assert_eq!(faults.next(Endpoint::Scores), None);
        assert_eq!(faults.next(Endpoint::Token), None);
        assert_eq!(faults.calls(Endpoint::Scores), 4);
        assert_eq!(faults.calls(Endpoint::Token), 1);
        assert_eq!(faults.calls(Endpoint::Jwks), 0);
    }

    #[test]
    fn clear_removes_queued_faults_but_keeps_counters() {
        let faults = Faults::default();
        faults.inject(Endpoint::Jwks, Fault::Status(500), 5);
        assert!(faults.next(Endpoint::Jwks).is_some());
        faults.clear();
        assert_eq!(faults.next(Endpoint::Jwks), None);
        assert_eq!(faults.calls(Endpoint::Jwks), 2);
    }

    #[test]
    fn injected_status_carries_retry_after() {
        let response = fault_response(429, Some(7));
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "7");
        assert_eq!(
            fault_response(1000, None).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
