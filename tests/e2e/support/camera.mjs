// A fake camera for Chromium: a .y4m video (what `--use-file-for-fake-video-capture`
// plays, looping) showing a QR code, generated from text at test time.
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { PNG } from 'pngjs';

/** 8-bit luma of a PNG buffer (BT.601, alpha over white). */
export function pngToLuma(buffer) {
  const png = PNG.sync.read(buffer);
  const { width, height, data } = png;
  const luma = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const a = data[i * 4 + 3] / 255;
    const y = 0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2];
    luma[i] = Math.round(y * a + 255 * (1 - a));
  }
  return { width, height, luma };
}

/**
 * A frame `w`x`h` of mid-grey "counter" with the QR for `text` pasted in the centre,
 * `size` pixels wide (nearest-neighbour scaled).
 */
export async function qrFrame(text, { w = 1280, h = 720, size = 360, background = 150 } = {}) {
  const png = await QRCode.toBuffer(text, { margin: 4, scale: 1, errorCorrectionLevel: 'M' });
  const qr = pngToLuma(png);
  const frame = new Uint8Array(w * h).fill(background);
  const x0 = Math.floor((w - size) / 2);
  const y0 = Math.floor((h - size) / 2);
  for (let y = 0; y < size; y++) {
    const sy = Math.floor((y * qr.height) / size);
    for (let x = 0; x < size; x++) {
      const sx = Math.floor((x * qr.width) / size);
      frame[(y0 + y) * w + x0 + x] = qr.luma[sy * qr.width + sx];
    }
  }
  return { width: w, height: h, luma: frame };
}

/** Writes `frames` copies of a luma frame as a 4:2:0 .y4m file (neutral chroma). */
export function writeY4m(file, { width, height, luma }, frames = 30) {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(luma), chroma]);
  const parts = [header];
  for (let i = 0; i < frames; i++) parts.push(frame);
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

/** Chromium flags for a fake camera playing `y4m` (and granting permission). */
export function fakeCameraFlags(y4m) {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
  ];
}
