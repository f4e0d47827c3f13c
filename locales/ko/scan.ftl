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
