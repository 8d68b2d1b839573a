/**
 * Image files as reviewers receive them: WebP (pictures saved from web pages and chat apps) and
 * AVIF are images, read like a JPEG (before, WebP was taken for text: 文件不是文本…); HEIC (an
 * iPhone's photos) and BMP, which the image library here does not decode, get a message that says
 * what to do, not 已损坏.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { detectFormat } from '../../src/read/index.js';
import { scanPage } from '../../src/synth/scan.js';
import { renderPages, scoreBasicPage3 } from './scan-helpers.js';

const fatal = async (bytes: Uint8Array, path: string) => {
  const r = await parseReport(bytes, { path });
  return r.findings.filter((f) => f.severity === 'error').map((f) => `${f.message}｜${f.note ?? ''}`);
};

/** A 24-bit BMP of `w` × `h` white pixels. */
function bmp(w: number, h: number): Uint8Array {
  const row = Math.ceil((w * 3) / 4) * 4;
  const b = Buffer.alloc(54 + row * h, 0xff);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(0, 6);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(w, 18);
  b.writeInt32LE(h, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(0, 30);
  b.writeUInt32LE(row * h, 34);
  return new Uint8Array(b);
}

describe('image formats', () => {
  it('a WebP photo is read like a JPEG', { timeout: 120_000 }, async () => {
    const [png] = renderPages('pdf-2021-basic', 200, [3]);
    const jpeg = await scanPage(png!, { kind: 'photo', dpi: 200, seed: 11 }, 3, null);
    const webp = new Uint8Array(await sharp(jpeg).webp({ quality: 90 }).toBuffer());
    expect(detectFormat(webp)).toBe('image');
    const report = await parseReport(webp, { path: 'photo.webp' });
    expect(report.source.format).toBe('image');
    const s = scoreBasicPage3(report);
    expect(s.silentWrong).toEqual([]);
    expect(s.exact).toBeGreaterThanOrEqual(s.cells - 1);
  });

  it('AVIF, HEIC and BMP are told as images', async () => {
    const avif = new Uint8Array(
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } })
        .avif()
        .toBuffer(),
    );
    expect(detectFormat(avif)).toBe('image');
    const heic = new Uint8Array([0, 0, 0, 0x18, ...Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), ...new Uint8Array(200)]);
    expect(detectFormat(heic)).toBe('image');
    expect(detectFormat(bmp(400, 400))).toBe('image');
    // Text that starts with the letters BM is still text.
    expect(detectFormat(new TextEncoder().encode('BMW 车辆管理政府信息公开工作年度报告'))).toBe('text');
  });

  it('HEIC and BMP, which are not decoded here, say what to do', async () => {
    const heic = new Uint8Array([0, 0, 0, 0x18, ...Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), ...new Uint8Array(200)]);
    const [h] = await fatal(heic, 'IMG_0001.HEIC');
    expect(h).toMatch(/HEIC.*暂不能读取｜.*JPEG/);
    const [b] = await fatal(bmp(400, 400), 'scan.bmp');
    expect(b).toMatch(/BMP.*暂不能读取｜.*PNG 或 JPEG/);
  });
});
