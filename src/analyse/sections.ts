/**
 * The narrative of two reports compared section by section (一、五、六: the sections 二–四 are the
 * statutory tables): the estimated similarity of each section (MinHash over 5-character shingles
 * with numbers masked, as the copy finding X.copiedText uses), and each sentence marked when the
 * other report has the same sentence (numbers masked, punctuation and spaces ignored), so a reader
 * sees what was carried over. Null with the reason when a section cannot be compared.
 */
import { SECTIONS, type SectionKey } from '../model/templates.js';
import { comparable, COMPARED_SECTIONS, MIN_CHARS, NEAR_IDENTICAL, sectionSignature, similarity } from './copies.js';

export interface Sentence {
  text: string;
  /** The other report's same section has this sentence (numbers masked). */
  shared: boolean;
}

export interface SectionComparison {
  key: SectionKey;
  /** 一、总体情况 */
  heading: string;
  /** Estimated Jaccard similarity of the two sections' shingles (0–1); null when not compared. */
  similarity: number | null;
  /** At or above NEAR_IDENTICAL (what X.copiedText reports). */
  nearIdentical: boolean;
  /** Why not compared (Chinese), when `similarity` is null. */
  reason: string | null;
  /** The sentences of each side (null when the side has no text of that section). */
  a: Sentence[] | null;
  b: Sentence[] | null;
  /** The text was longer than MAX_SECTION_CHARS and is cut (the similarity uses the whole text). */
  truncated: boolean;
}

/** Longest section text sent back (characters). */
export const MAX_SECTION_CHARS = 20_000;

/** A section's sentences: cut after 。！？； and line breaks, blanks dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。！？；!?;\n])/u)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

const key = (s: string): string => comparable(s);

function marked(text: string, other: string | undefined): Sentence[] {
  const theirs = new Set(
    sentences(other ?? '')
      .map(key)
      .filter((k) => k.length >= 4),
  );
  return sentences(text.slice(0, MAX_SECTION_CHARS)).map((s) => {
    const k = key(s);
    return { text: s, shared: k.length >= 4 && theirs.has(k) };
  });
}

/**
 * Compare the narrative sections of two reports. `a` / `b`: each section's text, or null when
 * the report's text could not be had (a scan not recognised, an unreadable file), with `why` saying so.
 */
export function compareSections(
  a: Partial<Record<SectionKey, string>> | null,
  b: Partial<Record<SectionKey, string>> | null,
  why: { a?: string | null; b?: string | null } = {},
): SectionComparison[] {
  return COMPARED_SECTIONS.map((k) => {
    const sec = SECTIONS.find((s) => s.key === k)!;
    const heading = `${sec.no}、${sec.label}`;
    const ta = a?.[k];
    const tb = b?.[k];
    let reason: string | null = null;
    if (!a) reason = `报告 A 的文字无法取得${why.a ? `（${why.a}）` : ''}，未比对`;
    else if (!b) reason = `报告 B 的文字无法取得${why.b ? `（${why.b}）` : ''}，未比对`;
    else if (ta === undefined || tb === undefined)
      reason = `${ta === undefined && tb === undefined ? '两份报告都' : ta === undefined ? '报告 A ' : '报告 B '}没有找到「${heading}」`;
    let sim: number | null = null;
    if (!reason) {
      const x = sectionSignature(ta!);
      const y = sectionSignature(tb!);
      if (x && y) sim = similarity(x, y);
      else reason = `「${heading}」${!x && !y ? '两份报告都' : !x ? '报告 A ' : '报告 B '}过短（去掉数字和标点后少于${MIN_CHARS}字），不比对`;
    }
    return {
      key: k,
      heading,
      similarity: sim,
      nearIdentical: sim !== null && sim >= NEAR_IDENTICAL,
      reason,
      a: ta === undefined ? null : marked(ta, tb),
      b: tb === undefined ? null : marked(tb, ta),
      truncated: (ta?.length ?? 0) > MAX_SECTION_CHARS || (tb?.length ?? 0) > MAX_SECTION_CHARS,
    };
  });
}
