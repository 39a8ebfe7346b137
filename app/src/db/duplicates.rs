//! The duplicates page (server side): contacts or companies of the whole organisation that may
//! be the same. Emails, phones (in full international form) and names are folded exactly as the
//! browser folds them while a person types (`domain::duplicates`), read in one pass and grouped
//! here; names alike but not the same are PostgreSQL's to find, with its trigram index over
//! names folded by `rapport_fold` (migration 0013), from the records changed most recently.
//! Pairs a person said are not the same are left out.

use std::collections::{HashMap, HashSet};

use sqlx::PgPool;
use uuid::Uuid;

use super::refusal::Refusal;
use super::{DbError, Identity, access, records};
use crate::domain::duplicates::{Marks, Reason, calling_code};
use crate::domain::{Currency, Store};
use crate::sync::dedupe::{CLUSTER_SHOWN, Cluster};

/// At most this many clusters are answered.
const CLUSTERS: usize = 100;

/// Names alike are looked for from this many records, the most recently changed.
const PROBES: i64 = 2_000;

/// How alike (trigram similarity) two folded names must be to be offered.
const TRIGRAM_ALIKE: f32 = 0.6;

/// The clusters of records of `kind` (contact or company) that may be one, most likely first.
pub async fn clusters(pool: &PgPool, who: &Identity, kind: &str) -> Result<Vec<Cluster>, DbError> {
    if !matches!(kind, "contact" | "company") {
        return Err(DbError::Invalid(format!(
            "duplicates are looked for among contacts or companies, not {kind:?}"
        )));
    }
    let mut conn = pool.acquire().await?;
    access::role(&mut conn, who).await?;
    let currency: String = sqlx::query_scalar("SELECT currency FROM orgs WHERE id = $1")
        .bind(who.org_id)
        .fetch_one(&mut *conn)
        .await?;
    let country = Currency::parse(&currency).and_then(calling_code);
    let rows: Vec<(Uuid, String, String, String)> = sqlx::query_as(
        "SELECT id, coalesce(data->>'name', ''), coalesce(data->>'email', ''), \
             coalesce(data->>'phone', '') \
         FROM records WHERE org_id = $1 AND kind = $2 AND NOT deleted ORDER BY id",
    )
    .bind(who.org_id)
    .bind(kind)
    .fetch_all(&mut *conn)
    .await?;
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
    let alike: Vec<(Uuid, Uuid, f32)> = sqlx::query_as(
        "WITH probe AS ( \
             SELECT id, rapport_fold(data->>'name') AS folded FROM records \
             WHERE org_id = $1 AND kind = $2 AND NOT deleted AND data->>'name' <> '' \
             ORDER BY updated_at DESC LIMIT $3) \
         SELECT p.id, m.id, similarity(p.folded, rapport_fold(m.data->>'name')) \
         FROM probe p CROSS JOIN LATERAL ( \
             SELECT id, data FROM records m \
             WHERE m.org_id = $1 AND m.kind = $2 AND NOT m.deleted AND m.id <> p.id \
               AND rapport_fold(m.data->>'name') % p.folded \
               AND rapport_fold(m.data->>'name') <> p.folded \
             ORDER BY similarity(p.folded, rapport_fold(m.data->>'name')) DESC LIMIT 3) m",
    )
    .bind(who.org_id)
    .bind(kind)
    .bind(PROBES)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut pairs_seen = HashSet::new();
    for (a, b, similarity) in alike {
        let pair = if a < b { (a, b) } else { (b, a) };
        if !pairs_seen.insert(pair) {
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
    // The companies the people name, for their names.
    let named: Vec<Uuid> = store
        .contacts
        .values()
        .filter_map(|c| c.company_id)
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
    access::role(&mut conn, who).await?;
    let known: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM records WHERE org_id = $1 AND id = ANY($2) \
         AND kind IN ('contact', 'company')",
    )
    .bind(who.org_id)
    .bind(ids)
    .fetch_one(&mut *conn)
    .await?;
    let mut distinct = ids.to_vec();
    distinct.sort();
    distinct.dedup();
    if known != distinct.len() as i64 {
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
