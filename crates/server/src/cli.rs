//! Operator commands that bootstrap a deployment (scripts rely on these exact forms):
//!
//! ```text
//! lottrace-server business add --db <file> --id <id> --name <name> --gln <13-digit GLN>
//!     [--gs1-prefix <company prefix>] [--phone …] [--email …] [--address …] [--role <role>]
//! lottrace-server user add --db <file> --business <id> --role <role> --username <u> --password <p>
//! lottrace-server log add-witness --db <file> --key <verifier key>
//! lottrace-server code-key revoke --db <file> --business <id> [--at <RFC 3339 time>]
//! lottrace-server witness-key --name <name> --key <seed file>
//! lottrace-server witness <log-url> --name <name> --key <seed file> --state <state file>
//! ```
//!
//! `--password -` reads the password from the first line of standard input instead, so
//! it does not show in the process list.
//!
//! The serve command's limits ([`LimitArgs`], defaults those of [`ServeLimits`]):
//!
//! ```text
//! [--header-timeout <seconds>] [--body-timeout <seconds>] [--max-connections <n>] [--max-in-flight <n>]
//! ```

use crate::auth;
use crate::store::{AccountStore, Business, BusinessStore, SqliteStore};
use crate::ServeLimits;
use clap::{Args, Subcommand};
use lottrace_core::role::Role;
use std::path::PathBuf;
use std::time::Duration;

