//! The duplicates page (server side): contacts, companies or leads of the whole organisation
//! that may be the same. Emails, phones (in full international form) and names are folded
//! exactly as the browser folds them while a person types (`domain::duplicates`), read in one
//! pass and grouped here. Names alike but not the same are PostgreSQL's to find, with its
//! trigram index over names folded by `rapport_fold` when they are written (`folded_name`,
//! migrations 0013, 0024 and 0025): a background pass (`scan`) probes every record in turn and
//! keeps the pairs it finds, and the page probes the records changed most recently besides.
//! Pairs a person said are not the same are left out.

use std::collections::{HashMap, HashSet};

use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::refusal::Refusal;
use super::{DbError, Identity, access, opportunities, records};
use crate::domain::access::DealScope;
use crate::domain::duplicates::{self, Marks, Reason, calling_code};
use crate::domain::{Currency, CurrencySettings, Store};
use crate::sync::dedupe::{CLUSTER_SHOWN, Cluster};

/// A record as its duplicates are looked for: id, name, email, phone, and (of a lead) its team
/// and salesperson.
type MarkedRow = (Uuid, String, String, String, Option<Uuid>, Option<Uuid>);

/// At most this many clusters are answered.
const CLUSTERS: usize = 100;

/// Names alike are looked for, as the page is asked for, from this many records, the most
/// recently changed; a background pass (`scan`) probes every record in turn.
const PROBES: i64 = 500;

/// How alike (trigram similarity) two folded names must be to be offered.
const TRIGRAM_ALIKE: f32 = 0.6;

