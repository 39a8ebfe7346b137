use serde_json::json;

use super::*;
use crate::domain::{Contact, Mutation, Opportunity, OpportunityFields, Stage, User, apply};

fn field(of: &str, key: &str, label: &str, ty: CustomType) -> CustomField {
    CustomField {
        labels: Labels {
            en: label.into(),
            ..Labels::default()
        },
        version: 1,
        ..CustomField::draft(Uuid::now_v7(), of, key.into(), ty)
    }
}

fn options(labels: &[&str]) -> Vec<Choice> {
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| Choice {
            id: format!("o{i}"),
            label: (*l).into(),
            colour: i as u8,
        })
        .collect()
}

fn province() -> CustomField {
    field(
        "opportunity",
        "x_province",
        "Province",
        CustomType::Choice {
            options: options(&["Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng"]),
        },
    )
}

/// A store with a stage, a person, a contact and these custom fields.
fn store_with(fields: Vec<CustomField>) -> Store {
    let mut store = Store {
        users: vec![User {
            id: Uuid::now_v7(),
            name: "Trần Thị Mai".into(),
            email: "mai@sao-mai.vn".into(),
        }],
        custom_fields: fields,
        ..Store::default()
    };
    store.stages.push(Stage {
        id: Uuid::now_v7(),
        name: "Mới".into(),
        sequence: 1,
        is_won: false,
        folded: false,
        rotting_days: 0,
        probability: 10,
        team_id: None,
        version: 1,
        deleted: false,
    });
    let contact = Contact {
        id: Uuid::now_v7(),
        name: "Lê Văn An".into(),
        company_id: None,
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        merged_into: None,
        custom: CustomValues::new(),
        version: 1,
        deleted: false,
    };
    store.contacts.insert(contact.id, contact);
    store
}

fn one(key: &str, value: Value) -> CustomValues {
    CustomValues::from([(key.to_string(), value)])
}

#[test]
fn a_key_is_made_from_the_label_in_latin_letters_and_numbered_when_taken() {
    assert_eq!(key_for("Contract type", &[]), "x_contract_type");
    assert_eq!(key_for("Tỉnh / Thành phố", &[]), "x_tinh_thanh_pho");
    assert_eq!(key_for("Số chi nhánh (2026)", &[]), "x_so_chi_nhanh_2026");
    assert_eq!(key_for("省份", &[]), "x_field");
    assert_eq!(key_for("استان", &["x_field"]), "x_field_2");
    assert_eq!(
        key_for("Contract type", &["x_contract_type", "x_contract_type_2"]),
        "x_contract_type_3"
    );
    let long = key_for(&"very long words ".repeat(10), &[]);
    assert!(long.len() <= MAX_KEY && !long.ends_with('_'), "{long}");
}

#[test]
fn a_label_reads_in_the_readers_language_or_the_first_one_given() {
    let labels = Labels {
        vi: "Tỉnh".into(),
        fa: "استان".into(),
        ..Labels::default()
    };
    assert_eq!(labels.text("fa"), "استان");
    assert_eq!(labels.text("en"), "Tỉnh");
    assert_eq!(labels.text("zh"), "Tỉnh");
}

