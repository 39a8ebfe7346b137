//! The import page (`/import`, and `/import/<id>` for one import): choose what a file holds and
//! send it; see how it was read and which field each column fills, change that; check every
//! row without writing anything; import, watching the rows go by, with a way to stop; then
//! what it did, the rows with mistakes to download and fix, and undo. Below, the earlier
//! imports. It needs the server: the file is read and written there.

use leptos::prelude::*;
use uuid::Uuid;

use super::routes::{Nav, Page, Shown};
use super::{show_time, use_locale};
use crate::domain::Currency;
use crate::domain::import::{OnMatch, Plan};
use crate::i18n::{Key, Locale};
use crate::sync::handle::SyncHandle;
use crate::sync::imports::{
    Checked, Import, LISTED_FAILURES, Preview, Status, import_cancel, import_check,
    import_failed_rows, import_preview, import_start, import_undo, imports,
};

/// How long between two looks at a running import.
#[cfg(feature = "hydrate")]
const POLL_MS: u64 = 700;

/// The import page: a new import, or the one the address names.
#[component]
pub fn ImportPage() -> impl IntoView {
    let shown = expect_context::<Shown>();
    let id = Memo::new(move |_| match shown.address.get() {
        Some(Page::Import(id)) => id,
        _ => None,
    });
    move || match id.get() {
        None => view! { <NewImport/> }.into_any(),
        Some(id) => view! { <OneImport id/> }.into_any(),
    }
}

/// A failed request to the server, as a person reads it.
fn failure(locale: Locale, e: &ServerFnError) -> String {
    if !super::parts::online() {
        return locale.t(Key::ImportNeedsConnection).to_string();
    }
    super::parts::server_failure(locale, e)
}

/// Choosing a kind and a file, and sending it.
#[component]
fn NewImport() -> impl IntoView {
    let locale = use_locale();
    let nav = expect_context::<Nav>();
    let t = move |key| locale.get().t(key);
    let kind = RwSignal::new(nav.query("kind").unwrap_or_else(|| "contact".into()));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            let Some(file) = file_input
                .get()
                .and_then(|input| input.files())
                .and_then(|files| files.get(0))
            else {
                return;
            };
            busy.set(true);
            error.set(None);
            let kind = kind.get_untracked();
            leptos::task::spawn_local(async move {
                match upload(&kind, file).await {
                    Ok(preview) => nav.go(&Page::Import(Some(preview.id))),
                    Err(why) => {
                        let why = why.unwrap_or_else(|| {
                            locale
                                .get_untracked()
                                .t(Key::ImportNeedsConnection)
                                .to_string()
                        });
                        let _ = error.try_set(Some(why));
                    }
                }
                let _ = busy.try_set(false);
            });
        }
    };
    view! {
        <section class="page import" data-testid="import">
            <header class="page-header">
                <h2>{move || t(Key::ImportFile)}</h2>
            </header>
            <form class="import-new" on:submit=send>
                <label>
                    <span>{move || t(Key::ImportWhat)}</span>
                    <select data-testid="import-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {crate::domain::import::KINDS
                            .iter()
                            .map(|k| {
                                let k = *k;
                                view! {
                                    <option value=k selected=move || kind.get() == k>
                                        {move || kind_label(locale.get(), k)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || t(Key::ImportChooseFile)}</span>
                    <input
                        type="file"
                        data-testid="import-file"
                        accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        node_ref=file_input
                        required
                    />
                </label>
                <button type="submit" class="primary" data-testid="import-upload" disabled=busy>
                    {move || t(if busy.get() { Key::ImportReading } else { Key::ImportUpload })}
                </button>
                {move || error.get().map(|why| view! { <p class="error" role="alert" data-testid="import-error">{why}</p> })}
            </form>
            // The earlier imports, under the form (the page scrolls them with it).
            <History/>
        </section>
    }
}

/// Sends the file as the body of the upload route; `Err(None)` when the server cannot be
/// reached, `Err(Some(why))` when it says no.
#[cfg(feature = "hydrate")]
async fn upload(kind: &str, file: web_sys::File) -> Result<Preview, Option<String>> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let url = format!(
        "{}?kind={}&name={}",
        crate::sync::imports::UPLOAD_PATH,
        js_sys::encode_uri_component(kind),
        js_sys::encode_uri_component(&file.name())
    );
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&file);
    let window = web_sys::window().ok_or(None)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|_| None)?
        .dyn_into()
        .map_err(|_| None)?;
    let text = JsFuture::from(response.text().map_err(|_| None)?)
        .await
        .map_err(|_| None)?
        .as_string()
        .unwrap_or_default();
    if response.ok() {
        serde_json::from_str(&text).map_err(|e| Some(e.to_string()))
    } else {
        Err(Some(text))
    }
}

