//! Formula fields: a custom field whose value is computed from the record's other fields, its
//! custom ones included, and from the records it links to (`contact.company.x_country`). The
//! admin writes it as in a spreadsheet: `x_price * x_quantity`, `if(probability >= 50, "hot",
//! "cold")`, `days_between(created_on, today())`.
//!
//! Our own small language rather than an expression crate: a formula is checked when the admin
//! saves it (an unknown name, a wrong type, a cycle through other formulas), each problem said
//! in the reader's language, with types a CRM needs (days, amounts in their currency's units,
//! options by their labels) and paths over links; the crates we looked at (evalexpr and the
//! like) type values only while evaluating and know no days. The same code runs in the browser
//! and on the server, so a formula shows offline and what it filters agrees everywhere.
//!
//! An empty value stays empty through arithmetic (`x_price * 2` of no price is no value), is
//! unequal to any value and neither smaller nor larger; a yes/no left empty is no. Dividing by
//! zero gives no value rather than an error.

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::custom_field::{self, Choice, CustomType};
use super::field::FieldType;
use super::money::Money;
use super::{Record, RuleError, Store};

/// The longest formula, in characters.
pub const MAX_SOURCE: usize = 1000;
/// How deep parentheses and calls may nest.
const MAX_DEPTH: usize = 40;
/// How many formulas a formula may go through (each naming the next).
const MAX_CHAIN: usize = 10;

/// What a formula gives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Type {
    #[default]
    Number,
    Text,
    YesNo,
    Date,
}

impl Type {
    /// Its name in refusals (the reader's language says it).
    pub fn name(self) -> &'static str {
        match self {
            Type::Number => "number",
            Type::Text => "text",
            Type::YesNo => "yes_no",
            Type::Date => "date",
        }
    }
}

/// A value computed.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Number(f64),
    Text(String),
    YesNo(bool),
    Date(NaiveDate),
}

impl Val {
    /// As text joined into other text: numbers without trailing zeros, days as 2026-12-04.
    fn text(&self) -> String {
        match self {
            Val::Number(n) => plain_number(*n),
            Val::Text(t) => t.clone(),
            Val::YesNo(b) => if *b { "true" } else { "false" }.into(),
            Val::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// As a record's JSON holds a value of the field type it reads as (a number field's, a
    /// date field's…).
    pub fn to_json(&self) -> Value {
        match self {
            Val::Number(n) => custom_field::number_value((n * 1e9).round() / 1e9),
            Val::Text(t) => Value::String(t.clone()),
            Val::YesNo(b) => Value::Bool(*b),
            Val::Date(d) => Value::String(d.format("%Y-%m-%d").to_string()),
        }
    }
}

/// A number written plainly: `12`, `12.5`, never `12.000000001`.
fn plain_number(n: f64) -> String {
    let rounded = (n * 1e9).round() / 1e9;
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

// ---------------------------------------------------------------------------------------------
// Reading: characters to tokens to a tree.

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Number(f64),
    Text(String),
    Name(String),
    /// A field named by its label in braces: `{Deal margin}`.
    Label(String),
    Op(&'static str),
    Open,
    Close,
    Comma,
    Dot,
    End,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    /// Where it starts and ends, in characters.
    span: (usize, usize),
}

/// The operators, longest first so `<=` is not read as `<`.
const OPS: [(&str, &str); 21] = [
    ("<=", "<="),
    (">=", ">="),
    ("<>", "!="),
    ("!=", "!="),
    ("==", "="),
    ("&&", "and"),
    ("||", "or"),
    ("≠", "!="),
    ("≤", "<="),
    ("≥", ">="),
    ("×", "*"),
    ("÷", "/"),
    ("=", "="),
    ("<", "<"),
    (">", ">"),
    ("+", "+"),
    ("-", "-"),
    ("*", "*"),
    ("/", "/"),
    ("&", "&"),
    ("!", "not"),
];

/// A digit of any of our languages' scripts (Persian and Arabic-Indic ones too), as 0–9.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        _ => None,
    }
}

fn tokens(source: &str) -> Result<Vec<Token>, RuleError> {
    let chars: Vec<char> = source.chars().collect();
    let syntax = |at: usize| syntax_error(&chars, at);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = if digit(c).is_some() {
            let mut text = String::new();
            while i < chars.len() {
                if let Some(d) = digit(chars[i]) {
                    text.push(char::from_digit(d, 10).unwrap_or('0'));
                } else if matches!(chars[i], '.' | '٫')
                    && !text.contains('.')
                    && chars.get(i + 1).and_then(|c| digit(*c)).is_some()
                {
                    text.push('.');
                } else {
                    break;
                }
                i += 1;
            }
            Tok::Number(text.parse().map_err(|_| syntax(start))?)
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            Tok::Name(chars[start..i].iter().collect())
        } else if let Some(close) = match c {
            '"' => Some('"'),
            '\'' => Some('\''),
            '“' => Some('”'),
            '«' => Some('»'),
            _ => None,
        } {
            // A quote inside is written twice: "say ""hi""".
            let mut text = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(syntax(start)),
                    Some(&q) if q == close && chars.get(i + 1) == Some(&close) && close == c => {
                        text.push(q);
                        i += 2;
                    }
                    Some(&q) if q == close => {
                        i += 1;
                        break;
                    }
                    Some(&other) => {
                        text.push(other);
                        i += 1;
                    }
                }
            }
            Tok::Text(text)
        } else if c == '{' {
            let Some(end) = chars[i..].iter().position(|&c| c == '}') else {
                return Err(syntax(start));
            };
            let label: String = chars[i + 1..i + end].iter().collect();
            i += end + 1;
            Tok::Label(label.trim().to_string())
        } else {
            i += 1;
            match c {
                '(' => Tok::Open,
                ')' => Tok::Close,
                ',' | '،' | ';' => Tok::Comma,
                '.' => Tok::Dot,
                _ => {
                    i -= 1;
                    let rest: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                    let Some((written, op)) = OPS.iter().find(|(w, _)| rest.starts_with(w)) else {
                        return Err(syntax(start));
                    };
                    i += written.chars().count();
                    Tok::Op(op)
                }
            }
        };
        out.push(Token {
            tok,
            span: (start, i),
        });
    }
    out.push(Token {
        tok: Tok::End,
        span: (chars.len(), chars.len()),
    });
    Ok(out)
}

