//! Reading what people type in their spreadsheets: numbers and dates as each of our markets
//! writes them, and which field a column is from its header in any of our five languages. The
//! rules of import (`db::import` reads the file; these read its cells), written once so that the
//! browser's preview and the server's import agree.

use chrono::NaiveDate;

use super::calendar::{Jalali, from_jalali};
use super::field::Field;

/// Western digits for Persian, Arabic-Indic and Thai ones; everything else as it is.
pub fn western_digits(text: &str) -> String {
    text.chars()
        .map(|c| {
            let d = c as u32;
            let digit = match d {
                0x06F0..=0x06F9 => Some(d - 0x06F0),
                0x0660..=0x0669 => Some(d - 0x0660),
                0x0E50..=0x0E59 => Some(d - 0x0E50),
                _ => None,
            };
            digit.and_then(|d| char::from_digit(d, 10)).unwrap_or(c)
        })
        .collect()
}

/// A number as people write it: `1.234.567` (Vietnamese), `1,234,567.5`, `1 234 567,5`,
/// `۱٬۲۳۴٫۵` (Persian), with a currency sign or code around it. Which of `.` and `,` is the
/// decimal mark is read from the text: the last one when both appear; one alone is a thousands
/// mark when every group after it has three digits (`1.234.567`, `12,500`), else the decimal
/// mark (`12,5`, `0.75`). `None` for text that is not one number.
pub fn read_number(text: &str) -> Option<f64> {
    let (negative, body) = number_body(text)?;
    let body = body.as_str();
    let last_dot = body.rfind('.');
    let last_comma = body.rfind(',');
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { '.' } else { ',' }),
        (Some(_), None) => single_mark(body, '.'),
        (None, Some(_)) => single_mark(body, ','),
        (None, None) => None,
    };
    let mut plain = String::with_capacity(body.len());
    for c in body.chars() {
        match c {
            c if c.is_ascii_digit() => plain.push(c),
            c if Some(c) == decimal => plain.push('.'),
            _ => {}
        }
    }
    let value: f64 = plain.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// The sign and the digits and marks of a number as written (western digits, spaces and
/// Persian group marks taken out, a currency sign or code around it left out), or `None`
/// when it holds anything else.
fn number_body(text: &str) -> Option<(bool, String)> {
    let western = western_digits(text)
        .replace(
            ['\u{066C}', '\u{2019}', '\'', '\u{00A0}', '\u{202F}', ' '],
            "",
        )
        .replace('\u{066B}', ".");
    let (negative, body) = match western.trim() {
        t if t.starts_with('-') || t.starts_with('\u{2212}') => {
            (true, t.trim_start_matches(['-', '\u{2212}']))
        }
        t if t.starts_with('(') && t.ends_with(')') => (true, &t[1..t.len() - 1]),
        t => (false, t),
    };
    // A currency sign or code before or after the digits.
    let body = body.trim_matches(|c: char| !c.is_ascii_digit() && c != '.' && c != ',');
    let number = !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    number.then(|| (negative, body.to_string()))
}

