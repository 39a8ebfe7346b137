//! Every string a person reads goes through here: the words, error messages, and money in the
//! reader's language. English and Vietnamese now; a missing translation is a compile error,
//! because each language answers every `Key` in an exhaustive match.

use chrono::NaiveDate;

use crate::domain::calendar;
use crate::domain::{Money, RuleError};

/// The calendars dates can be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    Gregorian,
    /// The Solar Hijri calendar of Iran.
    Jalali,
    /// The Gregorian calendar counted in the Buddhist era (Thailand).
    Buddhist,
}

impl Calendar {
    pub fn code(self) -> &'static str {
        match self {
            Calendar::Gregorian => "gregorian",
            Calendar::Jalali => "jalali",
            Calendar::Buddhist => "buddhist",
        }
    }

    pub fn parse(code: &str) -> Option<Calendar> {
        [Calendar::Gregorian, Calendar::Jalali, Calendar::Buddhist]
            .into_iter()
            .find(|c| c.code() == code)
    }

    /// Its name, in the language that offers it.
    pub fn name(self) -> &'static str {
        match self {
            Calendar::Gregorian => "Gregorian / میلادی / สากล",
            Calendar::Jalali => "هجری شمسی",
            Calendar::Buddhist => "พุทธศักราช",
        }
    }
}

// One file per further language, each answering every `Key` (a missing one does not compile).
mod fa;
mod th;
mod zh;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    Vi,
    /// Simplified Chinese.
    Zh,
    Th,
    /// Persian, written right to left.
    Fa,
}

/// The cookie that remembers a person's choice, so the server renders in it too.
pub const LOCALE_COOKIE: &str = "rapport_lang";

/// Every text a person reads, by name; `Key::ALL` lists them for the completeness tests.
macro_rules! keys {
    ($($name:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $($name),*
        }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$name),*];
        }
    };
}

keys! {
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
    Team,
    AllTeams,
    NoTeam,
    Description,
    Tags,
    Activities,
    ScheduleActivity,
    ActivityType,
    DueDate,
    Summary,
    MarkDone,
    Feedback,
    Overdue,
    Today,
    Planned,
    NoActivities,
    MyActivities,
    Everyone,
    SuggestedNext,
    Leads,
    NewLead,
    LeadTitle,
    Convert,
    CreateNew,
    NoneChoice,
    MatchedOnEmail,
    MatchedOnPhone,
    MatchedOnName,
    Contacts,
    Companies,
    Contact,
    Company,
    NewContact,
    NewCompany,
    JobTitle,
    Address,
    Timeline,
    Settings,
    Teams,
    Stages,
    LostReasons,
    ActivityTypes,
    Name,
    Leader,
    Members,
    ForQuotations,
    ForOpportunities,
    ForWarranty,
    WonStage,
    Folded,
    MoveUp,
    MoveDown,
    Colour,
    Icon,
    Delay,
    Days,
    Weeks,
    Months,
    AfterCompletion,
    AfterPreviousDeadline,
    Chaining,
    ChainNothing,
    ChainSuggest,
    ChainTrigger,
    Edit,
    NoLeads,
    HistoryOffline,
    Opportunities,
    Everyone2,
    Done,
    AddStage,
    EveryTeamsStage,
    Created,
    Changed,
    ActivityDoneOn,
    Nobody2,
    ConvertTitle,
    Open,
    Quotations,
    NewQuotation,
    Product,
    Products,
    Quantity,
    UnitPrice,
    Discount,
    Tax,
    Untaxed,
    TaxAmount,
    Total,
    AddLine,
    Send,
    Accept,
    Decline,
    Print,
    Draft,
    Sent,
    Accepted,
    Declined,
    Price,
    ValidUntil,
    BackToDraft,
    QuotationFor,
    Line,
    NoProduct,
    InvalidNumber,
    LogNote,
    Any,
    Dashboard,
    Period,
    ThisMonth,
    ThisQuarter,
    ThisYear,
    Last12Months,
    AllSalespeople,
    OpenPipeline,
    WeightedPipeline,
    WonThisMonth,
    WonThisQuarter,
    OfTarget,
    NoTarget,
    WinRate,
    LeadToOpportunity,
    OpportunityToWon,
    SalesCycle,
    DaysN,
    OverdueActivities,
    Funnel,
    Forecast,
    Weighted,
    Unweighted,
    WonAndLost,
    Campaigns,
    Sources,
    Campaign,
    Source,
    ShowTable,
    ShowChart,
    ExportCsv,
    Month,
    Deals,
    Value,
    Qualified,
    WonRevenue,
    Conversion,
    Earlier,
    NoRate,
    Undated,
    Targets,
    Amount,
    Organisation,
    CurrencyRates,
    CompanyCurrency,
    SignIn,
    Password,
    WrongCredentials,
    TooManyAttempts,
    DemoAccounts,
    SignOut,
    SignOutEverywhere,
    UnsentOnSignOut,
    ChangePassword,
    CurrentPassword,
    NewPassword,
    PasswordChanged,
    People,
    Role,
    RoleAdmin,
    RoleManager,
    RoleSalesperson,
    RoleReadOnly,
    Active,
    SetPassword,
    AddPerson,
    SharedPipeline,
    ReadOnlyNotice,
    NotFoundOrHidden,
    Account,
    LoadingRecord,
    PageNotFound,
    SignedInAs,
    Saved,
    RateOf,
    CreatedCount,
    LostCount,
    WonCount,
    Later,
    ComputedIn,
    TargetThisMonth,
    TargetThisQuarter,
}

