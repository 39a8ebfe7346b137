//! Order inside a kanban column as fractional index strings: a card moved between two others gets
//! a key that sorts between theirs, so a move writes one row and never renumbers the column.
//!
//! Keys are base-62 digit strings read as fractions in (0, 1); they never end in the zero digit,
//! so between any two distinct keys there is always another.

use super::RuleError;

const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const MAX_LEN: usize = 64;

fn digit_value(d: u8) -> Option<usize> {
    DIGITS.iter().position(|&x| x == d)
}

/// True when `key` is a well-formed position.
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_LEN
        && !key.ends_with('0')
        && key.bytes().all(|b| digit_value(b).is_some())
}

/// Checks a position that came from a client.
pub fn validate_key(key: &str) -> Result<(), RuleError> {
    if is_valid_key(key) {
        Ok(())
    } else {
        Err(RuleError::InvalidPosition(key.chars().take(80).collect()))
    }
}

/// A key strictly between `before` and `after` (either end open when `None`).
pub fn key_between(before: Option<&str>, after: Option<&str>) -> Result<String, RuleError> {
    for key in [before, after].into_iter().flatten() {
        validate_key(key)?;
    }
    if let (Some(a), Some(b)) = (before, after)
        && a >= b
    {
        return Err(RuleError::InvalidPosition(format!("{a} is not before {b}")));
    }
    let a = before.unwrap_or("").as_bytes();
    let mid = midpoint(a, after.map(str::as_bytes));
    // Every byte comes from DIGITS, so this cannot fail.
    Ok(String::from_utf8(mid).unwrap_or_default())
}

/// `n` keys in increasing order between `before` and `after`, spread evenly so they stay short.
pub fn n_keys_between(
    before: Option<&str>,
    after: Option<&str>,
    n: usize,
) -> Result<Vec<String>, RuleError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let mid = key_between(before, after)?;
    let left = n_keys_between(before, Some(&mid), (n - 1) / 2)?;
    let right = n_keys_between(Some(&mid), after, n - 1 - (n - 1) / 2)?;
    let mut keys = left;
    keys.push(mid);
    keys.extend(right);
    Ok(keys)
}

/// Midpoint of two digit strings read as fractions; `a < b`, `b == None` means 1.
fn midpoint(a: &[u8], b: Option<&[u8]>) -> Vec<u8> {
    if let Some(b) = b {
        // Skip the common prefix (reading a missing digit of `a` as zero).
        let mut n = 0;
        while n < b.len() && a.get(n).copied().unwrap_or(b'0') == b[n] {
            n += 1;
        }
        if n > 0 {
            let mut out = b[..n].to_vec();
            out.extend(midpoint(a.get(n..).unwrap_or(&[]), Some(&b[n..])));
            return out;
        }
    }
    let da = a.first().and_then(|&d| digit_value(d)).unwrap_or(0);
    let db = b
        .and_then(|b| b.first())
        .and_then(|&d| digit_value(d))
        .unwrap_or(DIGITS.len());
    if db - da > 1 {
        return vec![DIGITS[(da + db) / 2]];
    }
    // The first digits are consecutive.
    if let Some(b) = b
        && b.len() > 1
    {
        return vec![b[0]];
    }
    let mut out = vec![DIGITS[da]];
    out.extend(midpoint(a.get(1..).unwrap_or(&[]), None));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_between_nothing_is_the_middle_digit() {
        assert_eq!(key_between(None, None).unwrap(), "V");
    }

    #[test]
    fn a_key_between_two_keys_sorts_between_them() {
        let cases = [
            ("V", "W"),
            ("a", "a1"),
            ("1", "2"),
            ("zz", "zzz"),
            ("A", "B1"),
            ("0001", "01"),
        ];
        for (a, b) in cases {
            let k = key_between(Some(a), Some(b)).unwrap();
            assert!(a < k.as_str() && k.as_str() < b, "{a} < {k} < {b}");
            assert!(is_valid_key(&k), "{k} is valid");
        }
    }

    #[test]
    fn appending_and_prepending_keeps_order() {
        let mut keys = vec![key_between(None, None).unwrap()];
        for _ in 0..200 {
            let last = keys.last().cloned();
            keys.push(key_between(last.as_deref(), None).unwrap());
            let first = keys.first().cloned();
            keys.insert(0, key_between(None, first.as_deref()).unwrap());
        }
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn repeated_inserts_between_neighbours_keep_order() {
        let (mut lo, hi) = ("V".to_string(), "W".to_string());
        for _ in 0..40 {
            let k = key_between(Some(&lo), Some(&hi)).unwrap();
            assert!(lo < k && k < hi);
            lo = k;
        }
    }

    #[test]
    fn evenly_spread_keys_are_sorted_distinct_and_short() {
        let keys = n_keys_between(None, None, 1000).unwrap();
        assert_eq!(keys.len(), 1000);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys.iter().all(|k| k.len() <= 3), "keys stay short");
    }

    #[test]
    fn malformed_or_reversed_bounds_are_refused() {
        assert!(key_between(Some("b"), Some("a")).is_err());
        assert!(key_between(Some("a"), Some("a")).is_err());
        assert!(key_between(Some("a0"), None).is_err());
        assert!(key_between(Some("a-b"), None).is_err());
        assert!(validate_key("").is_err());
    }
}
