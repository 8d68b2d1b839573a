/**
 * A line of print as a scanner gives it, for tests of line recognition: set 4× larger in an SVG
 * (`font`), shrunk to `px` an em, blurred, JPEG'd; and the box of its ink.
 */
import sharp from 'sharp';
import type { Gray } from '../../src/read/scan/image.js';

export async function printedLine(text: string, px: number, o: { font: string; blur: number; quality: number }): Promise<Gray> {
  const S = 4;
  const w = Math.round(px * (text.length + 2));
  const h = Math.round(px * 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w * S}" height="${h * S}"><rect width="100%" height="100%" fill="white"/><text x="${px * S}" y="${Math.round(px * 1.4 * S)}" font-family="${o.font}" font-size="${px * S}" fill="#202020">${text}</text></svg>`;
  const small = await sharp(Buffer.from(svg)).grayscale().resize(w, h, { kernel: 'lanczos3' }).png().toBuffer();
  const jpg = await sharp(small).blur(o.blur).jpeg({ quality: o.quality }).toBuffer();
  const { data, info } = await sharp(jpg).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** The box of the pixels no lighter than `thr`. */
export function inkBox(g: Gray, thr = 160): [number, number, number, number] {
  let [x0, y0, x1, y1] = [g.width, g.height, 0, 0];
  for (let y = 0; y < g.height; y++)
    for (let x = 0; x < g.width; x++)
      if (g.data[y * g.width + x]! <= thr) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
  return [x0, y0, x1, y1];
}
