//! The sync protocol's server side against a real PostgreSQL.

mod common;

use std::collections::BTreeMap;

use app::domain::{Mutation, Opportunity, RuleError};
use app::sync::protocol::{MAX_PUSH, Outcome, PendingMutation, PullRequest, PushRequest};
use common::{Client, create, test_db};
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn a_retried_push_applies_once() {
    let db = test_db().await;
    let mut c = Client::new();
    let m = c.queue(&create(&db.stages[0], "Máy chủ cho Vinamilk", "V"));
    let first = c.push(&db, vec![m.clone()]).await;
    assert!(matches!(first.results[0].outcome, Outcome::Applied { .. }));
    let again = c.push(&db, vec![m.clone()]).await;
    assert_eq!(again.results[0].outcome, Outcome::AlreadyApplied);

    let pull = c.pull(&db).await;
    assert_eq!(pull.opportunities.len(), 1);
    assert_eq!(pull.last_mutation_ids[&c.id], 1);
    let title_changes: i64 =
        sqlx::query_scalar("SELECT count(*) FROM changes WHERE field = 'title'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(title_changes, 1, "the change log holds the creation once");
}

#[tokio::test]
async fn a_gap_in_a_clients_mutations_is_refused_and_nothing_after_it_is_applied() {
    let db = test_db().await;
    let mut c = Client::new();
    let one = c.queue(&create(&db.stages[0], "one", "V"));
    let _lost = c.queue(&create(&db.stages[0], "two", "W"));
    let three = c.queue(&create(&db.stages[0], "three", "X"));
    let four = c.queue(&create(&db.stages[0], "four", "Y"));
    let response = c.push(&db, vec![one, three, four]).await;
    let outcomes: Vec<_> = response.results.iter().map(|r| r.outcome.clone()).collect();
    assert!(matches!(outcomes[0], Outcome::Applied { .. }));
    assert_eq!(outcomes[1], Outcome::OutOfOrder { expected: 2 });
    assert_eq!(outcomes[2], Outcome::OutOfOrder { expected: 2 });
    let pull = c.pull(&db).await;
    let titles: Vec<&str> = pull
        .opportunities
        .iter()
        .map(|o| o.title.as_str())
        .collect();
    assert_eq!(titles, ["one"]);
    assert_eq!(pull.last_mutation_ids[&c.id], 1);
}

#[tokio::test]
async fn a_rejected_mutation_is_recorded_and_does_not_block_the_ones_after_it() {
    let db = test_db().await;
    let mut c = Client::new();
    let bad = c.queue(&create(&db.stages[0], "   ", "V"));
    let good = c.queue(&create(&db.stages[1], "Phần mềm kế toán", "V"));
    let response = c.push(&db, vec![bad, good]).await;
    assert!(matches!(
        &response.results[0].outcome,
        Outcome::Rejected {
            reason: RuleError::EmptyTitle,
            ..
        }
    ));
    assert!(matches!(
        response.results[1].outcome,
        Outcome::Applied { .. }
    ));

    let pull = c.pull(&db).await;
    assert_eq!(pull.opportunities.len(), 1);
    assert_eq!(pull.opportunities[0].title, "Phần mềm kế toán");
    assert_eq!(pull.last_mutation_ids[&c.id], 2);
    assert_eq!(pull.rejections.len(), 1);
    assert_eq!(
        (pull.rejections[0].mutation_id, &pull.rejections[0].reason),
        (1, &RuleError::EmptyTitle)
    );
    // Another tab of the same browser learns of it too, and a later pull does not repeat it.
    let mut sibling = c.sibling();
    assert_eq!(sibling.pull(&db).await.rejections.len(), 1);
    assert!(c.pull(&db).await.rejections.is_empty());
}

#[tokio::test]
async fn an_edit_of_a_deal_a_colleague_deleted_is_refused_naming_who_deleted_it() {
    let db = test_db().await;
    let colleague = app::db::Identity {
        org_id: db.who.org_id,
        user_id: Uuid::now_v7(),
    };
    sqlx::query(
        "INSERT INTO users (id, org_id, name, email, role) \
         VALUES ($1, $2, 'Lê Thị Mai', 'mai@example.vn', 'admin')",
    )
    .bind(colleague.user_id)
    .bind(colleague.org_id)
    .execute(&db.pool)
    .await
    .unwrap();
    let mut mine = Client::new();
    let deal = create(&db.stages[0], "Bàn ghế cho Vinamilk", "V");
    common::push(&db, &mut mine, vec![deal.clone()]).await;
    mine.pull(&db).await;
    let id = deal.opportunity_id();
    let mut theirs = Client::new();
    let gone = common::push_as(
        &db,
        &colleague,
        &mut theirs,
        vec![Mutation::DeleteOpportunity { id }],
    )
    .await;
    assert!(matches!(gone[0], Outcome::Applied { .. }));

    let edit = Mutation::MoveOpportunity {
        id,
        stage_id: db.stages[1].id,
        position: "V".into(),
        base_version: 1,
    };
    let refused = common::push(&db, &mut mine, vec![edit]).await;
    assert!(matches!(
        &refused[0],
        Outcome::Rejected { reason: RuleError::Deleted(of), .. } if *of == id
    ));
    let pull = mine.pull(&db).await;
    assert_eq!(pull.rejections.len(), 1);
    assert_eq!(
        pull.rejections[0].by,
        Some(colleague.user_id),
        "the notice names Mai"
    );

    // A refusal for another reason names nobody.
    let empty = common::push(&db, &mut mine, vec![create(&db.stages[0], " ", "W")]).await;
    assert!(matches!(
        empty[0],
        Outcome::Rejected {
            reason: RuleError::EmptyTitle,
            ..
        }
    ));
    let pull = mine.pull(&db).await;
    assert_eq!(pull.rejections.len(), 1);
    assert_eq!(pull.rejections[0].by, None);
}

#[tokio::test]
async fn an_unreadable_mutation_is_rejected_alone_with_the_bad_id_named() {
    let db = test_db().await;
    let mut c = Client::new();
    let mut bad = c.queue(&create(&db.stages[0], "x", "V"));
    bad.mutation = json!({"type": "MoveOpportunity", "id": "'; DROP TABLE opportunities; --", "stage_id": db.stages[0].id, "position": "V"});
    let mut junk = c.queue(&create(&db.stages[0], "x", "V"));
    junk.mutation = json!({"type": "Explode", "id": Uuid::now_v7()});
    let good = c.queue(&create(&db.stages[0], "kept", "V"));
    let response = c.push(&db, vec![bad, junk, good]).await;
    assert!(matches!(&response.results[0].outcome,
        Outcome::Rejected { reason: RuleError::MalformedId { field, .. }, .. } if field == "id"));
    assert!(matches!(
        &response.results[1].outcome,
        Outcome::Rejected {
            reason: RuleError::Malformed(_),
            ..
        }
    ));
    assert!(matches!(
        response.results[2].outcome,
        Outcome::Applied { .. }
    ));
    assert_eq!(c.pull(&db).await.opportunities.len(), 1);
}

#[tokio::test]
async fn a_rule_refusal_writes_nothing_to_the_record() {
    let db = test_db().await;
    let mut c = Client::new();
    let m = create(&db.stages[0], "Office furniture", "V");
    let id = m.opportunity_id();
    let created = c.queue(&m);
    c.push(&db, vec![created]).await;
    let unknown_stage = Mutation::MoveOpportunity {
        id,
        stage_id: Uuid::now_v7(),
        position: "W".into(),
        base_version: 0,
    };
    let bad = c.queue(&unknown_stage);
    let r = c.push(&db, vec![bad]).await;
    assert!(matches!(
        &r.results[0].outcome,
        Outcome::Rejected {
            reason: RuleError::UnknownStage(_),
            ..
        }
    ));
    let pull = c.pull(&db).await;
    assert_eq!(pull.opportunities[0].stage_id, db.stages[0].id);
    assert_eq!(pull.opportunities[0].position, "V");
}

#[tokio::test]
async fn pull_after_a_cursor_returns_exactly_the_newer_changes_deletes_included() {
    let db = test_db().await;
    let mut c = Client::new();
    let (a, b, untouched) = (
        create(&db.stages[0], "A", "V"),
        create(&db.stages[0], "B", "W"),
        create(&db.stages[0], "C", "X"),
    );
    let batch = vec![c.queue(&a), c.queue(&b), c.queue(&untouched)];
    c.push(&db, batch).await;
    let first = c.pull(&db).await;
    assert_eq!(first.opportunities.len(), 3);
    let cursor = c.cursor;

    let won = db.stages.iter().find(|s| s.is_won).unwrap();
    let mv = Mutation::MoveOpportunity {
        id: a.opportunity_id(),
        stage_id: won.id,
        position: "V".into(),
        base_version: 0,
    };
    let del = Mutation::DeleteOpportunity {
        id: b.opportunity_id(),
    };
    let batch = vec![c.queue(&mv), c.queue(&del)];
    c.push(&db, batch).await;
    let patch = c.pull(&db).await;
    assert_eq!(patch.opportunities.len(), 1);
    assert_eq!(patch.opportunities[0].id, a.opportunity_id());
    assert_eq!(
        patch.opportunities[0].probability, 100,
        "won stage sets the probability"
    );
    assert!(patch.opportunities[0].version > cursor);
    assert_eq!(patch.deleted_opportunities, vec![b.opportunity_id()]);
    assert!(
        !patch.records.iter().any(|r| r.kind() == "stage"),
        "no stage changed"
    );

    let nothing = c.pull(&db).await;
    assert!(nothing.opportunities.is_empty() && nothing.deleted_opportunities.is_empty());
    assert_eq!(nothing.cursor, patch.cursor);
}

#[tokio::test]
async fn a_cursor_the_server_never_gave_starts_the_client_over() {
    let db = test_db().await;
    let mut c = Client::new();
    c.cursor = 1_000_000;
    let pull = c.pull(&db).await;
    assert!(pull.reset);
    let stages = pull.records.iter().filter(|r| r.kind() == "stage").count();
    assert_eq!(stages, db.stages.len());
    let negative = app::db::pull(
        &db.pool,
        &db.who,
        &PullRequest {
            client_group_id: c.group,
            cursor: -1,
            schema: 0,
            org_id: None,
            access: None,
        },
    )
    .await;
    assert!(negative.is_err());
    // A cache of another organisation (the server's data was replaced) starts over too.
    let mut other = Client::new();
    let first = other.pull(&db).await;
    let foreign = app::db::pull(
        &db.pool,
        &db.who,
        &PullRequest {
            client_group_id: other.group,
            cursor: first.cursor,
            schema: first.schema,
            org_id: Some(Uuid::now_v7()),
            access: Some(first.access.clone()),
        },
    )
    .await
    .unwrap();
    assert!(foreign.reset);
    assert_eq!(foreign.opportunities.len(), first.opportunities.len());
}

#[tokio::test]
async fn an_oversized_push_is_refused_whole_and_writes_nothing() {
    let db = test_db().await;
    let mut c = Client::new();
    let batch: Vec<_> = (0..=MAX_PUSH)
        .map(|i| c.queue(&create(&db.stages[0], &format!("n{i}"), "V")))
        .collect();
    let r = app::db::push(
        &db.pool,
        &db.who,
        &PushRequest {
            client_group_id: c.group,
            mutations: batch,
        },
    )
    .await;
    assert!(r.is_err());
    assert!(c.pull(&db).await.opportunities.is_empty());
}

#[tokio::test]
async fn concurrent_pushers_get_distinct_sequence_numbers_in_commit_order() {
    let db = std::sync::Arc::new(test_db().await);
    let before: i64 = sqlx::query_scalar("SELECT seq FROM orgs")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let writers = 6;
    let per_writer = 25;
    let mut tasks = Vec::new();
    for w in 0..writers {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = Client::new();
            let mut seqs = Vec::new();
            for i in 0..per_writer {
                let m = c.queue(&create(&db.stages[w % 3], &format!("w{w} #{i}"), "V"));
                let r = c.push(&db, vec![m]).await;
                match r.results[0].outcome {
                    Outcome::Applied { seq } => seqs.push(seq),
                    ref other => panic!("unexpected {other:?}"),
                }
            }
            seqs
        }));
    }
    // Meanwhile a reader pulls patch after patch: if a lower number could commit after a higher
    // one had been read, the reader would miss it and end up with less than a full pull.
    let reader_db = db.clone();
    let reader = tokio::spawn(async move {
        let mut c = Client::new();
        let mut seen: BTreeMap<Uuid, Opportunity> = BTreeMap::new();
        let mut cursors = Vec::new();
        for _ in 0..60 {
            let patch = c.pull(&reader_db).await;
            cursors.push(patch.cursor);
            for o in patch.opportunities {
                seen.insert(o.id, o);
            }
            tokio::task::yield_now().await;
        }
        (c, seen, cursors)
    });
    let mut all = Vec::new();
    for t in tasks {
        let seqs = t.await.unwrap();
        assert!(
            seqs.windows(2).all(|w| w[0] < w[1]),
            "one client's mutations are numbered in order"
        );
        all.extend(seqs);
    }
    let (mut c, mut seen, cursors) = reader.await.unwrap();
    assert!(
        cursors.windows(2).all(|w| w[0] <= w[1]),
        "cursors never go back"
    );
    for o in c.pull(&db).await.opportunities {
        seen.insert(o.id, o);
    }
    all.sort();
    let expected: Vec<i64> = (before + 1..=before + (writers * per_writer) as i64).collect();
    assert_eq!(
        all, expected,
        "every push got its own number, with no holes"
    );
    let full = Client::new().pull(&db).await;
    let full: BTreeMap<Uuid, Opportunity> =
        full.opportunities.into_iter().map(|o| (o.id, o)).collect();
    assert_eq!(seen, full, "incremental pulls add up to a full pull");
}