#[test]
fn a_field_needs_a_label_a_proper_key_and_options_for_a_dropdown() {
    let store = store_with(vec![province()]);
    let mut nameless = field(
        "contact",
        "x_branches",
        "",
        CustomType::Number { decimals: 0 },
    );
    nameless.labels = Labels::default();
    assert_eq!(
        check(&nameless, &store),
        Err(RuleError::Required("custom_field.labels".into()))
    );
    let bad_key = field("contact", "province", "Province", CustomType::Text);
    assert!(matches!(
        check(&bad_key, &store),
        Err(RuleError::Malformed(_))
    ));
    let upper = field("contact", "x_Province", "Province", CustomType::Text);
    assert!(matches!(
        check(&upper, &store),
        Err(RuleError::Malformed(_))
    ));
    let not_customisable = field("stage", "x_colour", "Colour", CustomType::Text);
    assert!(matches!(
        check(&not_customisable, &store),
        Err(RuleError::NotAChoice { .. })
    ));
    let empty_dropdown = field(
        "contact",
        "x_segment",
        "Segment",
        CustomType::Choice { options: vec![] },
    );
    assert_eq!(check(&empty_dropdown, &store), Err(RuleError::NoOptions));
    let twice = field(
        "contact",
        "x_segment",
        "Segment",
        CustomType::Choices {
            options: options(&["SME", "sme"]),
        },
    );
    assert_eq!(
        check(&twice, &store),
        Err(RuleError::Duplicate("sme".into()))
    );
    // The same key, or the same label, on the same kind.
    let same_key = field("opportunity", "x_province", "Region", CustomType::Text);
    assert_eq!(
        check(&same_key, &store),
        Err(RuleError::Duplicate("x_province".into()))
    );
    let same_label = field("opportunity", "x_region", "province", CustomType::Text);
    assert_eq!(
        check(&same_label, &store),
        Err(RuleError::Duplicate("province".into()))
    );
    // On another kind, the same key is another field.
    let on_contacts = field("contact", "x_province", "Province", CustomType::Text);
    assert!(check(&on_contacts, &store).is_ok());
    let retyped = CustomField {
        ty: CustomType::Text,
        ..province()
    };
    let store = store_with(vec![province()]);
    let retyped = CustomField {
        id: store.custom_fields[0].id,
        ..retyped
    };
    // A type change is checked as the field; its values convert when it is saved.
    assert!(check(&retyped, &store).is_ok());
    let too_precise = field(
        "contact",
        "x_m2",
        "Area",
        CustomType::Number { decimals: 9 },
    );
    assert!(matches!(
        check(&too_precise, &store),
        Err(RuleError::OutOfRange { .. })
    ));
}

#[test]
fn a_default_must_fit_the_field() {
    let store = store_with(vec![]);
    let mut p = province();
    p.default = Some(json!("o9"));
    assert!(matches!(
        check(&p, &store),
        Err(RuleError::NotAChoice { .. })
    ));
    p.default = Some(json!("o1"));
    assert_eq!(check(&p, &store).unwrap().default, Some(json!("o1")));
}

