//! Assigning new leads (`domain::assignment`): the deals nobody has yet spread over the teams
//! in proportion to their capacity, then over their members by daily quota, highest probability
//! first. One run writes its decisions in one change the browsers pull, each deal's timeline
//! saying it was assigned by the rule.
//!
//! A run holds the organisation's row lock (the one a push takes for its change numbers): two
//! server processes never assign at once, so no lead is given twice and no member passes their
//! quota; a process that finds the row locked skips the organisation (`SKIP LOCKED`) and tries
//! again at its next look. Every server process looks every minute; an admin or a manager can
//! ask at once ("assign now", which gives each member their whole daily quota again).

use chrono::{Days, Utc};
use rand::{Rng, SeedableRng};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::access::role;
use super::{DbError, Identity, records, take_numbers};
use crate::domain::access::Role;
use crate::domain::assignment::{self, TeamDraw, Turn};
use crate::domain::filter::{Context, Keeper};
use crate::domain::lead_scoring::{self, Qualification};
use crate::domain::{Opportunity, Record, Store, duplicates, scoring, territory};

/// New leads are assigned automatically for this many days after they are made (Odoo's
/// window); "assign now" takes older ones too.
pub const WINDOW_DAYS: u64 = 7;

pub use crate::domain::assignment::Assigned;

/// Assigns the organisation's waiting leads now, for its admin or a manager.
pub async fn assign_now(pool: &PgPool, who: &Identity) -> Result<Assigned, DbError> {
    let mut conn = pool.acquire().await?;
    if !matches!(role(&mut conn, who).await?, Role::Admin | Role::Manager) {
        return Err(DbError::Forbidden(
            "only the admin and the managers assign leads".into(),
        ));
    }
    drop(conn);
    let (pool, org) = (pool.clone(), who.org_id);
    let done = super::run_to_completion(async move { assign(&pool, org, true, true).await });
    Ok(done.await?.unwrap_or_default())
}

/// Assigns the waiting leads of every organisation whose teams have capacities; returns how many
/// leads this process gave. Organisations another process holds are skipped.
pub async fn assign_due(pool: &PgPool) -> Result<u32, DbError> {
    let orgs: Vec<Uuid> = sqlx::query_scalar(
        "SELECT DISTINCT org_id FROM records WHERE kind = 'team' AND NOT deleted \
         AND jsonb_array_length(COALESCE(data->'capacities', '[]'::jsonb)) > 0",
    )
    .fetch_all(pool)
    .await?;
    let mut given = 0;
    for org in orgs {
        let run = assign(pool, org, false, false);
        if let Some(done) = super::for_org(pool, "assignment", org, run).await {
            given += done.teams + done.people;
        }
    }
    Ok(given)
}

