//! The browser half of drag and drop: pointer and touch events, hit testing, auto-scroll.

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
            d.target = hit_test(drag, d.at.0, d.at.1, d.id);
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
                let target = hit_test(drag, x, y, id);
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

/// How far to scroll along one axis: towards the near edge when the pointer is within `EDGE`.
fn edge_step(pointer: f64, start: f64, end: f64) -> i32 {
    if pointer < start + EDGE {
        -12
    } else if pointer > end - EDGE {
        12
    } else {
        0
    }
}

/// Scrolls the board or the column under the pointer when it is near their edges.
fn auto_scroll(x: f64, y: f64) -> bool {
    let mut scrolled = false;
    if let Ok(Some(board)) = document().query_selector(".board") {
        let r = board.get_bounding_client_rect();
        let before = board.scroll_left();
        board.set_scroll_left(before + edge_step(x, r.left(), r.right()));
        scrolled |= board.scroll_left() != before;
    }
    if let Some(cards) = element_at(x, y).and_then(|e| e.closest(".cards").ok().flatten()) {
        let r = cards.get_bounding_client_rect();
        let before = cards.scroll_top();
        cards.set_scroll_top(before + edge_step(y, r.top(), r.bottom()));
        scrolled |= cards.scroll_top() != before;
    }
    scrolled
}

/// Scrolls the page holding `inside` (its `.page`) when a pointer at height `y` is near its top
/// or bottom edge, so a drag can reach what is out of sight; whether it scrolled.
pub fn scroll_page_near_edge(inside: &str, y: f64) -> bool {
    let Some(page) = document()
        .query_selector(inside)
        .ok()
        .flatten()
        .and_then(|e| e.closest(".page").ok().flatten())
    else {
        return false;
    };
    let r = page.get_bounding_client_rect();
    let before = page.scroll_top();
    page.set_scroll_top(before + edge_step(y, r.top(), r.bottom()));
    page.scroll_top() != before
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
/// The column and place under the pointer, if the dragged card may go there.
fn hit_test(drag: Drag, x: f64, y: f64, dragged: Uuid) -> Option<DropTarget> {
    let column = element_at(x, y)?
        .closest("[data-stage-id]")
        .ok()
        .flatten()?;
    let stage_id = Uuid::parse_str(&column.get_attribute("data-stage-id")?).ok()?;
    if !untrack(|| drag.accepts(dragged, stage_id)) {
        return None;
    }
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
    d.target = hit_test(drag, d.at.0, d.at.1, d.id);
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
    let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
    // Let go where the last move was: its target is known (the auto-scroll keeps it while the
    // board scrolls), and asking the page again would make it lay itself out before the drop.
    let target = match d.target {
        Some(known) if at == d.at => Some(known),
        _ => hit_test(drag, at.0, at.1, d.id).or(d.target),
    };
    let locale = drag.locale.get_untracked();
    let problem = match target {
        Some(target) => drop_card(drag, locale, d.id, target).err(),
        // Let go over another team's stage: it is said why the card went back.
        None => closed_column_at(drag, at.0, at.1, d.id).then(|| {
            drag.layout
                .with_untracked(|l| l.closed_why.clone())
                .unwrap_or_else(|| locale.t(crate::i18n::Key::OtherTeamsStage).to_string())
        }),
    };
    if let Some(message) = problem {
        drag.sync
            .notices
            .update(|n| n.push(Notice::Problem(message)));
    }
}

/// Whether the pointer is over a column the dragged card may not go to.
fn closed_column_at(drag: Drag, x: f64, y: f64, dragged: Uuid) -> bool {
    element_at(x, y)
        .and_then(|e| e.closest("[data-stage-id]").ok().flatten())
        .and_then(|column| column.get_attribute("data-stage-id"))
        .and_then(|id| Uuid::parse_str(&id).ok())
        .is_some_and(|stage_id| !untrack(|| drag.accepts(dragged, stage_id)))
}

pub fn listen(drag: Drag) {
    let handles = [
        window_event_listener(leptos::ev::pointermove, move |ev| pointer_move(drag, &ev)),
        window_event_listener(leptos::ev::pointerup, move |ev| pointer_up(drag, &ev)),
        window_event_listener(leptos::ev::pointercancel, move |ev| {
            if drag
                .state
                .with_untracked(|s| s.as_ref().is_some_and(|d| d.pointer_id == ev.pointer_id()))
            {
                end(drag);
            }
        }),
    ];
    // The board goes when another page is shown; its listeners go with it.
    on_cleanup(move || {
        for handle in handles {
            handle.remove();
        }
    });
    // Once a touch drag has started, the finger must move the card, not the page. After the
    // board has gone, its state has too: nothing is being dragged.
    hold_the_page_while(move || {
        drag.state
            .try_with_untracked(|s| s.as_ref().is_some_and(|d| d.active))
            .unwrap_or(false)
    });
}

/// While `dragging` says so, a finger moves what it drags, not the page: a page-wide touch
/// listener (it must not be passive, or the browser would ignore `prevent_default`). One
/// listener for the page's life, asking the page shown last (the board or the calendar): a
/// page drawn again replaces its question rather than adding a listener each time.
pub fn hold_the_page_while(dragging: impl Fn() -> bool + 'static) {
    thread_local! {
        static DRAGGING: std::cell::RefCell<Option<Box<dyn Fn() -> bool>>> =
            const { std::cell::RefCell::new(None) };
        static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    DRAGGING.with(|d| *d.borrow_mut() = Some(Box::new(dragging)));
    if LISTENING.with(|l| l.replace(true)) {
        return;
    }
    let on_touch_move =
        Closure::<dyn FnMut(web_sys::TouchEvent)>::new(move |ev: web_sys::TouchEvent| {
            if DRAGGING.with(|d| d.borrow().as_ref().is_some_and(|held| held())) {
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
