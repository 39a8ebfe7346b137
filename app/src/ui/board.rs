//! The pipeline board: a column per stage with its count and total, cards with title, customer,
//! revenue and priority stars, quick-create at the top of a column, and drag and drop.

use leptos::prelude::*;
use uuid::Uuid;

use super::drag::Drag;
use super::use_locale;
use crate::domain::activity::Due;
use crate::domain::deal_filter::{DealFilter, Owner, Searched, Standing};
use crate::domain::{Mutation, NewOpportunity, Opportunity, OpportunityFields, fractional_index};
use crate::i18n::Key;
use crate::sync::handle::{MutateError, Notice, SyncHandle};
use crate::sync::view::Column;

#[component]
pub fn Board() -> impl IntoView {
    let sync = expect_context::<SyncHandle>();
    let locale = use_locale();
    let team = expect_context::<super::CurrentTeam>().0;
    let nav = expect_context::<super::routes::Nav>();
    let badges = expect_context::<super::activities::Badges>();
    // The filter is in the page's address, so a filtered board can be sent to a colleague.
    // The words typed are held here first, so none is lost to an address being replaced while
    // they are typed; the address follows them.
    let words = RwSignal::new(nav.query("q").unwrap_or_default());
    // A view chosen brings its own words.
    Effect::new(move |_| {
        let q = nav.query("q").unwrap_or_default();
        if words.with_untracked(|w| w.trim() != q.trim()) {
            words.set(q);
        }
    });
    let filter = Memo::new(move |_| DealFilter {
        words: words.get(),
        ..filter_of(nav)
    });
    // The conditions of the filter builder, also in the address (`f`).
    let conditions = Memo::new(move |_| super::views::filter_in(nav));
    let today_now = super::use_today();
    let reading = super::views::use_reading();
    // The cards' order (`sort`: a field, `-` first when descending; none, as placed by hand)
    // and the fields they show (`cards`), in the address too, so a view keeps them.
    let sort = Memo::new(move |_| nav.query("sort").unwrap_or_default());
    // Its columns by another field than the stage (`group`: `salesperson`, `priority`, a
    // custom field's key), a column per value.
    let group = Memo::new(move |_| nav.query("group").unwrap_or_default());
    let lanes = Memo::new(move |_| {
        group.with(|code| {
            (!code.is_empty())
                .then(|| {
                    sync.view
                        .with(|v| super::board_groups::lanes(v, code, locale.get()))
                })
                .flatten()
        })
    });
    provide_context(CardChoice(Memo::new(move |_| {
        super::list::shown_columns(nav.query("cards"))
    })));
    // The change of the view and the team the board as placed was last worked out at: a
    // card moved is taken out and put back, not every column worked out again.
    let placed_at = StoredValue::new(None::<(u64, Option<Uuid>)>);
    let columns = Memo::new(move |before: Option<&Vec<Column>>| {
        let team = team.get();
        let (f, c) = (filter.get(), conditions.get());
        let as_placed = lanes.with(Option::is_none) && sort.with(String::is_empty);
        let mut columns = if f.is_empty() && c.is_empty() {
            let now = sync.changes.with_value(|c| c.count);
            let since = match (before, placed_at.get_value()) {
                (Some(_), Some((at, was))) if as_placed && was == team => {
                    sync.changes.with_value(|c| c.since(at))
                }
                _ => None,
            };
            placed_at.set_value(as_placed.then_some((now, team)));
            sync.view.with(|v| {
                before
                    .zip(since)
                    .and_then(|(before, changed)| v.columns_after(before, team, &changed))
                    .unwrap_or_else(|| v.columns(team))
            })
        } else {
            placed_at.set_value(None);
            let (today, reading) = (today_now.get(), reading());
            badges.with(|due| {
                sync.view
                    .with(|v| kept(v, team, &f, &c, due, today, reading))
            })
        };
        lanes.with(|lanes| {
            if let Some(lanes) = lanes {
                columns = group.with(|code| {
                    sync.view
                        .with(|v| super::board_groups::regroup(&columns, v, code, lanes))
                });
            }
        });
        sort.with(|code| {
            if !code.is_empty() {
                // (`sort_columns` leaves the board as placed when the code names no field.)
                let today = today_now.get();
                sync.view
                    .with(|v| super::list::sort_columns(&mut columns, code, v, today));
            }
        });
        columns
    });
    // How many deals a saved view keeps on this board.
    let count_of = Callback::new(move |view: crate::domain::SavedView| {
        let (team, today, reading) = (
            team.get_untracked(),
            today_now.get_untracked(),
            untrack(reading),
        );
        let f = untrack(|| DealFilter {
            words: view.params.get("q").cloned().unwrap_or_default(),
            ..deal_filter_of(&|key| view.params.get(key).cloned())
        });
        badges.with_untracked(|due| {
            sync.view.with_untracked(|v| {
                kept(v, team, &f, &view.filter, due, today, reading)
                    .iter()
                    .map(|c| c.ids.len())
                    .sum::<usize>()
            })
        })
    });
    let stage_ids =
        Memo::new(move |_| columns.with(|cs| cs.iter().map(|c| c.stage.id).collect::<Vec<_>>()));
    let layout = Signal::derive(move || super::drag::Layout {
        sorted: sort.with(|s| sync.view.with(|v| super::list::sorts_by_a_field(s, v))),
        lanes: lanes.with(|lanes| {
            lanes.as_ref().map(|lanes| {
                // The columns a card may be dropped in.
                lanes
                    .iter()
                    .filter(|lane| lane.takes)
                    .map(|lane| (lane.id, lane.fields.clone()))
                    .collect()
            })
        }),
        closed_why: group.with(|code| {
            sync.view
                .with(|v| super::board_groups::closed_why(v, code, locale.get()))
        }),
    });
    let drag = Drag::provide(layout, columns);
    provide_context(FoldedColumns::restored());
    let dragging = move || drag.dragged.get().is_some();
    view! {
        <Show
            when=move || sync.loaded.get()
            fallback=move || view! { <p class="loading">{move || locale.get().t(Key::Loading)}</p> }
        >
            <div class="board-page">
                <BoardFilters filter words columns/>
                // The views, and beside them what a view keeps besides its filter.
                <div class="board-bar">
                    <super::views::ViewBar page="board" params=PARAMS count_of/>
                    <BoardOrder/>
                </div>
                <div class="board" class:is-dragging=dragging data-testid="board">
                    <For each=move || stage_ids.get() key=|id| *id let:stage_id>
                        <StageColumn stage_id columns/>
                    </For>
                </div>
            </div>
            <Show when=dragging>
                <Ghost/>
            </Show>
        </Show>
    }
}

