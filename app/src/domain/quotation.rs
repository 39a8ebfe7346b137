//! Quotations: what a won deal is sold for, line by line. Totals are computed here, in integer
//! minor units of the quotation's currency, rounded half away from zero to that currency's
//! smallest unit (a whole dong for VND, a cent for USD), line by line.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::opportunity::{MAX_REVENUE_MINOR, clean_note, clean_text};
use super::{Currency, RuleError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuotationState {
    Draft,
    Sent,
    Accepted,
    Declined,
}

impl QuotationState {
    /// Whether a quotation in this state may move to `next`. Accepted and declined are final.
    pub fn may_become(self, next: QuotationState) -> bool {
        use QuotationState::*;
        matches!(
            (self, next),
            (Draft, Sent) | (Draft | Sent, Accepted) | (Draft | Sent, Declined) | (Sent, Draft)
        )
    }

    /// Whether its lines may still change.
    pub fn is_editable(self) -> bool {
        matches!(self, QuotationState::Draft | QuotationState::Sent)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotationLine {
    /// The product of the list it was taken from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<Uuid>,
    pub description: String,
    /// How many: 2.5 hours, 0.125 tonnes (three decimals at most).
    pub quantity: Quantity,
    /// Price of one unit before discount and tax, in minor units of the quotation's currency.
    pub unit_price: i64,
    /// 0 to 100, two decimals at most (12.5 %).
    #[serde(default)]
    pub discount_percent: Rate,
    /// 0 to 100, two decimals at most.
    #[serde(default)]
    pub tax_percent: Rate,
}

/// A number with at most `PLACES` decimals, kept exactly as a count of its smallest part
/// (thousandths for a quantity). Written as a plain JSON number: `3` for a whole one, as
/// earlier versions wrote quantities and percents, `2.5` otherwise; one with more decimals is
/// refused, never rounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fixed<const PLACES: u32>(pub i64);

/// A line's quantity: thousandths.
pub type Quantity = Fixed<3>;
/// A line's discount or tax: hundredths of a percent.
pub type Rate = Fixed<2>;

impl<const PLACES: u32> Fixed<PLACES> {
    /// How many of its smallest parts make one.
    pub const ONE: i64 = 10i64.pow(PLACES);

    pub const fn whole(n: i64) -> Self {
        Fixed(n * Self::ONE)
    }

    /// As a float, for showing it (exact for the sizes a line allows).
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / Self::ONE as f64
    }
}

impl<const PLACES: u32> Serialize for Fixed<PLACES> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % Self::ONE == 0 {
            s.serialize_i64(self.0 / Self::ONE)
        } else {
            s.serialize_f64(self.as_f64())
        }
    }
}

impl<'de, const PLACES: u32> Deserialize<'de> for Fixed<PLACES> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = f64::deserialize(d)?;
        let scaled = n * Self::ONE as f64;
        // Up to a trillion; what is not a whole count of parts had too many decimals.
        if !scaled.is_finite() || scaled.abs() > 1e15 {
            return Err(serde::de::Error::custom("number out of range"));
        }
        let parts = scaled.round();
        if (scaled - parts).abs() > 1e-6 * scaled.abs().max(1.0) {
            return Err(serde::de::Error::custom(format!(
                "at most {PLACES} decimals"
            )));
        }
        Ok(Fixed(parts as i64))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quotation {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    /// Who it is addressed to, as printed.
    #[serde(default)]
    pub customer_name: String,
    pub currency: Currency,
    #[serde(default)]
    pub lines: Vec<QuotationLine>,
    pub state: QuotationState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// The amounts of a line or a quotation, in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub untaxed: i64,
    pub tax: i64,
    pub total: i64,
}

pub const MAX_LINES: usize = 200;
pub const MAX_QUANTITY: Quantity = Fixed::whole(1_000_000);

/// `value / by`, rounded half away from zero.
fn divide(value: i128, by: i128) -> i128 {
    let (q, r) = (value / by, value % by);
    if r.abs() * 2 >= by {
        q + value.signum()
    } else {
        q
    }
}

/// `value × rate`, rounded half away from zero, without overflow.
fn rate_of(value: i128, rate: Rate) -> i128 {
    divide(value * i128::from(rate.0), 100 * i128::from(Rate::ONE))
}