#[test]
fn each_type_reads_its_values_and_refuses_the_rest() {
    let store = store_with(vec![]);
    let check_as = |ty: CustomType, value: Value| {
        check_value(&field("opportunity", "x_f", "F", ty), &value, &store)
    };
    assert_eq!(
        check_as(CustomType::Text, json!("  Bắc Ninh \u{202E} ")),
        Ok(Some(json!("Bắc Ninh")))
    );
    assert_eq!(check_as(CustomType::Text, json!("   ")), Ok(None));
    assert!(matches!(
        check_as(CustomType::Text, json!("x".repeat(201))),
        Err(RuleError::TooLong { .. })
    ));
    assert_eq!(
        check_as(CustomType::LongText, json!("dòng 1\ndòng 2")),
        Ok(Some(json!("dòng 1\ndòng 2")))
    );
    assert!(matches!(
        check_as(CustomType::Email, json!("an@")),
        Err(RuleError::InvalidEmail(_))
    ));
    assert!(matches!(
        check_as(CustomType::Phone, json!("số máy")),
        Err(RuleError::InvalidPhone(_))
    ));
    assert_eq!(
        check_as(CustomType::Url, json!("https://sao-mai.vn/bao-gia")),
        Ok(Some(json!("https://sao-mai.vn/bao-gia")))
    );
    assert!(matches!(
        check_as(CustomType::Url, json!("javascript:alert(1)")),
        Err(RuleError::InvalidUrl(_))
    ));
    let dropdown = CustomType::Choices {
        options: options(&["SME", "Enterprise", "Government"]),
    };
    assert_eq!(
        check_as(dropdown.clone(), json!(["o2", "o0", "o2"])),
        Ok(Some(json!(["o0", "o2"]))),
        "in the options' order, once each"
    );
    assert_eq!(check_as(dropdown.clone(), json!([])), Ok(None));
    assert!(matches!(
        check_as(dropdown, json!(["o7"])),
        Err(RuleError::NotAChoice { .. })
    ));
    assert_eq!(
        check_as(CustomType::Number { decimals: 2 }, json!(12.5)),
        Ok(Some(json!(12.5)))
    );
    assert_eq!(
        check_as(CustomType::Number { decimals: 0 }, json!(12.0)),
        Ok(Some(json!(12)))
    );
    assert_eq!(
        check_as(CustomType::Number { decimals: 0 }, json!(12.5)),
        Err(RuleError::TooManyDecimals {
            field: "opportunity.x_f".into(),
            max: 0
        })
    );
    assert!(matches!(
        check_as(CustomType::Number { decimals: 0 }, json!("12")),
        Err(RuleError::NotANumber(_))
    ));
    assert!(matches!(
        check_as(CustomType::Number { decimals: 0 }, json!(1e16)),
        Err(RuleError::OutOfRange { .. })
    ));
    assert_eq!(
        check_as(CustomType::Percent, json!(33.33)),
        Ok(Some(json!(33.33)))
    );
    assert!(check_as(CustomType::Percent, json!(33.333)).is_err());
    assert_eq!(
        check_as(
            CustomType::Money,
            json!({"minor": 150_000_000, "currency": "VND"})
        ),
        Ok(Some(json!({"minor": 150_000_000, "currency": "VND"})))
    );
    assert!(check_as(CustomType::Money, json!({"minor": 1, "currency": "XYZ"})).is_err());
    assert_eq!(
        check_as(CustomType::Date, json!("2027-02-29")),
        Err(RuleError::NotADay("2027-02-29".into()))
    );
    assert_eq!(
        check_as(CustomType::DateTime, json!("2026-12-04T09:30:00")),
        Ok(Some(json!("2026-12-04T09:30")))
    );
    assert_eq!(check_as(CustomType::YesNo, json!(false)), Ok(None));
    assert_eq!(
        check_as(CustomType::YesNo, json!(true)),
        Ok(Some(json!(true)))
    );
    assert!(check_as(CustomType::YesNo, json!("yes")).is_err());
    let person = store.users[0].id;
    assert_eq!(
        check_as(CustomType::User, json!(person.to_string())),
        Ok(Some(json!(person.to_string())))
    );
    assert!(matches!(
        check_as(CustomType::User, json!(Uuid::now_v7().to_string())),
        Err(RuleError::UnknownSalesperson(_))
    ));
    assert!(matches!(
        check_as(CustomType::Contact, json!(Uuid::now_v7().to_string())),
        Err(RuleError::UnknownContact(_))
    ));
    assert!(matches!(
        check_as(CustomType::Company, json!("not an id")),
        Err(RuleError::MalformedId { .. })
    ));
}

#[test]
fn a_new_record_gets_the_defaults_and_must_have_the_required_ones() {
    let mut p = province();
    p.default = Some(json!("o0"));
    let mut branches = field(
        "opportunity",
        "x_branches",
        "Branches",
        CustomType::Number { decimals: 0 },
    );
    branches.required = true;
    let store = store_with(vec![p, branches]);
    assert_eq!(
        check_values("opportunity", &CustomValues::new(), None, &store),
        Err(RuleError::Required("opportunity.x_branches".into()))
    );
    let given = one("x_branches", json!(3));
    let made = check_values("opportunity", &given, None, &store).unwrap();
    assert_eq!(made.get("x_province"), Some(&json!("o0")));
    assert_eq!(made.get("x_branches"), Some(&json!(3)));
    // An edit may not empty it; a record made before it was required is not held back by it.
    assert_eq!(
        check_values("opportunity", &CustomValues::new(), Some(&made), &store),
        Err(RuleError::Required("opportunity.x_branches".into()))
    );
    let older = CustomValues::new();
    assert_eq!(
        check_values(
            "opportunity",
            &one("x_province", json!("o2")),
            Some(&older),
            &store
        ),
        Ok(one("x_province", json!("o2")))
    );
}

