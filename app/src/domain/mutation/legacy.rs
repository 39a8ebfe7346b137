//! Mutations as versions before the kinds registry queued them: a save or delete named per kind
//! (`SaveTeam`, `SaveContact`, `LogNote`, `DeleteSetup`…), with activities and notes naming
//! their deal or contact rather than a subject. A browser that sat offline through the upgrade
//! still holds them in its outbox; they are read as today's generic `Save` and `Delete`, which
//! run the same rules, so they are applied once and nothing is lost.

use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::Mutation;
use crate::domain::{
    Activity, ActivityType, Campaign, Company, Contact, CurrencySettings, LostReason, Note,
    Product, Quotation, Record, RuleError, Source, Stage, Tag, Target, Team,
};

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Legacy {
    SaveTeam(Team),
    SaveStage(Stage),
    SaveTag(Tag),
    SaveLostReason(LostReason),
    SaveActivityType(ActivityType),
    DeleteSetup { id: Uuid },
    SaveActivity(Activity),
    SaveContact(Contact),
    SaveCompany(Company),
    SaveProduct(Product),
    SaveCampaign(Campaign),
    SaveSource(Source),
    SaveTarget(Target),
    SaveCurrencySettings(CurrencySettings),
    LogNote(Note),
    SaveQuotation(Quotation),
}

/// An activity or a note of before subjects named its deal or its contact: the subject is that.
fn about_from_links(value: &mut Value) {
    let Some(map) = value.as_object_mut() else {
        return;
    };
    let deal = map.remove("opportunity_id").filter(|v| !v.is_null());
    let contact = map.remove("contact_id").filter(|v| !v.is_null());
    let subject = match (deal, contact) {
        (Some(id), _) => serde_json::json!({"kind": "opportunity", "id": id}),
        (None, Some(id)) => serde_json::json!({"kind": "contact", "id": id}),
        (None, None) => return,
    };
    map.insert("subject".into(), subject);
}

/// The names of the old forms, so a mutation of today's form is never read as one.
const NAMES: [&str; 16] = [
    "SaveTeam",
    "SaveStage",
    "SaveTag",
    "SaveLostReason",
    "SaveActivityType",
    "DeleteSetup",
    "SaveActivity",
    "SaveContact",
    "SaveCompany",
    "SaveProduct",
    "SaveCampaign",
    "SaveSource",
    "SaveTarget",
    "SaveCurrencySettings",
    "LogNote",
    "SaveQuotation",
];

