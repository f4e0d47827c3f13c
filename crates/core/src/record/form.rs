//! The form catalogue: which forms each role fills in, and for each form the shape of
//! the event it makes, the dictionary fields it shows (in order), the product kind of
//! the lots it creates and whether it logs temperatures.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::ProductKind;
use crate::fields::{Dictionary, Field};
use crate::role::Role;

/// A staff form, by the name it travels under (drafts, outbox entries, URLs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    HatcheryLot,
    HatcheryShip,
    FarmStocking,
    FarmFeeding,
    FarmTreatment,
    FarmHarvest,
    FarmShip,
    TransportPickup,
    TransportDelivery,
    PlantReceive,
    PlantMerge,
    PlantSplit,
    PlantProcess,
    PlantShip,
    WholesaleReceive,
    WholesaleShip,
    RetailReceive,
    RetailDisplay,
}

impl Form {
    /// The name in URLs and stored drafts (`hatchery_lot`).
    pub fn key(self) -> &'static str {
        self.def().key()
    }

    pub fn parse(key: &str) -> Option<Form> {
        FORMS.iter().find(|f| f.key() == key).map(|f| f.form)
    }

    pub fn def(self) -> &'static FormDef {
        // Every variant has exactly one entry (checked by a test).
        FORMS.iter().find(|f| f.form == self).unwrap_or(&FORMS[0])
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The shape of a form: which lots it has and which event it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// New lots appear (`ObjectEvent ADD` with this bizStep).
    Create(&'static str),
    /// Existing lots are observed in place (`ObjectEvent OBSERVE` with this bizStep).
    Observe(&'static str),
    Receive,
    Ship,
    Move,
    Merge,
    Split,
    Process,
}

/// The other business a form names, chosen by its GLN (typed or scanned, read by
/// [`super::business_gln`] through the codes module): the hand-off is recorded as the
/// event's `sourceList` (receive) or `destinationList` (ship), each as the business's
/// `owning_party` and its `location`. A shipment's recipient is what gives it custody of
/// the lots (see [`crate::capture_rules::first_outside_custody`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counterparty {
    /// Who the lots came from (receive).
    Supplier,
    /// Who the lots go to (ship; required).
    Recipient,
}

impl Shape {
    /// Has lots that are used or handled (picked, scanned).
    pub fn has_inputs(self) -> bool {
        !matches!(self, Shape::Create(_))
    }
    /// Makes new lots (identifiers made automatically).
    pub fn has_outputs(self) -> bool {
        matches!(
            self,
            Shape::Create(_) | Shape::Merge | Shape::Split | Shape::Process
        )
    }
    /// Minimum number of input rows.
    pub fn min_inputs(self) -> usize {
        match self {
            Shape::Create(_) => 0,
            Shape::Merge => 2,
            _ => 1,
        }
    }
    /// Exactly one input.
    pub fn single_input(self) -> bool {
        matches!(self, Shape::Split | Shape::Process)
    }
    pub fn min_outputs(self) -> usize {
        match self {
            Shape::Split => 2,
            s if s.has_outputs() => 1,
            _ => 0,
        }
    }
    pub fn single_output(self) -> bool {
        matches!(self, Shape::Merge | Shape::Create(_))
    }
    /// Which other business the form asks for, if any.
    pub fn counterparty(self) -> Option<Counterparty> {
        match self {
            Shape::Receive => Some(Counterparty::Supplier),
            Shape::Ship => Some(Counterparty::Recipient),
            _ => None,
        }
    }
    /// Whether outputs should weigh no more than inputs (a warning, not a block).
    pub fn balances(self) -> bool {
        matches!(self, Shape::Merge | Shape::Split | Shape::Process)
    }
}

/// One form of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FormDef {
    pub form: Form,
    pub shape: Shape,
    /// Dictionary fields shown, in order.
    pub fields: &'static [&'static str],
    /// Product kind of new lots (for their identifier).
    pub product: ProductKind,
    /// Asks for temperatures (°C).
    pub temperatures: bool,
}

impl FormDef {
    pub fn key(&self) -> &'static str {
        KEYS[self.form as usize]
    }

    /// The dictionary fields the form shows, in order.
    pub fn dictionary_fields(&self) -> Vec<&'static Field> {
        let dict = Dictionary::get();
        self.fields.iter().filter_map(|k| dict.field(k)).collect()
    }
}

/// [`Form`]'s serialised names, in declaration order.
const KEYS: [&str; 18] = [
    "hatchery_lot",
    "hatchery_ship",
    "farm_stocking",
    "farm_feeding",
    "farm_treatment",
    "farm_harvest",
    "farm_ship",
    "transport_pickup",
    "transport_delivery",
    "plant_receive",
    "plant_merge",
    "plant_split",
    "plant_process",
    "plant_ship",
    "wholesale_receive",
    "wholesale_ship",
    "retail_receive",
    "retail_display",
];