#[test]
fn a_deleted_fields_value_stays_but_cannot_be_set_anew_and_an_unknown_key_is_refused() {
    let mut p = province();
    p.deleted = true;
    let store = store_with(vec![p.clone()]);
    let kept = one("x_province", json!("o1"));
    assert_eq!(
        check_values("opportunity", &kept, Some(&kept), &store),
        Ok(kept.clone())
    );
    assert_eq!(
        check_values(
            "opportunity",
            &one("x_province", json!("o2")),
            Some(&kept),
            &store
        ),
        Err(RuleError::Missing {
            kind: "custom_field".into(),
            id: p.id
        })
    );
    assert!(matches!(
        check_values("opportunity", &one("x_nothing", json!("a")), None, &store),
        Err(RuleError::Malformed(_))
    ));
    // A value left as it was is not checked again (its field's options changed since).
    let live = store_with(vec![province()]);
    let old = one("x_province", json!("gone"));
    assert_eq!(
        check_values("opportunity", &old, Some(&old), &live),
        Ok(old.clone())
    );
}

#[test]
fn custom_values_are_fields_of_their_own_in_an_edit_the_timeline_and_a_conflict() {
    let p = province();
    let mut notes = field("contact", "x_notes", "Notes", CustomType::LongText);
    notes.id = Uuid::now_v7();
    let segment = field(
        "contact",
        "x_segment",
        "Segment",
        CustomType::Choice {
            options: options(&["SME", "Enterprise"]),
        },
    );
    let mut store = store_with(vec![p, notes, segment]);
    let stage = store.stages[0].id;
    let mut deal = Opportunity::sample(stage, "Máy chủ");
    deal.custom = one("x_province", json!("o0"));
    store.opportunities.insert(deal.id, deal.clone());

    // A deal's form sets one value; the others stay.
    let set = Mutation::SetOpportunityFields {
        id: deal.id,
        fields: OpportunityFields {
            custom: serde_json::Map::from_iter([("x_province".to_string(), json!("o2"))]),
            ..OpportunityFields::default()
        },
        base_version: 1,
    };
    assert_eq!(set.written_fields(), vec!["x_province".to_string()]);
    let Record::Opportunity(after) = apply(&set, &store).unwrap().remove(0) else {
        panic!()
    };
    assert_eq!(after.custom, one("x_province", json!("o2")));
    let lines = crate::domain::diff(Some(&deal), &after);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].field, "x_province");
    assert_eq!((&lines[0].old, &lines[0].new), (&json!("o0"), &json!("o2")));
    let refused = Mutation::SetOpportunityFields {
        id: deal.id,
        fields: OpportunityFields {
            custom: serde_json::Map::from_iter([("x_province".to_string(), json!("o9"))]),
            ..OpportunityFields::default()
        },
        base_version: 1,
    };
    assert!(matches!(
        apply(&refused, &store),
        Err(RuleError::NotAChoice { .. })
    ));

    // A contact's edit sends each value by its key, laid into its `custom` beside the others.
    let contact = store.contacts.values().next().unwrap().clone();
    let mut filled = contact.clone();
    filled.custom = one("x_notes", json!("Gọi sau 5 giờ"));
    filled.custom.insert("x_segment".into(), json!("o1"));
    let fields = crate::domain::changed_fields(&contact, &filled);
    assert_eq!(
        fields.keys().collect::<Vec<_>>(),
        vec!["x_notes", "x_segment"]
    );
    let mut edited_contact = contact.clone();
    edited_contact.custom = one("x_notes", json!("Gọi sau 5 giờ"));
    store.contacts.insert(contact.id, edited_contact);
    let only_segment = Mutation::EditRecord {
        id: contact.id,
        fields: serde_json::Map::from_iter([("x_segment".to_string(), json!("o0"))]),
        base_version: 1,
    };
    let Record::Contact(c) = apply(&only_segment, &store).unwrap().remove(0) else {
        panic!()
    };
    assert_eq!(c.custom.get("x_notes"), Some(&json!("Gọi sau 5 giờ")));
    assert_eq!(c.custom.get("x_segment"), Some(&json!("o0")));
    let emptied = Mutation::EditRecord {
        id: contact.id,
        fields: serde_json::Map::from_iter([("x_notes".to_string(), Value::Null)]),
        base_version: 1,
    };
    let Record::Contact(c) = apply(&emptied, &store).unwrap().remove(0) else {
        panic!()
    };
    assert!(c.custom.is_empty());
    let whole = Mutation::EditRecord {
        id: contact.id,
        fields: serde_json::Map::from_iter([("custom".to_string(), json!({}))]),
        base_version: 1,
    };
    assert!(matches!(
        apply(&whole, &store),
        Err(RuleError::Malformed(_))
    ));
    // A tag has no custom fields.
    let tag = crate::domain::Tag {
        id: Uuid::now_v7(),
        name: "VIP".into(),
        colour: 0,
        version: 1,
        deleted: false,
    };
    store.tags.push(tag.clone());
    let on_tag = Mutation::EditRecord {
        id: tag.id,
        fields: serde_json::Map::from_iter([("x_segment".to_string(), json!("o0"))]),
        base_version: 1,
    };
    assert!(matches!(
        apply(&on_tag, &store),
        Err(RuleError::Malformed(_))
    ));
}

