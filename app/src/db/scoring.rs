//! Learning predictions in full (`domain::scoring`): the organisation's won and lost deals
//! counted afresh, then every open deal predicted again, in one change the browsers pull.
//!
//! A server process learns an organisation again when its settings changed since, or a day
//! after it last did; an admin can ask at once. The work runs under the organisation's row
//! lock (the one a push takes for its change numbers): a push waits for it, and a deal won
//! meanwhile is counted after it, never lost between the two. A process that finds the row
//! locked skips the organisation (`SKIP LOCKED`): two processes never learn it twice at once.

use chrono::Utc;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::access::role;
use super::{DbError, Identity, records, take_numbers};
use crate::domain::access::Role;
use crate::domain::scoring::{self, Learnt, Outcome, ScoringTable, Table};
use crate::domain::{Opportunity, Record, Store};

/// How long what was learnt stands before a server process learns it again.
pub const RELEARN_AFTER_HOURS: i64 = 24;

/// Learns `org` again now, for its admin (waits for the organisation's lock).
pub async fn learn_now(pool: &PgPool, who: &Identity) -> Result<Learnt, DbError> {
    let mut conn = pool.acquire().await?;
    if role(&mut conn, who).await? != Role::Admin {
        return Err(DbError::Forbidden(
            "only the admin sets what predictions learn from".into(),
        ));
    }
    drop(conn);
    // Learnt to the end even if the admin's page stops waiting (goes elsewhere).
    let (pool, org) = (pool.clone(), who.org_id);
    let learnt = super::run_to_completion(async move { learn(&pool, org, true).await }).await?;
    learnt.ok_or_else(|| {
        DbError::Invalid("prediction is off: choose the day to learn from first".into())
    })
}

/// Learns every organisation that is due (settings changed since, or a day passed); returns
/// how many this process learnt. Organisations another process is busy with are skipped.
pub async fn learn_due(pool: &PgPool) -> Result<usize, DbError> {
    // On and not learnt with these settings for a day; or off, with deals still predicted.
    let due: Vec<Uuid> = sqlx::query_scalar(
        "SELECT s.org_id FROM records s \
         WHERE s.kind = 'scoring_settings' AND NOT s.deleted AND ( \
             (s.data->>'start' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM records t \
                 WHERE t.org_id = s.org_id AND t.kind = 'scoring_table' AND NOT t.deleted \
                 AND (t.data->>'settings_version')::bigint = s.version \
                 AND (t.data->>'learnt_at')::timestamptz > now() - make_interval(hours => $1::int))) \
             OR (s.data->>'start' IS NULL AND EXISTS (SELECT 1 FROM opportunities o \
                 WHERE o.org_id = s.org_id AND o.predicted IS NOT NULL)))",
    )
    .bind(RELEARN_AFTER_HOURS as i32)
    .fetch_all(pool)
    .await?;
    let mut learnt = 0;
    for org in due {
        if super::for_org(pool, "prediction", org, learn(pool, org, false))
            .await
            .is_some()
        {
            learnt += 1;
        }
    }
    Ok(learnt)
}

/// Learns `org` in full and predicts its open deals again. `None`: prediction is off (its deals
/// then lose their predictions), or (when not `wait`ing) another transaction holds the
/// organisation.
pub async fn learn(pool: &PgPool, org: Uuid, wait: bool) -> Result<Option<Learnt>, DbError> {
    let mut tx = pool.begin().await?;
    if !super::lock_org(&mut tx, org, wait).await? {
        return Ok(None);
    }
    let mut store = Store::default();
    records::load_setup(&mut tx, org, &mut store).await?;
    let Some(settings) = scoring::settings(&store).cloned() else {
        forget(&mut tx, org).await?;
        tx.commit().await?;
        return Ok(None);
    };
    let start = settings.start.unwrap_or_default();
    let deals = live_deals(&mut tx, org).await?;
    let closed: Vec<(&Opportunity, Outcome)> = deals
        .iter()
        .filter(|d| d.created_on.is_some_and(|on| on >= start))
        .filter_map(|d| scoring::outcome_of(d, &store.stages).map(|o| (d, o)))
        .collect();
    let won = closed.iter().filter(|(_, o)| *o == Outcome::Won).count() as u32;
    let lost = closed.len() as u32 - won;
    let table = Table::learn(closed, &store.stages, &settings.fields);
    let seq = take_numbers(&mut tx, org, 1).await?;
    let learnt = ScoringTable {
        id: scoring::table(&store).map_or_else(Uuid::now_v7, |t| t.id),
        table,
        won,
        lost,
        learnt_at: Some(Utc::now()),
        settings_version: settings.version,
        version: seq,
        deleted: false,
    };
    save_table(&mut tx, org, &learnt).await?;
    store.put(Record::ScoringTable(learnt));
    let mut changed: Vec<Opportunity> = Vec::new();
    let mut scorer = scoring::scorer_in(&store);
    for deal in deals.iter().filter(|d| !d.lost && d.closed_on.is_none()) {
        let mut next = deal.clone();
        scoring::predict_with(scorer.as_mut(), &store.stages, &mut next);
        if next.predicted != deal.predicted || next.probability != deal.probability {
            changed.push(next);
        }
    }
    write_predictions(&mut tx, org, seq, &changed).await?;
    super::push::announce(&mut tx, org).await?;
    tx.commit().await?;
    Ok(Some(Learnt {
        won,
        lost,
        predicted: changed.len() as u32,
    }))
}