/// One run for `org`: `forced` gives every member their whole daily quota and takes leads of
/// any age; `wait` waits for the organisation's lock rather than skipping it (`None`).
pub async fn assign(
    pool: &PgPool,
    org: Uuid,
    forced: bool,
    wait: bool,
) -> Result<Option<Assigned>, DbError> {
    let mut tx = pool.begin().await?;
    if !super::lock_org(&mut tx, org, wait).await? {
        return Ok(None);
    }
    let mut store = Store::default();
    records::load_setup(&mut tx, org, &mut store).await?;
    let since = Utc::now().date_naive() - Days::new(WINDOW_DAYS);
    // With a threshold set, a lead goes to sales once qualified; marketing keeps the others.
    let gated = lead_scoring::threshold(&store).is_some();
    let waiting: Vec<Opportunity> = waiting(&mut tx, org)
        .await?
        .into_iter()
        .filter(|d| {
            !gated || !d.lead || matches!(d.qualification, Qualification::Mql | Qualification::Sql)
        })
        .collect();
    let fresh = |d: &Opportunity| forced || d.created_on.is_none_or(|on| on >= since);
    let teams: Vec<&crate::domain::Team> = store
        .teams
        .iter()
        .filter(|t| !t.deleted && t.capacity() > 0)
        .collect();
    let mut rng = rand::rngs::StdRng::from_entropy();
    let mut draw = || rng.r#gen::<f64>();

    // A new lead that is the same as one somebody has (same email or phone) goes to them, said
    // in its timeline, and is not drawn for.
    let twins = twins(&mut tx, org, &store, waiting.iter().filter(|d| fresh(d))).await?;
    let is_twin = |d: &Opportunity| twins.iter().any(|t| t.0 == d.id);

    // Teams first: the leads of no team, highest priority then newest first.
    let mut no_team: Vec<&Opportunity> = waiting
        .iter()
        .filter(|d| d.team_id.is_none() && fresh(d) && !is_twin(d))
        .collect();
    no_team.sort_by(|a, b| b.priority.cmp(&a.priority).then(b.id.cmp(&a.id)));
    // Each team takes the leads its conditions keep (none: any), each member the team's leads
    // theirs keep.
    let cx = Context::new(&store, Utc::now().date_naive(), None);
    let takes = |filter| Keeper::new(filter, "opportunity", &cx);
    let draws: Vec<TeamDraw> = teams
        .iter()
        .map(|t| {
            let keeper = takes(&t.takes);
            TeamDraw {
                team: t.id,
                capacity: t.capacity(),
                leads: no_team
                    .iter()
                    .filter(|d| territory::within(&store, &t.territories, d))
                    .filter(|d| keeper.is_empty() || keeper.keeps(**d))
                    .map(|d| d.id)
                    .collect(),
            }
        })
        .collect();
    let to_teams = assignment::allocate(draws, &mut draw);
    let mut changed: std::collections::BTreeMap<Uuid, Opportunity> =
        waiting.iter().map(|d| (d.id, d.clone())).collect();
    for (deal, team) in &to_teams {
        if let Some(d) = changed.get_mut(deal) {
            d.team_id = Some(*team);
        }
    }

    // Then members, team by team: what each was given in the last 24 hours counts.
    let given = given_last_day(&mut tx, org).await?;
    let mut to_people: Vec<(Uuid, Uuid)> = Vec::new();
    for team in &teams {
        let mut leads: Vec<&Opportunity> = changed
            .values()
            .filter(|d| d.team_id == Some(team.id) && fresh(d) && !is_twin(d))
            .collect();
        leads.sort_by(|a, b| b.probability.cmp(&a.probability).then(a.id.cmp(&b.id)));
        let leads: Vec<Uuid> = leads.iter().map(|d| d.id).collect();
        let members: Vec<Turn> = team
            .capacities
            .iter()
            .filter(|c| !c.away && team.has_member(c.user_id))
            .map(|c| Turn {
                user: c.user_id,
                quota: assignment::quota(
                    c.per_month,
                    given.get(&c.user_id).copied().unwrap_or(0),
                    forced,
                ),
            })
            .collect();
        let keepers: std::collections::HashMap<Uuid, Keeper> = team
            .capacities
            .iter()
            .map(|c| (c.user_id, takes(&c.takes)))
            .filter(|(_, k)| !k.is_empty())
            .collect();
        // A member takes the leads their conditions keep, in their territories.
        let accepts = |user: Uuid, lead: Uuid| {
            let Some(deal) = changed.get(&lead) else {
                return false;
            };
            let covered = team
                .capacities
                .iter()
                .find(|c| c.user_id == user)
                .is_none_or(|c| territory::within(&store, &c.territories, deal));
            covered && keepers.get(&user).is_none_or(|k| k.keeps(deal))
        };
        to_people.extend(assignment::hand_out(members, &leads, &accepts, &mut draw));
    }
    for (deal, user) in &to_people {
        if let Some(d) = changed.get_mut(deal) {
            d.salesperson_id = Some(*user);
        }
    }
    for (lead, original) in &twins {
        if let Some(d) = changed.get_mut(lead) {
            d.team_id = original.team_id;
            d.salesperson_id = original.salesperson_id;
        }
    }
    let touched: std::collections::BTreeSet<Uuid> = to_teams
        .iter()
        .map(|g| g.0)
        .chain(to_people.iter().map(|g| g.0))
        .chain(twins.iter().map(|t| t.0))
        .collect();
    let mut scorer = scoring::scorer_in(&store);
    let mut written = Vec::with_capacity(touched.len());
    for id in &touched {
        let mut deal = changed[id].clone();
        // Another team's history: predicted again.
        scoring::predict_with(scorer.as_mut(), &store.stages, &mut deal);
        written.push(deal);
    }
    let before: std::collections::HashMap<Uuid, &Opportunity> =
        waiting.iter().map(|d| (d.id, d)).collect();
    if !written.is_empty() {
        let seq = take_numbers(&mut tx, org, 1).await?;
        let originals: std::collections::HashMap<Uuid, Uuid> = twins
            .iter()
            .map(|(lead, original)| (*lead, original.id))
            .collect();
        write(&mut tx, org, seq, &written, &before, &originals).await?;
        super::push::announce(&mut tx, org).await?;
    }
    tx.commit().await?;
    Ok(Some(Assigned {
        teams: to_teams.len() as u32,
        people: to_people.len() as u32,
        twins: twins.len() as u32,
    }))
}

