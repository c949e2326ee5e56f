//! Where personal data lives: every table holding a learner's rows, keyed by platform
//! registration and LMS user id. Export, erasure and tenant purge all walk these lists, so a
//! feature that adds such a table adds one line here (and the erasure test then covers it).

/// A table with rows of one learner.
#[derive(Debug, Clone, Copy)]
pub struct LearnerTable {
    pub name: &'static str,
    /// The column holding the platform registration id (`registration_id`; the hub calls it
    /// `tenant`).
    pub tenant_column: &'static str,
    /// The column holding the LMS user id (`sub`).
    pub user_column: &'static str,
    /// Columns exported (GDPR Art. 15); the keys are implied.
    pub columns: &'static [&'static str],
}

/// Every table with a learner's data, in the order erasure deletes them.
pub const LEARNER_TABLES: &[LearnerTable] = &[
    LearnerTable {
        name: "sessions",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &[
            "id",
            "deployment_id",
            "context_id",
            "roles",
            "locale",
            "message_type",
            "resource_link_id",
            "data",
            "created_at",
            "last_seen_at",
            "expires_at",
        ],
    },
    LearnerTable {
        name: "learner_profiles",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &["job_role", "language", "updated_at"],
    },
    LearnerTable {
        name: "lesson_progress",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &["module_id", "lesson_slug", "state", "recorded_at"],
    },
    LearnerTable {
        name: "module_progress",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &[
            "module_id",
            "status",
            "attempts",
            "first_score",
            "best_score",
            "passed_at",
            "updated_at",
        ],
    },
    LearnerTable {
        name: "quiz_attempts",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &[
            "id",
            "module_id",
            "kind",
            "content_version",
            "language",
            "job_role",
            "pass_mark",
            "draw",
            "context_id",
            "resource_link_id",
            "started_at",
            "submitted_at",
            "score",
            "passed",
            "result",
        ],
    },
    LearnerTable {
        name: "path_completions",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &["path_id", "completed_at"],
    },
    // An instructor's Curriculum Wizard plans (answers about their unit and staff).
    LearnerTable {
        name: "wizard_plans",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &[
            "id",
            "context_id",
            "unit",
            "answers",
            "step",
            "finished_at",
            "created_at",
            "updated_at",
        ],
    },
    // A name the learner typed for certificates.
    LearnerTable {
        name: "learner_names",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &["name", "declared_at"],
    },
    // Certificates earned. Erasure deletes them: a verifier then finds no such certificate.
    LearnerTable {
        name: "certificates",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &[
            "id",
            "code",
            "context_id",
            "path_id",
            "generation",
            "learner_name",
            "language",
            "content_version",
            "issued_at",
            "valid_until",
            "revoked_at",
            "revoked_reason",
        ],
    },
    // Knowledge hub discussion posts (with the author's name) and read marks. Posts in the
    // shared trainers' forum carry the tenant `trainers`: see `TRAINERS_FORUM_TABLES`.
    HUB_POSTS,
    HUB_VISITS,
    LearnerTable {
        name: "grade_outbox",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &[
            "id",
            "lineitem_url",
            "module_id",
            "score_given",
            "score_maximum",
            "comment",
            "score_timestamp",
            "state",
            "attempts",
            "created_at_ms",
            "delivered_at_ms",
        ],
    },
    // Dated placements a learner opened (the institution view's overdue list), with their name.
    LearnerTable {
        name: "due_placements",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &[
            "resource_link_id",
            "context_id",
            "context_title",
            "learner_name",
            "module_id",
            "path_id",
            "due_at",
            "seen_at",
        ],
    },
    // Resets of a learner's attempts by an instructor, with the reason (instructor actions).
    LearnerTable {
        name: "attempt_resets",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &[
            "id",
            "context_id",
            "target_kind",
            "target_id",
            "reason",
            "actor_user_id",
            "actor_name",
            "attempts_reset",
            "reset_at",
        ],
    },
    // A learner's own due dates granted by an instructor.
    LearnerTable {
        name: "due_extensions",
        tenant_column: "registration_id",
        user_column: "user_id",
        columns: &[
            "context_id",
            "item_id",
            "due_at",
            "reason",
            "actor_user_id",
            "actor_name",
            "granted_at",
        ],
    },
];