#[test]
fn a_deleted_field_comes_back_when_saved_again() {
    let p = province();
    let mut store = store_with(vec![p.clone()]);
    let gone = apply(&Mutation::Delete { id: p.id }, &store).unwrap();
    store.put(gone[0].clone());
    assert!(store.custom_fields[0].deleted);
    let back = apply(&Mutation::save(p.clone()), &store).unwrap();
    assert_eq!(back, vec![Record::CustomField(p)]);
}

#[test]
fn every_type_is_named_in_every_language_and_read_back_by_its_name() {
    for name in CustomType::NAMES {
        let ty = CustomType::of_name(name).expect(name);
        assert_eq!(ty.name(), name);
        let label = CustomType::label_of(name);
        for text in [label.en, label.vi, label.zh, label.th, label.fa] {
            assert!(!text.is_empty(), "{name}");
        }
        for text in [label.zh, label.th, label.fa] {
            assert!(!text.is_ascii(), "{name} left in English: {text}");
        }
        let twins = CustomType::NAMES
            .iter()
            .filter(|other| CustomType::label_of(other).en == label.en)
            .count();
        assert_eq!(twins, 1, "{name} is called like another type");
    }
}

#[test]
fn values_sort_by_what_they_are_and_empty_ones_last() {
    use std::cmp::Ordering::*;
    let store = store_with(vec![]);
    let by = |ty: CustomType, a: Option<Value>, b: Option<Value>| {
        compare(
            &field("opportunity", "x_f", "F", ty),
            a.as_ref(),
            b.as_ref(),
            &store,
        )
    };
    let number = CustomType::Number { decimals: 1 };
    assert_eq!(by(number.clone(), Some(json!(9)), Some(json!(10.5))), Less);
    assert_eq!(by(number.clone(), Some(json!(9)), None), Less, "empty last");
    assert_eq!(by(number, None, None), Equal);
    let dropdown = CustomType::Choice {
        options: options(&["Zebra", "Apple"]),
    };
    assert_eq!(
        by(dropdown, Some(json!("o0")), Some(json!("o1"))),
        Less,
        "in the options' order, not by their letters"
    );
    assert_eq!(
        by(
            CustomType::Money,
            Some(json!({"minor": 900, "currency": "USD"})),
            Some(json!({"minor": 100, "currency": "USD"}))
        ),
        Greater
    );
    assert_eq!(
        by(CustomType::Text, Some(json!("bắc")), Some(json!("An"))),
        Greater
    );
    assert_eq!(
        by(
            CustomType::Date,
            Some(json!("2026-01-31")),
            Some(json!("2026-12-01"))
        ),
        Less
    );
    // A yes or no left empty is no ("no" is stored as nothing): after yes going down, before
    // it going up, like any other no.
    assert_eq!(by(CustomType::YesNo, Some(json!(true)), None), Greater);
    assert_eq!(by(CustomType::YesNo, Some(json!(false)), None), Equal);
    // A value not of the field's type (kept from before a type change) is as none: last, not
    // first when the list is turned the other way.
    let number = CustomType::Number { decimals: 0 };
    assert_eq!(
        by(number.clone(), Some(json!("twelve")), None),
        Equal,
        "not a number"
    );
    assert_eq!(by(number, Some(json!(1e300)), Some(json!("twelve"))), Less);
    assert_eq!(
        by(CustomType::Money, Some(json!("12 USD")), None),
        Equal,
        "not an amount"
    );
    let several = CustomType::Choices {
        options: options(&["Water", "Air"]),
    };
    assert_eq!(
        by(several.clone(), Some(json!([])), None),
        Equal,
        "none chosen is empty"
    );
    assert_eq!(by(several, Some(json!(["o1"])), Some(json!([]))), Less);
}

