use serde_json::json;

use super::*;
use crate::domain::custom_field::{CustomField, Labels, check};
use crate::domain::{Company, Contact, CustomValues, User};

fn field(of: &str, key: &str, label: &str, ty: CustomType) -> CustomField {
    CustomField {
        id: Uuid::now_v7(),
        of: of.into(),
        key: key.into(),
        labels: Labels {
            en: label.into(),
            vi: format!("{label} (vi)"),
            ..Labels::default()
        },
        ty,
        required: false,
        default: None,
        help: String::new(),
        position: 0,
        on_card: false,
        version: 1,
        deleted: false,
        purged: false,
    }
}

fn formula(of: &str, key: &str, expression: &str) -> CustomField {
    field(
        of,
        key,
        key,
        CustomType::Formula {
            expression: expression.into(),
            result: Type::Number,
        },
    )
}

fn choice(labels: &[&str]) -> CustomType {
    CustomType::Choice {
        options: labels
            .iter()
            .enumerate()
            .map(|(i, l)| Choice {
                id: format!("o{i}"),
                label: (*l).into(),
                colour: 0,
            })
            .collect(),
    }
}

const TODAY: &str = "2026-12-05";

struct World {
    store: Store,
    deal: Map<String, Value>,
}

/// A deal of Công ty Hưng Thịnh (in Hà Nội), through its contact Lê Văn An, sold by Mai; with a
/// price, a quantity and a province, and these extra fields.
fn world(extra: Vec<CustomField>) -> World {
    let mai = Uuid::now_v7();
    let company = Company {
        id: Uuid::now_v7(),
        name: "Công ty Hưng Thịnh".into(),
        email: String::new(),
        phone: String::new(),
        address: "12 Tràng Tiền".into(),
        merged_into: None,
        custom: CustomValues::from([("x_country".to_string(), json!("Việt Nam"))]),
        version: 1,
        deleted: false,
    };
    let contact = Contact {
        id: Uuid::now_v7(),
        name: "Lê Văn An".into(),
        company_id: Some(company.id),
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        merged_into: None,
        custom: CustomValues::new(),
        version: 1,
        deleted: false,
    };
    let mut fields = vec![
        field(
            "opportunity",
            "x_price",
            "Price",
            CustomType::Number { decimals: 2 },
        ),
        field(
            "opportunity",
            "x_quantity",
            "Quantity",
            CustomType::Number { decimals: 0 },
        ),
        field("opportunity", "x_discount", "Discount", CustomType::Percent),
        field(
            "opportunity",
            "x_province",
            "Province",
            choice(&["Hà Nội", "Huế"]),
        ),
        field("opportunity", "x_signed", "Signed", CustomType::YesNo),
        field("opportunity", "x_renewal", "Renewal", CustomType::Date),
        field("company", "x_country", "Country", CustomType::Text),
    ];
    fields.extend(extra);
    let mut store = Store {
        users: vec![User {
            id: mai,
            name: "Trần Thị Mai".into(),
            email: "mai@sao-mai.vn".into(),
        }],
        custom_fields: fields,
        ..Store::default()
    };
    let deal = json!({
        "title": "Máy lọc nước cho 30 chi nhánh",
        "expected_revenue": {"minor": 1_500_000_000i64, "currency": "VND"},
        "probability": 40,
        "priority": 2,
        "created_on": "2026-11-01",
        "expected_close": "2027-01-15",
        "salesperson_id": mai,
        "company_id": company.id,
        "contact_id": contact.id,
        "custom": {"x_price": 12.5, "x_quantity": 30, "x_province": "o0", "x_signed": true},
    });
    store.companies.insert(company.id, company);
    store.contacts.insert(contact.id, contact);
    World {
        store,
        deal: fields_of(&deal),
    }
}

impl World {
    fn compile(&self, source: &str) -> Result<Formula, RuleError> {
        Formula::compile(source, "opportunity", &self.store)
    }

    fn value(&self, source: &str) -> Option<Val> {
        self.value_on(source, &self.deal)
    }

    fn value_on(&self, source: &str, fields: &Map<String, Value>) -> Option<Val> {
        let f = self
            .compile(source)
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        f.evaluate(
            fields,
            &Context {
                store: &self.store,
                today: NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap(),
            },
        )
    }

