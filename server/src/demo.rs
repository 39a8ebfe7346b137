//! The demo organisation a new user sees on the first start (`RAPPORT_DEMO`): its people, two
//! teams with stages of their own, tags, products, targets, and a pipeline of companies,
//! contacts, deals, quotations and activities with Vietnamese and English names. Made on top of
//! what every organisation starts with (`org.rs`), through the same rules: each deal is created,
//! won or lost by the mutations a person would send, on the day they would have.

use app::db::{DbError, Identity};
use app::domain::fractional_index::n_keys_between;
use app::domain::quotation::Fixed;
use app::domain::rates::{RATE_SCALE, Rate};
use app::domain::{
    Activity, ActivityType, Campaign, Company, Contact, Currency, Money, Mutation, NewOpportunity,
    Opportunity, OpportunityFields, Product, Quotation, QuotationLine, QuotationState, Record,
    Source, Stage, Tag, Target, Team,
};
use chrono::{Days, Months, NaiveDate};
use uuid::Uuid;

use crate::org::{Made, starter};

/// The stages of one team only (by index in `TEAMS`): name, probability, place on the board
/// (between the shared stages' 20 and 50).
const TEAM_STAGES: [(&str, u8, usize, i32); 2] = [
    ("Demo / Trình diễn", 40, 0, 30),
    ("Site survey / Khảo sát", 45, 1, 40),
];

/// Name, leader and members (indexes into the salespeople, the first being the demo user).
const TEAMS: [(&str, usize, [usize; 2]); 2] = [
    ("Kinh doanh Hà Nội / Hanoi Sales", 0, [1, 2]),
    ("Dự án TP.HCM / HCMC Projects", 3, [4, 5]),
];

const PRODUCTS: [(&str, i64, Currency, u8); 6] = [
    (
        "Phần mềm kế toán, bản quyền năm / Accounting software, annual licence",
        12_000_000,
        Currency::VND,
        10,
    ),
    (
        "Máy chủ Dell PowerEdge R750 / Server",
        185_000_000,
        Currency::VND,
        10,
    ),
    ("Camera IP 4MP", 2_350_000, Currency::VND, 8),
    (
        "Tấm pin mặt trời 550W / Solar panel 550 W",
        3_200_000,
        Currency::VND,
        8,
    ),
    (
        "Đào tạo tại chỗ, 1 ngày / On-site training, 1 day",
        9_500_000,
        Currency::VND,
        10,
    ),
    ("Consulting hour", 8_500, Currency::USD, 0),
];

const TAGS: [(&str, u8); 5] = [
    ("VIP", 0),
    ("Hợp đồng năm / Annual", 1),
    ("Nhà nước / Government", 2),
    ("Giới thiệu / Referral", 3),
    ("Xuất khẩu / Export", 4),
];

const SALESPEOPLE: [(&str, &str); 5] = [
    ("Trần Minh Khoa", "khoa@demo.rapport"),
    ("Lê Thị Mai", "mai@demo.rapport"),
    ("David Tran", "david@demo.rapport"),
    ("Phạm Quốc Huy", "huy@demo.rapport"),
    ("Sarah Lim", "sarah@demo.rapport"),
];

const CAMPAIGNS: [&str; 3] = [
    "Tết 2027",
    "Triển lãm Vietbuild / Vietbuild fair",
    "Email tháng 10 / October mailing",
];

const SOURCES: [&str; 4] = [
    "Website",
    "Giới thiệu / Referral",
    "Gọi điện / Cold call",
    "Hội chợ / Trade fair",
];

/// What a team is to win in a month, and each salesperson (₫).
const TEAM_TARGET: i64 = 3_000_000_000;
const PERSON_TARGET: i64 = 1_000_000_000;

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

