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
