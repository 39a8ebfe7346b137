//! PostgreSQL with no set-up: with `DATABASE_URL` unset, Rapport runs its own private cluster in
//! a data folder, reachable only through a Unix socket inside that folder, and stops it on exit.
//!
//! `initdb` and `postgres` refuse to run as root; when we are root (build and CI machines), they
//! run as the unprivileged `postgres` user, which then owns the data folder.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};
use thiserror::Error;

pub const DB_USER: &str = "rapport";

/// The options of every pool of the server (and its tests): `max` connections, and a check
/// as each connection goes back to the pool that it is not left inside a transaction. sqlx
/// leaves one so when a future is dropped while its `BEGIN` is on the wire (a request whose
/// client went away, a task aborted): the server has begun, the connection does not know, and
/// the next user's statements would run in that transaction, never committed, holding their
/// row locks (an import's claim did, and the import waited on it forever). One round trip per
/// release; such a connection is rolled back, or closed if that fails.
pub fn pool_options(max: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max)
        .after_release(|conn, _| {
            Box::pin(async move {
                // Inside a transaction its start is earlier than this statement's. Sent as one
                // simple query: in the extended protocol the statement's time is that of its
                // last message, later than the implicit transaction's start.
                let row = sqlx::Executor::fetch_one(
                    &mut *conn,
                    "SELECT transaction_timestamp() <> statement_timestamp()",
                )
                .await?;
                let stuck: bool = sqlx::Row::try_get(&row, 0)?;
                if stuck {
                    tracing::warn!("a connection came back inside a transaction: rolled back");
                    sqlx::query("ROLLBACK").execute(&mut *conn).await?;
                }
                Ok(true)
            })
        })
}

#[derive(Debug, Error)]
pub enum PgError {
    #[error(
        "PostgreSQL's server programs (initdb, pg_ctl) were not found. Install them \
         (Debian: `apt-get install postgresql`), set RAPPORT_PG_BIN to their folder, \
         or set DATABASE_URL to use an existing server"
    )]
    NoBinaries,
    #[error(
        "running as root, the private PostgreSQL must run as the unprivileged user `postgres`, \
         which does not exist: create it (`useradd --system postgres`) or set DATABASE_URL"
    )]
    NoPostgresUser,
    #[error(
        "running as root, the private PostgreSQL is started as the user `postgres` with \
         `runuser`, which was not found: install util-linux, or set DATABASE_URL"
    )]
    NoRunuser,
    #[error(
        "the user `postgres` cannot reach the data folder {0}: set RAPPORT_DATA_DIR to a \
         folder it can reach (e.g. under /var/tmp), or set DATABASE_URL"
    )]
    Unreachable(PathBuf),
    #[error("{what} failed: {detail}")]
    Command { what: String, detail: String },
    #[error("cannot prepare the data folder {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("cannot connect to PostgreSQL: {0}")]
    Connect(#[from] sqlx::Error),
}

/// A private cluster this process started; stopped when dropped.
pub struct Cluster {
    data_dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    stopped: bool,
}

impl Cluster {
    /// Creates the cluster in `data_dir` if it is new, and starts it.
    pub fn start(data_dir: &Path) -> Result<Cluster, PgError> {
        let bin = find_binaries()?;
        let as_postgres = is_root();
        if as_postgres && !user_exists("postgres") {
            return Err(PgError::NoPostgresUser);
        }
        if as_postgres && !runuser().is_absolute() {
            return Err(PgError::NoRunuser);
        }
        std::fs::create_dir_all(data_dir).map_err(|e| PgError::Io(data_dir.into(), e))?;
        let data_dir = data_dir
            .canonicalize()
            .map_err(|e| PgError::Io(data_dir.into(), e))?;
        let mut cluster = Cluster {
            data_dir,
            bin,
            as_postgres,
            stopped: true,
        };
        if cluster.as_postgres {
            chown_to_postgres(&cluster.data_dir)?;
            if !cluster.run_ok("test", [OsStr::new("-w"), cluster.data_dir.as_os_str()]) {
                return Err(PgError::Unreachable(cluster.data_dir.clone()));
            }
        }
        if !cluster.data_dir.join("PG_VERSION").exists() {
            tracing::info!(
                "creating a private PostgreSQL cluster in {}",
                cluster.data_dir.display()
            );
            let initdb = cluster.bin.join("initdb");
            cluster.run(
                "initdb",
                initdb.as_os_str(),
                [
                    OsStr::new("-D"),
                    cluster.data_dir.as_os_str(),
                    OsStr::new("-U"),
                    OsStr::new(DB_USER),
                    OsStr::new("--auth=trust"),
                    OsStr::new("--encoding=UTF8"),
                    OsStr::new("--locale=C.UTF-8"),
                    OsStr::new("--no-sync"),
                ],
            )?;
        }
        let socket_dir = cluster.data_dir.to_string_lossy().into_owned();
        // Only the socket in the data folder: no TCP port, nothing reachable from outside.
        let options = format!(
            "-c listen_addresses='' -c unix_socket_directories='{socket_dir}' \
             -c fsync=on -c max_connections=100"
        );
        let log = cluster.data_dir.join("server.log");
        let pg_ctl = cluster.bin.join("pg_ctl");
        // A cluster left running by a killed server is taken over rather than started twice.
        let running = cluster.run_ok(
            &pg_ctl.to_string_lossy(),
            [
                OsStr::new("-D"),
                cluster.data_dir.as_os_str(),
                OsStr::new("status"),
            ],
        );
        if running {
            tracing::info!("reusing the private PostgreSQL already running in {socket_dir}");
            cluster.stopped = false;
            return Ok(cluster);
        }
        cluster.run(
            "pg_ctl start",
            pg_ctl.as_os_str(),
            [
                OsStr::new("-D"),
                cluster.data_dir.as_os_str(),
                OsStr::new("-o"),
                OsStr::new(&options),
                OsStr::new("-l"),
                log.as_os_str(),
                OsStr::new("-w"),
                OsStr::new("-t"),
                OsStr::new("60"),
                OsStr::new("start"),
            ],
        )?;
        cluster.stopped = false;
        Ok(cluster)
    }

