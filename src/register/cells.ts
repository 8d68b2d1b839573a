/**
 * Reading one spreadsheet cell of the register: dates (Excel dates, serial numbers, 2024-03-05,
 * 2024/3/5, 2024.3.5, 2024年3月5日, 20240305), whole numbers, amounts in 元, yes/no, periods
 * (2024-03-01至2024-03-15；2024-04-01至). Each parser returns a value or a Chinese reason, never throws.
 */
import { isoOf, type IsoDate } from './dates.js';
import { foldText } from './text.js';

/** What a cell holds once exceljs has read it. */
export type CellInput = string | number | boolean | Date | null;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** exceljs cell values (rich text, formulas, hyperlinks, errors) → plain input. */
export function cellInput(v: unknown): CellInput {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o['richText'])) return (o['richText'] as { text?: string }[]).map((t) => t.text ?? '').join('');
    if ('result' in o) return cellInput(o['result']);
    if ('text' in o) return cellInput(o['text']);
    if ('error' in o) return String(o['error']);
  }
  return String(v);
}

/** The text of a cell, folded (full-width forms, spaces); '' when blank. */
export function cellText(v: CellInput): string {
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return foldText(String(v));
}

export const isBlank = (v: CellInput): boolean => cellText(v) === '';

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included). */
function fromSerial(n: number): IsoDate | null {
  if (!Number.isInteger(n) || n < 1 || n > 2958465) return null;
  const d = new Date(Date.UTC(1899, 11, 30) + n * 86_400_000);
  return isoOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const DATE_FORMS: RegExp[] = [/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/, /^(\d{4})(\d{2})(\d{2})$/];

/** A date; null when blank. */
export function parseDate(v: CellInput): Parsed<IsoDate | null> {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return bad('不是有效日期');
    // exceljs reads a date cell as midnight UTC of that day.
    return ok(isoOf(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate()));
  }
  if (typeof v === 'number') {
    const s = String(v);
    if (/^\d{8}$/.test(s)) return parseDate(s);
    const d = fromSerial(v);
    return d ? ok(d) : bad(`「${v}」不是有效日期`);
  }
  const s = cellText(v).replace(/\s+/g, '');
  if (s === '') return ok(null);
  for (const re of DATE_FORMS) {
    const m = re.exec(s);
    if (!m) continue;
    const d = isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? ok(d) : bad(`「${s}」不是有效日期`);
  }
  return bad(`「${s}」不是日期（应写作2024-03-05）`);
}

/** A whole number in [min, max]; null when blank. */
export function parseInt_(v: CellInput, min: number, max: number): Parsed<number | null> {
  const s = cellText(v)
    .replace(/\s+/g, '')
    .replace(/(个工作日|工作日|天|日|页|件)$/, '');
  if (s === '') return ok(null);
  if (!/^\d+$/.test(s)) return bad(`「${cellText(v)}」不是整数`);
  const n = Number(s);
  if (n < min || n > max) return bad(`${n}超出范围（${min}–${max}）`);
  return ok(n);
}

/** An amount in 元 (≥ 0, at most two decimals, thousands separators allowed); null when blank. */
export function parseMoney(v: CellInput): Parsed<number | null> {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return bad(`金额${v}无效`);
    return Math.abs(Math.round(v * 100) - v * 100) < 1e-6 ? ok(Math.round(v * 100) / 100) : bad(`金额${v}超过两位小数`);
  }
  const raw = cellText(v).replace(/\s+/g, '');
  if (raw === '') return ok(null);
  if (/万元$/.test(raw)) return bad(`「${raw}」：金额请以元为单位填写`);
  const s = raw.replace(/元$/, '');
  if (!/^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,2})?$/.test(s)) return bad(`「${raw}」不是金额（元，最多两位小数）`);
  return ok(Number(s.replace(/,/g, '')));
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);
/** 是/否; blank is 否. */
export function parseBool(v: CellInput): Parsed<boolean> {
  if (typeof v === 'boolean') return ok(v);
  const s = cellText(v).replace(/\s+/g, '').toLowerCase();
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return bad(`「${cellText(v)}」应填写“是”或“否”`);
}

/** Periods `from至to`, several separated by ；; `to` may be left open (`2024-03-01至`). */
export function parsePeriods(v: CellInput): Parsed<{ from: IsoDate; to: IsoDate | null }[]> {
  if (v instanceof Date || typeof v === 'number') {
    const d = parseDate(v);
    return d.ok && d.value ? ok([{ from: d.value, to: null }]) : bad('不是有效的期间（应写作2024-03-01至2024-03-15）');
  }
  const s = cellText(v);
  if (s === '') return ok([]);
  const out: { from: IsoDate; to: IsoDate | null }[] = [];
  for (const seg of s
    .split(/[;；\n]+/)
    .map((x) => x.trim())
    .filter(Boolean)) {
    const parts = seg.split(/至|~|—|–|到/).map((x) => x.trim());
    if (parts.length > 2) return bad(`「${seg}」不是期间（应写作2024-03-01至2024-03-15）`);
    const from = parseDate(parts[0]!);
    const to = parseDate(parts[1] ?? '');
    if (!from.ok || !from.value) return bad(`「${seg}」的开始日期${from.ok ? '未填写' : from.reason}`);
    if (!to.ok) return bad(`「${seg}」的结束日期${to.reason}`);
    out.push({ from: from.value, to: to.value });
  }
  return ok(out);
}

/** `from至to` (open: `from至`), several joined by ；. */
export const formatPeriods = (ps: { from: IsoDate; to: IsoDate | null }[]): string => ps.map((p) => `${p.from}至${p.to ?? ''}`).join('；');
