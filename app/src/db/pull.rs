//! The authoritative side of pull: one consistent snapshot of what changed after a cursor.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Deserialize;
use sqlx::types::Json;
use sqlx::{FromRow, PgConnection, PgPool};
use uuid::Uuid;

use super::{DbError, Identity, access, keep, opportunities, records, users};
use crate::domain::access::{DealScope, Viewer};
use crate::domain::{Opportunity, Record, RuleError, Team, User};
use crate::sync::protocol::{Conflict, PullRequest, PullResponse, Rejection};

#[derive(Deserialize)]
struct ConflictRow {
    record_id: Uuid,
    field: String,
    lost_value: Option<serde_json::Value>,
    won_value: Option<serde_json::Value>,
    seq: i64,
    won_by: Option<Uuid>,
}

#[derive(Deserialize)]
struct RejectionRow {
    client_id: Uuid,
    mutation_id: i64,
    reason: RuleError,
    mutation: serde_json::Value,
    deleted_by: Option<Uuid>,
}

/// Where the organisation and the asker stand as a pull begins, and the client group's own
/// (`pull_snapshot`'s first read).
#[derive(FromRow)]
struct Standing {
    seq: i64,
    schema: i64,
    group_org: Option<Uuid>,
    group_user: Option<Uuid>,
    role: Option<String>,
    teams: Json<Vec<Team>>,
    users: Json<Vec<User>>,
    clients: Json<Vec<(Uuid, i64)>>,
    #[sqlx(flatten)]
    own: Own,
}

/// What concerns the asking client group alone after a cursor: its refused changes and the
/// conflicts its changes lost.
#[derive(FromRow)]
struct Own {
    rejections: Json<Vec<RejectionRow>>,
    conflicts: Json<Vec<ConflictRow>>,
}

/// The client group's refused changes after the cursor (`$4`), each with who deleted the record
/// it was refused for, if that is why; group `$3`, org `$1`.
const REJECTIONS: &str = "COALESCE((SELECT json_agg(json_build_object(\
       'client_id', r.client_id, 'mutation_id', r.mutation_id, 'reason', r.reason, \
       'mutation', r.mutation, 'deleted_by', (SELECT ch.user_id FROM changes ch \
         WHERE ch.org_id = r.org_id AND ch.record_id = (r.reason ->> 'Deleted')::uuid \
         AND ch.field = 'deleted' ORDER BY ch.seq DESC LIMIT 1)) ORDER BY r.seq) \
     FROM rejected_mutations r JOIN clients c ON c.id = r.client_id \
     WHERE c.client_group_id = $3 AND r.org_id = $1 AND r.seq > $4), '[]') AS rejections";

/// The conflicts the client group's changes lost after the cursor (`$4`); group `$3`, org `$1`.
const CONFLICTS: &str = "COALESCE((SELECT json_agg(json_build_object(\
       'record_id', k.record_id, 'field', k.field, 'lost_value', k.lost_value, \
       'won_value', k.won_value, 'seq', k.seq, 'won_by', k.won_by) ORDER BY k.seq) \
     FROM conflicts k JOIN clients c ON c.id = k.lost_client_id \
     WHERE c.client_group_id = $3 AND k.org_id = $1 AND k.seq > $4), '[]') AS conflicts";

/// What changed in an org after one of its numbers up to another: the deals and records changed
/// (tombstones of the kinds that keep them included), and the ids of those deleted, for everyone
/// (each pull keeps what its asker may see). Commits take the org's numbers in order, so every
/// snapshot that sees the org at number `seq` holds the same step from `cursor` to `seq`.
#[derive(Clone)]
struct Step {
    deals: Vec<Opportunity>,
    deleted_deals: Vec<Uuid>,
    records: Vec<Record>,
    deleted_records: Vec<Uuid>,
}

impl Step {
    fn rows(&self) -> usize {
        self.deals.len()
            + self.deleted_deals.len()
            + self.records.len()
            + self.deleted_records.len()
    }
}

/// Reads the step after `cursor` in this snapshot: two statements.
async fn read_step(conn: &mut PgConnection, org: Uuid, cursor: i64) -> Result<Step, DbError> {
    let deals = opportunities::changed_since(&mut *conn, org, cursor).await?;
    let read: StepRow = sqlx::query_as(
        "SELECT COALESCE((SELECT json_agg(data ORDER BY id) FROM records \
           WHERE org_id = $1 AND version > $2 AND (NOT deleted OR kind = ANY($3))), '[]') \
           AS records, \
         COALESCE((SELECT json_agg(id) FROM opportunities \
           WHERE org_id = $1 AND version > $2 AND deleted), '[]') AS deleted_deals, \
         COALESCE((SELECT json_agg(id) FROM records \
           WHERE org_id = $1 AND version > $2 AND deleted AND kind <> ALL($3)), '[]') \
           AS deleted_records",
    )
    .bind(org)
    .bind(cursor)
    .bind(Record::tombstone_kinds())
    .fetch_one(&mut *conn)
    .await?;
    Ok(Step {
        deals,
        records: read.records.0,
        deleted_deals: read.deleted_deals.0,
        deleted_records: read.deleted_records.0,
    })
}

