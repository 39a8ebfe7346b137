//! Accounts and sessions: argon2id password hashes, sessions kept in Postgres by the SHA-256 of
//! their token, sign-in attempts limited per account and per address, and the admin's account
//! management. Every function that changes an account checks who is asking here.

use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use super::refusal::Refusal;
use super::{CHANGES_CHANNEL, DbError, Identity};
use crate::domain::access::Role;

pub use crate::sync::accounts::{SESSION_COOKIE, USER_COOKIE};
/// How long a session lasts after sign-in.
pub const SESSION_DAYS: i64 = 14;
/// Failed sign-ins counted over this window...
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// ...at most this many for one account...
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// ...and this many from one address, whatever the accounts tried.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
pub const MIN_PASSWORD: usize = 10;
pub const MAX_PASSWORD: usize = 256;
const MAX_EMAIL: usize = 254;
const MAX_NAME: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("wrong email or password")]
    Wrong,
    #[error("too many failed sign-ins: try again in {0} seconds")]
    TooMany(u64),
    #[error(transparent)]
    Db(#[from] DbError),
}

pub use crate::sync::protocol::Account;

/// At most this many password hashes are computed at once: each takes 19 MiB, and a flood of
/// sign-in requests must not take the server's memory.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// Hashes a password with argon2id (its default parameters: 19 MiB, 2 passes), off the async
/// threads.
pub async fn hash_password(password: &str) -> Result<String, DbError> {
    let password = password.to_owned();
    let _turn = HASHING
        .acquire()
        .await
        .map_err(|e| DbError::Internal(format!("hashing stopped: {e}")))?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| DbError::Internal(format!("the password could not be hashed: {e}")))
    })
    .await
    .map_err(|e| DbError::Internal(format!("hashing stopped: {e}")))?
}

/// Whether `password` matches the stored hash. With no hash, a hash of a random password is
/// checked instead, so an unknown email takes as long as a wrong password.
async fn verify_password(hash: Option<String>, password: &str) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let password = password.to_owned();
    let Ok(_turn) = HASHING.acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let stored = hash.unwrap_or_else(|| {
            DUMMY
                .get_or_init(|| {
                    let salt = SaltString::generate(&mut rand::rngs::OsRng);
                    Argon2::default()
                        .hash_password(random_password().as_bytes(), &salt)
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                })
                .clone()
        });
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
            && known
    })
    .await
    .unwrap_or(false)
}

/// A new password is long enough and not absurdly long.
pub fn check_new_password(password: &str) -> Result<(), DbError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Err(DbError::Refused(Refusal::PasswordTooShort(MIN_PASSWORD)));
    }
    if n > MAX_PASSWORD {
        return Err(DbError::Refused(Refusal::PasswordTooLong(MAX_PASSWORD)));
    }
    Ok(())
}

fn normal_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn check_email(email: &str) -> Result<String, DbError> {
    let email = normal_email(email);
    let valid = email.len() <= MAX_EMAIL
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') || domain == "localhost"
        })
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(email)
    } else {
        Err(DbError::Refused(Refusal::NotAnEmail(email)))
    }
}

fn check_name(name: &str) -> Result<String, DbError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DbError::Refused(Refusal::NameRequired));
    }
    if name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(DbError::Refused(Refusal::NameTooLong(MAX_NAME)));
    }
    Ok(name.to_owned())
}

/// The SHA-256 of a session token: what the sessions table keeps.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Whose attempts are counted together.
#[derive(Clone, Copy)]
enum Counted {
    /// An account's, from browsers it has not signed in from.
    Account,
    /// An address's, from browsers that are not known for the account they try.
    Address,
    /// One known browser's, for the account it signed in to.
    Device,
}

impl Counted {
    fn filter(self) -> &'static str {
        match self {
            Counted::Account => "email = $1 AND device IS NULL",
            Counted::Address => "address = $1 AND device IS NULL",
            Counted::Device => "device = $1",
        }
    }
}

