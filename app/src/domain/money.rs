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

    /// Parses what a person typed ("12,500,000" or "1250.5") into minor units, rounding half
    /// away from zero at the currency's precision. Group separators (',', ' ', '.', '\'') are
    /// accepted when they are unambiguous; `decimal` is the locale's decimal separator.
    pub fn parse_amount(text: &str, currency: Currency, decimal: char) -> Option<Money> {
        // Persian and Arabic-Indic digits and separators read as their ASCII counterparts.
        let text: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
                '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
                '\u{066B}' => decimal,
                '\u{066C}' => ',',
                other => other,
            })
            .collect();
        let text = text.as_str();
        if text.is_empty() {
            return Some(Money::new(0, currency));
        }
        let negative = text.starts_with('-');
        let body = text.trim_start_matches('-');
        let (int_part, frac_part) = match body.rfind(decimal) {
            // With no minor unit, "12.500" is a grouped integer, not a fraction.
            Some(i) if !(currency.exponent() == 0 && body.len() - i - 1 == 3) => {
                (&body[..i], &body[i + 1..])
            }
            _ => (body, ""),
        };
        let int_digits: String = int_part
            .chars()
            .filter(|c| !matches!(c, ',' | '.' | ' ' | '\'' | '\u{a0}'))
            .collect();
        if int_digits.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_digits.chars().all(|c| c.is_ascii_digit())
            || !frac_part.chars().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let scale = 10i64.pow(currency.exponent());
        let int: i64 = if int_digits.is_empty() {
            0
        } else {
            int_digits.parse().ok()?
        };
        let exp = currency.exponent() as usize;
        let mut frac_digits: String = frac_part.chars().take(exp + 1).collect();
        while frac_digits.len() < exp + 1 {
            frac_digits.push('0');
        }
        // One extra digit decides the rounding.
        let frac_with_guard: i64 = frac_digits.parse().ok()?;
        let frac = (frac_with_guard + 5) / 10;
        let minor = int.checked_mul(scale)?.checked_add(frac)?;
        Some(Money::new(if negative { -minor } else { minor }, currency))
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

    #[test]
    fn typed_amounts_parse_to_minor_units_with_rounding() {
        assert_eq!(
            Money::parse_amount("12,500,000", Currency::VND, '.')
                .unwrap()
                .minor,
            12_500_000
        );
        assert_eq!(
            Money::parse_amount("12.500.000", Currency::VND, ',')
                .unwrap()
                .minor,
            12_500_000
        );
        assert_eq!(
            Money::parse_amount("12.500.000", Currency::VND, '.')
                .unwrap()
                .minor,
            12_500_000
        );
        assert_eq!(
            Money::parse_amount("1.5", Currency::VND, '.')
                .unwrap()
                .minor,
            2
        );
        assert_eq!(
            Money::parse_amount("1250.5", Currency::USD, '.')
                .unwrap()
                .minor,
            125_050
        );
        assert_eq!(
            Money::parse_amount("0.005", Currency::USD, '.')
                .unwrap()
                .minor,
            1
        );
        assert_eq!(
            Money::parse_amount("1.234,56", Currency::EUR, ',')
                .unwrap()
                .minor,
            123_456
        );
        assert_eq!(
            Money::parse_amount("", Currency::USD, '.').unwrap().minor,
            0
        );
        assert!(Money::parse_amount("12abc", Currency::USD, '.').is_none());
        assert!(Money::parse_amount("99999999999999999999", Currency::USD, '.').is_none());
    }

    #[test]
    fn currency_codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(Currency::parse(c.code()), Some(c));
        }
        assert_eq!(Currency::parse("xyz"), None);
    }
}