/// One import: its mapping while a draft, its progress while it runs, what it did after.
#[component]
fn OneImport(id: Uuid) -> impl IntoView {
    let locale = use_locale();
    let import = RwSignal::new(None::<Result<Import, String>>);
    let refresh = move || {
        leptos::task::spawn_local(async move {
            let answer = imports(Some(id))
                .await
                .map_err(|e| failure(locale.get_untracked(), &e))
                .and_then(|mut list| list.pop().ok_or_default());
            let _ = import.try_set(Some(answer));
        });
    };
    refresh();
    // While it runs, look again now and then.
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || {
                let running = import.with_untracked(|i| {
                    matches!(i, Some(Ok(i)) if matches!(i.status, Status::Queued | Status::Running))
                });
                if running {
                    refresh();
                }
            },
            std::time::Duration::from_millis(POLL_MS),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    move || {
        match import.get() {
        None => view! { <p class="muted">{move || locale.get().t(Key::LoadingRecord)}</p> }.into_any(),
        Some(Err(why)) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
        Some(Ok(i)) if i.status == Status::Draft => {
            view! { <Mapping id on_start=Callback::new(move |started| import.set(Some(Ok(started))))/> }
                .into_any()
        }
        Some(Ok(i)) => view! { <Progress import=i set=import/> }.into_any(),
    }
    }
}

trait OkOrDefault<T> {
    fn ok_or_default(self) -> Result<T, String>;
}

impl<T> OkOrDefault<T> for Option<T> {
    fn ok_or_default(self) -> Result<T, String> {
        self.ok_or_else(|| "there is no such import".to_string())
    }
}

/// The encodings offered, by their labels: UTF-8 and UTF-16, and those of our markets.
const ENCODINGS: &[(&str, &str)] = &[
    ("utf-8", "UTF-8"),
    ("utf-16le", "UTF-16"),
    ("windows-1258", "Windows-1258 (Tiếng Việt)"),
    ("tis-620", "TIS-620 (ไทย)"),
    ("gb18030", "GB18030 (中文)"),
    ("windows-1256", "Windows-1256 (فارسی)"),
];