/// The step's records and deletions, as `read_step`'s second statement gives them.
#[derive(FromRow)]
struct StepRow {
    records: Json<Vec<Record>>,
    deleted_deals: Json<Vec<Uuid>>,
    deleted_records: Json<Vec<Uuid>>,
}

/// A step's org, cursor and number.
type StepKey = (Uuid, i64, i64);

/// A step read once for the pulls that ask for it together.
type SharedStep = Arc<tokio::sync::OnceCell<Arc<Step>>>;

/// The steps read (or being read) a moment ago in this server process, by org, cursor and
/// number, with when each was first asked for.
static STEPS: LazyLock<Mutex<HashMap<StepKey, (Instant, SharedStep)>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// How long a step is kept for the pulls that ask for it after the first: a sales floor's
/// browsers pull within a second of a poke.
const STEP_KEPT: Duration = Duration::from_secs(5);

/// A step of more rows is not kept once read (the pulls already waiting for it share it): a
/// browser back from a week offline reads its own.
const STEP_KEPT_ROWS: usize = 2_000;

/// The step `key` names: read by `read` if no pull of this process read it a moment ago or is
/// reading it (then this one waits for that reading; if it fails, this one reads it itself).
async fn shared_step<F, R>(key: StepKey, read: F) -> Result<Arc<Step>, DbError>
where
    F: FnOnce() -> R,
    R: Future<Output = Result<Step, DbError>>,
{
    let shared = {
        let mut steps = STEPS.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        steps.retain(|_, (asked, _)| now.duration_since(*asked) < STEP_KEPT);
        steps
            .entry(key)
            .or_insert_with(|| (now, SharedStep::default()))
            .1
            .clone()
    };
    let step = shared
        .get_or_try_init(|| async { read().await.map(Arc::new) })
        .await?
        .clone();
    if step.rows() > STEP_KEPT_ROWS {
        STEPS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&key);
    }
    Ok(step)
}

pub async fn pull(
    pool: &PgPool,
    who: &Identity,
    req: &PullRequest,
) -> Result<PullResponse, DbError> {
    let (pool, who, req) = (pool.clone(), *who, req.clone());
    super::run_to_completion(async move { pull_snapshot(&pool, &who, &req).await }).await
}