fn syntax_error(chars: &[char], at: usize) -> RuleError {
    RuleError::FormulaSyntax {
        at: at + 1,
        near: chars[at.min(chars.len())..].iter().take(20).collect(),
    }
}

/// A formula as read, before its names are looked up.
#[derive(Debug, Clone)]
enum Ast {
    Number(f64),
    Text(String),
    YesNo(bool),
    /// `company.name`: names joined by dots.
    Path(Vec<String>),
    Label(String),
    Unary(&'static str, Box<Node>),
    Binary(&'static str, Box<Node>, Box<Node>),
    Call(String, Vec<Node>),
}

#[derive(Debug, Clone)]
struct Node {
    ast: Ast,
    span: (usize, usize),
}

struct Parser<'a> {
    tokens: Vec<Token>,
    next: usize,
    chars: &'a [char],
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        &self.tokens[self.next].tok
    }

    fn take(&mut self) -> Token {
        let t = self.tokens[self.next].clone();
        if self.next + 1 < self.tokens.len() {
            self.next += 1;
        }
        t
    }

    fn fail(&self) -> RuleError {
        syntax_error(self.chars, self.tokens[self.next].span.0)
    }

    fn expect(&mut self, tok: Tok) -> Result<Token, RuleError> {
        if *self.peek() == tok {
            Ok(self.take())
        } else {
            Err(self.fail())
        }
    }

    /// Whether the next token is the word (`and`, `or`, `not`), in any case.
    fn word(&self, word: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n.eq_ignore_ascii_case(word))
    }

    fn operator(&self, ops: &[&'static str]) -> Option<&'static str> {
        match self.peek() {
            Tok::Op(op) if ops.contains(op) => Some(op),
            Tok::Name(_) => ops.iter().copied().find(|w| self.word(w)),
            _ => None,
        }
    }

    fn binary(
        &mut self,
        ops: &[&'static str],
        next: fn(&mut Self) -> Result<Node, RuleError>,
        chained: bool,
    ) -> Result<Node, RuleError> {
        let mut left = next(self)?;
        while let Some(op) = self.operator(ops) {
            self.take();
            let right = next(self)?;
            let span = (left.span.0, right.span.1);
            left = Node {
                ast: Ast::Binary(op, Box::new(left), Box::new(right)),
                span,
            };
            if !chained {
                break;
            }
        }
        Ok(left)
    }

    fn or(&mut self) -> Result<Node, RuleError> {
        self.binary(&["or"], Self::and, true)
    }

    fn and(&mut self) -> Result<Node, RuleError> {
        self.binary(&["and"], Self::not, true)
    }

    fn not(&mut self) -> Result<Node, RuleError> {
        if self.operator(&["not"]).is_some() {
            let start = self.take().span.0;
            let inner = self.nested(Self::not)?;
            let span = (start, inner.span.1);
            return Ok(Node {
                ast: Ast::Unary("not", Box::new(inner)),
                span,
            });
        }
        self.compare()
    }

    fn compare(&mut self) -> Result<Node, RuleError> {
        // `a < b < c` is refused rather than read as `(a < b) < c`.
        self.binary(&["=", "!=", "<", "<=", ">", ">="], Self::join, false)
    }

    fn join(&mut self) -> Result<Node, RuleError> {
        self.binary(&["&"], Self::sum, true)
    }

    fn sum(&mut self) -> Result<Node, RuleError> {
        self.binary(&["+", "-"], Self::product, true)
    }

    fn product(&mut self) -> Result<Node, RuleError> {
        self.binary(&["*", "/"], Self::unary, true)
    }

    fn unary(&mut self) -> Result<Node, RuleError> {
        if let Tok::Op(op @ ("-" | "+")) = self.peek() {
            let op = *op;
            let start = self.take().span.0;
            let inner = self.nested(Self::unary)?;
            let span = (start, inner.span.1);
            return Ok(if op == "-" {
                Node {
                    ast: Ast::Unary("-", Box::new(inner)),
                    span,
                }
            } else {
                inner
            });
        }
        self.primary()
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Node, RuleError>) -> Result<Node, RuleError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.fail());
        }
        let node = f(self);
        self.depth -= 1;
        node
    }

    fn primary(&mut self) -> Result<Node, RuleError> {
        let token = self.take();
        let (start, end) = token.span;
        let ast = match token.tok {
            Tok::Number(n) => Ast::Number(n),
            Tok::Text(t) => Ast::Text(t),
            Tok::Label(l) => Ast::Label(l),
            Tok::Open => {
                let inner = self.nested(Self::or)?;
                let close = self.expect(Tok::Close)?;
                return Ok(Node {
                    ast: inner.ast,
                    span: (start, close.span.1),
                });
            }
            Tok::Name(name) if name.eq_ignore_ascii_case("true") => Ast::YesNo(true),
            Tok::Name(name) if name.eq_ignore_ascii_case("false") => Ast::YesNo(false),
            Tok::Name(name) if *self.peek() == Tok::Open => {
                self.take();
                let mut args = Vec::new();
                if *self.peek() != Tok::Close {
                    loop {
                        args.push(self.nested(Self::or)?);
                        if *self.peek() != Tok::Comma {
                            break;
                        }
                        self.take();
                    }
                }
                let close = self.expect(Tok::Close)?;
                return Ok(Node {
                    ast: Ast::Call(name.to_lowercase(), args),
                    span: (start, close.span.1),
                });
            }
            Tok::Name(name) => {
                let mut path = vec![name];
                let mut end = end;
                while *self.peek() == Tok::Dot {
                    self.take();
                    let next = self.take();
                    let Tok::Name(n) = next.tok else {
                        return Err(syntax_error(self.chars, next.span.0));
                    };
                    path.push(n);
                    end = next.span.1;
                }
                return Ok(Node {
                    ast: Ast::Path(path),
                    span: (start, end),
                });
            }
            _ => return Err(syntax_error(self.chars, start)),
        };
        Ok(Node {
            ast,
            span: (start, end),
        })
    }
}

fn parse(source: &str) -> Result<(Node, Vec<char>), RuleError> {
    let chars: Vec<char> = source.chars().collect();
    if chars.len() > MAX_SOURCE {
        return Err(RuleError::TooLong {
            field: super::field::code("custom_field", "ty"),
            max: MAX_SOURCE,
        });
    }
    if source.trim().is_empty() {
        return Err(RuleError::Required(super::field::code(
            "custom_field",
            "ty",
        )));
    }
    let mut parser = Parser {
        tokens: tokens(source)?,
        next: 0,
        chars: &chars,
        depth: 0,
    };
    let node = parser.or()?;
    if *parser.peek() != Tok::End {
        return Err(parser.fail());
    }
    Ok((node, chars))
}