/// The form of a key, if the catalogue has it.
pub fn by_key(key: &str) -> Option<&'static FormDef> {
    FORMS.iter().find(|f| f.key() == key)
}

/// Every form, in catalogue order.
pub fn all() -> &'static [FormDef] {
    FORMS
}

/// The forms a role fills in, in the order of its work (an admin sees every form).
pub fn for_role(role: Role) -> Vec<&'static FormDef> {
    use Form::*;
    let forms: &[Form] = match role {
        Role::Hatchery => &[HatcheryLot, HatcheryShip],
        Role::Farm => &[
            FarmHarvest,
            FarmShip,
            FarmStocking,
            FarmFeeding,
            FarmTreatment,
        ],
        Role::Transporter => &[TransportPickup, TransportDelivery],
        Role::Processor => &[
            PlantReceive,
            PlantMerge,
            PlantSplit,
            PlantProcess,
            PlantShip,
        ],
        Role::Wholesaler => &[WholesaleReceive, WholesaleShip],
        Role::Retailer => &[RetailReceive, RetailDisplay],
        Role::Admin => return FORMS.iter().collect(),
        Role::Feed | Role::Regulator | Role::Operator | Role::Unassigned => &[],
    };
    forms.iter().map(|f| f.def()).collect()
}

/// Whether a role's staff print lot labels: one of its forms makes new lots (a hatchery's
/// fry lot, a farm's stocked lot, a plant's merged, split or processed lots), and a lot a
/// business makes is labelled by it. Roles that only receive, carry, ship or display the
/// lots others made print none.
pub fn prints_labels(role: Role) -> bool {
    for_role(role).iter().any(|f| f.shape.has_outputs())
}

