/**
 * nianbao — read, parse and check 政府信息公开工作年度报告.
 *
 *   await parseReport(bytes | string, { path }) → Report, findings of every rule included
 *   parseTextReport(text, { path }) → Report (synchronous, for text already decoded)
 *   checkReport(report) → Finding[]
 */
import { hash as cryptoHash } from 'node:crypto';
import type { Finding, Place, Report } from './model/report.js';
import { parseText, type SourceInfo } from './parse/index.js';
import { readDocument, type ReadOptions, type ReadResult } from './read/index.js';
import { OCR_MIN_CONFIDENCE, OCR_UNCHECKED_MIN_CONFIDENCE, type Picture } from './read/types.js';
import { t2Cell } from './check/rules/util.js';
import { checkReport } from './check/index.js';
import { sourceText } from './check/source.js';

export type { Report, Cell, Finding, Severity, Table, Narrative, Place } from './model/report.js';
export { checkReport, RULES } from './check/index.js';
export type { Rule, RuleMeta, CheckOptions } from './check/index.js';
export { normalize } from './read/normalize.js';
export { readDocument, detectFormat } from './read/index.js';
export * as templates from './model/templates.js';

export interface ParseOptions extends ReadOptions {
  /** Path (or name) of the source, kept in the record. */
  path?: string | null;
  /** Run the checks and add their findings (default true). */
  check?: boolean;
  /** The same agency's previous-year report, for the cross-year rules. */
  previous?: Report | null;
}

/** (crypto.hash: the one-shot form, cheaper than a Hash object for a file of a few kilobytes) */
const sha256 = (bytes: Uint8Array): string => cryptoHash('sha256', bytes, 'hex');

/** Move every span of the record from reader text to the original, through the reader's locate. */
function relocate(report: Report, locate: (s: number, e: number) => Place): void {
  const move = (o: { span?: [number, number] | null; line?: number | null; page?: number; box?: [number, number, number, number] }): void => {
    if (!o.span) return;
    const p = locate(o.span[0], o.span[1]);
    o.span = p.span;
    o.line = p.line;
    if (p.page !== undefined) o.page = p.page;
    if (p.box) o.box = p.box;
  };
  report.cells.forEach(move);
  report.findings.forEach(move);
  report.sections.forEach(move);
  Object.values(report.narrative.places).forEach(move);
}

/**
 * OCR: each cell read from recognized text carries the recognizer's confidence; a cell read with
 * less than OCR_MIN_CONFIDENCE (OCR_UNCHECKED_MIN_CONFIDENCE in 表二, which no relation checks), or
 * under a low-confidence warning, is flagged `lowConfidence`, and the warning names the cell.
 */
function markConfidence(report: Report, read: ReadResult): void {
  for (const c of report.cells) {
    if (c.status === 'missing' || !c.span || c.raw === null) continue;
    const conf = read.confidence!(c.span[0], c.span[1]);
    if (conf === null) continue;
    c.confidence = conf;
    if (c.flags?.includes('lowConfidence')) continue;
    const warn = (message: string): void => {
      c.flags = [...(c.flags ?? []), 'lowConfidence'];
      report.findings.push({
        rule: 'R.ocrLowConfidence',
        severity: 'warning',
        message,
        table: c.table,
        row: c.row,
        col: c.col,
        // Page and box come with the move to the original (relocate).
        ...(c.span ? { span: c.span } : {}),
        ...(c.line != null ? { line: c.line } : {}),
        actual: c.raw,
      });
    };
    const name = c.table === 't2' ? t2Cell(report.template ?? '2021', c.row, c.col) : '';
    // Every cell read unsurely, also past the few per page the reader's warnings name.
    if (conf < OCR_MIN_CONFIDENCE) c.flags = [...(c.flags ?? []), 'lowConfidence'];
    else if (c.table === 't2' && conf < OCR_UNCHECKED_MIN_CONFIDENCE)
      warn(`${name}识别为${c.raw}，把握不大（置信度 ${Math.round(conf)}%），表二没有可以核对它的关系，请与原件核对`);
    else if (lostPoint(c))
      warn(`${name}识别为${c.raw}，没有小数点：以万元计即${(Number(c.value) / 10000).toFixed(1)}亿元，可能是小数点没有识别出来，请与原件核对`);
  }
  for (const f of read.findings) {
    if (f.rule !== 'R.ocrLowConfidence' || !f.span) continue;
    const [a, b] = f.span;
    const hit = report.cells.filter((c) => c.span && c.raw !== null && c.span[0] < b && a < c.span[1]);
    for (const c of hit) if (!c.flags?.includes('lowConfidence')) c.flags = [...(c.flags ?? []), 'lowConfidence'];
    if (hit.length === 1) {
      f.table = hit[0]!.table;
      f.row = hit[0]!.row;
      f.col = hit[0]!.col;
    }
  }
}

