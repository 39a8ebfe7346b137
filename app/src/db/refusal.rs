//! What the server refuses a person, said in their language. The browser shows these words as
//! they come (it cannot know every reason in advance), so the server writes them in the
//! language of the request: the one chosen in the app (its cookie), else the browser's.
//!
//! Only what a person can meet by using the app is here; a request no page makes (a cursor
//! below zero, a client group of someone else's) keeps its plain English for whoever wrote it.

use axum::http::StatusCode;

use crate::i18n::Locale;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    PasswordTooShort(usize),
    PasswordTooLong(usize),
    NotAnEmail(String),
    NameRequired,
    NameTooLong(usize),
    TooManyWrongPasswords(u64),
    CurrentPasswordWrong,
    OnlyAdminsManageAccounts,
    EmailTaken(String),
    NoSuchAccount,
    NeedsAnAdmin,
    AccountInactive,
    /// Pushed faster than one account may: sent again in so many seconds.
    TooManyChanges(u64),
    FileTooLarge(usize),
    FileEmpty,
    UnknownEncoding(String),
    /// The file is neither a table nor a workbook; the reader's own words.
    FileUnreadable(String),
    ImportStarted,
    ImportRunning,
    ImportNotRunning,
    ImportUndone,
    NoSuchImport,
    NotYourImport,
    /// The file was uploaded for one kind of record and is imported as another.
    UploadedForOtherKind,
    MappingTooWide,
    NotImportable(String),
    TwoColumnsFill(String),
    NothingMapped,
    /// So many of the records an import made were changed or used since.
    ImportTouched(i64),
    ChooseRecords,
    NotYourRecords,
    SayWhatToSearch,
    /// The server's own fault, under a reference to quote.
    ServerFailed(String),
}

