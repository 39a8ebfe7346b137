//! A seeded, randomized model test of sync: browsers queue changes and push and pull through a
//! network that drops, duplicates, reorders and delays messages, tabs are killed mid-push, and
//! server transactions are cut part-way. Then the network heals and everyone drains. It checks:
//! every mutation applied or refused exactly once, none lost, every browser converges on the
//! server's state, cursors never go back, and each browser reads its own writes.
//! A failure prints its seed; RAPPORT_CHAOS_SEED=<seed> replays it.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use app::domain::fractional_index::key_between;
use app::domain::{Currency, Money, Mutation, NewOpportunity, OpportunityFields};
use app::sync::protocol::{Outcome, PendingMutation, PullRequest, PushRequest};
use app::sync::view::Snapshot;
use common::{TestDb, test_db};
use uuid::Uuid;

const BROWSERS: usize = 5;
const MUTATIONS: usize = 1000;

/// xorshift64*: small, seedable, good enough to pick faults.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// One browser profile: its durable outbox and cache survive a killed tab; the tab does not.
struct Browser {
    group: Uuid,
    tab: Uuid,
    next_mutation_id: i64,
    outbox: Vec<PendingMutation>,
    confirmed: Snapshot,
    cursors: Vec<i64>,
    /// Creates the server confirmed (Applied) for this browser.
    acknowledged_creates: HashSet<Uuid>,
    queued: HashMap<Uuid, i64>,
    /// A push held back by the network, delivered later (stale).
    delayed: Option<Vec<PendingMutation>>,
}

impl Browser {
    fn new() -> Browser {
        Browser {
            group: Uuid::now_v7(),
            tab: Uuid::now_v7(),
            next_mutation_id: 1,
            outbox: Vec::new(),
            confirmed: Snapshot::default(),
            cursors: Vec::new(),
            acknowledged_creates: HashSet::new(),
            queued: HashMap::new(),
            delayed: None,
        }
    }

    fn view(&self) -> Snapshot {
        let pending: Vec<Mutation> = self
            .outbox
            .iter()
            .filter_map(|p| Mutation::from_json(&p.mutation).ok())
            .collect();
        let today = chrono::Utc::now().date_naive();
        self.confirmed
            .with_pending(pending.iter().map(|m| (m, today)))
            .0
    }

    /// Queues a change the way the browser engine does: checked locally, then in the outbox.
    fn queue(&mut self, m: Mutation) -> bool {
        if self
            .view()
            .apply_local(&m, chrono::Utc::now().date_naive())
            .is_err()
        {
            return false;
        }
        let p = PendingMutation {
            client_id: self.tab,
            mutation_id: self.next_mutation_id,
            mutation: serde_json::to_value(&m).unwrap(),
            on: None,
        };
        self.queued.insert(self.tab, self.next_mutation_id);
        self.next_mutation_id += 1;
        self.outbox.push(p);
        true
    }

    fn kill_tab(&mut self) {
        self.tab = Uuid::now_v7();
        self.next_mutation_id = 1;
    }
}

fn random_mutation(rng: &mut Rng, view: &Snapshot) -> Mutation {
    let stages: Vec<_> = view.stages.iter().filter(|s| !s.deleted).collect();
    let ids: Vec<Uuid> = view.opportunities.keys().copied().collect();
    let stage = stages[rng.below(stages.len())].id;
    let pick = if ids.is_empty() { 0 } else { rng.below(10) };
    match pick {
        0..=2 => Mutation::CreateOpportunity(NewOpportunity {
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            language: String::new(),
            custom: Default::default(),
            id: Uuid::now_v7(),
            title: format!("Deal {}", rng.below(100_000)),
            customer_name: String::new(),
            company_name: String::new(),
            email: String::new(),
            phone: String::new(),
            expected_revenue: Money::new(rng.below(1_000_000) as i64, Currency::VND),
            priority: rng.below(4) as u8,
            stage_id: stage,
            position: key_between(None, None).unwrap(),
            salesperson_id: None,
            expected_close: None,
            team_id: None,
            tag_ids: Vec::new(),
            contact_id: None,
            company_id: None,
            lead: false,
            description: String::new(),
            campaign_id: None,
            source_id: None,
        }),
        3..=5 => {
            let id = ids[rng.below(ids.len())];
            let column: Vec<String> = view
                .opportunities
                .values()
                .filter(|o| o.stage_id == stage)
                .map(|o| o.position.clone())
                .collect();
            let last = column.iter().max().cloned();
            Mutation::MoveOpportunity {
                id,
                stage_id: stage,
                position: key_between(last.as_deref(), None).unwrap(),
                base_version: view.opportunities[&id].version,
            }
        }
        6..=8 => {
            let id = ids[rng.below(ids.len())];
            let fields = if rng.chance(50) {
                OpportunityFields {
                    priority: Some(rng.below(4) as u8),
                    ..Default::default()
                }
            } else {
                OpportunityFields {
                    title: Some(format!("Renamed {}", rng.below(1000))),
                    ..Default::default()
                }
            };
            Mutation::SetOpportunityFields {
                id,
                fields,
                base_version: view.opportunities[&id].version,
            }
        }
        _ => Mutation::DeleteOpportunity {
            id: ids[rng.below(ids.len())],
        },
    }
}

