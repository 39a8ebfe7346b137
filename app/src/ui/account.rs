//! The signed-in person's menu (who they are, sign out), their account settings (password, sign
//! out everywhere) and, for admins, the org's people: add, change role, deactivate, set password.

use leptos::prelude::*;
use uuid::Uuid;

use super::parts::ErrorLine;
use super::use_locale;
use crate::domain::access::Role;
use crate::i18n::{Key, Locale};
use crate::sync::accounts::Account;
use crate::sync::handle::SyncHandle;

pub fn role_key(role: Role) -> Key {
    match role {
        Role::Admin => Key::RoleAdmin,
        Role::Manager => Key::RoleManager,
        Role::Salesperson => Key::RoleSalesperson,
        Role::ReadOnly => Key::RoleReadOnly,
    }
}

/// Why a request to the server failed, as a person reads it.
fn reason(locale: RwSignal<Locale>, e: &ServerFnError) -> String {
    super::parts::server_failure(locale.get_untracked(), e)
}

/// Signs out, after sending what waits (or asking before losing it).
fn sign_out(locale: Locale, everywhere: bool) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        crate::sync::client::sign_out(everywhere, move |n| locale.t_n(Key::UnsentOnSignOut, n))
            .await;
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (locale, everywhere);
}

/// In the top bar: who is signed in; opened, the language, the calendar and the way out.
#[component]
pub fn UserMenu() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let open = RwSignal::new(false);
    let me = move || {
        sync.view.with(|v| {
            let id = v.user_id?;
            let user = v.users.iter().find(|u| u.id == id)?;
            Some((user.name.clone(), user.initials(), v.role))
        })
    };
    let close = Callback::new(move |()| open.set(false));
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            // Only the menu closes, not the page under it.
            ev.prevent_default();
            open.set(false);
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <div class="user-menu" data-testid="user-menu">
            <button
                type="button"
                class="account-button"
                data-testid="account-button"
                aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-label=move || locale.get().t(Key::AccountMenu)
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || {
                    me().map(|(name, initials, role)| {
                        let l = locale.get();
                        let role = role.map(|r| l.t(role_key(r))).unwrap_or_default();
                        let title = format!("{} {name}", l.t(Key::SignedInAs));
                        view! {
                            <span class="avatar">{initials}</span>
                            <span class="me" data-testid="signed-in-as" title=title>
                                {name}
                                <small>{role}</small>
                            </span>
                        }
                    })
                }}
            </button>
            <Show when=move || open.get()>
                <div class="scrim" on:click=move |_| open.set(false)></div>
                <div class="account-pop" role="dialog" data-testid="account-menu" aria-label=move || locale.get().t(Key::AccountMenu)>
                    {move || {
                        me().map(|(name, _, role)| {
                            let role = role.map(|r| locale.get().t(role_key(r))).unwrap_or_default();
                            view! {
                                <p class="who">
                                    <strong>{name}</strong>
                                    <small>{role}</small>
                                </p>
                            }
                        })
                    }}
                    <super::header::LanguagePicker chosen=close/>
                    <super::header::CalendarSwitch chosen=close/>
                    <button
                        type="button"
                        class="sign-out"
                        data-testid="sign-out"
                        on:click=move |_| sign_out(locale.get_untracked(), false)
                    >
                        {move || locale.get().t(Key::SignOut)}
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// Settings: the signed-in person's password and sessions.
#[component]
pub fn AccountSection() -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (c, n) = (current.get_untracked(), new.get_untracked());
        done.set(false);
        leptos::task::spawn_local(async move {
            match crate::sync::accounts::change_password(c, n).await {
                Ok(()) => {
                    error.set(None);
                    current.set(String::new());
                    new.set(String::new());
                    done.set(true);
                }
                Err(e) => error.set(Some(reason(locale, &e))),
            }
        });
    };
    view! {
        <section class="settings-section" data-testid="account">
            <h3>{move || t(Key::ChangePassword)}</h3>
            <form class="settings-row" on:submit=change>
                <input
                    type="password"
                    name="current-password"
                    autocomplete="current-password"
                    placeholder=move || t(Key::CurrentPassword)
                    aria-label=move || t(Key::CurrentPassword)
                    prop:value=current
                    on:input=move |ev| current.set(event_target_value(&ev))
                />
                <input
                    type="password"
                    name="new-password"
                    autocomplete="new-password"
                    placeholder=move || t(Key::NewPassword)
                    aria-label=move || t(Key::NewPassword)
                    prop:value=new
                    on:input=move |ev| new.set(event_target_value(&ev))
                />
                <button type="submit" class="primary">{move || t(Key::ChangePassword)}</button>
                <Show when=move || done.get()>
                    <span class="saved" role="status">{move || t(Key::PasswordChanged)}</span>
                </Show>
                <ErrorLine error testid="form-error"/>
            </form>
            <button type="button" data-testid="sign-out-everywhere" on:click=move |_| sign_out(locale.get_untracked(), true)>
                {move || t(Key::SignOutEverywhere)}
            </button>
            <CalendarFeed/>
        </section>
    }
}