// ---------------------------------------------------------------------------------------------
// Checking: names looked up, types worked out, the tree made ready to evaluate.

/// How a field's stored value reads in a formula.
#[derive(Debug, Clone)]
enum Leaf {
    Text,
    Number,
    /// An amount: in its currency's units (12,50 € reads 12.5).
    Money,
    /// A day, or a day and time (its day).
    Date,
    YesNo,
    /// An option's id read as its label.
    Choice(Vec<Choice>),
    /// Options' ids read as their labels, joined.
    Choices(Vec<Choice>),
    /// A link read as what the record is called.
    Name,
    /// Another formula, evaluated on the record reached.
    Formula(Box<Expr>),
}

/// One step of a path: the link followed and the kind it reaches.
#[derive(Debug, Clone)]
struct Hop {
    field: String,
    kind: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    Round,
    Floor,
    Ceil,
    Abs,
    Min,
    Max,
    DaysBetween,
    AddDays,
    AddMonths,
    Today,
    Year,
    Month,
    Day,
    Date,
    Concat,
    Len,
    Upper,
    Lower,
    Trim,
    Contains,
    Text,
    IsEmpty,
    Coalesce,
}

/// The functions by name, with how many values each takes (at least, at most).
const FUNCTIONS: [(&str, Func, usize, usize); 23] = [
    ("round", Func::Round, 1, 2),
    ("floor", Func::Floor, 1, 1),
    ("ceil", Func::Ceil, 1, 1),
    ("abs", Func::Abs, 1, 1),
    ("min", Func::Min, 1, 20),
    ("max", Func::Max, 1, 20),
    ("days_between", Func::DaysBetween, 2, 2),
    ("add_days", Func::AddDays, 2, 2),
    ("add_months", Func::AddMonths, 2, 2),
    ("today", Func::Today, 0, 0),
    ("year", Func::Year, 1, 1),
    ("month", Func::Month, 1, 1),
    ("day", Func::Day, 1, 1),
    ("date", Func::Date, 3, 3),
    ("concat", Func::Concat, 1, 20),
    ("len", Func::Len, 1, 1),
    ("upper", Func::Upper, 1, 1),
    ("lower", Func::Lower, 1, 1),
    ("trim", Func::Trim, 1, 1),
    ("contains", Func::Contains, 2, 2),
    ("text", Func::Text, 1, 1),
    ("is_empty", Func::IsEmpty, 1, 1),
    ("coalesce", Func::Coalesce, 1, 20),
];

/// What the language offers, for Settings' help: the functions' names.
pub fn function_names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|(n, ..)| *n).chain(["if"])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    /// A day and a number of days.
    DayPlus,
    DayMinus,
    /// Days from one day to another.
    DaysApart,
    Join,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone)]
enum Expr {
    Const(Val),
    Field {
        hops: Vec<Hop>,
        name: String,
        leaf: Leaf,
    },
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Arith(Arith, Box<Expr>, Box<Expr>),
    Compare(Cmp, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    Call(Func, Vec<Expr>),
}

impl Expr {
    /// Each node of it, this one first (a formula a field reads is not gone into).
    fn each(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        match self {
            Expr::Const(_) | Expr::Field { .. } => {}
            Expr::Neg(e) | Expr::Not(e) => e.each(f),
            Expr::Arith(_, a, b) | Expr::Compare(_, a, b) | Expr::And(a, b) | Expr::Or(a, b) => {
                a.each(f);
                b.each(f);
            }
            Expr::If(test, then, otherwise) => {
                test.each(f);
                then.each(f);
                if let Some(e) = otherwise {
                    e.each(f);
                }
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.each(f)),
        }
    }

    /// The kinds of the records it reaches through links (a formula it reads there included),
    /// each once, into `into`.
    fn reaches(&self, into: &mut Vec<String>) {
        self.each(&mut |e| {
            let Expr::Field { hops, leaf, .. } = e else {
                return;
            };
            for hop in hops {
                if !into.contains(&hop.kind) {
                    into.push(hop.kind.clone());
                }
            }
            if let Leaf::Formula(expr) = leaf {
                expr.reaches(into);
            }
        });
    }

    /// The record's own fields it reads (a link's field for a field reached through it), each
    /// once, into `into`.
    fn reads(&self, into: &mut Vec<String>) {
        self.each(&mut |e| {
            let Expr::Field { hops, name, leaf } = e else {
                return;
            };
            let read = hops.first().map_or(name.as_str(), |hop| hop.field.as_str());
            if !into.iter().any(|n| n == read) {
                into.push(read.to_string());
            }
            // A formula of this record read by it reads this record's fields too.
            if let (None, Leaf::Formula(expr)) = (hops.first(), leaf) {
                expr.reads(into);
            }
        });
    }
}

/// A formula checked and ready to compute.
#[derive(Debug, Clone)]
pub struct Formula {
    expr: Expr,
    pub ty: Type,
}

/// The field being saved: its formula is read from here rather than from the store.
struct Saving<'a> {
    kind: &'a str,
    key: &'a str,
    source: &'a str,
}

struct Checker<'a> {
    store: &'a Store,
    saving: Option<Saving<'a>>,
    /// The formulas being checked, outermost first: `kind.key`.
    through: Vec<String>,
}

impl Formula {
    /// The formula `source` of a custom field of `kind`, checked against the store's fields.
    pub fn compile(source: &str, kind: &str, store: &Store) -> Result<Formula, RuleError> {
        Checker {
            store,
            saving: None,
            through: Vec::new(),
        }
        .formula(source, kind)
    }

    /// The formula of `field` (a formula field) as it would be saved with `source`, checked
    /// with it in place: an unknown name, a wrong type or a cycle through the organisation's
    /// other formulas is refused.
    pub fn check_field(
        field: &custom_field::CustomField,
        source: &str,
        store: &Store,
    ) -> Result<Formula, RuleError> {
        Formula::of_field_saving(field, store, Some((field, source)))
    }

    /// A formula field's formula as saved, checked against the store (a cycle back to itself
    /// included).
    pub fn of_field(
        field: &custom_field::CustomField,
        store: &Store,
    ) -> Result<Formula, RuleError> {
        Formula::of_field_saving(field, store, None)
    }