    fn number(&self, source: &str) -> f64 {
        match self.value(source) {
            Some(Val::Number(n)) => n,
            other => panic!("{source} gave {other:?}"),
        }
    }
}

fn day(s: &str) -> Val {
    Val::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

fn text(s: &str) -> Option<Val> {
    Some(Val::Text(s.into()))
}

fn yes(b: bool) -> Option<Val> {
    Some(Val::YesNo(b))
}

#[test]
fn arithmetic_follows_the_usual_precedence_and_reads_left_to_right() {
    let w = world(vec![]);
    assert_eq!(w.number("1 + 2 * 3"), 7.0);
    assert_eq!(w.number("(1 + 2) * 3"), 9.0);
    assert_eq!(w.number("-2 * 3"), -6.0);
    assert_eq!(w.number("2 * -3"), -6.0);
    assert_eq!(w.number("10 / 4"), 2.5);
    assert_eq!(w.number("2 - 3 - 4"), -5.0);
    assert_eq!(w.number("12 / 3 / 2"), 2.0);
    assert_eq!(w.number("6 × 7 ÷ 2"), 21.0);
    assert_eq!(w.value("1 + 2 = 3 and 2 > 1"), yes(true));
    assert_eq!(w.value("not 1 > 2"), yes(true));
    assert_eq!(w.value("false or not false and false"), yes(false));
    assert_eq!(w.value("1 < 2 && 2 ≥ 2 || false"), yes(true));
    // Text joining binds looser than arithmetic.
    assert_eq!(w.value("\"n = \" & 1 + 2"), text("n = 3"));
    assert_eq!(w.value("'a' + \"b\""), text("ab"));
    assert_eq!(w.value("“Hưng” & ' ' & 'Thịnh'"), text("Hưng Thịnh"));
    assert_eq!(w.value("\"say \"\"hi\"\"\""), text("say \"hi\""));
}

#[test]
fn fields_read_as_numbers_text_days_and_yes_or_no() {
    let w = world(vec![]);
    assert_eq!(w.number("x_price * x_quantity"), 375.0);
    assert_eq!(
        w.number("round(x_price * x_quantity * (1 - probability / 100), 1)"),
        225.0
    );
    // An amount reads in its currency's units.
    assert_eq!(w.number("expected_revenue / 1000000"), 1500.0);
    assert_eq!(w.number("priority + 1"), 3.0);
    // An option reads as its label, compared without case.
    assert_eq!(w.value("x_province"), text("Hà Nội"));
    assert_eq!(w.value("x_province = \"hà nội\""), yes(true));
    assert_eq!(w.value("x_signed"), yes(true));
    assert_eq!(w.value("not x_signed"), yes(false));
    assert_eq!(w.value("title"), text("Máy lọc nước cho 30 chi nhánh"));
    // The field's name, or its label in braces in any language.
    assert_eq!(w.number("{Price} * {quantity (VI)}"), 375.0);
    assert_eq!(w.value("{Expected closing}"), Some(day("2027-01-15")));
    let money = fields_of(&json!({"expected_revenue": {"minor": 1250, "currency": "USD"}}));
    assert_eq!(
        w.value_on("expected_revenue", &money),
        Some(Val::Number(12.5))
    );
}

#[test]
fn links_are_followed_to_the_records_they_name() {
    let w = world(vec![]);
    assert_eq!(w.value("company"), text("Công ty Hưng Thịnh"));
    assert_eq!(w.value("company.address"), text("12 Tràng Tiền"));
    assert_eq!(w.value("contact.company.x_country"), text("Việt Nam"));
    assert_eq!(
        w.value("contact_id.company_id.name"),
        text("Công ty Hưng Thịnh")
    );
    assert_eq!(w.value("salesperson"), text("Trần Thị Mai"));
    assert_eq!(w.value("salesperson.email"), text("mai@sao-mai.vn"));
    // A link that leads nowhere (no contact) is empty.
    let alone = fields_of(&json!({"title": "x"}));
    assert_eq!(w.value_on("contact.company.x_country", &alone), None);
    assert_eq!(
        w.compile("company.nothing").err(),
        Some(RuleError::FormulaUnknownName("company.nothing".into()))
    );
    // A value is no link to follow.
    assert_eq!(
        w.compile("title.name").err(),
        Some(RuleError::FormulaUnknownName("title.name".into()))
    );
}

#[test]
fn days_are_counted_moved_and_taken_apart() {
    let w = world(vec![]);
    assert_eq!(w.number("days_between(created_on, expected_close)"), 75.0);
    assert_eq!(w.number("expected_close - created_on"), 75.0);
    assert_eq!(
        w.value("add_days(expected_close, 30)"),
        Some(day("2027-02-14"))
    );
    assert_eq!(w.value("expected_close + 1"), Some(day("2027-01-16")));
    assert_eq!(w.value("expected_close - 15"), Some(day("2026-12-31")));
    assert_eq!(w.value("today()"), Some(day(TODAY)));
    assert_eq!(w.number("days_between(today(), expected_close)"), 41.0);
    assert_eq!(
        w.value("add_months(date(2026, 1, 31), 1)"),
        Some(day("2026-02-28"))
    );
    assert_eq!(
        w.value("add_months(date(2026, 3, 31), -1)"),
        Some(day("2026-02-28"))
    );
    assert_eq!(
        w.number("year(expected_close) * 100 + month(expected_close)"),
        202_701.0
    );
    assert_eq!(w.number("day(created_on)"), 1.0);
    assert_eq!(w.value("expected_close > today()"), yes(true));
    assert_eq!(w.value("date(2026, 2, 30)"), None);
    assert_eq!(
        w.value("max(created_on, expected_close)"),
        Some(day("2027-01-15"))
    );
    assert_eq!(w.number("min(3, 1, 2)"), 1.0);
}

#[test]
fn an_empty_value_stays_empty_and_compares_unequal() {
    let w = world(vec![]);
    // No discount, no renewal day.
    assert_eq!(w.value("x_discount * 2"), None);
    assert_eq!(w.value("x_discount = 5"), yes(false));
    assert_eq!(w.value("x_discount != 5"), yes(true));
    assert_eq!(w.value("x_discount < 5"), yes(false));
    assert_eq!(w.value("x_discount >= 5"), yes(false));
    assert_eq!(w.value("x_discount = x_renewal - x_renewal"), yes(true));
    assert_eq!(w.value("is_empty(x_discount)"), yes(true));
    assert_eq!(w.value("is_empty(x_price)"), yes(false));
    assert_eq!(w.number("coalesce(x_discount, 0) + 1"), 1.0);
    assert_eq!(w.value("days_between(today(), x_renewal)"), None);
    assert_eq!(w.value("if(x_discount > 0, \"discounted\")"), None);
    assert_eq!(
        w.value("if(x_discount > 0, \"discounted\", \"full price\")"),
        text("full price")
    );
    // An empty yes/no is no.
    let unsigned = fields_of(&json!({"custom": {}}));
    assert_eq!(w.value_on("x_signed", &unsigned), yes(false));
    // Joined, an empty value is nothing.
    assert_eq!(w.value("\"[\" & x_discount & \"]\""), text("[]"));
    // Dividing by zero gives no value.
    assert_eq!(w.value("1 / 0"), None);
    assert_eq!(w.value("x_price / (x_quantity - 30)"), None);
}

#[test]
fn text_functions_and_conditions() {
    let w = world(vec![]);
    assert_eq!(w.value("upper(x_province)"), text("HÀ NỘI"));
    assert_eq!(w.value("lower(\"ĐÀ NẴNG\")"), text("đà nẵng"));
    assert_eq!(w.value("trim(\"  a   b \")"), text("a b"));
    assert_eq!(w.number("len(\"Hưng Thịnh\")"), 10.0);
    // Without accents or case, as the board's search.
    assert_eq!(w.value("contains(title, \"LOC NUOC\")"), yes(true));
    assert_eq!(
        w.value("concat(x_quantity, \" × \", x_price)"),
        text("30 × 12.5")
    );
    assert_eq!(w.value("text(0.1 + 0.2)"), text("0.3"));
    assert_eq!(
        w.value("if(probability >= 50, \"hot\", if(probability >= 20, \"warm\", \"cold\"))"),
        text("warm")
    );
    assert_eq!(w.number("ROUND(2.5) + Round(-2.5)"), 0.0);
    assert_eq!(w.number("round(1234.5678, -2)"), 1200.0);
    assert_eq!(w.number("floor(2.7) + ceil(2.2) + abs(-1)"), 6.0);
}

#[test]
fn digits_of_every_script_are_numbers() {
    let w = world(vec![]);
    assert_eq!(w.number("۱۲ + ۳"), 15.0);
    assert_eq!(w.number("٣٫٥ * 2"), 7.0);
    assert_eq!(w.number("1.5 + 0.25"), 1.75);
}

#[test]
fn a_formula_reads_other_formulas() {
    let w = world(vec![
        formula("opportunity", "x_total", "x_price * x_quantity"),
        formula("opportunity", "x_total_vat", "x_total * 1.1"),
        formula("company", "x_label", "upper(x_country)"),
    ]);
    assert_eq!(w.number("round(x_total_vat, 6)"), 412.5);
    assert_eq!(w.value("company.x_label"), text("VIỆT NAM"));
}

#[test]
fn mistakes_are_found_when_the_formula_is_read() {
    let w = world(vec![]);
    let err = |s: &str| w.compile(s).expect_err(s);
    assert_eq!(
        err("x_nope * 2"),
        RuleError::FormulaUnknownName("x_nope".into())
    );
    assert_eq!(
        err("{Nowhere}"),
        RuleError::FormulaUnknownName("{Nowhere}".into())
    );
    assert_eq!(
        err("sqrt(4)"),
        RuleError::FormulaUnknownName("sqrt()".into())
    );
    assert_eq!(
        err("round()"),
        RuleError::FormulaArguments {
            function: "round".into(),
            min: 1,
            max: 2
        }
    );
    assert_eq!(
        err("if(true)"),
        RuleError::FormulaArguments {
            function: "if".into(),
            min: 2,
            max: 3
        }
    );
    assert_eq!(
        err("1 +"),
        RuleError::FormulaSyntax {
            at: 4,
            near: String::new()
        }
    );
    assert_eq!(
        err("1 + * 2"),
        RuleError::FormulaSyntax {
            at: 5,
            near: "* 2".into()
        }
    );
    assert!(matches!(
        err("\"open"),
        RuleError::FormulaSyntax { at: 1, .. }
    ));
    assert!(matches!(err("(1 + 2"), RuleError::FormulaSyntax { .. }));
    assert!(matches!(
        err("1 < 2 < 3"),
        RuleError::FormulaSyntax { at: 7, .. }
    ));
    assert!(matches!(err("1 2"), RuleError::FormulaSyntax { at: 3, .. }));
    assert!(matches!(
        err("x_price $ 2"),
        RuleError::FormulaSyntax { at: 9, .. }
    ));
    assert!(matches!(
        err("{Price"),
        RuleError::FormulaSyntax { at: 1, .. }
    ));
    assert_eq!(err("   "), RuleError::Required("custom_field.ty".into()));
    // Types: what is given, where, and what was needed.
    assert_eq!(
        err("title * 2"),
        RuleError::FormulaType {
            near: "title".into(),
            expected: "number".into(),
            found: "text".into()
        }
    );
    assert_eq!(
        err("if(x_price, 1, 2)"),
        RuleError::FormulaType {
            near: "x_price".into(),
            expected: "yes_no".into(),
            found: "number".into()
        }
    );
    assert_eq!(
        err("if(x_signed, 1, \"no\")"),
        RuleError::FormulaType {
            near: "\"no\"".into(),
            expected: "number".into(),
            found: "text".into()
        }
    );
    assert!(matches!(
        err("x_signed < true"),
        RuleError::FormulaType { .. }
    ));
    assert!(matches!(
        err("created_on + created_on"),
        RuleError::FormulaType { .. }
    ));
    assert!(matches!(
        err("x_price = \"12\""),
        RuleError::FormulaType { .. }
    ));
    assert!(matches!(
        err("days_between(1, 2)"),
        RuleError::FormulaType { .. }
    ));
    assert!(matches!(
        err("x_signed and 1"),
        RuleError::FormulaType { .. }
    ));
    // Nothing a formula cannot read (tags are many).
    assert_eq!(
        err("tag_ids"),
        RuleError::FormulaUnknownName("tag_ids".into())
    );
}

#[test]
fn a_formula_that_is_too_long_or_too_deep_is_refused_not_overflowed() {
    let w = world(vec![]);
    let long = "1 + ".repeat(300) + "1";
    assert!(matches!(w.compile(&long), Err(RuleError::TooLong { .. })));
    let deep = "(".repeat(200) + "1" + &")".repeat(200);
    assert!(matches!(
        w.compile(&deep),
        Err(RuleError::FormulaSyntax { .. })
    ));
    let negated = "-".repeat(500) + "1";
    assert!(matches!(
        w.compile(&negated),
        Err(RuleError::FormulaSyntax { .. })
    ));
}

#[test]
fn a_cycle_through_formulas_is_refused_and_named() {
    let w = world(vec![
        formula("opportunity", "x_a", "x_b + 1"),
        formula("opportunity", "x_b", "x_a * 2"),
        formula("opportunity", "x_self", "x_self + 1"),
    ]);
    assert_eq!(
        w.compile("x_a").err(),
        Some(RuleError::FormulaCycle(
            "opportunity.x_a → opportunity.x_b → opportunity.x_a".into()
        ))
    );
    let own = w
        .store
        .custom_fields
        .iter()
        .find(|f| f.key == "x_self")
        .unwrap();
    assert_eq!(
        Formula::of_field(own, &w.store).map(|f| f.ty),
        Err(RuleError::FormulaCycle(
            "opportunity.x_self → opportunity.x_self".into()
        ))
    );
}

#[test]
fn saving_a_formula_field_checks_it_and_what_reads_it() {
    let w = world(vec![formula(
        "opportunity",
        "x_total",
        "x_price * x_quantity",
    )]);
    let mut store = w.store;
    // Its type is worked out when it is saved.
    let margin = formula(
        "opportunity",
        "x_margin",
        "if(x_total > 100, \"big\", \"small\")",
    );
    let saved = check(&margin, &store).unwrap();
    assert_eq!(
        saved.ty,
        CustomType::Formula {
            expression: "if(x_total > 100, \"big\", \"small\")".into(),
            result: Type::Text
        }
    );
    // A formula is never required and has no default.
    let required = CustomField {
        required: true,
        default: Some(json!(3)),
        ..formula("opportunity", "x_twice", "x_price * 2")
    };
    let saved_required = check(&required, &store).unwrap();
    assert!(!saved_required.required && saved_required.default.is_none());
    store.custom_fields.push(saved);
    // Changing x_total to give text would break x_margin (`x_total > 100`): refused, named.
    let total = store
        .custom_fields
        .iter()
        .find(|f| f.key == "x_total")
        .unwrap()
        .clone();
    let to_text = CustomField {
        ty: CustomType::Formula {
            expression: "\"many\"".into(),
            result: Type::Number,
        },
        ..total.clone()
    };
    assert_eq!(
        check(&to_text, &store),
        Err(RuleError::FormulaBreaks("opportunity.x_margin".into()))
    );
    // Reading x_margin from x_total makes a cycle, found when x_total is saved.
    let cyclic = CustomField {
        ty: CustomType::Formula {
            expression: "if(x_margin = \"big\", 1, 2)".into(),
            result: Type::Number,
        },
        ..total
    };
    assert!(matches!(
        check(&cyclic, &store),
        Err(RuleError::FormulaCycle(_))
    ));
    // A wrong formula is refused with its reason.
    let wrong = formula("opportunity", "x_wrong", "x_price * title");
    assert!(matches!(
        check(&wrong, &store),
        Err(RuleError::FormulaType { .. })
    ));
}

#[test]
fn a_formula_field_takes_no_value_of_its_own() {
    let w = world(vec![formula(
        "opportunity",
        "x_total",
        "x_price * x_quantity",
    )]);
    let given = CustomValues::from([("x_total".to_string(), json!(5))]);
    assert!(matches!(
        custom_field::check_values("opportunity", &given, None, &w.store),
        Err(RuleError::Computed(_))
    ));
}

#[test]
fn computed_values_are_laid_over_a_records_own() {
    let w = world(vec![
        formula("opportunity", "x_total", "x_price * x_quantity"),
        formula("opportunity", "x_broken", "x_gone * 2"),
    ]);
    let formulas = Formulas::of(&w.store, "opportunity");
    let cx = Context {
        store: &w.store,
        today: NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap(),
    };
    let own = CustomValues::from([("x_price".to_string(), json!(12.5))]);
    let shown = formulas.lay_over(&own, || w.deal.clone(), &cx);
    assert_eq!(shown.get("x_total"), Some(&json!(375)));
    assert_eq!(shown.get("x_price"), Some(&json!(12.5)));
    // A broken formula (a field it names was deleted) shows nothing and says why.
    assert_eq!(shown.get("x_broken"), None);
    assert_eq!(
        formulas.problem("x_broken"),
        Some(&RuleError::FormulaUnknownName("x_gone".into()))
    );
    // A kind with no formulas lends its values as they are.
    let none = Formulas::of(&w.store, "contact");
    assert!(matches!(
        none.lay_over(&own, || unreachable!(), &cx),
        std::borrow::Cow::Borrowed(_)
    ));
    // 0.1 + 0.2 is kept as 0.3.
    assert_eq!(Val::Number(0.1 + 0.2).to_json(), json!(0.3));
}

/// A formula's refusal is said in each of the five languages, naming the fields by their labels
/// there (never their keys) and the types in words of that language.
#[test]
fn a_formulas_refusal_is_said_in_every_language_with_the_labels_there() {
    use crate::i18n::Locale;
    let labelled = |key: &str, expression: &str, [en, vi, zh, th, fa]: [&str; 5]| CustomField {
        labels: Labels {
            en: en.into(),
            vi: vi.into(),
            zh: zh.into(),
            th: th.into(),
            fa: fa.into(),
        },
        ..formula("opportunity", key, expression)
    };
    let margin = [
        "Margin",
        "Biên lợi nhuận",
        "利润率",
        "อัตรากำไร",
        "حاشیه سود",
    ];
    let cost = ["Cost", "Chi phí", "成本", "ต้นทุน", "هزینه"];
    let w = world(vec![
        labelled("x_margin", "x_cost * 2", margin),
        labelled("x_cost", "x_margin / 2", cost),
    ]);
    crate::domain::custom_field::remember(&w.store.custom_fields);
    let cycle = w.compile("x_margin").unwrap_err();
    assert!(matches!(cycle, RuleError::FormulaCycle(_)), "{cycle:?}");
    let unknown = w.compile("1 + mystery").unwrap_err();
    assert!(
        matches!(unknown, RuleError::FormulaUnknownName(_)),
        "{unknown:?}"
    );
    let wrong = w.compile("if(title, 1, 2)").unwrap_err();
    assert!(matches!(wrong, RuleError::FormulaType { .. }), "{wrong:?}");
    let english = [&cycle, &unknown, &wrong].map(|e| Locale::En.rule_error(e));
    for (at, l) in Locale::ALL.into_iter().enumerate() {
        let said = [&cycle, &unknown, &wrong].map(|e| l.rule_error(e));
        let cycle_said = said[0].to_lowercase();
        for label in [margin[at], cost[at]] {
            assert!(
                cycle_said.contains(&label.to_lowercase()),
                "{l:?}: {}",
                said[0]
            );
        }
        assert!(said[1].contains("mystery"), "{l:?}: {}", said[1]);
        assert!(
            said[2].contains(&l.type_word("yes_no")),
            "{l:?}: {}",
            said[2]
        );
        for text in &said {
            assert!(
                !text.contains("x_") && !text.contains("opportunity."),
                "{l:?}: {text}"
            );
            assert!(!text.trim().is_empty());
        }
        if l != Locale::En {
            for (text, en) in said.iter().zip(&english) {
                assert_ne!(text, en, "{l:?} says it in English");
            }
        }
    }
}
