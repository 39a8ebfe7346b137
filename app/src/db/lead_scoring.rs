//! Scoring leads as days pass (`domain::lead_scoring`): a push scores the lead it changes, but a
//! condition on time ("created in the last 7 days", "no activity in 30 days") starts or stops
//! holding without anybody touching the lead, an import writes leads without scoring them, and
//! a rule changed by the admin changes every lead's score. A server process scores an
//! organisation's open leads again when its rules changed since it last did, when a lead waits
//! unscored, or an hour after the last time; the leads whose score or qualification changed are
//! written in one change the browsers pull, and a lead the threshold hands to sales says so in
//! its timeline.
//!
//! The work runs under the organisation's row lock (the one a push takes for its change
//! numbers), taken with `SKIP LOCKED`: two processes never score one organisation at once, and a
//! push waits for it rather than writing a lead in between.

use chrono::Utc;
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{DbError, opportunities, records, take_numbers, users};
use crate::domain::lead_scoring::{self, Scorer};
use crate::domain::{Opportunity, Store};

/// How long scores stand before a server process works them out again.
pub const RESCORE_AFTER_MINUTES: i32 = 60;

/// What one scoring of an organisation did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scored {
    /// Leads whose score or qualification changed.
    pub changed: u32,
    /// Of those, leads the threshold handed to sales.
    pub handed: u32,
}

/// Every organisation's rules and threshold: their latest change number, and whether a rule
/// is live.
const RULES: &str = "SELECT org_id, max(version) AS version, \
         bool_or(kind = 'scoring_rule' AND NOT deleted) AS live \
     FROM records WHERE kind IN ('scoring_rule', 'lead_qualification') GROUP BY org_id";

/// Scores every organisation that is due; returns how many this process scored.
/// Organisations another process holds are skipped.
pub async fn score_due(pool: &PgPool) -> Result<usize, DbError> {
    let due: Vec<Uuid> = sqlx::query_scalar(&format!(
        "WITH rules AS ({RULES}) \
         SELECT rules.org_id FROM rules \
         LEFT JOIN lead_scoring_runs run ON run.org_id = rules.org_id \
         WHERE run.org_id IS NULL OR run.rules_version < rules.version \
            OR (rules.live AND (run.scored_at < now() - make_interval(mins => $1) \
                OR EXISTS (SELECT 1 FROM opportunities o WHERE o.org_id = rules.org_id \
                    AND o.lead AND o.score IS NULL AND NOT o.deleted AND NOT o.lost)))"
    ))
    .bind(RESCORE_AFTER_MINUTES)
    .fetch_all(pool)
    .await?;
    let mut scored = 0;
    for org in due {
        if super::for_org(pool, "lead_scoring", org, score(pool, org, false))
            .await
            .is_some()
        {
            scored += 1;
        }
    }
    Ok(scored)
}

