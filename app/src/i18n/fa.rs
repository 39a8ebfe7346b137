//! Persian (written right to left) texts of every `Key`, refusals and field names.

use super::Key;
use crate::domain::RuleError;

pub(super) fn fa(key: Key) -> &'static str {
    match key {
        Key::Pipeline => "قیف فروش",
        Key::Loading => "در حال بارگذاری قیف فروش…",
        Key::AddOpportunity => "افزودن فرصت فروش",
        Key::OpportunityTitle => "عنوان فرصت فروش",
        Key::Customer => "مشتری",
        Key::ExpectedRevenue => "درآمد مورد انتظار",
        Key::Currency => "ارز",
        Key::Add => "افزودن",
        Key::Cancel => "انصراف",
        Key::NoOpportunities => "فرصت فروشی وجود ندارد",
        Key::OpportunitiesCount => "{n} فرصت فروش",
        Key::Priority => "اولویت",
        Key::Language => "زبان",
        Key::Online => "به‌روز",
        Key::Offline => "آفلاین",
        Key::Retrying => "سرور مشغول است؛ تلاش دوباره",
        Key::Syncing => "در حال همگام‌سازی…",
        Key::Waiting => "{n} تغییر در انتظار ارسال",
        Key::Refused => "سرور یک تغییر را نپذیرفت",
        Key::Dismiss => "بستن",
        Key::Fold => "جمع کردن ستون",
        Key::Unfold => "باز کردن ستون",
        Key::Delete => "حذف",
        Key::InvalidAmount => "مبلغ را به عدد وارد کنید، مثلاً ۱۲۵۰۰۰۰",
        Key::OnePerLine => "گزینه‌ها، هر خط یکی",
        Key::Decimals => "رقم اعشار",
        Key::NextColour => "با کلیک رنگ بعدی را بگیرید",
        Key::Yes => "بله",
        Key::No => "خیر",
        Key::DeletedFields => "حذف‌شده: مقدارهایشان نگه داشته می‌شود و با بازگرداندن برمی‌گردد",
        Key::DeletedFieldsKept => {
            "مقدارهای فیلد تا {n} روز پس از حذف در رکوردها می‌مانند و با بازگرداندن آن برمی‌گردند؛ سپس پاک می‌شوند."
        }
        Key::SegmentInAll => {
            "در مجموع {n}، با احتساب معامله‌هایی که بیش از یک سال پیش بسته شده‌اند (از سرور)"
        }
        Key::CustomFieldsHint => {
            "آنچه تیم شما فراتر از فیلدهای Rapport دنبال می‌کند: در فرم، روی کارت اگر انتخاب شود، و در تاریخچه نمایش داده می‌شود."
        }
        Key::MoreFields => "فیلدهای بیشتر",
        Key::OtherTeamsStage => {
            "این فرصت از آنِ تیم دیگری است: فقط میان مرحله‌های تیم خودش جابه‌جا می‌شود (برای بردن به آنجا، تیمش را در فرصت تغییر دهید)."
        }
        Key::WasDeleted => "حذف شد",
        Key::WasRestored => "بازگردانده شد",
        Key::NoSuchDay => "چنین روزی نیست: دوباره بنویسید یا از تقویم برگزینید.",
        Key::CopyByHand => {
            "مرورگر آن را رونوشت نکرد: نشانی انتخاب شده است، خودتان رونوشت کنید (Ctrl+C، یا در گوشی نگه دارید)."
        }
        Key::NewCalendarFeedAsk => {
            "نشانی تازه نشانی کنونی را از کار می‌اندازد: تقویم‌هایی که به آن پیوسته‌اند باید نشانی تازه را بگیرند. نشانی تازه ساخته شود؟"
        }
        Key::NotKeptInBrowser => {
            "این تغییر در این مرورگر نگه داشته نشد و انجام نشد ({reason}). کمی فضای دستگاه را آزاد کنید و دوباره امتحان کنید."
        }
        Key::NeedsConnection => {
            "این کار به اتصال به سرور نیاز دارد. وقتی آنلاین شدید دوباره امتحان کنید."
        }
        Key::ServerUnreachable => "به سرور دسترسی نبود. کمی بعد دوباره امتحان کنید.",
        Key::ServerAnswerUnreadable => {
            "پاسخ سرور خوانده نشد. صفحه را دوباره بارگذاری کنید؛ اگر تکرار شد به مدیر سیستم خبر دهید."
        }
        Key::Previous => "قبلی",
        Key::Next => "بعدی",
        Key::Week => "هفته",
        Key::MovedTo => "به {date} منتقل شد",
        Key::CalendarFeed => "فعالیت‌های شما در تقویم تلفن",
        Key::CalendarFeedHint => {
            "این نشانی را در برنامهٔ تقویم خود مشترک شوید (Google Calendar: تقویم‌های دیگر ← از URL؛ آیفون: تنظیمات ← تقویم ← حساب‌ها ← افزودن تقویم مشترک). فعالیت‌هایی که به شما سپرده شده را نشان می‌دهد و با تغییرات به‌روز می‌شود."
        }
        Key::MakeCalendarFeed => "ساختن نشانی تقویم من",
        Key::NewCalendarFeed => "ساختن نشانی تازه (نشانی قبلی از کار می‌افتد)",
        Key::StopCalendarFeed => "توقف نشانی تقویم",
        Key::CalendarFeedOnce => {
            "همین حالا کپی کنید: فقط یک بار نشان داده می‌شود. هر کس آن را داشته باشد فعالیت‌های شما را می‌بیند؛ آن را محرمانه نگه دارید."
        }
        Key::CalendarFeedMadeOn => "نشانی تقویم شما در {date} ساخته شد.",
        Key::Copy => "کپی",
        Key::Copied => "کپی شد",
        Key::Rotting => "راکد",
        Key::RottingHint => "معامله‌هایی که بیش از روزهای تعیین‌شدهٔ مرحله تغییری نکرده‌اند",
        Key::RottingFor => "راکد: {n} روز بدون تغییر",
        Key::InStageFor => "{n} روز در این مرحله",
        Key::DaysShort => "{n} روز",
        Key::RottingAfter => "راکد پس از (روز، ۰: هرگز)",
        Key::InvalidRottingDays => "روزهای راکد باید عددی صحیح از ۰ تا ۳۶۵۰ باشد",
        Key::FoldColumn => "جمع کردن این ستون",
        Key::UnfoldColumn => "باز کردن این ستون",
        Key::More => "بیشتر",
        Key::CalendarName => "تقویم",
        Key::AccountMenu => "حساب شما",
        Key::PickADay => "انتخاب روز",
        Key::MonthBefore => "ماه قبل",
        Key::MonthAfter => "ماه بعد",
        Key::ReapplyFailed => {
            "«{what}» به‌موقع برنگشت تا تغییر شما دوباره اعمال شود: آن را دوباره انجام دهید"
        }
        Key::CancelActivity => "لغو فعالیت",
        Key::CancelActivityQuestion => "این فعالیت لغو شود؟ دیگر برنمی‌گردد.",
        Key::KeepIt => "نگه دار",
        Key::Tomorrow => "فردا",
        Key::ThisWeek => "این هفته",
        Key::LaterOn => "بعداً",
        Key::OverwrittenBy => "تغییر شما در {field} «{what}» با تغییر بعدی {who} جایگزین شد: {won}",
        Key::SearchDeals => "جستجوی فرصت‌ها: عنوان، مشتری، مخاطب، تلفن، ایمیل",
        Key::Mine => "مال من",
        Key::AnySalesperson => "همهٔ کارشناسان",
        Key::AnyTag => "همهٔ برچسب‌ها",
        Key::AnyActivity => "همهٔ فعالیت‌ها",
        Key::DueTodayOrBefore => "سررسید امروز یا گذشته",
        Key::DealsShown => "فرصت‌های نمایش داده شده: {n}",
        Key::ClearFilters => "پاک کردن فیلترها",
        Key::WeightedShort => "وزنی {amount}",
        Key::DeletedUndo => "«{what}» حذف شد",
        Key::Undo => "واگرد",
        Key::UnsavedQuestion => "تغییرهایی دارید که ذخیره نشده‌اند.",
        Key::Discard => "کنار گذاشتن",
        Key::KeepEditing => "ادامهٔ ویرایش",
        Key::DeleteQuestion => "«{what}» حذف شود؟ تا چند ثانیه می‌توانید آن را واگرد کنید.",
        Key::AmountAmbiguous => {
            "«{mark}» اینجا می‌تواند جداکننده هزارگان یا ممیز باشد: مبلغ را مانند {example} بنویسید یا واحد (هزار، میلیون) بیفزایید"
        }
        Key::AmountGroups => "ارقام را سه‌تا سه‌تا جدا کنید (۱٬۲۳۴٬۵۶۷) یا اصلاً جدا نکنید",
        Key::AmountNoDecimals => "مبلغ {currency} رقم اعشار ندارد",
        Key::AmountDecimals => "مبلغ {currency} حداکثر {n} رقم اعشار دارد",
        Key::AmountReadAs => "خوانده شد: {amount}",
        Key::Restore => "بازیابی",
        Key::Won => "موفق",
        Key::Lost => "ناموفق",
        Key::MarkLost => "ثبت به‌عنوان ناموفق",
        Key::LostReason => "دلیل ناموفق بودن",
        Key::NoReason => "— بدون دلیل —",
        Key::Note => "یادداشت",
        Key::LostDeals => "ناموفق ({n})",
        Key::NoLostDeals => "فرصت فروش ناموفقی وجود ندارد",
        Key::Reopen => "بازگشایی",
        Key::Email => "ایمیل",
        Key::Board => "تابلو",
        Key::List => "فهرست",
        Key::Search => "جستجوی عنوان، مشتری، ایمیل، تلفن",
        Key::GroupBy => "گروه‌بندی بر اساس",
        Key::SortBy => "مرتب‌سازی بر اساس",
        Key::AsPlaced => "به ترتیب چیدمان",
        Key::Reversed => "ترتیب معکوس",
        Key::Nothing => "بدون گروه‌بندی",
        Key::Stage => "مرحله",
        Key::Close => "بستن",
        Key::Salesperson => "کارشناس فروش",
        Key::Nobody => "— هیچ‌کس —",
        Key::Team => "تیم فروش",
        Key::AllTeams => "همهٔ تیم‌ها",
        Key::NoTeam => "— بدون تیم —",
        Key::Description => "توضیحات",
        Key::Tags => "برچسب‌ها",
        Key::Activities => "فعالیت‌ها",
        Key::ScheduleActivity => "برنامه‌ریزی فعالیت",
        Key::ActivityType => "نوع فعالیت",
        Key::DueDate => "تاریخ سررسید",
        Key::Summary => "خلاصه",
        Key::MarkDone => "انجام شد",
        Key::Feedback => "بازخورد",
        Key::Overdue => "عقب‌افتاده",
        Key::Today => "امروز",
        Key::Planned => "برنامه‌ریزی‌شده",
        Key::NoActivities => "کاری برای انجام نیست",
        Key::MyActivities => "فعالیت‌های من",
        Key::Everyone => "همهٔ افراد",
        Key::SuggestedNext => "در ادامه، برنامه‌ریزی کنید:",
        Key::Leads => "سرنخ‌ها",
        Key::NewLead => "سرنخ جدید",
        Key::LeadTitle => "عنوان سرنخ",
        Key::Convert => "تبدیل به فرصت فروش",
        Key::Lead => "سرنخ",
        Key::Opportunity => "فرصت فروش",
        Key::MoreCount => "+{n} مورد دیگر",
        Key::DecimalsAtMost => "حداکثر {n} رقم اعشار",
        Key::CreateNew => "ایجاد مورد جدید",
        Key::NoneChoice => "هیچ‌کدام",
        Key::MatchedOnEmail => "ایمیل یکسان",
        Key::MatchedOnPhone => "تلفن یکسان",
        Key::MatchedOnName => "نام یکسان",
        Key::Contacts => "مخاطبین",
        Key::Companies => "شرکت‌ها",
        Key::Contact => "مخاطب",
        Key::Company => "شرکت",
        Key::NewContact => "مخاطب جدید",
        Key::NewCompany => "شرکت جدید",
        Key::JobTitle => "سمت شغلی",
        Key::Address => "آدرس",
        Key::Timeline => "خط زمانی",
        Key::Settings => "تنظیمات",
        Key::Stages => "مراحل",
        Key::LostReasons => "دلایل ناموفق بودن",
        Key::Name => "نام",
        Key::Leader => "سرپرست تیم",
        Key::Members => "اعضا",
        Key::ForQuotations => "پیش‌فاکتورها",
        Key::ForOpportunities => "فرصت‌های فروش",
        Key::ForWarranty => "گارانتی",
        Key::WonStage => "مرحلهٔ موفق",
        Key::Folded => "جمع‌شده",
        Key::MoveUp => "انتقال به بالا",
        Key::MoveDown => "انتقال به پایین",
        Key::Colour => "رنگ",
        Key::Icon => "آیکون",
        Key::Delay => "فاصلهٔ زمانی",
        Key::Days => "روز",
        Key::Weeks => "هفته",
        Key::Months => "ماه",
        Key::AfterCompletion => "پس از انجام",
        Key::AfterPreviousDeadline => "پس از مهلت قبلی",
        Key::Chaining => "پس از انجام آن",
        Key::ChainNothing => "کاری انجام نشود",
        Key::ChainSuggest => "پیشنهاد فعالیت‌های بعدی",
        Key::ChainTrigger => "برنامه‌ریزی خودکار فعالیت بعدی",
        Key::Edit => "ویرایش",
        Key::NoLeads => "سرنخی برای ارزیابی وجود ندارد",
        Key::HistoryOffline => "تاریخچهٔ کامل هنگام آنلاین بودن نمایش داده می‌شود.",
        Key::PageNotLoaded => {
            "این صفحه هنوز روی این دستگاه نیست؛ وقتی دوباره آنلاین شوید باز می‌شود."
        }
        Key::TryAgain => "تلاش دوباره",
        Key::Opportunities => "فرصت‌های فروش",
        Key::Everyone2 => "همه",
        Key::Done => "انجام‌شده",
        Key::AddStage => "افزودن مرحله",
        Key::EveryTeamsStage => "همهٔ تیم‌ها",
        Key::Created => "ایجاد کرد",
        Key::Changed => "{field} را تغییر داد",
        Key::ActivityDoneOn => "انجام شد",
        Key::Nobody2 => "هیچ‌کس",
        Key::ConvertTitle => "تبدیل سرنخ",
        Key::Open => "باز",
        Key::Quotations => "پیش‌فاکتورها",
        Key::NewQuotation => "پیش‌فاکتور جدید",
        Key::Product => "محصول",
        Key::Quantity => "تعداد",
        Key::UnitPrice => "قیمت واحد",
        Key::Discount => "تخفیف (٪)",
        Key::Tax => "مالیات (٪)",
        Key::Untaxed => "مبلغ بدون مالیات",
        Key::TaxAmount => "مبلغ مالیات",
        Key::Total => "جمع کل",
        Key::AddLine => "افزودن ردیف",
        Key::Send => "ثبت به‌عنوان ارسال‌شده",
        Key::Accept => "پذیرفتن",
        Key::Decline => "رد کردن",
        Key::Print => "چاپ / PDF",
        Key::Draft => "پیش‌نویس",
        Key::Sent => "ارسال‌شده",
        Key::Accepted => "پذیرفته‌شده",
        Key::Declined => "ردشده",
        Key::Price => "قیمت",
        Key::ValidUntil => "معتبر تا",
        Key::BackToDraft => "بازگشت به پیش‌نویس",
        Key::QuotationFor => "پیش‌فاکتور برای",
        Key::Line => "ردیف",
        Key::NoProduct => "— متن آزاد —",
        Key::InvalidNumber => "یک عدد صحیح وارد کنید",
        Key::LogNote => "ثبت یادداشت",
        Key::Any => "همه",
        Key::Save => "ذخیره",
        Key::Phone => "تلفن",
        Key::Probability => "احتمال (٪)",
        Key::ExpectedClose => "تاریخ بستن مورد انتظار",
        Key::InvalidProbability => "یک عدد صحیح از ۰ تا ۱۰۰ وارد کنید",
        Key::InvalidDate => "یک تاریخ انتخاب کنید",
        Key::Overwritten => {
            "تغییر شما در {field} «{what}» با تغییر جدیدتری از جای دیگر جایگزین شد: {won}"
        }
        Key::DeletedMeanwhile => "«{what}» را شخص دیگری حذف کرده است؛ بنابراین تغییر شما ذخیره نشد",
        Key::LineNumber => "ردیف {n}",
        Key::StorageFull => {
            "فضای ذخیره‌سازی این مرورگر پر است؛ بنابراین تابلو برای استفادهٔ آفلاین نگه داشته نمی‌شود. \
             تغییرات ارسال‌نشدهٔ شما امن هستند و همچنان ارسال خواهند شد."
        }
        Key::NoOfflineCopy => {
            "این مرورگر اجازه نمی‌دهد Rapport داده‌ها را نگه دارد (فضای ذخیره‌سازی خاموش است یا پنجرهٔ خصوصی است)، پس بدون اینترنت باز نمی‌شود. \
             تا وقتی آنلاین هستید همه‌چیز کار می‌کند و تغییرات ارسال‌نشدهٔ شما نگه داشته می‌شوند."
        }
        Key::CopyUnreadable => {
            "نسخهٔ ذخیره‌شدهٔ داده‌های شما در این مرورگر خوانده نشد، پس با وصل شدن به اینترنت دوباره دریافت می‌شود؛ تا آن زمان چیزی بدون اینترنت باز نمی‌شود. \
             تغییرات ارسال‌نشدهٔ شما امن هستند و همچنان ارسال خواهند شد."
        }
        Key::ServerCouldNotTake => {
            "سرور فعلاً نتوانست تغییرات شما را بپذیرد؛ تغییرات نگه داشته شده و به‌زودی دوباره ارسال می‌شوند. پیام سرور:"
        }
        Key::Dashboard => "داشبورد",
        Key::Period => "بازهٔ زمانی",
        Key::ThisMonth => "این ماه",
        Key::ThisQuarter => "این سه‌ماهه",
        Key::ThisYear => "امسال",
        Key::Last12Months => "۱۲ ماه گذشته",
        Key::AllSalespeople => "همهٔ کارشناسان فروش",
        Key::OpenPipeline => "ارزش فرصت‌های باز",
        Key::WeightedPipeline => "ارزش وزنی قیف فروش",
        Key::WonThisMonth => "موفق در این ماه",
        Key::WonThisQuarter => "موفق در این سه‌ماهه",
        Key::OfTarget => "{n}٪ از هدف",
        Key::NoTarget => "هدفی تعیین نشده است",
        Key::WinRate => "نرخ موفقیت",
        Key::LeadToOpportunity => "سرنخ ← فرصت فروش",
        Key::OpportunityToWon => "سرنخ ← موفق",
        Key::SalesCycle => "میانگین چرخهٔ فروش",
        Key::DaysN => "{n} روز",
        Key::OverdueActivities => "فعالیت‌های عقب‌افتاده",
        Key::Funnel => "قیف به تفکیک مرحله",
        Key::Forecast => "پیش‌بینی بر اساس ماه بستن مورد انتظار",
        Key::Weighted => "وزنی",
        Key::Unweighted => "بدون وزن",
        Key::WonAndLost => "موفق و ناموفق در طول زمان",
        Key::Campaigns => "کمپین‌ها",
        Key::Sources => "منابع",
        Key::Campaign => "کمپین",
        Key::Source => "منبع",
        Key::ShowTable => "جدول",
        Key::ShowChart => "نمودار",
        Key::ExportCsv => "خروجی CSV",
        Key::Month => "ماه",
        Key::Deals => "معاملات",
        Key::Value => "ارزش",
        Key::Qualified => "واجد شرایط",
        Key::WonRevenue => "درآمد محقق‌شده",
        Key::Conversion => "نرخ تبدیل",
        Key::Earlier => "عقب‌افتاده",
        Key::NoRate => "معاملات با این ارزها نرخ ارز ندارند و در جمع‌ها حساب نشده‌اند:",
        Key::Undated => "{n} معاملهٔ باز تاریخ بستن مورد انتظار ندارند و در پیش‌بینی نیستند",
        Key::Targets => "اهداف ماهانه",
        Key::Amount => "مبلغ",
        Key::Organisation => "کل سازمان",
        Key::CurrencyRates => "ارز و نرخ‌های ارز",
        Key::CompanyCurrency => "گزارش‌ها به ارز",
        Key::PhoneCountry => "شماره‌های بدون کد کشور متعلق به",
        Key::PhoneCountryFromCurrency => "— کشورِ ارز —",
        Key::SignIn => "ورود",
        Key::Password => "گذرواژه",
        Key::WrongCredentials => "ایمیل یا گذرواژه نادرست است",
        Key::TooManyAttempts => "تلاش‌های ناموفق زیاد است: {n} ثانیهٔ دیگر دوباره امتحان کنید",
        Key::DemoAccounts => "حساب‌های نمایشی. گذرواژهٔ همه:",
        Key::SignOut => "خروج",
        Key::SignOutEverywhere => "خروج از همهٔ دستگاه‌ها",
        Key::UnsentOnSignOut => {
            "{n} تغییر هنوز به سرور نرسیده است. باز هم خارج می‌شوید و آن‌ها را از دست می‌دهید؟"
        }
        Key::ChangePassword => "تغییر گذرواژه",
        Key::CurrentPassword => "گذرواژهٔ فعلی",
        Key::NewPassword => "گذرواژهٔ تازه (دست‌کم ۱۰ نویسه)",
        Key::PasswordChanged => "گذرواژه تغییر کرد",
        Key::People => "افراد و دسترسی",
        Key::Role => "نقش",
        Key::RoleAdmin => "مدیر سامانه",
        Key::RoleManager => "مدیر فروش",
        Key::RoleSalesperson => "کارشناس فروش",
        Key::RoleReadOnly => "فقط خواندنی",
        Key::Active => "فعال",
        Key::SetPassword => "تعیین گذرواژه",
        Key::AddPerson => "افزودن فرد",
        Key::SharedPipeline => "اعضا کل قیف فروش تیم را می‌بینند",
        Key::ReadOnlyNotice => "فقط خواندنی: می‌توانید ببینید، ولی نمی‌توانید چیزی را تغییر دهید",
        Key::Account => "حساب کاربری",
        Key::NotFoundOrHidden => "این رکورد وجود ندارد یا اجازهٔ دیدن آن را ندارید.",
        Key::LoadingRecord => "در حال بارگذاری…",
        Key::FetchingRecord => "روی این دستگاه نگه داشته نشده است: در حال باز کردن از سرور…",
        Key::NotKeptHere => {
            "این رکورد روی این دستگاه نگه داشته نمی‌شود: معامله‌هایی که بیش از یک سال پیش بسته شده‌اند و آنچه به آن‌ها تعلق دارد فقط روی سرور هستند. وقتی آنلاین شوید باز می‌شود."
        }
        Key::PastOnServer => {
            "معامله‌هایی که پیش از {date} بسته شده‌اند روی سرور نگه داشته می‌شوند، نه روی این دستگاه."
        }
        Key::SearchPast => "جستجو در سرور",
        Key::PastNone => "هیچ معاملهٔ قدیمی‌تری مطابقت ندارد.",
        Key::PastNeedsConnection => "جستجوی معامله‌های قدیمی‌تر به اتصال نیاز دارد.",
        Key::Import => "ورود اطلاعات",
        Key::ImportFile => "ورود از فایل",
        Key::ImportWhat => "محتوای فایل",
        Key::ImportChooseFile => "فایل (CSV یا Excel ‎.xlsx)",
        Key::ImportUpload => "خواندن فایل",
        Key::ImportReading => "در حال خواندن فایل…",
        Key::ImportEncoding => "کدگذاری",
        Key::ImportSeparator => "جداکننده",
        Key::ImportDetect => "تشخیص خودکار",
        Key::ImportTab => "تب",
        Key::ImportHeaderRow => "ردیف اول نام ستون‌هاست",
        Key::ImportLeaveOut => "— وارد نشود —",
        Key::ImportWhenSame => "وقتی ردیفی با رکورد موجود یکی است",
        Key::ImportSkip => "رکورد موجود را دست نزن",
        Key::ImportUpdate => "با داده‌های ردیف به‌روز کن",
        Key::ImportCreate => "در هر حال رکورد تازه بساز",
        Key::ImportCurrency => "واحد پول مبلغ‌های بدون واحد",
        Key::ImportDecimal => "ممیز اعشار عددها",
        Key::ImportDecimalEach => "از خود هر عدد (1.234.567 · 12,5)",
        Key::ImportDecimalPoint => "نقطه: 1,234.5",
        Key::ImportDecimalComma => "ویرگول: 1.234,5",
        Key::ImportedFrom => "وارد شده از",
        Key::ImportCreateTags => "برچسب‌های ناموجود را بساز: {names}",
        Key::ImportSaveAs => "این نگاشت را ذخیره کن با نام",
        Key::ImportMappingUsed => "نگاشت ذخیره‌شدهٔ «{name}» به کار رفت.",
        Key::ImportCheck => "بررسی فایل",
        Key::ImportChecking => "در حال بررسی همهٔ ردیف‌ها…",
        Key::ImportChecked => {
            "هنوز چیزی ثبت نشده. {create} تازه، {update} به‌روزرسانی، {skip} رد شده، {failed} با اشتباه."
        }
        Key::ImportNewCompanies => "شرکت‌های تازهٔ نام‌برده در فایل که با آن ساخته می‌شوند: {n}.",
        Key::ImportMoreFailures => "فقط {n} مورد اول فهرست شده؛ فایل دانلودی همه را دارد.",
        Key::ImportLine => "خط",
        Key::ImportColumn => "ستون",
        Key::ImportWhy => "دلیل",
        Key::ImportStart => "ورود {n} ردیف",
        Key::ImportProgress => "{done} از {total} ردیف",
        Key::ImportRate => "{n} ردیف در ثانیه",
        Key::ImportQueued => "در انتظار شروع",
        Key::ImportRunning => "در حال ورود",
        Key::ImportDone => "وارد شد",
        Key::ImportCancelled => "لغو شد: دسته‌های پیش از آن ماندند",
        Key::ImportFailed => "با خطا متوقف شد: دسته‌های پیش از آن ماندند",
        Key::ImportUndone => "برگردانده شد",
        Key::ImportCounts => "{created} ساخته، {updated} به‌روز، {skipped} رد، {failed} ناموفق",
        Key::ImportUndo => "برگرداندن این ورود",
        Key::ImportUndoSays => {
            "رکوردهایی را که این ورود ساخت، اگر کسی تغییرشان نداده، حذف می‌کند. رکوردهای به‌روزشده مقدار تازه را نگه می‌دارند."
        }
        Key::ImportDownloadFailed => "دانلود ردیف‌های دارای اشتباه",
        Key::ImportAnother => "ورود فایل دیگر",
        Key::ImportHistory => "ورودهای پیشین",
        Key::ImportNone => "هنوز فایلی وارد نشده.",
        Key::ImportNeedsConnection => "ورود اطلاعات به اتصال به سرور نیاز دارد.",
        Key::ImportRows => "{n} ردیف",
        Key::ImportFieldOf => "فیلد ستون «{column}»",
        Key::PossibleDuplicates => "شاید از قبل اینجا باشد:",
        Key::NameAlike => "نام {n}٪ شبیه",
        Key::Duplicates => "موارد تکراری",
        Key::DuplicatesNone => "مورد تکراری احتمالی پیدا نشد.",
        Key::DuplicatesLooking => "در حال یافتن موارد تکراری…",
        Key::DuplicatesMerge => "ادغام در مورد نگه‌داشته",
        Key::DuplicatesNotSame => "تکراری نیستند",
        Key::DuplicatesMore => "و {n} مورد دیگر",
        Key::DuplicatesValue => "مقدار نگه‌داشته برای هر فیلد متفاوت:",
        Key::DuplicatesKeptValue => "— مقدار مورد نگه‌داشته —",
        Key::DuplicatesMergeSays => {
            "مورد ماندنی را انتخاب کنید: بقیه بایگانی می‌شوند و به آن اشاره می‌کنند، و معامله‌ها، فعالیت‌ها و یادداشت‌هایشان به آن منتقل می‌شود."
        }
        Key::MergedInto => "ادغام شد در",
        Key::BringBack => "بازگرداندن",
        Key::PlainValues => "مقادیر خام",
        Key::PlainValuesHint => "تاریخ ISO و عدد ساده، برای برنامه‌ای دیگر",
        Key::PageNotFound => "چنین صفحه‌ای وجود ندارد.",
        Key::SignedInAs => "وارد شده با نام",
        Key::Saved => "ذخیره شد",
        Key::RateOf => "۱ {n} =",
        Key::CreatedCount => "ایجادشده",
        Key::LostCount => "ناموفق",
        Key::WonCount => "موفق",
        Key::Later => "و بعد از آن",
        Key::ComputedIn => "محاسبه‌شده از نسخهٔ روی این دستگاه",
        Key::TargetThisMonth => "هدف این ماه",
        Key::TargetThisQuarter => "هدف این سه‌ماهه",
        Key::FormulaField => "فرمول",
        Key::FormulaHint => {
            "فیلدها با نام (x_price) یا برچسب در آکولاد ({label})، پیوندها با نقطه (company.name)، + − * /، & برای پیوستن متن، = != < > <= >=، and، or، not و تابع‌ها: {functions}"
        }
        Key::FormulaGives => "نتیجه: {type}",
        Key::Computed => "محاسبه‌شده",
        Key::FilterButton => "فیلتر",
        Key::FilterAdd => "افزودن شرط",
        Key::FilterAddGroup => "افزودن گروه",
        Key::FilterAll => "همهٔ این شرط‌ها",
        Key::FilterAny => "یکی از این شرط‌ها",
        Key::FilterLeftOut => "نادیده گرفته شد چون فیلد دیگر وجود ندارد: {fields}",
        Key::FilterField => "فیلد",
        Key::FilterOperator => "شرط",
        Key::FilterValue => "مقدار",
        Key::FilterRemove => "حذف این شرط",
        Key::Me => "من",
        Key::MyTeam => "تیم من",
        Key::Views => "نما",
        Key::AllView => "همه",
        Key::SaveView => "ذخیره به‌عنوان نما",
        Key::SaveViewChanges => "ذخیرهٔ تغییرات",
        Key::ViewName => "نام نما",
        Key::SharedWith => "اشتراک با",
        Key::OnlyMe => "فقط من",
        Key::DefaultView => "این نما به‌طور پیش‌فرض باز شود",
        Key::DeleteView => "حذف این نما",
        Key::ViewEdited => "ویرایش‌شده",
        Key::ViewGone => "این نما حذف شده یا با شما به اشتراک گذاشته نشده است",
        Key::ValuesConvert => "{n} مقداری که دارد به نوع تازه تبدیل می‌شود",
        Key::PredictedProbability => "احتمال پیش‌بینی‌شده",
        Key::PredictionWhy => "بیشترین اثر را داشت",
        Key::ProbabilityByHand => "دستی تعیین شده",
        Key::UsePredicted => "استفاده از پیش‌بینی",
        Key::EmailQuality => "کیفیت ایمیل",
        Key::PhoneQuality => "کیفیت شماره تلفن",
        Key::QualityNone => "ندارد",
        Key::QualityCorrect => "معتبر",
        Key::QualityIncorrect => "نامعتبر",
        Key::PredictionLearnFrom => "یادگیری از",
        Key::PredictionStart => "یادگیری از معامله‌های ایجادشده از",
        Key::PredictionOff => "پیش‌بینی خاموش است: روز شروع یادگیری را انتخاب کنید.",
        Key::LearnNow => "اکنون بیاموز",
        Key::LearntFrom => "آموخته از {won} معاملهٔ موفق و {lost} معاملهٔ ناموفق",
        Key::NotLearntYet => {
            "هنوز آموخته نشده: سرور ظرف یک دقیقه می‌آموزد، یا همین حالا با «اکنون بیاموز»."
        }
        Key::PredictionAlways => "مرحله و تیم فروش همیشه به حساب می‌آیند.",
        Key::Raises => "افزایش می‌دهد",
        Key::Lowers => "کاهش می‌دهد",
        Key::LeadsPerMonth => "سرنخ تازه در هر ۳۰ روز",
        Key::Away => "در مرخصی",
        Key::AssignNow => "واگذاری سرنخ‌های منتظر همین حالا",
        Key::AssignedCount => "سرنخ‌هایی که تیم گرفتند: {teams}؛ کارشناس گرفتند: {people}",
        Key::AssignedByRule => "واگذارشده با قاعدهٔ تیم",
        Key::PerThirtyDays => "سرنخ / ۳۰ روز",
        Key::LeadFunnel => "قیف سرنخ‌ها",
        Key::Mql => "MQL",
        Key::Sql => "SQL",
        Key::FunnelMql => "واجد شرایط بازاریابی (MQL)",
        Key::FunnelSql => "پذیرفته فروش (SQL)",
        Key::SentBack => "بازگردانده شد",
        Key::SendBack => "بازگرداندن",
        Key::HandToSales => "تحویل به فروش",
        Key::WhySentBack => "چرا بازگردانده می‌شود؟",
        Key::ScoreN => "امتیاز {n}",
        Key::ScoreLikeThese => "امتیاز به سرنخ‌های این‌چنینی",
        Key::ScoringRulesHelp => {
            "هر قاعده امتیاز خود را به هر سرنخی که شرط‌هایش را دارد می‌دهد؛ امتیاز سرنخ جمع آن‌هاست. شرط‌ها را در صفحهٔ سرنخ‌ها بسازید و سپس «امتیاز به سرنخ‌های این‌چنینی» را بزنید."
        }
        Key::MqlAtHelp => {
            "سرنخی که امتیازش به این عدد برسد یک بار به فروش تحویل می‌شود؛ خالی: هرگز بر اساس امتیاز."
        }
        Key::NoScoringRules => "هنوز قاعدهٔ امتیازدهی ندارید.",
        Key::ShowTheLeads => "نمایش سرنخ‌ها",
        Key::RuleAdded => "قاعده افزوده شد: سرنخ‌های این‌چنینی {n} امتیاز می‌گیرند.",
        Key::ScoredBy => "دلیل این امتیاز",
        Key::ShareOfLeads => "سهم از سرنخ‌ها",
        Key::GiveLikeThese => "سرنخ‌های تازهٔ این‌چنینی را بده به",
        Key::GivenLikeThese => "{who} از این پس سرنخ‌های تازهٔ این‌چنینی را می‌گیرد.",
        Key::TakesLikeThese => "سرنخ‌های تازهٔ این‌چنینی را می‌گیرد",
        Key::AnyLead => "هر سرنخی را بگیرد",
        Key::Give => "بده",
        Key::GivenToYou => "{what} اکنون با شماست.",
        Key::DuplicateGiven => "همان {what}: به کسی که آن را دارد داده شد",
        Key::TwinsGiven => "{n} سرنخ همان سرنخی بود که کسی دارد و به او داده شد.",
        Key::ByTerritory => "بر پایهٔ منطقه",
        Key::TerritoryHelp => {
            "منطقه از کل کشورها، استان‌ها و آغاز کدهای پستی ساخته می‌شود. تیم یا عضوی که منطقه‌ای را پوشش می‌دهد فقط سرنخ‌های تازهٔ آن‌جا را می‌گیرد (تنظیمات ← تیم‌های فروش)."
        }
        Key::PostcodesHint => "مثلاً ۱۱, ۱۳ (با ویرگول جدا کنید)",
        Key::DeletedMeanwhileBy => "{who} «{what}» را حذف کرده است؛ بنابراین تغییر شما ذخیره نشد",
        Key::DeletedMeanwhileByYou => {
            "شما «{what}» را در پنجره یا دستگاه دیگری حذف کرده‌اید؛ بنابراین این تغییر ذخیره نشد"
        }
        Key::MergeThem => "ادغام…",
        Key::JobFailed => {
            "{job} در {time} ناموفق بود (شناسه {reference}). خودکار دوباره امتحان می‌شود؛ وقتی درست شود این پیام می‌رود."
        }
        Key::JobLeadScoring => "امتیازدهی سرنخ‌ها",
        Key::JobAssignment => "واگذاری سرنخ‌ها",
        Key::JobPrediction => "یادگیری احتمال پیش‌بینی",
        Key::JobNamesAlike => "جست‌وجوی نام‌های مشابه",
        Key::JobFieldPurge => "پاک‌کردن مقدارهای فیلدهای حذف‌شده",
    }
}

