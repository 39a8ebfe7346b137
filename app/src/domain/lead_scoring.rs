//! Lead scoring: points for conditions, a score on each lead, and the threshold at which a lead
//! becomes marketing-qualified (MQL) and is handed to sales, who accept it (SQL) or send it back
//! to marketing with a reason.
//!
//! A rule is a filter over deals (the saved views' conditions: "source is Website", "created
//! in the last 7 days", "has no activity done in the last 30 days") and its points, plus or
//! minus. A lead's score is the sum of the points of the rules it meets, worked out by the same
//! code in the browser (a lead changed offline is scored at once) and on the server: on every
//! change of the lead, and by a server job as days pass (a condition on time can start or stop
//! holding without anybody touching the lead), see `db/lead_scoring.rs`.
//!
//! Reaching the threshold marks a lead MQL once: a lower score later does not take it back, a
//! lead sent back is not marked again by its score (marketing hands it over again by hand).
//! The days it became MQL and SQL are kept, for the dashboard's funnel.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::field::{Field, FieldType};
use super::filter::{Context, Filter, Keeper};
use super::kind::{Keep, Kind, KindLabel, Policy, Read, Scope, Write};
use super::{Opportunity, Record, RuleError, Store};

/// The most points one rule gives or takes.
pub const MAX_POINTS: i32 = 1_000;
/// The most rules an organisation has.
pub const MAX_RULES: usize = 100;
/// The longest rule name.
pub const MAX_NAME: usize = 100;
/// The longest reason for sending a lead back.
pub const MAX_REASON: usize = 500;

/// Where a lead stands between marketing and sales.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualification {
    /// Not qualified yet: marketing's.
    #[default]
    Lead,
    /// Marketing-qualified: handed to sales, waiting for them.
    Mql,
    /// Sales-qualified: sales accepted it.
    Sql,
    /// Sales sent it back to marketing, saying why.
    Returned,
}

impl Qualification {
    pub const ALL: [Qualification; 4] = [
        Qualification::Lead,
        Qualification::Mql,
        Qualification::Sql,
        Qualification::Returned,
    ];

    pub fn is_lead(&self) -> bool {
        *self == Qualification::Lead
    }

    /// Read from a record's JSON, where a `null` (a field left empty, as an import writes it) is
    /// a plain lead.
    pub fn or_lead<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Qualification, D::Error> {
        Ok(Option::<Qualification>::deserialize(d)?.unwrap_or_default())
    }

    /// Its name in data (JSON, the database, a filter's value).
    pub fn code(self) -> &'static str {
        match self {
            Qualification::Lead => "lead",
            Qualification::Mql => "mql",
            Qualification::Sql => "sql",
            Qualification::Returned => "returned",
        }
    }

    pub fn parse(code: &str) -> Option<Qualification> {
        Qualification::ALL.into_iter().find(|q| q.code() == code)
    }
}

/// Leads that meet its conditions get its points (a minus takes them away).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoringRule {
    pub id: Uuid,
    pub name: String,
    /// Which leads it scores: conditions over deals, as a saved view keeps them.
    #[serde(default)]
    pub filter: Filter,
    pub points: i32,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// The score at which a lead becomes marketing-qualified: one per organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadQualification {
    pub id: Uuid,
    /// `None`: leads are scored but never marked MQL by their score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mql_at: Option<i32>,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// The organisation's live rules, in their order.
pub fn rules(store: &Store) -> impl Iterator<Item = &ScoringRule> {
    store.scoring_rules.iter().filter(|r| !r.deleted)
}

/// The score at which leads become MQL, if set.
pub fn threshold(store: &Store) -> Option<i32> {
    store
        .lead_qualifications
        .iter()
        .find(|q| !q.deleted)
        .and_then(|q| q.mql_at)
}

/// Whether a rule reads records linked to a lead (its activities, its contact's company): the
/// server then reads those with the lead, as the browser holds them.
pub fn reaches_links(store: &Store) -> bool {
    fn links(f: &Filter) -> bool {
        f.conditions.iter().any(|c| c.of.is_some()) || f.groups.iter().any(links)
    }
    rules(store).any(|r| links(&r.filter))
}

/// The rules ready to score leads by, as read on `today`.
pub struct Scorer<'a> {
    rules: Vec<(&'a ScoringRule, Keeper<'a>)>,
    threshold: Option<i32>,
}