impl QuotationLine {
    /// Quantity × unit price, less the discount, then the tax on that: each rounded to the
    /// currency's smallest unit.
    pub fn totals(&self) -> Totals {
        let gross = divide(
            i128::from(self.quantity.0) * i128::from(self.unit_price),
            i128::from(Quantity::ONE),
        );
        let untaxed = gross - rate_of(gross, self.discount_percent);
        let tax = rate_of(untaxed, self.tax_percent);
        let clamp = |v: i128| v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
        Totals {
            untaxed: clamp(untaxed),
            tax: clamp(tax),
            total: clamp(untaxed + tax),
        }
    }
}

impl Quotation {
    /// The sum of its lines' amounts.
    pub fn totals(&self) -> Totals {
        self.lines
            .iter()
            .map(QuotationLine::totals)
            .fold(Totals::default(), |a, l| Totals {
                untaxed: a.untaxed.saturating_add(l.untaxed),
                tax: a.tax.saturating_add(l.tax),
                total: a.total.saturating_add(l.total),
            })
    }
}

/// The fields of a quotation line, for refusals that name one (`quotation.lines.2.quantity`:
/// the second line's quantity), said in the reader's language.
pub const LINE_FIELDS: &[super::field::Field] = &[
    super::field::Field::new(
        "description",
        super::field::FieldType::Text,
        ["Description", "Mô tả", "描述", "รายละเอียด", "شرح"],
    ),
    super::field::Field::new(
        "quantity",
        super::field::FieldType::Integer,
        ["Quantity", "Số lượng", "数量", "จำนวน", "تعداد"],
    ),
    super::field::Field::new(
        "unit_price",
        super::field::FieldType::Integer,
        ["Unit price", "Đơn giá", "单价", "ราคาต่อหน่วย", "قیمت واحد"],
    ),
    super::field::Field::new(
        "discount_percent",
        super::field::FieldType::Percent,
        [
            "Discount (%)",
            "Chiết khấu (%)",
            "折扣 (%)",
            "ส่วนลด (%)",
            "تخفیف (٪)",
        ],
    ),
    super::field::Field::new(
        "tax_percent",
        super::field::FieldType::Percent,
        ["Tax (%)", "Thuế (%)", "税率 (%)", "ภาษี (%)", "مالیات (٪)"],
    ),
];

fn check_line(line: &QuotationLine, n: usize) -> Result<QuotationLine, RuleError> {
    let field = |name: &str| format!("quotation.lines.{n}.{name}");
    let description = clean_text(&field("description"), &line.description)?;
    if description.is_empty() {
        return Err(RuleError::Required(field("description")));
    }
    if line.quantity.0 <= 0 {
        return Err(RuleError::NotPositive(field("quantity")));
    }
    if line.quantity > MAX_QUANTITY {
        return Err(RuleError::OutOfRange {
            field: field("quantity"),
            min: 0,
            max: MAX_QUANTITY.0 / Quantity::ONE,
        });
    }
    if line.unit_price < 0 || line.unit_price > MAX_REVENUE_MINOR {
        return Err(RuleError::OutOfRange {
            field: field("unit_price"),
            min: 0,
            max: MAX_REVENUE_MINOR,
        });
    }
    for (name, value) in [
        ("discount_percent", line.discount_percent),
        ("tax_percent", line.tax_percent),
    ] {
        if value < Rate::default() || value > Rate::whole(100) {
            return Err(RuleError::OutOfRange {
                field: field(name),
                min: 0,
                max: 100,
            });
        }
    }
    Ok(QuotationLine {
        description,
        ..line.clone()
    })
}

/// The quotation's own fields and lines, cleaned; products and the deal are checked by the
/// caller.
pub fn check(q: &Quotation) -> Result<Quotation, RuleError> {
    if q.lines.len() > MAX_LINES {
        return Err(RuleError::OutOfRange {
            field: "quotation.lines".into(),
            min: 0,
            max: MAX_LINES as i64,
        });
    }
    let lines = q
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| check_line(l, i + 1))
        .collect::<Result<Vec<_>, _>>()?;
    let total = Quotation {
        lines: lines.clone(),
        ..q.clone()
    }
    .totals()
    .total;
    if total > MAX_REVENUE_MINOR {
        return Err(RuleError::RevenueTooLarge);
    }
    Ok(Quotation {
        customer_name: clean_text("quotation.customer_name", &q.customer_name)?,
        note: clean_note("quotation.note", &q.note)?,
        lines,
        ..q.clone()
    })
}

