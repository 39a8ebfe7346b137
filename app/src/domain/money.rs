//! Money as integer minor units plus an ISO 4217 currency: never floating point.

use serde::{Deserialize, Serialize};

/// The currencies Rapport's users sell in. Each knows its number of minor-unit digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    VND,
    USD,
    EUR,
    CNY,
    THB,
    IRR,
    JPY,
}

impl Currency {
    pub const ALL: [Currency; 7] = [
        Currency::VND,
        Currency::USD,
        Currency::EUR,
        Currency::CNY,
        Currency::THB,
        Currency::IRR,
        Currency::JPY,
    ];

    /// Digits after the decimal point (VND, IRR and JPY have no minor unit in practice).
    pub fn exponent(self) -> u32 {
        match self {
            Currency::VND | Currency::IRR | Currency::JPY => 0,
            _ => 2,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Currency::VND => "VND",
            Currency::USD => "USD",
            Currency::EUR => "EUR",
            Currency::CNY => "CNY",
            Currency::THB => "THB",
            Currency::IRR => "IRR",
            Currency::JPY => "JPY",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::VND => "₫",
            Currency::USD => "$",
            Currency::EUR => "€",
            Currency::CNY => "¥",
            Currency::THB => "฿",
            Currency::IRR => "﷼",
            Currency::JPY => "¥",
        }
    }

    pub fn parse(code: &str) -> Option<Currency> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Amount in the currency's minor units (cents for USD, dong for VND).
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    /// Reads an amount as a person types or pastes it, strictly: groups of three digits, the
    /// decimal mark once, never more decimals than the currency has, and a mark that could be
    /// read two ways refused rather than guessed. `decimal` is the reader's decimal mark:
    /// "12,5" is refused where the comma groups thousands ("1,234" there is 1234), "1.5" where
    /// the point does. A mark used twice ("1.234.567", "1,234,567") can only group, and with
    /// both, the last one is the decimal. Persian digits and marks, currency signs of
    /// `currency` and a word of magnitude ("150tr", "1,5 tỷ", "2.5万", "3k", "۲ میلیون") are
    /// read too; the word also makes a single mark a decimal one ("1.5 tỷ" is 1,500,000,000).
    /// Empty text is zero.
    pub fn read(text: &str, currency: Currency, decimal: char) -> Result<Money, AmountError> {
        let text = western_marks(text);
        let mut body = text.trim();
        let mut negative = false;
        if let Some(rest) = body.strip_prefix(['-', '\u{2212}']) {
            (body, negative) = (rest.trim_start(), true);
        } else if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
            (body, negative) = (inner.trim(), true);
        }
        let body = strip_sign(body, currency);
        let (body, power) = strip_magnitude(body);
        let body = body.trim();
        if body.is_empty() {
            return match (power, negative) {
                (None, false) => Ok(Money::new(0, currency)),
                _ => Err(AmountError::NotANumber),
            };
        }
        let (whole, fraction) = split_marks(body, decimal, power.is_some())?;
        let exponent = currency.exponent() + power.unwrap_or(0);
        if fraction.len() > exponent as usize {
            return Err(AmountError::TooManyDecimals(currency.exponent()));
        }
        let mut digits = whole;
        digits.push_str(fraction);
        digits.extend(std::iter::repeat_n('0', exponent as usize - fraction.len()));
        let minor: i64 = digits.parse().map_err(|_| AmountError::TooLarge)?;
        Ok(Money::new(if negative { -minor } else { minor }, currency))
    }

    /// A plain number as typed, read as strictly as an amount (groups of three, the decimal
    /// mark once, a mark that could be read two ways refused), with at most `places`
    /// decimals: the count of its smallest parts (2.5 with three places is 2500). No currency
    /// sign, no word of size; a minus is kept for the caller to refuse.
    pub fn read_fixed(text: &str, places: u32, decimal: char) -> Result<i64, AmountError> {
        let text = western_marks(text);
        let mut body = text.trim();
        let negative = match body.strip_prefix(['-', '\u{2212}']) {
            Some(rest) => {
                body = rest.trim_start();
                true
            }
            None => false,
        };
        if body.is_empty() {
            return Err(AmountError::NotANumber);
        }
        let (whole, fraction) = split_marks(body, decimal, false)?;
        if fraction.len() > places as usize {
            return Err(AmountError::TooManyDecimals(places));
        }
        let mut digits = whole;
        digits.push_str(fraction);
        digits.extend(std::iter::repeat_n('0', places as usize - fraction.len()));
        let parts: i64 = digits.parse().map_err(|_| AmountError::TooLarge)?;
        Ok(if negative { -parts } else { parts })
    }

    /// The amount with `group` between thousands and `decimal` before the minor digits.
    pub fn format_number(self, group: &str, decimal: &str) -> String {
        let exp = self.currency.exponent();
        let scale = 10u64.pow(exp);
        let abs = self.minor.unsigned_abs();
        let (int, frac) = (abs / scale, abs % scale);
        let digits = int.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push_str(group);
            }
            grouped.push(ch);
        }
        let sign = if self.minor < 0 { "-" } else { "" };
        if exp == 0 {
            format!("{sign}{grouped}")
        } else {
            format!(
                "{sign}{grouped}{decimal}{frac:0width$}",
                width = exp as usize
            )
        }
    }
}

