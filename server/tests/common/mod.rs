//! Throwaway PostgreSQL for tests: one private cluster per test binary in a temporary folder,
//! a fresh database per test, stopped and removed when the binary exits.
// Each test binary uses its own part of these helpers.
#![allow(dead_code)]

pub mod http;

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use app::db::Identity;
use app::domain::{Company, Contact, Currency, Money, Mutation, NewOpportunity, Stage};
use app::sync::protocol::{
    Outcome, PendingMutation, PullRequest, PullResponse, PushRequest, PushResponse,
};
use server::postgres::Cluster;
use sqlx::PgPool;
use uuid::Uuid;

static CLUSTER: OnceLock<Result<PathBuf, String>> = OnceLock::new();
static RUNNING: Mutex<Option<Cluster>> = Mutex::new(None);

extern "C" fn stop_cluster() {
    if let Ok(mut running) = RUNNING.lock()
        && let Some(mut cluster) = running.take()
    {
        let dir = cluster.data_dir().to_path_buf();
        cluster.stop();
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn cluster_dir() -> PathBuf {
    let dir = CLUSTER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rapport-test-{}", std::process::id()));
        let cluster = Cluster::start(&dir).map_err(|e| e.to_string())?;
        let path = cluster.data_dir().to_path_buf();
        *RUNNING.lock().map_err(|e| e.to_string())? = Some(cluster);
        // SAFETY: registering a plain extern "C" function with no captured state.
        unsafe { libc::atexit(stop_cluster) };
        Ok(path)
    });
    match dir {
        Ok(path) => path.clone(),
        Err(e) => panic!("cannot start the test PostgreSQL: {e}"),
    }
}

pub struct TestDb {
    pub pool: PgPool,
    /// A DATABASE_URL for this database, for a server process.
    pub url: String,
    pub who: Identity,
    pub stages: Vec<Stage>,
}

/// A new, migrated database with an org, a user and the five demo stages, no opportunities.
pub async fn test_db() -> TestDb {
    test_db_with(false, 0).await
}

/// A new, migrated database holding the demo organisation with `size` deals.
pub async fn demo_db(size: usize) -> TestDb {
    test_db_with(true, size).await
}

