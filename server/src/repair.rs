//! Repairs run at start-up, after the migrations, of what SQL alone cannot compute. Each finds
//! what needs it (so it is idempotent and cheap when nothing does) and runs under an advisory
//! lock, so two servers starting together do it once.

use app::db::DbError;
use app::domain::opportunity::untied;
use sqlx::PgPool;
use uuid::Uuid;

/// Cards of one column that share a position (made before pushes untied them: two drops into
/// one slot offline, an older demo) get positions of their own, in the order they were shown,
/// each as a change of the server's own that the browsers pull. Returns how many moved.
pub async fn untie_positions(pool: &PgPool) -> Result<usize, DbError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(7263)")
        .execute(&mut *tx)
        .await?;
    let columns: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "SELECT DISTINCT org_id, stage_id FROM opportunities WHERE NOT deleted AND NOT lost \
         GROUP BY org_id, stage_id, position HAVING count(*) > 1",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut moved = 0;
    let mut orgs = Vec::new();
    for (org_id, stage_id) in columns {
        let cards: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT id, position FROM opportunities \
             WHERE org_id = $1 AND stage_id = $2 AND NOT deleted AND NOT lost",
        )
        .bind(org_id)
        .bind(stage_id)
        .fetch_all(&mut *tx)
        .await?;
        for (id, position) in untied(&cards) {
            let before = cards.iter().find(|c| c.0 == id).map(|c| c.1.clone());
            // A change number of its own, in the org's order, as a push would take.
            let seq: i64 =
                sqlx::query_scalar("UPDATE orgs SET seq = seq + 1 WHERE id = $1 RETURNING seq")
                    .bind(org_id)
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query(
                "UPDATE opportunities SET position = $3, version = $4, updated_at = now() \
                 WHERE id = $1 AND org_id = $2",
            )
            .bind(id)
            .bind(org_id)
            .bind(&position)
            .bind(seq)
            .execute(&mut *tx)
            .await?;
            // On the card's timeline, made by nobody: the server's repair.
            sqlx::query(
                "INSERT INTO changes (org_id, seq, record_type, record_id, field, old_value, new_value) \
                 VALUES ($1, $2, 'opportunity', $3, 'position', to_jsonb($4::text), to_jsonb($5::text))",
            )
            .bind(org_id)
            .bind(seq)
            .bind(id)
            .bind(before)
            .bind(&position)
            .execute(&mut *tx)
            .await?;
            moved += 1;
        }
        if !orgs.contains(&org_id) {
            orgs.push(org_id);
        }
    }
    // Browsers connected to other servers pull the repair at once.
    for org_id in orgs {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(app::db::CHANGES_CHANNEL)
            .bind(org_id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    if moved > 0 {
        tracing::info!(
            "repaired {moved} cards that shared a position with another in their column"
        );
    }
    Ok(moved)
}
