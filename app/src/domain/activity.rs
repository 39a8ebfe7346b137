//! Activities: the next thing to do on a lead, an opportunity or a contact (a call, a meeting,
//! an email), and their types, which say when the next one falls due and what follows a done one.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::RuleError;
use super::opportunity::{clean_note, clean_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DelayUnit {
    Days,
    Weeks,
    Months,
}

/// What an activity's default deadline is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DelayFrom {
    /// The day the previous activity was marked done.
    Completion,
    /// The previous activity's deadline.
    PreviousDeadline,
}

/// What marking an activity of a type done leads to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode")]
pub enum Chaining {
    #[default]
    Nothing,
    /// Offer these types for the next activity.
    Suggest { type_ids: Vec<Uuid> },
    /// Schedule an activity of this type automatically.
    Trigger { type_id: Uuid },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityType {
    pub id: Uuid,
    pub name: String,
    /// A short symbol shown with the activity (an emoji or a letter).
    #[serde(default)]
    pub icon: String,
    /// How long after its starting point an activity of this type falls due.
    #[serde(default)]
    pub delay: u16,
    pub unit: DelayUnit,
    pub from: DelayFrom,
    #[serde(default)]
    pub chaining: Chaining,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// The longest delay a type may have, in its unit: ten years of days.
pub const MAX_DELAY: u16 = 3650;

impl ActivityType {
    /// The default deadline of an activity of this type that follows one due `previous_due`
    /// and marked done on `done_on`.
    pub fn due_after(&self, done_on: NaiveDate, previous_due: NaiveDate) -> NaiveDate {
        let start = match self.from {
            DelayFrom::Completion => done_on,
            DelayFrom::PreviousDeadline => previous_due,
        };
        self.due_from(start)
    }

    /// The default deadline of an activity of this type scheduled on `day`.
    pub fn due_from(&self, day: NaiveDate) -> NaiveDate {
        let n = u64::from(self.delay);
        let due = match self.unit {
            DelayUnit::Days => day.checked_add_days(Days::new(n)),
            DelayUnit::Weeks => day.checked_add_days(Days::new(n * 7)),
            DelayUnit::Months => day.checked_add_months(Months::new(u32::from(self.delay))),
        };
        due.unwrap_or(day)
    }

    /// The types this one offers or schedules next.
    pub fn next_types(&self) -> Vec<Uuid> {
        match &self.chaining {
            Chaining::Nothing => Vec::new(),
            Chaining::Suggest { type_ids } => type_ids.clone(),
            Chaining::Trigger { type_id } => vec![*type_id],
        }
    }
}

/// The type as it may be saved: a name, a delay in range, chaining to live types only.
pub fn check_type(t: &ActivityType, types: &[ActivityType]) -> Result<ActivityType, RuleError> {
    let name = clean_text("activity_type.name", &t.name)?;
    if name.is_empty() {
        return Err(RuleError::Required("activity_type.name".into()));
    }
    if t.icon.chars().count() > 4 {
        return Err(RuleError::TooLong {
            field: "activity_type.icon".into(),
            max: 4,
        });
    }
    if t.delay > MAX_DELAY {
        return Err(RuleError::OutOfRange {
            field: "activity_type.delay".into(),
            min: 0,
            max: i64::from(MAX_DELAY),
        });
    }
    // A type may chain to itself (a weekly call), or to any live type.
    for next in t.next_types() {
        if next != t.id && find_type(types, next).is_none() {
            return Err(RuleError::UnknownActivityType(next));
        }
    }
    Ok(ActivityType {
        name,
        icon: t.icon.trim().to_string(),
        ..t.clone()
    })
}

pub fn find_type(types: &[ActivityType], id: Uuid) -> Option<&ActivityType> {
    types.iter().find(|t| t.id == id && !t.deleted)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: Uuid,
    pub type_id: Uuid,
    /// What it is about: a lead, an opportunity, a contact, or a record of any other kind.
    pub subject: super::Subject,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub due: NaiveDate,
    /// Who has to do it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feedback: String,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// Where an activity stands against today, as a card's badge shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Due {
    Overdue,
    Today,
    Planned,
}

impl Activity {
    pub fn due_state(&self, today: NaiveDate) -> Due {
        match self.due.cmp(&today) {
            std::cmp::Ordering::Less => Due::Overdue,
            std::cmp::Ordering::Equal => Due::Today,
            std::cmp::Ordering::Greater => Due::Planned,
        }
    }

    /// Whether it is still to do.
    pub fn is_open(&self) -> bool {
        !self.done && !self.deleted
    }
}

/// The text fields of an activity, cleaned; the references are checked by the caller.
pub fn clean_activity(a: &Activity) -> Result<Activity, RuleError> {
    Ok(Activity {
        summary: clean_text("activity.summary", &a.summary)?,
        note: clean_note("activity.note", &a.note)?,
        feedback: clean_note("activity.feedback", &a.feedback)?,
        ..a.clone()
    })
}

/// Where a day to do something falls, as a list of things to do is grouped: overdue, today,
/// tomorrow, the rest of this week (to Sunday), later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DayGroup {
    Overdue,
    Today,
    Tomorrow,
    ThisWeek,
    Later,
}

impl DayGroup {
    pub fn of(due: NaiveDate, today: NaiveDate) -> DayGroup {
        use chrono::Datelike;
        let days = (due - today).num_days();
        let to_sunday = 6 - i64::from(today.weekday().num_days_from_monday());
        match days {
            ..0 => DayGroup::Overdue,
            0 => DayGroup::Today,
            1 => DayGroup::Tomorrow,
            d if d <= to_sunday => DayGroup::ThisWeek,
            _ => DayGroup::Later,
        }
    }
}

/// The badge of a record with these open activities: the most urgent one's state.
pub fn badge<'a>(
    activities: impl IntoIterator<Item = &'a Activity>,
    today: NaiveDate,
) -> Option<Due> {
    activities
        .into_iter()
        .filter(|a| a.is_open())
        .map(|a| a.due_state(today))
        .min()
}

