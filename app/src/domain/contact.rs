//! Contacts and companies: the people a team sells to, each at most one company's, and the
//! matching that keeps a converted lead from creating a second copy of someone already known.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::RuleError;
use super::opportunity::{clean_email, clean_phone, clean_text};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub id: Uuid,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// Merged into that company (and archived): restorable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<Uuid>,
    /// Its custom fields' values, by key (see `custom_field.rs`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub custom: super::CustomValues,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

#[cfg(test)]
impl Company {
    /// A company for tests, by its name: tests override the fields they are about.
    pub fn sample(name: &str) -> Company {
        Company {
            id: Uuid::now_v7(),
            name: name.into(),
            email: String::new(),
            phone: String::new(),
            address: String::new(),
            merged_into: None,
            custom: Default::default(),
            version: 1,
            deleted: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: Uuid,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub job_title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// Merged into that contact (and archived): restorable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<Uuid>,
    /// Its custom fields' values, by key (see `custom_field.rs`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub custom: super::CustomValues,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

pub fn check_company(c: &Company) -> Result<Company, RuleError> {
    let name = clean_text("company.name", &c.name)?;
    if name.is_empty() {
        return Err(RuleError::Required("company.name".into()));
    }
    Ok(Company {
        name,
        email: clean_email(&c.email)?,
        phone: clean_phone(&c.phone)?,
        address: clean_text("company.address", &c.address)?,
        ..c.clone()
    })
}

/// The contact's own fields, cleaned; its company is checked by the caller.
pub fn check_contact(c: &Contact) -> Result<Contact, RuleError> {
    let name = clean_text("contact.name", &c.name)?;
    if name.is_empty() {
        return Err(RuleError::Required("contact.name".into()));
    }
    Ok(Contact {
        name,
        job_title: clean_text("contact.job_title", &c.job_title)?,
        email: clean_email(&c.email)?,
        phone: clean_phone(&c.phone)?,
        ..c.clone()
    })
}

/// Why an existing contact or company is offered as the one a lead is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchedOn {
    Email,
    Phone,
    Name,
}

/// The last nine digits: "+84 90 123 4567" and "090 123 4567" are one number.
fn normal_phone(s: &str) -> Option<String> {
    let digits: Vec<char> = s.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 8).then(|| digits[digits.len().saturating_sub(9)..].iter().collect())
}

/// A name as compared (`domain::duplicates`): "Nguyen Van An" is "Nguyễn  Văn An"; a company
/// without its legal form ("Cty TNHH ABC" is "Công ty TNHH ABC").
fn name_key(name: &str, company: bool) -> String {
    if company {
        super::duplicates::company_core(name)
    } else {
        super::duplicates::fold(name)
    }
}

fn matched_on(
    email: &str,
    phone: &str,
    (name, company): (&str, bool),
    (their_email, their_phone, their_name): (&str, &str, &str),
) -> Option<MatchedOn> {
    let email = email.trim().to_lowercase();
    if !email.is_empty() && their_email.trim().to_lowercase() == email {
        return Some(MatchedOn::Email);
    }
    if let (Some(a), Some(b)) = (normal_phone(phone), normal_phone(their_phone))
        && a == b
    {
        return Some(MatchedOn::Phone);
    }
    let name = name_key(name, company);
    (!name.is_empty() && name_key(their_name, company) == name).then_some(MatchedOn::Name)
}

/// Contacts that may be the person a lead names, best match first (email, then phone, then name).
pub fn matching_contacts<'a>(
    contacts: impl IntoIterator<Item = &'a Contact>,
    email: &str,
    phone: &str,
    name: &str,
) -> Vec<(&'a Contact, MatchedOn)> {
    let mut found: Vec<(&Contact, MatchedOn)> = contacts
        .into_iter()
        .filter(|c| !c.deleted)
        .filter_map(|c| {
            matched_on(email, phone, (name, false), (&c.email, &c.phone, &c.name)).map(|m| (c, m))
        })
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.name.cmp(&b.0.name)));
    found
}

