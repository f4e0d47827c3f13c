### The scan app's words (`src/bin/scan.rs` registers them at start).

scan-title = Scan a label
scan-intro = Take or choose a photo in which the label's QR code or barcode is clearly visible.
or-type = Or type the number
switch-camera = Switch camera
torch = Light
camera-retry = Try the camera again
code-found = Code found
opening-trace = Opening the trace page…
scan-again = Scan again

## Signed codes, checked on this device before any answer from the server.
scan-signed-by = Signed by { $business } (GLN { $gln })
scan-signature-invalid-title = This code's signature is not valid
scan-signature-invalid-text = The code was changed after it was printed, or it was made by someone other than the business it names. Do not trust this label: show it to the store staff.
scan-show-anyway = Show the lot's history anyway
