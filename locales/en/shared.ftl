### Words every app shows: the page frame, typed code entry, the camera and photo scanner, code errors, the fallback page.

skip-to-content = Skip to content
home-link = Lottrace home
language-nav = Language
footer = Records are entered and published by each business in the chain.

## Typed entry

code-label = Code on the label
code-hint = The 13-digit lot number, the line with (01) and (10) as printed on the label, or a Digital Link address
show-trace = Show trace
code-empty = Enter the code printed on the label.
code-invalid = This is not a valid code. Check the number on the label.

## Code kinds (trace page header, kiosk keypad, staff labels)

gtin = Product code (GTIN)
lot13 = Lot number (13 digits)
sscc = Logistic unit (SSCC)

## Scan (the camera's and photo's words the kiosk and the staff lot picker show too)

upload-photo = Upload photo
decoding = Reading the code in the photo…
no-code-found = No code found in this photo. Try another photo with the label larger and in focus.
image-unreadable = This image could not be opened. Choose another photo.
scanner-failed = The scanner could not start. Reload the page or type the number instead.
external-title = This code points to another website
external-text = It is not a Lottrace trace page. Check the address before you open it.
website = Website
open = Open
text-title = Code content
text-text = This code is not a trace code.

## Scan: camera

camera-preview = Camera preview
camera-hint = Hold the label's QR code or barcode inside the frame.
camera-starting = Starting the camera…
camera-unavailable = The camera is not available
camera-insecure = The camera only works on a secure (https) page. Open this page over https, or upload a photo or type the number below.
camera-denied = Camera access was not allowed. Allow the camera in your browser's site settings and try again, or upload a photo or type the number below.
camera-none = No camera was found on this device. Upload a photo or type the number below.
camera-in-use = Another app is using the camera. Close that app and try again, or upload a photo or type the number below.
camera-failed = The camera could not start. Try again, or upload a photo or type the number below.
product-title = This is the product barcode
product-text = It names the product, not this pack's lot. To see the history, scan the label's QR code or the 13-digit lot number.
product-typed-text = This number names the product, not this pack's lot. Type the lot number printed beside it — the line with (01) and (10), or the 13-digit lot number — or scan the label's QR code.

## Typed entry: why a code is not valid (from the codes module's error codes)

err-check-digit = The last digit (check digit) does not match. Check the number on the label.
err-length = Wrong number of digits: product codes have 8, 12, 13 or 14 digits, lot numbers 13.
err-charset = It contains characters that are not allowed here.
err-date = The date in this code is not a valid date.
err-format = This is not a code format we know. Enter the 13-digit lot number, or the line with (01) and (10) as printed on the label.
err-lot-alone = This looks like the lot number alone. Type the whole line printed on the label, with (01) and (10): the product number is needed too.
err-url = This is not a valid GS1 Digital Link address.
err-gs1 = The GS1 data (application identifiers) in this code is not valid.
err-too-long = This is too long to be a code.
err-country = It holds a country code (ISO 3166) that does not exist. Check the origin on the label.
err-currency = It holds a currency code (ISO 4217) that does not exist. Check the price or amount on the label.
err-pairing = Data that must go together is missing, or data that may not go together is there (e.g. a lot without a product code).

## Fallback route

page-not-found = Page not found
page-not-found-text = Check the address, or go back to the start.
back-home = Back to the start

## Signed codes, checked on this device before any answer from the server.
signed-by = Signed by { $business } (GLN { $gln })
signature-invalid-title = This code's signature is not valid
signature-invalid-text = The code was changed after it was printed, or it was made by someone other than the business it names. Do not trust this label: show it to the store staff.
show-history-anyway = Show the lot's history anyway
