//! What a browser keeps in its copy of the organisation, and what stays on the server until a
//! person opens it. A 100,000-deal organisation with years of history does not fit a phone, and
//! most of it is closed deals nobody looks at; the screens people work from (the board, the
//! lists of open work, the dashboard) read only the open deals and the last year.
//!
//! Each kind declares its rule (`Kind::KEEP`):
//! - **the set-up** and the other few: every one;
//! - **deals**: the open ones, and the ones closed on or after the *horizon*, the first day of
//!   the month a year before this one. The dashboard reaches back at most that far (its periods
//!   and trend), so it gives the same figures from the browser's copy as from the server;
//! - **people and companies**: while a kept deal names them, a kept person works at them (a
//!   company), or they changed since the horizon;
//! - **activities, notes, quotations**: while what they belong to is kept.
//!
//! The server sends a first pull by these rules (`db/keep.rs`); later pulls send every change
//! the person may see, kept or not, so a record open on screen is never taken from under them.
//! The browser forgets at start what has aged out since (`prune`), and fetches what it does not
//! hold when a person opens it, saying so plainly when it cannot.

use std::collections::HashSet;

use chrono::{Datelike, Months, NaiveDate};
use uuid::Uuid;

use super::kind::Keep;
use super::{Opportunity, Store};

/// How many whole months before this one a closed deal stays in the browser's copy.
pub const KEEP_MONTHS: u32 = 12;

/// The first day a closed deal must have closed on to be kept at `today`.
pub fn horizon(today: NaiveDate) -> NaiveDate {
    let month = today.with_day(1).unwrap_or(today);
    month - Months::new(KEEP_MONTHS)
}

/// Whether the browser keeps this deal at `horizon`: open, or closed on or after it.
pub fn keeps_deal(o: &Opportunity, horizon: NaiveDate) -> bool {
    o.closed_on.is_none_or(|closed| closed >= horizon)
}

/// Forgets the deals that aged out of the copy by `today`, and what belongs to them; returns
/// the ids forgotten. Never a record in `pinned` (a change of it waits in the outbox), nor what
/// belongs to a pinned deal. People and companies stay: the browser cannot tell when they last
/// changed, and they are few beside the deals' history; a full pull leaves out the old ones.
pub fn prune(store: &mut Store, today: NaiveDate, pinned: &HashSet<Uuid>) -> Vec<Uuid> {
    let horizon = horizon(today);
    let gone: HashSet<Uuid> = store
        .opportunities
        .values()
        .filter(|o| !keeps_deal(o, horizon) && !pinned.contains(&o.id))
        .map(|o| o.id)
        .collect();
    if gone.is_empty() {
        return Vec::new();
    }
    let mut forgotten: Vec<Uuid> = gone.iter().copied().collect();
    store.retain_kept(&mut |keep, id, parent| {
        let drop = match keep {
            Keep::OpenOrRecent => gone.contains(&id),
            Keep::WithParent => parent.is_some_and(|p| gone.contains(&p)) && !pinned.contains(&id),
            Keep::All | Keep::WhileNamed => false,
        };
        if drop && keep == Keep::WithParent {
            forgotten.push(id);
        }
        !drop
    });
    forgotten
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::{MIN_TREND_MONTHS, Period};
    use crate::domain::{Activity, Note, Record, Subject};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_horizon_is_the_first_of_the_month_a_year_back() {
        assert_eq!(horizon(day(2026, 12, 4)), day(2025, 12, 1));
        assert_eq!(horizon(day(2026, 1, 31)), day(2025, 1, 1));
        assert_eq!(horizon(day(2028, 2, 29)), day(2027, 2, 1));
    }

    #[test]
    fn the_dashboard_never_reads_before_the_horizon() {
        // Every period, and the won/lost trend, starts on or after the horizon: the dashboard
        // gives the same figures from the browser's copy as from the server.
        for today in [
            day(2026, 1, 1),
            day(2026, 6, 30),
            day(2026, 12, 31),
            day(2027, 3, 15),
        ] {
            for period in Period::ALL {
                let (start, _) = period.range(today);
                assert!(start >= horizon(today), "{period:?} at {today}");
            }
            let trend_start = today.with_day(1).unwrap() - Months::new(MIN_TREND_MONTHS - 1);
            assert!(trend_start >= horizon(today));
        }
    }

    #[test]
    fn a_deal_is_kept_while_open_or_closed_since_the_horizon() {
        let h = day(2025, 12, 1);
        let mut o = Opportunity::sample(Uuid::nil(), "Máy chủ");
        assert!(keeps_deal(&o, h), "open");
        o.closed_on = Some(day(2025, 12, 1));
        assert!(keeps_deal(&o, h), "closed on the horizon");
        o.closed_on = Some(day(2025, 11, 30));
        assert!(!keeps_deal(&o, h), "closed the day before");
    }

    fn activity_about(deal: Uuid) -> Activity {
        Activity {
            id: Uuid::now_v7(),
            type_id: Uuid::now_v7(),
            subject: Subject::deal(deal),
            summary: "Gọi lại / Call back".into(),
            note: String::new(),
            due: day(2026, 12, 1),
            user_id: None,
            done: false,
            done_on: None,
            feedback: String::new(),
            version: 1,
            deleted: false,
        }
    }

    #[test]
    fn pruning_forgets_old_closed_deals_and_what_belongs_to_them_only() {
        let today = day(2026, 12, 4);
        let mut old = Opportunity::sample(Uuid::nil(), "Closed in 2024");
        old.closed_on = Some(day(2024, 5, 2));
        let mut recent = Opportunity::sample(Uuid::nil(), "Won last month");
        recent.closed_on = Some(day(2026, 11, 2));
        let open = Opportunity::sample(Uuid::nil(), "Open");
        let mut pinned_old = Opportunity::sample(Uuid::nil(), "Old, being edited");
        pinned_old.closed_on = Some(day(2023, 1, 9));
        let on_old = activity_about(old.id);
        let on_open = activity_about(open.id);
        let on_pinned = activity_about(pinned_old.id);
        let note = Note {
            id: Uuid::now_v7(),
            subject: Subject::deal(old.id),
            text: "Khách hàng đã ký / signed".into(),
            version: 1,
            deleted: false,
        };
        let mut store = Store::default();
        for r in [
            Record::Opportunity(old.clone()),
            Record::Opportunity(recent.clone()),
            Record::Opportunity(open.clone()),
            Record::Opportunity(pinned_old.clone()),
            Record::Activity(on_old.clone()),
            Record::Activity(on_open.clone()),
            Record::Activity(on_pinned.clone()),
            Record::Note(note.clone()),
        ] {
            store.put(r);
        }
        let pinned = HashSet::from([pinned_old.id]);
        let mut forgotten = prune(&mut store, today, &pinned);
        forgotten.sort();
        let mut expected = vec![old.id, on_old.id, note.id];
        expected.sort();
        assert_eq!(forgotten, expected);
        for kept in [recent.id, open.id, pinned_old.id, on_open.id, on_pinned.id] {
            assert!(store.get(kept).is_some(), "{kept} kept");
        }
        assert!(
            prune(&mut store, today, &pinned).is_empty(),
            "nothing twice"
        );
    }
}