    /// A formula field's formula, checked as if `saving` (a formula field and its new formula)
    /// were saved.
    pub fn of_field_saving(
        field: &custom_field::CustomField,
        store: &Store,
        saving: Option<(&custom_field::CustomField, &str)>,
    ) -> Result<Formula, RuleError> {
        let source = match (saving, &field.ty) {
            (Some((s, source)), _) if s.id == field.id => source,
            (_, CustomType::Formula { expression, .. }) => expression.as_str(),
            _ => return Err(RuleError::Malformed(format!("{} is no formula", field.key))),
        };
        Checker {
            store,
            saving: saving.map(|(f, source)| Saving {
                kind: &f.of,
                key: &f.key,
                source,
            }),
            through: vec![format!("{}.{}", field.of, field.key)],
        }
        .formula(source, &field.of)
    }

    /// The formula's value for a record, given its fields (`fields_of`); `None`: empty.
    pub fn evaluate(&self, fields: &dyn Fields, cx: &Context) -> Option<Val> {
        eval(&self.expr, fields, cx)
    }
}

/// A kind's formula fields, checked once for many records: what a list, a card or an export
/// computes its formula values with.
pub struct Formulas {
    fields: Vec<(String, Result<Formula, RuleError>)>,
    /// The record's fields they read, taken from a record in one pass (`filter::pick`).
    reads: Vec<String>,
}

impl Formulas {
    /// The live formula fields of `kind`, each checked against the store as it is now.
    pub fn of(store: &Store, kind: &str) -> Formulas {
        let fields: Vec<(String, Result<Formula, RuleError>)> = custom_field::of_kind(store, kind)
            .into_iter()
            .filter(|f| matches!(f.ty, CustomType::Formula { .. }))
            .map(|f| (f.key.clone(), Formula::of_field(f, store)))
            .collect();
        let mut reads = Vec::new();
        for formula in fields.iter().filter_map(|(_, f)| f.as_ref().ok()) {
            formula.expr.reads(&mut reads);
        }
        Formulas { fields, reads }
    }

    /// The record's fields these formulas read.
    pub fn reads(&self) -> &[String] {
        &self.reads
    }

    /// The kinds of the records these formulas read through links, each once, into `into`.
    pub fn reaches(&self, into: &mut Vec<String>) {
        for formula in self.fields.iter().filter_map(|(_, f)| f.as_ref().ok()) {
            formula.expr.reaches(into);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The value of the formula `key` for `record` (`None`: it computes nothing).
    pub fn value_of<T: Serialize>(&self, key: &str, record: &T, cx: &Context) -> Option<Value> {
        self.value_in(key, &super::filter::pick(record, &self.reads), cx)
    }

    /// The value of the formula `key` for the record whose fields are `fields`.
    pub fn value_in(&self, key: &str, fields: &dyn Fields, cx: &Context) -> Option<Value> {
        let (_, formula) = self.fields.iter().find(|(k, _)| k == key)?;
        let value = formula.as_ref().ok()?.evaluate(fields, cx)?;
        Some(value.to_json())
    }

    /// A record's custom values with its formula values laid over them, read from the record
    /// field by field (`lay_over`, without writing the record out).
    pub fn lay_over_record<'v, T: Serialize>(
        &self,
        record: &T,
        values: &'v custom_field::CustomValues,
        cx: &Context,
    ) -> std::borrow::Cow<'v, custom_field::CustomValues> {
        if self.fields.is_empty() {
            return std::borrow::Cow::Borrowed(values);
        }
        let fields = super::filter::pick_beside(record, &self.reads, values);
        let mut all = values.clone();
        for (key, formula) in &self.fields {
            match formula.as_ref().ok().and_then(|f| f.evaluate(&fields, cx)) {
                Some(v) => {
                    all.insert(key.clone(), v.to_json());
                }
                None => {
                    all.remove(key);
                }
            }
        }
        std::borrow::Cow::Owned(all)
    }

    /// Whether `key` is one of these formula fields.
    pub fn has(&self, key: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == key)
    }

    /// Why the formula of `key` computes nothing (a field it names was deleted since…).
    pub fn problem(&self, key: &str) -> Option<&RuleError> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, f)| f.as_ref().err())
    }

    /// A record's custom values with its formula values laid over them (an empty one left out);
    /// `fields`: the record's fields (`fields_of`), asked for only when there is a formula.
    pub fn lay_over<'v>(
        &self,
        values: &'v custom_field::CustomValues,
        fields: impl FnOnce() -> Map<String, Value>,
        cx: &Context,
    ) -> std::borrow::Cow<'v, custom_field::CustomValues> {
        if self.fields.is_empty() {
            return std::borrow::Cow::Borrowed(values);
        }
        let fields = fields();
        let mut all = values.clone();
        for (key, formula) in &self.fields {
            match formula.as_ref().ok().and_then(|f| f.evaluate(&fields, cx)) {
                Some(v) => {
                    all.insert(key.clone(), v.to_json());
                }
                None => {
                    all.remove(key);
                }
            }
        }
        std::borrow::Cow::Owned(all)
    }
}

/// Where a formula reads a record's fields: its JSON (`fields_of`), or the record itself, one
/// the fields its formulas read at once (`filter::Picked`: no record is written out whole to compute
/// a formula).
pub trait Fields {
    fn field(&self, name: &str) -> Option<std::borrow::Cow<'_, Value>>;
}

impl Fields for Map<String, Value> {
    fn field(&self, name: &str) -> Option<std::borrow::Cow<'_, Value>> {
        self.get(name).map(std::borrow::Cow::Borrowed)
    }
}

/// What a formula is computed with, beside its record.
pub struct Context<'a> {
    pub store: &'a Store,
    /// Today where the formula is read (the browser's day; the organisation's on the server).
    pub today: NaiveDate,
}

/// A record's fields as formulas read them: its JSON, with its custom values as fields of
/// their own.
pub fn fields_of<T: Serialize>(record: &T) -> Map<String, Value> {
    let mut map = match serde_json::to_value(record) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    custom_field::expand(&mut map);
    map
}

fn type_error(chars: &[char], node: &Node, expected: &[Type], found: Type) -> RuleError {
    RuleError::FormulaType {
        near: near(chars, node),
        expected: expected
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>()
            .join("|"),
        found: found.name().into(),
    }
}