/// What the serve command allows its clients (README, "Security", *Limits*): each flag
/// sets one field of [`ServeLimits`], and a left-out flag keeps its default.
#[derive(Args, Debug, Clone, PartialEq)]
pub struct LimitArgs {
    /// Seconds a request's headers may take to arrive before the connection is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = ServeLimits::default().header_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,
    /// Seconds a request's body may take to arrive (then 408).
    #[arg(long, value_name = "SECONDS", default_value_t = ServeLimits::default().body_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout: u64,
    /// Open connections at most (one more: 503 with Retry-After, closed); keep it below
    /// the process's open-file limit.
    #[arg(long, value_name = "N", default_value_t = ServeLimits::default().max_connections as u64,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
    /// Requests handled at once at most (one more: 503 with Retry-After).
    #[arg(long, value_name = "N", default_value_t = ServeLimits::default().max_in_flight as u64,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_in_flight: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> ServeLimits {
        ServeLimits {
            header_timeout: Duration::from_secs(self.header_timeout),
            body_timeout: Duration::from_secs(self.body_timeout),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            max_in_flight: usize::try_from(self.max_in_flight).unwrap_or(usize::MAX),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Manage businesses (each owns the locations of its GLN).
    Business {
        #[command(subcommand)]
        action: BusinessCommand,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// The tamper-evident log: register witnesses.
    Log {
        #[command(subcommand)]
        action: LogCommand,
    },
    /// Item codes' signing keys: revoke a business's key that may have leaked.
    CodeKey {
        #[command(subcommand)]
        action: CodeKeyCommand,
    },
    /// Witness a log: verify its checkpoint extends the last one seen, then cosign it.
    Witness(crate::witness::WitnessArgs),
    /// Print a witness's verifier key (making its seed file when missing).
    WitnessKey(crate::witness::WitnessKeyArgs),
}

#[derive(Subcommand, Debug)]
pub enum LogCommand {
    /// Register a witness by its verifier key (`<name>+<key id>+<base64 key>`), or
    /// replace the key of the witness of that name.
    AddWitness(AddWitness),
}

#[derive(Args, Debug)]
pub struct AddWitness {
    #[arg(long)]
    pub db: PathBuf,
    /// The witness's verifier key text, as `lottrace-server witness-key` prints it.
    #[arg(long)]
    pub key: String,
}

#[derive(Subcommand, Debug)]
pub enum CodeKeyCommand {
    /// Revoke the business's active code key: every code it signed checks as "not
    /// valid" from then on (on phones once their cached key set is refreshed, within 5
    /// minutes), and the business's next print run makes a new key.
    Revoke(RevokeCodeKey),
}

#[derive(Args, Debug)]
pub struct RevokeCodeKey {
    #[arg(long)]
    pub db: PathBuf,
    /// The business whose key is revoked.
    #[arg(long)]
    pub business: String,
    /// From when (RFC 3339); now when left out.
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum BusinessCommand {
    /// Add a business, or update the one with this ID.
    Add(BusinessAdd),
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a staff account bound to a business.
    Add(UserAdd),
}

#[derive(Args, Debug)]
pub struct BusinessAdd {
    #[arg(long)]
    pub db: PathBuf,
    /// Stable ID, e.g. seongsan-farm (letters, digits, - and _).
    #[arg(long)]
    pub id: String,
    #[arg(long)]
    pub name: String,
    /// The business's 13-digit GLN (check digit verified).
    #[arg(long)]
    pub gln: String,
    /// GS1 company prefix (the GLN must start with it).
    #[arg(long)]
    pub gs1_prefix: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    /// hatchery, farm, feed, transporter, processor, wholesaler, retailer, regulator or
    /// operator (whose admins administer the whole deployment). When left out, the role
    /// of the first chain account added to the business is taken.
    #[arg(long)]
    pub role: Option<String>,
}

#[derive(Args, Debug)]
pub struct UserAdd {
    #[arg(long)]
    pub db: PathBuf,
    /// ID of the business the account acts for.
    #[arg(long)]
    pub business: String,
    /// admin, hatchery, farm, feed, transporter, processor, wholesaler, retailer, regulator.
    #[arg(long)]
    pub role: String,
    #[arg(long)]
    pub username: String,
    /// At least 8 characters; `-` reads it from standard input.
    #[arg(long)]
    pub password: String,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn open(db: &std::path::Path) -> Result<SqliteStore, String> {
    SqliteStore::open(db).map_err(|e| format!("cannot open {}: {e}", db.display()))
}

/// Runs one command; the message to print on success.
pub async fn run(command: Command) -> Result<String, String> {
    match command {
        Command::Business {
            action: BusinessCommand::Add(a),
        } => business_add(a),
        Command::User {
            action: UserCommand::Add(a),
        } => user_add(a),
        Command::Log {
            action: LogCommand::AddWitness(a),
        } => add_witness(a),
        Command::CodeKey {
            action: CodeKeyCommand::Revoke(a),
        } => revoke_code_key(a),
        Command::Witness(a) => crate::witness::run(a).await,
        Command::WitnessKey(a) => crate::witness::key_text(&a),
    }
}

fn add_witness(a: AddWitness) -> Result<String, String> {
    let key = lottrace_core::proof::WitnessKey::parse(&a.key).map_err(|e| format!("--key: {e}"))?;
    let store = SqliteStore::open(&a.db).map_err(|e| format!("{}: {e}", a.db.display()))?;
    crate::store::LogStore::add_witness(&store, key.name(), &key.to_text())
        .map_err(|e| e.to_string())?;
    Ok(format!("witness {} registered", key.name()))
}

fn revoke_code_key(a: RevokeCodeKey) -> Result<String, String> {
    let at = match &a.at {
        Some(text) => chrono::DateTime::parse_from_rfc3339(text.trim())
            .map_err(|e| format!("--at {text:?}: not an RFC 3339 time ({e})"))?
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        // Whole seconds, as checks compare it with their own time.
        None => chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    let store = open(&a.db)?;
    let business = store
        .business(&a.business)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no business {:?}", a.business))?;
    let kid = crate::store::ItemStore::revoke_code_key(&store, &business.id, &at)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{} has no active code key to revoke", business.name))?;
    Ok(format!(
        "code key {kid} of {} revoked from {at}: the codes it signed no longer check as genuine, and the next print run makes a new key",
        business.name
    ))
}

fn business_add(a: BusinessAdd) -> Result<String, String> {
    if !valid_id(&a.id) {
        return Err(format!("--id {:?}: use 1–64 letters, digits, - or _", a.id));
    }
    let name = a.name.trim();
    if name.is_empty() {
        return Err("--name must not be empty".into());
    }
    let gln = lottrace_core::codes::validate_gln(a.gln.trim())
        .map_err(|e| format!("--gln {:?}: {}", a.gln, e.message))?;
    if let Some(p) = &a.gs1_prefix {
        if p.len() < 4 || p.len() > 12 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "--gs1-prefix {p:?}: a GS1 company prefix has 4–12 digits"
            ));
        }
        if !gln.starts_with(p.as_str()) {
            return Err(format!(
                "--gln {gln} does not start with the company prefix {p}"
            ));
        }
    }
    let store = open(&a.db)?;
    let existing = store.business(&a.id).map_err(|e| e.to_string())?;
    let role = match (&a.role, &existing) {
        (Some(name), _) => auth::business_role(name).ok_or_else(|| {
            format!(
                "--role {name:?}: use hatchery, farm, feed, transporter, processor, wholesaler, retailer, regulator or operator"
            )
        })?,
        (None, Some(b)) => b.role,
        (None, None) => Role::Unassigned,
    };
    let business = Business {
        id: a.id.clone(),
        name: name.to_string(),
        gln: gln.clone(),
        role,
        gs1_prefix: a.gs1_prefix,
        phone: a.phone,
        email: a.email,
        address: a.address,
    };
    store
        .upsert_business(&business)
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "business {} {} ({name}, GLN {gln}, role {role})",
        a.id,
        if existing.is_some() {
            "updated"
        } else {
            "added"
        }
    ))
}

