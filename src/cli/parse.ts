/**
 * `nianbao parse` and `nianbao check`: the files read, parsed and checked, and their output.
 * Loaded only when one of these commands runs (src/cli/main.ts imports this module lazily); the
 * readers of PDF, DOCX, HTML and images load only when a file of their format is given.
 */
import { readFileSync, statSync } from 'node:fs';
import { isUnreadable, parseReport, reportFromRead } from '../index.js';
import { unreadable } from '../read/types.js';
import type { Finding, Report } from '../model/report.js';
import { leanReport } from '../render/lean.js';

const MAX_BYTES = 200 * 1024 * 1024;
const OPEN_ERRORS: Record<string, string> = { ENOENT: '文件不存在', EACCES: '没有读取权限', EPERM: '没有读取权限', EISDIR: '这是文件夹，不是文件' };

/** How long a reader may take on one file (`--timeout`; unset: the readers' own limits). */
export interface ReadLimits {
  timeoutMs?: number;
}

/** The limits of `--timeout <秒>` (none when not given). */
export const readLimits = (seconds: number | undefined): ReadLimits => (seconds ? { timeoutMs: seconds * 1000 } : {});

/** Read and parse one file (`-`: standard input). Never throws: a file that cannot be opened gives a record with one fatal finding. */
export async function readInput(f: string, limits: ReadLimits = {}): Promise<Report> {
  let bytes: Uint8Array;
  try {
    if (f === '-') bytes = readFileSync(0);
    else {
      if (statSync(f).size > MAX_BYTES) return unreadableReport(f, `文件超过 ${MAX_BYTES / 1024 / 1024} MB，未读取`);
      bytes = readFileSync(f);
    }
  } catch (e) {
    return unreadableReport(f, `无法打开文件：${OPEN_ERRORS[(e as NodeJS.ErrnoException).code ?? ''] ?? (e as Error).message}`);
  }
  return parseReport(bytes, { path: f === '-' ? '-' : f, ...limits });
}

export async function readInputs(files: string[], limits: ReadLimits = {}): Promise<Report[]> {
  const out: Report[] = [];
  for (const f of files) out.push(await readInput(f, limits));
  return out;
}

/** The record of a file that could not even be opened: the usual shape, one fatal finding. */
function unreadableReport(path: string, message: string): Report {
  return reportFromRead(unreadable('unknown', message), { path, sha256: '', bytes: 0 });
}

export function exitCode(reports: Report[]): number {
  if (reports.some(isUnreadable)) return 2;
  if (reports.some((r) => r.findings.some((f) => f.severity === 'error'))) return 1;
  return 0;
}

/** Findings of the checks (T, S, N, X and M rules but the title's), left out by `--no-check`. */
const checkFinding = (f: Finding): boolean => /^[TSNXM]\./.test(f.rule) && !f.rule.startsWith('M.title');

export interface ParseCommandOptions {
  json?: boolean;
  lean?: boolean;
  full?: boolean;
  csv?: boolean;
  md?: boolean;
  check: boolean;
  /** Seconds a file may take to read (`--timeout`). */
  timeout?: number;
}

/**
 * `nianbao parse`. JSON (the default) is written record by record as each file is done: the whole
 * record (every cell with its place) one record a line, `--full` the same indented, `--lean` the
 * record with only the cells a reader should look at. Returns the exit status: 0, or 2
 * when a file could not be read at all (the 0/1/2 verdict on findings is check's).
 */
export async function runParse(files: string[], o: ParseCommandOptions, out: (s: string) => void): Promise<number> {
  const limits = readLimits(o.timeout);
  const keep = (r: Report): Report => {
    if (!o.check) r.findings = r.findings.filter((f) => !checkFinding(f));
    return r;
  };
  if (o.csv || o.md) {
    const reports = (await readInputs(files, limits)).map(keep);
    if (o.csv) {
      const { toCsv } = await import('../render/csv.js');
      out(toCsv(reports));
    } else {
      const { toMarkdown } = await import('../render/csv.js');
      out(reports.map(toMarkdown).join('\n---\n\n'));
    }
    return reports.some(isUnreadable) ? 2 : 0;
  }
  let unreadableSeen = false;
  // Records are written as they are done, gathered into pieces of about a megabyte (not one write each).
  let pending: string[] = ['[\n'];
  let size = 0;
  for (let i = 0; i < files.length; i++) {
    const r = keep(await readInput(files[i]!, limits));
    if (isUnreadable(r)) unreadableSeen = true;
    const json = (i ? ',\n' : '') + (o.full ? JSON.stringify(r, null, 1) : JSON.stringify(o.lean ? leanReport(r) : r));
    pending.push(json);
    size += json.length;
    if (size > 1 << 20) {
      out(pending.join(''));
      pending = [];
      size = 0;
    }
  }
  pending.push('\n]\n');
  out(pending.join(''));
  return unreadableSeen ? 2 : 0;
}

const useColor = process.stdout.isTTY && !process.env['NO_COLOR'];
const paint = (code: string, s: string): string => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
const SEV: Record<Finding['severity'], [string, string]> = { error: ['错误', '31'], warning: ['警告', '33'], info: ['提示', '36'] };

export function describe(r: Report): string {
  const lines: string[] = [];
  const head = `${r.source.path ?? '(输入)'}  ${r.agency ?? '（单位未写明）'} ${r.year ?? '（年度未知）'}年度  格式：${r.template ?? '未识别'}`;
  lines.push(paint('1', head));
  if (!r.findings.length) lines.push(paint('32', '  未发现问题'));
  for (const sev of ['error', 'warning', 'info'] as const) {
    const fs = r.findings.filter((f) => f.severity === sev);
    if (!fs.length) continue;
    lines.push(paint(SEV[sev][1], `  ${SEV[sev][0]}（${fs.length}）`));
    for (const f of fs) lines.push(`    ${paint('2', f.rule.padEnd(18))} ${f.message}${f.line ? paint('2', `  ［第${f.line}行］`) : ''}`);
  }
  return lines.join('\n');
}

/** `nianbao check` output: the findings per file, as JSON or described in Chinese. */
export function checkOutput(reports: Report[], json: boolean): string {
  if (json)
    return (
      JSON.stringify(
        reports.map((r) => ({ path: r.source.path, agency: r.agency, year: r.year, template: r.template, findings: r.findings })),
        null,
        1,
      ) + '\n'
    );
  return reports.map(describe).join('\n\n') + '\n';
}
