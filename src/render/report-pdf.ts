/**
 * The annual report as PDF: the statutory DOCX (./report-docx.ts) converted by LibreOffice
 * (`soffice --headless --convert-to pdf`) in a temporary directory with its own profile, so
 * conversions running at once do not share one; the directory is removed afterwards. The only
 * writer that touches the file system, and only its own temporary directory. Without LibreOffice,
 * or when the conversion fails or times out, a result saying so in Chinese — never an exception.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Report } from '../model/report.js';
import { findSoffice } from '../read/legacy.js';
import { reportDocx } from './report-docx.js';
import type { RenderOptions, RenderResult } from './report-layout.js';

export interface PdfOptions extends RenderOptions {
  /** The LibreOffice binary; default: soffice or libreoffice on PATH. null: as if none were installed. */
  soffice?: string | null;
  /** Longest a conversion may take (default 120 s: LibreOffice's first start on a busy machine is slow). */
  timeoutMs?: number;
}

export const NO_LIBREOFFICE = '未安装 LibreOffice，无法生成 PDF（安装：apt-get install libreoffice-writer-nogui；或下载 DOCX 后用 WPS/Word 另存为 PDF）';

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stderr: String(e), timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}

/** The report as PDF bytes, through the DOCX and LibreOffice. */
export async function reportPdf(r: Report, opts: PdfOptions = {}): Promise<RenderResult> {
  const soffice = opts.soffice === undefined ? findSoffice() : opts.soffice;
  if (!soffice) return { ok: false, message: NO_LIBREOFFICE };
  const docx = await reportDocx(r, opts);
  if (!docx.ok) return docx;
  let dir: string | null = null;
  try {
    dir = await mkdtemp(join(tmpdir(), 'nianbao-report-pdf-'));
    const input = join(dir, 'report.docx');
    await writeFile(input, docx.bytes);
    const profile = `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`;
    const timeoutMs = opts.timeoutMs ?? 120_000;
    const res = await run(soffice, [profile, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, input], timeoutMs);
    if (res.timedOut) return { ok: false, message: `LibreOffice 转换 PDF 超时（超过${Math.round(timeoutMs / 1000)}秒）` };
    const pdf = await readFile(join(dir, 'report.pdf')).catch(() => null);
    if (res.code !== 0 || !pdf || pdf.length === 0) {
      const why = res.stderr.trim().slice(0, 300);
      return { ok: false, message: `LibreOffice 未能把报告转换为 PDF${why ? `：${why}` : ''}` };
    }
    return { ok: true, bytes: new Uint8Array(pdf), mime: 'application/pdf', ext: 'pdf', warnings: docx.warnings };
  } catch (e) {
    return { ok: false, message: `生成 PDF 时出错：${String((e as Error)?.message ?? e).slice(0, 200)}` };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
