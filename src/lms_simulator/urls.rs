//! The simulator's URL layout, copied from Moodle 4.3's mod_lti so the tool meets the same shapes
//! (AGS URLs with a `?type_id=` query, NRPS bindings per tool type, PHP-style paths).

use super::state::Settings;

pub const AUTH_PATH: &str = "/mod/lti/auth.php";
pub const TOKEN_PATH: &str = "/mod/lti/token.php";
pub const JWKS_PATH: &str = "/mod/lti/certs.php";
/// A short alias of [`JWKS_PATH`].
pub const JWKS_ALIAS_PATH: &str = "/jwks";
pub const OPENID_CONFIGURATION_PATH: &str = "/mod/lti/openid-configuration.php";
pub const REGISTRATION_PATH: &str = "/mod/lti/openid-registration.php";
pub const DEEP_LINK_RETURN_PATH: &str = "/mod/lti/contentitem_return.php";
pub const LAUNCH_RETURN_PATH: &str = "/mod/lti/return.php";
pub const COURSE_PATH: &str = "/course/view.php";
/// Where the course page's launch buttons post (the simulator's own trigger, not LTI).
pub const LAUNCH_PATH: &str = "/mod/lti/launch.php";
/// A course page embedding one launch in an iframe, its frame's first page and its script.
pub const EMBED_PATH: &str = "/mod/lti/embed.php";
pub const EMBED_FRAME_PATH: &str = "/mod/lti/embed_launch.php";
pub const EMBED_SCRIPT_PATH: &str = "/mod/lti/embed.js";
pub const GRADEBOOK_PATH: &str = "/grade/report/grader/index.php";
pub const LINEITEMS_ROUTE: &str = "/mod/lti/services.php/{course}/lineitems";
pub const LINEITEM_ROUTE: &str = "/mod/lti/services.php/{course}/lineitems/{item}/lineitem";
pub const SCORES_ROUTE: &str = "/mod/lti/services.php/{course}/lineitems/{item}/lineitem/scores";
pub const RESULTS_ROUTE: &str = "/mod/lti/services.php/{course}/lineitems/{item}/lineitem/results";
pub const MEMBERSHIPS_ROUTE: &str =
    "/mod/lti/services.php/CourseSection/{course}/bindings/{type_id}/memberships";

impl Settings {
    pub fn lineitems_url(&self, course: &str, type_id: u32) -> String {
        self.url(&format!(
            "/mod/lti/services.php/{course}/lineitems?type_id={type_id}"
        ))
    }

    pub fn lineitem_url(&self, course: &str, item: u64, type_id: u32) -> String {
        self.url(&format!(
            "/mod/lti/services.php/{course}/lineitems/{item}/lineitem?type_id={type_id}"
        ))
    }

    pub fn memberships_url(&self, course: &str, type_id: u32) -> String {
        self.url(&format!(
            "/mod/lti/services.php/CourseSection/{course}/bindings/{type_id}/memberships"
        ))
    }

    pub fn deep_link_return_url(
        &self,
        course: Option<&str>,
        type_id: u32,
        sesskey: &str,
    ) -> String {
        let course = course.unwrap_or("1");
        self.url(&format!(
            "{DEEP_LINK_RETURN_PATH}?course={course}&id={type_id}&sesskey={sesskey}"
        ))
    }

    pub fn launch_return_url(&self, course: Option<&str>, link: Option<&str>) -> String {
        let (course, link) = (course.unwrap_or("1"), link.unwrap_or("0"));
        self.url(&format!(
            "{LAUNCH_RETURN_PATH}?course={course}&launch_container=3&instanceid={link}"
        ))
    }
}

/// Inserts `segment` at the end of a URL's path, before its query: what a tool must do to reach
/// `/scores` or `/results` from a Moodle line item URL.
pub fn with_path_suffix(url: &str, segment: &str) -> String {
    match url.split_once('?') {
        Some((path, query)) => format!("{}/{segment}?{query}", path.trim_end_matches('/')),
        None => format!("{}/{segment}", url.trim_end_matches('/')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            base_url: "http://127.0.0.1:8080".into(),
            issuer: "http://127.0.0.1:8080".into(),
            id_token_lifetime: 60,
            access_token_lifetime: 3600,
            jwks_max_age: None,
            nrps_page_size: None,
            lineitems_page_size: None,
            nrps_full_role_uris: false,
            leeway: 60,
        }
    }

    #[test]
    fn service_urls_match_the_moodle_capture() {
        let s = settings();
        assert_eq!(
            s.lineitems_url("2", 1),
            "http://127.0.0.1:8080/mod/lti/services.php/2/lineitems?type_id=1"
        );
        assert_eq!(
            s.lineitem_url("2", 2, 1),
            "http://127.0.0.1:8080/mod/lti/services.php/2/lineitems/2/lineitem?type_id=1"
        );
        assert_eq!(
            s.memberships_url("2", 1),
            "http://127.0.0.1:8080/mod/lti/services.php/CourseSection/2/bindings/1/memberships"
        );
    }

    #[test]
    fn scores_url_goes_before_the_query() {
        let item = "http://h/mod/lti/services.php/2/lineitems/2/lineitem?type_id=1";
        assert_eq!(
            with_path_suffix(item, "scores"),
            "http://h/mod/lti/services.php/2/lineitems/2/lineitem/scores?type_id=1"
        );
        assert_eq!(
            with_path_suffix("http://h/items/9/", "results"),
            "http://h/items/9/results"
        );
    }
}
