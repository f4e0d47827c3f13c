//! The bodies of the staff API that the app sends and reads and the server writes and
//! reads, in their wire spelling: sign-in, the signed-in account, the list of
//! businesses, a capture's receipt, and the JSON error every failure answers with.

use serde::{Deserialize, Serialize};

use crate::role::Role;

/// `POST /api/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// The answer to a sign-in that worked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    #[serde(default = "bearer")]
    pub token_type: String,
    /// RFC 3339.
    pub expires_at: String,
    pub user: Account,
}

fn bearer() -> String {
    "Bearer".into()
}

/// A staff account as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    #[serde(default)]
    pub id: i64,
    pub username: String,
    /// Business ID.
    pub business: String,
    #[serde(default)]
    pub business_name: String,
    pub role: Role,
}

/// `GET /api/auth/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user: Account,
    pub business: BusinessRef,
    #[serde(default)]
    pub global_admin: bool,
}

/// A business of the chain, as a supplier or recipient to pick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessRef {
    pub id: String,
    pub name: String,
    pub gln: String,
    #[serde(default = "unassigned")]
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

fn unassigned() -> Role {
    Role::Unassigned
}

/// `GET /api/businesses`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessList {
    pub businesses: Vec<BusinessRef>,
}

/// `GET /api/lots`: the signed-in business's lots (see [`crate::held_lots`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LotList {
    pub lots: Vec<crate::held_lots::HeldLot>,
}

/// What `POST /epcis/capture` stored: events new to the repository, and those it
/// already had with the same content (a re-sent document is harmless).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureReceipt {
    pub stored: usize,
    #[serde(rename = "eventIDs")]
    pub event_ids: Vec<String>,
    pub duplicates: Vec<String>,
}

/// The JSON body of every error answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub message: String,
    /// JSON pointer of the member at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every problem of an invalid EPCIS document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<ErrorProblem>>,
}

/// One problem of a refused document: where (JSON pointer) and what.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorProblem {
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_server_s_sign_in_answer_reads_with_its_role_typed() {
        let body = json!({
            "token": "t", "token_type": "Bearer", "expires_at": "2026-11-18T07:00:00.000Z",
            "user": { "id": 3, "username": "farm", "business": "seongsan-farm",
                      "business_name": "성산양어장", "role": "farm" }
        });
        let r: LoginResponse = serde_json::from_value(body).unwrap();
        assert_eq!(r.user.role, Role::Farm);
        assert!(serde_json::from_value::<Account>(
            json!({ "username": "x", "business": "b", "role": "chef" })
        )
        .is_err());
    }

    #[test]
    fn a_capture_receipt_keeps_the_event_id_spelling() {
        let r = CaptureReceipt {
            stored: 1,
            event_ids: vec!["urn:uuid:1".into()],
            duplicates: vec![],
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({ "stored": 1, "eventIDs": ["urn:uuid:1"], "duplicates": [] })
        );
    }

    #[test]
    fn an_error_body_without_optional_members() {
        let e: ErrorBody = serde_json::from_value(json!({ "error": "conflict" })).unwrap();
        assert_eq!(e.error, "conflict");
        assert_eq!(e.field, None);
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({ "error": "conflict", "message": "" })
        );
    }
}