/// The person's activities in their phone's calendar: an address to subscribe to, holding a
/// secret, shown once when made; made again (the old one ends) or stopped.
#[component]
fn CalendarFeed() -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    // When the current address was made (`None`: there is none).
    let made = RwSignal::new(None::<chrono::DateTime<chrono::Utc>>);
    // The address just made: shown until the page is left.
    let address = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match crate::sync::accounts::calendar_feed_made().await {
                Ok(when) => made.set(when),
                Err(e) => error.set(Some(reason(locale, &e))),
            }
        });
    });
    let make = move |_| {
        leptos::task::spawn_local(async move {
            match crate::sync::accounts::make_calendar_feed().await {
                Ok(path) => {
                    let origin = window().location().origin().unwrap_or_default();
                    address.set(Some(format!("{origin}{path}")));
                    made.set(Some(super::now()));
                    copied.set(false);
                    error.set(None);
                }
                Err(e) => error.set(Some(reason(locale, &e))),
            }
        });
    };
    let stop = move |_| {
        leptos::task::spawn_local(async move {
            match crate::sync::accounts::stop_calendar_feed().await {
                Ok(()) => {
                    made.set(None);
                    address.set(None);
                    error.set(None);
                }
                Err(e) => error.set(Some(reason(locale, &e))),
            }
        });
    };
    // Copied only when the browser says so; where it cannot (no permission, a page not served
    // over https), the address is selected for the person to copy, and they are told.
    let copy = move |_| {
        copied.set(false);
        if let Some(text) = address.get_untracked() {
            leptos::task::spawn_local(async move {
                if copy_text(&text).await {
                    copied.set(true);
                    error.set(None);
                } else {
                    select_feed_address();
                    error.set(Some(locale.get_untracked().t(Key::CopyByHand).to_string()));
                }
            });
        }
    };
    // A new address ends the one phones are subscribed to: asked first.
    let replacing = RwSignal::new(false);
    let ask_or_make = move |ev| {
        if made.get_untracked().is_some() && !replacing.get_untracked() {
            replacing.set(true);
        } else {
            replacing.set(false);
            make(ev);
        }
    };
    view! {
        <div class="calendar-feed" data-testid="calendar-feed">
            <h3>{move || t(Key::CalendarFeed)}</h3>
            <p class="muted small">{move || t(Key::CalendarFeedHint)}</p>
            {move || {
                address.get().map(|text| {
                    view! {
                        <div class="settings-row">
                            <input type="text" readonly data-testid="feed-address" prop:value=text.clone() aria-label=move || t(Key::CalendarFeed)/>
                            <button type="button" data-testid="copy-feed" on:click=copy>
                                {move || t(if copied.get() { Key::Copied } else { Key::Copy })}
                            </button>
                        </div>
                        <p class="small" role="status">{move || t(Key::CalendarFeedOnce)}</p>
                    }
                })
            }}
            <Show when=move || address.get().is_none() && made.get().is_some()>
                <p class="small" data-testid="feed-made">
                    {move || made.get().map(|at| t(Key::CalendarFeedMadeOn).replace("{date}", &super::show_time(at)))}
                </p>
            </Show>
            <div class="settings-row">
                <Show when=move || replacing.get()>
                    <p class="small warning" role="alert" data-testid="feed-replace-ask">{move || t(Key::NewCalendarFeedAsk)}</p>
                </Show>
                <button type="button" class="primary" data-testid="make-feed" on:click=ask_or_make>
                    {move || t(if made.get().is_some() { Key::NewCalendarFeed } else { Key::MakeCalendarFeed })}
                </button>
                <Show when=move || replacing.get()>
                    <button type="button" data-testid="feed-replace-cancel" on:click=move |_| replacing.set(false)>
                        {move || t(Key::Cancel)}
                    </button>
                </Show>
                <Show when=move || made.get().is_some() && !replacing.get()>
                    <button type="button" class="danger" data-testid="stop-feed" on:click=stop>
                        {move || t(Key::StopCalendarFeed)}
                    </button>
                </Show>
            </div>
            <ErrorLine error testid="feed-error"/>
        </div>
    }
}

