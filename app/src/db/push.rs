//! The authoritative side of push: each mutation in its own transaction, in client order,
//! applied once, numbered in the org's commit order, and announced with NOTIFY.

use std::collections::HashMap;

use sqlx::{Acquire, PgConnection, PgPool};
use uuid::Uuid;

use super::opportunities::{self, Lookup};
use super::{CHANGES_CHANNEL, DbError, Identity, load_stages};
use crate::domain::{FieldChange, Mutation, Opportunity, RuleError, apply, diff};
use crate::sync::protocol::{
    MAX_PUSH, Outcome, PendingMutation, PushRequest, PushResponse, PushResult,
};

pub async fn push(
    pool: &PgPool,
    who: &Identity,
    req: &PushRequest,
) -> Result<PushResponse, DbError> {
    let (pool, who, req) = (pool.clone(), *who, req.clone());
    super::run_to_completion(async move { push_all(&pool, &who, &req).await }).await
}

async fn push_all(
    pool: &PgPool,
    who: &Identity,
    req: &PushRequest,
) -> Result<PushResponse, DbError> {
    if req.mutations.len() > MAX_PUSH {
        return Err(DbError::Invalid(format!(
            "a push carries at most {MAX_PUSH} mutations, this one has {}",
            req.mutations.len()
        )));
    }
    if let Some(m) = req.mutations.iter().find(|m| m.mutation_id < 1) {
        return Err(DbError::Invalid(format!(
            "mutation ids start at 1, got {}",
            m.mutation_id
        )));
    }
    let mut conn = pool.acquire().await?;
    claim_client_group(&mut conn, who, req.client_group_id).await?;

    // After a gap, the rest of that client's mutations wait for the missing one.
    let mut waiting: HashMap<Uuid, i64> = HashMap::new();
    let mut results = Vec::with_capacity(req.mutations.len());
    for m in &req.mutations {
        let outcome = match waiting.get(&m.client_id) {
            Some(&expected) => Outcome::OutOfOrder { expected },
            None => push_one(&mut conn, who, req.client_group_id, m).await?,
        };
        if let Outcome::OutOfOrder { expected } = outcome {
            waiting.insert(m.client_id, expected);
        }
        results.push(PushResult {
            client_id: m.client_id,
            mutation_id: m.mutation_id,
            outcome,
        });
    }
    Ok(PushResponse { results })
}

/// Creates the client group on first use; refuses one that belongs to someone else.
async fn claim_client_group(
    conn: &mut PgConnection,
    who: &Identity,
    group: Uuid,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO client_groups (id, org_id, user_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
    )
    .bind(group)
    .bind(who.org_id)
    .bind(who.user_id)
    .execute(&mut *conn)
    .await?;
    let owner: (Uuid, Uuid) =
        sqlx::query_as("SELECT org_id, user_id FROM client_groups WHERE id = $1")
            .bind(group)
            .fetch_one(&mut *conn)
            .await?;
    if owner != (who.org_id, who.user_id) {
        return Err(DbError::Forbidden(
            "this client group belongs to another user".into(),
        ));
    }
    Ok(())
}

