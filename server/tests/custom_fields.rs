//! Custom fields (#15) as the server keeps them: an admin declares one, its values are checked by
//! the same rules as in the browser, kept on deals (their own column) and on contacts (in their
//! documents), pulled back to every browser, logged field by field, and a value overwritten by
//! someone else is a conflict of that field alone.

mod common;

use app::domain::custom_field::{Choice, CustomField, CustomType, Labels};
use app::domain::{Mutation, OpportunityFields, Record, RuleError};
use app::sync::protocol::Outcome;
use common::{Client, TestDb, company, create, person, push, test_db};
use serde_json::{Value, json};
use uuid::Uuid;

fn province(of: &str) -> CustomField {
    CustomField {
        id: Uuid::now_v7(),
        of: of.into(),
        key: "x_province".into(),
        labels: Labels {
            en: "Province".into(),
            vi: "Tỉnh".into(),
            fa: "استان".into(),
            ..Labels::default()
        },
        ty: CustomType::Choice {
            options: ["Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng"]
                .iter()
                .enumerate()
                .map(|(i, l)| Choice {
                    id: format!("o{}", i + 1),
                    label: (*l).into(),
                    colour: i as u8,
                })
                .collect(),
        },
        required: false,
        default: None,
        help: String::new(),
        position: 1,
        on_card: true,
        version: 0,
        deleted: false,
        purged: false,
    }
}

fn set(id: Uuid, key: &str, value: Value, base_version: i64) -> Mutation {
    Mutation::SetOpportunityFields {
        id,
        fields: OpportunityFields {
            custom: serde_json::Map::from_iter([(key.to_string(), value)]),
            ..OpportunityFields::default()
        },
        base_version,
    }
}

fn applied(outcomes: &[Outcome]) -> bool {
    outcomes
        .iter()
        .all(|o| matches!(o, Outcome::Applied { .. }))
}

