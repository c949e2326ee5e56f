//! A launch as a browser performs it: post the platform's login initiation to the tool, follow
//! the redirect to the platform's auth endpoint with the state cookie kept, then post the
//! auto-submitted id_token form back to the tool.

use super::{TestApp, http};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use securehospitals::lms_simulator::{AutoPostForm, LaunchSpec};

pub struct Launcher<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
}

/// Everything a test may want to look at after a launch.
pub struct LaunchResult {
    pub status: reqwest::StatusCode,
    pub location: Option<String>,
    pub body: String,
    /// The form the platform posted (id_token and state), for replays.
    pub form: Vec<(String, String)>,
    /// The state cookie the tool set at login (`name=value`).
    pub state_cookie: Option<String>,
    pub session_cookie: Option<String>,
}

impl LaunchResult {
    /// The session id from the 303 target `/s/{sid}/…`.
    pub fn session_id(&self) -> String {
        let loc = self
            .location
            .as_deref()
            .unwrap_or_else(|| panic!("no redirect; status {} body {}", self.status, self.body));
        loc.trim_start_matches("/s/")
            .split('/')
            .next()
            .unwrap()
            .to_owned()
    }

    pub fn assert_refused(&self, status: u16, code: &str) {
        assert_eq!(
            self.status.as_u16(),
            status,
            "expected {status} {code}, got body: {}",
            self.body
        );
        assert!(
            self.body.contains(code),
            "expected reason code {code} in: {}",
            self.body
        );
    }
}

impl<'a> Launcher<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            client: http(),
        }
    }

    /// Login initiation: returns the tool's redirect (to the platform) and its state cookie.
    pub async fn login(&self, spec: LaunchSpec) -> (reqwest::Response, Option<String>) {
        let init = self
            .app
            .sim
            .login_initiation(spec)
            .expect("simulator accepts the launch spec");
        let response = self
            .client
            .post(init.url.as_str())
            .form(&init.params)
            .send()
            .await
            .unwrap();
        let cookie = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("lti_state_"))
            .map(|c| c.split(';').next().unwrap().to_owned());
        (response, cookie)
    }

    /// Follows the login redirect to the platform and returns the form it auto-submits.
    pub async fn authorize(&self, login: reqwest::Response) -> Vec<(String, String)> {
        assert_eq!(
            login.status(),
            302,
            "login should redirect to the platform: {:?}",
            login.text().await
        );
        let to = login.headers()[LOCATION].to_str().unwrap().to_owned();
        let page = self.client.get(&to).send().await.unwrap();
        assert_eq!(
            page.status(),
            200,
            "platform auth endpoint refused: {}",
            page.text().await.unwrap()
        );
        let form = AutoPostForm::parse(&page.text().await.unwrap()).expect("auto-post form");
        form.fields.clone()
    }

    /// Posts an id_token form to the tool's launch URL, with the given cookie header.
    pub async fn post_launch(
        &self,
        form: &[(String, String)],
        cookie: Option<&str>,
    ) -> LaunchResult {
        let mut req = self.client.post(self.app.url("/lti/launch")).form(form);
        if let Some(c) = cookie {
            req = req.header(COOKIE, c);
        }
        let response = req.send().await.unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|v| v.to_str().unwrap().to_owned());
        let session_cookie = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("sh_session="))
            .map(str::to_owned);
        let body = response.text().await.unwrap();
        LaunchResult {
            status,
            location,
            body,
            form: form.to_vec(),
            state_cookie: cookie.map(str::to_owned),
            session_cookie,
        }
    }

    /// The whole flow.
    pub async fn launch(&self, spec: LaunchSpec) -> LaunchResult {
        let (login, cookie) = self.login(spec).await;
        let form = self.authorize(login).await;
        self.post_launch(&form, cookie.as_deref()).await
    }
}