/// The columns this person folded or unfolded on their board, by stage, over the stage's own
/// setting; remembered in this browser.
#[derive(Clone, Copy)]
struct FoldedColumns(RwSignal<std::collections::HashMap<Uuid, bool>>);

impl FoldedColumns {
    #[cfg(feature = "hydrate")]
    const KEY: &'static str = "rapport.folded";

    fn restored() -> FoldedColumns {
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::{LocalStorage, Storage};
            FoldedColumns(RwSignal::new(
                LocalStorage::get(Self::KEY).unwrap_or_default(),
            ))
        }
        #[cfg(not(feature = "hydrate"))]
        FoldedColumns(RwSignal::new(Default::default()))
    }

    /// Whether the column of `stage` is folded for this person (tracked).
    fn is_folded(self, stage: &crate::domain::Stage) -> bool {
        self.0
            .with(|chosen| chosen.get(&stage.id).copied().unwrap_or(stage.folded))
    }

    /// Folds an unfolded column, unfolds a folded one, and remembers it.
    fn toggle(self, stage: &crate::domain::Stage) {
        let folded = !self
            .0
            .with_untracked(|chosen| chosen.get(&stage.id).copied().unwrap_or(stage.folded));
        self.0.update(|chosen| {
            chosen.insert(stage.id, folded);
        });
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::{LocalStorage, Storage};
            let _ = self
                .0
                .with_untracked(|chosen| LocalStorage::set(Self::KEY, chosen));
        }
    }
}

/// The board's values in its address that a saved view keeps: its search and quick filters,
/// the cards' order, the field its columns are by (the stage when none) and the fields its cards
/// show.
const PARAMS: &[&str] = &[
    "q", "owner", "tag", "due", "rotting", "sort", "group", "cards",
];

/// The custom fields the board's view chose for its cards (`cards` in the address); `None`:
/// those marked "on the card".
#[derive(Clone, Copy)]
struct CardChoice(Memo<Option<std::collections::HashSet<String>>>);

/// The board's filter as the address says it: `q` (words), `owner` (`me` or a person's id),
/// `tag`, `due` (`overdue` or `today`) and `rotting` (`1`).
fn filter_of(nav: super::routes::Nav) -> DealFilter {
    deal_filter_of(&|key| nav.query(key))
}

/// The board's filter from the values of an address (the page's, or a saved view's).
fn deal_filter_of(query: &dyn Fn(&str) -> Option<String>) -> DealFilter {
    let id = |key| query(key).and_then(|v| Uuid::parse_str(&v).ok());
    DealFilter {
        words: query("q").unwrap_or_default(),
        owner: match query("owner").as_deref() {
            Some("me") => Owner::Me,
            _ => id("owner").map_or(Owner::Anyone, Owner::Person),
        },
        tag: id("tag"),
        due: match query("due").as_deref() {
            Some("overdue") => Some(Due::Overdue),
            Some("today") => Some(Due::Today),
            _ => None,
        },
        rotting: query("rotting").as_deref() == Some("1"),
    }
}

