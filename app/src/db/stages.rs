//! Reading the pipeline's stages.

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::DbError;
use crate::domain::Stage;

#[derive(FromRow)]
struct StageRow {
    id: Uuid,
    name: String,
    sequence: i32,
    is_won: bool,
    folded: bool,
    probability: i16,
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
            version: r.version,
            deleted: r.deleted,
        }
    }
}

const COLUMNS: &str = "id, name, sequence, is_won, folded, probability, version, deleted";

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
