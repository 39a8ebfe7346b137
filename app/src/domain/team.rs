//! A sales team: a group of salespeople with a leader, its own pipeline board, and the flags that
//! say where the team is offered (quotations, opportunity assignment, warranty).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::filter::Filter;
use super::opportunity::clean_text;
use super::{RuleError, User};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub leader_id: Option<Uuid>,
    #[serde(default)]
    pub member_ids: Vec<Uuid>,
    /// Offered as the sales team of a quotation.
    #[serde(default)]
    pub for_quotations: bool,
    /// Offered when an opportunity is assigned.
    #[serde(default)]
    pub for_opportunities: bool,
    /// Offered as a warranty team for products sold.
    #[serde(default)]
    pub for_warranty: bool,
    /// Its members read the whole team pipeline, not only their own deals and the unassigned.
    #[serde(default)]
    pub shared_pipeline: bool,
    /// How many new leads each member takes (`assignment.rs`); a member without one takes none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacities: Vec<Capacity>,
    /// Which new leads it takes (conditions over deals); none: any.
    #[serde(default, skip_serializing_if = "Filter::is_empty")]
    pub takes: Filter,
    /// The territories it covers: it takes new leads in them only (none: anywhere).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub territories: Vec<Uuid>,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// A member's share of the new leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capacity {
    pub user_id: Uuid,
    /// Leads per 30 days (Odoo's "capacity"): a thirtieth of it a day, half up.
    pub per_month: u32,
    /// Away (on holiday): takes none for now.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub away: bool,
    /// Which of the team's new leads they take; none: any.
    #[serde(default, skip_serializing_if = "Filter::is_empty")]
    pub takes: Filter,
    /// The territories they cover, of the team's (none: all of the team's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub territories: Vec<Uuid>,
}

/// The most leads a member may take in 30 days (a thousand a day).
pub const MAX_CAPACITY: u32 = 30_000;

impl Team {
    /// Its capacity in the draw of new leads between teams: its members' together.
    pub fn capacity(&self) -> u32 {
        self.capacities
            .iter()
            .filter(|c| self.has_member(c.user_id))
            .map(|c| c.per_month)
            .sum()
    }

    /// Whether `user` leads or belongs to this team.
    pub fn has_member(&self, user: Uuid) -> bool {
        self.leader_id == Some(user) || self.member_ids.contains(&user)
    }
}

/// The team as it may be saved: a name, known people, each member once.
pub fn check(team: &Team, users: &[User]) -> Result<Team, RuleError> {
    let name = clean_text("team.name", &team.name)?;
    if name.is_empty() {
        return Err(RuleError::Required("team.name".into()));
    }
    let known = |id: &Uuid| users.iter().any(|u| u.id == *id);
    if let Some(leader) = team.leader_id.filter(|id| !known(id)) {
        return Err(RuleError::UnknownSalesperson(leader));
    }
    let mut members: Vec<Uuid> = Vec::with_capacity(team.member_ids.len());
    for id in &team.member_ids {
        if !known(id) {
            return Err(RuleError::UnknownSalesperson(*id));
        }
        if !members.contains(id) {
            members.push(*id);
        }
    }
    let mut capacities: Vec<Capacity> = Vec::with_capacity(team.capacities.len());
    for c in &team.capacities {
        if !(members.contains(&c.user_id) || team.leader_id == Some(c.user_id)) {
            return Err(RuleError::UnknownSalesperson(c.user_id));
        }
        if c.per_month > MAX_CAPACITY {
            return Err(RuleError::OutOfRange {
                field: "team.capacities".into(),
                min: 0,
                max: i64::from(MAX_CAPACITY),
            });
        }
        capacities.retain(|kept| kept.user_id != c.user_id);
        capacities.push(c.clone());
    }
    Ok(Team {
        name,
        member_ids: members,
        capacities,
        ..team.clone()
    })
}

/// The live team with this id.
pub fn find(teams: &[Team], id: Uuid) -> Option<&Team> {
    teams.iter().find(|t| t.id == id && !t.deleted)
}