/// The board's columns with only the deals both filters keep: the quick ones (`f`) and the
/// builder's conditions (`c`), as read today by this person.
fn kept(
    v: &crate::sync::view::Snapshot,
    team: Option<Uuid>,
    f: &DealFilter,
    c: &crate::domain::filter::Filter,
    due: &std::collections::HashMap<Uuid, Due>,
    today: chrono::NaiveDate,
    reading: (crate::i18n::Locale, crate::i18n::Calendar),
) -> Vec<Column> {
    let rotting_days: std::collections::HashMap<Uuid, u16> =
        v.stages.iter().map(|s| (s.id, s.rotting_days)).collect();
    let cx = super::views::context(&v.store, v.user_id, today, reading);
    let keeper = crate::domain::filter::Keeper::new(c, "opportunity", &cx);
    v.columns_keeping(team, |o| {
        let searched = f.searches().then(|| {
            // Its contact's and company's names, emails and phones too.
            let contact = o.contact_id.and_then(|id| v.contacts.get(&id));
            let company = o.company_id.and_then(|id| v.companies.get(&id));
            let linked = [
                contact.map(|c| c.name.as_str()),
                contact.map(|c| c.email.as_str()),
                company.map(|c| c.name.as_str()),
                company.map(|c| c.email.as_str()),
            ];
            let phones = [
                contact.map(|c| c.phone.as_str()),
                company.map(|c| c.phone.as_str()),
            ];
            Searched::of(
                o,
                linked.into_iter().flatten(),
                phones.into_iter().flatten(),
            )
        });
        let standing = Standing {
            due: due.get(&o.id).copied(),
            rotting: f.rotting
                && o.is_rotting(rotting_days.get(&o.stage_id).copied().unwrap_or(0), today),
        };
        f.keeps(o, v.user_id, standing, searched.as_ref()) && keeper.keeps(o)
    })
}

