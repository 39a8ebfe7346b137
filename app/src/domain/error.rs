//! Why a change was refused, as a type the UI turns into a message a person can act on.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum RuleError {
    #[error("the title is empty: give the opportunity a name")]
    EmptyTitle,
    #[error("{field} is too long: at most {max} characters")]
    TooLong { field: String, max: usize },
    #[error("the expected revenue cannot be negative")]
    NegativeRevenue,
    #[error("the expected revenue is too large")]
    RevenueTooLarge,
    #[error("the probability must be between 0 and 100")]
    InvalidProbability,
    #[error("a won opportunity's probability is always 100")]
    WonProbabilityFixed,
    #[error("the priority must be between 0 and 3 stars")]
    InvalidPriority,
    #[error("\"{0}\" is not an email address")]
    InvalidEmail(String),
    #[error("\"{0}\" is not a phone number: use digits, spaces, + - ( ) .")]
    InvalidPhone(String),
    #[error("the stage {0} does not exist")]
    UnknownStage(Uuid),
    #[error("the opportunity {0} does not exist")]
    UnknownOpportunity(Uuid),
    #[error("the opportunity {0} was deleted")]
    Deleted(Uuid),
    #[error("an opportunity with id {0} already exists")]
    AlreadyExists(Uuid),
    #[error("{field} is not a valid id: \"{value}\"")]
    MalformedId { field: String, value: String },
    #[error("a new record's id must be a time-ordered UUID (version 7)")]
    IdNotTimeOrdered,
    #[error("\"{0}\" is not a valid position in a column")]
    InvalidPosition(String),
    #[error("the change could not be read: {0}")]
    Malformed(String),
    #[error("the lost reason {0} does not exist")]
    UnknownLostReason(Uuid),
    #[error("there is no won stage: add one in the pipeline's stages")]
    NoWonStage,
    #[error("the salesperson {0} is not a user of this organisation")]
    UnknownSalesperson(Uuid),
    #[error("{0} is required")]
    Required(String),
    #[error("{field} must be between {min} and {max}")]
    OutOfRange { field: String, min: i64, max: i64 },
    #[error("{0} must be more than 0")]
    NotPositive(String),
    #[error("\"{0}\" already exists: choose another name")]
    Duplicate(String),
    #[error("the sales team {0} does not exist")]
    UnknownTeam(Uuid),
    #[error("the tag {0} does not exist")]
    UnknownTag(Uuid),
    #[error("that stage belongs to another sales team: choose one of this team's stages")]
    StageOfAnotherTeam,
    #[error("the stage still holds {0} opportunities or leads: move them first")]
    StageInUse(usize),
    #[error(
        "the team still has {0} stages of its own: delete them or give them to every team first"
    )]
    TeamHasStages(usize),
    #[error("the activity type {0} does not exist")]
    UnknownActivityType(Uuid),
    #[error("the activity {0} does not exist")]
    UnknownActivity(Uuid),
    #[error("the activity is already done and can no longer change")]
    ActivityDone,
    #[error("an activity or a note is about a lead, an opportunity or a contact: choose one")]
    ActivityWithoutRecord,
    #[error("the contact {0} does not exist")]
    UnknownContact(Uuid),
    #[error("the company {0} does not exist")]
    UnknownCompany(Uuid),
    #[error("this is already an opportunity, not a lead")]
    NotALead,
    #[error("a record with id {0} already exists")]
    RecordExists(Uuid),
    #[error("the record {0} does not exist")]
    UnknownRecord(Uuid),
    /// A record of a known kind that does not exist (or is deleted, or out of sight): the
    /// reader's language names the kind by its label.
    #[error("the {kind} {id} does not exist")]
    Missing { kind: String, id: Uuid },
    #[error("the product {0} does not exist or was deleted: choose another one")]
    UnknownProduct(Uuid),
    #[error("the quotation {0} does not exist")]
    UnknownQuotation(Uuid),
    #[error("the quotation is accepted or declined and can no longer change: make a new one")]
    QuotationLocked,
    #[error("a {from} quotation cannot become {to}")]
    InvalidTransition { from: String, to: String },
    #[error("a quotation without lines cannot be accepted: add a line first")]
    EmptyQuotation,
    #[error("this kind of record is not edited this way")]
    NotEditable,
    #[error("this kind of record cannot be deleted here")]
    NotDeletable,
    #[error("your role does not allow this change")]
    NotAllowed,
    #[error("the change is too large to send ({bytes} bytes, at most {max}): it was not saved")]
    TooLarge { bytes: usize, max: usize },
    // Cells of an imported sheet that cannot be read.
    #[error("\"{0}\" is not a number")]
    NotANumber(String),
    #[error("\"{0}\" is not a web address: it starts with https://")]
    InvalidUrl(String),
    #[error("{field} takes at most {max} decimals")]
    TooManyDecimals { field: String, max: u8 },
    #[error(
        "{failed} of the {held} values of {field} would not convert to the new type: change them first, or add a new field"
    )]
    WouldNotConvert {
        field: String,
        failed: usize,
        held: usize,
    },
    #[error("a dropdown needs its options: write them one per line")]
    NoOptions,
    #[error("\"{0}\" is not a day: write it as 2026-12-04 or 04/12/2026")]
    NotADay(String),
    #[error("\"{0}\" is not yes or no")]
    NotYesOrNo(String),
    #[error("\"{value}\" is not one of: {choices}")]
    NotAChoice { value: String, choices: String },
    /// A name in a sheet that names no record of the kind (a stage, a salesperson, a tag).
    #[error("there is no {kind} named \"{name}\"")]
    NoneNamed { kind: String, name: String },
    // A formula field's formula (`formula.rs`); fields are named by their codes, types by
    // their names (`number`, `text`, `yes_no`, `date`; several joined by `|`).
    #[error("the formula cannot be read from character {at}: \"{near}\"")]
    FormulaSyntax { at: usize, near: String },
    #[error("the formula names \"{0}\", which is neither a field here nor a function")]
    FormulaUnknownName(String),
    #[error("{function}() takes {}", arity(*min, *max))]
    FormulaArguments {
        function: String,
        min: usize,
        max: usize,
    },
    #[error("\"{near}\" gives {found} where {expected} is needed")]
    FormulaType {
        near: String,
        expected: String,
        found: String,
    },
    #[error("the formula goes round in a circle: {0}")]
    FormulaCycle(String),
    #[error("the formula uses {0}, whose own formula does not work")]
    FormulaBroken(String),
    #[error("this change would stop the formula of {0} from working")]
    FormulaBreaks(String),
    #[error("{0} is computed by its formula and cannot be set")]
    Computed(String),
    // A saved view's filter (`filter.rs`); fields are named by their codes.
    #[error("the filter names {0}, which is not a field here")]
    FilterField(String),
    #[error("\"{value}\" is not a value {field} can be compared with")]
    FilterValue { field: String, value: String },
}

/// How many values a function takes, in words.
fn arity(min: usize, max: usize) -> String {
    match (min, max) {
        (0, 0) => "no values".into(),
        (1, 1) => "one value".into(),
        (a, b) if a == b => format!("{a} values"),
        (a, b) => format!("{a} to {b} values"),
    }
}
