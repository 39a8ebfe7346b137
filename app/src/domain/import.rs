//! Turning the rows of an imported sheet into records: which kinds and fields a sheet can fill,
//! how a cell becomes a field's value (numbers, days, yes or no, a company or a stage named by
//! name), and which existing record a row is the same as. The rules of import, written once:
//! the server's dry run and its import run exactly these.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::custom_field::{self, CustomField, CustomType};
use super::duplicates::{company_core, e164};
use super::field::{Field, FieldType};
use super::reading::{read_date, read_number, read_number_marked};
use super::{Company, Currency, Record, RuleError, Store, Tag};

/// The kinds a sheet can be imported into: leads are opportunities not yet qualified.
pub const KINDS: &[&str] = &["contact", "company", "lead", "opportunity", "product"];

/// The kind of record an import of `kind` makes.
pub fn record_kind(kind: &str) -> &str {
    if kind == "lead" { "opportunity" } else { kind }
}

/// Fields of a deal a sheet does not fill: where it sits on the board, how it was closed, when
/// it was made (the import says), and the person (imported as contacts, linked afterwards).
const NOT_IMPORTED: &[&str] = &[
    "position",
    "lost",
    "lost_reason_id",
    "lost_note",
    "created_on",
    "closed_on",
    "lead",
    "contact_id",
    // Worked out by the scoring rules, and where sales have taken it.
    "score",
    "qualification",
    "mql_on",
    "sql_on",
    "returned_reason",
];

/// What to do with a row that is the same as an existing record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnMatch {
    /// Leave the existing record as it is.
    #[default]
    Skip,
    /// Write the row's filled cells over the existing record.
    Update,
    /// Create a new record all the same.
    Create,
}

/// How a sheet is imported: into which kind, which field each column fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub kind: String,
    /// The field each column fills, in the sheet's order; `None`: the column is left out.
    pub columns: Vec<Option<String>>,
    /// Whether the first row names the columns (and is not imported).
    pub header: bool,
    pub on_match: OnMatch,
    /// Create the tags a sheet names that do not exist (the person is asked first).
    pub create_tags: bool,
    /// The currency of amounts written without one.
    pub currency: Currency,
    /// The decimal mark of the sheet's numbers (`.` or `,`), when the person says it: the
    /// other mark then groups thousands, strictly. `None`: read from each cell as it stands
    /// (`read_number`: `1.234` is a thousand and more, `12,5` twelve and a half).
    #[serde(default)]
    pub decimal: Option<char>,
}

/// Whether a sheet's cells can fill this field of `kind`.
pub fn importable(field: &Field) -> bool {
    match field.ty {
        FieldType::Text
        | FieldType::LongText
        | FieldType::Email
        | FieldType::Phone
        | FieldType::Money
        | FieldType::Percent
        | FieldType::Integer
        | FieldType::Date
        | FieldType::YesNo
        | FieldType::Currency
        | FieldType::Choice(_)
        | FieldType::Link(_)
        | FieldType::Links("tag") => true,
        FieldType::Links(_)
        | FieldType::Lines
        | FieldType::Rates
        | FieldType::Chaining
        | FieldType::Subject
        | FieldType::Labels
        | FieldType::CustomType
        | FieldType::Any
        | FieldType::Filter
        | FieldType::Texts
        | FieldType::Params
        | FieldType::Moment
        | FieldType::Learnt
        | FieldType::Capacities => false,
    }
}

/// The fields of `kind` a sheet can fill.
pub fn fields(kind: &str) -> Vec<&'static Field> {
    let record = record_kind(kind);
    Record::fields_of(record)
        .unwrap_or_default()
        .iter()
        .filter(|f| importable(f))
        .filter(|f| f.name != "merged_into")
        .filter(|f| record != "opportunity" || !NOT_IMPORTED.contains(&f.name))
        .collect()
}

/// The custom fields of `kind` a sheet can fill (all but formulas): a company one by the
/// company's name, as the company column is read; a contact one by the contact's email (a name
/// two people may share).
pub fn custom_fields<'a>(store: &'a Store, kind: &str) -> Vec<&'a CustomField> {
    custom_field::of_kind(store, record_kind(kind))
        .into_iter()
        .filter(|f| !matches!(f.ty, CustomType::Formula { .. }))
        .collect()
}