pub(super) fn fa_rule_error(e: &RuleError) -> String {
    match e {
        RuleError::EmptyTitle => "عنوان خالی است: برای فرصت فروش یک نام بگذارید".into(),
        RuleError::TooLong { field, max } => {
            format!("{field} بیش از حد طولانی است: حداکثر {max} نویسه")
        }
        RuleError::NegativeRevenue => "درآمد مورد انتظار نمی‌تواند منفی باشد".into(),
        RuleError::RevenueTooLarge => "درآمد مورد انتظار بیش از حد بزرگ است".into(),
        RuleError::InvalidProbability => "احتمال باید بین ۰ تا ۱۰۰ باشد".into(),
        RuleError::WonProbabilityFixed => "احتمال فرصت فروش موفق همیشه ۱۰۰ است".into(),
        RuleError::InvalidPriority => "اولویت باید بین ۰ تا ۳ ستاره باشد".into(),
        RuleError::InvalidEmail(v) => format!("«{v}» نشانی ایمیل معتبری نیست"),
        RuleError::InvalidPhone(v) => {
            format!("«{v}» شماره تلفن معتبری نیست: فقط از رقم، فاصله و + - ( ) . استفاده کنید")
        }
        RuleError::UnknownStage(_) => "این مرحله وجود ندارد".into(),
        RuleError::UnknownOpportunity(_) => "این فرصت فروش وجود ندارد".into(),
        RuleError::Deleted(_) => "این فرصت فروش حذف شده است".into(),
        RuleError::AlreadyExists(_) => "این فرصت فروش از قبل وجود دارد".into(),
        RuleError::MalformedId { field, value } => {
            format!("{field} شناسهٔ معتبری نیست: «{value}»")
        }
        RuleError::IdNotTimeOrdered => {
            "شناسهٔ رکورد جدید باید یک UUID زمان‌مرتب (نسخهٔ ۷) باشد".into()
        }
        RuleError::InvalidPosition(v) => format!("«{v}» موقعیت معتبری در ستون نیست"),
        RuleError::Malformed(why) => format!("تغییر قابل خواندن نبود: {why}"),
        RuleError::UnknownLostReason(_) => "این دلیل ناموفق بودن وجود ندارد".into(),
        RuleError::UnknownSalesperson(_) => "این کارشناس فروش کاربر این سازمان نیست".into(),
        RuleError::NoWonStage => {
            "مرحلهٔ موفق وجود ندارد: یک مرحلهٔ موفق به مراحل قیف فروش اضافه کنید".into()
        }
        RuleError::Required(what) => format!("وارد کردن {what} الزامی است"),
        RuleError::NotPositive(field) => format!("{field} باید بیشتر از ۰ باشد"),
        RuleError::OutOfRange { field, min, max } => {
            format!("{field} باید بین {min} و {max} باشد")
        }
        RuleError::Duplicate(name) => format!("«{name}» از قبل وجود دارد: نام دیگری انتخاب کنید"),
        RuleError::UnknownTeam(_) => "این تیم فروش وجود ندارد".into(),
        RuleError::UnknownTag(_) => "این برچسب وجود ندارد".into(),
        RuleError::StageOfAnotherTeam => {
            "این مرحله متعلق به تیم فروش دیگری است: یکی از مراحل همین تیم را انتخاب کنید".into()
        }
        RuleError::StageInUse(n) => {
            format!("این مرحله هنوز {n} فرصت فروش یا سرنخ دارد: ابتدا آن‌ها را منتقل کنید")
        }
        RuleError::TeamHasStages(n) => {
            format!(
                "این تیم هنوز {n} مرحلهٔ اختصاصی دارد: ابتدا آن‌ها را حذف کنید یا برای همهٔ تیم‌ها قرار دهید"
            )
        }
        RuleError::UnknownActivityType(_) => "این نوع فعالیت وجود ندارد".into(),
        RuleError::UnknownActivity(_) => "این فعالیت وجود ندارد".into(),
        RuleError::ActivityDone => "این فعالیت انجام شده است و دیگر قابل تغییر نیست".into(),
        RuleError::ActivityWithoutRecord => {
            "فعالیت یا یادداشت باید به یک سرنخ، فرصت فروش یا مخاطب مربوط باشد: یکی را انتخاب کنید"
                .into()
        }
        RuleError::UnknownContact(_) => "این مخاطب وجود ندارد".into(),
        RuleError::UnknownCompany(_) => "این شرکت وجود ندارد".into(),
        RuleError::NotALead => "این مورد دیگر سرنخ نیست و به فرصت فروش تبدیل شده است".into(),
        RuleError::RecordExists(_) => "رکوردی با این شناسه از قبل وجود دارد".into(),
        RuleError::UnknownRecord(_) => "این رکورد وجود ندارد".into(),
        RuleError::Missing { kind, .. } => format!("این {kind} وجود ندارد"),
        RuleError::NotAllowed => "نقش شما اجازهٔ این تغییر را نمی‌دهد".into(),
        RuleError::NotANumber(v) => format!("«{v}» عدد نیست"),
        RuleError::InvalidUrl(v) => format!("«{v}» نشانی وب نیست: با https:// شروع می‌شود"),
        RuleError::TooManyDecimals { field, max } => {
            format!("{field} حداکثر {max} رقم اعشار می‌پذیرد")
        }
        RuleError::WouldNotConvert {
            field,
            failed,
            held,
        } => format!(
            "{failed} از {held} مقدار {field} به نوع تازه تبدیل نمی‌شود: نخست آن‌ها را تغییر دهید، یا فیلد تازه‌ای بسازید"
        ),
        RuleError::NoOptions => "فهرست کشویی به گزینه‌هایش نیاز دارد: هر خط یکی بنویسید".into(),
        RuleError::NotADay(v) => {
            format!("«{v}» تاریخ نیست: آن را به شکل ۱۴۰۵/۰۹/۱۳ یا 2026-12-04 بنویسید")
        }
        RuleError::NotYesOrNo(v) => format!("«{v}» بله یا خیر نیست"),
        RuleError::NotAChoice { value, choices } => {
            format!("«{value}» یکی از این مقدارها نیست: {choices}")
        }
        RuleError::NoneNamed { kind, name } => format!("هیچ {kind} به نام «{name}» وجود ندارد"),
        RuleError::FormulaSyntax { at, near } => {
            format!("فرمول از نویسهٔ {at} خوانده نمی‌شود: «{near}»")
        }
        RuleError::FormulaUnknownName(n) => {
            format!("فرمول به «{n}» اشاره می‌کند که نه فیلدی در اینجاست و نه تابعی")
        }
        RuleError::FormulaArguments { function, min, max } if min == max => {
            format!("{function}() به {min} مقدار نیاز دارد")
        }
        RuleError::FormulaArguments { function, min, max } => {
            format!("{function}() به {min} تا {max} مقدار نیاز دارد")
        }
        RuleError::FormulaType {
            near,
            expected,
            found,
        } => {
            format!("«{near}» {found} می‌دهد، اما {expected} لازم است")
        }
        RuleError::FormulaCycle(path) => format!("فرمول به خودش برمی‌گردد: {path}"),
        RuleError::FormulaBroken(f) => {
            format!("فرمول از {f} استفاده می‌کند که فرمول خودش مشکل دارد")
        }
        RuleError::FormulaBreaks(f) => format!("این تغییر فرمول {f} را از کار می‌اندازد"),
        RuleError::Computed(f) => format!("{f} با فرمولش محاسبه می‌شود و نمی‌توان آن را وارد کرد"),
        RuleError::FilterField(f) => {
            format!("فیلتر به {f} اشاره می‌کند که اینجا فیلدی با این نام نیست")
        }
        RuleError::FilterValue { field, value } => {
            format!("«{value}» مقداری نیست که بتوان با {field} مقایسه کرد")
        }
        RuleError::TooLarge { bytes, max } => {
            format!(
                "این تغییر برای فرستادن بیش از حد بزرگ است ({bytes} بایت، حداکثر {max}): ذخیره نشد"
            )
        }
        RuleError::NotDeletable => "این نوع رکورد را نمی‌توان اینجا حذف کرد".into(),
        RuleError::NotEditable => "این نوع رکورد به این روش ویرایش نمی‌شود".into(),
        RuleError::UnknownProduct(_) => {
            "این محصول وجود ندارد یا حذف شده است: محصول دیگری انتخاب کنید".into()
        }
        RuleError::UnknownQuotation(_) => "این پیش‌فاکتور وجود ندارد".into(),
        RuleError::QuotationLocked => {
            "پیش‌فاکتور پذیرفته یا رد شده است و دیگر قابل ویرایش نیست: یک پیش‌فاکتور جدید بسازید"
                .into()
        }
        RuleError::InvalidTransition { from, to } => {
            format!("پیش‌فاکتور در وضعیت {from} نمی‌تواند به {to} تغییر کند")
        }
        RuleError::EmptyQuotation => {
            "پیش‌فاکتور بدون ردیف قابل پذیرش نیست: ابتدا یک ردیف اضافه کنید".into()
        }
    }
}
