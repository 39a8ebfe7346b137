//! Gives the memory of large answers back to the system. glibc's allocator keeps what a request
//! freed for the next one; a first sync of a large organisation builds tens of megabytes of rows
//! and JSON for a moment, and that memory then stays counted against the process for good (the
//! benchmark's server held 164 MB after serving a few first syncs of 10,000 deals, of which the
//! event streams of 500 browsers used 2). Every few seconds, when the process has grown since
//! it last looked, `malloc_trim` returns what is free.
//!
//! What is free is not always returnable: glibc gives each thread that allocates an arena of its
//! own, up to eight per core, and a page of an arena with one live allocation left stays. With
//! tokio moving requests between threads, the bench's 10,000-deal server held 127 MB at rest
//! after two browsers had synced and moved cards, 80 MB with the arenas limited to one per core
//! (and 29 MB fresh); the 500 browsers' fan-out answered as fast either way.

use std::time::Duration;

/// How often the process's size is looked at.
const EVERY: Duration = Duration::from_secs(2);
/// Growth since the last trim that is worth a trim, in bytes.
const WORTH: u64 = 16 * 1024 * 1024;

/// Limits the allocator to one arena per core (at least two). Called before any thread starts:
/// arenas made before stay.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn limit_arenas() {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    let cores = libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX);
    // SAFETY: mallopt only sets one of the allocator's parameters; no other thread runs yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, cores);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_arenas() {}

/// The process's resident size in bytes, from `/proc/self/statm` (Linux).
pub fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // SAFETY: sysconf only reads a system constant.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages * u64::try_from(page).ok()?)
}

/// Starts the trimming, until `stopping` says the server stops.
pub fn spawn_trimmer(mut stopping: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut low = resident_bytes().unwrap_or(0);
        loop {
            tokio::select! {
                _ = tokio::time::sleep(EVERY) => {}
                _ = stopping.changed() => return,
            }
            let Some(now) = resident_bytes() else { return };
            if now < low.saturating_add(WORTH) {
                low = low.min(now);
                continue;
            }
            let _ = tokio::task::spawn_blocking(trim).await;
            low = resident_bytes().unwrap_or(now);
        }
    });
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim() {
    // SAFETY: malloc_trim only releases free memory of the allocator's own arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    #[test]
    fn freed_memory_goes_back_to_the_system_when_trimmed() {
        // 96 MB in pieces small enough to come from the allocator's heap, then freed.
        let pieces: Vec<Vec<u8>> = (0..96 * 1024).map(|i| vec![i as u8; 1024]).collect();
        let full = resident_bytes().unwrap();
        drop(pieces);
        trim();
        let trimmed = resident_bytes().unwrap();
        assert!(
            trimmed + 48 * 1024 * 1024 < full,
            "{full} bytes before, {trimmed} after"
        );
    }
}