/// A push through a faulty network. Returns false when the browser learned nothing.
async fn push(db: &TestDb, rng: &mut Rng, b: &mut Browser) {
    if b.outbox.is_empty() {
        return;
    }
    let take = 1 + rng.below(b.outbox.len().min(8));
    let mut batch: Vec<PendingMutation> = b.outbox[..take].to_vec();
    let fault = rng.below(100);
    if fault < 10 {
        return; // the request is lost
    }
    if fault < 18 {
        // Held back; it will arrive later, after newer messages.
        if let Some(old) = b.delayed.replace(batch) {
            deliver(db, b, old).await;
        }
        return;
    }
    if fault < 26 {
        batch.reverse(); // reordered
    }
    if fault < 36 {
        // The tab dies or the connection drops part-way. Half the time the server's database
        // connections are also cut, mid-transaction for whatever push is running.
        let wait = Duration::from_micros(rng.below(3000) as u64);
        let request = PushRequest {
            client_group_id: b.group,
            mutations: batch,
        };
        let cut = rng.chance(50).then(|| {
            let pool = db.pool.clone();
            let delay = Duration::from_micros(rng.below(2000) as u64);
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                let _ = sqlx::query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = current_database() AND pid <> pg_backend_pid()",
                )
                .execute(&pool)
                .await;
            })
        });
        let _ = tokio::time::timeout(wait, app::db::push(&db.pool, &db.who, &request)).await;
        if let Some(cut) = cut {
            let _ = cut.await;
        }
        if rng.chance(30) {
            b.kill_tab();
        }
        return;
    }
    let duplicate = fault < 44;
    let lose_response = fault < 52;
    if duplicate {
        deliver(db, b, batch.clone()).await;
    }
    let results = deliver(db, b, batch).await;
    if !lose_response {
        for r in results {
            if let Outcome::Applied { .. } = r.1 {
                let raw = b
                    .outbox
                    .iter()
                    .find(|p| (p.client_id, p.mutation_id) == r.0)
                    .map(|p| p.mutation.clone());
                if let Some(Ok(Mutation::CreateOpportunity(new))) =
                    raw.map(|m| Mutation::from_json(&m))
                {
                    b.acknowledged_creates.insert(new.id);
                }
            }
        }
    }
}

async fn deliver(
    db: &TestDb,
    b: &Browser,
    batch: Vec<PendingMutation>,
) -> Vec<((Uuid, i64), Outcome)> {
    let request = PushRequest {
        client_group_id: b.group,
        mutations: batch,
    };
    // A push cut by a dropped database connection tells the browser nothing.
    match app::db::push(&db.pool, &db.who, &request).await {
        Ok(response) => response
            .results
            .into_iter()
            .map(|r| ((r.client_id, r.mutation_id), r.outcome))
            .collect(),
        Err(_) => Vec::new(),
    }
}

async fn pull(db: &TestDb, b: &mut Browser, lose_response: bool, seed: u64) {
    let request = PullRequest {
        client_group_id: b.group,
        cursor: b.confirmed.cursor,
        schema: b.confirmed.schema,
        org_id: b.confirmed.org_id,
        access: Some(b.confirmed.access.clone()),
    };
    // A pull on a connection a cut just broke fails; the browser pulls again later.
    let Ok(response) = app::db::pull(&db.pool, &db.who, &request).await else {
        return;
    };
    if lose_response {
        return;
    }
    if let Some(&last) = b.cursors.last() {
        assert!(response.cursor >= last, "seed {seed}: a cursor went back");
    }
    b.cursors.push(response.cursor);
    b.confirmed.apply_pull(&response);
    let last = &response.last_mutation_ids;
    b.outbox
        .retain(|p| last.get(&p.client_id).is_none_or(|&l| p.mutation_id > l));
    // Read your own writes: every create the server confirmed is in the cache, unless deleted.
    for id in &b.acknowledged_creates {
        if !b.confirmed.opportunities.contains_key(id) {
            let deleted: bool =
                sqlx::query_scalar("SELECT deleted FROM opportunities WHERE id = $1")
                    .bind(id)
                    .fetch_one(&db.pool)
                    .await
                    .unwrap_or(false);
            assert!(
                deleted,
                "seed {seed}: a confirmed create {id} is missing from its author's cache"
            );
        }
    }
}