fn near(chars: &[char], node: &Node) -> String {
    chars[node.span.0..node.span.1.min(chars.len())]
        .iter()
        .take(40)
        .collect()
}

impl<'a> Checker<'a> {
    fn formula(&mut self, source: &str, kind: &str) -> Result<Formula, RuleError> {
        let (node, chars) = parse(source)?;
        let (expr, ty) = self.check(&node, &chars, kind)?;
        Ok(Formula { expr, ty })
    }

    fn check(
        &mut self,
        node: &Node,
        chars: &[char],
        kind: &str,
    ) -> Result<(Expr, Type), RuleError> {
        let want = |this: &mut Self, n: &Node, ty: Type| -> Result<Expr, RuleError> {
            let (e, t) = this.check(n, chars, kind)?;
            if t == ty {
                Ok(e)
            } else {
                Err(type_error(chars, n, &[ty], t))
            }
        };
        Ok(match &node.ast {
            Ast::Number(n) => (Expr::Const(Val::Number(*n)), Type::Number),
            Ast::Text(t) => (Expr::Const(Val::Text(t.clone())), Type::Text),
            Ast::YesNo(b) => (Expr::Const(Val::YesNo(*b)), Type::YesNo),
            Ast::Path(path) => self.path(kind, path, &near(chars, node))?,
            Ast::Label(label) => {
                let name = self
                    .field_by_label(kind, label)
                    .ok_or_else(|| RuleError::FormulaUnknownName(format!("{{{label}}}")))?;
                self.path(kind, &[name], &near(chars, node))?
            }
            Ast::Unary("-", inner) => (
                Expr::Neg(Box::new(want(self, inner, Type::Number)?)),
                Type::Number,
            ),
            Ast::Unary(_, inner) => (
                Expr::Not(Box::new(want(self, inner, Type::YesNo)?)),
                Type::YesNo,
            ),
            Ast::Binary(op, l, r) => {
                let (le, lt) = self.check(l, chars, kind)?;
                let (re, rt) = self.check(r, chars, kind)?;
                let (le, re) = (Box::new(le), Box::new(re));
                let numbers = || -> Result<(), RuleError> {
                    if lt != Type::Number {
                        return Err(type_error(chars, l, &[Type::Number], lt));
                    }
                    if rt != Type::Number {
                        return Err(type_error(chars, r, &[Type::Number], rt));
                    }
                    Ok(())
                };
                match *op {
                    "and" | "or" => {
                        if lt != Type::YesNo {
                            return Err(type_error(chars, l, &[Type::YesNo], lt));
                        }
                        if rt != Type::YesNo {
                            return Err(type_error(chars, r, &[Type::YesNo], rt));
                        }
                        let e = if *op == "and" {
                            Expr::And(le, re)
                        } else {
                            Expr::Or(le, re)
                        };
                        (e, Type::YesNo)
                    }
                    "&" => (Expr::Arith(Arith::Join, le, re), Type::Text),
                    "+" => match (lt, rt) {
                        (Type::Number, Type::Number) => {
                            (Expr::Arith(Arith::Add, le, re), Type::Number)
                        }
                        (Type::Date, Type::Number) => {
                            (Expr::Arith(Arith::DayPlus, le, re), Type::Date)
                        }
                        (Type::Number, Type::Date) => {
                            (Expr::Arith(Arith::DayPlus, re, le), Type::Date)
                        }
                        (Type::Text, Type::Text) => (Expr::Arith(Arith::Join, le, re), Type::Text),
                        (Type::Date, _) => return Err(type_error(chars, r, &[Type::Number], rt)),
                        (Type::Number, _) => {
                            return Err(type_error(chars, r, &[Type::Number, Type::Date], rt));
                        }
                        _ => return Err(type_error(chars, l, &[Type::Number, Type::Date], lt)),
                    },
                    "-" => match (lt, rt) {
                        (Type::Number, Type::Number) => {
                            (Expr::Arith(Arith::Sub, le, re), Type::Number)
                        }
                        (Type::Date, Type::Number) => {
                            (Expr::Arith(Arith::DayMinus, le, re), Type::Date)
                        }
                        (Type::Date, Type::Date) => {
                            (Expr::Arith(Arith::DaysApart, re, le), Type::Number)
                        }
                        (Type::Date, _) => {
                            return Err(type_error(chars, r, &[Type::Number, Type::Date], rt));
                        }
                        (Type::Number, _) => return Err(type_error(chars, r, &[Type::Number], rt)),
                        _ => return Err(type_error(chars, l, &[Type::Number, Type::Date], lt)),
                    },
                    "*" | "/" => {
                        numbers()?;
                        let a = if *op == "*" { Arith::Mul } else { Arith::Div };
                        (Expr::Arith(a, le, re), Type::Number)
                    }
                    cmp => {
                        let ordered = cmp != "=" && cmp != "!=";
                        if ordered && lt == Type::YesNo {
                            return Err(type_error(
                                chars,
                                l,
                                &[Type::Number, Type::Text, Type::Date],
                                lt,
                            ));
                        }
                        if rt != lt {
                            return Err(type_error(chars, r, &[lt], rt));
                        }
                        let c = match cmp {
                            "=" => Cmp::Eq,
                            "!=" => Cmp::Ne,
                            "<" => Cmp::Lt,
                            "<=" => Cmp::Le,
                            ">" => Cmp::Gt,
                            _ => Cmp::Ge,
                        };
                        (Expr::Compare(c, le, re), Type::YesNo)
                    }
                }
            }
            Ast::Call(name, args) if name == "if" => {
                if !(2..=3).contains(&args.len()) {
                    return Err(RuleError::FormulaArguments {
                        function: "if".into(),
                        min: 2,
                        max: 3,
                    });
                }
                let cond = want(self, &args[0], Type::YesNo)?;
                let (then, ty) = self.check(&args[1], chars, kind)?;
                let otherwise = match args.get(2) {
                    Some(n) => Some(Box::new(want(self, n, ty)?)),
                    None => None,
                };
                (Expr::If(Box::new(cond), Box::new(then), otherwise), ty)
            }
            Ast::Call(name, args) => {
                let Some(&(_, func, min, max)) = FUNCTIONS.iter().find(|(n, ..)| n == name) else {
                    return Err(RuleError::FormulaUnknownName(format!("{name}()")));
                };
                if args.len() < min || args.len() > max {
                    return Err(RuleError::FormulaArguments {
                        function: name.clone(),
                        min,
                        max,
                    });
                }
                let mut checked = Vec::with_capacity(args.len());
                let mut types = Vec::with_capacity(args.len());
                for a in args {
                    let (e, t) = self.check(a, chars, kind)?;
                    checked.push(e);
                    types.push(t);
                }
                let must = |i: usize, ty: Type| -> Result<(), RuleError> {
                    if types[i] == ty {
                        Ok(())
                    } else {
                        Err(type_error(chars, &args[i], &[ty], types[i]))
                    }
                };
                let ty = match func {
                    Func::Round => {
                        must(0, Type::Number)?;
                        if args.len() == 2 {
                            must(1, Type::Number)?;
                        }
                        Type::Number
                    }
                    Func::Floor | Func::Ceil | Func::Abs => {
                        must(0, Type::Number)?;
                        Type::Number
                    }
                    Func::Min | Func::Max | Func::Coalesce => {
                        let first = types[0];
                        if func != Func::Coalesce && !matches!(first, Type::Number | Type::Date) {
                            return Err(type_error(
                                chars,
                                &args[0],
                                &[Type::Number, Type::Date],
                                first,
                            ));
                        }
                        for i in 1..types.len() {
                            must(i, first)?;
                        }
                        first
                    }
                    Func::DaysBetween => {
                        must(0, Type::Date)?;
                        must(1, Type::Date)?;
                        Type::Number
                    }
                    Func::AddDays | Func::AddMonths => {
                        must(0, Type::Date)?;
                        must(1, Type::Number)?;
                        Type::Date
                    }
                    Func::Today => Type::Date,
                    Func::Year | Func::Month | Func::Day => {
                        must(0, Type::Date)?;
                        Type::Number
                    }
                    Func::Date => {
                        for i in 0..3 {
                            must(i, Type::Number)?;
                        }
                        Type::Date
                    }
                    Func::Concat | Func::Text => Type::Text,
                    Func::Len => {
                        must(0, Type::Text)?;
                        Type::Number
                    }
                    Func::Upper | Func::Lower | Func::Trim => {
                        must(0, Type::Text)?;
                        Type::Text
                    }
                    Func::Contains => {
                        must(0, Type::Text)?;
                        must(1, Type::Text)?;
                        Type::YesNo
                    }
                    Func::IsEmpty => Type::YesNo,
                };
                (Expr::Call(func, checked), ty)
            }
        })
    }

