//! A new organisation, on the first start: its administrator (whose password is shown once), the
//! stages every team shares, the lost reasons, the usual activity types and its currency, each
//! record made by its kind's rules with its timeline. The demo (`demo.rs`) adds its people and
//! its pipeline to the same, through the same rules.

use app::db::{DbError, Identity, opportunities, records};
use app::domain::activity::{Chaining, DelayFrom, DelayUnit};
use app::domain::{ActivityType, CurrencySettings, LostReason, Mutation, Record, Stage, Store};
use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use crate::demo;

const LOST_REASONS: [&str; 4] = [
    "Too expensive / Giá quá cao",
    "Chose a competitor / Chọn đối thủ",
    "No budget / Không có ngân sách",
    "Not interested / Không quan tâm",
];

/// How large a demo organisation is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSize {
    /// Leads and opportunities of the pipeline: open, and closed in the last months.
    pub deals: usize,
    /// Deals closed one to four years ago, with their people, companies, activities and notes.
    pub past: usize,
}

impl DemoSize {
    /// A pipeline of `deals`, and a past of a quarter as many.
    pub fn of(deals: usize) -> DemoSize {
        DemoSize {
            deals,
            past: deals / 4,
        }
    }
}

/// The org that requests act for, creating it (with the demo pipeline when `demo`, of `size`)
/// if the database has none.
pub async fn ensure_org(pool: &PgPool, demo: bool, size: DemoSize) -> Result<Identity, DbError> {
    let mut tx = pool.begin().await?;
    // One start at a time decides whether the database is new.
    sqlx::query("SELECT pg_advisory_xact_lock(7262)")
        .execute(&mut *tx)
        .await?;
    let existing: Option<(Uuid, Uuid)> = sqlx::query_as(
        "SELECT o.id, u.id FROM orgs o JOIN users u ON u.org_id = o.id ORDER BY o.created_at, u.created_at LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((org_id, user_id)) = existing {
        if demo {
            demo::accounts(&mut tx, org_id).await?;
        } else {
            first_admin_password(&mut tx, org_id).await?;
        }
        tx.commit().await?;
        return Ok(Identity { org_id, user_id });
    }
    let who = Identity {
        org_id: Uuid::now_v7(),
        user_id: Uuid::now_v7(),
    };
    let today = chrono::Local::now().date_naive();
    let made = if demo {
        demo::make(&mut tx, &who, size, today).await?
    } else {
        first_admin(&mut tx, &who).await?;
        let start = starter(who.org_id);
        start.records().into_iter().map(Made::Record).collect()
    };
    let count = write(&mut tx, &who, made, today).await?;
    tx.commit().await?;
    if demo {
        tracing::info!("created the demo organisation with {count} opportunities");
    }
    Ok(who)
}

/// A new organisation of its own (not the demo): one administrator, whose password is shown
/// this once.
async fn first_admin(conn: &mut sqlx::PgConnection, who: &Identity) -> Result<(), DbError> {
    let name = std::env::var("RAPPORT_ORG_NAME").unwrap_or_else(|_| "Rapport".into());
    sqlx::query("INSERT INTO orgs (id, name, currency) VALUES ($1, $2, 'VND')")
        .bind(who.org_id)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    let email =
        std::env::var("RAPPORT_ADMIN_EMAIL").unwrap_or_else(|_| "admin@rapport.local".into());
    let password = app::db::auth::random_password();
    sqlx::query(
        "INSERT INTO users (id, org_id, name, email, role, password_hash) \
         VALUES ($1, $2, 'Administrator', $3, 'admin', $4)",
    )
    .bind(who.user_id)
    .bind(who.org_id)
    .bind(&email)
    .bind(app::db::auth::hash_password(&password).await?)
    .execute(&mut *conn)
    .await?;
    eprintln!(
        "rapport: first start. Sign in as {email} with the password {password} \
         (shown only this once; change it under Settings → Account)."
    );
    Ok(())
}

/// Stages every team shares: name, probability, won, and their place on the board.
const STAGES: [(&str, u8, bool, i32); 5] = [
    ("New", 10, false, 10),
    ("Qualified", 30, false, 20),
    ("Proposition", 60, false, 50),
    ("Negotiation", 80, false, 60),
    ("Won", 100, true, 70),
];