impl Locale {
    pub const ALL: [Locale; 5] = [Locale::En, Locale::Vi, Locale::Zh, Locale::Th, Locale::Fa];

    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Vi => "vi",
            Locale::Zh => "zh-CN",
            Locale::Th => "th",
            Locale::Fa => "fa",
        }
    }

    /// The language's own name, for the switcher.
    pub fn name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Vi => "Tiếng Việt",
            Locale::Zh => "简体中文",
            Locale::Th => "ไทย",
            Locale::Fa => "فارسی",
        }
    }

    /// Right to left (Persian).
    pub fn is_rtl(self) -> bool {
        self == Locale::Fa
    }

    /// The `dir` attribute of the page.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// Reads a language tag such as "vi-VN" or "zh-Hans-CN" (any Chinese tag reads as
    /// Simplified Chinese, the only Chinese we have).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().split('-').next() == Some(primary.as_str()))
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
            Locale::Zh => zh::zh(key),
            Locale::Th => th::th(key),
            Locale::Fa => fa::fa(key),
        }
    }

    /// `Key` text with `{n}` replaced (in the locale's digits).
    pub fn t_n(self, key: Key, n: usize) -> String {
        self.t(key).replace("{n}", &self.digits(&n.to_string()))
    }

    /// ASCII digits in the digits the locale writes: Persian ones (۰۱۲…) for Persian.
    pub fn digits(self, text: &str) -> String {
        match self {
            Locale::Fa => text
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) if c.is_ascii_digit() => char::from_u32(0x06F0 + d).unwrap_or(c),
                    _ => c,
                })
                .collect(),
            _ => text.to_string(),
        }
    }

    fn separators(self) -> (&'static str, &'static str) {
        match self {
            Locale::En | Locale::Zh | Locale::Th => (",", "."),
            Locale::Vi => (".", ","),
            // Persian's own thousands and decimal separators.
            Locale::Fa => ("٬", "٫"),
        }
    }

    /// The decimal separator people type in amounts (Persian keyboards type '٫' or '.';
    /// both are read, see `Money::parse_amount`).
    pub fn decimal_separator(self) -> char {
        match self {
            Locale::En | Locale::Zh | Locale::Th | Locale::Fa => '.',
            Locale::Vi => ',',
        }
    }

    /// Money as people of this locale write it: "$1,234.50", "12.500.000 ₫", "฿1,234.50",
    /// "۱۲٬۵۰۰٬۰۰۰ ₫".
    pub fn money(self, m: Money) -> String {
        let (group, decimal) = self.separators();
        let number = m.format_number(group, decimal);
        match self {
            Locale::En | Locale::Zh | Locale::Th => match number.strip_prefix('-') {
                Some(abs) => format!("-{}{abs}", m.currency.symbol()),
                None => format!("{}{number}", m.currency.symbol()),
            },
            Locale::Vi => format!("{number} {}", m.currency.symbol()),
            Locale::Fa => format!("{} {}", self.digits(&number), m.currency.symbol()),
        }
    }

    /// The calendar dates are shown in unless the person chose another: the Solar Hijri one
    /// for Persian, the Buddhist era for Thai.
    pub fn default_calendar(self) -> Calendar {
        match self {
            Locale::Fa => Calendar::Jalali,
            Locale::Th => Calendar::Buddhist,
            _ => Calendar::Gregorian,
        }
    }

    /// The calendars offered to a person reading this language (the first is the default).
    pub fn calendars(self) -> &'static [Calendar] {
        match self {
            Locale::Fa => &[Calendar::Jalali, Calendar::Gregorian],
            Locale::Th => &[Calendar::Buddhist, Calendar::Gregorian],
            _ => &[Calendar::Gregorian],
        }
    }

    /// A day as people of this locale write it, in `calendar`: "2026-11-23", "23/11/2026",
    /// "2026年11月23日", "23/11/2569", "۱۴۰۵/۰۹/۰۲".
    pub fn date(self, day: NaiveDate, calendar: Calendar) -> String {
        use chrono::Datelike;
        let (y, m, d) = match calendar {
            Calendar::Gregorian => (day.year(), day.month(), day.day()),
            Calendar::Buddhist => (calendar::buddhist_year(day), day.month(), day.day()),
            Calendar::Jalali => {
                let j = calendar::to_jalali(day);
                (j.year, j.month, j.day)
            }
        };
        let text = match self {
            Locale::En => format!("{y}-{m:02}-{d:02}"),
            Locale::Zh => format!("{y}年{m}月{d}日"),
            Locale::Fa => format!("{y}/{m:02}/{d:02}"),
            _ => format!("{d:02}/{m:02}/{y}"),
        };
        self.digits(&text)
    }

    /// A field's label in this language, from its kind's declaration (`Kind::FIELDS`). A field
    /// no kind declares (an old change log line) is shown by its name.
    pub fn field_label(self, kind: &str, field: &str) -> String {
        let found = crate::domain::Record::field(kind, field).or_else(|| {
            crate::domain::Record::KINDS
                .iter()
                .find_map(|k| crate::domain::Record::field(k, field))
        });
        match found {
            Some(f) => self.label(f.label).to_string(),
            None => field.replace('_', " "),
        }
    }

    /// A label's text in this language.
    pub fn label(self, label: crate::domain::field::Label) -> &'static str {
        match self {
            Locale::En => label.en,
            Locale::Vi => label.vi,
            Locale::Zh => label.zh,
            Locale::Th => label.th,
            Locale::Fa => label.fa,
        }
    }

    /// The field a refusal names (`kind.field`), in this language; an older refusal's own
    /// words as they are.
    pub fn field_of_refusal(self, code: &str) -> String {
        match code.split_once('.') {
            Some((kind, field)) if crate::domain::Record::field(kind, field).is_some() => {
                let label = self.field_label(kind, field);
                // Inside a sentence, Vietnamese does not capitalise a common noun.
                match self {
                    Locale::Vi => lower_first(&label),
                    _ => label,
                }
            }
            _ => code.to_string(),
        }
    }

    /// The refusal with its fields named in this language.
    fn with_labels(self, e: &RuleError) -> RuleError {
        match e {
            RuleError::Required(field) => RuleError::Required(self.field_of_refusal(field)),
            RuleError::TooLong { field, max } => RuleError::TooLong {
                field: self.field_of_refusal(field),
                max: *max,
            },
            RuleError::OutOfRange { field, min, max } => RuleError::OutOfRange {
                field: self.field_of_refusal(field),
                min: *min,
                max: *max,
            },
            other => other.clone(),
        }
    }

    /// A refused change, explained.
    pub fn rule_error(self, e: &RuleError) -> String {
        let e = &self.with_labels(e);
        match self {
            Locale::En => e.to_string(),
            Locale::Vi => vi_rule_error(e),
            Locale::Zh => zh::zh_rule_error(e),
            Locale::Th => th::th_rule_error(e),
            Locale::Fa => fa::fa_rule_error(e),
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
        Key::Team => "Sales team",
        Key::AllTeams => "All teams",
        Key::NoTeam => "— no team —",
        Key::Description => "Description",
        Key::Tags => "Tags",
        Key::Activities => "Activities",
        Key::ScheduleActivity => "Schedule an activity",
        Key::ActivityType => "Activity type",
        Key::DueDate => "Due date",
        Key::Summary => "Summary",
        Key::MarkDone => "Mark done",
        Key::Feedback => "Feedback",
        Key::Overdue => "Overdue",
        Key::Today => "Today",
        Key::Planned => "Planned",
        Key::NoActivities => "Nothing to do",
        Key::MyActivities => "My activities",
        Key::Everyone => "Everyone's",
        Key::SuggestedNext => "Next, schedule:",
        Key::Leads => "Leads",
        Key::NewLead => "New lead",
        Key::LeadTitle => "Lead title",
        Key::Convert => "Convert to opportunity",
        Key::CreateNew => "Create a new one",
        Key::NoneChoice => "None",
        Key::MatchedOnEmail => "same email",
        Key::MatchedOnPhone => "same phone",
        Key::MatchedOnName => "same name",
        Key::Contacts => "Contacts",
        Key::Companies => "Companies",
        Key::Contact => "Contact",
        Key::Company => "Company",
        Key::NewContact => "New contact",
        Key::NewCompany => "New company",
        Key::JobTitle => "Job title",
        Key::Address => "Address",
        Key::Timeline => "Timeline",
        Key::Settings => "Settings",
        Key::Teams => "Sales teams",
        Key::Stages => "Stages",
        Key::LostReasons => "Lost reasons",
        Key::ActivityTypes => "Activity types",
        Key::Name => "Name",
        Key::Leader => "Team leader",
        Key::Members => "Members",
        Key::ForQuotations => "Quotations",
        Key::ForOpportunities => "Opportunities",
        Key::ForWarranty => "Warranty",
        Key::WonStage => "Won stage",
        Key::Folded => "Folded",
        Key::MoveUp => "Move up",
        Key::MoveDown => "Move down",
        Key::Colour => "Colour",
        Key::Icon => "Icon",
        Key::Delay => "Delay",
        Key::Days => "days",
        Key::Weeks => "weeks",
        Key::Months => "months",
        Key::AfterCompletion => "after completion",
        Key::AfterPreviousDeadline => "after the previous deadline",
        Key::Chaining => "After it is done",
        Key::ChainNothing => "nothing",
        Key::ChainSuggest => "suggest next activities",
        Key::ChainTrigger => "schedule the next activity automatically",
        Key::Edit => "Edit",
        Key::NoLeads => "No leads to qualify",
        Key::HistoryOffline => "The full history shows when you are online.",
        Key::Opportunities => "Opportunities",
        Key::Everyone2 => "Everyone",
        Key::Done => "Done",
        Key::AddStage => "Add a stage",
        Key::EveryTeamsStage => "every team",
        Key::Created => "created",
        Key::Changed => "changed {field}",
        Key::ActivityDoneOn => "done",
        Key::Nobody2 => "nobody",
        Key::ConvertTitle => "Convert the lead",
        Key::Open => "Open",
        Key::Quotations => "Quotations",
        Key::NewQuotation => "New quotation",
        Key::Product => "Product",
        Key::Products => "Products",
        Key::Quantity => "Quantity",
        Key::UnitPrice => "Unit price",
        Key::Discount => "Discount (%)",
        Key::Tax => "Tax (%)",
        Key::Untaxed => "Untaxed amount",
        Key::TaxAmount => "Taxes",
        Key::Total => "Total",
        Key::AddLine => "Add a line",
        Key::Send => "Mark as sent",
        Key::Accept => "Accept",
        Key::Decline => "Decline",
        Key::Print => "Print / PDF",
        Key::Draft => "Draft",
        Key::Sent => "Sent",
        Key::Accepted => "Accepted",
        Key::Declined => "Declined",
        Key::Price => "Price",
        Key::ValidUntil => "Valid until",
        Key::BackToDraft => "Back to draft",
        Key::QuotationFor => "Quotation for",
        Key::Line => "Line",
        Key::NoProduct => "— free text —",
        Key::InvalidNumber => "Type a whole number",
        Key::LogNote => "Log note",
        Key::Any => "Any",
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
        Key::Dashboard => "Dashboard",
        Key::Period => "Period",
        Key::ThisMonth => "This month",
        Key::ThisQuarter => "This quarter",
        Key::ThisYear => "This year",
        Key::Last12Months => "Last 12 months",
        Key::AllSalespeople => "All salespeople",
        Key::OpenPipeline => "Open pipeline",
        Key::WeightedPipeline => "Weighted pipeline",
        Key::WonThisMonth => "Won this month",
        Key::WonThisQuarter => "Won this quarter",
        Key::OfTarget => "{n}% of target",
        Key::NoTarget => "no target set",
        Key::WinRate => "Win rate",
        Key::LeadToOpportunity => "Lead → opportunity",
        Key::OpportunityToWon => "Lead → won",
        Key::SalesCycle => "Average sales cycle",
        Key::DaysN => "{n} days",
        Key::OverdueActivities => "Overdue activities",
        Key::Funnel => "Funnel by stage",
        Key::Forecast => "Forecast by expected closing month",
        Key::Weighted => "Weighted",
        Key::Unweighted => "Unweighted",
        Key::WonAndLost => "Won and lost over time",
        Key::Campaigns => "Campaigns",
        Key::Sources => "Sources",
        Key::Campaign => "Campaign",
        Key::Source => "Source",
        Key::ShowTable => "Table",
        Key::ShowChart => "Chart",
        Key::ExportCsv => "Export CSV",
        Key::Month => "Month",
        Key::Deals => "Deals",
        Key::Value => "Value",
        Key::Qualified => "Qualified",
        Key::WonRevenue => "Won revenue",
        Key::Conversion => "Conversion",
        Key::Earlier => "Overdue",
        Key::NoRate => {
            "Deals in these currencies have no exchange rate and are left out of the sums:"
        }
        Key::Undated => "{n} open deals have no expected closing date and are not in the forecast",
        Key::Targets => "Monthly targets",
        Key::Amount => "Amount",
        Key::Organisation => "Whole organisation",
        Key::CurrencyRates => "Currency and exchange rates",
        Key::CompanyCurrency => "Reports are in",
        Key::SignIn => "Sign in",
        Key::Password => "Password",
        Key::WrongCredentials => "Wrong email or password",
        Key::TooManyAttempts => "Too many failed attempts: try again in {n} seconds",
        Key::DemoAccounts => "Demo accounts. The password of each is:",
        Key::SignOut => "Sign out",
        Key::SignOutEverywhere => "Sign out everywhere",
        Key::UnsentOnSignOut => {
            "{n} changes have not reached the server yet. Sign out anyway and lose them?"
        }
        Key::ChangePassword => "Change password",
        Key::CurrentPassword => "Current password",
        Key::NewPassword => "New password (at least 10 characters)",
        Key::PasswordChanged => "Password changed",
        Key::People => "People and access",
        Key::Role => "Role",
        Key::RoleAdmin => "Administrator",
        Key::RoleManager => "Sales manager",
        Key::RoleSalesperson => "Salesperson",
        Key::RoleReadOnly => "Read-only",
        Key::Active => "Active",
        Key::SetPassword => "Set password",
        Key::AddPerson => "Add person",
        Key::SharedPipeline => "Members see the whole team pipeline",
        Key::ReadOnlyNotice => "Read-only: you can look, but not change anything",
        Key::Account => "Account",
        Key::NotFoundOrHidden => "This record does not exist, or you may not see it.",
        Key::LoadingRecord => "Loading…",
        Key::PageNotFound => "There is no such page.",
        Key::SignedInAs => "Signed in as",
        Key::Saved => "Saved",
        Key::RateOf => "1 {n} =",
        Key::CreatedCount => "Created",
        Key::LostCount => "Lost",
        Key::WonCount => "Won",
        Key::Later => "and later",
        Key::ComputedIn => "Computed from this device's copy",
        Key::TargetThisMonth => "Target this month",
        Key::TargetThisQuarter => "Target this quarter",
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
        Key::Team => "Đội ngũ bán hàng",
        Key::AllTeams => "Tất cả các đội",
        Key::NoTeam => "— không thuộc đội —",
        Key::Description => "Mô tả",
        Key::Tags => "Từ khóa",
        Key::Activities => "Hoạt động",
        Key::ScheduleActivity => "Lên lịch hoạt động",
        Key::ActivityType => "Kiểu hoạt động",
        Key::DueDate => "Hạn chót",
        Key::Summary => "Tóm tắt",
        Key::MarkDone => "Đánh dấu hoàn thành",
        Key::Feedback => "Phản hồi",
        Key::Overdue => "Quá hạn",
        Key::Today => "Hôm nay",
        Key::Planned => "Đã lên kế hoạch",
        Key::NoActivities => "Không có việc cần làm",
        Key::MyActivities => "Hoạt động của tôi",
        Key::Everyone => "Của mọi người",
        Key::SuggestedNext => "Tiếp theo, lên lịch:",
        Key::Leads => "Tiềm năng",
        Key::NewLead => "Tiềm năng mới",
        Key::LeadTitle => "Tên tiềm năng",
        Key::Convert => "Chuyển thành cơ hội",
        Key::CreateNew => "Tạo mới",
        Key::NoneChoice => "Không có",
        Key::MatchedOnEmail => "trùng email",
        Key::MatchedOnPhone => "trùng số điện thoại",
        Key::MatchedOnName => "trùng tên",
        Key::Contacts => "Liên hệ",
        Key::Companies => "Công ty",
        Key::Contact => "Người liên hệ",
        Key::Company => "Công ty",
        Key::NewContact => "Liên hệ mới",
        Key::NewCompany => "Công ty mới",
        Key::JobTitle => "Chức vụ",
        Key::Address => "Địa chỉ",
        Key::Timeline => "Dòng thời gian",
        Key::Settings => "Cấu hình",
        Key::Teams => "Đội ngũ bán hàng",
        Key::Stages => "Các giai đoạn",
        Key::LostReasons => "Lý do thất bại",
        Key::ActivityTypes => "Kiểu hoạt động",
        Key::Name => "Tên",
        Key::Leader => "Trưởng nhóm",
        Key::Members => "Thành viên",
        Key::ForQuotations => "Báo giá",
        Key::ForOpportunities => "Cơ hội",
        Key::ForWarranty => "Bảo hành",
        Key::WonStage => "Giai đoạn thắng",
        Key::Folded => "Thu gọn",
        Key::MoveUp => "Lên trên",
        Key::MoveDown => "Xuống dưới",
        Key::Colour => "Màu",
        Key::Icon => "Biểu tượng",
        Key::Delay => "Thời hạn",
        Key::Days => "ngày",
        Key::Weeks => "tuần",
        Key::Months => "tháng",
        Key::AfterCompletion => "sau khi hoàn thành",
        Key::AfterPreviousDeadline => "sau hạn chót trước",
        Key::Chaining => "Khi hoàn thành thì",
        Key::ChainNothing => "không làm gì",
        Key::ChainSuggest => "gợi ý hoạt động tiếp theo",
        Key::ChainTrigger => "tự động lên lịch hoạt động tiếp theo",
        Key::Edit => "Sửa",
        Key::NoLeads => "Không có tiềm năng cần xử lý",
        Key::HistoryOffline => "Lịch sử đầy đủ sẽ hiện khi có kết nối.",
        Key::Opportunities => "Cơ hội",
        Key::Everyone2 => "Mọi người",
        Key::Done => "Đã xong",
        Key::AddStage => "Thêm giai đoạn",
        Key::EveryTeamsStage => "mọi đội",
        Key::Created => "đã tạo",
        Key::Changed => "đã đổi {field}",
        Key::ActivityDoneOn => "đã hoàn thành",
        Key::Nobody2 => "không ai",
        Key::ConvertTitle => "Chuyển tiềm năng",
        Key::Open => "Mở",
        Key::Quotations => "Báo giá",
        Key::NewQuotation => "Tạo báo giá",
        Key::Product => "Sản phẩm",
        Key::Products => "Sản phẩm",
        Key::Quantity => "Số lượng",
        Key::UnitPrice => "Đơn giá",
        Key::Discount => "Chiết khấu (%)",
        Key::Tax => "Thuế (%)",
        Key::Untaxed => "Tiền trước thuế",
        Key::TaxAmount => "Tiền thuế",
        Key::Total => "Tổng cộng",
        Key::AddLine => "Thêm dòng",
        Key::Send => "Đánh dấu đã gửi",
        Key::Accept => "Chấp nhận",
        Key::Decline => "Từ chối",
        Key::Print => "In / PDF",
        Key::Draft => "Nháp",
        Key::Sent => "Đã gửi",
        Key::Accepted => "Đã chấp nhận",
        Key::Declined => "Bị từ chối",
        Key::Price => "Giá",
        Key::ValidUntil => "Hiệu lực đến",
        Key::BackToDraft => "Trở lại nháp",
        Key::QuotationFor => "Báo giá cho",
        Key::Line => "Dòng",
        Key::NoProduct => "— tự nhập —",
        Key::InvalidNumber => "Hãy nhập số nguyên",
        Key::LogNote => "Thêm ghi chú",
        Key::Any => "Tất cả",
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
        Key::Dashboard => "Bảng điều khiển",
        Key::Period => "Khoảng thời gian",
        Key::ThisMonth => "Tháng này",
        Key::ThisQuarter => "Quý này",
        Key::ThisYear => "Năm nay",
        Key::Last12Months => "12 tháng qua",
        Key::AllSalespeople => "Tất cả nhân viên",
        Key::OpenPipeline => "Giá trị cơ hội đang mở",
        Key::WeightedPipeline => "Doanh thu kỳ vọng có trọng số",
        Key::WonThisMonth => "Thắng trong tháng",
        Key::WonThisQuarter => "Thắng trong quý",
        Key::OfTarget => "đạt {n}% chỉ tiêu",
        Key::NoTarget => "chưa đặt chỉ tiêu",
        Key::WinRate => "Tỷ lệ thắng",
        Key::LeadToOpportunity => "Tiềm năng → cơ hội",
        Key::OpportunityToWon => "Tiềm năng → thắng",
        Key::SalesCycle => "Chu kỳ bán hàng trung bình",
        Key::DaysN => "{n} ngày",
        Key::OverdueActivities => "Hoạt động quá hạn",
        Key::Funnel => "Phễu theo giai đoạn",
        Key::Forecast => "Dự báo theo tháng dự kiến chốt",
        Key::Weighted => "Có trọng số",
        Key::Unweighted => "Không trọng số",
        Key::WonAndLost => "Thắng và thất bại theo thời gian",
        Key::Campaigns => "Chiến dịch",
        Key::Sources => "Nguồn",
        Key::Campaign => "Chiến dịch",
        Key::Source => "Nguồn",
        Key::ShowTable => "Bảng số liệu",
        Key::ShowChart => "Biểu đồ",
        Key::ExportCsv => "Xuất CSV",
        Key::Month => "Tháng",
        Key::Deals => "Số cơ hội",
        Key::Value => "Giá trị",
        Key::Qualified => "Đã chuyển thành cơ hội",
        Key::WonRevenue => "Doanh thu thắng",
        Key::Conversion => "Tỷ lệ chuyển đổi",
        Key::Earlier => "Đã quá hạn",
        Key::NoRate => {
            "Các cơ hội bằng những loại tiền này chưa có tỷ giá nên không được cộng vào:"
        }
        Key::Undated => "{n} cơ hội đang mở chưa có ngày dự kiến chốt nên không có trong dự báo",
        Key::Targets => "Chỉ tiêu hằng tháng",
        Key::Amount => "Số tiền",
        Key::Organisation => "Toàn công ty",
        Key::CurrencyRates => "Tiền tệ và tỷ giá",
        Key::CompanyCurrency => "Báo cáo tính bằng",
        Key::SignIn => "Đăng nhập",
        Key::Password => "Mật khẩu",
        Key::WrongCredentials => "Sai email hoặc mật khẩu",
        Key::TooManyAttempts => "Thử sai quá nhiều lần: hãy thử lại sau {n} giây",
        Key::DemoAccounts => "Tài khoản dùng thử. Mật khẩu của mỗi tài khoản:",
        Key::SignOut => "Đăng xuất",
        Key::SignOutEverywhere => "Đăng xuất khỏi mọi thiết bị",
        Key::UnsentOnSignOut => {
            "{n} thay đổi chưa được gửi lên máy chủ. Vẫn đăng xuất và mất chúng?"
        }
        Key::ChangePassword => "Đổi mật khẩu",
        Key::CurrentPassword => "Mật khẩu hiện tại",
        Key::NewPassword => "Mật khẩu mới (ít nhất 10 ký tự)",
        Key::PasswordChanged => "Đã đổi mật khẩu",
        Key::People => "Người dùng và quyền",
        Key::Role => "Vai trò",
        Key::RoleAdmin => "Quản trị viên",
        Key::RoleManager => "Quản lý kinh doanh",
        Key::RoleSalesperson => "Nhân viên kinh doanh",
        Key::RoleReadOnly => "Chỉ xem",
        Key::Active => "Đang hoạt động",
        Key::SetPassword => "Đặt mật khẩu",
        Key::AddPerson => "Thêm người",
        Key::SharedPipeline => "Thành viên xem toàn bộ quy trình của đội",
        Key::ReadOnlyNotice => "Chỉ xem: bạn có thể xem nhưng không thay đổi được",
        Key::Account => "Tài khoản",
        Key::NotFoundOrHidden => "Bản ghi này không tồn tại, hoặc bạn không có quyền xem.",
        Key::LoadingRecord => "Đang tải…",
        Key::PageNotFound => "Không có trang này.",
        Key::SignedInAs => "Đăng nhập với tên",
        Key::Saved => "Đã lưu",
        Key::RateOf => "1 {n} =",
        Key::CreatedCount => "Đã tạo",
        Key::LostCount => "Thất bại",
        Key::WonCount => "Thắng",
        Key::Later => "và sau đó",
        Key::ComputedIn => "Tính từ bản sao trên thiết bị này",
        Key::TargetThisMonth => "Chỉ tiêu tháng này",
        Key::TargetThisQuarter => "Chỉ tiêu quý này",
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
        RuleError::Required(what) => format!("Cần nhập {what}"),
        RuleError::OutOfRange { field, min, max } => {
            format!("{field} phải nằm trong khoảng {min} đến {max}")
        }
        RuleError::Duplicate(name) => format!("«{name}» đã tồn tại: hãy chọn tên khác"),
        RuleError::UnknownTeam(_) => "Đội ngũ bán hàng này không tồn tại".into(),
        RuleError::UnknownTag(_) => "Từ khóa này không tồn tại".into(),
        RuleError::StageOfAnotherTeam => {
            "Giai đoạn này thuộc đội ngũ khác: hãy chọn giai đoạn của đội này".into()
        }
        RuleError::StageInUse(n) => {
            format!("Giai đoạn còn {n} cơ hội hoặc tiềm năng: hãy chuyển chúng trước")
        }
        RuleError::TeamHasStages(n) => {
            format!("Đội còn {n} giai đoạn riêng: hãy xóa chúng hoặc dùng chúng cho mọi đội trước")
        }
        RuleError::UnknownActivityType(_) => "Kiểu hoạt động này không tồn tại".into(),
        RuleError::UnknownActivity(_) => "Hoạt động này không tồn tại".into(),
        RuleError::ActivityDone => "Hoạt động đã hoàn thành, không thể thay đổi".into(),
        RuleError::ActivityWithoutRecord => {
            "Hoạt động phải gắn với một tiềm năng, cơ hội hoặc liên hệ".into()
        }
        RuleError::UnknownContact(_) => "Liên hệ này không tồn tại".into(),
        RuleError::UnknownCompany(_) => "Công ty này không tồn tại".into(),
        RuleError::NotALead => "Đây đã là cơ hội, không còn là tiềm năng".into(),
        RuleError::RecordExists(_) => "Bản ghi với mã này đã tồn tại".into(),
        RuleError::UnknownRecord(_) => "Bản ghi này không tồn tại".into(),
        RuleError::NotAllowed => "Vai trò của bạn không cho phép thay đổi này".into(),
        RuleError::TooLarge { bytes, max } => {
            format!("Thay đổi quá lớn để gửi ({bytes} byte, tối đa {max}): nó không được lưu")
        }
        RuleError::NotDeletable => "Không thể xóa loại bản ghi này ở đây".into(),
        RuleError::NotEditable => "Không sửa loại bản ghi này theo cách này".into(),
        RuleError::UnknownProduct(_) => {
            "Sản phẩm này không tồn tại hoặc đã bị xóa: hãy chọn sản phẩm khác".into()
        }
        RuleError::UnknownQuotation(_) => "Báo giá này không tồn tại".into(),
        RuleError::QuotationLocked => {
            "Báo giá đã được chấp nhận hoặc từ chối nên không thể sửa: hãy tạo báo giá mới".into()
        }
        RuleError::InvalidTransition { from, to } => {
            format!("Báo giá ở trạng thái {from} không thể chuyển sang {to}")
        }
        RuleError::EmptyQuotation => "Báo giá chưa có dòng nào: hãy thêm một dòng trước".into(),
    }
}