#[test]
fn records_group_by_a_days_month_a_numbers_value_and_the_options_chosen_together() {
    let store = store_with(vec![]);
    let key = |ty: CustomType, v: Value, jalali: bool| {
        group_key(
            &field("opportunity", "x_f", "F", ty),
            Some(&v),
            &store,
            jalali,
        )
    };
    // Days of one month are one group, in either calendar's months: 10 November 2026 is in
    // Aban 1405, 30 November and 15 December in Azar.
    for ty in [CustomType::Date, CustomType::DateTime] {
        let day = |d: &str| match ty {
            CustomType::Date => json!(d),
            _ => json!(format!("{d}T09:30")),
        };
        assert_eq!(
            key(ty.clone(), day("2026-11-01"), false),
            key(ty.clone(), day("2026-11-30"), false)
        );
        assert!(
            key(ty.clone(), day("2026-11-30"), false) < key(ty.clone(), day("2026-12-01"), false)
        );
        assert!(
            key(ty.clone(), day("2025-12-31"), false) < key(ty.clone(), day("2026-01-01"), false)
        );
        assert_ne!(
            key(ty.clone(), day("2026-11-10"), true),
            key(ty.clone(), day("2026-11-30"), true)
        );
        assert_eq!(
            key(ty.clone(), day("2026-11-30"), true),
            key(ty.clone(), day("2026-12-15"), true)
        );
    }
    let formula_day = CustomType::Formula {
        expression: "today()".into(),
        result: crate::domain::formula::Type::Date,
    };
    assert_eq!(
        key(formula_day.clone(), json!("2026-03-02"), false),
        key(formula_day, json!("2026-03-31"), false)
    );
    // A value that is no day is with the empty ones, not a group of its own among the months.
    assert_eq!(key(CustomType::Date, json!("soon"), false), SortKey::Last);
    // A number by its value; a multi-select by the options chosen together.
    let number = CustomType::Number { decimals: 1 };
    assert_eq!(
        key(number.clone(), json!(2.5), false),
        key(number.clone(), json!(2.5), false)
    );
    assert!(key(number.clone(), json!(2.5), false) < key(number, json!(3), false));
    let several = CustomType::Choices {
        options: options(&["Water", "Air", "Power"]),
    };
    let chosen = |ids: &[&str]| key(several.clone(), json!(ids), false);
    assert_eq!(chosen(&["o0", "o2"]), chosen(&["o0", "o2"]));
    assert_ne!(chosen(&["o0", "o2"]), chosen(&["o0"]));
    assert!(chosen(&["o0"]) < chosen(&["o1"]));
    // Which types group: not free text nor what each record has its own of.
    for (ty, groups) in [
        (CustomType::Date, true),
        (CustomType::Choices { options: vec![] }, true),
        (CustomType::Percent, true),
        (CustomType::Text, false),
        (CustomType::Email, false),
        (CustomType::Money, false),
    ] {
        assert_eq!(ty.groups(), groups, "{ty:?}");
    }
}

/// Deals holding these values of a field, in a store with that field.
fn holding(field: &CustomField, values: &[Value]) -> Store {
    let mut store = store_with(vec![field.clone()]);
    store
        .currency_settings
        .push(crate::domain::CurrencySettings {
            id: Uuid::nil(),
            currency: crate::domain::Currency::VND,
            rates: Vec::new(),
            country: String::new(),
            version: 1,
            deleted: false,
        });
    let stage = store.stages[0].id;
    for (i, value) in values.iter().enumerate() {
        let deal = Opportunity {
            custom: one(&field.key, value.clone()),
            ..Opportunity::sample(stage, &format!("Deal {i}"))
        };
        store.opportunities.insert(deal.id, deal);
    }
    // And one without a value, which a change leaves alone.
    let bare = Opportunity::sample(stage, "Bare");
    store.opportunities.insert(bare.id, bare);
    store
}

