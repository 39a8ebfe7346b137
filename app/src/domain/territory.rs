//! Territories: named regions (whole countries, provinces, postcodes) that teams and their
//! members cover. A lead or deal says where it is (country, province, postcode); assignment
//! gives a team, and a member, only the new leads in their territories (none: anywhere), and the
//! dashboard counts deals by territory.
//!
//! The provinces of Vietnam, Thailand, China and Iran ship with Rapport (`places.rs`); other
//! countries are named by their ISO code, their places by postcode.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::field::{Field, FieldType};
use super::kind::{Keep, Kind, KindLabel, Policy, Read, Scope, Write};
use super::{Opportunity, Record, RuleError, Store};

mod places;
pub use places::{COUNTRIES, OTHER_COUNTRIES, PROVINCES};

/// The longest territory name.
pub const MAX_NAME: usize = 100;
/// The most places (countries, provinces and postcodes together) one territory names.
pub const MAX_PLACES: usize = 500;
/// The longest postcode (or postcode prefix).
pub const MAX_POSTCODE: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Territory {
    pub id: Uuid,
    pub name: String,
    /// Whole countries, by ISO 3166-1 code (`VN`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Provinces, by code (`VN-HN`, `TH-10`; `PROVINCES`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provinces: Vec<String>,
    /// Postcodes, or their beginnings (`700` holds `700000`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub postcodes: Vec<String>,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl Territory {
    /// Whether a place is in it: its province is one of the territory's, or its country, or its
    /// postcode begins with one of the territory's.
    pub fn holds(&self, country: &str, province: &str, postcode: &str) -> bool {
        (!province.is_empty() && self.provinces.iter().any(|p| p == province))
            || (!country.is_empty() && self.countries.iter().any(|c| c == country))
            || (!postcode.is_empty()
                && self
                    .postcodes
                    .iter()
                    .any(|p| compact(postcode).starts_with(&compact(p))))
    }

    /// Whether `deal` is in it.
    pub fn holds_deal(&self, deal: &Opportunity) -> bool {
        self.holds(&deal.country, &deal.province, &deal.postcode)
    }
}

/// A postcode as compared: without spaces or dashes, in capitals.
fn compact(postcode: &str) -> String {
    postcode
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The province with this code.
pub fn province(code: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    PROVINCES.iter().find(|p| p.0 == code)
}

/// The country of a province's code (`VN-HN` → `VN`).
pub fn country_of(province: &str) -> Option<&str> {
    province.split_once('-').map(|(country, _)| country)
}

/// The provinces of `country` Rapport ships, in their order.
pub fn provinces_of(
    country: &str,
) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    PROVINCES
        .iter()
        .filter(move |p| country_of(p.0) == Some(country))
}

/// The country a sheet names: its ISO code ("VN", "vn"), or the name, in any of our five
/// languages, of one whose provinces Rapport knows ("Việt Nam", "Viet Nam", "Vietnam", "泰国",
/// "ایران"), accents, case and spaces aside. `None` for a name it does not know.
pub fn country_named(text: &str) -> Option<String> {
    let text = text.trim();
    if text.len() == 2 && text.chars().all(|c| c.is_ascii_alphabetic()) {
        return Some(text.to_uppercase());
    }
    let key = place_key(text);
    COUNTRIES
        .iter()
        .chain(OTHER_COUNTRIES)
        .find(|(_, names)| names.iter().any(|n| place_key(n) == key))
        .map(|(code, _)| code.to_string())
}

/// The province a sheet names: its code ("VN-HN"), its own name or its English one ("Hà Nội",
/// "Ha Noi", "Hanoi", "กรุงเทพมหานคร", "Bangkok", "北京市", "استان تهران"), with or without the
/// words that say what it is ("Tỉnh", "Thành phố", "TP.", "จังหวัด", "省", "市", "استان",
/// "Province"), accents, case and spaces aside; a few other names people use too ("TP HCM",
/// "Sài Gòn"). `None` for a name it does not know.
pub fn province_named(text: &str) -> Option<&'static str> {
    let text = text.trim();
    if let Some(p) = province(&text.to_uppercase()) {
        return Some(p.0);
    }
    // Every name's key, made once (an import asks for each of its rows).
    static NAMES: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> =
        std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let mut names = std::collections::HashMap::new();
        for (code, also) in PROVINCE_ALSO {
            for name in *also {
                names.insert(without_place_words(&place_key(name)), *code);
            }
        }
        for (code, own, english) in PROVINCES {
            for name in [own, english] {
                names.insert(without_place_words(&place_key(name)), *code);
            }
        }
        names.remove("");
        names
    });
    names.get(&without_place_words(&place_key(text))).copied()
}

