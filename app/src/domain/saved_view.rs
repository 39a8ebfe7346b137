//! A saved view: a page's filter, sort, grouping and columns kept under a name, for the person
//! who made it, a team of theirs, or everyone. Its filter is checked like any record's fields
//! (`filter.rs`); who sees and changes it is its scope (`Scope::Personal`, `Write::Owner`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::filter::Filter;
use super::opportunity::clean_text;
use super::{RuleError, Store};

/// The longest name.
pub const MAX_NAME: usize = 80;
/// The most columns a list view names.
pub const MAX_COLUMNS: usize = 60;

/// The pages a view can be of, and the kind of record each lists.
pub const PAGES: &[(&str, &str)] = &[
    ("board", "opportunity"),
    ("list", "opportunity"),
    ("leads", "opportunity"),
    ("contacts", "contact"),
];

/// Who sees a view besides the person who made it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sharing {
    /// Only them.
    #[default]
    Private,
    /// Their team (`team_id`).
    Team,
    /// Everyone in the organisation.
    Everyone,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    pub id: Uuid,
    pub name: String,
    /// The page it is a view of (`PAGES`).
    pub page: String,
    #[serde(default)]
    pub filter: Filter,
    /// The sort, as the page's address writes it (`close`, `-revenue`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sort: String,
    /// The grouping, as the page's address writes it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub group: String,
    /// The columns a list shows, in order (empty: the page's own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// Who made it: the one who changes it.
    pub owner_id: Uuid,
    #[serde(default)]
    pub sharing: Sharing,
    /// The team it is shared with (`Sharing::Team`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl SavedView {
    /// The kind of record its page lists.
    pub fn kind(&self) -> Option<&'static str> {
        kind_of_page(&self.page)
    }
}

/// The kind of record a page lists, for a page that can have views.
pub fn kind_of_page(page: &str) -> Option<&'static str> {
    PAGES.iter().find(|(p, _)| *p == page).map(|(_, k)| *k)
}

/// The view as it may be saved: a name, a page that has views, a filter that holds over its
/// kind, a known person, and a team when shared with one.
pub fn check(view: &SavedView, store: &Store) -> Result<SavedView, RuleError> {
    let name = clean_text("saved_view.name", &view.name)?;
    if name.is_empty() {
        return Err(RuleError::Required("saved_view.name".into()));
    }
    if name.chars().count() > MAX_NAME {
        return Err(RuleError::TooLong {
            field: "saved_view.name".into(),
            max: MAX_NAME,
        });
    }
    let kind = view
        .kind()
        .ok_or_else(|| RuleError::Malformed(format!("{:?} is no page with views", view.page)))?;
    view.filter.check(kind, store)?;
    if view.columns.len() > MAX_COLUMNS
        || [&view.sort, &view.group]
            .into_iter()
            .chain(&view.columns)
            .any(|text| text.len() > 60)
    {
        return Err(RuleError::Malformed(
            "a view's sort, grouping or columns are too long".into(),
        ));
    }
    if !store.users.is_empty() {
        store.check_salesperson(Some(view.owner_id))?;
    }
    let team_id = match view.sharing {
        Sharing::Team => {
            let id = view
                .team_id
                .ok_or_else(|| RuleError::Required("saved_view.team_id".into()))?;
            if super::team::find(&store.teams, id).is_none() {
                return Err(RuleError::UnknownTeam(id));
            }
            Some(id)
        }
        Sharing::Private | Sharing::Everyone => None,
    };
    Ok(SavedView {
        name,
        team_id,
        deleted: false,
        ..view.clone()
    })
}

/// The live views of `page` a person sees in their copy, theirs first, then by name.
pub fn of_page<'a>(store: &'a Store, page: &str, me: Option<Uuid>) -> Vec<&'a SavedView> {
    let mut views: Vec<&SavedView> = store
        .saved_views
        .iter()
        .filter(|v| !v.deleted && v.page == page)
        .collect();
    views.sort_by(|a, b| {
        (Some(b.owner_id) == me)
            .cmp(&(Some(a.owner_id) == me))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then_with(|| a.id.cmp(&b.id))
    });
    views
}

impl super::kind::Kind for SavedView {
    const NAME: &'static str = "saved_view";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        [
            "Saved view",
            "Chế độ xem đã lưu",
            "已保存视图",
            "มุมมองที่บันทึกไว้",
            "نمای ذخیره‌شده",
        ],
        [
            "Saved views",
            "Các chế độ xem đã lưu",
            "已保存视图",
            "มุมมองที่บันทึกไว้",
            "نماهای ذخیره‌شده",
        ],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "name",
            super::field::FieldType::Text,
            ["Name", "Tên", "名称", "ชื่อ", "نام"],
        ),
        super::field::Field::new(
            "page",
            super::field::FieldType::Choice(&["board", "list", "leads", "contacts"]),
            ["Page", "Trang", "页面", "หน้า", "صفحه"],
        ),
        super::field::Field::new(
            "filter",
            super::field::FieldType::Filter,
            ["Filter", "Bộ lọc", "筛选", "ตัวกรอง", "فیلتر"],
        ),
        super::field::Field::new(
            "sort",
            super::field::FieldType::Text,
            ["Sort", "Sắp xếp", "排序", "เรียงลำดับ", "مرتب‌سازی"],
        ),
        super::field::Field::new(
            "group",
            super::field::FieldType::Text,
            ["Group by", "Nhóm theo", "分组", "จัดกลุ่มตาม", "گروه‌بندی"],
        ),
        super::field::Field::new(
            "columns",
            super::field::FieldType::Texts,
            ["Columns", "Cột", "列", "คอลัมน์", "ستون‌ها"],
        ),
        super::field::Field::new(
            "owner_id",
            super::field::FieldType::Link("user"),
            ["Owner", "Người tạo", "创建者", "เจ้าของ", "مالک"],
        ),
        super::field::Field::new(
            "sharing",
            super::field::FieldType::Choice(&["private", "team", "everyone"]),
            ["Shared with", "Chia sẻ với", "共享给", "แชร์กับ", "اشتراک با"],
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
        read: super::kind::Read::InScope,
        write: super::kind::Write::Owner,
    };
    const SETUP: bool = false;
    const KEEP: super::kind::Keep = super::kind::Keep::All;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Personal {
            owner: self.owner_id,
            team: match self.sharing {
                Sharing::Team => self.team_id,
                _ => None,
            },
            everyone: self.sharing == Sharing::Everyone,
        }
    }

    fn parent(&self) -> Option<Uuid> {
        None
    }

    fn references(&self) -> Vec<Uuid> {
        super::kind::ids([Some(self.owner_id), self.team_id])
    }

    fn display_name(&self, _store: &Store) -> String {
        self.name.clone()
    }

    fn save(&self, store: &Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(vec![super::Record::SavedView(check(self, store)?)])
    }

    fn delete(&self, _store: &Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(super::kind::flag_deleted(self))
    }
}
