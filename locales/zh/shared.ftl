### Words every app shows: the page frame, typed code entry, the camera and photo scanner, code errors, the fallback page.

skip-to-content = 跳到正文
home-link = Lottrace 首页
language-nav = 语言
footer = 追溯记录由链条上的各企业录入并公开。

## Typed entry

code-label = 标签上的号码
code-hint = 13位追溯号、标签上印的带 (01) 和 (10) 的那一行，或 Digital Link 网址
show-trace = 查看追溯
code-empty = 请输入标签上的号码。
code-invalid = 号码无效，请核对标签上的号码。

## Code kinds (trace page header, kiosk keypad, staff labels)

gtin = 商品条码 (GTIN)
lot13 = 追溯号 (13位)
sscc = 物流单元 (SSCC)

## Scan (the camera's and photo's words the kiosk and the staff lot picker show too)

upload-photo = 上传照片
decoding = 正在识别照片中的编码…
no-code-found = 照片中未找到编码。请换一张标签更大、更清晰的照片。
image-unreadable = 无法打开此图片，请选择其他照片。
scanner-failed = 扫描器无法启动。请刷新页面或直接输入号码。
external-title = 该编码指向其他网站
external-text = 这不是 Lottrace 追溯页面。打开前请确认网址。
website = 网站
open = 打开
text-title = 编码内容
text-text = 该编码不是追溯码。

## Scan: camera

camera-preview = 摄像头画面
camera-hint = 请将标签上的二维码或条形码对准取景框。
camera-starting = 正在打开摄像头…
camera-unavailable = 无法使用摄像头
camera-insecure = 非安全连接（https）的页面无法使用摄像头。请通过 https 重新打开本页，或在下方上传照片、输入号码。
camera-denied = 未获准使用摄像头。请在浏览器的网站设置中允许使用摄像头后重试，或在下方上传照片、输入号码。
camera-none = 此设备上未找到摄像头。请在下方上传照片或输入号码。
camera-in-use = 摄像头正被其他应用占用。请关闭该应用后重试，或在下方上传照片、输入号码。
camera-failed = 摄像头无法启动。请重试，或在下方上传照片、输入号码。
product-title = 这是商品条码
product-text = 该条码只标识商品种类，不标识本包装的批次。要查看追溯信息，请扫描标签上的二维码或13位追溯号。
product-typed-text = 这个号码只标识商品，不标识本包装的批次。请输入旁边印的批号（带 (01) 和 (10) 的那一行，或13位追溯号），或扫描标签上的二维码。

## Typed entry: why a code is not valid (from the codes module's error codes)

err-check-digit = 最后一位（校验位）不正确，请核对标签上的号码。
err-length = 位数不正确：商品条码为 8、12、13 或 14 位，追溯号为 13 位。
err-charset = 含有不允许使用的字符。
err-date = 编码中的日期无效。
err-format = 无法识别的格式。请输入13位追溯号，或标签上印的带 (01) 和 (10) 的那一行。
err-lot-alone = 这看起来只是批号。请输入标签上印的带 (01) 和 (10) 的整行：还需要商品编号。
err-url = 不是有效的 GS1 Digital Link 网址。
err-gs1 = 编码中的 GS1 数据（应用标识符）无效。
err-too-long = 内容过长，不是有效编码。
err-country = 含有不存在的国家代码（ISO 3166），请核对标签上的原产地。
err-currency = 含有不存在的货币代码（ISO 4217），请核对标签上的价格或金额。
err-pairing = 缺少必须同时出现的数据，或含有不能同时出现的数据（例如没有商品条码的批号）。

## Fallback route

page-not-found = 页面不存在
page-not-found-text = 请检查网址或返回首页。
back-home = 返回首页

## Signed codes, checked on this device before any answer from the server.
signed-by = 已验证 { $business }（GLN { $gln }）的签名
signature-invalid-title = 此码的签名无效
signature-invalid-text = 此码在印制后被改动过，或并非由其所标示的企业生成。请勿相信此标签，请出示给店员。
show-history-anyway = 仍然查看追溯记录
