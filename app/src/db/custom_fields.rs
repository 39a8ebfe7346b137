//! A deleted custom field's values, purged once it has been deleted `PURGE_AFTER_DAYS`: until
//! then they stay in the records, restorable with the field; then a server process removes them
//! from every deal (their `custom` column) and every contact or company (their documents), as
//! one change the browsers pull, and marks the field purged (it can no longer be restored).
//!
//! The work runs under the organisation's row lock (the one a push takes for its change
//! numbers), taken with `SKIP LOCKED`: two processes never purge one organisation at once, and a
//! push waits for it rather than writing a value in between.

use sqlx::PgPool;
use sqlx::types::Json;
use uuid::Uuid;

use super::{DbError, take_numbers};
use crate::domain::Record;
use crate::domain::custom_field::{CustomField, PURGE_AFTER_DAYS};

/// How often a server process looks for fields to purge.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// The fields deleted long enough ago, not yet purged.
fn due() -> String {
    format!(
        "kind = 'custom_field' AND deleted AND NOT coalesce((data->>'purged')::boolean, false) \
         AND updated_at < now() - make_interval(days => {PURGE_AFTER_DAYS})"
    )
}

/// The background job of every server process.
pub async fn work(pool: PgPool, stopping: tokio::sync::watch::Receiver<bool>) {
    super::every(
        LOOK_EVERY,
        "purging deleted custom fields' values",
        pool,
        stopping,
        |pool| async move { purge_due(&pool).await.map(drop) },
    )
    .await
}

/// Purges every organisation that has a field due; returns how many this process purged.
pub async fn purge_due(pool: &PgPool) -> Result<usize, DbError> {
    let due: Vec<Uuid> = sqlx::query_scalar(&format!(
        "SELECT DISTINCT org_id FROM records WHERE {}",
        due()
    ))
    .fetch_all(pool)
    .await?;
    let mut purged = 0;
    for org in due {
        if super::for_org(pool, "custom_field_purge", org, purge(pool, org))
            .await
            .is_some()
        {
            purged += 1;
        }
    }
    Ok(purged)
}

/// Removes the values of `org`'s fields due; returns how many records lost one. `None`: another
/// transaction holds the organisation.
pub async fn purge(pool: &PgPool, org: Uuid) -> Result<Option<u64>, DbError> {
    let mut tx = pool.begin().await?;
    if !super::lock_org(&mut tx, org, false).await? {
        return Ok(None);
    }
    let fields: Vec<Json<CustomField>> = sqlx::query_scalar(&format!(
        "SELECT data FROM records WHERE org_id = $1 AND {} ORDER BY id",
        due()
    ))
    .bind(org)
    .fetch_all(&mut *tx)
    .await?;
    if fields.is_empty() {
        return Ok(Some(0));
    }
    let seq = take_numbers(&mut tx, org, 1).await?;
    let mut emptied = 0;
    for Json(field) in fields {
        emptied += if field.of == "opportunity" {
            sqlx::query(
                "UPDATE opportunities SET custom = custom - $2, version = $3, updated_at = now() \
                 WHERE org_id = $1 AND custom ? $2",
            )
            .bind(org)
            .bind(&field.key)
            .bind(seq)
            .execute(&mut *tx)
            .await?
            .rows_affected()
        } else {
            sqlx::query(
                "UPDATE records SET data = jsonb_set(data, '{custom}', (data->'custom') - $2) \
                     || jsonb_build_object('version', $3::bigint), \
                     version = $3, updated_at = now() \
                 WHERE org_id = $1 AND kind = $4 AND data->'custom' ? $2",
            )
            .bind(org)
            .bind(&field.key)
            .bind(seq)
            .bind(&field.of)
            .execute(&mut *tx)
            .await?
            .rows_affected()
        };
        let purged = Record::CustomField(CustomField {
            purged: true,
            version: seq,
            ..field
        });
        sqlx::query(
            "UPDATE records SET data = $3, version = $2, updated_at = now() \
             WHERE org_id = $1 AND id = $4",
        )
        .bind(org)
        .bind(seq)
        .bind(Json(&purged))
        .bind(purged.id())
        .execute(&mut *tx)
        .await?;
    }
    super::push::announce(&mut tx, org).await?;
    tx.commit().await?;
    Ok(Some(emptied))
}