/// A number written with `decimal` (`.` or `,`) as its decimal mark, as the person said a
/// sheet writes them: the other mark groups thousands, in groups of three, and the decimal
/// mark is there once at most. `None` for text that does not follow it ("12,5" when the mark
/// is `.`): read strictly, never guessed.
pub fn read_number_marked(text: &str, decimal: char) -> Option<f64> {
    // Persian's own decimal mark is one whatever the sheet's other numbers use.
    let decimal = if text.contains('\u{066B}') {
        '.'
    } else {
        decimal
    };
    let (negative, body) = number_body(text)?;
    let group = if decimal == ',' { '.' } else { ',' };
    let (whole, fraction) = match body.split_once(decimal) {
        Some((w, f)) if !f.contains([decimal, group]) && !f.is_empty() => (w, f),
        Some(_) => return None,
        None => (body.as_str(), ""),
    };
    let mut groups = whole.split(group);
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    let grouped = rest.is_empty()
        || (!first.is_empty() && first.len() <= 3 && rest.iter().all(|g| g.len() == 3));
    if !grouped || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    let whole = whole.replace(group, "");
    let plain = match (whole.is_empty(), fraction.is_empty()) {
        (_, true) => whole,
        (true, false) => format!("0.{fraction}"),
        (false, false) => format!("{whole}.{fraction}"),
    };
    let value: f64 = plain.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// Whether a mark that is the only kind in `body` separates decimals: it does unless every
/// group after its first use has exactly three digits (then it groups thousands).
fn single_mark(body: &str, mark: char) -> Option<char> {
    let mut groups = body.split(mark);
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    let thousands = !first.is_empty()
        && first.len() <= 3
        && rest.iter().all(|g| g.len() == 3)
        && (rest.len() > 1 || first != "0");
    (!thousands).then_some(mark)
}

/// A day as people write it: `2026-12-04`, `04/12/2026` and `4.12.2026` (day first, as in all
/// our markets), `2026/12/04`, a Buddhist-era year (`4/12/2569`, Thai), a Solar Hijri one
/// (`1405/09/13`, Persian), in any of their digits; with an English month's name too, as
/// English shows days (`4 Dec 2026`, `Dec 4, 2026`). `None` when it is not a real day.
pub fn read_date(text: &str) -> Option<NaiveDate> {
    let western = western_digits(text.trim());
    let words: Vec<&str> = western
        .split(['-', '/', '.', ' ', ',', '\u{2044}', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = words[..] else { return None };
    let number = |w: &str| w.parse::<i32>().ok();
    let (year, month, day) = match (english_month(a), english_month(b)) {
        // "Dec 4, 2026"
        (Some(m), None) => (number(c)?, m, number(b)?),
        // "4 Dec 2026", or "2026 Dec 4"
        (None, Some(m)) => {
            let (x, z) = (number(a)?, number(c)?);
            if x > 31 { (x, m, z) } else { (z, m, x) }
        }
        (None, None) => {
            let (a, b, c) = (number(a)?, number(b)?, number(c)?);
            // Year first (ISO, Chinese, Persian), else day first.
            let (year, month, day) = if a > 31 { (a, b, c) } else { (c, b, a) };
            (year, u32::try_from(month).ok()?, day)
        }
        (Some(_), Some(_)) => return None,
    };
    let day = u32::try_from(day).ok()?;
    match year {
        // Solar Hijri years are 1300-1499 in living memory.
        1300..=1499 => from_jalali(Jalali { year, month, day }),
        // Buddhist era: 543 years ahead.
        2400..=2699 => NaiveDate::from_ymd_opt(year - 543, month, day),
        1900..=2199 => NaiveDate::from_ymd_opt(year, month, day),
        _ => None,
    }
}

/// An English month's number from its name, whole or its first three letters or more ("Dec",
/// "Sept", "december").
fn english_month(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    if word.chars().count() < 3 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    crate::i18n::EN_MONTHS
        .iter()
        .position(|m| m.to_lowercase().starts_with(&word))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A header as compared: lower case, single spaces, without the marks people add around it,
/// and with the Arabic forms of yeh and kaf as Persian writes them (Windows-1256 files and
/// Arabic keyboards give the Arabic ones).
fn header_key(text: &str) -> String {
    text.trim()
        .trim_matches(|c: char| matches!(c, '*' | ':' | '"' | '\''))
        .to_lowercase()
        .replace('\u{064A}', "\u{06CC}")
        .replace('\u{0643}', "\u{06A9}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What else people call a field in their sheets, beside its labels: (field, other names).
const ALSO: &[(&str, &[&str])] = &[
    (
        "email",
        &[
            "e-mail",
            "mail",
            "thư điện tử",
            "电子邮件",
            "邮箱",
            "อีเมล",
            "ایمیل",
            "پست الکترونیک",
        ],
    ),
    (
        "phone",
        &[
            "tel",
            "telephone",
            "mobile",
            "cell",
            "sđt",
            "số điện thoại",
            "di động",
            "手机",
            "电话",
            "โทรศัพท์",
            "เบอร์โทร",
            "موبایل",
            "تلفن همراه",
            "شماره تماس",
        ],
    ),
    (
        "name",
        &[
            "full name",
            "contact",
            "contact name",
            "họ tên",
            "họ và tên",
            "姓名",
            "名字",
            "ชื่อ-นามสกุล",
            "نام و نام خانوادگی",
        ],
    ),
    (
        "company_id",
        &[
            "company",
            "company name",
            "organisation",
            "organization",
            "công ty",
            "tên công ty",
            "公司",
            "公司名称",
            "บริษัท",
            "ชื่อบริษัท",
            "شرکت",
            "نام شرکت",
        ],
    ),
    (
        "job_title",
        &["title", "position", "chức vụ", "职位", "ตำแหน่ง", "سمت"],
    ),
    ("address", &["địa chỉ", "地址", "ที่อยู่", "نشانی", "آدرس"]),
];

/// The field of `fields` a column is about, from its header: the field's name, its label in any
/// of our five languages, or a name people commonly use for it.
pub fn field_of_header(fields: &[Field], header: &str) -> Option<&'static str> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    fields
        .iter()
        .find(|f| {
            header_key(f.name) == key
                || header_key(&f.name.replace('_', " ")) == key
                || [f.label.en, f.label.vi, f.label.zh, f.label.th, f.label.fa]
                    .iter()
                    .any(|l| header_key(l) == key)
        })
        .map(|f| f.name)
        .or_else(|| {
            ALSO.iter()
                .find(|(field, names)| {
                    fields.iter().any(|f| f.name == *field)
                        && names.iter().any(|n| header_key(n) == key)
                })
                .map(|(field, _)| *field)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_sheet_whose_decimal_mark_is_said_is_read_strictly() {
        let comma = [
            ("1.234.567", Some(1_234_567.0)),
            ("1.234", Some(1234.0)),
            ("12,5", Some(12.5)),
            ("1.234,56 ₫", Some(1234.56)),
            ("۱۲٬۵۰۰٫۵", Some(12_500.5)),
            ("-0,75", Some(-0.75)),
            (",5", Some(0.5)),
            ("1,234,567", None),
            ("12.34", None),
            ("1,2,3", None),
        ];
        for (text, expected) in comma {
            assert_eq!(read_number_marked(text, ','), expected, "{text} with ,");
        }
        let dot = [
            ("1,234,567.5", Some(1_234_567.5)),
            ("1.234", Some(1.234)),
            ("12,500", Some(12_500.0)),
            ("12500", Some(12_500.0)),
            ("12,5", None),
            ("1.234.567", None),
            ("1,23,456", None),
            ("abc", None),
        ];
        for (text, expected) in dot {
            assert_eq!(read_number_marked(text, '.'), expected, "{text} with .");
        }
    }

    #[test]
    fn numbers_are_read_as_each_market_writes_them() {
        let cases: [(&str, f64); 14] = [
            ("1.234.567", 1_234_567.0),
            ("150.000.000 ₫", 150_000_000.0),
            ("1,234,567.5", 1_234_567.5),
            ("$1,250.00", 1250.0),
            ("1 234 567,5", 1_234_567.5),
            ("12,5", 12.5),
            ("0.75", 0.75),
            ("12,500", 12_500.0),
            ("۱۲٬۵۰۰٫۵", 12_500.5),
            ("٢٣٤", 234.0),
            ("๑,๒๐๐ บาท", 1200.0),
            ("-3.5", -3.5),
            ("(1.000)", -1000.0),
            ("VND 2.000.000", 2_000_000.0),
        ];
        for (text, expected) in cases {
            assert_eq!(read_number(text), Some(expected), "{text}");
        }
        for text in ["", "abc", "1.2.3,4,5x", "12 apples and 3"] {
            assert_eq!(read_number(text), None, "{text}");
        }
    }

    #[test]
    fn dates_are_read_in_every_calendar_and_digits_our_markets_use() {
        let d = day(2026, 12, 4);
        for text in [
            "2026-12-04",
            "04/12/2026",
            "4.12.2026",
            "2026/12/04",
            "4/12/2569",
            "۱۴۰۵/۰۹/۱۳",
            "1405-09-13",
            "๔/๑๒/๒๕๖๙",
            "4 Dec 2026",
            "4 December 2026",
            "Dec 4, 2026",
            "december 4 2026",
            "2026 Dec 4",
            "4 Dec 2569",
        ] {
            assert_eq!(read_date(text), Some(d), "{text}");
        }
        for text in [
            "31/02/2026",
            "2026-13-01",
            "12/2026",
            "hôm nay",
            "99/99/99",
            "4 De 2026",
            "4 Dec Jan",
            "Dec 2026",
            "31 Nov 2026",
        ] {
            assert_eq!(read_date(text), None, "{text}");
        }
    }

    #[test]
    fn a_column_is_mapped_from_its_header_in_any_of_our_languages() {
        use crate::domain::kind::Kind;
        let fields = crate::domain::Contact::FIELDS;
        let cases = [
            ("Email", Some("email")),
            ("E-mail", Some("email")),
            ("Số điện thoại", Some("phone")),
            ("SĐT", Some("phone")),
            ("手机", Some("phone")),
            ("Công ty", Some("company_id")),
            ("ชื่อ", Some("name")),
            ("نام", Some("name")),
            // The Arabic yeh of a Windows-1256 file.
            ("ايميل", Some("email")),
            ("  Họ và tên * ", Some("name")),
            ("Chức vụ", Some("job_title")),
            ("Ghi chú riêng", None),
            ("", None),
        ];
        for (header, expected) in cases {
            assert_eq!(field_of_header(fields, header), expected, "{header}");
        }
    }
}