    /// The field a label names, in any of our languages, ignoring case: a custom field's key
    /// or a field's name.
    fn field_by_label(&self, kind: &str, label: &str) -> Option<String> {
        let wanted = label.to_lowercase();
        let same = |s: &str| !s.is_empty() && s.to_lowercase() == wanted;
        if let Some(f) = custom_field::of_kind(self.store, kind)
            .into_iter()
            .find(|f| {
                custom_field::LANGUAGES
                    .iter()
                    .any(|l| same(f.labels.get(l)))
            })
        {
            return Some(f.key.clone());
        }
        Record::fields_of(kind)?
            .iter()
            .find(|f| {
                let l = f.label;
                [l.en, l.vi, l.zh, l.th, l.fa].into_iter().any(same)
            })
            .map(|f| f.name.to_string())
    }

    /// A path of names from a record of `kind`: links followed, the last one read.
    fn path(&mut self, kind: &str, path: &[String], near: &str) -> Result<(Expr, Type), RuleError> {
        let unknown = || RuleError::FormulaUnknownName(near.to_string());
        let mut kind = kind.to_string();
        let mut hops = Vec::new();
        for (i, name) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            let (field, reads) = self.field(&kind, name).ok_or_else(unknown)?;
            match reads {
                Reads::Link(target) if !last => {
                    hops.push(Hop {
                        field,
                        kind: target.clone(),
                    });
                    kind = target;
                }
                Reads::Link(_) => {
                    return Ok((
                        Expr::Field {
                            hops,
                            name: field,
                            leaf: Leaf::Name,
                        },
                        Type::Text,
                    ));
                }
                Reads::Value(..) if !last => return Err(unknown()),
                Reads::Value(leaf, ty) => {
                    return Ok((
                        Expr::Field {
                            hops,
                            name: field,
                            leaf,
                        },
                        ty,
                    ));
                }
                Reads::Formula(source) if last => {
                    let key = format!("{kind}.{field}");
                    if let Some(at) = self.through.iter().position(|k| *k == key) {
                        let mut cycle = self.through[at..].to_vec();
                        cycle.push(key);
                        return Err(RuleError::FormulaCycle(cycle.join(" → ")));
                    }
                    if self.through.len() >= MAX_CHAIN {
                        return Err(RuleError::FormulaCycle(self.through.join(" → ")));
                    }
                    self.through.push(key);
                    let inner = self.formula(&source, &kind);
                    self.through.pop();
                    let inner = inner.map_err(|e| match e {
                        cycle @ RuleError::FormulaCycle(_) => cycle,
                        _ => RuleError::FormulaBroken(field.clone()),
                    })?;
                    return Ok((
                        Expr::Field {
                            hops,
                            name: field,
                            leaf: Leaf::Formula(Box::new(inner.expr)),
                        },
                        inner.ty,
                    ));
                }
                Reads::Formula(_) => return Err(unknown()),
            }
        }
        Err(unknown())
    }

    /// How the field `name` of a record of `kind` reads: `company` for `company_id` too.
    fn field(&self, kind: &str, name: &str) -> Option<(String, Reads)> {
        if kind == "user" {
            return match name {
                "name" | "email" => Some((name.to_string(), Reads::Value(Leaf::Text, Type::Text))),
                _ => None,
            };
        }
        if custom_field::is_custom(name) {
            if let Some(s) = &self.saving
                && s.kind == kind
                && s.key == name
            {
                return Some((name.to_string(), Reads::Formula(s.source.to_string())));
            }
            let field = custom_field::of_kind(self.store, kind)
                .into_iter()
                .find(|f| f.key == name)?;
            let reads = match &field.ty {
                CustomType::Text
                | CustomType::LongText
                | CustomType::Email
                | CustomType::Phone
                | CustomType::Url => Reads::Value(Leaf::Text, Type::Text),
                CustomType::Choice { options } => {
                    Reads::Value(Leaf::Choice(options.clone()), Type::Text)
                }
                CustomType::Choices { options } => {
                    Reads::Value(Leaf::Choices(options.clone()), Type::Text)
                }
                CustomType::Number { .. } | CustomType::Percent => {
                    Reads::Value(Leaf::Number, Type::Number)
                }
                CustomType::Money => Reads::Value(Leaf::Money, Type::Number),
                CustomType::Date | CustomType::DateTime => Reads::Value(Leaf::Date, Type::Date),
                CustomType::YesNo => Reads::Value(Leaf::YesNo, Type::YesNo),
                CustomType::User => Reads::Link("user".into()),
                CustomType::Contact => Reads::Link("contact".into()),
                CustomType::Company => Reads::Link("company".into()),
                CustomType::Formula { expression, .. } => Reads::Formula(expression.clone()),
            };
            return Some((name.to_string(), reads));
        }
        let fields = Record::fields_of(kind)?;
        let field = fields.iter().find(|f| f.name == name).or_else(|| {
            let with_id = format!("{name}_id");
            fields
                .iter()
                .find(|f| f.name == with_id && matches!(f.ty, FieldType::Link(_)))
        })?;
        let reads = match field.ty {
            FieldType::Text
            | FieldType::LongText
            | FieldType::Email
            | FieldType::Phone
            | FieldType::Currency
            | FieldType::Choice(_) => Reads::Value(Leaf::Text, Type::Text),
            FieldType::Money => Reads::Value(Leaf::Money, Type::Number),
            FieldType::Percent | FieldType::Integer => Reads::Value(Leaf::Number, Type::Number),
            FieldType::Date => Reads::Value(Leaf::Date, Type::Date),
            FieldType::YesNo => Reads::Value(Leaf::YesNo, Type::YesNo),
            FieldType::Link(target) => Reads::Link(target.to_string()),
            _ => return None,
        };
        Some((field.name.to_string(), reads))
    }
}

