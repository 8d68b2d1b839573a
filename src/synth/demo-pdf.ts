/**
 * The demo's PDF and scan (see ./demo.ts `pending`): the DOCX converted to PDF by LibreOffice,
 * and for the scan that PDF rendered by poppler, "printed and scanned" (./scan.ts: a few degrees
 * of skew, 200 dpi, a seal) and saved as an image-only PDF. Made once per process; nothing when
 * LibreOffice or poppler is missing (the reason is returned, the rest of the demo loads).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findSoffice } from '../read/legacy.js';
import type { DemoFile, PendingDemoFile } from './demo.js';
import { imagePdf, scanPages } from './scan.js';

const exec = promisify(execFile);

let made: Promise<{ files: DemoFile[]; skipped: string | null }> | null = null;

/** The pending demo files made into PDFs and scans (cached for the process). */
export function demoPdfFiles(pending: PendingDemoFile[]): Promise<{ files: DemoFile[]; skipped: string | null }> {
  made ??= make(pending);
  return made;
}

async function make(pending: PendingDemoFile[]): Promise<{ files: DemoFile[]; skipped: string | null }> {
  const soffice = findSoffice();
  if (!soffice) return { files: [], skipped: '未安装 LibreOffice，演示数据中不含 PDF 与扫描件' };
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-demo-pdf-'));
  try {
    const files: DemoFile[] = [];
    for (const [i, p] of pending.entries()) {
      const input = join(dir, `demo${i}.docx`);
      await writeFile(input, p.bytes);
      await exec(
        soffice,
        [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, input],
        {
          timeout: 120_000,
        },
      );
      const pdf = new Uint8Array(await readFile(join(dir, `demo${i}.pdf`)));
      if (p.make === 'pdf') {
        files.push({ name: p.name, bytes: pdf });
        continue;
      }
      const dpi = 200;
      await exec('pdftoppm', ['-r', String(dpi), '-png', join(dir, `demo${i}.pdf`), join(dir, `scan${i}`)], { timeout: 120_000 });
      const pngs = (await readdir(dir))
        .filter((f) => f.startsWith(`scan${i}`) && f.endsWith('.png'))
        .sort()
        .map((f) => join(dir, f));
      const pages = await Promise.all(pngs.map(async (f) => new Uint8Array(await readFile(f))));
      files.push({ name: p.name, bytes: await imagePdf(await scanPages(pages, { kind: 'sealed', dpi, seed: 7 }, '青禾县水利局'), dpi) });
    }
    return { files, skipped: null };
  } catch (e) {
    return { files: [], skipped: `演示用 PDF 与扫描件未能生成（${String((e as Error).message ?? e).slice(0, 200)}）` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
