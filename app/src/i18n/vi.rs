//! Vietnamese texts of every `Key`, and refusals.

use super::Key;
use crate::domain::RuleError;

pub(super) fn vi(key: Key) -> &'static str {
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
        Key::Retrying => "Máy chủ bận, đang thử lại",
        Key::Syncing => "Đang đồng bộ…",
        Key::Waiting => "{n} thay đổi đang chờ",
        Key::Refused => "Máy chủ đã từ chối một thay đổi",
        Key::Dismiss => "Đóng",
        Key::Fold => "Thu gọn cột",
        Key::Unfold => "Mở rộng cột",
        Key::Delete => "Xóa",
        Key::InvalidAmount => "Nhập số tiền bằng chữ số, ví dụ 1250000",
        Key::OnePerLine => "Các lựa chọn, mỗi dòng một",
        Key::Decimals => "Số chữ số thập phân",
        Key::NextColour => "Bấm để đổi sang màu tiếp theo",
        Key::Yes => "Có",
        Key::No => "Không",
        Key::DeletedFields => "Đã xóa: giá trị vẫn được giữ và trở lại khi khôi phục",
        Key::DeletedFieldsKept => {
            "Giá trị của trường vẫn được giữ trong bản ghi {n} ngày sau khi xóa và sẽ trở lại nếu khôi phục; sau đó chúng bị xóa hẳn."
        }
        Key::SegmentInAll => {
            "Tổng cộng {n}, tính cả cơ hội đã đóng hơn một năm trước (hỏi máy chủ)"
        }
        Key::CustomFieldsHint => {
            "Những gì nhóm của bạn cần theo dõi ngoài các trường sẵn có: hiện trong biểu mẫu, trên thẻ nếu chọn, và trong dòng thời gian."
        }
        Key::MoreFields => "Trường khác",
        Key::OtherTeamsStage => {
            "Cơ hội này thuộc đội khác: chỉ di chuyển được giữa các giai đoạn của đội mình (đổi đội trong cơ hội để chuyển sang)."
        }
        Key::WasDeleted => "Đã xóa",
        Key::WasRestored => "Đã khôi phục",
        Key::NoSuchDay => "Không có ngày này: hãy nhập lại hoặc chọn trên lịch.",
        Key::CopyByHand => {
            "Trình duyệt không sao chép được: địa chỉ đã được chọn, hãy tự sao chép (Ctrl+C, hoặc nhấn giữ trên điện thoại)."
        }
        Key::NewCalendarFeedAsk => {
            "Địa chỉ mới sẽ thay thế địa chỉ hiện tại: các lịch đã đăng ký phải được cấp địa chỉ mới. Tạo địa chỉ mới?"
        }
        Key::NotKeptInBrowser => {
            "Không thể lưu thay đổi này trong trình duyệt nên thay đổi chưa được thực hiện ({reason}). Hãy giải phóng dung lượng trên thiết bị rồi thử lại."
        }
        Key::NeedsConnection => "Việc này cần kết nối tới máy chủ. Hãy thử lại khi có mạng.",
        Key::ServerUnreachable => "Không liên lạc được với máy chủ. Hãy thử lại sau giây lát.",
        Key::ServerAnswerUnreadable => {
            "Không đọc được câu trả lời của máy chủ. Hãy tải lại trang; nếu vẫn lỗi, hãy báo quản trị viên."
        }
        Key::Previous => "Trước",
        Key::Next => "Tiếp",
        Key::Week => "Tuần",
        Key::MovedTo => "Đã dời sang {date}",
        Key::CalendarFeed => "Hoạt động của bạn trong lịch điện thoại",
        Key::CalendarFeedHint => {
            "Đăng ký địa chỉ này trong ứng dụng lịch (Google Calendar: Lịch khác → Từ URL; iPhone: Cài đặt → Lịch → Tài khoản → Thêm lịch đã đăng ký). Lịch liệt kê các hoạt động giao cho bạn và cập nhật theo thay đổi."
        }
        Key::MakeCalendarFeed => "Tạo địa chỉ lịch của tôi",
        Key::NewCalendarFeed => "Tạo địa chỉ mới (địa chỉ cũ ngừng hoạt động)",
        Key::StopCalendarFeed => "Ngừng địa chỉ lịch",
        Key::CalendarFeedOnce => {
            "Hãy sao chép ngay: địa chỉ chỉ hiện một lần. Ai có địa chỉ này đều đọc được hoạt động của bạn, hãy giữ kín."
        }
        Key::CalendarFeedMadeOn => "Địa chỉ lịch của bạn được tạo lúc {date}.",
        Key::Copy => "Sao chép",
        Key::Copied => "Đã sao chép",
        Key::Rotting => "Bị bỏ quên",
        Key::RottingHint => "Cơ hội không thay đổi quá số ngày của giai đoạn",
        Key::RottingFor => "Bị bỏ quên: {n} ngày không thay đổi",
        Key::InStageFor => "Ở giai đoạn này {n} ngày",
        Key::DaysShort => "{n} ngày",
        Key::RottingAfter => "Bị bỏ quên sau (ngày, 0: không bao giờ)",
        Key::InvalidRottingDays => "Số ngày bỏ quên phải là số nguyên từ 0 đến 3650",
        Key::FoldColumn => "Thu gọn cột này",
        Key::UnfoldColumn => "Mở rộng cột này",
        Key::More => "Thêm",
        Key::CalendarName => "Lịch",
        Key::AccountMenu => "Tài khoản của bạn",
        Key::PickADay => "Chọn ngày",
        Key::MonthBefore => "Tháng trước",
        Key::MonthAfter => "Tháng sau",
        Key::ReapplyFailed => {
            "«{what}» chưa được khôi phục kịp để áp dụng lại thay đổi của bạn: hãy sửa lại"
        }
        Key::CancelActivity => "Huỷ hoạt động",
        Key::CancelActivityQuestion => "Huỷ hoạt động này? Không thể khôi phục.",
        Key::KeepIt => "Giữ lại",
        Key::Tomorrow => "Ngày mai",
        Key::ThisWeek => "Tuần này",
        Key::LaterOn => "Sau này",
        Key::OverwrittenBy => {
            "Thay đổi của bạn ở {field} của «{what}» đã bị thay bằng thay đổi sau của {who}: {won}"
        }
        Key::SearchDeals => "Tìm cơ hội: tiêu đề, khách hàng, liên hệ, điện thoại, email",
        Key::Mine => "Của tôi",
        Key::AnySalesperson => "Mọi nhân viên",
        Key::AnyTag => "Mọi nhãn",
        Key::AnyActivity => "Mọi hoạt động",
        Key::DueTodayOrBefore => "Đến hạn hôm nay hoặc quá hạn",
        Key::DealsShown => "Số cơ hội hiển thị: {n}",
        Key::ClearFilters => "Bỏ lọc",
        Key::WeightedShort => "có trọng số {amount}",
        Key::DeletedUndo => "Đã xoá “{what}”",
        Key::Undo => "Hoàn tác",
        Key::UnsavedQuestion => "Bạn có thay đổi chưa lưu.",
        Key::Discard => "Bỏ thay đổi",
        Key::KeepEditing => "Tiếp tục sửa",
        Key::DeleteQuestion => "Xoá “{what}”? Bạn có thể hoàn tác trong vài giây.",
        Key::AmountAmbiguous => {
            "“{mark}” ở đây có thể là phân cách hàng nghìn hoặc thập phân: hãy viết như {example}, hoặc thêm đơn vị (nghìn, tr, tỷ)"
        }
        Key::AmountGroups => "Hãy nhóm chữ số theo ba (1.234.567) hoặc không nhóm",
        Key::AmountNoDecimals => "Số tiền {currency} không có phần thập phân",
        Key::AmountDecimals => "Số tiền {currency} có tối đa {n} chữ số thập phân",
        Key::AmountReadAs => "Hiểu là {amount}",
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
        Key::SortBy => "Sắp xếp theo",
        Key::AsPlaced => "Theo vị trí đã xếp",
        Key::Reversed => "Đảo thứ tự",
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
        Key::Lead => "Tiềm năng",
        Key::Opportunity => "Cơ hội",
        Key::MoreCount => "+{n} nữa",
        Key::DecimalsAtMost => "tối đa {n} chữ số thập phân",
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
        Key::Stages => "Các giai đoạn",
        Key::LostReasons => "Lý do thất bại",
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
        Key::PageNotLoaded => {
            "Trang này chưa có trên thiết bị: trang sẽ mở khi có kết nối trở lại."
        }
        Key::TryAgain => "Thử lại",
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
        Key::LineNumber => "dòng {n}",
        Key::StorageFull => {
            "Bộ nhớ của trình duyệt đã đầy nên không lưu được bảng để dùng ngoại tuyến. \
             Các thay đổi chưa gửi vẫn an toàn và sẽ được gửi."
        }
        Key::NoOfflineCopy => {
            "Trình duyệt này không cho Rapport lưu dữ liệu (bộ nhớ bị tắt hoặc đây là cửa sổ riêng tư), nên không mở được khi ngoại tuyến. \
             Mọi thứ vẫn hoạt động khi có mạng và các thay đổi chưa gửi vẫn được giữ."
        }
        Key::CopyUnreadable => {
            "Không đọc được bản sao dữ liệu lưu trong trình duyệt này nên sẽ được tải lại khi có mạng; trong lúc đó chưa mở được khi ngoại tuyến. \
             Các thay đổi chưa gửi vẫn an toàn và sẽ được gửi."
        }
        Key::ServerCouldNotTake => {
            "Máy chủ chưa nhận được các thay đổi của bạn lúc này; chúng vẫn được giữ và sẽ được gửi lại ngay. Máy chủ báo:"
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
        Key::PhoneCountry => "Số điện thoại không có mã quốc gia thuộc",
        Key::PhoneCountryFromCurrency => "— quốc gia của tiền tệ —",
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
        Key::FetchingRecord => "Bản ghi không lưu trên thiết bị này: đang mở từ máy chủ…",
        Key::NotKeptHere => {
            "Bản ghi này không được lưu trên thiết bị: các thương vụ đã đóng hơn một năm, cùng những gì thuộc về chúng, chỉ nằm trên máy chủ. Bản ghi sẽ mở được khi bạn trực tuyến."
        }
        Key::PastOnServer => {
            "Các thương vụ đóng trước {date} được lưu trên máy chủ, không trên thiết bị này."
        }
        Key::SearchPast => "Tìm trên máy chủ",
        Key::PastNone => "Không có thương vụ cũ nào khớp.",
        Key::PastNeedsConnection => "Cần kết nối mạng để tìm các thương vụ cũ.",
        Key::Import => "Nhập dữ liệu",
        Key::ImportFile => "Nhập từ tệp",
        Key::ImportWhat => "Tệp chứa",
        Key::ImportChooseFile => "Tệp (CSV hoặc Excel .xlsx)",
        Key::ImportUpload => "Đọc tệp",
        Key::ImportReading => "Đang đọc tệp…",
        Key::ImportEncoding => "Bảng mã",
        Key::ImportSeparator => "Dấu phân cách",
        Key::ImportDetect => "Tự nhận biết",
        Key::ImportTab => "Tab",
        Key::ImportHeaderRow => "Dòng đầu là tên cột",
        Key::ImportLeaveOut => "— bỏ qua —",
        Key::ImportWhenSame => "Khi một dòng trùng với bản ghi đã có",
        Key::ImportSkip => "Giữ nguyên bản ghi đã có",
        Key::ImportUpdate => "Cập nhật bằng dữ liệu của dòng",
        Key::ImportCreate => "Vẫn tạo bản ghi mới",
        Key::ImportCurrency => "Tiền tệ cho số tiền không ghi rõ",
        Key::ImportDecimal => "Dấu thập phân của các số",
        Key::ImportDecimalEach => "Theo từng số (1.234.567 · 12,5)",
        Key::ImportDecimalPoint => "Dấu chấm: 1,234.5",
        Key::ImportDecimalComma => "Dấu phẩy: 1.234,5",
        Key::ImportedFrom => "Nhập từ tệp",
        Key::ImportCreateTags => "Tạo các từ khóa chưa có: {names}",
        Key::ImportSaveAs => "Lưu cách ghép cột này với tên",
        Key::ImportMappingUsed => "Đã áp dụng cách ghép cột đã lưu “{name}”.",
        Key::ImportCheck => "Kiểm tra tệp",
        Key::ImportChecking => "Đang kiểm tra từng dòng…",
        Key::ImportChecked => {
            "Chưa ghi gì. {create} mới, {update} cập nhật, {skip} bỏ qua, {failed} có lỗi."
        }
        Key::ImportNewCompanies => "Công ty mới có trong tệp, sẽ được tạo cùng: {n}.",
        Key::ImportMoreFailures => "Chỉ liệt kê {n} dòng đầu; tệp tải về có tất cả.",
        Key::ImportLine => "Dòng",
        Key::ImportColumn => "Cột",
        Key::ImportWhy => "Lý do",
        Key::ImportStart => "Nhập {n} dòng",
        Key::ImportProgress => "{done} / {total} dòng",
        Key::ImportRate => "{n} dòng/giây",
        Key::ImportQueued => "Đang chờ bắt đầu",
        Key::ImportRunning => "Đang nhập",
        Key::ImportDone => "Đã nhập xong",
        Key::ImportCancelled => "Đã hủy: các lô trước đó được giữ",
        Key::ImportFailed => "Dừng vì lỗi: các lô trước đó được giữ",
        Key::ImportUndone => "Đã hoàn tác",
        Key::ImportCounts => {
            "{created} tạo mới, {updated} cập nhật, {skipped} bỏ qua, {failed} lỗi"
        }
        Key::ImportUndo => "Hoàn tác lần nhập này",
        Key::ImportUndoSays => {
            "Xóa các bản ghi do lần nhập này tạo, nếu chưa ai sửa. Các bản ghi đã cập nhật giữ giá trị mới."
        }
        Key::ImportDownloadFailed => "Tải các dòng có lỗi",
        Key::ImportAnother => "Nhập tệp khác",
        Key::ImportHistory => "Các lần nhập trước",
        Key::ImportNone => "Chưa nhập tệp nào.",
        Key::ImportNeedsConnection => "Cần kết nối máy chủ để nhập dữ liệu.",
        Key::ImportRows => "{n} dòng",
        Key::ImportFieldOf => "Trường cho “{column}”",
        Key::PossibleDuplicates => "Có thể đã có:",
        Key::NameAlike => "tên giống {n}%",
        Key::Duplicates => "Trùng lặp",
        Key::DuplicatesNone => "Không tìm thấy bản ghi nào có thể trùng.",
        Key::DuplicatesLooking => "Đang tìm bản ghi trùng…",
        Key::DuplicatesMerge => "Gộp vào bản ghi được giữ",
        Key::DuplicatesNotSame => "Không phải trùng lặp",
        Key::DuplicatesMore => "và {n} bản ghi khác",
        Key::DuplicatesValue => "Giá trị giữ lại cho mỗi trường khác nhau:",
        Key::DuplicatesKeptValue => "— của bản ghi được giữ —",
        Key::DuplicatesMergeSays => {
            "Chọn bản ghi được giữ: các bản ghi khác được lưu trữ, trỏ về nó, và cơ hội, hoạt động, ghi chú của chúng được chuyển sang."
        }
        Key::MergedInto => "đã được gộp vào",
        Key::BringBack => "Khôi phục lại",
        Key::PlainValues => "Giá trị thô",
        Key::PlainValuesHint => "Ngày ISO và số không định dạng, cho chương trình khác",
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
        Key::FormulaField => "Công thức",
        Key::FormulaHint => {
            "Trường theo tên (x_price) hoặc theo nhãn trong ngoặc nhọn ({label}), liên kết bằng dấu chấm (company.name), + − * /, & để nối chữ, = != < > <= >=, and, or, not, và các hàm: {functions}"
        }
        Key::FormulaGives => "Cho ra {type}",
        Key::Computed => "Tự tính",
        Key::FilterButton => "Lọc",
        Key::FilterAdd => "Thêm điều kiện",
        Key::FilterAddGroup => "Thêm nhóm",
        Key::FilterAll => "Thỏa mọi điều kiện",
        Key::FilterAny => "Thỏa một điều kiện bất kỳ",
        Key::FilterLeftOut => "Đã bỏ qua vì trường không còn tồn tại: {fields}",
        Key::FilterField => "Trường",
        Key::FilterOperator => "Điều kiện",
        Key::FilterValue => "Giá trị",
        Key::FilterRemove => "Xóa điều kiện này",
        Key::Me => "Tôi",
        Key::MyTeam => "Đội của tôi",
        Key::Views => "Chế độ xem",
        Key::AllView => "Tất cả",
        Key::SaveView => "Lưu thành chế độ xem",
        Key::SaveViewChanges => "Lưu thay đổi",
        Key::ViewName => "Tên chế độ xem",
        Key::SharedWith => "Chia sẻ với",
        Key::OnlyMe => "Chỉ mình tôi",
        Key::DefaultView => "Mở chế độ xem này theo mặc định",
        Key::DeleteView => "Xóa chế độ xem này",
        Key::ViewEdited => "đã sửa",
        Key::ViewGone => "Chế độ xem này đã bị xóa hoặc không được chia sẻ với bạn",
        Key::ValuesConvert => "{n} giá trị hiện có sẽ được đổi sang kiểu mới",
        Key::PredictedProbability => "Xác suất dự đoán",
        Key::PredictionWhy => "Điều ảnh hưởng nhiều nhất",
        Key::ProbabilityByHand => "Đặt thủ công",
        Key::UsePredicted => "Dùng xác suất dự đoán",
        Key::EmailQuality => "Chất lượng email",
        Key::PhoneQuality => "Chất lượng số điện thoại",
        Key::QualityNone => "không có",
        Key::QualityCorrect => "hợp lệ",
        Key::QualityIncorrect => "không hợp lệ",
        Key::PredictionLearnFrom => "Học từ",
        Key::PredictionStart => "Học từ cơ hội tạo từ ngày",
        Key::PredictionOff => "Dự đoán đang tắt: hãy chọn ngày bắt đầu học.",
        Key::LearnNow => "Học ngay",
        Key::LearntFrom => "Đã học từ {won} cơ hội thắng và {lost} cơ hội thua",
        Key::NotLearntYet => {
            "Chưa học: máy chủ sẽ học trong vòng một phút, hoặc ngay với “Học ngay”."
        }
        Key::PredictionAlways => "Giai đoạn và đội ngũ bán hàng luôn được tính.",
        Key::Raises => "làm tăng",
        Key::Lowers => "làm giảm",
        Key::LeadsPerMonth => "Tiềm năng mới mỗi 30 ngày",
        Key::Away => "Vắng mặt",
        Key::AssignNow => "Phân bổ tiềm năng đang chờ ngay",
        Key::AssignedCount => "Tiềm năng được giao cho đội: {teams}; cho nhân viên: {people}",
        Key::AssignedByRule => "Được phân bổ theo quy tắc của đội",
        Key::PerThirtyDays => "tiềm năng / 30 ngày",
        Key::LeadFunnel => "Phễu tiềm năng",
        Key::Mql => "MQL",
        Key::Sql => "SQL",
        Key::FunnelMql => "Đạt chuẩn marketing (MQL)",
        Key::FunnelSql => "Kinh doanh đã nhận (SQL)",
        Key::SentBack => "Đã trả lại",
        Key::SendBack => "Trả lại",
        Key::HandToSales => "Chuyển cho kinh doanh",
        Key::WhySentBack => "Vì sao trả lại?",
        Key::ScoreN => "Điểm {n}",
        Key::ScoreLikeThese => "Chấm điểm các tiềm năng như thế này",
        Key::ScoringRulesHelp => {
            "Mỗi quy tắc cộng điểm của nó cho mọi tiềm năng thỏa điều kiện; điểm của tiềm năng là tổng. Tạo điều kiện ở trang Tiềm năng rồi chọn \"Chấm điểm các tiềm năng như thế này\"."
        }
        Key::MqlAtHelp => {
            "Tiềm năng đạt mức điểm này được chuyển cho kinh doanh một lần; để trống: không tự chuyển."
        }
        Key::NoScoringRules => "Chưa có quy tắc chấm điểm.",
        Key::ShowTheLeads => "Xem các tiềm năng",
        Key::RuleAdded => "Đã thêm quy tắc: các tiềm năng như thế này được {n} điểm.",
        Key::ScoredBy => "Vì sao có điểm này",
        Key::ShareOfLeads => "Tỷ lệ trên tiềm năng",
        Key::GiveLikeThese => "Giao tiềm năng mới như thế này cho",
        Key::GivenLikeThese => "{who} giờ nhận các tiềm năng mới như thế này.",
        Key::TakesLikeThese => "Nhận tiềm năng mới như thế này",
        Key::AnyLead => "Nhận mọi tiềm năng",
        Key::Give => "Giao",
        Key::GivenToYou => "{what} giờ là của bạn.",
        Key::DuplicateGiven => "Trùng với {what}: giao cho người đang phụ trách",
        Key::TwinsGiven => "{n} trùng với tiềm năng đã có người phụ trách và được giao cho họ.",
        Key::ByTerritory => "Theo khu vực",
        Key::TerritoryHelp => {
            "Khu vực gồm cả quốc gia, tỉnh/thành phố và đầu mã bưu chính. Đội hoặc thành viên phụ trách khu vực chỉ nhận tiềm năng mới ở đó (Cài đặt → Đội ngũ bán hàng)."
        }
        Key::PostcodesHint => "vd. 70, 71 (cách nhau bằng dấu phẩy)",
        Key::DeletedMeanwhileBy => "{who} đã xóa «{what}» nên thay đổi của bạn chưa được lưu",
        Key::DeletedMeanwhileByYou => {
            "Bạn đã xóa «{what}» ở cửa sổ hoặc thiết bị khác nên thay đổi này chưa được lưu"
        }
        Key::MergeThem => "Gộp…",
        Key::JobFailed => {
            "{job} bị lỗi lúc {time} (mã tham chiếu {reference}). Hệ thống sẽ tự thử lại; thông báo này sẽ mất khi chạy được."
        }
        Key::JobLeadScoring => "Chấm điểm khách hàng tiềm năng",
        Key::JobAssignment => "Phân công khách hàng tiềm năng",
        Key::JobPrediction => "Học xác suất dự đoán",
        Key::JobNamesAlike => "Tìm tên giống nhau",
        Key::JobFieldPurge => "Xóa giá trị của các trường đã xóa",
    }
}