/// The mapping read from a sheet's header: each column's field, none used twice. A header that
/// names no field of the kind may name one of its custom fields (`custom`), by its label in any
/// language or its key.
pub fn guess_columns(
    kind: &str,
    headers: &[String],
    custom: &[&CustomField],
) -> Vec<Option<String>> {
    let all = Record::fields_of(record_kind(kind)).unwrap_or_default();
    let mut taken: Vec<String> = Vec::new();
    headers
        .iter()
        .map(|h| {
            let own = super::reading::field_of_header(all, h)
                .filter(|f| fields(kind).iter().any(|g| g.name == *f))
                .map(str::to_string);
            let heard = normal_name(h);
            let field = own
                .or_else(|| {
                    custom
                        .iter()
                        .find(|f| {
                            f.key == heard
                                || custom_field::LANGUAGES.iter().any(|l| {
                                    !f.labels.get(l).is_empty()
                                        && normal_name(f.labels.get(l)) == heard
                                })
                        })
                        .map(|f| f.key.clone())
                })
                .filter(|f| !taken.contains(f))?;
            taken.push(field.clone());
            Some(field)
        })
        .collect()
}

/// A name as compared: composed, lower case, single spaces.
pub fn normal_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What makes two records of a kind the same: an email (any case), a phone in full
/// international form (numbers without a country code are `country`'s), a company's name
/// without its legal form, a product's name.
pub fn match_keys(record: &Record, country: Option<&str>) -> Vec<String> {
    match record {
        Record::Contact(c) => keys_of("contact", &c.name, &c.email, &c.phone, country),
        Record::Company(c) => keys_of("company", &c.name, &c.email, &c.phone, country),
        Record::Product(p) => keys_of("product", &p.name, "", "", country),
        Record::Opportunity(o) => keys_of(
            if o.lead { "lead" } else { "opportunity" },
            &deal_name(&o.title, &o.customer_name, &o.company_name),
            &o.email,
            &o.phone,
            country,
        ),
        _ => Vec::new(),
    }
}

/// What names a deal or a lead among the others: its title, and whom it is for.
pub fn deal_name(title: &str, customer: &str, company: &str) -> String {
    let whom = if customer.trim().is_empty() {
        company
    } else {
        customer
    };
    format!("{}|{}", normal_name(title), normal_name(whom))
}

/// The keys of a record of `kind` from the fields it is matched on.
pub fn keys_of(
    kind: &str,
    name: &str,
    email: &str,
    phone: &str,
    country: Option<&str>,
) -> Vec<String> {
    let mut keys = Vec::new();
    // A company, a lead is one person's or one company's; a deal is not (a customer has many).
    if matches!(kind, "contact" | "company" | "lead") && !email.trim().is_empty() {
        keys.push(format!("e:{}", email.trim().to_lowercase()));
    }
    if matches!(kind, "contact" | "lead") {
        keys.extend(e164(phone, country).map(|p| format!("p:{p}")));
    }
    if kind == "company" && !company_core(name).is_empty() {
        keys.push(format!("n:{}", company_core(name)));
    }
    if kind == "product" && !normal_name(name).is_empty() {
        keys.push(format!("n:{}", normal_name(name)));
    }
    // A deal or a lead by its title and whom it is for (`deal_name`).
    if matches!(kind, "lead" | "opportunity") && !name.starts_with('|') {
        keys.push(format!("t:{name}"));
    }
    keys
}

/// The names a sheet may use for other records, and what they are: the org's set-up (stages,
/// tags, sources…) and people from `store`; companies from the database, and the companies
/// and tags this import creates.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub companies: HashMap<String, Uuid>,
    pub tags: HashMap<String, Uuid>,
    /// Contacts by their email in lower case, for custom contact fields.
    pub contacts: HashMap<String, Uuid>,
}

impl Names {
    pub fn new(store: &Store, companies: impl IntoIterator<Item = (String, Uuid)>) -> Names {
        Names {
            companies: companies
                .into_iter()
                .map(|(name, id)| (company_core(&name), id))
                .collect(),
            tags: store
                .tags
                .iter()
                .filter(|t| !t.deleted)
                .map(|t| (normal_name(&t.name), t.id))
                .collect(),
            contacts: HashMap::new(),
        }
    }
}

