//! How versions before the IndexedDB cache (`sync/cache.rs`) kept the records in LocalStorage:
//! the snapshot's JSON, compressed with LZ4 and stored one byte per character behind a marker,
//! or (older still) plain JSON. Read once when a browser is upgraded, so a person who sat
//! offline through the upgrade still opens their board; never written any more.

/// Starts a compressed cache; a JSON one starts with `{`.
const MARK: char = '\u{1}';

/// The stored form of a snapshot's JSON, as older versions wrote it.
#[cfg(test)]
pub fn encode(json: &str) -> String {
    let bytes = lz4_flex::compress_prepend_size(json.as_bytes());
    let mut stored = String::with_capacity(bytes.len() * 2 + 1);
    stored.push(MARK);
    stored.extend(bytes.iter().map(|b| char::from(*b)));
    stored
}

/// The JSON back from its stored form; `None` when it is neither form (damaged, or foreign).
pub fn decode(stored: &str) -> Option<String> {
    if stored.starts_with('{') {
        return Some(stored.to_string());
    }
    let mut chars = stored.chars();
    if chars.next()? != MARK {
        return None;
    }
    let bytes: Vec<u8> = chars
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect::<Option<_>>()?;
    let json = lz4_flex::decompress_size_prepended(&bytes).ok()?;
    String::from_utf8(json).ok()
}

/// The number of characters the stored form takes (what LocalStorage counts).
#[cfg(test)]
pub fn stored_len(stored: &str) -> usize {
    stored.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_comes_back_as_it_was_stored_and_takes_fewer_characters() {
        let json = format!(
            "{{\"cursor\":42,\"store\":{{\"opportunities\":{{{}}}}}}}",
            (0..500)
                .map(|i| format!(
                    "\"0190{i:04}-0000-7000-8000-00000000{i:04}\":{{\"title\":\"Phần mềm kế toán {i}\",\"stage_id\":\"01900000-0000-7000-8000-000000000001\"}}"
                ))
                .collect::<Vec<_>>()
                .join(",")
        );
        let stored = encode(&json);
        assert_eq!(decode(&stored).as_deref(), Some(json.as_str()));
        assert!(
            stored_len(&stored) * 3 < json.chars().count(),
            "compressed well"
        );
    }

    #[test]
    fn an_older_plain_json_cache_is_still_read_and_garbage_is_not() {
        assert_eq!(decode("{\"cursor\":1}").as_deref(), Some("{\"cursor\":1}"));
        assert_eq!(decode("not a cache"), None);
        assert_eq!(decode("\u{1}\u{2}"), None);
        assert_eq!(
            decode("\u{1}ĀĀ"),
            None,
            "characters above one byte are damage"
        );
    }
}