/// Scores `org`'s open leads again as of today. `None`: (when not `wait`ing) another
/// transaction holds the organisation.
pub async fn score(pool: &PgPool, org: Uuid, wait: bool) -> Result<Option<Scored>, DbError> {
    let mut tx = pool.begin().await?;
    if !super::lock_org(&mut tx, org, wait).await? {
        return Ok(None);
    }
    let rules_version: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT version FROM ({RULES}) rules WHERE org_id = $1"
    ))
    .bind(org)
    .fetch_optional(&mut *tx)
    .await?;
    let mut store = Store {
        users: users::of_org(&mut tx, org).await?,
        ..Store::default()
    };
    records::load_setup(&mut tx, org, &mut store).await?;
    let leads = opportunities::of_org(&mut tx, org, "lead AND NOT deleted AND NOT lost").await?;
    if lead_scoring::reaches_links(&store) {
        let ids: Vec<Uuid> = leads.iter().map(|l| l.id).collect();
        for r in records::hanging_on(&mut tx, org, &ids).await? {
            store.put(r);
        }
    }
    let today = Utc::now().date_naive();
    let scorer = Scorer::new(&store, today);
    let mut changed: Vec<(Opportunity, &Opportunity)> = Vec::new();
    for lead in &leads {
        let mut next = lead.clone();
        match &scorer {
            Some(scorer) => scorer.settle(&mut next),
            // No rule left: no score.
            None => next.score = None,
        }
        lead_scoring::stamp(&mut next, today);
        if (next.score, next.qualification, next.mql_on)
            != (lead.score, lead.qualification, lead.mql_on)
        {
            changed.push((next, lead));
        }
    }
    let handed = changed
        .iter()
        .filter(|(next, was)| next.qualification != was.qualification)
        .count();
    if !changed.is_empty() {
        let seq = take_numbers(&mut tx, org, 1).await?;
        write(&mut tx, org, seq, &changed).await?;
        super::push::announce(&mut tx, org).await?;
    }
    sqlx::query(
        "INSERT INTO lead_scoring_runs (org_id, scored_at, rules_version) VALUES ($1, now(), $2) \
         ON CONFLICT (org_id) DO UPDATE SET scored_at = now(), rules_version = $2",
    )
    .bind(org)
    .bind(rules_version.unwrap_or(0))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(Scored {
        changed: changed.len() as u32,
        handed: handed as u32,
    }))
}

/// Writes the leads' scores and qualifications as change `seq`, in one statement per ten
/// thousand; a lead handed to sales gets the line of its timeline that says so.
async fn write(
    conn: &mut PgConnection,
    org: Uuid,
    seq: i64,
    leads: &[(Opportunity, &Opportunity)],
) -> Result<(), DbError> {
    for chunk in leads.chunks(10_000) {
        let ids: Vec<Uuid> = chunk.iter().map(|(l, _)| l.id).collect();
        let scores: Vec<Option<i32>> = chunk.iter().map(|(l, _)| l.score).collect();
        let stands: Vec<&str> = chunk.iter().map(|(l, _)| l.qualification.code()).collect();
        let mql_on: Vec<Option<chrono::NaiveDate>> = chunk.iter().map(|(l, _)| l.mql_on).collect();
        sqlx::query(
            "UPDATE opportunities o SET score = n.score, qualification = n.qualification, \
                 mql_on = n.mql_on, version = $6, updated_at = now() \
             FROM unnest($1::uuid[], $2::int4[], $3::text[], $4::date[]) \
                 AS n(id, score, qualification, mql_on) \
             WHERE o.id = n.id AND o.org_id = $5",
        )
        .bind(&ids)
        .bind(&scores)
        .bind(&stands)
        .bind(&mql_on)
        .bind(org)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    let handed: Vec<(Uuid, &str, &str)> = leads
        .iter()
        .filter(|(next, was)| next.qualification != was.qualification)
        .map(|(next, was)| (next.id, was.qualification.code(), next.qualification.code()))
        .collect();
    if !handed.is_empty() {
        let ids: Vec<Uuid> = handed.iter().map(|h| h.0).collect();
        let olds: Vec<serde_json::Value> = handed.iter().map(|h| json!(h.1)).collect();
        let news: Vec<serde_json::Value> = handed.iter().map(|h| json!(h.2)).collect();
        sqlx::query(
            "INSERT INTO changes (org_id, seq, record_type, record_id, field, old_value, new_value) \
             SELECT $1, $2, 'opportunity', id, 'qualification', o, n \
             FROM unnest($3::uuid[], $4::jsonb[], $5::jsonb[]) AS t(id, o, n)",
        )
        .bind(org)
        .bind(seq)
        .bind(&ids)
        .bind(&olds)
        .bind(&news)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// How often a server process looks for organisations due to be scored again.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// A server process's scorer: scores the organisations that are due, until the server stops.
pub async fn work(pool: PgPool, stopping: tokio::sync::watch::Receiver<bool>) {
    super::every(
        LOOK_EVERY,
        "scoring leads",
        pool,
        stopping,
        |pool| async move { score_due(&pool).await.map(drop) },
    )
    .await
}
