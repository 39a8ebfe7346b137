//! Reading and writing opportunity rows, and their lines in the change log.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::NaiveDate;
use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::{DbError, Identity};
use crate::domain::lead_scoring::Qualification;
use crate::domain::{Currency, FieldChange, Money, Opportunity, Store, fractional_index};

#[derive(FromRow)]
struct OpportunityRow {
    id: Uuid,
    org_id: Uuid,
    title: String,
    customer_name: String,
    company_name: String,
    email: String,
    phone: String,
    expected_revenue: i64,
    currency: String,
    probability: i16,
    stage_id: Uuid,
    position: String,
    priority: i16,
    salesperson_id: Option<Uuid>,
    expected_close: Option<NaiveDate>,
    version: i64,
    deleted: bool,
    lost: bool,
    lost_reason_id: Option<Uuid>,
    lost_note: String,
    team_id: Option<Uuid>,
    tag_ids: Vec<Uuid>,
    contact_id: Option<Uuid>,
    company_id: Option<Uuid>,
    lead: bool,
    description: String,
    campaign_id: Option<Uuid>,
    source_id: Option<Uuid>,
    created_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    stage_since: Option<NaiveDate>,
    changed_on: Option<NaiveDate>,
    custom: sqlx::types::Json<crate::domain::CustomValues>,
    predicted: Option<i16>,
    probability_by_hand: bool,
    score: Option<i32>,
    qualification: String,
    mql_on: Option<NaiveDate>,
    sql_on: Option<NaiveDate>,
    returned_reason: String,
    country: String,
    province: String,
    postcode: String,
    language: String,
    merged_into: Option<Uuid>,
}

impl TryFrom<OpportunityRow> for Opportunity {
    type Error = DbError;

    fn try_from(r: OpportunityRow) -> Result<Self, DbError> {
        let currency = Currency::parse(&r.currency)
            .ok_or_else(|| DbError::Corrupt(format!("unknown currency {:?}", r.currency)))?;
        Ok(Opportunity {
            id: r.id,
            title: r.title,
            customer_name: r.customer_name,
            company_name: r.company_name,
            email: r.email,
            phone: r.phone,
            expected_revenue: Money::new(r.expected_revenue, currency),
            probability: r.probability.clamp(0, 100) as u8,
            stage_id: r.stage_id,
            position: r.position,
            priority: r.priority.clamp(0, 3) as u8,
            salesperson_id: r.salesperson_id,
            expected_close: r.expected_close,
            version: r.version,
            deleted: r.deleted,
            lost: r.lost,
            lost_reason_id: r.lost_reason_id,
            lost_note: r.lost_note,
            team_id: r.team_id,
            tag_ids: r.tag_ids,
            contact_id: r.contact_id,
            company_id: r.company_id,
            lead: r.lead,
            description: r.description,
            campaign_id: r.campaign_id,
            source_id: r.source_id,
            created_on: r.created_on,
            closed_on: r.closed_on,
            stage_since: r.stage_since,
            changed_on: r.changed_on,
            custom: r.custom.0,
            predicted: r.predicted.map(|p| p.clamp(0, 10_000) as u16),
            probability_by_hand: r.probability_by_hand,
            score: r.score,
            qualification: Qualification::parse(&r.qualification).ok_or_else(|| {
                DbError::Corrupt(format!("unknown qualification {:?}", r.qualification))
            })?,
            mql_on: r.mql_on,
            sql_on: r.sql_on,
            returned_reason: r.returned_reason,
            country: r.country,
            province: r.province,
            postcode: r.postcode,
            language: r.language,
            merged_into: r.merged_into,
        })
    }
}

const COLUMNS: &str = "id, org_id, title, customer_name, email, phone, expected_revenue, currency, \
     probability, stage_id, position, priority, salesperson_id, expected_close, version, deleted, \
     lost, lost_reason_id, lost_note, team_id, tag_ids, contact_id, company_id, lead, description, company_name, \
     campaign_id, source_id, created_on, closed_on, stage_since, changed_on, custom, predicted, \
     probability_by_hand, score, qualification, mql_on, sql_on, returned_reason, country, province, postcode, \
     language, merged_into";