/// The set-up every organisation starts with.
pub struct Starter {
    pub lost_reasons: Vec<LostReason>,
    pub stages: Vec<Stage>,
    pub activity_types: Vec<ActivityType>,
    pub currency: CurrencySettings,
}

/// What a new organisation starts with: the stages every team shares, the usual lost reasons
/// and activity types, and its currency.
pub fn starter(org_id: Uuid) -> Starter {
    let lost_reasons = LOST_REASONS
        .iter()
        .map(|name| LostReason {
            id: Uuid::now_v7(),
            name: name.to_string(),
            version: 0,
            deleted: false,
        })
        .collect();
    let stages = STAGES
        .iter()
        .map(|(name, probability, is_won, sequence)| Stage {
            id: Uuid::now_v7(),
            name: (*name).into(),
            sequence: *sequence,
            is_won: *is_won,
            folded: false,
            // An open deal with no change for two weeks shows as rotting; won ones never do.
            rotting_days: if *is_won { 0 } else { 14 },
            probability: *probability,
            team_id: None,
            version: 0,
            deleted: false,
        })
        .collect();
    Starter {
        lost_reasons,
        stages,
        activity_types: in_making_order(&activity_types()),
        currency: CurrencySettings::default_for(org_id),
    }
}

impl Starter {
    /// Its records, in an order they can be made in.
    pub fn records(self) -> Vec<Record> {
        let mut out: Vec<Record> = self
            .lost_reasons
            .into_iter()
            .map(Record::LostReason)
            .collect();
        out.extend(self.stages.into_iter().map(Record::Stage));
        out.extend(self.activity_types.into_iter().map(Record::ActivityType));
        out.push(Record::CurrencySettings(self.currency));
        out
    }
}

/// One thing a new organisation is made of: a record saved whole by its kind's rule, or a
/// deal's history as the mutations a person would have made, each on its day.
// Most are records, made one after the other: boxing them would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Made {
    Record(Record),
    Steps(Vec<(Mutation, NaiveDate)>),
    /// A record of the organisation's past, written as it is (in bulk, after the rest), dated
    /// the day it last changed; without lines in the change log, like an imported one.
    Past(Record, NaiveDate),
}

/// Makes everything in `made`, in order, by the rules a person's change runs (`apply`), each
/// change under a number of its own and with its timeline; returns how many deals were made.
async fn write(
    conn: &mut sqlx::PgConnection,
    who: &Identity,
    made: Vec<Made>,
    today: NaiveDate,
) -> Result<usize, DbError> {
    let mut known = Store {
        users: app::db::users::of_org(&mut *conn, who.org_id).await?,
        ..Default::default()
    };
    let mut seq = 0i64;
    let mut deals = 0;
    let mut past = Vec::new();
    for item in made {
        let steps = match item {
            Made::Record(record) => vec![(Mutation::save(record), today)],
            Made::Steps(steps) => {
                deals += 1;
                steps
            }
            Made::Past(record, on) => {
                past.push((record, on));
                continue;
            }
        };
        for (mutation, on) in steps {
            let mut changed = app::domain::apply(&mutation, &known).map_err(|e| {
                DbError::Internal(format!(
                    "a new organisation's {} breaks the rules: {e}",
                    mutation.record_id()
                ))
            })?;
            app::domain::mutation::stamp_dates(&known, &mut changed, on);
            seq += 1;
            for mut record in changed {
                record.set_version(seq);
                let before = known.get(record.id());
                match &record {
                    Record::Opportunity(o) => opportunities::save(&mut *conn, who, seq, o).await?,
                    other => records::save(&mut *conn, who, seq, other).await?,
                }
                let lines = app::domain::diff_records(before.as_ref(), &record);
                opportunities::log_changes(
                    &mut *conn,
                    who,
                    seq,
                    (record.kind(), record.id()),
                    &lines,
                    None,
                )
                .await?;
                known.put(record);
            }
        }
    }
    // The past: the records in bulk, then the deals (which name them) one by one, each under
    // a number of its own.
    let mut bulk = Vec::with_capacity(past.len());
    let mut past_deals = Vec::new();
    for (record, on) in past {
        match record {
            Record::Opportunity(o) => past_deals.push(o),
            other => bulk.push((
                other,
                on.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc(),
            )),
        }
    }
    records::insert_many(&mut *conn, who, seq + 1, &bulk).await?;
    seq += bulk.len() as i64;
    for o in past_deals {
        seq += 1;
        opportunities::save(&mut *conn, who, seq, &o).await?;
        deals += 1;
    }
    sqlx::query("UPDATE orgs SET seq = $2 WHERE id = $1")
        .bind(who.org_id)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    Ok(deals)
}

