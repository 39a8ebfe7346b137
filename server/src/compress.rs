//! Serving compressed. The app's files (`pkg/`: wasm, JS, CSS) are compressed once with brotli
//! and gzip, beside each file (`rapport.wasm.br`, `.gz`), in the background at start-up and again
//! whenever a file is newer than its compressed copies, so a rebuilt wasm never meets a stale
//! `.br`. Every other answer (pages, pull and push answers) is compressed on the fly when the
//! browser accepts it; the event stream is not (compression would hold pokes back).

use std::io::Write;
use std::path::{Path, PathBuf};

use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;

/// Files larger than this (a debug build's wasm) get a quicker brotli level: the best one takes
/// about a minute on 18 MB.
const BEST_UP_TO: u64 = 8 * 1024 * 1024;

/// The app's files, served precompressed when the browser accepts it and the copy is there.
pub fn pkg_files(site_root: &str, pkg_dir: &str) -> ServeDir {
    ServeDir::new(Path::new(site_root).join(pkg_dir))
        .precompressed_br()
        .precompressed_gzip()
}

/// How hard answers are compressed on the fly. Each pull and push answer pays it, so it is a
/// fast level: brotli's default is its best (11), which costs the server about a millisecond
/// of CPU for a 200-byte answer, fifty times level 4 (and far more for a first sync's
/// megabytes), for little smaller JSON.
const ON_THE_FLY: CompressionLevel = CompressionLevel::Precise(4);

/// Compression on the fly of every other answer (not `text/event-stream`, not images, not
/// answers that are compressed already).
pub fn on_the_fly() -> CompressionLayer {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(ON_THE_FLY)
}

/// Compresses every file of `dir` whose compressed copies are missing or older than it, in the
/// background. Several servers on one site folder may do this at once: each writes a temporary
/// file and renames it into place, so a reader sees a whole copy or none.
pub fn precompress_in_background(dir: PathBuf) {
    tokio::task::spawn_blocking(move || {
        if let Err(e) = precompress(&dir) {
            tracing::warn!("could not precompress {}: {e}", dir.display());
        }
    });
}

fn precompress(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let compressible = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css")
        );
        if !compressible {
            continue;
        }
        let modified = std::fs::metadata(&path)?.modified()?;
        for (suffix, compress) in [
            ("br", brotli_of as fn(&[u8]) -> std::io::Result<Vec<u8>>),
            ("gz", gzip_of),
        ] {
            let target = PathBuf::from(format!("{}.{suffix}", path.display()));
            let fresh = std::fs::metadata(&target)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= modified);
            if fresh {
                continue;
            }
            // Until the new copy is in place, none is served rather than a stale one.
            let _ = std::fs::remove_file(&target);
            let bytes = std::fs::read(&path)?;
            let packed = compress(&bytes)?;
            let temporary = PathBuf::from(format!(
                "{}.{}.{suffix}.part",
                path.display(),
                std::process::id()
            ));
            std::fs::write(&temporary, packed)?;
            std::fs::rename(&temporary, &target)?;
        }
    }
    Ok(())
}

fn brotli_of(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let quality = if bytes.len() as u64 <= BEST_UP_TO {
        11
    } else {
        5
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, quality, 22);
        writer.write_all(bytes)?;
    }
    Ok(out)
}

fn gzip_of(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    encoder.write_all(bytes)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn each_file_gets_copies_that_unpack_to_it_and_a_changed_file_gets_new_ones() {
        let dir = std::env::temp_dir().join(format!("rapport-precompress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let wasm = dir.join("rapport.wasm");
        std::fs::write(&wasm, "(module) ".repeat(2000)).unwrap();
        std::fs::write(dir.join("favicon.svg"), "<svg/>").unwrap();
        precompress(&dir).unwrap();
        let unpack = |path: &Path| {
            let mut out = String::new();
            flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
                .read_to_string(&mut out)
                .unwrap();
            out
        };
        assert_eq!(
            unpack(&dir.join("rapport.wasm.gz")),
            "(module) ".repeat(2000)
        );
        let mut unbrotli = String::new();
        brotli::Decompressor::new(
            std::fs::File::open(dir.join("rapport.wasm.br")).unwrap(),
            4096,
        )
        .read_to_string(&mut unbrotli)
        .unwrap();
        assert_eq!(unbrotli, "(module) ".repeat(2000));
        assert!(
            !dir.join("favicon.svg.br").exists(),
            "only wasm, JS and CSS"
        );

        // A rebuilt file (newer than its copies) is compressed again.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&wasm, "(module rebuilt) ".repeat(100)).unwrap();
        precompress(&dir).unwrap();
        assert_eq!(
            unpack(&dir.join("rapport.wasm.gz")),
            "(module rebuilt) ".repeat(100)
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
