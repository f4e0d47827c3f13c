//! `lottrace-server witness <log-url>`: an independent witness of a Lottrace log. It
//! fetches the log's key and signed checkpoint, checks that the checkpoint extends the
//! last one it verified (RFC 9162 consistency proof from `/log/proof/consistency`),
//! refuses a rewritten log, remembers the new checkpoint in its state file, and posts its
//! C2SP tlog-cosignature to `/log/cosignatures`. Plain HTTP only (no TLS in this build):
//! reach an HTTPS log through a local TLS proxy.

use clap::Args;
use lottrace_core::proof::{
    verify_consistency, LogCheckpoint, LogHash, LogKey, TreeHead, WitnessSigner,
};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Clone)]
pub struct WitnessArgs {
    /// The log's base URL, e.g. http://127.0.0.1:8080 (its endpoints are under /log/).
    pub log_url: String,
    /// The witness's key name, e.g. witness.example.org (register its verifier key on the
    /// log with `lottrace-server log add-witness`).
    #[arg(long)]
    pub name: String,
    /// The witness's Ed25519 seed (base64), made on first use.
    #[arg(long)]
    pub key: PathBuf,
    /// The last checkpoint verified (JSON), made on first use.
    #[arg(long)]
    pub state: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct WitnessKeyArgs {
    #[arg(long)]
    pub name: String,
    /// The witness's Ed25519 seed (base64), made when missing.
    #[arg(long)]
    pub key: PathBuf,
}

/// What a witness remembers of a log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct WitnessState {
    log_key: String,
    tree_size: u64,
    root: String,
}

/// The witness's signer, from its seed file (made, readable by its owner only, when
/// missing).
fn signer(name: &str, key: &Path, timestamp: u64) -> Result<WitnessSigner, String> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let seed = if key.exists() {
        let text = std::fs::read_to_string(key)
            .map_err(|e| format!("cannot read {}: {e}", key.display()))?;
        b64.decode(text.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| format!("{} is not a base64 32-byte seed", key.display()))?
    } else {
        let mut seed = [0u8; 32];
        OsRng.fill_bytes(&mut seed);
        write_private(key, &format!("{}\n", b64.encode(seed)))?;
        seed
    };
    WitnessSigner::new(name, &seed, timestamp).map_err(|e| e.to_string())
}

fn write_private(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `lottrace-server witness-key`: the witness's verifier key text, to register on a log.
pub fn key_text(args: &WitnessKeyArgs) -> Result<String, String> {
    Ok(signer(&args.name, &args.key, 0)?.key().to_text())
}

async fn fetch(client: &reqwest::Client, url: &str) -> Result<String, String> {
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    if !status.is_success() {
        return Err(format!("GET {url}: {status}: {text}"));
    }
    Ok(text)
}

pub async fn run(args: WitnessArgs) -> Result<String, String> {
    let base = args.log_url.trim_end_matches('/');
    let client = reqwest::Client::new();
    let key_text = fetch(&client, &format!("{base}/log/key")).await?;
    let key = LogKey::parse(key_text.trim()).map_err(|e| format!("{base}/log/key: {e}"))?;
    let previous: Option<WitnessState> = match std::fs::read_to_string(&args.state) {
        Ok(text) => Some(
            serde_json::from_str(&text)
                .map_err(|e| format!("{}: not a witness state: {e}", args.state.display()))?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read {}: {e}", args.state.display())),
    };
    if let Some(previous) = &previous {
        if previous.log_key != key.as_str() {
            return Err(format!(
                "refused: the log at {base} now signs with {}, not {} as before",
                key.as_str(),
                previous.log_key
            ));
        }
    }
    let note = fetch(&client, &format!("{base}/log/checkpoint")).await?;
    let checkpoint =
        LogCheckpoint::open(&note, &key).map_err(|e| format!("{base}/log/checkpoint: {e}"))?;
    let new = checkpoint.head;
    if let Some(previous) = &previous {
        let old = TreeHead {
            size: previous.tree_size,
            root: LogHash::from_base64(&previous.root)
                .map_err(|e| format!("{}: {e}", args.state.display()))?,
        };
        let proof = if old.size < new.size && old.size > 0 {
            let text = fetch(
                &client,
                &format!(
                    "{base}/log/proof/consistency?old={}&new={}",
                    old.size, new.size
                ),
            )
            .await?;
            text.lines()
                .map(LogHash::from_base64)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("consistency proof: {e}"))?
        } else {
            Vec::new()
        };
        verify_consistency(&proof, &old, &new).map_err(|e| {
            format!("refused: the log at {base} was rewritten since the checkpoint last seen: {e}")
        })?;
    }
    std::fs::write(
        &args.state,
        serde_json::to_string_pretty(&WitnessState {
            log_key: key.as_str().to_string(),
            tree_size: new.size,
            root: new.root.to_base64(),
        })
        .map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("cannot write {}: {e}", args.state.display()))?;

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    let witness = signer(&args.name, &args.key, now)?;
    let line = witness
        .cosign(checkpoint.body().as_bytes())
        .to_line()
        .map_err(|e| e.to_string())?;
    // The log's own signature line and ours (other witnesses' lines stay theirs).
    let own = format!("\u{2014} {} ", key.name());
    let log_lines: String = note
        .split_once("\n\n")
        .map(|(_, sigs)| sigs)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with(&own))
        .map(|l| format!("{l}\n"))
        .collect();
    let body = format!("{}\n{log_lines}{line}", checkpoint.body());
    let response = client
        .post(format!("{base}/log/cosignatures"))
        .header("content-type", "text/plain; charset=utf-8")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("POST {base}/log/cosignatures: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        let text = response.text().await.unwrap_or_default();
        return Err(format!(
            "verified, but the log refused the cosignature ({status}): {text}"
        ));
    }
    Ok(format!(
        "cosigned {} at tree size {} (root {})",
        checkpoint.origin,
        new.size,
        new.root.to_base64()
    ))
}