/// A database from before accounts existed has an admin without a password: one is made and
/// printed this once, so somebody can sign in.
async fn first_admin_password(conn: &mut sqlx::PgConnection, org_id: Uuid) -> Result<(), DbError> {
    let admin: Option<(Uuid, String)> = sqlx::query_as(
        "SELECT id, email FROM users WHERE org_id = $1 AND role = 'admin' AND active \
         AND NOT EXISTS (SELECT 1 FROM users u WHERE u.org_id = $1 AND u.role = 'admin' \
                         AND u.active AND u.password_hash IS NOT NULL) \
         ORDER BY created_at LIMIT 1",
    )
    .bind(org_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((id, email)) = admin {
        let password = app::db::auth::random_password();
        sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(id)
            .bind(app::db::auth::hash_password(&password).await?)
            .execute(&mut *conn)
            .await?;
        eprintln!(
            "rapport: no administrator could sign in. Sign in as {email} with the password \
             {password} (shown only this once; change it under Settings → Account)."
        );
    }
    Ok(())
}

/// The activity types of a sales team: a call suggests a meeting or an email; a meeting
/// schedules the follow-up of its proposal by itself.
pub fn activity_types() -> Vec<ActivityType> {
    let kind = |name: &str, icon: &str, delay, unit, from| ActivityType {
        id: Uuid::now_v7(),
        name: name.into(),
        icon: icon.into(),
        delay,
        unit,
        from,
        chaining: Chaining::Nothing,
        version: 0,
        deleted: false,
    };
    let mut call = kind(
        "Gọi điện / Call",
        "☎",
        2,
        DelayUnit::Days,
        DelayFrom::Completion,
    );
    let email = kind("Email", "✉", 1, DelayUnit::Days, DelayFrom::Completion);
    let mut meeting = kind(
        "Gặp mặt / Meeting",
        "☺",
        1,
        DelayUnit::Weeks,
        DelayFrom::Completion,
    );
    let follow_up = kind(
        "Theo dõi báo giá / Follow up the quotation",
        "✎",
        3,
        DelayUnit::Days,
        DelayFrom::PreviousDeadline,
    );
    let todo = kind(
        "Việc cần làm / To-do",
        "☐",
        5,
        DelayUnit::Days,
        DelayFrom::Completion,
    );
    call.chaining = Chaining::Suggest {
        type_ids: vec![meeting.id, email.id],
    };
    meeting.chaining = Chaining::Trigger {
        type_id: follow_up.id,
    };
    vec![call, email, meeting, follow_up, todo]
}

/// The types in an order a person could make them in: each after the ones it leads to.
pub fn in_making_order(types: &[ActivityType]) -> Vec<ActivityType> {
    use app::domain::kind::Kind;
    let mut made: Vec<ActivityType> = Vec::with_capacity(types.len());
    while made.len() < types.len() {
        let before = made.len();
        for t in types {
            let ready = t
                .references()
                .iter()
                .all(|r| *r == t.id || made.iter().any(|m| m.id == *r));
            if ready && !made.iter().any(|m| m.id == t.id) {
                made.push(t.clone());
            }
        }
        if made.len() == before {
            // A circle of types: the rest as they are (the rules will say which one is wrong).
            made.extend(
                types
                    .iter()
                    .filter(|t| !made.iter().any(|m| m.id == t.id))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        }
    }
    made
}