/// The file as read, the field of each column, how duplicates go; the dry run and the start.
#[component]
fn Mapping(id: Uuid, on_start: Callback<Import>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let preview = RwSignal::new(None::<Result<Preview, String>>);
    let columns = RwSignal::new(Vec::<Option<String>>::new());
    let header = RwSignal::new(true);
    let on_match = RwSignal::new(OnMatch::Skip);
    let create_tags = RwSignal::new(false);
    let org_currency = sync.view.with_untracked(|v| v.currency().currency);
    let currency = RwSignal::new(org_currency);
    let decimal = RwSignal::new(None::<char>);
    let save_as = RwSignal::new(String::new());
    let checked = RwSignal::new(None::<Result<Checked, String>>);
    let checking = RwSignal::new(false);
    let starting = RwSignal::new(false);
    let read = move |encoding: Option<String>, delimiter: Option<String>| {
        leptos::task::spawn_local(async move {
            let answer = import_preview(id, encoding, delimiter)
                .await
                .map_err(|e| failure(locale.get_untracked(), &e));
            if let Ok(p) = &answer {
                columns.set(p.columns.clone());
                if let Some(name) = &p.mapping {
                    save_as.set(name.clone());
                }
            }
            checked.set(None);
            let _ = preview.try_set(Some(answer));
        });
    };
    read(None, None);
    let plan = move || Plan {
        kind: preview.with_untracked(|p| match p {
            Some(Ok(p)) => p.kind.clone(),
            _ => String::new(),
        }),
        columns: columns.get_untracked(),
        header: header.get_untracked(),
        on_match: on_match.get_untracked(),
        create_tags: create_tags.get_untracked(),
        currency: currency.get_untracked(),
        decimal: decimal.get_untracked(),
    };
    // Any change to the plan asks for a new check.
    Effect::new(move |_| {
        columns.track();
        header.track();
        on_match.track();
        create_tags.track();
        currency.track();
        decimal.track();
        checked.set(None);
    });
    let check = move |_| {
        let plan = plan();
        checking.set(true);
        leptos::task::spawn_local(async move {
            let answer = import_check(id, plan)
                .await
                .map_err(|e| failure(locale.get_untracked(), &e));
            let _ = checked.try_set(Some(answer));
            let _ = checking.try_set(false);
        });
    };
    let start = move |_| {
        let plan = plan();
        let name = save_as.get_untracked();
        starting.set(true);
        leptos::task::spawn_local(async move {
            match import_start(id, plan, (!name.trim().is_empty()).then_some(name)).await {
                Ok(started) => on_start.run(started),
                Err(e) => checked.set(Some(Err(failure(locale.get_untracked(), &e)))),
            }
            let _ = starting.try_set(false);
        });
    };
    move || match preview.get() {
        None => view! { <p class="muted">{t(Key::ImportReading)}</p> }.into_any(),
        Some(Err(why)) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
        Some(Ok(p)) => {
            let kind = p.kind.clone();
            let fields = crate::domain::import::fields(&kind);
            // The kind's custom fields, after its own.
            let customs: Vec<crate::domain::CustomField> = sync.view.with_untracked(|v| {
                crate::domain::import::custom_fields(v, &kind)
                    .into_iter()
                    .cloned()
                    .collect()
            });
            let headers = p.headers.clone();
            let sample = p.sample.clone();
            let encoding = p.encoding.clone();
            let delimiter = p.delimiter.clone();
            let is_book = encoding == "xlsx";
            view! {
                <section class="page import" data-testid="import-mapping">
                    <header class="page-header">
                        <h2>{p.file_name.clone()}</h2>
                        <span class="muted" data-testid="import-rows">
                            // The rows to import: the header row is not one.
                            {move || locale.get().t_n(Key::ImportRows, p.rows - usize::from(header.get() && p.rows > 0))}
                        </span>
                    </header>
                    {p.mapping.clone().map(|name| view! {
                        <p class="muted" data-testid="import-mapping-used">
                            {move || t(Key::ImportMappingUsed).replace("{name}", &name)}
                        </p>
                    })}
                    <div class="import-reading" hidden=is_book>
                        <label>
                            <span>{move || t(Key::ImportEncoding)}</span>
                            <select data-testid="import-encoding" on:change=move |ev| {
                                read(Some(event_target_value(&ev)), delimiter_choice())
                            }>
                                <option value="">{move || t(Key::ImportDetect)}</option>
                                {ENCODINGS.iter().map(|(label, name)| {
                                    let selected = encoding.eq_ignore_ascii_case(label)
                                        || (encoding.starts_with("UTF-16") && label.starts_with("utf-16"));
                                    view! { <option value=*label selected=selected>{*name}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <label>
                            <span>{move || t(Key::ImportSeparator)}</span>
                            <select data-testid="import-separator" id="import-separator" on:change=move |ev| {
                                read(encoding_choice(), Some(event_target_value(&ev)))
                            }>
                                <option value="">{move || t(Key::ImportDetect)}</option>
                                {[(",", ","), (";", ";"), ("tab", "\t")].into_iter().map(|(value, is)| {
                                    let selected = delimiter.as_deref() == Some(is);
                                    view! {
                                        <option value=value selected=selected>
                                            {move || if value == "tab" { t(Key::ImportTab).to_string() } else { value.to_string() }}
                                        </option>
                                    }
                                }).collect_view()}
                            </select>
                        </label>
                    </div>
                    <label class="check">
                        <input type="checkbox" prop:checked=header on:change=move |ev| header.set(event_target_checked(&ev))/>
                        <span>{move || t(Key::ImportHeaderRow)}</span>
                    </label>
                    <div class="import-table-wrap">
                        <table class="import-table" data-testid="import-columns">
                            <thead>
                                <tr>
                                    {headers.iter().enumerate().map(|(n, h)| {
                                        let h = h.clone();
                                        let name = h.clone();
                                        let fields = fields.clone();
                                        let customs = customs.clone();
                                        let kind = kind.clone();
                                        view! {
                                            <th>
                                                <span class="import-header">{h}</span>
                                                <select
                                                    data-testid="import-field"
                                                    aria-label=move || t(Key::ImportFieldOf).replace("{column}", &name)
                                                    on:change=move |ev| {
                                                        let value = event_target_value(&ev);
                                                        columns.update(|c| {
                                                            if c.len() <= n {
                                                                c.resize(n + 1, None);
                                                            }
                                                            c[n] = (!value.is_empty()).then_some(value);
                                                        });
                                                    }
                                                >
                                                    <option value="" selected=move || columns.with(|c| c.get(n).cloned().flatten().is_none())>
                                                        {move || t(Key::ImportLeaveOut)}
                                                    </option>
                                                    {fields.iter().map(|f| {
                                                        let name = f.name;
                                                        let kind = kind.clone();
                                                        view! {
                                                            <option
                                                                value=name
                                                                selected=move || columns.with(|c| c.get(n).cloned().flatten().as_deref() == Some(name))
                                                            >
                                                                {move || locale.get().field_label(crate::domain::import::record_kind(&kind), name)}
                                                            </option>
                                                        }
                                                    }).collect_view()}
                                                    {customs.into_iter().map(|f| {
                                                        let key = f.key.clone();
                                                        let chosen = f.key.clone();
                                                        view! {
                                                            <option
                                                                value=key
                                                                selected=move || columns.with(|c| c.get(n).cloned().flatten().as_deref() == Some(chosen.as_str()))
                                                            >
                                                                {move || locale.get().custom_label(&f)}
                                                            </option>
                                                        }
                                                    }).collect_view()}
                                                </select>
                                            </th>
                                        }
                                    }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {sample.into_iter().map(|row| view! {
                                    <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <fieldset class="import-same">
                        <legend>{move || t(Key::ImportWhenSame)}</legend>
                        {[(OnMatch::Skip, Key::ImportSkip, "skip"), (OnMatch::Update, Key::ImportUpdate, "update"), (OnMatch::Create, Key::ImportCreate, "create")]
                            .into_iter()
                            .map(|(choice, key, name)| view! {
                                <label class="check">
                                    <input
                                        type="radio"
                                        name="import-same"
                                        data-testid=format!("import-{name}")
                                        prop:checked=move || on_match.get() == choice
                                        on:change=move |_| on_match.set(choice)
                                    />
                                    <span>{move || t(key)}</span>
                                </label>
                            })
                            .collect_view()}
                    </fieldset>
                    <label>
                        <span>{move || t(Key::ImportCurrency)}</span>
                        <select on:change=move |ev| {
                            if let Some(c) = Currency::parse(&event_target_value(&ev)) {
                                currency.set(c);
                            }
                        }>
                            {Currency::ALL.into_iter().map(|c| view! {
                                <option value=c.code() selected=move || currency.get() == c>{c.code()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{move || t(Key::ImportDecimal)}</span>
                        <select data-testid="import-decimal" on:change=move |ev| decimal.set(event_target_value(&ev).chars().next())>
                            {[(None, Key::ImportDecimalEach), (Some('.'), Key::ImportDecimalPoint), (Some(','), Key::ImportDecimalComma)]
                                .into_iter()
                                .map(|(mark, key)| view! {
                                    <option value=mark.map(String::from).unwrap_or_default() selected=move || decimal.get() == mark>
                                        {move || t(key)}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{move || t(Key::ImportSaveAs)}</span>
                        <input
                            type="text"
                            data-testid="import-save-as"
                            maxlength="100"
                            prop:value=save_as
                            on:input=move |ev| save_as.set(event_target_value(&ev))
                        />
                    </label>
                    <div class="import-actions">
                        <button type="button" data-testid="import-check" disabled=checking on:click=check>
                            {move || t(if checking.get() { Key::ImportChecking } else { Key::ImportCheck })}
                        </button>
                        {move || match checked.get() {
                            Some(Ok(c)) => {
                                let n = c.create + c.update;
                                view! {
                                    <button type="button" class="primary" data-testid="import-start" disabled=starting on:click=start>
                                        {move || locale.get().t_n(Key::ImportStart, n)}
                                    </button>
                                }.into_any()
                            }
                            _ => ().into_any(),
                        }}
                    </div>
                    {move || checked.get().map(|c| match c {
                        Err(why) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
                        Ok(c) => view! { <CheckedView checked=c create_tags/> }.into_any(),
                    })}
                </section>
            }
            .into_any()
        }
    }
}

/// The encoding chosen in the select now (`Some("")`: detect).
fn encoding_choice() -> Option<String> {
    select_value("[data-testid=import-encoding]")
}

fn delimiter_choice() -> Option<String> {
    select_value("#import-separator")
}

#[cfg(feature = "hydrate")]
fn select_value(selector: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
}

#[cfg(not(feature = "hydrate"))]
fn select_value(_selector: &str) -> Option<String> {
    None
}

/// What the dry run found.
#[component]
fn CheckedView(checked: Checked, create_tags: RwSignal<bool>) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let summary = {
        let c = checked.clone();
        move || {
            let l = locale.get();
            l.t(Key::ImportChecked)
                .replace("{create}", &l.digits(&c.create.to_string()))
                .replace("{update}", &l.digits(&c.update.to_string()))
                .replace("{skip}", &l.digits(&c.skip.to_string()))
                .replace("{failed}", &l.digits(&c.failed.to_string()))
        }
    };
    let tags = checked.missing_tags.join(", ");
    let more = checked.failed > checked.failures.len();
    view! {
        <div class="import-checked" data-testid="import-checked">
            <p data-testid="import-summary">{summary}</p>
            {(checked.new_companies > 0).then(|| {
                let n = checked.new_companies;
                view! { <p class="muted">{move || locale.get().t_n(Key::ImportNewCompanies, n)}</p> }
            })}
            {(!tags.is_empty()).then(|| view! {
                <label class="check">
                    <input type="checkbox" data-testid="import-create-tags" prop:checked=create_tags on:change=move |ev| create_tags.set(event_target_checked(&ev))/>
                    <span>{move || t(Key::ImportCreateTags).replace("{names}", &tags)}</span>
                </label>
            })}
            {(!checked.failures.is_empty()).then(|| view! {
                <FailureTable failures=checked.failures.clone()/>
            })}
            {more.then(|| view! { <p class="muted">{move || locale.get().t_n(Key::ImportMoreFailures, LISTED_FAILURES)}</p> })}
        </div>
    }
}

#[component]
fn FailureTable(failures: Vec<crate::sync::imports::Failure>) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    view! {
        <table class="import-failures" data-testid="import-failures">
            <thead>
                <tr><th>{move || t(Key::ImportLine)}</th><th>{move || t(Key::ImportColumn)}</th><th>{move || t(Key::ImportWhy)}</th></tr>
            </thead>
            <tbody>
                {failures.into_iter().map(|f| {
                    let reason = f.reason.clone();
                    view! {
                        <tr data-testid="import-failure">
                            <td>{move || locale.get().digits(&f.line.to_string())}</td>
                            <td>{f.column.clone().unwrap_or_default()}</td>
                            <td>{move || locale.get().rule_error(&reason)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// An import started: its progress while it runs, then what it did, the failed rows and undo.
#[component]
fn Progress(import: Import, set: RwSignal<Option<Result<Import, String>>>) -> impl IntoView {
    let locale = use_locale();
    let nav = expect_context::<Nav>();
    let t = move |key| locale.get().t(key);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = import.id;
    let act = move |undo: bool| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let answer = if undo {
                import_undo(id).await
            } else {
                import_cancel(id).await
            };
            match answer {
                Ok(i) => set.set(Some(Ok(i))),
                Err(e) => error.set(Some(failure(locale.get_untracked(), &e))),
            }
            let _ = busy.try_set(false);
        });
    };
    let download = move |_| {
        leptos::task::spawn_local(async move {
            match import_failed_rows(id).await {
                Ok(rows) => {
                    let l = locale.get_untracked();
                    let mut header = rows.headers.clone();
                    header.extend(
                        [Key::ImportLine, Key::ImportColumn, Key::ImportWhy]
                            .map(|k| l.t(k).to_string()),
                    );
                    let sheet = crate::export::Sheet {
                        name: rows.file_name.clone(),
                        header,
                        rows: rows
                            .rows
                            .into_iter()
                            .map(|(f, mut cells)| {
                                cells.resize(rows.headers.len(), String::new());
                                cells.extend([
                                    f.line.to_string(),
                                    f.column.unwrap_or_default(),
                                    l.rule_error(&f.reason),
                                ]);
                                cells.into_iter().map(crate::export::Cell::Text).collect()
                            })
                            .collect(),
                    };
                    let stem = rows
                        .file_name
                        .rsplit_once('.')
                        .map_or(rows.file_name.as_str(), |(s, _)| s)
                        .to_string();
                    super::export::save(
                        format!("{stem}-mistakes.csv"),
                        sheet,
                        crate::export::Values::Shown,
                        false,
                        error,
                    );
                }
                Err(e) => error.set(Some(failure(locale.get_untracked(), &e))),
            }
        });
    };
    let i = import.clone();
    let status = i.status;
    let rate = i.rate(super::now());
    let counts = move || {
        let l = locale.get();
        l.t(Key::ImportCounts)
            .replace("{created}", &l.digits(&i.created.to_string()))
            .replace("{updated}", &l.digits(&i.updated.to_string()))
            .replace("{skipped}", &l.digits(&i.skipped.to_string()))
            .replace("{failed}", &l.digits(&i.failed.to_string()))
    };
    let progress = move || {
        let l = locale.get();
        l.t(Key::ImportProgress)
            .replace("{done}", &l.digits(&import.done.to_string()))
            .replace("{total}", &l.digits(&import.total.to_string()))
    };
    let status_key = status_key(status);
    let running = matches!(status, Status::Queued | Status::Running);
    view! {
        <section class="page import" data-testid="import-progress" data-status=format!("{status:?}").to_lowercase()>
            <header class="page-header">
                <h2>{import.file_name.clone()}</h2>
                <span class="muted">{move || kind_label(locale.get(), &import.kind)}</span>
            </header>
            <p data-testid="import-status"><strong>{move || t(status_key)}</strong></p>
            {import.error.clone().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <progress max=import.total.max(1) value=import.done data-testid="import-bar"></progress>
            <p>
                <span data-testid="import-done">{progress}</span>
                {rate.map(|r| view! { " · " <span>{move || locale.get().t_n(Key::ImportRate, r.round() as usize)}</span> })}
            </p>
            <p data-testid="import-counts">{counts}</p>
            <div class="import-actions">
                {running.then(|| view! {
                    <button type="button" data-testid="import-cancel" disabled=busy on:click=move |_| act(false)>
                        {move || t(Key::Cancel)}
                    </button>
                })}
                {(!running && import.failed > 0).then(|| view! {
                    <button type="button" data-testid="import-download-failed" on:click=download>
                        {move || t(Key::ImportDownloadFailed)}
                    </button>
                })}
                {(!running && status != Status::Undone && import.created > 0).then(|| view! {
                    <button type="button" class="danger" data-testid="import-undo" disabled=busy title=move || t(Key::ImportUndoSays) on:click=move |_| act(true)>
                        {move || t(Key::ImportUndo)}
                    </button>
                })}
                {(!running).then(|| view! {
                    <button type="button" data-testid="import-another" on:click=move |_| nav.go(&Page::Import(None))>
                        {move || t(Key::ImportAnother)}
                    </button>
                })}
            </div>
            {(!running && status != Status::Undone && import.created > 0).then(|| view! { <p class="muted">{move || t(Key::ImportUndoSays)}</p> })}
            {move || error.get().map(|why| view! { <p class="error" role="alert" data-testid="import-error">{why}</p> })}
        </section>
    }
}

/// What a kind of import is called: its records' name, leads by theirs.
fn kind_label(locale: Locale, kind: &str) -> String {
    match kind {
        "lead" => locale.t(Key::Leads).to_string(),
        kind => locale.kind(kind, true),
    }
}

/// What an import's status is called.
fn status_key(status: Status) -> Key {
    match status {
        Status::Draft | Status::Queued => Key::ImportQueued,
        Status::Running => Key::ImportRunning,
        Status::Done => Key::ImportDone,
        Status::Cancelled => Key::ImportCancelled,
        Status::Failed => Key::ImportFailed,
        Status::Undone => Key::ImportUndone,
    }
}

/// The organisation's earlier imports, newest first.
#[component]
fn History() -> impl IntoView {
    let locale = use_locale();
    let nav = expect_context::<Nav>();
    let t = move |key| locale.get().t(key);
    let list = RwSignal::new(None::<Result<Vec<Import>, String>>);
    leptos::task::spawn_local(async move {
        let answer = imports(None)
            .await
            .map_err(|e| failure(locale.get_untracked(), &e));
        let _ = list.try_set(Some(answer));
    });
    view! {
        <section class="import-history" data-testid="import-history">
            <h3>{move || t(Key::ImportHistory)}</h3>
            {move || match list.get() {
                None => ().into_any(),
                Some(Err(why)) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{t(Key::ImportNone)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="rows">
                        {list.into_iter().map(|i| {
                            let id = i.id;
                            let when = i.uploaded_at;
                            let kind = i.kind.clone();
                            let status = i.status;
                            view! {
                                <li class="row" data-testid="import-row" on:click=move |_| nav.go(&Page::Import(Some(id)))>
                                    <strong class="row-title">{i.file_name.clone()}</strong>
                                    <span>{move || kind_label(locale.get(), &kind)}</span>
                                    <span class="muted">{i.by.clone()}</span>
                                    <span class="muted">{move || show_time(when)}</span>
                                    <span>{move || t(status_key(status))}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// The way to the import page from a kind's page, with that kind chosen.
#[component]
pub fn ImportLink(#[prop(into)] kind: Signal<&'static str>) -> impl IntoView {
    let locale = use_locale();
    let nav = expect_context::<Nav>();
    view! {
        <button type="button" class="import-link" data-testid="import-link" on:click=move |_| {
            nav.go_with(&Page::Import(None), &format!("?kind={}", kind.get_untracked()));
        }>
            {move || locale.get().t(Key::Import)}
        </button>
    }
}
