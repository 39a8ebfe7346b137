//! A person's calendar feed shows what they see in the app, by the same rules, and ends with
//! their sessions: a new password, signed out everywhere, deactivated.

mod common;

use app::db::Identity;
use uuid::Uuid;

/// An activity on a deal that `which` picks (SQL over `o`), made `who`'s, due `today`, with
/// this summary.
async fn activity_on(
    db: &common::TestDb,
    which: &str,
    bind: Uuid,
    who: &Identity,
    today: chrono::NaiveDate,
    summary: &str,
) -> Uuid {
    let (activity, deal): (Uuid, Uuid) = sqlx::query_as(&format!(
        "SELECT a.id, o.id FROM records a \
         JOIN opportunities o ON o.id = (a.data->'subject'->>'id')::uuid \
         WHERE a.kind = 'activity' AND NOT a.deleted AND NOT o.deleted AND {which} \
         ORDER BY a.id LIMIT 1"
    ))
    .bind(bind)
    .fetch_one(&db.pool)
    .await
    .expect(which);
    sqlx::query(
        "UPDATE records SET data = data || jsonb_build_object('user_id', $2::text, \
         'due', $3::text, 'summary', $4::text) WHERE id = $1",
    )
    .bind(activity)
    .bind(who.user_id.to_string())
    .bind(today.to_string())
    .bind(summary)
    .execute(&db.pool)
    .await
    .unwrap();
    deal
}

async fn summaries(
    db: &common::TestDb,
    token: &str,
    today: chrono::NaiveDate,
) -> Option<Vec<String>> {
    app::db::calendar::feed(&db.pool, token, today)
        .await
        .unwrap()
        .map(|feed| feed.items.into_iter().map(|i| i.summary).collect())
}

#[tokio::test]
async fn a_feed_lists_only_what_its_person_sees_and_ends_with_their_sessions() {
    let db = common::demo_db(60).await;
    let today = chrono::Utc::now().date_naive();
    let huy = common::identity_of(&db, "huy@demo.rapport").await;
    let hanoi: Uuid = sqlx::query_scalar(
        "SELECT id FROM records WHERE kind = 'team' AND data->>'name' LIKE '%Hanoi%'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    // Huy (HCMC) is given an activity on a Hanoi deal he cannot see, one on his own deal, and
    // one on another deal of his that is then deleted.
    activity_on(&db, "o.team_id = $1", hanoi, &huy, today, "hidden").await;
    activity_on(
        &db,
        "o.salesperson_id = $1",
        huy.user_id,
        &huy,
        today,
        "seen",
    )
    .await;
    let gone = activity_on(
        &db,
        "o.salesperson_id = $1 AND a.data->>'summary' <> 'seen'",
        huy.user_id,
        &huy,
        today,
        "on a deleted deal",
    )
    .await;
    sqlx::query("UPDATE opportunities SET deleted = true WHERE id = $1")
        .bind(gone)
        .execute(&db.pool)
        .await
        .unwrap();

    let token = app::db::calendar::make(&db.pool, &huy).await.unwrap();
    let listed = summaries(&db, &token, today)
        .await
        .expect("the feed is there");
    assert!(listed.contains(&"seen".to_string()), "{listed:?}");
    assert!(!listed.contains(&"hidden".to_string()), "{listed:?}");
    assert!(
        !listed.contains(&"on a deleted deal".to_string()),
        "{listed:?}"
    );

    // Signed out everywhere: the address a stolen session could have made ends too.
    app::db::auth::sign_out_everywhere(&db.pool, &huy)
        .await
        .unwrap();
    assert_eq!(summaries(&db, &token, today).await, None);
    // So does a new password set by an admin.
    let token = app::db::calendar::make(&db.pool, &huy).await.unwrap();
    assert!(summaries(&db, &token, today).await.is_some());
    app::db::auth::reset_password(&db.pool, &db.who, huy.user_id, "a long new password")
        .await
        .unwrap();
    assert_eq!(summaries(&db, &token, today).await, None);
    // And deactivating the account: reactivated, the old address stays ended.
    let token = app::db::calendar::make(&db.pool, &huy).await.unwrap();
    app::db::auth::update_account(
        &db.pool,
        &db.who,
        huy.user_id,
        app::domain::access::Role::Salesperson,
        false,
    )
    .await
    .unwrap();
    app::db::auth::update_account(
        &db.pool,
        &db.who,
        huy.user_id,
        app::domain::access::Role::Salesperson,
        true,
    )
    .await
    .unwrap();
    assert_eq!(summaries(&db, &token, today).await, None);
}
