//! EPCISDocument / EPCISQueryDocument wrappers, parsing with JSON-pointer problems, and
//! the query document served by `GET /epcis/events`.

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{json, Value};

use super::event::*;
use super::{pointer_escape, Problem, EPCIS_CONTEXT, LT_IRI, LT_PREFIX};

/// An `EPCISDocument` (capture) or `EPCISQueryDocument` (query result); `doc_type` says
/// which. Use [`EpcisDocument::events`] to reach the events of either.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EpcisDocument {
    /// `@context`: a URI string, an object, or an array of both (kept as written).
    #[serde(rename = "@context", default, skip_serializing_if = "Value::is_null")]
    pub context: Value,
    #[serde(rename = "type")]
    pub doc_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Required for EPCISDocument, optional in a query document (empty = absent).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub schema_version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub creation_date: String,
    /// `epcisHeader` (master data) kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epcis_header: Option<Value>,
    pub epcis_body: EpcisBody,
    /// `sender`, `receiver`, `instanceIdentifier` and any extension member.
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// `epcisBody`: `eventList` for an EPCISDocument, `queryResults` for a query document.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct EpcisBody {
    #[serde(default)]
    pub event_list: Vec<Event>,
    #[serde(default)]
    pub query_results: Option<QueryResults>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