/// Settings, for admins: everyone of the org and their access.
#[component]
pub fn PeopleSection() -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let accounts = RwSignal::new(Vec::<Account>::new());
    let error = RwSignal::new(None::<String>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            match crate::sync::accounts::accounts().await {
                Ok(list) => accounts.set(list),
                Err(e) => error.set(Some(reason(locale, &e))),
            }
        });
    };
    Effect::new(move |_| reload());
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Salesperson);
    let password = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, e, r, p) = (
            name.get_untracked(),
            email.get_untracked(),
            role.get_untracked(),
            password.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            match crate::sync::accounts::create_account(n, e, r, p).await {
                Ok(_) => {
                    error.set(None);
                    name.set(String::new());
                    email.set(String::new());
                    password.set(String::new());
                    reload();
                }
                Err(e) => error.set(Some(reason(locale, &e))),
            }
        });
    };
    view! {
        <section class="settings-section" data-testid="people">
            <h3>{move || t(Key::People)}</h3>
            <For each=move || accounts.get() key=|a| (a.id, a.role, a.active) let:account>
                <AccountRow account=account error=error reload=reload/>
            </For>
            <form class="settings-row" data-testid="new-person" on:submit=add>
                <input name="person-name" placeholder=move || t(Key::Name) aria-label=move || t(Key::Name)
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <input name="person-email" type="email" placeholder=move || t(Key::Email) aria-label=move || t(Key::Email)
                    prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                <RoleSelect role=role/>
                <input name="person-password" type="password" autocomplete="new-password"
                    placeholder=move || t(Key::NewPassword) aria-label=move || t(Key::NewPassword)
                    prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                <button type="submit" class="primary">{move || t(Key::AddPerson)}</button>
            </form>
            <ErrorLine error testid="form-error"/>
        </section>
    }
}

#[component]
fn RoleSelect(role: RwSignal<Role>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <select
            name="role"
            aria-label=move || locale.get().t(Key::Role)
            prop:value=move || role.get().code()
            on:change=move |ev| {
                if let Some(r) = Role::parse(&event_target_value(&ev)) {
                    role.set(r);
                }
            }
        >
            {Role::ALL
                .into_iter()
                .map(|r| {
                    view! {
                        <option value=r.code() selected=move || role.get() == r>
                            {move || locale.get().t(role_key(r))}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
fn AccountRow(
    account: Account,
    error: RwSignal<Option<String>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let id: Uuid = account.id;
    let role = RwSignal::new(account.role);
    let active = RwSignal::new(account.active);
    let password = RwSignal::new(String::new());
    let save = move || {
        let (r, a) = (role.get_untracked(), active.get_untracked());
        leptos::task::spawn_local(async move {
            match crate::sync::accounts::update_account(id, r, a).await {
                Ok(()) => error.set(None),
                Err(e) => error.set(Some(reason(locale, &e))),
            }
            reload();
        });
    };
    Effect::new(move |first: Option<()>| {
        // Saved on every change after the first render.
        let _ = (role.get(), active.get());
        if first.is_some() {
            save();
        }
    });
    let set_password = move |_| {
        let p = password.get_untracked();
        leptos::task::spawn_local(async move {
            match crate::sync::accounts::reset_password(id, p).await {
                Ok(()) => {
                    error.set(None);
                    password.set(String::new());
                }
                Err(e) => error.set(Some(reason(locale, &e))),
            }
        });
    };
    view! {
        <div class="settings-row" data-testid="person-row" data-email=account.email.clone()>
            <span class="person"><strong>{account.name.clone()}</strong> " " <code>{account.email.clone()}</code></span>
            <RoleSelect role=role/>
            <label class="check">
                <input type="checkbox" name="active" prop:checked=active on:change=move |ev| active.set(event_target_checked(&ev))/>
                <span>{move || t(Key::Active)}</span>
            </label>
            <input type="password" name="reset-password" autocomplete="new-password"
                placeholder=move || t(Key::NewPassword) aria-label=move || t(Key::NewPassword)
                prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
            <button type="button" on:click=set_password>{move || t(Key::SetPassword)}</button>
        </div>
    }
}

/// Puts `text` on the clipboard; whether the browser did.
async fn copy_text(text: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let navigator = window().navigator();
        // `navigator.clipboard` is missing where the page is not served over https.
        let present = js_sys::Reflect::get(&navigator, &"clipboard".into())
            .is_ok_and(|c| !c.is_undefined() && !c.is_null());
        present
            && wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(text))
                .await
                .is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        false
    }
}

/// Selects the feed's address in its field, for the person to copy by hand.
fn select_feed_address() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(input) = document()
            .query_selector("[data-testid=feed-address]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
    }
}
