//! The record cache in IndexedDB (see `sync/cache.rs` for what is stored and why here): one
//! database per browser profile, a `buckets` store (each bucket's records as a JSON array,
//! under its number) and a `meta` store (the snapshot's head). Every save is one transaction:
//! all of it is stored or none.
//!
//! A bucket's JSON is stored as its UTF-8 bytes: read back, they are copied into the app's
//! memory as they are, where a string is first turned from the page's UTF-16 into UTF-8 (for
//! 10,000 deals, about 50 ms of a start from the copy went on that). Buckets stored as strings
//! by earlier versions are still read.

use idb::{
    Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode, TransactionResult,
};
use wasm_bindgen::JsValue;

// The database's version: 1 kept a row per record (never released); 2 keeps buckets.
use crate::sync::cache::{
    BUCKETS_STORE as ROWS, DB_NAME as NAME, DB_VERSION as VERSION, HEAD_KEY as HEAD,
    META_STORE as META, PRELOAD_GLOBAL,
};
use crate::sync::cache::{Head, Writes, bucket_of};

/// Why the cache could not be read or written.
#[derive(Debug, Clone, PartialEq)]
pub enum CacheError {
    /// The browser keeps nothing for this site (storage turned off, some private windows).
    Refused(String),
    /// The browser's storage for this site is full.
    Full,
    /// Anything else the database said.
    Failed(String),
}

impl CacheError {
    fn from(e: idb::Error) -> Self {
        let text = e.to_string();
        if text.contains("QuotaExceeded") || text.to_lowercase().contains("quota") {
            CacheError::Full
        } else {
            CacheError::Failed(text)
        }
    }
}

/// A bucket's JSON from its stored value: UTF-8 bytes, or a string as earlier versions stored
/// it. Anything else gives no JSON, which the caller counts as an unreadable bucket.
fn json_of(value: &JsValue) -> String {
    use wasm_bindgen::JsCast;
    if let Some(text) = value.as_string() {
        return text;
    }
    value
        .dyn_ref::<js_sys::Uint8Array>()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .unwrap_or_default()
}

/// The copy as the page's first script read it (`cache::preload_script`) while the app's code loaded:
/// `None` when it did not (a browser without IndexedDB, no copy of this version, an error),
/// and the copy is read the usual way; `Some(None)` when there is no copy yet.
pub async fn preloaded() -> Option<Option<(Head, Vec<String>)>> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    let key = JsValue::from_str(PRELOAD_GLOBAL);
    let promise = js_sys::Reflect::get(&window, &key)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    // Read once: a later start reads the database itself.
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let copy = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    if copy.is_null() || copy.is_undefined() {
        return None;
    }
    let head = js_sys::Reflect::get(&copy, &JsValue::from_str("head")).ok()?;
    let Some(head) = head
        .as_string()
        .and_then(|h| serde_json::from_str::<Head>(&h).ok())
    else {
        return Some(None);
    };
    let rows = js_sys::Reflect::get(&copy, &JsValue::from_str("rows"))
        .ok()?
        .dyn_into::<js_sys::Array>()
        .ok()?;
    Some(Some((head, rows.iter().map(|r| json_of(&r)).collect())))
}

/// Opens (creating on first use) this site's record database.
pub async fn open() -> Result<Database, CacheError> {
    let factory = Factory::new().map_err(|e| CacheError::Refused(e.to_string()))?;
    let mut request = factory
        .open(NAME, Some(VERSION))
        .map_err(|e| CacheError::Refused(e.to_string()))?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = event.database() else { return };
        // An older layout's records and head go: the first pull brings everything again.
        for old in ["rows", META] {
            if db.store_names().iter().any(|s| s == old) {
                let _ = db.delete_object_store(old);
            }
        }
        for store in [ROWS, META] {
            let _ = db.create_object_store(store, ObjectStoreParams::new());
        }
    });
    request
        .await
        .map_err(|e| CacheError::Refused(e.to_string()))
}

