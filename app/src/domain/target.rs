//! A sales target: how much a salesperson, a team or the whole organisation is to win in a month.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::opportunity::MAX_REVENUE_MINOR;
use super::{Money, RuleError, Store, team};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub id: Uuid,
    /// The first day of the month the target is for.
    pub month: NaiveDate,
    /// Set: a team's target. Neither set: the organisation's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<Uuid>,
    /// Set: a salesperson's target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salesperson_id: Option<Uuid>,
    pub amount: Money,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl Target {
    /// Whom the target is for: (team, salesperson).
    pub fn scope(&self) -> (Option<Uuid>, Option<Uuid>) {
        (self.team_id, self.salesperson_id)
    }
}

/// The target as it may be saved: for a known team or salesperson (not both), a positive amount,
/// one per month and scope.
pub fn check(target: &Target, store: &Store) -> Result<Target, RuleError> {
    if target.team_id.is_some() && target.salesperson_id.is_some() {
        return Err(RuleError::Malformed(
            "a target is for a team or a salesperson, not both".into(),
        ));
    }
    if let Some(id) = target.team_id
        && team::find(&store.teams, id).is_none()
    {
        return Err(RuleError::UnknownTeam(id));
    }
    store.check_salesperson(target.salesperson_id)?;
    if target.amount.minor <= 0 || target.amount.minor > MAX_REVENUE_MINOR {
        return Err(RuleError::OutOfRange {
            field: "target.amount".into(),
            min: 1,
            max: MAX_REVENUE_MINOR,
        });
    }
    let month = target.month.with_day(1).unwrap_or(target.month);
    let taken = store.targets.iter().any(|t| {
        t.id != target.id && !t.deleted && t.month == month && t.scope() == target.scope()
    });
    if taken {
        return Err(RuleError::Duplicate(month.format("%Y-%m").to_string()));
    }
    Ok(Target {
        month,
        deleted: false,
        ..target.clone()
    })
}

impl super::kind::Kind for Target {
    const NAME: &'static str = "target";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        [
            "Monthly target",
            "Chỉ tiêu tháng",
            "月度目标",
            "เป้ายอดขายรายเดือน",
            "هدف ماهانه",
        ],
        [
            "Monthly targets",
            "Chỉ tiêu hằng tháng",
            "月度目标",
            "เป้ายอดขายรายเดือน",
            "اهداف ماهانه",
        ],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "month",
            super::field::FieldType::Date,
            ["Month", "Tháng", "月份", "เดือน", "ماه"],
        ),
        super::field::Field::new(
            "team_id",
            super::field::FieldType::Link("team"),
            [
                "Sales team",
                "Đội ngũ bán hàng",
                "销售团队",
                "ทีมขาย",
                "تیم فروش",
            ],
        ),
        super::field::Field::new(
            "salesperson_id",
            super::field::FieldType::Link("user"),
            [
                "Salesperson",
                "Nhân viên kinh doanh",
                "销售人员",
                "พนักงานขาย",
                "کارشناس فروش",
            ],
        ),
        super::field::Field::new(
            "amount",
            super::field::FieldType::Money,
            ["Amount", "Số tiền", "金额", "จำนวนเงิน", "مبلغ"],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::InScope,
        write: super::kind::Write::LedTeams,
    };
    const SETUP: bool = true;
    const KEEP: super::kind::Keep = super::kind::Keep::All;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::TeamOrPerson {
            team: self.team_id,
            person: self.salesperson_id,
        }
    }

    fn references(&self) -> Vec<Uuid> {
        super::kind::ids([self.team_id, self.salesperson_id])
    }

    fn display_name(&self, _store: &Store) -> String {
        self.month.format("%Y-%m").to_string()
    }

    fn save(&self, store: &Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(vec![super::Record::Target(check(self, store)?)])
    }

    fn delete(&self, _store: &Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(super::kind::flag_deleted(self))
    }
}