impl super::kind::Kind for ActivityType {
    const NAME: &'static str = "activity_type";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        [
            "Activity type",
            "Kiểu hoạt động",
            "活动类型",
            "ประเภทกิจกรรม",
            "نوع فعالیت",
        ],
        [
            "Activity types",
            "Kiểu hoạt động",
            "活动类型",
            "ประเภทกิจกรรม",
            "انواع فعالیت",
        ],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "name",
            super::field::FieldType::Text,
            ["Name", "Tên", "名称", "ชื่อ", "نام"],
        ),
        super::field::Field::new(
            "icon",
            super::field::FieldType::Text,
            ["Icon", "Biểu tượng", "图标", "ไอคอน", "نماد"],
        ),
        super::field::Field::new(
            "delay",
            super::field::FieldType::Integer,
            ["Delay", "Thời hạn", "期限", "ระยะเวลา", "مهلت"],
        ),
        super::field::Field::new(
            "unit",
            super::field::FieldType::Choice(&["Days", "Weeks", "Months"]),
            ["Unit", "Đơn vị", "单位", "หน่วย", "واحد"],
        ),
        super::field::Field::new(
            "from",
            super::field::FieldType::Choice(&["Completion", "PreviousDeadline"]),
            ["Counted from", "Tính từ", "起算点", "นับจาก", "شمارش از"],
        ),
        super::field::Field::new(
            "chaining",
            super::field::FieldType::Chaining,
            [
                "After it is done",
                "Sau khi hoàn thành",
                "完成后",
                "หลังจากเสร็จ",
                "پس از انجام",
            ],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::Everyone,
        write: super::kind::Write::Admin,
    };
    const SETUP: bool = true;
    const KEEP: super::kind::Keep = super::kind::Keep::All;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Org
    }

    fn references(&self) -> Vec<Uuid> {
        match &self.chaining {
            Chaining::Nothing => Vec::new(),
            Chaining::Suggest { type_ids } => type_ids.clone(),
            Chaining::Trigger { type_id } => vec![*type_id],
        }
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.name.clone()
    }

    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(vec![super::Record::ActivityType(check_type(
            self,
            &store.activity_types,
        )?)])
    }

    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(super::kind::flag_deleted(self))
    }
}

