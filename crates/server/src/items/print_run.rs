//! Issuing a print run: only the business whose event created the lot (its packer) may;
//! serials are drawn from the OS's CSPRNG, signed with the business's code key, stored
//! with the commissioning event in one transaction, and handed out as Digital Links, a
//! CSV and printable label sheets.

use crate::auth::Staff;
use crate::capture::{business_of, prepare};
use crate::service::StoreSource;
use crate::store::{IssuedCode, PrintRun, StoreError};
use crate::{ApiError, AppState};
use lottrace_core::authenticity::{
    commissioning_event, item_code, PrintRunRequest, Serial, DIGSIG_AI,
};
use lottrace_core::capture_rules::created_lots;
use lottrace_core::codes::{label, to_digital_link, LotKey};
use lottrace_core::genealogy::EventSource;
use lottrace_core::role::Role;
use maud::{html, Markup, DOCTYPE};
use rand_core::{OsRng, RngCore};
use std::collections::BTreeSet;

/// Labels on one printable sheet document (A4 pages of 4 × 6).
pub const CODES_PER_LABEL_PAGE: u32 = 240;

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The base of the Digital Links printed on labels: the deployment's first trusted host
/// (https, except for local addresses).
pub fn public_base(state: &AppState) -> String {
    let host = state
        .trusted_hosts
        .first()
        .map(String::as_str)
        .unwrap_or("localhost");
    let local = host.starts_with("127.") || host.starts_with("localhost") || host.starts_with('[');
    format!("{}://{host}", if local { "http" } else { "https" })
}

/// A code's Digital Link with its signature.
pub fn code_link(base: &str, run: &PrintRun, code: &IssuedCode) -> Result<String, ApiError> {
    let mut id = item_code(&run.gtin, &run.lot, &Serial::read(&code.serial));
    id.other_ais
        .push((DIGSIG_AI.to_string(), code.signature.clone()));
    to_digital_link(&id, base).map_err(|e| ApiError::internal(e.message))
}

/// Issues a run for `staff`'s business; answers the run and its codes' links.
pub fn issue(
    state: &AppState,
    staff: &Staff,
    request: &PrintRunRequest,
) -> Result<(PrintRun, Vec<String>), ApiError> {
    if staff.user.role == Role::Regulator {
        return Err(ApiError::forbidden(
            "regulators read and recall; print runs are issued by the lot's packer",
        ));
    }
    let lot = request.check().map_err(|(field, message)| {
        ApiError::bad_request("invalid_print_run", message).with_field(format!("/{field}"))
    })?;
    let LotKey::Gtin {
        gtin,
        lot: lot_number,
    } = &lot
    else {
        return Err(ApiError::internal("a GTIN lot key was expected"));
    };
    let store = state.store.as_ref();
    let businesses = store.businesses()?;
    let naming = StoreSource::new(state).events_naming(std::slice::from_ref(&lot))?;
    let creator = naming
        .iter()
        .find(|e| created_lots(e).contains(&lot))
        .and_then(|e| business_of(e, &businesses));
    match creator {
        Some(owner) if owner == staff.business.id => {}
        Some(_) => {
            return Err(ApiError::forbidden(format!(
                "lot {} was created by another business: only its packer issues its codes",
                lot.element_string()
            ))
            .with_field("/lot"))
        }
        None => {
            return Err(ApiError::forbidden(format!(
            "no business recorded creating lot {}: record the packing first, then issue its codes",
            lot.element_string()
        ))
            .with_field("/lot"))
        }
    }
    let signer = state.code_keys.signer(store, &staff.business)?;
    let mut seen = BTreeSet::new();
    let mut serials = Vec::with_capacity(request.count as usize);
    while serials.len() < request.count as usize {
        let mut random = [0u8; 8];
        OsRng.fill_bytes(&mut random);
        let serial = Serial::from_random(random);
        if seen.insert(serial.clone()) {
            serials.push(serial);
        }
    }
    let codes = serials
        .iter()
        .map(|s| {
            Ok(IssuedCode {
                serial: s.as_str().to_string(),
                signature: signer
                    .sign(&item_code(gtin, lot_number, s))
                    .map_err(|e| ApiError::internal(e.message))?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let now = chrono::Utc::now();
    let time = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let event_id = format!("urn:uuid:{}", uuid());
    let location = format!("https://id.gs1.org/414/{}", staff.business.gln);
    let event = commissioning_event(&event_id, &time, &location, gtin, lot_number, &serials)
        .map_err(|p| ApiError::problems("invalid_print_run", p))?;
    let rows = prepare(&[event], &businesses).map_err(ApiError::internal)?;
    let row = rows
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal("no event row"))?;
    let run = PrintRun {
        id: uuid(),
        business_id: staff.business.id.clone(),
        gtin: gtin.clone(),
        lot: lot_number.clone(),
        count: request.count,
        created_at: time,
        event_id: row.event_id.clone(),
    };
    match store.add_print_run(&run, &codes, &row) {
        Ok(()) => {}
        Err(StoreError::Conflict(m)) => {
            return Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "serial_taken",
                format!("{m}: nothing was issued, send the request again"),
            ))
        }
        Err(e) => return Err(e.into()),
    }
    let base = public_base(state);
    let links = codes
        .iter()
        .map(|c| code_link(&base, &run, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((run, links))
}

/// One printable sheet document of a run's labels (`page` from 1): a QR code per pack,
/// with its product, lot and serial in text for a person to read.
pub fn labels_page(
    base: &str,
    run: &PrintRun,
    codes: &[IssuedCode],
    page: u32,
    pages: u32,
) -> Result<Markup, ApiError> {
    let mut labels = Vec::with_capacity(codes.len());
    for code in codes {
        let link = code_link(base, run, code)?;
        let svg = label::qr_svg(&link).map_err(|e| ApiError::internal(e.message))?;
        labels.push((code.serial.clone(), svg));
    }
    Ok(html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "Labels " (run.gtin) " " (run.lot) " — sheet " (page) " of " (pages) }
                style { (maud::PreEscaped(LABEL_CSS)) }
            }
            body {
                p.note { "Print run " (run.id) " · GTIN " (run.gtin) " · lot " (run.lot) " · sheet " (page) " of " (pages) " · " (codes.len()) " labels" }
                div.sheet {
                    @for (serial, svg) in &labels {
                        div.label {
                            (maud::PreEscaped(svg))
                            span { (run.lot) " · " (serial) }
                        }
                    }
                }
            }
        }
    })
}

const LABEL_CSS: &str = "@page{size:A4;margin:10mm}body{font:9pt sans-serif;margin:0}\
.note{margin:0 0 4mm}.sheet{display:grid;grid-template-columns:repeat(4,1fr);gap:3mm}\
.label{break-inside:avoid;border:0.2mm dashed #999;padding:2mm;text-align:center;height:40mm}\
.label svg{width:30mm;height:30mm;display:block;margin:0 auto}\
.label span{font-family:monospace;font-size:7pt}@media print{.note{display:none}}";