/// The stored head and every stored bucket's JSON; `None` when nothing is stored yet.
pub async fn load(db: &Database) -> Result<Option<(Head, Vec<String>)>, CacheError> {
    let tx = db
        .transaction(&[ROWS, META], TransactionMode::ReadOnly)
        .map_err(CacheError::from)?;
    let meta = tx.object_store(META).map_err(CacheError::from)?;
    let Some(head) = meta
        .get(JsValue::from_str(HEAD))
        .map_err(CacheError::from)?
        .await
        .map_err(CacheError::from)?
    else {
        return Ok(None);
    };
    let Some(head) = head
        .as_string()
        .and_then(|h| serde_json::from_str::<Head>(&h).ok())
    else {
        return Ok(None);
    };
    let rows = tx
        .object_store(ROWS)
        .map_err(CacheError::from)?
        .get_all(None, None)
        .map_err(CacheError::from)?
        .await
        .map_err(CacheError::from)?;
    Ok(Some((head, rows.iter().map(json_of).collect())))
}

/// The stored head and the JSON of the buckets that hold these ids (for a tab following
/// another's save).
pub async fn changed(
    db: &Database,
    ids: &[uuid::Uuid],
) -> Result<(Option<Head>, Vec<String>), CacheError> {
    let tx = db
        .transaction(&[ROWS, META], TransactionMode::ReadOnly)
        .map_err(CacheError::from)?;
    let head = tx
        .object_store(META)
        .map_err(CacheError::from)?
        .get(JsValue::from_str(HEAD))
        .map_err(CacheError::from)?
        .await
        .map_err(CacheError::from)?
        .and_then(|h| h.as_string())
        .and_then(|h| serde_json::from_str::<Head>(&h).ok());
    let store = tx.object_store(ROWS).map_err(CacheError::from)?;
    let mut buckets: Vec<u32> = ids.iter().map(|id| bucket_of(*id)).collect();
    buckets.sort_unstable();
    buckets.dedup();
    let mut found = Vec::with_capacity(buckets.len());
    for b in buckets {
        let bucket = store
            .get(JsValue::from(b))
            .map_err(CacheError::from)?
            .await
            .map_err(CacheError::from)?;
        if let Some(bucket) = bucket {
            found.push(json_of(&bucket));
        }
    }
    Ok((head, found))
}

/// Stores `writes` in one transaction.
pub async fn save(db: &Database, writes: &Writes) -> Result<(), CacheError> {
    let tx = db
        .transaction(&[ROWS, META], TransactionMode::ReadWrite)
        .map_err(CacheError::from)?;
    let rows = tx.object_store(ROWS).map_err(CacheError::from)?;
    let meta = tx.object_store(META).map_err(CacheError::from)?;
    // Requests queue in the transaction: none is awaited alone, the commit waits for all.
    if writes.clear {
        rows.clear().map_err(CacheError::from)?;
    }
    for (bucket, json) in &writes.puts {
        let bytes = js_sys::Uint8Array::from(json.as_bytes());
        rows.put(&bytes, Some(&JsValue::from(*bucket)))
            .map_err(CacheError::from)?;
    }
    for bucket in &writes.deletes {
        rows.delete(JsValue::from(*bucket))
            .map_err(CacheError::from)?;
    }
    meta.put(
        &JsValue::from_str(&writes.head),
        Some(&JsValue::from_str(HEAD)),
    )
    .map_err(CacheError::from)?;
    finish(tx, &meta).await
}

/// Forgets every stored record (signing out, or a session ended).
pub async fn wipe(db: &Database) -> Result<(), CacheError> {
    let tx = db
        .transaction(&[ROWS, META], TransactionMode::ReadWrite)
        .map_err(CacheError::from)?;
    let meta = tx.object_store(META).map_err(CacheError::from)?;
    tx.object_store(ROWS)
        .map_err(CacheError::from)?
        .clear()
        .map_err(CacheError::from)?;
    meta.clear().map_err(CacheError::from)?;
    finish(tx, &meta).await
}

/// Commits `tx` and waits for the outcome; an aborted transaction says why (a full disk aborts
/// it with `QuotaExceededError`).
async fn finish(tx: idb::Transaction, store: &idb::ObjectStore) -> Result<(), CacheError> {
    match tx.commit().map_err(CacheError::from)?.await {
        Ok(TransactionResult::Committed) => Ok(()),
        Ok(TransactionResult::Aborted) => {
            let why = store.transaction().error();
            match why {
                Some(e) if e.name() == "QuotaExceededError" => Err(CacheError::Full),
                Some(e) => Err(CacheError::Failed(format!("{}: {}", e.name(), e.message()))),
                None => Err(CacheError::Failed("the write was abandoned".into())),
            }
        }
        Err(e) => Err(CacheError::from(e)),
    }
}