#[tokio::test]
async fn pushes_that_arrive_together_share_a_commit_and_a_refused_one_fails_alone() {
    let db = std::sync::Arc::new(test_db().await);
    let before: i64 = sqlx::query_scalar("SELECT seq FROM orgs")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    // A client registered in one group, then pushed from another: refused whole.
    let mut stolen = Client::new();
    let first = stolen.queue(&create(&db.stages[0], "stolen #1", "U"));
    stolen.push(&db, vec![first]).await;
    let hostile = PushRequest {
        client_group_id: Uuid::now_v7(),
        mutations: vec![stolen.queue(&create(&db.stages[0], "stolen #2", "U"))],
    };
    let crowd = 40;
    let mut tasks = Vec::new();
    for i in 0..crowd {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = Client::new();
            let m = c.queue(&create(&db.stages[i % 3], &format!("crowd #{i}"), "V"));
            c.push(&db, vec![m]).await
        }));
    }
    let hostile = {
        let db = db.clone();
        tokio::spawn(async move { app::db::push(&db.pool, &db.who, &hostile).await })
    };
    let mut seqs = Vec::new();
    for t in tasks {
        match t.await.unwrap().results[0].outcome {
            Outcome::Applied { seq } => seqs.push(seq),
            ref other => panic!("unexpected {other:?}"),
        }
    }
    assert!(
        matches!(hostile.await.unwrap(), Err(app::db::DbError::Forbidden(_))),
        "the push from the wrong group is refused"
    );
    seqs.sort();
    let expected: Vec<i64> = (before + 2..=before + 1 + crowd as i64).collect();
    assert_eq!(
        seqs, expected,
        "one number each, no holes, none for the refused push"
    );
    // A transaction's changes carry its start time (`now()`): one time per commit.
    let commits: i64 = sqlx::query_scalar("SELECT count(DISTINCT at) FROM changes WHERE seq > $1")
        .bind(before + 1)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(
        commits < crowd as i64 / 2,
        "{crowd} pushes took {commits} commits"
    );
    let titles: i64 =
        sqlx::query_scalar("SELECT count(*) FROM opportunities WHERE title LIKE 'stolen #%'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(titles, 1, "nothing of the refused push was written");
    let full = Client::new().pull(&db).await;
    assert_eq!(
        full.opportunities
            .iter()
            .filter(|o| o.title.starts_with("crowd #"))
            .count(),
        crowd
    );
}

