//! One simulated browser performing complete launches: the platform's login initiation posted to
//! the tool, the tool's redirect followed to the simulator's auth endpoint (state cookies kept),
//! and the auto-submitted id_token form posted back to the tool. Only the two hops that reach
//! the tool are timed as "tool latency"; the whole flow is timed too.

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use securehospitals::lms_simulator::{AutoPostForm, LaunchSpec, LmsSimulator};
use std::time::{Duration, Instant};

/// The timings of one successful launch.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Login POST plus launch POST, as the browser saw them.
    pub tool: Duration,
    /// The whole flow, the platform's id_token signing included.
    pub flow: Duration,
}

/// A browser with its own keep-alive connections and cookie handling.
#[derive(Debug)]
pub struct Browser {
    client: reqwest::Client,
}

impl Browser {
    pub fn new() -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { client })
    }

    /// One complete launch of `resource_link` by user 4 of the seeded course; the tool must
    /// answer the login with 302 and the launch with 303.
    pub async fn launch(
        &self,
        sim: &LmsSimulator,
        client_id: &str,
        resource_link: &str,
    ) -> Result<Timing, String> {
        let spec = LaunchSpec::resource_link("4", resource_link).with_client(client_id);
        let init = sim.login_initiation(spec).map_err(|e| e.to_string())?;
        let start = Instant::now();
        let login = self.client.post(init.url.as_str()).form(&init.params);
        let login = login
            .send()
            .await
            .map_err(|e| format!("login: {}", chain(&e)))?;
        let login_time = start.elapsed();
        let (to, cookies) = expect_redirect(login, 302).await?;
        let page = self
            .client
            .get(&to)
            .send()
            .await
            .map_err(|e| format!("auth: {}", chain(&e)))?;
        if page.status() != 200 {
            return Err(format!(
                "the simulator's auth endpoint answered {}",
                page.status()
            ));
        }
        let html = page.text().await.map_err(|e| format!("auth body: {e}"))?;
        let form = AutoPostForm::parse(&html).map_err(|e| format!("auth form: {e}"))?;
        let posted = Instant::now();
        let launch = self.client.post(&form.action).form(&form.fields);
        let launch = launch.header(COOKIE, cookies).send().await;
        let launch = launch.map_err(|e| format!("launch: {}", chain(&e)))?;
        expect_redirect(launch, 303).await?;
        Ok(Timing {
            tool: login_time + posted.elapsed(),
            flow: start.elapsed(),
        })
    }
}

/// Checks the status and returns the redirect target and the cookies set (`a=1; b=2`).
async fn expect_redirect(
    response: reqwest::Response,
    status: u16,
) -> Result<(String, String), String> {
    if response.status() != status {
        let got = response.status();
        let body = response.text().await.unwrap_or_default();
        let body: String = body.chars().take(300).collect();
        return Err(format!("expected {status}, got {got}: {body}"));
    }
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| format!("a {status} without Location"))?
        .to_owned();
    let cookies: Vec<&str> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next())
        .collect();
    let cookies = cookies.join("; ");
    // Drain the body so the connection goes back to the pool.
    let _ = response.bytes().await;
    Ok((location, cookies))
}

/// An error with its causes (reqwest's own message rarely says what happened).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
