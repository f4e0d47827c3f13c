### The trace page's and the home page's words: the shopper app and the kiosk (which shows the same trace page) register them at start; the scan and staff apps do not link them.

tagline = Seafood traceability
home-title = Where does this seafood come from?
home-intro = Scan the QR code or barcode on the pack label to see its history, from fry to store.
scan-action = Scan a label
type-heading = Enter the number
trace-title = Trace
loading = Loading the history…
unknown-title = Unknown code
unknown-text = There are no records for this code. Check the number on the label and try again.
invalid-title = Invalid code
error-title = Could not load the history
error-network = Check your connection and try again.
error-server = The server had a problem. Please try again in a moment.
retry = Retry
lot-no = Lot
element-string = GS1 code
recall-title = This product is being recalled
recall-declared = Recall declared
reason = Reason
timeline = History, farm to shelf
no-stages = No public records yet.
time = Time
business = Business
place = Place
after-this-lot = Recorded after this pack was made: about the rest of that lot, not this pack.
corrected = Corrected record
corrected-on = Corrected on
genealogy = Where this lot came from
genealogy-intro = This lot was made from these lots. Each share is how much of this pack came from that lot along its branch: a lot drawn under two branches shows each branch's part, and the parts add up.
no-ancestors = This lot was not merged with or split from other lots.
stage = Stage
share-unknown = not recorded
descendants = Lots made from this one
businesses = Businesses and contact
no-businesses = No contact details published.
phone = Phone
email = Email
address = Address
role = Role
offline-title = Saved copy from { $date } — you are offline
offline-text = There is no connection, so this is the history as saved on this device. Anything that changed since (such as a recall) may be missing.
refreshing-title = Copy saved on this device on { $date } — loading the latest
species = Species
species-olive-flounder = Olive flounder
fao-code = FAO code
production = Production
origin = Origin
packed-on = Packed
expires-on = Use by
lot-meaning-title = What does this number mean?
lot-meaning-gs1 = The product code (GTIN) { $gtin } together with the lot number { $lot } identifies this lot.
lot-meaning13 = The 13-digit lot number reads: species code { $species }, plant { $plant }, product { $product }, processing date (MMDD) { $mmdd }, serial { $serial }.
lot-meaning-sscc = The SSCC numbers a logistic unit such as a case or a pallet.
lot-meaning-unit = A lot is the smallest quantity with its own records: the packs of one lot were made together from the same fish, and every business records where each lot came from and where it went.
trace-reach = With this number the history reaches back to { $stage }: { $businesses ->
        [one] { $businesses } business
       *[other] { $businesses } businesses
    }, { $lots ->
        [one] { $lots } earlier lot
       *[other] { $lots } earlier lots
    }.
checks = Record checks
checks-hint = Automatic checks of the businesses' records against each other. Tap a check to read what it means.
audits-all-passed = { $total ->
        [one] { $total } check passed
       *[other] All { $total } checks passed
    }
audits-some-failed = { $failed ->
        [one] { $failed } check failed — see the explanation below
       *[other] { $failed } checks failed — see the explanation below
    }
audits-some-warn = { $total ->
        [one] { $passed } of { $total } check passed; the rest need attention
       *[other] { $passed } of { $total } checks passed; the rest need attention
    }
# Under a recall, instead of a verdict of the checks (core's ChecksVerdict::recalled_text, the same words).
audits-recalled = This lot is recalled: records that pass their checks do not make it safe to eat — follow the recall notice above.
audits-each = The checks, one by one
codes = Codes
audits-nothing = Nothing to check: these records have no step the checks apply to.
audit-cold-gist = { $low }–{ $high }, limit { $limit }, { $n ->
        [one] { $n } reading
       *[other] { $n } readings
    }
outcome-pass = Passed
outcome-warn = Needs attention
outcome-fail = Failed
outcome-na = Not applicable
corrected-note = This record was later declared wrong. It is kept, crossed out, next to its correction.
see-correction = See the correction
correction-of = Correction of an earlier record
genealogy-tap = Tap a lot to jump to its records in the history.
this-pack = This pack
share-of-pack = { $pct } of this pack
farms-summary = { $n ->
        [one] Fish from { $n } farm:
       *[other] Fish from { $n } farms:
    }