/// The mutation an old form means, or `None` when `value` is not one.
pub fn read(value: &Value) -> Option<Result<Mutation, RuleError>> {
    let name = value.get("type")?.as_str()?;
    if !NAMES.contains(&name) {
        return None;
    }
    let mut value = value.clone();
    if matches!(name, "SaveActivity" | "LogNote") {
        about_from_links(&mut value);
    }
    let old: Legacy = match serde_json::from_value(value) {
        Ok(old) => old,
        Err(e) => return Some(Err(RuleError::Malformed(e.to_string()))),
    };
    let record = match old {
        Legacy::DeleteSetup { id } => return Some(Ok(Mutation::Delete { id })),
        Legacy::SaveTeam(r) => Record::Team(r),
        Legacy::SaveStage(r) => Record::Stage(r),
        Legacy::SaveTag(r) => Record::Tag(r),
        Legacy::SaveLostReason(r) => Record::LostReason(r),
        Legacy::SaveActivityType(r) => Record::ActivityType(r),
        Legacy::SaveActivity(r) => Record::Activity(r),
        Legacy::SaveContact(r) => Record::Contact(r),
        Legacy::SaveCompany(r) => Record::Company(r),
        Legacy::SaveProduct(r) => Record::Product(r),
        Legacy::SaveCampaign(r) => Record::Campaign(r),
        Legacy::SaveSource(r) => Record::Source(r),
        Legacy::SaveTarget(r) => Record::Target(r),
        Legacy::SaveCurrencySettings(r) => Record::CurrencySettings(r),
        Legacy::LogNote(r) => Record::Note(r),
        Legacy::SaveQuotation(r) => Record::Quotation(r),
    };
    Some(Ok(Mutation::Save { record }))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::Store;

    /// What browsers queued before the registry, one of each old form.
    fn queued_before_the_upgrade() -> Vec<(Value, &'static str)> {
        let id = || Uuid::now_v7().to_string();
        vec![
            (
                json!({"type": "SaveTeam", "id": id(), "name": "Hà Nội", "member_ids": []}),
                "team",
            ),
            (
                json!({"type": "SaveStage", "id": id(), "name": "Mới", "sequence": 1, "probability": 10, "is_won": false, "folded": false, "version": 0, "deleted": false}),
                "stage",
            ),
            (
                json!({"type": "SaveTag", "id": id(), "name": "VIP", "colour": 2}),
                "tag",
            ),
            (
                json!({"type": "SaveLostReason", "id": id(), "name": "Giá cao", "version": 0}),
                "lost_reason",
            ),
            (
                json!({"type": "SaveActivityType", "id": id(), "name": "Gọi", "delay": 2, "unit": "Days", "from": "Completion"}),
                "activity_type",
            ),
            (
                json!({"type": "SaveContact", "id": id(), "name": "Lan"}),
                "contact",
            ),
            (
                json!({"type": "SaveCompany", "id": id(), "name": "Công ty Sao Mai"}),
                "company",
            ),
            (
                json!({"type": "SaveProduct", "id": id(), "name": "Máy lọc", "price": {"minor": 100, "currency": "VND"}, "tax_percent": 10}),
                "product",
            ),
            (
                json!({"type": "SaveCampaign", "id": id(), "name": "Tết"}),
                "campaign",
            ),
            (
                json!({"type": "SaveSource", "id": id(), "name": "Zalo"}),
                "source",
            ),
            (
                json!({"type": "SaveTarget", "id": id(), "month": "2026-12-01", "amount": {"minor": 1000, "currency": "VND"}}),
                "target",
            ),
            (
                json!({"type": "SaveCurrencySettings", "id": id(), "currency": "VND", "rates": []}),
                "currency_settings",
            ),
            (
                json!({"type": "LogNote", "id": id(), "contact_id": id(), "text": "Gọi lại"}),
                "note",
            ),
            (
                json!({"type": "SaveActivity", "id": id(), "type_id": id(), "contact_id": id(), "due": "2026-12-04"}),
                "activity",
            ),
            (
                json!({"type": "SaveQuotation", "id": id(), "opportunity_id": id(), "customer_name": "Lan", "currency": "VND", "lines": [], "state": "Draft"}),
                "quotation",
            ),
        ]
    }

    #[test]
    fn every_old_save_is_read_as_a_save_of_its_kind() {
        let old = queued_before_the_upgrade();
        assert_eq!(old.len(), NAMES.len() - 1, "one of each old save");
        for (value, kind) in old {
            let id = Uuid::parse_str(value["id"].as_str().unwrap()).unwrap();
            match Mutation::from_json(&value) {
                Ok(Mutation::Save { record }) => {
                    assert_eq!((record.kind(), record.id()), (kind, id), "{value}");
                }
                other => panic!("{value} was read as {other:?}"),
            }
        }
    }

    #[test]
    fn an_old_delete_of_set_up_is_a_delete() {
        let id = Uuid::now_v7();
        let value = json!({"type": "DeleteSetup", "id": id.to_string()});
        assert_eq!(Mutation::from_json(&value), Ok(Mutation::Delete { id }));
    }

    #[test]
    fn an_old_save_runs_the_same_rule_as_today() {
        let empty = Store::default();
        let old =
            json!({"type": "SaveTag", "id": Uuid::now_v7().to_string(), "name": "  ", "colour": 2});
        let refused = crate::domain::apply(&Mutation::from_json(&old).unwrap(), &empty);
        assert!(
            matches!(refused, Err(RuleError::Required(_))),
            "{refused:?}"
        );
    }

    #[test]
    fn a_damaged_old_form_is_malformed_and_todays_forms_are_not_taken_for_old_ones() {
        let damaged = json!({"type": "SaveTag", "id": Uuid::now_v7().to_string()});
        assert!(matches!(
            Mutation::from_json(&damaged),
            Err(RuleError::Malformed(_))
        ));
        let today = Mutation::Delete { id: Uuid::now_v7() };
        let value = serde_json::to_value(&today).unwrap();
        assert_eq!(read(&value).map(|r| r.is_ok()), None);
        assert_eq!(Mutation::from_json(&value), Ok(today));
    }
}
