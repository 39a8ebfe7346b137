//! Reading and writing the pipeline's stages.

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::{DbError, Identity};
use crate::domain::Stage;

#[derive(FromRow)]
struct StageRow {
    id: Uuid,
    name: String,
    sequence: i32,
    is_won: bool,
    folded: bool,
    probability: i16,
    team_id: Option<Uuid>,
    version: i64,
    deleted: bool,
}

impl From<StageRow> for Stage {
    fn from(r: StageRow) -> Self {
        Stage {
            id: r.id,
            name: r.name,
            sequence: r.sequence,
            is_won: r.is_won,
            folded: r.folded,
            probability: r.probability.clamp(0, 100) as u8,
            team_id: r.team_id,
            version: r.version,
            deleted: r.deleted,
        }
    }
}

const COLUMNS: &str = "id, name, sequence, is_won, folded, probability, team_id, version, deleted";

/// All stages of the org, deleted ones included (the rules ignore those).
pub async fn load_stages(conn: &mut PgConnection, org_id: Uuid) -> Result<Vec<Stage>, DbError> {
    let rows: Vec<StageRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM stages WHERE org_id = $1"))
            .bind(org_id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(Stage::from).collect())
}

/// Stages changed after `cursor`.
pub async fn stages_since(
    conn: &mut PgConnection,
    org_id: Uuid,
    cursor: i64,
) -> Result<Vec<Stage>, DbError> {
    let rows: Vec<StageRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM stages WHERE org_id = $1 AND version > $2"
    ))
    .bind(org_id)
    .bind(cursor)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Stage::from).collect())
}

/// Writes the stage as it is after change `seq`.
pub async fn save(
    conn: &mut PgConnection,
    who: &Identity,
    seq: i64,
    s: &Stage,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO stages (id, org_id, name, sequence, is_won, folded, probability, team_id, \
             version, deleted, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (id) DO UPDATE SET name = $3, sequence = $4, is_won = $5, folded = $6, \
             probability = $7, team_id = $8, version = $9, deleted = $10, updated_at = now() \
         WHERE stages.org_id = $2",
    )
    .bind(s.id)
    .bind(who.org_id)
    .bind(&s.name)
    .bind(s.sequence)
    .bind(s.is_won)
    .bind(s.folded)
    .bind(i16::from(s.probability))
    .bind(s.team_id)
    .bind(seq)
    .bind(s.deleted)
    .bind(who.user_id)
    .execute(conn)
    .await?;
    Ok(())
}
