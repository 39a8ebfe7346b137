//! Calendars our users date things in besides the Gregorian one: the Solar Hijri (Jalali)
//! calendar of Iran and the Buddhist era of Thailand.

use chrono::{Datelike, NaiveDate};

/// A day in the Solar Hijri calendar: year, month (1–12), day (1–31).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jalali {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Days before each Gregorian month in a common year.
const BEFORE_MONTH: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// The Solar Hijri date of a Gregorian one, by the 33-year arithmetic of the calendar (exact
/// for the years people live in: 1178 to 1633 AP).
pub fn to_jalali(date: NaiveDate) -> Jalali {
    let (gy, gm, gd) = (
        i64::from(date.year()),
        date.month() as i64,
        i64::from(date.day()),
    );
    let gy2 = if gm > 2 { gy + 1 } else { gy };
    let mut days = 355_666 + 365 * gy + (gy2 + 3).div_euclid(4) - (gy2 + 99).div_euclid(100)
        + (gy2 + 399).div_euclid(400)
        + gd
        + BEFORE_MONTH[(gm - 1) as usize];
    let mut year = -1595 + 33 * days.div_euclid(12_053);
    days = days.rem_euclid(12_053);
    year += 4 * (days / 1461);
    days %= 1461;
    if days > 365 {
        year += (days - 1) / 365;
        days = (days - 1) % 365;
    }
    let (month, day) = if days < 186 {
        (1 + days / 31, 1 + days % 31)
    } else {
        (7 + (days - 186) / 30, 1 + (days - 186) % 30)
    };
    Jalali {
        year: year as i32,
        month: month as u32,
        day: day as u32,
    }
}

/// The Gregorian date of a Solar Hijri one; `None` for a day that does not exist.
pub fn from_jalali(j: Jalali) -> Option<NaiveDate> {
    if !(1..=12).contains(&j.month) || j.day == 0 || j.day > if j.month <= 6 { 31 } else { 30 } {
        return None;
    }
    // Nowruz of that year is 20 or 21 March (or 22 in rare years): find it, then count on.
    let march = (19..=22)
        .filter_map(|d| NaiveDate::from_ymd_opt(j.year + 621, 3, d))
        .find(|d| {
            to_jalali(*d)
                == Jalali {
                    year: j.year,
                    month: 1,
                    day: 1,
                }
        })?;
    let offset = if j.month <= 6 {
        (j.month - 1) * 31 + j.day - 1
    } else {
        186 + (j.month - 7) * 30 + j.day - 1
    };
    let date = march.checked_add_days(chrono::Days::new(u64::from(offset)))?;
    // Esfand 30 exists only in leap years.
    (to_jalali(date) == j).then_some(date)
}