/// Search and quick filters over the board: words, mine, a salesperson, a tag, activities due;
/// with how many deals they keep and a way to clear them.
#[component]
fn BoardFilters(
    filter: Memo<DealFilter>,
    words: RwSignal<String>,
    columns: Memo<Vec<Column>>,
) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let t = move |key| locale.get().t(key);
    let set = move |key: &'static str, value: String| {
        nav.set_query(key, (!value.trim().is_empty()).then_some(value));
    };
    let owner_value = move || match filter.with(|f| f.owner) {
        Owner::Anyone => String::new(),
        Owner::Me => "me".into(),
        Owner::Person(id) => id.to_string(),
    };
    let mine = move || filter.with(|f| f.owner == Owner::Me);
    let rotting = move || filter.with(|f| f.rotting);
    let users = move || {
        sync.view.with(|v| {
            v.users
                .iter()
                .map(|u| (u.id, u.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let tags = move || {
        sync.view.with(|v| {
            v.tags
                .iter()
                .filter(|x| !x.deleted)
                .map(|x| (x.id, x.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let options = move |chosen: String, choices: Vec<(Uuid, String)>| {
        choices
            .into_iter()
            .map(|(id, name)| {
                let selected = chosen == id.to_string();
                view! { <option value=id.to_string() selected=selected>{name}</option> }
            })
            .collect_view()
    };
    let shown = move || {
        let n = columns.with(|cs| cs.iter().map(|c| c.ids.len()).sum::<usize>());
        locale.get().t_n(Key::DealsShown, n)
    };
    view! {
        <div class="board-filters" data-testid="board-filters">
            <input
                type="search"
                data-testid="board-search"
                placeholder=move || t(Key::SearchDeals)
                aria-label=move || t(Key::SearchDeals)
                prop:value=words
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    words.set(typed.clone());
                    set("q", typed);
                }
            />
            // The quick filters: in the bar's line on a desktop, a line of their own that
            // scrolls sideways on a phone (style/main.css).
            <div class="filter-chips">
            <button
                type="button"
                class="chip"
                data-testid="filter-mine"
                aria-pressed=move || mine().to_string()
                on:click=move |_| set("owner", if mine() { String::new() } else { "me".into() })
            >
                {move || t(Key::Mine)}
            </button>
            <select
                data-testid="filter-owner"
                aria-label=move || t(Key::Salesperson)
                on:change=move |ev| set("owner", event_target_value(&ev))
                prop:value=owner_value
            >
                <option value="">{move || t(Key::AnySalesperson)}</option>
                <option value="me" selected=move || owner_value() == "me">{move || t(Key::Mine)}</option>
                {move || options(owner_value(), users())}
            </select>
            <select
                data-testid="filter-tag"
                aria-label=move || t(Key::Tags)
                on:change=move |ev| set("tag", event_target_value(&ev))
                prop:value=move || filter.with(|f| f.tag.map(|t| t.to_string()).unwrap_or_default())
            >
                <option value="">{move || t(Key::AnyTag)}</option>
                {move || options(filter.with(|f| f.tag.map(|t| t.to_string()).unwrap_or_default()), tags())}
            </select>
            <select
                data-testid="filter-due"
                aria-label=move || t(Key::Activities)
                on:change=move |ev| set("due", event_target_value(&ev))
                prop:value=move || match filter.with(|f| f.due) {
                    Some(Due::Overdue) => "overdue",
                    Some(_) => "today",
                    None => "",
                }
            >
                <option value="">{move || t(Key::AnyActivity)}</option>
                <option value="overdue">{move || t(Key::Overdue)}</option>
                <option value="today">{move || t(Key::DueTodayOrBefore)}</option>
            </select>
            <button
                type="button"
                class="chip"
                data-testid="filter-rotting"
                title=move || t(Key::RottingHint)
                aria-pressed=move || rotting().to_string()
                on:click=move |_| set("rotting", if rotting() { String::new() } else { "1".into() })
            >
                {move || t(Key::Rotting)}
            </button>
            </div>
            <Show when=move || {
                !filter.with(DealFilter::is_empty) || nav.query("f").is_some()
            }>
                <span class="filter-count" data-testid="filter-count" role="status">{shown}</span>
                <button
                    type="button"
                    class="chip"
                    data-testid="filter-clear"
                    on:click=move |_| {
                        words.set(String::new());
                        for key in ["q", "owner", "tag", "due", "rotting", "f", "view"] {
                            nav.set_query(key, None);
                        }
                    }
                >
                    {move || t(Key::ClearFilters)}
                </button>
            </Show>
        </div>
    }
}

/// The cards' order and fields, as the board's address keeps them (and so a view): sorted by
/// a field, either way, or as placed by hand; and which custom fields the cards show.
#[component]
fn BoardOrder() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let chosen = expect_context::<CardChoice>().0;
    let t = move |key| locale.get().t(key);
    let code = move || nav.query("sort").unwrap_or_default();
    let sorted_by = move || code().trim_start_matches('-').to_string();
    let descending = move || code().starts_with('-');
    let set = move |by: String, descending: bool| {
        let code = match (by.is_empty(), descending) {
            (true, _) => None,
            (false, true) => Some(format!("-{by}")),
            (false, false) => Some(by),
        };
        nav.set_query("sort", code);
    };
    // Worked out again as the copy changes, drawn again only when they change (a pull or a
    // move changes no field).
    let sorts = Memo::new(move |_| {
        sync.view
            .with(|v| super::list::board_sorts(locale.get(), v))
    });
    let fields: Signal<Vec<(String, String)>> = Signal::from(Memo::new(move |_| {
        let l = locale.get();
        sync.view.with(|v| {
            crate::domain::custom_field::of_kind(v, "opportunity")
                .into_iter()
                .map(|f| (f.key.clone(), l.custom_label(f)))
                .collect::<Vec<_>>()
        })
    }));
    // Without a choice in the address, the fields marked "on the card".
    let marked: Signal<std::collections::HashSet<String>> = Signal::from(Memo::new(move |_| {
        sync.view.with(|v| {
            super::custom::card_fields(v, None)
                .into_iter()
                .map(|f| f.key.clone())
                .collect::<std::collections::HashSet<String>>()
        })
    }));
    let label = Signal::derive(move || locale.get().field_label("custom_field", "on_card"));
    let grouped_by = move || nav.query("group").unwrap_or_default();
    let groupings = Memo::new(move |_| {
        sync.view
            .with(|v| super::board_groups::groupings(locale.get(), v))
    });
    view! {
        <span class="board-order">
        <label>
        <span>{move || t(Key::GroupBy)}</span>
        <select
            data-testid="board-group"
            prop:value=grouped_by
            on:change=move |ev| {
                let code = event_target_value(&ev);
                nav.set_query("group", (!code.is_empty()).then_some(code));
            }
        >
            <option value="">{move || t(Key::Stage)}</option>
            {move || super::parts::code_options(groupings.get(), &grouped_by())}
        </select>
        </label>
        <label>
        <span>{move || t(Key::SortBy)}</span>
        <select
            data-testid="board-sort"
            prop:value=sorted_by
            on:change=move |ev| set(event_target_value(&ev), false)
        >
            <option value="">{move || t(Key::AsPlaced)}</option>
            {move || super::parts::code_options(sorts.get(), &sorted_by())}
        </select>
        </label>
        <Show when=move || !code().is_empty()>
            <button
                type="button"
                class="chip"
                data-testid="board-sort-reversed"
                aria-pressed=move || descending().to_string()
                title=move || t(Key::Reversed)
                aria-label=move || t(Key::Reversed)
                on:click=move |_| set(sorted_by(), !descending())
            >
                {move || if descending() { "↓" } else { "↑" }}
            </button>
        </Show>
        <Show when=move || fields.with(|f| !f.is_empty())>
            <super::list::ColumnsMenu
                cols=chosen
                columns=fields
                param="cards"
                defaults=marked
                most=super::custom::MAX_CARD_LINES
                label
                testid="card-fields"
            />
        </Show>
        </span>
    }
}

#[component]
fn StageColumn(stage_id: Uuid, columns: Memo<Vec<Column>>) -> impl IntoView {
    let locale = use_locale();
    let drag = expect_context::<Drag>();
    let sync = expect_context::<SyncHandle>();
    let column =
        Memo::new(move |_| columns.with(|cs| cs.iter().find(|c| c.stage.id == stage_id).cloned()));
    let cards =
        Memo::new(move |_| column.with(|c| c.as_ref().map(|c| c.ids.clone()).unwrap_or_default()));
    let name =
        move || column.with(|c| c.as_ref().map(|c| c.stage.name.clone()).unwrap_or_default());
    let count = move || cards.with(Vec::len);
    // Only the cards in view are in the page: a column may hold thousands.
    let scroll_top = RwSignal::new(0.0);
    let viewport = viewport_height();
    // Each line of custom values the cards show makes every card taller by one line.
    let chosen = expect_context::<CardChoice>().0;
    let lines = Memo::new(move |_| {
        chosen.with(|chosen| {
            sync.view
                .with(|v| super::custom::card_lines(v, chosen.as_ref()))
        })
    });
    let row = move || ROW + CUSTOM_LINE * lines.get() as f64;
    let range =
        Memo::new(move |_| visible_range(scroll_top.get(), viewport, cards.with(Vec::len), row()));
    let folding = expect_context::<FoldedColumns>();
    let folded = Memo::new(move |_| {
        column.with(|c| c.as_ref().is_some_and(|c| folding.is_folded(&c.stage)))
    });
    let visible = Memo::new(move |_| {
        // A folded column draws no card.
        if folded.get() {
            return Vec::new();
        }
        let (start, end) = range.get();
        // Only these few cards are copied out of the snapshot.
        cards.with(|ids| {
            sync.view.with(|v| {
                ids[start..end]
                    .iter()
                    .filter_map(|id| v.opportunities.get(id).cloned())
                    .collect::<Vec<_>>()
            })
        })
    });
    // The first card below the rendered ones, so a drop under them lands before it.
    let next_id = move || {
        let (_, end) = range.get();
        cards.with(|c| c.get(end).map(|id| id.to_string()))
    };
    let settings = Memo::new(move |_| sync.view.with(|v| v.currency()));
    let totals = move || {
        let l = locale.get();
        settings.with(|s| {
            column.with(|c| {
                c.as_ref().filter(|c| !c.totals.is_empty()).map(|c| {
                    (
                        super::parts::in_company_currency(l, s, &c.totals),
                        super::parts::in_company_currency(l, s, &c.weighted),
                    )
                })
            })
        })
    };
    let fold = move |_| {
        if let Some(stage) = column.with_untracked(|c| c.as_ref().map(|c| c.stage.clone())) {
            folding.toggle(&stage);
        }
    };
    let fold_label = move || {
        locale.get().t(if folded.get() {
            Key::UnfoldColumn
        } else {
            Key::FoldColumn
        })
    };
    let won = move || column.with(|c| c.as_ref().is_some_and(|c| c.stage.is_won));
    let is_target = move || drag.target.get().is_some_and(|t| t.stage_id == stage_id);
    // While a card is dragged, a column it may not go to (another team's stage) says so.
    let closed = move || {
        drag.dragged
            .get()
            .is_some_and(|id| !drag.accepts(id, stage_id))
    };
    let drop_at_end = move || {
        drag.target
            .get()
            .is_some_and(|t| t.stage_id == stage_id && t.before.is_none())
    };
    let creating = RwSignal::new(false);
    let is_stage = move || {
        sync.view
            .with(|v| crate::domain::stage::find(&v.stages, stage_id).is_some())
    };
    let count_label = move || locale.get().t_n(Key::OpportunitiesCount, count());

    view! {
        <section
            class="column"
            class:folded=folded
            class:won=won
            class:drop-target=is_target
            class:drop-closed=closed
            class:drop-end=drop_at_end
            data-stage-id=stage_id.to_string()
            data-testid="column"
        >
            <header class="column-header">
                <div class="column-title">
                    <button
                        type="button"
                        class="fold"
                        data-testid="fold-column"
                        aria-expanded=move || (!folded.get()).to_string()
                        title=fold_label
                        aria-label=fold_label
                        on:click=fold
                    >
                        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15 6l-6 6 6 6"/></svg>
                    </button>
                    <h2 class="stage-name" title=name>{name}</h2>
                    <span class="count" data-testid="count" title=count_label>{move || locale.get().count(count() as i64)}</span>
                </div>
                <div class="column-total" data-testid="total">{move || totals().map(|t| t.0)}</div>
                <div class="column-weighted" data-testid="weighted">
                    {move || totals().map(|t| locale.get().t(Key::WeightedShort).replace("{amount}", &t.1))}
                </div>
                // A new deal is made in a stage: not in a column of another field's value.
                <Show when=is_stage>
                    <button
                        class="add"
                        data-testid="quick-create"
                        title=move || locale.get().t(Key::AddOpportunity)
                        aria-label=move || locale.get().t(Key::AddOpportunity)
                        on:click=move |_| creating.update(|c| *c = !*c)
                    >
                        "+"
                    </button>
                </Show>
            </header>
            <Show when=move || creating.get()>
                <QuickCreate stage_id creating/>
            </Show>
            <div
                class="cards"
                style=move || format!("--card-lines:{}", lines.get())
                on:scroll=move |ev| {
                    scroll_top.set(f64::from(event_target::<web_sys::Element>(&ev).scroll_top()))
                }
            >
                <div class="spacer" style=move || format!("height:{}px", range.get().0 as f64 * row())></div>
                <For each=move || visible.get() key=|o| o.clone() let:card>
                    <Card card/>
                </For>
                <div
                    class="spacer"
                    data-next-id=next_id
                    style=move || format!("height:{}px", (count() - range.get().1) as f64 * row())
                ></div>
                <Show when=move || count() == 0>
                    <p class="empty">{move || locale.get().t(Key::NoOpportunities)}</p>
                </Show>
            </div>
        </section>
    }
}

/// A card's height plus the gap after it, in CSS pixels (see `.card` in style/main.css): cards
/// have a fixed height so that a column can render only the ones in view.
pub const ROW: f64 = 140.0;
/// What a line of custom values adds to a card (`--card-lines` in style/main.css).
pub const CUSTOM_LINE: f64 = 16.0;
const OVERSCAN: usize = 4;

/// The cards of a column to render, `start..end`, for its scroll position and height, with
/// cards `row` apart.
pub fn visible_range(scroll_top: f64, viewport: f64, len: usize, row: f64) -> (usize, usize) {
    let first = (scroll_top.max(0.0) / row).floor() as usize;
    let in_view = (viewport.max(0.0) / row).ceil() as usize + 1;
    let start = first.saturating_sub(OVERSCAN).min(len);
    let end = (first + in_view + OVERSCAN).min(len);
    (start, end)
}

fn viewport_height() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(1000.0)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        1000.0
    }
}

#[component]
fn Card(card: Opportunity) -> impl IntoView {
    let drag = expect_context::<Drag>();
    let nav = expect_context::<super::routes::Nav>();
    let id = card.id;
    let open = move |_| {
        if !drag.take_click_suppression() {
            nav.open_deal(id);
        }
    };
    view! {
        <article
            class="card"
            class:dragging=move || drag.dragged.get() == Some(id)
            class:drop-before=move || drag.target.get().is_some_and(|t| t.before == Some(id))
            data-id=id.to_string()
            data-testid="card"
            on:pointerdown=move |ev| drag.pointer_down(&ev, id)
            on:contextmenu=move |ev| ev.prevent_default()
            on:click=open
        >
            <CardBody card/>
        </article>
    }
}

/// The dragged card, following the pointer; its place on the board stays, dimmed.
#[component]
fn Ghost() -> impl IntoView {
    let sync = expect_context::<SyncHandle>();
    let drag = expect_context::<Drag>();
    let card = move || {
        drag.dragged
            .get()
            .and_then(|id| sync.view.with(|v| v.opportunities.get(&id).cloned()))
    };
    view! {
        <article class="card ghost" style=move || drag.ghost_style() aria-hidden="true">
            {move || card().map(|card| view! { <CardBody card/> })}
        </article>
    }
}

#[component]
fn CardBody(card: Opportunity) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let id = card.id;
    let priority = card.priority;
    let revenue = card.expected_revenue;
    // Its probability, with the prediction and why as its title, once predicted.
    let (predicted, probability) = (card.predicted.is_some(), card.probability);
    // Why, once pointed at: working it out for every card drawn would cost a board of
    // thousands; until then the title says the prediction alone.
    let pointed = RwSignal::new(false);
    let probability_title = {
        let card = card.clone();
        move || {
            let (l, why) = (locale.get(), pointed.get());
            sync.view.with_untracked(|v| {
                super::prediction::card_title(l, v, &card, why).unwrap_or_default()
            })
        }
    };
    let salesperson = card.salesperson_id.and_then(|id| {
        sync.view
            .with_untracked(|v| v.users.iter().find(|u| u.id == id).cloned())
    });
    // Who the deal is with: the contact, and the company (its record's name once linked).
    let company = card
        .company_id
        .and_then(|id| {
            sync.view
                .with_untracked(|v| v.companies.get(&id).map(|c| c.name.clone()))
        })
        .unwrap_or_else(|| card.company_name.clone());
    let customer = match (card.customer_name.as_str(), company.as_str()) {
        (person, "") => person.to_string(),
        ("", company) => company.to_string(),
        (person, company) if person.contains(company) => person.to_string(),
        (person, company) => format!("{person}, {company}"),
    };
    let stars = (1..=3u8)
        .map(|n| {
            let set = move |ev: leptos::ev::MouseEvent| {
                // The star is on the card; the card's own click opens the form.
                ev.stop_propagation();
                let value = if priority == n { 0 } else { n };
                let change = Mutation::SetOpportunityFields {
                    id,
                    fields: OpportunityFields {
                        priority: Some(value),
                        ..Default::default()
                    },
                    base_version: 0,
                };
                report(sync, locale.get_untracked(), sync.mutate(change));
            };
            view! {
                <button
                    class="star"
                    class:on=n <= priority
                    data-testid="star"
                    aria-label=move || {
                        let l = locale.get();
                        format!("{} {}", l.t(Key::Priority), l.digits(&n.to_string()))
                    }
                    on:click=set
                >
                    "★"
                </button>
            }
        })
        .collect_view();
    // Days in its stage, and rotting when unchanged for its stage's rotting days (a setting that
    // may change while the card is shown).
    let today = super::use_today();
    let stage_id = card.stage_id;
    let since = card.stage_since;
    let days = {
        let card = card.clone();
        Memo::new(move |_| card.days_in_stage(today.get()))
    };
    let unchanged = {
        let card = card.clone();
        Memo::new(move |_| card.days_unchanged(today.get()).unwrap_or(0))
    };
    let rotting = {
        let card = card.clone();
        Memo::new(move |_| {
            let after = sync.view.with(|v| {
                crate::domain::stage::find(&v.stages, stage_id).map_or(0, |s| s.rotting_days)
            });
            card.is_rotting(after, today.get())
        })
    };
    // The custom values its fields put on the card, labelled.
    let choice = expect_context::<super::CalendarChoice>();
    let chosen = expect_context::<CardChoice>().0;
    let extras = {
        let card = card.clone();
        move || {
            let l = locale.get();
            let calendar = choice.for_locale(l);
            let chosen = chosen.get();
            let chosen = chosen.as_ref();
            sync.view.with(|v| {
                if super::custom::card_lines(v, chosen) == 0 {
                    return Vec::new();
                }
                let values = super::custom::with_formulas(
                    "opportunity",
                    &card,
                    &card.custom,
                    v,
                    today.get(),
                );
                super::custom::on_card(l, calendar, v, &values, chosen)
            })
        }
    };
    let days_title = move || {
        let l = locale.get();
        match (rotting.get(), days.get()) {
            (true, _) => l.t_n(Key::RottingFor, unchanged.get() as usize),
            (false, Some(d)) => l.t_n(Key::InStageFor, d as usize),
            (false, None) => String::new(),
        }
    };
    view! {
        <div class="card-head">
            <h3 class="card-title" dir="auto">{card.title.clone()}</h3>
            {salesperson.map(|u| view! { <span class="avatar" title=u.name.clone() data-testid="avatar">{u.initials()}</span> })}
        </div>
        <p class="card-customer" dir="auto">{customer}</p>
        {move || {
            let extras = extras();
            (!extras.is_empty()).then(|| view! {
                <dl class="card-custom" data-testid="card-custom">
                    {extras
                        .into_iter()
                        .map(|(label, value, colour)| view! { <div><dt>{label}</dt><dd dir="auto">{super::custom::coloured(value, colour)}</dd></div> })
                        .collect_view()}
                </dl>
            })
        }}
        <div class="card-footer">
            <span class="card-revenue">{move || locale.get().money(revenue)}</span>
            {predicted.then(|| view! {
                <span class="card-probability" data-testid="card-probability" title=probability_title
                    on:pointerenter=move |_| pointed.set(true)>
                    {move || locale.get().percent(i64::from(probability))}
                </span>
            })}
            <super::activities::Badge opportunity=id/>
        </div>
        <div class="card-meta">
            <span class="stars" data-priority=priority>{stars}</span>
            <super::tags::TagLabels ids=card.tag_ids.clone()/>
            {since.is_some().then(|| view! {
                <span
                    class="card-days"
                    class:rotting=rotting
                    data-testid="days-in-stage"
                    data-days=move || days.get().unwrap_or(0)
                    title=days_title
                    aria-label=days_title
                >
                    {move || locale.get().t_n(Key::DaysShort, days.get().unwrap_or(0) as usize)}
                </span>
            })}
        </div>
    }
}

/// Shows why a change was refused.
fn report(sync: SyncHandle, locale: crate::i18n::Locale, result: Result<(), MutateError>) {
    if let Err(e) = result {
        let message = super::explain(locale, e);
        sync.notices.update(|n| n.push(Notice::Problem(message)));
    }
}

#[component]
fn QuickCreate(stage_id: Uuid, creating: RwSignal<bool>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let team = expect_context::<super::CurrentTeam>().0;
    let title = RwSignal::new(String::new());
    let customer = RwSignal::new(String::new());
    let revenue = RwSignal::new(String::new());
    // New deals are in the organisation's currency until someone picks another.
    let currency = RwSignal::new(sync.view.with_untracked(|v| v.currency().currency));
    // The custom fields a new deal cannot do without (required, no default).
    let custom = RwSignal::new(crate::domain::CustomValues::default());
    let error = RwSignal::new(None::<String>);
    let t = move |key| locale.get().t(key);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = locale.get_untracked();
        let amount = match l.read_amount(&revenue.get_untracked(), currency.get_untracked()) {
            Ok(amount) => amount,
            Err(e) => return error.set(Some(l.amount_error(e, currency.get_untracked()))),
        };
        // On top of the stage's cards as placed by hand, whatever the board shows first (sorted,
        // filtered).
        let first = sync.view.with_untracked(|v| {
            v.opportunities
                .values()
                .filter(|o| o.stage_id == stage_id && !o.deleted && !o.lost && !o.lead)
                .min_by(|a, b| crate::domain::opportunity::column_order(a, b))
                .map(|o| o.position.clone())
        });
        let position = fractional_index::key_between(None, first.as_deref())
            .or_else(|_| fractional_index::key_between(None, None))
            .unwrap_or_else(|_| "V".into());
        let new = NewOpportunity {
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            language: String::new(),
            custom: custom.get_untracked(),
            id: Uuid::now_v7(),
            title: title.get_untracked(),
            customer_name: customer.get_untracked(),
            company_name: String::new(),
            email: String::new(),
            phone: String::new(),
            expected_revenue: amount,
            priority: 0,
            stage_id,
            position,
            // Whoever creates a deal owns it until it is handed on.
            salesperson_id: sync.view.with_untracked(|v| v.user_id),
            expected_close: None,
            team_id: team.get_untracked(),
            tag_ids: Vec::new(),
            contact_id: None,
            company_id: None,
            lead: false,
            description: String::new(),
            campaign_id: None,
            source_id: None,
        };
        match sync.mutate(Mutation::CreateOpportunity(new)) {
            Ok(()) => {
                title.set(String::new());
                customer.set(String::new());
                revenue.set(String::new());
                custom.set(Default::default());
                error.set(None);
            }
            Err(e) => error.set(Some(super::explain(l, e))),
        }
    };

    view! {
        <form class="quick-create" data-testid="quick-create-form" on:submit=submit>
            <input
                name="title"
                placeholder=move || t(Key::OpportunityTitle)
                aria-label=move || t(Key::OpportunityTitle)
                prop:value=title
                on:input=move |ev| title.set(event_target_value(&ev))
                autofocus
            />
            <input
                name="customer"
                placeholder=move || t(Key::Customer)
                aria-label=move || t(Key::Customer)
                prop:value=customer
                on:input=move |ev| customer.set(event_target_value(&ev))
            />
            <div class="quick-create-amount">
                <super::parts::AmountInput value=revenue currency=currency name="revenue" label=Key::ExpectedRevenue hint=true/>
                <super::parts::CurrencySelect value=currency name="currency"/>
            </div>
            <super::custom::CustomInputs kind="opportunity" values=custom only_required=true/>
            <super::parts::ErrorLine error testid="form-error"/>
            <div class="quick-create-actions">
                <button type="submit" class="primary">{move || t(Key::Add)}</button>
                <button type="button" on:click=move |_| creating.set(false)>{move || t(Key::Cancel)}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_column_renders_only_the_cards_in_view() {
        assert_eq!(visible_range(0.0, 800.0, 5000, ROW), (0, 11));
        let (start, end) = visible_range(ROW * 1000.0, 800.0, 5000, ROW);
        assert_eq!((start, end), (996, 1011));
        assert_eq!(visible_range(ROW * 4990.0, 800.0, 5000, ROW), (4986, 5000));
    }

    #[test]
    fn a_short_column_renders_all_its_cards() {
        assert_eq!(visible_range(0.0, 800.0, 3, ROW), (0, 3));
        assert_eq!(visible_range(500.0, 800.0, 0, ROW), (0, 0));
    }
}