pub(super) fn vi_rule_error(e: &RuleError) -> String {
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
        RuleError::NotPositive(field) => format!("{field} phải lớn hơn 0"),
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
        RuleError::Missing { kind, .. } => format!("{kind} này không tồn tại"),
        RuleError::NotAllowed => "Vai trò của bạn không cho phép thay đổi này".into(),
        RuleError::NotANumber(v) => format!("“{v}” không phải là một số"),
        RuleError::InvalidUrl(v) => {
            format!("“{v}” không phải là địa chỉ web: hãy bắt đầu bằng https://")
        }
        RuleError::TooManyDecimals { field, max } => {
            format!("{field} chỉ có tối đa {max} chữ số thập phân")
        }
        RuleError::WouldNotConvert {
            field,
            failed,
            held,
        } => format!(
            "{failed} trên {held} giá trị của {field} không đổi được sang kiểu mới: hãy sửa chúng trước, hoặc thêm trường mới"
        ),
        RuleError::NoOptions => "danh sách chọn cần có các lựa chọn: mỗi dòng một lựa chọn".into(),
        RuleError::NotADay(v) => {
            format!("“{v}” không phải là một ngày: hãy viết 2026-12-04 hoặc 04/12/2026")
        }
        RuleError::NotYesOrNo(v) => format!("“{v}” không phải là có hoặc không"),
        RuleError::NotAChoice { value, choices } => {
            format!("“{value}” không thuộc các giá trị: {choices}")
        }
        RuleError::NoneNamed { kind, name } => format!("Không có {kind} nào tên “{name}”"),
        RuleError::FormulaSyntax { at, near } => {
            format!("Không đọc được công thức từ ký tự {at}: “{near}”")
        }
        RuleError::FormulaUnknownName(n) => {
            format!("Công thức dùng “{n}”, không phải trường hay hàm nào ở đây")
        }
        RuleError::FormulaArguments { function, min, max } if min == max => {
            format!("{function}() cần {min} giá trị")
        }
        RuleError::FormulaArguments { function, min, max } => {
            format!("{function}() cần từ {min} đến {max} giá trị")
        }
        RuleError::FormulaType {
            near,
            expected,
            found,
        } => {
            format!("“{near}” cho ra {found} trong khi cần {expected}")
        }
        RuleError::FormulaCycle(path) => format!("Công thức vòng lại chính nó: {path}"),
        RuleError::FormulaBroken(f) => format!("Công thức dùng {f}, mà công thức của nó đang lỗi"),
        RuleError::FormulaBreaks(f) => format!("Thay đổi này sẽ làm hỏng công thức của {f}"),
        RuleError::Computed(f) => format!("{f} được tính bằng công thức, không nhập tay được"),
        RuleError::FilterField(f) => format!("Bộ lọc nhắc đến {f}, không phải một trường ở đây"),
        RuleError::FilterValue { field, value } => {
            format!("\"{value}\" không phải giá trị để so sánh với {field}")
        }
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
