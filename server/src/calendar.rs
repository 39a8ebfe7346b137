//! A person's activities as an iCalendar feed (RFC 5545), for their phone's calendar to
//! subscribe to: at `/calendar/<secret>.ics`, read without a session (calendar apps have none).
//! The secret is made and ended in Settings → Account; an unknown or ended one is not found.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use icalendar::{Calendar, Component, Event, EventLike, Property};

use crate::AppState;
use app::db::calendar::Feed;

/// The feed's route; its last part is the secret followed by `.ics`.
pub const ROUTE: &str = "/calendar/{file}";

pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file
        .strip_suffix(".ics")
        .filter(|t| !t.is_empty() && t.len() <= 64)
    else {
        return (StatusCode::NOT_FOUND, "no such calendar").into_response();
    };
    let today = chrono::Utc::now().date_naive();
    match app::db::calendar::feed(&state.context.pool, token, today).await {
        Ok(Some(feed)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                // Looked at again each time: an ended address must stop at once.
                (header::CACHE_CONTROL, "private, no-cache"),
                (header::HeaderName::from_static("x-robots-tag"), "noindex"),
            ],
            ics(&feed),
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no such calendar").into_response(),
        Err(e) => {
            tracing::error!("reading a calendar feed failed: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is not answering",
            )
                .into_response()
        }
    }
}

/// The feed as iCalendar text: an all-day event per activity on its due day, named by its type,
/// its summary and what it is about; done ones marked so.
pub fn ics(feed: &Feed) -> String {
    let mut calendar = Calendar::new();
    calendar
        .name(&format!("Rapport – {}", feed.person))
        // Calendar apps that honour it look again every hour.
        .append_property(
            Property::new("REFRESH-INTERVAL", "PT1H")
                .add_parameter("VALUE", "DURATION")
                .done(),
        )
        .append_property(Property::new("X-PUBLISHED-TTL", "PT1H"));
    for item in &feed.items {
        let what = [item.kind.as_str(), item.summary.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(": ");
        let mut summary = match item.about.as_str() {
            "" => what,
            about => format!("{what} – {about}"),
        };
        if item.done {
            summary = format!("✓ {summary}");
        }
        let description = [item.note.as_str(), item.about.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let mut event = Event::new();
        event
            .uid(&format!("{}@rapport", item.id))
            // A day's event ends at the next day's start (RFC 5545: DTEND is not included).
            .starts(item.due)
            .ends(item.due + chrono::Days::new(1))
            .summary(&summary);
        if !description.is_empty() {
            event.description(&description);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::db::calendar::FeedItem;
    use chrono::NaiveDate;
    use uuid::Uuid;

    #[test]
    fn a_feed_is_an_all_day_event_per_activity_escaped_and_folded() {
        let feed = Feed {
            person: "Nguyễn Thu Trang".into(),
            items: vec![
                FeedItem {
                    id: Uuid::from_u128(1),
                    due: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                    kind: "Gọi điện / Call".into(),
                    summary: "Xác nhận ngân sách; giá, điều khoản".into(),
                    note: "Hỏi chị Lan về hạn mức\nvà lịch giao hàng".into(),
                    about: "Máy chủ và lưu trữ – Tập đoàn Hòa Phát, chi nhánh Hải Dương (giai đoạn hai)".into(),
                    done: false,
                },
                FeedItem {
                    id: Uuid::from_u128(2),
                    due: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                    kind: "Email".into(),
                    summary: String::new(),
                    note: String::new(),
                    about: String::new(),
                    done: true,
                },
            ],
        };
        let text = ics(&feed);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.contains("X-WR-CALNAME:Rapport – Nguyễn Thu Trang\r\n"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(text.contains("UID:00000000-0000-0000-0000-000000000001@rapport"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261207"));
        // A whole day: it ends as the next one starts.
        assert!(text.contains("DTEND;VALUE=DATE:20261208"), "{text}");
        assert!(text.contains("SUMMARY:✓ Email\r\n"));
        // Every line at most 75 octets, long ones folded; read back unfolded, the text is whole
        // with its separators escaped.
        assert!(text.split("\r\n").all(|line| line.len() <= 75), "{text}");
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(
            "SUMMARY:Gọi điện / Call: Xác nhận ngân sách\\; giá\\, điều khoản – Máy chủ và lưu trữ"
        ));
        assert!(unfolded.contains("DESCRIPTION:Hỏi chị Lan về hạn mức\\nvà lịch giao hàng\\n"));
    }
}
