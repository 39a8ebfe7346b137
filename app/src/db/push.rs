//! The authoritative side of push: a push's mutations applied in client order inside one
//! transaction, each at most once, numbered in the org's commit order, announced with NOTIFY.
//!
//! DESIGN.md suggests a transaction per mutation; one per push gives the same guarantees (a
//! refused mutation is recorded, not raised, so it never undoes the others; a push cut part-way
//! rolls back whole and its retry is applied once) with one commit instead of hundreds, which
//! is what lets a reconnecting browser drain a long outbox quickly.
//!
//! Pushes of one organisation that arrive together share a transaction too. The org's change
//! numbers are taken under its row lock, held until commit, so an org's commits are one at a
//! time: fifty people each moving a card would wait for fifty commits in a row. Instead, while
//! one transaction of the org is being written, the pushes that arrive wait for the next one,
//! and go in it together: one commit, one NOTIFY, and the org's numbers taken once (`Numbers`).
//! A push written together that fails (a request refused as another person's, a deadlock with
//! another server process) fails the shared transaction: a push refused for what it asks is
//! answered, and the others are written together again without it; after a failure of the
//! database's (or a second refusal) each is written alone. Either way each failure is its own
//! push's answer and the others still commit. A savepoint around each would do the same at two
//! more round trips per push, and round trips are what a shared transaction is made of: its
//! statements are run one after the other on one connection. So what can be done for all its
//! pushes at once is (`write_pushes`): their groups claimed and clients locked, the records their
//! rules consult read, and their clients moved on, a statement each; only their changes are
//! written one by one, in order, each push seeing the ones before it.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex, PoisonError};

use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use tokio::sync::oneshot;
use uuid::Uuid;

use super::{CHANGES_CHANNEL, DbError, Identity, opportunities};
use super::{access, records, users};
use crate::domain::access::{DealScope, Viewer};
use crate::domain::{FieldChange, Mutation, Record, RuleError, Store, apply_on, diff_records};
use crate::sync::protocol::{
    MAX_PUSH, Outcome, PendingMutation, PushRequest, PushResponse, PushResult,
};

/// The most pushes one shared transaction takes.
const MAX_PUSHES_PER_COMMIT: usize = 64;

/// A push waiting for its org's next transaction.
struct Waiting {
    who: Identity,
    req: PushRequest,
    answer: oneshot::Sender<Result<PushResponse, DbError>>,
}

/// The pushes waiting, by org. An org is listed while a task is writing its transactions.
static WAITING: LazyLock<Mutex<HashMap<Uuid, Vec<Waiting>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

pub async fn push(
    pool: &PgPool,
    who: &Identity,
    req: &PushRequest,
) -> Result<PushResponse, DbError> {
    check(req)?;
    let (answer, answered) = oneshot::channel();
    let waiting = Waiting {
        who: *who,
        req: req.clone(),
        answer,
    };
    let lead = match WAITING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(who.org_id)
    {
        Entry::Occupied(mut queue) => {
            queue.get_mut().push(waiting);
            false
        }
        Entry::Vacant(org) => {
            org.insert(vec![waiting]);
            true
        }
    };
    if lead {
        // Its own task: the writing goes on to the end even if this browser stops waiting.
        tokio::spawn(write_org(pool.clone(), who.org_id));
    }
    answered
        .await
        .map_err(|_| DbError::Internal("the push was dropped before it was written".into()))?
}