/**
 * 表二's fee in 万元 read by OCR as five digits or more with no point (1 亿元 or more, as an
 * agency's fees of a year): a point the recogniser lost reads as a sure number (48.0042 as
 * 480042 at 85–90 %), and no relation checks this cell.
 */
function lostPoint(c: Report['cells'][number]): boolean {
  return c.table === 't2' && c.col === 'feesWan' && c.raw !== null && /^\d{5,}$/.test(c.raw.trim());
}

/**
 * Name on each section the pictures that stand between its heading and the next found heading
 * (offsets in the reader's text, before the spans move to the original).
 */
function placePictures(report: Report, pictures: Picture[], textLength: number): void {
  const starts = report.sections.flatMap((s) => (s.span ? [s.span[0]] : [])).sort((a, b) => a - b);
  for (const s of report.sections) {
    if (!s.span) continue;
    const from = s.span[0];
    const to = starts.find((x) => x > from) ?? textLength;
    // A picture stands between lines: at the offset where the next line starts, so one at the next
    // heading's start is still in this section, and one at this heading's start is before it.
    const names = pictures.filter((p) => p.at > from && p.at <= to).map((p) => p.name);
    if (names.length) s.pictures = names;
  }
}

/** Build the record from a reader's result. */
export function reportFromRead(read: ReadResult, info: Omit<SourceInfo, 'format' | 'encoding'>, opts: ParseOptions = {}): Report {
  const source: SourceInfo = { ...info, format: read.format, ...(read.encoding ? { encoding: read.encoding } : {}) };
  try {
    return fromRead(read, source, opts);
  } catch (e) {
    // Never throws on bad input: a parse that breaks gives an unreadable record saying so.
    const { report } = parseText('', source);
    report.findings = [
      ...read.findings.filter((f) => !f.fatal),
      {
        rule: 'R.unreadable',
        severity: 'error',
        fatal: true,
        message: '解析这份文件时出错，未能读取',
        note: `内部错误：${String((e as Error)?.message ?? e).slice(0, 200)}（请把文件反馈给维护者）`,
      },
    ];
    return report;
  }
}

function fromRead(read: ReadResult, source: SourceInfo, opts: ParseOptions): Report {
  const fatal = read.findings.find((f) => f.fatal);
  const { report } = parseText(fatal ? '' : read.text, source, {
    ...(read.alternatives ? { alternatives: read.alternatives } : {}),
    ...(read.confidence ? { confidence: read.confidence } : {}),
  });
  if (fatal) {
    report.findings = [...read.findings];
    return report;
  }
  if (read.confidence) markConfidence(report, read);
  if (read.pictures?.length) placePictures(report, read.pictures, read.text.length);
  // The wording rules read the reader's text: its section ranges are taken before the spans move to the original.
  const wording = sourceText(
    read.text,
    report.sections.map((s) => ({ key: s.key, start: s.span?.[0] ?? null })),
    read.locate,
  );
  if (read.locate) relocate(report, read.locate);
  report.findings.unshift(...read.findings);
  if (opts.check !== false && !report.findings.some((f) => f.fatal))
    report.findings.push(...checkReport(report, { previous: opts.previous ?? null, source: wording }));
  return report;
}

/** Parse already-decoded report text. */
export function parseTextReport(text: string, opts: ParseOptions = {}): Report {
  // The hash and size of the text as UTF-8, without materializing the bytes.
  // (crypto.hash: the one-shot form, cheaper than a Hash object for a few kilobytes)
  const hash = cryptoHash('sha256', text, 'hex');
  return reportFromRead(
    { format: 'text', encoding: 'utf-8', text, findings: [], sourceText: text },
    { path: opts.path ?? null, sha256: hash, bytes: Buffer.byteLength(text, 'utf8') },
    opts,
  );
}

/** Parse a report from its bytes (any supported format) or its text. Never throws on bad input. */
export async function parseReport(input: Uint8Array | string, opts: ParseOptions = {}): Promise<Report> {
  if (typeof input === 'string') return parseTextReport(input, opts);
  const read = await readDocument(input, opts);
  return reportFromRead(read, { path: opts.path ?? null, sha256: sha256(input), bytes: input.length }, opts);
}

/** True when the report could not be read as a report at all (CLI exit status 2). */
export const isUnreadable = (r: Report): boolean => r.findings.some((f: Finding) => f.fatal);