/// Prediction was turned off: its deals keep their probability and lose their prediction (no
/// forecast weighs them by it any more), in one change the browsers pull.
async fn forget(conn: &mut PgConnection, org: Uuid) -> Result<(), DbError> {
    let predicted: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM opportunities WHERE org_id = $1 AND predicted IS NOT NULL",
    )
    .bind(org)
    .fetch_one(&mut *conn)
    .await?;
    if predicted == 0 {
        return Ok(());
    }
    let seq = take_numbers(&mut *conn, org, 1).await?;
    sqlx::query(
        "UPDATE opportunities SET predicted = NULL, version = $2, updated_at = now() \
         WHERE org_id = $1 AND predicted IS NOT NULL",
    )
    .bind(org)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    super::push::announce(conn, org).await
}

/// The organisation's live deals, with only what prediction reads.
async fn live_deals(conn: &mut PgConnection, org: Uuid) -> Result<Vec<Opportunity>, DbError> {
    super::opportunities::of_org(conn, org, "NOT deleted").await
}

/// Writes what was learnt as the server's own record (made by nobody).
async fn save_table(
    conn: &mut PgConnection,
    org: Uuid,
    learnt: &ScoringTable,
) -> Result<(), DbError> {
    let record = Record::ScoringTable(learnt.clone());
    sqlx::query(
        "INSERT INTO records (id, org_id, kind, data, version, deleted) \
         VALUES ($1, $2, $3, $4, $5, false) \
         ON CONFLICT (id) DO UPDATE SET data = $4, version = $5, updated_at = now() \
         WHERE records.org_id = $2 AND records.kind = $3",
    )
    .bind(learnt.id)
    .bind(org)
    .bind(record.kind())
    .bind(sqlx::types::Json(&record))
    .bind(learnt.version)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes the deals' new predictions and probabilities as change `seq`, in one statement.
async fn write_predictions(
    conn: &mut PgConnection,
    org: Uuid,
    seq: i64,
    deals: &[Opportunity],
) -> Result<(), DbError> {
    for chunk in deals.chunks(10_000) {
        let ids: Vec<Uuid> = chunk.iter().map(|d| d.id).collect();
        let predicted: Vec<Option<i16>> = chunk
            .iter()
            .map(|d| d.predicted.map(|p| p as i16))
            .collect();
        let probability: Vec<i16> = chunk.iter().map(|d| i16::from(d.probability)).collect();
        sqlx::query(
            "UPDATE opportunities o SET predicted = n.predicted, probability = n.probability, \
                 version = $5, updated_at = now() \
             FROM unnest($1::uuid[], $2::int2[], $3::int2[]) AS n(id, predicted, probability) \
             WHERE o.id = n.id AND o.org_id = $4",
        )
        .bind(&ids)
        .bind(&predicted)
        .bind(&probability)
        .bind(org)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// How often a server process looks for organisations due to learn again.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// A server process's learner: learns the organisations that are due, until the server stops.
pub async fn work(pool: PgPool, stopping: tokio::sync::watch::Receiver<bool>) {
    super::every(
        LOOK_EVERY,
        "learning predictions",
        pool,
        stopping,
        |pool| async move { learn_due(&pool).await.map(drop) },
    )
    .await
}
