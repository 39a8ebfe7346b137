//! Every string a person reads goes through here: the words, error messages, and money in the
//! reader's language. English and Vietnamese now; a missing translation is a compile error,
//! because each language answers every `Key` in an exhaustive match.

use crate::domain::{Money, RuleError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    Vi,
}

/// The cookie that remembers a person's choice, so the server renders in it too.
pub const LOCALE_COOKIE: &str = "rapport_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Pipeline,
    Loading,
    AddOpportunity,
    OpportunityTitle,
    Customer,
    ExpectedRevenue,
    Currency,
    Add,
    Cancel,
    NoOpportunities,
    OpportunitiesCount,
    Priority,
    Language,
    Online,
    Offline,
    Syncing,
    Waiting,
    Refused,
    Dismiss,
    Fold,
    Unfold,
    Delete,
    InvalidAmount,
    Restore,
    Save,
    Phone,
    Probability,
    ExpectedClose,
    InvalidProbability,
    InvalidDate,
    Overwritten,
    DeletedMeanwhile,
    StorageFull,
    Won,
    Lost,
    MarkLost,
    LostReason,
    NoReason,
    Note,
    LostDeals,
    NoLostDeals,
    Reopen,
    Email,
    Board,
    List,
    Search,
    GroupBy,
    Nothing,
    Stage,
    Close,
    Salesperson,
    Nobody,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Vi];

    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Vi => "vi",
        }
    }

    /// The language's own name, for the switcher.
    pub fn name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Vi => "Tiếng Việt",
        }
    }

    /// Reads a language tag such as "vi-VN".
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The best of our locales for an Accept-Language header, by the listed order and weights.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut ranked: Vec<(f32, Locale)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let locale = Locale::from_tag(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse().ok())
                    .unwrap_or(1.0);
                Some((q, locale))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|r| r.1)
    }

    pub fn t(self, key: Key) -> &'static str {
        match self {
            Locale::En => en(key),
            Locale::Vi => vi(key),
        }
    }

    /// `Key` text with `{n}` replaced.
    pub fn t_n(self, key: Key, n: usize) -> String {
        self.t(key).replace("{n}", &n.to_string())
    }

    fn separators(self) -> (&'static str, &'static str) {
        match self {
            Locale::En => (",", "."),
            Locale::Vi => (".", ","),
        }
    }

    pub fn decimal_separator(self) -> char {
        match self {
            Locale::En => '.',
            Locale::Vi => ',',
        }
    }

    /// Money as people of this locale write it: "$1,234.50", "12.500.000 ₫".
    pub fn money(self, m: Money) -> String {
        let (group, decimal) = self.separators();
        let number = m.format_number(group, decimal);
        match self {
            Locale::En => match number.strip_prefix('-') {
                Some(abs) => format!("-{}{abs}", m.currency.symbol()),
                None => format!("{}{number}", m.currency.symbol()),
            },
            Locale::Vi => format!("{number} {}", m.currency.symbol()),
        }
    }

    /// The name of an opportunity's field, as a person says it.
    pub fn field_name(self, field: &str) -> String {
        let (en, vi) = match field {
            "title" => ("the title", "tên"),
            "customer_name" => ("the customer", "khách hàng"),
            "email" => ("the email", "email"),
            "phone" => ("the phone", "điện thoại"),
            "expected_revenue" => ("the expected revenue", "doanh thu dự kiến"),
            "probability" => ("the probability", "xác suất"),
            "priority" => ("the priority", "mức ưu tiên"),
            "stage_id" => ("the stage", "giai đoạn"),
            "salesperson_id" => ("the salesperson", "nhân viên kinh doanh"),
            "expected_close" => ("the expected closing", "ngày dự kiến chốt"),
            other => (other, other),
        };
        match self {
            Locale::En => en.to_string(),
            Locale::Vi => vi.to_string(),
        }
    }

    /// A refused change, explained.
    pub fn rule_error(self, e: &RuleError) -> String {
        match self {
            Locale::En => e.to_string(),
            Locale::Vi => vi_rule_error(e),
        }
    }
}