/// Other names people give provinces.
const PROVINCE_ALSO: &[(&str, &[&str])] = &[
    (
        "VN-SG",
        &["HCM", "TPHCM", "Hồ Chí Minh", "Sài Gòn", "Saigon", "HCMC"],
    ),
    ("VN-HUE", &["Thừa Thiên Huế", "Thua Thien Hue"]),
    ("VN-HN", &["Ha Noi"]),
    ("TH-10", &["Krung Thep", "Krung Thep Maha Nakhon"]),
];

/// A place's name as compared: folded (no accents, no case) and without spaces, so "Ha Noi"
/// and "Hanoi" are one.
fn place_key(name: &str) -> String {
    super::duplicates::fold(name).replace(' ', "")
}

/// A folded place name without the words that say what kind of place it is.
fn without_place_words(key: &str) -> String {
    const BEFORE: &[&str] = &[
        "thanhpho",
        "tinh",
        "tp",
        "จังหวัด",
        "استان",
        "provinceof",
        "cityof",
    ];
    const AFTER: &[&str] = &[
        "province",
        "city",
        "特别行政区",
        "壮族自治区",
        "回族自治区",
        "维吾尔自治区",
        "自治区",
        "省",
        "市",
    ];
    // The words folded as the names are (Thai's marks dropped), once.
    static WORDS: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();
    let (before, after) = WORDS.get_or_init(|| {
        let fold = |words: &[&str]| words.iter().map(|w| place_key(w)).collect();
        (fold(BEFORE), fold(AFTER))
    });
    let key = before
        .iter()
        .find_map(|w| key.strip_prefix(w.as_str()))
        .unwrap_or(key);
    after
        .iter()
        .find_map(|w| key.strip_suffix(w.as_str()))
        .unwrap_or(key)
        .to_string()
}

/// The live territories.
pub fn live(store: &Store) -> impl Iterator<Item = &Territory> {
    store.territories.iter().filter(|t| !t.deleted)
}

/// The live territory with this id.
pub fn find(store: &Store, id: Uuid) -> Option<&Territory> {
    live(store).find(|t| t.id == id)
}

/// Whether a deal is in one of `territories` (by id; none named: anywhere). A territory
/// deleted since is no limit.
pub fn within(store: &Store, territories: &[Uuid], deal: &Opportunity) -> bool {
    let named: Vec<&Territory> = territories
        .iter()
        .filter_map(|id| find(store, *id))
        .collect();
    named.is_empty() || named.iter().any(|t| t.holds_deal(deal))
}

/// A country code as kept: two capital letters, or nothing.
fn clean_country(country: &str) -> Result<String, RuleError> {
    let code = country.trim().to_uppercase();
    if code.is_empty() || (code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase())) {
        Ok(code)
    } else {
        Err(RuleError::FilterValue {
            field: "opportunity.country".into(),
            value: country.into(),
        })
    }
}

/// A postcode as kept: trimmed, letters, digits, spaces and dashes, not too long.
fn clean_postcode(field: &str, postcode: &str) -> Result<String, RuleError> {
    let postcode = postcode.trim();
    if postcode.chars().count() > MAX_POSTCODE {
        return Err(RuleError::TooLong {
            field: field.into(),
            max: MAX_POSTCODE,
        });
    }
    if !postcode
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
    {
        return Err(RuleError::FilterValue {
            field: field.into(),
            value: postcode.into(),
        });
    }
    Ok(postcode.to_string())
}

/// Where a deal is, as it may be kept: a known province (its country then follows from it), a
/// country code, a postcode. Returns (country, province, postcode).
pub fn check_place(
    country: &str,
    province: &str,
    postcode: &str,
) -> Result<(String, String, String), RuleError> {
    let mut country = clean_country(country)?;
    let province = province.trim();
    if !province.is_empty() {
        if self::province(province).is_none() {
            return Err(RuleError::FilterValue {
                field: "opportunity.province".into(),
                value: province.into(),
            });
        }
        let of = country_of(province).unwrap_or_default();
        if country.is_empty() {
            country = of.to_string();
        } else if country != of {
            return Err(RuleError::FilterValue {
                field: "opportunity.province".into(),
                value: province.into(),
            });
        }
    }
    Ok((
        country,
        province.to_string(),
        clean_postcode("opportunity.postcode", postcode)?,
    ))
}