/// Puts these opportunities of the org (deleted ones too) in `store`; returns the ids that
/// belong to another org. The push holds its org's row lock, so nothing changes them meanwhile.
pub async fn load(
    conn: &mut PgConnection,
    org_id: Uuid,
    ids: &[Uuid],
    store: &mut Store,
) -> Result<HashSet<Uuid>, DbError> {
    let rows: Vec<OpportunityRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM opportunities WHERE id = ANY($1)"
    ))
    .bind(ids)
    .fetch_all(conn)
    .await?;
    let mut foreign = HashSet::new();
    for r in rows {
        if r.org_id != org_id {
            foreign.insert(r.id);
        } else {
            let o = Opportunity::try_from(r)?;
            store.opportunities.insert(o.id, o);
        }
    }
    Ok(foreign)
}

/// Puts rows read from the table in `store`.
fn put_rows(rows: Vec<OpportunityRow>, store: &mut Store) -> Result<(), DbError> {
    for r in rows {
        let o = Opportunity::try_from(r)?;
        store.opportunities.insert(o.id, o);
    }
    Ok(())
}

/// Puts the org's live opportunities about these contacts or companies in `store` (a merge
/// moves them to the one kept).
pub async fn load_naming(
    conn: &mut PgConnection,
    org_id: Uuid,
    ids: &[Uuid],
    store: &mut Store,
) -> Result<(), DbError> {
    let rows: Vec<OpportunityRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM opportunities WHERE org_id = $1 AND NOT deleted \
         AND (contact_id = ANY($2) OR company_id = ANY($2) \
              OR EXISTS (SELECT 1 FROM jsonb_each_text(CASE jsonb_typeof(custom) \
                  WHEN 'object' THEN custom ELSE '{{}}' END) v WHERE v.value = ANY($3)))"
    ))
    .bind(org_id)
    .bind(ids)
    .bind(ids.iter().map(Uuid::to_string).collect::<Vec<_>>())
    .fetch_all(conn)
    .await?;
    put_rows(rows, store)
}

/// Puts the org's live opportunities in `stage_id` in `store` (deleting a stage needs them).
pub async fn load_in_stage(
    conn: &mut PgConnection,
    org_id: Uuid,
    stage_id: Uuid,
    store: &mut Store,
) -> Result<(), DbError> {
    let rows: Vec<OpportunityRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM opportunities WHERE org_id = $1 AND stage_id = $2 AND NOT deleted"
    ))
    .bind(org_id)
    .bind(stage_id)
    .fetch_all(conn)
    .await?;
    put_rows(rows, store)
}

/// Puts the org's opportunities, deleted ones included, that hold a value of custom field `key`
/// in `store` (a field whose type changes converts them all, so a deal restored later holds a
/// value of the field's type).
pub async fn load_holding(
    conn: &mut PgConnection,
    org_id: Uuid,
    key: &str,
    store: &mut Store,
) -> Result<(), DbError> {
    let rows: Vec<OpportunityRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM opportunities WHERE org_id = $1 AND custom ? $2"
    ))
    .bind(org_id)
    .bind(key)
    .fetch_all(conn)
    .await?;
    put_rows(rows, store)
}

/// The org's opportunities matching `condition` (SQL over the table's columns, written by the
/// caller, never from a request), in id order: one read, whatever their number.
pub async fn of_org(
    conn: &mut PgConnection,
    org_id: Uuid,
    condition: &'static str,
) -> Result<Vec<Opportunity>, DbError> {
    let rows: Vec<OpportunityRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM opportunities WHERE org_id = $1 AND ({condition}) ORDER BY id"
    ))
    .bind(org_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Opportunity::try_from).collect()
}