/// A new database with nothing in it, not even the migrations; and its name.
pub async fn empty_db() -> (PgPool, String) {
    let dir = cluster_dir();
    let options = sqlx::postgres::PgConnectOptions::new()
        .socket(&dir)
        .username(server::postgres::DB_USER);
    let name = format!("test_{}", Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect_with(&options.clone().database("postgres"))
        .await
        .expect("connect");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create database");
    let pool = server::postgres::pool_options(20)
        .connect_with(options.database(&name))
        .await
        .expect("pool");
    (pool, name)
}

async fn test_db_with(demo: bool, size: usize) -> TestDb {
    let (pool, name) = empty_db().await;
    let dir = cluster_dir();
    server::MIGRATOR.run(&pool).await.expect("migrations");
    let who = server::org::ensure_org(&pool, demo, server::org::DemoSize::of(size))
        .await
        .expect("org");
    let mut conn = pool.acquire().await.expect("conn");
    let mut setup = app::domain::Store::default();
    app::db::records::load_setup(&mut conn, who.org_id, &mut setup)
        .await
        .expect("stages");
    let mut stages = setup.stages;
    stages.sort_by_key(|s| s.sequence);
    let url = format!(
        "postgres://{}@localhost/{name}?host={}",
        server::postgres::DB_USER,
        dir.display()
    );
    TestDb {
        pool,
        url,
        who,
        stages,
    }
}

use sqlx::Connection;

/// A client: one tab of one browser profile, numbering its own mutations.
pub struct Client {
    pub group: Uuid,
    pub id: Uuid,
    pub next: i64,
    pub cursor: i64,
    pub schema: i64,
    pub access: Option<String>,
}

impl Client {
    pub fn new() -> Client {
        Client {
            group: Uuid::now_v7(),
            id: Uuid::now_v7(),
            next: 1,
            cursor: 0,
            schema: 0,
            access: None,
        }
    }

    /// Another tab of the same browser profile.
    pub fn sibling(&self) -> Client {
        Client {
            group: self.group,
            id: Uuid::now_v7(),
            next: 1,
            cursor: 0,
            schema: 0,
            access: None,
        }
    }

    pub fn queue(&mut self, m: &Mutation) -> PendingMutation {
        let p = PendingMutation {
            client_id: self.id,
            mutation_id: self.next,
            mutation: serde_json::to_value(m).expect("json"),
            on: None,
        };
        self.next += 1;
        p
    }

    pub async fn push(&self, db: &TestDb, mutations: Vec<PendingMutation>) -> PushResponse {
        app::db::push(
            &db.pool,
            &db.who,
            &PushRequest {
                client_group_id: self.group,
                mutations,
            },
        )
        .await
        .expect("push")
    }

    pub async fn pull(&mut self, db: &TestDb) -> PullResponse {
        let r = app::db::pull(
            &db.pool,
            &db.who,
            &PullRequest {
                client_group_id: self.group,
                cursor: self.cursor,
                schema: self.schema,
                org_id: None,
                access: self.access.clone(),
            },
        )
        .await
        .expect("pull");
        self.cursor = r.cursor;
        self.schema = r.schema;
        self.access = Some(r.access.clone());
        r
    }
}

/// Pushes these mutations from `client` and answers each one's outcome, in order.
pub async fn push(db: &TestDb, client: &mut Client, mutations: Vec<Mutation>) -> Vec<Outcome> {
    let pending = mutations.iter().map(|m| client.queue(m)).collect();
    client
        .push(db, pending)
        .await
        .results
        .into_iter()
        .map(|r| r.outcome)
        .collect()
}

/// Pushes these mutations from `client` as the person `who` and answers each one's outcome.
#[allow(dead_code)]
pub async fn push_as(
    db: &TestDb,
    who: &Identity,
    client: &mut Client,
    mutations: Vec<Mutation>,
) -> Vec<Outcome> {
    let pending = mutations.iter().map(|m| client.queue(m)).collect();
    app::db::push(
        &db.pool,
        who,
        &PushRequest {
            client_group_id: client.group,
            mutations: pending,
        },
    )
    .await
    .expect("push")
    .results
    .into_iter()
    .map(|r| r.outcome)
    .collect()
}

pub fn create(stage: &Stage, title: &str, position: &str) -> Mutation {
    Mutation::CreateOpportunity(NewOpportunity {
        country: String::new(),
        province: String::new(),
        postcode: String::new(),
        language: String::new(),
        id: Uuid::now_v7(),
        title: title.into(),
        customer_name: "Khách hàng".into(),
        company_name: String::new(),
        email: String::new(),
        phone: String::new(),
        expected_revenue: Money::new(5_000_000, Currency::VND),
        priority: 1,
        stage_id: stage.id,
        position: position.into(),
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
        custom: Default::default(),
    })
}

/// Gives the account with this email a known password (a new org's admin gets a random one).
pub async fn set_password(db: &TestDb, email: &str, password: &str) {
    let hash = app::db::auth::hash_password(password).await.expect("hash");
    let done = sqlx::query("UPDATE users SET password_hash = $2 WHERE lower(email) = lower($1)")
        .bind(email)
        .bind(hash)
        .execute(&db.pool)
        .await
        .expect("set password");
    assert_eq!(done.rows_affected(), 1, "{email} exists");
}

/// The email of the org's first account (its admin).
pub async fn admin_email(db: &TestDb) -> String {
    sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(db.who.user_id)
        .fetch_one(&db.pool)
        .await
        .expect("admin")
}

/// A new person, at `company_id` if given.
pub fn person(name: &str, email: &str, phone: &str, company_id: Option<Uuid>) -> Contact {
    Contact {
        id: Uuid::now_v7(),
        name: name.into(),
        company_id,
        job_title: String::new(),
        email: email.into(),
        phone: phone.into(),
        version: 0,
        deleted: false,
        merged_into: None,
        custom: Default::default(),
    }
}

/// A new company, by its name alone.
pub fn company(name: &str) -> Company {
    Company {
        id: Uuid::now_v7(),
        name: name.into(),
        email: String::new(),
        phone: String::new(),
        address: String::new(),
        version: 0,
        deleted: false,
        merged_into: None,
        custom: Default::default(),
    }
}

/// Who the account with this email is, in the test's organisation.
pub async fn identity_of(db: &TestDb, email: &str) -> Identity {
    let user_id: Uuid = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&db.pool)
        .await
        .expect(email);
    Identity {
        org_id: db.who.org_id,
        user_id,
    }
}
