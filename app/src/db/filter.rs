//! A filter run by PostgreSQL over the deals (`opportunities`): the conditions the browser keeps
//! its copy by (`domain::filter`), compiled the same way (periods, "me", names into ids) and
//! written as SQL, so the server keeps the same deals over all of them, kept in a browser or
//! not. Text is compared folded as the browser folds it (`rapport_fold_words`, migration 0018);
//! amounts in the organisation's currency, converted at its rates and rounded as the browser
//! rounds. A condition on a formula is not written in SQL: the server computes those in Rust.

use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use super::DbError;
use crate::domain::filter::{Check, Compiled, Filter, Op, Shape, Test};
use crate::domain::{custom_field, formula::Formulas, rates::RATE_SCALE};

/// What a field of a deal is in SQL.
enum Column {
    /// A column of the table, by its name (one of `DECLARED`).
    Own(&'static str),
    /// A custom value, by key, in the `custom` column.
    Custom(String),
}

/// The deal's fields a filter reads that are columns of their own, by the same name.
const DECLARED: &[&str] = &[
    "title",
    "customer_name",
    "company_name",
    "email",
    "phone",
    "expected_revenue",
    "probability",
    "stage_id",
    "priority",
    "salesperson_id",
    "expected_close",
    "lost",
    "lost_reason_id",
    "lost_note",
    "team_id",
    "tag_ids",
    "contact_id",
    "company_id",
    "lead",
    "description",
    "campaign_id",
    "source_id",
    "created_on",
    "closed_on",
    "score",
    "qualification",
    "mql_on",
    "sql_on",
    "returned_reason",
    "country",
    "province",
    "postcode",
    "language",
];

/// The ids of the live deals of the organisation `filter` keeps, as read in `cx`, in id order.
pub async fn kept_deals(
    conn: &mut PgConnection,
    org_id: Uuid,
    filter: &Filter,
    cx: &crate::domain::filter::Context<'_>,
) -> Result<Vec<Uuid>, DbError> {
    let compiled = filter.compile("opportunity", cx);
    let formulas = Formulas::of(cx.store, "opportunity");
    let mut query =
        QueryBuilder::<Postgres>::new("SELECT o.id FROM opportunities o WHERE o.org_id = ");
    query.push_bind(org_id);
    query.push(" AND NOT o.deleted AND ");
    push_filter(&mut query, &compiled, &formulas)?;
    query.push(" ORDER BY o.id");
    Ok(query.build_query_scalar().fetch_all(conn).await?)
}

fn push_filter(
    q: &mut QueryBuilder<'_, Postgres>,
    c: &Compiled,
    formulas: &Formulas,
) -> Result<(), DbError> {
    if c.is_empty() {
        q.push("TRUE");
        return Ok(());
    }
    q.push("(");
    let joiner = if c.any() { " OR " } else { " AND " };
    for (i, test) in c.tests().iter().enumerate() {
        if i > 0 {
            q.push(joiner);
        }
        push_test(q, test, formulas)?;
    }
    for (i, group) in c.groups().iter().enumerate() {
        if i > 0 || !c.tests().is_empty() {
            q.push(joiner);
        }
        push_filter(q, group, formulas)?;
    }
    q.push(")");
    Ok(())
}

fn column(field: &str, formulas: &Formulas) -> Result<Column, DbError> {
    if formulas.has(field) {
        return Err(DbError::Invalid(format!(
            "{field} is a formula: it is computed in Rust, not in SQL"
        )));
    }
    if custom_field::is_custom(field) {
        return Ok(Column::Custom(field.to_string()));
    }
    DECLARED
        .iter()
        .find(|name| **name == field)
        .map(|name| Column::Own(name))
        .ok_or_else(|| DbError::Invalid(format!("deals have no column {field}")))
}

/// The value as JSON (`jsonb`), for a custom one.
fn push_json(q: &mut QueryBuilder<'_, Postgres>, key: &str) {
    q.push("(o.custom -> ");
    q.push_bind(key.to_string());
    q.push(")");
}

/// The value as text.
fn push_text(q: &mut QueryBuilder<'_, Postgres>, col: &Column) {
    match col {
        Column::Own(name) => {
            q.push(format!("o.{name}"));
        }
        Column::Custom(key) => {
            q.push("(o.custom ->> ");
            q.push_bind(key.clone());
            q.push(")");
        }
    }
}

fn push_test(
    q: &mut QueryBuilder<'_, Postgres>,
    test: &Test,
    formulas: &Formulas,
) -> Result<(), DbError> {
    if let Check::Linked { .. } = test.check {
        // Its ids were worked out from the copy the filter was compiled with, which on the
        // server is not the whole organisation.
        return Err(DbError::Invalid(format!(
            "{} reaches across links: read on the browser's copy, not in SQL",
            test.field
        )));
    }
    let col = column(&test.field, formulas)?;
    match &test.check {
        Check::Empty(empty) => {
            q.push(if *empty { "(" } else { "NOT (" });
            match (&col, &test.shape) {
                (Column::Custom(key), _) => {
                    q.push("CASE coalesce(jsonb_typeof(");
                    push_json(q, key);
                    q.push("), 'null') WHEN 'null' THEN TRUE WHEN 'string' THEN btrim(");
                    push_json(q, key);
                    q.push(" #>> '{}') = '' WHEN 'array' THEN jsonb_array_length(");
                    push_json(q, key);
                    q.push(") = 0 ELSE FALSE END");
                }
                (Column::Own(name), Shape::Text) => {
                    q.push(format!("btrim(coalesce(o.{name}, '')) = ''"));
                }
                (Column::Own(name), Shape::Links(_)) => {
                    q.push(format!("cardinality(o.{name}) = 0"));
                }
                (Column::Own(name), _) => {
                    q.push(format!("o.{name} IS NULL"));
                }
            }
            q.push(")");
        }
        Check::Text { op, text } => {
            q.push("coalesce(");
            match op {
                Op::Contains | Op::Excludes => {
                    q.push("strpos(rapport_fold_words(coalesce(");
                    push_text(q, &col);
                    q.push(", '')), ");
                    q.push_bind(text.clone());
                    q.push(if *op == Op::Contains {
                        ") > 0"
                    } else {
                        ") = 0"
                    });
                }
                _ => {
                    q.push("rapport_fold_words(coalesce(");
                    push_text(q, &col);
                    q.push(", '')) ");
                    q.push(if *op == Op::Is { "=" } else { "<>" });
                    q.push(" ");
                    q.push_bind(text.clone());
                }
            }
            q.push(", FALSE)");
        }
        Check::Number { op, low, high } => {
            // Empty is no number: unequal to any, neither less nor more.
            q.push("coalesce(");
            push_number(q, test, &col);
            match op {
                Op::Is => q.push(" = "),
                Op::IsNot => q.push(" <> "),
                Op::Less => q.push(" < "),
                Op::More => q.push(" > "),
                _ => q.push(" BETWEEN "),
            };
            q.push_bind(*low);
            q.push("::numeric");
            if !matches!(op, Op::Is | Op::IsNot | Op::Less | Op::More) {
                q.push(" AND ");
                q.push_bind(*high);
                q.push("::numeric");
            }
            q.push(if *op == Op::IsNot {
                ", TRUE)"
            } else {
                ", FALSE)"
            });
        }
        Check::Date { op, low, high } => {
            q.push("coalesce(");
            match &col {
                Column::Own(name) => {
                    q.push(format!("o.{name}"));
                }
                Column::Custom(key) => {
                    q.push("left(o.custom ->> ");
                    q.push_bind(key.clone());
                    q.push(", 10)::date");
                }
            }
            match op {
                Op::Less => {
                    q.push(" < ");
                    q.push_bind(*low);
                }
                Op::More => {
                    q.push(" > ");
                    q.push_bind(*high);
                }
                _ => {
                    q.push(" BETWEEN ");
                    q.push_bind(*low);
                    q.push(" AND ");
                    q.push_bind(*high);
                }
            }
            q.push(", FALSE)");
        }
        Check::YesNo(yes) => {
            q.push("(coalesce(");
            match &col {
                Column::Own(name) => {
                    q.push(format!("o.{name}"));
                }
                Column::Custom(key) => {
                    q.push("(o.custom ->> ");
                    q.push_bind(key.clone());
                    q.push(")::boolean");
                }
            }
            q.push(", FALSE) = ");
            q.push_bind(*yes);
            q.push(")");
        }
        Check::Linked { .. } => {}
        Check::Ids { keep, ids } => {
            let ids: Vec<String> = ids.iter().cloned().collect();
            q.push("(coalesce(");
            match (&col, &test.shape) {
                (Column::Own(name), Shape::Links(_)) => {
                    q.push(format!("o.{name}::text[] && "));
                    q.push_bind(ids);
                }
                (Column::Own(name), _) => {
                    q.push(format!("o.{name}::text = ANY("));
                    q.push_bind(ids);
                    q.push(")");
                }
                (Column::Custom(key), Shape::Choices(_) | Shape::Links(_)) => {
                    push_json(q, key);
                    q.push(" ?| ");
                    q.push_bind(ids);
                }
                (Column::Custom(key), _) => {
                    q.push("(o.custom ->> ");
                    q.push_bind(key.clone());
                    q.push(") = ANY(");
                    q.push_bind(ids);
                    q.push(")");
                }
            }
            q.push(", FALSE) = ");
            q.push_bind(*keep);
            q.push(")");
        }
    }
    Ok(())
}

/// A number's value; an amount's in the organisation's currency (major units), converted at
/// its rates and rounded to its minor unit half away from zero as the browser does (NULL
/// without a rate).
fn push_number(q: &mut QueryBuilder<'_, Postgres>, test: &Test, col: &Column) {
    let Some(settings) = &test.money else {
        match col {
            Column::Own(name) => {
                q.push(format!("o.{name}::numeric"));
            }
            Column::Custom(key) => {
                q.push("(o.custom ->> ");
                q.push_bind(key.clone());
                q.push(")::numeric");
            }
        }
        return;
    };
    let (minor, currency) = match col {
        Column::Own(_) => (
            "o.expected_revenue::numeric".to_string(),
            "o.currency".to_string(),
        ),
        Column::Custom(_) => (String::new(), String::new()),
    };
    let push_amount = |q: &mut QueryBuilder<'_, Postgres>, part: &str| match col {
        Column::Own(_) => {
            q.push(if part == "minor" { &minor } else { &currency });
        }
        Column::Custom(key) => {
            q.push("(o.custom -> ");
            q.push_bind(key.clone());
            q.push(format!(" ->> '{part}')"));
            if part == "minor" {
                q.push("::numeric");
            }
        }
    };
    let org = settings.currency;
    let scale = 10f64.powi(org.exponent() as i32);
    q.push("(CASE ");
    push_amount(q, "currency");
    q.push(format!(" WHEN '{}' THEN ", org.code()));
    push_amount(q, "minor");
    for rate in &settings.rates {
        q.push(format!(" WHEN '{}' THEN round(", rate.currency.code()));
        push_amount(q, "minor");
        q.push(format!(
            " * {} * {} / ({} * {RATE_SCALE}))",
            rate.scaled,
            10i64.pow(org.exponent()),
            10i64.pow(rate.currency.exponent())
        ));
    }
    q.push(format!(" END / {scale})"));
}