#[tokio::test]
async fn a_snapshot_plus_the_patch_from_its_cursor_equals_the_snapshot_at_the_new_cursor() {
    use std::sync::Arc;
    use tokio::sync::RwLock;

    let db = Arc::new(test_db().await);
    // Writers push freely; the checker briefly holds them off only between a patch and the
    // full snapshot it is compared with, so both describe the same cursor.
    let gate = Arc::new(RwLock::new(()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..4 {
        let (db, gate, stop) = (db.clone(), gate.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let mut c = Client::new();
            let mut mine: Vec<Uuid> = Vec::new();
            let mut i = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let m = match (i % 4, mine.last()) {
                    (1, Some(&id)) => Mutation::MoveOpportunity {
                        id,
                        stage_id: db.stages[(i + w) % 4].id,
                        position: "k".into(),
                        base_version: 0,
                    },
                    (3, Some(&id)) => {
                        mine.pop();
                        Mutation::DeleteOpportunity { id }
                    }
                    _ => {
                        let m = create(&db.stages[w % 3], &format!("w{w}-{i}"), "V");
                        mine.push(m.opportunity_id());
                        m
                    }
                };
                let p = c.queue(&m);
                let _held = gate.read().await;
                c.push(&db, vec![p]).await;
                i += 1;
            }
        }));
    }
    let mut compared = 0;
    for _ in 0..40 {
        let mut reader = Client::new();
        let mut snapshot = app::sync::view::Snapshot::default();
        snapshot.apply_pull(&reader.pull(&db).await);
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
        let _quiet = gate.write().await;
        let patch = reader.pull(&db).await;
        snapshot.apply_pull(&patch);
        let full = Client::new().pull(&db).await;
        assert_eq!(full.cursor, patch.cursor);
        let truth: BTreeMap<Uuid, Opportunity> =
            full.opportunities.into_iter().map(|o| (o.id, o)).collect();
        assert_eq!(
            snapshot.opportunities, truth,
            "snapshot at c + patch from c = snapshot at the new cursor"
        );
        compared += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    assert_eq!(compared, 40);
}