descendants-summary = { $n ->
        [one] { $n } lot made from this one went to { $m ->
            [one] { $m } business.
           *[other] { $m } businesses.
        }
       *[other] { $n } lots made from this one went to { $m ->
            [one] { $m } business.
           *[other] { $m } businesses.
        }
    }
share-action = Share
trace-actions = Next steps
scan-another = Scan another pack
contact-seller = Contact the seller
all-businesses = { $n ->
        [one] The business in this pack's history
       *[other] All { $n } businesses in this pack's history
    }
copy-link = Copy link
link-copied = Link copied.
copy-manually = Copy this link:
recall-dont-eat = Do not eat it.
recall-return = Return it to the store where you bought it.
recall-contact = Questions? Contact the businesses:
recall-contact-link = see contacts
recall-id = Recall number
cold-chain = Cold chain
limit = Limit
above-limit = Above limit
cold-summary = { $n ->
        [one] { $n } reading from { $start } to { $end }: lowest { $min }, highest { $max }, limit { $limit }.
       *[other] { $n } readings from { $start } to { $end }: lowest { $min }, highest { $max }, limit { $limit }.
    }
cold-no-excursion = Every reading stayed within the limit.
cold-excursions = { $n ->
        [one] Above the limit once:
       *[other] Above the limit { $n } times:
    }
cold-excursion-item = { $from } – { $to }, up to { $max }
readings-table = All readings (table)
temperature = Temperature
status = Status

## The scanned pack's own code (serialised, signed codes).
item-genuine = Genuine code
item-check-pack = Check this pack
item-signed-by = Signed by { $business } (GLN { $gln })
item-first-checked = First checked on { $date } — { $n ->
        [one] checked once
       *[other] checked { $n } times
    }. If the first check was not yours, this may be a copy.
item-never-checked = This is the first check of this code.
item-not-issued = This code was never issued — report it to the store or the regulator.
item-bad-signature = This code's signature is not valid: the code was changed or forged.
item-unsigned = This code carries no signature, though its serial was issued signed: it may be a copy made by hand.
item-two-stores = This pack's code was checked in two different stores. One pack is in one store: one of them is probably a copy.
item-off-chain = This pack's code was checked in a store its lot was never delivered to: it may be a copy.
item-sold-elsewhere = This pack was already sold at another store, yet its code was checked on a store shelf here: this pack is probably a copy.
item-many-checks = This code was checked on more days than a pack stays on sale: it may have been copied.
item-serial = Serial number
proof-checking = Checking these records against the public log…
proof-verified = Matches the public log
proof-failed = Does not match the public log
proof-unchecked = Not checked
proof-all-verified = { $total ->
        [one] The record on this page matches the public log its businesses write to.
       *[other] All { $total } records on this page match the public log their businesses write to.
    }
proof-witnesses = { $witnesses ->
        [one] The log's current state carries the countersignature of { $witnesses } independent witness.
       *[other] The log's current state carries the countersignatures of { $witnesses } independent witnesses.
    }
proof-some-failed = { $failed ->
        [one] { $failed } of { $total } records does not match the public log: it may have been changed after the business recorded it. Do not rely on it; ask the store.
       *[other] { $failed } of { $total } records do not match the public log: they may have been changed after the businesses recorded them. Do not rely on them; ask the store.
    }
proof-bad-checkpoint = These records could not be confirmed: the public log's signature does not match the log this phone knows. Treat the whole history as unconfirmed.
proof-rewritten = The public log no longer holds what it showed on your earlier visit: its past was rewritten. Treat this history as unconfirmed.
proof-no-key = These records could not be checked against the public log right now (no connection to it).
proof-why-changed = This record is not the one the business logged: it was changed afterwards, or its proof is wrong.
proof-why-shown = The page shows something about this record that its proof does not confirm.
proof-why-missing = No proof came with this record.
proof-why-log = The public log itself could not be confirmed, so this record is not confirmed either.
