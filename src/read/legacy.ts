/**
 * Legacy Office files (.doc, .wps, .et, .xls — OLE compound files): converted to DOCX by
 * LibreOffice when `soffice` is installed, then read like any DOCX. Without LibreOffice, one
 * finding that says exactly what to install.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { readDocxDocument } from './docx.js';
import { unreadable, type ReadOptions, type ReadResult } from './types.js';

/** Path of the LibreOffice binary, or null. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const name of ['soffice', 'libreoffice']) {
    for (const d of dirs) {
      const p = join(d, name);
      try {
        accessSync(p, constants.X_OK);
        return p;
      } catch {
        /* not in this directory */
      }
    }
  }
  return null;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stderr: String(e) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

export async function readLegacy(bytes: Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  const soffice = findSoffice();
  if (!soffice) {
    return unreadable(
      'unknown',
      '这是旧版 Office 文件（.doc/.wps/.et），需要安装 LibreOffice 才能转换读取',
      '安装：apt-get install libreoffice-writer-nogui（或用 WPS/Word 另存为 .docx、PDF 后再导入）',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-legacy-'));
  try {
    const input = join(dir, 'input.doc');
    await writeFile(input, bytes);
    // A private profile directory: concurrent conversions must not share one.
    const profile = `-env:UserInstallation=file://${join(dir, 'profile')}`;
    const r = await run(soffice, [profile, '--headless', '--norestore', '--convert-to', 'docx', '--outdir', join(dir, 'out'), input], opts.timeoutMs ?? 60_000);
    const out = await readdir(join(dir, 'out')).catch(() => [] as string[]);
    const docx = out.find((f) => f.endsWith('.docx'));
    if (r.code !== 0 || !docx)
      return unreadable('unknown', 'LibreOffice 未能转换这个旧版 Office 文件，文件可能已损坏或加密', r.stderr.slice(0, 300) || undefined);
    const result = await readDocxDocument(new Uint8Array(await readFile(join(dir, 'out', docx))), opts);
    return {
      ...result,
      findings: [
        { rule: 'R.converted', severity: 'info', message: '旧版 Office 文件已用 LibreOffice 转换为 DOCX 后读取；位置信息对应转换后的文档' },
        ...result.findings,
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
