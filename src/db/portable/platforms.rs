//! Registrations, deployments and frame origins in portable SQL, stamped out for each backend.

/// Implements `PlatformStore` for a store type with a `pool` field.
macro_rules! platform_store {
    ($store:ty) => {
        impl $store {

    async fn complete(&self, row: $crate::db::rows::RegistrationRow) -> $crate::db::StoreResult<$crate::platforms::Registration> {
        let deployments: Vec<String> =
            sqlx::query_scalar("SELECT deployment_id FROM deployments WHERE registration_id = $1 ORDER BY created_at, deployment_id")
                .bind(&row.id)
                .fetch_all(&self.pool)
                .await?;
        let origins: Vec<String> =
            sqlx::query_scalar("SELECT origin FROM frame_origins WHERE registration_id = $1 ORDER BY origin")
                .bind(&row.id)
                .fetch_all(&self.pool)
                .await?;
        $crate::db::rows::into_registration(row, deployments, origins)
    }

    async fn complete_all(&self, rows: Vec<$crate::db::rows::RegistrationRow>) -> $crate::db::StoreResult<Vec<$crate::platforms::Registration>> {
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.complete(row).await?);
        }
        Ok(out)
    }

        }

        #[async_trait::async_trait]
        impl $crate::db::PlatformStore for $store {
    async fn insert_registration(&self, new: $crate::platforms::NewRegistration) -> $crate::db::StoreResult<$crate::platforms::Registration> {
        let id = $crate::platforms::RegistrationId::new();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO registrations (id, name, issuer, client_id, auth_url, token_url, jwks_url, status, \
             deployment_policy, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (issuer, client_id) DO NOTHING",
        )
        .bind(id.to_string())
        .bind(&new.name)
        .bind(new.issuer.as_str())
        .bind(new.client_id.as_str())
        .bind(new.auth_url.as_str())
        .bind(new.token_url.as_str())
        .bind(new.jwks_url.as_str())
        .bind(new.status.as_str())
        .bind(new.deployment_policy.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err($crate::db::StoreError::Conflict(format!(
                "a registration for issuer {} and client id {}",
                new.issuer, new.client_id
            )));
        }
        for d in &new.deployments {
            sqlx::query("INSERT INTO deployments (registration_id, deployment_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(id.to_string())
                .bind(d.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        for o in &new.frame_origins {
            sqlx::query("INSERT INTO frame_origins (registration_id, origin) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id.to_string())
                .bind(o)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.find_registration_by_id(id)
            .await?
            .ok_or_else(|| $crate::db::StoreError::NotFound(format!("registration {id}")))
    }

    async fn list_registrations(&self) -> $crate::db::StoreResult<Vec<$crate::platforms::Registration>> {
        let rows: Vec<$crate::db::rows::RegistrationRow> = sqlx::query_as($crate::db::rows::select_registration!(" ORDER BY created_at, id"))
            .fetch_all(&self.pool)
            .await?;
        self.complete_all(rows).await
    }

    async fn find_registration(&self, by: &$crate::platforms::RegistrationRef) -> $crate::db::StoreResult<Option<$crate::platforms::Registration>> {
        match by {
            $crate::platforms::RegistrationRef::Id(id) => self.find_registration_by_id(*id).await,
            $crate::platforms::RegistrationRef::IssuerClient(iss, client) => {
                let row: Option<$crate::db::rows::RegistrationRow> =
                    sqlx::query_as($crate::db::rows::select_registration!(" WHERE issuer = $1 AND client_id = $2"))
                        .bind(iss.as_str())
                        .bind(client.as_str())
                        .fetch_optional(&self.pool)
                        .await?;
                match row {
                    Some(row) => Ok(Some(self.complete(row).await?)),
                    None => Ok(None),
                }
            }
        }
    }

    async fn find_registration_by_id(&self, id: $crate::platforms::RegistrationId) -> $crate::db::StoreResult<Option<$crate::platforms::Registration>> {
        let row: Option<$crate::db::rows::RegistrationRow> = sqlx::query_as($crate::db::rows::select_registration!(" WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => Ok(Some(self.complete(row).await?)),
            None => Ok(None),
        }
    }

    async fn registrations_for_issuer(&self, issuer: &lti::Issuer) -> $crate::db::StoreResult<Vec<$crate::platforms::Registration>> {
        let rows: Vec<$crate::db::rows::RegistrationRow> = sqlx::query_as($crate::db::rows::select_registration!(" WHERE issuer = $1 ORDER BY created_at"))
            .bind(issuer.as_str())
            .fetch_all(&self.pool)
            .await?;
        self.complete_all(rows).await
    }

    async fn remove_registration(&self, id: $crate::platforms::RegistrationId) -> $crate::db::StoreResult<bool> {
        let done = sqlx::query("DELETE FROM registrations WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn set_registration_status(&self, id: $crate::platforms::RegistrationId, status: $crate::platforms::RegistrationStatus) -> $crate::db::StoreResult<bool> {
        let done = sqlx::query("UPDATE registrations SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn set_deployment_policy(&self, id: $crate::platforms::RegistrationId, policy: $crate::platforms::DeploymentPolicy) -> $crate::db::StoreResult<bool> {
        let done = sqlx::query("UPDATE registrations SET deployment_policy = $1 WHERE id = $2")
            .bind(policy.as_str())
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn add_deployment(&self, id: $crate::platforms::RegistrationId, deployment: &lti::DeploymentId) -> $crate::db::StoreResult<bool> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let done = sqlx::query(
            "INSERT INTO deployments (registration_id, deployment_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(id.to_string())
        .bind(deployment.as_str())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn add_frame_origin(&self, id: $crate::platforms::RegistrationId, origin: &str) -> $crate::db::StoreResult<()> {
        sqlx::query("INSERT INTO frame_origins (registration_id, origin) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id.to_string())
            .bind(origin)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn all_frame_origins(&self) -> $crate::db::StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT DISTINCT origin FROM frame_origins ORDER BY origin")
            .fetch_all(&self.pool)
            .await?)
    }
}
    };
}
pub(crate) use platform_store;