impl Refusal {
    /// The HTTP status the refusal is answered with.
    pub fn status(&self) -> StatusCode {
        use Refusal::*;
        match self {
            FileTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            OnlyAdminsManageAccounts | AccountInactive | NotYourImport => StatusCode::FORBIDDEN,
            TooManyWrongPasswords(_) | TooManyChanges(_) => StatusCode::TOO_MANY_REQUESTS,
            EmailTaken(_) | NeedsAnAdmin | ImportStarted | ImportRunning | ImportNotRunning
            | ImportUndone | ImportTouched(_) => StatusCode::CONFLICT,
            NoSuchAccount | NoSuchImport => StatusCode::NOT_FOUND,
            ServerFailed(_) => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// The refusal in the reader's words, numbers in their digits.
    pub fn text(&self, locale: Locale) -> String {
        let [en, vi, zh, th, fa] = self.words();
        let template = match locale {
            Locale::En => en,
            Locale::Vi => vi,
            Locale::Zh => zh,
            Locale::Th => th,
            Locale::Fa => fa,
        };
        use Refusal::*;
        let n = match self {
            PasswordTooShort(n) | PasswordTooLong(n) | NameTooLong(n) | FileTooLarge(n) => {
                *n as i64
            }
            ImportTouched(n) => *n,
            TooManyWrongPasswords(n) | TooManyChanges(n) => *n as i64,
            _ => 0,
        };
        let what = match self {
            NotAnEmail(s) | EmailTaken(s) | NotImportable(s) | TwoColumnsFill(s)
            | UnknownEncoding(s) | FileUnreadable(s) | ServerFailed(s) => s.as_str(),
            _ => "",
        };
        template
            .replace("{n}", &locale.count(n))
            .replace("{what}", what)
    }

    fn words(&self) -> [&'static str; 5] {
        use Refusal::*;
        match self {
            PasswordTooShort(_) => [
                "A password needs at least {n} characters.",
                "Mật khẩu cần ít nhất {n} ký tự.",
                "密码至少需要 {n} 个字符。",
                "รหัสผ่านต้องมีอย่างน้อย {n} ตัวอักษร",
                "گذرواژه دست‌کم {n} نویسه لازم دارد.",
            ],
            PasswordTooLong(_) => [
                "A password has at most {n} characters.",
                "Mật khẩu dài tối đa {n} ký tự.",
                "密码最多 {n} 个字符。",
                "รหัสผ่านยาวได้ไม่เกิน {n} ตัวอักษร",
                "گذرواژه حداکثر {n} نویسه دارد.",
            ],
            NotAnEmail(_) => [
                "“{what}” is not an email address.",
                "“{what}” không phải là địa chỉ email.",
                "“{what}”不是电子邮件地址。",
                "“{what}” ไม่ใช่ที่อยู่อีเมล",
                "«{what}» نشانی ایمیل نیست.",
            ],
            NameRequired => [
                "A name is required.",
                "Cần nhập tên.",
                "请填写姓名。",
                "ต้องกรอกชื่อ",
                "نام لازم است.",
            ],
            NameTooLong(_) => [
                "A name has at most {n} characters and no control characters.",
                "Tên dài tối đa {n} ký tự và không có ký tự điều khiển.",
                "姓名最多 {n} 个字符，且不能含控制字符。",
                "ชื่อยาวได้ไม่เกิน {n} ตัวอักษร และห้ามมีอักขระควบคุม",
                "نام حداکثر {n} نویسه دارد و نویسهٔ کنترلی ندارد.",
            ],
            TooManyWrongPasswords(_) => [
                "Too many wrong passwords: try again in {n} seconds.",
                "Nhập sai mật khẩu quá nhiều lần: hãy thử lại sau {n} giây.",
                "密码错误次数过多：请在 {n} 秒后重试。",
                "ใส่รหัสผ่านผิดหลายครั้งเกินไป: ลองใหม่ในอีก {n} วินาที",
                "گذرواژهٔ نادرست زیاد وارد شد: {n} ثانیهٔ دیگر دوباره امتحان کنید.",
            ],
            CurrentPasswordWrong => [
                "The current password is wrong.",
                "Mật khẩu hiện tại không đúng.",
                "当前密码不正确。",
                "รหัสผ่านปัจจุบันไม่ถูกต้อง",
                "گذرواژهٔ فعلی نادرست است.",
            ],
            OnlyAdminsManageAccounts => [
                "Only an administrator manages accounts.",
                "Chỉ quản trị viên mới quản lý được tài khoản.",
                "只有管理员可以管理账户。",
                "เฉพาะผู้ดูแลระบบเท่านั้นที่จัดการบัญชีได้",
                "فقط مدیر سامانه حساب‌ها را مدیریت می‌کند.",
            ],
            EmailTaken(_) => [
                "An account with the email {what} already exists.",
                "Đã có tài khoản dùng email {what}.",
                "邮箱为 {what} 的账户已存在。",
                "มีบัญชีที่ใช้อีเมล {what} อยู่แล้ว",
                "حسابی با ایمیل {what} از پیش هست.",
            ],
            NoSuchAccount => [
                "This account no longer exists.",
                "Tài khoản này không còn tồn tại.",
                "该账户已不存在。",
                "บัญชีนี้ไม่มีอยู่แล้ว",
                "این حساب دیگر وجود ندارد.",
            ],
            NeedsAnAdmin => [
                "The organisation needs an active administrator: make someone else one first.",
                "Tổ chức cần một quản trị viên đang hoạt động: hãy chỉ định người khác trước.",
                "组织需要一位在职的管理员：请先将其他人设为管理员。",
                "องค์กรต้องมีผู้ดูแลระบบที่ใช้งานอยู่: แต่งตั้งคนอื่นก่อน",
                "سازمان به یک مدیر فعال نیاز دارد: نخست کس دیگری را مدیر کنید.",
            ],
            AccountInactive => [
                "This account is not active.",
                "Tài khoản này đang bị khóa.",
                "该账户未启用。",
                "บัญชีนี้ถูกปิดใช้งาน",
                "این حساب فعال نیست.",
            ],
            TooManyChanges(_) => [
                "Too many changes at once: they are sent again in {n} seconds.",
                "Quá nhiều thay đổi cùng lúc: sẽ gửi lại sau {n} giây.",
                "同时提交的更改过多：将在 {n} 秒后重新发送。",
                "มีการเปลี่ยนแปลงพร้อมกันมากเกินไป: จะส่งอีกครั้งในอีก {n} วินาที",
                "تغییرهای هم‌زمان زیاد است: {n} ثانیهٔ دیگر دوباره فرستاده می‌شوند.",
            ],
            FileTooLarge(_) => [
                "The file is too large to import: at most {n} MB.",
                "Tệp quá lớn để nhập: tối đa {n} MB.",
                "文件太大，无法导入：最多 {n} MB。",
                "ไฟล์ใหญ่เกินกว่าจะนำเข้า: ไม่เกิน {n} MB",
                "پرونده برای درون‌ریزی بزرگ است: حداکثر {n} مگابایت.",
            ],
            FileEmpty => [
                "The file is empty.",
                "Tệp trống.",
                "文件是空的。",
                "ไฟล์ว่างเปล่า",
                "پرونده خالی است.",
            ],
            UnknownEncoding(_) => [
                "“{what}” is not an encoding we know: choose one from the list.",
                "“{what}” không phải bảng mã chúng tôi biết: hãy chọn trong danh sách.",
                "“{what}”不是已知的编码：请从列表中选择。",
                "“{what}” ไม่ใช่การเข้ารหัสที่รู้จัก: เลือกจากรายการ",
                "«{what}» رمزگذاری شناخته‌شده‌ای نیست: از فهرست برگزینید.",
            ],
            FileUnreadable(_) => [
                "The file cannot be read as a table or an Excel workbook ({what}).",
                "Không đọc được tệp như một bảng hay sổ tính Excel ({what}).",
                "无法将文件读取为表格或 Excel 工作簿（{what}）。",
                "อ่านไฟล์เป็นตารางหรือสมุดงาน Excel ไม่ได้ ({what})",
                "پرونده را نمی‌شود جدول یا کارپوشهٔ اکسل خواند ({what}).",
            ],
            ImportStarted => [
                "This import has already started.",
                "Lần nhập này đã bắt đầu rồi.",
                "此导入已经开始。",
                "การนำเข้านี้เริ่มไปแล้ว",
                "این درون‌ریزی پیش‌تر آغاز شده است.",
            ],
            ImportRunning => [
                "This import is still running: cancel it first.",
                "Lần nhập này vẫn đang chạy: hãy hủy nó trước.",
                "此导入仍在进行：请先取消。",
                "การนำเข้านี้ยังทำงานอยู่: ยกเลิกก่อน",
                "این درون‌ریزی هنوز در جریان است: نخست لغوش کنید.",
            ],
            ImportNotRunning => [
                "This import is not running.",
                "Lần nhập này không chạy.",
                "此导入未在进行。",
                "การนำเข้านี้ไม่ได้ทำงานอยู่",
                "این درون‌ریزی در جریان نیست.",
            ],
            ImportUndone => [
                "This import is already undone.",
                "Lần nhập này đã được hoàn tác.",
                "此导入已被撤销。",
                "การนำเข้านี้ถูกย้อนกลับแล้ว",
                "این درون‌ریزی پیش‌تر برگردانده شده است.",
            ],
            NoSuchImport => [
                "There is no such import.",
                "Không có lần nhập này.",
                "没有这次导入。",
                "ไม่มีการนำเข้านี้",
                "چنین درون‌ریزی‌ای نیست.",
            ],
            NotYourImport => [
                "Only who uploaded this file, or an administrator, may see its rows, import, stop or undo it.",
                "Chỉ người tải tệp này lên, hoặc quản trị viên, mới xem, nhập, dừng hay hoàn tác được.",
                "只有上传此文件的人或管理员可以查看其行、导入、停止或撤销。",
                "เฉพาะผู้ที่อัปโหลดไฟล์นี้หรือผู้ดูแลระบบเท่านั้นที่ดู นำเข้า หยุด หรือย้อนกลับได้",
                "فقط کسی که این پرونده را بارگذاشته، یا مدیر سامانه، ردیف‌هایش را می‌بیند، درون‌ریزی، توقف یا برگرداندنش می‌کند.",
            ],
            UploadedForOtherKind => [
                "This file was uploaded for another kind of record: upload it again here.",
                "Tệp này được tải lên cho loại bản ghi khác: hãy tải lại ở đây.",
                "此文件是为另一类记录上传的：请在此重新上传。",
                "ไฟล์นี้อัปโหลดไว้สำหรับระเบียนชนิดอื่น: อัปโหลดใหม่ที่นี่",
                "این پرونده برای نوع دیگری از رکورد بارگذاری شده است: اینجا دوباره بارگذاری کنید.",
            ],
            MappingTooWide => [
                "The mapping has more columns than the file.",
                "Bảng ghép cột có nhiều cột hơn tệp.",
                "映射的列多于文件的列。",
                "การจับคู่มีคอลัมน์มากกว่าไฟล์",
                "نگاشت بیش از پرونده ستون دارد.",
            ],
            NotImportable(_) => [
                "“{what}” is not a field a sheet can fill here.",
                "“{what}” không phải trường mà bảng tính điền được ở đây.",
                "“{what}”不是表格可以在此填写的字段。",
                "“{what}” ไม่ใช่ช่องที่ตารางกรอกได้ที่นี่",
                "«{what}» فیلدی نیست که جدول بتواند اینجا پر کند.",
            ],
            TwoColumnsFill(_) => [
                "Two columns fill “{what}”: choose one.",
                "Hai cột cùng điền “{what}”: hãy chọn một.",
                "两列都填写“{what}”：请选择一列。",
                "มีสองคอลัมน์กรอก “{what}”: เลือกหนึ่งคอลัมน์",
                "دو ستون «{what}» را پر می‌کنند: یکی را برگزینید.",
            ],
            NothingMapped => [
                "No column is matched to a field: choose at least one.",
                "Chưa có cột nào được ghép với trường: hãy chọn ít nhất một.",
                "没有任何列对应到字段：请至少选择一列。",
                "ยังไม่มีคอลัมน์ใดจับคู่กับช่อง: เลือกอย่างน้อยหนึ่ง",
                "هیچ ستونی به فیلدی نگاشته نشده: دست‌کم یکی را برگزینید.",
            ],
            ImportTouched(_) => [
                "{n} of the records this import created were changed or used since: it can no longer be undone as a whole.",
                "{n} bản ghi do lần nhập này tạo đã bị sửa hoặc được dùng: không thể hoàn tác toàn bộ nữa.",
                "此导入创建的记录中有 {n} 条已被修改或使用：无法再整体撤销。",
                "ระเบียนที่การนำเข้านี้สร้าง {n} รายการถูกแก้ไขหรือใช้งานแล้ว: ย้อนกลับทั้งหมดไม่ได้อีก",
                "{n} رکورد از ساخته‌های این درون‌ریزی از آن پس تغییر کرده یا به کار رفته‌اند: دیگر نمی‌شود همه را یک‌جا برگرداند.",
            ],
            ChooseRecords => [
                "Choose the records that are not the same: two to two hundred.",
                "Hãy chọn các bản ghi không trùng nhau: từ hai đến hai trăm.",
                "请选择不重复的记录：两到两百条。",
                "เลือกระเบียนที่ไม่ซ้ำกัน: สองถึงสองร้อยรายการ",
                "رکوردهایی را که یکی نیستند برگزینید: دو تا دویست.",
            ],
            NotYourRecords => [
                "Some of these are not contacts or companies you can see.",
                "Một số mục không phải liên hệ hay công ty mà bạn xem được.",
                "其中有些不是您可以查看的联系人或公司。",
                "บางรายการไม่ใช่ผู้ติดต่อหรือบริษัทที่คุณเห็นได้",
                "برخی از این‌ها مخاطب یا شرکتی نیستند که بتوانید ببینید.",
            ],
            SayWhatToSearch => [
                "Type what to search for.",
                "Hãy nhập nội dung cần tìm.",
                "请输入要搜索的内容。",
                "พิมพ์สิ่งที่ต้องการค้นหา",
                "آنچه را می‌جویید بنویسید.",
            ],
            ServerFailed(_) => [
                "The server failed (reference {what}); nothing you saved is lost, and it is tried again.",
                "Máy chủ gặp lỗi (mã {what}); những gì bạn đã lưu không mất, và sẽ được thử lại.",
                "服务器出错（编号 {what}）；您保存的内容没有丢失，系统会重试。",
                "เซิร์ฟเวอร์ขัดข้อง (รหัสอ้างอิง {what}) สิ่งที่คุณบันทึกไว้ไม่หาย และจะลองใหม่",
                "سرور دچار خطا شد (شمارهٔ پیگیری {what})؛ چیزی از آنچه ذخیره کرده‌اید از دست نرفته و دوباره امتحان می‌شود.",
            ],
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Locale::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_is_said_in_every_language_with_its_numbers_in_their_digits() {
        let refusal = Refusal::TooManyWrongPasswords(1200);
        assert_eq!(
            refusal.text(Locale::En),
            "Too many wrong passwords: try again in 1,200 seconds."
        );
        assert!(
            refusal.text(Locale::Fa).contains("۱٬۲۰۰"),
            "{}",
            refusal.text(Locale::Fa)
        );
        for locale in Locale::ALL {
            let text = Refusal::EmailTaken("an@example.vn".into()).text(locale);
            assert!(text.contains("an@example.vn"), "{locale:?}: {text}");
            assert!(!text.contains('{'), "{locale:?}: {text}");
        }
        assert_eq!(Refusal::NotYourImport.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            Refusal::EmailTaken(String::new()).status(),
            StatusCode::CONFLICT
        );
    }
}
