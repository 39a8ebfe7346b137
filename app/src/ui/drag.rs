//! Drag and drop of cards with pointer events, for mouse and touch alike (the HTML5 drag API
//! does nothing on most phones). A mouse drag starts after a few pixels of movement; a touch
//! drag starts after a short press, so a finger that moves at once scrolls the board instead.
//! While dragging, the board scrolls when the pointer nears its edges.

use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "hydrate")]
use crate::domain::Mutation;
use crate::domain::{fractional_index, opportunity::column_order};
use crate::sync::handle::SyncHandle;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DropTarget {
    pub stage_id: Uuid,
    /// The card the dragged one goes before; `None` for the end of the column.
    pub before: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DragState {
    pub id: Uuid,
    pub pointer_id: i32,
    pub touch: bool,
    pub active: bool,
    pub start: (f64, f64),
    pub at: (f64, f64),
    /// Where the card was grabbed, from its top-left corner, and its size.
    pub grab: (f64, f64),
    pub size: (f64, f64),
    pub target: Option<DropTarget>,
}

#[derive(Clone, Copy)]
pub struct Drag {
    /// Captured here because window listeners run outside the component tree's context.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    sync: SyncHandle,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    locale: RwSignal<crate::i18n::Locale>,
    pub state: RwSignal<Option<DragState>>,
    /// Set when a drag ends, so the click that follows the release does not open the card.
    suppress_click: StoredValue<bool>,
    pub dragged: Memo<Option<Uuid>>,
    pub target: Memo<Option<DropTarget>>,
    /// How the board is laid out: sorted, grouped by another field than the stage.
    layout: Signal<Layout>,
    /// The board's columns, as shown.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    columns: Memo<Vec<crate::sync::view::Column>>,
}

/// How the board is laid out, as a drop reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Its cards sorted by a field rather than placed by hand: a card dropped changes column
    /// only, and goes after the cards placed in its new one.
    pub sorted: bool,
    /// Its columns by another field than the stage (`board_groups`): each one's id with what a
    /// card dropped in it takes, for those that take one.
    pub lanes: Option<Vec<(Uuid, crate::domain::OpportunityFields)>>,
    /// Why a card let go over a column it may not go to stays where it was, when not because
    /// the column is another team's stage (a required field's column of none).
    pub closed_why: Option<String>,
}

impl Layout {
    /// Whether a drop changes column only (a place in it means nothing by hand).
    fn by_column(&self) -> bool {
        self.sorted || self.lanes.is_some()
    }
}

impl Drag {
    /// Creates the drag state for a board and, in the browser, its window listeners.
    /// `layout`: how the board is laid out; `columns`: its columns, as shown.
    pub fn provide(layout: Signal<Layout>, columns: Memo<Vec<crate::sync::view::Column>>) -> Drag {
        let state = RwSignal::new(None::<DragState>);
        let dragged =
            Memo::new(move |_| state.with(|s| s.as_ref().filter(|d| d.active).map(|d| d.id)));
        let target = Memo::new(move |_| {
            state
                .with(|s| s.as_ref().filter(|d| d.active).and_then(|d| d.target))
                .map(|t| placed(t, layout.with(Layout::by_column)))
        });
        let sync = expect_context::<SyncHandle>();
        let drag = Drag {
            sync,
            locale: super::use_locale(),
            state,
            suppress_click: StoredValue::new(false),
            dragged,
            target,
            layout,
            columns,
        };
        provide_context(drag);
        #[cfg(feature = "hydrate")]
        browser::listen(drag);
        drag
    }

    /// True (once) when the click being handled ends a drag rather than being a click.
    pub fn take_click_suppression(&self) -> bool {
        let suppressed = self.suppress_click.get_value();
        self.suppress_click.set_value(false);
        suppressed
    }

    /// Inline style of the ghost card that follows the pointer.
    pub fn ghost_style(&self) -> String {
        self.state.with(|s| match s {
            Some(d) if d.active => format!(
                "left:{}px;top:{}px;width:{}px;height:{}px;",
                d.at.0 - d.grab.0,
                d.at.1 - d.grab.1,
                d.size.0,
                d.size.1
            ),
            _ => String::new(),
        })
    }

    /// Whether the dragged card may go to the column `column_id`: any of a board grouped by
    /// another field than the stage, otherwise a stage it may go to (`accepts`).
    pub fn accepts(&self, dragged: Uuid, column_id: Uuid) -> bool {
        let lanes = self.layout.with_untracked(|l| {
            l.lanes
                .as_ref()
                .map(|lanes| lanes.iter().any(|(id, _)| *id == column_id))
        });
        match lanes {
            Some(listed) => listed,
            None => self.sync.view.with(|v| accepts(v, dragged, column_id)),
        }
    }

