//! The organisation's currency and the rates that turn other currencies into it, so reports can
//! add up deals sold in VND, USD and THB.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Currency, Money, RuleError};

/// Rates are fixed point: company-currency units for one unit of the other currency, × 10¹²
/// (twelve decimals: a rial is worth about 0.000000024 dollars).
pub const RATE_SCALE: i64 = 1_000_000_000_000;
const DECIMALS: usize = 12;
/// About nine million company units for one unit of the other currency.
const MAX_RATE: i64 = 9_000_000 * RATE_SCALE;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub currency: Currency,
    /// One unit of `currency` is worth `scaled / 10¹²` units of the company currency.
    pub scaled: i64,
}

/// One per organisation (its id is the organisation's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencySettings {
    pub id: Uuid,
    pub currency: Currency,
    #[serde(default)]
    pub rates: Vec<Rate>,
    /// The organisation's country (ISO 3166-1): a phone number written without a calling code
    /// is one of its (`duplicates::phone_country`); empty: the currency's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
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
            country: String::new(),
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
        let den = 10i128.pow(money.currency.exponent()) * i128::from(RATE_SCALE);
        let converted = i128::from(money.minor)
            .checked_mul(i128::from(rate.scaled))
            .and_then(|n| n.checked_mul(10i128.pow(self.currency.exponent())))
            .map_or(i128::from(i64::MAX), |num| divide_rounded(num, den));
        Some(saturate(converted))
    }

    /// The same rates expressed in `currency` instead: each rate divided by the rate of the new
    /// currency (and the old one's rate its inverse). `None` when the new currency has no rate.
    pub fn rebased(&self, currency: Currency) -> Option<CurrencySettings> {
        if currency == self.currency {
            return Some(self.clone());
        }
        let pivot = self.rates.iter().find(|r| r.currency == currency)?.scaled;
        let scale = i128::from(RATE_SCALE);
        let mut rates = vec![Rate {
            currency: self.currency,
            scaled: saturate(divide_rounded(scale * scale, i128::from(pivot))),
        }];
        rates.extend(
            self.rates
                .iter()
                .filter(|r| r.currency != currency)
                .map(|r| Rate {
                    currency: r.currency,
                    scaled: saturate(divide_rounded(
                        i128::from(r.scaled) * scale,
                        i128::from(pivot),
                    )),
                }),
        );
        rates.retain(|r| r.scaled > 0);
        Some(CurrencySettings {
            currency,
            rates,
            ..self.clone()
        })
    }
}

/// num / den rounded half away from zero (den > 0).
fn divide_rounded(num: i128, den: i128) -> i128 {
    (2 * num + num.signum() * den) / (2 * den)
}