/// Companies that may be the one a lead names, best match first.
pub fn matching_companies<'a>(
    companies: impl IntoIterator<Item = &'a Company>,
    email: &str,
    phone: &str,
    name: &str,
) -> Vec<(&'a Company, MatchedOn)> {
    let mut found: Vec<(&Company, MatchedOn)> = companies
        .into_iter()
        .filter(|c| !c.deleted)
        .filter_map(|c| {
            matched_on(email, phone, (name, true), (&c.email, &c.phone, &c.name)).map(|m| (c, m))
        })
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.name.cmp(&b.0.name)));
    found
}

impl super::kind::Kind for Company {
    const NAME: &'static str = "company";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        ["Company", "Công ty", "公司", "บริษัท", "شرکت"],
        ["Companies", "Công ty", "公司", "บริษัท", "شرکت‌ها"],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "name",
            super::field::FieldType::Text,
            ["Name", "Tên", "名称", "ชื่อ", "نام"],
        ),
        super::field::Field::new(
            "email",
            super::field::FieldType::Email,
            ["Email", "Email", "邮箱", "อีเมล", "ایمیل"],
        ),
        super::field::Field::new(
            "phone",
            super::field::FieldType::Phone,
            ["Phone", "Điện thoại", "电话", "โทรศัพท์", "تلفن"],
        ),
        super::field::Field::new(
            "address",
            super::field::FieldType::Text,
            ["Address", "Địa chỉ", "地址", "ที่อยู่", "آدرس"],
        ),
        super::field::Field::new(
            "merged_into",
            super::field::FieldType::Link("company"),
            [
                "Merged into",
                "Đã gộp vào",
                "已合并到",
                "รวมเข้ากับ",
                "ادغام‌شده در",
            ],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::Everyone,
        write: super::kind::Write::Shared {
            delete: &[super::access::Role::Manager],
        },
    };
    const SETUP: bool = false;
    const KEEP: super::kind::Keep = super::kind::Keep::WhileNamed;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Org
    }

    const CUSTOMISABLE: bool = true;

    fn custom(&self) -> Option<&super::CustomValues> {
        Some(&self.custom)
    }

    fn references(&self) -> Vec<Uuid> {
        super::custom_field::references(&self.custom)
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.name.clone()
    }

    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        super::mutation::contacts::save_company(store, self)
    }

    /// Deals and contacts keep pointing at a company: it is never deleted.
    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Err(RuleError::NotDeletable)
    }
}

