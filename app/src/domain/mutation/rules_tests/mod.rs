//! The rules of the set-up (teams, stages, tags), of activities, of contacts and of converting a
//! lead, as `apply` runs them against a `Store`: a file per behaviour over one kit of samples.

mod kit;

mod activities;
mod change_log;
mod contacts_and_companies;
mod deals_and_teams;
mod ids_and_kinds;
mod leads;
mod set_up_and_edits;
mod stages;
mod tags;
mod teams;
mod won;