#[tokio::test]
async fn a_deal_lost_with_a_reason_is_pulled_as_lost_and_an_unknown_reason_writes_nothing() {
    let db = test_db().await;
    let mut c = Client::new();
    let m = create(&db.stages[0], "Đồng phục công ty", "V");
    let id = m.opportunity_id();
    let created = c.queue(&m);
    c.push(&db, vec![created]).await;
    let first = c.pull(&db).await;
    let reason = first
        .records
        .iter()
        .find(|r| r.kind() == "lost_reason")
        .expect("the org's lost reasons come with the first pull")
        .id();

    let unknown = c.queue(&Mutation::MarkLost {
        id,
        reason_id: Some(Uuid::now_v7()),
        note: "?".into(),
    });
    let lose = c.queue(&Mutation::MarkLost {
        id,
        reason_id: Some(reason),
        note: "Giá cao".into(),
    });
    let r = c.push(&db, vec![unknown, lose]).await;
    assert!(matches!(
        &r.results[0].outcome,
        Outcome::Rejected {
            reason: RuleError::UnknownLostReason(_),
            ..
        }
    ));
    assert!(matches!(r.results[1].outcome, Outcome::Applied { .. }));
    let patch = c.pull(&db).await;
    let lost = &patch.opportunities[0];
    assert!(lost.lost);
    assert_eq!(
        (
            lost.probability,
            lost.lost_reason_id,
            lost.lost_note.as_str()
        ),
        (0, Some(reason), "Giá cao")
    );

    let reopen = c.queue(&Mutation::ReopenLost { id });
    c.push(&db, vec![reopen]).await;
    let back = &c.pull(&db).await.opportunities[0];
    assert!(!back.lost);
    assert_eq!(back.probability, db.stages[0].probability);
}