/// The org's open leads that someone has whose email is one of `emails` (lower case) or whose
/// phone ends with one of `tails` (its last eight digits): those a new lead may duplicate, read
/// without reading every lead.
pub async fn owned_leads_like(
    conn: &mut PgConnection,
    org_id: Uuid,
    emails: &[String],
    tails: &[String],
) -> Result<Vec<Opportunity>, DbError> {
    let rows: Vec<OpportunityRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM opportunities WHERE org_id = $1 \
         AND lead AND NOT deleted AND NOT lost AND salesperson_id IS NOT NULL \
         AND (lower(btrim(email)) = ANY($2) \
              OR right(regexp_replace(phone, '[^0-9]', '', 'g'), 8) = ANY($3)) ORDER BY id"
    ))
    .bind(org_id)
    .bind(emails)
    .bind(tails)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Opportunity::try_from).collect()
}

/// Live opportunities changed after `cursor`.
pub async fn changed_since(
    conn: &mut PgConnection,
    org_id: Uuid,
    cursor: i64,
) -> Result<Vec<Opportunity>, DbError> {
    let rows: Vec<OpportunityRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM opportunities WHERE org_id = $1 AND version > $2 AND NOT deleted"
    ))
    .bind(org_id)
    .bind(cursor)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Opportunity::try_from).collect()
}

/// The org's live opportunities a browser keeps at `horizon`: open, or closed since
/// (`domain::keep`), for a first pull.
pub async fn kept(
    conn: &mut PgConnection,
    org_id: Uuid,
    horizon: NaiveDate,
) -> Result<Vec<Opportunity>, DbError> {
    let rows: Vec<OpportunityRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM opportunities WHERE org_id = $1 AND NOT deleted \
         AND (closed_on IS NULL OR closed_on >= $2)"
    ))
    .bind(org_id)
    .bind(horizon)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Opportunity::try_from).collect()
}

/// Writes `o` as it is after change `seq` (insert or update), stamped with that version.
pub async fn save(
    conn: &mut PgConnection,
    who: &Identity,
    seq: i64,
    o: &Opportunity,
) -> Result<(), DbError> {
    save_logged(conn, who, seq, o, &[], None).await
}

/// Writes `o` as `save` does and, in the same statement, its changed fields to the change log
/// as `log_changes` does: a push changing a deal makes one round trip for both.
pub async fn save_logged(
    conn: &mut PgConnection,
    who: &Identity,
    seq: i64,
    o: &Opportunity,
    changes: &[FieldChange],
    origin: Option<(Uuid, i64)>,
) -> Result<(), DbError> {
    save_unless(conn, who, seq, o, changes, origin, false).await?;
    Ok(())
}

/// Writes `o` as `save_logged` does, unless another live card of its column holds its position
/// (which `untie` then mends): in one statement, so a deal put at a free place, as nearly every
/// one is, costs one round trip. Whether it was written.
pub async fn save_unless_tied(
    conn: &mut PgConnection,
    who: &Identity,
    seq: i64,
    o: &Opportunity,
    changes: &[FieldChange],
    origin: Option<(Uuid, i64)>,
) -> Result<bool, DbError> {
    save_unless(conn, who, seq, o, changes, origin, true).await
}

