//! Activities: scheduling, completing, the next one a type triggers, cancelling.

use super::kit::*;

#[test]
fn scheduling_an_activity_on_an_opportunity_saves_it_still_to_do() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut planned = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    planned.user_id = Some(d.mai.id);
    planned.summary = "  Gọi lại cho chị Lan ".into();
    planned.done = true;
    planned.done_on = Some(day(2026, 3, 1));
    planned.feedback = "đã xong".into();
    let saved = the_activity(apply(&Mutation::save(planned.clone()), &d.store));
    assert_eq!(
        saved,
        Activity {
            summary: "Gọi lại cho chị Lan".into(),
            done: false,
            done_on: None,
            feedback: String::new(),
            ..planned
        }
    );
}

#[test]
fn an_activity_of_an_unknown_or_deleted_type_is_refused() {
    let mut retired = plain_type("Fax");
    retired.deleted = true;
    let d = desk(std::slice::from_ref(&retired));
    let nowhere = Uuid::now_v7();
    for type_id in [nowhere, retired.id] {
        let a = activity(type_id, Some(d.opportunity.id), day(2026, 3, 2));
        assert_eq!(
            apply(&Mutation::save(a), &d.store),
            Err(RuleError::UnknownActivityType(type_id))
        );
    }
}

#[test]
fn an_activity_about_a_record_that_is_not_there_or_of_another_kind_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut about_nothing = activity(call.id, None, day(2026, 3, 2));
    let nowhere = Uuid::now_v7();
    about_nothing.subject = Subject::of::<Team>(nowhere);
    assert_eq!(
        apply(&Mutation::save(about_nothing.clone()), &d.store),
        Err(RuleError::Missing {
            kind: "team".into(),
            id: nowhere
        })
    );
    // A contact's id said to be a deal's is no deal.
    let an = contact("Nguyễn Văn An");
    let store = with(d.store, [Record::Contact(an.clone())]);
    about_nothing.subject = Subject::deal(an.id);
    assert_eq!(
        apply(&Mutation::save(about_nothing), &store),
        Err(RuleError::UnknownOpportunity(an.id))
    );
}

#[test]
fn an_activity_and_a_note_may_be_about_a_record_of_any_kind() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let company = crate::domain::Company {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: "Công ty Sao Mai".into(),
        email: String::new(),
        phone: String::new(),
        address: String::new(),
        version: 1,
        deleted: false,
        merged_into: None,
    };
    let store = with(d.store, [Record::Company(company.clone())]);
    let mut a = activity(call.id, None, day(2026, 3, 2));
    a.subject = Subject::of::<crate::domain::Company>(company.id);
    assert_eq!(the_activity(apply(&Mutation::save(a.clone()), &store)), a);
    let note = crate::domain::Note {
        id: Uuid::now_v7(),
        subject: a.subject,
        text: "Hẹn gặp giám đốc".into(),
        version: 0,
        deleted: false,
    };
    assert_eq!(
        apply(&Mutation::save(note.clone()), &store),
        Ok(vec![Record::Note(note)])
    );
}

#[test]
fn an_activity_about_an_unknown_or_deleted_opportunity_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut gone = opportunity_in(d.opportunity.stage_id, None);
    gone.deleted = true;
    let store = with(d.store, [Record::Opportunity(gone.clone())]);
    for id in [Uuid::now_v7(), gone.id] {
        let a = activity(call.id, Some(id), day(2026, 3, 2));
        assert_eq!(
            apply(&Mutation::save(a), &store),
            Err(RuleError::UnknownOpportunity(id))
        );
    }
}

#[test]
fn an_activity_about_an_unknown_or_deleted_contact_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut gone = contact("Nguyễn Văn An");
    gone.deleted = true;
    let store = with(d.store, [Record::Contact(gone.clone())]);
    for id in [Uuid::now_v7(), gone.id] {
        let mut a = activity(call.id, None, day(2026, 3, 2));
        a.subject = Subject::contact(id);
        assert_eq!(
            apply(&Mutation::save(a), &store),
            Err(RuleError::UnknownContact(id))
        );
    }
}

