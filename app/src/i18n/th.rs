//! Thai texts of every `Key`, refusals and field names.

use super::Key;
use crate::domain::RuleError;

pub(super) fn th(key: Key) -> &'static str {
    match key {
        Key::Pipeline => "ไปป์ไลน์การขาย",
        Key::Loading => "กำลังโหลดไปป์ไลน์การขาย…",
        Key::AddOpportunity => "เพิ่มโอกาสการขาย",
        Key::OpportunityTitle => "ชื่อโอกาสการขาย",
        Key::Customer => "ลูกค้า",
        Key::ExpectedRevenue => "รายได้ที่คาดหวัง",
        Key::Currency => "สกุลเงิน",
        Key::Add => "เพิ่ม",
        Key::Cancel => "ยกเลิก",
        Key::NoOpportunities => "ไม่มีโอกาสการขาย",
        Key::OpportunitiesCount => "{n} โอกาส",
        Key::Priority => "ลำดับความสำคัญ",
        Key::Language => "ภาษา",
        Key::Online => "ซิงค์แล้ว",
        Key::Offline => "ออฟไลน์",
        Key::Retrying => "เซิร์ฟเวอร์ไม่ว่าง กำลังลองใหม่",
        Key::Syncing => "กำลังซิงค์…",
        Key::Waiting => "การเปลี่ยนแปลง {n} รายการรอส่ง",
        Key::Refused => "เซิร์ฟเวอร์ปฏิเสธการเปลี่ยนแปลง",
        Key::Dismiss => "ปิด",
        Key::Fold => "ยุบคอลัมน์",
        Key::Unfold => "ขยายคอลัมน์",
        Key::Delete => "ลบ",
        Key::InvalidAmount => "พิมพ์จำนวนเงินเป็นตัวเลข เช่น 1250000",
        Key::OnePerLine => "ตัวเลือก บรรทัดละหนึ่งรายการ",
        Key::Decimals => "ทศนิยม",
        Key::NextColour => "คลิกเพื่อเปลี่ยนเป็นสีถัดไป",
        Key::Yes => "ใช่",
        Key::No => "ไม่",
        Key::DeletedFields => "ลบแล้ว: ค่ายังถูกเก็บไว้ และกลับมาเมื่อกู้คืน",
        Key::DeletedFieldsKept => {
            "ค่าของฟิลด์จะยังอยู่ในระเบียน {n} วันหลังจากลบ และกลับมาเมื่อกู้คืน จากนั้นจะถูกลบออก"
        }
        Key::SegmentInAll => "ทั้งหมด {n} รวมดีลที่ปิดไปเกินหนึ่งปีแล้ว (นับโดยเซิร์ฟเวอร์)",
        Key::CustomFieldsHint => {
            "สิ่งที่ทีมของคุณติดตามนอกเหนือจากฟิลด์ที่ Rapport มี: แสดงในฟอร์ม บนการ์ดถ้าเลือก และในไทม์ไลน์"
        }
        Key::MoreFields => "ฟิลด์เพิ่มเติม",
        Key::OtherTeamsStage => {
            "ดีลนี้เป็นของทีมอื่น: ย้ายได้เฉพาะระหว่างขั้นตอนของทีมตัวเอง (เปลี่ยนทีมในดีลก่อนจึงย้ายได้)"
        }
        Key::WasDeleted => "ลบแล้ว",
        Key::WasRestored => "กู้คืนแล้ว",
        Key::NoSuchDay => "ไม่มีวันนี้: พิมพ์ใหม่หรือเลือกจากปฏิทิน",
        Key::CopyByHand => {
            "เบราว์เซอร์คัดลอกไม่ได้: เลือกที่อยู่ไว้ให้แล้ว โปรดคัดลอกเอง (Ctrl+C หรือกดค้างบนโทรศัพท์)"
        }
        Key::NewCalendarFeedAsk => {
            "ที่อยู่ใหม่จะทำให้ที่อยู่ปัจจุบันใช้ไม่ได้: ปฏิทินที่สมัครไว้ต้องใช้ที่อยู่ใหม่ สร้างที่อยู่ใหม่หรือไม่?"
        }
        Key::NotKeptInBrowser => {
            "ไม่สามารถเก็บการเปลี่ยนแปลงนี้ในเบราว์เซอร์ได้ จึงยังไม่ได้บันทึก ({reason}) โปรดเพิ่มพื้นที่ว่างในอุปกรณ์แล้วลองอีกครั้ง"
        }
        Key::NeedsConnection => "ต้องเชื่อมต่อกับเซิร์ฟเวอร์ โปรดลองอีกครั้งเมื่อออนไลน์",
        Key::ServerUnreachable => "ติดต่อเซิร์ฟเวอร์ไม่ได้ โปรดลองอีกครั้งในอีกสักครู่",
        Key::ServerAnswerUnreadable => {
            "อ่านคำตอบของเซิร์ฟเวอร์ไม่ได้ โปรดโหลดหน้าใหม่ หากยังเกิดขึ้นอีก โปรดแจ้งผู้ดูแลระบบ"
        }
        Key::Previous => "ก่อนหน้า",
        Key::Next => "ถัดไป",
        Key::Week => "สัปดาห์",
        Key::MovedTo => "ย้ายไปวันที่ {date}",
        Key::CalendarFeed => "กิจกรรมของคุณในปฏิทินโทรศัพท์",
        Key::CalendarFeedHint => {
            "สมัครรับที่อยู่นี้ในแอปปฏิทิน (Google Calendar: ปฏิทินอื่นๆ → จาก URL; iPhone: การตั้งค่า → ปฏิทิน → บัญชี → เพิ่มปฏิทินที่สมัครรับ) แสดงกิจกรรมที่มอบหมายให้คุณและอัปเดตตามการเปลี่ยนแปลง"
        }
        Key::MakeCalendarFeed => "สร้างที่อยู่ปฏิทินของฉัน",
        Key::NewCalendarFeed => "สร้างที่อยู่ใหม่ (ที่อยู่เดิมจะใช้ไม่ได้)",
        Key::StopCalendarFeed => "หยุดใช้ที่อยู่ปฏิทิน",
        Key::CalendarFeedOnce => {
            "คัดลอกตอนนี้: จะแสดงเพียงครั้งเดียว ใครที่มีที่อยู่นี้จะอ่านกิจกรรมของคุณได้ โปรดเก็บเป็นความลับ"
        }
        Key::CalendarFeedMadeOn => "ที่อยู่ปฏิทินของคุณสร้างเมื่อ {date}",
        Key::Copy => "คัดลอก",
        Key::Copied => "คัดลอกแล้ว",
        Key::Rotting => "ค้างนาน",
        Key::RottingHint => "ดีลที่ไม่มีการเปลี่ยนแปลงเกินจำนวนวันของขั้นตอน",
        Key::RottingFor => "ค้างนาน: ไม่มีการเปลี่ยนแปลง {n} วัน",
        Key::InStageFor => "อยู่ในขั้นตอนนี้ {n} วัน",
        Key::DaysShort => "{n} วัน",
        Key::RottingAfter => "ค้างนานหลัง (วัน, 0: ไม่ใช้)",
        Key::InvalidRottingDays => "จำนวนวันค้างนานต้องเป็นจำนวนเต็ม 0 ถึง 3650",
        Key::FoldColumn => "ย่อคอลัมน์นี้",
        Key::UnfoldColumn => "ขยายคอลัมน์นี้",
        Key::More => "เพิ่มเติม",
        Key::CalendarName => "ปฏิทิน",
        Key::AccountMenu => "บัญชีของคุณ",
        Key::PickADay => "เลือกวัน",
        Key::MonthBefore => "เดือนก่อน",
        Key::MonthAfter => "เดือนถัดไป",
        Key::ReapplyFailed => "«{what}» ยังกลับมาไม่ทันให้ทำการแก้ไขของคุณอีกครั้ง: โปรดแก้ไขใหม่",
        Key::CancelActivity => "ยกเลิกกิจกรรม",
        Key::CancelActivityQuestion => "ยกเลิกกิจกรรมนี้? จะนำกลับมาไม่ได้",
        Key::KeepIt => "เก็บไว้",
        Key::Tomorrow => "พรุ่งนี้",
        Key::ThisWeek => "สัปดาห์นี้",
        Key::LaterOn => "ภายหลัง",
        Key::OverwrittenBy => {
            "การแก้ไข {field} ของ «{what}» ของคุณถูกแทนที่ด้วยการแก้ไขภายหลังของ {who}: {won}"
        }
        Key::SearchDeals => "ค้นหาดีล: ชื่อ ลูกค้า ผู้ติดต่อ โทรศัพท์ อีเมล",
        Key::Mine => "ของฉัน",
        Key::AnySalesperson => "พนักงานขายทุกคน",
        Key::AnyTag => "ทุกป้าย",
        Key::AnyActivity => "ทุกกิจกรรม",
        Key::DueTodayOrBefore => "ครบกำหนดวันนี้หรือเลยกำหนด",
        Key::DealsShown => "ดีลที่แสดง: {n}",
        Key::ClearFilters => "ล้างตัวกรอง",
        Key::WeightedShort => "ถ่วงน้ำหนัก {amount}",
        Key::DeletedUndo => "ลบ “{what}” แล้ว",
        Key::Undo => "เลิกทำ",
        Key::UnsavedQuestion => "มีการแก้ไขที่ยังไม่ได้บันทึก",
        Key::Discard => "ทิ้งการแก้ไข",
        Key::KeepEditing => "แก้ไขต่อ",
        Key::DeleteQuestion => "ลบ “{what}” หรือไม่? เลิกทำได้ภายในไม่กี่วินาที",
        Key::AmountAmbiguous => {
            "“{mark}” ตรงนี้อาจเป็นตัวคั่นหลักพันหรือจุดทศนิยม: เขียนแบบ {example} หรือเติมหน่วย (พัน, ล้าน)"
        }
        Key::AmountGroups => "จัดกลุ่มตัวเลขทีละสามหลัก (1,234,567) หรือไม่ต้องจัดกลุ่ม",
        Key::AmountNoDecimals => "จำนวนเงิน {currency} ไม่มีทศนิยม",
        Key::AmountDecimals => "จำนวนเงิน {currency} มีทศนิยมได้ไม่เกิน {n} ตำแหน่ง",
        Key::AmountReadAs => "อ่านได้ว่า {amount}",
        Key::Restore => "กู้คืน",
        Key::Won => "ชนะ",
        Key::Lost => "แพ้",
        Key::MarkLost => "ทำเครื่องหมายว่าแพ้",
        Key::LostReason => "เหตุผลที่แพ้",
        Key::NoReason => "— ไม่มีเหตุผล —",
        Key::Note => "หมายเหตุ",
        Key::LostDeals => "แพ้ ({n})",
        Key::NoLostDeals => "ไม่มีโอกาสการขายที่แพ้",
        Key::Reopen => "เปิดใหม่",
        Key::Email => "อีเมล",
        Key::Board => "บอร์ด",
        Key::List => "รายการ",
        Key::Search => "ค้นหาชื่อ ลูกค้า อีเมล โทรศัพท์",
        Key::GroupBy => "จัดกลุ่มตาม",
        Key::SortBy => "เรียงตาม",
        Key::AsPlaced => "ตามที่จัดวางไว้",
        Key::Reversed => "เรียงกลับด้าน",
        Key::Nothing => "ไม่จัดกลุ่ม",
        Key::Stage => "ขั้นตอน",
        Key::Close => "ปิด",
        Key::Salesperson => "พนักงานขาย",
        Key::Nobody => "— ยังไม่มอบหมาย —",
        Key::Team => "ทีมขาย",
        Key::AllTeams => "ทุกทีม",
        Key::NoTeam => "— ไม่มีทีม —",
        Key::Description => "รายละเอียด",
        Key::Tags => "แท็ก",
        Key::Activities => "กิจกรรม",
        Key::ScheduleActivity => "นัดหมายกิจกรรม",
        Key::ActivityType => "ประเภทกิจกรรม",
        Key::DueDate => "วันครบกำหนด",
        Key::Summary => "สรุป",
        Key::MarkDone => "ทำเครื่องหมายว่าเสร็จ",
        Key::Feedback => "ผลตอบรับ",
        Key::Overdue => "เลยกำหนด",
        Key::Today => "วันนี้",
        Key::Planned => "วางแผนไว้",
        Key::NoActivities => "ไม่มีสิ่งที่ต้องทำ",
        Key::MyActivities => "กิจกรรมของฉัน",
        Key::Everyone => "ของทุกคน",
        Key::SuggestedNext => "ถัดไป นัดหมาย:",
        Key::Leads => "ลูกค้าเป้าหมาย",
        Key::NewLead => "ลูกค้าเป้าหมายใหม่",
        Key::LeadTitle => "ชื่อลูกค้าเป้าหมาย",
        Key::Convert => "แปลงเป็นโอกาสการขาย",
        Key::Lead => "ลูกค้าเป้าหมาย",
        Key::Opportunity => "โอกาสการขาย",
        Key::MoreCount => "อีก {n} รายการ",
        Key::DecimalsAtMost => "ทศนิยมไม่เกิน {n} ตำแหน่ง",
        Key::CreateNew => "สร้างใหม่",
        Key::NoneChoice => "ไม่มี",
        Key::MatchedOnEmail => "อีเมลตรงกัน",
        Key::MatchedOnPhone => "เบอร์โทรตรงกัน",
        Key::MatchedOnName => "ชื่อตรงกัน",
        Key::Contacts => "ผู้ติดต่อ",
        Key::Companies => "บริษัท",
        Key::Contact => "ผู้ติดต่อ",
        Key::Company => "บริษัท",
        Key::NewContact => "ผู้ติดต่อใหม่",
        Key::NewCompany => "บริษัทใหม่",
        Key::JobTitle => "ตำแหน่งงาน",
        Key::Address => "ที่อยู่",
        Key::Timeline => "ไทม์ไลน์",
        Key::Settings => "การตั้งค่า",
        Key::Stages => "ขั้นตอนการขาย",
        Key::LostReasons => "เหตุผลที่แพ้",
        Key::Name => "ชื่อ",
        Key::Leader => "หัวหน้าทีม",
        Key::Members => "สมาชิก",
        Key::ForQuotations => "ใบเสนอราคา",
        Key::ForOpportunities => "โอกาสการขาย",
        Key::ForWarranty => "การรับประกัน",
        Key::WonStage => "ขั้นตอนที่ชนะ",
        Key::Folded => "ยุบไว้",
        Key::MoveUp => "เลื่อนขึ้น",
        Key::MoveDown => "เลื่อนลง",
        Key::Colour => "สี",
        Key::Icon => "ไอคอน",
        Key::Delay => "ระยะเวลา",
        Key::Days => "วัน",
        Key::Weeks => "สัปดาห์",
        Key::Months => "เดือน",
        Key::AfterCompletion => "หลังทำเสร็จ",
        Key::AfterPreviousDeadline => "หลังวันครบกำหนดก่อนหน้า",
        Key::Chaining => "เมื่อเสร็จแล้ว",
        Key::ChainNothing => "ไม่ต้องทำอะไร",
        Key::ChainSuggest => "แนะนำกิจกรรมถัดไป",
        Key::ChainTrigger => "นัดหมายกิจกรรมถัดไปโดยอัตโนมัติ",
        Key::Edit => "แก้ไข",
        Key::NoLeads => "ไม่มีลูกค้าเป้าหมายที่ต้องคัดกรอง",
        Key::HistoryOffline => "ประวัติทั้งหมดจะแสดงเมื่อคุณออนไลน์",
        Key::PageNotLoaded => "หน้านี้ยังไม่มีในอุปกรณ์นี้ จะเปิดได้เมื่อกลับมาออนไลน์",
        Key::TryAgain => "ลองอีกครั้ง",
        Key::Opportunities => "โอกาสการขาย",
        Key::Everyone2 => "ทุกคน",
        Key::Done => "เสร็จแล้ว",
        Key::AddStage => "เพิ่มขั้นตอน",
        Key::EveryTeamsStage => "ทุกทีม",
        Key::Created => "สร้างแล้ว",
        Key::Changed => "เปลี่ยน {field}",
        Key::ActivityDoneOn => "เสร็จแล้ว",
        Key::Nobody2 => "ไม่มีใคร",
        Key::ConvertTitle => "แปลงลูกค้าเป้าหมาย",
        Key::Open => "เปิด",
        Key::Quotations => "ใบเสนอราคา",
        Key::NewQuotation => "ใบเสนอราคาใหม่",
        Key::Product => "สินค้า",
        Key::Quantity => "จำนวน",
        Key::UnitPrice => "ราคาต่อหน่วย",
        Key::Discount => "ส่วนลด (%)",
        Key::Tax => "ภาษี (%)",
        Key::Untaxed => "ยอดก่อนภาษี",
        Key::TaxAmount => "ภาษี",
        Key::Total => "ยอดรวม",
        Key::AddLine => "เพิ่มรายการ",
        Key::Send => "ทำเครื่องหมายว่าส่งแล้ว",
        Key::Accept => "ยอมรับ",
        Key::Decline => "ปฏิเสธ",
        Key::Print => "พิมพ์ / PDF",
        Key::Draft => "ฉบับร่าง",
        Key::Sent => "ส่งแล้ว",
        Key::Accepted => "ยอมรับแล้ว",
        Key::Declined => "ถูกปฏิเสธ",
        Key::Price => "ราคา",
        Key::ValidUntil => "ใช้ได้ถึง",
        Key::BackToDraft => "กลับเป็นฉบับร่าง",
        Key::QuotationFor => "ใบเสนอราคาสำหรับ",
        Key::Line => "รายการที่",
        Key::NoProduct => "— พิมพ์เอง —",
        Key::InvalidNumber => "พิมพ์เป็นจำนวนเต็ม",
        Key::LogNote => "บันทึกหมายเหตุ",
        Key::Any => "ทั้งหมด",
        Key::Save => "บันทึก",
        Key::Phone => "โทรศัพท์",
        Key::Probability => "ความน่าจะเป็น (%)",
        Key::ExpectedClose => "วันที่คาดว่าจะปิดการขาย",
        Key::InvalidProbability => "พิมพ์จำนวนเต็มตั้งแต่ 0 ถึง 100",
        Key::InvalidDate => "เลือกวันที่",
        Key::Overwritten => {
            "การเปลี่ยนแปลง {field} ของ “{what}” ที่คุณทำไว้ ถูกแทนที่ด้วยการเปลี่ยนแปลงที่ใหม่กว่าจากที่อื่น: {won}"
        }
        Key::DeletedMeanwhile => "“{what}” ถูกผู้อื่นลบไปแล้ว การเปลี่ยนแปลงของคุณจึงไม่ได้บันทึก",
        Key::LineNumber => "บรรทัดที่ {n}",
        Key::StorageFull => {
            "พื้นที่จัดเก็บของเบราว์เซอร์นี้เต็ม จึงเก็บบอร์ดไว้ใช้แบบออฟไลน์ไม่ได้ \
             การเปลี่ยนแปลงที่ยังไม่ได้ส่งยังปลอดภัยและจะถูกส่งตามปกติ"
        }
        Key::NoOfflineCopy => {
            "เบราว์เซอร์นี้ไม่อนุญาตให้ Rapport เก็บข้อมูล (ปิดพื้นที่จัดเก็บไว้ หรือเป็นหน้าต่างส่วนตัว) จึงเปิดแบบออฟไลน์ไม่ได้ \
             ทุกอย่างใช้งานได้ขณะออนไลน์ และการเปลี่ยนแปลงที่ยังไม่ได้ส่งจะถูกเก็บไว้"
        }
        Key::CopyUnreadable => {
            "อ่านสำเนาข้อมูลที่เก็บไว้ในเบราว์เซอร์นี้ไม่ได้ จึงจะดาวน์โหลดใหม่เมื่อออนไลน์ ระหว่างนี้จะเปิดแบบออฟไลน์ไม่ได้ \
             การเปลี่ยนแปลงที่ยังไม่ได้ส่งยังปลอดภัยและจะถูกส่งตามปกติ"
        }
        Key::ServerCouldNotTake => {
            "เซิร์ฟเวอร์ยังรับการเปลี่ยนแปลงของคุณไม่ได้ในตอนนี้ การเปลี่ยนแปลงถูกเก็บไว้และจะส่งใหม่ในไม่ช้า เซิร์ฟเวอร์แจ้งว่า:"
        }
        Key::Dashboard => "แดชบอร์ด",
        Key::Period => "ช่วงเวลา",
        Key::ThisMonth => "เดือนนี้",
        Key::ThisQuarter => "ไตรมาสนี้",
        Key::ThisYear => "ปีนี้",
        Key::Last12Months => "12 เดือนที่ผ่านมา",
        Key::AllSalespeople => "พนักงานขายทั้งหมด",
        Key::OpenPipeline => "มูลค่าไปป์ไลน์ที่เปิดอยู่",
        Key::WeightedPipeline => "ไปป์ไลน์แบบถ่วงน้ำหนัก",
        Key::WonThisMonth => "ชนะในเดือนนี้",
        Key::WonThisQuarter => "ชนะในไตรมาสนี้",
        Key::OfTarget => "{n}% ของเป้ายอดขาย",
        Key::NoTarget => "ยังไม่ได้ตั้งเป้ายอดขาย",
        Key::WinRate => "อัตราการชนะ",
        Key::LeadToOpportunity => "ลูกค้าเป้าหมาย → โอกาสการขาย",
        Key::OpportunityToWon => "ลูกค้าเป้าหมาย → ชนะ",
        Key::SalesCycle => "รอบการขายเฉลี่ย",
        Key::DaysN => "{n} วัน",
        Key::OverdueActivities => "กิจกรรมที่เลยกำหนด",
        Key::Funnel => "กรวยการขายตามขั้นตอน",
        Key::Forecast => "พยากรณ์การขายตามเดือนที่คาดว่าจะปิดการขาย",
        Key::Weighted => "ถ่วงน้ำหนัก",
        Key::Unweighted => "ไม่ถ่วงน้ำหนัก",
        Key::WonAndLost => "ชนะและแพ้ตามช่วงเวลา",
        Key::Campaigns => "แคมเปญ",
        Key::Sources => "แหล่งที่มา",
        Key::Campaign => "แคมเปญ",
        Key::Source => "แหล่งที่มา",
        Key::ShowTable => "ตาราง",
        Key::ShowChart => "แผนภูมิ",
        Key::ExportCsv => "ส่งออก CSV",
        Key::Month => "เดือน",
        Key::Deals => "จำนวนโอกาส",
        Key::Value => "มูลค่า",
        Key::Qualified => "แปลงเป็นโอกาสแล้ว",
        Key::WonRevenue => "รายได้ที่ชนะ",
        Key::Conversion => "อัตราการแปลง",
        Key::Earlier => "เลยกำหนดแล้ว",
        Key::NoRate => "โอกาสการขายในสกุลเงินเหล่านี้ยังไม่มีอัตราแลกเปลี่ยน จึงไม่ได้นำมารวมยอด:",
        Key::Undated => "โอกาสการขายที่เปิดอยู่ {n} รายการไม่มีวันที่คาดว่าจะปิดการขาย จึงไม่อยู่ในการพยากรณ์",
        Key::Targets => "เป้ายอดขายรายเดือน",
        Key::Amount => "จำนวนเงิน",
        Key::Organisation => "ทั้งองค์กร",
        Key::CurrencyRates => "สกุลเงินและอัตราแลกเปลี่ยน",
        Key::CompanyCurrency => "รายงานเป็นสกุลเงิน",
        Key::PhoneCountry => "หมายเลขโทรศัพท์ที่ไม่มีรหัสประเทศเป็นของ",
        Key::PhoneCountryFromCurrency => "— ประเทศของสกุลเงิน —",
        Key::SignIn => "เข้าสู่ระบบ",
        Key::Password => "รหัสผ่าน",
        Key::WrongCredentials => "อีเมลหรือรหัสผ่านไม่ถูกต้อง",
        Key::TooManyAttempts => "ลองผิดหลายครั้งเกินไป: ลองใหม่ในอีก {n} วินาที",
        Key::DemoAccounts => "บัญชีทดลอง รหัสผ่านของทุกบัญชีคือ:",
        Key::SignOut => "ออกจากระบบ",
        Key::SignOutEverywhere => "ออกจากระบบทุกเครื่อง",
        Key::UnsentOnSignOut => "ยังมี {n} การเปลี่ยนแปลงที่ยังไม่ถึงเซิร์ฟเวอร์ ออกจากระบบและทิ้งไปหรือไม่?",
        Key::ChangePassword => "เปลี่ยนรหัสผ่าน",
        Key::CurrentPassword => "รหัสผ่านปัจจุบัน",
        Key::NewPassword => "รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)",
        Key::PasswordChanged => "เปลี่ยนรหัสผ่านแล้ว",
        Key::People => "ผู้ใช้และสิทธิ์",
        Key::Role => "บทบาท",
        Key::RoleAdmin => "ผู้ดูแลระบบ",
        Key::RoleManager => "ผู้จัดการฝ่ายขาย",
        Key::RoleSalesperson => "พนักงานขาย",
        Key::RoleReadOnly => "ดูอย่างเดียว",
        Key::Active => "ใช้งานอยู่",
        Key::SetPassword => "ตั้งรหัสผ่าน",
        Key::AddPerson => "เพิ่มผู้ใช้",
        Key::SharedPipeline => "สมาชิกเห็นไปป์ไลน์ทั้งทีม",
        Key::ReadOnlyNotice => "ดูอย่างเดียว: ดูได้แต่เปลี่ยนแปลงไม่ได้",
        Key::Account => "บัญชี",
        Key::NotFoundOrHidden => "ไม่มีรายการนี้ หรือคุณไม่มีสิทธิ์ดู",
        Key::LoadingRecord => "กำลังโหลด…",
        Key::FetchingRecord => "ไม่ได้เก็บไว้ในอุปกรณ์นี้: กำลังเปิดจากเซิร์ฟเวอร์…",
        Key::NotKeptHere => {
            "รายการนี้ไม่ได้เก็บไว้ในอุปกรณ์นี้: ดีลที่ปิดไปนานกว่าหนึ่งปีและสิ่งที่เกี่ยวข้องจะอยู่บนเซิร์ฟเวอร์เท่านั้น จะเปิดได้เมื่อคุณออนไลน์"
        }
        Key::PastOnServer => "ดีลที่ปิดก่อน {date} เก็บไว้บนเซิร์ฟเวอร์ ไม่ได้อยู่ในอุปกรณ์นี้",
        Key::SearchPast => "ค้นหาบนเซิร์ฟเวอร์",
        Key::PastNone => "ไม่มีดีลเก่าที่ตรงกัน",
        Key::PastNeedsConnection => "ต้องเชื่อมต่ออินเทอร์เน็ตเพื่อค้นหาดีลเก่า",
        Key::Import => "นำเข้า",
        Key::ImportFile => "นำเข้าจากไฟล์",
        Key::ImportWhat => "ไฟล์นี้มี",
        Key::ImportChooseFile => "ไฟล์ (CSV หรือ Excel .xlsx)",
        Key::ImportUpload => "อ่านไฟล์",
        Key::ImportReading => "กำลังอ่านไฟล์…",
        Key::ImportEncoding => "การเข้ารหัส",
        Key::ImportSeparator => "ตัวคั่น",
        Key::ImportDetect => "ตรวจหาเอง",
        Key::ImportTab => "แท็บ",
        Key::ImportHeaderRow => "แถวแรกเป็นชื่อคอลัมน์",
        Key::ImportLeaveOut => "— ไม่นำเข้า —",
        Key::ImportWhenSame => "เมื่อแถวตรงกับข้อมูลที่มีอยู่แล้ว",
        Key::ImportSkip => "คงข้อมูลเดิมไว้",
        Key::ImportUpdate => "อัปเดตด้วยข้อมูลในแถว",
        Key::ImportCreate => "สร้างใหม่อยู่ดี",
        Key::ImportCurrency => "สกุลเงินของจำนวนที่ไม่ได้ระบุ",
        Key::ImportDecimal => "จุดทศนิยมของตัวเลข",
        Key::ImportDecimalEach => "ตามที่แต่ละตัวเลขเขียน (1.234.567 · 12,5)",
        Key::ImportDecimalPoint => "จุด: 1,234.5",
        Key::ImportDecimalComma => "จุลภาค: 1.234,5",
        Key::ImportedFrom => "นำเข้าจาก",
        Key::ImportCreateTags => "สร้างแท็กที่ยังไม่มี: {names}",
        Key::ImportSaveAs => "บันทึกการจับคู่นี้เป็น",
        Key::ImportMappingUsed => "ใช้การจับคู่ที่บันทึกไว้ “{name}” แล้ว",
        Key::ImportCheck => "ตรวจไฟล์",
        Key::ImportChecking => "กำลังตรวจทุกแถว…",
        Key::ImportChecked => {
            "ยังไม่ได้บันทึกอะไร ใหม่ {create} อัปเดต {update} ข้าม {skip} มีข้อผิดพลาด {failed}"
        }
        Key::ImportNewCompanies => "บริษัทใหม่ที่อยู่ในไฟล์ ซึ่งจะถูกสร้างไปด้วย: {n}",
        Key::ImportMoreFailures => "แสดง {n} แถวแรก ไฟล์ที่ดาวน์โหลดมีทั้งหมด",
        Key::ImportLine => "บรรทัด",
        Key::ImportColumn => "คอลัมน์",
        Key::ImportWhy => "เหตุผล",
        Key::ImportStart => "นำเข้า {n} แถว",
        Key::ImportProgress => "{done} จาก {total} แถว",
        Key::ImportRate => "{n} แถวต่อวินาที",
        Key::ImportQueued => "รอเริ่ม",
        Key::ImportRunning => "กำลังนำเข้า",
        Key::ImportDone => "นำเข้าแล้ว",
        Key::ImportCancelled => "ยกเลิกแล้ว: ชุดก่อนหน้ายังอยู่",
        Key::ImportFailed => "หยุดเพราะข้อผิดพลาด: ชุดก่อนหน้ายังอยู่",
        Key::ImportUndone => "ยกเลิกการนำเข้าแล้ว",
        Key::ImportCounts => "สร้าง {created} อัปเดต {updated} ข้าม {skipped} ล้มเหลว {failed}",
        Key::ImportUndo => "ยกเลิกการนำเข้านี้",
        Key::ImportUndoSays => "ลบข้อมูลที่การนำเข้านี้สร้าง หากยังไม่มีใครแก้ไข ข้อมูลที่ถูกอัปเดตจะคงค่าใหม่ไว้",
        Key::ImportDownloadFailed => "ดาวน์โหลดแถวที่ผิดพลาด",
        Key::ImportAnother => "นำเข้าไฟล์อื่น",
        Key::ImportHistory => "การนำเข้าก่อนหน้า",
        Key::ImportNone => "ยังไม่เคยนำเข้าไฟล์",
        Key::ImportNeedsConnection => "การนำเข้าต้องเชื่อมต่อเซิร์ฟเวอร์",
        Key::ImportRows => "{n} แถว",
        Key::ImportFieldOf => "ฟิลด์ของ “{column}”",
        Key::PossibleDuplicates => "อาจมีอยู่แล้ว:",
        Key::NameAlike => "ชื่อคล้ายกัน {n}%",
        Key::Duplicates => "ข้อมูลซ้ำ",
        Key::DuplicatesNone => "ไม่พบข้อมูลที่อาจซ้ำ",
        Key::DuplicatesLooking => "กำลังค้นหาข้อมูลซ้ำ…",
        Key::DuplicatesMerge => "รวมเข้ากับรายการที่เก็บไว้",
        Key::DuplicatesNotSame => "ไม่ใช่ข้อมูลซ้ำ",
        Key::DuplicatesMore => "และอีก {n} รายการ",
        Key::DuplicatesValue => "ค่าที่เก็บไว้สำหรับแต่ละฟิลด์ที่ต่างกัน:",
        Key::DuplicatesKeptValue => "— ของรายการที่เก็บไว้ —",
        Key::DuplicatesMergeSays => {
            "เลือกรายการที่จะเก็บไว้: รายการอื่นจะถูกเก็บถาวรโดยชี้มาที่รายการนี้ และดีล กิจกรรม และบันทึกของรายการเหล่านั้นจะย้ายมาที่นี่"
        }
        Key::MergedInto => "ถูกรวมเข้ากับ",
        Key::BringBack => "นำกลับมา",
        Key::PlainValues => "ค่าดิบ",
        Key::PlainValuesHint => "วันที่ ISO และตัวเลขล้วน สำหรับโปรแกรมอื่น",
        Key::PageNotFound => "ไม่มีหน้านี้",
        Key::SignedInAs => "เข้าสู่ระบบในชื่อ",
        Key::Saved => "บันทึกแล้ว",
        Key::RateOf => "1 {n} =",
        Key::CreatedCount => "สร้างใหม่",
        Key::LostCount => "แพ้",
        Key::WonCount => "ชนะ",
        Key::Later => "และหลังจากนั้น",
        Key::ComputedIn => "คำนวณจากสำเนาข้อมูลบนอุปกรณ์นี้",
        Key::TargetThisMonth => "เป้ายอดขายเดือนนี้",
        Key::TargetThisQuarter => "เป้ายอดขายไตรมาสนี้",
        Key::FormulaField => "สูตร",
        Key::FormulaHint => {
            "อ้างฟิลด์ด้วยชื่อ (x_price) หรือป้ายชื่อในวงเล็บปีกกา ({label}) ตามลิงก์ด้วยจุด (company.name) ใช้ + − * / & เพื่อต่อข้อความ = != < > <= >= and or not และฟังก์ชัน: {functions}"
        }
        Key::FormulaGives => "ได้ผลเป็น{type}",
        Key::Computed => "คำนวณให้",
        Key::FilterButton => "กรอง",
        Key::FilterAdd => "เพิ่มเงื่อนไข",
        Key::FilterAddGroup => "เพิ่มกลุ่ม",
        Key::FilterAll => "ตรงทุกข้อ",
        Key::FilterAny => "ตรงข้อใดข้อหนึ่ง",
        Key::FilterLeftOut => "ข้ามไปเพราะฟิลด์ไม่มีอยู่แล้ว: {fields}",
        Key::FilterField => "ฟิลด์",
        Key::FilterOperator => "เงื่อนไข",
        Key::FilterValue => "ค่า",
        Key::FilterRemove => "ลบเงื่อนไขนี้",
        Key::Me => "ฉัน",
        Key::MyTeam => "ทีมของฉัน",
        Key::Views => "มุมมอง",
        Key::AllView => "ทั้งหมด",
        Key::SaveView => "บันทึกเป็นมุมมอง",
        Key::SaveViewChanges => "บันทึกการเปลี่ยนแปลง",
        Key::ViewName => "ชื่อมุมมอง",
        Key::SharedWith => "แชร์กับ",
        Key::OnlyMe => "เฉพาะฉัน",
        Key::DefaultView => "เปิดมุมมองนี้เป็นค่าเริ่มต้น",
        Key::DeleteView => "ลบมุมมองนี้",
        Key::ViewEdited => "แก้ไขแล้ว",
        Key::ViewGone => "มุมมองนี้ถูกลบหรือไม่ได้แชร์กับคุณ",
        Key::ValuesConvert => "ค่า {n} ค่าที่มีอยู่จะถูกแปลงเป็นประเภทใหม่",
        Key::PredictedProbability => "ความน่าจะเป็นที่คาดการณ์",
        Key::PredictionWhy => "ปัจจัยที่มีผลมากที่สุด",
        Key::ProbabilityByHand => "กำหนดเอง",
        Key::UsePredicted => "ใช้ค่าที่คาดการณ์",
        Key::EmailQuality => "คุณภาพอีเมล",
        Key::PhoneQuality => "คุณภาพเบอร์โทร",
        Key::QualityNone => "ไม่มี",
        Key::QualityCorrect => "ถูกต้อง",
        Key::QualityIncorrect => "ไม่ถูกต้อง",
        Key::PredictionLearnFrom => "เรียนรู้จาก",
        Key::PredictionStart => "เรียนรู้จากดีลที่สร้างตั้งแต่",
        Key::PredictionOff => "การคาดการณ์ปิดอยู่: เลือกวันที่จะเริ่มเรียนรู้",
        Key::LearnNow => "เรียนรู้ตอนนี้",
        Key::LearntFrom => "เรียนรู้จากดีลที่ชนะ {won} รายการและแพ้ {lost} รายการ",
        Key::NotLearntYet => "ยังไม่ได้เรียนรู้: เซิร์ฟเวอร์จะเรียนรู้ภายในหนึ่งนาที หรือกด “เรียนรู้ตอนนี้”",
        Key::PredictionAlways => "ขั้นตอนและทีมขายจะถูกนับเสมอ",
        Key::Raises => "เพิ่มขึ้น",
        Key::Lowers => "ลดลง",
        Key::LeadsPerMonth => "ลูกค้าเป้าหมายใหม่ต่อ 30 วัน",
        Key::Away => "ไม่อยู่",
        Key::AssignNow => "มอบหมายลูกค้าเป้าหมายที่รออยู่ตอนนี้",
        Key::AssignedCount => "ลูกค้าเป้าหมายที่ได้ทีม: {teams}; ได้พนักงานขาย: {people}",
        Key::AssignedByRule => "มอบหมายตามกฎของทีม",
        Key::PerThirtyDays => "ราย / 30 วัน",
        Key::LeadFunnel => "ช่องทางลูกค้าเป้าหมาย",
        Key::Mql => "MQL",
        Key::Sql => "SQL",
        Key::FunnelMql => "ผ่านเกณฑ์การตลาด (MQL)",
        Key::FunnelSql => "ฝ่ายขายรับแล้ว (SQL)",
        Key::SentBack => "ส่งกลับแล้ว",
        Key::SendBack => "ส่งกลับ",
        Key::HandToSales => "ส่งให้ฝ่ายขาย",
        Key::WhySentBack => "ทำไมจึงส่งกลับ",
        Key::ScoreN => "คะแนน {n}",
        Key::ScoreLikeThese => "ให้คะแนนลูกค้าเป้าหมายแบบนี้",
        Key::ScoringRulesHelp => {
            "กฎแต่ละข้อให้คะแนนแก่ลูกค้าเป้าหมายทุกรายที่ตรงเงื่อนไข คะแนนของลูกค้าเป้าหมายคือผลรวม สร้างเงื่อนไขในหน้าลูกค้าเป้าหมาย แล้วเลือก \"ให้คะแนนลูกค้าเป้าหมายแบบนี้\""
        }
        Key::MqlAtHelp => "ลูกค้าเป้าหมายที่คะแนนถึงค่านี้จะถูกส่งให้ฝ่ายขายหนึ่งครั้ง เว้นว่าง: ไม่ส่งตามคะแนน",
        Key::NoScoringRules => "ยังไม่มีกฎการให้คะแนน",
        Key::ShowTheLeads => "ดูลูกค้าเป้าหมาย",
        Key::RuleAdded => "เพิ่มกฎแล้ว: ลูกค้าเป้าหมายแบบนี้ได้ {n} คะแนน",
        Key::ScoredBy => "ที่มาของคะแนน",
        Key::ShareOfLeads => "สัดส่วนจากลูกค้าเป้าหมาย",
        Key::GiveLikeThese => "มอบลูกค้าเป้าหมายใหม่แบบนี้ให้",
        Key::GivenLikeThese => "{who} จะรับลูกค้าเป้าหมายใหม่แบบนี้",
        Key::TakesLikeThese => "รับลูกค้าเป้าหมายใหม่แบบนี้",
        Key::AnyLead => "รับลูกค้าเป้าหมายทุกราย",
        Key::Give => "มอบให้",
        Key::GivenToYou => "{what} เป็นของคุณแล้ว",
        Key::DuplicateGiven => "ซ้ำกับ {what}: มอบให้ผู้ที่ดูแลอยู่",
        Key::TwinsGiven => "{n} รายซ้ำกับลูกค้าเป้าหมายที่มีผู้ดูแลแล้วและถูกมอบให้ผู้นั้น",
        Key::ByTerritory => "ตามเขตการขาย",
        Key::TerritoryHelp => {
            "เขตการขายประกอบด้วยทั้งประเทศ จังหวัด และรหัสไปรษณีย์ขึ้นต้น ทีมหรือสมาชิกที่ดูแลเขตจะรับลูกค้าเป้าหมายใหม่เฉพาะในเขตนั้น (ตั้งค่า → ทีมขาย)"
        }
        Key::PostcodesHint => "เช่น 10, 11 (คั่นด้วยจุลภาค)",
        Key::DeletedMeanwhileBy => "{who} ลบ “{what}” ไปแล้ว การเปลี่ยนแปลงของคุณจึงไม่ได้บันทึก",
        Key::DeletedMeanwhileByYou => {
            "คุณลบ “{what}” ไปแล้วในหน้าต่างหรืออุปกรณ์อื่น การเปลี่ยนแปลงนี้จึงไม่ได้บันทึก"
        }
        Key::MergeThem => "รวม…",
        Key::JobFailed => {
            "{job} ล้มเหลวเมื่อ {time} (รหัสอ้างอิง {reference}) ระบบจะลองใหม่เอง ข้อความนี้จะหายไปเมื่อทำงานได้"
        }
        Key::JobLeadScoring => "การให้คะแนนลีด",
        Key::JobAssignment => "การมอบหมายลีด",
        Key::JobPrediction => "การเรียนรู้ความน่าจะเป็นเชิงพยากรณ์",
        Key::JobNamesAlike => "การค้นหาชื่อที่คล้ายกัน",
        Key::JobFieldPurge => "การลบค่าของฟิลด์ที่ถูกลบ",
    }
}

