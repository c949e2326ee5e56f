//! A learner in the course player, driven over HTTP: launch, pages, forms, and the right answers
//! to an attempt worked out from the catalogue and the stored draw (never from the page).

use crate::helpers::{TestApp, http};
use reqwest::header::LOCATION;
use securehospitals::content::{Catalogue, ItemKind};
use securehospitals::courses::{Attempt, Learner, ModuleProgress};
use securehospitals::lms_simulator::LaunchSpec;

/// A launched learner's session.
pub struct Learned<'a> {
    pub app: &'a TestApp,
    pub sid: String,
    pub user: String,
    /// Where the launch landed, below `/s/{sid}/`.
    pub landing: String,
}

/// A page or form answer.
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

pub async fn launch<'a>(app: &'a TestApp, spec: LaunchSpec) -> Learned<'a> {
    let user = spec.user_id.clone();
    let r = app.launcher().launch(spec).await;
    assert_eq!(r.status, 303, "launch failed: {}", r.body);
    let sid = r.session_id();
    let location = r.location.unwrap();
    let landing = location
        .trim_start_matches(&format!("/s/{sid}/"))
        .to_owned();
    Learned {
        app,
        sid,
        user,
        landing,
    }
}

impl Learned<'_> {
    pub fn url(&self, page: &str) -> String {
        self.app.url(&format!("/s/{}/{page}", self.sid))
    }

    pub async fn get(&self, page: &str) -> Page {
        let r = http().get(self.url(page)).send().await.unwrap();
        read(r).await
    }

    pub async fn post(&self, page: &str, fields: &[(String, String)]) -> Page {
        let r = http()
            .post(self.url(page))
            .form(fields)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    pub async fn choose_role(&self, role: &str, next: &str) {
        let p = self
            .post("role", &pairs(&[("role", role), ("next", next)]))
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        assert_eq!(
            p.location.as_deref(),
            Some(format!("/s/{}/{next}", self.sid).as_str())
        );
    }

    /// Starts an attempt and returns its id.
    pub async fn start(&self, module: &str, kind: &str) -> String {
        let p = self
            .post(
                &format!("modules/{module}/attempts"),
                &pairs(&[("kind", kind)]),
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let location = p.location.unwrap();
        let prefix = format!("/s/{}/modules/{module}/attempts/", self.sid);
        location
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{location}"))
            .to_owned()
    }

    pub async fn submit(&self, module: &str, attempt: &str, fields: &[(String, String)]) -> Page {
        self.post(&format!("modules/{module}/attempts/{attempt}"), fields)
            .await
    }

    pub fn learner(&self) -> Learner {
        Learner {
            registration_id: self.app.registration.id,
            user_id: self.user.clone(),
        }
    }

    pub async fn attempt(&self, id: &str) -> Attempt {
        self.app
            .tool
            .state
            .store
            .find_attempt(&self.learner(), id)
            .await
            .unwrap()
            .expect("own attempt")
    }

    pub async fn progress(&self, module: &str) -> ModuleProgress {
        let all = self
            .app
            .tool
            .state
            .store
            .module_progress(&self.learner())
            .await
            .unwrap();
        ModuleProgress::find(&all, module)
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.app.tool.state.content
    }

    /// The form of a learner who knows every answer.
    pub async fn right_answers(&self, attempt_id: &str) -> Vec<(String, String)> {
        let attempt = self.attempt(attempt_id).await;
        let module = self.catalogue().module(&attempt.module_id).unwrap();
        let pool = module.pool_for(attempt.job_role, &attempt.language).value;
        let mut fields = pairs(&[("attempt", attempt_id)]);
        for drawn in &attempt.draw.items {
            let item = pool.iter().find(|i| i.id == drawn.item_id).unwrap();
            let name = format!("i.{}", item.id);
            match &item.kind {
                ItemKind::Single { options }
                | ItemKind::Multiple { options }
                | ItemKind::RedFlags { flags: options, .. } => {
                    for (k, &i) in drawn.order.iter().enumerate() {
                        if options[i].correct {
                            fields.push((name.clone(), k.to_string()));
                        }
                    }
                }
                ItemKind::Ordering { .. } => {
                    for (k, &i) in drawn.order.iter().enumerate() {
                        fields.push((format!("{name}.{k}"), (i + 1).to_string()));
                    }
                }
                ItemKind::Matching { .. } => {
                    for left in 0..drawn.order.len() {
                        let k = drawn.order.iter().position(|&i| i == left).unwrap();
                        fields.push((format!("{name}.{left}"), k.to_string()));
                    }
                }
            }
        }
        fields
    }
}

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

async fn read(r: reqwest::Response) -> Page {
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    Page {
        status,
        location,
        body: r.text().await.unwrap(),
    }
}

/// The longest stretch of `text` that HTML escaping leaves alone, to look for in a page.
pub fn unescaped_stretch(text: &str) -> &str {
    text.split(['&', '<', '>', '"', '\''])
        .max_by_key(|s| s.len())
        .unwrap_or("")
}
