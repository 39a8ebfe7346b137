//! Configuration from the environment, with defaults that work on a fresh machine.

use std::net::SocketAddr;
use std::path::PathBuf;

pub const DEFAULT_DATA_DIR: &str = ".data/postgres";

/// Where the private PostgreSQL goes when the default folder is out of the `postgres` user's
/// reach (a checkout under /root, say): a folder named after the project's path.
pub fn fallback_data_dir(project: &std::path::Path) -> PathBuf {
    let name: String = project
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    PathBuf::from("/var/tmp/rapport")
        .join(name.trim_matches('_'))
        .join("postgres")
}

#[derive(Debug, Clone)]
pub struct Config {
    /// An existing PostgreSQL to use; when unset, Rapport runs its own in `data_dir`.
    pub database_url: Option<String>,
    /// Where the private PostgreSQL keeps its data.
    pub data_dir: PathBuf,
    /// False when `data_dir` is the default, which may be replaced if PostgreSQL cannot reach it.
    pub data_dir_chosen: bool,
    /// The database name inside the private cluster.
    pub database: String,
    /// Where to serve.
    pub addr: SocketAddr,
    /// Load the demo organisation and pipeline into an empty database.
    pub demo: bool,
    /// The largest request body accepted, in bytes (`RAPPORT_MAX_BODY`); larger ones get 413.
    pub max_body: usize,
    /// The largest file accepted for import, in bytes (`RAPPORT_MAX_IMPORT`).
    pub max_import: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("{name} is not valid: {detail}")]
pub struct ConfigError {
    name: &'static str,
    detail: String,
}

impl Config {
    pub fn from_env(default_addr: SocketAddr) -> Result<Config, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let mut addr = default_addr;
        if let Some(ip) = var("RAPPORT_ADDR") {
            addr.set_ip(ip.parse().map_err(|e| ConfigError {
                name: "RAPPORT_ADDR",
                detail: format!("{ip:?}: {e}"),
            })?);
        }
        if let Some(port) = var("RAPPORT_PORT") {
            addr.set_port(port.parse().map_err(|e| ConfigError {
                name: "RAPPORT_PORT",
                detail: format!("{port:?}: {e}"),
            })?);
        }
        let demo = match var("RAPPORT_DEMO").as_deref() {
            None | Some("1") | Some("true") | Some("yes") => true,
            Some("0") | Some("false") | Some("no") => false,
            Some(other) => {
                return Err(ConfigError {
                    name: "RAPPORT_DEMO",
                    detail: format!("{other:?}: use true or false"),
                });
            }
        };
        // A push the browser makes is at most MAX_PUSH_BYTES of changes: the limit leaves room.
        let least = 2 * app::sync::protocol::MAX_PUSH_BYTES;
        let max_body = match var("RAPPORT_MAX_BODY") {
            None => crate::MAX_BODY,
            Some(text) => match text.trim().parse::<usize>() {
                Ok(n) if n >= least => n,
                _ => {
                    return Err(ConfigError {
                        name: "RAPPORT_MAX_BODY",
                        detail: format!("{text:?}: a number of bytes, at least {least}"),
                    });
                }
            },
        };
        let max_import = match var("RAPPORT_MAX_IMPORT") {
            None => crate::MAX_IMPORT,
            Some(text) => match text.trim().parse::<usize>() {
                Ok(n) if n >= 1024 => n,
                _ => {
                    return Err(ConfigError {
                        name: "RAPPORT_MAX_IMPORT",
                        detail: format!("{text:?}: a number of bytes, at least 1024"),
                    });
                }
            },
        };
        Ok(Config {
            database_url: var("DATABASE_URL"),
            data_dir: var("RAPPORT_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR)),
            data_dir_chosen: var("RAPPORT_DATA_DIR").is_some(),
            database: var("RAPPORT_DATABASE").unwrap_or_else(|| "rapport".into()),
            addr,
            demo,
            max_body,
            max_import,
        })
    }
}
