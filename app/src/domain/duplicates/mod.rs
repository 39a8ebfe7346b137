//! Which records may be the same person or company: the same email in any case, the same phone
//! once written in full international form (E.164), or names alike once accents, case and the
//! words of a company's legal form are set aside ("Nguyễn Văn An" and "nguyen van an", "Cty
//! TNHH ABC" and "Công ty TNHH ABC"). Names are compared by their pairs of letters, which works
//! as well for Chinese and Thai, written without spaces, as for Vietnamese.
//!
//! The browser runs this on its copy while a person types (offline too); the server's
//! duplicates page finds the same likeness with PostgreSQL's trigrams over the whole database.
//!
//! Why not the `phonenumber` crate here: its metadata and regular expressions would add far
//! more to the browser's download than the whole contacts page. Our markets' numbers follow
//! one rule (a national number starts with the trunk prefix 0, an international one with + or
//! 00), and a test on the server checks that `e164` agrees with `phonenumber` on them.

mod letters;

use uuid::Uuid;

use super::reading::western_digits;
use super::{Currency, Record, Store};

/// Why a record may be a duplicate, strongest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Reason {
    Email,
    Phone,
    /// Names alike, this much in percent.
    Name(u8),
}

/// Names at least this alike (in percent) are offered as possible duplicates.
pub const ALIKE: u8 = 75;

/// The countries an organisation may say it is in, with their calling codes (ITU-T E.164):
/// our markets, their neighbours and trading partners.
pub const CALLING_CODES: &[(&str, &str)] = &[
    ("VN", "84"),
    ("TH", "66"),
    ("CN", "86"),
    ("IR", "98"),
    ("KH", "855"),
    ("LA", "856"),
    ("MM", "95"),
    ("MY", "60"),
    ("SG", "65"),
    ("ID", "62"),
    ("PH", "63"),
    ("HK", "852"),
    ("MO", "853"),
    ("TW", "886"),
    ("JP", "81"),
    ("KR", "82"),
    ("IN", "91"),
    ("BD", "880"),
    ("PK", "92"),
    ("AF", "93"),
    ("IQ", "964"),
    ("TR", "90"),
    ("AE", "971"),
    ("SA", "966"),
    ("AU", "61"),
    ("NZ", "64"),
    ("US", "1"),
    ("CA", "1"),
    ("GB", "44"),
    ("FR", "33"),
    ("DE", "49"),
];

/// The calling code of a country (its ISO 3166-1 code), when Rapport knows it.
pub fn calling_code_of(country: &str) -> Option<&'static str> {
    CALLING_CODES
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(country.trim()))
        .map(|(_, calling)| *calling)
}

/// The calling code of numbers written without one: the organisation's country's when it says
/// one, else its currency's.
pub fn phone_country(settings: &super::CurrencySettings) -> Option<&'static str> {
    calling_code_of(&settings.country).or_else(|| calling_code(settings.currency))
}

/// The country calling code of numbers written without one, from the organisation's currency
/// (a company selling in dong dials Vietnam), for one that has not said its country.
pub fn calling_code(currency: Currency) -> Option<&'static str> {
    match currency {
        Currency::VND => Some("84"),
        Currency::THB => Some("66"),
        Currency::CNY => Some("86"),
        Currency::IRR => Some("98"),
        Currency::JPY => Some("81"),
        Currency::USD | Currency::EUR => None,
    }
}