#[test]
fn an_activity_about_a_live_contact_is_scheduled() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let an = contact("Nguyễn Văn An");
    let store = with(d.store, [Record::Contact(an.clone())]);
    let mut a = activity(call.id, None, day(2026, 3, 2));
    a.subject = Subject::contact(an.id);
    assert_eq!(the_activity(apply(&Mutation::save(a.clone()), &store)), a);
}

#[test]
fn an_activity_for_someone_who_is_not_a_user_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let stranger = Uuid::now_v7();
    let mut a = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    a.user_id = Some(stranger);
    assert_eq!(
        apply(&Mutation::save(a), &d.store),
        Err(RuleError::UnknownSalesperson(stranger))
    );
}

#[test]
fn a_done_activity_can_no_longer_be_edited() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut done = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    done.done = true;
    done.done_on = Some(day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(done.clone())]);
    let edit = Activity {
        summary: "Đổi nội dung".into(),
        done: false,
        ..done
    };
    assert_eq!(
        apply(&Mutation::save(edit), &store),
        Err(RuleError::ActivityDone)
    );
}

#[test]
fn completing_an_activity_records_the_day_and_the_trimmed_feedback() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let open = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(open.clone())]);
    let done = the_activity(apply(
        &Mutation::CompleteActivity {
            id: open.id,
            feedback: "  Khách đồng ý gặp tuần sau ".into(),
            done_on: day(2026, 3, 4),
            next_id: Uuid::now_v7(),
        },
        &store,
    ));
    assert_eq!(
        done,
        Activity {
            done: true,
            done_on: Some(day(2026, 3, 4)),
            feedback: "Khách đồng ý gặp tuần sau".into(),
            ..open
        }
    );
}

#[test]
fn completing_a_call_whose_type_triggers_a_meeting_schedules_the_meeting() {
    let meeting = activity_type(
        "Gặp mặt",
        3,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Nothing,
    );
    // The call's own delay counts weeks from its deadline: the meeting's delay must win.
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Weeks,
        DelayFrom::PreviousDeadline,
        Chaining::Trigger {
            type_id: meeting.id,
        },
    );
    let next_id = Uuid::now_v7();
    let mut mai = None;
    let (open, result) = complete_triggering(
        &call,
        &meeting,
        |d| {
            mai = Some(d.mai.id);
            let mut a = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
            a.user_id = Some(d.mai.id);
            a
        },
        day(2026, 3, 5),
        next_id,
    );
    assert!(mai.is_some(), "the call is Mai's to do");
    let records = result.expect("completing is accepted");
    assert_eq!(
        records,
        vec![
            Record::Activity(Activity {
                done: true,
                done_on: Some(day(2026, 3, 5)),
                feedback: "Khách muốn gặp trực tiếp".into(),
                ..open.clone()
            }),
            Record::Activity(Activity {
                id: next_id,
                type_id: meeting.id,
                subject: open.subject,
                summary: String::new(),
                note: String::new(),
                due: day(2026, 3, 8),
                user_id: mai,
                done: false,
                done_on: None,
                feedback: String::new(),
                version: 0,
                deleted: false,
            }),
        ]
    );
}

#[test]
fn a_triggered_activity_due_in_weeks_from_the_previous_deadline_counts_from_that_deadline() {
    let follow_up = activity_type(
        "Gửi báo giá",
        2,
        DelayUnit::Weeks,
        DelayFrom::PreviousDeadline,
        Chaining::Nothing,
    );
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Trigger {
            type_id: follow_up.id,
        },
    );
    let (_, result) = complete_triggering(
        &call,
        &follow_up,
        |d| activity(call.id, Some(d.opportunity.id), day(2026, 3, 2)),
        day(2026, 3, 5),
        Uuid::now_v7(),
    );
    let records = result.expect("completing is accepted");
    assert_eq!(records.len(), 2);
    let Record::Activity(next) = &records[1] else {
        panic!("not an activity: {:?}", records[1]);
    };
    assert_eq!(
        (next.type_id, next.due),
        (follow_up.id, day(2026, 3, 16)),
        "two weeks after the call's deadline of 2 March, not after its completion on 5 March"
    );
}