impl<'a> Scorer<'a> {
    /// `None`: the organisation has no rules (its leads have no score).
    pub fn new(store: &'a Store, today: NaiveDate) -> Option<Scorer<'a>> {
        let cx = Context::new(store, today, None);
        let rules: Vec<(&ScoringRule, Keeper)> = rules(store)
            .map(|r| (r, Keeper::new(&r.filter, "opportunity", &cx)))
            .collect();
        (!rules.is_empty()).then(|| Scorer {
            rules,
            threshold: threshold(store),
        })
    }

    /// The rules `lead` meets, in their order.
    pub fn met(&self, lead: &Opportunity) -> Vec<&'a ScoringRule> {
        self.rules
            .iter()
            .filter(|(_, keeper)| !keeper.is_empty() && keeper.keeps(lead))
            .map(|(rule, _)| *rule)
            .collect()
    }

    /// Its score: the points of the rules it meets.
    pub fn score(&self, lead: &Opportunity) -> i32 {
        self.met(lead).iter().map(|r| r.points).sum()
    }

    /// Scores `deal` if it is an open lead, and marks it MQL if its score reached the
    /// threshold and it was never qualified. A deal, a lost or deleted lead keeps the score it
    /// had.
    pub fn settle(&self, deal: &mut Opportunity) {
        if !deal.lead || deal.lost || deal.deleted {
            return;
        }
        let score = self.score(deal);
        deal.score = Some(score);
        if deal.qualification == Qualification::Lead && self.threshold.is_some_and(|t| score >= t) {
            deal.qualification = Qualification::Mql;
        }
    }
}

/// Scores the leads among `records` (as they are after a change made on `on`) and keeps the
/// days they became MQL and SQL.
pub fn settle(store: &Store, records: &mut [Record], on: NaiveDate) {
    // The rules are made ready only for a change that touches an open lead: a move of a deal,
    // an activity or a contact edited pays nothing for them (a rule across links reads every
    // record it reaches when made ready).
    let open_lead =
        |r: &Record| matches!(r, Record::Opportunity(d) if d.lead && !d.lost && !d.deleted);
    let scorer = if records.iter().any(open_lead) {
        Scorer::new(store, on)
    } else {
        None
    };
    for record in records {
        let Record::Opportunity(deal) = record else {
            continue;
        };
        if let Some(scorer) = &scorer {
            scorer.settle(deal);
        }
        stamp(deal, on);
    }
}

/// The days it became MQL and SQL, set the first time it is.
pub fn stamp(deal: &mut Opportunity, on: NaiveDate) {
    match deal.qualification {
        Qualification::Lead => {}
        Qualification::Mql | Qualification::Returned => deal.mql_on = deal.mql_on.or(Some(on)),
        Qualification::Sql => {
            deal.mql_on = deal.mql_on.or(Some(on));
            deal.sql_on = deal.sql_on.or(Some(on));
        }
    }
}

/// A change of where a lead stands, by a person: only a lead's; sending it back says why.
pub fn requalify(
    deal: &mut Opportunity,
    to: Qualification,
    reason: Option<&str>,
) -> Result<(), RuleError> {
    if !deal.lead {
        return Err(RuleError::NotALead);
    }
    if to == Qualification::Returned {
        let reason = reason.unwrap_or_default().trim();
        if reason.is_empty() {
            return Err(RuleError::Required("opportunity.returned_reason".into()));
        }
        if reason.chars().count() > MAX_REASON {
            return Err(RuleError::TooLong {
                field: "opportunity.returned_reason".into(),
                max: MAX_REASON,
            });
        }
        deal.returned_reason = reason.to_string();
    } else {
        deal.returned_reason = String::new();
    }
    deal.qualification = to;
    Ok(())
}

