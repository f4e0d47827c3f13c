//! The businesses behind events: who owns which location (a [`Party`], found by the GLN
//! its locations carry) and how to reach them. The trace, the audit checks and the
//! pattern builders all ask here; `crate::trace` re-exports these for its callers.

use crate::codes::{self, ResolverConfig};
use crate::epcis::Event;
use crate::fields::Stage;
use crate::role::Role;

/// A business as the trace needs it: who owns which location, and how to reach them.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub gln: String,
    pub role: Role,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

impl Party {
    /// The chain stage a business's events belong to, from its role.
    pub fn stage(&self) -> Option<Stage> {
        self.role.stage()
    }
}

/// The GLN of a location identifier (`urn:epc:id:sgln:…`, a Digital Link with AI 414,
/// or a bare GLN), if it has one.
pub fn location_gln(location: &str) -> Option<String> {
    let id = codes::identify(location, &ResolverConfig::default()).ok()?;
    id.gln
}

/// Finds the party owning a location: the one whose GLN the location carries.
pub fn party_at<'a>(parties: &'a [Party], location: Option<&str>) -> Option<&'a Party> {
    let gln = location_gln(location?)?;
    parties.iter().find(|p| p.gln == gln)
}

/// The party a `sourceList` or `destinationList` entry names: by its PGLN (an owning
/// or possessing party) or by one of its places.
pub fn party_named<'a>(parties: &'a [Party], id: &str) -> Option<&'a Party> {
    let gln = codes::party_gln(id).or_else(|| location_gln(id))?;
    parties.iter().find(|p| p.gln == gln)
}

/// The party responsible for an event: the owner of its business location, else of its
/// read point.
pub fn party_of<'a>(parties: &'a [Party], event: &Event) -> Option<&'a Party> {
    party_at(parties, event.biz_location()).or_else(|| party_at(parties, event.read_point()))
}