/// Knowledge hub discussion posts (with the author's name) and read marks: a learner's rows in
/// their own platform's hub and in the shared trainers' forum.
const HUB_POSTS: LearnerTable = LearnerTable {
    name: "hub_posts",
    tenant_column: "tenant",
    user_column: "user_id",
    columns: &[
        "id",
        "thread_id",
        "parent_id",
        "author",
        "body",
        "hidden",
        "created_at",
    ],
};
const HUB_VISITS: LearnerTable = LearnerTable {
    name: "hub_visits",
    tenant_column: "tenant",
    user_column: "user_id",
    columns: &["thread_id", "seen_at"],
};

/// The shared trainers' forum of the knowledge hub: its rows carry the tenant `trainers` and
/// the user as `{registration id}/{LMS user id}` (see `web::hub::discuss`), so a learner's rows
/// there are found by that pair instead of by `tenant_column = registration`.
pub const TRAINERS_FORUM_TENANT: &str = crate::hub::community::TRAINERS_SCOPE;

/// The hub tables, read with the trainers' forum keys; exported and counted under
/// `trainers_forum.<table>`.
pub const TRAINERS_FORUM_TABLES: &[LearnerTable] = &[HUB_POSTS, HUB_VISITS];

/// How the trainers' forum names a learner of one platform.
pub fn trainers_forum_user(learner: &crate::courses::Learner) -> String {
    format!("{}/{}", learner.registration_id, learner.user_id)
}

/// Every table walked for one learner, with the tenant and user values to bind and the name
/// the export uses: the learner tables by platform, then the trainers' forum.
pub fn learner_rows(
    learner: &crate::courses::Learner,
) -> impl Iterator<Item = (&'static LearnerTable, String, String, String)> + '_ {
    let own = LEARNER_TABLES.iter().map(|t| {
        (
            t,
            t.name.to_owned(),
            learner.registration_id.to_string(),
            learner.user_id.clone(),
        )
    });
    let forum = TRAINERS_FORUM_TABLES.iter().map(|t| {
        (
            t,
            format!("trainers_forum.{}", t.name),
            TRAINERS_FORUM_TENANT.to_owned(),
            trainers_forum_user(learner),
        )
    });
    own.chain(forum)
}

/// Tables of a tenant without a foreign key to `registrations` (so the cascade of removing a
/// registration does not reach them); `platform remove --purge` deletes them explicitly.
/// Each table with the column holding the registration id.
pub const TENANT_TABLES_WITHOUT_CASCADE: &[(&str, &str)] = &[
    ("grade_outbox", "registration_id"),
    ("grade_line_items", "registration_id"),
    // Hub threads of the tenant; their posts and read marks go with them (cascade).
    ("hub_posts", "tenant"),
    ("hub_visits", "tenant"),
    ("hub_threads", "tenant"),
];

/// Tenant tables removed by the cascade of `registrations`, counted before the delete so the
/// operator sees what went.
pub const TENANT_TABLES_WITH_CASCADE: &[&str] = &[
    "deployments",
    "frame_origins",
    "used_nonces",
    "sessions",
    "learner_profiles",
    "lesson_progress",
    "module_progress",
    "quiz_attempts",
    "path_completions",
    "wizard_plans",
    "learner_names",
];

/// Kept when a tenant goes (no foreign key to `registrations`, migration 0009): issued
/// certificates stay verifiable unless revoked. A learner's erasure does delete them.
pub const TENANT_TABLES_KEPT: &[&str] = &["certificates"];

/// `SELECT` of a learner's rows with every column as text (portable: `CAST(x AS TEXT)` reads
/// the same on SQLite and PostgreSQL, whatever the column type).
pub fn export_sql(table: &LearnerTable) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("CAST({c} AS TEXT) AS {c}"))
        .collect();
    format!(
        "SELECT {} FROM {} WHERE {} = $1 AND {} = $2",
        columns.join(", "),
        table.name,
        table.tenant_column,
        table.user_column
    )
}

pub fn erase_sql(table: &LearnerTable) -> String {
    format!(
        "DELETE FROM {} WHERE {} = $1 AND {} = $2",
        table.name, table.tenant_column, table.user_column
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_reads_every_column_as_text_for_one_learner_of_one_platform() {
        let sql = export_sql(&LEARNER_TABLES[1]);
        assert_eq!(
            sql,
            "SELECT CAST(job_role AS TEXT) AS job_role, CAST(language AS TEXT) AS language, \
             CAST(updated_at AS TEXT) AS updated_at FROM learner_profiles \
             WHERE registration_id = $1 AND user_id = $2"
        );
    }
}
