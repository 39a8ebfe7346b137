//! The organisation every request uses until sign-in exists, and the demo pipeline a new user
//! sees on the first start: stages and opportunities with Vietnamese and English names.

use app::db::{DbError, Identity, opportunities};
use app::domain::fractional_index::n_keys_between;
use app::domain::{Currency, Money, Opportunity};
use chrono::{Days, NaiveDate};
use sqlx::PgPool;
use uuid::Uuid;

const STAGES: [(&str, u8, bool); 5] = [
    ("New", 10, false),
    ("Qualified", 30, false),
    ("Proposition", 60, false),
    ("Negotiation", 80, false),
    ("Won", 100, true),
];

const SALESPEOPLE: [(&str, &str); 3] = [
    ("Trần Minh Khoa", "khoa@demo.rapport"),
    ("Lê Thị Mai", "mai@demo.rapport"),
    ("David Tran", "david@demo.rapport"),
];

const LOST_REASONS: [&str; 4] = [
    "Too expensive / Giá quá cao",
    "Chose a competitor / Chọn đối thủ",
    "No budget / Không có ngân sách",
    "Not interested / Không quan tâm",
];

const COMPANIES: [&str; 20] = [
    "Công ty TNHH Minh Phát",
    "Vinamilk",
    "Tập đoàn Hòa Phát",
    "Cà phê Trung Nguyên",
    "Nhựa Bình Minh",
    "Thế Giới Di Động",
    "Bảo Việt",
    "Saigon Co.op",
    "Acme Trading Ltd",
    "Northwind Foods",
    "Blue Harbor Logistics",
    "Greenfield Solar",
    "Dược Hậu Giang",
    "Xây dựng Coteccons",
    "Pho 24",
    "Lotus Garments",
    "Mekong Rice Export",
    "Sunrise Hotels",
    "Hanoi Tech Park",
    "Delta Office Supplies",
];

const DEALS: [&str; 12] = [
    "Phần mềm kế toán",
    "Office furniture",
    "Máy chủ và lưu trữ",
    "Annual support contract",
    "Đào tạo nhân viên bán hàng",
    "Fleet GPS tracking",
    "Hệ thống camera an ninh",
    "Website redesign",
    "Bảo trì điều hòa",
    "Solar panels, phase 1",
    "Đồng phục công ty",
    "Coffee machines for branches",
];

const CONTACTS: [&str; 10] = [
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Hoàng Nam",
    "Phạm Thu Hà",
    "Võ Minh Tuấn",
    "Emily Carter",
    "James Wilson",
    "Đặng Quốc Bảo",
    "Sarah Nguyen",
    "Hoàng Thị Lan",
];

