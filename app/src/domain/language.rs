//! The language a lead or deal is spoken to in: one of the languages our markets' customers
//! speak, by its ISO 639-1 code, named in each of Rapport's languages. Prediction can learn
//! from it (as Odoo's learns from a lead's language), filters and imports read it.

use super::RuleError;

/// (code, its name in English, Vietnamese, Chinese, Thai and Persian).
pub const LANGUAGES: &[(&str, [&str; 5])] = &[
    (
        "vi",
        [
            "Vietnamese",
            "Tiếng Việt",
            "越南语",
            "ภาษาเวียดนาม",
            "ویتنامی",
        ],
    ),
    (
        "en",
        ["English", "Tiếng Anh", "英语", "ภาษาอังกฤษ", "انگلیسی"],
    ),
    ("zh", ["Chinese", "Tiếng Trung", "中文", "ภาษาจีน", "چینی"]),
    ("th", ["Thai", "Tiếng Thái", "泰语", "ภาษาไทย", "تایلندی"]),
    (
        "fa",
        ["Persian", "Tiếng Ba Tư", "波斯语", "ภาษาเปอร์เซีย", "فارسی"],
    ),
    ("km", ["Khmer", "Tiếng Khmer", "高棉语", "ภาษาเขมร", "خمری"]),
    ("lo", ["Lao", "Tiếng Lào", "老挝语", "ภาษาลาว", "لائوسی"]),
    (
        "my",
        ["Burmese", "Tiếng Miến Điện", "缅甸语", "ภาษาพม่า", "برمه‌ای"],
    ),
    (
        "ms",
        ["Malay", "Tiếng Mã Lai", "马来语", "ภาษามลายู", "مالایی"],
    ),
    (
        "id",
        [
            "Indonesian",
            "Tiếng Indonesia",
            "印尼语",
            "ภาษาอินโดนีเซีย",
            "اندونزیایی",
        ],
    ),
    ("ja", ["Japanese", "Tiếng Nhật", "日语", "ภาษาญี่ปุ่น", "ژاپنی"]),
    ("ko", ["Korean", "Tiếng Hàn", "韩语", "ภาษาเกาหลี", "کره‌ای"]),
    ("hi", ["Hindi", "Tiếng Hindi", "印地语", "ภาษาฮินดี", "هندی"]),
    (
        "ar",
        ["Arabic", "Tiếng Ả Rập", "阿拉伯语", "ภาษาอาหรับ", "عربی"],
    ),
    ("ru", ["Russian", "Tiếng Nga", "俄语", "ภาษารัสเซีย", "روسی"]),
    (
        "fr",
        ["French", "Tiếng Pháp", "法语", "ภาษาฝรั่งเศส", "فرانسوی"],
    ),
    (
        "de",
        ["German", "Tiếng Đức", "德语", "ภาษาเยอรมัน", "آلمانی"],
    ),
    (
        "es",
        [
            "Spanish",
            "Tiếng Tây Ban Nha",
            "西班牙语",
            "ภาษาสเปน",
            "اسپانیایی",
        ],
    ),
];

/// The names of a language (by the index of Rapport's language), if it is one of `LANGUAGES`.
pub fn names(code: &str) -> Option<&'static [&'static str; 5]> {
    LANGUAGES.iter().find(|(c, _)| *c == code).map(|(_, n)| n)
}

/// A language as kept: a known code, or empty for none.
pub fn check(code: &str) -> Result<String, RuleError> {
    let code = code.trim().to_lowercase();
    if code.is_empty() || names(&code).is_some() {
        Ok(code)
    } else {
        Err(RuleError::FilterValue {
            field: "opportunity.language".into(),
            value: code,
        })
    }
}

/// The language a sheet names: its code ("vi", "VI") or its name in any of our languages
/// ("Tiếng Việt", "tieng viet", "Vietnamese", "中文", "فارسی"), accents and case aside.
pub fn named(text: &str) -> Option<&'static str> {
    let key = super::duplicates::fold(text);
    LANGUAGES
        .iter()
        .find(|(code, names)| {
            *code == key || names.iter().any(|n| super::duplicates::fold(n) == key)
        })
        .map(|(code, _)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_is_kept_by_its_code_and_read_by_its_names() {
        assert_eq!(check(" VI "), Ok("vi".into()));
        assert_eq!(check(""), Ok(String::new()));
        assert!(check("xx").is_err());
        for (text, code) in [
            ("vi", "vi"),
            ("Tiếng Việt", "vi"),
            ("tieng viet", "vi"),
            ("Vietnamese", "vi"),
            ("中文", "zh"),
            ("ภาษาไทย", "th"),
            ("فارسی", "fa"),
            ("EN", "en"),
        ] {
            assert_eq!(named(text), Some(code), "{text}");
        }
        assert_eq!(named("Klingon"), None);
        // Every code once, every name of its own.
        for (i, (code, _)) in LANGUAGES.iter().enumerate() {
            assert!(LANGUAGES[i + 1..].iter().all(|(c, _)| c != code), "{code}");
        }
    }
}
