//! The CRM's business rules, written once and run in two places: the browser (to show a change
//! at once) and the server (inside a Postgres transaction, to decide what is true).
//! Nothing here knows about Leptos, the browser or the database.

pub mod access;
pub mod activity;
pub mod assignment;
pub mod calendar;
pub mod contact;
pub mod custom_field;
pub mod deal_filter;
pub mod duplicates;
pub mod error;
pub mod field;
pub mod filter;
pub mod formula;
pub mod fractional_index;
pub mod import;
pub mod keep;
pub mod kind;
pub mod kinds;
pub mod language;
pub mod lead_scoring;
pub mod lost_reason;
pub mod money;
pub mod mutation;
pub mod note;
pub mod opportunity;
pub mod origin;
pub mod product;
pub mod quotation;
pub mod rates;
pub mod reading;
pub mod record;
pub mod report;
pub mod saved_view;
pub mod scoring;
pub mod stage;
pub mod store;
pub mod subject;
pub mod tag;
pub mod target;
pub mod team;
pub mod territory;
pub mod user;
pub mod view_defaults;

pub use activity::{Activity, ActivityType};
pub use contact::{Company, Contact};
pub use custom_field::{CustomField, CustomValues};
pub use error::RuleError;
pub use kinds::{Record, RecordRef, Store};
pub use lost_reason::LostReason;
pub use money::{AmountError, Currency, Money};
pub use mutation::{
    FieldChange, Link, Mutation, OpportunityFields, apply, apply_on, apply_to_opportunity,
    changed_fields, diff,
};
pub use note::Note;
pub use opportunity::{NewOpportunity, Opportunity, Priority};
pub use origin::{Campaign, Source};
pub use product::Product;
pub use quotation::{Quotation, QuotationLine, QuotationState};
pub use rates::CurrencySettings;
pub use record::diff_records;
pub use saved_view::SavedView;
pub use stage::Stage;
pub use subject::Subject;
pub use tag::Tag;
pub use target::Target;
pub use team::Team;
pub use user::User;
pub use view_defaults::ViewDefaults;
