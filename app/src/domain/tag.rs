//! A tag: a coloured label that groups leads and opportunities with something in common.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::RuleError;
use super::opportunity::clean_text;

/// The number of colours a tag can take (an index into the UI's palette).
pub const COLOURS: u8 = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub colour: u8,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

#[cfg(test)]
impl Tag {
    /// A live tag of the first colour, for tests: they override the fields they are about.
    pub fn sample(name: &str) -> Tag {
        Tag {
            id: Uuid::now_v7(),
            name: name.into(),
            colour: 1,
            version: 1,
            deleted: false,
        }
    }
}

/// The tag as it may be saved: a name unique among the live tags, a colour of the palette.
pub fn check(tag: &Tag, tags: &[Tag]) -> Result<Tag, RuleError> {
    let name = clean_text("tag.name", &tag.name)?;
    if name.is_empty() {
        return Err(RuleError::Required("tag.name".into()));
    }
    if tag.colour >= COLOURS {
        return Err(RuleError::OutOfRange {
            field: "tag.colour".into(),
            min: 0,
            max: i64::from(COLOURS - 1),
        });
    }
    let taken = tags
        .iter()
        .any(|t| t.id != tag.id && !t.deleted && t.name.to_lowercase() == name.to_lowercase());
    if taken {
        return Err(RuleError::Duplicate(name));
    }
    Ok(Tag {
        name,
        ..tag.clone()
    })
}

pub fn find(tags: &[Tag], id: Uuid) -> Option<&Tag> {
    tags.iter().find(|t| t.id == id && !t.deleted)
}

impl super::kind::Kind for Tag {
    const NAME: &'static str = "tag";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        ["Tag", "Từ khóa", "标签", "แท็ก", "برچسب"],
        ["Tags", "Từ khóa", "标签", "แท็ก", "برچسب‌ها"],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "name",
            super::field::FieldType::Text,
            ["Name", "Tên", "名称", "ชื่อ", "نام"],
        ),
        super::field::Field::new(
            "colour",
            super::field::FieldType::Integer,
            ["Colour", "Màu", "颜色", "สี", "رنگ"],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::Everyone,
        write: super::kind::Write::Shared { delete: &[] },
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
        self.name.clone()
    }

    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(vec![super::Record::Tag(check(self, &store.tags)?)])
    }

    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(super::kind::flag_deleted(self))
    }
}