impl super::kind::Kind for Activity {
    const NAME: &'static str = "activity";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        ["Activity", "Hoạt động", "活动", "กิจกรรม", "فعالیت"],
        ["Activities", "Hoạt động", "活动", "กิจกรรม", "فعالیت‌ها"],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "type_id",
            super::field::FieldType::Link("activity_type"),
            [
                "Activity type",
                "Kiểu hoạt động",
                "活动类型",
                "ประเภทกิจกรรม",
                "نوع فعالیت",
            ],
        ),
        super::field::Field::new(
            "subject",
            super::field::FieldType::Subject,
            ["About", "Về", "关于", "เกี่ยวกับ", "دربارهٔ"],
        ),
        super::field::Field::new(
            "summary",
            super::field::FieldType::Text,
            ["Summary", "Tóm tắt", "摘要", "สรุป", "خلاصه"],
        ),
        super::field::Field::new(
            "note",
            super::field::FieldType::LongText,
            ["Note", "Ghi chú", "备注", "หมายเหตุ", "یادداشت"],
        ),
        super::field::Field::new(
            "due",
            super::field::FieldType::Date,
            [
                "Due date",
                "Hạn chót",
                "截止日期",
                "วันครบกำหนด",
                "تاریخ سررسید",
            ],
        ),
        super::field::Field::new(
            "user_id",
            super::field::FieldType::Link("user"),
            [
                "Assigned to",
                "Người phụ trách",
                "负责人",
                "ผู้รับผิดชอบ",
                "مسئول",
            ],
        ),
        super::field::Field::new(
            "done",
            super::field::FieldType::YesNo,
            ["Done", "Hoàn thành", "已完成", "เสร็จแล้ว", "انجام‌شده"],
        ),
        super::field::Field::new(
            "done_on",
            super::field::FieldType::Date,
            [
                "Done on",
                "Ngày hoàn thành",
                "完成日期",
                "วันที่ทำเสร็จ",
                "تاریخ انجام",
            ],
        ),
        super::field::Field::new(
            "feedback",
            super::field::FieldType::LongText,
            ["Feedback", "Phản hồi", "反馈", "ผลตอบรับ", "بازخورد"],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::InScope,
        write: super::kind::Write::FollowsDeal,
    };
    const SETUP: bool = false;
    const KEEP: super::kind::Keep = super::kind::Keep::WithParent;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::About(self.subject)
    }

    fn references(&self) -> Vec<Uuid> {
        super::kind::ids([Some(self.type_id), Some(self.subject.id), self.user_id])
    }

    fn display_name(&self, store: &super::Store) -> String {
        store
            .activity_types
            .iter()
            .find(|t| t.id == self.type_id)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    }

    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        super::mutation::activities::save(store, self)
    }

    /// An activity is cancelled, or done, never deleted.
    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Err(RuleError::NotDeletable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn kind(delay: u16, unit: DelayUnit, from: DelayFrom) -> ActivityType {
        ActivityType {
            id: Uuid::now_v7(),
            name: "Call".into(),
            icon: "☎".into(),
            delay,
            unit,
            from,
            chaining: Chaining::Nothing,
            version: 1,
            deleted: false,
        }
    }

    #[test]
    fn the_next_deadline_counts_from_completion_or_from_the_previous_deadline() {
        let done_on = day(2026, 11, 20);
        let previous_due = day(2026, 11, 10);
        let after_done = kind(3, DelayUnit::Days, DelayFrom::Completion);
        assert_eq!(
            after_done.due_after(done_on, previous_due),
            day(2026, 11, 23)
        );
        let after_deadline = kind(2, DelayUnit::Weeks, DelayFrom::PreviousDeadline);
        assert_eq!(
            after_deadline.due_after(done_on, previous_due),
            day(2026, 11, 24)
        );
    }

    #[test]
    fn a_delay_in_months_keeps_the_day_or_takes_the_months_last_day() {
        let monthly = kind(1, DelayUnit::Months, DelayFrom::Completion);
        assert_eq!(monthly.due_from(day(2026, 1, 15)), day(2026, 2, 15));
        assert_eq!(monthly.due_from(day(2026, 1, 31)), day(2026, 2, 28));
    }

    #[test]
    fn the_badge_is_the_most_urgent_open_activity() {
        let today = day(2026, 11, 22);
        let at = |due, done| Activity {
            id: Uuid::now_v7(),
            type_id: Uuid::now_v7(),
            subject: crate::domain::Subject::contact(Uuid::nil()),
            summary: String::new(),
            note: String::new(),
            due,
            user_id: None,
            done,
            done_on: None,
            feedback: String::new(),
            version: 1,
            deleted: false,
        };
        let planned = at(day(2026, 11, 30), false);
        let today_one = at(today, false);
        let overdue_done = at(day(2026, 11, 1), true);
        assert_eq!(badge([&planned], today), Some(Due::Planned));
        assert_eq!(badge([&planned, &today_one], today), Some(Due::Today));
        assert_eq!(
            badge([&planned, &overdue_done], today),
            Some(Due::Planned),
            "a done activity is not overdue"
        );
        assert_eq!(badge([&overdue_done], today), None);
        assert_eq!(
            badge([&at(day(2026, 11, 21), false)], today),
            Some(Due::Overdue)
        );
    }

    #[test]
    fn a_type_may_only_chain_to_live_types() {
        let call = kind(1, DelayUnit::Days, DelayFrom::Completion);
        let mut meeting = kind(1, DelayUnit::Days, DelayFrom::Completion);
        meeting.chaining = Chaining::Trigger {
            type_id: Uuid::now_v7(),
        };
        assert!(matches!(
            check_type(&meeting, std::slice::from_ref(&call)),
            Err(RuleError::UnknownActivityType(_))
        ));
        meeting.chaining = Chaining::Suggest {
            type_ids: vec![call.id, meeting.id],
        };
        assert!(check_type(&meeting, std::slice::from_ref(&call)).is_ok());
        meeting.delay = MAX_DELAY + 1;
        assert!(matches!(
            check_type(&meeting, &[call]),
            Err(RuleError::OutOfRange { .. })
        ));
    }

    #[test]
    fn days_to_do_are_grouped_overdue_today_tomorrow_this_week_later() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        // Thursday 3 December 2026.
        let today = day(3);
        let groups: Vec<DayGroup> = [1, 2, 3, 4, 5, 6, 7, 20]
            .map(|d| DayGroup::of(day(d), today))
            .to_vec();
        use DayGroup::*;
        assert_eq!(
            groups,
            [
                Overdue, Overdue, Today, Tomorrow, ThisWeek, ThisWeek, Later, Later
            ]
        );
        // On a Saturday, tomorrow is Sunday and the next day is next week.
        assert_eq!(DayGroup::of(day(7), day(5)), Later);
        assert_eq!(DayGroup::of(day(6), day(5)), Tomorrow);
    }
}