/// A browser that sat offline through the upgrade still holds mutations in the forms before the
/// kinds registry (`SaveTag`, `SaveContact`, `LogNote`, `DeleteSetup`). They are applied once,
/// by today's rules, and a retry of the same push changes nothing.
#[tokio::test]
async fn mutations_queued_in_the_old_forms_are_applied_once_after_the_upgrade() {
    let db = test_db().await;
    let mut c = Client::new();
    let (tag, contact, note) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let old = [
        json!({"type": "SaveTag", "id": tag, "name": "Khách quen", "colour": 3}),
        json!({"type": "SaveContact", "id": contact, "name": "Trần Thị Mai", "phone": "0903 123 456"}),
        json!({"type": "LogNote", "id": note, "contact_id": contact, "text": "Hẹn gặp thứ Hai"}),
        json!({"type": "DeleteSetup", "id": tag}),
    ];
    let queued: Vec<_> = old
        .iter()
        .map(|m| {
            let mut p = c.queue(&Mutation::Delete { id: Uuid::nil() });
            p.mutation = m.clone();
            p
        })
        .collect();
    let first = c.push(&db, queued.clone()).await;
    for r in &first.results {
        assert!(
            matches!(r.outcome, Outcome::Applied { .. }),
            "{:?}",
            r.outcome
        );
    }
    let pull = c.pull(&db).await;
    let kinds: BTreeMap<Uuid, &str> = pull.records.iter().map(|r| (r.id(), r.kind())).collect();
    assert_eq!(kinds.get(&contact), Some(&"contact"));
    assert_eq!(kinds.get(&note), Some(&"note"));
    assert_eq!(
        kinds.get(&tag),
        None,
        "the tag was deleted by the old DeleteSetup"
    );
    let lines = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM changes WHERE record_id = $1")
            .bind(note)
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    let before = lines().await;
    assert!(before > 0, "the note has its timeline");
    let again = c.push(&db, queued).await;
    assert!(
        again
            .results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::AlreadyApplied))
    );
    assert_eq!(lines().await, before, "the retry wrote nothing");
    let notes: i64 = sqlx::query_scalar("SELECT count(*) FROM records WHERE id = $1")
        .bind(note)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(notes, 1);
}

