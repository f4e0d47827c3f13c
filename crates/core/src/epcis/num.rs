//! Number output rule for decimals (quantity, sensor values).
//!
//! JSON does not distinguish `1` from `1.0` and neither does EPCIS (`decimal` = JSON
//! number), but serde_json's `Value` does. We hold decimals as `f64` and write an
//! integral value as an integer (`200`, not `200.0`), the form GS1's own examples use.
//! Round-trip comparisons therefore compare numbers by value (see `json_eq`).

use serde::Serializer;
use serde_json::Value;

/// Largest integer that an f64 represents exactly (2^53); beyond it keep float form.
const EXACT_INT: f64 = 9_007_199_254_740_992.0;

pub(crate) fn ser_f64<S: Serializer>(x: f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < EXACT_INT {
        // Cast is exact: integral and within the f64 exact-integer range.
        s.serialize_i64(x as i64)
    } else {
        s.serialize_f64(x)
    }
}

pub(crate) fn ser_opt_f64<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(v) => ser_f64(*v, s),
        None => s.serialize_none(),
    }
}

/// Structural JSON equality where numbers compare by numeric value (`1 == 1.0`) and
/// object member order is ignored. Used to prove round trips lossless.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// First difference between two JSON values as a JSON pointer plus a note, or None
/// when `json_eq` holds. Makes round-trip test failures readable.
pub fn json_diff(a: &Value, b: &Value) -> Option<String> {
    fn walk(a: &Value, b: &Value, path: &mut String) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for (k, v) in x {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&super::pointer_escape(k));
                    let r = match y.get(k) {
                        Some(w) => walk(v, w, path),
                        None => Some(format!("{path}: missing on the right")),
                    };
                    path.truncate(len);
                    if r.is_some() {
                        return r;
                    }
                }
                y.keys()
                    .find(|k| !x.contains_key(*k))
                    .map(|k| format!("{path}/{k}: missing on the left"))
            }
            (Value::Array(x), Value::Array(y)) => {
                if x.len() != y.len() {
                    return Some(format!("{path}: array length {} vs {}", x.len(), y.len()));
                }
                for (i, (v, w)) in x.iter().zip(y).enumerate() {
                    let len = path.len();
                    path.push_str(&format!("/{i}"));
                    let r = walk(v, w, path);
                    path.truncate(len);
                    if r.is_some() {
                        return r;
                    }
                }
                None
            }
            _ if json_eq(a, b) => None,
            _ => Some(format!("{path}: {a} vs {b}")),
        }
    }
    walk(a, b, &mut String::new())
}