impl super::kind::Kind for Team {
    const NAME: &'static str = "team";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        [
            "Sales team",
            "Đội ngũ bán hàng",
            "销售团队",
            "ทีมขาย",
            "تیم فروش",
        ],
        [
            "Sales teams",
            "Đội ngũ bán hàng",
            "销售团队",
            "ทีมขาย",
            "تیم‌های فروش",
        ],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "name",
            super::field::FieldType::Text,
            ["Name", "Tên", "名称", "ชื่อ", "نام"],
        ),
        super::field::Field::new(
            "leader_id",
            super::field::FieldType::Link("user"),
            [
                "Team leader",
                "Trưởng nhóm",
                "团队负责人",
                "หัวหน้าทีม",
                "سرپرست تیم",
            ],
        ),
        super::field::Field::new(
            "member_ids",
            super::field::FieldType::Links("user"),
            ["Members", "Thành viên", "成员", "สมาชิก", "اعضا"],
        ),
        super::field::Field::new(
            "for_quotations",
            super::field::FieldType::YesNo,
            [
                "Makes quotations",
                "Làm báo giá",
                "负责报价",
                "ทำใบเสนอราคา",
                "صدور پیش‌فاکتور",
            ],
        ),
        super::field::Field::new(
            "for_opportunities",
            super::field::FieldType::YesNo,
            [
                "Works opportunities",
                "Theo đuổi cơ hội",
                "负责商机",
                "ดูแลโอกาสการขาย",
                "پیگیری فرصت‌ها",
            ],
        ),
        super::field::Field::new(
            "for_warranty",
            super::field::FieldType::YesNo,
            [
                "Handles warranty",
                "Xử lý bảo hành",
                "负责保修",
                "ดูแลการรับประกัน",
                "رسیدگی به گارانتی",
            ],
        ),
        super::field::Field::new(
            "shared_pipeline",
            super::field::FieldType::YesNo,
            [
                "Members see the whole team pipeline",
                "Thành viên xem toàn bộ quy trình của đội",
                "成员可查看整个团队的销售管道",
                "สมาชิกเห็นไปป์ไลน์ทั้งทีม",
                "اعضا کل قیف فروش تیم را می‌بینند",
            ],
        ),
        super::field::Field::new(
            "capacities",
            super::field::FieldType::Capacities,
            [
                "New leads per member",
                "Số tiềm năng mới mỗi thành viên",
                "每位成员的新线索",
                "ลูกค้าเป้าหมายใหม่ต่อสมาชิก",
                "سرنخ‌های تازهٔ هر عضو",
            ],
        ),
        super::field::Field::new(
            "territories",
            super::field::FieldType::Links("territory"),
            [
                "Territories",
                "Khu vực",
                "销售区域",
                "เขตการขาย",
                "مناطق فروش",
            ],
        ),
        super::field::Field::new(
            "takes",
            super::field::FieldType::Filter,
            [
                "Takes new leads like",
                "Nhận tiềm năng mới như",
                "接收的新线索条件",
                "รับลูกค้าเป้าหมายใหม่แบบ",
                "سرنخ‌های تازه‌ای که می‌گیرد",
            ],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::Everyone,
        write: super::kind::Write::LedTeams,
    };
    const SETUP: bool = true;
    const KEEP: super::kind::Keep = super::kind::Keep::All;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Team(Some(self.id))
    }

    fn references(&self) -> Vec<Uuid> {
        let mut ids = super::kind::ids([self.leader_id]);
        ids.extend(&self.member_ids);
        ids.extend(&self.territories);
        ids.extend(self.capacities.iter().flat_map(|c| &c.territories));
        ids
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.name.clone()
    }

    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        // Which leads it and its members take: conditions over deals, the same for everyone.
        for takes in std::iter::once(&self.takes).chain(self.capacities.iter().map(|c| &c.takes)) {
            takes.check("opportunity", store)?;
            takes.reader_free()?;
        }
        let named = self
            .territories
            .iter()
            .chain(self.capacities.iter().flat_map(|c| &c.territories));
        for id in named {
            if super::territory::find(store, *id).is_none() {
                return Err(RuleError::Missing {
                    kind: "territory".into(),
                    id: *id,
                });
            }
        }
        Ok(vec![super::Record::Team(check(self, &store.users)?)])
    }

    fn delete(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        // A team's own stages go first (or are given to every team).
        let stages = store
            .stages
            .iter()
            .filter(|s| s.team_id == Some(self.id) && !s.deleted)
            .count();
        if stages > 0 {
            return Err(RuleError::TeamHasStages(stages));
        }
        Ok(super::kind::flag_deleted(self))
    }

    /// Their own team's name and flags, and members leaving it. Adding someone would put that
    /// person's deals, anywhere, in the manager's reach: an admin adds people.
    fn manager_may(&self, before: Option<&Self>, manager: Uuid) -> bool {
        before.is_some_and(|b| {
            b.leader_id == Some(manager)
                && self.leader_id == Some(manager)
                && self.member_ids.iter().all(|m| b.member_ids.contains(m))
                && !self.deleted
        })
    }
}