// Hand-written so an EPCISDocument always writes `eventList` (even empty, the schema
// requires it) and a query document writes only `queryResults`.
impl Serialize for EpcisBody {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match &self.query_results {
            Some(q) => m.serialize_entry("queryResults", q)?,
            None => m.serialize_entry("eventList", &self.event_list)?,
        }
        for (k, v) in &self.extra {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct QueryResults {
    #[serde(default)]
    pub query_name: String,
    #[serde(
        rename = "subscriptionID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub subscription_id: Option<String>,
    pub results_body: ResultsBody,
    #[serde(flatten)]
    pub extra: JsonMap,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ResultsBody {
    #[serde(default)]
    pub event_list: Vec<Event>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary_list: Option<Value>,
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// The `@context` Lottrace writes: GS1's EPCIS 2.0 context plus our `lt` namespace.
pub fn default_context() -> Value {
    json!([EPCIS_CONTEXT, { LT_PREFIX: LT_IRI }])
}

impl EpcisDocument {
    /// An EPCISDocument holding `events`, with Lottrace's `@context`, CBV values in the
    /// bare JSON form the GS1 schema requires. `creation_date` is passed in because this
    /// crate reads no clock.
    pub fn new(mut events: Vec<Event>, creation_date: impl Into<String>) -> Self {
        events.iter_mut().for_each(Event::normalize_vocabulary);
        EpcisDocument {
            context: default_context(),
            doc_type: "EPCISDocument".into(),
            id: None,
            schema_version: "2.0".into(),
            creation_date: creation_date.into(),
            epcis_header: None,
            epcis_body: EpcisBody {
                event_list: events,
                query_results: None,
                extra: JsonMap::new(),
            },
            extra: JsonMap::new(),
        }
    }

    pub fn is_query_document(&self) -> bool {
        self.epcis_body.query_results.is_some()
    }

    /// The events, whether this is an EPCISDocument or an EPCISQueryDocument.
    pub fn events(&self) -> &[Event] {
        match &self.epcis_body.query_results {
            Some(q) => &q.results_body.event_list,
            None => &self.epcis_body.event_list,
        }
    }
    pub fn events_mut(&mut self) -> &mut Vec<Event> {
        match &mut self.epcis_body.query_results {
            Some(q) => &mut q.results_body.event_list,
            None => &mut self.epcis_body.event_list,
        }
    }
    /// Consumes the document, returning its events.
    pub fn into_events(self) -> Vec<Event> {
        match self.epcis_body.query_results {
            Some(q) => q.results_body.event_list,
            None => self.epcis_body.event_list,
        }
    }

    /// Applies [`Event::normalize_vocabulary`] to every event (do this before emitting a
    /// document received with CBV URNs, so it passes GS1's JSON schema).
    pub fn normalize_vocabulary(&mut self) {
        self.events_mut()
            .iter_mut()
            .for_each(Event::normalize_vocabulary);
    }

    /// JSON pointer of the event list (`/epcisBody/eventList` or the query form).
    pub fn event_list_path(&self) -> &'static str {
        if self.is_query_document() {
            "/epcisBody/queryResults/resultsBody/eventList"
        } else {
            "/epcisBody/eventList"
        }
    }

    pub fn to_value(&self) -> Value {
        // Cannot fail: every key is a string.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// An EPCISQueryDocument for `GET /epcis/events` (no `creationDate`: no clock here; use
/// [`query_document_at`] to stamp one).
pub fn query_document(events: Vec<Event>, query_name: &str) -> Value {
    query_document_at(events, query_name, None)
}

pub fn query_document_at(
    mut events: Vec<Event>,
    query_name: &str,
    creation_date: Option<&str>,
) -> Value {
    events.iter_mut().for_each(Event::normalize_vocabulary);
    let doc = EpcisDocument {
        context: default_context(),
        doc_type: "EPCISQueryDocument".into(),
        id: None,
        schema_version: "2.0".into(),
        creation_date: creation_date.unwrap_or_default().into(),
        epcis_header: None,
        epcis_body: EpcisBody {
            event_list: Vec::new(),
            query_results: Some(QueryResults {
                query_name: query_name.into(),
                subscription_id: None,
                results_body: ResultsBody {
                    event_list: events,
                    vocabulary_list: None,
                    extra: JsonMap::new(),
                },
                extra: JsonMap::new(),
            }),
            extra: JsonMap::new(),
        },
        extra: JsonMap::new(),
    };
    doc.to_value()
}

/// Parses an EPCISDocument or EPCISQueryDocument. Never panics; on failure returns every
/// problem found, each with the JSON pointer of the offending member.
pub fn parse_document(bytes: &[u8]) -> Result<EpcisDocument, Vec<Problem>> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        vec![Problem::new(
            "",
            format!(
                "not valid JSON: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )]
    })?;
    parse_value(&value)
}

/// As [`parse_document`], from an already-parsed JSON value.
pub fn parse_value(value: &Value) -> Result<EpcisDocument, Vec<Problem>> {
    let Some(obj) = value.as_object() else {
        return Err(vec![Problem::new("", "document must be a JSON object")]);
    };
    match obj.get("type").and_then(Value::as_str) {
        Some("EPCISDocument") | Some("EPCISQueryDocument") => {}
        Some(t) => {
            return Err(vec![Problem::new(
                "/type",
                format!("type must be EPCISDocument or EPCISQueryDocument, not {t:?}"),
            )])
        }
        None => {
            return Err(vec![Problem::new(
                "/type",
                "missing document type (EPCISDocument or EPCISQueryDocument)",
            )])
        }
    }
    match serde_path_to_error::deserialize::<_, EpcisDocument>(value) {
        Ok(doc) => Ok(doc),
        Err(err) => {
            // Internally tagged events are buffered by serde, which loses the path inside
            // an event; re-check each event member by member to point at the culprit.
            let mut problems = Vec::new();
            for (base, list) in event_lists(obj) {
                for (i, ev) in list.iter().enumerate() {
                    if serde_json::from_value::<Event>(ev.clone()).is_err() {
                        locate_event_problems(ev, &format!("{base}/{i}"), &mut problems);
                    }
                }
            }
            if problems.is_empty() {
                problems.push(Problem::new(
                    to_pointer(err.path()),
                    err.inner().to_string(),
                ));
            }
            Err(problems)
        }
    }
}

/// Parses one event (a JSON object with `type`), with the same path-bearing problems.
pub fn parse_event(value: &Value) -> Result<Event, Vec<Problem>> {
    serde_json::from_value::<Event>(value.clone()).map_err(|e| {
        let mut problems = Vec::new();
        locate_event_problems(value, "", &mut problems);
        if problems.is_empty() {
            problems.push(Problem::new("", e.to_string()));
        }
        problems
    })
}

fn event_lists(obj: &JsonMap) -> Vec<(&'static str, &Vec<Value>)> {
    let mut out = Vec::new();
    let body = obj.get("epcisBody");
    if let Some(Value::Array(l)) = body.and_then(|b| b.get("eventList")) {
        out.push(("/epcisBody/eventList", l));
    }
    if let Some(Value::Array(l)) = body
        .and_then(|b| b.get("queryResults"))
        .and_then(|q| q.get("resultsBody"))
        .and_then(|r| r.get("eventList"))
    {
        out.push(("/epcisBody/queryResults/resultsBody/eventList", l));
    }
    out
}

fn to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&pointer_escape(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

fn check_member<T: DeserializeOwned>(v: &Value, path: &str, out: &mut Vec<Problem>) {
    if let Err(err) = serde_path_to_error::deserialize::<_, Option<T>>(v) {
        out.push(Problem::new(
            format!("{path}{}", to_pointer(err.path())),
            err.inner().to_string(),
        ));
    }
}

/// Member-by-member type check of one event object, for precise error paths.
fn locate_event_problems(ev: &Value, base: &str, out: &mut Vec<Problem>) {
    let Some(obj) = ev.as_object() else {
        out.push(Problem::new(base, "event must be a JSON object"));
        return;
    };
    let ty = match obj.get("type").and_then(Value::as_str) {
        Some(t) => t,
        None => {
            out.push(Problem::new(format!("{base}/type"), "missing event type"));
            return;
        }
    };
    if !matches!(
        ty,
        "ObjectEvent"
            | "AggregationEvent"
            | "TransformationEvent"
            | "AssociationEvent"
            | "TransactionEvent"
    ) {
        out.push(Problem::new(
            format!("{base}/type"),
            format!("unsupported event type {ty:?}"),
        ));
        return;
    }
    let before = out.len();
    let mut required = vec!["eventTime", "eventTimeZoneOffset"];
    if ty != "TransformationEvent" {
        required.push("action");
    }
    for r in required {
        if !obj.contains_key(r) {
            out.push(Problem::new(
                format!("{base}/{r}"),
                format!("{ty} requires {r}"),
            ));
        }
    }
    for (k, v) in obj {
        let p = format!("{base}/{}", pointer_escape(k));
        match k.as_str() {
            "eventTime"
            | "recordTime"
            | "eventTimeZoneOffset"
            | "eventID"
            | "bizStep"
            | "disposition"
            | "parentID"
            | "transformationID" => check_member::<String>(v, &p, out),
            "action" => check_member::<Action>(v, &p, out),
            "epcList" | "childEPCs" | "inputEPCList" | "outputEPCList" => {
                check_member::<Vec<String>>(v, &p, out)
            }
            "quantityList" | "childQuantityList" | "inputQuantityList" | "outputQuantityList" => {
                check_member::<Vec<QuantityElement>>(v, &p, out)
            }
            "readPoint" | "bizLocation" => check_member::<Location>(v, &p, out),
            "bizTransactionList" => check_member::<Vec<BizTransaction>>(v, &p, out),
            "sourceList" => check_member::<Vec<Source>>(v, &p, out),
            "destinationList" => check_member::<Vec<Destination>>(v, &p, out),
            "sensorElementList" => check_sensor_elements(v, &p, out),
            "ilmd" => check_member::<JsonMap>(v, &p, out),
            "errorDeclaration" => check_member::<ErrorDeclaration>(v, &p, out),
            "persistentDisposition" => check_member::<PersistentDisposition>(v, &p, out),
            _ => {}
        }
    }
    if out.len() == before {
        if let Err(e) = serde_json::from_value::<Event>(ev.clone()) {
            out.push(Problem::new(base, e.to_string()));
        }
    }
}

fn check_sensor_elements(v: &Value, path: &str, out: &mut Vec<Problem>) {
    let Some(list) = v.as_array() else {
        check_member::<Vec<SensorElement>>(v, path, out);
        return;
    };
    for (i, el) in list.iter().enumerate() {
        let p = format!("{path}/{i}");
        let Some(o) = el.as_object() else {
            out.push(Problem::new(p, "sensor element must be a JSON object"));
            continue;
        };
        if let Some(m) = o.get("sensorMetadata") {
            check_member::<SensorMetadata>(m, &format!("{p}/sensorMetadata"), out);
        }
        match o.get("sensorReport") {
            Some(Value::Array(reps)) => {
                for (j, r) in reps.iter().enumerate() {
                    check_member::<SensorReport>(r, &format!("{p}/sensorReport/{j}"), out);
                }
            }
            Some(other) => {
                check_member::<Vec<SensorReport>>(other, &format!("{p}/sensorReport"), out)
            }
            None => {}
        }
    }
}