async fn run(seed: u64) {
    let db = test_db().await;
    let mut rng = Rng(seed | 1);
    let mut browsers: Vec<Browser> = (0..BROWSERS).map(|_| Browser::new()).collect();
    for b in &mut browsers {
        pull(&db, b, false, seed).await;
    }
    let mut queued = 0;
    while queued < MUTATIONS {
        let i = rng.below(BROWSERS);
        let b = &mut browsers[i];
        match rng.below(10) {
            0..=4 => {
                let m = random_mutation(&mut rng, &b.view());
                if b.queue(m) {
                    queued += 1;
                }
            }
            5..=7 => push(&db, &mut rng, b).await,
            8 => pull(&db, b, rng.chance(15), seed).await,
            _ => {
                if rng.chance(20) {
                    b.kill_tab();
                }
            }
        }
    }
    // The network heals: deliver what was held back, then drain every outbox.
    for b in &mut browsers {
        if let Some(late) = b.delayed.take() {
            deliver(&db, b, late).await;
        }
    }
    for _ in 0..50 {
        for b in &mut browsers {
            while !b.outbox.is_empty() {
                let batch: Vec<_> = b.outbox.iter().take(50).cloned().collect();
                deliver(&db, b, batch).await;
                pull(&db, b, false, seed).await;
            }
            pull(&db, b, false, seed).await;
        }
        if browsers.iter().all(|b| b.outbox.is_empty()) {
            break;
        }
    }
    for b in &mut browsers {
        pull(&db, b, false, seed).await;
    }

    // None lost: every tab's mutations were all processed.
    let last: HashMap<Uuid, i64> =
        sqlx::query_as::<_, (Uuid, i64)>("SELECT id, last_mutation_id FROM clients")
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    for b in &browsers {
        assert!(b.outbox.is_empty(), "seed {seed}: an outbox never drained");
        for (tab, &max) in &b.queued {
            assert_eq!(
                last.get(tab).copied(),
                Some(max),
                "seed {seed}: tab {tab} lost mutations"
            );
        }
    }
    // Exactly once: no mutation was applied under two change numbers (the demo's own lines,
    // made by the server, have no client).
    let twice: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT client_id, mutation_id FROM changes \
         WHERE client_id IS NOT NULL \
         GROUP BY client_id, mutation_id HAVING count(DISTINCT seq) > 1) t",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(twice, 0, "seed {seed}: a mutation was applied twice");
    let refused_and_applied: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM rejected_mutations r JOIN changes c \
         ON c.client_id = r.client_id AND c.mutation_id = r.mutation_id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        refused_and_applied, 0,
        "seed {seed}: a mutation was both refused and applied"
    );
    // Everyone converges on the server's state.
    let server = common::Client::new().pull(&db).await;
    let truth: BTreeMap<Uuid, _> = server
        .opportunities
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    assert!(
        truth.len() > 10,
        "seed {seed}: the run should leave a real board"
    );
    for b in &browsers {
        assert_eq!(
            b.confirmed.opportunities, truth,
            "seed {seed}: a browser did not converge"
        );
        assert_eq!(
            b.view().opportunities,
            truth,
            "seed {seed}: a browser's view did not converge"
        );
    }
}

#[tokio::test]
async fn sync_survives_a_faulty_network_and_killed_tabs() {
    let seeds: Vec<u64> = match std::env::var("RAPPORT_CHAOS_SEED") {
        Ok(s) => vec![s.parse().expect("RAPPORT_CHAOS_SEED is a number")],
        Err(_) => vec![0x5EED_0001, 0x5EED_0002, 0x5EED_0003],
    };
    for seed in seeds {
        eprintln!("chaos seed {seed}");
        run(seed).await;
    }
}

/// A connection that goes back to the pool inside a transaction sqlx does not know of (a
/// future dropped while its `BEGIN` was on the wire) is rolled back first: the next statements
/// through the pool are committed, and hold no lock past their end.
#[tokio::test]
async fn a_connection_left_inside_a_transaction_is_rolled_back_before_it_is_used_again() {
    let db = test_db().await;
    // Every connection the pool may hand out begins a transaction behind sqlx's back.
    let mut held = Vec::new();
    for _ in 0..20 {
        let mut conn = db.pool.acquire().await.unwrap();
        sqlx::raw_sql("BEGIN").execute(&mut *conn).await.unwrap();
        held.push(conn);
    }
    drop(held);
    tokio::time::sleep(Duration::from_millis(200)).await;
    // A write through the pool is seen by a connection of its own at once.
    sqlx::query("UPDATE users SET name = 'Rolled back first' WHERE id = $1")
        .bind(db.who.user_id)
        .execute(&db.pool)
        .await
        .unwrap();
    let mut other = <sqlx::postgres::PgConnection as sqlx::Connection>::connect(&db.url)
        .await
        .unwrap();
    let name: String = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
        .bind(db.who.user_id)
        .fetch_one(&mut other)
        .await
        .unwrap();
    assert_eq!(name, "Rolled back first");
    let stuck: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
         AND state = 'idle in transaction'",
    )
    .fetch_one(&mut other)
    .await
    .unwrap();
    assert_eq!(stuck, 0, "no connection is left inside a transaction");
}