/// A phone number in full international form (`+84901234567`), the country's code added to a
/// national number (its trunk 0 dropped); `None` for what is too short to be a number. Without
/// a country, a national number stays as its digits.
pub fn e164(phone: &str, country: Option<&str>) -> Option<String> {
    let western = western_digits(phone);
    let text = western.trim();
    // An extension is not part of the number.
    let text = text.split(['x', '#', ';', ',']).next().unwrap_or_default();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 || digits.len() > 17 {
        return None;
    }
    if text.starts_with('+') {
        return Some(format!("+{digits}"));
    }
    // Dialled from abroad: Thailand's international prefixes are 001 and 007 to 009, the
    // others' 00.
    let abroad: &[&str] = if country == Some("66") {
        &["001", "007", "008", "009"]
    } else {
        &["00"]
    };
    if let Some(rest) = abroad.iter().find_map(|p| digits.strip_prefix(p)) {
        return Some(format!("+{rest}"));
    }
    Some(match (country, digits.strip_prefix('0')) {
        (Some(cc), Some(national)) => format!("+{cc}{national}"),
        (Some(cc), None) if digits.starts_with(cc) && digits.len() >= cc.len() + 8 => {
            format!("+{digits}")
        }
        (Some(cc), None) => format!("+{cc}{digits}"),
        (None, _) => digits,
    })
}

/// A name as compared: its letters and digits, without accents or case, `đ` as `d`, other
/// marks as spaces, single spaces.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if is_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            // Arabic yeh and kaf as Persian writes them (Windows-1256, Arabic keyboards), and
            // the letters a hamza or madda sits on.
            '\u{064A}' | '\u{0649}' | '\u{0626}' => '\u{06CC}',
            '\u{0643}' => '\u{06A9}',
            '\u{0622}' | '\u{0623}' | '\u{0625}' => '\u{0627}',
            '\u{0624}' => '\u{0648}',
            '\u{06C0}' => '\u{0647}',
            c => letters::base(c).unwrap_or(c),
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// A mark written over or under a letter, which a name is compared without: the combining
/// diacritics (a decomposed Vietnamese tone), Thai vowel and tone marks, Arabic and Persian
/// short vowels and hamza.
fn is_mark(c: char) -> bool {
    matches!(
        c as u32,
        0x0300..=0x036F
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x20D0..=0x20FF
            | 0x0E31
            | 0x0E34..=0x0E3A
            | 0x0E47..=0x0E4E
            | 0x0610..=0x061A
            | 0x064B..=0x065F
            | 0x0670
            | 0x06D6..=0x06ED
    )
}

/// The words of a company's legal form in our markets' languages (folded), which say nothing
/// of which company it is.
const LEGAL_WORDS: &[&str] = &[
    "công ty",
    "cty",
    "tnhh",
    "cổ phần",
    "cp",
    "một thành viên",
    "mtv",
    "jsc",
    "co",
    "ltd",
    "limited",
    "company",
    "corp",
    "corporation",
    "inc",
    "llc",
    "plc",
    "group",
    "tập đoàn",
    "บริษัท",
    "จำกัด",
    "มหาชน",
    "شرکت",
    "سهامی",
    "خاص",
    "عام",
    "با مسئولیت محدود",
];

/// The legal forms written without spaces (Chinese), removed wherever they are.
const LEGAL_PARTS: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "公司", "集团"];

/// A company's name without its legal form: what tells it from the others.
pub fn company_core(name: &str) -> String {
    let mut folded = format!(" {} ", fold(name));
    for part in LEGAL_PARTS {
        folded = folded.replace(part, " ");
    }
    for word in LEGAL_WORDS {
        let word = fold(word);
        let padded = format!(" {word} ");
        while folded.contains(&padded) {
            folded = folded.replace(&padded, " ");
        }
    }
    let core = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    // A name that is only a legal form keeps it.
    if core.is_empty() { fold(name) } else { core }
}

/// The pairs of letters of a folded name (spaces aside), sorted: what `likeness` compares.
pub fn pairs(name: &str) -> Vec<(char, char)> {
    let letters: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    let mut pairs: Vec<(char, char)> = letters.windows(2).map(|w| (w[0], w[1])).collect();
    pairs.sort_unstable();
    pairs
}

/// How alike two folded names are, in percent: their shared pairs of letters, as Dice's
/// coefficient.
pub fn likeness(a: &str, b: &str) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b {
        return 100;
    }
    likeness_of_pairs(&pairs(a), &pairs(b))
}