    pub fn pointer_down(&self, ev: &web_sys::PointerEvent, id: Uuid) {
        #[cfg(feature = "hydrate")]
        browser::pointer_down(*self, ev, id);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, id);
    }
}

/// Where a drop lands: before the card under the pointer, or, when only its column counts (the
/// cards sorted by a field, the columns another field's values), at the end of the column.
fn placed(target: DropTarget, by_column: bool) -> DropTarget {
    match by_column {
        true => DropTarget {
            before: None,
            ..target
        },
        false => target,
    }
}

/// Whether a card may go to this stage's column: every team's stage, or one of its own team's
/// (the rule `MoveOpportunity` runs). A drag lights only the columns it may go to.
pub fn accepts(view: &crate::sync::view::Snapshot, dragged: Uuid, stage_id: Uuid) -> bool {
    let card = view.opportunities.get(&dragged);
    let stage = crate::domain::stage::find(&view.stages, stage_id);
    match (card, stage) {
        (Some(card), Some(stage)) => match (stage.team_id, card.team_id) {
            (Some(own), Some(team)) => own == team,
            _ => true,
        },
        _ => false,
    }
}

/// The position for a card dropped before `before` (or at the end) of the stage's column, or
/// `None` when the drop leaves it where it is.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn drop_position(
    view: &crate::sync::view::Snapshot,
    dragged: Uuid,
    target: DropTarget,
) -> Option<String> {
    let mut cards: Vec<_> = view
        .opportunities
        .values()
        .filter(|o| o.stage_id == target.stage_id && !o.deleted && !o.lost)
        .collect();
    cards.sort_by(|a, b| column_order(a, b));
    let dragged_index = cards.iter().position(|o| o.id == dragged);
    let index = target
        .before
        .and_then(|b| cards.iter().position(|o| o.id == b))
        .unwrap_or(cards.len());
    // Dropped just before itself or just after itself: nothing moves.
    if let Some(i) = dragged_index
        && (index == i || index == i + 1)
    {
        return None;
    }
    let others: Vec<_> = cards.iter().filter(|o| o.id != dragged).collect();
    let index = target
        .before
        .and_then(|b| others.iter().position(|o| o.id == b))
        .unwrap_or(others.len());
    let prev = index.checked_sub(1).map(|i| others[i].position.as_str());
    // Cards with equal positions (two drops into one slot offline) sort by id; no key fits
    // between equals, so the card goes right after them, before the next different one, not
    // to the column's end.
    let next = others[index..]
        .iter()
        .map(|o| o.position.as_str())
        .find(|p| prev.is_none_or(|prev| *p > prev));
    fractional_index::key_between(prev, next)
        .or_else(|_| fractional_index::key_between(prev, None))
        .ok()
}

