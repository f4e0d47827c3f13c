### The scan app's words (`src/bin/scan.rs` registers them at start).

scan-title = 라벨 스캔
scan-intro = 라벨의 QR 코드나 바코드가 잘 보이는 사진을 찍거나 골라 주세요.
or-type = 번호 직접 입력
switch-camera = 카메라 전환
torch = 조명
camera-retry = 카메라 다시 켜기
code-found = 코드를 읽었습니다
opening-trace = 이력 페이지를 여는 중…
scan-again = 다시 스캔하기

## Signed codes, checked on this device before any answer from the server.
scan-signed-by = { $business }(GLN { $gln })의 서명이 확인되었습니다
scan-signature-invalid-title = 이 코드의 서명이 올바르지 않습니다
scan-signature-invalid-text = 인쇄된 뒤 코드가 바뀌었거나, 코드에 적힌 업체가 아닌 다른 누군가가 만든 코드입니다. 이 라벨을 믿지 마시고 매장 직원에게 보여 주세요.
scan-show-anyway = 그래도 이력 보기
