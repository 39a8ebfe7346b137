//! A step of the sales cycle: the columns of the pipeline board.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: Uuid,
    pub name: String,
    /// Columns are shown in increasing sequence.
    pub sequence: i32,
    /// Reaching this stage means the deal is won.
    pub is_won: bool,
    /// Folded columns are shown collapsed on the board.
    pub folded: bool,
    /// Days without a change after which a deal in this stage is rotting; 0: never.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rotting_days: u16,
    /// The probability an opportunity gets when it enters this stage, in percent.
    pub probability: u8,
    /// The sales team whose board shows it; `None`: every team's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<Uuid>,
    pub version: i64,
    pub deleted: bool,
}

impl Stage {
    /// The probability an opportunity takes on entering this stage.
    pub fn entry_probability(&self) -> u8 {
        if self.is_won {
            100
        } else {
            self.probability.min(100)
        }
    }
}

impl Stage {
    /// Whether the board of `team` (`None`: all teams) shows this stage.
    pub fn shown_for(&self, team: Option<Uuid>) -> bool {
        match (self.team_id, team) {
            (None, _) | (_, None) => true,
            (Some(own), Some(team)) => own == team,
        }
    }
}

#[cfg(test)]
impl Stage {
    /// A shared stage for tests, named after its sequence: tests override the fields they are
    /// about.
    pub fn sample(sequence: i32, is_won: bool) -> Stage {
        Stage {
            id: Uuid::now_v7(),
            name: format!("S{sequence}"),
            sequence,
            is_won,
            folded: false,
            rotting_days: 0,
            probability: 10,
            team_id: None,
            version: 1,
            deleted: false,
        }
    }
}

/// The most days a stage's deals may wait before they rot: ten years.
pub const MAX_ROTTING_DAYS: u16 = 3650;

/// The stage as it may be saved.
pub fn check(stage: &Stage) -> Result<Stage, super::RuleError> {
    use super::RuleError;
    let name = super::opportunity::clean_text("stage.name", &stage.name)?;
    if name.is_empty() {
        return Err(RuleError::Required("stage.name".into()));
    }
    if stage.probability > 100 {
        return Err(RuleError::InvalidProbability);
    }
    if stage.rotting_days > MAX_ROTTING_DAYS {
        return Err(RuleError::OutOfRange {
            field: "stage.rotting_days".into(),
            min: 0,
            max: i64::from(MAX_ROTTING_DAYS),
        });
    }
    Ok(Stage {
        name,
        probability: if stage.is_won { 100 } else { stage.probability },
        // Won deals are done: they never rot.
        rotting_days: if stage.is_won { 0 } else { stage.rotting_days },
        ..stage.clone()
    })
}

fn is_zero(days: &u16) -> bool {
    *days == 0
}

/// Stages in board order, without deleted ones.
pub fn board_order(stages: &[Stage]) -> Vec<&Stage> {
    let mut live: Vec<&Stage> = stages.iter().filter(|s| !s.deleted).collect();
    live.sort_by(|a, b| a.sequence.cmp(&b.sequence).then_with(|| a.id.cmp(&b.id)));
    live
}

/// The stage a won deal goes to: the first won stage in board order.
pub fn won_stage(stages: &[Stage]) -> Option<&Stage> {
    board_order(stages).into_iter().find(|s| s.is_won)
}

/// The stage a won deal of `team` goes to: the first won stage its board shows.
pub fn won_stage_for(stages: &[Stage], team: Option<Uuid>) -> Option<&Stage> {
    board_order(stages)
        .into_iter()
        .find(|s| s.is_won && s.shown_for(team))
}

/// The live stage with this id.
pub fn find(stages: &[Stage], id: Uuid) -> Option<&Stage> {
    stages.iter().find(|s| s.id == id && !s.deleted)
}

impl super::kind::Kind for Stage {
    const NAME: &'static str = "stage";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        ["Stage", "Giai đoạn", "阶段", "ขั้นตอน", "مرحله"],
        ["Stages", "Các giai đoạn", "阶段", "ขั้นตอนการขาย", "مراحل"],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "name",
            super::field::FieldType::Text,
            ["Name", "Tên", "名称", "ชื่อ", "نام"],
        ),
        super::field::Field::new(
            "sequence",
            super::field::FieldType::Integer,
            ["Order", "Thứ tự", "顺序", "ลำดับ", "ترتیب"],
        ),
        super::field::Field::new(
            "is_won",
            super::field::FieldType::YesNo,
            [
                "Won stage",
                "Giai đoạn thắng",
                "赢单阶段",
                "ขั้นตอนที่ชนะ",
                "مرحلهٔ برد",
            ],
        ),
        super::field::Field::new(
            "folded",
            super::field::FieldType::YesNo,
            ["Folded", "Thu gọn", "折叠", "ย่อ", "جمع‌شده"],
        ),
        super::field::Field::new(
            "rotting_days",
            super::field::FieldType::Integer,
            [
                "Rotting after (days)",
                "Bị bỏ quên sau (ngày)",
                "停滞天数",
                "ค้างนานเกิน (วัน)",
                "راکد پس از (روز)",
            ],
        ),
        super::field::Field::new(
            "probability",
            super::field::FieldType::Percent,
            [
                "Probability",
                "Xác suất",
                "成交概率",
                "ความน่าจะเป็น",
                "احتمال",
            ],
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
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::Everyone,
        write: super::kind::Write::LedTeams,
    };
    // Deals lost or won in a stage since deleted still name it.
    const KEEPS_TOMBSTONE: bool = true;
    const SETUP: bool = true;
    const KEEP: super::kind::Keep = super::kind::Keep::All;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Team(self.team_id)
    }

    fn references(&self) -> Vec<Uuid> {
        super::kind::ids([self.team_id])
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.name.clone()
    }

    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, super::RuleError> {
        use super::RuleError;
        if let Some(id) = self.team_id
            && super::team::find(&store.teams, id).is_none()
        {
            return Err(RuleError::UnknownTeam(id));
        }
        // Its cards must stay in a column of their own team.
        if let Some(team) = self.team_id
            && store.opportunities.values().any(|o| {
                o.stage_id == self.id && !o.deleted && o.team_id.is_some_and(|t| t != team)
            })
        {
            return Err(RuleError::StageOfAnotherTeam);
        }
        let mut checked = check(self)?;
        checked.deleted = false;
        Ok(vec![super::Record::Stage(checked)])
    }

    fn delete(&self, store: &super::Store) -> Result<Vec<super::Record>, super::RuleError> {
        // Cards need a column: the stage goes once its open cards have moved elsewhere.
        let cards = store
            .opportunities
            .values()
            .filter(|o| o.stage_id == self.id && !o.deleted && !o.lost)
            .count();
        if cards > 0 {
            return Err(super::RuleError::StageInUse(cards));
        }
        Ok(super::kind::flag_deleted(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_rots_at_most_after_ten_years_and_a_won_stage_never() {
        let stage = |rotting_days, is_won| Stage {
            id: Uuid::now_v7(),
            name: "Đàm phán".into(),
            sequence: 4,
            is_won,
            folded: false,
            rotting_days,
            probability: 60,
            team_id: None,
            version: 0,
            deleted: false,
        };
        assert_eq!(check(&stage(14, false)).unwrap().rotting_days, 14);
        assert_eq!(check(&stage(14, true)).unwrap().rotting_days, 0);
        assert!(matches!(
            check(&stage(MAX_ROTTING_DAYS + 1, false)),
            Err(super::super::RuleError::OutOfRange { .. })
        ));
    }
}