/// The year of the Buddhist era (Thailand): the Gregorian year plus 543.
pub fn buddhist_year(date: NaiveDate) -> i32 {
    date.year() + 543
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn jalali(year: i32, month: u32, day: u32) -> Jalali {
        Jalali { year, month, day }
    }

    #[test]
    fn nowruz_and_other_known_days() {
        // Nowruz 1404 was 21 March 2025; Nowruz 1403 was 20 March 2024.
        assert_eq!(to_jalali(day(2025, 3, 21)), jalali(1404, 1, 1));
        assert_eq!(to_jalali(day(2025, 3, 20)), jalali(1403, 12, 30));
        assert_eq!(to_jalali(day(2024, 3, 20)), jalali(1403, 1, 1));
        // Yalda night, 30 Azar 1403 = 20 December 2024; 1 Mehr 1404 = 23 September 2025.
        assert_eq!(to_jalali(day(2024, 12, 20)), jalali(1403, 9, 30));
        assert_eq!(to_jalali(day(2025, 9, 23)), jalali(1404, 7, 1));
        // The Islamic Revolution's anniversary, 22 Bahman 1357 = 11 February 1979.
        assert_eq!(to_jalali(day(1979, 2, 11)), jalali(1357, 11, 22));
    }

    #[test]
    fn back_and_forth_for_every_day_of_sixty_years() {
        let mut d = day(1990, 1, 1);
        while d < day(2050, 1, 1) {
            let j = to_jalali(d);
            assert_eq!(from_jalali(j), Some(d), "{d} → {j:?}");
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn days_that_do_not_exist() {
        // 1403 is a leap year (Esfand has 30 days); 1404 is not.
        assert_eq!(from_jalali(jalali(1403, 12, 30)), Some(day(2025, 3, 20)));
        assert_eq!(from_jalali(jalali(1404, 12, 30)), None);
        assert_eq!(from_jalali(jalali(1404, 7, 31)), None);
        assert_eq!(from_jalali(jalali(1404, 13, 1)), None);
    }

    #[test]
    fn the_buddhist_era() {
        assert_eq!(buddhist_year(day(2026, 11, 23)), 2569);
    }
}

/// The month (year and month, in the Solar Hijri calendar when `jalali`, else the Gregorian
/// one) a day is in.
pub fn month_of(day: NaiveDate, jalali: bool) -> (i32, u32) {
    if jalali {
        let j = to_jalali(day);
        (j.year, j.month)
    } else {
        (day.year(), day.month())
    }
}

/// The days of a month, first to last, as `month_of` counts months.
pub fn days_of_month(year: i32, month: u32, jalali: bool) -> Vec<NaiveDate> {
    (1..=31)
        .map_while(|day| {
            if jalali {
                from_jalali(Jalali { year, month, day })
            } else {
                NaiveDate::from_ymd_opt(year, month, day)
            }
        })
        .collect()
}

/// The month `by` months after (before, if negative) year and month.
pub fn add_months((year, month): (i32, u32), by: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + by;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

#[cfg(test)]
mod month_tests {
    use super::*;

    #[test]
    fn months_are_counted_in_either_calendar() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(month_of(day, false), (2026, 12));
        assert_eq!(month_of(day, true), (1405, 9));
        // Azar has 30 days; the first is 22 November 2026.
        let azar = days_of_month(1405, 9, true);
        assert_eq!(azar.len(), 30);
        assert_eq!(azar[0], NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        // Farvardin 31 days, Esfand 29 or 30 (1403 is a leap year).
        assert_eq!(days_of_month(1405, 1, true).len(), 31);
        assert_eq!(days_of_month(1403, 12, true).len(), 30);
        assert_eq!(days_of_month(1404, 12, true).len(), 29);
        assert_eq!(days_of_month(2028, 2, false).len(), 29);
        assert_eq!(add_months((1405, 12), 1), (1406, 1));
        assert_eq!(add_months((2026, 1), -1), (2025, 12));
    }
}

/// The seven days of the week holding `day`, the first being `first` (the reader's first day of
/// the week: Saturday in Iran, Sunday in Thailand, Monday elsewhere).
pub fn week_of(day: NaiveDate, first: chrono::Weekday) -> [NaiveDate; 7] {
    let back = (day.weekday().num_days_from_monday() + 7 - first.num_days_from_monday()) % 7;
    let start = day - chrono::Days::new(u64::from(back));
    std::array::from_fn(|i| start + chrono::Days::new(i as u64))
}

/// The whole weeks a month's calendar shows: from the week of its first day to that of its
/// last, so a row is always a week from `first`.
pub fn month_weeks(
    (year, month): (i32, u32),
    jalali: bool,
    first: chrono::Weekday,
) -> Vec<[NaiveDate; 7]> {
    let days = days_of_month(year, month, jalali);
    let (Some(&start), Some(&end)) = (days.first(), days.last()) else {
        return Vec::new();
    };
    let mut weeks = vec![week_of(start, first)];
    while weeks.last().is_some_and(|w| w[6] < end) {
        let next = weeks[weeks.len() - 1][6] + chrono::Days::new(1);
        weeks.push(week_of(next, first));
    }
    weeks
}

#[cfg(test)]
mod week_tests {
    use super::*;
    use chrono::Weekday;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_week_starts_on_the_readers_first_day() {
        // Thursday 3 December 2026.
        let thursday = day(2026, 12, 3);
        assert_eq!(week_of(thursday, Weekday::Mon)[0], day(2026, 11, 30));
        assert_eq!(week_of(thursday, Weekday::Sat)[0], day(2026, 11, 28));
        assert_eq!(week_of(thursday, Weekday::Sun)[6], day(2026, 12, 5));
        // A day that is the first of its week starts it.
        assert_eq!(
            week_of(day(2026, 11, 28), Weekday::Sat)[0],
            day(2026, 11, 28)
        );
    }

    #[test]
    fn a_month_is_shown_in_whole_weeks() {
        // December 2026 from Monday: 30 Nov … 3 Jan, five weeks.
        let weeks = month_weeks((2026, 12), false, Weekday::Mon);
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[0][0], day(2026, 11, 30));
        assert_eq!(weeks[4][6], day(2027, 1, 3));
        // Azar 1405 (22 Nov – 21 Dec 2026) from Saturday: 21 Nov … 25 Dec.
        let azar = month_weeks((1405, 9), true, Weekday::Sat);
        assert_eq!(azar[0][0], day(2026, 11, 21));
        assert!(azar.last().unwrap().contains(&day(2026, 12, 21)));
        assert!(azar.iter().all(|w| w[0].weekday() == Weekday::Sat));
    }
}