/// The clusters of records of `kind` (contact, company or lead) that may be one, most likely
/// first. Leads are those the person may see, and open (not lost).
pub async fn clusters(pool: &PgPool, who: &Identity, kind: &str) -> Result<Vec<Cluster>, DbError> {
    let Some(source) = Source::of(kind) else {
        return Err(DbError::Invalid(format!(
            "duplicates are looked for among contacts, companies or leads, not {kind:?}"
        )));
    };
    let mut conn = pool.acquire().await?;
    let viewer = access::viewer(&mut conn, who).await?;
    let country = phone_country(&mut conn, who.org_id).await?;
    let rows: Vec<MarkedRow> = sqlx::query_as(&format!(
        "SELECT id, coalesce({name}, ''), coalesce({email}, ''), coalesce({phone}, ''), \
                 {team}, {salesperson} \
             FROM {from} WHERE org_id = $1 AND {live} ORDER BY id",
        name = source.name,
        email = source.email,
        phone = source.phone,
        team = source.team,
        salesperson = source.salesperson,
        from = source.from,
        live = source.live,
    ))
    .bind(who.org_id)
    .bind(kind)
    .fetch_all(&mut *conn)
    .await?;
    // Leads this person may not see are not offered.
    let rows: Vec<(Uuid, String, String, String)> = rows
        .into_iter()
        .filter(|(.., team_id, salesperson_id)| {
            kind != "lead"
                || viewer.sees_deal(DealScope {
                    team_id: *team_id,
                    salesperson_id: *salesperson_id,
                })
        })
        .map(|(id, name, email, phone, ..)| (id, name, email, phone))
        .collect();
    let company = kind == "company";
    // Grouped by what they share: (reason, the shared value) → ids.
    let mut groups: HashMap<(Reason, String), Vec<Uuid>> = HashMap::new();
    let mut shown_name: HashMap<Uuid, String> = HashMap::new();
    for (id, name, email, phone) in &rows {
        let marks = Marks::of(email, phone, name, company, country);
        if !marks.email.is_empty() {
            groups
                .entry((Reason::Email, marks.email.clone()))
                .or_default()
                .push(*id);
        }
        if let Some(phone) = &marks.phone {
            groups
                .entry((Reason::Phone, phone.clone()))
                .or_default()
                .push(*id);
        }
        // Spaces aside, as the likeness of names has them: Thai and Chinese names are written
        // with or without.
        let name_key: String = marks.name.chars().filter(|c| !c.is_whitespace()).collect();
        if name_key.chars().count() >= 2 {
            groups
                .entry((Reason::Name(100), name_key))
                .or_default()
                .push(*id);
        }
        shown_name.insert(*id, name.clone());
    }
    let mut found: Vec<(Reason, String, Vec<Uuid>)> = groups
        .into_iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|((reason, shared), ids)| match reason {
            // The name as the first of them writes it, not its folded key.
            Reason::Name(_) => (reason, shown_name[&ids[0]].clone(), ids),
            _ => (reason, shared, ids),
        })
        .collect();
    // Names alike but not the same: PostgreSQL's trigrams, each pair a cluster of its own.
    let mut tx = conn.begin_with_alike().await?;
    let alike: Vec<(Uuid, Uuid, f32)> = sqlx::query_as(&format!(
        "WITH probe AS ( \
             SELECT id, folded_name AS folded FROM {from} \
             WHERE org_id = $1 AND {live} AND folded_name <> '' \
             ORDER BY updated_at DESC LIMIT $3) \
         SELECT p.id, m.id, m.alike \
         FROM probe p CROSS JOIN LATERAL ( \
             SELECT id, similarity(p.folded, folded_name) AS alike FROM {from} \
             WHERE org_id = $1 AND {live} AND id <> p.id \
               AND folded_name % p.folded AND folded_name <> p.folded \
             ORDER BY 2 DESC LIMIT 3) m",
        from = source.from,
        live = source.live,
    ))
    .bind(who.org_id)
    .bind(kind)
    .bind(PROBES)
    .fetch_all(&mut *tx)
    .await?;
    // And those the background pass found over the whole organisation (`scan`), as alike as
    // they are now.
    let kept: Vec<(Uuid, Uuid, f32)> = sqlx::query_as(&format!(
        "SELECT a, b, alike FROM ( \
             SELECT p.a, p.b, similarity( \
                 (SELECT folded_name FROM {from} WHERE org_id = $1 AND id = p.a AND {live}), \
                 (SELECT folded_name FROM {from} WHERE org_id = $1 AND id = p.b AND {live}) \
             ) AS alike \
             FROM alike_pairs p WHERE p.org_id = $1 AND p.kind = $2) pairs \
         WHERE alike >= $3",
        from = source.from,
        live = source.live,
    ))
    .bind(who.org_id)
    .bind(kind)
    .bind(TRIGRAM_ALIKE)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut pairs_seen = HashSet::new();
    for (a, b, similarity) in alike.into_iter().chain(kept) {
        let pair = if a < b { (a, b) } else { (b, a) };
        // Both seen by this person (leads), and new.
        if !shown_name.contains_key(&a) || !shown_name.contains_key(&b) || !pairs_seen.insert(pair)
        {
            continue;
        }
        let percent = (similarity * 100.0).round().clamp(0.0, 99.0) as u8;
        let shared = shown_name.get(&pair.0).cloned().unwrap_or_default();
        found.push((Reason::Name(percent), shared, vec![pair.0, pair.1]));
    }
    // What people said are not the same.
    let apart: HashSet<(Uuid, Uuid)> =
        sqlx::query_as::<_, (Uuid, Uuid)>("SELECT a, b FROM not_duplicates WHERE org_id = $1")
            .bind(who.org_id)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
    for (_, _, ids) in &mut found {
        let all = ids.clone();
        ids.retain(|m| {
            all.iter()
                .any(|o| o != m && !apart.contains(&if m < o { (*m, *o) } else { (*o, *m) }))
        });
    }
    found.retain(|(_, _, ids)| ids.len() > 1);
    // A name cluster of exactly the people of an email or phone cluster says nothing more.
    let mut member_sets = HashSet::new();
    found.sort_by(|a, b| {
        rank(a.0)
            .cmp(&rank(b.0))
            .then_with(|| b.2.len().cmp(&a.2.len()))
    });
    found.retain(|(_, _, ids)| {
        let mut set = ids.clone();
        set.sort();
        member_sets.insert(set)
    });
    found.truncate(CLUSTERS);
    let wanted: Vec<Uuid> = found
        .iter()
        .flat_map(|(_, _, ids)| ids.iter().take(CLUSTER_SHOWN).copied())
        .collect();
    let mut store = Store::default();
    records::load(&mut conn, who.org_id, &wanted, &mut store).await?;
    opportunities::load(&mut conn, who.org_id, &wanted, &mut store).await?;
    // The companies the people name, and what leads name (people, companies, tags,
    // campaigns), for their names.
    let named: Vec<Uuid> = store
        .contacts
        .values()
        .filter_map(|c| c.company_id)
        .chain(
            store
                .opportunities
                .values()
                .flat_map(crate::domain::kind::Kind::references),
        )
        .collect();
    records::load(&mut conn, who.org_id, &named, &mut store).await?;
    Ok(found
        .into_iter()
        .map(|(reason, shared, ids)| {
            let records: Vec<_> = ids
                .iter()
                .take(CLUSTER_SHOWN)
                .filter_map(|id| store.get(*id))
                .collect();
            let names = records
                .iter()
                .flat_map(|r| r.references())
                .filter_map(|id| store.get(id).map(|r| (id, r.display_name(&store))))
                .collect();
            Cluster {
                reason,
                shared,
                size: ids.len(),
                records,
                names,
            }
        })
        .collect())
}