/// A refused change is kept as its author needs it (which change, and why), not whole: a large
/// junk mutation costs the database a few hundred bytes, not its size.
#[tokio::test]
async fn a_refused_mutation_is_stored_summed_up_not_whole() {
    let db = test_db().await;
    let mut c = Client::new();
    let mut junk = c.queue(&Mutation::Delete { id: Uuid::nil() });
    junk.mutation = json!({"type": "Nope", "id": Uuid::now_v7(), "junk": "x".repeat(1_500_000)});
    let r = c.push(&db, vec![junk]).await;
    assert!(matches!(
        &r.results[0].outcome,
        Outcome::Rejected {
            reason: RuleError::Malformed(_),
            ..
        }
    ));
    let stored: i32 = sqlx::query_scalar(
        "SELECT max(pg_column_size(mutation) + pg_column_size(reason)) FROM rejected_mutations",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(stored <= 3 * 1024, "{stored} bytes kept");
}

#[tokio::test]
async fn pushes_written_together_see_the_set_up_the_ones_before_them_changed() {
    // Pushes of one org that arrive while its last transaction is being written go into the
    // next one together, and share the set-up the first of them read, until one changes it: a
    // stage made by one is there for the deal the next one puts in it.
    let db = test_db().await;
    let push_one = |m: Mutation| push_alone(&db, m);
    // The org's row held, so the first push waits in its transaction and the next two queue
    // behind it, in the order they are sent.
    let hold = hold_org(&db).await;
    let first = push_one(create(&db.stages[0], "Trước", "V"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let stage = app::domain::Stage {
        id: Uuid::now_v7(),
        name: "Thương lượng lại".into(),
        sequence: 95,
        is_won: false,
        folded: false,
        rotting_days: 14,
        probability: 60,
        team_id: None,
        version: 0,
        deleted: false,
    };
    let made = push_one(Mutation::save(stage.clone()));
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let placed = push_one(create(&stage, "Vào giai đoạn mới", "V"));
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    hold.commit().await.unwrap();
    for outcome in [first, made, placed] {
        let outcome = outcome.await.unwrap();
        assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    }
    let in_stage: i64 =
        sqlx::query_scalar("SELECT count(*) FROM opportunities WHERE stage_id = $1")
            .bind(stage.id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(in_stage, 1);
}

#[tokio::test]
async fn a_push_sent_again_while_the_first_waits_is_written_once_in_the_same_commit() {
    // A browser that gave up waiting sends its push again while the first is still queued:
    // both go into one shared transaction, where the second must find the first's mutations
    // applied; a sibling tab of the same group, pushing beside them, is written as usual.
    let db = test_db().await;
    let mut c = Client::new();
    let pending = vec![
        c.queue(&create(&db.stages[0], "Gửi hai lần #1", "V")),
        c.queue(&create(&db.stages[0], "Gửi hai lần #2", "W")),
    ];
    let mut tab = c.sibling();
    let beside = vec![tab.queue(&create(&db.stages[1], "Thẻ bên cạnh", "V"))];
    let send = |group: Uuid, mutations: Vec<PendingMutation>| {
        let (pool, who) = (db.pool.clone(), db.who);
        tokio::spawn(async move {
            app::db::push(
                &pool,
                &who,
                &PushRequest {
                    client_group_id: group,
                    mutations,
                },
            )
            .await
            .expect("push")
        })
    };
    // The org's row held: the first push waits in its transaction, the next three queue and are
    // written together after it.
    let hold = hold_org(&db).await;
    let mut other = Client::new();
    let opener = send(
        other.group,
        vec![other.queue(&create(&db.stages[2], "Mở đầu", "V"))],
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let first = send(c.group, pending.clone());
    let again = send(c.group, pending.clone());
    let sibling = send(c.group, beside);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    hold.commit().await.unwrap();
    opener.await.unwrap();
    let first = first.await.unwrap();
    let again = again.await.unwrap();
    assert!(
        first
            .results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Applied { .. })),
        "{first:?}"
    );
    assert!(
        again
            .results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::AlreadyApplied)),
        "{again:?}"
    );
    let sibling = sibling.await.unwrap();
    assert!(matches!(
        sibling.results[0].outcome,
        Outcome::Applied { .. }
    ));
    let written: i64 =
        sqlx::query_scalar("SELECT count(*) FROM opportunities WHERE title LIKE 'Gửi hai lần #%'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(written, 2);
    // The client stands at its last mutation, so a third sending is answered the same.
    let third = c.push(&db, pending).await;
    assert!(
        third
            .results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::AlreadyApplied))
    );
}