/// Gives the demo accounts their roles and the demo password, the first time.
pub async fn accounts(conn: &mut sqlx::PgConnection, org_id: Uuid) -> Result<(), DbError> {
    let unset: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM users \
         WHERE org_id = $1 AND email LIKE '%@demo.rapport' AND password_hash IS NULL",
    )
    .bind(org_id)
    .fetch_one(&mut *conn)
    .await?;
    if unset > 0 {
        let hash = app::db::auth::hash_password(crate::auth::DEMO_PASSWORD).await?;
        sqlx::query(
            "UPDATE users SET password_hash = $1 \
             WHERE org_id = $2 AND email LIKE '%@demo.rapport' AND password_hash IS NULL",
        )
        .bind(hash)
        .bind(org_id)
        .execute(&mut *conn)
        .await?;
        // David Tran leads the HCMC team.
        sqlx::query(
            "UPDATE users SET role = 'manager' WHERE org_id = $1 AND email = 'david@demo.rapport'",
        )
        .bind(org_id)
        .execute(&mut *conn)
        .await?;
    }
    let people: Vec<(String, String)> = sqlx::query_as(
        "SELECT email, role FROM users \
         WHERE org_id = $1 AND email LIKE '%@demo.rapport' AND active ORDER BY role, email",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    let list: Vec<String> = people.iter().map(|(e, r)| format!("{e} ({r})")).collect();
    tracing::info!(
        "demo accounts, password \"{}\": {}",
        crate::auth::DEMO_PASSWORD,
        list.join(", ")
    );
    Ok(())
}

