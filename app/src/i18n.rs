//! Every string a person reads goes through here: the keys of the texts, the languages and
//! their formats (money, digits, dates, calendars), and each field's label. The texts of each
//! language are in a file of their own (`i18n/en.rs`, `vi.rs`, `zh.rs`, `th.rs`, `fa.rs`); a
//! missing translation is a compile error, because each language answers every `Key` in an
//! exhaustive match.

use chrono::NaiveDate;

use crate::domain::calendar;
use crate::domain::{AmountError, Currency, Money, RuleError};

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
mod en;
mod fa;
mod filter_words;
mod th;
mod vi;
mod zh;

/// The English names of the Gregorian months, January first.
pub const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

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
    Retrying,
    Syncing,
    Waiting,
    Refused,
    Dismiss,
    Fold,
    Unfold,
    Delete,
    InvalidAmount,
    OnePerLine,
    Decimals,
    NextColour,
    Yes,
    No,
    DeletedFields,
    DeletedFieldsKept,
    SegmentInAll,
    CustomFieldsHint,
    MoreFields,
    OtherTeamsStage,
    WasDeleted,
    WasRestored,
    NoSuchDay,
    CopyByHand,
    NewCalendarFeedAsk,
    NotKeptInBrowser,
    NeedsConnection,
    ServerUnreachable,
    ServerAnswerUnreadable,
    Previous,
    Next,
    Week,
    MovedTo,
    CalendarFeed,
    CalendarFeedHint,
    MakeCalendarFeed,
    NewCalendarFeed,
    StopCalendarFeed,
    CalendarFeedOnce,
    CalendarFeedMadeOn,
    Copy,
    Copied,
    Rotting,
    RottingHint,
    RottingFor,
    InStageFor,
    DaysShort,
    RottingAfter,
    InvalidRottingDays,
    FoldColumn,
    UnfoldColumn,
    More,
    CalendarName,
    AccountMenu,
    PickADay,
    MonthBefore,
    MonthAfter,
    ReapplyFailed,
    CancelActivity,
    CancelActivityQuestion,
    KeepIt,
    Tomorrow,
    ThisWeek,
    LaterOn,
    OverwrittenBy,
    SearchDeals,
    Mine,
    AnySalesperson,
    AnyTag,
    AnyActivity,
    DueTodayOrBefore,
    DealsShown,
    ClearFilters,
    WeightedShort,
    DeletedUndo,
    Undo,
    UnsavedQuestion,
    Discard,
    KeepEditing,
    DeleteQuestion,
    AmountAmbiguous,
    AmountGroups,
    AmountNoDecimals,
    AmountDecimals,
    AmountReadAs,
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
    LineNumber,
    NoOfflineCopy,
    CopyUnreadable,
    ServerCouldNotTake,
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
    SortBy,
    AsPlaced,
    Reversed,
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
    Lead,
    Opportunity,
    MoreCount,
    DecimalsAtMost,
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
    Stages,
    LostReasons,
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
    PageNotLoaded,
    TryAgain,
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
    PhoneCountry,
    PhoneCountryFromCurrency,
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
    FetchingRecord,
    NotKeptHere,
    PlainValues,
    PlainValuesHint,
    MergedInto,
    BringBack,
    Duplicates,
    DuplicatesNone,
    DuplicatesLooking,
    DuplicatesMerge,
    DuplicatesNotSame,
    DuplicatesMore,
    DuplicatesValue,
    DuplicatesKeptValue,
    DuplicatesMergeSays,
    PossibleDuplicates,
    NameAlike,
    Import,
    ImportFile,
    ImportWhat,
    ImportChooseFile,
    ImportUpload,
    ImportReading,
    ImportEncoding,
    ImportSeparator,
    ImportDetect,
    ImportTab,
    ImportHeaderRow,
    ImportLeaveOut,
    ImportWhenSame,
    ImportSkip,
    ImportUpdate,
    ImportCreate,
    ImportCurrency,
    ImportDecimal,
    ImportDecimalEach,
    ImportDecimalPoint,
    ImportDecimalComma,
    ImportedFrom,
    ImportCreateTags,
    ImportSaveAs,
    ImportMappingUsed,
    ImportCheck,
    ImportChecking,
    ImportChecked,
    ImportNewCompanies,
    ImportMoreFailures,
    ImportLine,
    ImportColumn,
    ImportWhy,
    ImportStart,
    ImportProgress,
    ImportRate,
    ImportQueued,
    ImportRunning,
    ImportDone,
    ImportCancelled,
    ImportFailed,
    ImportUndone,
    ImportCounts,
    ImportUndo,
    ImportUndoSays,
    ImportDownloadFailed,
    ImportAnother,
    ImportHistory,
    ImportNone,
    ImportNeedsConnection,
    ImportRows,
    ImportFieldOf,
    PastOnServer,
    SearchPast,
    PastNone,
    PastNeedsConnection,
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
    FormulaField,
    FormulaHint,
    FormulaGives,
    Computed,
    FilterButton,
    FilterAdd,
    FilterAddGroup,
    FilterAll,
    FilterAny,
    FilterLeftOut,
    FilterField,
    FilterOperator,
    FilterValue,
    FilterRemove,
    Me,
    MyTeam,
    Views,
    AllView,
    SaveView,
    SaveViewChanges,
    ViewName,
    SharedWith,
    OnlyMe,
    DefaultView,
    DeleteView,
    ViewEdited,
    ViewGone,
    ValuesConvert,
    PredictedProbability,
    PredictionWhy,
    ProbabilityByHand,
    UsePredicted,
    EmailQuality,
    PhoneQuality,
    QualityNone,
    QualityCorrect,
    QualityIncorrect,
    PredictionLearnFrom,
    PredictionStart,
    PredictionOff,
    LearnNow,
    LearntFrom,
    NotLearntYet,
    PredictionAlways,
    Raises,
    Lowers,
    LeadsPerMonth,
    Away,
    AssignNow,
    AssignedCount,
    AssignedByRule,
    PerThirtyDays,
    LeadFunnel,
    Mql,
    Sql,
    FunnelMql,
    FunnelSql,
    SentBack,
    SendBack,
    HandToSales,
    WhySentBack,
    ScoreN,
    ScoreLikeThese,
    ScoringRulesHelp,
    MqlAtHelp,
    NoScoringRules,
    ShowTheLeads,
    RuleAdded,
    ScoredBy,
    ShareOfLeads,
    GiveLikeThese,
    GivenLikeThese,
    TakesLikeThese,
    AnyLead,
    Give,
    GivenToYou,
    DuplicateGiven,
    TwinsGiven,
    ByTerritory,
    TerritoryHelp,
    PostcodesHint,
    DeletedMeanwhileBy,
    DeletedMeanwhileByYou,
    MergeThem,
    JobFailed,
    JobLeadScoring,
    JobAssignment,
    JobPrediction,
    JobNamesAlike,
    JobFieldPurge,
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

    /// The language's code among a custom field's labels (`custom_field::LANGUAGES`).
    pub fn language(self) -> &'static str {
        match self {
            Locale::Zh => "zh",
            other => other.tag(),
        }
    }

    /// A custom field's label in this language (or the first one given).
    pub fn custom_label(self, field: &crate::domain::CustomField) -> String {
        field.labels.text(self.language()).to_string()
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
            Locale::En => en::en(key),
            Locale::Vi => vi::vi(key),
            Locale::Zh => zh::zh(key),
            Locale::Th => th::th(key),
            Locale::Fa => fa::fa(key),
        }
    }

    /// `Key` text with `{n}` replaced by a count (grouped, in the locale's digits).
    pub fn t_n(self, key: Key, n: usize) -> String {
        self.t(key).replace("{n}", &self.count(n as i64))
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

    /// The decimal mark as this locale shows it ("٫" in Persian).
    pub fn decimal_mark(self) -> &'static str {
        self.separators().1
    }

    fn separators(self) -> (&'static str, &'static str) {
        match self {
            Locale::En | Locale::Zh | Locale::Th => (",", "."),
            Locale::Vi => (".", ","),
            // Persian's own thousands and decimal separators.
            Locale::Fa => ("٬", "٫"),
        }
    }

    /// The decimal mark people of this locale write (Persian's own '٫' is read as one in
    /// any locale, see `Money::read`).
    pub fn decimal_separator(self) -> char {
        match self {
            Locale::En | Locale::Zh | Locale::Th | Locale::Fa => '.',
            Locale::Vi => ',',
        }
    }

    /// How this locale writes a currency (CLDR's symbols): where yuan and yen can both appear
    /// they are told apart ("CN¥" in English, "JP¥" in Chinese).
    pub fn currency_symbol(self, currency: Currency) -> &'static str {
        use Currency::*;
        match (self, currency) {
            (_, VND) => "₫",
            (_, EUR) => "€",
            (Locale::En | Locale::Fa, USD) => "$",
            (_, USD) => "US$",
            (Locale::Zh, CNY) => "¥",
            (Locale::Fa, CNY) => "¥CN",
            (_, CNY) => "CN¥",
            (Locale::Zh, JPY) => "JP¥",
            (_, JPY) => "¥",
            (Locale::Th | Locale::Vi | Locale::Fa, THB) => "฿",
            (_, THB) => "THB",
            (Locale::Fa, IRR) => "ریال",
            (_, IRR) => "IRR",
        }
    }

    /// Money as CLDR writes it for this locale: "$1,234.50", "12.500.000 ₫", "฿1,234.50",
    /// "CN¥1,234.50", and in Persian "‎₫۱۲٬۵۰۰٬۰۰۰" (the sign first, held left to right by a
    /// mark, so it never wraps onto a line of its own). Spaces are no-break ones.
    pub fn money(self, m: Money) -> String {
        let (group, decimal) = self.separators();
        let number = m.format_number(group, decimal);
        let (negative, abs) = match number.strip_prefix('-') {
            Some(abs) => (true, abs),
            None => (false, number.as_str()),
        };
        let symbol = self.currency_symbol(m.currency);
        // A sign ending in a letter ("THB", "¥CN") is kept off the digits by a space.
        let gap = if symbol.ends_with(char::is_alphabetic) {
            "\u{A0}"
        } else {
            ""
        };
        let minus = if negative { "-" } else { "" };
        match self {
            Locale::Vi => format!("{minus}{abs}\u{A0}{symbol}"),
            Locale::Fa => {
                let minus = if negative { "\u{200E}\u{2212}" } else { "" };
                format!("{minus}\u{200E}{symbol}{gap}{}", self.digits(abs))
            }
            _ => format!("{minus}{symbol}{gap}{abs}"),
        }
    }

    /// A whole percent: "35%", and in Persian "۳۵٪".
    pub fn percent(self, n: i64) -> String {
        match self {
            Locale::Fa => format!("{}\u{066A}", self.digits(&n.to_string())),
            _ => format!("{n}%"),
        }
    }

    /// A number with at most `decimals` decimals (trailing zeros left out), grouped, in this
    /// locale's marks and digits: "1,234.5", "1.234,5", "۱٬۲۳۴٫۵".
    pub fn decimal(self, n: f64, decimals: u8) -> String {
        let (group, mark) = self.separators();
        let scale = 10i64.pow(u32::from(decimals.min(9)));
        let scaled = (n * scale as f64).round() as i64;
        let (whole, fraction) = (scaled.abs() / scale, scaled.abs() % scale);
        let mut text = Money::new(whole, Currency::JPY).format_number(group, "");
        if fraction != 0 {
            let digits = format!("{fraction:0width$}", width = usize::from(decimals));
            text.push_str(mark);
            text.push_str(digits.trim_end_matches('0'));
        }
        if scaled < 0 {
            text.insert(0, '-');
        }
        self.digits(&text)
    }

    /// A percentage with up to two decimals, with this locale's sign ("12.5%", "۱۲٫۵٪").
    pub fn percent_decimal(self, n: f64) -> String {
        let number = self.decimal(n, 2);
        match self {
            Locale::Fa => format!("{number}\u{066A}"),
            _ => format!("{number}%"),
        }
    }

    /// A count grouped in thousands: "1,234,567", "1.234.567", "۱٬۲۳۴٬۵۶۷".
    pub fn count(self, n: i64) -> String {
        let (group, _) = self.separators();
        self.digits(&Money::new(n, Currency::JPY).format_number(group, ""))
    }

    /// An amount as it is put in a field for this locale's person to edit: grouped, in
    /// their marks and digits, without the currency's sign ("12.500.000", "۱۲٬۵۰۰").
    pub fn amount_for_typing(self, m: Money) -> String {
        let (group, decimal) = self.separators();
        self.digits(&m.format_number(group, decimal))
    }

    /// The marks that group thousands in what a person of this locale types.
    pub fn group_marks(self) -> &'static [char] {
        match self {
            Locale::Vi => &['.'],
            _ => &[',', '\u{066C}'],
        }
    }

    /// An amount as typed by a person of this locale (see `Money::read`).
    pub fn read_amount(self, text: &str, currency: Currency) -> Result<Money, AmountError> {
        Money::read(text, currency, self.decimal_separator())
    }

    /// A whole number as typed by a person of this locale: digits of any script, grouped in
    /// thousands by this locale's marks or not ("1,200", "1.200" in Vietnamese, "۱٬۲۰۰"); the
    /// groups are read as strictly as an amount's, and decimals are refused.
    pub fn read_count(self, text: &str) -> Option<u32> {
        if text.trim().is_empty() {
            return None;
        }
        let western = crate::domain::reading::western_digits(text);
        let read = self.read_amount(&western, Currency::JPY).ok()?;
        u32::try_from(read.minor).ok()
    }

    /// A number with at most `places` decimals as typed by a person of this locale (a line's
    /// quantity "2,5" in Vietnamese, "۲٫۵" in Persian), read strictly: its smallest parts.
    pub fn read_fixed(self, text: &str, places: u32) -> Result<i64, AmountError> {
        Money::read_fixed(text, places, self.decimal_separator())
    }

    /// A percent with at most two decimals as typed ("12.5", "12,5 %" in Vietnamese, "۱۲٫۵٪"):
    /// hundredths of a percent.
    pub fn read_rate(self, text: &str) -> Result<i64, AmountError> {
        let digits = text.trim().trim_end_matches(['%', '\u{066A}']).trim_end();
        self.read_fixed(digits, 2)
    }

    /// Why a typed number is not one, in this language ("at most 3 decimals").
    pub fn number_error(self, error: AmountError) -> String {
        match error {
            AmountError::TooManyDecimals(n) => self
                .t(Key::DecimalsAtMost)
                .replace("{n}", &self.digits(&n.to_string())),
            AmountError::Ambiguous(_) | AmountError::BadGroups => {
                self.amount_error(error, Currency::JPY)
            }
            AmountError::NotANumber | AmountError::TooLarge => {
                self.t(Key::InvalidNumber).to_string()
            }
        }
    }

    /// A whole percent as typed: digits of any script, a percent sign after them or not
    /// ("35", "35%", "۳۵٪"); at most 100.
    pub fn read_percent(self, text: &str) -> Option<u8> {
        let digits = text.trim().trim_end_matches(['%', '\u{066A}']).trim_end();
        crate::domain::reading::western_digits(digits)
            .parse()
            .ok()
            .filter(|p| *p <= 100)
    }

    /// Why typed text is not an amount, in this language.
    pub fn amount_error(self, error: AmountError, currency: Currency) -> String {
        match error {
            AmountError::NotANumber | AmountError::TooLarge => {
                self.t(Key::InvalidAmount).to_string()
            }
            AmountError::Ambiguous(mark) => self
                .t(Key::AmountAmbiguous)
                .replace("{mark}", &mark.to_string())
                .replace(
                    "{example}",
                    &format!(
                        "{}{}{}",
                        self.count(1234),
                        self.separators().1,
                        self.digits("5")
                    ),
                ),
            AmountError::BadGroups => self.t(Key::AmountGroups).to_string(),
            AmountError::TooManyDecimals(0) => self
                .t(Key::AmountNoDecimals)
                .replace("{currency}", currency.code()),
            AmountError::TooManyDecimals(n) => self
                .t(Key::AmountDecimals)
                .replace("{currency}", currency.code())
                .replace("{n}", &self.digits(&n.to_string())),
        }
    }

    /// What a person is typing in an amount field (`text`, after `before`), grouped in
    /// thousands as they type it in this locale's marks and digits ("1234567" → "1,234,567",
    /// "1234,5" → "1.234,5" in Vietnamese), the decimals as typed so far. `None` leaves it as
    /// typed: text that is not that plain (a sign, a word of size), and a group mark the
    /// person typed where it cannot group ("12,5" in English is never made "125": it is read,
    /// and refused, as typed).
    pub fn grouped_as_typed(self, before: &str, text: &str) -> Option<String> {
        let marks = |t: &str| t.chars().filter(|c| self.group_marks().contains(c)).count();
        let ours = before.is_empty() || self.regrouped(before).as_deref() == Some(before);
        let grouped = self.regrouped(text)?;
        let their_marks_group = {
            let whole = text.split(self.decimal_marks()).next().unwrap_or_default();
            let mut groups = whole.split(|c| self.group_marks().contains(&c));
            let first = groups.next().unwrap_or_default();
            (1..=3).contains(&first.chars().count()) && groups.all(|g| g.chars().count() == 3)
        };
        let whole_marked = text
            .split(self.decimal_marks())
            .next()
            .is_some_and(|w| marks(w) > 0);
        // What this edit put in: the text between what it kept of the start and of the end.
        let start = before
            .chars()
            .zip(text.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let (was, is) = (before.chars().count(), text.chars().count());
        let end = before
            .chars()
            .rev()
            .zip(text.chars().rev())
            .take_while(|(a, b)| a == b)
            .count()
            .min(is - start)
            .min(was - start);
        let typed_mark = text
            .chars()
            .skip(start)
            .take(is - start - end)
            .any(|c| self.group_marks().contains(&c));
        // A key typed or digits taken out of our grouping; not text put over a part of it (a
        // paste, a fill) nor a cut across its marks, which are read as they are.
        let cut_marks = before
            .chars()
            .skip(start)
            .take(was - start - end)
            .any(|c| self.group_marks().contains(&c));
        let one_edit = match (is - start - end, was - start - end) {
            (_, 0) => true,
            (0, 1) => true,
            (0, _) => !cut_marks,
            _ => false,
        };
        let kept = !whole_marked || their_marks_group || (ours && one_edit && !typed_mark);
        kept.then_some(grouped)
    }

    /// The marks that end the whole part of what a person of this locale types.
    fn decimal_marks(self) -> &'static [char] {
        match self {
            Locale::Vi => &[','],
            _ => &['.', '\u{066B}'],
        }
    }

    /// `text` grouped in thousands in this locale's marks and digits, if it is digits, this
    /// locale's group marks and at most one decimal mark followed by digits.
    /// Text being typed that cannot be grouped yet ("150.000." on the way to "150.000.000"):
    /// in this locale's digits, with the marks the person typed, not ones put in for them (a
    /// Persian "٫" put after "150" goes back to the "." typed), so digits never mix and
    /// the text is read as the person wrote it.
    pub fn as_typed(self, text: &str) -> String {
        match self {
            Locale::Fa => self.digits(
                &text
                    .chars()
                    .map(|c| match c {
                        '\u{066B}' => '.',
                        '\u{066C}' => ',',
                        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
                        other => other,
                    })
                    .collect::<String>(),
            ),
            _ => text.to_string(),
        }
    }

    fn regrouped(self, text: &str) -> Option<String> {
        let (group, decimal) = self.separators();
        let western: String = text
            .chars()
            .map(|c| match c {
                '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
                '\u{066B}' => '.',
                '\u{066C}' => ',',
                other => other,
            })
            .collect();
        let (mark, group_mark) = match self {
            Locale::Vi => (',', '.'),
            _ => ('.', ','),
        };
        let (whole, fraction) = match western.split_once(mark) {
            Some((w, f)) => (w, Some(f)),
            None => (western.as_str(), None),
        };
        let digits: String = whole.chars().filter(|&c| c != group_mark).collect();
        let plain = !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && fraction.is_none_or(|f| f.chars().all(|c| c.is_ascii_digit()));
        if !plain || digits.len() > 18 {
            return None;
        }
        let whole: i64 = digits.parse().ok()?;
        let mut grouped = Money::new(whole, Currency::JPY).format_number(group, "");
        if digits.len() > 1 && digits.starts_with('0') {
            return None;
        }
        if let Some(f) = fraction {
            grouped.push_str(decimal);
            grouped.push_str(f);
        }
        Some(self.digits(&grouped))
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

    /// The day weeks start on in this language's calendars: Saturday in Iran, Sunday in
    /// Thailand, Monday elsewhere.
    pub fn first_weekday(self) -> chrono::Weekday {
        match self {
            Locale::Fa => chrono::Weekday::Sat,
            Locale::Th => chrono::Weekday::Sun,
            _ => chrono::Weekday::Mon,
        }
    }

    /// The short names of the days of the week, from `first_weekday` on.
    pub fn weekday_names(self) -> [&'static str; 7] {
        match self {
            Locale::En => ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
            Locale::Vi => ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
            Locale::Zh => ["一", "二", "三", "四", "五", "六", "日"],
            Locale::Th => ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"],
            Locale::Fa => ["ش", "ی", "د", "س", "چ", "پ", "ج"],
        }
    }

    /// A month's name and year as a date picker heads it, in `calendar`: "December 2026",
    /// "Tháng 12 2026", "2026年12月", "ธันวาคม 2569", "آذر ۱۴۰۵".
    pub fn month_title(self, calendar: Calendar, (year, month): (i32, u32)) -> String {
        const JALALI: [&str; 12] = [
            "فروردین",
            "اردیبهشت",
            "خرداد",
            "تیر",
            "مرداد",
            "شهریور",
            "مهر",
            "آبان",
            "آذر",
            "دی",
            "بهمن",
            "اسفند",
        ];
        const TH: [&str; 12] = [
            "มกราคม",
            "กุมภาพันธ์",
            "มีนาคม",
            "เมษายน",
            "พฤษภาคม",
            "มิถุนายน",
            "กรกฎาคม",
            "สิงหาคม",
            "กันยายน",
            "ตุลาคม",
            "พฤศจิกายน",
            "ธันวาคม",
        ];
        const FA: [&str; 12] = [
            "ژانویه",
            "فوریه",
            "مارس",
            "آوریل",
            "مه",
            "ژوئن",
            "ژوئیه",
            "اوت",
            "سپتامبر",
            "اکتبر",
            "نوامبر",
            "دسامبر",
        ];
        let m = (month as usize).clamp(1, 12) - 1;
        let shown_year = if calendar == Calendar::Buddhist {
            year + 543
        } else {
            year
        };
        let text = match (calendar, self) {
            (Calendar::Jalali, _) => format!("{} {shown_year}", JALALI[m]),
            (_, Locale::Th) => format!("{} {shown_year}", TH[m]),
            (_, Locale::Zh) => format!("{shown_year}年{month}月"),
            (_, Locale::Vi) => format!("Tháng {month} {shown_year}"),
            (_, Locale::Fa) => format!("{} {shown_year}", FA[m]),
            (_, Locale::En) => format!("{} {shown_year}", EN_MONTHS[m]),
        };
        self.digits(&text)
    }

    /// A month of reports and targets (they count Gregorian months) as the reader names it:
    /// "December 2026", "ธันวาคม 2569" in the Buddhist era, "دسامبر ۲۰۲۶" for a reader of the
    /// Solar Hijri calendar (its months do not line up with these, so the month is named, not
    /// numbered as if it were one of theirs).
    pub fn report_month(self, calendar: Calendar, first: NaiveDate) -> String {
        use chrono::Datelike;
        let calendar = match calendar {
            Calendar::Jalali => Calendar::Gregorian,
            other => other,
        };
        self.month_title(calendar, (first.year(), first.month()))
    }

    /// The same, short, for a chart's axis: "12/26", "12/69" (Buddhist era), "دسامبر ۲۶".
    pub fn report_month_short(self, calendar: Calendar, first: NaiveDate) -> String {
        use chrono::Datelike;
        let year = match calendar {
            Calendar::Buddhist => first.year() + 543,
            _ => first.year(),
        } % 100;
        let text = match (self, calendar) {
            (Locale::Fa, _) | (_, Calendar::Jalali) => {
                let long = self.report_month(calendar, first);
                let name = long
                    .rsplit_once(' ')
                    .map_or(long.as_str(), |(name, _)| name);
                format!("{name} {year:02}")
            }
            _ => format!("{:02}/{year:02}", first.month()),
        };
        self.digits(&text)
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
            // The month by its name: "4 Dec 2026" reads the same to every English reader, where
            // "04/12/2026" is April to some (a Solar Hijri month has no English short name).
            Locale::En if calendar != Calendar::Jalali => {
                format!("{d} {} {y}", &EN_MONTHS[m as usize - 1][..3])
            }
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
        // Records linked to this one (a filter's `opportunity.company_id`): their kind's name,
        // with the field that links them when there are several.
        if let Some((from, via)) = field.split_once('.') {
            let many = self.kind(from, true);
            let ways = crate::domain::Record::fields_of(from)
                .unwrap_or_default()
                .iter()
                .filter(|f| match f.ty {
                    crate::domain::field::FieldType::Link(target) => target == kind,
                    crate::domain::field::FieldType::Subject => true,
                    _ => false,
                })
                .count();
            return match ways {
                0 | 1 => many,
                _ => format!("{many} · {}", self.field_label(from, via)),
            };
        }
        if crate::domain::custom_field::is_custom(field)
            && let Some(label) =
                crate::domain::custom_field::known_label(kind, field, self.language())
        {
            return label;
        }
        let found = crate::domain::Record::field(kind, field).or_else(|| {
            crate::domain::Record::KINDS
                .iter()
                .find_map(|k| crate::domain::Record::field(k, field))
        });
        match found {
            Some(f) => self.label(f.label).to_string(),
            None => field
                .strip_prefix(crate::domain::custom_field::PREFIX)
                .unwrap_or(field)
                .replace('_', " "),
        }
    }

    /// What a person calls a kind of record (one of them, or `many`), in this language.
    pub fn kind(self, kind: &str, many: bool) -> String {
        match crate::domain::Record::label_of(kind) {
            Some(l) => self.label(if many { l.many } else { l.one }).to_string(),
            None => kind.replace('_', " "),
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

    /// The field a refusal names (`kind.field`, or a part of it: `quotation.lines.2.quantity`
    /// is the second line's quantity, `currency_settings.rates.USD` the dollar's rate), in this
    /// language; an older refusal's own words as they are.
    pub fn field_of_refusal(self, code: &str) -> String {
        let mut parts = code.splitn(3, '.');
        let (Some(kind), Some(field), part) = (parts.next(), parts.next(), parts.next()) else {
            return code.to_string();
        };
        if crate::domain::Record::field(kind, field).is_none()
            && !crate::domain::custom_field::is_custom(field)
        {
            return code.to_string();
        }
        let label = match (kind, field, part.and_then(|p| p.split_once('.'))) {
            ("quotation", "lines", Some((n, sub))) => {
                let line = self.t(Key::LineNumber).replace("{n}", n);
                match crate::domain::quotation::LINE_FIELDS
                    .iter()
                    .find(|f| f.name == sub)
                {
                    // Part of a phrase: "line 2: quantity", "dòng 2: số lượng".
                    Some(f) => format!("{line}: {}", lower_first(self.label(f.label))),
                    None => line,
                }
            }
            _ => match part {
                Some(part) => format!("{} {part}", self.field_label(kind, field)),
                None => self.field_label(kind, field),
            },
        };
        // Inside a sentence, Vietnamese does not capitalise a common noun.
        match self {
            Locale::Vi => lower_first(&label),
            _ => label,
        }
    }

    /// What a formula gives (`number`, `text`, `yes_no`, `date`), inside a sentence.
    pub fn type_word(self, name: &str) -> String {
        lower_first(self.label(crate::domain::custom_field::CustomType::label_of(name)))
    }

    /// The refusal with its fields named in this language.
    fn with_labels(self, e: &RuleError) -> RuleError {
        match e {
            RuleError::Required(field) => RuleError::Required(self.field_of_refusal(field)),
            RuleError::NotPositive(field) => RuleError::NotPositive(self.field_of_refusal(field)),
            RuleError::TooLong { field, max } => RuleError::TooLong {
                field: self.field_of_refusal(field),
                max: *max,
            },
            RuleError::OutOfRange { field, min, max } => RuleError::OutOfRange {
                field: self.field_of_refusal(field),
                min: *min,
                max: *max,
            },
            RuleError::TooManyDecimals { field, max } => RuleError::TooManyDecimals {
                field: self.field_of_refusal(field),
                max: *max,
            },
            RuleError::WouldNotConvert {
                field,
                failed,
                held,
            } => RuleError::WouldNotConvert {
                field: self.field_of_refusal(field),
                failed: *failed,
                held: *held,
            },
            RuleError::Missing { kind, id } => RuleError::Missing {
                // English names it inside its sentence; the others open theirs with it.
                kind: match self {
                    Locale::En => lower_first(&self.kind(kind, false)),
                    _ => self.kind(kind, false),
                },
                id: *id,
            },
            RuleError::NoneNamed { kind, name } => RuleError::NoneNamed {
                kind: lower_first(&self.kind(kind, false)),
                name: name.clone(),
            },
            RuleError::FormulaType {
                near,
                expected,
                found,
            } => RuleError::FormulaType {
                near: near.clone(),
                expected: expected
                    .split('|')
                    .map(|t| self.type_word(t))
                    .collect::<Vec<_>>()
                    .join(" / "),
                found: self.type_word(found),
            },
            RuleError::FormulaCycle(path) => RuleError::FormulaCycle(
                path.split(" → ")
                    .map(|code| self.field_of_refusal(code))
                    .collect::<Vec<_>>()
                    .join(" → "),
            ),
            RuleError::FormulaBroken(f) => RuleError::FormulaBroken(self.field_of_refusal(f)),
            RuleError::FormulaBreaks(f) => RuleError::FormulaBreaks(self.field_of_refusal(f)),
            RuleError::Computed(f) => RuleError::Computed(self.field_of_refusal(f)),
            RuleError::FilterField(f) => RuleError::FilterField(self.field_of_refusal(f)),
            RuleError::FilterValue { field, value } => RuleError::FilterValue {
                field: self.field_of_refusal(field),
                value: value.clone(),
            },
            other => other.clone(),
        }
    }

    /// A refused change, explained.
    pub fn rule_error(self, e: &RuleError) -> String {
        let e = &self.with_labels(e);
        match self {
            Locale::En => e.to_string(),
            Locale::Vi => vi::vi_rule_error(e),
            Locale::Zh => zh::zh_rule_error(e),
            Locale::Th => th::th_rule_error(e),
            Locale::Fa => fa::fa_rule_error(e),
        }
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
    fn a_report_month_is_named_in_the_readers_era_and_never_numbered_as_a_solar_hijri_one() {
        let december = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let month = |l: Locale, c| {
            (
                l.report_month(c, december),
                l.report_month_short(c, december),
            )
        };
        assert_eq!(
            month(Locale::En, Calendar::Gregorian),
            ("December 2026".into(), "12/26".into())
        );
        assert_eq!(
            month(Locale::Th, Calendar::Buddhist),
            ("ธันวาคม 2569".into(), "12/69".into())
        );
        // December is not the twelfth Solar Hijri month (Esfand): it is named.
        assert_eq!(
            month(Locale::Fa, Calendar::Jalali),
            ("دسامبر ۲۰۲۶".into(), "دسامبر ۲۶".into())
        );
        assert_eq!(month(Locale::Vi, Calendar::Gregorian).1, "12/26");
    }

    #[test]
    fn persian_text_not_yet_an_amount_keeps_one_kind_of_digit_and_the_marks_typed() {
        assert_eq!(Locale::Fa.as_typed("۱۵۰٫۰۰۰.000"), "۱۵۰.۰۰۰.۰۰۰");
        assert_eq!(Locale::Fa.as_typed("۱٬5"), "۱,۵");
        assert_eq!(
            Locale::Fa
                .read_amount(&Locale::Fa.as_typed("۱۵۰٫۰۰۰.000"), Currency::VND)
                .map(|m| m.minor),
            Ok(150_000_000)
        );
        assert!(matches!(
            Locale::Fa.read_amount(&Locale::Fa.as_typed("۱٬5"), Currency::VND),
            Err(AmountError::Ambiguous(','))
        ));
        assert_eq!(Locale::En.as_typed("150.000."), "150.000.");
    }

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
        // A no-break space: the sign never wraps onto a line of its own.
        assert_eq!(Locale::Vi.money(vnd), "12.500.000\u{A0}₫");
        assert_eq!(Locale::En.money(vnd), "₫12,500,000");
        assert_eq!(
            Locale::En.money(Money::new(123_450, Currency::USD)),
            "$1,234.50"
        );
        assert_eq!(
            Locale::Vi.money(Money::new(123_450, Currency::USD)),
            "1.234,50\u{A0}US$"
        );
        // Yuan and yen told apart where both are written with ¥.
        let (cny, jpy) = (Money::new(100, Currency::CNY), Money::new(1, Currency::JPY));
        assert_eq!(
            (Locale::En.money(cny), Locale::En.money(jpy)),
            ("CN¥1.00".into(), "¥1".into())
        );
        assert_eq!(
            (Locale::Zh.money(cny), Locale::Zh.money(jpy)),
            ("¥1.00".into(), "JP¥1".into())
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
        assert_eq!(Locale::En.date(nowruz, Calendar::Gregorian), "21 Mar 2025");
        assert_eq!(Locale::En.date(nowruz, Calendar::Buddhist), "21 Mar 2568");
        assert_eq!(Locale::En.date(nowruz, Calendar::Jalali), "1404-01-01");
        // Every day English shows is read back as that day, in each calendar.
        for day in [nowruz, NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()] {
            for calendar in [Calendar::Gregorian, Calendar::Buddhist, Calendar::Jalali] {
                let shown = Locale::En.date(day, calendar);
                assert_eq!(
                    crate::domain::reading::read_date(&shown),
                    Some(day),
                    "{shown}"
                );
            }
        }
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
        assert_eq!(Locale::Fa.money(vnd), "\u{200E}₫۱۲٬۵۰۰٬۰۰۰");
        assert_eq!(
            Locale::Fa.t_n(Key::DaysN, 12),
            Locale::Fa.t(Key::DaysN).replace("{n}", "۱۲")
        );
        // What a Persian keyboard types is read as the number it is.
        assert_eq!(Locale::Fa.read_amount("۱۲٬۵۰۰٬۰۰۰", Currency::VND), Ok(vnd));
        assert_eq!(
            Locale::Fa.read_amount("۱۲٫۵", Currency::USD),
            Ok(Money::new(1250, Currency::USD))
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

    /// Quantities and percents typed in a quotation's lines, as each locale writes them; groups
    /// read strictly, never guessed.
    #[test]
    fn counts_and_percents_are_read_in_every_locales_digits() {
        assert_eq!(Locale::En.read_count("1,200"), Some(1200));
        assert_eq!(Locale::Vi.read_count("1.200"), Some(1200));
        assert_eq!(Locale::Fa.read_count("۱٬۲۰۰"), Some(1200));
        assert_eq!(Locale::Th.read_count("๑๒"), Some(12));
        assert_eq!(Locale::Fa.read_count("۳"), Some(3));
        // A decimal, a misplaced group, a sign, nothing: no count.
        assert_eq!(Locale::En.read_count("1.5"), None);
        assert_eq!(Locale::En.read_count("12,00"), None);
        assert_eq!(Locale::En.read_count("-3"), None);
        assert_eq!(Locale::En.read_count(" "), None);
        assert_eq!(Locale::Fa.read_percent("۱۰٪"), Some(10));
        assert_eq!(Locale::En.read_percent("8 %"), Some(8));
        assert_eq!(Locale::Vi.read_percent("101"), None);
        assert_eq!(Locale::Vi.read_percent("ten"), None);
    }

    #[test]
    fn quantities_and_rates_with_decimals_are_read_strictly() {
        assert_eq!(Locale::En.read_fixed("2.5", 3), Ok(2_500));
        assert_eq!(Locale::Vi.read_fixed("2,5", 3), Ok(2_500));
        assert_eq!(Locale::Fa.read_fixed("۲٫۵", 3), Ok(2_500));
        assert_eq!(Locale::En.read_fixed("1,234.125", 3), Ok(1_234_125));
        assert_eq!(Locale::Vi.read_fixed("1.234", 3), Ok(1_234_000));
        assert_eq!(
            Locale::En.read_fixed("2,5", 3),
            Err(AmountError::Ambiguous(','))
        );
        assert_eq!(
            Locale::En.read_fixed("0.0005", 3),
            Err(AmountError::TooManyDecimals(3))
        );
        assert_eq!(Locale::En.read_fixed("", 3), Err(AmountError::NotANumber));
        assert_eq!(Locale::En.read_rate("12.5%"), Ok(1_250));
        assert_eq!(Locale::Vi.read_rate("12,5 %"), Ok(1_250));
        assert_eq!(Locale::Fa.read_rate("۸٫۵٪"), Ok(850));
        assert_eq!(
            Locale::Vi.number_error(AmountError::TooManyDecimals(2)),
            "tối đa 2 chữ số thập phân"
        );
        assert_eq!(
            Locale::Fa.number_error(AmountError::TooManyDecimals(3)),
            "حداکثر ۳ رقم اعشار"
        );
    }

    /// Amounts, percents, counts and days as CLDR writes them (`cldr.tsv`, made with the ICU
    /// in Node by `end2end/tools/cldr-fixture.mjs`): ours are the same, character for
    /// character, and what CLDR writes reads back as the value it came from (amounts, counts and
    /// percents as typed in a field, days as read in an imported sheet). English days are
    /// not in it: Rapport writes them as CLDR's British English does ("4 Dec 2026", which no
    /// English reader takes for another day), not as the fixture's American English.
    #[test]
    fn numbers_and_days_are_written_as_cldr_writes_them_and_read_back() {
        let mut checked = 0;
        for line in include_str!("i18n/cldr.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let [what, tag, value, text] = line.split('\t').collect::<Vec<_>>()[..] else {
                panic!("a line of four columns: {line}");
            };
            let l = Locale::from_tag(tag).expect(tag);
            let whole = |v: &str| v.parse::<i64>().expect(v);
            match what {
                "money" => {
                    let (minor, code) = value.split_once(' ').expect(value);
                    let m = Money::new(whole(minor), Currency::parse(code).expect(code));
                    assert_eq!(l.money(m), text, "{tag} {value}");
                    assert_eq!(l.read_amount(text, m.currency), Ok(m), "{tag} {text}");
                }
                "percent" => {
                    assert_eq!(l.percent(whole(value)), text, "{tag} {value}");
                    assert_eq!(
                        l.read_percent(text).map(i64::from),
                        Some(whole(value)),
                        "{tag} {text}"
                    );
                }
                "count" => {
                    assert_eq!(l.count(whole(value)), text, "{tag} {value}");
                    assert_eq!(
                        l.read_amount(text, Currency::JPY).map(|m| m.minor),
                        Ok(whole(value)),
                        "{tag} {text}"
                    );
                }
                "day" => {
                    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").expect(value);
                    assert_eq!(l.date(day, l.default_calendar()), text, "{tag} {value}");
                    assert_eq!(
                        crate::domain::reading::read_date(text),
                        Some(day),
                        "{tag} {text}"
                    );
                }
                other => panic!("unknown line {other}"),
            }
            checked += 1;
        }
        assert!(checked > 300, "the fixture is there ({checked} lines)");
    }

    #[test]
    fn amounts_are_grouped_as_they_are_typed() {
        let typed = |l: Locale, before: &str, text: &str| l.grouped_as_typed(before, text);
        let en = Locale::En;
        assert_eq!(
            typed(en, "15000000", "150000000").as_deref(),
            Some("150,000,000")
        );
        // A digit typed into a grouped number, or taken out of it.
        assert_eq!(typed(en, "1,234", "1,2345").as_deref(), Some("12,345"));
        assert_eq!(
            typed(en, "1,234,567", "1,23,567").as_deref(),
            Some("123,567")
        );
        assert_eq!(typed(en, "12,345", "12,345.").as_deref(), Some("12,345."));
        assert_eq!(
            typed(Locale::Vi, "1234", "1234,5").as_deref(),
            Some("1.234,5")
        );
        assert_eq!(
            typed(Locale::Fa, "", "1500000").as_deref(),
            Some("۱٬۵۰۰٬۰۰۰")
        );
        assert_eq!(
            typed(Locale::Fa, "۱۲۳", "۱۲۳۴٫۵").as_deref(),
            Some("۱٬۲۳۴٫۵")
        );
        assert_eq!(typed(en, "", "1,500,000").as_deref(), Some("1,500,000"));
        // A mark the person typed that cannot group is left for the reading to refuse.
        assert_eq!(typed(en, "12", "12,"), None);
        assert_eq!(typed(en, "12,", "12,5"), None);
        assert_eq!(typed(en, "1,550,000,000", "12,5"), None);
        assert_eq!(typed(Locale::Vi, "1.500.000.000", "1.5"), None);
        assert_eq!(typed(Locale::Vi, "1", "1.5"), None);
        assert_eq!(typed(Locale::Vi, "", "150tr"), None);
        assert_eq!(typed(en, "", "-5"), None);
        assert_eq!(typed(en, "", ""), None);
        assert_eq!(typed(en, "", "007"), None);
    }

    #[test]
    fn a_refused_amount_says_why_in_the_readers_words() {
        let en = Locale::En;
        let refusal = |text| {
            en.amount_error(
                en.read_amount(text, Currency::USD).unwrap_err(),
                Currency::USD,
            )
        };
        assert!(refusal("12,5").contains("1,234.5"), "{}", refusal("12,5"));
        assert!(refusal("0.005").contains("at most 2"));
        assert!(
            Locale::Vi
                .amount_error(AmountError::TooManyDecimals(0), Currency::VND)
                .contains("VND")
        );
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
        // A quotation line's field, and a currency's rate, with their place.
        let line = RuleError::Required("quotation.lines.2.description".into());
        assert_eq!(Locale::Vi.rule_error(&line), "Cần nhập dòng 2: mô tả");
        assert!(Locale::Zh.rule_error(&line).contains("第 2 行: 描述"));
        let rate = RuleError::OutOfRange {
            field: "currency_settings.rates.USD".into(),
            min: 1,
            max: 9,
        };
        assert!(Locale::Th.rule_error(&rate).contains("อัตราแลกเปลี่ยน USD"));
        // A refusal stored before fields had labels keeps its words.
        assert_eq!(
            Locale::En.rule_error(&RuleError::Required("tag name".into())),
            "tag name is required"
        );
    }

    #[test]
    fn a_missing_record_is_named_by_its_kind_in_the_readers_language() {
        let id = uuid::Uuid::nil();
        let gone = |kind: &str| RuleError::Missing {
            kind: kind.into(),
            id,
        };
        assert_eq!(
            Locale::En.rule_error(&gone("activity_type")),
            format!("the activity type {id} does not exist")
        );
        assert_eq!(
            Locale::Vi.rule_error(&gone("company")),
            "Công ty này không tồn tại"
        );
        assert_eq!(Locale::Zh.rule_error(&gone("source")), "该来源不存在");
        assert_eq!(
            Locale::Fa.rule_error(&gone("campaign")),
            "این کمپین وجود ندارد"
        );
        assert_eq!(Locale::Th.kind("quotation", true), "ใบเสนอราคา");
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