/// The text with its first letter in lower case.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
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

    /// The placeholders a text fills in: `{n}`, `{field}`…
    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .match_indices('{')
            .filter_map(|(i, _)| text[i..].find('}').map(|j| &text[i..=i + j]))
            .collect();
        found.sort();
        found
    }

    /// The check `./dev test` runs for every language: each answers every key English has
    /// (a missing arm does not compile), with a text that is not empty, fills in the same
    /// placeholders, and is its own (not English left in place, but for names like "Email").
    #[test]
    fn every_locale_has_every_text_english_has() {
        for locale in Locale::ALL {
            let mut same_as_english = Vec::new();
            for key in Key::ALL {
                let (text, english) = (locale.t(*key), Locale::En.t(*key));
                assert!(!text.trim().is_empty(), "{locale:?} {key:?} is empty");
                assert_eq!(
                    placeholders(text),
                    placeholders(english),
                    "{locale:?} {key:?}: {text}"
                );
                if locale != Locale::En && text == english {
                    same_as_english.push(*key);
                }
            }
            assert!(
                same_as_english.len() <= 6,
                "{locale:?} leaves these in English: {same_as_english:?}"
            );
        }
    }

    #[test]
    fn every_locale_explains_refusals_in_its_own_words() {
        let e = RuleError::StageInUse(3);
        for locale in Locale::ALL {
            let text = locale.rule_error(&e);
            assert!(text.contains('3'), "{locale:?}: {text}");
            if locale != Locale::En {
                assert_ne!(text, Locale::En.rule_error(&e), "{locale:?}");
            }
        }
    }

    #[test]
    fn dates_in_each_locale_and_calendar() {
        let nowruz = NaiveDate::from_ymd_opt(2025, 3, 21).unwrap();
        assert_eq!(Locale::Fa.date(nowruz, Calendar::Jalali), "۱۴۰۴/۰۱/۰۱");
        assert_eq!(Locale::Fa.date(nowruz, Calendar::Gregorian), "۲۰۲۵/۰۳/۲۱");
        assert_eq!(Locale::Th.date(nowruz, Calendar::Buddhist), "21/03/2568");
        assert_eq!(Locale::Th.date(nowruz, Calendar::Gregorian), "21/03/2025");
        assert_eq!(
            Locale::Zh.date(nowruz, Calendar::Gregorian),
            "2025年3月21日"
        );
        assert_eq!(Locale::Vi.date(nowruz, Calendar::Gregorian), "21/03/2025");
        assert_eq!(Locale::En.date(nowruz, Calendar::Gregorian), "2025-03-21");
        assert_eq!(Locale::Fa.default_calendar(), Calendar::Jalali);
        assert_eq!(
            Locale::Th.calendars(),
            &[Calendar::Buddhist, Calendar::Gregorian]
        );
    }

    #[test]
    fn chinese_thai_and_persian_money_and_digits() {
        let vnd = Money::new(12_500_000, Currency::VND);
        assert_eq!(
            Locale::Zh.money(Money::new(123_450, Currency::CNY)),
            "¥1,234.50"
        );
        assert_eq!(
            Locale::Th.money(Money::new(123_450, Currency::THB)),
            "฿1,234.50"
        );
        assert_eq!(Locale::Fa.money(vnd), "۱۲٬۵۰۰٬۰۰۰ ₫");
        assert_eq!(
            Locale::Fa.money(Money::new(123_450, Currency::USD)),
            "۱٬۲۳۴٫۵۰ $"
        );
        assert_eq!(
            Locale::Fa.t_n(Key::DaysN, 12),
            Locale::Fa.t(Key::DaysN).replace("{n}", "۱۲")
        );
        // What a Persian keyboard types is read as the number it is.
        assert_eq!(
            Money::parse_amount("۱۲٬۵۰۰٬۰۰۰", Currency::VND, Locale::Fa.decimal_separator()),
            Some(vnd)
        );
        assert_eq!(
            Money::parse_amount("۱۲٫۵", Currency::USD, Locale::Fa.decimal_separator()),
            Some(Money::new(1250, Currency::USD))
        );
        assert!(Locale::Fa.is_rtl() && !Locale::Th.is_rtl());
        assert_eq!(Locale::from_tag("zh-Hans-CN"), Some(Locale::Zh));
        assert_eq!(Locale::from_tag("zh-CN"), Some(Locale::Zh));
        assert_eq!(
            Locale::negotiate("fa-IR,fa;q=0.9,en;q=0.5"),
            Some(Locale::Fa)
        );
        assert_eq!(Locale::negotiate("th-TH"), Some(Locale::Th));
    }
}