const FORMS: &[FormDef] = &[
    FormDef {
        form: Form::HatcheryLot,
        shape: Shape::Create("urn:gdst:bizStep:hatching"),
        fields: &[
            "hatchery.producer_name",
            "hatchery.business_name",
            "hatchery.production_date",
            "hatchery.broodstock_source",
            "hatchery.drug_administered",
            "hatchery.drug_name",
            "hatchery.drug_date",
            "hatchery.disease_test_passed",
        ],
        product: ProductKind::Fry,
        temperatures: false,
    },
    FormDef {
        form: Form::HatcheryShip,
        shape: Shape::Ship,
        fields: &[],
        product: ProductKind::Fry,
        temperatures: false,
    },
    FormDef {
        form: Form::FarmStocking,
        shape: Shape::Process,
        fields: &[
            "farm.name",
            "farm.license_number",
            "farm.fry_species",
            "farm.fry_supplier",
            "farm.method",
            "farm.fish_per_unit",
            "farm.water_depth",
        ],
        product: ProductKind::Live,
        temperatures: false,
    },
    FormDef {
        form: Form::FarmFeeding,
        shape: Shape::Observe("holding"),
        fields: &[
            "feed.type",
            "feed.records_kept",
            "feed.raw_species",
            "feed.raw_catch_area",
            "feed.raw_catch_date",
            "feed.formulated_name",
            "feed.manufacturer",
            "feed.ingredient_species",
            "feed.ingredient_origin",
            "feed.expiry_date",
        ],
        product: ProductKind::Live,
        temperatures: false,
    },
    FormDef {
        form: Form::FarmTreatment,
        shape: Shape::Observe("holding"),
        fields: &[
            "treatment.oral_administered",
            "treatment.oral_drug_name",
            "treatment.oral_drug_company",
            "treatment.oral_usage_standard",
            "treatment.oral_total_days",
            "treatment.oral_last_date",
            "treatment.bath_administered",
            "treatment.bath_drug_name",
            "treatment.bath_total_days",
            "treatment.bath_last_date",
            "treatment.withdrawal_period",
            "treatment.drug_during_withdrawal",
            "treatment.supplement_given",
            "treatment.supplement_datetime",
            "treatment.supplement_amount",
            "treatment.supplement_company",
            "treatment.otc_test_passed",
            "treatment.otc_residue",
        ],
        product: ProductKind::Live,
        temperatures: false,
    },
    FormDef {
        form: Form::FarmHarvest,
        shape: Shape::Observe("urn:gdst:bizStep:farmHarvest"),
        fields: &[
            "farm.harvest_date",
            "farm.shipped_species",
            "farm.species_scientific_name",
            "farm.species_fao_code",
            "farm.production_method",
            "farm.country_of_origin",
            "farm.container_id",
        ],
        product: ProductKind::Live,
        temperatures: false,
    },
    FormDef {
        form: Form::FarmShip,
        shape: Shape::Ship,
        fields: &["farm.carrier"],
        product: ProductKind::Live,
        temperatures: false,
    },
    FormDef {
        form: Form::TransportPickup,
        shape: Shape::Receive,
        fields: &[
            "transport.carrier",
            "transport.driver_name",
            "transport.trip_id",
            "transport.vehicle_type",
            "transport.vehicle_id",
            "transport.product_state",
        ],
        product: ProductKind::Live,
        temperatures: true,
    },
    FormDef {
        form: Form::TransportDelivery,
        shape: Shape::Ship,
        fields: &["transport.trip_id", "transport.product_state"],
        product: ProductKind::Live,
        temperatures: true,
    },
    FormDef {
        form: Form::PlantReceive,
        shape: Shape::Receive,
        fields: &[
            "processing.supplier_name",
            "processing.receiving_form",
            "processing.receiving_staff",
            "processing.receiving_carrier",
        ],
        product: ProductKind::Live,
        temperatures: false,
    },
    FormDef {
        form: Form::PlantMerge,
        shape: Shape::Merge,
        fields: &["processing.line"],
        product: ProductKind::Live,
        temperatures: false,
    },
    FormDef {
        form: Form::PlantSplit,
        shape: Shape::Split,
        fields: &[
            "processing.product_name",
            "processing.product_form",
            "processing.packing_method",
            "processing.unit_weight",
        ],
        product: ProductKind::Sashimi,
        temperatures: true,
    },
    FormDef {
        form: Form::PlantProcess,
        shape: Shape::Process,
        fields: &[
            "processing.product_name",
            "processing.product_form",
            "processing.packing_method",
            "processing.unit_weight",
            "processing.line",
        ],
        product: ProductKind::Fillet,
        temperatures: true,
    },
    FormDef {
        form: Form::PlantShip,
        shape: Shape::Ship,
        fields: &[
            "processing.shipping_carrier",
            "processing.expected_delivery_date",
        ],
        product: ProductKind::Sashimi,
        temperatures: false,
    },
    FormDef {
        form: Form::WholesaleReceive,
        shape: Shape::Receive,
        fields: &[
            "wholesale.product_name",
            "wholesale.counterparty",
            "wholesale.package_count",
        ],
        product: ProductKind::Sashimi,
        temperatures: false,
    },
    FormDef {
        form: Form::WholesaleShip,
        shape: Shape::Ship,
        fields: &["wholesale.product_name", "wholesale.package_count"],
        product: ProductKind::Sashimi,
        temperatures: false,
    },
    FormDef {
        form: Form::RetailReceive,
        shape: Shape::Receive,
        fields: &["retail.store_name", "retail.manager", "retail.product_form"],
        product: ProductKind::Sashimi,
        temperatures: false,
    },
    FormDef {
        form: Form::RetailDisplay,
        shape: Shape::Move,
        fields: &["retail.product_form"],
        product: ProductKind::Sashimi,
        temperatures: true,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roles_that_make_lots_print_labels() {
        for role in [Role::Hatchery, Role::Farm, Role::Processor, Role::Admin] {
            assert!(prints_labels(role), "{role:?}");
        }
        for role in [
            Role::Transporter,
            Role::Wholesaler,
            Role::Retailer,
            Role::Feed,
            Role::Regulator,
        ] {
            assert!(!prints_labels(role), "{role:?}");
        }
    }

    #[test]
    fn every_form_has_one_entry_and_its_serde_name() {
        assert_eq!(FORMS.len(), KEYS.len());
        for (i, def) in FORMS.iter().enumerate() {
            assert_eq!(def.form as usize, i, "{:?} out of order", def.form);
            let json = serde_json::to_string(&def.form).unwrap();
            assert_eq!(json, format!("\"{}\"", def.key()));
            assert_eq!(Form::parse(def.key()), Some(def.form));
            assert_eq!(def.form.def(), def);
        }
    }

    #[test]
    fn every_field_shown_is_in_the_dictionary() {
        for def in FORMS {
            assert_eq!(
                def.dictionary_fields().len(),
                def.fields.len(),
                "{}",
                def.key()
            );
        }
    }

    #[test]
    fn roles_see_their_forms() {
        let keys = |r| for_role(r).iter().map(|d| d.key()).collect::<Vec<_>>();
        assert_eq!(keys(Role::Hatchery), ["hatchery_lot", "hatchery_ship"]);
        assert_eq!(for_role(Role::Admin).len(), FORMS.len());
        assert!(for_role(Role::Regulator).is_empty());
    }
}
