//! Possible duplicates while a person types a contact, a company or a lead: the records of
//! the browser's copy with the same email, the same phone, or a name alike
//! (`domain::duplicates`), each a click away. It works offline. On a saved contact's,
//! company's or lead's page, each can be merged with it there (the duplicates page's card, for the two).

use leptos::prelude::*;
use uuid::Uuid;

use super::routes::{Nav, Page};
use super::use_locale;
use crate::domain::Record;
use crate::domain::duplicates::{Candidate, Reason, candidates, kind_of, matches, phone_country};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;

/// At most this many are shown.
const SHOWN: usize = 5;

/// Under a form: the records `draft` may be (nothing while it is empty).
#[component]
pub fn PossibleDuplicates(#[prop(into)] draft: Signal<Option<Record>>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<Nav>();
    let t = move |key| locale.get().t(key);
    let kind = Memo::new(move |_| draft.with(|d| d.as_ref().map(kind_of).unwrap_or_default()));
    // The marks of every record of the kind, made again only when the copy changes, not at
    // each key pressed.
    let pool = Memo::new(move |_| {
        let kind = kind.get();
        sync.view.with(|v| {
            let country = phone_country(&v.currency());
            (country, candidates(v, kind, country))
        })
    });
    let found = Memo::new(move |_| {
        let Some(draft) = draft.get() else {
            return Vec::new();
        };
        let found = pool.with(|(country, pool): &(Option<&'static str>, Vec<Candidate>)| {
            matches(&draft, pool, *country, SHOWN)
        });
        sync.view.with(|v| {
            found
                .into_iter()
                .filter_map(|(id, why)| {
                    let record = v.get(id)?;
                    Some((id, record.display_name(v), record.kind(), why))
                })
                .collect::<Vec<_>>()
        })
    });
    // A saved contact, company or lead (its page, not a new one's form): merged with one found
    // here.
    let saved = move || {
        draft.with(|d| {
            d.as_ref()
                .filter(|d| {
                    matches!(d, Record::Contact(_) | Record::Company(_))
                        || matches!(d, Record::Opportunity(o) if o.lead)
                })
                .and_then(|d| sync.view.with(|v| v.get(d.id())))
        })
    };
    let merging = RwSignal::new(None::<(Uuid, Reason)>);
    let reason = move |why: Reason| match why {
        Reason::Email => t(Key::MatchedOnEmail).to_string(),
        Reason::Phone => t(Key::MatchedOnPhone).to_string(),
        Reason::Name(n) => locale.get().t_n(Key::NameAlike, usize::from(n)),
    };
    move || {
        let found = found.get();
        (!found.is_empty()).then(|| {
            view! {
                <div class="duplicates" role="status" data-testid="duplicates">
                    <span class="muted">{move || t(Key::PossibleDuplicates)}</span>
                    <ul>
                        {found
                            .into_iter()
                            .map(|(id, name, kind, why)| {
                                let open = move |_| match kind {
                                    "contact" => nav.go(&Page::Contact(id)),
                                    "company" => nav.go(&Page::Company(id)),
                                    _ => nav.open_deal(id),
                                };
                                let mergeable = saved().is_some();
                                view! {
                                    <li>
                                        <button type="button" class="link" data-testid="duplicate" on:click=open>
                                            {name}
                                        </button>
                                        " "
                                        <span class="muted">{move || reason(why)}</span>
                                        {mergeable.then(|| view! {
                                            " "
                                            <button type="button" class="link" data-testid="merge-duplicate" on:click=move |_| merging.set(Some((id, why)))>
                                                {move || t(Key::MergeThem)}
                                            </button>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    {move || {
                        let (other, why) = merging.get()?;
                        let this = saved()?;
                        let that = sync.view.with_untracked(|v| v.get(other))?;
                        let shared = that.display_name(&crate::domain::Store::default());
                        let cluster = crate::sync::dedupe::Cluster {
                            reason: why,
                            shared,
                            records: vec![this, that],
                            size: 2,
                            names: Vec::new(),
                        };
                        Some(view! { <super::dedupe::ClusterCard cluster done=Callback::new(move |()| merging.set(None))/> })
                    }}
                </div>
            }
        })
    }
}