/// How many seconds until the oldest attempt of the last `WINDOW` leaves it, when more than
/// `limit` are counted for this key (the attempt being made is already counted).
async fn locked_for(
    pool: &PgPool,
    counted: Counted,
    key: &str,
    limit: i64,
) -> Result<Option<u64>, DbError> {
    let window = WINDOW.as_secs_f64();
    // The filter is one of three written in this file, never input.
    let (count, wait): (i64, Option<f64>) = sqlx::query_as(&format!(
        "SELECT count(*), EXTRACT(EPOCH FROM min(at) + make_interval(secs => $2) - now())::float8 \
         FROM sign_in_failures WHERE {} AND at > now() - make_interval(secs => $2)",
        counted.filter()
    ))
    .bind(key)
    .bind(window)
    .fetch_one(pool)
    .await?;
    Ok((count > limit).then(|| wait.unwrap_or(window).ceil().max(1.0) as u64))
}

/// Counts an attempt before the password is checked, so that many attempts sent at once cannot
/// all slip under the limit; a success takes it back.
async fn count_attempt(
    pool: &PgPool,
    email: &str,
    address: &str,
    device: Option<&str>,
) -> Result<i64, DbError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO sign_in_failures (email, address, device) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(email)
    .bind(address)
    .bind(device)
    .fetch_one(pool)
    .await?)
}

/// The browser's device token, if it is one this account signed in from (within a year): the
/// hex of its hash, as failures name it.
async fn known_device(
    pool: &PgPool,
    email: &str,
    device: Option<&str>,
) -> Result<Option<String>, DbError> {
    let Some(token) = device.filter(|t| !t.is_empty() && t.len() <= 100) else {
        return Ok(None);
    };
    let hash = token_hash(token);
    let known: Option<i32> = sqlx::query_scalar(
        "SELECT 1 FROM sign_in_devices WHERE token_hash = $1 AND email = $2 \
         AND created_at > now() - interval '1 year'",
    )
    .bind(&hash)
    .bind(email)
    .fetch_optional(pool)
    .await?;
    Ok(known.map(|_| hash.iter().map(|b| format!("{b:02x}")).collect()))
}

/// What a successful sign-in gives the browser.
pub struct SignedIn {
    /// The new session's token.
    pub token: String,
    pub who: Identity,
    /// The browser's device token for this account (kept, or new), for its device cookie.
    pub device: String,
}

/// Checks the password and opens a new session: a new token every time, so a token planted
/// before sign-in is never the one that is signed in. A browser that signed in to this account
/// before (its `device` token) has its attempts counted apart: guesses from elsewhere do not
/// lock it out.
pub async fn sign_in(
    pool: &PgPool,
    email: &str,
    password: &str,
    address: &str,
    device: Option<&str>,
) -> Result<SignedIn, SignInError> {
    let email = normal_email(email);
    if email.len() > MAX_EMAIL || password.chars().count() > MAX_PASSWORD {
        return Err(SignInError::Wrong);
    }
    let known = known_device(pool, &email, device).await?;
    count_attempt(pool, &email, address, known.as_deref()).await?;
    let lock = match &known {
        Some(hash) => locked_for(pool, Counted::Device, hash, MAX_FAILURES_PER_ACCOUNT).await?,
        None => {
            let account =
                locked_for(pool, Counted::Account, &email, MAX_FAILURES_PER_ACCOUNT).await?;
            let place =
                locked_for(pool, Counted::Address, address, MAX_FAILURES_PER_ADDRESS).await?;
            account.max(place)
        }
    };
    if let Some(wait) = lock {
        return Err(SignInError::TooMany(wait));
    }
    let found: Option<(Uuid, Uuid, Option<String>)> = sqlx::query_as(
        "SELECT id, org_id, password_hash FROM users WHERE lower(email) = $1 AND active",
    )
    .bind(&email)
    .fetch_optional(pool)
    .await
    .map_err(DbError::from)?;
    let (ids, hash) = match found {
        Some((user, org, hash)) => (Some((user, org)), hash),
        None => (None, None),
    };
    let matches = verify_password(hash, password).await;
    let Some((user_id, org_id)) = ids.filter(|_| matches) else {
        return Err(SignInError::Wrong);
    };
    let token = new_token();
    let mut tx = pool.begin().await.map_err(DbError::from)?;
    // Only this browser's attempts are forgiven (a known one's, or this address's unknown
    // ones): someone else's guesses still count.
    sqlx::query(
        "DELETE FROM sign_in_failures WHERE \
         CASE WHEN $3::text IS NULL THEN email = $1 AND address = $2 AND device IS NULL \
              ELSE device = $3 END \
         OR at < now() - interval '1 day'",
    )
    .bind(&email)
    .bind(address)
    .bind(known.as_deref())
    .execute(&mut *tx)
    .await
    .map_err(DbError::from)?;
    // The browser is known for this account from now on (its token kept, or a new one).
    let device = match (&known, device) {
        (Some(_), Some(token)) => token.to_owned(),
        _ => {
            let token = new_token();
            sqlx::query("INSERT INTO sign_in_devices (token_hash, email) VALUES ($1, $2)")
                .bind(token_hash(&token))
                .bind(&email)
                .execute(&mut *tx)
                .await
                .map_err(DbError::from)?;
            token
        }
    };
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND expires_at < now()")
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(DbError::from)?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, org_id, expires_at, address) \
         VALUES ($1, $2, $3, now() + make_interval(days => $4), $5)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(org_id)
    .bind(SESSION_DAYS as i32)
    .bind(address)
    .execute(&mut *tx)
    .await
    .map_err(DbError::from)?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(SignedIn {
        token,
        who: Identity { org_id, user_id },
        device,
    })
}