    /// Connection options for `database` in this cluster.
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(&self.data_dir)
            .username(DB_USER)
            .database(database)
            .disable_statement_logging()
    }

    /// Creates `database` unless it exists, and opens a pool on it.
    pub async fn pool(&self, database: &str) -> Result<PgPool, PgError> {
        let mut admin = PgConnection::connect_with(&self.connect_options("postgres")).await?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                .bind(database)
                .fetch_one(&mut admin)
                .await?;
        if !exists {
            // A name cannot be a bind parameter; quote it as an identifier.
            let quoted = format!("\"{}\"", database.replace('"', "\"\""));
            sqlx::query(&format!("CREATE DATABASE {quoted}"))
                .execute(&mut admin)
                .await?;
        }
        admin.close().await?;
        Ok(pool_options(16)
            .connect_with(self.connect_options(database))
            .await?)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Stops the cluster (fast shutdown: sessions are ended, committed data is kept).
    pub fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        let pg_ctl = self.bin.join("pg_ctl");
        let result = self.run(
            "pg_ctl stop",
            pg_ctl.as_os_str(),
            [
                OsStr::new("-D"),
                self.data_dir.as_os_str(),
                OsStr::new("-m"),
                OsStr::new("fast"),
                OsStr::new("stop"),
            ],
        );
        match result {
            Ok(()) => tracing::info!("stopped the private PostgreSQL"),
            Err(e) => tracing::warn!("stopping the private PostgreSQL: {e}"),
        }
    }

    fn command(&self, program: &OsStr) -> Command {
        if self.as_postgres {
            let mut c = Command::new(runuser());
            c.args([
                OsStr::new("-u"),
                OsStr::new("postgres"),
                OsStr::new("--"),
                program,
            ]);
            c
        } else {
            Command::new(program)
        }
    }

    fn run<'a>(
        &self,
        what: &str,
        program: &OsStr,
        args: impl IntoIterator<Item = &'a OsStr>,
    ) -> Result<(), PgError> {
        let output = self
            .command(program)
            .args(args)
            .current_dir(&self.data_dir)
            .output()
            .map_err(|e| PgError::Command {
                what: what.into(),
                detail: e.to_string(),
            })?;
        if output.status.success() {
            Ok(())
        } else {
            let mut detail = String::from_utf8_lossy(&output.stderr).trim().to_string();
            if detail.is_empty() {
                detail = String::from_utf8_lossy(&output.stdout).trim().to_string();
            }
            let log = self.data_dir.join("server.log");
            if let Ok(text) = std::fs::read_to_string(&log) {
                let tail: Vec<&str> = text.lines().rev().take(5).collect();
                detail = format!(
                    "{detail}\n(server log, last lines)\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                );
            }
            Err(PgError::Command {
                what: what.into(),
                detail,
            })
        }
    }

    fn run_ok<'a>(&self, program: &str, args: impl IntoIterator<Item = &'a OsStr>) -> bool {
        self.command(OsStr::new(program))
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}

/// runuser lives in /usr/sbin, which is not on every PATH (CI runners, cron, minimal shells).
fn runuser() -> PathBuf {
    [
        "/usr/sbin/runuser",
        "/sbin/runuser",
        "/usr/bin/runuser",
        "/bin/runuser",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .unwrap_or_else(|| PathBuf::from("runuser"))
}

/// A basic system program by its usual absolute path, else by name on PATH.
fn system_tool(name: &str) -> PathBuf {
    ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        .into_iter()
        .map(|dir| PathBuf::from(dir).join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from(name))
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn user_exists(name: &str) -> bool {
    Command::new(system_tool("id"))
        .arg(name)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn chown_to_postgres(dir: &Path) -> Result<(), PgError> {
    let status = Command::new(system_tool("chown"))
        .args([
            OsStr::new("-R"),
            OsStr::new("postgres:postgres"),
            dir.as_os_str(),
        ])
        .status()
        .map_err(|e| PgError::Io(dir.into(), e))?;
    if !status.success() {
        return Err(PgError::Command {
            what: "chown".into(),
            detail: format!("{} to postgres", dir.display()),
        });
    }
    // PostgreSQL insists its data folder is private to its owner.
    let chmod = Command::new(system_tool("chmod"))
        .args([OsStr::new("700"), dir.as_os_str()])
        .status();
    if !chmod.is_ok_and(|s| s.success()) {
        return Err(PgError::Command {
            what: "chmod".into(),
            detail: dir.display().to_string(),
        });
    }
    Ok(())
}

/// The folder holding initdb and pg_ctl: RAPPORT_PG_BIN, the newest Debian install, or PATH.
fn find_binaries() -> Result<PathBuf, PgError> {
    if let Ok(dir) = std::env::var("RAPPORT_PG_BIN") {
        let dir = PathBuf::from(dir);
        return if dir.join("initdb").exists() {
            Ok(dir)
        } else {
            Err(PgError::NoBinaries)
        };
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return Ok(bin);
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .find(|dir| dir.join("initdb").exists() && dir.join("pg_ctl").exists())
        .ok_or(PgError::NoBinaries)
}