fn en(key: Key) -> &'static str {
    match key {
        Key::Pipeline => "Pipeline",
        Key::Loading => "Loading the pipeline…",
        Key::AddOpportunity => "Add an opportunity",
        Key::OpportunityTitle => "Opportunity title",
        Key::Customer => "Customer",
        Key::ExpectedRevenue => "Expected revenue",
        Key::Currency => "Currency",
        Key::Add => "Add",
        Key::Cancel => "Cancel",
        Key::NoOpportunities => "No opportunities",
        Key::OpportunitiesCount => "{n} opportunities",
        Key::Priority => "Priority",
        Key::Language => "Language",
        Key::Online => "Up to date",
        Key::Offline => "Offline",
        Key::Syncing => "Syncing…",
        Key::Waiting => "{n} changes waiting",
        Key::Refused => "The server refused a change",
        Key::Dismiss => "Dismiss",
        Key::Fold => "Fold column",
        Key::Unfold => "Unfold column",
        Key::Delete => "Delete",
        Key::InvalidAmount => "Type the amount as a number, e.g. 1250000",
        Key::Restore => "Restore",
        Key::Won => "Won",
        Key::Lost => "Lost",
        Key::MarkLost => "Mark as lost",
        Key::LostReason => "Lost reason",
        Key::NoReason => "— no reason —",
        Key::Note => "Note",
        Key::LostDeals => "Lost ({n})",
        Key::NoLostDeals => "No lost opportunities",
        Key::Reopen => "Reopen",
        Key::Email => "Email",
        Key::Board => "Board",
        Key::List => "List",
        Key::Search => "Search title, customer, email, phone",
        Key::GroupBy => "Group by",
        Key::Nothing => "Nothing",
        Key::Stage => "Stage",
        Key::Close => "Close",
        Key::Salesperson => "Salesperson",
        Key::Nobody => "— nobody —",
        Key::Save => "Save",
        Key::Phone => "Phone",
        Key::Probability => "Probability (%)",
        Key::ExpectedClose => "Expected closing",
        Key::InvalidProbability => "Type a whole number from 0 to 100",
        Key::InvalidDate => "Pick a date",
        Key::Overwritten => {
            "Your change to {field} of «{what}» was replaced by a later one from elsewhere: {won}"
        }
        Key::DeletedMeanwhile => {
            "«{what}» was deleted by someone else, so your change was not saved"
        }
        Key::StorageFull => {
            "This browser's storage is full, so the board is not kept for offline use. \
             Your unsent changes are safe and will still be sent."
        }
    }
}

fn vi(key: Key) -> &'static str {
    match key {
        Key::Pipeline => "Quy trình bán hàng",
        Key::Loading => "Đang tải quy trình bán hàng…",
        Key::AddOpportunity => "Thêm cơ hội",
        Key::OpportunityTitle => "Tên cơ hội",
        Key::Customer => "Khách hàng",
        Key::ExpectedRevenue => "Doanh thu dự kiến",
        Key::Currency => "Tiền tệ",
        Key::Add => "Thêm",
        Key::Cancel => "Hủy",
        Key::NoOpportunities => "Chưa có cơ hội",
        Key::OpportunitiesCount => "{n} cơ hội",
        Key::Priority => "Mức ưu tiên",
        Key::Language => "Ngôn ngữ",
        Key::Online => "Đã đồng bộ",
        Key::Offline => "Ngoại tuyến",
        Key::Syncing => "Đang đồng bộ…",
        Key::Waiting => "{n} thay đổi đang chờ",
        Key::Refused => "Máy chủ đã từ chối một thay đổi",
        Key::Dismiss => "Đóng",
        Key::Fold => "Thu gọn cột",
        Key::Unfold => "Mở rộng cột",
        Key::Delete => "Xóa",
        Key::InvalidAmount => "Nhập số tiền bằng chữ số, ví dụ 1250000",
        Key::Restore => "Khôi phục",
        Key::Won => "Thắng",
        Key::Lost => "Thất bại",
        Key::MarkLost => "Đánh dấu thất bại",
        Key::LostReason => "Lý do thất bại",
        Key::NoReason => "— không có lý do —",
        Key::Note => "Ghi chú",
        Key::LostDeals => "Thất bại ({n})",
        Key::NoLostDeals => "Không có cơ hội thất bại",
        Key::Reopen => "Mở lại",
        Key::Email => "Email",
        Key::Board => "Bảng",
        Key::List => "Danh sách",
        Key::Search => "Tìm theo tên, khách hàng, email, điện thoại",
        Key::GroupBy => "Nhóm theo",
        Key::Nothing => "Không nhóm",
        Key::Stage => "Giai đoạn",
        Key::Close => "Đóng",
        Key::Salesperson => "Nhân viên kinh doanh",
        Key::Nobody => "— chưa giao —",
        Key::Save => "Lưu",
        Key::Phone => "Điện thoại",
        Key::Probability => "Xác suất (%)",
        Key::ExpectedClose => "Ngày dự kiến chốt",
        Key::InvalidProbability => "Nhập số nguyên từ 0 đến 100",
        Key::InvalidDate => "Chọn một ngày",
        Key::Overwritten => {
            "Thay đổi của bạn ở {field} của «{what}» đã bị thay bằng một thay đổi sau đó: {won}"
        }
        Key::DeletedMeanwhile => "«{what}» đã bị người khác xóa nên thay đổi của bạn chưa được lưu",
        Key::StorageFull => {
            "Bộ nhớ của trình duyệt đã đầy nên không lưu được bảng để dùng ngoại tuyến. \
             Các thay đổi chưa gửi vẫn an toàn và sẽ được gửi."
        }
    }
}

