//! GS1 EPCIS 2.0 events in their JSON-LD form, with CBV 2.0 vocabularies, validation,
//! the GDST seafood profile and the CBV 2.0 event hash.
//!
//! - [`event`]: serde types for ObjectEvent, AggregationEvent, TransformationEvent,
//!   AssociationEvent (aggregation shape) and TransactionEvent; unknown members survive a
//!   round trip in each struct's `extra`.
//! - [`document`]: EPCISDocument / EPCISQueryDocument, [`parse_document`], [`query_document`].
//! - [`validate()`]: every problem of a document, each with its JSON pointer.
//! - [`validate_gdst`]: GDST key data elements for seafood events.
//! - [`hash`]: CBV 2.0 event hash ID (`ni:///sha-256;…?ver=CBV2.0`).
//! - Lottrace's own fields travel as `lt:<key>` members (ilmd or top-level extension),
//!   with `lt` bound to [`LT_IRI`] in `@context`; see [`lt_name`], [`Event::lt_get`].
//!
//! Decimals (`quantity`, sensor `value`, …) are `f64`; an integral value is written as a
//! JSON integer. JSON-LD and the EPCIS schema treat `1` and `1.0` as the same number, so
//! round trips are compared with [`json_eq`], which compares numbers by value.

pub mod document;
pub mod event;
pub mod gdst;
pub mod hash;
mod lt;
mod num;
pub mod validate;
pub mod vocab;

use serde::Serialize;

pub use document::{
    default_context, parse_document, parse_event, parse_value, query_document, query_document_at,
    EpcisBody, EpcisDocument, QueryResults, ResultsBody,
};
pub use event::{
    Action, AggregationEvent, BizTransaction, Destination, ErrorDeclaration, Event, JsonMap,
    Location, ObjectEvent, PersistentDisposition, QuantityElement, SensorElement, SensorMetadata,
    SensorReport, Source, TransactionEvent, TransformationEvent,
};
pub use gdst::validate_gdst;
pub use hash::{event_hash_id, hash_id_with, pre_hash_string, pre_hash_string_with, Namespaces};
pub use lt::{is_lt_name, lt_key, lt_name};
pub use num::{json_diff, json_eq};
pub use validate::{validate, validate_event};

/// JSON-LD prefix of Lottrace's extension members (`lt:farm.stocking_date`).
pub const LT_PREFIX: &str = "lt";
/// IRI the `lt` prefix is bound to in `@context`.
pub const LT_IRI: &str = "https://lottrace.dev/ns/";
/// GS1's EPCIS 2.0 JSON-LD context.
pub const EPCIS_CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

/// One thing wrong with a document: where (JSON pointer, RFC 6901) and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Escapes a member name for a JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