/// The background pass probes this many records of a kind at each turn.
const SCAN_BATCH: i64 = 500;

/// A pass over an organisation's records of a kind starts again this long after the last
/// ended (the page's own probe covers what changed meanwhile).
const SCAN_AGAIN_AFTER_MINUTES: i32 = 60;

/// How often a server process looks for a pass to go on with.
const SCAN_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// The kinds whose names are probed.
const SCANNED: [&str; 3] = ["contact", "company", "lead"];

/// The background pass of every server process over the names of every organisation.
pub async fn work(pool: PgPool, stopping: tokio::sync::watch::Receiver<bool>) {
    super::every(
        SCAN_EVERY,
        "looking for names alike",
        pool,
        stopping.clone(),
        move |pool| {
            let stopping = stopping.clone();
            async move { scan_due(&pool, &stopping).await.map(drop) }
        },
    )
    .await
}

/// Probes the next batch of every organisation's kinds whose pass is under way or due; returns
/// how many batches this process probed (those another process holds are skipped). A server
/// stopping (`stopping`) drops the batch in hand, whose writes are one transaction, so none of
/// it is kept: at 200,000 contacts one batch outlasts the wait for jobs, and cut by the
/// database going it would be logged and kept as a failure. The next run probes it again.
pub async fn scan_due(
    pool: &PgPool,
    stopping: &tokio::sync::watch::Receiver<bool>,
) -> Result<usize, DbError> {
    sqlx::query(
        "INSERT INTO alike_scans (org_id, kind) \
         SELECT o.id, k FROM orgs o CROSS JOIN unnest($1::text[]) k ON CONFLICT DO NOTHING",
    )
    .bind(SCANNED)
    .execute(pool)
    .await?;
    let due: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT org_id, kind FROM alike_scans \
         WHERE after_id IS NOT NULL OR passed_at IS NULL \
            OR passed_at < now() - make_interval(mins => $1) \
         ORDER BY org_id, kind",
    )
    .bind(SCAN_AGAIN_AFTER_MINUTES)
    .fetch_all(pool)
    .await?;
    let mut stop = stopping.clone();
    let stopped = async move {
        // A sender gone (no server to stop) is no stop.
        if stop.wait_for(|stopping| *stopping).await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(stopped);
    let mut probed = 0;
    for (org, kind) in due {
        tokio::select! {
            biased;
            () = &mut stopped => break,
            scanned = super::for_org(pool, "names_alike", org, scan(pool, org, &kind)) => {
                probed += usize::from(scanned.is_some());
            }
        }
    }
    Ok(probed)
}

