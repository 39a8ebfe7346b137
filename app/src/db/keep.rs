//! The server's side of `domain::keep`: a first pull holds what the kinds' rules keep, and a
//! browser asks for the rest when a person opens it.

use chrono::NaiveDate;
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{DbError, Identity, access, opportunities, records};
use crate::domain::kind::Keep;
use crate::domain::{Record, Store};
use crate::sync::protocol::Fetched;

/// The most records one fetch may ask for.
pub const MAX_FETCH: usize = crate::sync::protocol::MAX_FETCH;

/// The org's records of every kind but the deals that a browser keeps at `horizon` (deleted
/// ones of the kinds that keep their tombstones included), for a first pull.
pub async fn kept_records(
    conn: &mut PgConnection,
    org_id: Uuid,
    horizon: NaiveDate,
) -> Result<Vec<Record>, DbError> {
    let rows: Vec<(Uuid, Json<Record>)> = sqlx::query_as(
        // Parts joined, not one filter with ORs: each part is then an index or hash join,
        // where the ORs made PostgreSQL look every activity up in the kept ids one by one
        // (minutes at 500,000 activities).
        "WITH deals AS MATERIALIZED ( \
             SELECT id, contact_id, company_id FROM opportunities \
             WHERE org_id = $1 AND NOT deleted AND (closed_on IS NULL OR closed_on >= $2)), \
         named AS MATERIALIZED ( \
             SELECT r.id, r.parent_id FROM records r \
             WHERE r.org_id = $1 AND r.updated_at >= $2 AND r.kind = ANY($3) AND NOT r.deleted \
             UNION SELECT r.id, r.parent_id FROM records r JOIN deals d ON r.id = d.contact_id \
             WHERE r.org_id = $1 AND r.kind = ANY($3) AND NOT r.deleted \
             UNION SELECT r.id, r.parent_id FROM records r JOIN deals d ON r.id = d.company_id \
             WHERE r.org_id = $1 AND r.kind = ANY($3) AND NOT r.deleted), \
         kept_named AS ( \
             SELECT id FROM named \
             UNION SELECT parent_id FROM named WHERE parent_id IS NOT NULL), \
         kept AS (SELECT id FROM deals UNION SELECT id FROM kept_named) \
         SELECT r.id, r.data FROM records r \
         WHERE r.org_id = $1 AND r.kind = ANY($4) AND (NOT r.deleted OR r.kind = ANY($5)) \
         UNION ALL \
         SELECT r.id, r.data FROM records r \
         WHERE r.org_id = $1 AND r.kind = ANY($3) AND NOT r.deleted \
             AND r.id IN (SELECT id FROM kept_named) \
         UNION ALL \
         SELECT r.id, r.data FROM records r \
         WHERE r.org_id = $1 AND r.kind = ANY($6) AND NOT r.deleted \
             AND r.parent_id IN (SELECT id FROM kept)",
    )
    .bind(org_id)
    .bind(horizon)
    .bind(Record::kept_by(Keep::WhileNamed))
    .bind(Record::kept_by(Keep::All))
    .bind(Record::tombstone_kinds())
    .bind(Record::kept_by(Keep::WithParent))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(_, r)| r.0).collect())
}

/// The records with these ids, what belongs to them, and what they name (a deal's person and
/// company, a record's parent), as far as the asker may see them: what a browser fetches when a
/// person opens a record its copy does not keep.
pub async fn fetch(pool: &PgPool, who: &Identity, ids: &[Uuid]) -> Result<Fetched, DbError> {
    if ids.len() > MAX_FETCH {
        return Err(DbError::TooLarge(format!(
            "at most {MAX_FETCH} records are fetched at once, this asks for {}",
            ids.len()
        )));
    }
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let viewer = access::viewer(&mut tx, who).await?;
    let mut store = Store::default();
    opportunities::load(&mut tx, who.org_id, ids, &mut store).await?;
    records::load(&mut tx, who.org_id, ids, &mut store).await?;
    // What they name: a deal's person and company, a record's parent (an activity's deal).
    let mut named: Vec<Uuid> = Vec::new();
    for o in store.opportunities.values() {
        named.extend(o.contact_id);
        named.extend(o.company_id);
    }
    store.each_record(&mut |r| named.extend(r.to_record().parent()));
    named.retain(|id| store.get(*id).is_none());
    opportunities::load(&mut tx, who.org_id, &named, &mut store).await?;
    records::load(&mut tx, who.org_id, &named, &mut store).await?;
    // What belongs to the records asked for (and to the deals they hang on).
    let mut parents: Vec<Uuid> = ids.to_vec();
    parents.extend(store.opportunities.keys().copied());
    parents.sort();
    parents.dedup();
    for r in records::hanging_on(&mut tx, who.org_id, &parents).await? {
        store.put(r);
    }
    access::restrict(&mut tx, who.org_id, &viewer, &mut store).await?;
    tx.commit().await?;
    let mut found = Fetched::default();
    store.each_record(&mut |r| match r.to_record() {
        Record::Opportunity(o) if !o.deleted => found.opportunities.push(o),
        // A lead or deal merged into another, asked for by its address: to say where.
        Record::Opportunity(o) if o.merged_into.is_some() && ids.contains(&o.id) => {
            found.opportunities.push(o)
        }
        Record::Opportunity(_) => {}
        other if !other.is_deleted() => found.records.push(other),
        // A person or company merged into another, asked for by its address: to say where.
        Record::Contact(c) if c.merged_into.is_some() && ids.contains(&c.id) => {
            found.records.push(Record::Contact(c))
        }
        Record::Company(c) if c.merged_into.is_some() && ids.contains(&c.id) => {
            found.records.push(Record::Company(c))
        }
        _ => {}
    });
    Ok(found)
}

/// The most deals one search of the past gives.
pub const MAX_PAST: i64 = 50;

/// Deals closed before the horizon (which a browser does not keep) whose title, customer,
/// company, email or phone holds every word of `text`, case and accents as typed, most recently
/// closed first, fetched with what belongs to them as far as the asker may see them.
pub async fn search_past(
    pool: &PgPool,
    who: &Identity,
    text: &str,
    today: NaiveDate,
) -> Result<Fetched, DbError> {
    let words: Vec<String> = text
        .split_whitespace()
        .take(8)
        .map(|w| {
            format!(
                "%{}%",
                w.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        })
        .collect();
    if words.is_empty() {
        return Err(DbError::Refused(super::refusal::Refusal::SayWhatToSearch));
    }
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM opportunities o WHERE org_id = $1 AND NOT deleted AND closed_on < $2 \
         AND (SELECT bool_and(concat_ws(' ', o.title, o.customer_name, o.company_name, o.email, \
                  o.phone) ILIKE w) FROM unnest($3::text[]) AS w) \
         ORDER BY closed_on DESC, id LIMIT $4",
    )
    .bind(who.org_id)
    .bind(crate::domain::keep::horizon(today))
    .bind(&words)
    .bind(MAX_PAST * 4)
    .fetch_all(pool)
    .await?;
    // Asked for more than shown: some may be out of this person's sight.
    let mut found = fetch(pool, who, &ids).await?;
    found
        .opportunities
        .sort_by(|a, b| b.closed_on.cmp(&a.closed_on).then(a.id.cmp(&b.id)));
    found.opportunities.truncate(MAX_PAST as usize);
    Ok(found)
}
