//! Reading the organisation's people.

use sqlx::PgConnection;
use uuid::Uuid;

use super::DbError;
use crate::domain::User;

/// Every user of org `$1` as a JSON array, by name: a column of a statement that reads other
/// things at once (`pull`, `push`), decoded as `Json<Vec<User>>`.
pub(crate) const AS_JSON: &str = "COALESCE((SELECT json_agg(json_build_object(\
    'id', id, 'name', name, 'email', email) ORDER BY name) FROM users WHERE org_id = $1), '[]')";

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