fn user_add(a: UserAdd) -> Result<String, String> {
    let role = auth::account_role(&a.role).ok_or_else(|| {
        format!(
            "--role {:?}: use one of {}",
            a.role,
            auth::ROLES.map(|r| r.as_str()).join(", ")
        )
    })?;
    let username = a.username.trim();
    if username.is_empty() || username.len() > 128 || username.chars().any(char::is_whitespace) {
        return Err("--username must be 1–128 characters without spaces".into());
    }
    let password = if a.password == "-" {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password: {e}"))?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        a.password
    };
    if password.chars().count() < auth::MIN_PASSWORD_LEN {
        return Err(format!(
            "--password must have at least {} characters",
            auth::MIN_PASSWORD_LEN
        ));
    }
    let store = open(&a.db)?;
    let business = store
        .business(&a.business)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "no business {:?}: add it first with `business add`",
                a.business
            )
        })?;
    let hash = auth::hash_password(&password)?;
    store
        .add_user(username, &business.id, role, &hash)
        .map_err(|e| e.to_string())?;
    // A business added without --role takes the role of its first chain account.
    if business.role == Role::Unassigned && role != Role::Admin {
        let mut b = business.clone();
        b.role = role;
        store.upsert_business(&b).map_err(|e| e.to_string())?;
    }
    Ok(format!(
        "user {username} added ({role} at {})",
        business.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser, Debug)]
    struct Serve {
        #[command(flatten)]
        limits: LimitArgs,
    }

    fn parse(args: &[&str]) -> Result<ServeLimits, clap::Error> {
        let argv = std::iter::once("lottrace-server").chain(args.iter().copied());
        Serve::try_parse_from(argv).map(|s| s.limits.limits())
    }

    #[test]
    fn limits_default_to_serve_limits_and_each_flag_sets_its_own() {
        assert_eq!(parse(&[]).expect("no flags"), ServeLimits::default());
        let set = parse(&[
            "--header-timeout",
            "3",
            "--body-timeout",
            "45",
            "--max-connections",
            "4000",
            "--max-in-flight",
            "64",
        ])
        .expect("all flags");
        assert_eq!(
            set,
            ServeLimits {
                header_timeout: Duration::from_secs(3),
                body_timeout: Duration::from_secs(45),
                max_connections: 4000,
                max_in_flight: 64,
            }
        );
        let one = parse(&["--max-in-flight", "8"]).expect("one flag");
        assert_eq!(
            one,
            ServeLimits {
                max_in_flight: 8,
                ..ServeLimits::default()
            }
        );
        for bad in [
            ["--max-connections", "0"],
            ["--header-timeout", "7200"],
            ["--body-timeout", "soon"],
        ] {
            let err = parse(&bad).expect_err("refused");
            assert!(err.to_string().contains(bad[0]), "{err}");
        }
    }
}