fn likeness_of_pairs(x: &[(char, char)], y: &[(char, char)]) -> u8 {
    if x.is_empty() || y.is_empty() {
        return 0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (200 * shared / (x.len() + y.len())) as u8
}

/// What a record is compared by: its email, phone and name, each as compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marks {
    pub email: String,
    pub phone: Option<String>,
    pub name: String,
    pairs: Vec<(char, char)>,
}

impl Marks {
    /// The marks of a person's or a company's (or a lead's) email, phone and name.
    pub fn of(email: &str, phone: &str, name: &str, company: bool, country: Option<&str>) -> Marks {
        let name = if company {
            company_core(name)
        } else {
            fold(name)
        };
        Marks {
            email: email.trim().to_lowercase(),
            phone: e164(phone, country),
            pairs: pairs(&name),
            name,
        }
    }

    /// Why `other` may be the same, if it may.
    pub fn reason(&self, other: &Marks) -> Option<Reason> {
        if !self.email.is_empty() && self.email == other.email {
            return Some(Reason::Email);
        }
        if self.phone.is_some() && self.phone == other.phone {
            return Some(Reason::Phone);
        }
        if self.name.is_empty() || other.name.is_empty() {
            return None;
        }
        let alike = if self.name == other.name {
            100
        } else {
            likeness_of_pairs(&self.pairs, &other.pairs)
        };
        (alike >= ALIKE).then_some(Reason::Name(alike))
    }
}

/// The marks of a record that can have duplicates: people, companies, leads.
pub fn marks_of(record: &Record, country: Option<&str>) -> Option<Marks> {
    match record {
        Record::Contact(c) => Some(Marks::of(&c.email, &c.phone, &c.name, false, country)),
        Record::Company(c) => Some(Marks::of(&c.email, &c.phone, &c.name, true, country)),
        Record::Opportunity(o) if o.lead => {
            let name = if o.customer_name.trim().is_empty() {
                &o.company_name
            } else {
                &o.customer_name
            };
            Some(Marks::of(&o.email, &o.phone, name, false, country))
        }
        _ => None,
    }
}

/// A record that may be a duplicate: its id, marks, and the name it is shown and sorted by.
pub type Candidate = (Uuid, Marks, String);