/// A request the server refuses before reading anything.
fn check(req: &PushRequest) -> Result<(), DbError> {
    if req.mutations.len() > MAX_PUSH {
        return Err(DbError::TooLarge(format!(
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
    Ok(())
}

/// Writes the org's waiting pushes, a transaction at a time, until none waits.
async fn write_org(pool: PgPool, org: Uuid) {
    let mut leading = Leading {
        org,
        finished: false,
    };
    loop {
        let batch: Vec<Waiting> = {
            let mut waiting = WAITING.lock().unwrap_or_else(PoisonError::into_inner);
            let queue = waiting.entry(org).or_default();
            if queue.is_empty() {
                waiting.remove(&org);
                leading.finished = true;
                return;
            }
            let n = queue.len().min(MAX_PUSHES_PER_COMMIT);
            queue.drain(..n).collect()
        };
        write_together(&pool, batch).await;
    }
}

/// Unlists the org if its writing task stops early (a panic): the pushes waiting are answered
/// with an error (their answer is dropped) and the next push starts a new task.
struct Leading {
    org: Uuid,
    finished: bool,
}

impl Drop for Leading {
    fn drop(&mut self) {
        if !self.finished {
            WAITING
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&self.org);
        }
    }
}

/// Writes these pushes in one transaction and answers each. A push refused for what it asks
/// (another person's client group, say) is answered with its refusal and the others are
/// written together again without it, once: after a second refusal, or a failure of the
/// database's, each is written alone (a batch is never written over and over).
async fn write_together(pool: &PgPool, mut batch: Vec<Waiting>) {
    let mut refused_one = false;
    while batch.len() > 1 {
        match push_many(pool, &batch).await {
            Ok(written) => {
                for (waiting, response) in batch.into_iter().zip(written) {
                    let _ = waiting.answer.send(Ok(response));
                }
                return;
            }
            Err(Failed {
                at: Some(at),
                error,
            }) if error.is_the_requests() && !refused_one => {
                refused_one = true;
                let refused = batch.remove(at);
                let _ = refused.answer.send(Err(error));
            }
            Err(Failed { error, .. }) => {
                tracing::warn!(
                    "{} pushes written together failed ({error}); writing each alone",
                    batch.len()
                );
                break;
            }
        }
    }
    for waiting in batch {
        let result = push_all(pool, &waiting.who, &waiting.req).await;
        let _ = waiting.answer.send(result);
    }
}

/// Why pushes written together were not: the failure, and which push failed (`None`: the
/// transaction itself).
struct Failed {
    at: Option<usize>,
    error: DbError,
}

impl From<sqlx::Error> for Failed {
    fn from(e: sqlx::Error) -> Failed {
        Failed {
            at: None,
            error: e.into(),
        }
    }
}

/// Pushes of one org in one transaction: all written, or none.
async fn push_many(pool: &PgPool, batch: &[Waiting]) -> Result<Vec<PushResponse>, Failed> {
    let pushes: Vec<(&Identity, &PushRequest)> = batch.iter().map(|w| (&w.who, &w.req)).collect();
    let mut tx = pool.begin().await?;
    let written = write_pushes(&mut tx, &pushes).await?;
    tx.commit().await?;
    Ok(written)
}

/// One push in a transaction of its own.
async fn push_all(
    pool: &PgPool,
    who: &Identity,
    req: &PushRequest,
) -> Result<PushResponse, DbError> {
    let mut tx = pool.begin().await?;
    let mut written = write_pushes(&mut tx, &[(who, req)])
        .await
        .map_err(|failed| failed.error)?;
    tx.commit().await?;
    written
        .pop()
        .ok_or_else(|| DbError::Internal("a push written had no answer".into()))
}

/// Pushes of one org written in `tx` one after the other, each as it would be alone, in a few
/// statements for them all where it can: their groups claimed and first clients locked, the
/// org's numbers taken, what the rules consult read, and their clients moved on, each once for
/// all of them; only their changes are written one by one. Their answers, in order; a push
/// refused for what it asks fails them all (`Failed::at` says which).
async fn write_pushes(
    tx: &mut PgConnection,
    pushes: &[(&Identity, &PushRequest)],
) -> Result<Vec<PushResponse>, Failed> {
    let Some((first, _)) = pushes.first() else {
        return Ok(Vec::new());
    };
    let org = first.org_id;
    let of_push = |at: usize| {
        move |error: DbError| Failed {
            at: Some(at),
            error,
        }
    };
    let of_all = |error: DbError| Failed { at: None, error };
    // Each client's group and last mutation id, as the pushes before have left it.
    let mut clients: HashMap<Uuid, (Uuid, i64)> = HashMap::new();
    let claims = claim_all(tx, pushes, &mut clients).await.map_err(of_all)?;
    let mut plans = Vec::with_capacity(pushes.len());
    for (at, ((_, req), claimed)) in pushes.iter().zip(claims).enumerate() {
        claimed.map_err(of_push(at))?;
        plans.push(plan(tx, req, &mut clients).await.map_err(of_push(at))?);
    }
    let count: i64 = plans.iter().map(Plan::count).sum();
    if count == 0 {
        return Ok(plans
            .into_iter()
            .zip(pushes)
            .map(|(plan, (_, req))| plan.unchanged(req))
            .collect());
    }
    // The org's next numbers, one per due mutation. Taking them locks the org row until commit,
    // so numbers are commit order and the rows read below cannot change under us.
    let mut numbers = Numbers::new(org);
    let mut seq = numbers.take(&mut *tx, count).await.map_err(of_all)? - count;
    let parsed: Vec<Vec<Result<Mutation, RuleError>>> = pushes
        .iter()
        .map(|(_, req)| {
            req.mutations
                .iter()
                .map(|m| Mutation::from_json(&m.mutation))
                .collect()
        })
        .collect();
    let due_mutations: Vec<&Mutation> = parsed
        .iter()
        .zip(&plans)
        .flat_map(|(parsed, plan)| parsed.iter().zip(&plan.due))
        .filter(|(_, due)| due.is_ok())
        .filter_map(|(p, _)| p.as_ref().ok())
        .collect();
    let mut people: Vec<Uuid> = pushes.iter().map(|(who, _)| who.user_id).collect();
    people.sort();
    people.dedup();
    // One store for them all: each push's changes are put in it, so the next one sees them.
    let (mut known, foreign, roles) = load_store(tx, org, &people, &due_mutations)
        .await
        .map_err(of_all)?;
    let mut written = Vec::with_capacity(pushes.len());
    let mut moved: Vec<(Uuid, i64, i64)> = Vec::new();
    let mut pending = Pending::default();
    for (at, (((who, req), plan), parsed)) in pushes.iter().zip(plans).zip(parsed).enumerate() {
        if plan.count() == 0 {
            written.push(plan.unchanged(req));
            continue;
        }
        // Read in this transaction, so a role or team changed a moment ago already counts.
        let role =
            access::role_named(roles.get(&who.user_id).map(String::as_str)).map_err(of_push(at))?;
        let viewer = Viewer::new(who.user_id, role, &known.teams);
        let mut results = Vec::with_capacity(req.mutations.len());
        for ((m, parsed), due) in req.mutations.iter().zip(parsed).zip(plan.due) {
            let outcome = match due {
                Err(skipped) => skipped,
                Ok(()) => {
                    seq += 1;
                    let on = made_on(m.on);
                    // A change naming a deal pending is decided on that deal as written.
                    if let Ok(mutation) = &parsed
                        && pending.holds(&mutation.targets())
                    {
                        pending.flush(tx, &mut known).await.map_err(of_push(at))?;
                    }
                    let decision =
                        parsed.and_then(|mutation| decide(mutation, &known, &foreign, &viewer, on));
                    let group = req.client_group_id;
                    write(tx, who, group, seq, m, decision, &mut known, &mut pending)
                        .await
                        .map_err(of_push(at))?
                }
            };
            results.push(PushResult {
                client_id: m.client_id,
                mutation_id: m.mutation_id,
                outcome,
            });
        }
        moved.extend(plan.moved.into_iter().map(|(id, last)| (id, last, seq)));
        written.push(PushResponse { results });
    }
    pending.flush(tx, &mut known).await.map_err(of_all)?;
    move_clients(tx, moved).await.map_err(of_all)?;
    numbers.close(tx).await.map_err(of_all)?;
    Ok(written)
}

/// The org's change numbers taken by one transaction. The first push that changes something
/// takes its numbers from the org's row, which locks it until commit (so numbers are commit
/// order); the next pushes of the transaction count on from there in memory, and the row is
/// set to the last number taken as the transaction closes, with the NOTIFY, in one statement.
struct Numbers {
    org: Uuid,
    /// The last number taken, once the org's row is locked.
    last: Option<i64>,
    /// Whether numbers were counted on past what the org's row says.
    ahead: bool,
}

impl Numbers {
    fn new(org: Uuid) -> Numbers {
        Numbers {
            org,
            last: None,
            ahead: false,
        }
    }

    /// Takes `count` more numbers (at least one): returns the last of them.
    async fn take(&mut self, conn: &mut PgConnection, count: i64) -> Result<i64, DbError> {
        let last = match self.last {
            None => super::take_numbers(conn, self.org, count).await?,
            Some(last) => {
                self.ahead = true;
                last + count
            }
        };
        self.last = Some(last);
        Ok(last)
    }

    /// Sets the org's row to the last number taken and tells every server process listening
    /// that the org changed (both at commit), if anything did.
    async fn close(self, conn: &mut PgConnection) -> Result<(), DbError> {
        let Some(last) = self.last else {
            return Ok(());
        };
        if !self.ahead {
            return announce(conn, self.org).await;
        }
        sqlx::query(
            "WITH numbered AS (UPDATE orgs SET seq = $3 WHERE id = $1) \
             SELECT pg_notify($2, $1::text)",
        )
        .bind(self.org)
        .bind(CHANGES_CHANNEL)
        .bind(last)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

/// Tells every server process listening, at commit, that the org changed.
pub(crate) async fn announce(conn: &mut PgConnection, org: Uuid) -> Result<(), DbError> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANGES_CHANNEL)
        .bind(org.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Where a client of a push stands, once its row is locked.
struct ClientState {
    last_mutation_id: i64,
    /// Set after a gap: its later mutations wait for the missing one.
    waiting_for: Option<i64>,
    moved: bool,
}

/// What of a push is due now: per mutation, `Ok` if it is (the next of its client, in order),
/// else its answer (applied before, or waiting for a missing one); and the clients it moves on,
/// with the last mutation id each will have.
struct Plan {
    due: Vec<Result<(), Outcome>>,
    moved: Vec<(Uuid, i64)>,
}

impl Plan {
    fn count(&self) -> i64 {
        self.due.iter().filter(|d| d.is_ok()).count() as i64
    }

    /// The answer of a push with nothing due.
    fn unchanged(self, req: &PushRequest) -> PushResponse {
        let results = req
            .mutations
            .iter()
            .zip(self.due)
            .map(|(m, due)| PushResult {
                client_id: m.client_id,
                mutation_id: m.mutation_id,
                outcome: due.err().unwrap_or(Outcome::AlreadyApplied),
            })
            .collect();
        PushResponse { results }
    }
}

/// Decides which of the push's mutations are due now, from where its clients stand: as
/// `clients` holds them (locked by this transaction, and moved on by the pushes before this
/// one), or locked now. The clients it moves on are moved on in `clients` for the next push.
async fn plan(
    tx: &mut PgConnection,
    req: &PushRequest,
    clients: &mut HashMap<Uuid, (Uuid, i64)>,
) -> Result<Plan, DbError> {
    let mut states: HashMap<Uuid, ClientState> = HashMap::new();
    let mut due = Vec::with_capacity(req.mutations.len());
    for m in &req.mutations {
        let client = match states.entry(m.client_id) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => {
                let last = match clients.get(&m.client_id) {
                    Some(&(group, last)) if group == req.client_group_id => last,
                    Some(_) => {
                        return Err(DbError::Forbidden(format!(
                            "client {} belongs to another client group",
                            m.client_id
                        )));
                    }
                    None => {
                        let last = lock_client(tx, req.client_group_id, m.client_id).await?;
                        clients.insert(m.client_id, (req.client_group_id, last));
                        last
                    }
                };
                new.insert(ClientState {
                    last_mutation_id: last,
                    waiting_for: None,
                    moved: false,
                })
            }
        };
        due.push(if let Some(expected) = client.waiting_for {
            Err(Outcome::OutOfOrder { expected })
        } else if m.mutation_id <= client.last_mutation_id {
            Err(Outcome::AlreadyApplied)
        } else if m.mutation_id != client.last_mutation_id + 1 {
            let expected = client.last_mutation_id + 1;
            client.waiting_for = Some(expected);
            Err(Outcome::OutOfOrder { expected })
        } else {
            client.last_mutation_id = m.mutation_id;
            client.moved = true;
            Ok(())
        });
    }
    let moved: Vec<(Uuid, i64)> = states
        .into_iter()
        .filter(|(_, c)| c.moved)
        .map(|(id, c)| (id, c.last_mutation_id))
        .collect();
    for &(id, last) in &moved {
        clients.insert(id, (req.client_group_id, last));
    }
    Ok(Plan { due, moved })
}

/// Moves these clients on: each to its last mutation id applied and the change number it was
/// applied at (a client moved by two pushes, to the later one's).
async fn move_clients(
    conn: &mut PgConnection,
    moved: Vec<(Uuid, i64, i64)>,
) -> Result<(), DbError> {
    let mut latest: HashMap<Uuid, (i64, i64)> = HashMap::new();
    for (id, last, seq) in moved {
        latest.insert(id, (last, seq));
    }
    if latest.is_empty() {
        return Ok(());
    }
    let (ids, (lasts, seqs)): (Vec<Uuid>, (Vec<i64>, Vec<i64>)) = latest.into_iter().unzip();
    sqlx::query(
        "UPDATE clients SET last_mutation_id = u.last, last_seq = u.seq, updated_at = now() \
         FROM unnest($1::uuid[], $2::bigint[], $3::bigint[]) AS u(id, last, seq) \
         WHERE clients.id = u.id",
    )
    .bind(&ids)
    .bind(&lasts)
    .bind(&seqs)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A row of `claim_all`'s statement: a group (`false`, its id, org and user) or a client locked
/// (`true`, its id, group and last applied mutation id).
type Claimed = (bool, Uuid, Uuid, Option<Uuid>, Option<i64>);

/// Claims the pushes' client groups (each made on first use, and refused to anyone but its
/// owner) and registers or locks each push's first client, in one statement for them all: the
/// clients locked go in `clients`, with their group and last applied mutation id. Per push, in
/// order: whether its group is the pusher's.
async fn claim_all(
    conn: &mut PgConnection,
    pushes: &[(&Identity, &PushRequest)],
    clients: &mut HashMap<Uuid, (Uuid, i64)>,
) -> Result<Vec<Result<(), DbError>>, DbError> {
    // Each group, and each first client, once (a client locked twice in one statement fails it).
    let (mut groups, mut orgs, mut users) = (Vec::new(), Vec::new(), Vec::new());
    let (mut firsts, mut their_groups) = (Vec::new(), Vec::new());
    for (who, req) in pushes {
        if !groups.contains(&req.client_group_id) {
            groups.push(req.client_group_id);
            orgs.push(who.org_id);
            users.push(who.user_id);
        }
        if let Some(m) = req.mutations.first()
            && !firsts.contains(&m.client_id)
        {
            firsts.push(m.client_id);
            their_groups.push(req.client_group_id);
        }
    }
    // A group is made, or read as it is; a first client made or locked if its group is the
    // pusher's. One made by a push of another server process that committed after this
    // statement began is in neither part: read again below, its client locked on its own.
    let rows: Vec<Claimed> = sqlx::query_as(
        "WITH asked AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) \
             AS a(id, org_id, user_id)), \
         made AS (INSERT INTO client_groups (id, org_id, user_id) \
           SELECT id, org_id, user_id FROM asked \
           ON CONFLICT (id) DO NOTHING RETURNING id, org_id, user_id), \
         owner AS (SELECT id, org_id, user_id FROM made \
           UNION ALL SELECT id, org_id, user_id FROM client_groups WHERE id = ANY($1)), \
         client AS (INSERT INTO clients (id, client_group_id) \
           SELECT f.id, f.grp FROM unnest($4::uuid[], $5::uuid[]) AS f(id, grp) \
           WHERE EXISTS (SELECT 1 FROM owner o JOIN asked a USING (id, org_id, user_id) \
             WHERE o.id = f.grp) \
           ON CONFLICT (id) DO UPDATE SET client_group_id = clients.client_group_id \
           RETURNING id, client_group_id, last_mutation_id) \
         SELECT false, id, org_id, user_id, NULL::bigint FROM owner \
         UNION ALL SELECT true, id, client_group_id, NULL::uuid, last_mutation_id FROM client",
    )
    .bind(&groups)
    .bind(&orgs)
    .bind(&users)
    .bind(&firsts)
    .bind(&their_groups)
    .fetch_all(&mut *conn)
    .await?;
    let mut owners: HashMap<Uuid, (Uuid, Uuid)> = HashMap::new();
    for (is_client, id, of, user, last) in rows {
        match (is_client, user, last) {
            (true, _, Some(last)) => {
                clients.insert(id, (of, last));
            }
            (false, Some(user), _) => {
                owners.insert(id, (of, user));
            }
            _ => {}
        }
    }
    let missing: Vec<Uuid> = groups
        .into_iter()
        .filter(|g| !owners.contains_key(g))
        .collect();
    if !missing.is_empty() {
        let found: Vec<(Uuid, Uuid, Uuid)> =
            sqlx::query_as("SELECT id, org_id, user_id FROM client_groups WHERE id = ANY($1)")
                .bind(&missing)
                .fetch_all(&mut *conn)
                .await?;
        for (id, org, user) in found {
            owners.insert(id, (org, user));
        }
    }
    Ok(pushes
        .iter()
        .map(|(who, req)| match owners.get(&req.client_group_id) {
            Some(&owner) if owner == (who.org_id, who.user_id) => Ok(()),
            Some(_) => Err(DbError::Forbidden(
                "this client group belongs to another user".into(),
            )),
            None => Err(DbError::Internal(format!(
                "client group {} was neither made nor found",
                req.client_group_id
            ))),
        })
        .collect())
}

/// Registers the client on first use and locks its row: its last applied mutation id.
async fn lock_client(conn: &mut PgConnection, group: Uuid, client: Uuid) -> Result<i64, DbError> {
    // Made, or locked as it is (the update that changes nothing takes the row's lock, and
    // returns it as the last commit left it), in one statement.
    let (client_group, last): (Uuid, i64) = sqlx::query_as(
        "INSERT INTO clients (id, client_group_id) VALUES ($1, $2) \
         ON CONFLICT (id) DO UPDATE SET client_group_id = clients.client_group_id \
         RETURNING client_group_id, last_mutation_id",
    )
    .bind(client)
    .bind(group)
    .fetch_one(&mut *conn)
    .await?;
    if client_group != group {
        return Err(DbError::Forbidden(format!(
            "client {client} belongs to another client group"
        )));
    }
    Ok(last)
}

/// What the rules of these mutations consult: the org's people and whole set-up, and the records
/// the mutations name; the ids among those that are another org's; and the roles of `people` now
/// (read in this transaction, so a role changed a moment ago already counts; an inactive
/// account has none).
async fn load_store(
    conn: &mut PgConnection,
    org_id: Uuid,
    people: &[Uuid],
    mutations: &[&Mutation],
) -> Result<(Store, HashSet<Uuid>, HashMap<Uuid, String>), DbError> {
    let mut targets: Vec<Uuid> = mutations.iter().flat_map(|m| m.targets()).collect();
    targets.sort();
    targets.dedup();
    // The people, the set-up, their roles and the named records kept as documents, in one
    // statement: fifty people each moving a card wait for each other's.
    let loaded: Loaded = sqlx::query_as(&format!(
        "SELECT {USERS} AS users, \
           COALESCE((SELECT json_agg(data ORDER BY id) FROM records \
             WHERE org_id = $1 AND kind = ANY($2)), '[]') AS setup, \
           COALESCE((SELECT json_object_agg(id, role) FROM users \
             WHERE id = ANY($3) AND org_id = $1 AND active), '{{}}') AS roles, \
           COALESCE((SELECT json_agg(json_build_array(org_id, data)) FROM records \
             WHERE id = ANY($4)), '[]') AS named",
        USERS = users::AS_JSON
    ))
    .bind(org_id)
    .bind(Record::setup_kinds())
    .bind(people)
    .bind(&targets)
    .fetch_one(&mut *conn)
    .await?;
    let mut store = Store {
        users: loaded.users.0,
        ..Store::default()
    };
    for r in loaded.setup.0 {
        store.put(r);
    }
    let mut foreign = opportunities::load(&mut *conn, org_id, &targets, &mut store).await?;
    for (org, record) in loaded.named.0 {
        if org == org_id {
            store.put(record);
        } else {
            foreign.insert(record.id());
        }
    }
    let roles = loaded.roles.0;
    // The rules also read what those records point at (an edited quotation's deal, an edited
    // contact's company): the browser has all of them, so the server loads them too.
    let mut referenced: Vec<Uuid> = targets
        .iter()
        .filter_map(|id| store.get(*id))
        .flat_map(|r| r.references())
        .filter(|id| store.get(*id).is_none())
        .collect();
    referenced.sort();
    referenced.dedup();
    if !referenced.is_empty() {
        foreign.extend(opportunities::load(&mut *conn, org_id, &referenced, &mut store).await?);
        foreign.extend(records::load(&mut *conn, org_id, &referenced, &mut store).await?);
    }
    // A scoring rule may ask about a lead's activities or notes: the browser scores with them,
    // so the server reads them too.
    if crate::domain::lead_scoring::reaches_links(&store) {
        for r in records::hanging_on(&mut *conn, org_id, &targets).await? {
            store.put(r);
        }
    }
    // A merge moves to the record kept what names the others: their deals, activities and
    // notes, a company's people, and whatever names them in a custom field.
    for m in mutations {
        if let Mutation::Merge { others, .. } = m {
            for r in records::hanging_on(&mut *conn, org_id, others).await? {
                store.put(r);
            }
            for r in records::naming_in_custom(&mut *conn, org_id, others).await? {
                store.put(r);
            }
            opportunities::load_naming(&mut *conn, org_id, others, &mut store).await?;
        }
    }
    // A custom field whose type changes converts the values every record holds; to or from a
    // contact or company field, by their names: all of them are read, as the browser has them.
    for m in mutations {
        let (field, new_type) = match m {
            Mutation::Save {
                record: Record::CustomField(f),
            } => (Some(f.id), Some(f.ty.clone())),
            Mutation::EditRecord { id, fields, .. } if fields.contains_key("ty") => (
                Some(*id),
                fields
                    .get("ty")
                    .and_then(|ty| serde_json::from_value(ty.clone()).ok()),
            ),
            _ => (None, None),
        };
        let old_type = field.and_then(|id| {
            store
                .custom_fields
                .iter()
                .find(|f| f.id == id)
                .map(|f| f.ty.clone())
        });
        for (ty, kind) in [
            (crate::domain::custom_field::CustomType::Contact, "contact"),
            (crate::domain::custom_field::CustomType::Company, "company"),
        ] {
            if old_type.as_ref() != new_type.as_ref()
                && (old_type.as_ref() == Some(&ty) || new_type.as_ref() == Some(&ty))
            {
                for r in records::live_of_kind(&mut *conn, org_id, kind).await? {
                    store.put(r);
                }
            }
        }
        let Some((kind, key)) = field.and_then(|id| {
            store
                .custom_fields
                .iter()
                .find(|f| f.id == id)
                .map(|f| (f.of.clone(), f.key.clone()))
        }) else {
            continue;
        };
        if kind == "opportunity" {
            opportunities::load_holding(&mut *conn, org_id, &key, &mut store).await?;
        } else {
            for r in records::holding(&mut *conn, org_id, &kind, &key).await? {
                store.put(r);
            }
        }
    }
    // Deleting a stage, or giving it to one team, depends on the cards it holds.
    for m in mutations {
        let stage = match m {
            Mutation::Delete { id } if store.stages.iter().any(|s| s.id == *id) => Some(*id),
            Mutation::Save {
                record: Record::Stage(s),
            } if s.team_id.is_some() => Some(s.id),
            Mutation::EditRecord { id, fields, .. }
                if fields.contains_key("team_id") && store.stages.iter().any(|s| s.id == *id) =>
            {
                Some(*id)
            }
            _ => None,
        };
        if let Some(id) = stage {
            opportunities::load_in_stage(&mut *conn, org_id, id, &mut store).await?;
        }
    }
    Ok((store, foreign, roles))
}

/// What `load_store` reads in one statement.
#[derive(sqlx::FromRow)]
struct Loaded {
    users: Json<Vec<crate::domain::User>>,
    setup: Json<Vec<Record>>,
    roles: Json<HashMap<Uuid, String>>,
    named: Json<Vec<(Uuid, Record)>>,
}

/// Writes a record as it is after change `seq`, in the table of its kind.
pub(super) async fn save(
    conn: &mut PgConnection,
    who: &Identity,
    seq: i64,
    r: &Record,
) -> Result<(), DbError> {
    match r {
        Record::Opportunity(o) => opportunities::save(conn, who, seq, o).await,
        other => records::save(conn, who, seq, other).await,
    }
}

/// Writes what the rules decided as change `seq`: the records and their timeline, or the
/// refusal. Its deals are put in `pending`, written with the transaction's others; what else it
/// writes or reads is done at once, after the deals pending.
#[allow(clippy::too_many_arguments)]
async fn write(
    conn: &mut PgConnection,
    who: &Identity,
    group: Uuid,
    seq: i64,
    m: &PendingMutation,
    decision: Decision,
    known: &mut Store,
    pending: &mut Pending,
) -> Result<Outcome, DbError> {
    match decision {
        Ok((mutation, mut changed)) => {
            // Rows referenced by foreign keys first: documents (a new company or contact), then
            // the opportunities that point at them.
            changed.sort_by_key(|r| matches!(r, Record::Opportunity(_)));
            for after in changed {
                if pending.holds(&[after.id()]) || !matches!(after, Record::Opportunity(_)) {
                    pending.flush(conn, known).await?;
                }
                let before = known.get(after.id());
                // A deal put in a column at a place (new, moved, back from lost) must not share
                // it with another card there: checked as it is written.
                let put = match (&after, &before) {
                    (Record::Opportunity(o), _) if o.deleted || o.lost => false,
                    (Record::Opportunity(o), Some(Record::Opportunity(b))) => {
                        b.stage_id != o.stage_id || b.position != o.position || b.lost
                    }
                    (Record::Opportunity(_), _) => true,
                    _ => false,
                };
                let changes = diff_records(before.as_ref(), &after);
                // Read before this change's own lines are written (none of this record's are
                // pending: those were written above).
                if let Some(before) = &before
                    && after.id() == mutation.record_id()
                {
                    let written = mutation.written_fields();
                    let contested: Vec<FieldChange> = changes
                        .iter()
                        .filter(|c| written.contains(&c.field))
                        .cloned()
                        .collect();
                    record_conflicts(
                        conn,
                        who,
                        group,
                        seq,
                        (before.id(), before.version()),
                        mutation.base_version(),
                        &contested,
                    )
                    .await?;
                }
                let origin = Some((m.client_id, m.mutation_id));
                if let Record::Opportunity(deal) = &after {
                    let was = match &before {
                        Some(Record::Opportunity(b)) => Some(b),
                        _ => None,
                    };
                    // What prediction learnt is written at once: the deals pending first.
                    let learnt = crate::domain::scoring::recount(known, was, deal);
                    pending.deals.push(PendingDeal {
                        who: *who,
                        seq,
                        before: before.clone(),
                        deal: deal.clone(),
                        changes,
                        origin,
                        put,
                    });
                    if let Some(mut learnt) = learnt {
                        pending.flush(conn, known).await?;
                        learnt.version = seq;
                        let learnt = Record::ScoringTable(learnt);
                        save(conn, who, seq, &learnt).await?;
                        known.put(learnt);
                    }
                } else {
                    records::save(conn, who, seq, &after).await?;
                    let about = (after.kind(), after.id());
                    opportunities::log_changes(conn, who, seq, about, &changes, origin).await?;
                }
                // Later mutations of this push see this one's result.
                let mut stamped = after;
                stamped.set_version(seq);
                known.put(stamped);
            }
            Ok(Outcome::Applied { seq })
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
            .bind(crate::sync::protocol::refusal_summary(&m.mutation))
            .execute(&mut *conn)
            .await?;
            Ok(Outcome::Rejected { seq, reason })
        }
    }
}

/// Deals the rules have decided that are not written yet: the transaction's pushes write them
/// together once all are decided (`flush`), or sooner, before whatever reads them or must come
/// after them.
#[derive(Default)]
struct Pending {
    deals: Vec<PendingDeal>,
}

/// A deal as a change left it, to be written as that change.
struct PendingDeal {
    who: Identity,
    seq: i64,
    before: Option<Record>,
    deal: crate::domain::Opportunity,
    changes: Vec<FieldChange>,
    origin: Option<(Uuid, i64)>,
    /// Put at a place (new, moved, back from lost): checked for a card already there.
    put: bool,
}

impl Pending {
    /// Whether one of these is a deal pending.
    fn holds(&self, ids: &[Uuid]) -> bool {
        self.deals.iter().any(|d| ids.contains(&d.deal.id))
    }

    /// Writes the deals pending, in one statement when no two share a place and no card holds
    /// the place of one put at a place; else one by one, in order, as each would be alone, a
    /// deal whose place is taken going just after it (in `known` too).
    async fn flush(&mut self, conn: &mut PgConnection, known: &mut Store) -> Result<(), DbError> {
        let deals = std::mem::take(&mut self.deals);
        if deals.len() > 1 && places_apart(&deals) {
            let written: Vec<opportunities::Written> = deals
                .iter()
                .map(|d| opportunities::Written {
                    who: &d.who,
                    seq: d.seq,
                    deal: &d.deal,
                    changes: &d.changes,
                    origin: d.origin,
                    put: d.put,
                })
                .collect();
            if opportunities::save_all(conn, &written).await? {
                return Ok(());
            }
        }
        for d in deals {
            let (who, seq, origin) = (&d.who, d.seq, d.origin);
            if !d.put {
                opportunities::save_logged(conn, who, seq, &d.deal, &d.changes, origin).await?;
            } else if !opportunities::save_unless_tied(conn, who, seq, &d.deal, &d.changes, origin)
                .await?
            {
                let mut deal = d.deal;
                opportunities::untie(conn, who.org_id, &mut deal).await?;
                let untied = Record::Opportunity(deal.clone());
                let changes = diff_records(d.before.as_ref(), &untied);
                opportunities::save_logged(conn, who, seq, &deal, &changes, origin).await?;
                let mut stamped = untied;
                stamped.set_version(seq);
                known.put(stamped);
            }
        }
        Ok(())
    }
}

/// Whether no two of these deals, live, share a place.
fn places_apart(deals: &[PendingDeal]) -> bool {
    let mut seen = HashSet::new();
    deals
        .iter()
        .filter(|d| !d.deal.deleted && !d.deal.lost)
        .all(|d| seen.insert((d.deal.stage_id, d.deal.position.as_str())))
}

/// The mutation and the records it changed, or why the rules refused.
pub(super) type Decision = Result<(Mutation, Vec<Record>), RuleError>;

/// Runs the shared rules on the records as they stand in this transaction.
pub(super) fn decide(
    mutation: Mutation,
    known: &Store,
    foreign: &HashSet<Uuid>,
    viewer: &Viewer,
    on: chrono::NaiveDate,
) -> Decision {
    // Another org's record is not ours to see, and its id is not ours to take.
    if let Some(id) = mutation
        .targets()
        .into_iter()
        .find(|id| foreign.contains(id))
    {
        return Err(match mutation {
            Mutation::CreateOpportunity(_) => RuleError::AlreadyExists(id),
            Mutation::MoveOpportunity { .. }
            | Mutation::SetOpportunityFields { .. }
            | Mutation::DeleteOpportunity { .. }
            | Mutation::RestoreOpportunity { .. }
            | Mutation::MarkWon { .. }
            | Mutation::MarkLost { .. }
            | Mutation::ReopenLost { .. } => RuleError::UnknownOpportunity(id),
            _ => RuleError::UnknownRecord(id),
        });
    }
    if !viewer.may_attempt(&mutation, known.get(mutation.record_id()).as_ref()) {
        return Err(RuleError::NotAllowed);
    }
    let lookup = |id: Uuid| known.opportunities.get(&id).map(DealScope::from);
    // A record out of the author's sight is answered as unknown, before any rule can say more.
    for id in mutation.targets() {
        if let Some(record) = known.get(id)
            && !viewer.can_read(&record, &lookup)
        {
            return Err(match record {
                Record::Opportunity(_) => RuleError::UnknownOpportunity(id),
                other => other.missing(),
            });
        }
    }
    let changed = apply_on(&mutation, known, on)?;
    // Every record the change would write, before and after, passes the access rules.
    for after in &changed {
        viewer.check_write(known.get(after.id()).as_ref(), after, &lookup)?;
    }
    Ok((mutation, changed))
}

/// The day the author says they made the change; a clock far off (more than a year back, or
/// ahead) is not believed, and today is used.
fn made_on(on: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    let today = chrono::Utc::now().date_naive();
    on.filter(|d| *d <= today + chrono::Days::new(1) && *d >= today - chrono::Days::new(400))
        .unwrap_or(today)
}

/// Same field changed concurrently: server order wins, and when the value being replaced was
/// written after the version this author saw, by another browser, that browser is told.
async fn record_conflicts(
    conn: &mut PgConnection,
    who: &Identity,
    group: Uuid,
    seq: i64,
    (record_id, version): (Uuid, i64),
    base_version: i64,
    changes: &[FieldChange],
) -> Result<(), DbError> {
    if base_version == 0 || version <= base_version {
        return Ok(());
    }
    for change in changes {
        let overwritten: Option<(Uuid, i64, Uuid)> = sqlx::query_as(
            "SELECT ch.client_id, ch.mutation_id, cl.client_group_id FROM changes ch \
             JOIN clients cl ON cl.id = ch.client_id \
             WHERE ch.record_id = $1 AND ch.field = $2 AND ch.seq > $3 \
             ORDER BY ch.seq DESC LIMIT 1",
        )
        .bind(record_id)
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
        .bind(record_id)
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
