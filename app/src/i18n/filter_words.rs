//! The words of a filter: how each operator and each period reads, in each language. Kept
//! apart from the keyed texts because they are named by the filter's own codes (`Op`,
//! `Period`), so a new operator or period cannot be added without its five words.

use super::Locale;
use crate::domain::filter::{Op, Period};

/// In this order: English, Vietnamese, Chinese, Thai, Persian.
type Words = [&'static str; 5];

fn pick(locale: Locale, words: Words) -> &'static str {
    words[match locale {
        Locale::En => 0,
        Locale::Vi => 1,
        Locale::Zh => 2,
        Locale::Th => 3,
        Locale::Fa => 4,
    }]
}

impl Locale {
    /// How an operator reads; `of_days`: compared with a day ("before" rather than "less than").
    pub fn filter_op(self, op: Op, of_days: bool) -> &'static str {
        pick(
            self,
            match (op, of_days) {
                (Op::Is, _) => ["is", "là", "是", "เป็น", "برابر است با"],
                (Op::IsNot, _) => ["is not", "không phải", "不是", "ไม่ใช่", "برابر نیست با"],
                (Op::Contains, _) => ["contains", "chứa", "包含", "มีคำว่า", "شامل"],
                (Op::Excludes, _) => [
                    "does not contain",
                    "không chứa",
                    "不包含",
                    "ไม่มีคำว่า",
                    "شامل نیست",
                ],
                (Op::OneOf, _) => ["is one of", "thuộc", "属于", "เป็นหนึ่งใน", "یکی از"],
                (Op::NoneOf, _) => [
                    "is none of",
                    "không thuộc",
                    "不属于",
                    "ไม่ใช่ทั้งหมดนี้",
                    "هیچ‌کدام از",
                ],
                (Op::Less, false) => ["less than", "nhỏ hơn", "小于", "น้อยกว่า", "کمتر از"],
                (Op::More, false) => ["more than", "lớn hơn", "大于", "มากกว่า", "بیشتر از"],
                (Op::Less, true) => ["before", "trước", "早于", "ก่อน", "پیش از"],
                (Op::More, true) => ["after", "sau", "晚于", "หลัง", "پس از"],
                (Op::Between, _) => ["between", "trong khoảng", "介于", "ระหว่าง", "بین"],
                (Op::Within, _) => ["in", "trong", "在", "ใน", "در"],
                (Op::IsEmpty, _) => ["is empty", "trống", "为空", "ว่าง", "خالی است"],
                (Op::IsSet, _) => [
                    "is not empty",
                    "không trống",
                    "不为空",
                    "ไม่ว่าง",
                    "خالی نیست",
                ],
                (Op::Has, _) => [
                    "has one where",
                    "có ít nhất một mục mà",
                    "至少有一个满足",
                    "มีอย่างน้อยหนึ่งรายการที่",
                    "دست‌کم یکی دارد که",
                ],
                (Op::HasNone, _) => [
                    "has none where",
                    "không có mục nào mà",
                    "没有一个满足",
                    "ไม่มีรายการใดที่",
                    "هیچ‌کدام ندارد که",
                ],
            },
        )
    }

    /// How a period reads.
    pub fn period(self, period: Period) -> &'static str {
        pick(
            self,
            match period {
                Period::Today => ["today", "hôm nay", "今天", "วันนี้", "امروز"],
                Period::Yesterday => ["yesterday", "hôm qua", "昨天", "เมื่อวาน", "دیروز"],
                Period::Tomorrow => ["tomorrow", "ngày mai", "明天", "พรุ่งนี้", "فردا"],
                Period::ThisWeek => ["this week", "tuần này", "本周", "สัปดาห์นี้", "این هفته"],
                Period::LastWeek => ["last week", "tuần trước", "上周", "สัปดาห์ที่แล้ว", "هفتهٔ گذشته"],
                Period::NextWeek => ["next week", "tuần sau", "下周", "สัปดาห์หน้า", "هفتهٔ آینده"],
                Period::ThisMonth => ["this month", "tháng này", "本月", "เดือนนี้", "این ماه"],
                Period::LastMonth => ["last month", "tháng trước", "上月", "เดือนที่แล้ว", "ماه گذشته"],
                Period::NextMonth => ["next month", "tháng sau", "下月", "เดือนหน้า", "ماه آینده"],
                Period::ThisQuarter => ["this quarter", "quý này", "本季度", "ไตรมาสนี้", "این فصل"],
                Period::ThisYear => ["this year", "năm nay", "今年", "ปีนี้", "امسال"],
                Period::Last7Days => [
                    "the last 7 days",
                    "7 ngày qua",
                    "过去 7 天",
                    "7 วันที่ผ่านมา",
                    "۷ روز گذشته",
                ],
                Period::Last30Days => [
                    "the last 30 days",
                    "30 ngày qua",
                    "过去 30 天",
                    "30 วันที่ผ่านมา",
                    "۳۰ روز گذشته",
                ],
                Period::Last60Days => [
                    "the last 60 days",
                    "60 ngày qua",
                    "过去 60 天",
                    "60 วันที่ผ่านมา",
                    "۶۰ روز گذشته",
                ],
                Period::Last90Days => [
                    "the last 90 days",
                    "90 ngày qua",
                    "过去 90 天",
                    "90 วันที่ผ่านมา",
                    "۹۰ روز گذشته",
                ],
                Period::Next7Days => [
                    "the next 7 days",
                    "7 ngày tới",
                    "未来 7 天",
                    "7 วันข้างหน้า",
                    "۷ روز آینده",
                ],
                Period::Next30Days => [
                    "the next 30 days",
                    "30 ngày tới",
                    "未来 30 天",
                    "30 วันข้างหน้า",
                    "۳۰ روز آینده",
                ],
            },
        )
    }
}
