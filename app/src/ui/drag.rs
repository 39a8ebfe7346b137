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
    pub state: RwSignal<Option<DragState>>,
    /// Set when a drag ends, so the click that follows the release does not open the card.
    suppress_click: StoredValue<bool>,
    pub dragged: Memo<Option<Uuid>>,
    pub target: Memo<Option<DropTarget>>,
}

impl Drag {
    /// Creates the drag state for a board and, in the browser, its window listeners.
    pub fn provide() -> Drag {
        let state = RwSignal::new(None::<DragState>);
        let dragged =
            Memo::new(move |_| state.with(|s| s.as_ref().filter(|d| d.active).map(|d| d.id)));
        let target = Memo::new(move |_| {
            state.with(|s| s.as_ref().filter(|d| d.active).and_then(|d| d.target))
        });
        let sync = expect_context::<SyncHandle>();
        let drag = Drag {
            sync,
            state,
            suppress_click: StoredValue::new(false),
            dragged,
            target,
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

    pub fn pointer_down(&self, ev: &web_sys::PointerEvent, id: Uuid) {
        #[cfg(feature = "hydrate")]
        browser::pointer_down(*self, ev, id);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, id);
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
        .filter(|o| o.stage_id == target.stage_id && !o.deleted)
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
    let next = others.get(index).map(|o| o.position.as_str());
    fractional_index::key_between(prev, next)
        .or_else(|_| fractional_index::key_between(prev, None))
        .ok()
}

/// Finishes a drag: writes the move as a mutation.
#[cfg(feature = "hydrate")]
fn drop_card(sync: SyncHandle, dragged: Uuid, target: DropTarget) -> Result<(), String> {
    let (position, base_version) = sync.view.with_untracked(|v| {
        let version = v.opportunities.get(&dragged).map_or(0, |o| o.version);
        (drop_position(v, dragged, target), version)
    });
    let Some(position) = position else {
        return Ok(());
    };
    sync.mutate(Mutation::MoveOpportunity {
        id: dragged,
        stage_id: target.stage_id,
        position,
        base_version,
    })
    .map_err(|e| e.to_string())
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::time::Duration;

    use leptos::prelude::*;
    use uuid::Uuid;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;

    use super::*;
    use crate::sync::handle::Notice;

    const MOUSE_SLOP: f64 = 4.0;
    const TOUCH_SLOP: f64 = 10.0;
    const LONG_PRESS_MS: u64 = 250;
    const EDGE: f64 = 48.0;

    pub fn pointer_down(drag: Drag, ev: &web_sys::PointerEvent, id: Uuid) {
        if ev.button() != 0 || !ev.is_primary() {
            return;
        }
        let Some(card) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        // Stars and other controls on the card keep their own clicks.
        let on_control = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| {
                t.closest("button, input, select, a, textarea")
                    .ok()
                    .flatten()
            })
            .is_some();
        if on_control {
            return;
        }
        drag.suppress_click.set_value(false);
        let rect = card.get_bounding_client_rect();
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let touch = ev.pointer_type() != "mouse";
        let pointer_id = ev.pointer_id();
        drag.state.set(Some(DragState {
            id,
            pointer_id,
            touch,
            active: false,
            start: (x, y),
            at: (x, y),
            grab: (x - rect.left(), y - rect.top()),
            size: (rect.width(), rect.height()),
            target: None,
        }));
        if touch {
            set_timeout(
                move || {
                    let still_pressed = drag.state.with_untracked(|s| {
                        s.as_ref()
                            .is_some_and(|d| d.pointer_id == pointer_id && !d.active)
                    });
                    if still_pressed {
                        activate(drag);
                    }
                },
                Duration::from_millis(LONG_PRESS_MS),
            );
        } else {
            let _ = card.set_pointer_capture(pointer_id);
        }
    }

    fn activate(drag: Drag) {
        drag.state.update(|s| {
            if let Some(d) = s {
                d.active = true;
                d.target = hit_test(d.at.0, d.at.1, d.id);
            }
        });
        if let Ok(nav) = window().navigator().dyn_into::<web_sys::Navigator>() {
            let _ = nav.vibrate_with_duration(15);
        }
        // Scroll the board while the pointer rests near an edge.
        let handle = set_interval_with_handle(
            move || {
                let Some((x, y, id)) = drag.state.with_untracked(|s| {
                    s.as_ref()
                        .filter(|d| d.active)
                        .map(|d| (d.at.0, d.at.1, d.id))
                }) else {
                    return;
                };
                if auto_scroll(x, y) {
                    let target = hit_test(x, y, id);
                    drag.state.update(|s| {
                        if let Some(d) = s {
                            d.target = target;
                        }
                    });
                }
            },
            Duration::from_millis(16),
        );
        if let Ok(handle) = handle {
            AUTO_SCROLL.with(|h| {
                if let Some(old) = h.replace(Some(handle)) {
                    old.clear();
                }
            });
        }
    }

    thread_local! {
        static AUTO_SCROLL: std::cell::Cell<Option<IntervalHandle>> = const { std::cell::Cell::new(None) };
    }

    fn end(drag: Drag) {
        AUTO_SCROLL.with(|h| {
            if let Some(handle) = h.take() {
                handle.clear();
            }
        });
        drag.state.set(None);
    }

    /// Scrolls the board or the column under the pointer when it is near their edges.
    fn auto_scroll(x: f64, y: f64) -> bool {
        let mut scrolled = false;
        let doc = document();
        if let Ok(Some(board)) = doc.query_selector(".board") {
            let r = board.get_bounding_client_rect();
            let dx = if x < r.left() + EDGE {
                -12
            } else if x > r.right() - EDGE {
                12
            } else {
                0
            };
            if dx != 0 {
                let before = board.scroll_left();
                board.set_scroll_left(before + dx);
                scrolled |= board.scroll_left() != before;
            }
        }
        if let Some(cards) = element_at(x, y).and_then(|e| e.closest(".cards").ok().flatten()) {
            let r = cards.get_bounding_client_rect();
            let dy = if y < r.top() + EDGE {
                -12
            } else if y > r.bottom() - EDGE {
                12
            } else {
                0
            };
            if dy != 0 {
                let before = cards.scroll_top();
                cards.set_scroll_top(before + dy);
                scrolled |= cards.scroll_top() != before;
            }
        }
        scrolled
    }

    fn element_at(x: f64, y: f64) -> Option<web_sys::Element> {
        document()
            .elements_from_point(x as f32, y as f32)
            .iter()
            .find_map(|v| {
                let e = v.dyn_into::<web_sys::Element>().ok()?;
                (!e.class_list().contains("dragging")
                    && e.closest(".dragging").ok().flatten().is_none())
                .then_some(e)
            })
    }

    /// The column under the pointer and the card the drop would go before.
    fn hit_test(x: f64, y: f64, dragged: Uuid) -> Option<DropTarget> {
        let column = element_at(x, y)?
            .closest("[data-stage-id]")
            .ok()
            .flatten()?;
        let stage_id = Uuid::parse_str(&column.get_attribute("data-stage-id")?).ok()?;
        let cards = column.query_selector_all(".card[data-id]").ok()?;
        let mut before = None;
        for i in 0..cards.length() {
            let Some(card) = cards
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let Some(id) = card
                .get_attribute("data-id")
                .and_then(|s| Uuid::parse_str(&s).ok())
            else {
                continue;
            };
            if id == dragged {
                continue;
            }
            let r = card.get_bounding_client_rect();
            if y < r.top() + r.height() / 2.0 {
                before = Some(id);
                break;
            }
        }
        // Below the rendered cards of a long column: before the first one not rendered.
        if before.is_none() {
            before = column
                .query_selector(".spacer[data-next-id]")
                .ok()
                .flatten()
                .and_then(|s| s.get_attribute("data-next-id"))
                .and_then(|id| Uuid::parse_str(&id).ok());
        }
        Some(DropTarget { stage_id, before })
    }

    fn pointer_move(drag: Drag, ev: &web_sys::PointerEvent) {
        let Some(mut d) = drag.state.get_untracked() else {
            return;
        };
        if d.pointer_id != ev.pointer_id() {
            return;
        }
        d.at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let moved = (d.at.0 - d.start.0).hypot(d.at.1 - d.start.1);
        if !d.active {
            if d.touch {
                // The finger moved before the press became a drag: it is scrolling.
                if moved > TOUCH_SLOP {
                    drag.state.set(None);
                }
                return;
            }
            if moved <= MOUSE_SLOP {
                return;
            }
            drag.state.set(Some(d));
            activate(drag);
            return;
        }
        ev.prevent_default();
        d.target = hit_test(d.at.0, d.at.1, d.id);
        drag.state.set(Some(d));
    }

    fn pointer_up(drag: Drag, ev: &web_sys::PointerEvent) {
        let Some(d) = drag.state.get_untracked() else {
            return;
        };
        if d.pointer_id != ev.pointer_id() {
            return;
        }
        end(drag);
        if !d.active {
            return;
        }
        drag.suppress_click.set_value(true);
        let target =
            hit_test(f64::from(ev.client_x()), f64::from(ev.client_y()), d.id).or(d.target);
        if let Some(target) = target
            && let Err(message) = drop_card(drag.sync, d.id, target)
        {
            drag.sync
                .notices
                .update(|n| n.push(Notice::Problem(message)));
        }
    }

    pub fn listen(drag: Drag) {
        let _ = window_event_listener(leptos::ev::pointermove, move |ev| pointer_move(drag, &ev));
        let _ = window_event_listener(leptos::ev::pointerup, move |ev| pointer_up(drag, &ev));
        let _ = window_event_listener(leptos::ev::pointercancel, move |ev| {
            if drag
                .state
                .with_untracked(|s| s.as_ref().is_some_and(|d| d.pointer_id == ev.pointer_id()))
            {
                end(drag);
            }
        });
        // Once a touch drag has started, the finger must move the card, not the page. This
        // listener must not be passive, or the browser would ignore prevent_default.
        let on_touch_move =
            Closure::<dyn FnMut(web_sys::TouchEvent)>::new(move |ev: web_sys::TouchEvent| {
                if drag
                    .state
                    .with_untracked(|s| s.as_ref().is_some_and(|d| d.active))
                {
                    ev.prevent_default();
                }
            });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
            "touchmove",
            on_touch_move.as_ref().unchecked_ref(),
            &options,
        );
        on_touch_move.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Money, Opportunity};
    use crate::sync::view::Snapshot;

    fn card(stage_id: Uuid, position: &str) -> Opportunity {
        Opportunity {
            id: Uuid::now_v7(),
            title: position.into(),
            customer_name: String::new(),
            email: String::new(),
            phone: String::new(),
            expected_revenue: Money::new(1, Currency::USD),
            probability: 10,
            stage_id,
            position: position.into(),
            priority: 0,
            salesperson_id: None,
            expected_close: None,
            version: 1,
            deleted: false,
        }
    }

    fn board() -> (Snapshot, Uuid, Uuid, Vec<Uuid>) {
        let (s1, s2) = (Uuid::now_v7(), Uuid::now_v7());
        let cards = [card(s1, "B"), card(s1, "M"), card(s1, "T"), card(s2, "V")];
        let ids = cards.iter().map(|c| c.id).collect();
        let snapshot = Snapshot {
            opportunities: cards.into_iter().map(|c| (c.id, c)).collect(),
            ..Default::default()
        };
        (snapshot, s1, s2, ids)
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