/// A row made into a record, with the records it names that the import creates with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub record: Record,
    /// The fields the row filled (what an update writes over an existing record), custom
    /// fields by their keys.
    pub filled: Vec<String>,
    pub new_companies: Vec<Company>,
    pub new_tags: Vec<Tag>,
}

/// A row that cannot be imported: which column (its index), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub column: Option<usize>,
    pub reason: RuleError,
}

/// Makes a record of `plan.kind` of one row's cells (not yet checked by the kind's rules).
pub fn build(
    plan: &Plan,
    store: &Store,
    names: &mut Names,
    cells: &[String],
) -> Result<Built, RowError> {
    let mut object = Map::new();
    let mut custom = Map::new();
    let mut filled: Vec<String> = Vec::new();
    let mut new_companies = Vec::new();
    let mut new_tags = Vec::new();
    for (column, field) in plan.columns.iter().enumerate() {
        // A custom field of the kind: its value by its type, into the record's `custom`.
        if let Some(key) = field.as_deref().filter(|f| custom_field::is_custom(f)) {
            let cell = cells.get(column).map_or("", |c| c.trim());
            if cell.is_empty() {
                continue;
            }
            let fail = |reason| RowError {
                column: Some(column),
                reason,
            };
            let Some(f) = custom_fields(store, &plan.kind)
                .into_iter()
                .find(|f| f.key == key)
            else {
                return Err(fail(RuleError::Malformed(format!("no custom field {key}"))));
            };
            // A company field: a company already here, by its name without its legal form; a
            // contact field: a contact already here, by their email.
            let linked = match f.ty {
                CustomType::Company => Some(("company", names.companies.get(&company_core(cell)))),
                CustomType::Contact => Some(("contact", names.contacts.get(&cell.to_lowercase()))),
                _ => None,
            };
            if let Some((kind, found)) = linked {
                let id = found.ok_or_else(|| fail(none_named(kind, cell)))?;
                custom.insert(key.to_string(), json!(id));
                filled.push(key.to_string());
                continue;
            }
            if let Some(value) = custom_value_of(f, cell, plan, store).map_err(fail)? {
                custom.insert(key.to_string(), value);
            }
            filled.push(key.to_string());
            continue;
        }
        let Some(field) = field
            .as_deref()
            .and_then(|f| fields(&plan.kind).into_iter().find(|g| g.name == f))
        else {
            continue;
        };
        let cell = cells.get(column).map_or("", |c| c.trim());
        if cell.is_empty() {
            continue;
        }
        let fail = |reason| RowError {
            column: Some(column),
            reason,
        };
        let unknown = || {
            fail(RuleError::FilterValue {
                field: format!("opportunity.{}", field.name),
                value: cell.to_string(),
            })
        };
        let value = match field.ty {
            // Where it is, by the names a sheet writes ("Việt Nam", "TP. Hồ Chí Minh", "Bangkok").
            FieldType::Text if field.name == "country" => {
                json!(super::territory::country_named(cell).ok_or_else(unknown)?)
            }
            FieldType::Text if field.name == "province" => {
                json!(super::territory::province_named(cell).ok_or_else(unknown)?)
            }
            // The language it is spoken to in, by its code or its name ("Tiếng Việt").
            FieldType::Text if field.name == "language" => {
                json!(super::language::named(cell).ok_or_else(unknown)?)
            }
            FieldType::Link("company") => {
                let key = company_core(cell);
                let id = match names.companies.get(&key) {
                    Some(id) => *id,
                    None => {
                        // Known to the next rows once this one is made (`Names::learn`).
                        let company = Company {
                            custom: Default::default(),
                            id: Uuid::now_v7(),
                            name: cell.to_string(),
                            email: String::new(),
                            phone: String::new(),
                            address: String::new(),
                            version: 0,
                            deleted: false,
                            merged_into: None,
                        };
                        let id = company.id;
                        new_companies.push(company);
                        id
                    }
                };
                json!(id)
            }
            FieldType::Links("tag") => {
                let mut ids = Vec::new();
                for name in cell.split([',', ';', '،', '、']).map(str::trim) {
                    if name.is_empty() {
                        continue;
                    }
                    let key = normal_name(name);
                    let made = new_tags.iter().find(|t: &&Tag| normal_name(&t.name) == key);
                    let id = match names.tags.get(&key).or(made.map(|t| &t.id)) {
                        Some(id) => *id,
                        None if plan.create_tags => {
                            let tag = Tag {
                                id: Uuid::now_v7(),
                                name: name.to_string(),
                                colour: (names.tags.len() % usize::from(super::tag::COLOURS)) as u8,
                                version: 0,
                                deleted: false,
                            };
                            let id = tag.id;
                            new_tags.push(tag);
                            id
                        }
                        None => return Err(fail(none_named("tag", name))),
                    };
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                json!(ids)
            }
            FieldType::Link(kind) => json!(named(store, kind, cell).map_err(fail)?),
            ty => value_of(ty, cell, plan).map_err(fail)?,
        };
        object.insert(field.name.into(), value);
        filled.push(field.name.to_string());
    }
    if !custom.is_empty() {
        object.insert("custom".into(), Value::Object(custom));
    }
    let kind = record_kind(&plan.kind);
    object.insert("kind".into(), json!(variant_of(kind)));
    object.insert("id".into(), json!(Uuid::now_v7()));
    object.insert("version".into(), json!(0));
    if kind == "opportunity" {
        deal_defaults(plan, store, &mut object)?;
    }
    for field in Record::fields_of(kind).unwrap_or_default() {
        if !object.contains_key(field.name) {
            object.insert(field.name.into(), empty_value(field.ty, plan.currency));
        }
    }
    let record: Record = serde_json::from_value(Value::Object(object)).map_err(|e| RowError {
        column: None,
        reason: RuleError::Malformed(e.to_string()),
    })?;
    for company in &new_companies {
        names
            .companies
            .insert(company_core(&company.name), company.id);
    }
    for tag in &new_tags {
        names.tags.insert(normal_name(&tag.name), tag.id);
    }
    Ok(Built {
        record,
        filled,
        new_companies,
        new_tags,
    })
}

/// What a deal or a lead a sheet makes has unless the sheet says: a lead or not, as imported;
/// the first open stage of its team's pipeline (or of every team's), and that stage's
/// probability; a place on the board, given when it is written.
fn deal_defaults(
    plan: &Plan,
    store: &Store,
    object: &mut Map<String, Value>,
) -> Result<(), RowError> {
    object.insert("lead".into(), json!(plan.kind == "lead"));
    object.insert(
        "position".into(),
        json!(super::fractional_index::key_between(None, None).unwrap_or_default()),
    );
    let team = object
        .get("team_id")
        .and_then(|t| serde_json::from_value::<Uuid>(t.clone()).ok());
    let stage = match object.get("stage_id") {
        Some(id) => {
            let id: Option<Uuid> = serde_json::from_value(id.clone()).ok();
            store.stages.iter().find(|s| Some(s.id) == id).cloned()
        }
        None => {
            let mut open: Vec<&super::Stage> = store
                .stages
                .iter()
                .filter(|s| !s.deleted && !s.is_won && (s.team_id.is_none() || s.team_id == team))
                .collect();
            open.sort_by_key(|s| s.sequence);
            open.first().map(|s| (*s).clone())
        }
    };
    let Some(stage) = stage else {
        return Err(RowError {
            column: None,
            reason: RuleError::Required("opportunity.stage_id".into()),
        });
    };
    object.insert("stage_id".into(), json!(stage.id));
    object
        .entry("probability")
        .or_insert_with(|| json!(stage.probability));
    Ok(())
}

/// The record `existing` with the fields `built` filled written over it.
pub fn update(existing: &Record, built: &Built) -> Result<Record, RuleError> {
    let (Value::Object(mut before), Value::Object(row)) = (
        serde_json::to_value(existing).map_err(|e| RuleError::Malformed(e.to_string()))?,
        serde_json::to_value(&built.record).map_err(|e| RuleError::Malformed(e.to_string()))?,
    ) else {
        return Err(RuleError::Malformed("a record is not an object".into()));
    };
    let empty = Map::new();
    let row_custom = row
        .get("custom")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for field in &built.filled {
        if custom_field::is_custom(field) {
            // Into the record's custom values, beside the ones the sheet does not fill.
            let values = before
                .entry("custom")
                .or_insert_with(|| Value::Object(Map::new()));
            // A cell that reads as empty (a "no") empties it.
            if let Value::Object(values) = values {
                match row_custom.get(field) {
                    Some(value) => values.insert(field.clone(), value.clone()),
                    None => values.remove(field),
                };
            }
        } else if let Some(value) = row.get(field.as_str()) {
            before.insert(field.clone(), value.clone());
        }
    }
    serde_json::from_value(Value::Object(before)).map_err(|e| RuleError::Malformed(e.to_string()))
}

/// The enum variant a kind's records are tagged with (`contact` → `Contact`).
fn variant_of(kind: &str) -> String {
    kind.split('_')
        .map(|w| w[..1].to_uppercase() + &w[1..])
        .collect()
}

fn none_named(kind: &str, name: &str) -> RuleError {
    RuleError::NoneNamed {
        kind: kind.into(),
        name: name.into(),
    }
}

/// The id of the record of `kind` a sheet names: a person by email or name, a set-up record
/// (stage, source, lost reason…) by its name in any case.
fn named(store: &Store, kind: &str, name: &str) -> Result<Uuid, RuleError> {
    let key = normal_name(name);
    if kind == "user" {
        return store
            .users
            .iter()
            .find(|u| u.email.to_lowercase() == key || normal_name(&u.name) == key)
            .map(|u| u.id)
            .ok_or_else(|| none_named(kind, name));
    }
    let mut found = None;
    store.each_record(&mut |r| {
        if found.is_none()
            && r.to_record().kind() == kind
            && normal_name(&r.to_record().display_name(store)) == key
        {
            let record = r.to_record();
            if !record.is_deleted() {
                found = Some(record.id());
            }
        }
    });
    found.ok_or_else(|| none_named(kind, name))
}

/// A cell as the JSON value of a field of this type.
fn value_of(ty: FieldType, cell: &str, plan: &Plan) -> Result<Value, RuleError> {
    let number = || number_of(cell, plan.decimal);
    Ok(match ty {
        FieldType::Text | FieldType::LongText | FieldType::Email | FieldType::Phone => {
            json!(cell)
        }
        FieldType::Money => {
            let (amount, currency) = money_of(cell, plan)?;
            let minor = (amount * 10f64.powi(currency.exponent() as i32)).round();
            json!({"minor": minor as i64, "currency": currency.code()})
        }
        FieldType::Percent | FieldType::Integer => {
            let n = number()?;
            if n.fract() != 0.0 || n.abs() > 1e15 {
                return Err(RuleError::NotANumber(cell.into()));
            }
            json!(n as i64)
        }
        FieldType::Date => {
            json!(read_date(cell).ok_or_else(|| RuleError::NotADay(cell.into()))?)
        }
        FieldType::YesNo => {
            json!(yes_or_no(cell).ok_or_else(|| RuleError::NotYesOrNo(cell.into()))?)
        }
        FieldType::Currency => json!(
            Currency::parse(&cell.to_uppercase())
                .ok_or_else(|| RuleError::NotAChoice {
                    value: cell.into(),
                    choices: Currency::ALL.map(Currency::code).join(", "),
                })?
                .code()
        ),
        FieldType::Choice(values) => json!(
            values
                .iter()
                .find(|v| v.eq_ignore_ascii_case(cell))
                .ok_or_else(|| RuleError::NotAChoice {
                    value: cell.into(),
                    choices: values.join(", "),
                })?
        ),
        _ => return Err(RuleError::NotEditable),
    })
}

/// A cell as the value of a custom field (`None`: a "no" of a yes-or-no field, left out): text
/// as it is, numbers and amounts as the sheet writes them, days as people write them, an
/// option by its label, several of them separated by commas or semicolons, a person by their
/// email or name.
fn custom_value_of(
    field: &CustomField,
    cell: &str,
    plan: &Plan,
    store: &Store,
) -> Result<Option<Value>, RuleError> {
    let option = |label: &str| {
        let key = normal_name(label);
        field
            .ty
            .options()
            .iter()
            .find(|o| normal_name(&o.label) == key || o.id == label)
            .map(|o| json!(o.id))
            .ok_or_else(|| RuleError::NotAChoice {
                value: label.into(),
                choices: field
                    .ty
                    .options()
                    .iter()
                    .map(|o| o.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    };
    Ok(Some(match &field.ty {
        CustomType::Formula { .. } => {
            return Err(RuleError::Computed(field.code()));
        }
        CustomType::Text
        | CustomType::LongText
        | CustomType::Email
        | CustomType::Phone
        | CustomType::Url => json!(cell),
        CustomType::Number { .. } | CustomType::Percent => {
            json!(number_of(
                cell.trim_end_matches(['%', '٪']).trim(),
                plan.decimal
            )?)
        }
        CustomType::Money => {
            let (amount, currency) = money_of(cell, plan)?;
            let minor = (amount * 10f64.powi(currency.exponent() as i32)).round();
            json!({"minor": minor as i64, "currency": currency.code()})
        }
        CustomType::Date => json!(read_date(cell).ok_or_else(|| RuleError::NotADay(cell.into()))?),
        CustomType::DateTime => {
            // The day as people write it, then the time of day if there is one ("09:30").
            let (day, time) = match cell.rsplit_once(' ') {
                Some((day, time)) if time.contains(':') => (day.trim(), time.trim()),
                _ => (cell, "00:00"),
            };
            let day = read_date(day).ok_or_else(|| RuleError::NotADay(cell.into()))?;
            let time = chrono::NaiveTime::parse_from_str(time, "%H:%M")
                .or_else(|_| chrono::NaiveTime::parse_from_str(time, "%H:%M:%S"))
                .map_err(|_| RuleError::NotADay(cell.into()))?;
            json!(day.and_time(time).format("%Y-%m-%dT%H:%M").to_string())
        }
        CustomType::YesNo => match yes_or_no(cell) {
            Some(true) => json!(true),
            Some(false) => return Ok(None),
            None => return Err(RuleError::NotYesOrNo(cell.into())),
        },
        CustomType::Choice { .. } => option(cell)?,
        CustomType::Choices { .. } => {
            let mut ids = Vec::new();
            for label in cell.split([',', ';', '،', '、']).map(str::trim) {
                if !label.is_empty() {
                    ids.push(option(label)?);
                }
            }
            json!(ids)
        }
        CustomType::User => json!(named(store, "user", cell)?),
        // Found in `build`: a company by its name, a contact by their email.
        CustomType::Contact | CustomType::Company => return Err(RuleError::NotEditable),
    }))
}

/// A number of a cell, read with the sheet's decimal mark when the person said it.
fn number_of(cell: &str, decimal: Option<char>) -> Result<f64, RuleError> {
    match decimal {
        Some(mark) => read_number_marked(cell, mark),
        None => read_number(cell),
    }
    .ok_or_else(|| RuleError::NotANumber(cell.into()))
}

/// An amount and its currency: a code or sign in the cell says which, else the plan's.
fn money_of(cell: &str, plan: &Plan) -> Result<(f64, Currency), RuleError> {
    let upper = cell.to_uppercase();
    let currency = Currency::ALL
        .into_iter()
        .find(|c| upper.contains(c.code()))
        .or_else(|| {
            // A sign alone: ¥ is both yuan and yen, $ only dollars, ₫ dong…
            Currency::ALL
                .into_iter()
                .filter(|c| *c != Currency::JPY)
                .find(|c| cell.contains(c.symbol()))
        })
        .unwrap_or(plan.currency);
    let amount = number_of(cell, plan.decimal)?;
    if amount < 0.0 {
        return Err(RuleError::NegativeRevenue);
    }
    Ok((amount, currency))
}

/// Yes or no in our five languages, and as spreadsheets write them.
fn yes_or_no(cell: &str) -> Option<bool> {
    let key = normal_name(cell);
    const YES: &[&str] = &[
        "yes",
        "y",
        "true",
        "1",
        "x",
        "có",
        "co",
        "是",
        "对",
        "ใช่",
        "بله",
        "آری",
    ];
    const NO: &[&str] = &[
        "no",
        "n",
        "false",
        "0",
        "không",
        "khong",
        "否",
        "不",
        "ไม่",
        "ไม่ใช่",
        "خیر",
        "نه",
    ];
    if YES.contains(&key.as_str()) {
        Some(true)
    } else if NO.contains(&key.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// The value of a field no column fills.
fn empty_value(ty: FieldType, currency: Currency) -> Value {
    match ty {
        FieldType::Text | FieldType::LongText | FieldType::Email | FieldType::Phone => json!(""),
        FieldType::Money => json!({"minor": 0, "currency": currency.code()}),
        FieldType::Percent | FieldType::Integer => json!(0),
        FieldType::YesNo => json!(false),
        FieldType::Currency => json!(currency.code()),
        FieldType::Links(_) | FieldType::Lines | FieldType::Rates => json!([]),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(kind: &str, columns: &[Option<&str>]) -> Plan {
        Plan {
            kind: kind.into(),
            columns: columns.iter().map(|c| c.map(String::from)).collect(),
            header: true,
            on_match: OnMatch::Skip,
            create_tags: false,
            currency: Currency::VND,
            decimal: None,
        }
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_row_becomes_a_contact_and_its_company_is_found_or_created_once() {
        let p = plan(
            "contact",
            &[Some("name"), Some("email"), Some("company_id"), None],
        );
        let store = Store::default();
        let known = Uuid::now_v7();
        let mut names = Names::new(&store, [("Công ty Sao Mai".to_string(), known)]);
        let a = build(
            &p,
            &store,
            &mut names,
            &row(&["Lan", "lan@x.vn", "công ty  SAO MAI", "z"]),
        )
        .unwrap();
        let Record::Contact(c) = &a.record else {
            panic!()
        };
        assert_eq!((c.name.as_str(), c.company_id), ("Lan", Some(known)));
        assert!(a.new_companies.is_empty());
        let b = build(&p, &store, &mut names, &row(&["Minh", "", "Hoà Bình", ""])).unwrap();
        let c2 = build(&p, &store, &mut names, &row(&["Tú", "", "hoà bình", ""])).unwrap();
        assert_eq!(b.new_companies.len(), 1);
        assert!(
            c2.new_companies.is_empty(),
            "the second row names the company the first made"
        );
        let (Record::Contact(b), Record::Contact(c2)) = (&b.record, &c2.record) else {
            panic!()
        };
        assert_eq!(b.company_id, c2.company_id);
        assert_eq!(a.filled, vec!["name", "email", "company_id"]);
    }

    #[test]
    fn cells_that_cannot_be_read_name_their_column_and_why() {
        let p = plan(
            "product",
            &[Some("name"), Some("price"), Some("tax_percent")],
        );
        let store = Store::default();
        let mut names = Names::default();
        let ok = build(
            &p,
            &store,
            &mut names,
            &row(&["Lọc nước", "1.250.000 ₫", "10"]),
        )
        .unwrap();
        let Record::Product(product) = ok.record else {
            panic!()
        };
        assert_eq!((product.price.minor, product.tax_percent), (1_250_000, 10));
        let usd = build(&p, &store, &mut names, &row(&["Filter", "$12.50", ""])).unwrap();
        let Record::Product(usd) = usd.record else {
            panic!()
        };
        assert_eq!((usd.price.minor, usd.price.currency), (1250, Currency::USD));
        let bad = build(&p, &store, &mut names, &row(&["Lọc", "mười", "5"])).unwrap_err();
        assert_eq!(bad.column, Some(1));
        assert_eq!(bad.reason, RuleError::NotANumber("mười".into()));
        let half = build(&p, &store, &mut names, &row(&["Lọc", "1", "7,5"])).unwrap_err();
        assert_eq!(half.column, Some(2));
    }

    #[test]
    fn a_leads_place_is_read_by_the_names_a_sheet_writes() {
        let p = plan(
            "lead",
            &[
                Some("title"),
                Some("country"),
                Some("province"),
                Some("language"),
            ],
        );
        let mut store = Store::default();
        store.put(Record::Stage(crate::domain::Stage::sample(1, false)));
        let mut names = Names::default();
        let mut place = |country: &str, province: &str| {
            build(
                &p,
                &store,
                &mut names,
                &row(&["Máy lọc", country, province, "Tiếng Việt"]),
            )
            .map(|b| match b.record {
                Record::Opportunity(o) => {
                    assert_eq!(o.language, "vi", "the language by its name");
                    (o.country, o.province)
                }
                _ => panic!("not a lead"),
            })
            .map_err(|e| (e.column, e.reason))
        };
        assert_eq!(
            place("Việt Nam", "TP. Hồ Chí Minh"),
            Ok(("VN".into(), "VN-SG".into()))
        );
        assert_eq!(
            place("Thailand", "Bangkok"),
            Ok(("TH".into(), "TH-10".into()))
        );
        assert_eq!(place("", "Hà Nội"), Ok((String::new(), "VN-HN".into())));
        assert_eq!(
            place("Việt Nam", "Atlantis"),
            Err((
                Some(2),
                RuleError::FilterValue {
                    field: "opportunity.province".into(),
                    value: "Atlantis".into()
                }
            ))
        );
        assert!(matches!(place("Narnia", ""), Err((Some(1), _))));
    }

    #[test]
    fn numbers_follow_the_decimal_mark_the_person_chose_for_the_sheet() {
        let price = |decimal: Option<char>, cell: &str| {
            let p = Plan {
                decimal,
                ..plan("product", &[Some("name"), Some("price")])
            };
            build(
                &p,
                &Store::default(),
                &mut Names::default(),
                &row(&["Lọc", cell]),
            )
            .map(|b| match b.record {
                Record::Product(p) => (p.price.minor, p.price.currency),
                _ => panic!(),
            })
            .map_err(|e| e.reason)
        };
        // Read from each cell: "1.234" is a thousand and more, in any sheet.
        assert_eq!(price(None, "1.234 $"), Ok((123_400, Currency::USD)));
        // A sheet said to use the point: it is a dollar and a bit, and "12,5" is not read.
        assert_eq!(price(Some('.'), "1.234 $"), Ok((123, Currency::USD)));
        assert_eq!(
            price(Some('.'), "12,5 $"),
            Err(RuleError::NotANumber("12,5 $".into()))
        );
        // A sheet said to use the comma, as Vietnamese and Persian sheets do.
        assert_eq!(price(Some(','), "1.234,5 $"), Ok((123_450, Currency::USD)));
        assert_eq!(
            price(Some(','), "150.000.000"),
            Ok((150_000_000, Currency::VND))
        );
        assert_eq!(
            price(Some(','), "1,234,567"),
            Err(RuleError::NotANumber("1,234,567".into()))
        );
    }

    #[test]
    fn a_row_is_matched_by_email_in_any_case_or_by_its_phone_however_written() {
        let p = plan("contact", &[Some("name"), Some("email"), Some("phone")]);
        let store = Store::default();
        let mut names = Names::default();
        let keys = |cells: &[&str]| {
            match_keys(
                &build(&p, &store, &mut names.clone(), &row(cells))
                    .unwrap()
                    .record,
                Some("84"),
            )
        };
        let a = keys(&["An", "An@Sao-Mai.vn", "+84 90 123 4567"]);
        assert_eq!(
            a,
            vec!["e:an@sao-mai.vn".to_string(), "p:+84901234567".into()]
        );
        for phone in ["0901234567", "(090) 123-4567", "۰۹۰۱۲۳۴۵۶۷"] {
            assert!(
                keys(&["", "", phone]).contains(&"p:+84901234567".to_string()),
                "{phone}"
            );
        }
        assert!(keys(&["An", "", "12"]).is_empty());
        let _ = &mut names;
    }

    #[test]
    fn an_update_writes_only_the_cells_the_row_filled() {
        let p = plan("contact", &[Some("name"), Some("job_title")]);
        let store = Store::default();
        let mut names = Names::default();
        let existing = build(
            &plan("contact", &[Some("name"), Some("email")]),
            &store,
            &mut names,
            &row(&["Lan", "lan@x.vn"]),
        )
        .unwrap()
        .record;
        let built = build(&p, &store, &mut names, &row(&["Lan Nguyễn", "Giám đốc"])).unwrap();
        let Record::Contact(after) = update(&existing, &built).unwrap() else {
            panic!()
        };
        assert_eq!(after.id, existing.id());
        assert_eq!(
            (
                after.name.as_str(),
                after.job_title.as_str(),
                after.email.as_str()
            ),
            ("Lan Nguyễn", "Giám đốc", "lan@x.vn")
        );
    }

    #[test]
    fn headers_in_our_languages_map_each_field_once() {
        let headers = row(&["Họ và tên", "Email", "E-mail", "Công ty", "Ghi chú"]);
        assert_eq!(
            guess_columns("contact", &headers, &[]),
            vec![
                Some("name".to_string()),
                Some("email".into()),
                None,
                Some("company_id".into()),
                None
            ]
        );
    }
}
