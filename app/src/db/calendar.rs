//! A person's calendar feed: the address their phone's calendar subscribes to, holding a secret
//! made on request (only its SHA-256 is kept, as for sessions), and the activities it lists.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use sqlx::types::Json;
use uuid::Uuid;

use super::auth::{new_token, token_hash};
use super::{DbError, Identity, access};
use crate::domain::Record;

/// How far back a feed lists activities: a phone's calendar keeps the recent past.
pub const PAST_DAYS: i32 = 90;

/// An activity as a feed lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub id: Uuid,
    pub due: NaiveDate,
    /// Its type's name ("Call").
    pub kind: String,
    pub summary: String,
    pub note: String,
    /// What it is about: the deal's title, the contact's or company's name.
    pub about: String,
    pub done: bool,
}

/// A person's feed: whose, and their activities, soonest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub person: String,
    pub items: Vec<FeedItem>,
}

/// Makes the signed-in person a new feed address (the secret in it), ending any earlier one.
pub async fn make(pool: &PgPool, who: &Identity) -> Result<String, DbError> {
    let token = new_token();
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = $2, created_at = now()",
    )
    .bind(who.user_id)
    .bind(token_hash(&token))
    .execute(pool)
    .await?;
    Ok(token)
}

/// When the signed-in person's feed address was made, if they have one.
pub async fn made(pool: &PgPool, who: &Identity) -> Result<Option<DateTime<Utc>>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE user_id = $1")
            .bind(who.user_id)
            .fetch_optional(pool)
            .await?,
    )
}

/// Ends the signed-in person's feed address.
pub async fn stop(pool: &PgPool, who: &Identity) -> Result<(), DbError> {
    end(pool, who.user_id).await
}

/// Ends a person's feed address: they asked, or their sessions end (a new password, signed out
/// everywhere, deactivated), which must end what a stolen session could have made too.
pub async fn end<'c>(
    conn: impl sqlx::Executor<'c, Database = sqlx::Postgres>,
    user_id: Uuid,
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The feed at the address holding `token`: `None` when no active person's feed has it.
pub async fn feed(pool: &PgPool, token: &str, today: NaiveDate) -> Result<Option<Feed>, DbError> {
    let owner: Option<(Uuid, Uuid, String)> = sqlx::query_as(
        "SELECT u.id, u.org_id, u.name FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
         WHERE f.token_hash = $1 AND u.active",
    )
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await?;
    let Some((user_id, org_id, person)) = owner else {
        return Ok(None);
    };
    let since = today - chrono::Days::new(PAST_DAYS as u64);
    // Activities on a deleted deal, contact or company are not listed (their subject is gone).
    let rows: Vec<(Json<Record>, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT a.data, t.data->>'name', COALESCE(o.title, s.data->>'name') \
         FROM records a \
         LEFT JOIN records t ON t.org_id = a.org_id AND t.id = (a.data->>'type_id')::uuid \
         LEFT JOIN opportunities o ON o.org_id = a.org_id \
             AND o.id = (a.data->'subject'->>'id')::uuid \
         LEFT JOIN records s ON s.org_id = a.org_id \
             AND s.id = (a.data->'subject'->>'id')::uuid \
         WHERE a.org_id = $1 AND a.kind = 'activity' AND NOT a.deleted \
             AND a.data->>'user_id' = $2 AND (a.data->>'due')::date >= $3 \
             AND NOT COALESCE(o.deleted, s.deleted, false) \
         ORDER BY (a.data->>'due')::date, a.id",
    )
    .bind(org_id)
    .bind(user_id.to_string())
    .bind(since)
    .fetch_all(pool)
    .await?;
    // The feed shows what the person sees in the app, by the same rules: an activity of theirs
    // on a deal of a team they cannot see stays out of it.
    let mut conn = pool.acquire().await?;
    let viewer = access::viewer(&mut conn, &Identity { org_id, user_id }).await?;
    let deals: Vec<Uuid> = rows
        .iter()
        .filter_map(|(record, _, _)| match &record.0 {
            Record::Activity(a) => a.subject.deal_id(),
            _ => None,
        })
        .collect();
    let scopes = access::deal_scopes(&mut conn, org_id, &deals).await?;
    let items = rows
        .into_iter()
        .filter(|(record, _, _)| viewer.can_read(&record.0, &|id| scopes.get(&id).copied()))
        .filter_map(|(record, kind, about)| match record.0 {
            Record::Activity(a) => Some(FeedItem {
                id: a.id,
                due: a.due,
                kind: kind.unwrap_or_default(),
                summary: a.summary,
                note: a.note,
                about: about.unwrap_or_default(),
                done: a.done,
            }),
            _ => None,
        })
        .collect();
    Ok(Some(Feed { person, items }))
}