#[test]
fn a_triggered_activity_due_in_months_from_completion_takes_the_months_last_day_when_needed() {
    let review = activity_type(
        "Đánh giá",
        1,
        DelayUnit::Months,
        DelayFrom::Completion,
        Chaining::Nothing,
    );
    let call = activity_type(
        "Gọi điện",
        5,
        DelayUnit::Days,
        DelayFrom::PreviousDeadline,
        Chaining::Trigger { type_id: review.id },
    );
    let (_, result) = complete_triggering(
        &call,
        &review,
        |d| activity(call.id, Some(d.opportunity.id), day(2026, 1, 20)),
        day(2026, 1, 31),
        Uuid::now_v7(),
    );
    let records = result.expect("completing is accepted");
    assert_eq!(records.len(), 2);
    let Record::Activity(next) = &records[1] else {
        panic!("not an activity: {:?}", records[1]);
    };
    assert_eq!((next.type_id, next.due), (review.id, day(2026, 2, 28)));
}

#[test]
fn a_triggered_activity_about_a_contact_due_in_months_from_the_previous_deadline() {
    let review = activity_type(
        "Đánh giá",
        2,
        DelayUnit::Months,
        DelayFrom::PreviousDeadline,
        Chaining::Nothing,
    );
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Trigger { type_id: review.id },
    );
    let an = contact("Nguyễn Văn An");
    let next_id = Uuid::now_v7();
    let d = desk(&[call.clone(), review.clone()]);
    let mut open = activity(call.id, None, day(2025, 12, 31));
    open.subject = Subject::contact(an.id);
    open.user_id = Some(d.mai.id);
    let store = with(
        d.store,
        [Record::Contact(an.clone()), Record::Activity(open.clone())],
    );
    let records = apply(
        &Mutation::CompleteActivity {
            id: open.id,
            feedback: String::new(),
            done_on: day(2026, 1, 5),
            next_id,
        },
        &store,
    )
    .expect("completing is accepted");
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[1],
        Record::Activity(Activity {
            id: next_id,
            type_id: review.id,
            subject: Subject::contact(an.id),
            summary: String::new(),
            note: String::new(),
            due: day(2026, 2, 28),
            user_id: Some(d.mai.id),
            done: false,
            done_on: None,
            feedback: String::new(),
            version: 0,
            deleted: false,
        })
    );
}

#[test]
fn a_type_may_trigger_itself_for_a_recurring_activity() {
    let weekly = activity_type(
        "Gọi hàng tuần",
        1,
        DelayUnit::Weeks,
        DelayFrom::PreviousDeadline,
        Chaining::Nothing,
    );
    let weekly = ActivityType {
        chaining: Chaining::Trigger { type_id: weekly.id },
        ..weekly
    };
    let d = desk(std::slice::from_ref(&weekly));
    let open = activity(weekly.id, Some(d.opportunity.id), day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(open.clone())]);
    let records = apply(
        &Mutation::CompleteActivity {
            id: open.id,
            feedback: String::new(),
            done_on: day(2026, 3, 3),
            next_id: Uuid::now_v7(),
        },
        &store,
    )
    .expect("completing is accepted");
    let Some(Record::Activity(next)) = records.get(1) else {
        panic!("no next activity: {records:?}");
    };
    assert_eq!((next.type_id, next.due), (weekly.id, day(2026, 3, 9)));
}