/// Probes the next `SCAN_BATCH` of `org`'s records of `kind` (in id order) for names alike and
/// keeps the pairs found. `Some(true)` when this ended a pass; `None` when another process
/// holds it. At the end of a pass, the pairs no probe of it found again are dropped.
pub async fn scan(pool: &PgPool, org: Uuid, kind: &str) -> Result<Option<bool>, DbError> {
    let Some(source) = Source::of(kind) else {
        return Err(DbError::Invalid(format!("no names alike among {kind:?}")));
    };
    sqlx::query("INSERT INTO alike_scans (org_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(org)
        .bind(kind)
        .execute(pool)
        .await?;
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin_with_alike().await?;
    let Some(after) = sqlx::query_scalar::<_, Option<Uuid>>(
        "SELECT after_id FROM alike_scans WHERE org_id = $1 AND kind = $2 \
         FOR UPDATE SKIP LOCKED",
    )
    .bind(org)
    .bind(kind)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    if after.is_none() {
        sqlx::query("UPDATE alike_scans SET started_at = now() WHERE org_id = $1 AND kind = $2")
            .bind(org)
            .bind(kind)
            .execute(&mut *tx)
            .await?;
    }
    // Each probe with its three most alike (none: a row of its own, so the batch's last id is
    // known).
    let found: Vec<(Uuid, Option<Uuid>)> = sqlx::query_as(&format!(
        "WITH probe AS ( \
             SELECT id, folded_name AS folded FROM {from} \
             WHERE org_id = $1 AND {live} AND folded_name <> '' AND id > $3 \
             ORDER BY id LIMIT $4) \
         SELECT p.id, m.id FROM probe p LEFT JOIN LATERAL ( \
             SELECT id FROM {from} \
             WHERE org_id = $1 AND {live} AND id <> p.id \
               AND folded_name % p.folded AND folded_name <> p.folded \
             ORDER BY similarity(p.folded, folded_name) DESC LIMIT 3) m ON true",
        from = source.from,
        live = source.live,
    ))
    .bind(org)
    .bind(kind)
    .bind(after.unwrap_or(Uuid::nil()))
    .bind(SCAN_BATCH)
    .fetch_all(&mut *tx)
    .await?;
    let probes: HashSet<Uuid> = found.iter().map(|(p, _)| *p).collect();
    let last = probes.iter().max().copied();
    // Each pair once (two of a batch find each other).
    let pairs: std::collections::BTreeSet<(Uuid, Uuid)> = found
        .into_iter()
        .filter_map(|(p, m)| m.map(|m| if p < m { (p, m) } else { (m, p) }))
        .collect();
    let (a, b): (Vec<Uuid>, Vec<Uuid>) = pairs.into_iter().unzip();
    sqlx::query(
        "INSERT INTO alike_pairs (org_id, kind, a, b) \
         SELECT $1, $2, a, b FROM UNNEST($3::uuid[], $4::uuid[]) AS t(a, b) \
         ON CONFLICT (org_id, kind, a, b) DO UPDATE SET found_at = now()",
    )
    .bind(org)
    .bind(kind)
    .bind(&a)
    .bind(&b)
    .execute(&mut *tx)
    .await?;
    let ended = (probes.len() as i64) < SCAN_BATCH;
    if ended {
        sqlx::query(
            "DELETE FROM alike_pairs p USING alike_scans s \
             WHERE p.org_id = $1 AND p.kind = $2 AND s.org_id = $1 AND s.kind = $2 \
               AND p.found_at < s.started_at",
        )
        .bind(org)
        .bind(kind)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "UPDATE alike_scans SET after_id = $3, \
             passed_at = CASE WHEN $3 IS NULL THEN now() ELSE passed_at END \
         WHERE org_id = $1 AND kind = $2",
    )
    .bind(org)
    .bind(kind)
    .bind(if ended { None } else { last })
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(ended))
}

/// Where the records of a kind are read, and how: SQL put into the queries of `clusters`
/// (never from the request; `$2` is the kind).
struct Source {
    from: &'static str,
    /// The live ones of the kind.
    live: &'static str,
    name: &'static str,
    email: &'static str,
    phone: &'static str,
    /// Whose they are, for leads.
    team: &'static str,
    salesperson: &'static str,
}

