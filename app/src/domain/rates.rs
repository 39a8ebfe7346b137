//! The organisation's currency and the rates that turn other currencies into it, so reports can
//! add up deals sold in VND, USD and THB.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Currency, Money, RuleError};

/// Rates are fixed point: company-currency units for one unit of the other currency, × 10⁶.
pub const RATE_SCALE: i64 = 1_000_000;
const MAX_RATE: i64 = 1_000_000_000 * RATE_SCALE;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub currency: Currency,
    /// One unit of `currency` is worth `micros / 10⁶` units of the company currency.
    pub micros: i64,
}

/// One per organisation (its id is the organisation's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencySettings {
    pub id: Uuid,
    pub currency: Currency,
    #[serde(default)]
    pub rates: Vec<Rate>,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl CurrencySettings {
    /// Without settings, amounts are reported in VND with no rates.
    pub fn default_for(id: Uuid) -> CurrencySettings {
        CurrencySettings {
            id,
            currency: Currency::VND,
            rates: Vec::new(),
            version: 0,
            deleted: false,
        }
    }

    /// `money` in the company currency, rounded half away from zero to its minor unit; `None`
    /// when there is no rate for its currency.
    pub fn convert(&self, money: Money) -> Option<i64> {
        if money.currency == self.currency {
            return Some(money.minor);
        }
        let rate = self.rates.iter().find(|r| r.currency == money.currency)?;
        let num = i128::from(money.minor)
            * i128::from(rate.micros)
            * 10i128.pow(self.currency.exponent());
        let den = 10i128.pow(money.currency.exponent()) * i128::from(RATE_SCALE);
        let rounded = (2 * num + den.signum() * num.signum() * den) / (2 * den);
        i64::try_from(rounded).ok()
    }
}

/// Reads a rate as a person types it ("25,400" or "0.0039"): at most six decimals.
pub fn parse_rate(text: &str) -> Result<i64, RuleError> {
    let bad = || RuleError::Malformed(format!("\"{}\" is not an exchange rate", text.trim()));
    let clean: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != ' ')
        .collect();
    let (whole, frac) = clean.split_once('.').unwrap_or((&clean, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 6
    {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let frac: i64 = format!("{frac:0<6}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(RATE_SCALE)
        .and_then(|w| w.checked_add(frac))
        .filter(|m| *m > 0 && *m <= MAX_RATE)
        .ok_or_else(bad)
}

/// Shows a rate without trailing zeros: 25400, 0.0039.
pub fn format_rate(micros: i64) -> String {
    let whole = micros / RATE_SCALE;
    let frac = format!("{:06}", micros % RATE_SCALE);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{frac}")
    }
}

/// The settings as they may be saved: positive rates, one per currency, none for itself.
pub fn check(settings: &CurrencySettings) -> Result<CurrencySettings, RuleError> {
    let mut seen = Vec::new();
    for rate in &settings.rates {
        if rate.currency == settings.currency || seen.contains(&rate.currency) {
            return Err(RuleError::Duplicate(rate.currency.code().into()));
        }
        if rate.micros <= 0 || rate.micros > MAX_RATE {
            return Err(RuleError::OutOfRange {
                field: format!("rate of {}", rate.currency.code()),
                min: 1,
                max: MAX_RATE,
            });
        }
        seen.push(rate.currency);
    }
    Ok(CurrencySettings {
        deleted: false,
        ..settings.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vnd_with(rates: &[(Currency, &str)]) -> CurrencySettings {
        CurrencySettings {
            rates: rates
                .iter()
                .map(|(c, r)| Rate {
                    currency: *c,
                    micros: parse_rate(r).unwrap(),
                })
                .collect(),
            ..CurrencySettings::default_for(Uuid::nil())
        }
    }

    #[test]
    fn converts_into_the_company_currency_rounding_half_away_from_zero() {
        let s = vnd_with(&[(Currency::USD, "25,400"), (Currency::THB, "712.5")]);
        // $12.34 = 1234 cents × 25,400 / 100 = ₫313,436.
        assert_eq!(s.convert(Money::new(1234, Currency::USD)), Some(313_436));
        // ฿0.01 × 712.5 = ₫7.125 → ₫7.
        assert_eq!(s.convert(Money::new(1, Currency::THB)), Some(7));
        // ฿0.03 × 712.5 = ₫21.375 → 21; ฿0.02 → 14.25 → 14; ฿0.06 → 42.75 → 43.
        assert_eq!(s.convert(Money::new(6, Currency::THB)), Some(43));
        assert_eq!(s.convert(Money::new(500, Currency::VND)), Some(500));
        assert_eq!(s.convert(Money::new(500, Currency::EUR)), None);
        // Into a currency with cents: ₫100,000 at 0.000039 USD/₫ = $3.90 = 390 cents.
        let usd = CurrencySettings {
            currency: Currency::USD,
            rates: vec![Rate {
                currency: Currency::VND,
                micros: parse_rate("0.000039").unwrap(),
            }],
            ..CurrencySettings::default_for(Uuid::nil())
        };
        assert_eq!(usd.convert(Money::new(100_000, Currency::VND)), Some(390));
    }

    #[test]
    fn rates_are_read_and_shown_as_typed() {
        assert_eq!(parse_rate("25,400"), Ok(25_400_000_000));
        assert_eq!(parse_rate(".5"), Ok(500_000));
        assert_eq!(format_rate(25_400_000_000), "25400");
        assert_eq!(format_rate(3_900), "0.0039");
        for bad in ["", "abc", "1.0000001", "0", "-3", "1e5"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn one_rate_per_other_currency() {
        let mut s = vnd_with(&[(Currency::USD, "25400")]);
        assert!(check(&s).is_ok());
        s.rates.push(Rate {
            currency: Currency::USD,
            micros: 1,
        });
        assert_eq!(check(&s), Err(RuleError::Duplicate("USD".into())));
        let own = vnd_with(&[(Currency::VND, "1")]);
        assert_eq!(check(&own), Err(RuleError::Duplicate("VND".into())));
    }
}