/// The demo organisation and its people; what it is made of, in an order it can be made in.
pub async fn make(
    conn: &mut sqlx::PgConnection,
    who: &Identity,
    size: crate::org::DemoSize,
    today: NaiveDate,
) -> Result<Vec<Made>, DbError> {
    sqlx::query(
        "INSERT INTO orgs (id, name, currency) VALUES ($1, 'Demo: Minh Phát Trading', 'VND')",
    )
    .bind(who.org_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO users (id, org_id, name, email, role) \
         VALUES ($1, $2, 'Nguyễn Thu Trang', 'trang@demo.rapport', 'admin')",
    )
    .bind(who.user_id)
    .bind(who.org_id)
    .execute(&mut *conn)
    .await?;
    let mut salespeople = vec![who.user_id];
    for (name, email) in SALESPEOPLE {
        let id = Uuid::now_v7();
        sqlx::query("INSERT INTO users (id, org_id, name, email) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(who.org_id)
            .bind(name)
            .bind(email)
            .execute(&mut *conn)
            .await?;
        salespeople.push(id);
    }
    sqlx::query(
        "INSERT INTO users (id, org_id, name, email, role) \
         VALUES ($1, $2, 'Võ Thanh Hà', 'ha@demo.rapport', 'read_only')",
    )
    .bind(Uuid::now_v7())
    .bind(who.org_id)
    .execute(&mut *conn)
    .await?;
    accounts(&mut *conn, who.org_id).await?;

    let mut start = starter(who.org_id);
    // Reports are in the organisation's currency; the demo sells in dollars too.
    start.currency.rates = vec![Rate {
        currency: Currency::USD,
        scaled: 25_400 * RATE_SCALE,
    }];
    let reasons: Vec<Uuid> = start.lost_reasons.iter().map(|r| r.id).collect();
    let types = start.activity_types.clone();
    let teams: Vec<Team> = TEAMS
        .iter()
        .map(|(name, leader, members)| Team {
            id: Uuid::now_v7(),
            name: (*name).into(),
            leader_id: Some(salespeople[*leader]),
            member_ids: members.iter().map(|m| salespeople[*m]).collect(),
            for_quotations: true,
            for_opportunities: true,
            for_warranty: false,
            capacities: Vec::new(),
            takes: Default::default(),
            territories: Vec::new(),
            shared_pipeline: false,
            version: 0,
            deleted: false,
        })
        .collect();
    let team_stages: Vec<Stage> = TEAM_STAGES
        .iter()
        .map(|(name, probability, team, sequence)| Stage {
            id: Uuid::now_v7(),
            name: (*name).into(),
            sequence: *sequence,
            is_won: false,
            folded: false,
            rotting_days: 14,
            probability: *probability,
            team_id: Some(teams[*team].id),
            version: 0,
            deleted: false,
        })
        .collect();
    let mut stages: Vec<Stage> = start.stages.iter().chain(&team_stages).cloned().collect();
    stages.sort_by_key(|s| s.sequence);
    let tags: Vec<Tag> = TAGS
        .iter()
        .map(|(name, colour)| Tag {
            id: Uuid::now_v7(),
            name: (*name).into(),
            colour: *colour,
            version: 0,
            deleted: false,
        })
        .collect();
    let products: Vec<Product> = PRODUCTS
        .iter()
        .map(|(name, minor, currency, tax_percent)| Product {
            id: Uuid::now_v7(),
            name: (*name).into(),
            price: Money::new(*minor, *currency),
            tax_percent: *tax_percent,
            version: 0,
            deleted: false,
        })
        .collect();
    let mut records = start.records();
    records.extend(teams.iter().cloned().map(Record::Team));
    records.extend(team_stages.into_iter().map(Record::Stage));
    records.extend(tags.iter().cloned().map(Record::Tag));
    records.extend(products.iter().cloned().map(Record::Product));
    records.extend(
        targets(&teams, &salespeople, today)
            .into_iter()
            .map(Record::Target),
    );
    let set_up = SetUp {
        teams: &teams,
        stages: &stages,
        tags: &tags,
        types: &types,
        products: &products,
    };
    let world = demo_world(&salespeople, &set_up, &reasons, size.deals, today);
    // The past sorts before every card of the pipeline: no two cards of a column share a place.
    let first_position = world
        .iter()
        .filter_map(|r| match r {
            Record::Opportunity(o) => Some(o.position.clone()),
            _ => None,
        })
        .min();
    let past = past_world(
        &salespeople,
        &set_up,
        &reasons,
        size.past,
        today,
        first_position.as_deref(),
    );
    // Where a won deal stood before it was won: its board's first column.
    let first_stage = stages.first().map(|s| s.id).unwrap_or_default();
    let mut made: Vec<Made> = records.into_iter().map(Made::Record).collect();
    made.extend(world.into_iter().map(|record| match record {
        Record::Opportunity(o) => Made::Steps(history(&o, first_stage, today)),
        other => Made::Record(other),
    }));
    made.extend(past.into_iter().map(|(record, on)| Made::Past(record, on)));
    Ok(made)
}

const FAMILY_NAMES: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"];
const MIDDLE_NAMES: [&str; 6] = ["Văn", "Thị", "Minh", "Quốc", "Thu", "Hoàng"];
const GIVEN_NAMES: [&str; 12] = [
    "An", "Bình", "Châu", "Dũng", "Hà", "Khoa", "Lan", "Mai", "Nam", "Phúc", "Quân", "Trang",
];
const PAST_COMPANIES: [&str; 6] = [
    "Công ty TNHH Thương mại",
    "Công ty Cổ phần Xây dựng",
    "Nhà máy Cơ khí",
    "Siam Trading Co.",
    "华南贸易有限公司",
    "شرکت بازرگانی",
];
const PAST_STEPS: [&str; 7] = [
    "Cuộc gọi đầu tiên / First call",
    "Gửi tài liệu / Send the brochure",
    "Trình diễn sản phẩm / Product demo",
    "Gửi báo giá / Send the quote",
    "Đàm phán giá / Price negotiation",
    "Chốt hợp đồng / Close the contract",
    "Chăm sóc sau bán / After-sales follow-up",
];

/// The organisation's past: `count` deals won or lost one to four years ago, each with the two
/// or three people and the company it was with (a company for every two deals), six or seven
/// activities done on it and a note, each dated the day it last changed. None of it is in a
/// browser's first copy (`domain::keep`): it is what opening an old deal, the server's reports
/// and the benchmarks at 100,000 deals read. Its cards sort before `before`.
fn past_world(
    salespeople: &[Uuid],
    set_up: &SetUp,
    reasons: &[Uuid],
    count: usize,
    today: NaiveDate,
    before: Option<&str>,
) -> Vec<(Record, NaiveDate)> {
    let (Some(won), Some(early)) = (
        set_up
            .stages
            .iter()
            .find(|s| s.is_won && s.team_id.is_none()),
        set_up
            .stages
            .iter()
            .find(|s| !s.is_won && s.team_id.is_none()),
    ) else {
        return Vec::new();
    };
    let positions = n_keys_between(None, before, count).unwrap_or_default();
    let mut out = Vec::with_capacity(count * 10);
    let mut company = None;
    for (n, position) in positions.into_iter().enumerate() {
        let closed = today - Days::new(400 + (n as u64 * 37) % 1060);
        let created = closed - Days::new(15 + n as u64 % 80);
        let team = &set_up.teams[n % set_up.teams.len()];
        let salesperson = salespeople[n % salespeople.len()];
        if n % 2 == 0 {
            let c = Company {
                custom: Default::default(),
                id: Uuid::now_v7(),
                name: format!("{} {}", PAST_COMPANIES[n % PAST_COMPANIES.len()], n / 2 + 1),
                email: format!("info@past{}.example.vn", n / 2),
                phone: format!("+84 24 3{:03} {:04}", n % 1000, (n * 7) % 10_000),
                address: ["Hà Nội", "TP. Hồ Chí Minh", "Bangkok", "深圳", "تهران"][n % 5].into(),
                version: 0,
                deleted: false,
                merged_into: None,
            };
            out.push((Record::Company(c.clone()), created));
            company = Some(c);
        }
        let company_id = company.as_ref().map(|c| c.id);
        // Two or three people each: 200,000 for the 80,000 deals of the size benchmark.
        let people: Vec<Contact> = (0..2 + usize::from(n % 2 == 0))
            .map(|i| {
                let k = n * 3 + i;
                Contact {
                    custom: Default::default(),
                    id: Uuid::now_v7(),
                    name: format!(
                        "{} {} {}",
                        FAMILY_NAMES[k % FAMILY_NAMES.len()],
                        MIDDLE_NAMES[(k / 8) % MIDDLE_NAMES.len()],
                        GIVEN_NAMES[(k / 48) % GIVEN_NAMES.len()]
                    ),
                    company_id,
                    job_title: [
                        "Giám đốc / Director",
                        "Mua hàng / Purchasing",
                        "Kế toán / Accounts",
                    ][i]
                        .into(),
                    email: format!("p{k}@past{}.example.vn", n / 2),
                    phone: format!("+84 9{:02} {:03} {:03}", k % 100, (k / 100) % 1000, k % 997),
                    version: 0,
                    deleted: false,
                    merged_into: None,
                }
            })
            .collect();
        let lost = n % 3 == 0;
        let deal = Opportunity {
            custom: Default::default(),
            id: Uuid::now_v7(),
            title: format!("{} – {}", DEALS[n % DEALS.len()], n + 1),
            customer_name: people[0].name.clone(),
            company_name: String::new(),
            email: String::new(),
            phone: people[0].phone.clone(),
            expected_revenue: Money::new(((n as i64 * 7919) % 900 + 20) * 1_000_000, Currency::VND),
            probability: if lost { 0 } else { 100 },
            stage_id: if lost { early.id } else { won.id },
            position,
            priority: (n % 4) as u8,
            salesperson_id: Some(salesperson),
            expected_close: Some(closed),
            version: 0,
            deleted: false,
            lost,
            lost_reason_id: lost.then(|| reasons[n % reasons.len()]),
            lost_note: String::new(),
            team_id: Some(team.id),
            tag_ids: Vec::new(),
            contact_id: Some(people[0].id),
            company_id,
            lead: false,
            description: String::new(),
            campaign_id: None,
            source_id: None,
            created_on: Some(created),
            closed_on: Some(closed),
            stage_since: Some(closed),
            changed_on: Some(closed),
            predicted: None,
            probability_by_hand: false,
            score: None,
            qualification: Default::default(),
            mql_on: None,
            sql_on: None,
            returned_reason: String::new(),
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            language: ["vi", "vi", "en", "vi", "zh", "vi"][n % 6].into(),
            merged_into: None,
        };
        let span = (closed - created).num_days().max(1) as u64;
        // Six steps each, a seventh for every fourth: 500,000 for the size benchmark's 80,000.
        let steps = PAST_STEPS.len() - usize::from(n % 4 != 0);
        for (step, summary) in PAST_STEPS.iter().take(steps).enumerate() {
            let done = created + Days::new(span * step as u64 / PAST_STEPS.len() as u64);
            out.push((
                Record::Activity(Activity {
                    id: Uuid::now_v7(),
                    type_id: set_up.types[step % set_up.types.len()].id,
                    subject: app::domain::Subject::deal(deal.id),
                    summary: (*summary).into(),
                    note: String::new(),
                    due: done,
                    user_id: Some(salesperson),
                    done: true,
                    done_on: Some(done),
                    feedback: "Đã xong / Done".into(),
                    version: 0,
                    deleted: false,
                }),
                done,
            ));
        }
        out.push((
            Record::Note(app::domain::Note {
                id: Uuid::now_v7(),
                subject: app::domain::Subject::deal(deal.id),
                text: if lost {
                    "Khách chọn nhà cung cấp khác / chose another supplier".into()
                } else {
                    "Đã ký hợp đồng, giao hàng đúng hạn / signed, delivered on time".into()
                },
                version: 0,
                deleted: false,
            }),
            closed,
        ));
        out.extend(people.into_iter().map(|p| (Record::Contact(p), created)));
        out.push((Record::Opportunity(deal), closed));
    }
    out
}

/// A deal's life as the mutations a person would have sent: created on its day (a won one in
/// the first column), then won or lost on the day it closed.
fn history(o: &Opportunity, first_stage: Uuid, today: NaiveDate) -> Vec<(Mutation, NaiveDate)> {
    let won = o.closed_on.is_some() && !o.lost;
    let created = o.created_on.unwrap_or(today);
    let closed = o.closed_on.unwrap_or(today);
    // An open deal came to its stage on `stage_since` and was last changed on `changed_on`:
    // moved there from the first stage, its close day set later.
    let open = o.closed_on.is_none();
    let since = o.stage_since.unwrap_or(created);
    let moved = open && o.stage_id != first_stage && since > created;
    let touched = open
        && o.expected_close.is_some()
        && o.changed_on.is_some_and(|on| on > since.max(created));
    let mut steps = vec![(
        Mutation::CreateOpportunity(NewOpportunity {
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            language: o.language.clone(),
            custom: Default::default(),
            id: o.id,
            title: o.title.clone(),
            customer_name: o.customer_name.clone(),
            company_name: o.company_name.clone(),
            email: o.email.clone(),
            phone: o.phone.clone(),
            expected_revenue: o.expected_revenue,
            priority: o.priority,
            stage_id: if won || moved {
                first_stage
            } else {
                o.stage_id
            },
            position: o.position.clone(),
            salesperson_id: o.salesperson_id,
            expected_close: if touched { None } else { o.expected_close },
            team_id: o.team_id,
            tag_ids: o.tag_ids.clone(),
            contact_id: o.contact_id,
            company_id: o.company_id,
            lead: o.lead,
            description: o.description.clone(),
            campaign_id: o.campaign_id,
            source_id: o.source_id,
        }),
        created,
    )];
    if moved {
        steps.push((
            Mutation::MoveOpportunity {
                id: o.id,
                stage_id: o.stage_id,
                position: o.position.clone(),
                base_version: 0,
            },
            since,
        ));
    }
    if touched && let Some(on) = o.changed_on {
        steps.push((
            Mutation::SetOpportunityFields {
                id: o.id,
                fields: OpportunityFields {
                    expected_close: Some(o.expected_close),
                    ..OpportunityFields::default()
                },
                base_version: 0,
            },
            on,
        ));
    }
    if won {
        steps.push((
            Mutation::MarkWon {
                id: o.id,
                position: o.position.clone(),
            },
            closed,
        ));
    }
    if o.lost {
        steps.push((
            Mutation::MarkLost {
                id: o.id,
                reason_id: o.lost_reason_id,
                note: o.lost_note.clone(),
            },
            closed,
        ));
    }
    steps
}

/// Monthly targets for each team and salesperson, from two months back to two ahead.
fn targets(teams: &[Team], salespeople: &[Uuid], today: NaiveDate) -> Vec<Target> {
    let this_month = app::domain::report::first_of_month(today);
    let mut out = Vec::new();
    for k in 0..5 {
        let Some(month) = (this_month - Months::new(2)).checked_add_months(Months::new(k)) else {
            continue;
        };
        let target = |team_id, salesperson_id, amount| Target {
            id: Uuid::now_v7(),
            month,
            team_id,
            salesperson_id,
            amount: Money::new(amount, Currency::VND),
            version: 0,
            deleted: false,
        };
        for team in teams {
            out.push(target(Some(team.id), None, TEAM_TARGET));
        }
        for person in salespeople {
            out.push(target(None, Some(*person), PERSON_TARGET));
        }
    }
    out
}

/// The demo organisation's set-up, which its deals and activities refer to.
#[derive(Clone, Copy)]
struct SetUp<'a> {
    teams: &'a [Team],
    stages: &'a [Stage],
    tags: &'a [Tag],
    types: &'a [ActivityType],
    products: &'a [Product],
}