/// The statement of both: with `tie_check`, nothing is written when the place is taken.
async fn save_unless(
    conn: &mut PgConnection,
    who: &Identity,
    seq: i64,
    o: &Opportunity,
    changes: &[FieldChange],
    origin: Option<(Uuid, i64)>,
    tie_check: bool,
) -> Result<bool, DbError> {
    let (tied, free) = if tie_check {
        (
            "tied AS (SELECT EXISTS (SELECT 1 FROM opportunities WHERE org_id = $2 \
               AND stage_id = $10 AND position = $11 AND id <> $1 AND NOT deleted \
               AND NOT lost) AS is_tied), ",
            "WHERE NOT (SELECT is_tied FROM tied)",
        )
    } else {
        ("", "")
    };
    let upsert = format!("{UPSERT_INTO} SELECT {UPSERT_VALUES} {free} {UPSERT_CONFLICT}");
    let sql = match (changes.is_empty(), tie_check) {
        (true, false) => upsert,
        (true, true) => format!("WITH {tied}saved AS ({upsert}) SELECT is_tied FROM tied"),
        (false, _) => {
            let logged = format!(
                "{} {}",
                insert_changes([2, 15, 47, 1, 17, 48, 49, 50, 51, 52]),
                if tie_check {
                    "WHERE NOT (SELECT is_tied FROM tied)"
                } else {
                    ""
                }
            );
            let answer = if tie_check {
                "SELECT is_tied FROM tied"
            } else {
                "SELECT false"
            };
            format!("WITH {tied}saved AS ({upsert} RETURNING 1), logged AS ({logged}) {answer}")
        }
    };
    let mut query = sqlx::query(&sql)
        .bind(o.id)
        .bind(who.org_id)
        .bind(&o.title)
        .bind(&o.customer_name)
        .bind(&o.email)
        .bind(&o.phone)
        .bind(o.expected_revenue.minor)
        .bind(o.expected_revenue.currency.code())
        .bind(i16::from(o.probability))
        .bind(o.stage_id)
        .bind(&o.position)
        .bind(i16::from(o.priority))
        .bind(o.salesperson_id)
        .bind(o.expected_close)
        .bind(seq)
        .bind(o.deleted)
        .bind(who.user_id)
        .bind(o.lost)
        .bind(o.lost_reason_id)
        .bind(&o.lost_note)
        .bind(o.team_id)
        .bind(&o.tag_ids)
        .bind(o.contact_id)
        .bind(o.company_id)
        .bind(o.lead)
        .bind(&o.description)
        .bind(&o.company_name)
        .bind(o.campaign_id)
        .bind(o.source_id)
        .bind(o.created_on)
        .bind(o.closed_on)
        .bind(o.stage_since)
        .bind(o.changed_on)
        .bind(sqlx::types::Json(&o.custom))
        .bind(o.predicted.map(|p| p.min(10_000) as i16))
        .bind(o.probability_by_hand)
        .bind(o.score)
        .bind(o.qualification.code())
        .bind(o.mql_on)
        .bind(o.sql_on)
        .bind(&o.returned_reason)
        .bind(&o.country)
        .bind(&o.province)
        .bind(&o.postcode)
        .bind(&o.language)
        .bind(o.merged_into);
    if !changes.is_empty() {
        query = query
            .bind(<Opportunity as crate::domain::kind::Kind>::NAME)
            .bind(origin.map(|o| o.0))
            .bind(origin.map(|o| o.1))
            .bind(changes.iter().map(|c| c.field.as_str()).collect::<Vec<_>>())
            .bind(changes.iter().map(|c| &c.old).collect::<Vec<_>>())
            .bind(changes.iter().map(|c| &c.new).collect::<Vec<_>>());
    }
    if !tie_check && changes.is_empty() {
        query.execute(conn).await?;
        return Ok(true);
    }
    let tied: bool = sqlx::Row::try_get(&query.fetch_one(conn).await?, 0)?;
    Ok(!tied)
}

/// An opportunity written as it is after a change (`$15`, its version): inserted, or updated if
/// it is the org's. `INSERT INTO ... SELECT values [WHERE ...] ON CONFLICT ...`, in three parts.
const UPSERT_INTO: &str = "INSERT INTO opportunities (id, org_id, title, customer_name, email, phone, \
             expected_revenue, currency, probability, stage_id, position, priority, \
             salesperson_id, expected_close, version, deleted, created_by, lost, lost_reason_id, \
             lost_note, team_id, tag_ids, contact_id, company_id, lead, description, company_name, \
             campaign_id, source_id, created_on, closed_on, stage_since, changed_on, custom, \
             predicted, probability_by_hand, score, qualification, mql_on, sql_on, \
             returned_reason, country, province, postcode, language, merged_into)";