impl Kind for ScoringRule {
    const NAME: &'static str = "scoring_rule";
    const LABEL: KindLabel = KindLabel::new(
        [
            "Scoring rule",
            "Quy tắc chấm điểm",
            "评分规则",
            "กฎการให้คะแนน",
            "قاعده امتیازدهی",
        ],
        [
            "Lead scoring",
            "Chấm điểm tiềm năng",
            "线索评分",
            "การให้คะแนนลูกค้าเป้าหมาย",
            "امتیازدهی سرنخ‌ها",
        ],
    );
    const FIELDS: &'static [Field] = &[
        Field::new(
            "name",
            FieldType::Text,
            ["Name", "Tên", "名称", "ชื่อ", "نام"],
        ),
        Field::new(
            "filter",
            FieldType::Filter,
            ["Conditions", "Điều kiện", "条件", "เงื่อนไข", "شرط‌ها"],
        ),
        Field::new(
            "points",
            FieldType::Integer,
            ["Points", "Điểm", "分值", "คะแนน", "امتیاز"],
        ),
    ];
    const POLICY: Policy = Policy {
        read: Read::Everyone,
        write: Write::Admin,
    };
    const SETUP: bool = true;
    const KEEP: Keep = Keep::All;

    fn scope(&self) -> Scope {
        Scope::Org
    }

    fn references(&self) -> Vec<Uuid> {
        Vec::new()
    }

    fn display_name(&self, _store: &Store) -> String {
        self.name.clone()
    }

    fn save(&self, store: &Store) -> Result<Vec<Record>, RuleError> {
        let name = super::opportunity::clean_name("scoring_rule.name", &self.name, MAX_NAME)?;
        if self.points == 0 || self.points.abs() > MAX_POINTS {
            return Err(RuleError::OutOfRange {
                field: "scoring_rule.points".into(),
                min: -i64::from(MAX_POINTS),
                max: i64::from(MAX_POINTS),
            });
        }
        if self.filter.is_empty() {
            return Err(RuleError::Required("scoring_rule.filter".into()));
        }
        self.filter.check("opportunity", store)?;
        self.filter.reader_free()?;
        let others = rules(store).filter(|r| r.id != self.id).count();
        if others >= MAX_RULES {
            return Err(RuleError::OutOfRange {
                field: "scoring_rule".into(),
                min: 0,
                max: MAX_RULES as i64,
            });
        }
        Ok(vec![Record::ScoringRule(ScoringRule {
            name,
            ..self.clone()
        })])
    }

    fn delete(&self, _store: &Store) -> Result<Vec<Record>, RuleError> {
        Ok(vec![Record::ScoringRule(ScoringRule {
            deleted: true,
            ..self.clone()
        })])
    }
}

impl Kind for LeadQualification {
    const NAME: &'static str = "lead_qualification";
    const LABEL: KindLabel = KindLabel::new(
        [
            "Lead qualification",
            "Đánh giá tiềm năng",
            "线索认定",
            "การคัดกรองลูกค้าเป้าหมาย",
            "صلاحیت‌سنجی سرنخ",
        ],
        [
            "Lead qualification",
            "Đánh giá tiềm năng",
            "线索认定",
            "การคัดกรองลูกค้าเป้าหมาย",
            "صلاحیت‌سنجی سرنخ",
        ],
    );
    const FIELDS: &'static [Field] = &[Field::new(
        "mql_at",
        FieldType::Integer,
        [
            "Marketing-qualified at",
            "Đạt chuẩn marketing từ",
            "营销认定分数线",
            "ผ่านเกณฑ์การตลาดที่",
            "واجد شرایط بازاریابی از",
        ],
    )];
    const POLICY: Policy = Policy {
        read: Read::Everyone,
        write: Write::Admin,
    };
    const SETUP: bool = true;
    const KEEP: Keep = Keep::All;

    fn scope(&self) -> Scope {
        Scope::Org
    }

    fn references(&self) -> Vec<Uuid> {
        Vec::new()
    }

    fn display_name(&self, _store: &Store) -> String {
        Self::LABEL.one.en.into()
    }

    fn save(&self, store: &Store) -> Result<Vec<Record>, RuleError> {
        // One per organisation.
        if store
            .lead_qualifications
            .iter()
            .any(|q| q.id != self.id && !q.deleted)
        {
            return Err(RuleError::RecordExists(self.id));
        }
        if let Some(at) = self.mql_at
            && !(-MAX_POINTS * MAX_RULES as i32..=MAX_POINTS * MAX_RULES as i32).contains(&at)
        {
            return Err(RuleError::OutOfRange {
                field: "lead_qualification.mql_at".into(),
                min: -i64::from(MAX_POINTS) * MAX_RULES as i64,
                max: i64::from(MAX_POINTS) * MAX_RULES as i64,
            });
        }
        Ok(vec![Record::LeadQualification(self.clone())])
    }

    /// Turned off by emptying its threshold, never deleted.
    fn delete(&self, _store: &Store) -> Result<Vec<Record>, RuleError> {
        Err(RuleError::NotDeletable)
    }
}

#[cfg(test)]
mod tests;