/// Why typed text is not an amount; each has its message in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not digits, marks, a sign of the currency and a word of magnitude.
    NotANumber,
    /// A single `.` or `,` that could group thousands or mark decimals ("12,5" where the comma
    /// groups, "1.5" where the point does).
    Ambiguous(char),
    /// Groups of digits that are not threes ("1,23,456").
    BadGroups,
    /// More decimals than the currency has (the number it has).
    TooManyDecimals(u32),
    TooLarge,
}

/// Words people put after a number for its size, in our five languages, longest first so
/// "triệu" is not read as "tr".
const MAGNITUDES: [(&str, u32); 21] = [
    ("میلیارد", 9),
    ("میلیون", 6),
    ("هزار", 3),
    ("nghìn", 3),
    ("ngàn", 3),
    ("triệu", 6),
    ("หมื่น", 4),
    ("ล้าน", 6),
    ("แสน", 5),
    ("พัน", 3),
    ("tỷ", 9),
    ("tỉ", 9),
    ("tr", 6),
    ("bn", 9),
    ("k", 3),
    ("m", 6),
    ("千", 3),
    ("万", 4),
    ("萬", 4),
    ("亿", 8),
    ("億", 8),
];

/// How the currency is written, in any of our languages, longest first ("US$" before "$").
fn signs_of(currency: Currency) -> &'static [&'static str] {
    match currency {
        Currency::VND => &["VND", "đồng", "₫", "đ"],
        Currency::USD => &["USD", "US$", "$"],
        Currency::EUR => &["EUR", "€"],
        Currency::CNY => &["CNY", "RMB", "CN¥", "¥CN", "元", "¥"],
        Currency::THB => &["THB", "บาท", "฿"],
        Currency::IRR => &["IRR", "ریال", "﷼"],
        Currency::JPY => &["JPY", "JP¥", "円", "¥"],
    }
}

/// Persian and Arabic-Indic digits as ASCII ones, Persian's decimal mark as '٫' kept apart
/// (it is a decimal mark whatever the reader's is), direction marks dropped.
fn western_marks(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}'))
        .map(|c| match c {
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            other => other,
        })
        .collect()
}

/// The text without the currency's sign or code before or after the number.
fn strip_sign(text: &str, currency: Currency) -> &str {
    signs_of(currency)
        .iter()
        .find_map(|sign| text.strip_prefix(sign).or_else(|| text.strip_suffix(sign)))
        .map_or(text, str::trim)
}

/// The number without a word of its size after it, and the power of ten the word says.
fn strip_magnitude(body: &str) -> (&str, Option<u32>) {
    for (word, power) in MAGNITUDES {
        let found = body
            .len()
            .checked_sub(word.len())
            .filter(|&at| body.is_char_boundary(at))
            .filter(|&at| body[at..].eq_ignore_ascii_case(word) || &body[at..] == word);
        if let Some(at) = found {
            return (&body[..at], Some(power));
        }
    }
    (body, None)
}