/// Holds the org's row, as a push being written does: pushes sent meanwhile wait, and once it is
/// let go (`commit`) the ones queued are written together in one transaction.
async fn hold_org(db: &common::TestDb) -> sqlx::Transaction<'static, sqlx::Postgres> {
    let mut hold = db.pool.begin().await.unwrap();
    sqlx::query("SELECT seq FROM orgs WHERE id = $1 FOR UPDATE")
        .bind(db.who.org_id)
        .execute(&mut *hold)
        .await
        .unwrap();
    hold
}

#[tokio::test]
async fn deals_written_together_keep_places_of_their_own_and_their_change_lines() {
    // Pushes written in one transaction have their deals written in one statement; two put at
    // one place among them are written one by one instead, the later just after the earlier.
    let db = test_db().await;
    let send = |m: Mutation| {
        let pushed = push_alone(&db, m);
        async move {
            match pushed.await.unwrap() {
                Outcome::Applied { seq } => seq,
                other => panic!("unexpected {other:?}"),
            }
        }
    };
    let stage = &db.stages[1];
    for (round, places) in [["a1V", "a2V", "a3V", "a4V"], ["b1V", "b2V", "b2V", "b3V"]]
        .iter()
        .enumerate()
    {
        let hold = hold_org(&db).await;
        let opener = send(create(&db.stages[0], &format!("Mở {round}"), "V"));
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let mut sent = Vec::new();
        for (i, place) in places.iter().enumerate() {
            let m = create(stage, &format!("Cùng lúc {round}.{i}"), place);
            sent.push((m.record_id(), place.to_string(), send(m)));
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        hold.commit().await.unwrap();
        opener.await;
        let mut stored = Vec::new();
        for (id, asked, task) in sent {
            let seq = task.await;
            let (position, version): (String, i64) =
                sqlx::query_as("SELECT position, version FROM opportunities WHERE id = $1")
                    .bind(id)
                    .fetch_one(&db.pool)
                    .await
                    .unwrap();
            assert_eq!(version, seq, "written as its own change");
            // Its timeline says where it was put, as it is stored.
            let logged: serde_json::Value = sqlx::query_scalar(
                "SELECT new_value FROM changes WHERE record_id = $1 AND field = 'position'",
            )
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
            assert_eq!(logged, json!(position));
            let titled: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM changes WHERE record_id = $1 AND seq = $2 AND field = 'title'",
            )
            .bind(id)
            .bind(seq)
            .fetch_one(&db.pool)
            .await
            .unwrap();
            assert_eq!(titled, 1);
            stored.push((asked, position));
        }
        let places: std::collections::HashSet<&str> =
            stored.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(
            places.len(),
            stored.len(),
            "no two share a place: {stored:?}"
        );
        // The first at a place keeps it; a later one at the same place goes just after.
        assert_eq!(stored[0].0, stored[0].1);
        if round == 0 {
            assert!(stored.iter().all(|(asked, at)| asked == at), "{stored:?}");
        } else {
            assert_eq!(stored[1].1, "b2V");
            assert!(stored[2].1.as_str() > "b2V", "{stored:?}");
        }
    }
}

/// Sends `m` alone from a new browser, in a task of its own: its outcome.
fn push_alone(db: &common::TestDb, m: Mutation) -> tokio::task::JoinHandle<Outcome> {
    let (pool, who) = (db.pool.clone(), db.who);
    let mut c = Client::new();
    let pending = vec![c.queue(&m)];
    tokio::spawn(async move {
        app::db::push(
            &pool,
            &who,
            &PushRequest {
                client_group_id: c.group,
                mutations: pending,
            },
        )
        .await
        .expect("push")
        .results[0]
            .outcome
            .clone()
    })
}