fn vi_rule_error(e: &RuleError) -> String {
    match e {
        RuleError::EmptyTitle => "Tên cơ hội đang trống: hãy đặt tên".into(),
        RuleError::TooLong { field, max } => format!("{field} quá dài: tối đa {max} ký tự"),
        RuleError::NegativeRevenue => "Doanh thu dự kiến không được âm".into(),
        RuleError::RevenueTooLarge => "Doanh thu dự kiến quá lớn".into(),
        RuleError::InvalidProbability => "Xác suất phải từ 0 đến 100".into(),
        RuleError::WonProbabilityFixed => "Cơ hội đã thắng luôn có xác suất 100".into(),
        RuleError::InvalidPriority => "Mức ưu tiên phải từ 0 đến 3 sao".into(),
        RuleError::InvalidEmail(v) => format!("\"{v}\" không phải địa chỉ email"),
        RuleError::InvalidPhone(v) => format!("\"{v}\" không phải số điện thoại"),
        RuleError::UnknownStage(_) => "Giai đoạn này không tồn tại".into(),
        RuleError::UnknownOpportunity(_) => "Cơ hội này không tồn tại".into(),
        RuleError::Deleted(_) => "Cơ hội này đã bị xóa".into(),
        RuleError::AlreadyExists(_) => "Cơ hội này đã tồn tại".into(),
        RuleError::MalformedId { field, value } => {
            format!("{field} không phải mã hợp lệ: \"{value}\"")
        }
        RuleError::IdNotTimeOrdered => {
            "Mã bản ghi mới phải là UUID theo thời gian (phiên bản 7)".into()
        }
        RuleError::InvalidPosition(v) => format!("\"{v}\" không phải vị trí hợp lệ trong cột"),
        RuleError::Malformed(why) => format!("Không đọc được thay đổi: {why}"),
        RuleError::UnknownLostReason(_) => "Lý do thất bại này không tồn tại".into(),
        RuleError::UnknownSalesperson(_) => "Nhân viên kinh doanh này không thuộc tổ chức".into(),
        RuleError::NoWonStage => "Chưa có giai đoạn thắng: hãy thêm một giai đoạn như vậy".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    #[test]
    fn the_browser_language_picks_the_locale() {
        assert_eq!(
            Locale::negotiate("vi-VN,vi;q=0.9,en;q=0.8"),
            Some(Locale::Vi)
        );
        assert_eq!(
            Locale::negotiate("fr-FR,en;q=0.5,vi;q=0.4"),
            Some(Locale::En)
        );
        assert_eq!(Locale::negotiate("de"), None);
        assert_eq!(Locale::from_tag("vi_VN"), Some(Locale::Vi));
    }

    #[test]
    fn money_is_written_the_local_way() {
        let vnd = Money::new(12_500_000, Currency::VND);
        assert_eq!(Locale::Vi.money(vnd), "12.500.000 ₫");
        assert_eq!(Locale::En.money(vnd), "₫12,500,000");
        assert_eq!(
            Locale::En.money(Money::new(123_450, Currency::USD)),
            "$1,234.50"
        );
        assert_eq!(
            Locale::Vi.money(Money::new(123_450, Currency::USD)),
            "1.234,50 $"
        );
    }

    #[test]
    fn every_text_is_translated() {
        let keys = [Key::Pipeline, Key::Add, Key::Waiting, Key::Refused];
        for key in keys {
            assert_ne!(Locale::En.t(key), Locale::Vi.t(key), "{key:?}");
        }
    }
}
