//! A list as a file to take away: CSV or Excel (.xlsx), with the rows and columns the list shows
//! (its filter and its order), in the reader's formats or as plain values (ISO dates, plain
//! numbers). Built in the browser from its copy of the records, so it works offline; written with
//! the `csv` crate and `rust_xlsxwriter`.

use chrono::NaiveDate;

/// One cell: what the reader sees, and the plain value beneath it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number, and how the reader writes it (their grouping, digits, currency sign).
    Number {
        value: f64,
        shown: String,
    },
    /// A day, and how the reader writes it (their calendar and digits).
    Date {
        day: NaiveDate,
        shown: String,
    },
    Empty,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    }

    /// The cell as text: as the reader sees it, or its plain value.
    fn as_text(&self, values: Values) -> String {
        match (self, values) {
            (Cell::Text(text), _) => text.clone(),
            (Cell::Number { shown, .. } | Cell::Date { shown, .. }, Values::Shown) => shown.clone(),
            (Cell::Number { value, .. }, Values::Plain) => plain_number(*value),
            (Cell::Date { day, .. }, Values::Plain) => day.format("%Y-%m-%d").to_string(),
            (Cell::Empty, _) => String::new(),
        }
    }
}

/// How the values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// As the list shows them to the reader.
    Shown,
    /// Plain: ISO dates, numbers without grouping or currency (Excel gets real numbers and
    /// dates, so they sum and sort).
    Plain,
}

/// A list to export: its name (the sheet's), its column titles and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A number without grouping or exponent: whole ones without a decimal point.
fn plain_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `@`, or `-` not starting a number)
/// gets a leading apostrophe: an exported name can never run anything.
fn defused(text: String) -> String {
    let risky = text.starts_with(['=', '+', '@', '\t', '\r'])
        || (text.starts_with('-') && text.parse::<f64>().is_err());
    if risky { format!("'{text}") } else { text }
}

/// The sheet as CSV (RFC 4180, comma-separated, CRLF), UTF-8 with a byte-order mark so that
/// spreadsheet programs read Vietnamese, Chinese, Thai and Persian right.
pub fn to_csv(sheet: &Sheet, values: Values) -> Result<Vec<u8>, String> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from("\u{feff}".as_bytes()));
    out.write_record(sheet.header.iter().map(|h| defused(h.clone())))
        .map_err(|e| e.to_string())?;
    for row in &sheet.rows {
        out.write_record(row.iter().map(|c| match (c, values) {
            (Cell::Number { .. } | Cell::Date { .. }, Values::Plain) => c.as_text(values),
            _ => defused(c.as_text(values)),
        }))
        .map_err(|e| e.to_string())?;
    }
    out.into_inner().map_err(|e| e.to_string())
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "Rapport".into()
    } else {
        clean
    }
}

