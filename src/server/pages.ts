/**
 * PDF page images for the report page: poppler's pdftoppm at 144 dpi, i.e. 2 pixels per PDF
 * point, so a cell's box [x0, y0, x1, y1] (points, origin top-left) maps to pixels × 2.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PIXELS_PER_POINT = 2;

export async function renderPdfPage(pdf: Uint8Array, page: number, timeoutMs = 30_000): Promise<Uint8Array | null> {
  if (!Number.isInteger(page) || page < 1 || page > 2000) return null;
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-page-'));
  try {
    const input = join(dir, 'in.pdf');
    await writeFile(input, pdf);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        'pdftoppm',
        ['-f', String(page), '-l', String(page), '-r', String(72 * PIXELS_PER_POINT), '-png', '-singlefile', input, join(dir, 'out')],
        { stdio: 'ignore' },
      );
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', () => resolve(-1));
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    if (code !== 0) return null;
    return new Uint8Array(await readFile(join(dir, 'out.png')));
  } catch {
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The page image of a report that is an image file (a scan or a photo): upright by its EXIF turn,
 * as PNG at the same 2 pixels per point as a PDF page (points as the scan reader measured them).
 */
export async function imagePage(bytes: Uint8Array, page: number): Promise<Uint8Array | null> {
  if (page !== 1) return null;
  try {
    const sharp = (await import('sharp')).default;
    const { imageDpi } = await import('../read/scan/image.js');
    const img = sharp(bytes, { limitInputPixels: 80_000_000 }).rotate();
    const meta = await img.metadata();
    const upright = (meta.orientation ?? 1) >= 5;
    const w = upright ? meta.height! : meta.width!;
    const h = upright ? meta.width! : meta.height!;
    const scale = (72 * PIXELS_PER_POINT) / imageDpi(w, h, meta.density);
    return new Uint8Array(
      await img
        .resize(Math.round(w * scale))
        .png()
        .toBuffer(),
    );
  } catch {
    return null;
  }
}
