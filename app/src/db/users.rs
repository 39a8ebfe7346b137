//! Reading the organisation's people.

use sqlx::PgConnection;
use uuid::Uuid;

use super::DbError;
use crate::domain::User;

/// Every user of the org, by name.
pub async fn of_org(conn: &mut PgConnection, org_id: Uuid) -> Result<Vec<User>, DbError> {
    let rows: Vec<(Uuid, String, String)> =
        sqlx::query_as("SELECT id, name, email FROM users WHERE org_id = $1 ORDER BY name")
            .bind(org_id)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email)| User { id, name, email })
        .collect())
}