#[cfg(test)]
mod field_labels {
    use super::*;

    #[test]
    fn a_refusal_names_the_field_in_the_readers_language() {
        let required = RuleError::Required(crate::domain::field::code("tag", "name"));
        assert_eq!(Locale::En.rule_error(&required), "Name is required");
        let vi = Locale::Vi.rule_error(&required);
        assert!(vi.contains("tên") && !vi.contains("tag"), "{vi}");
        let long = RuleError::TooLong {
            field: "contact.job_title".into(),
            max: 200,
        };
        assert!(Locale::Zh.rule_error(&long).contains("职位"));
        // A refusal stored before fields had labels keeps its words.
        assert_eq!(
            Locale::En.rule_error(&RuleError::Required("tag name".into())),
            "tag name is required"
        );
    }

    #[test]
    fn the_timeline_names_a_field_by_its_label_never_its_code() {
        assert_eq!(
            Locale::Vi.field_label("opportunity", "expected_revenue"),
            "Doanh thu dự kiến"
        );
        assert_eq!(Locale::Fa.field_label("team", "member_ids"), "اعضا");
        // A field of another kind's name still finds a label; an unknown one reads as words.
        assert_eq!(Locale::En.field_label("", "tag_ids"), "Tags");
        assert_eq!(
            Locale::En.field_label("opportunity", "old_field"),
            "old field"
        );
    }
}