impl super::kind::Kind for Contact {
    const NAME: &'static str = "contact";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        ["Contact", "Người liên hệ", "联系人", "ผู้ติดต่อ", "مخاطب"],
        ["Contacts", "Liên hệ", "联系人", "ผู้ติดต่อ", "مخاطبین"],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "name",
            super::field::FieldType::Text,
            ["Name", "Tên", "名称", "ชื่อ", "نام"],
        ),
        super::field::Field::new(
            "company_id",
            super::field::FieldType::Link("company"),
            ["Company", "Công ty", "公司", "บริษัท", "شرکت"],
        ),
        super::field::Field::new(
            "job_title",
            super::field::FieldType::Text,
            ["Job title", "Chức vụ", "职位", "ตำแหน่งงาน", "سمت شغلی"],
        ),
        super::field::Field::new(
            "email",
            super::field::FieldType::Email,
            ["Email", "Email", "邮箱", "อีเมล", "ایمیل"],
        ),
        super::field::Field::new(
            "phone",
            super::field::FieldType::Phone,
            ["Phone", "Điện thoại", "电话", "โทรศัพท์", "تلفن"],
        ),
        super::field::Field::new(
            "merged_into",
            super::field::FieldType::Link("contact"),
            [
                "Merged into",
                "Đã gộp vào",
                "已合并到",
                "รวมเข้ากับ",
                "ادغام‌شده در",
            ],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::Everyone,
        write: super::kind::Write::Shared {
            delete: &[super::access::Role::Manager],
        },
    };
    const SETUP: bool = false;
    const KEEP: super::kind::Keep = super::kind::Keep::WhileNamed;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Org
    }

    fn parent(&self) -> Option<Uuid> {
        self.company_id
    }

    const CUSTOMISABLE: bool = true;

    fn custom(&self) -> Option<&super::CustomValues> {
        Some(&self.custom)
    }

    fn references(&self) -> Vec<Uuid> {
        let mut ids = super::kind::ids([self.company_id]);
        ids.extend(super::custom_field::references(&self.custom));
        ids
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.name.clone()
    }

    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        super::mutation::contacts::save_contact(store, self)
    }

    /// Deals, activities and notes keep pointing at a contact: it is never deleted.
    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Err(RuleError::NotDeletable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, email: &str, phone: &str) -> Contact {
        Contact {
            custom: Default::default(),
            id: Uuid::now_v7(),
            name: name.into(),
            company_id: None,
            job_title: String::new(),
            email: email.into(),
            phone: phone.into(),
            version: 1,
            deleted: false,
            merged_into: None,
        }
    }

    #[test]
    fn conversion_offers_matches_by_email_then_phone_then_name() {
        let by_name = contact("Nguyễn Văn An", "", "");
        let by_phone = contact("Anh An", "", "090 123 4567");
        let by_email = contact("A. Nguyen", "AN@minhphat.vn", "");
        let stranger = contact("Trần Thị Bích", "bich@x.vn", "+84 91 000 0000");
        let all = [
            by_name.clone(),
            by_phone.clone(),
            by_email.clone(),
            stranger,
        ];
        let found = matching_contacts(
            &all,
            "an@minhphat.vn",
            "+84 90 123 4567",
            "  nguyễn  văn an",
        );
        let ids: Vec<(Uuid, MatchedOn)> = found.iter().map(|(c, m)| (c.id, *m)).collect();
        assert_eq!(
            ids,
            vec![
                (by_email.id, MatchedOn::Email),
                (by_phone.id, MatchedOn::Phone),
                (by_name.id, MatchedOn::Name)
            ]
        );
    }

    #[test]
    fn a_lead_written_without_accents_or_legal_form_finds_its_contact_and_company() {
        let an = contact("Nguyễn Văn An", "", "");
        let found = matching_contacts([&an], "", "", "nguyen van an");
        assert_eq!(found, vec![(&an, MatchedOn::Name)]);
        let abc = Company {
            custom: Default::default(),
            id: Uuid::now_v7(),
            name: "Công ty TNHH ABC".into(),
            email: String::new(),
            phone: String::new(),
            address: String::new(),
            merged_into: None,
            version: 1,
            deleted: false,
        };
        assert_eq!(
            matching_companies([&abc], "", "", "Cty TNHH ABC"),
            vec![(&abc, MatchedOn::Name)]
        );
    }

    #[test]
    fn empty_details_match_nobody_and_deleted_contacts_are_not_offered() {
        let mut gone = contact("Lê Hoàng Nam", "nam@x.vn", "0901234567");
        assert!(matching_contacts([&gone], "", "", "").is_empty());
        assert!(
            matching_contacts([&gone], "", "12", "").is_empty(),
            "too few digits"
        );
        gone.deleted = true;
        assert!(matching_contacts([&gone], "nam@x.vn", "", "").is_empty());
    }

    #[test]
    fn a_contact_needs_a_name_and_a_valid_email() {
        assert_eq!(
            check_contact(&contact(" ", "", "")),
            Err(RuleError::Required("contact.name".into()))
        );
        assert!(matches!(
            check_contact(&contact("An", "not-an-email", "")),
            Err(RuleError::InvalidEmail(_))
        ));
    }
}
