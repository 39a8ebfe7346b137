//! The rules of products and quotations: a quotation is edited while a draft or sent, its lines
//! name live products, and accepting it wins the deal.

use uuid::Uuid;

use super::Mutation;
use crate::domain::quotation::{self, Quotation, QuotationState};
use crate::domain::{Record, RuleError, Store, product};

pub fn save(store: &Store, q: &Quotation) -> Result<Vec<Record>, RuleError> {
    let state = match store.get(q.id) {
        None => {
            super::check_new_id(store, q.id)?;
            QuotationState::Draft
        }
        Some(Record::Quotation(existing)) if existing.deleted => {
            return Err(RuleError::UnknownQuotation(q.id));
        }
        Some(Record::Quotation(existing)) if !existing.state.is_editable() => {
            return Err(RuleError::QuotationLocked);
        }
        Some(Record::Quotation(existing)) => {
            if existing.opportunity_id != q.opportunity_id {
                return Err(RuleError::Malformed(
                    "a quotation stays with its opportunity".into(),
                ));
            }
            existing.state
        }
        Some(_) => return Err(RuleError::RecordExists(q.id)),
    };
    if store
        .opportunities
        .get(&q.opportunity_id)
        .is_none_or(|o| o.deleted)
    {
        return Err(RuleError::UnknownOpportunity(q.opportunity_id));
    }
    // A line may keep a product deleted since it was added; a new line needs a live one.
    let kept: Vec<uuid::Uuid> = store
        .quotations
        .get(&q.id)
        .map(|existing| existing.lines.iter().filter_map(|l| l.product_id).collect())
        .unwrap_or_default();
    for line in &q.lines {
        if let Some(p) = line.product_id
            && !kept.contains(&p)
            && product::find(&store.products, p).is_none()
        {
            return Err(RuleError::UnknownProduct(p));
        }
    }
    let mut saved = quotation::check(q)?;
    // The state changes by its own mutation, never by an edit.
    saved.state = state;
    saved.deleted = false;
    Ok(vec![Record::Quotation(saved)])
}

/// Sends, accepts, declines or takes back a quotation. Accepting it marks its deal won, at
/// `position` in the won column.
pub fn set_state(
    store: &Store,
    id: Uuid,
    state: QuotationState,
    position: &str,
) -> Result<Vec<Record>, RuleError> {
    let current = match store.quotations.get(&id) {
        Some(q) if !q.deleted => q,
        _ => return Err(RuleError::UnknownQuotation(id)),
    };
    if !current.state.may_become(state) {
        return Err(RuleError::InvalidTransition {
            from: format!("{:?}", current.state).to_lowercase(),
            to: format!("{state:?}").to_lowercase(),
        });
    }
    let mut next = current.clone();
    next.state = state;
    let mut changed = vec![Record::Quotation(next)];
    if state == QuotationState::Accepted {
        if current.lines.is_empty() {
            return Err(RuleError::EmptyQuotation);
        }
        let won = super::apply_to_opportunity(
            &Mutation::MarkWon {
                id: current.opportunity_id,
                position: position.to_string(),
            },
            store.opportunities.get(&current.opportunity_id),
            store,
        )?;
        changed.push(Record::Opportunity(won));
    }
    Ok(changed)
}
