//! The CRM's business rules, written once and run in two places: the browser (to show a change
//! at once) and the server (inside a Postgres transaction, to decide what is true).
//! Nothing here knows about Leptos, the browser or the database.

pub mod error;
pub mod fractional_index;
pub mod lost_reason;
pub mod money;
pub mod mutation;
pub mod opportunity;
pub mod stage;
pub mod user;

pub use error::RuleError;
pub use lost_reason::LostReason;
pub use money::{Currency, Money};
pub use mutation::{FieldChange, Mutation, OpportunityFields, Setup, apply, diff};
pub use opportunity::{NewOpportunity, Opportunity, Priority};
pub use stage::Stage;
pub use user::User;
