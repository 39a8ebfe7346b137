//! How many changes one account may push: a bucket per account that fills at a steady rate, so a
//! person's bursts (an outbox draining after a week offline) pass and a script flooding the
//! server with changes, or with refusals to store, is slowed. Kept in each server process: with
//! several processes an account gets that much from each, which still bounds it.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::Instant;

use uuid::Uuid;

/// The changes one account may push at once (a full outbox of a week offline and more)...
pub const BURST: f64 = 20_000.0;
/// ...and per second after that, on average.
pub const PER_SECOND: f64 = 200.0;

struct Bucket {
    tokens: f64,
    at: Instant,
}

static BUCKETS: LazyLock<Mutex<HashMap<Uuid, Bucket>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Takes `n` changes from the account's bucket; when there are not enough, how many seconds
/// until there are.
pub fn take(account: Uuid, n: usize) -> Result<(), u64> {
    take_at(&BUCKETS, account, n, Instant::now())
}

fn take_at(
    buckets: &Mutex<HashMap<Uuid, Bucket>>,
    account: Uuid,
    n: usize,
    now: Instant,
) -> Result<(), u64> {
    let Ok(mut buckets) = buckets.lock() else {
        // A poisoned lock (a panic elsewhere) does not stop anyone's work.
        return Ok(());
    };
    let bucket = buckets.entry(account).or_insert(Bucket {
        tokens: BURST,
        at: now,
    });
    let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
    bucket.tokens = (bucket.tokens + elapsed * PER_SECOND).min(BURST);
    bucket.at = now;
    let wanted = n as f64;
    if bucket.tokens >= wanted {
        bucket.tokens -= wanted;
        Ok(())
    } else {
        Err(((wanted - bucket.tokens) / PER_SECOND).ceil().max(1.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_burst_passes_a_flood_waits_and_the_bucket_fills_again() {
        let buckets = Mutex::new(HashMap::new());
        let (lan, khoa) = (Uuid::now_v7(), Uuid::now_v7());
        let start = Instant::now();
        // A week offline: 40 pushes of 500 changes pass at once.
        for _ in 0..40 {
            assert_eq!(take_at(&buckets, lan, 500, start), Ok(()));
        }
        // The next one waits, about as long as the bucket needs to fill for it.
        assert_eq!(take_at(&buckets, lan, 500, start), Err(3));
        // Someone else is not slowed by Lan.
        assert_eq!(take_at(&buckets, khoa, 500, start), Ok(()));
        // Three seconds later there is room again.
        let later = start + Duration::from_secs(3);
        assert_eq!(take_at(&buckets, lan, 500, later), Ok(()));
    }
}