impl super::kind::Kind for Quotation {
    const NAME: &'static str = "quotation";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        ["Quotation", "Báo giá", "报价单", "ใบเสนอราคา", "پیش‌فاکتور"],
        [
            "Quotations",
            "Báo giá",
            "报价单",
            "ใบเสนอราคา",
            "پیش‌فاکتورها",
        ],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "opportunity_id",
            super::field::FieldType::Link("opportunity"),
            ["Opportunity", "Cơ hội", "商机", "โอกาสการขาย", "فرصت فروش"],
        ),
        super::field::Field::new(
            "customer_name",
            super::field::FieldType::Text,
            ["Customer", "Khách hàng", "客户", "ลูกค้า", "مشتری"],
        ),
        super::field::Field::new(
            "currency",
            super::field::FieldType::Currency,
            ["Currency", "Tiền tệ", "币种", "สกุลเงิน", "ارز"],
        ),
        super::field::Field::new(
            "lines",
            super::field::FieldType::Lines,
            ["Lines", "Các dòng", "明细行", "รายการ", "ردیف‌ها"],
        ),
        super::field::Field::new(
            "state",
            super::field::FieldType::Choice(&["Draft", "Sent", "Accepted", "Declined"]),
            ["State", "Trạng thái", "状态", "สถานะ", "وضعیت"],
        ),
        super::field::Field::new(
            "valid_until",
            super::field::FieldType::Date,
            [
                "Valid until",
                "Hiệu lực đến",
                "有效期至",
                "ใช้ได้ถึง",
                "معتبر تا",
            ],
        ),
        super::field::Field::new(
            "note",
            super::field::FieldType::LongText,
            ["Note", "Ghi chú", "备注", "หมายเหตุ", "یادداشت"],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::InScope,
        write: super::kind::Write::FollowsDeal,
    };
    const SETUP: bool = false;
    const KEEP: super::kind::Keep = super::kind::Keep::WithParent;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::OnDeal(Some(self.opportunity_id))
    }

    fn references(&self) -> Vec<Uuid> {
        let mut ids = vec![self.opportunity_id];
        ids.extend(self.lines.iter().filter_map(|l| l.product_id));
        ids
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.customer_name.clone()
    }

    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        super::mutation::quotations::save(store, self)
    }

    /// A quotation is declined or taken back, never deleted: the customer may have it.
    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Err(RuleError::NotDeletable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(
        quantity: i64,
        unit_price: i64,
        discount_percent: i64,
        tax_percent: i64,
    ) -> QuotationLine {
        QuotationLine {
            product_id: None,
            description: "Máy chủ".into(),
            quantity: Fixed::whole(quantity),
            unit_price,
            discount_percent: Fixed::whole(discount_percent),
            tax_percent: Fixed::whole(tax_percent),
        }
    }

    fn quotation(currency: Currency, lines: Vec<QuotationLine>) -> Quotation {
        Quotation {
            id: Uuid::now_v7(),
            opportunity_id: Uuid::now_v7(),
            customer_name: "Vinamilk".into(),
            currency,
            lines,
            state: QuotationState::Draft,
            valid_until: None,
            note: String::new(),
            version: 0,
            deleted: false,
        }
    }

    #[test]
    fn vnd_totals_are_whole_dong_rounded_half_up_line_by_line() {
        // 3 × 333,333 ₫ = 999,999; less 5% = 949,999.05 → 949,999; VAT 10% = 94,999.9 → 95,000.
        let q = quotation(Currency::VND, vec![line(3, 333_333, 5, 10)]);
        assert_eq!(
            q.totals(),
            Totals {
                untaxed: 949_999,
                tax: 95_000,
                total: 1_044_999
            }
        );
    }

    #[test]
    fn usd_totals_are_in_cents_rounded_half_up() {
        // 7 × $12.35 = $86.45; less 15% = $73.4825 → $73.48; tax 7% = $5.1436 → $5.14.
        // 1 × $0.05, tax 10% = 0.5 cent → 1 cent.
        let q = quotation(
            Currency::USD,
            vec![
                line(7, 1_235, 15, 7),
                line(1, 5, 0, 10),
                line(2, 1_000, 0, 0),
            ],
        );
        assert_eq!(
            q.totals(),
            Totals {
                untaxed: 7_348 + 5 + 2_000,
                tax: 514 + 1,
                total: 7_348 + 5 + 2_000 + 514 + 1
            }
        );
    }

    #[test]
    fn a_full_discount_leaves_nothing_to_tax() {
        assert_eq!(line(2, 500, 100, 10).totals(), Totals::default());
    }

    #[test]
    fn lines_need_a_description_a_quantity_and_percentages_in_range() {
        let bad = |l: QuotationLine| check(&quotation(Currency::VND, vec![line(1, 1, 0, 0), l]));
        let mut no_description = line(1, 1, 0, 0);
        no_description.description = "  ".into();
        assert_eq!(
            bad(no_description),
            Err(RuleError::Required("quotation.lines.2.description".into()))
        );
        assert_eq!(
            bad(line(0, 1, 0, 0)),
            Err(RuleError::NotPositive("quotation.lines.2.quantity".into()))
        );
        assert!(matches!(
            bad(line(1_000_001, 1, 0, 0)),
            Err(RuleError::OutOfRange { .. })
        ));
        assert!(matches!(
            bad(line(1, -1, 0, 0)),
            Err(RuleError::OutOfRange { .. })
        ));
        assert!(matches!(
            bad(line(1, 1, 101, 0)),
            Err(RuleError::OutOfRange { .. })
        ));
        assert!(matches!(
            bad(line(1, 1, 0, 101)),
            Err(RuleError::OutOfRange { .. })
        ));
    }

    #[test]
    fn quantities_and_percents_take_decimals() {
        // 2.5 hours at ₫400,000 less 12.5% = 875,000; VAT 8.5% = 74,375.
        let mut l = line(0, 400_000, 0, 0);
        (l.quantity, l.discount_percent, l.tax_percent) = (Fixed(2_500), Fixed(1_250), Fixed(850));
        assert_eq!(
            l.totals(),
            Totals {
                untaxed: 875_000,
                tax: 74_375,
                total: 949_375
            }
        );
        // 0.333 × $10.00 = $3.33 (3.33 cents rounded half away from zero).
        let mut cents = line(0, 1_000, 0, 0);
        cents.quantity = Fixed(333);
        assert_eq!(cents.totals().total, 333);
        assert_eq!(
            check(&quotation(Currency::VND, vec![l])).map(|q| q.lines.len()),
            Ok(1)
        );
    }

    #[test]
    fn whole_numbers_are_written_as_before_and_decimals_read_exactly() {
        let l = line(3, 100, 5, 10);
        let json = serde_json::to_value(&l).unwrap();
        assert_eq!(
            (
                &json["quantity"],
                &json["discount_percent"],
                &json["tax_percent"]
            ),
            (
                &serde_json::json!(3),
                &serde_json::json!(5),
                &serde_json::json!(10)
            )
        );
        // What an earlier version wrote reads the same.
        let earlier: QuotationLine = serde_json::from_value(serde_json::json!(
            {"description": "Lắp đặt", "quantity": 2, "unit_price": 100, "discount_percent": 5}
        ))
        .unwrap();
        assert_eq!(
            (earlier.quantity, earlier.discount_percent),
            (Fixed(2_000), Fixed(500))
        );
        let typed: QuotationLine = serde_json::from_value(serde_json::json!(
            {"description": "Tư vấn", "quantity": 2.5, "unit_price": 100, "discount_percent": 12.5, "tax_percent": 0.1}
        ))
        .unwrap();
        assert_eq!(
            (typed.quantity, typed.discount_percent, typed.tax_percent),
            (Fixed(2_500), Fixed(1_250), Fixed(10))
        );
        assert_eq!(
            serde_json::to_value(typed.quantity).unwrap(),
            serde_json::json!(2.5)
        );
        // More decimals than kept are refused, not rounded away.
        assert!(serde_json::from_value::<Quantity>(serde_json::json!(0.0005)).is_err());
        assert!(serde_json::from_value::<Rate>(serde_json::json!(12.345)).is_err());
        assert!(serde_json::from_value::<Quantity>(serde_json::json!(1e300)).is_err());
    }

    #[test]
    fn accepted_and_declined_are_final() {
        use QuotationState::*;
        assert!(Draft.may_become(Sent) && Sent.may_become(Accepted) && Draft.may_become(Declined));
        assert!(!Accepted.may_become(Draft) && !Accepted.may_become(Declined));
        assert!(!Declined.may_become(Accepted) && !Draft.may_become(Draft));
        assert!(!Accepted.is_editable() && Sent.is_editable());
    }
}