/// The live records of `kind` (`contact`, `company`, or `lead`) with their marks: computed once
/// for many drafts (a person typing).
pub fn candidates(store: &Store, kind: &str, country: Option<&str>) -> Vec<Candidate> {
    match kind {
        "contact" => store
            .contacts
            .values()
            .filter(|c| !c.deleted)
            .map(|c| {
                (
                    c.id,
                    Marks::of(&c.email, &c.phone, &c.name, false, country),
                    c.name.clone(),
                )
            })
            .collect(),
        "company" => store
            .companies
            .values()
            .filter(|c| !c.deleted)
            .map(|c| {
                (
                    c.id,
                    Marks::of(&c.email, &c.phone, &c.name, true, country),
                    c.name.clone(),
                )
            })
            .collect(),
        "lead" => store
            .opportunities
            .values()
            .filter(|o| o.lead && !o.deleted && !o.lost)
            .filter_map(|o| {
                let marks = marks_of(&Record::Opportunity(o.clone()), country)?;
                Some((o.id, marks, o.title.clone()))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Which kind of candidates a draft is compared with.
pub fn kind_of(record: &Record) -> &'static str {
    match record {
        Record::Contact(_) => "contact",
        Record::Company(_) => "company",
        Record::Opportunity(o) if o.lead => "lead",
        _ => "",
    }
}

/// Of `candidates`, those that may be the same as `draft` (itself aside), strongest reason
/// first (emails, phones, then the names most alike), at most `limit`.
pub fn matches(
    draft: &Record,
    candidates: &[Candidate],
    country: Option<&str>,
    limit: usize,
) -> Vec<(Uuid, Reason)> {
    let Some(mine) = marks_of(draft, country) else {
        return Vec::new();
    };
    if mine.email.is_empty() && mine.phone.is_none() && mine.name.chars().count() < 2 {
        return Vec::new();
    }
    let mut found: Vec<(Uuid, Reason, &str)> = candidates
        .iter()
        .filter(|(id, ..)| *id != draft.id())
        .filter_map(|(id, theirs, name)| Some((*id, mine.reason(theirs)?, name.as_str())))
        .collect();
    found.sort_by(|a, b| match (a.1, b.1) {
        (Reason::Name(x), Reason::Name(y)) => y.cmp(&x).then_with(|| a.2.cmp(b.2)),
        (x, y) => x.cmp(&y).then_with(|| a.2.cmp(b.2)),
    });
    found.truncate(limit);
    found
        .into_iter()
        .map(|(id, reason, _)| (id, reason))
        .collect()
}

/// The records in `store` that may be the same as `draft`: `matches` over its kind.
pub fn possible_duplicates(
    draft: &Record,
    store: &Store,
    country: Option<&str>,
    limit: usize,
) -> Vec<(Uuid, Reason)> {
    matches(
        draft,
        &candidates(store, kind_of(draft), country),
        country,
        limit,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Company, Contact};

    #[test]
    fn a_phone_without_a_calling_code_is_of_the_organisations_country_else_its_currencys() {
        use crate::domain::{Currency, CurrencySettings};
        let dong = CurrencySettings::default_for(Uuid::nil());
        assert_eq!(phone_country(&dong), Some("84"));
        // A company in Singapore selling in dollars: its numbers are Singapore's.
        let singapore = CurrencySettings {
            currency: Currency::USD,
            country: "SG".into(),
            ..dong.clone()
        };
        assert_eq!(phone_country(&singapore), Some("65"));
        // Singapore's numbers have no trunk 0: its code goes before them.
        assert_eq!(
            e164("9123 4567", phone_country(&singapore)).as_deref(),
            Some("+6591234567")
        );
        assert_eq!(
            e164("+65 9123 4567", phone_country(&singapore)),
            e164("9123 4567", phone_country(&singapore))
        );
        let dollars = CurrencySettings {
            country: String::new(),
            ..singapore
        };
        assert_eq!(phone_country(&dollars), None);
        // Every country offered has its name in our five languages.
        for (code, _) in CALLING_CODES {
            assert!(
                crate::domain::territory::COUNTRIES
                    .iter()
                    .chain(crate::domain::territory::OTHER_COUNTRIES)
                    .any(|(c, _)| c == code),
                "{code}"
            );
        }
    }

    #[test]
    fn phones_are_compared_in_full_international_form() {
        let vn = Some("84");
        for written in [
            "+84 90 123 4567",
            "0901234567",
            "(090) 123-4567",
            "0084 901 234 567",
            "۰۹۰۱۲۳۴۵۶۷",
            "84901234567",
        ] {
            assert_eq!(
                e164(written, vn).as_deref(),
                Some("+84901234567"),
                "{written}"
            );
        }
        assert_eq!(
            e164("02 123 4567", Some("66")).as_deref(),
            Some("+6621234567")
        );
        assert_eq!(
            e164("138 0013 8000", Some("86")).as_deref(),
            Some("+8613800138000")
        );
        assert_eq!(
            e164("0912 345 6789", Some("98")).as_deref(),
            Some("+989123456789")
        );
        assert_eq!(
            e164("+84 90 123 4567 x 12", vn).as_deref(),
            Some("+84901234567")
        );
        assert_eq!(e164("12", vn), None);
        assert_eq!(e164("0901234567", None).as_deref(), Some("0901234567"));
    }

    #[test]
    fn names_alike_in_every_script_we_sell_in() {
        assert_eq!(fold("Nguyễn Văn An"), "nguyen van an");
        assert_eq!(fold("  NGUYỄN   văn  AN "), "nguyen van an");
        assert_eq!(fold("Đặng Thị Đào"), "dang thi dao");
        // Decomposed (macOS, Windows-1258's separate tones) as composed.
        assert_eq!(fold("Nguye\u{0302}\u{0303}n"), "nguyen");
        assert_eq!(fold("ĐẶNG ỨNG ỶỸ"), "dang ung yy");
        assert_eq!(
            company_core("Cty TNHH ABC"),
            company_core("Công ty TNHH ABC")
        );
        assert_eq!(company_core("Công ty Cổ phần Hòa Bình"), "hoa binh");
        assert_eq!(
            company_core("深圳市腾讯计算机系统有限公司"),
            "深圳市腾讯计算机系统"
        );
        assert!(
            likeness(
                &company_core("腾讯计算机系统有限公司"),
                &company_core("深圳市腾讯计算机系统有限公司")
            ) >= ALIKE
        );
        assert!(
            likeness(
                &company_core("บริษัท ปูนซิเมนต์ไทย จำกัด (มหาชน)"),
                &company_core("ปูนซิเมนต์ไทย")
            ) >= ALIKE
        );
        assert!(
            likeness(&fold("สมชาย ใจดี"), &fold("สมชายใจดี")) >= ALIKE,
            "Thai with or without a space"
        );
        assert!(
            likeness(&fold("محمد رضایی"), &fold("محمد رضائی")) >= ALIKE,
            "Persian yeh and hamza"
        );
        assert!(likeness(&fold("Nguyễn Văn An"), &fold("Trần Thị Bích")) < ALIKE);
        assert!(likeness(&fold("Lê Văn Minh"), &fold("Lê Văn Mạnh")) < 100);
    }

    /// The table of letters agrees with Unicode's own decompositions (the server has them).
    #[cfg(feature = "ssr")]
    #[test]
    fn folding_without_unicode_tables_agrees_with_them() {
        use unicode_normalization::UnicodeNormalization;
        use unicode_normalization::char::is_combining_mark;
        let reference = |s: &str| -> String {
            s.nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect()
        };
        for code in (0x00C0..0x0250).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = c.to_string();
            let expected = reference(&text);
            if expected.chars().all(|e| e.is_ascii_alphabetic()) && c != 'đ' && c != 'Đ' {
                assert_eq!(fold(&text), expected, "U+{code:04X} {c}");
            }
        }
        for name in [
            "Nguyễn Thị Ánh Tuyết",
            "Phạm Quốc Việt",
            "Hồ Chí Minh",
            "Trương Mỹ Lan",
        ] {
            assert_eq!(fold(name), reference(name), "{name}");
            assert_eq!(
                fold(&name.nfd().collect::<String>()),
                reference(name),
                "{name}, decomposed"
            );
        }
    }

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
    fn a_draft_finds_the_people_it_may_be_best_first() {
        let mut store = Store::default();
        let an = contact("Nguyễn Văn An", "an@saomai.vn", "0901234567");
        let an_by_phone = contact("Anh An (kho)", "", "+84 90 123 4567");
        let an_by_name = contact("nguyen van an", "", "");
        let other = contact("Trần Thị Bích", "bich@x.vn", "0912000000");
        for c in [&an, &an_by_phone, &an_by_name, &other] {
            store.contacts.insert(c.id, c.clone());
        }
        let draft = Record::Contact(contact("Nguyễn Văn  An", "AN@SAOMAI.VN", "(090) 123-4567"));
        let found = possible_duplicates(&draft, &store, Some("84"), 5);
        assert_eq!(
            found,
            vec![
                (an.id, Reason::Email),
                (an_by_phone.id, Reason::Phone),
                (an_by_name.id, Reason::Name(100))
            ]
        );
        // A record is not its own duplicate.
        assert!(
            possible_duplicates(&Record::Contact(other.clone()), &store, Some("84"), 5).is_empty()
        );
        let company = |name: &str| Company {
            custom: Default::default(),
            id: Uuid::now_v7(),
            name: name.into(),
            email: String::new(),
            phone: String::new(),
            address: String::new(),
            version: 1,
            deleted: false,
            merged_into: None,
        };
        let abc = company("Công ty TNHH ABC");
        store.companies.insert(abc.id, abc.clone());
        let found = possible_duplicates(&Record::Company(company("Cty TNHH ABC")), &store, None, 5);
        assert_eq!(found, vec![(abc.id, Reason::Name(100))]);
    }
}
