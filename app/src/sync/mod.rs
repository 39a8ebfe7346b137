//! Local-first sync: the protocol between browser and server (`protocol`), the server functions
//! that carry it (`api`), and the browser's engine (`client`). See DESIGN.md, "Sync".

pub mod accounts;
pub mod api;
pub mod cache;
pub mod cache_codec;
#[cfg(feature = "hydrate")]
pub mod client;
pub mod dedupe;
pub mod handle;
pub mod imports;
pub mod protocol;
pub mod view;