/// Companies, their contacts, `size` leads and opportunities spread over the two teams and their
/// stages (fewer in the later ones), and activities overdue, due today and ahead. Deterministic
/// but for the ids and the dates, which follow `today`.
fn demo_world(
    salespeople: &[Uuid],
    set_up: &SetUp,
    reasons: &[Uuid],
    size: usize,
    today: NaiveDate,
) -> Vec<Record> {
    let SetUp {
        teams,
        stages,
        tags,
        types,
        products,
    } = *set_up;
    let mut out = Vec::new();
    let named = |name: &&str| (Uuid::now_v7(), (*name).to_string());
    let campaigns: Vec<Campaign> = CAMPAIGNS
        .iter()
        .map(named)
        .map(|(id, name)| Campaign {
            id,
            name,
            version: 0,
            deleted: false,
        })
        .collect();
    let sources: Vec<Source> = SOURCES
        .iter()
        .map(named)
        .map(|(id, name)| Source {
            id,
            name,
            version: 0,
            deleted: false,
        })
        .collect();
    out.extend(campaigns.iter().cloned().map(Record::Campaign));
    out.extend(sources.iter().cloned().map(Record::Source));
    let companies: Vec<Company> = COMPANIES
        .iter()
        .enumerate()
        .map(|(n, name)| Company {
            custom: Default::default(),
            id: Uuid::now_v7(),
            name: (*name).into(),
            email: format!("info@company{n}.example.vn"),
            phone: format!("+84 28 38{:02} {:04}", n, n * 37 % 10_000),
            address: [
                "Hà Nội",
                "TP. Hồ Chí Minh",
                "Đà Nẵng",
                "Hải Phòng",
                "Cần Thơ",
            ][n % 5]
                .into(),
            version: 0,
            deleted: false,
            merged_into: None,
        })
        .collect();
    let contacts: Vec<Contact> = (0..30)
        .map(|n| {
            let name = CONTACTS[n % CONTACTS.len()];
            let company = &companies[n % companies.len()];
            Contact {
                custom: Default::default(),
                id: Uuid::now_v7(),
                name: name.into(),
                company_id: Some(company.id),
                job_title: [
                    "Giám đốc / Director",
                    "Trưởng phòng mua hàng / Purchasing",
                    "Kế toán trưởng / Chief accountant",
                ][n % 3]
                    .into(),
                email: format!("contact{n}@company{}.example.vn", n % companies.len()),
                phone: format!(
                    "+84 9{:02} {:03} {:03}",
                    n,
                    (n * 37) % 1000,
                    (n * 91) % 1000
                ),
                version: 0,
                deleted: false,
                merged_into: None,
            }
        })
        .collect();
    out.extend(companies.iter().cloned().map(Record::Company));
    out.extend(contacts.iter().cloned().map(Record::Contact));

    // Each team's columns, in board order, with how many of its deals each holds.
    let weights = [5usize, 4, 3, 3, 2, 2];
    let mut opportunities = Vec::with_capacity(size);
    for (t, team) in teams.iter().enumerate() {
        let columns: Vec<&Stage> = stages
            .iter()
            .filter(|s| s.team_id.is_none() || s.team_id == Some(team.id))
            .collect();
        let share = size / teams.len() + usize::from(t < size % teams.len());
        let total: usize = weights.iter().take(columns.len()).sum();
        let mut made = 0;
        for (c, stage) in columns.iter().enumerate() {
            let count = if c + 1 == columns.len() {
                share - made
            } else {
                share * weights[c % weights.len()] / total
            };
            for position in n_keys_between(None, None, count).unwrap_or_default() {
                let n = opportunities.len();
                made += 1;
                let contact = &contacts[n % contacts.len()];
                let company = &companies[n % companies.len()];
                let deal = DEALS[(n * 7 + c) % DEALS.len()];
                let usd = n % 5 == 3;
                let revenue = if usd {
                    Money::new(((n as i64 * 7919) % 90 + 10) * 100_000, Currency::USD)
                } else {
                    Money::new(((n as i64 * 104_729) % 950 + 50) * 1_000_000, Currency::VND)
                };
                // Early deals without a company record yet are unqualified leads.
                let lead = c == 0 && n % 3 == 0;
                let team_people = [
                    team.leader_id.unwrap_or(salespeople[0]),
                    team.member_ids[0],
                    team.member_ids[1],
                ];
                let mut o = Opportunity {
                    custom: Default::default(),
                    id: Uuid::now_v7(),
                    title: format!("{deal} – {}", company.name),
                    customer_name: contact.name.clone(),
                    // A linked deal shows its company record's name; a lead keeps the typed one.
                    company_name: if lead {
                        company.name.clone()
                    } else {
                        String::new()
                    },
                    email: if lead {
                        contact.email.clone()
                    } else {
                        String::new()
                    },
                    phone: contact.phone.clone(),
                    expected_revenue: revenue,
                    probability: stage.entry_probability(),
                    stage_id: stage.id,
                    position,
                    priority: (n % 4) as u8,
                    salesperson_id: (n % 7 != 6).then(|| team_people[n % 3]),
                    expected_close: today.checked_add_days(Days::new((n as u64 * 3) % 120)),
                    version: 0,
                    deleted: false,
                    lost: false,
                    lost_reason_id: None,
                    lost_note: String::new(),
                    team_id: Some(team.id),
                    tag_ids: (0..tags.len())
                        .filter(|k| (n + k) % 5 == 0 || (n * k) % 11 == 1)
                        .map(|k| tags[k].id)
                        .take(2)
                        .collect(),
                    contact_id: (!lead).then_some(contact.id),
                    company_id: (!lead).then_some(company.id),
                    lead,
                    description: String::new(),
                    campaign_id: (n % 4 != 3).then(|| campaigns[n % campaigns.len()].id),
                    source_id: (n % 6 != 5).then(|| sources[n % sources.len()].id),
                    created_on: today.checked_sub_days(Days::new(if lead {
                        (n as u64 * 3) % 45
                    } else {
                        (n as u64 * 7) % 180
                    })),
                    closed_on: None,
                    stage_since: None,
                    changed_on: None,
                    predicted: None,
                    probability_by_hand: false,
                    score: None,
                    qualification: Default::default(),
                    mql_on: None,
                    sql_on: None,
                    returned_reason: String::new(),
                    country: String::new(),
                    province: String::new(),
                    postcode: String::new(),
                    // Most speak Vietnamese; some English or Chinese (prediction can learn from it).
                    language: ["vi", "vi", "en", "vi", "zh", "vi"][n % 6].into(),
                    merged_into: None,
                };
                // Won deals closed over the last months, each some weeks after it was created.
                if stage.is_won {
                    let closed = today.checked_sub_days(Days::new((n as u64 * 13) % 200));
                    o.closed_on = closed;
                    o.created_on =
                        closed.and_then(|c| c.checked_sub_days(Days::new(10 + n as u64 % 70)));
                }
                // Some deals of the early stages were lost, for the lost list and the reports.
                if n % 17 == 5 && o.probability < 50 && !lead {
                    o.lost = true;
                    o.probability = 0;
                    o.lost_reason_id = Some(reasons[n % reasons.len()]);
                    o.lost_note =
                        "Khách hàng đã chọn nhà cung cấp khác / chose another supplier".into();
                    o.closed_on = today.checked_sub_days(Days::new((n as u64 * 11) % 150));
                    o.created_on = o
                        .closed_on
                        .and_then(|c| c.checked_sub_days(Days::new(5 + n as u64 % 40)));
                }
                // In their stage for some days to some weeks; some untouched for weeks.
                let created = o.created_on.unwrap_or(today);
                let since = o
                    .closed_on
                    .unwrap_or_else(|| today - Days::new((n as u64 * 5) % 40));
                o.stage_since = Some(since.max(created));
                let quiet = if n % 5 == 2 {
                    20 + n as u64 % 9
                } else {
                    n as u64 % 6
                };
                o.changed_on = Some((today - Days::new(quiet)).max(since.max(created)));
                opportunities.push(o);
            }
        }
    }
    // Activities: most open deals have their next step planned, some late, some for today.
    let mut activities = Vec::new();
    for (n, o) in opportunities.iter().enumerate() {
        // The large demos (for the benchmarks) plan activities for their first thousand deals.
        if n >= 1000
            || o.lost
            || stages.iter().any(|s| s.id == o.stage_id && s.is_won)
            || n % 4 == 3
        {
            continue;
        }
        let kind = &types[n % types.len()];
        // Five days late, due today, in five and in ten days.
        let offset = (n as i64 * 5) % 20 - 5;
        let due = if offset < 0 {
            today.checked_sub_days(Days::new(offset.unsigned_abs()))
        } else {
            today.checked_add_days(Days::new(offset as u64))
        }
        .unwrap_or(today);
        activities.push(Activity {
            id: Uuid::now_v7(),
            type_id: kind.id,
            subject: app::domain::Subject::deal(o.id),
            summary: [
                "Gửi tài liệu / Send the brochure",
                "Xác nhận ngân sách / Confirm the budget",
                "Hẹn lịch trình diễn / Book the demo",
                "",
            ][n % 4]
                .into(),
            note: String::new(),
            due,
            user_id: o.salesperson_id,
            done: false,
            done_on: None,
            feedback: String::new(),
            version: 0,
            deleted: false,
        });
        if n % 5 == 0 {
            let earlier = today
                .checked_sub_days(Days::new(10 + n as u64 % 10))
                .unwrap_or(today);
            activities.push(Activity {
                id: Uuid::now_v7(),
                type_id: types[0].id,
                subject: app::domain::Subject::deal(o.id),
                summary: "Cuộc gọi đầu tiên / First call".into(),
                note: String::new(),
                due: earlier,
                user_id: o.salesperson_id,
                done: true,
                done_on: Some(earlier),
                feedback: "Khách quan tâm, hẹn gặp / Interested, meeting booked".into(),
                version: 0,
                deleted: false,
            });
        }
    }
    // Deals being negotiated have a quotation, drafted or sent.
    let negotiating: Vec<Uuid> = stages
        .iter()
        .filter(|s| s.name == "Negotiation")
        .map(|s| s.id)
        .collect();
    let vnd: Vec<&Product> = products
        .iter()
        .filter(|p| p.price.currency == Currency::VND)
        .collect();
    let line = |p: &Product, quantity: i64| QuotationLine {
        product_id: Some(p.id),
        description: p.name.clone(),
        quantity: Fixed::whole(quantity),
        unit_price: p.price.minor,
        discount_percent: Fixed::whole(if quantity > 5 { 5 } else { 0 }),
        tax_percent: Fixed::whole(i64::from(p.tax_percent)),
    };
    let quotations: Vec<Quotation> = opportunities
        .iter()
        .filter(|o| {
            negotiating.contains(&o.stage_id)
                && !o.lost
                && o.expected_revenue.currency == Currency::VND
        })
        .take(12)
        .enumerate()
        .map(|(n, o)| Quotation {
            id: Uuid::now_v7(),
            opportunity_id: o.id,
            customer_name: o.customer_name.clone(),
            currency: Currency::VND,
            lines: vec![
                line(vnd[n % vnd.len()], 1 + n as i64 % 3),
                line(vnd[(n + 1) % vnd.len()], 4 + n as i64 % 6),
            ],
            state: if n % 2 == 0 {
                QuotationState::Sent
            } else {
                QuotationState::Draft
            },
            valid_until: today.checked_add_days(Days::new(30)),
            note: String::new(),
            version: 0,
            deleted: false,
        })
        .collect();
    out.extend(opportunities.into_iter().map(Record::Opportunity));
    out.extend(quotations.into_iter().map(Record::Quotation));
    out.extend(activities.into_iter().map(Record::Activity));
    out
}
