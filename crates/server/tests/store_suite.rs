//! One test suite per storage trait, written against the trait only, so every backend
//! runs the same suite: `suite(|| MyStore::new(…))`. Today SQLite, on a real file; the
//! PostgreSQL backend adds one line per suite.

use lottrace_core::proof::{EntryBundle, EventFields, EventProof, LogHash, TilePath, TreeHead};
use lottrace_core::role::Role;
use lottrace_server::store::{
    AccountStore, Business, BusinessStore, DisclosureStore, EventQuery, EventStore, LogStore,
    LoginThrottle, MemoryThrottle, NewEvent, Recall, RecallStore, SealedKey, SqliteStore,
    StoreError, ThrottleLimits,
};
use std::collections::BTreeSet;

fn new_event(
    id: &str,
    business: Option<&str>,
    time: &str,
    lots: &[(&str, &'static str)],
) -> NewEvent {
    NewEvent {
        event_id: id.into(),
        event_type: "ObjectEvent".into(),
        event_time_utc: time.into(),
        biz_step: Some("shipping".into()),
        business_id: business.map(str::to_string),
        json: format!("{{\"eventID\":\"{id}\",\"eventTime\":\"{time}\"}}"),
        lots: lots.iter().map(|(k, r)| (k.to_string(), *r)).collect(),
        epcs: vec![format!("urn:epc:id:sgtin:8801234.000208.{id}")],
        classes: lots.iter().map(|(k, _)| format!("class:{k}")).collect(),
    }
}

fn business(id: &str, gln: &str) -> Business {
    Business {
        id: id.into(),
        name: format!("{id} name"),
        gln: gln.into(),
        role: Role::Farm,
        gs1_prefix: None,
        phone: None,
        email: None,
        address: None,
    }
}

pub fn event_store_suite<S: EventStore>(make: impl Fn() -> S) {
    // Idempotent inserts, conflicts roll the whole document back.
    let s = make();
    let g0 = s.generation().expect("generation");
    let a = new_event(
        "a",
        Some("farm"),
        "2026-01-01T00:00:00.000Z",
        &[("LOT1", "output")],
    );
    let b = new_event(
        "b",
        Some("plant"),
        "2026-01-02T00:00:00.000Z",
        &[("LOT1", "input"), ("LOT2", "output")],
    );
    let out = s.insert_events(&[a.clone(), b.clone()]).expect("insert");
    assert_eq!(out.stored, vec!["a", "b"]);
    assert!(
        s.generation().expect("generation") != g0,
        "a write changes the generation"
    );
    let again = s.insert_events(std::slice::from_ref(&a)).expect("again");
    assert_eq!(
        (again.stored.len(), again.duplicates),
        (0, vec!["a".to_string()])
    );
    let mut changed = a.clone();
    changed.json = "{\"eventID\":\"a\",\"other\":1}".into();
    let c = new_event(
        "c",
        None,
        "2026-01-03T00:00:00.000Z",
        &[("LOT3", "observed")],
    );
    assert!(matches!(
        s.insert_events(&[c, changed]),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        s.event_count().expect("count"),
        2,
        "nothing of the refused document stored"
    );

    // Reads by lot, in capture order.
    let rows = s.events_for_lots(&["LOT1".into()]).expect("by lot");
    assert_eq!(rows.len(), 2);
    assert!(rows[0].0 < rows[1].0);
    assert!(s
        .events_for_lots(&["NONE".into()])
        .expect("none")
        .is_empty());

    // Queries: filters, prefixes, bounds, pages, visibility.
    let q = |f: &dyn Fn(&mut EventQuery)| {
        let mut query = EventQuery {
            limit: 10,
            ..EventQuery::default()
        };
        f(&mut query);
        s.query_events(&query)
            .expect("query")
            .into_iter()
            .map(|r| {
                serde_json::from_str::<serde_json::Value>(&r.json).expect("json")["eventID"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(q(&|_| {}), vec!["a", "b"]);
    assert_eq!(q(&|x| x.epc_class = vec!["class:LOT2".into()]), vec!["b"]);
    assert_eq!(
        q(&|x| x.epc_class = vec!["class:LOT*".into()]),
        vec!["a", "b"]
    );
    assert_eq!(
        q(&|x| x.any_epc = vec!["urn:epc:id:sgtin:8801234.000208.a".into()]),
        vec!["a"]
    );
    assert_eq!(
        q(&|x| x.ge_event_time = Some("2026-01-02T00:00:00.000Z".into())),
        vec!["b"]
    );
    assert_eq!(
        q(&|x| x.lt_event_time = Some("2026-01-02T00:00:00.000Z".into())),
        vec!["a"]
    );
    assert_eq!(q(&|x| x.event_id = vec!["b".into()]), vec!["b"]);
    assert_eq!(q(&|x| x.limit = 1), vec!["a"]);
    let first = s
        .query_events(&EventQuery {
            limit: 1,
            ..EventQuery::default()
        })
        .expect("page")[0]
        .seq;
    assert_eq!(q(&|x| x.after_seq = Some(first)), vec!["b"]);
    // A list of many values does not change the statement (or fail).
    let many: Vec<String> = (0..1000)
        .map(|i| format!("class:X{i}"))
        .chain(["class:LOT1".to_string()])
        .collect();
    assert_eq!(q(&|x| x.epc_class = many.clone()), vec!["a", "b"]);
    // Visibility: own events, and events naming a lot one of the own events names.
    let d = new_event(
        "d",
        Some("stranger"),
        "2026-01-04T00:00:00.000Z",
        &[("LOT9", "output")],
    );
    s.insert_events(&[d]).expect("insert d");
    assert_eq!(q(&|x| x.visible_to = Some("farm".into())), vec!["a", "b"]);
    assert_eq!(q(&|x| x.visible_to = Some("stranger".into())), vec!["d"]);
    assert_eq!(
        q(&|x| x.visible_to = Some("nobody".into())),
        Vec::<String>::new()
    );
    let stored = s
        .query_events(&EventQuery {
            limit: 10,
            ..EventQuery::default()
        })
        .expect("all");
    assert_eq!(stored[0].business_id.as_deref(), Some("farm"));
    assert!(!stored[0].record_time.is_empty());

    // Owners of stored records.
    let owners = s
        .event_owners(&["a".into(), "d".into(), "missing".into()])
        .expect("owners");
    assert_eq!(owners.get("a"), Some(&Some("farm".to_string())));
    assert_eq!(owners.get("d"), Some(&Some("stranger".to_string())));
    assert!(!owners.contains_key("missing"));
}

pub fn business_store_suite<S: BusinessStore>(make: impl Fn() -> S) {
    let s = make();
    s.upsert_business(&business("farm", "8801234000024"))
        .expect("add");
    let mut renamed = business("farm", "8801234000024");
    renamed.name = "renamed".into();
    s.upsert_business(&renamed).expect("update");
    assert_eq!(
        s.business("farm").expect("get").map(|b| b.name),
        Some("renamed".into())
    );
    assert!(s.business("none").expect("get").is_none());
    assert!(matches!(
        s.upsert_business(&business("other", "8801234000024")),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(s.businesses().expect("list").len(), 1);
}

pub fn account_store_suite<S: AccountStore + BusinessStore>(make: impl Fn() -> S) {
    let s = make();
    s.upsert_business(&business("farm", "8801234000024"))
        .expect("business");
    let id = s.add_user("kim", "farm", Role::Farm, "hash").expect("user");
    assert!(matches!(
        s.add_user("kim", "farm", Role::Farm, "h"),
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        s.add_user("lee", "nowhere", Role::Farm, "h"),
        Err(StoreError::Missing(_))
    ));
    let user = s.user_by_name("kim").expect("by name").expect("found");
    assert_eq!((user.id, user.business_id.as_str()), (id, "farm"));
    s.create_session("t1", id, "2026-01-01T00:00:00.000Z")
        .expect("session");
    s.create_session("t2", id, "2099-01-01T00:00:00.000Z")
        .expect("session");
    assert_eq!(s.session("t1").expect("get").map(|(u, _)| u.id), Some(id));
    s.purge_sessions("2026-06-01T00:00:00.000Z").expect("purge");
    assert!(
        s.session("t1").expect("get").is_none(),
        "expired sessions are purged"
    );
    assert!(s.session("t2").expect("get").is_some());
    s.delete_session("t2").expect("delete");
    assert!(s.session("t2").expect("get").is_none());
}

pub fn disclosure_store_suite<S: DisclosureStore + BusinessStore>(make: impl Fn() -> S) {
    let s = make();
    s.upsert_business(&business("farm", "8801234000024"))
        .expect("business");
    let fields: BTreeSet<String> = ["farm.water_temperature".to_string()].into();
    s.set_disclosure("farm", &fields).expect("set");
    assert_eq!(
        s.disclosure_choices().expect("get").get("farm"),
        Some(&fields)
    );
    s.set_disclosure("farm", &BTreeSet::new()).expect("replace");
    assert!(s
        .disclosure_choices()
        .expect("get")
        .get("farm")
        .is_none_or(BTreeSet::is_empty));
}

pub fn recall_store_suite<S: RecallStore>(make: impl Fn() -> S) {
    let s = make();
    let r = Recall {
        id: "RC-1".into(),
        lot_key: "01/08801234000208/10/L1".into(),
        reason: "test".into(),
        declared_at: "2026-01-01T00:00:00.000Z".into(),
        declared_by: "regulator".into(),
        declared_by_business: Some("nfqs".into()),
        impact: serde_json::json!({ "lots": [] }),
    };
    s.add_recall(&r, &["01/08801234000208/10/L1".into()])
        .expect("add");
    assert_eq!(s.recall("RC-1").expect("get"), Some(r.clone()));
    assert!(s.recall("RC-2").expect("get").is_none());
    let open = s.open_recalls().expect("open");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].declared_by_business.as_deref(), Some("nfqs"));
}

pub fn login_throttle_suite<T: LoginThrottle>(make: impl Fn(ThrottleLimits) -> T) {
    let t = make(ThrottleLimits {
        per_account: 2,
        per_ip: 3,
        window: std::time::Duration::from_secs(60),
    });
    let keys = |u: &str| vec![format!("user:{u}"), "ip:1".to_string()];
    assert!(t.attempt(&keys("a")).is_ok());
    assert!(t.attempt(&keys("a")).is_ok());
    assert!(
        t.attempt(&keys("a")).is_err(),
        "the account's attempts are used up"
    );
    assert!(t.attempt(&keys("b")).is_ok(), "the address has one left");
    assert!(
        t.attempt(&keys("c")).is_err(),
        "the address's attempts are used up"
    );
    t.succeeded("user:b", &["ip:1".to_string()]);
    assert!(
        t.attempt(&keys("c")).is_ok(),
        "a success gives its attempt back"
    );
}

/// The log: appended with the events (never for a duplicate), proofs at one head,
/// tiles, the key stored once, witnesses and cosignatures per tree head, and events
/// stored before the log logged later.
pub fn log_store_suite<S: EventStore + LogStore>(make: impl Fn() -> S) {
    let s = make();
    assert_eq!(s.log_head().expect("head").size, 0);
    let events: Vec<NewEvent> = (0..5)
        .map(|i| new_event(&format!("e{i}"), None, "2026-01-01T00:00:00.000Z", &[]))
        .collect();
    s.insert_events(&events).expect("insert");
    s.insert_events(&events[..2]).expect("duplicates");
    let head = s.log_head().expect("head");
    assert_eq!(head.size, 5, "a duplicate is not logged again");
    assert_eq!(s.log_root(5).expect("root"), Some(head.root));
    assert_eq!(s.log_root(6).expect("root"), None);
    let ids = vec!["e3".to_string(), "missing".to_string()];
    let (at, proofs) = s.log_proofs(&ids).expect("proofs");
    assert_eq!(at, head);
    let e3 = &proofs["e3"];
    assert_eq!((e3.leaf_index, proofs.len()), (3, 1));
    assert!(e3.json.contains("\"e3\""));
    let fields = EventFields::of(&serde_json::from_str(&e3.json).expect("json"));
    assert_eq!(e3.salts.len(), fields.len(), "one salt per field");
    let all = fields.iter().map(|(n, _)| n.to_string()).collect();
    let proof = EventProof::build("e3", &fields, &e3.salts, &all, 3, e3.inclusion.clone());
    proof.verify(&head).expect("the stored proof verifies");

    let tile = s
        .log_tile(&TilePath::Hashes {
            level: 0,
            index: 0,
            width: 5,
        })
        .expect("tile")
        .expect("inside the tree");
    assert_eq!(&tile[3 * 32..4 * 32], &proof.leaf().hash().0[..]);
    let bundle = s
        .log_tile(&TilePath::Entries { index: 0, width: 5 })
        .expect("bundle")
        .expect("inside the tree");
    assert_eq!(
        EntryBundle::parse(&bundle).expect("parse").0[3],
        proof.leaf().to_bytes()
    );
    assert!(s
        .log_tile(&TilePath::Entries { index: 0, width: 6 })
        .expect("bundle")
        .is_none());
    assert_eq!(s.log_consistency(5, 5).expect("same size"), Vec::new());
    assert!(!s.log_consistency(2, 5).expect("proof").is_empty());

    let key = SealedKey {
        origin: "suite.example/log".into(),
        public_key: vec![1; 32],
        kdf_salt: vec![2; 16],
        nonce: vec![3; 12],
        sealed: vec![4; 48],
    };
    assert_eq!(s.log_key().expect("none yet"), None);
    s.init_log_key(&key).expect("first key");
    assert!(matches!(s.init_log_key(&key), Err(StoreError::Conflict(_))));
    assert_eq!(s.log_key().expect("key"), Some(key));

    s.add_witness("w1", "w1+00000000+AA==").expect("witness");
    s.add_witness("w1", "w1+11111111+AA==").expect("replaced");
    assert_eq!(
        s.witnesses().expect("witnesses"),
        [("w1".to_string(), "w1+11111111+AA==".to_string())]
    );
    s.add_cosignature("w1", &head, "— w1 line\n")
        .expect("cosign");
    assert_eq!(s.cosignatures(&head).expect("lines"), ["— w1 line\n"]);
    let other = TreeHead {
        size: 5,
        root: LogHash([9; 32]),
    };
    assert!(
        s.cosignatures(&other).expect("lines").is_empty(),
        "another root"
    );

    assert!(s.unlogged_events().expect("unlogged").is_empty());
}

/// New SQLite stores, each on a real file of a directory that lives for the test.
fn sqlite(dir: &tempfile::TempDir) -> impl Fn() -> SqliteStore + '_ {
    let n = std::sync::atomic::AtomicUsize::new(0);
    move || {
        let i = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        SqliteStore::open(&dir.path().join(format!("suite-{i}.db"))).expect("open")
    }
}

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn sqlite_event_store() {
    event_store_suite(sqlite(&dir()));
}

#[test]
fn sqlite_business_store() {
    business_store_suite(sqlite(&dir()));
}

#[test]
fn sqlite_account_store() {
    account_store_suite(sqlite(&dir()));
}

#[test]
fn sqlite_disclosure_store() {
    disclosure_store_suite(sqlite(&dir()));
}

#[test]
fn sqlite_recall_store() {
    recall_store_suite(sqlite(&dir()));
}

#[test]
fn sqlite_log_store() {
    log_store_suite(sqlite(&dir()));
}

#[test]
fn memory_login_throttle() {
    login_throttle_suite(MemoryThrottle::new);
}
