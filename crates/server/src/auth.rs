//! Staff accounts: Argon2id password hashes, random bearer tokens stored only as their
//! SHA-256, expiring sessions, and the `Staff` extractor that every
//! protected handler takes.

use crate::store::{Business, User};
use crate::{ApiError, AppState};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use base64::Engine;
use lottrace_core::role::Role;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Every role an account can have. `admin` manages its business (or, in the operator
/// business, the whole deployment); `regulator` reads, recalls and exports but never
/// captures; the others record events at their own business's locations.
pub const ROLES: [Role; 9] = Role::ACCOUNT;

/// A role a business may have: the chain roles, plus operator and regulator (authority).
pub fn business_role(name: &str) -> Option<Role> {
    Role::parse(name).filter(|r| r.is_business_role())
}

/// A role an account may have.
pub fn account_role(name: &str) -> Option<Role> {
    Role::parse(name).filter(|r| r.is_account_role())
}

pub const MIN_PASSWORD_LEN: usize = 8;

/// An Argon2id PHC string (default parameters: 19 MiB, 2 passes, 1 lane — OWASP's).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the same time as a real verification, so unknown usernames are not revealed
/// by a faster answer.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default());
    let _ = verify_password(hash, password);
}

/// A fresh bearer token (32 random bytes, base64url) and the hash it is stored under.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A short random identifier (hex), e.g. for recalls.
pub fn random_id(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// An authenticated staff member (from `Authorization: Bearer <token>`).
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
    pub business: Business,
    pub token_hash: String,
}

impl Staff {
    /// An admin of the operator business: acts for every business.
    pub fn is_global_admin(&self) -> bool {
        self.user.role == Role::Admin && self.business.role == Role::Operator
    }

    pub fn is_admin_of(&self, business_id: &str) -> bool {
        self.is_global_admin()
            || (self.user.role == Role::Admin && self.user.business_id == business_id)
    }

    /// Regulators and the platform operator's admins: platform-wide reads, recalls and
    /// exports of any business's lots.
    pub fn is_platform_authority(&self) -> bool {
        self.is_global_admin() || self.is_regulator()
    }

    pub fn is_regulator(&self) -> bool {
        self.user.role == Role::Regulator
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let value = parts.headers.get(header::AUTHORIZATION).ok_or_else(|| {
            ApiError::unauthorized("sign in first: send Authorization: Bearer <token>")
        })?;
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 256)
            .ok_or_else(|| {
                ApiError::unauthorized("the Authorization header must be Bearer <token>")
            })?;
        let hash = token_hash(token);
        let store = state.store.clone();
        let lookup = hash.clone();
        let found = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
            let Some((user, expires)) = store.session(&lookup)? else {
                return Ok(None);
            };
            let business = store.business(&user.business_id)?;
            Ok(Some((user, expires, business)))
        })
        .await??;
        let Some((user, expires_at, business)) = found else {
            return Err(ApiError::unauthorized(
                "this token is not valid: sign in again",
            ));
        };
        if expires_at <= now_utc() {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "token_expired",
                "this session has expired: sign in again",
            ));
        }
        let business = business
            .ok_or_else(|| ApiError::forbidden("the account's business no longer exists"))?;
        Ok(Staff {
            user,
            business,
            token_hash: hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(ha, token_hash(&a));
        assert_eq!(ha.len(), 64);
    }
}