#[test]
fn completing_an_activity_whose_type_only_suggests_the_next_schedules_nothing() {
    let meeting = plain_type("Gặp mặt");
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Suggest {
            type_ids: vec![meeting.id],
        },
    );
    let (open, result) = complete_triggering(
        &call,
        &meeting,
        |d| activity(call.id, Some(d.opportunity.id), day(2026, 3, 2)),
        day(2026, 3, 5),
        Uuid::now_v7(),
    );
    let done = the_activity(result);
    assert_eq!((done.id, done.done), (open.id, true));
}

#[test]
fn completing_an_activity_whose_type_chains_nothing_schedules_nothing() {
    let meeting = plain_type("Gặp mặt");
    let call = plain_type("Gọi điện");
    let (open, result) = complete_triggering(
        &call,
        &meeting,
        |d| activity(call.id, Some(d.opportunity.id), day(2026, 3, 2)),
        day(2026, 3, 5),
        Uuid::now_v7(),
    );
    let done = the_activity(result);
    assert_eq!((done.id, done.done), (open.id, true));
}

#[test]
fn completing_an_activity_twice_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let open = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(open.clone())]);
    let complete = |next_id| Mutation::CompleteActivity {
        id: open.id,
        feedback: "ok".into(),
        done_on: day(2026, 3, 2),
        next_id,
    };
    let done = one(apply(&complete(Uuid::now_v7()), &store));
    let store = with(store, [done]);
    assert_eq!(
        apply(&complete(Uuid::now_v7()), &store),
        Err(RuleError::ActivityDone)
    );
}

#[test]
fn completing_an_unknown_activity_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let nowhere = Uuid::now_v7();
    assert_eq!(
        apply(
            &Mutation::CompleteActivity {
                id: nowhere,
                feedback: String::new(),
                done_on: day(2026, 3, 2),
                next_id: Uuid::now_v7(),
            },
            &d.store
        ),
        Err(RuleError::UnknownActivity(nowhere))
    );
}

#[test]
fn triggering_a_next_activity_under_an_id_that_is_not_time_ordered_is_refused() {
    let meeting = plain_type("Gặp mặt");
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Trigger {
            type_id: meeting.id,
        },
    );
    let (_, result) = complete_triggering(
        &call,
        &meeting,
        |d| activity(call.id, Some(d.opportunity.id), day(2026, 3, 2)),
        day(2026, 3, 5),
        v4_id(),
    );
    assert_eq!(result, Err(RuleError::IdNotTimeOrdered));
}

#[test]
fn triggering_a_next_activity_under_a_taken_id_is_refused() {
    let meeting = plain_type("Gặp mặt");
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Trigger {
            type_id: meeting.id,
        },
    );
    let call_id = call.id;
    let d = desk(&[call, meeting]);
    let open = activity(call_id, Some(d.opportunity.id), day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(open.clone())]);
    assert_eq!(
        apply(
            &Mutation::CompleteActivity {
                id: open.id,
                feedback: String::new(),
                done_on: day(2026, 3, 5),
                next_id: d.opportunity.id,
            },
            &store
        ),
        Err(RuleError::RecordExists(d.opportunity.id))
    );
}

#[test]
fn cancelling_an_activity_marks_it_deleted() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let open = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(open.clone())]);
    assert_eq!(
        the_activity(apply(&Mutation::CancelActivity { id: open.id }, &store)),
        Activity {
            deleted: true,
            ..open
        }
    );
}

#[test]
fn cancelling_a_done_or_cancelled_activity_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut done = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    done.done = true;
    let mut cancelled = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    cancelled.deleted = true;
    let store = with(
        d.store,
        [
            Record::Activity(done.clone()),
            Record::Activity(cancelled.clone()),
        ],
    );
    assert_eq!(
        apply(&Mutation::CancelActivity { id: done.id }, &store),
        Err(RuleError::ActivityDone)
    );
    assert_eq!(
        apply(&Mutation::CancelActivity { id: cancelled.id }, &store),
        Err(RuleError::UnknownActivity(cancelled.id))
    );
}