/// The sheet as an Excel workbook: a bold header row that stays in view, columns fitted to
/// their contents; plain values as numbers and dates Excel computes with.
pub fn to_xlsx(sheet: &Sheet, values: Values) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let page = book.add_worksheet();
    page.set_name(sheet_name(&sheet.name)).map_err(e)?;
    for (c, title) in sheet.header.iter().enumerate() {
        page.write_string_with_format(0, c as u16, title, &bold)
            .map_err(e)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match (cell, values) {
                (Cell::Empty, _) => {}
                (Cell::Number { value, .. }, Values::Plain) => {
                    page.write_number(r, c, *value).map_err(e)?;
                }
                (Cell::Date { day, .. }, Values::Plain) => {
                    let when = rust_xlsxwriter::ExcelDateTime::parse_from_str(
                        &day.format("%Y-%m-%d").to_string(),
                    )
                    .map_err(e)?;
                    page.write_datetime_with_format(r, c, &when, &date)
                        .map_err(e)?;
                }
                (other, _) => {
                    page.write_string(r, c, other.as_text(values)).map_err(e)?;
                }
            }
        }
    }
    page.set_freeze_panes(1, 0).map_err(e)?;
    page.autofit();
    book.save_to_buffer().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sheet {
        Sheet {
            name: "Cơ hội / Deals".into(),
            header: vec![
                "Tên".into(),
                "Doanh thu".into(),
                "Ngày".into(),
                "Ghi chú".into(),
            ],
            rows: vec![
                vec![
                    Cell::text("Máy phát điện, \"loại A\""),
                    Cell::Number {
                        value: 150_000_000.0,
                        shown: "150.000.000 ₫".into(),
                    },
                    Cell::Date {
                        day: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
                        shown: "04/12/2026".into(),
                    },
                    Cell::text("=HYPERLINK(\"http://x\")"),
                ],
                vec![
                    Cell::text("بازاریابی\nخط دوم"),
                    Cell::Number {
                        value: 12.5,
                        shown: "۱۲٫۵".into(),
                    },
                    Cell::Empty,
                    Cell::text("-x"),
                ],
            ],
        }
    }

    fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "a byte-order mark"
        );
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[3..]);
        reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn csv_reads_back_as_shown_or_as_plain_values_and_runs_no_formula() {
        let shown = read_csv(&to_csv(&sample(), Values::Shown).unwrap());
        assert_eq!(shown[0], ["Tên", "Doanh thu", "Ngày", "Ghi chú"]);
        assert_eq!(
            shown[1],
            [
                "Máy phát điện, \"loại A\"",
                "150.000.000 ₫",
                "04/12/2026",
                "'=HYPERLINK(\"http://x\")"
            ]
        );
        assert_eq!(shown[2], ["بازاریابی\nخط دوم", "۱۲٫۵", "", "'-x"]);
        let plain = read_csv(&to_csv(&sample(), Values::Plain).unwrap());
        assert_eq!(plain[1][1..3], ["150000000", "2026-12-04"]);
        assert_eq!(plain[2][1], "12.5");
    }

    #[test]
    fn csv_is_byte_for_byte_what_spreadsheets_expect() {
        let sheet = Sheet {
            name: "x".into(),
            header: vec!["Stage".into(), "Value".into()],
            rows: [
                ["Đề xuất, báo giá", "1000"],
                ["say \"hi\"", "-5"],
                ["=HYPERLINK(\"x\")", "2"],
            ]
            .iter()
            .map(|r| r.iter().map(|c| Cell::text(*c)).collect())
            .collect(),
        };
        assert_eq!(
            String::from_utf8(to_csv(&sheet, Values::Shown).unwrap()).unwrap(),
            "\u{feff}Stage,Value\r\n\"Đề xuất, báo giá\",1000\r\n\"say \"\"hi\"\"\",-5\r\n\"'=HYPERLINK(\"\"x\"\")\",2\r\n"
        );
    }

    #[test]
    fn excel_reads_back_with_numbers_and_dates_as_such_when_plain() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = to_xlsx(&sample(), Values::Plain).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Cơ hội  Deals"]);
        let range = book.worksheet_range("Cơ hội  Deals").unwrap();
        assert_eq!(range.get((0, 0)), Some(&Data::String("Tên".into())));
        assert_eq!(
            range.get((1, 0)),
            Some(&Data::String("Máy phát điện, \"loại A\"".into()))
        );
        assert_eq!(range.get((1, 1)), Some(&Data::Float(150_000_000.0)));
        match range.get((1, 2)) {
            Some(Data::DateTime(d)) => {
                assert_eq!(
                    d.as_datetime().unwrap().date(),
                    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
                )
            }
            other => panic!("a date: {other:?}"),
        }
        // A formula-looking text stays text in Excel (written as a string, never a formula).
        assert_eq!(
            range.get((1, 3)),
            Some(&Data::String("=HYPERLINK(\"http://x\")".into()))
        );
        let shown = to_xlsx(&sample(), Values::Shown).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(shown)).unwrap();
        let range = book.worksheet_range("Cơ hội  Deals").unwrap();
        assert_eq!(range.get((2, 1)), Some(&Data::String("۱۲٫۵".into())));
    }
}
