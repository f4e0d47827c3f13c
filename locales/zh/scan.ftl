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