enum Reads {
    Value(Leaf, Type),
    Link(String),
    Formula(String),
}

// ---------------------------------------------------------------------------------------------
// Computing.

fn eval(expr: &Expr, fields: &dyn Fields, cx: &Context) -> Option<Val> {
    let number = |e: &Expr| match eval(e, fields, cx) {
        Some(Val::Number(n)) => Some(n),
        _ => None,
    };
    let day = |e: &Expr| match eval(e, fields, cx) {
        Some(Val::Date(d)) => Some(d),
        _ => None,
    };
    let yes = |e: &Expr| matches!(eval(e, fields, cx), Some(Val::YesNo(true)));
    let finite = |n: f64| n.is_finite().then_some(Val::Number(n));
    match expr {
        Expr::Const(v) => Some(v.clone()),
        Expr::Field { hops, name, leaf } => read(hops, name, leaf, fields, cx),
        Expr::Neg(e) => Some(Val::Number(-number(e)?)),
        Expr::Not(e) => Some(Val::YesNo(!yes(e))),
        Expr::And(a, b) => Some(Val::YesNo(yes(a) && yes(b))),
        Expr::Or(a, b) => Some(Val::YesNo(yes(a) || yes(b))),
        Expr::Arith(op, a, b) => match op {
            Arith::Add => finite(number(a)? + number(b)?),
            Arith::Sub => finite(number(a)? - number(b)?),
            Arith::Mul => finite(number(a)? * number(b)?),
            Arith::Div => {
                let divisor = number(b)?;
                if divisor == 0.0 {
                    return None;
                }
                finite(number(a)? / divisor)
            }
            Arith::DayPlus => add_days(day(a)?, number(b)?),
            Arith::DayMinus => add_days(day(a)?, -number(b)?),
            Arith::DaysApart => Some(Val::Number((day(b)? - day(a)?).num_days() as f64)),
            Arith::Join => {
                let text = |e: &Expr| eval(e, fields, cx).map(|v| v.text()).unwrap_or_default();
                Some(Val::Text(text(a) + &text(b)))
            }
        },
        Expr::Compare(cmp, a, b) => {
            let (a, b) = (eval(a, fields, cx), eval(b, fields, cx));
            let ordering = match (&a, &b) {
                (Some(Val::Number(x)), Some(Val::Number(y))) => x.partial_cmp(y),
                (Some(Val::Text(x)), Some(Val::Text(y))) => {
                    Some(x.to_lowercase().cmp(&y.to_lowercase()))
                }
                (Some(Val::Date(x)), Some(Val::Date(y))) => Some(x.cmp(y)),
                (Some(Val::YesNo(x)), Some(Val::YesNo(y))) => Some(x.cmp(y)),
                _ => None,
            };
            use std::cmp::Ordering::*;
            Some(Val::YesNo(match (cmp, ordering) {
                (Cmp::Eq, Some(o)) => o == Equal,
                (Cmp::Ne, Some(o)) => o != Equal,
                // Empty is unequal to a value, and equal to empty.
                (Cmp::Eq, None) => a.is_none() && b.is_none(),
                (Cmp::Ne, None) => a.is_some() || b.is_some(),
                (Cmp::Lt, Some(o)) => o == Less,
                (Cmp::Le, Some(o)) => o != Greater,
                (Cmp::Gt, Some(o)) => o == Greater,
                (Cmp::Ge, Some(o)) => o != Less,
                (_, None) => false,
            }))
        }
        Expr::If(cond, then, otherwise) => {
            if yes(cond) {
                eval(then, fields, cx)
            } else {
                otherwise.as_ref().and_then(|e| eval(e, fields, cx))
            }
        }
        Expr::Call(func, args) => call(*func, args, fields, cx),
    }
}

fn add_days(day: NaiveDate, days: f64) -> Option<Val> {
    if days.abs() > 1e6 {
        return None;
    }
    day.checked_add_signed(Duration::days(days.trunc() as i64))
        .map(Val::Date)
}

