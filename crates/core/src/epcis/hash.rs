//! CBV 2.0 event hash (being written).
use super::Event;
pub fn pre_hash_string(ev: &Event) -> String { ev.event_time().to_string() }
pub fn event_hash_id(ev: &Event) -> String { use sha2::Digest; let d = sha2::Sha256::digest(pre_hash_string(ev).as_bytes()); let mut s = String::from("ni:///sha-256;"); for b in d { s.push_str(&format!("{b:02x}")); } s.push_str("?ver=CBV2.0"); s }