async fn push_one(
    conn: &mut PgConnection,
    who: &Identity,
    group: Uuid,
    m: &PendingMutation,
) -> Result<Outcome, DbError> {
    let mut tx = conn.begin().await?;
    sqlx::query(
        "INSERT INTO clients (id, client_group_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(m.client_id)
    .bind(group)
    .execute(&mut *tx)
    .await?;
    let (client_group, last): (Uuid, i64) = sqlx::query_as(
        "SELECT client_group_id, last_mutation_id FROM clients WHERE id = $1 FOR UPDATE",
    )
    .bind(m.client_id)
    .fetch_one(&mut *tx)
    .await?;
    if client_group != group {
        return Err(DbError::Forbidden(format!(
            "client {} belongs to another client group",
            m.client_id
        )));
    }
    if m.mutation_id <= last {
        return Ok(Outcome::AlreadyApplied);
    }
    if m.mutation_id != last + 1 {
        return Ok(Outcome::OutOfOrder { expected: last + 1 });
    }
    // Taking the org's next number also locks the org row until commit: numbers are commit order.
    let seq: i64 = sqlx::query_scalar("UPDATE orgs SET seq = seq + 1 WHERE id = $1 RETURNING seq")
        .bind(who.org_id)
        .fetch_one(&mut *tx)
        .await?;

    let outcome = match decide(&mut tx, who, &m.mutation).await? {
        Ok((mutation, before, after)) => {
            opportunities::save(&mut tx, who, seq, &after).await?;
            let changes = diff(before.as_ref(), &after);
            if let Some(before) = &before {
                let written = mutation.written_fields();
                let contested: Vec<FieldChange> = changes
                    .iter()
                    .filter(|c| written.contains(&c.field))
                    .cloned()
                    .collect();
                record_conflicts(
                    &mut tx,
                    who,
                    group,
                    seq,
                    before,
                    mutation.base_version(),
                    &contested,
                )
                .await?;
            }
            opportunities::log_changes(
                &mut tx,
                who,
                seq,
                after.id,
                &changes,
                (m.client_id, m.mutation_id),
            )
            .await?;
            Outcome::Applied { seq }
        }
        Err(reason) => {
            sqlx::query(
                "INSERT INTO rejected_mutations (client_id, mutation_id, org_id, seq, reason, mutation) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(m.client_id)
            .bind(m.mutation_id)
            .bind(who.org_id)
            .bind(seq)
            .bind(sqlx::types::Json(&reason))
            .bind(&m.mutation)
            .execute(&mut *tx)
            .await?;
            Outcome::Rejected { seq, reason }
        }
    };
    sqlx::query(
        "UPDATE clients SET last_mutation_id = $2, last_seq = $3, updated_at = now() WHERE id = $1",
    )
    .bind(m.client_id)
    .bind(m.mutation_id)
    .bind(seq)
    .execute(&mut *tx)
    .await?;
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANGES_CHANNEL)
        .bind(who.org_id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The mutation, the record before and after, or why the rules refused.
type Decision = Result<(Mutation, Option<Opportunity>, Opportunity), RuleError>;

/// Runs the shared rules on the locked current row.
async fn decide(
    conn: &mut PgConnection,
    who: &Identity,
    raw: &serde_json::Value,
) -> Result<Decision, DbError> {
    let mutation = match Mutation::from_json(raw) {
        Ok(m) => m,
        Err(e) => return Ok(Err(e)),
    };
    let id = mutation.opportunity_id();
    let current = match opportunities::lock(conn, who.org_id, id).await? {
        Lookup::Absent => None,
        // Another org's record is not ours to see: it does not exist for this user.
        Lookup::OtherOrg => {
            return Ok(Err(match mutation {
                Mutation::CreateOpportunity(_) => RuleError::AlreadyExists(id),
                _ => RuleError::UnknownOpportunity(id),
            }));
        }
        Lookup::Found(o) => Some(o),
    };
    let stages = load_stages(conn, who.org_id).await?;
    Ok(apply(&mutation, current.as_ref(), &stages).map(|after| (mutation, current, after)))
}

/// Same field changed concurrently: server order wins, and when the value being replaced was
/// written after the version this author saw, by another browser, that browser is told.
async fn record_conflicts(
    conn: &mut PgConnection,
    who: &Identity,
    group: Uuid,
    seq: i64,
    before: &Opportunity,
    base_version: i64,
    changes: &[FieldChange],
) -> Result<(), DbError> {
    if base_version == 0 || before.version <= base_version {
        return Ok(());
    }
    for change in changes {
        let overwritten: Option<(Uuid, i64, Uuid)> = sqlx::query_as(
            "SELECT ch.client_id, ch.mutation_id, cl.client_group_id FROM changes ch \
             JOIN clients cl ON cl.id = ch.client_id \
             WHERE ch.record_id = $1 AND ch.field = $2 AND ch.seq > $3 \
             ORDER BY ch.seq DESC LIMIT 1",
        )
        .bind(before.id)
        .bind(&change.field)
        .bind(base_version)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((lost_client, lost_mutation, lost_group)) = overwritten else {
            continue;
        };
        if lost_group == group {
            continue;
        }
        sqlx::query(
            "INSERT INTO conflicts (org_id, seq, record_id, field, lost_value, won_value, \
                 lost_client_id, lost_mutation_id, won_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(who.org_id)
        .bind(seq)
        .bind(before.id)
        .bind(&change.field)
        .bind(&change.old)
        .bind(&change.new)
        .bind(lost_client)
        .bind(lost_mutation)
        .bind(who.user_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
