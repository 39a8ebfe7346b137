//! The export of a list, in its page's header: as shown or plain values, as CSV or Excel. The
//! file is made in the browser from the rows the list shows (its search, filter and order), so
//! it works offline, and downloaded as `rapport-<list>-<day>.csv` or `.xlsx`.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};

use super::use_locale;
use crate::export::{Cell, Sheet, Values, to_csv, to_xlsx};
use crate::i18n::Key;

/// Export buttons for a list called `name` (in its file name); `sheet` gives its rows when
/// asked.
#[component]
pub fn Export(
    #[prop(into)] name: Signal<&'static str>,
    sheet: Callback<(), Sheet>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let plain = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let save = move |excel: bool| {
        let values = if plain.get_untracked() {
            Values::Plain
        } else {
            Values::Shown
        };
        let file = format!(
            "rapport-{}-{}.{}",
            name.get_untracked(),
            super::today().format("%Y-%m-%d"),
            if excel { "xlsx" } else { "csv" }
        );
        save(file, sheet.run(()), values, excel, failed);
    };
    view! {
        <div class="export" data-testid="export">
            <label title=move || t(Key::PlainValuesHint)>
                <input
                    type="checkbox"
                    data-testid="export-plain"
                    prop:checked=plain
                    on:change=move |ev| plain.set(event_target_checked(&ev))
                />
                <span>{move || t(Key::PlainValues)}</span>
            </label>
            <button type="button" data-testid="export-csv" on:click=move |_| save(false)>"CSV"</button>
            <button type="button" data-testid="export-xlsx" on:click=move |_| save(true)>"Excel"</button>
            {move || failed.get().map(|why| view! { <span class="error" role="alert">{why}</span> })}
        </div>
    }
}

/// Makes `sheet`'s file (Excel or CSV) and hands it to the browser as a download called
/// `file`; what went wrong, if anything, goes to `failed`.
pub fn save(
    file: String,
    sheet: Sheet,
    values: Values,
    excel: bool,
    failed: RwSignal<Option<String>>,
) {
    let locale = use_locale().get_untracked();
    let mime = if excel {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv;charset=utf-8"
    };
    failed.set(None);
    leptos::task::spawn_local(async move {
        let made = match write_file(sheet, values, excel).await {
            Ok(made) => made,
            // The writers' piece of the app is not on this device yet (offline).
            Err(_) => Err(locale.t(Key::PageNotLoaded).to_string()),
        };
        let _ = failed.try_set(made.and_then(|bytes| download(&file, mime, &bytes)).err());
    });
}

/// The file of `sheet`: in a piece of the app of its own (`wasm_split`), as the Excel writer is
/// large and only an export needs it; loaded on the first export (and kept for offline use by
/// the service worker, like every piece).
#[wasm_split(export_writers, wasm_split_path = ::leptos::wasm_split, fallible)]
fn write_file(
    sheet: Sheet,
    values: Values,
    excel: bool,
) -> Result<Result<Vec<u8>, String>, SplitLoaderError> {
    Ok(if excel {
        to_xlsx(&sheet, values)
    } else {
        to_csv(&sheet, values)
    })
}

/// Hands `bytes` to the browser as a download called `file`.
#[cfg(feature = "hydrate")]
fn download(file: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let e = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(e)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(e)?;
    let link: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(e)?
        .dyn_into()
        .map_err(|_| "not a link".to_string())?;
    link.set_href(&url);
    link.set_download(file);
    link.click();
    // The browser has the file once the click is handled; the address can go after it.
    let later = url.clone();
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&later);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

#[cfg(not(feature = "hydrate"))]
fn download(_file: &str, _mime: &str, _bytes: &[u8]) -> Result<(), String> {
    Ok(())
}

/// How the reader writes amounts, numbers and days, taken when a page is drawn, for the cells
/// of its export.
#[derive(Clone, Copy)]
pub struct Formats {
    locale: RwSignal<crate::i18n::Locale>,
    calendar: super::CalendarChoice,
}

impl Formats {
    pub fn here() -> Formats {
        Formats {
            locale: use_locale(),
            calendar: expect_context::<super::CalendarChoice>(),
        }
    }

    pub fn locale(self) -> crate::i18n::Locale {
        self.locale.get_untracked()
    }

    pub fn money(self, m: crate::domain::Money) -> Cell {
        let scale = 10f64.powi(m.currency.exponent() as i32);
        Cell::Number {
            value: m.minor as f64 / scale,
            shown: self.locale().money(m),
        }
    }

    pub fn number(self, n: i64) -> Cell {
        Cell::Number {
            value: n as f64,
            shown: self.locale().digits(&n.to_string()),
        }
    }

    pub fn date(self, day: Option<chrono::NaiveDate>) -> Cell {
        let locale = self.locale();
        // The reader's calendar, read outside any reactive context (an export's click).
        let calendar = untrack(|| self.calendar.for_locale(locale));
        match day {
            Some(day) => Cell::Date {
                day,
                shown: locale.date(day, calendar),
            },
            None => Cell::Empty,
        }
    }
}
