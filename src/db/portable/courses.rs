//! The course player's store (`CourseStore`) in portable SQL: profiles, progress, attempts, and
//! `complete_attempt`, the one transaction in which a submitted attempt and its effects land.

/// Implements `CourseStore` for a store type with a `pool` field.
macro_rules! course_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::CourseStore for $store {
            async fn learner_profile(&self, l: &$crate::courses::Learner) -> $crate::db::StoreResult<$crate::courses::Profile> {
                let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
                    "SELECT job_role, language FROM learner_profiles WHERE registration_id = $1 AND user_id = $2",
                )
                .bind(l.registration_id.to_string())
                .bind(&l.user_id)
                .fetch_optional(&self.pool)
                .await?;
                let (role, language) = row.unwrap_or_default();
                Ok($crate::courses::Profile {
                    job_role: role.as_deref().and_then($crate::content::JobRole::parse),
                    language: language.as_deref().and_then($crate::content::Lang::parse),
                })
            }

            async fn set_job_role(
                &self,
                l: &$crate::courses::Learner,
                role: $crate::content::JobRole,
                now: i64,
            ) -> $crate::db::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO learner_profiles (registration_id, user_id, job_role, updated_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (registration_id, user_id) DO UPDATE SET job_role = excluded.job_role, updated_at = excluded.updated_at",
                )
                .bind(l.registration_id.to_string())
                .bind(&l.user_id)
                .bind(role.as_str())
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn set_language(
                &self,
                l: &$crate::courses::Learner,
                language: &$crate::content::Lang,
                now: i64,
            ) -> $crate::db::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO learner_profiles (registration_id, user_id, language, updated_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (registration_id, user_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at",
                )
                .bind(l.registration_id.to_string())
                .bind(&l.user_id)
                .bind(language.as_str())
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn record_lesson_seen(
                &self,
                l: &$crate::courses::Learner,
                module_id: &str,
                slug: &str,
                now: i64,
            ) -> $crate::db::StoreResult<()> {
                // One statement, no explicit transaction: the lesson page's only write. The
                // newest `recorded_at` of a module's lessons is where the learner resumes.
                sqlx::query(
                    "INSERT INTO lesson_progress (registration_id, user_id, module_id, lesson_slug, state, recorded_at) \
                     VALUES ($1, $2, $3, $4, 'seen', $5) ON CONFLICT (registration_id, user_id, module_id, lesson_slug) \
                     DO UPDATE SET state = 'seen', recorded_at = excluded.recorded_at",
                )
                .bind(l.registration_id.to_string())
                .bind(&l.user_id)
                .bind(module_id)
                .bind(slug)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn lesson_marks(
                &self,
                l: &$crate::courses::Learner,
                module_id: &str,
            ) -> $crate::db::StoreResult<Vec<$crate::courses::LessonMark>> {
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT lesson_slug, state, recorded_at FROM lesson_progress WHERE registration_id = $1 AND user_id = $2 AND module_id = $3",
                )
                .bind(l.registration_id.to_string())
                .bind(&l.user_id)
                .bind(module_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(slug, state, at)| {
                        let state = $crate::courses::LessonState::parse(&state)
                            .ok_or_else(|| $crate::db::StoreError::Corrupt(format!("lesson state {state:?}")))?;
                        Ok($crate::courses::LessonMark { slug, state, at })
                    })
                    .collect()
            }

            async fn module_progress(
                &self,
                l: &$crate::courses::Learner,
            ) -> $crate::db::StoreResult<Vec<$crate::courses::ModuleProgress>> {
                let rows: Vec<$crate::db::portable::courses::ProgressRow> = sqlx::query_as(
                    "SELECT module_id, status, attempts, first_score, best_score FROM module_progress \
                     WHERE registration_id = $1 AND user_id = $2",
                )
                .bind(l.registration_id.to_string())
                .bind(&l.user_id)
                .fetch_all(&self.pool)
                .await?;
                let mut all = rows
                    .into_iter()
                    .map($crate::db::portable::courses::into_progress)
                    .collect::<$crate::db::StoreResult<Vec<_>>>()?;
                // Modules with lessons read but no attempt yet are in progress too.
                let reading: Vec<String> = sqlx::query_scalar(
                    "SELECT DISTINCT module_id FROM lesson_progress WHERE registration_id = $1 AND user_id = $2",
                )
                .bind(l.registration_id.to_string())
                .bind(&l.user_id)
                .fetch_all(&self.pool)
                .await?;
                for module_id in reading {
                    if !all.iter().any(|p| p.module_id == module_id) {
                        let mut p = $crate::courses::ModuleProgress::not_started(&module_id);
                        p.status = $crate::courses::ModuleStatus::InProgress;
                        all.push(p);
                    }
                }
                Ok(all)
            }

            async fn completed_paths(&self, l: &$crate::courses::Learner) -> $crate::db::StoreResult<Vec<String>> {
                Ok(sqlx::query_scalar("SELECT path_id FROM path_completions WHERE registration_id = $1 AND user_id = $2")
                    .bind(l.registration_id.to_string())
                    .bind(&l.user_id)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn insert_attempt(&self, a: &$crate::courses::NewAttempt) -> $crate::db::StoreResult<()> {
                let draw = serde_json::to_string(&a.draw).map_err(|e| $crate::db::StoreError::Corrupt(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO quiz_attempts (id, registration_id, user_id, module_id, kind, content_version, language, \
                     job_role, pass_mark, draw, context_id, resource_link_id, started_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                )
                .bind(&a.id)
                .bind(a.learner.registration_id.to_string())
                .bind(&a.learner.user_id)
                .bind(&a.module_id)
                .bind(a.kind.as_str())
                .bind(&a.content_version)
                .bind(a.language.as_str())
                .bind(a.job_role.as_str())
                .bind(i64::from(a.pass_mark))
                .bind(draw)
                .bind(&a.context_id)
                .bind(&a.resource_link_id)
                .bind(a.started_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn find_attempt(
                &self,
                l: &$crate::courses::Learner,
                attempt_id: &str,
            ) -> $crate::db::StoreResult<Option<$crate::courses::Attempt>> {
                // The learner is part of the key: another user's or tenant's attempt id finds nothing.
                let row: Option<$crate::db::portable::courses::AttemptRow> = sqlx::query_as(
                    "SELECT id, module_id, kind, content_version, language, job_role, pass_mark, draw, started_at, \
                     submitted_at, result FROM quiz_attempts WHERE id = $1 AND registration_id = $2 AND user_id = $3",
                )
                .bind(attempt_id)
                .bind(l.registration_id.to_string())
                .bind(&l.user_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map($crate::db::portable::courses::into_attempt).transpose()
            }

            async fn complete_attempt(
                &self,
                c: &$crate::courses::Completion,
            ) -> $crate::db::StoreResult<$crate::courses::CompleteOutcome> {
                let reg = c.learner.registration_id.to_string();
                let result = serde_json::to_string(&c.result).map_err(|e| $crate::db::StoreError::Corrupt(e.to_string()))?;
                let score = i64::from(c.result.percent);
                let mut tx = self.pool.begin().await?;
                // First statement is the write, so SQLite takes its write lock here (waiting, not
                // failing) and PostgreSQL re-checks the condition after a concurrent commit.
                let claimed = sqlx::query(
                    "UPDATE quiz_attempts SET submitted_at = $1, score = $2, passed = $3, result = $4 \
                     WHERE id = $5 AND registration_id = $6 AND user_id = $7 AND submitted_at IS NULL",
                )
                .bind(c.submitted_at)
                .bind(score)
                .bind(c.result.passed)
                .bind(result)
                .bind(&c.attempt_id)
                .bind(&reg)
                .bind(&c.learner.user_id)
                .execute(&mut *tx)
                .await?;
                if claimed.rows_affected() != 1 {
                    tx.rollback().await?;
                    return Ok($crate::courses::CompleteOutcome::AlreadySubmitted);
                }
                let was: Option<String> = sqlx::query_scalar(
                    "SELECT status FROM module_progress WHERE registration_id = $1 AND user_id = $2 AND module_id = $3",
                )
                .bind(&reg)
                .bind(&c.learner.user_id)
                .bind(&c.module_id)
                .fetch_optional(&mut *tx)
                .await?;
                let passed_before = was.as_deref() == Some("passed");
                sqlx::query($crate::db::portable::courses::UPSERT_MODULE_RESULT)
                    .bind(&reg)
                    .bind(&c.learner.user_id)
                    .bind(&c.module_id)
                    .bind(if c.result.passed { "passed" } else { "in_progress" })
                    .bind(score)
                    .bind(c.result.passed.then_some(c.submitted_at))
                    .bind(c.submitted_at)
                    .execute(&mut *tx)
                    .await?;
                for slug in &c.effects.skip_lessons {
                    sqlx::query(
                        "INSERT INTO lesson_progress (registration_id, user_id, module_id, lesson_slug, state, recorded_at) \
                         VALUES ($1, $2, $3, $4, 'skipped', $5) ON CONFLICT DO NOTHING",
                    )
                    .bind(&reg)
                    .bind(&c.learner.user_id)
                    .bind(&c.module_id)
                    .bind(slug)
                    .bind(c.submitted_at)
                    .execute(&mut *tx)
                    .await?;
                }
                let mut completed_paths = Vec::new();
                let mut complete_here: Vec<&str> = Vec::new();
                if c.result.passed && !c.effects.path_checks.is_empty() {
                    let passed: Vec<String> = sqlx::query_scalar(
                        "SELECT module_id FROM module_progress WHERE registration_id = $1 AND user_id = $2 AND status = 'passed'",
                    )
                    .bind(&reg)
                    .bind(&c.learner.user_id)
                    .fetch_all(&mut *tx)
                    .await?;
                    for check in c.effects.path_checks.iter().filter(|p| p.modules.iter().all(|m| passed.contains(m))) {
                        complete_here.push(&check.path_id);
                        let done = sqlx::query(
                            "INSERT INTO path_completions (registration_id, user_id, path_id, completed_at) \
                             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                        )
                        .bind(&reg)
                        .bind(&c.learner.user_id)
                        .bind(&check.path_id)
                        .bind(c.submitted_at)
                        .execute(&mut *tx)
                        .await?;
                        if done.rows_affected() == 1 {
                            completed_paths.push(check.path_id.clone());
                        }
                        if let Some(draft) = c.effects.certificates.iter().find(|d| d.path_id == check.path_id) {
                            $crate::db::portable::certificates::issue_certificate_on!(tx, &reg, &c.learner.user_id, draft);
                        }
                    }
                }
                for score in &c.effects.scores {
                    $crate::db::portable::grades::enqueue_score_on!(tx, score);
                }
                $crate::db::portable::placements::mark_late_on!(tx, c);
                tx.commit().await?;
                if c.result.passed {
                    // PostgreSQL (read committed): two attempts passing a path's last two modules at
                    // once each saw only their own pass. Whichever committed last sees both now.
                    let open: Vec<&$crate::courses::PathCheck> =
                        c.effects.path_checks.iter().filter(|p| !complete_here.contains(&p.path_id.as_str())).collect();
                    completed_paths.extend($crate::db::portable::certificates::settle_paths!(self, c, open));
                }
                Ok($crate::courses::CompleteOutcome::Recorded { newly_passed: c.result.passed && !passed_before, completed_paths })
            }
        }
    };
}
pub(crate) use course_store;

use crate::content::{JobRole, Lang};
use crate::courses::{Attempt, AttemptKind, ModuleProgress, ModuleStatus};
use crate::db::{StoreError, StoreResult};

/// Records an attempt's result in the module's progress: attempts counted, the first score kept,
/// the best score raised, and a passed module stays passed.
pub(crate) const UPSERT_MODULE_RESULT: &str = "INSERT INTO module_progress (registration_id, user_id, module_id, status, \
     attempts, first_score, best_score, passed_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5, $6, $7) \
     ON CONFLICT (registration_id, user_id, module_id) DO UPDATE SET \
     status = CASE WHEN module_progress.status = 'passed' THEN 'passed' ELSE excluded.status END, \
     attempts = module_progress.attempts + 1, \
     first_score = COALESCE(module_progress.first_score, excluded.first_score), \
     best_score = CASE WHEN module_progress.best_score IS NULL OR module_progress.best_score < excluded.best_score \
       THEN excluded.best_score ELSE module_progress.best_score END, \
     passed_at = COALESCE(module_progress.passed_at, excluded.passed_at), \
     updated_at = excluded.updated_at";

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ProgressRow {
    module_id: String,
    status: String,
    attempts: i64,
    first_score: Option<i64>,
    best_score: Option<i64>,
}

pub(crate) fn into_progress(row: ProgressRow) -> StoreResult<ModuleProgress> {
    let percent = |v: Option<i64>| v.map(|p| u8::try_from(p.clamp(0, 100)).unwrap_or(0));
    Ok(ModuleProgress {
        status: ModuleStatus::parse(&row.status)
            .ok_or_else(|| StoreError::Corrupt(format!("module status {:?}", row.status)))?,
        module_id: row.module_id,
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        first_score: percent(row.first_score),
        best_score: percent(row.best_score),
    })
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AttemptRow {
    id: String,
    module_id: String,
    kind: String,
    content_version: String,
    language: String,
    job_role: String,
    pass_mark: i64,
    draw: String,
    started_at: i64,
    submitted_at: Option<i64>,
    result: Option<String>,
}

pub(crate) fn into_attempt(row: AttemptRow) -> StoreResult<Attempt> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("attempt {}: {what}", row.id));
    let result = match &row.result {
        Some(json) => {
            Some(serde_json::from_str(json).map_err(|e| corrupt(&format!("result: {e}")))?)
        }
        None => None,
    };
    Ok(Attempt {
        kind: AttemptKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?,
        language: Lang::parse(&row.language).ok_or_else(|| corrupt("language"))?,
        job_role: JobRole::parse(&row.job_role).ok_or_else(|| corrupt("job role"))?,
        pass_mark: u8::try_from(row.pass_mark).map_err(|_| corrupt("pass mark"))?,
        draw: serde_json::from_str(&row.draw).map_err(|e| corrupt(&format!("draw: {e}")))?,
        result,
        id: row.id,
        module_id: row.module_id,
        content_version: row.content_version,
        started_at: row.started_at,
        submitted_at: row.submitted_at,
    })
}