/// Who a session token signs in: a live session of an active account, or nobody.
pub async fn session(pool: &PgPool, token: &str) -> Result<Option<Identity>, DbError> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    let found: Option<(Uuid, Uuid)> = sqlx::query_as(
        "SELECT s.org_id, s.user_id FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active AND u.org_id = s.org_id",
    )
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await?;
    Ok(found.map(|(org_id, user_id)| Identity { org_id, user_id }))
}

/// Ends this session.
pub async fn sign_out(pool: &PgPool, token: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of this person, on every browser.
pub async fn sign_out_everywhere(pool: &PgPool, who: &Identity) -> Result<u64, DbError> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(who.user_id)
        .execute(&mut *tx)
        .await?;
    super::calendar::end(&mut *tx, who.user_id).await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// A person changes their own password; their other sessions end, this one stays.
pub async fn change_password(
    pool: &PgPool,
    who: &Identity,
    token: &str,
    current: &str,
    new: &str,
) -> Result<(), DbError> {
    check_new_password(new)?;
    let (email, hash): (String, Option<String>) = sqlx::query_as(
        "SELECT lower(email), password_hash FROM users WHERE id = $1 AND org_id = $2",
    )
    .bind(who.user_id)
    .bind(who.org_id)
    .fetch_one(pool)
    .await?;
    // Guessing the current password from a stolen session is limited like signing in.
    let attempt = count_attempt(pool, &email, "change-password", None).await?;
    if let Some(wait) = locked_for(pool, Counted::Account, &email, MAX_FAILURES_PER_ACCOUNT).await?
    {
        return Err(DbError::Refused(Refusal::TooManyWrongPasswords(wait)));
    }
    if !verify_password(hash, current).await {
        return Err(DbError::Refused(Refusal::CurrentPasswordWrong));
    }
    sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
        .bind(attempt)
        .execute(pool)
        .await?;
    let hash = hash_password(new).await?;
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(who.user_id)
        .bind(hash)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(who.user_id)
        .bind(token_hash(token))
        .execute(&mut *tx)
        .await?;
    super::calendar::end(&mut *tx, who.user_id).await?;
    tx.commit().await?;
    Ok(())
}

async fn require_admin(pool: &PgPool, who: &Identity) -> Result<(), DbError> {
    if super::access::role(&mut *pool.acquire().await?, who).await? == Role::Admin {
        Ok(())
    } else {
        Err(DbError::Refused(Refusal::OnlyAdminsManageAccounts))
    }
}

/// Every account of the asker's org (admins only).
pub async fn accounts(pool: &PgPool, who: &Identity) -> Result<Vec<Account>, DbError> {
    require_admin(pool, who).await?;
    let rows: Vec<(Uuid, String, String, String, bool)> = sqlx::query_as(
        "SELECT id, name, email, role, active FROM users WHERE org_id = $1 ORDER BY name, id",
    )
    .bind(who.org_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, name, email, role, active)| {
            Ok(Account {
                id,
                name,
                email,
                role: Role::parse(&role)
                    .ok_or_else(|| DbError::Corrupt(format!("unknown role {role}")))?,
                active,
            })
        })
        .collect()
}