async fn pull_snapshot(
    pool: &PgPool,
    who: &Identity,
    req: &PullRequest,
) -> Result<PullResponse, DbError> {
    if req.cursor < 0 {
        return Err(DbError::Invalid(format!(
            "a cursor is never negative, got {}",
            req.cursor
        )));
    }
    // One snapshot for every read below, begun as one. Commits take the org's numbers in order,
    // so the snapshot holds exactly the changes numbered up to the org's `seq` it sees.
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    // Where the organisation stands, whose the client group is, the asker's role and teams, the
    // people, and the group's own, asked at once: every browser of a sales floor pulls on each
    // change, and each statement is paid by all of them.
    let state: Standing = sqlx::query_as(&format!(
        "SELECT o.seq, \
           (SELECT COALESCE(max(version), 0) FROM _sqlx_migrations) AS schema, \
           g.org_id AS group_org, g.user_id AS group_user, \
           (SELECT role FROM users WHERE id = $2 AND org_id = $1 AND active) AS role, \
           COALESCE((SELECT json_agg(data) FROM records \
             WHERE org_id = $1 AND kind = 'team' AND NOT deleted), '[]') AS teams, \
           {USERS} AS users, \
           COALESCE((SELECT json_agg(json_build_array(id, last_mutation_id)) FROM clients \
             WHERE client_group_id = $3), '[]') AS clients, \
           {REJECTIONS}, {CONFLICTS} \
         FROM orgs o LEFT JOIN client_groups g ON g.id = $3 \
         WHERE o.id = $1",
        USERS = users::AS_JSON
    ))
    .bind(who.org_id)
    .bind(who.user_id)
    .bind(req.client_group_id)
    .bind(req.cursor)
    .fetch_one(&mut *tx)
    .await?;
    let owner = state.group_org.zip(state.group_user);
    if owner.is_some_and(|o| o != (who.org_id, who.user_id)) {
        return Err(DbError::Forbidden(
            "this client group belongs to another user".into(),
        ));
    }
    let role = access::role_named(state.role.as_deref())?;
    let viewer = Viewer::new(who.user_id, role, &state.teams.0);
    let fingerprint = viewer.fingerprint();
    let (seq, schema) = (state.seq, state.schema);
    // A cursor from the future means the server's data was replaced, and a cache built with
    // another schema may not read as this one does: either way, start the client over.
    let other_org = req.org_id.is_some_and(|org| org != who.org_id);
    // Someone whose sight changed (role, teams) gets their cache rebuilt.
    let other_sight = req.cursor > 0 && req.access.as_deref() != Some(fingerprint.as_str());
    let stale =
        req.cursor > seq || (req.cursor > 0 && req.schema != schema) || other_org || other_sight;
    let (cursor, reset) = if stale {
        (0, true)
    } else {
        (req.cursor, false)
    };

    let users = state.users.0;
    // A first pull holds what a browser keeps (`domain::keep`); later ones every change.
    let (changed, mut deleted_opportunities, changed_records, mut deleted_records) = if cursor == 0
    {
        let horizon = crate::domain::keep::horizon(chrono::Utc::now().date_naive());
        let deals = opportunities::kept(&mut tx, who.org_id, horizon).await?;
        let records = keep::kept_records(&mut tx, who.org_id, horizon).await?;
        (deals, Vec::new(), records, Vec::new())
    } else {
        // The same step for every browser of the org at this cursor: read once, shared.
        let step = shared_step((who.org_id, cursor, seq), || {
            read_step(&mut tx, who.org_id, cursor)
        })
        .await?;
        let Step {
            deals,
            deleted_deals,
            records,
            deleted_records,
        } = Step::clone(&step);
        (deals, deleted_deals, records, deleted_records)
    };
    // The client group's own after the cursor: read at once above, unless it was started over.
    let own = if cursor == req.cursor {
        state.own
    } else {
        sqlx::query_as(&format!("SELECT {REJECTIONS}, {CONFLICTS}"))
            .bind(who.org_id)
            .bind(who.user_id)
            .bind(req.client_group_id)
            .bind(cursor)
            .fetch_one(&mut *tx)
            .await?
    };
    // Only what this person may see; what changed out of their sight reaches them as a delete.
    let mut opportunities = Vec::with_capacity(changed.len());
    let mut records = Vec::with_capacity(changed_records.len());
    if viewer.reads_everything() {
        opportunities = changed;
        // Everything but others' own records (a private view).
        let no_deals = |_: Uuid| None;
        for r in changed_records {
            if viewer.can_read(&r, &no_deals) {
                records.push(r);
            } else if cursor > 0 {
                deleted_records.push(r.id());
            }
        }
    } else {
        let mut scopes: HashMap<Uuid, DealScope> =
            changed.iter().map(|o| (o.id, o.into())).collect();
        // A deal that changed may have entered or left sight with what hangs on it.
        let hanging = if cursor == 0 {
            Vec::new()
        } else {
            let ids: Vec<Uuid> = changed.iter().map(|o| o.id).collect();
            records::hanging_on(&mut tx, who.org_id, &ids).await?
        };
        access::add_parents(&mut tx, who.org_id, changed_records.iter(), &mut scopes).await?;
        let lookup = |id: Uuid| scopes.get(&id).copied();
        for o in changed {
            if viewer.sees_deal((&o).into()) {
                opportunities.push(o);
            } else if cursor > 0 {
                deleted_opportunities.push(o.id);
            }
        }
        let mut sent = std::collections::HashSet::new();
        for r in changed_records.into_iter().chain(hanging) {
            if !sent.insert(r.id()) {
                continue;
            }
            if viewer.can_read(&r, &lookup) {
                records.push(r);
            } else if cursor > 0 {
                deleted_records.push(r.id());
            }
        }
    }
    let last_mutation_ids: HashMap<Uuid, i64> = state.clients.0.into_iter().collect();
    let (rejections, conflicts) = (own.rejections.0, own.conflicts.0);
    // A conflict carries the value that replaced the author's: not for a record now out of sight.
    let conflicts = if viewer.reads_everything() || conflicts.is_empty() {
        conflicts
    } else {
        let ids: Vec<Uuid> = conflicts.iter().map(|k| k.record_id).collect();
        let seen = super::history::readable(&mut tx, who.org_id, &viewer, &ids).await?;
        conflicts
            .into_iter()
            .filter(|k| seen.contains(&k.record_id))
            .collect()
    };
    tx.commit().await?;

    Ok(PullResponse {
        cursor: seq,
        schema,
        org_id: who.org_id,
        user_id: Some(who.user_id),
        role: Some(viewer.role),
        access: fingerprint,
        conflicts: conflicts
            .into_iter()
            .map(|k| Conflict {
                record_id: k.record_id,
                field: k.field,
                lost: k.lost_value.unwrap_or_default(),
                won: k.won_value.unwrap_or_default(),
                seq: k.seq,
                by: k.won_by,
            })
            .collect(),
        reset,
        users,
        opportunities,
        deleted_opportunities,
        records,
        deleted_records,
        last_mutation_ids,
        rejections: rejections
            .into_iter()
            .map(|r| Rejection {
                client_id: r.client_id,
                mutation_id: r.mutation_id,
                reason: r.reason,
                mutation: r.mutation,
                by: r.deleted_by,
            })
            .collect(),
    })
}
