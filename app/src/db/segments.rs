//! A segment counted over everything the organisation holds: a browser keeps the open deals and
//! the last year (`domain::keep`), so "companies with a deal won" counted on its copy misses the
//! deals won before. Here the same `filter::Keeper` the browser runs keeps the contacts or
//! companies of the organisation's whole store, as far as the person may see it: the one rule,
//! read over all of it. Only the kinds the filter reads are loaded (`Filter::kinds_read`).

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use super::{DbError, Identity, access, report};
use crate::domain::filter::{Context, Filter, Keeper};
use crate::domain::kind::Row;

/// The ids of the live contacts or companies (`kind`) `filter` keeps, read on `today` by the
/// person, months in the Solar Hijri calendar when `jalali`, weeks from `week_starts`.
pub async fn kept(
    pool: &PgPool,
    who: &Identity,
    kind: &str,
    filter: &Filter,
    today: NaiveDate,
    (jalali, week_starts): (bool, chrono::Weekday),
) -> Result<Vec<Uuid>, DbError> {
    if !matches!(kind, "contact" | "company") {
        return Err(DbError::Invalid(format!(
            "a segment is of contacts or companies, not {kind:?}"
        )));
    }
    // The kinds it reads, not the whole organisation: "contacts named Hoa" loads no deals
    // nor activities.
    let mut store = report::load_org_reading(pool, who.org_id, |setup| {
        Some(filter.kinds_read(kind, setup))
    })
    .await?;
    filter
        .check(kind, &store)
        .map_err(|e| DbError::Invalid(crate::i18n::Locale::En.rule_error(&e)))?;
    let mut conn = pool.acquire().await?;
    let viewer = access::viewer(&mut conn, who).await?;
    access::restrict(&mut conn, who.org_id, &viewer, &mut store).await?;
    let cx = Context {
        store: &store,
        today,
        me: Some(who.user_id),
        jalali,
        week_starts,
    };
    let keeper = Keeper::new(filter, kind, &cx);
    let mut ids: Vec<Uuid> = if kind == "contact" {
        store
            .contacts
            .values()
            .filter(|c| !c.is_deleted() && keeper.keeps(*c))
            .map(|c| c.id)
            .collect()
    } else {
        store
            .companies
            .values()
            .filter(|c| !c.is_deleted() && keeper.keeps(*c))
            .map(|c| c.id)
            .collect()
    };
    ids.sort();
    Ok(ids)
}