/// Tells the org's browsers to pull: its people changed.
async fn announce(conn: &mut sqlx::PgConnection, org_id: Uuid) -> Result<(), DbError> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANGES_CHANNEL)
        .bind(org_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// An admin adds a person to their org, with a first password to hand over.
pub async fn create_account(
    pool: &PgPool,
    who: &Identity,
    name: &str,
    email: &str,
    role: Role,
    password: &str,
) -> Result<Account, DbError> {
    require_admin(pool, who).await?;
    let name = check_name(name)?;
    let email = check_email(email)?;
    check_new_password(password)?;
    let hash = hash_password(password).await?;
    let id = Uuid::now_v7();
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO users (id, org_id, name, email, role, password_hash) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(who.org_id)
    .bind(&name)
    .bind(&email)
    .bind(role.code())
    .bind(hash)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(DbError::Refused(Refusal::EmailTaken(email)));
    }
    announce(&mut tx, who.org_id).await?;
    tx.commit().await?;
    Ok(Account {
        id,
        name,
        email,
        role,
        active: true,
    })
}

/// An admin changes a person's role or (de)activates them. A deactivated person's sessions end
/// at once. The org always keeps an active admin.
pub async fn update_account(
    pool: &PgPool,
    who: &Identity,
    id: Uuid,
    role: Role,
    active: bool,
) -> Result<(), DbError> {
    require_admin(pool, who).await?;
    let mut tx = pool.begin().await?;
    // One account change at a time per org, so two admins cannot demote each other at once.
    sqlx::query("SELECT id FROM orgs WHERE id = $1 FOR UPDATE")
        .bind(who.org_id)
        .execute(&mut *tx)
        .await?;
    let updated =
        sqlx::query("UPDATE users SET role = $3, active = $4 WHERE id = $1 AND org_id = $2")
            .bind(id)
            .bind(who.org_id)
            .bind(role.code())
            .bind(active)
            .execute(&mut *tx)
            .await?;
    if updated.rows_affected() == 0 {
        return Err(DbError::Refused(Refusal::NoSuchAccount));
    }
    let admins: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM users WHERE org_id = $1 AND role = 'admin' AND active",
    )
    .bind(who.org_id)
    .fetch_one(&mut *tx)
    .await?;
    if admins == 0 {
        return Err(DbError::Refused(Refusal::NeedsAnAdmin));
    }
    if !active {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        super::calendar::end(&mut *tx, id).await?;
    }
    announce(&mut tx, who.org_id).await?;
    tx.commit().await?;
    Ok(())
}

/// An admin sets a new password for a person; every session of theirs ends.
pub async fn reset_password(
    pool: &PgPool,
    who: &Identity,
    id: Uuid,
    password: &str,
) -> Result<(), DbError> {
    require_admin(pool, who).await?;
    check_new_password(password)?;
    let hash = hash_password(password).await?;
    let mut tx = pool.begin().await?;
    let updated = sqlx::query("UPDATE users SET password_hash = $3 WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(who.org_id)
        .bind(hash)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() == 0 {
        return Err(DbError::Refused(Refusal::NoSuchAccount));
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    super::calendar::end(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(())
}

/// A random password for a first admin: 16 characters from a set without look-alikes.
pub fn random_password() -> String {
    const SET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| SET[*b as usize % SET.len()] as char)
        .collect()
}
