//! The password gate for a workbench reachable from other computers: the office's password is
//! kept only as an argon2 hash (PHC string); a correct password opens a session whose random
//! token travels in an `HttpOnly; SameSite=Strict` cookie. Sessions live in memory: a restart
//! asks everyone to sign in again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The session cookie's name.
pub(super) const COOKIE: &str = "tongbao_session";
/// How long a session lasts without signing in again.
pub(super) const SESSION: Duration = Duration::from_secs(12 * 60 * 60);
/// Wrong passwords allowed within [`LOCKOUT`] before every attempt is refused until it ends.
pub(super) const MAX_FAILURES: u32 = 10;
/// The window of [`MAX_FAILURES`].
pub(super) const LOCKOUT: Duration = Duration::from_secs(5 * 60);

/// The office's password (as its hash) and the sessions it opened.
#[derive(Debug)]
pub struct Auth {
    hash: String,
    sessions: Mutex<HashMap<String, Instant>>,
    /// Wrong passwords: how many since when.
    failures: Mutex<(u32, Instant)>,
}

/// Hashes `password` with argon2 (a random salt): the only form in which it is kept.
pub fn hash_password(password: &str) -> Result<String, String> {
    if password.chars().count() < 8 {
        return Err("密码至少 8 个字符".to_string());
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("无法生成密码的哈希值：{e}"))
}

/// Whether an attempt is allowed, a wrong password, or a correct one.
#[derive(Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The password is right.
    Right,
    /// The password is wrong.
    Wrong,
    /// Too many wrong passwords lately: refused without checking.
    LockedOut,
}

impl Auth {
    /// The gate for the argon2 hash `phc` (as [`hash_password`] writes it).
    pub fn from_hash(phc: &str) -> Result<Auth, String> {
        let phc = phc.trim();
        PasswordHash::new(phc).map_err(|e| format!("不是有效的 argon2 密码哈希（{e}）"))?;
        Ok(Auth {
            hash: phc.to_string(),
            sessions: Mutex::new(HashMap::new()),
            failures: Mutex::new((0, Instant::now())),
        })
    }

    /// Checks `password` (slow on purpose: run it off the async threads).
    pub fn attempt(&self, password: &str) -> Attempt {
        let now = Instant::now();
        {
            let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
            if now.duration_since(f.1) > LOCKOUT {
                *f = (0, now);
            }
            if f.0 >= MAX_FAILURES {
                return Attempt::LockedOut;
            }
        }
        let right = PasswordHash::new(&self.hash).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        });
        if right {
            Attempt::Right
        } else {
            let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
            f.0 += 1;
            Attempt::Wrong
        }
    }

    /// Opens a session; returns its token.
    pub fn open_session(&self) -> String {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut s = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        s.retain(|_, opened| now.duration_since(*opened) < SESSION);
        s.insert(token.clone(), now);
        token
    }

    /// Whether `token` is an open session.
    pub fn is_open(&self, token: &str) -> bool {
        let s = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        s.get(token)
            .is_some_and(|opened| opened.elapsed() < SESSION)
    }

    /// Closes the session `token`.
    pub fn close(&self, token: &str) {
        let mut s = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        s.remove(token);
    }
}

/// The `Set-Cookie` value of session `token`.
pub(super) fn session_cookie(token: &str) -> String {
    format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}",
        SESSION.as_secs()
    )
}

/// The `Set-Cookie` value that ends the session cookie.
pub(super) fn cleared_cookie() -> String {
    format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
}

/// The session token in a `Cookie` header, if any.
pub(super) fn token_in(cookie_header: &str) -> Option<&str> {
    cookie_header
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_checks_the_password_it_was_made_from() {
        let auth = Auth::from_hash(&hash_password("正确的密码abc").unwrap()).unwrap();
        assert_eq!(auth.attempt("正确的密码abc"), Attempt::Right);
        assert_eq!(auth.attempt("错误的密码abc"), Attempt::Wrong);
    }

    #[test]
    fn a_short_password_or_a_bad_hash_is_refused() {
        assert!(hash_password("1234567").is_err());
        assert!(Auth::from_hash("plain-text").is_err());
    }

    #[test]
    fn the_session_token_is_read_from_the_cookie_header() {
        assert_eq!(token_in("a=1; tongbao_session=abc; b=2"), Some("abc"));
        assert_eq!(token_in("a=1"), None);
    }
}
