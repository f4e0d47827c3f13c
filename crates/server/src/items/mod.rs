//! Item-level codes on the server (README "Signed codes", "Scan checks"): each business's
//! code key (made at its first print run, sealed at rest like the log's key, unsealed
//! once per process), print runs, the published key set, and the check of a scanned
//! serial that the trace answers with.

mod check;
mod print_run;

pub use check::{item_state, CheckRequest};
pub use print_run::{code_link, issue, labels_page, public_base, CODES_PER_LABEL_PAGE};

use crate::store::{Business, Store, StoreError, StoredCodeKey};
use lottrace_core::authenticity::{CodeKey, CodeKeySet, CodeSigner};
use rand_core::{OsRng, RngCore};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Businesses' code signers, unsealed on first use with the deployment's passphrase.
pub struct CodeKeys {
    passphrase: String,
    signers: Mutex<HashMap<String, Arc<CodeSigner>>>,
}

/// What a sealed code key is bound to: a seed sealed for one business opens for no other.
fn aad(business_id: &str) -> Vec<u8> {
    format!("lottrace code key\n{business_id}").into_bytes()
}

impl CodeKeys {
    pub fn new(passphrase: Option<&str>) -> CodeKeys {
        CodeKeys {
            passphrase: passphrase.unwrap_or("").to_string(),
            signers: Mutex::new(HashMap::new()),
        }
    }

    /// The business's signer: its active key, or a new one made, sealed and stored. The
    /// active key is read each time, so a key revoked by another process (`code-key
    /// revoke`) signs nothing more here either.
    pub fn signer(
        &self,
        store: &dyn Store,
        business: &Business,
    ) -> Result<Arc<CodeSigner>, StoreError> {
        let active = store
            .code_keys()?
            .into_iter()
            .find(|k| k.business_id == business.id && k.revoked_at.is_none());
        if let (Some(key), Some(cached)) = (&active, self.cached(&business.id)?) {
            if cached.key_id().hex() == key.kid && cached.public_key()[..] == key.public_key[..] {
                return Ok(cached);
            }
        }
        let signer = match active {
            Some(key) => {
                let seed = crate::log::unseal(
                    &self.passphrase,
                    &aad(&business.id),
                    &key.kdf_salt,
                    &key.nonce,
                    &key.sealed,
                )
                .map_err(|e| StoreError::Corrupt(format!("code key of {}: {e}", business.id)))?;
                CodeSigner::from_bytes(&seed)
            }
            None => {
                let mut seed = [0u8; 32];
                OsRng.fill_bytes(&mut seed);
                let signer = CodeSigner::from_bytes(&seed);
                let crate::log::Sealed {
                    kdf_salt,
                    nonce,
                    sealed,
                } = crate::log::seal(&self.passphrase, &aad(&business.id), &seed)
                    .map_err(StoreError::Corrupt)?;
                let stored = StoredCodeKey {
                    kid: signer.key_id().hex(),
                    business_id: business.id.clone(),
                    public_key: signer.public_key().to_vec(),
                    kdf_salt,
                    nonce,
                    sealed,
                    created_at: crate::auth::now_utc(),
                    revoked_at: None,
                };
                match store.add_code_key(&stored) {
                    Ok(()) => signer,
                    // Another process made one first: use that.
                    Err(StoreError::Conflict(_)) => return self.signer(store, business),
                    Err(e) => return Err(e),
                }
            }
        };
        let signer = Arc::new(signer);
        self.signers
            .lock()
            .map_err(|_| StoreError::Poisoned)?
            .insert(business.id.clone(), signer.clone());
        Ok(signer)
    }

    fn cached(&self, business_id: &str) -> Result<Option<Arc<CodeSigner>>, StoreError> {
        Ok(self
            .signers
            .lock()
            .map_err(|_| StoreError::Poisoned)?
            .get(business_id)
            .cloned())
    }
}

/// Every business's public code keys as apps cache them.
pub fn key_set(store: &dyn Store) -> Result<CodeKeySet, StoreError> {
    let businesses = store.businesses()?;
    let keys = store
        .code_keys()?
        .into_iter()
        .filter_map(|k| {
            let public = <[u8; 32]>::try_from(k.public_key.as_slice()).ok()?;
            let business = businesses.iter().find(|b| b.id == k.business_id)?;
            let mut key = CodeKey::new(&public, &business.name, Some(&business.gln), &k.created_at);
            key.revoked_at = k.revoked_at;
            key.valid_until = key.revoked_at.clone();
            Some(key)
        })
        .collect();
    Ok(CodeKeySet { keys })
}