/// The org that requests act for, creating it (with the demo pipeline when `demo`) if the
/// database has none. `size` is the number of demo opportunities.
pub async fn ensure_org(pool: &PgPool, demo: bool, size: usize) -> Result<Identity, DbError> {
    let mut tx = pool.begin().await?;
    // One start at a time decides whether the database is new.
    sqlx::query("SELECT pg_advisory_xact_lock(7262)")
        .execute(&mut *tx)
        .await?;
    let existing: Option<(Uuid, Uuid)> = sqlx::query_as(
        "SELECT o.id, u.id FROM orgs o JOIN users u ON u.org_id = o.id ORDER BY o.created_at, u.created_at LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((org_id, user_id)) = existing {
        return Ok(Identity { org_id, user_id });
    }
    let who = Identity {
        org_id: Uuid::now_v7(),
        user_id: Uuid::now_v7(),
    };
    sqlx::query(
        "INSERT INTO orgs (id, name, currency) VALUES ($1, 'Demo: Minh Phát Trading', 'VND')",
    )
    .bind(who.org_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO users (id, org_id, name, email) VALUES ($1, $2, 'Nguyễn Thu Trang', 'trang@demo.rapport')")
        .bind(who.user_id)
        .bind(who.org_id)
        .execute(&mut *tx)
        .await?;
    let mut salespeople = vec![who.user_id];
    for (name, email) in SALESPEOPLE {
        let id = Uuid::now_v7();
        sqlx::query("INSERT INTO users (id, org_id, name, email) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(who.org_id)
            .bind(name)
            .bind(email)
            .execute(&mut *tx)
            .await?;
        salespeople.push(id);
    }
    let mut seq = 0i64;
    let mut stage_ids = Vec::new();
    for (i, (name, probability, is_won)) in STAGES.iter().enumerate() {
        seq += 1;
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO stages (id, org_id, name, sequence, is_won, probability, version, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(who.org_id)
        .bind(name)
        .bind(i as i32 + 1)
        .bind(is_won)
        .bind(i16::from(*probability))
        .bind(seq)
        .bind(who.user_id)
        .execute(&mut *tx)
        .await?;
        stage_ids.push((id, *probability));
    }
    let mut reasons = Vec::new();
    for name in LOST_REASONS {
        seq += 1;
        let id = Uuid::now_v7();
        sqlx::query("INSERT INTO lost_reasons (id, org_id, name, version, created_by) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(who.org_id)
            .bind(name)
            .bind(seq)
            .bind(who.user_id)
            .execute(&mut *tx)
            .await?;
        reasons.push(id);
    }
    if demo {
        for (n, mut o) in demo_opportunities(&stage_ids, size).into_iter().enumerate() {
            // Some deals of the early stages were lost, for the lost list and the reports.
            if n % 17 == 5 && o.probability < 50 {
                o.lost = true;
                o.probability = 0;
                o.lost_reason_id = Some(reasons[n % reasons.len()]);
                o.lost_note =
                    "Khách hàng đã chọn nhà cung cấp khác / chose another supplier".into();
            }
            // Most deals have a salesperson; a few wait for one.
            o.salesperson_id = (n % 7 != 6).then(|| salespeople[n % salespeople.len()]);
            seq += 1;
            opportunities::save(&mut tx, &who, seq, &o).await?;
        }
    }
    sqlx::query("UPDATE orgs SET seq = $2 WHERE id = $1")
        .bind(who.org_id)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(
        "created the demo organisation with {} opportunities",
        if demo { size } else { 0 }
    );
    Ok(who)
}

/// `size` opportunities spread over the stages, fewer in the later ones, deterministic.
fn demo_opportunities(stages: &[(Uuid, u8)], size: usize) -> Vec<Opportunity> {
    let weights = [5usize, 4, 3, 2, 2];
    let total: usize = weights.iter().sum();
    let mut out = Vec::with_capacity(size);
    let mut made = 0;
    let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    for (s, (stage_id, probability)) in stages.iter().enumerate() {
        let count = if s + 1 == stages.len() {
            size - made
        } else {
            size * weights[s % weights.len()] / total
        };
        let positions = n_keys_between(None, None, count).unwrap_or_default();
        for position in positions {
            let n = made;
            made += 1;
            let company = COMPANIES[n % COMPANIES.len()];
            let deal = DEALS[(n * 7 + s) % DEALS.len()];
            let usd = n % 5 == 3;
            let revenue = if usd {
                Money::new(((n as i64 * 7919) % 90 + 10) * 100_000, Currency::USD)
            } else {
                Money::new(((n as i64 * 104_729) % 950 + 50) * 1_000_000, Currency::VND)
            };
            out.push(Opportunity {
                id: Uuid::now_v7(),
                title: format!("{deal} – {company}"),
                customer_name: format!("{}, {company}", CONTACTS[n % CONTACTS.len()]),
                email: String::new(),
                phone: format!(
                    "+84 9{:02} {:03} {:03}",
                    n % 100,
                    (n * 37) % 1000,
                    (n * 91) % 1000
                ),
                expected_revenue: revenue,
                probability: *probability,
                stage_id: *stage_id,
                position,
                priority: (n % 4) as u8,
                salesperson_id: None,
                expected_close: start.checked_add_days(Days::new((n as u64 * 3) % 120)),
                version: 0,
                deleted: false,
                lost: false,
                lost_reason_id: None,
                lost_note: String::new(),
            });
        }
    }
    out
}