impl Kind for Territory {
    const NAME: &'static str = "territory";
    const LABEL: KindLabel = KindLabel::new(
        [
            "Territory",
            "Khu vực",
            "销售区域",
            "เขตการขาย",
            "منطقهٔ فروش",
        ],
        [
            "Territories",
            "Khu vực",
            "销售区域",
            "เขตการขาย",
            "مناطق فروش",
        ],
    );
    const FIELDS: &'static [Field] = &[
        Field::new(
            "name",
            FieldType::Text,
            ["Name", "Tên", "名称", "ชื่อ", "نام"],
        ),
        Field::new(
            "countries",
            FieldType::Texts,
            [
                "Whole countries",
                "Cả quốc gia",
                "整个国家",
                "ทั้งประเทศ",
                "کل کشورها",
            ],
        ),
        Field::new(
            "provinces",
            FieldType::Texts,
            ["Provinces", "Tỉnh/Thành phố", "省份", "จังหวัด", "استان‌ها"],
        ),
        Field::new(
            "postcodes",
            FieldType::Texts,
            [
                "Postcodes beginning",
                "Mã bưu chính bắt đầu bằng",
                "邮政编码开头",
                "รหัสไปรษณีย์ขึ้นต้นด้วย",
                "کدهای پستی آغازشونده با",
            ],
        ),
    ];
    const POLICY: Policy = Policy {
        read: Read::Everyone,
        write: Write::Admin,
    };
    const SETUP: bool = true;
    const KEEP: Keep = Keep::All;

    fn scope(&self) -> Scope {
        Scope::Org
    }

    fn references(&self) -> Vec<Uuid> {
        Vec::new()
    }

    fn display_name(&self, _store: &Store) -> String {
        self.name.clone()
    }

    fn save(&self, _store: &Store) -> Result<Vec<Record>, RuleError> {
        let name = super::opportunity::clean_name("territory.name", &self.name, MAX_NAME)?;
        let mut countries: Vec<String> = Vec::new();
        for c in &self.countries {
            let code = clean_country(c).map_err(|_| RuleError::FilterValue {
                field: "territory.countries".into(),
                value: c.clone(),
            })?;
            if !code.is_empty() && !countries.contains(&code) {
                countries.push(code);
            }
        }
        let mut provinces: Vec<String> = Vec::new();
        for p in &self.provinces {
            if province(p.trim()).is_none() {
                return Err(RuleError::FilterValue {
                    field: "territory.provinces".into(),
                    value: p.clone(),
                });
            }
            if !provinces.iter().any(|kept| kept == p.trim()) {
                provinces.push(p.trim().to_string());
            }
        }
        let mut postcodes: Vec<String> = Vec::new();
        for p in &self.postcodes {
            let p = clean_postcode("territory.postcodes", p)?;
            if !p.is_empty() && !postcodes.contains(&p) {
                postcodes.push(p);
            }
        }
        let places = countries.len() + provinces.len() + postcodes.len();
        if places == 0 {
            return Err(RuleError::Required("territory.provinces".into()));
        }
        if places > MAX_PLACES {
            return Err(RuleError::OutOfRange {
                field: "territory.provinces".into(),
                min: 1,
                max: MAX_PLACES as i64,
            });
        }
        Ok(vec![Record::Territory(Territory {
            name,
            countries,
            provinces,
            postcodes,
            ..self.clone()
        })])
    }

    fn delete(&self, _store: &Store) -> Result<Vec<Record>, RuleError> {
        // Teams that named it cover anywhere again.
        Ok(super::kind::flag_deleted(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_read_by_the_names_sheets_write() {
        for (text, code) in [
            ("VN", "VN"),
            ("vn", "VN"),
            ("Việt Nam", "VN"),
            ("Viet Nam", "VN"),
            ("vietnam", "VN"),
            ("Thái Lan", "TH"),
            ("泰国", "TH"),
            ("ایران", "IR"),
        ] {
            assert_eq!(country_named(text).as_deref(), Some(code), "{text}");
        }
        assert_eq!(country_named("Atlantis"), None);
        for (text, code) in [
            ("VN-HN", "VN-HN"),
            ("vn-hn", "VN-HN"),
            ("Hà Nội", "VN-HN"),
            ("Ha Noi", "VN-HN"),
            ("Hanoi", "VN-HN"),
            ("TP. Hồ Chí Minh", "VN-SG"),
            ("Thành phố Hồ Chí Minh", "VN-SG"),
            ("Ho Chi Minh City", "VN-SG"),
            ("TP HCM", "VN-SG"),
            ("Sài Gòn", "VN-SG"),
            ("Tỉnh Lâm Đồng", "VN-LD"),
            ("Bangkok", "TH-10"),
            ("กรุงเทพมหานคร", "TH-10"),
            ("จังหวัดนนทบุรี", "TH-12"),
            ("北京市", "CN-BJ"),
            ("河北省", "CN-HE"),
            ("Inner Mongolia", "CN-NM"),
            ("内蒙古自治区", "CN-NM"),
        ] {
            assert_eq!(province_named(text), Some(code), "{text}");
        }
        let tehran = PROVINCES.iter().find(|p| p.2 == "Tehran").unwrap();
        assert_eq!(
            province_named(&format!("استان {}", tehran.1)),
            Some(tehran.0)
        );
        assert_eq!(province_named("Tehran Province"), Some(tehran.0));
        for text in ["Atlantis", "Tỉnh", "省"] {
            assert_eq!(province_named(text), None, "{text}");
        }
    }

    fn territory(countries: &[&str], provinces: &[&str], postcodes: &[&str]) -> Territory {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Territory {
            id: Uuid::now_v7(),
            name: "Miền Bắc".into(),
            countries: own(countries),
            provinces: own(provinces),
            postcodes: own(postcodes),
            version: 1,
            deleted: false,
        }
    }

    #[test]
    fn the_shipped_lists_hold_every_province_once() {
        let count = |c| provinces_of(c).count();
        // Vietnam after the reform of 2025; Bangkok and Thailand's 76; China's provincial
        // level; Iran's 31.
        assert_eq!(
            (count("VN"), count("TH"), count("CN"), count("IR")),
            (34, 77, 34, 31)
        );
        let mut codes: Vec<&str> = PROVINCES.iter().map(|p| p.0).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), PROVINCES.len(), "a code twice");
        for (code, local, english) in PROVINCES {
            assert!(
                COUNTRIES.iter().any(|c| Some(c.0) == country_of(code)),
                "{code}"
            );
            assert!(
                !local.trim().is_empty() && !english.trim().is_empty(),
                "{code}"
            );
        }
        assert_eq!(
            province("VN-SG").map(|p| p.1),
            Some("Thành phố Hồ Chí Minh")
        );
        assert_eq!(province("IR-23").map(|p| p.1), Some("تهران"));
    }

    #[test]
    fn a_place_is_in_a_territory_by_province_country_or_postcode() {
        let north = territory(&[], &["VN-HN", "VN-BN"], &[]);
        assert!(north.holds("VN", "VN-HN", ""));
        assert!(!north.holds("VN", "VN-SG", ""));
        assert!(!north.holds("", "", ""));
        let thailand = territory(&["TH"], &[], &[]);
        assert!(thailand.holds("TH", "TH-50", ""));
        assert!(thailand.holds("TH", "", ""));
        assert!(!thailand.holds("VN", "", ""));
        // Postcodes by their beginning, spaces and case aside (Saigon's 700000, London's SW1).
        let saigon = territory(&[], &[], &["70", "sw1"]);
        assert!(saigon.holds("", "", "700 000"));
        assert!(saigon.holds("GB", "", "SW1A 1AA"));
        assert!(!saigon.holds("VN", "", "100000"));
    }

    #[test]
    fn a_place_is_kept_with_its_country_following_its_province() {
        assert_eq!(
            check_place("", "TH-50", " 50200 ").unwrap(),
            ("TH".into(), "TH-50".into(), "50200".into())
        );
        assert_eq!(
            check_place("vn", "", "").unwrap(),
            ("VN".into(), String::new(), String::new())
        );
        // A province of another country, an unknown one, a country that is no code.
        for (country, province) in [("VN", "TH-50"), ("", "VN-XX"), ("Vietnam", "")] {
            assert!(
                check_place(country, province, "").is_err(),
                "{country} {province}"
            );
        }
        assert!(check_place("", "", "1234567890123").is_err());
    }

    #[test]
    fn a_territory_names_somewhere_known() {
        let store = Store::default();
        let saved = territory(&["th", "TH"], &["VN-HN", "VN-HN"], &[" 70 "])
            .save(&store)
            .unwrap();
        let Record::Territory(t) = &saved[0] else {
            panic!()
        };
        assert_eq!(
            (&t.countries[..], &t.provinces[..], &t.postcodes[..]),
            (
                &["TH".to_string()][..],
                &["VN-HN".to_string()][..],
                &["70".to_string()][..]
            )
        );
        assert!(territory(&[], &[], &[]).save(&store).is_err(), "nowhere");
        assert!(
            territory(&[], &["VN-XX"], &[]).save(&store).is_err(),
            "unknown province"
        );
    }
}