fn call(func: Func, args: &[Expr], fields: &dyn Fields, cx: &Context) -> Option<Val> {
    let arg = |i: usize| args.get(i).and_then(|e| eval(e, fields, cx));
    let number = |i: usize| match arg(i) {
        Some(Val::Number(n)) => Some(n),
        _ => None,
    };
    let day = |i: usize| match arg(i) {
        Some(Val::Date(d)) => Some(d),
        _ => None,
    };
    let text = |i: usize| match arg(i) {
        Some(Val::Text(t)) => Some(t),
        _ => None,
    };
    let num = |n: f64| n.is_finite().then_some(Val::Number(n));
    match func {
        Func::Round => {
            let digits = if args.len() == 2 { number(1)? } else { 0.0 };
            let scale = 10f64.powi(digits.clamp(-15.0, 15.0) as i32);
            // Half away from zero, as people round by hand.
            num((number(0)? * scale).round() / scale)
        }
        Func::Floor => num(number(0)?.floor()),
        Func::Ceil => num(number(0)?.ceil()),
        Func::Abs => num(number(0)?.abs()),
        Func::Min | Func::Max => {
            let values: Vec<Val> = (0..args.len()).filter_map(arg).collect();
            let best = values.into_iter().reduce(|a, b| {
                let a_first = match (&a, &b) {
                    (Val::Number(x), Val::Number(y)) => x <= y,
                    (Val::Date(x), Val::Date(y)) => x <= y,
                    _ => true,
                };
                if a_first == (func == Func::Min) { a } else { b }
            })?;
            Some(best)
        }
        Func::DaysBetween => Some(Val::Number((day(1)? - day(0)?).num_days() as f64)),
        Func::AddDays => add_days(day(0)?, number(1)?),
        Func::AddMonths => {
            let (d, n) = (day(0)?, number(1)?.trunc());
            if n.abs() > 12_000.0 {
                return None;
            }
            let months = Months::new(n.abs() as u32);
            let moved = if n >= 0.0 {
                d.checked_add_months(months)
            } else {
                d.checked_sub_months(months)
            };
            moved.map(Val::Date)
        }
        Func::Today => Some(Val::Date(cx.today)),
        Func::Year => Some(Val::Number(f64::from(day(0)?.year()))),
        Func::Month => Some(Val::Number(f64::from(day(0)?.month()))),
        Func::Day => Some(Val::Number(f64::from(day(0)?.day()))),
        Func::Date => {
            let part = |i: usize| {
                number(i)
                    .filter(|n| n.abs() < 1e6)
                    .map(|n| n.trunc() as i64)
            };
            let (y, m, d) = (part(0)?, part(1)?, part(2)?);
            NaiveDate::from_ymd_opt(
                i32::try_from(y).ok()?,
                u32::try_from(m).ok()?,
                u32::try_from(d).ok()?,
            )
            .map(Val::Date)
        }
        Func::Concat => Some(Val::Text(
            (0..args.len()).filter_map(arg).map(|v| v.text()).collect(),
        )),
        Func::Text => arg(0).map(|v| Val::Text(v.text())),
        Func::Len => Some(Val::Number(
            text(0).unwrap_or_default().chars().count() as f64
        )),
        Func::Upper => Some(Val::Text(text(0)?.to_uppercase())),
        Func::Lower => Some(Val::Text(text(0)?.to_lowercase())),
        Func::Trim => Some(Val::Text(
            text(0)?.split_whitespace().collect::<Vec<_>>().join(" "),
        )),
        Func::Contains => {
            let (whole, part) = (text(0).unwrap_or_default(), text(1)?);
            Some(Val::YesNo(
                super::duplicates::fold(&whole).contains(&super::duplicates::fold(&part)),
            ))
        }
        Func::IsEmpty => Some(Val::YesNo(match arg(0) {
            None => true,
            Some(Val::Text(t)) => t.trim().is_empty(),
            Some(_) => false,
        })),
        Func::Coalesce => (0..args.len())
            .find_map(|i| arg(i).filter(|v| !matches!(v, Val::Text(t) if t.trim().is_empty()))),
    }
}

/// A field's value, through its links.
fn read(hops: &[Hop], name: &str, leaf: &Leaf, fields: &dyn Fields, cx: &Context) -> Option<Val> {
    if let Some((hop, rest)) = hops.split_first() {
        let id = fields
            .field(&hop.field)?
            .as_str()
            .and_then(|s| Uuid::parse_str(s).ok())?;
        let reached = linked(cx.store, &hop.kind, id)?;
        return read(rest, name, leaf, &reached, cx);
    }
    let value = fields.field(name);
    let value = value.as_deref();
    match leaf {
        Leaf::Formula(expr) => eval(expr, fields, cx),
        Leaf::YesNo => Some(Val::YesNo(value.and_then(Value::as_bool).unwrap_or(false))),
        _ => {
            let value = value.filter(|v| !v.is_null())?;
            match leaf {
                Leaf::Text => value
                    .as_str()
                    .filter(|s| !s.is_empty())
                    .map(|s| Val::Text(s.to_string())),
                Leaf::Number => value.as_f64().map(Val::Number),
                Leaf::Money => {
                    let money = Money::deserialize(value).ok()?;
                    let scale = 10f64.powi(money.currency.exponent() as i32);
                    Some(Val::Number(money.minor as f64 / scale))
                }
                Leaf::Date => {
                    let s = value.as_str()?;
                    custom_field::stored_day(s.get(..10)?).map(Val::Date)
                }
                Leaf::Choice(options) => {
                    let id = value.as_str()?;
                    options
                        .iter()
                        .find(|o| o.id == id)
                        .map(|o| Val::Text(o.label.clone()))
                }
                Leaf::Choices(options) => {
                    let ids = value.as_array()?;
                    let labels: Vec<&str> = options
                        .iter()
                        .filter(|o| ids.iter().any(|id| id.as_str() == Some(&o.id)))
                        .map(|o| o.label.as_str())
                        .collect();
                    (!labels.is_empty()).then(|| Val::Text(labels.join(", ")))
                }
                Leaf::Name => {
                    let id = Uuid::parse_str(value.as_str()?).ok()?;
                    cx.store
                        .user_name(id)
                        .map(str::to_string)
                        .or_else(|| {
                            cx.store
                                .get(id)
                                .filter(|r| !r.is_deleted())
                                .map(|r| r.display_name(cx.store))
                        })
                        .map(Val::Text)
                }
                Leaf::YesNo | Leaf::Formula(_) => None,
            }
        }
    }
}

/// The fields of the record a link reaches (a person's name and email), if it is here and live.
fn linked(store: &Store, kind: &str, id: Uuid) -> Option<Map<String, Value>> {
    if kind == "user" {
        let user = store.users.iter().find(|u| u.id == id)?;
        let mut map = Map::new();
        map.insert("name".into(), Value::String(user.name.clone()));
        map.insert("email".into(), Value::String(user.email.clone()));
        return Some(map);
    }
    let record = store
        .get(id)
        .filter(|r| !r.is_deleted() && r.kind() == kind)?;
    Some(fields_of(&record))
}

#[cfg(test)]
mod tests;
