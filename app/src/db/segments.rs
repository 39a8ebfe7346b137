//! A segment counted over everything the organisation holds: a browser keeps the open deals and
//! the last year (`domain::keep`), so "companies with a deal won" counted on its copy misses the
//! deals won before. Here the same `filter::Keeper` the browser runs keeps the contacts or
//! companies of the organisation's whole store, as far as the person may see it: the one rule,
//! read over all of it. Only the kinds the filter reads are loaded (`Filter::kinds_read`), and of
//! the deals, when it reads them only through `has` / `has_none`, only those one of its deal
//! filters keeps, asked of PostgreSQL (`filter::kept_deals`): "with a deal won this year" reads
//! this year's won deals, not all 100,000. The `Keeper` then runs over them as over all.

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use super::{DbError, Identity, access, filter::kept_deals, opportunities, report};
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
    let mut deals_asked = None;
    let mut store = report::load_org_reading(pool, who.org_id, |setup| {
        let mut kinds = filter.kinds_read(kind, setup);
        deals_asked = filter.only_through(kind, "opportunity", setup);
        if deals_asked.is_some() {
            kinds.retain(|k| k != "opportunity");
        }
        Some(kinds)
    })
    .await?;
    filter
        .check(kind, &store)
        .map_err(|e| DbError::Invalid(crate::i18n::Locale::En.rule_error(&e)))?;
    let mut conn = pool.acquire().await?;
    if let Some(asked) = deals_asked.filter(|a| !a.is_empty()) {
        let any_of = Filter {
            any: true,
            conditions: Vec::new(),
            groups: asked,
        };
        let cx = Context {
            jalali,
            week_starts,
            ..Context::new(&store, today, Some(who.user_id))
        };
        match kept_deals(&mut conn, who.org_id, &any_of, &cx).await {
            Ok(ids) => {
                opportunities::load(&mut conn, who.org_id, &ids, &mut store).await?;
            }
            // A deal filter SQL cannot say (on a formula, deals with activities): every deal.
            Err(DbError::Invalid(_)) => {
                for o in opportunities::changed_since(&mut conn, who.org_id, 0).await? {
                    store.opportunities.insert(o.id, o);
                }
            }
            Err(e) => return Err(e),
        }
    }
    let viewer = access::viewer(&mut conn, who).await?;
    access::restrict(&mut conn, who.org_id, &viewer, &mut store).await?;
    let cx = Context {
        jalali,
        week_starts,
        ..Context::new(&store, today, Some(who.user_id))
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
