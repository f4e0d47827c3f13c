### The scan app's words (`src/bin/scan.rs` registers them at start).

scan-title = 扫描标签
scan-intro = 请拍摄或选择一张能清楚看到标签二维码或条形码的照片。
or-type = 或手动输入号码
switch-camera = 切换摄像头
torch = 补光灯
camera-retry = 重新打开摄像头
code-found = 已识别编码
opening-trace = 正在打开追溯页面…
scan-again = 重新扫描

## Signed codes, checked on this device before any answer from the server.
scan-signed-by = 已验证 { $business }（GLN { $gln }）的签名
scan-signature-invalid-title = 此码的签名无效
scan-signature-invalid-text = 此码在印制后被改动过，或并非由其所标示的企业生成。请勿相信此标签，请出示给店员。
scan-show-anyway = 仍然查看追溯记录