/// The field retyped; the deals' values after (sorted), or the refusal.
fn retype(field: &CustomField, values: &[Value], ty: CustomType) -> Result<Vec<Value>, RuleError> {
    let store = holding(field, values);
    let retyped = CustomField {
        ty,
        ..field.clone()
    };
    let changed = Record::CustomField(retyped).save(&store)?;
    let mut after = store.clone();
    for r in changed {
        after.put(r);
    }
    let mut out: Vec<Value> = after
        .opportunities
        .values()
        .filter_map(|o| o.custom.get(&field.key).cloned())
        .collect();
    out.sort_by_key(|v| v.to_string());
    Ok(out)
}

#[test]
fn a_type_change_converts_every_value_or_says_how_many_would_not() {
    // Text to a number: "12" and "1,500" read; "mười" does not, so nothing changes.
    let branches = field("opportunity", "x_branches", "Branches", CustomType::Text);
    assert_eq!(
        retype(
            &branches,
            &[json!("12"), json!("1,500")],
            CustomType::Number { decimals: 0 }
        ),
        Ok(vec![json!(12), json!(1500)])
    );
    assert_eq!(
        retype(
            &branches,
            &[json!("12"), json!("mười"), json!("ba")],
            CustomType::Number { decimals: 0 }
        ),
        Err(RuleError::WouldNotConvert {
            field: "opportunity.x_branches".into(),
            failed: 2,
            held: 3,
        })
    );
    // Numbers as our markets write them: a decimal comma, Vietnamese thousands, Persian digits
    // and marks; an amount with its currency code, or in the organisation's currency.
    let size = field("opportunity", "x_size", "Size", CustomType::Text);
    assert_eq!(
        retype(
            &size,
            &[json!("12,5"), json!("1.234.567"), json!("۱٬۲۳۴٫۵")],
            CustomType::Number { decimals: 2 }
        ),
        Ok(vec![json!(12.5), json!(1234.5), json!(1234567)])
    );
    assert_eq!(
        retype(
            &size,
            &[json!("12,5 USD"), json!("1.500.000")],
            CustomType::Money
        ),
        Ok(vec![
            json!({"minor": 1250, "currency": "USD"}),
            json!({"minor": 1500000, "currency": "VND"})
        ])
    );
    // A dropdown to text: its labels; text to a dropdown: the option of that label, without
    // accents or case.
    assert_eq!(
        retype(&province(), &[json!("o0"), json!("o2")], CustomType::Text),
        Ok(vec![json!("Hà Nội"), json!("Đà Nẵng")])
    );
    let city = field("opportunity", "x_city", "City", CustomType::Text);
    assert_eq!(
        retype(
            &city,
            &[json!("ha noi"), json!("ĐÀ NẴNG")],
            CustomType::Choice {
                options: options(&["Hà Nội", "Đà Nẵng"])
            }
        ),
        Ok(vec![json!("o0"), json!("o1")])
    );
    // One option to some, and some (one each) back to one.
    let some = CustomType::Choices {
        options: options(&["Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng"]),
    };
    assert_eq!(
        retype(&province(), &[json!("o1")], some.clone()),
        Ok(vec![json!(["o1"])])
    );
    let many = CustomField {
        ty: some,
        ..province()
    };
    assert_eq!(
        retype(&many, &[json!(["o0", "o2"]), json!(["o1"])], province().ty),
        Err(RuleError::WouldNotConvert {
            field: "opportunity.x_province".into(),
            failed: 1,
            held: 2,
        })
    );
    // Numbers to an amount in the organisation's currency, and back; a day to a day and time.
    let price = field(
        "opportunity",
        "x_price",
        "Price",
        CustomType::Number { decimals: 0 },
    );
    assert_eq!(
        retype(&price, &[json!(150000000)], CustomType::Money),
        Ok(vec![json!({"minor": 150000000, "currency": "VND"})])
    );
    let day = field("opportunity", "x_day", "Day", CustomType::Date);
    assert_eq!(
        retype(&day, &[json!("2026-12-05")], CustomType::DateTime),
        Ok(vec![json!("2026-12-05T00:00")])
    );
    // A person's name to the person, and the person back to their name.
    let seller = field("opportunity", "x_seller", "Seller", CustomType::Text);
    let store = holding(&seller, &[json!("tran thi mai")]);
    let person = CustomField {
        ty: CustomType::User,
        ..seller.clone()
    };
    let changed = Record::CustomField(person).save(&store).unwrap();
    let Some(Record::Opportunity(deal)) = changed.get(1) else {
        panic!("{changed:?}");
    };
    assert_eq!(
        deal.custom[&seller.key],
        json!(store.users[0].id.to_string())
    );
    // Values do not become a formula's.
    assert!(matches!(
        retype(
            &branches,
            &[json!("1")],
            CustomType::Formula {
                expression: "1".into(),
                result: crate::domain::formula::Type::Number
            }
        ),
        Err(RuleError::WouldNotConvert { failed: 1, .. })
    ));
}

