//! A saved view: a page's filter, sort, grouping and columns kept under a name, for the person
//! who made it, a team of theirs, or everyone. Its filter is checked like any record's fields
//! (`filter.rs`); who sees and changes it is its scope (`Scope::Personal`, `Write::Owner`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::filter::Filter;
use super::opportunity::clean_name;
use super::{RuleError, Store};

/// The longest name.
pub const MAX_NAME: usize = 80;
/// The most columns a list view names.
pub const MAX_COLUMNS: usize = 60;
/// The most values of a page's address a view keeps.
pub const MAX_PARAMS: usize = 20;

/// The pages a view can be of, and the kind of record each lists.
pub const PAGES: &[(&str, &str)] = &[
    ("board", "opportunity"),
    ("list", "opportunity"),
    ("leads", "opportunity"),
    ("contacts", "contact"),
    ("companies", "company"),
    ("activities", "activity"),
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
    /// The page's address besides the filter: its search, quick filters, sort and grouping
    /// (`q`, `owner`, `sort=-revenue`…), as the address writes them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
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
    let name = clean_name("saved_view.name", &view.name, MAX_NAME)?;
    let kind = view
        .kind()
        .ok_or_else(|| RuleError::Malformed(format!("{:?} is no page with views", view.page)))?;
    view.filter.check(kind, store)?;
    let plain = |text: &String| {
        !text.is_empty()
            && text.len() <= 40
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if view.columns.len() > MAX_COLUMNS
        || view.params.len() > MAX_PARAMS
        || !view.columns.iter().all(plain)
        || !view.params.keys().all(plain)
        || view
            .params
            .keys()
            .any(|k| ["f", "view", "cols"].contains(&k.as_str()))
        || view.params.values().any(|v| v.chars().count() > 200)
    {
        return Err(RuleError::Malformed(
            "a view's address or columns are not ones a page writes".into(),
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
            super::field::FieldType::Choice(&[
                "board",
                "list",
                "leads",
                "contacts",
                "companies",
                "activities",
            ]),
            ["Page", "Trang", "页面", "หน้า", "صفحه"],
        ),
        super::field::Field::new(
            "filter",
            super::field::FieldType::Filter,
            ["Filter", "Bộ lọc", "筛选", "ตัวกรอง", "فیلتر"],
        ),
        super::field::Field::new(
            "params",
            super::field::FieldType::Params,
            [
                "Search, sort and grouping",
                "Tìm kiếm, sắp xếp và nhóm",
                "搜索、排序与分组",
                "การค้นหา การเรียง และการจัดกลุ่ม",
                "جستجو، مرتب‌سازی و گروه‌بندی",
            ],
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::filter::{Condition, Op};
    use crate::domain::{Team, User};

    fn world() -> (Store, Uuid, Uuid) {
        let me = Uuid::now_v7();
        let team = Team {
            id: Uuid::now_v7(),
            name: "Miền Bắc".into(),
            leader_id: None,
            member_ids: vec![me],
            for_quotations: false,
            for_opportunities: true,
            for_warranty: false,
            capacities: Vec::new(),
            takes: Default::default(),
            territories: Vec::new(),
            shared_pipeline: false,
            version: 1,
            deleted: false,
        };
        let store = Store {
            users: vec![User {
                id: me,
                name: "Mai".into(),
                email: "mai@example.vn".into(),
            }],
            teams: vec![team.clone()],
            ..Store::default()
        };
        (store, me, team.id)
    }

    fn view(owner: Uuid) -> SavedView {
        SavedView {
            id: Uuid::now_v7(),
            name: "  Chốt trong tháng  ".into(),
            page: "board".into(),
            filter: Filter {
                conditions: vec![Condition {
                    field: "expected_close".into(),
                    op: Op::Within,
                    values: vec!["this_month".into()],
                    of: None,
                }],
                ..Filter::default()
            },
            params: BTreeMap::from([("q".to_string(), "máy lọc".to_string())]),
            columns: Vec::new(),
            owner_id: owner,
            sharing: Sharing::Private,
            team_id: None,
            version: 0,
            deleted: false,
        }
    }

    #[test]
    fn a_view_is_saved_with_a_name_a_page_and_a_filter_that_holds() {
        let (store, me, team) = world();
        let saved = check(&view(me), &store).unwrap();
        assert_eq!(saved.name, "Chốt trong tháng");
        let refused = |v: SavedView| check(&v, &store).unwrap_err();
        assert_eq!(
            refused(SavedView {
                name: " ".into(),
                ..view(me)
            }),
            RuleError::Required("saved_view.name".into())
        );
        assert!(matches!(
            refused(SavedView {
                name: "x".repeat(MAX_NAME + 1),
                ..view(me)
            }),
            RuleError::TooLong { .. }
        ));
        assert!(matches!(
            refused(SavedView {
                page: "settings".into(),
                ..view(me)
            }),
            RuleError::Malformed(_)
        ));
        let mut bad_filter = view(me);
        bad_filter.filter.conditions[0].field = "x_gone".into();
        assert_eq!(
            refused(bad_filter),
            RuleError::FilterField("opportunity.x_gone".into())
        );
        // The address it keeps is one a page writes: no filter or view in it, plain names.
        for key in ["f", "view", "Sort", "a b"] {
            let mut v = view(me);
            v.params.insert(key.into(), "1".into());
            assert!(matches!(refused(v), RuleError::Malformed(_)), "{key}");
        }
        let stranger = Uuid::now_v7();
        assert_eq!(
            refused(SavedView {
                owner_id: stranger,
                ..view(me)
            }),
            RuleError::UnknownSalesperson(stranger)
        );
        // Shared with a team: a team that exists; the team is forgotten when not shared.
        let shared = SavedView {
            sharing: Sharing::Team,
            team_id: Some(team),
            ..view(me)
        };
        assert_eq!(check(&shared, &store).unwrap().team_id, Some(team));
        let gone = Uuid::now_v7();
        assert_eq!(
            refused(SavedView {
                team_id: Some(gone),
                ..shared.clone()
            }),
            RuleError::UnknownTeam(gone)
        );
        assert_eq!(
            refused(SavedView {
                team_id: None,
                ..shared.clone()
            }),
            RuleError::Required("saved_view.team_id".into())
        );
        let everyone = SavedView {
            sharing: Sharing::Everyone,
            ..shared
        };
        assert_eq!(check(&everyone, &store).unwrap().team_id, None);
    }

    #[test]
    fn a_persons_own_views_come_first_then_by_name() {
        let (mut store, me, _) = world();
        let other = Uuid::now_v7();
        for (name, owner) in [("b", other), ("Z", me), ("a", other), ("c", me)] {
            store.saved_views.push(SavedView {
                name: name.into(),
                ..view(owner)
            });
        }
        store.saved_views.push(SavedView {
            page: "list".into(),
            ..view(me)
        });
        let names: Vec<&str> = of_page(&store, "board", Some(me))
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(names, ["c", "Z", "a", "b"]);
    }
}
