//! The check of a scanned serial-level code: is it issued, does its signature hold, its
//! counted checks (one more, when the page asks to count), the warning, and the alert
//! the issuing business gets when a check looks like a copy.

use crate::capture::business_of;
use crate::service::StoreSource;
use crate::store::{CodeAlert, EventQuery};
use crate::{ApiError, AppState};
use lottrace_core::authenticity::{
    CheckPlace, ItemState, Sale, SignatureCheck, CHECKS_PER_BUCKET, SALE_BIZ_STEP,
};
use lottrace_core::codes::{Identification, LotKey};
use lottrace_core::genealogy::EventSource;
use lottrace_core::role::Role;
use std::collections::BTreeSet;

/// What the trace request says about the check.
#[derive(Debug, Clone, Default)]
pub struct CheckRequest {
    /// `?place=<GLN>`: the store whose kiosk checks (a registered store, else ignored).
    pub place: Option<String>,
    /// `?check=1`: a shopper's check to count (a page's first load, not its refreshes).
    pub count: bool,
}

/// The item state of a serial-level code (GTIN + serial), and the lot it belongs to
/// when the code itself names none; `None` for lot-level codes.
pub fn item_state(
    state: &AppState,
    id: &Identification,
    request: &CheckRequest,
) -> Result<Option<(ItemState, Option<LotKey>)>, ApiError> {
    let (Some(gtin), Some(serial)) = (&id.gtin, &id.serial) else {
        return Ok(None);
    };
    let store = state.store.as_ref();
    let businesses = store.businesses()?;
    let issued = store.issued_serial(gtin, serial)?;
    let now = chrono::Utc::now();
    let now_text = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let keys = super::key_set(store)?;
    let signature = SignatureCheck::of(id, &keys, &now_text);
    let place = request
        .place
        .as_deref()
        .and_then(|gln| {
            businesses
                .iter()
                .find(|b| b.gln == gln && b.role == Role::Retailer)
        })
        .map_or(CheckPlace::Anywhere, |b| CheckPlace::Store(b.gln.clone()));
    let cap = if request.count { CHECKS_PER_BUCKET } else { 0 };
    let day = now.format("%Y-%m-%d").to_string();
    let counts = store.record_check(gtin, serial, &day, &place, &now_text, cap)?;
    let lot_number = issued
        .as_ref()
        .map(|i| i.lot.clone())
        .or_else(|| id.lot.clone());
    let lot = lot_number.and_then(|l| LotKey::gtin_lot(gtin, &l).ok());
    let lot_stores: BTreeSet<String> = match &lot {
        Some(lot) => StoreSource::new(state)
            .events_naming(std::slice::from_ref(lot))?
            .iter()
            .filter_map(|e| business_of(e, &businesses))
            .filter_map(|owner| businesses.iter().find(|b| b.id == owner))
            .filter(|b| b.role == Role::Retailer)
            .map(|b| b.gln.clone())
            .collect(),
        None => BTreeSet::new(),
    };
    let sale = sale_of(state, gtin, serial, &businesses)?;
    let item = ItemState::assess(
        serial,
        issued.is_some(),
        &signature,
        &counts.buckets,
        issued.as_ref().and(counts.first_checked),
        &lot_stores,
        sale.as_ref(),
    );
    if let (Some(warning), Some(issued)) = (item.warning, &issued) {
        if warning.alerts_business() && request.count {
            store.add_code_alert(&CodeAlert {
                business_id: issued.business_id.clone(),
                gtin: gtin.clone(),
                serial: serial.clone(),
                lot: issued.lot.clone(),
                warning: warning.code().to_string(),
                place: match &place {
                    CheckPlace::Store(gln) => gln.clone(),
                    CheckPlace::Anywhere => String::new(),
                },
                raised_at: now_text,
            })?;
        }
    }
    let lot = if id.lot.is_some() { None } else { lot };
    Ok(Some((item, lot)))
}

/// The first recorded sale of this very pack: a `retail_selling` event naming its SGTIN,
/// recorded by a registered store (whose GLN is the sale's place).
fn sale_of(
    state: &AppState,
    gtin: &str,
    serial: &str,
    businesses: &[crate::store::Business],
) -> Result<Option<Sale>, ApiError> {
    let sales = state.store.query_events(&EventQuery {
        any_epc: Sale::item_epcs(gtin, serial),
        biz_step: vec![SALE_BIZ_STEP.to_string()],
        limit: 16,
        ..EventQuery::default()
    })?;
    let mut first: Option<(chrono::DateTime<chrono::Utc>, Sale)> = None;
    for sold in sales {
        let Some(store) = sold.business_id.as_deref().and_then(|id| {
            businesses
                .iter()
                .find(|b| b.id == id && b.role == Role::Retailer)
        }) else {
            continue;
        };
        let event: lottrace_core::epcis::Event = serde_json::from_str(&sold.json)
            .map_err(|e| ApiError::internal(format!("stored event unreadable: {e}")))?;
        let Some(at) = event.event_time_utc() else {
            continue;
        };
        if first.as_ref().is_none_or(|(earlier, _)| at < *earlier) {
            let day = at.format("%Y-%m-%d").to_string();
            first = Some((
                at,
                Sale {
                    store: store.gln.clone(),
                    day,
                },
            ));
        }
    }
    Ok(first.map(|(_, sale)| sale))
}