#[test]
fn a_type_change_takes_deleted_records_values_along_and_leaves_out_what_would_not_convert() {
    // Two live deals that convert; two deleted ones, one of which would not: the change is not
    // refused for a value nobody can change, and a restored deal holds a number or nothing.
    let branches = field("opportunity", "x_branches", "Branches", CustomType::Text);
    let mut store = holding(&branches, &[json!("12"), json!("7")]);
    let stage = store.stages[0].id;
    let gone = |name: &str, value: Value| Opportunity {
        custom: one(&branches.key, value),
        deleted: true,
        ..Opportunity::sample(stage, name)
    };
    let (kept, dropped) = (gone("Gone 3", json!("3")), gone("Gone ba", json!("ba")));
    for deal in [&kept, &dropped] {
        store.opportunities.insert(deal.id, deal.clone());
    }
    let number = CustomField {
        ty: CustomType::Number { decimals: 0 },
        ..branches.clone()
    };
    assert_eq!(
        convert::counted(&branches, &number, &store),
        (2, 0),
        "Settings counts the live values"
    );
    let changed = Record::CustomField(number).save(&store).unwrap();
    let custom_of = |id: Uuid| {
        changed.iter().find_map(|r| match r {
            Record::Opportunity(o) if o.id == id => Some(o.custom.get(&branches.key).cloned()),
            _ => None,
        })
    };
    assert_eq!(custom_of(kept.id), Some(Some(json!(3))));
    assert_eq!(custom_of(dropped.id), Some(None));
    assert_eq!(changed.len(), 5, "the field and four deals: {changed:?}");
    // A live value that would not convert still refuses the change, counting the live ones.
    assert_eq!(
        retype(
            &branches,
            &[json!("12"), json!("mười")],
            CustomType::Number { decimals: 0 }
        ),
        Err(RuleError::WouldNotConvert {
            field: "opportunity.x_branches".into(),
            failed: 1,
            held: 2,
        })
    );
}

#[test]
fn a_stored_day_is_read_as_chrono_reads_it() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(stored_day("2026-12-06"), day(2026, 12, 6));
    assert_eq!(stored_day("2026-12-06T09:30"), day(2026, 12, 6));
    assert_eq!(stored_day("0999-01-31"), day(999, 1, 31));
    // Not a day of the calendar, not digits, not a day at all.
    for wrong in [
        "2026-02-30",
        "2026-13-01",
        "2026-1a-01",
        "２０２６-12-06",
        "",
        "2026",
        "x",
    ] {
        assert_eq!(stored_day(wrong), None, "{wrong}");
    }
    // What is not written in full is read by chrono's parser, as it was.
    assert_eq!(stored_day("2026-1-5"), day(2026, 1, 5));
    assert_eq!(stored_day("2026-12-06 and more"), day(2026, 12, 6));
}
