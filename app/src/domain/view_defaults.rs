//! A person's default views: for each page, the saved view it opens with when opened bare. Kept
//! as one record per person, whose id is worked out from the person's (`id_of`), so that every
//! device of theirs writes the same record (two set offline: the later one is kept) and the
//! choice follows them from the desktop to the phone. Only they read and change it (`Scope::Personal`,
//! `Write::Owner`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::saved_view::PAGES;
use super::{RuleError, Store};

/// Mixed into a person's id to make their defaults' own: the same on every device, and never
/// the person's id itself (a record under it would be taken for them where a record names
/// people, a team's members say). Only the random bits are mixed.
const MIX: u128 = 0x2a5f_6465_6661_756c;

/// The id of `person`'s defaults: time-ordered (version 7), as a new record's must be.
pub fn id_of(person: Uuid) -> Uuid {
    let mixed = person.as_u128() ^ MIX;
    let version = (mixed & !(0xF << 76)) | (0x7 << 76);
    Uuid::from_u128((version & !(0b11 << 62)) | (0b10 << 62))
}

/// Whether `id` is a person's of the organisation's defaults id: no other record may take it
/// (one made under a colleague's would stop them ever keeping their defaults).
pub fn reserved(store: &Store, id: Uuid) -> bool {
    store.users.iter().any(|u| id_of(u.id) == id)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewDefaults {
    /// `id_of(owner_id)`.
    pub id: Uuid,
    pub owner_id: Uuid,
    /// The view each page opens with, by the page's name (`saved_view::PAGES`).
    #[serde(default)]
    pub pages: BTreeMap<String, Uuid>,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl ViewDefaults {
    /// Nothing chosen yet, for `me`.
    pub fn new(me: Uuid) -> ViewDefaults {
        ViewDefaults {
            id: id_of(me),
            owner_id: me,
            pages: BTreeMap::new(),
            version: 0,
            deleted: false,
        }
    }
}

/// The view `me` opens `page` with, if one is chosen and still there for them.
pub fn of(store: &Store, me: Option<Uuid>, page: &str) -> Option<Uuid> {
    let me = me?;
    let chosen = store
        .view_defaults
        .iter()
        .find(|d| d.id == id_of(me) && !d.deleted)?
        .pages
        .get(page)
        .copied()?;
    store
        .saved_views
        .iter()
        .any(|v| v.id == chosen && !v.deleted && v.page == page)
        .then_some(chosen)
}

/// `me`'s defaults with `page` opening `view` (or, `None`, bare).
pub fn choose(store: &Store, me: Uuid, page: &str, view: Option<Uuid>) -> ViewDefaults {
    let mut defaults = store
        .view_defaults
        .iter()
        .find(|d| d.id == id_of(me))
        .cloned()
        .unwrap_or_else(|| ViewDefaults::new(me));
    defaults.deleted = false;
    match view {
        Some(id) => defaults.pages.insert(page.to_string(), id),
        None => defaults.pages.remove(page),
    };
    defaults
}

/// The defaults as they may be saved: a person's own record, naming pages that have views.
pub fn check(d: &ViewDefaults, store: &Store) -> Result<ViewDefaults, RuleError> {
    if d.id != id_of(d.owner_id) {
        return Err(RuleError::Malformed(
            "a person's default views are kept under their own id".into(),
        ));
    }
    if let Some(page) = d
        .pages
        .keys()
        .find(|p| !PAGES.iter().any(|(name, _)| name == p))
    {
        return Err(RuleError::NotAChoice {
            value: page.chars().take(40).collect(),
            choices: PAGES
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    if !store.users.is_empty() {
        store.check_salesperson(Some(d.owner_id))?;
    }
    Ok(ViewDefaults {
        deleted: false,
        ..d.clone()
    })
}

impl super::kind::Kind for ViewDefaults {
    const NAME: &'static str = "view_defaults";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        [
            "Default views",
            "Chế độ xem mặc định",
            "默认视图",
            "มุมมองเริ่มต้น",
            "نماهای پیش‌فرض",
        ],
        [
            "Default views",
            "Chế độ xem mặc định",
            "默认视图",
            "มุมมองเริ่มต้น",
            "نماهای پیش‌فرض",
        ],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "owner_id",
            super::field::FieldType::Link("user"),
            ["Owner", "Người tạo", "创建者", "เจ้าของ", "مالک"],
        ),
        super::field::Field::new(
            "pages",
            super::field::FieldType::Params,
            [
                "Views by page",
                "Chế độ xem theo trang",
                "各页面的视图",
                "มุมมองตามหน้า",
                "نما برای هر صفحه",
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
            team: None,
            everyone: false,
        }
    }

    fn parent(&self) -> Option<Uuid> {
        None
    }

    fn references(&self) -> Vec<Uuid> {
        vec![self.owner_id]
    }

    fn display_name(&self, _store: &Store) -> String {
        String::new()
    }

    fn save(&self, store: &Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(vec![super::Record::ViewDefaults(check(self, store)?)])
    }

    fn delete(&self, _store: &Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(super::kind::flag_deleted(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SavedView;
    use crate::domain::saved_view::Sharing;

    fn view(page: &str, deleted: bool) -> SavedView {
        SavedView {
            id: Uuid::now_v7(),
            name: "Của tôi".into(),
            page: page.into(),
            filter: Default::default(),
            params: Default::default(),
            columns: Vec::new(),
            owner_id: Uuid::now_v7(),
            sharing: Sharing::Everyone,
            team_id: None,
            version: 1,
            deleted,
        }
    }

    #[test]
    fn a_persons_defaults_have_an_id_of_their_own_the_same_on_every_device() {
        let me = Uuid::now_v7();
        assert_eq!(id_of(me), id_of(me));
        assert_ne!(id_of(me), me);
        assert_eq!(id_of(me).get_version_num(), 7);
        assert_eq!(id_of(me).get_variant(), uuid::Variant::RFC4122);
        assert_ne!(id_of(me), id_of(Uuid::now_v7()));
    }

    #[test]
    fn nobody_takes_a_colleagues_defaults_id_for_a_record_of_another_kind() {
        let colleague = crate::domain::User {
            id: Uuid::now_v7(),
            name: "Lan".into(),
            email: "lan@saomai.vn".into(),
        };
        let store = Store {
            users: vec![colleague.clone()],
            ..Store::default()
        };
        let squatter = crate::domain::Tag {
            id: id_of(colleague.id),
            name: "VIP".into(),
            colour: 1,
            version: 0,
            deleted: false,
        };
        assert_eq!(
            crate::domain::apply(&crate::domain::Mutation::save(squatter), &store),
            Err(RuleError::RecordExists(id_of(colleague.id)))
        );
        let deal = crate::domain::Mutation::CreateOpportunity(crate::domain::NewOpportunity {
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            id: id_of(colleague.id),
            ..crate::domain::NewOpportunity::sample(Uuid::now_v7())
        });
        assert_eq!(
            crate::domain::apply(&deal, &store),
            Err(RuleError::RecordExists(id_of(colleague.id)))
        );
        // Their own defaults are theirs to keep.
        let theirs = ViewDefaults::new(colleague.id);
        assert!(crate::domain::apply(&crate::domain::Mutation::save(theirs), &store).is_ok());
    }

    #[test]
    fn a_person_chooses_a_default_per_page_and_a_view_gone_opens_nothing() {
        let me = Uuid::now_v7();
        let (board, list, gone) = (
            view("board", false),
            view("list", false),
            view("leads", true),
        );
        let mut store = Store {
            saved_views: vec![board.clone(), list.clone(), gone.clone()],
            ..Store::default()
        };
        assert_eq!(of(&store, Some(me), "board"), None);
        let mine = choose(&store, me, "board", Some(board.id));
        store.view_defaults.push(check(&mine, &store).unwrap());
        let mine = choose(&store, me, "leads", Some(gone.id));
        store.view_defaults[0] = check(&mine, &store).unwrap();
        assert_eq!(of(&store, Some(me), "board"), Some(board.id));
        // A deleted view, or a view of another page, opens nothing.
        assert_eq!(of(&store, Some(me), "leads"), None);
        assert_eq!(of(&store, Some(me), "list"), None);
        // Someone else has their own.
        assert_eq!(of(&store, Some(Uuid::now_v7()), "board"), None);
        // Cleared, the page opens bare.
        let cleared = choose(&store, me, "board", None);
        assert!(!cleared.pages.contains_key("board"));
        // Kept under another id, or naming no page with views: refused.
        let stray = ViewDefaults {
            id: Uuid::now_v7(),
            ..ViewDefaults::new(me)
        };
        assert!(matches!(
            check(&stray, &store),
            Err(RuleError::Malformed(_))
        ));
        let mut odd = ViewDefaults::new(me);
        odd.pages.insert("settings".into(), board.id);
        assert!(matches!(
            check(&odd, &store),
            Err(RuleError::NotAChoice { .. })
        ));
    }
}
