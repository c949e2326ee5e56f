//! The player benchmark's fixture: the real application state on a scratch SQLite database, a
//! registration, a live session of a nurse, and the right answers to an attempt.

use axum::Router;
use securehospitals::config::{Config, ConfigArgs};
use securehospitals::content::ItemKind;
use securehospitals::courses::Learner;
use securehospitals::platforms::{DeploymentPolicy, NewRegistration, RegistrationStatus};
use securehospitals::sessions::{LaunchData, NewSession, SessionId};
use securehospitals::state::AppState;

/// A fixed key-encryption key (32 bytes of 0x2a), as in the tests.
const KEK: &str = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio";

pub struct Fixture {
    pub router: Router,
    pub state: AppState,
    pub sid: String,
    pub learner: Learner,
    _dir: tempfile::TempDir,
}

pub async fn fixture() -> Result<Fixture, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let args = ConfigArgs {
        database_url: Some(format!("sqlite:{}", dir.path().join("bench.db").display())),
        key_encryption_key: Some(KEK.into()),
        content_dir: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/content").into()),
        ..Default::default()
    };
    let config = Config::resolve(&args).map_err(|e| e.to_string())?;
    let (state, _kek) = securehospitals::app::build_state(config)
        .await
        .map_err(|e| format!("{e:#}"))?;
    let registration = state
        .store
        .insert_registration(NewRegistration {
            name: "Bench Moodle".into(),
            issuer: lti::Issuer::parse("https://moodle.bench.example")
                .map_err(|e| e.to_string())?,
            client_id: lti::ClientId::parse("bench-client".to_owned())
                .map_err(|e| e.to_string())?,
            auth_url: "https://moodle.bench.example/auth"
                .parse()
                .map_err(|e| format!("{e}"))?,
            token_url: "https://moodle.bench.example/token"
                .parse()
                .map_err(|e| format!("{e}"))?,
            jwks_url: "https://moodle.bench.example/jwks"
                .parse()
                .map_err(|e| format!("{e}"))?,
            status: RegistrationStatus::Active,
            deployment_policy: DeploymentPolicy::Refuse,
            frame_origins: vec![],
            deployments: vec![],
        })
        .await
        .map_err(|e| e.to_string())?;
    let sid = SessionId::random();
    let now = securehospitals::launch::unix_now();
    let session = NewSession {
        id: sid.clone(),
        registration_id: registration.id,
        deployment_id: "1".into(),
        context_id: Some("2".into()),
        user_id: "4".into(),
        roles: vec!["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner".into()],
        locale: Some("en".into()),
        message_type: "LtiResourceLinkRequest".into(),
        resource_link_id: Some("rl-bench".into()),
        data: LaunchData {
            given_name: Some("Sam".into()),
            ..Default::default()
        },
        created_at: now,
        idle_timeout: 24 * 3600,
    };
    state
        .store
        .insert_session(&session)
        .await
        .map_err(|e| e.to_string())?;
    let learner = Learner {
        registration_id: registration.id,
        user_id: "4".into(),
    };
    let role = securehospitals::content::JobRole::Nurse;
    state
        .store
        .set_job_role(&learner, role, now)
        .await
        .map_err(|e| e.to_string())?;
    let router = securehospitals::build_router(state.clone());
    Ok(Fixture {
        router,
        state,
        sid: sid.as_str().to_owned(),
        learner,
        _dir: dir,
    })
}

impl Fixture {
    /// The form of a learner who knows every answer to `attempt_id`.
    pub async fn right_answers(&self, attempt_id: &str) -> Result<String, String> {
        let attempt = self
            .state
            .store
            .find_attempt(&self.learner, attempt_id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("attempt not found")?;
        let module = self
            .state
            .content
            .module(&attempt.module_id)
            .ok_or("module gone")?;
        let pool = module.pool_for(attempt.job_role, &attempt.language).value;
        let mut fields = vec![("attempt".to_owned(), attempt_id.to_owned())];
        for drawn in &attempt.draw.items {
            let item = pool
                .iter()
                .find(|i| i.id == drawn.item_id)
                .ok_or("item gone")?;
            let name = format!("i.{}", item.id);
            match &item.kind {
                ItemKind::Single { options }
                | ItemKind::Multiple { options }
                | ItemKind::RedFlags { flags: options, .. } => {
                    let right = drawn
                        .order
                        .iter()
                        .enumerate()
                        .filter(|(_, i)| options[**i].correct);
                    fields.extend(right.map(|(k, _)| (name.clone(), k.to_string())));
                }
                ItemKind::Ordering { .. } => {
                    let ranks = drawn.order.iter().enumerate();
                    fields.extend(ranks.map(|(k, i)| (format!("{name}.{k}"), (i + 1).to_string())));
                }
                ItemKind::Matching { .. } => {
                    for left in 0..drawn.order.len() {
                        let k = drawn
                            .order
                            .iter()
                            .position(|&i| i == left)
                            .ok_or("bad draw")?;
                        fields.push((format!("{name}.{left}"), k.to_string()));
                    }
                }
            }
        }
        Ok(url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish())
    }
}
