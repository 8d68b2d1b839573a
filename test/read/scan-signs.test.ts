/**
 * A number's sign and its thousands on a scan. The 2019 form's 表二 has a column 本年增/减 that
 * offices fill with +19 or -3; decoded over digits only, the model had no + to give, and +19 came
 * out as 419 (a 4 in the + sign's place, unsure) and +8 as -8. A large office writes 12,345; with no
 * comma to give, the model gave a point — 12.345, which in a column of 万元 is a sure, wrong value.
 * The + and the comma are characters a number may hold, where a number holds them.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { linesProbs, readProbs } from '../../src/read/scan/recognise.js';
import type { Gray } from '../../src/read/scan/image.js';

/** A number printed in the writer's face, `px` an em, blurred a little and JPEG'd, with its ink's box. */
async function number(text: string, px: number, font: string): Promise<{ g: Gray; box: [number, number, number, number] }> {
  const S = 4;
  const w = Math.round(px * (text.length + 2));
  const h = Math.round(px * 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w * S}" height="${h * S}"><rect width="100%" height="100%" fill="white"/><text x="${px * S}" y="${Math.round(px * 1.4 * S)}" font-family="${font}" font-size="${px * S}" fill="#202020">${text}</text></svg>`;
  const small = await sharp(Buffer.from(svg)).grayscale().resize(w, h, { kernel: 'lanczos3' }).png().toBuffer();
  const jpg = await sharp(small).blur(0.5).jpeg({ quality: 70 }).toBuffer();
  const { data, info } = await sharp(jpg).grayscale().raw().toBuffer({ resolveWithObject: true });
  const g = { width: info.width, height: info.height, data: new Uint8Array(data) };
  let [x0, y0, x1, y1] = [g.width, g.height, 0, 0];
  for (let y = 0; y < g.height; y++)
    for (let x = 0; x < g.width; x++)
      if (g.data[y * g.width + x]! <= 160) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
  return { g, box: [x0, y0, x1, y1] };
}

describe('a number with its sign, read over the characters a number holds', () => {
  for (const font of ['Noto Sans CJK SC', 'Noto Serif CJK SC'])
    it(`+19, +8, -3, +1052, 19, 12,345 and 1,234.5 read as printed (${font}, 150 and 200 dpi)`, { timeout: 60_000 }, async () => {
      for (const px of [22, 29])
        for (const text of ['+19', '+8', '-3', '+1052', '19', '12,345', '1,234.5']) {
          const { g, box } = await number(text, px, font);
          const probs = await linesProbs(g, [box]);
          expect(probs).not.toBeNull();
          expect(readProbs(probs![0]!, true).text.replace(/\s/g, ''), `${text} at ${px} px`).toBe(text);
        }
    });
});
