//! Names and Role Provisioning Services: a course's members with Moodle's short role names (or full
//! URIs), paged with `Link: <...>; rel="next"` when a page size is configured or asked for.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::directory::{Course, User, short_role_name};
use super::state::{LmsSimulator, Settings, SimError};
use super::token::{SCOPE_MEMBERSHIPS, authorize_service};

const MEMBERSHIP_TYPE: &str =
    "application/vnd.ims.lti-nrps.v2.membershipcontainer+json; charset=utf-8";

/// Query parameters: `role` filter, `limit` (page size) and `from` (offset of the page).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct MembershipQuery {
    role: Option<String>,
    limit: Option<String>,
    from: Option<String>,
}

fn number(raw: Option<&str>, name: &str) -> Result<Option<usize>, SimError> {
    raw.map(|v| {
        v.parse().map_err(|_| {
            SimError::service(StatusCode::BAD_REQUEST, format!("{name} is not a number"))
        })
    })
    .transpose()
}

fn member(settings: &Settings, user: &User, roles: &[String]) -> Value {
    let roles: Vec<&str> = if settings.nrps_full_role_uris {
        roles.iter().map(String::as_str).collect()
    } else {
        roles.iter().map(|r| short_role_name(r)).collect()
    };
    json!({
        "status": "Active",
        "roles": roles,
        "user_id": user.id,
        "lis_person_sourcedid": user.sourced_id,
        "name": user.name(),
        "given_name": user.given_name,
        "family_name": user.family_name,
        "email": user.email,
        "ext_user_username": user.username,
    })
}

/// One page of members of `course` (with the role filter), and whether more follow.
fn page(
    settings: &Settings,
    course: &Course,
    users: &[User],
    query: &MembershipQuery,
) -> Result<(Vec<Value>, Option<usize>), SimError> {
    let from = number(query.from.as_deref(), "from")?.unwrap_or(0);
    let limit = number(query.limit.as_deref(), "limit")?
        .or(settings.nrps_page_size)
        .filter(|l| *l > 0);
    let wanted = query.role.as_deref();
    let all: Vec<Value> = course
        .members
        .iter()
        .filter(|m| {
            wanted.is_none_or(|w| m.roles.iter().any(|r| r == w || short_role_name(r) == w))
        })
        .filter_map(|m| {
            users
                .iter()
                .find(|u| u.id == m.user_id)
                .map(|u| member(settings, u, &m.roles))
        })
        .collect();
    let end = limit.map_or(all.len(), |l| from.saturating_add(l).min(all.len()));
    let next = (end < all.len()).then_some(end);
    Ok((all.into_iter().take(end).skip(from).collect(), next))
}

/// `GET .../CourseSection/{course}/bindings/{type_id}/memberships`.
pub(crate) async fn get_memberships(
    State(sim): State<LmsSimulator>,
    Path((course_id, type_id)): Path<(String, u32)>,
    Query(query): Query<MembershipQuery>,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    authorize_service(&sim.shared, &headers, &[SCOPE_MEMBERSHIPS], type_id)?;
    let settings = &sim.shared.settings;
    let inner = sim.shared.inner();
    let course = inner.course(&course_id).ok_or_else(|| {
        SimError::service(StatusCode::NOT_FOUND, format!("no course {course_id}"))
    })?;
    let (members, next) = page(settings, course, &inner.users, &query)?;
    let url = settings.memberships_url(&course_id, type_id);
    let body = json!({
        "id": url,
        "context": {"id": course.id, "label": course.label, "title": course.title},
        "members": members,
    });
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, MEMBERSHIP_TYPE)],
        body.to_string(),
    )
        .into_response();
    if let Some(from) = next {
        let limit = number(query.limit.as_deref(), "limit")?
            .or(settings.nrps_page_size)
            .unwrap_or(0);
        let mut link = format!("{url}?from={from}&limit={limit}");
        if let Some(role) = &query.role {
            link.push_str("&role=");
            link.push_str(
                &url::form_urlencoded::byte_serialize(role.as_bytes()).collect::<String>(),
            );
        }
        if let Ok(value) = HeaderValue::from_str(&format!("<{link}>; rel=\"next\"")) {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lms_simulator::directory::{roles, seed_course, seed_users};

    fn settings(page_size: Option<usize>, full: bool) -> Settings {
        Settings {
            base_url: "http://lms".into(),
            issuer: "http://lms".into(),
            id_token_lifetime: 60,
            access_token_lifetime: 3600,
            jwks_max_age: None,
            nrps_page_size: page_size,
            lineitems_page_size: None,
            nrps_full_role_uris: full,
            leeway: 60,
        }
    }

    #[test]
    fn pages_cover_every_member_once() {
        let (course, users) = (seed_course(), seed_users());
        let s = settings(Some(3), false);
        let (first, next) = page(&s, &course, &users, &MembershipQuery::default()).expect("page");
        assert_eq!((first.len(), next), (3, Some(3)));
        let q = MembershipQuery {
            from: Some("3".into()),
            ..MembershipQuery::default()
        };
        let (second, next) = page(&s, &course, &users, &q).expect("page");
        assert_eq!((second.len(), next), (1, None));
        assert_eq!(first[0]["roles"], json!(["Instructor"]));
    }

    #[test]
    fn role_filter_and_full_uris() {
        let (course, users) = (seed_course(), seed_users());
        let q = MembershipQuery {
            role: Some("Learner".into()),
            ..MembershipQuery::default()
        };
        let (learners, next) = page(&settings(None, true), &course, &users, &q).expect("page");
        assert_eq!((learners.len(), next), (3, None));
        assert_eq!(learners[0]["roles"], json!([roles::LEARNER]));
        let bad = MembershipQuery {
            limit: Some("ten".into()),
            ..MembershipQuery::default()
        };
        assert!(page(&settings(None, false), &course, &users, &bad).is_err());
    }
}