pub(super) fn th_rule_error(e: &RuleError) -> String {
    match e {
        RuleError::EmptyTitle => "ชื่อโอกาสการขายว่างอยู่: โปรดตั้งชื่อ".into(),
        RuleError::TooLong { field, max } => format!("{field} ยาวเกินไป: ไม่เกิน {max} ตัวอักษร"),
        RuleError::NegativeRevenue => "รายได้ที่คาดหวังต้องไม่ติดลบ".into(),
        RuleError::RevenueTooLarge => "รายได้ที่คาดหวังมากเกินไป".into(),
        RuleError::InvalidProbability => "ความน่าจะเป็นต้องอยู่ระหว่าง 0 ถึง 100".into(),
        RuleError::WonProbabilityFixed => "โอกาสการขายที่ชนะแล้วมีความน่าจะเป็น 100 เสมอ".into(),
        RuleError::InvalidPriority => "ลำดับความสำคัญต้องอยู่ระหว่าง 0 ถึง 3 ดาว".into(),
        RuleError::InvalidEmail(v) => format!("\"{v}\" ไม่ใช่ที่อยู่อีเมล"),
        RuleError::InvalidPhone(v) => {
            format!("\"{v}\" ไม่ใช่หมายเลขโทรศัพท์: ใช้ตัวเลข ช่องว่าง และ + - ( ) .")
        }
        RuleError::UnknownStage(_) => "ไม่มีขั้นตอนนี้".into(),
        RuleError::UnknownOpportunity(_) => "ไม่มีโอกาสการขายนี้".into(),
        RuleError::Deleted(_) => "โอกาสการขายนี้ถูกลบแล้ว".into(),
        RuleError::AlreadyExists(_) => "โอกาสการขายนี้มีอยู่แล้ว".into(),
        RuleError::MalformedId { field, value } => {
            format!("{field} ไม่ใช่รหัสที่ถูกต้อง: \"{value}\"")
        }
        RuleError::IdNotTimeOrdered => "รหัสของเรกคอร์ดใหม่ต้องเป็น UUID ที่เรียงตามเวลา (เวอร์ชัน 7)".into(),
        RuleError::InvalidPosition(v) => format!("\"{v}\" ไม่ใช่ตำแหน่งที่ถูกต้องในคอลัมน์"),
        RuleError::Malformed(why) => format!("อ่านการเปลี่ยนแปลงไม่ได้: {why}"),
        RuleError::UnknownLostReason(_) => "ไม่มีเหตุผลที่แพ้นี้".into(),
        RuleError::UnknownSalesperson(_) => "พนักงานขายนี้ไม่ใช่ผู้ใช้ขององค์กรนี้".into(),
        RuleError::NoWonStage => "ยังไม่มีขั้นตอนที่ชนะ: โปรดเพิ่มในขั้นตอนของไปป์ไลน์การขาย".into(),
        RuleError::Required(what) => format!("ต้องระบุ {what}"),
        RuleError::NotPositive(field) => format!("{field} ต้องมากกว่า 0"),
        RuleError::OutOfRange { field, min, max } => {
            format!("{field} ต้องอยู่ระหว่าง {min} ถึง {max}")
        }
        RuleError::Duplicate(name) => format!("“{name}” มีอยู่แล้ว: โปรดเลือกชื่ออื่น"),
        RuleError::UnknownTeam(_) => "ไม่มีทีมขายนี้".into(),
        RuleError::UnknownTag(_) => "ไม่มีแท็กนี้".into(),
        RuleError::StageOfAnotherTeam => "ขั้นตอนนี้เป็นของทีมขายอื่น: โปรดเลือกขั้นตอนของทีมนี้".into(),
        RuleError::StageInUse(n) => {
            format!("ขั้นตอนนี้ยังมีโอกาสการขายหรือลูกค้าเป้าหมายอยู่ {n} รายการ: โปรดย้ายออกก่อน")
        }
        RuleError::TeamHasStages(n) => {
            format!("ทีมนี้ยังมีขั้นตอนของตัวเอง {n} ขั้นตอน: โปรดลบหรือกำหนดให้ใช้กับทุกทีมก่อน")
        }
        RuleError::UnknownActivityType(_) => "ไม่มีประเภทกิจกรรมนี้".into(),
        RuleError::UnknownActivity(_) => "ไม่มีกิจกรรมนี้".into(),
        RuleError::ActivityDone => "กิจกรรมนี้เสร็จแล้ว จึงเปลี่ยนแปลงไม่ได้อีก".into(),
        RuleError::ActivityWithoutRecord => {
            "กิจกรรมหรือหมายเหตุต้องผูกกับลูกค้าเป้าหมาย โอกาสการขาย หรือผู้ติดต่อ: โปรดเลือกหนึ่งรายการ".into()
        }
        RuleError::UnknownContact(_) => "ไม่มีผู้ติดต่อนี้".into(),
        RuleError::UnknownCompany(_) => "ไม่มีบริษัทนี้".into(),
        RuleError::NotALead => "รายการนี้เป็นโอกาสการขายแล้ว ไม่ใช่ลูกค้าเป้าหมาย".into(),
        RuleError::RecordExists(_) => "มีเรกคอร์ดที่ใช้รหัสนี้อยู่แล้ว".into(),
        RuleError::UnknownRecord(_) => "ไม่มีเรกคอร์ดนี้".into(),
        RuleError::Missing { kind, .. } => format!("ไม่มี{kind}นี้"),
        RuleError::NotAllowed => "บทบาทของคุณไม่อนุญาตให้เปลี่ยนแปลงนี้".into(),
        RuleError::NotANumber(v) => format!("“{v}” ไม่ใช่ตัวเลข"),
        RuleError::InvalidUrl(v) => format!("“{v}” ไม่ใช่ที่อยู่เว็บ: ต้องขึ้นต้นด้วย https://"),
        RuleError::TooManyDecimals { field, max } => format!("{field} มีทศนิยมได้ไม่เกิน {max} ตำแหน่ง"),
        RuleError::WouldNotConvert {
            field,
            failed,
            held,
        } => format!(
            "ค่า {failed} จาก {held} ค่าของ {field} แปลงเป็นประเภทใหม่ไม่ได้ ให้แก้ไขก่อน หรือเพิ่มฟิลด์ใหม่"
        ),
        RuleError::NoOptions => "รายการให้เลือกต้องมีตัวเลือก: เขียนบรรทัดละหนึ่งรายการ".into(),
        RuleError::NotADay(v) => format!("“{v}” ไม่ใช่วันที่: เขียนเป็น 2026-12-04 หรือ 04/12/2026"),
        RuleError::NotYesOrNo(v) => format!("“{v}” ไม่ใช่ ใช่ หรือ ไม่"),
        RuleError::NotAChoice { value, choices } => {
            format!("“{value}” ไม่อยู่ในค่าที่เลือกได้: {choices}")
        }
        RuleError::NoneNamed { kind, name } => format!("ไม่มี{kind}ชื่อ “{name}”"),
        RuleError::FormulaSyntax { at, near } => {
            format!("อ่านสูตรไม่ได้ตั้งแต่อักขระที่ {at}: “{near}”")
        }
        RuleError::FormulaUnknownName(n) => {
            format!("สูตรอ้างถึง “{n}” ซึ่งไม่ใช่ฟิลด์หรือฟังก์ชันในที่นี้")
        }
        RuleError::FormulaArguments { function, min, max } if min == max => {
            format!("{function}() ต้องการ {min} ค่า")
        }
        RuleError::FormulaArguments { function, min, max } => {
            format!("{function}() ต้องการ {min} ถึง {max} ค่า")
        }
        RuleError::FormulaType {
            near,
            expected,
            found,
        } => {
            format!("“{near}” ให้ผลเป็น{found} แต่ต้องการ{expected}")
        }
        RuleError::FormulaCycle(path) => format!("สูตรวนกลับมาที่ตัวเอง: {path}"),
        RuleError::FormulaBroken(f) => format!("สูตรใช้ {f} ซึ่งสูตรของฟิลด์นั้นมีปัญหา"),
        RuleError::FormulaBreaks(f) => format!("การเปลี่ยนแปลงนี้จะทำให้สูตรของ {f} ใช้งานไม่ได้"),
        RuleError::Computed(f) => format!("{f} คำนวณจากสูตร จึงกรอกเองไม่ได้"),
        RuleError::FilterField(f) => format!("ตัวกรองอ้างถึง {f} ซึ่งไม่ใช่ฟิลด์ในที่นี้"),
        RuleError::FilterValue { field, value } => {
            format!("\"{value}\" ไม่ใช่ค่าที่ใช้เทียบกับ {field} ได้")
        }
        RuleError::TooLarge { bytes, max } => {
            format!("การเปลี่ยนแปลงใหญ่เกินกว่าจะส่งได้ ({bytes} ไบต์ สูงสุด {max}): จึงไม่ได้บันทึก")
        }
        RuleError::NotDeletable => "ลบเรกคอร์ดประเภทนี้ที่นี่ไม่ได้".into(),
        RuleError::NotEditable => "เรกคอร์ดประเภทนี้ไม่ได้แก้ไขด้วยวิธีนี้".into(),
        RuleError::UnknownProduct(_) => "ไม่มีสินค้านี้หรือสินค้าถูกลบแล้ว: โปรดเลือกสินค้าอื่น".into(),
        RuleError::UnknownQuotation(_) => "ไม่มีใบเสนอราคานี้".into(),
        RuleError::QuotationLocked => {
            "ใบเสนอราคานี้ถูกยอมรับหรือปฏิเสธแล้ว จึงแก้ไขไม่ได้: โปรดสร้างใบเสนอราคาใหม่".into()
        }
        RuleError::InvalidTransition { from, to } => {
            format!("ใบเสนอราคาสถานะ {from} เปลี่ยนเป็น {to} ไม่ได้")
        }
        RuleError::EmptyQuotation => "ใบเสนอราคาที่ไม่มีรายการยอมรับไม่ได้: โปรดเพิ่มรายการก่อน".into(),
    }
}