/// Of `fresh` (new leads waiting), those that are the same as a lead somebody already has (the
/// same email, or the same phone in full international form), each with that lead.
async fn twins(
    conn: &mut PgConnection,
    org: Uuid,
    store: &Store,
    fresh: impl Iterator<Item = &Opportunity>,
) -> Result<Vec<(Uuid, Opportunity)>, DbError> {
    let fresh: Vec<&Opportunity> = fresh.filter(|d| d.lead).collect();
    if fresh.is_empty() {
        return Ok(Vec::new());
    }
    let country = duplicates::phone_country(&store.currency());
    // Only the leads that may be their twins are read: by email, or by the end of the phone
    // number (the full comparison, in international form, is made below).
    let emails: Vec<String> = fresh
        .iter()
        .map(|d| d.email.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    let tails: Vec<String> = fresh
        .iter()
        .filter_map(|d| duplicates::e164(&d.phone, country))
        .map(|p| {
            p.chars()
                .rev()
                .take(8)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect()
        })
        .collect();
    if emails.is_empty() && tails.is_empty() {
        return Ok(Vec::new());
    }
    let owned = super::opportunities::owned_leads_like(conn, org, &emails, &tails).await?;
    let candidates: Vec<duplicates::Candidate> = owned
        .iter()
        .filter_map(|o| {
            let marks = duplicates::marks_of(&Record::Opportunity(o.clone()), country)?;
            Some((o.id, marks, o.title.clone()))
        })
        .collect();
    Ok(fresh
        .into_iter()
        .filter_map(|d| {
            let draft = Record::Opportunity(d.clone());
            let (original, _) = duplicates::matches(&draft, &candidates, country, 1)
                .into_iter()
                .find(|(_, why)| {
                    matches!(why, duplicates::Reason::Email | duplicates::Reason::Phone)
                })?;
            let original = owned.iter().find(|o| o.id == original)?;
            Some((d.id, original.clone()))
        })
        .collect())
}

/// The organisation's open deals and leads without a salesperson that never had one (as Odoo,
/// a lead whose salesperson was taken off was taken off on purpose: the rule leaves it).
async fn waiting(conn: &mut PgConnection, org: Uuid) -> Result<Vec<Opportunity>, DbError> {
    super::opportunities::of_org(
        conn,
        org,
        "NOT deleted AND NOT lost AND closed_on IS NULL AND salesperson_id IS NULL \
         AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.record_id = opportunities.id \
             AND c.field = 'salesperson_id' AND jsonb_typeof(c.new_value) = 'string')",
    )
    .await
}

/// How many deals each person was given a salesperson of in the last 24 hours (by anyone).
async fn given_last_day(
    conn: &mut PgConnection,
    org: Uuid,
) -> Result<std::collections::HashMap<Uuid, u32>, DbError> {
    let rows: Vec<(Option<String>, i64)> = sqlx::query_as(
        "SELECT new_value #>> '{}', count(DISTINCT record_id) FROM changes \
         WHERE org_id = $1 AND record_type = 'opportunity' AND field = 'salesperson_id' \
         AND at > now() - interval '24 hours' AND new_value IS NOT NULL \
         AND jsonb_typeof(new_value) = 'string' GROUP BY 1",
    )
    .bind(org)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(user, n)| Some((Uuid::parse_str(&user?).ok()?, n as u32)))
        .collect())
}

/// Writes the assigned deals as change `seq`, each with its lines in the change log: the team,
/// the salesperson, and that the rule did it.
async fn write(
    conn: &mut PgConnection,
    org: Uuid,
    seq: i64,
    deals: &[Opportunity],
    before: &std::collections::HashMap<Uuid, &Opportunity>,
    originals: &std::collections::HashMap<Uuid, Uuid>,
) -> Result<(), DbError> {
    for deal in deals {
        sqlx::query(
            "UPDATE opportunities SET team_id = $3, salesperson_id = $4, probability = $5, \
                 predicted = $6, version = $7, updated_at = now() \
             WHERE id = $1 AND org_id = $2",
        )
        .bind(deal.id)
        .bind(org)
        .bind(deal.team_id)
        .bind(deal.salesperson_id)
        .bind(i16::from(deal.probability))
        .bind(deal.predicted.map(|p| p as i16))
        .bind(seq)
        .execute(&mut *conn)
        .await?;
        let was = before.get(&deal.id);
        // The rule gave it, or it went to whoever has the lead it is a duplicate of.
        let mut lines = vec![match originals.get(&deal.id) {
            Some(original) => ("duplicate_of", serde_json::Value::Null, json!(original)),
            None => (
                "assigned",
                serde_json::Value::Null,
                json!(deal.salesperson_id.map_or("team", |_| "salesperson")),
            ),
        }];
        if was.is_some_and(|b| b.team_id != deal.team_id) {
            lines.push(("team_id", json!(null), json!(deal.team_id)));
        }
        if deal.salesperson_id.is_some() {
            lines.push(("salesperson_id", json!(null), json!(deal.salesperson_id)));
        }
        for (field, old, new) in lines {
            sqlx::query(
                "INSERT INTO changes (org_id, seq, record_type, record_id, field, old_value, new_value) \
                 VALUES ($1, $2, 'opportunity', $3, $4, $5, $6)",
            )
            .bind(org)
            .bind(seq)
            .bind(deal.id)
            .bind(field)
            .bind(old)
            .bind(new)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// How often a server process looks for leads to assign.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// A server process's assigner: assigns what waits, until the server stops.
pub async fn work(pool: PgPool, stopping: tokio::sync::watch::Receiver<bool>) {
    super::every(
        LOOK_EVERY,
        "assigning leads",
        pool,
        stopping,
        |pool| async move { assign_due(&pool).await.map(drop) },
    )
    .await
}