/// The whole digits and the decimals of a number's body (digits and marks only), by the rules
/// of `Money::read`.
fn split_marks(body: &str, decimal: char, sized: bool) -> Result<(String, &str), AmountError> {
    let is_group_only = |c: char| {
        matches!(
            c,
            ' ' | '\u{A0}' | '\u{202F}' | '\'' | '\u{2019}' | '\u{066C}'
        )
    };
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '\u{066B}' || is_group_only(c))
    {
        return Err(AmountError::NotANumber);
    }
    let last_of = |mark: char| body.rfind(mark);
    let count = |mark: char| body.matches(mark).count();
    // Which mark, if any, is the decimal one, and where.
    let point = if body.contains('\u{066B}') {
        (count('\u{066B}') == 1 && !body.contains('.'))
            .then(|| last_of('\u{066B}'))
            .ok_or(AmountError::NotANumber)?
    } else {
        match (count('.'), count(',')) {
            (0, 0) => None,
            (dots, commas) if dots > 0 && commas > 0 => {
                let (mark, other) = if last_of('.') > last_of(',') {
                    ('.', ',')
                } else {
                    (',', '.')
                };
                if count(mark) > 1 || body.find(mark) < last_of(other) {
                    return Err(AmountError::BadGroups);
                }
                last_of(mark)
            }
            (n, 0) | (0, n) if n > 1 => None,
            _ => {
                let mark = if body.contains('.') { '.' } else { ',' };
                let at = body.rfind(mark).unwrap_or_default();
                let tail = &body[at + 1..];
                let groups_elsewhere = body.chars().any(is_group_only);
                if mark == decimal || groups_elsewhere {
                    Some(at)
                } else if tail.len() == 3 && tail.chars().all(|c| c.is_ascii_digit()) {
                    None
                } else if sized {
                    Some(at)
                } else {
                    return Err(AmountError::Ambiguous(mark));
                }
            }
        }
    };
    let (whole, fraction) = match point {
        Some(at) => {
            let mark_len = body[at..].chars().next().map_or(1, char::len_utf8);
            (&body[..at], &body[at + mark_len..])
        }
        None => (body, ""),
    };
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return Err(AmountError::BadGroups);
    }
    let chunks: Vec<&str> = whole.split(|c: char| !c.is_ascii_digit()).collect();
    let grouped = chunks.len() == 1
        || (!chunks[0].is_empty()
            && chunks[0].len() <= 3
            && chunks[1..].iter().all(|g| g.len() == 3));
    if !grouped || (whole.is_empty() && fraction.is_empty()) {
        return Err(AmountError::BadGroups);
    }
    let mut digits: String = chunks.concat();
    if digits.is_empty() {
        digits.push('0');
    }
    Ok((digits, fraction))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vnd_has_no_minor_unit_and_groups_thousands() {
        let m = Money::new(12_500_000, Currency::VND);
        assert_eq!(m.format_number(".", ","), "12.500.000");
        assert_eq!(m.format_number(",", "."), "12,500,000");
    }

    #[test]
    fn usd_shows_cents() {
        assert_eq!(
            Money::new(123_456_789, Currency::USD).format_number(",", "."),
            "1,234,567.89"
        );
        assert_eq!(Money::new(5, Currency::USD).format_number(",", "."), "0.05");
        assert_eq!(
            Money::new(-150, Currency::USD).format_number(",", "."),
            "-1.50"
        );
    }

    /// What people type, read with the English mark (the point) and the Vietnamese one (the
    /// comma): the cases the issue found misread, and pasted amounts from elsewhere.
    #[test]
    fn typed_amounts_are_read_strictly_and_never_guessed() {
        use AmountError::*;
        let read =
            |text: &str, currency, decimal| Money::read(text, currency, decimal).map(|m| m.minor);
        let (vnd, usd) = (Currency::VND, Currency::USD);
        // The reader's own way.
        assert_eq!(read("12,500,000", vnd, '.'), Ok(12_500_000));
        assert_eq!(read("12.500.000", vnd, ','), Ok(12_500_000));
        assert_eq!(read("1250.5", usd, '.'), Ok(125_050));
        assert_eq!(read("1.234,56", Currency::EUR, ','), Ok(123_456));
        assert_eq!(read("1,234", vnd, '.'), Ok(1_234));
        assert_eq!(read("", usd, '.'), Ok(0));
        // Misread before, refused now.
        assert_eq!(read("12,5", usd, '.'), Err(Ambiguous(',')));
        assert_eq!(read("1.5", vnd, ','), Err(Ambiguous('.')));
        assert_eq!(read("1,23,456", vnd, '.'), Err(BadGroups));
        assert_eq!(read("1.234,5.6", usd, '.'), Err(BadGroups));
        assert_eq!(read("0.005", usd, '.'), Err(TooManyDecimals(2)));
        assert_eq!(read("12.500", vnd, '.'), Err(TooManyDecimals(0)));
        // A mark used twice can only group; with both, the last is the decimal.
        assert_eq!(read("1.234.567", usd, '.'), Ok(123_456_700));
        assert_eq!(read("1,234,567", vnd, ','), Ok(1_234_567));
        assert_eq!(read("1,234.5", usd, ','), Ok(123_450));
        assert_eq!(read("150 000 000", vnd, ','), Ok(150_000_000));
        // Signs, the currency's marks, Persian digits.
        assert_eq!(read("-$1,234.50", usd, '.'), Ok(-123_450));
        assert_eq!(read("(1,234.50)", usd, '.'), Ok(-123_450));
        assert_eq!(read("12.500.000 ₫", vnd, ','), Ok(12_500_000));
        assert_eq!(read("\u{200e}\u{2212}\u{200e}$۰٫۰۷", usd, '.'), Ok(-7));
        assert_eq!(read("۱۵۰٬۰۰۰٬۰۰۰", vnd, '.'), Ok(150_000_000));
        assert_eq!(read("€5", usd, '.'), Err(NotANumber));
        assert_eq!(read("12abc", usd, '.'), Err(NotANumber));
        assert_eq!(read("99999999999999999999", usd, '.'), Err(TooLarge));
        // Words of size.
        assert_eq!(read("150tr", vnd, ','), Ok(150_000_000));
        assert_eq!(read("1.5 tỷ", vnd, ','), Ok(1_500_000_000));
        assert_eq!(read("1,5 tỷ đồng", vnd, ','), Ok(1_500_000_000));
        assert_eq!(read("1.500 tỷ", vnd, ','), Ok(1_500_000_000_000));
        assert_eq!(read("2.5万", Currency::CNY, '.'), Ok(2_500_000));
        assert_eq!(read("3K", usd, '.'), Ok(300_000));
        assert_eq!(read("۲ میلیون", Currency::IRR, '.'), Ok(2_000_000));
        assert_eq!(read("1.2345k", vnd, ','), Err(TooManyDecimals(0)));
        assert_eq!(read("tr", vnd, ','), Err(NotANumber));
    }

    #[test]
    fn currency_codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(Currency::parse(c.code()), Some(c));
        }
        assert_eq!(Currency::parse("xyz"), None);
    }
}