const UPSERT_VALUES: &str = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
             $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, \
             $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43, $44, $45, $46";
const UPSERT_CONFLICT: &str = "ON CONFLICT (id) DO UPDATE SET title = $3, customer_name = $4, \
             email = $5, phone = $6, \
             expected_revenue = $7, currency = $8, probability = $9, stage_id = $10, \
             position = $11, priority = $12, salesperson_id = $13, expected_close = $14, \
             version = $15, deleted = $16, lost = $18, lost_reason_id = $19, lost_note = $20, \
             team_id = $21, tag_ids = $22, contact_id = $23, company_id = $24, lead = $25, \
             description = $26, company_name = $27, campaign_id = $28, source_id = $29, \
             created_on = $30, closed_on = $31, stage_since = $32, changed_on = $33, custom = $34, \
             predicted = $35, probability_by_hand = $36, score = $37, qualification = $38, \
             mql_on = $39, sql_on = $40, returned_reason = $41, country = $42, province = $43, \
             postcode = $44, language = $45, merged_into = $46, updated_at = now() \
         WHERE opportunities.org_id = $2";

/// A deal as one transaction's pushes left it, to be written with the others (`save_all`):
/// who changed it, as which change, with its change lines and where they came from.
pub struct Written<'a> {
    pub who: &'a Identity,
    pub seq: i64,
    pub deal: &'a Opportunity,
    pub changes: &'a [FieldChange],
    pub origin: Option<(Uuid, i64)>,
    /// Put at a place (new, moved, back from lost): checked for a card already there.
    pub put: bool,
}

/// Writes these deals (each id once) and their change lines in one statement, unless a card
/// already holds the place of one put at a place: then nothing is written (and the caller
/// writes them one by one, untying). Whether they were written.
pub async fn save_all(conn: &mut PgConnection, deals: &[Written<'_>]) -> Result<bool, DbError> {
    let rows: Vec<serde_json::Value> = deals.iter().map(row_of).collect();
    let put: Vec<Uuid> = deals.iter().filter(|d| d.put).map(|d| d.deal.id).collect();
    let lines = deals
        .iter()
        .flat_map(|d| d.changes.iter().map(move |c| (d, c)));
    let mut log = ChangeLines::default();
    for (d, c) in lines {
        log.org.push(d.who.org_id);
        log.seq.push(d.seq);
        log.id.push(d.deal.id);
        log.field.push(c.field.as_str());
        log.old.push(&c.old);
        log.new.push(&c.new);
        log.user.push(d.who.user_id);
        log.client.push(d.origin.map(|o| o.0));
        log.mutation.push(d.origin.map(|o| o.1));
    }
    let tied: bool = sqlx::query_scalar(&SAVE_ALL)
        .bind(sqlx::types::Json(rows))
        .bind(&put)
        .bind(&log.org)
        .bind(&log.seq)
        .bind(<Opportunity as crate::domain::kind::Kind>::NAME)
        .bind(&log.id)
        .bind(&log.field)
        .bind(&log.old)
        .bind(&log.new)
        .bind(&log.user)
        .bind(&log.client)
        .bind(&log.mutation)
        .fetch_one(conn)
        .await?;
    Ok(!tied)
}

/// The change lines of `save_all`, a column each.
#[derive(Default)]
struct ChangeLines<'a> {
    org: Vec<Uuid>,
    seq: Vec<i64>,
    id: Vec<Uuid>,
    field: Vec<&'a str>,
    old: Vec<&'a serde_json::Value>,
    new: Vec<&'a serde_json::Value>,
    user: Vec<Uuid>,
    client: Vec<Option<Uuid>>,
    mutation: Vec<Option<i64>>,
}