impl Source {
    fn of(kind: &str) -> Option<Source> {
        match kind {
            "contact" | "company" => Some(Source {
                from: "records",
                live: "kind = $2 AND NOT deleted",
                name: "(data->>'name')",
                email: "(data->>'email')",
                phone: "(data->>'phone')",
                team: "NULL::uuid",
                salesperson: "NULL::uuid",
            }),
            // A lead is named by its person, else its company (`duplicates::marks_of`): its
            // `folded_name` (migration 0024) is this, folded.
            "lead" => Some(Source {
                from: "opportunities",
                live: "lead AND NOT deleted AND NOT lost AND $2 = 'lead'",
                name: "coalesce(nullif(customer_name, ''), company_name)",
                email: "email",
                phone: "phone",
                team: "team_id",
                salesperson: "salesperson_id",
            }),
            _ => None,
        }
    }
}

/// The calling code of the org's numbers written without one (`duplicates::phone_country`): its
/// settings' country or currency, else the currency it was made with.
pub async fn phone_country(
    conn: &mut PgConnection,
    org_id: Uuid,
) -> Result<Option<&'static str>, DbError> {
    let settings: Option<Json<CurrencySettings>> = sqlx::query_scalar(
        "SELECT data FROM records WHERE org_id = $1 AND kind = 'currency_settings' AND NOT deleted",
    )
    .bind(org_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(settings) = settings {
        return Ok(duplicates::phone_country(&settings.0));
    }
    let currency: String = sqlx::query_scalar("SELECT currency FROM orgs WHERE id = $1")
        .bind(org_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Currency::parse(&currency).and_then(calling_code))
}

/// Most likely first: the same email, the same phone, the same name, then names by likeness.
fn rank(reason: Reason) -> (u8, u8) {
    match reason {
        Reason::Email => (0, 0),
        Reason::Phone => (1, 0),
        Reason::Name(n) => (2, 100 - n),
    }
}

/// Remembers every pair of these records as not the same.
pub async fn not_duplicates(pool: &PgPool, who: &Identity, ids: &[Uuid]) -> Result<(), DbError> {
    if ids.len() < 2 || ids.len() > 200 {
        return Err(DbError::Refused(Refusal::ChooseRecords));
    }
    let mut conn = pool.acquire().await?;
    let viewer = access::viewer(&mut conn, who).await?;
    let people: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM records WHERE org_id = $1 AND id = ANY($2) \
         AND kind IN ('contact', 'company')",
    )
    .bind(who.org_id)
    .bind(ids)
    .fetch_one(&mut *conn)
    .await?;
    // Leads, as far as this person sees them.
    let leads = access::deal_scopes(&mut conn, who.org_id, ids)
        .await?
        .into_values()
        .filter(|scope| viewer.sees_deal(*scope))
        .count() as i64;
    let mut distinct = ids.to_vec();
    distinct.sort();
    distinct.dedup();
    if people + leads != distinct.len() as i64 {
        return Err(DbError::Refused(Refusal::NotYourRecords));
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (i, x) in distinct.iter().enumerate() {
        for y in &distinct[i + 1..] {
            a.push(*x);
            b.push(*y);
        }
    }
    sqlx::query(
        "INSERT INTO not_duplicates (org_id, a, b, decided_by) \
         SELECT $1, a, b, $4 FROM UNNEST($2::uuid[], $3::uuid[]) AS t(a, b) \
         ON CONFLICT DO NOTHING",
    )
    .bind(who.org_id)
    .bind(&a)
    .bind(&b)
    .bind(who.user_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A transaction in which `%` means names at least `TRIGRAM_ALIKE` alike.
trait BeginWithAlike {
    async fn begin_with_alike(&mut self) -> Result<sqlx::Transaction<'_, sqlx::Postgres>, DbError>;
}

impl BeginWithAlike for sqlx::pool::PoolConnection<sqlx::Postgres> {
    async fn begin_with_alike(&mut self) -> Result<sqlx::Transaction<'_, sqlx::Postgres>, DbError> {
        use sqlx::Connection;
        let mut tx = self.begin().await?;
        sqlx::query(&format!(
            "SET LOCAL pg_trgm.similarity_threshold = {TRIGRAM_ALIKE}"
        ))
        .execute(&mut *tx)
        .await?;
        Ok(tx)
    }
}
