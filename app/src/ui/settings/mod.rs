//! Settings: the account, the people and the set-up, a section each, with an address each
//! (`SECTIONS` says which roles see which). The set-up sections are files of their own; what
//! every set-up section and row uses (the section of live records, save only the changed fields,
//! delete) is here, and the form pieces (error line, pickers) are in `ui/parts.rs`.

mod activity_types;
mod custom_fields;
mod lead_scoring;
mod prediction;
mod products;
mod stages;
mod tags;
mod teams;
mod territories;

use leptos::prelude::*;
use uuid::Uuid;

use activity_types::ActivityTypes;
use custom_fields::CustomFields;
use lead_scoring::LeadScoring;
use prediction::Prediction;
use products::Products;
use stages::Stages;
use tags::Tags;
use teams::Teams;
use territories::Territories;

use super::report_setup::{CurrencyRates, Named, NamedSection, Targets};
use super::{explain, use_locale};
use crate::domain::Mutation;
use crate::domain::access::Role;
use crate::i18n::{Key, Locale};
use crate::sync::handle::SyncHandle;

/// Runs a change, putting its refusal (or nothing) in `error`.
pub(super) fn run(
    sync: SyncHandle,
    l: Locale,
    error: RwSignal<Option<String>>,
    m: Mutation,
) -> bool {
    match sync.mutate(m) {
        Ok(()) => {
            error.set(None);
            true
        }
        Err(e) => {
            error.set(Some(explain(l, e)));
            false
        }
    }
}

/// The Delete button's handler of a set-up row: deletes record `id`, its refusal in `error`.
pub(super) fn deleter(
    sync: SyncHandle,
    locale: RwSignal<Locale>,
    error: RwSignal<Option<String>>,
    id: Uuid,
) -> impl Fn(leptos::ev::MouseEvent) + Copy {
    move |_| {
        run(sync, locale.get_untracked(), error, Mutation::Delete { id });
    }
}

/// Saves a set-up row: a new record whole, an existing one as an edit of the fields changed
/// since the row was drawn (so two managers editing different fields both keep theirs).
pub(super) fn run_save<T: serde::Serialize + Into<crate::domain::Record>>(
    sync: SyncHandle,
    l: Locale,
    error: RwSignal<Option<String>>,
    opened: Option<(&T, Uuid, i64)>,
    edited: T,
) -> bool {
    let m = match opened {
        None => Mutation::Save {
            record: edited.into(),
        },
        Some((before, id, version)) => {
            let fields = crate::domain::changed_fields(before, &edited);
            if fields.is_empty() {
                error.set(None);
                return true;
            }
            Mutation::EditRecord {
                id,
                fields,
                base_version: version,
            }
        }
    };
    run(sync, l, error, m)
}

#[component]
pub fn Settings() -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let sync = expect_context::<SyncHandle>();
    // Each role sees the set-up it may change (see domain/access.rs); everyone their account.
    let role = Memo::new(move |_| sync.view.with(|v| v.role));
    let visible = move || {
        let role = role.get();
        SECTIONS
            .iter()
            .filter(move |s| role.is_some_and(|r| s.roles.contains(&r)))
    };
    // An address naming a section scrolls to it once it is drawn.
    let shown = expect_context::<super::routes::Shown>();
    Effect::new(move |_| {
        let (Some(_), super::routes::Page::Settings(Some(section))) = (role.get(), shown.page())
        else {
            return;
        };
        #[cfg(feature = "hydrate")]
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&format!("section-{section}")) {
                el.scroll_into_view();
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = section;
    });
    view! {
        <section class="page settings" data-testid="settings">
            <header class="page-header">
                <h2>{move || t(Key::Settings)}</h2>
            </header>
            <Show when=move || role.get() == Some(Role::Admin)>
                <JobFailures/>
            </Show>
            <nav class="settings-nav" aria-label=move || t(Key::Settings)>
                {move || {
                    visible()
                        .map(|s| {
                            let page = super::routes::Page::Settings(Some(s.name.to_string()));
                            let title = s.title;
                            view! { <a href=page.path() data-testid=format!("section-link-{}", s.name)>{move || title.text(locale.get())}</a> }
                        })
                        .collect_view()
                }}
            </nav>
            {move || {
                visible()
                    .map(|s| view! { <div class="settings-anchor" id=format!("section-{}", s.name)>{(s.view)()}</div> })
                    .collect_view()
            }}
        </section>
    }
}

/// The background jobs that failed the last time they ran for the organisation (scoring and
/// assigning leads, learning predictions), said to its admin at the top of Settings.
#[component]
fn JobFailures() -> impl IntoView {
    let locale = use_locale();
    let failures = RwSignal::new(Vec::<crate::sync::api::JobFailure>::new());
    leptos::task::spawn_local(async move {
        // Offline, or refused: nothing is said here (the page says when it is offline).
        if let Ok(found) = crate::sync::api::job_failures().await {
            let _ = failures.try_set(found);
        }
    });
    move || {
        let l = locale.get();
        failures
            .get()
            .into_iter()
            .map(|f| {
                let job = match f.job.as_str() {
                    "lead_scoring" => l.t(Key::JobLeadScoring).to_string(),
                    "assignment" => l.t(Key::JobAssignment).to_string(),
                    "prediction" => l.t(Key::JobPrediction).to_string(),
                    "names_alike" => l.t(Key::JobNamesAlike).to_string(),
                    "custom_field_purge" => l.t(Key::JobFieldPurge).to_string(),
                    other => other.to_string(),
                };
                let text = l
                    .t(Key::JobFailed)
                    .replace("{job}", &job)
                    .replace("{time}", &super::show_time(f.at))
                    .replace("{reference}", &f.reference);
                view! { <p class="form-error" role="alert" data-testid="job-failure">{text}</p> }
            })
            .collect_view()
    }
}