/// Finishes a drag: writes the move as a mutation.
#[cfg(feature = "hydrate")]
fn drop_card(
    drag: Drag,
    locale: crate::i18n::Locale,
    dragged: Uuid,
    target: DropTarget,
) -> Result<(), String> {
    let sync = drag.sync;
    let layout = drag.layout.get_untracked();
    let target = placed(target, layout.by_column());
    // Only its column counts: let go in its own, it stays where it is.
    let from = drag.columns.with_untracked(|cs| {
        cs.iter()
            .find(|c| c.ids.contains(&dragged))
            .map(|c| c.stage.id)
    });
    if layout.by_column() && from == Some(target.stage_id) {
        return Ok(());
    }
    let base_version = sync
        .view
        .with_untracked(|v| v.opportunities.get(&dragged).map_or(0, |o| o.version));
    // Grouped by another field: the card takes the column's value, in the stage it is in.
    if let Some(lanes) = &layout.lanes {
        let Some((_, fields)) = lanes.iter().find(|(id, _)| *id == target.stage_id) else {
            return Ok(());
        };
        return sync
            .mutate(Mutation::SetOpportunityFields {
                id: dragged,
                fields: fields.clone(),
                base_version,
            })
            .map_err(|e| super::explain(locale, e));
    }
    let position = sync
        .view
        .with_untracked(|v| drop_position(v, dragged, target));
    let Some(position) = position else {
        return Ok(());
    };
    sync.mutate(Mutation::MoveOpportunity {
        id: dragged,
        stage_id: target.stage_id,
        position,
        base_version,
    })
    .map_err(|e| super::explain(locale, e))
}

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "hydrate")]
pub use browser::{hold_the_page_while, scroll_page_near_edge};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Opportunity;
    use crate::sync::view::Snapshot;

    fn card(stage_id: Uuid, position: &str) -> Opportunity {
        Opportunity {
            position: position.into(),
            ..Opportunity::sample(stage_id, position)
        }
    }

    fn board() -> (Snapshot, Uuid, Uuid, Vec<Uuid>) {
        let (s1, s2) = (Uuid::now_v7(), Uuid::now_v7());
        let cards = [card(s1, "B"), card(s1, "M"), card(s1, "T"), card(s2, "V")];
        let ids = cards.iter().map(|c| c.id).collect();
        let snapshot = Snapshot {
            store: crate::domain::Store {
                opportunities: cards.into_iter().map(|c| (c.id, c)).collect(),
                ..Default::default()
            },
            ..Default::default()
        };
        (snapshot, s1, s2, ids)
    }

    #[test]
    fn a_card_is_offered_every_teams_stages_and_its_own_teams_but_no_other_teams() {
        let (mut view, s1, _, ids) = board();
        let (ours, theirs) = (Uuid::now_v7(), Uuid::now_v7());
        let stage = |team: Option<Uuid>| crate::domain::Stage {
            id: Uuid::now_v7(),
            name: "Khảo sát".into(),
            sequence: 1,
            is_won: false,
            folded: false,
            rotting_days: 0,
            probability: 40,
            team_id: team,
            version: 1,
            deleted: false,
        };
        let (shared, own, other) = (stage(None), stage(Some(ours)), stage(Some(theirs)));
        view.store.stages = vec![shared.clone(), own.clone(), other.clone()];
        if let Some(card) = view.store.opportunities.get_mut(&ids[0]) {
            card.team_id = Some(ours);
        }
        assert!(accepts(&view, ids[0], shared.id));
        assert!(accepts(&view, ids[0], own.id));
        assert!(
            !accepts(&view, ids[0], other.id),
            "another team's stage is refused"
        );
        assert!(!accepts(&view, ids[0], s1), "a stage that is not there");
        // A card of no team may go to any team's stage.
        assert!(accepts(&view, ids[1], other.id));
    }

    #[test]
    fn a_card_dropped_between_two_with_equal_positions_lands_right_after_them() {
        let s = Uuid::now_v7();
        let mut cards = vec![card(s, "B"), card(s, "M"), card(s, "M"), card(s, "M")];
        cards.extend((0..20u8).map(|i| card(s, &format!("T{}", char::from(b'a' + i)))));
        let dragged = card(s, "z");
        let mut sorted = cards.clone();
        sorted.sort_by(column_order);
        let view = Snapshot {
            store: crate::domain::Store {
                opportunities: cards
                    .iter()
                    .chain([&dragged])
                    .map(|c| (c.id, c.clone()))
                    .collect(),
                ..Default::default()
            },
            ..Default::default()
        };
        // Dropped before the second of the three equal cards.
        let pos = drop_position(
            &view,
            dragged.id,
            DropTarget {
                stage_id: s,
                before: Some(sorted[2].id),
            },
        )
        .unwrap();
        assert!(pos.as_str() > "M" && pos.as_str() < "Ta", "{pos}");
        let mut after = sorted.clone();
        after.push(Opportunity {
            position: pos,
            ..dragged
        });
        after.sort_by(column_order);
        let landed = after.iter().position(|o| o.id == dragged.id).unwrap();
        assert_eq!(
            landed, 4,
            "right after the equal ones, not twenty places lower"
        );
    }

    #[test]
    fn dropping_a_card_between_two_others_puts_it_between_them() {
        let (view, s1, _, ids) = board();
        let pos = drop_position(
            &view,
            ids[2],
            DropTarget {
                stage_id: s1,
                before: Some(ids[1]),
            },
        )
        .unwrap();
        assert!("B" < pos.as_str() && pos.as_str() < "M");
    }

    #[test]
    fn dropping_into_another_column_at_the_end_goes_after_its_last_card() {
        let (view, _, s2, ids) = board();
        let pos = drop_position(
            &view,
            ids[0],
            DropTarget {
                stage_id: s2,
                before: None,
            },
        )
        .unwrap();
        assert!(pos.as_str() > "V");
    }

    #[test]
    fn dropping_a_card_where_it_already_is_changes_nothing() {
        let (view, s1, _, ids) = board();
        assert_eq!(
            drop_position(
                &view,
                ids[1],
                DropTarget {
                    stage_id: s1,
                    before: Some(ids[2])
                }
            ),
            None
        );
        assert_eq!(
            drop_position(
                &view,
                ids[1],
                DropTarget {
                    stage_id: s1,
                    before: Some(ids[1])
                }
            ),
            None
        );
        assert_eq!(
            drop_position(
                &view,
                ids[2],
                DropTarget {
                    stage_id: s1,
                    before: None
                }
            ),
            None
        );
    }
}
