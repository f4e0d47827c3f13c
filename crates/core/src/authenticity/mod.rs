//! Is this pack genuine? Item-level codes: unguessable serial numbers (AI 21) issued in
//! print runs, each code signed by the issuing business in AI 8030 (DIGSIG), the key set
//! an app caches to check signatures offline, and the rule that turns a serial's scan
//! checks into a verdict a shopper can act on ("first checked on …", "may be a copy").
//!
//! Pure like the rest of core: randomness and the clock come from the caller, so the
//! server, the WASM apps and the tests run the same checks.

mod digsig;
mod item;
mod key_set;
mod print_run;
mod serial;

pub use digsig::{signed_message, CodeSigner, SignatureCheck, SignatureProblem, DIGSIG_AI};
pub use item::{
    CheckBucket, CheckPlace, CheckWarning, ItemState, Sale, SignatureVerdict, CHECKS_PER_BUCKET,
    MANY_CHECK_DAYS, SALE_BIZ_STEP,
};
pub use key_set::{CodeKey, CodeKeySet, KeyId};
pub use print_run::{commissioning_event, item_code, signed_link, PrintRunRequest, MAX_PRINT_RUN};
pub use serial::{Serial, SERIAL_ALPHABET, SERIAL_LEN};