/// One section of Settings: its address, its title, the roles that see it, and what it shows.
struct Section {
    name: &'static str,
    title: Title,
    roles: &'static [Role],
    view: fn() -> AnyView,
}

/// What a section is called: a text of its own, or the name of the kind it sets up (many of
/// them, in the reader's language), so a new kind's section needs no text of its own.
#[derive(Clone, Copy)]
enum Title {
    Text(Key),
    Kind(&'static str),
}

impl Title {
    fn text(self, locale: crate::i18n::Locale) -> String {
        match self {
            Title::Text(key) => locale.t(key).to_string(),
            Title::Kind(kind) => locale.kind(kind, true),
        }
    }
}

/// The sections of Settings, in order.
const SECTIONS: &[Section] = &[
    Section {
        name: "account",
        title: Title::Text(Key::Account),
        roles: &Role::ALL,
        view: || view! { <super::account::AccountSection/> }.into_any(),
    },
    Section {
        name: "people",
        title: Title::Text(Key::People),
        roles: &[Role::Admin],
        view: || view! { <super::account::PeopleSection/> }.into_any(),
    },
    Section {
        name: "teams",
        title: Title::Kind("team"),
        roles: &[Role::Admin, Role::Manager],
        view: || view! { <Teams/> }.into_any(),
    },
    Section {
        name: "stages",
        title: Title::Kind("stage"),
        roles: &[Role::Admin, Role::Manager],
        view: || view! { <Stages/> }.into_any(),
    },
    Section {
        name: "activity-types",
        title: Title::Kind("activity_type"),
        roles: &[Role::Admin],
        view: || view! { <ActivityTypes/> }.into_any(),
    },
    Section {
        name: "products",
        title: Title::Kind("product"),
        roles: &[Role::Admin],
        view: || view! { <Products/> }.into_any(),
    },
    Section {
        name: "tags",
        title: Title::Kind("tag"),
        roles: &[Role::Admin, Role::Manager, Role::Salesperson],
        view: || view! { <Tags/> }.into_any(),
    },
    Section {
        name: "custom-fields",
        title: Title::Kind("custom_field"),
        roles: &[Role::Admin],
        view: || view! { <CustomFields/> }.into_any(),
    },
    Section {
        name: "prediction",
        title: Title::Text(Key::PredictedProbability),
        roles: &[Role::Admin],
        view: || view! { <Prediction/> }.into_any(),
    },
    Section {
        name: "lead-scoring",
        title: Title::Kind("scoring_rule"),
        roles: &[Role::Admin],
        view: || view! { <LeadScoring/> }.into_any(),
    },
    Section {
        name: "territories",
        title: Title::Kind("territory"),
        roles: &[Role::Admin],
        view: || view! { <Territories/> }.into_any(),
    },
    Section {
        name: "lost-reasons",
        title: Title::Kind("lost_reason"),
        roles: &[Role::Admin],
        view: || view! { <NamedSection kind=Named::LostReason/> }.into_any(),
    },
    Section {
        name: "campaigns",
        title: Title::Kind("campaign"),
        roles: &[Role::Admin],
        view: || view! { <NamedSection kind=Named::Campaign/> }.into_any(),
    },
    Section {
        name: "sources",
        title: Title::Kind("source"),
        roles: &[Role::Admin],
        view: || view! { <NamedSection kind=Named::Source/> }.into_any(),
    },
    Section {
        name: "targets",
        title: Title::Text(Key::Targets),
        roles: &[Role::Admin, Role::Manager],
        view: || view! { <Targets/> }.into_any(),
    },
    Section {
        name: "currency",
        title: Title::Text(Key::CurrencyRates),
        roles: &[Role::Admin],
        view: || view! { <CurrencyRates/> }.into_any(),
    },
];

/// How a set-up row is keyed where it is drawn: by its record's id and what the record holds,
/// not its version. The server confirming a save (the same record, a later version) leaves the
/// row as it is, with what is being typed in it and where; another person's change to it draws
/// it again, from what it now holds.
pub(super) fn row_key<T: crate::domain::kind::Kind + crate::domain::kind::Row>(
    x: &T,
) -> (Uuid, String) {
    let mut bare = x.clone();
    bare.set_version(0);
    (x.id(), serde_json::to_string(&bare).unwrap_or_default())
}

/// A set-up section: the kind's name as its title, a row per live record of the kind (`rows`
/// picks them out of the records), and an empty row that adds one.
#[component]
pub(super) fn SetUpSection<T, R, V>(
    testid: &'static str,
    rows: fn(&crate::domain::Store) -> &[T],
    row: R,
) -> impl IntoView
where
    T: crate::domain::kind::Kind + crate::domain::kind::Row + Send + Sync,
    R: Fn(Option<T>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let live = move || {
        sync.view.with(|v| {
            rows(&v.store)
                .iter()
                .filter(|x| !x.is_deleted())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let each = row.clone();
    view! {
        <section class="settings-section" data-testid=testid>
            <h3>{move || locale.get().label(T::LABEL.many)}</h3>
            <For each=live key=row_key children=move |x| each(Some(x))/>
            {row(None)}
        </section>
    }
}
