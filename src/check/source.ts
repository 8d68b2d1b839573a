/**
 * The text a record was parsed from, for the rules that read the report's wording (personal data,
 * statute names, dates): the record keeps numbers and places, not the prose. `parseReport` hands
 * it to the checks; a record checked on its own (the editor, a stored record) has none, and the
 * rules of type `text` stay silent then.
 */
import type { Place, SectionInfo } from '../model/report.js';
import { RADICAL_MAP } from '../read/normalize.js';

export type SectionKey = SectionInfo['key'];

export interface SourceText {
  /** The reader's text: paragraphs as lines, table rows as cells joined by tabs. */
  text: string;
  /** Each found section's range [start, end) in `text`: from its heading to the next heading found (or the end). */
  sections: Partial<Record<SectionKey, [number, number]>>;
  /** Where a span of `text` is in the original (HTML source, PDF page and box); offsets in `text` when absent. */
  locate?: (start: number, end: number) => Place;
}

/**
 * A SourceText from the text and where each section's heading starts in it (`null`: not found).
 * For a plain text file the record's own section spans are offsets in the text.
 */
export function sourceText(text: string, headings: { key: SectionKey; start: number | null }[], locate?: (start: number, end: number) => Place): SourceText {
  const found = headings.filter((h): h is { key: SectionKey; start: number } => h.start !== null).sort((a, b) => a.start - b.start);
  const sections: SourceText['sections'] = {};
  found.forEach((h, i) => {
    sections[h.key] = [h.start, found[i + 1]?.start ?? text.length];
  });
  return { text, sections, ...(locate ? { locate } : {}) };
}

/** The section a text offset falls in, or null (before the first heading). */
export function sectionAt(src: SourceText, offset: number): SectionKey | null {
  for (const [key, [a, b]] of Object.entries(src.sections) as [SectionKey, [number, number]][]) if (offset >= a && offset < b) return key;
  return null;
}

/** 1-based line of an offset of the text. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Span and line (page and box for PDF) of a span of the text, for a finding. */
export function placeIn(
  src: SourceText,
  start: number,
  end: number,
): { span: [number, number]; line: number; page?: number; box?: [number, number, number, number] } {
  if (!src.locate) return { span: [start, end], line: lineAt(src.text, start) };
  const p = src.locate(start, end);
  return { span: p.span, line: p.line, ...(p.page !== undefined ? { page: p.page } : {}), ...(p.box ? { box: p.box } : {}) };
}

/**
 * The text as the rules read it, offsets unchanged (one UTF-16 unit for one): full-width digits
 * as ASCII, Kangxi radicals (⼈⺠) as the ideographs they stand for (人民).
 */
export const folded = (s: string): string => foldChars(s);

/** The whole source text folded, once per source (every text rule reads it; slices of it are the folded slices). */
const foldedCache = new WeakMap<SourceText, string>();
export function foldedText(src: SourceText): string {
  let t = foldedCache.get(src);
  if (t === undefined) foldedCache.set(src, (t = foldChars(src.text)));
  return t;
}

const foldChars = (s: string): string =>
  s.replace(/[０-９\u2e80-\u2fdf]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xfee0);
    const r = RADICAL_MAP[c] ?? c.normalize('NFKC');
    return r.length === 1 ? r : c;
  });