#[tokio::test]
async fn a_deals_custom_values_are_checked_kept_pulled_and_logged_field_by_field() {
    let db = test_db().await;
    let mut admin = Client::new();
    let field = province("opportunity");
    let mut branches = CustomField {
        id: Uuid::now_v7(),
        key: "x_branches".into(),
        labels: Labels {
            en: "Branches".into(),
            ..Labels::default()
        },
        ty: CustomType::Number { decimals: 0 },
        required: true,
        default: Some(json!(1)),
        on_card: false,
        ..province("opportunity")
    };
    branches.position = 2;
    let made = push(
        &db,
        &mut admin,
        vec![
            Mutation::save(field.clone()),
            Mutation::save(branches.clone()),
        ],
    )
    .await;
    assert!(applied(&made), "{made:?}");

    // A deal made with a value: kept in its column, the required one filled by its default.
    let deal = match create(&db.stages[0], "Máy lọc nước", "V") {
        Mutation::CreateOpportunity(mut new) => {
            new.custom.insert("x_province".into(), json!("o2"));
            Mutation::CreateOpportunity(new)
        }
        _ => unreachable!(),
    };
    let id = deal.record_id();
    assert!(applied(&push(&db, &mut admin, vec![deal]).await));
    let stored: Value = sqlx::query_scalar("SELECT custom FROM opportunities WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(stored, json!({"x_province": "o2", "x_branches": 1}));

    // A value that is no option is refused by name; an emptied required one too.
    let refused = push(
        &db,
        &mut admin,
        vec![
            set(id, "x_province", json!("o9"), 0),
            set(id, "x_branches", Value::Null, 0),
            set(id, "x_nothing", json!("a"), 0),
        ],
    )
    .await;
    assert!(
        matches!(
            &refused[0],
            Outcome::Rejected {
                reason: RuleError::NotAChoice { .. },
                ..
            }
        ),
        "{refused:?}"
    );
    assert!(
        matches!(&refused[1], Outcome::Rejected { reason: RuleError::Required(f), .. } if f == "opportunity.x_branches"),
        "{refused:?}"
    );
    assert!(
        matches!(
            &refused[2],
            Outcome::Rejected {
                reason: RuleError::Malformed(_),
                ..
            }
        ),
        "{refused:?}"
    );

    // Another browser pulls the field and the values.
    let mut colleague = Client::new();
    let pulled = colleague.pull(&db).await;
    let o = pulled
        .opportunities
        .iter()
        .find(|o| o.id == id)
        .expect("the deal");
    assert_eq!(o.custom.get("x_province"), Some(&json!("o2")));
    assert!(
        pulled
            .records
            .iter()
            .any(|r| matches!(r, Record::CustomField(f) if f.key == "x_province"))
    );
    let version = o.version;

    // Two people change two different custom fields from the same version: both are kept, and
    // the change log names each field on its own.
    let both = push(
        &db,
        &mut admin,
        vec![set(id, "x_province", json!("o3"), version)],
    )
    .await;
    assert!(applied(&both));
    let other = push(
        &db,
        &mut colleague,
        vec![set(id, "x_branches", json!(4), version)],
    )
    .await;
    assert!(applied(&other));
    let stored: Value = sqlx::query_scalar("SELECT custom FROM opportunities WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(stored, json!({"x_province": "o3", "x_branches": 4}));
    let fields: Vec<String> = sqlx::query_scalar(
        "SELECT field FROM changes WHERE record_id = $1 AND field LIKE 'x\\_%' ORDER BY seq, field",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        fields,
        vec!["x_branches", "x_province", "x_province", "x_branches"]
    );
    let conflicts: i64 = sqlx::query_scalar("SELECT count(*) FROM conflicts WHERE record_id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(conflicts, 0, "different fields do not conflict");

    // The same field from the same version: the later one wins, and the earlier author is told.
    let mut third = Client::new();
    let seen = third.pull(&db).await;
    let version = seen
        .opportunities
        .iter()
        .find(|o| o.id == id)
        .unwrap()
        .version;
    assert!(applied(
        &push(
            &db,
            &mut admin,
            vec![set(id, "x_province", json!("o1"), version)]
        )
        .await
    ));
    assert!(applied(
        &push(
            &db,
            &mut third,
            vec![set(id, "x_province", json!("o2"), version)]
        )
        .await
    ));
    let (field, lost, won): (String, Value, Value) =
        sqlx::query_as("SELECT field, lost_value, won_value FROM conflicts WHERE record_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        (field.as_str(), lost, won),
        ("x_province", json!("o1"), json!("o2"))
    );
}

#[tokio::test]
async fn a_contacts_custom_values_live_in_its_document_and_an_edit_keeps_the_others() {
    let db = test_db().await;
    let mut admin = Client::new();
    let field = province("contact");
    let notes = CustomField {
        id: Uuid::now_v7(),
        key: "x_notes".into(),
        labels: Labels {
            en: "Notes".into(),
            ..Labels::default()
        },
        ty: CustomType::LongText,
        ..province("contact")
    };
    let mut an = person("Nguyễn Văn An", "an@abc.vn", "", None);
    an.custom.insert("x_province".into(), json!("o1"));
    let made = push(
        &db,
        &mut admin,
        vec![
            Mutation::save(field.clone()),
            Mutation::save(notes),
            Mutation::save(an.clone()),
            Mutation::EditRecord {
                id: an.id,
                fields: serde_json::Map::from_iter([(
                    "x_notes".to_string(),
                    json!("Gọi sau 5 giờ chiều"),
                )]),
                base_version: 0,
            },
        ],
    )
    .await;
    assert!(applied(&made), "{made:?}");
    let data: Value = sqlx::query_scalar("SELECT data FROM records WHERE id = $1")
        .bind(an.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        data["custom"],
        json!({"x_province": "o1", "x_notes": "Gọi sau 5 giờ chiều"})
    );

    // A deal's field is not a contact's.
    let mut bich = person("Trần Thị Bích", "", "", None);
    bich.custom.insert("x_segment".into(), json!("a"));
    let refused = push(&db, &mut admin, vec![Mutation::save(bich)]).await;
    assert!(
        matches!(&refused[0], Outcome::Rejected { .. }),
        "{refused:?}"
    );

    // Deleted, the field keeps its values; saved again, it is back.
    let gone = push(&db, &mut admin, vec![Mutation::Delete { id: field.id }]).await;
    assert!(applied(&gone));
    let data: Value = sqlx::query_scalar("SELECT data FROM records WHERE id = $1")
        .bind(an.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(data["custom"]["x_province"], json!("o1"));
    let back = push(
        &db,
        &mut admin,
        vec![Mutation::save(CustomField {
            version: 0,
            ..field.clone()
        })],
    )
    .await;
    assert!(applied(&back), "{back:?}");
    let deleted: bool = sqlx::query_scalar("SELECT deleted FROM records WHERE id = $1")
        .bind(field.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(!deleted);
}

/// A sheet of contacts, uploaded.
async fn upload(db: &TestDb, name: &str, sheet: &str) -> app::sync::imports::Preview {
    app::db::import::upload(
        &db.pool,
        &db.who,
        "contact",
        name,
        sheet.as_bytes(),
        &app::db::import::Choice::default(),
    )
    .await
    .expect("upload")
}

/// Imports an uploaded sheet to the end.
async fn run_import(db: &TestDb, id: Uuid, plan: &app::domain::import::Plan) {
    app::db::import::start(&db.pool, &db.who, id, plan, None)
        .await
        .expect("start");
    while app::db::import::run_next(&db.pool, Uuid::now_v7())
        .await
        .expect("run")
    {}
}

/// The custom values of the contact Nguyễn Văn An.
async fn custom_of_an(db: &TestDb) -> Value {
    sqlx::query_scalar(
        "SELECT data->'custom' FROM records WHERE org_id = $1 AND kind = 'contact' AND data->>'name' = 'Nguyễn Văn An'",
    )
    .bind(db.who.org_id)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_sheet_fills_custom_fields_by_their_labels_in_any_language() {
    use app::db::import;
    use app::domain::import::{OnMatch, Plan};
    let db = test_db().await;
    let mut admin = Client::new();
    let field = province("contact");
    let mut since = CustomField {
        id: Uuid::now_v7(),
        key: "x_customer_since".into(),
        labels: Labels {
            en: "Customer since".into(),
            vi: "Khách hàng từ".into(),
            ..Labels::default()
        },
        ty: CustomType::Date,
        on_card: false,
        ..province("contact")
    };
    since.position = 2;
    let vip = CustomField {
        id: Uuid::now_v7(),
        key: "x_vip".into(),
        labels: Labels {
            en: "VIP".into(),
            ..Labels::default()
        },
        ty: CustomType::YesNo,
        on_card: false,
        ..province("contact")
    };
    assert!(applied(
        &push(
            &db,
            &mut admin,
            vec![
                Mutation::save(field),
                Mutation::save(since),
                Mutation::save(vip)
            ]
        )
        .await
    ));
    // Headers in Vietnamese and Persian, options by their labels, days as people write them.
    let sheet = "Tên,Email,Tỉnh,Khách hàng từ,VIP\n\
                 Nguyễn Văn An,an@abc.vn,Đà Nẵng,04/12/2026,có\n\
                 Trần Thị Bích,,Hải Phòng,2026-01-15,không\n\
                 Lê Hoàng,,hà nội,,x\n";
    let preview = upload(&db, "khach-hang.csv", sheet).await;
    assert_eq!(
        preview.columns,
        vec![
            Some("name".to_string()),
            Some("email".to_string()),
            Some("x_province".to_string()),
            Some("x_customer_since".to_string()),
            Some("x_vip".to_string())
        ]
    );
    let plan = Plan {
        kind: "contact".into(),
        columns: preview.columns.clone(),
        header: true,
        on_match: OnMatch::Skip,
        create_tags: false,
        currency: app::domain::Currency::VND,
        decimal: None,
    };
    let checked = import::check(&db.pool, &db.who, preview.id, &plan)
        .await
        .expect("dry run");
    // Hải Phòng is no option: that row fails, by its column and why; the others pass.
    assert_eq!((checked.create, checked.failed), (2, 1), "{checked:?}");
    assert_eq!(checked.failures[0].line, 3);
    assert_eq!(checked.failures[0].column.as_deref(), Some("Tỉnh"));
    assert!(matches!(
        checked.failures[0].reason,
        RuleError::NotAChoice { .. }
    ));
    run_import(&db, preview.id, &plan).await;
    let an = custom_of_an(&db).await;
    assert_eq!(
        an,
        json!({"x_province": "o3", "x_customer_since": "2026-12-04", "x_vip": true})
    );

    // The same people again, updated: a "no" empties the yes, the others are kept.
    // Matched by the email: the same person, not a new one.
    let again = "Tên,Email,VIP\nNguyễn Văn An,an@abc.vn,không\n";
    let preview = upload(&db, "khach-hang-2.csv", again).await;
    let plan = Plan {
        columns: preview.columns.clone(),
        on_match: OnMatch::Update,
        ..plan
    };
    run_import(&db, preview.id, &plan).await;
    let an = custom_of_an(&db).await;
    assert_eq!(
        an,
        json!({"x_province": "o3", "x_customer_since": "2026-12-04"})
    );
}

#[tokio::test]
async fn a_sheet_fills_a_company_field_by_name_and_a_contact_field_by_email() {
    use app::db::import;
    use app::domain::import::{OnMatch, Plan};
    let db = test_db().await;
    let mut admin = Client::new();
    let sao_mai = company("Công ty Sao Mai");
    let distributor = CustomField {
        id: Uuid::now_v7(),
        key: "x_distributor".into(),
        labels: Labels {
            en: "Distributor".into(),
            vi: "Nhà phân phối".into(),
            ..Labels::default()
        },
        ty: CustomType::Company,
        on_card: false,
        ..province("contact")
    };
    let referrer = CustomField {
        id: Uuid::now_v7(),
        key: "x_referrer".into(),
        labels: Labels {
            en: "Referred by".into(),
            vi: "Người giới thiệu".into(),
            ..Labels::default()
        },
        ty: CustomType::Contact,
        position: 2,
        ..distributor.clone()
    };
    let cuong = person("Lê Văn Cường", "cuong@abc.vn", "", None);
    let outcome = push(
        &db,
        &mut admin,
        vec![
            Mutation::save(sao_mai.clone()),
            Mutation::save(cuong.clone()),
            Mutation::save(distributor),
            Mutation::save(referrer),
        ],
    )
    .await;
    assert!(applied(&outcome), "{outcome:?}");
    // The company by its name, its legal form and case aside; the contact by their email, in
    // any case; one that is not here fails by its column (neither field makes records).
    let sheet = "Tên,Nhà phân phối,Người giới thiệu\n\
                 Nguyễn Văn An,CÔNG TY TNHH SAO MAI,CUONG@abc.vn\n\
                 Trần Thị Bích,Công ty Không Có,\n\
                 Lê Hoàng,,ai@khong.vn\n";
    let preview = upload(&db, "nha-phan-phoi.csv", sheet).await;
    assert_eq!(
        preview.columns,
        vec![
            Some("name".to_string()),
            Some("x_distributor".to_string()),
            Some("x_referrer".to_string())
        ]
    );
    let plan = Plan {
        kind: "contact".into(),
        columns: preview.columns.clone(),
        header: true,
        on_match: OnMatch::Skip,
        create_tags: false,
        currency: app::domain::Currency::VND,
        decimal: None,
    };
    let checked = import::check(&db.pool, &db.who, preview.id, &plan)
        .await
        .expect("dry run");
    assert_eq!((checked.create, checked.failed), (1, 2), "{checked:?}");
    let columns: Vec<_> = checked
        .failures
        .iter()
        .map(|f| f.column.as_deref())
        .collect();
    assert_eq!(columns, [Some("Nhà phân phối"), Some("Người giới thiệu")]);
    run_import(&db, preview.id, &plan).await;
    assert_eq!(
        custom_of_an(&db).await,
        json!({"x_distributor": sao_mai.id.to_string(), "x_referrer": cuong.id.to_string()})
    );
}

/// A number field of deals, for formulas to read.
fn number(key: &str, label: &str, position: i32) -> CustomField {
    CustomField {
        id: Uuid::now_v7(),
        key: key.into(),
        labels: Labels {
            en: label.into(),
            ..Labels::default()
        },
        ty: CustomType::Number { decimals: 2 },
        position,
        on_card: false,
        ..province("opportunity")
    }
}

fn formula(key: &str, label: &str, expression: &str, position: i32) -> CustomField {
    CustomField {
        ty: CustomType::Formula {
            expression: expression.into(),
            result: app::domain::formula::Type::Number,
        },
        ..number(key, label, position)
    }
}

#[tokio::test]
async fn a_formula_is_checked_by_the_server_as_in_the_browser_and_never_stored_as_a_value() {
    let db = test_db().await;
    let mut admin = Client::new();
    let price = number("x_price", "Price", 1);
    let quantity = number("x_quantity", "Quantity", 2);
    let total = formula("x_total", "Total", "{Price} * {Quantity}", 3);
    let made = push(
        &db,
        &mut admin,
        vec![
            Mutation::save(price),
            Mutation::save(quantity),
            Mutation::save(total.clone()),
        ],
    )
    .await;
    assert!(applied(&made), "{made:?}");
    // Kept with what it gives, worked out by the server's check.
    let data: Value = sqlx::query_scalar("SELECT data FROM records WHERE id = $1")
        .bind(total.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(data["ty"]["result"], json!("number"), "{data}");

    // A wrong type, a cycle, a change that breaks a formula reading it: refused, nothing kept.
    let wrong = formula("x_wrong", "Wrong", "{Price} * title", 4);
    let size = formula("x_size", "Size", "if(x_total > 100, 1, 0)", 5);
    let cycle = CustomField {
        ty: CustomType::Formula {
            expression: "x_size * 2".into(),
            result: app::domain::formula::Type::Number,
        },
        version: 1,
        ..total.clone()
    };
    let to_text = CustomField {
        ty: CustomType::Formula {
            expression: "\"many\"".into(),
            result: app::domain::formula::Type::Number,
        },
        version: 1,
        ..total.clone()
    };
    let outcomes = push(
        &db,
        &mut admin,
        vec![
            Mutation::save(wrong.clone()),
            Mutation::save(size),
            Mutation::save(cycle),
            Mutation::save(to_text),
        ],
    )
    .await;
    let reason = |i: usize| match &outcomes[i] {
        Outcome::Rejected { reason, .. } => Some(reason.clone()),
        _ => None,
    };
    assert!(
        matches!(reason(0), Some(RuleError::FormulaType { .. })),
        "{outcomes:?}"
    );
    assert!(
        matches!(outcomes[1], Outcome::Applied { .. }),
        "{outcomes:?}"
    );
    assert!(
        matches!(reason(2), Some(RuleError::FormulaCycle(_))),
        "{outcomes:?}"
    );
    assert_eq!(
        reason(3),
        Some(RuleError::FormulaBreaks("opportunity.x_size".into())),
        "{outcomes:?}"
    );
    let wrong_kept: i64 = sqlx::query_scalar("SELECT count(*) FROM records WHERE id = $1")
        .bind(wrong.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(wrong_kept, 0);

    // A deal cannot be given a computed value.
    let deal = match create(&db.stages[0], "Máy in", "V") {
        Mutation::CreateOpportunity(mut new) => {
            new.custom.insert("x_total".into(), json!(5));
            Mutation::CreateOpportunity(new)
        }
        _ => unreachable!(),
    };
    let refused = push(&db, &mut admin, vec![deal]).await;
    assert!(
        matches!(
            &refused[0],
            Outcome::Rejected {
                reason: RuleError::Computed(_),
                ..
            }
        ),
        "{refused:?}"
    );
}

/// The edit that changes a field's type, as Settings sends it.
fn retype(field: &CustomField, ty: CustomType) -> Mutation {
    let after = CustomField {
        ty,
        ..field.clone()
    };
    Mutation::EditRecord {
        id: field.id,
        fields: app::domain::changed_fields(field, &after),
        base_version: 0,
    }
}

async fn custom_of(db: &TestDb, id: Uuid) -> Value {
    sqlx::query_scalar("SELECT custom FROM opportunities WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_type_change_converts_every_value_the_server_holds_or_is_refused_whole() {
    let db = test_db().await;
    let mut admin = Client::new();
    let seats = CustomField {
        id: Uuid::now_v7(),
        key: "x_seats".into(),
        labels: Labels {
            en: "Seats".into(),
            ..Labels::default()
        },
        ty: CustomType::Text,
        ..province("opportunity")
    };
    let mut made = vec![Mutation::save(seats.clone())];
    // New deals holding a number of seats as typed; their ids.
    let seated = |made: &mut Vec<Mutation>, typed: &[(&str, &str)]| -> Vec<Uuid> {
        typed
            .iter()
            .map(|(title, value)| {
                let Mutation::CreateOpportunity(mut new) = create(&db.stages[0], title, "V") else {
                    unreachable!()
                };
                new.custom.insert("x_seats".into(), json!(value));
                made.push(Mutation::CreateOpportunity(new));
                made.last().unwrap().record_id()
            })
            .collect()
    };
    let deals = seated(
        &mut made,
        &[("Văn phòng", "12"), ("Nhà máy", "1,500"), ("Kho", "mười")],
    );
    let mut an = person("Nguyễn Văn An", "an@abc.vn", "", None);
    let city = CustomField {
        key: "x_city".into(),
        ty: CustomType::Text,
        ..province("contact")
    };
    an.custom.insert("x_city".into(), json!("ha noi"));
    made.extend([Mutation::save(city.clone()), Mutation::save(an.clone())]);
    // Two deals deleted before the change: their values go along as far as they convert, so a
    // deal restored later holds a number (or none), and they refuse nothing.
    let gone = seated(&mut made, &[("Cửa hàng", "4"), ("Xưởng", "bốn")]);
    made.extend(gone.iter().map(|&id| Mutation::DeleteOpportunity { id }));
    assert!(applied(&push(&db, &mut admin, made).await));

    // From a browser that holds none of the deals: the server reads them all, and one value
    // that is no number refuses the change whole.
    let mut fresh = Client::new();
    let number = CustomType::Number { decimals: 0 };
    let refused = push(&db, &mut fresh, vec![retype(&seats, number.clone())]).await;
    assert!(
        matches!(
            &refused[0],
            Outcome::Rejected {
                reason: RuleError::WouldNotConvert {
                    failed: 1,
                    held: 3,
                    ..
                },
                ..
            }
        ),
        "{refused:?}"
    );
    assert_eq!(custom_of(&db, deals[0]).await, json!({"x_seats": "12"}));
    let kept: Value = sqlx::query_scalar("SELECT data FROM records WHERE id = $1")
        .bind(seats.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let kept: CustomField = serde_json::from_value(kept).unwrap();
    assert_eq!(kept.ty, CustomType::Text, "the field keeps its type");

    // Once it is written as a number, every value converts, each logged on its deal.
    assert!(applied(
        &push(
            &db,
            &mut admin,
            vec![set(deals[2], "x_seats", json!("10"), 0)]
        )
        .await
    ));
    let done = push(&db, &mut fresh, vec![retype(&seats, number)]).await;
    assert!(applied(&done), "{done:?}");
    let values = [
        custom_of(&db, deals[0]).await,
        custom_of(&db, deals[1]).await,
        custom_of(&db, deals[2]).await,
    ];
    assert_eq!(
        values,
        [
            json!({"x_seats": 12}),
            json!({"x_seats": 1500}),
            json!({"x_seats": 10})
        ]
    );
    let logged: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM changes WHERE field = 'x_seats' AND record_id = ANY($1)",
    )
    .bind(&deals)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(logged, 3 + 1 + 3, "made, corrected, converted");
    assert_eq!(
        [custom_of(&db, gone[0]).await, custom_of(&db, gone[1]).await],
        [json!({"x_seats": 4}), json!({})],
        "the deleted deals' values converted, or taken out"
    );
    let kept_in_history: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM changes WHERE field = 'x_seats' AND record_id = $1 \
         AND old_value = '\"bốn\"'::jsonb",
    )
    .bind(gone[1])
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        kept_in_history, 1,
        "the value taken out is in the deal's history"
    );

    // A contact's text to a dropdown: the option of that label, in its document.
    let choice = CustomType::Choice {
        options: ["Hà Nội", "Huế"]
            .iter()
            .enumerate()
            .map(|(i, l)| Choice {
                id: format!("c{i}"),
                label: (*l).into(),
                colour: 0,
            })
            .collect(),
    };
    assert!(applied(
        &push(&db, &mut fresh, vec![retype(&city, choice)]).await
    ));
    let data: Value = sqlx::query_scalar("SELECT data FROM records WHERE id = $1")
        .bind(an.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(data["custom"], json!({"x_city": "c0"}));

    // A deal's text naming a company to a company field, from a browser holding none of the
    // companies: the server matches the names against all of them; and back to their names.
    let (sao_mai, an_phat) = (company("Công ty Sao Mai"), company("An Phát"));
    let buyer = CustomField {
        id: Uuid::now_v7(),
        key: "x_buyer".into(),
        ty: CustomType::Text,
        ..province("opportunity")
    };
    let mut made = vec![
        Mutation::save(sao_mai.clone()),
        Mutation::save(an_phat.clone()),
        Mutation::save(buyer.clone()),
    ];
    for (deal, name) in deals
        .iter()
        .zip(["cong ty sao mai", "AN PHÁT", "Công ty Sao Mai"])
    {
        made.push(set(*deal, "x_buyer", json!(name), 0));
    }
    let outcome = push(&db, &mut admin, made).await;
    assert!(applied(&outcome), "{outcome:?}");
    let mut stranger = Client::new();
    let linked = push(
        &db,
        &mut stranger,
        vec![retype(&buyer, CustomType::Company)],
    )
    .await;
    assert!(applied(&linked), "{linked:?}");
    let mut buyers = Vec::new();
    for deal in &deals {
        buyers.push(custom_of(&db, *deal).await["x_buyer"].clone());
    }
    assert_eq!(
        buyers,
        [
            json!(sao_mai.id.to_string()),
            json!(an_phat.id.to_string()),
            json!(sao_mai.id.to_string())
        ]
    );
    let buyer = CustomField {
        ty: CustomType::Company,
        ..buyer
    };
    let named = push(
        &db,
        &mut Client::new(),
        vec![retype(&buyer, CustomType::Text)],
    )
    .await;
    assert!(applied(&named), "{named:?}");
    assert_eq!(custom_of(&db, deals[1]).await["x_buyer"], json!("An Phát"));
}

/// A field deleted `PURGE_AFTER_DAYS` ago loses its values: from every deal and contact, as one
/// change a browser pulls, and it can no longer be restored; a field deleted since keeps them.
#[tokio::test]
async fn a_field_deleted_long_ago_loses_its_values_and_one_deleted_since_keeps_them() {
    let db = test_db().await;
    let mut admin = Client::new();
    let deals_field = province("opportunity");
    let people_field = province("contact");
    let recent = CustomField {
        id: Uuid::now_v7(),
        key: "x_notes".into(),
        labels: Labels {
            en: "Notes".into(),
            ..Labels::default()
        },
        ty: CustomType::LongText,
        ..province("contact")
    };
    let mut an = person("Nguyễn Văn An", "an@abc.vn", "", None);
    an.custom.insert("x_province".into(), json!("o2"));
    an.custom
        .insert("x_notes".into(), json!("Gọi sau 5 giờ chiều"));
    let deal = create(&db.stages[0], "Máy lọc nước", "V");
    let deal_id = deal.record_id();
    let made = push(
        &db,
        &mut admin,
        vec![
            Mutation::save(deals_field.clone()),
            Mutation::save(people_field.clone()),
            Mutation::save(recent.clone()),
            Mutation::save(an.clone()),
            deal,
            set(deal_id, "x_province", json!("o1"), 0),
        ],
    )
    .await;
    assert!(applied(&made), "{made:?}");
    let mut browser = Client::new();
    browser.pull(&db).await;
    let gone = push(
        &db,
        &mut admin,
        vec![
            Mutation::Delete { id: deals_field.id },
            Mutation::Delete {
                id: people_field.id,
            },
            Mutation::Delete { id: recent.id },
        ],
    )
    .await;
    assert!(applied(&gone), "{gone:?}");
    // Nothing is due yet.
    assert_eq!(
        app::db::custom_fields::purge_due(&db.pool).await.unwrap(),
        0
    );
    sqlx::query(
        "UPDATE records SET updated_at = now() - make_interval(days => $2 + 1) WHERE id = ANY($1)",
    )
    .bind(vec![deals_field.id, people_field.id])
    .bind(app::domain::custom_field::PURGE_AFTER_DAYS)
    .execute(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        app::db::custom_fields::purge_due(&db.pool).await.unwrap(),
        1
    );
    let custom: Value = sqlx::query_scalar("SELECT custom FROM opportunities WHERE id = $1")
        .bind(deal_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(custom, json!({}));
    let data: Value = sqlx::query_scalar("SELECT data FROM records WHERE id = $1")
        .bind(an.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(data["custom"], json!({"x_notes": "Gọi sau 5 giờ chiều"}));
    // The browser pulls it: the values gone, the fields purged.
    let pulled = browser.pull(&db).await;
    let pulled_deal = pulled
        .opportunities
        .iter()
        .find(|o| o.id == deal_id)
        .expect("the deal, changed");
    assert!(pulled_deal.custom.is_empty());
    let pulled_an = pulled
        .records
        .iter()
        .find_map(|r| match r {
            Record::Contact(c) if c.id == an.id => Some(c.clone()),
            _ => None,
        })
        .expect("the contact, changed");
    assert!(!pulled_an.custom.contains_key("x_province"));
    assert!(
        pulled
            .records
            .iter()
            .any(|r| matches!(r, Record::CustomField(f) if f.id == people_field.id && f.purged))
    );
    // Not to be restored any more; nothing more to purge.
    let refused = push(
        &db,
        &mut admin,
        vec![Mutation::save(CustomField {
            version: 0,
            ..people_field.clone()
        })],
    )
    .await;
    assert!(
        matches!(
            &refused[0],
            Outcome::Rejected {
                reason: RuleError::Missing { .. },
                ..
            }
        ),
        "{refused:?}"
    );
    assert_eq!(
        app::db::custom_fields::purge_due(&db.pool).await.unwrap(),
        0
    );
}
