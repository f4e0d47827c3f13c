### Words every app shows: the page frame, typed code entry, the camera and photo scanner, code errors, the fallback page.

skip-to-content = 본문으로 건너뛰기
home-link = Lottrace 처음 화면
language-nav = 언어
footer = 이력 정보는 각 업체가 기록하고 공개한 내용입니다.

## Typed entry

code-label = 라벨의 번호
code-hint = 13자리 이력번호, 라벨에 인쇄된 (01)과 (10)이 있는 줄, 또는 Digital Link 주소
show-trace = 이력 보기
code-empty = 라벨의 번호를 입력하세요.
code-invalid = 올바른 번호가 아닙니다. 라벨의 번호를 다시 확인해 주세요.

## Code kinds (trace page header, kiosk keypad, staff labels)

gtin = 상품코드 (GTIN)
lot13 = 이력번호 (13자리)
sscc = 물류단위 (SSCC)

## Scan (the camera's and photo's words the kiosk and the staff lot picker show too)

upload-photo = 사진 올리기
decoding = 사진에서 코드를 읽는 중…
no-code-found = 사진에서 코드를 찾지 못했습니다. 라벨이 크고 선명하게 나온 사진으로 다시 시도해 주세요.
image-unreadable = 이 이미지를 열 수 없습니다. 다른 사진을 골라 주세요.
scanner-failed = 스캐너를 시작하지 못했습니다. 페이지를 새로 고치거나 번호를 직접 입력해 주세요.
external-title = 다른 웹사이트의 코드입니다
external-text = Lottrace 이력 페이지가 아닙니다. 열기 전에 주소를 확인하세요.
website = 웹사이트
open = 열기
text-title = 코드 내용
text-text = 이 코드는 이력 조회용 번호가 아닙니다.

## Scan: camera

camera-preview = 카메라 화면
camera-hint = 라벨의 QR 코드나 바코드를 네모 칸 안에 맞춰 주세요.
camera-starting = 카메라를 켜는 중…
camera-unavailable = 카메라를 쓸 수 없습니다
camera-insecure = 보안 연결(https)이 아닌 페이지에서는 카메라를 쓸 수 없습니다. https 주소로 다시 열거나, 아래에서 사진을 올리거나 번호를 입력하세요.
camera-denied = 카메라 사용이 허용되지 않았습니다. 브라우저의 사이트 설정에서 카메라를 허용한 뒤 다시 시도하거나, 아래에서 사진을 올리거나 번호를 입력하세요.
camera-none = 이 기기에서 카메라를 찾지 못했습니다. 아래에서 사진을 올리거나 번호를 입력하세요.
camera-in-use = 다른 앱이 카메라를 쓰고 있습니다. 그 앱을 닫고 다시 시도하거나, 아래에서 사진을 올리거나 번호를 입력하세요.
camera-failed = 카메라를 시작하지 못했습니다. 다시 시도하거나, 아래에서 사진을 올리거나 번호를 입력하세요.
product-title = 상품 바코드입니다
product-text = 이 바코드는 상품의 종류만 알려 줍니다. 이 포장의 이력을 보려면 라벨의 QR 코드나 13자리 이력번호를 스캔하세요.
product-typed-text = 이 번호는 상품을 나타낼 뿐, 이 포장의 로트를 나타내지 않습니다. 옆에 인쇄된 로트 번호((01)과 (10)이 있는 줄, 또는 13자리 이력번호)를 입력하거나 라벨의 QR 코드를 스캔하세요.

## Typed entry: why a code is not valid (from the codes module's error codes)

err-check-digit = 마지막 자리(검증 번호)가 맞지 않습니다. 라벨의 번호를 다시 확인해 주세요.
err-length = 자릿수가 맞지 않습니다. 상품코드는 8·12·13·14자리, 이력번호는 13자리입니다.
err-charset = 쓸 수 없는 문자가 들어 있습니다.
err-date = 번호 속 날짜가 올바르지 않습니다.
err-format = 알 수 없는 형식입니다. 13자리 이력번호나 라벨에 인쇄된 (01)과 (10)이 있는 줄을 입력하세요.
err-lot-alone = 로트 번호만 입력하신 것 같습니다. 라벨에 인쇄된 (01)과 (10)이 있는 줄 전체를 입력하세요: 상품 번호도 필요합니다.
err-url = 올바른 GS1 Digital Link 주소가 아닙니다.
err-gs1 = GS1 데이터(AI)의 형식이 올바르지 않습니다.
err-too-long = 코드라고 하기에는 너무 깁니다.
err-country = 존재하지 않는 국가 코드(ISO 3166)가 들어 있습니다. 라벨의 원산지 번호를 확인해 주세요.
err-currency = 존재하지 않는 통화 코드(ISO 4217)가 들어 있습니다. 라벨의 가격이나 금액을 확인해 주세요.
err-pairing = 함께 있어야 할 정보가 없거나, 함께 쓸 수 없는 정보가 같이 있습니다(예: 상품코드 없는 이력번호).

## Fallback route

page-not-found = 페이지를 찾을 수 없습니다
page-not-found-text = 주소를 확인하거나 처음 화면으로 돌아가세요.
back-home = 처음 화면으로

## Signed codes, checked on this device before any answer from the server.
signed-by = { $business }(GLN { $gln })의 서명이 확인되었습니다
signature-invalid-title = 이 코드의 서명이 올바르지 않습니다
signature-invalid-text = 인쇄된 뒤 코드가 바뀌었거나, 코드에 적힌 업체가 아닌 다른 누군가가 만든 코드입니다. 이 라벨을 믿지 마시고 매장 직원에게 보여 주세요.
show-history-anyway = 그래도 이력 보기