fn saturate(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// Reads a rate as a person of a locale types it: "25,400" or "0.0039" where the decimal
/// separator is `.`, "25.400" or "0,0039" where it is `,`. At most twelve decimals.
pub fn parse_rate(text: &str, decimal: char) -> Result<i64, RuleError> {
    let bad = || RuleError::Malformed(format!("\"{}\" is not an exchange rate", text.trim()));
    let group = if decimal == ',' { '.' } else { ',' };
    let clean: String = text
        .trim()
        .chars()
        .filter(|c| *c != group && !c.is_whitespace() && *c != '\'')
        .collect();
    let (whole, frac) = clean.split_once(decimal).unwrap_or((&clean, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > DECIMALS
    {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let frac: i64 = format!("{frac:0<DECIMALS$}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(RATE_SCALE)
        .and_then(|w| w.checked_add(frac))
        .filter(|m| *m > 0 && *m <= MAX_RATE)
        .ok_or_else(bad)
}

/// Shows a rate without trailing zeros or grouping, with the locale's decimal separator:
/// 25400, 0.0039 (0,0039).
pub fn format_rate(scaled: i64, decimal: char) -> String {
    let whole = scaled / RATE_SCALE;
    let frac = format!("{:0DECIMALS$}", scaled % RATE_SCALE);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}{decimal}{frac}")
    }
}

/// The settings as they may be saved: positive rates, one per currency, none for itself.
pub fn check(settings: &CurrencySettings) -> Result<CurrencySettings, RuleError> {
    let mut seen = Vec::new();
    for rate in &settings.rates {
        if rate.currency == settings.currency || seen.contains(&rate.currency) {
            return Err(RuleError::Duplicate(rate.currency.code().into()));
        }
        if rate.scaled <= 0 || rate.scaled > MAX_RATE {
            return Err(RuleError::OutOfRange {
                field: format!("currency_settings.rates.{}", rate.currency.code()),
                min: 1,
                max: MAX_RATE,
            });
        }
        seen.push(rate.currency);
    }
    let country = settings.country.trim().to_ascii_uppercase();
    if !country.is_empty() && super::duplicates::calling_code_of(&country).is_none() {
        return Err(RuleError::Malformed(format!(
            "{country:?} is not a country Rapport knows the calling code of"
        )));
    }
    Ok(CurrencySettings {
        deleted: false,
        country,
        ..settings.clone()
    })
}

impl super::kind::Kind for CurrencySettings {
    const NAME: &'static str = "currency_settings";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        [
            "Currency settings",
            "Cài đặt tiền tệ",
            "币种设置",
            "การตั้งค่าสกุลเงิน",
            "تنظیمات ارز",
        ],
        [
            "Currency settings",
            "Cài đặt tiền tệ",
            "币种设置",
            "การตั้งค่าสกุลเงิน",
            "تنظیمات ارز",
        ],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "currency",
            super::field::FieldType::Currency,
            ["Currency", "Tiền tệ", "币种", "สกุลเงิน", "ارز"],
        ),
        super::field::Field::new(
            "country",
            super::field::FieldType::Text,
            ["Country", "Quốc gia", "国家", "ประเทศ", "کشور"],
        ),
        super::field::Field::new(
            "rates",
            super::field::FieldType::Rates,
            [
                "Exchange rates",
                "Tỷ giá",
                "汇率",
                "อัตราแลกเปลี่ยน",
                "نرخ‌های ارز",
            ],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::Everyone,
        write: super::kind::Write::Admin,
    };
    const SETUP: bool = true;
    const KEEP: super::kind::Keep = super::kind::Keep::All;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Org
    }

    fn references(&self) -> Vec<Uuid> {
        Vec::new()
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.currency.code().to_string()
    }

    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        // One per organisation: its id is the organisation's, so two browsers creating them at
        // once make one record.
        if store.currency_settings.iter().any(|s| s.id != self.id) {
            return Err(RuleError::RecordExists(self.id));
        }
        Ok(vec![super::Record::CurrencySettings(check(self)?)])
    }

    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Err(RuleError::NotDeletable)
    }
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
                    scaled: parse_rate(r, '.').unwrap(),
                })
                .collect(),
            ..CurrencySettings::default_for(Uuid::nil())
        }
    }

    fn rate(s: &CurrencySettings, c: Currency) -> Option<i64> {
        s.rates.iter().find(|r| r.currency == c).map(|r| r.scaled)
    }

    #[test]
    fn converts_into_the_company_currency_rounding_half_away_from_zero() {
        let s = vnd_with(&[(Currency::USD, "25,400"), (Currency::THB, "712.5")]);
        // $12.34 = 1234 cents × 25,400 / 100 = ₫313,436.
        assert_eq!(s.convert(Money::new(1234, Currency::USD)), Some(313_436));
        // ฿0.01 × 712.5 = ₫7.125 → ₫7; ฿0.06 → 42.75 → 43.
        assert_eq!(s.convert(Money::new(1, Currency::THB)), Some(7));
        assert_eq!(s.convert(Money::new(6, Currency::THB)), Some(43));
        assert_eq!(s.convert(Money::new(500, Currency::VND)), Some(500));
        assert_eq!(s.convert(Money::new(500, Currency::EUR)), None);
        // Into a currency with cents: ₫100,000 at 0.00003937 $/₫ = $3.937 → 394 cents.
        let usd = CurrencySettings {
            currency: Currency::USD,
            rates: vec![Rate {
                currency: Currency::VND,
                scaled: parse_rate("0.00003937", '.').unwrap(),
            }],
            ..CurrencySettings::default_for(Uuid::nil())
        };
        assert_eq!(usd.convert(Money::new(100_000, Currency::VND)), Some(394));
    }

    #[test]
    fn changing_the_company_currency_restates_the_rates() {
        // In dong: $1 = ₫25,000 and ฿1 = ₫700. In dollars: ₫1 = $0.00004 and ฿1 = $0.028.
        let vnd = vnd_with(&[(Currency::USD, "25000"), (Currency::THB, "700")]);
        let usd = vnd.rebased(Currency::USD).unwrap();
        assert_eq!(usd.currency, Currency::USD);
        assert_eq!(rate(&usd, Currency::VND), parse_rate("0.00004", '.').ok());
        assert_eq!(rate(&usd, Currency::THB), parse_rate("0.028", '.').ok());
        assert_eq!(rate(&usd, Currency::USD), None);
        // The same deal is worth the same either way: ฿1,000 = ₫700,000 = $28.
        assert_eq!(
            vnd.convert(Money::new(100_000, Currency::THB)),
            Some(700_000)
        );
        assert_eq!(usd.convert(Money::new(100_000, Currency::THB)), Some(2_800));
        // Without a rate for the new currency there is nothing to restate from.
        assert_eq!(vnd.rebased(Currency::EUR), None);
    }

    #[test]
    fn rates_are_read_and_shown_the_way_the_locale_writes_numbers() {
        let r = |x: i64| x * RATE_SCALE;
        assert_eq!(parse_rate("25,400", '.'), Ok(r(25_400)));
        assert_eq!(parse_rate(".5", '.'), Ok(RATE_SCALE / 2));
        // Where the decimal separator is a comma (Vietnamese), the point groups.
        assert_eq!(parse_rate("25.400", ','), Ok(r(25_400)));
        assert_eq!(parse_rate("712,5", ','), Ok(r(7125) / 10));
        assert_eq!(format_rate(r(25_400), '.'), "25400");
        assert_eq!(format_rate(3_900_000_000, '.'), "0.0039");
        assert_eq!(format_rate(3_900_000_000, ','), "0,0039");
        assert_eq!(parse_rate("0,0039", ','), Ok(3_900_000_000));
        for bad in ["", "abc", "1.0000000000001", "0", "-3", "1e5", "10000000"] {
            assert!(parse_rate(bad, '.').is_err(), "{bad}");
        }
    }

    #[test]
    fn one_rate_per_other_currency() {
        let mut s = vnd_with(&[(Currency::USD, "25400")]);
        assert!(check(&s).is_ok());
        s.rates.push(Rate {
            currency: Currency::USD,
            scaled: 1,
        });
        assert_eq!(check(&s), Err(RuleError::Duplicate("USD".into())));
        let own = vnd_with(&[(Currency::VND, "1")]);
        assert_eq!(check(&own), Err(RuleError::Duplicate("VND".into())));
    }

    #[test]
    fn the_organisations_country_is_one_whose_calling_code_is_known() {
        let mut s = vnd_with(&[]);
        s.country = " sg ".into();
        assert_eq!(check(&s).map(|c| c.country), Ok("SG".to_string()));
        s.country = "XX".into();
        assert!(matches!(check(&s), Err(RuleError::Malformed(_))));
    }

    #[test]
    fn huge_amounts_saturate_instead_of_wrapping() {
        let s = vnd_with(&[(Currency::USD, "9000000")]);
        assert_eq!(
            s.convert(Money::new(i64::MAX, Currency::USD)),
            Some(i64::MAX)
        );
    }
}