/// The statement of `save_all`: the deals as rows of the table (JSON, one object a deal), the
/// ids of those put at a place, then the change lines' columns.
static SAVE_ALL: LazyLock<String> = LazyLock::new(|| {
    let columns = COLUMN_LIST.join(", ");
    let set = COLUMN_LIST
        .iter()
        .filter(|c| !matches!(**c, "id" | "org_id" | "created_by"))
        .map(|c| format!("{c} = EXCLUDED.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "WITH asked AS (SELECT * FROM jsonb_populate_recordset(NULL::opportunities, $1)), \
         tied AS (SELECT EXISTS (SELECT 1 FROM asked a JOIN opportunities o \
             ON o.org_id = a.org_id AND o.stage_id = a.stage_id AND o.position = a.position \
             AND o.id <> a.id AND NOT o.deleted AND NOT o.lost WHERE a.id = ANY($2)) AS is_tied), \
         saved AS (INSERT INTO opportunities ({columns}) SELECT {columns} FROM asked \
             WHERE NOT (SELECT is_tied FROM tied) \
             ON CONFLICT (id) DO UPDATE SET {set}, updated_at = now() \
             WHERE opportunities.org_id = EXCLUDED.org_id RETURNING 1), \
         logged AS (INSERT INTO changes (org_id, seq, record_type, record_id, field, old_value, \
             new_value, user_id, client_id, mutation_id) \
           SELECT o, s, $5, i, f, ov, nv, u, c, m FROM unnest($3::uuid[], $4::bigint[], \
             $6::uuid[], $7::text[], $8::jsonb[], $9::jsonb[], $10::uuid[], $11::uuid[], \
             $12::bigint[]) AS t(o, s, i, f, ov, nv, u, c, m) \
           WHERE NOT (SELECT is_tied FROM tied)) \
         SELECT is_tied FROM tied"
    )
});

/// The table's columns a deal is written in, in `UPSERT_INTO`'s order.
const COLUMN_LIST: [&str; 46] = [
    "id",
    "org_id",
    "title",
    "customer_name",
    "email",
    "phone",
    "expected_revenue",
    "currency",
    "probability",
    "stage_id",
    "position",
    "priority",
    "salesperson_id",
    "expected_close",
    "version",
    "deleted",
    "created_by",
    "lost",
    "lost_reason_id",
    "lost_note",
    "team_id",
    "tag_ids",
    "contact_id",
    "company_id",
    "lead",
    "description",
    "company_name",
    "campaign_id",
    "source_id",
    "created_on",
    "closed_on",
    "stage_since",
    "changed_on",
    "custom",
    "predicted",
    "probability_by_hand",
    "score",
    "qualification",
    "mql_on",
    "sql_on",
    "returned_reason",
    "country",
    "province",
    "postcode",
    "language",
    "merged_into",
];

/// A deal as a row of the table, in JSON (what `jsonb_populate_recordset` reads), with the same
/// values `save_logged` binds.
fn row_of(d: &Written<'_>) -> serde_json::Value {
    use serde_json::json;
    let o = d.deal;
    let values = [
        json!(o.id),
        json!(d.who.org_id),
        json!(o.title),
        json!(o.customer_name),
        json!(o.email),
        json!(o.phone),
        json!(o.expected_revenue.minor),
        json!(o.expected_revenue.currency.code()),
        json!(o.probability),
        json!(o.stage_id),
        json!(o.position),
        json!(o.priority),
        json!(o.salesperson_id),
        json!(o.expected_close),
        json!(d.seq),
        json!(o.deleted),
        json!(d.who.user_id),
        json!(o.lost),
        json!(o.lost_reason_id),
        json!(o.lost_note),
        json!(o.team_id),
        json!(o.tag_ids),
        json!(o.contact_id),
        json!(o.company_id),
        json!(o.lead),
        json!(o.description),
        json!(o.company_name),
        json!(o.campaign_id),
        json!(o.source_id),
        json!(o.created_on),
        json!(o.closed_on),
        json!(o.stage_since),
        json!(o.changed_on),
        json!(o.custom),
        json!(o.predicted.map(|p| p.min(10_000))),
        json!(o.probability_by_hand),
        json!(o.score),
        json!(o.qualification.code()),
        json!(o.mql_on),
        json!(o.sql_on),
        json!(o.returned_reason),
        json!(o.country),
        json!(o.province),
        json!(o.postcode),
        json!(o.language),
        json!(o.merged_into),
    ];
    serde_json::Value::Object(
        COLUMN_LIST
            .iter()
            .zip(values)
            .map(|(c, v)| (c.to_string(), v))
            .collect(),
    )
}

/// Appends the changed fields to the change log as change `seq`.
pub async fn log_changes(
    conn: &mut PgConnection,
    who: &Identity,
    seq: i64,
    (record_type, record_id): (&str, Uuid),
    changes: &[FieldChange],
    // The client and mutation that made the change; `None` for what the server made itself.
    origin: Option<(Uuid, i64)>,
) -> Result<(), DbError> {
    if changes.is_empty() {
        return Ok(());
    }
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    let olds: Vec<&serde_json::Value> = changes.iter().map(|c| &c.old).collect();
    let news: Vec<&serde_json::Value> = changes.iter().map(|c| &c.new).collect();
    // One statement for all the fields of a change.
    sqlx::query(&insert_changes([1, 2, 10, 3, 4, 5, 6, 7, 8, 9]))
        .bind(who.org_id)
        .bind(seq)
        .bind(record_id)
        .bind(who.user_id)
        .bind(origin.map(|o| o.0))
        .bind(origin.map(|o| o.1))
        .bind(&fields)
        .bind(&olds)
        .bind(&news)
        .bind(record_type)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The statement writing a change's lines to the log, one row per field, its values in the
/// parameters `at` numbers: organisation, change number, record type, record id, user, client,
/// mutation, then the fields, old values and new values as three arrays.
fn insert_changes(at: [u16; 10]) -> String {
    let [org, seq, ty, id, user, client, mutation, fields, olds, news] = at;
    format!(
        "INSERT INTO changes (org_id, seq, record_type, record_id, field, old_value, new_value, \
             user_id, client_id, mutation_id) \
         SELECT ${org}, ${seq}, ${ty}, ${id}, f, o, n, ${user}, ${client}, ${mutation} \
         FROM unnest(${fields}::text[], ${olds}::jsonb[], ${news}::jsonb[]) AS t(f, o, n)"
    )
}

/// Moves `o` just after the cards of its column it ties with, when another live card there
/// holds its position already (two people dropped into one slot, each offline): ties never pile
/// up, and the browsers get the new position with the change. `o` is on its way to being saved.
pub async fn untie(
    conn: &mut PgConnection,
    org_id: Uuid,
    o: &mut Opportunity,
) -> Result<(), DbError> {
    let tied: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM opportunities WHERE org_id = $1 AND stage_id = $2 \
                        AND position = $3 AND id <> $4 AND NOT deleted AND NOT lost)",
    )
    .bind(org_id)
    .bind(o.stage_id)
    .bind(&o.position)
    .bind(o.id)
    .fetch_one(&mut *conn)
    .await?;
    if !tied {
        return Ok(());
    }
    // The next card down, read in index order (an aggregate would read the rest of the column).
    let next: Option<String> = sqlx::query_scalar(
        "SELECT position FROM opportunities WHERE org_id = $1 AND stage_id = $2 \
         AND position > $3 AND id <> $4 AND NOT deleted AND NOT lost \
         ORDER BY position LIMIT 1",
    )
    .bind(org_id)
    .bind(o.stage_id)
    .bind(&o.position)
    .bind(o.id)
    .fetch_optional(&mut *conn)
    .await?;
    // Cards put again and again at one place get keys ever closer to it, so ever longer; past
    // the longest a position may be, the tie stays (ties are ordered by id everywhere) rather
    // than the change being refused.
    if let Ok(key) = fractional_index::key_between(Some(&o.position), next.as_deref())
        && fractional_index::is_valid_key(&key)
    {
        o.position = key;
    }
    Ok(())
}
