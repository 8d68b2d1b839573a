/**
 * Copied text and tables: section-by-section similarity of the narrative with the same unit's
 * previous report and with other units' reports of the same year, and statistical tables that are
 * identical across units.
 *
 * Text: each narrative section (一 总体情况, 五 存在的主要问题及改进情况, 六 其他需要报告的事项; the
 * sections 二–四 are the statutory tables, alike in every report) is normalized (NFKC, Kangxi
 * radicals folded, punctuation and spaces dropped, every number replaced by one mark, so that a
 * copy with this year's figures is still a copy) and cut into overlapping 5-character shingles. A
 * MinHash signature of 120 values (one-permutation hashing with rotation densification: one hash
 * per shingle, so a long section costs no more than reading it) estimates the Jaccard similarity
 * of two sections; LSH banding (20 bands of 6) finds the candidate pairs without comparing every
 * pair, so the index scales to 100,000 reports. Hashing is fixed (FNV-1a and murmur3's finalizer
 * with constant seeds): the same texts give the same signatures on every run, nothing random.
 *
 * A section shorter than MIN_CHARS (after normalization) is not compared: 「无其他需要报告的事项」
 * is the same everywhere and says nothing about copying.
 */
import { createHash } from 'node:crypto';
import type { Finding, Report, SectionInfo } from '../model/report.js';
import { SECTIONS, type SectionKey, type TableId } from '../model/templates.js';
import { normalize } from '../read/normalize.js';

/** The sections compared: the narrative ones. */
export const COMPARED_SECTIONS: readonly SectionKey[] = ['s1', 's5', 's6'];
/** Shingle length, in characters. */
export const SHINGLE = 5;
/** Signature length; BANDS × ROWS of it are used for LSH. */
export const NUM_HASHES = 120;
export const BANDS = 20;
export const ROWS = 6;
/** Estimated similarity at or above which two sections are reported as near-identical. */
export const NEAR_IDENTICAL = 0.8;
/** Sections shorter than this (normalized characters) are not compared. */
export const MIN_CHARS = 60;
/** At most this many other reports are named per section (the rest are counted). */
export const MAX_NAMED = 5;
/**
 * A year's part of an LSH bucket with more reports than this is wording many reports share (in
 * the 100,000 generated reports of bench/scale.mjs, up to 2,954 of a year's 20,000 share one band
 * key of a short section): its pairs are not compared there, only through the other bands they
 * share, and `CopyIndex.stats` counts what was skipped. At most 1000²/2 pairs per bucket.
 */
export const MAX_BUCKET = 1000;

export const COPY_RULES = {
  text: {
    id: 'X.copiedText',
    severity: 'warning' as const,
    description: '报告文字部分（一、五、六）逐部分与本单位上一年度报告、同年度其他单位报告比对，几乎相同（估计相似度≥80%）的指出对方报告和相似度',
    source: 'review-criteria 照搬照抄；analysis.md §0 第7条（CASS 2017：与上年重复达90%，跨地区抄袭）',
  },
  table: {
    id: 'X.copiedTable',
    severity: 'warning' as const,
    description: '统计表（表二、表三、表四）与同年度其他单位或本单位上一年度的同一张表完全相同（非零数据足够多时才比对）',
    source: 'analysis.md §0 第7条；issue 11',
  },
};

// ——— hashing (fixed, no randomness) ———

/** murmur3's 32-bit finalizer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEED_BIN = 0x5bd1e995;
const SEED_VALUE = 0x27d4eb2f;
const EMPTY = 0xffffffff;

/** Normalized text of a section for comparison: Han characters and letters, numbers as #. */
export function comparable(text: string): string {
  return normalize(text)
    .text.replace(/\d+(?:[.,]\d+)*/g, '#')
    .replace(/[^\p{Script=Han}A-Za-z#]+/gu, '');
}

/** FNV-1a hashes of the distinct shingles of a normalized text. */
export function shingleHashes(norm: string, k = SHINGLE): Uint32Array {
  return Uint32Array.from(new Set(allShingles(norm, k)));
}

/**
 * MinHash signature by one-permutation hashing: each shingle goes to one of NUM_HASHES bins, a
 * bin keeps its smallest value; an empty bin borrows from the next filled one to its right,
 * marked by the distance (rotation densification). Null when there are no shingles.
 * (A shingle seen twice changes nothing: the hashes need not be distinct.)
 */
export function signature(hashes: ArrayLike<number>): Uint32Array | null {
  if (!hashes.length) return null;
  const sig = new Uint32Array(NUM_HASHES).fill(EMPTY);
  const filled = new Uint8Array(NUM_HASHES);
  for (let k = 0; k < hashes.length; k++) {
    const x = hashes[k]!;
    const bin = fmix32(x ^ SEED_BIN) % NUM_HASHES;
    const v = fmix32(x ^ SEED_VALUE);
    if (!filled[bin] || v < sig[bin]!) {
      sig[bin] = v;
      filled[bin] = 1;
    }
  }
  for (let i = 0; i < NUM_HASHES; i++) {
    if (filled[i]) continue;
    for (let t = 1; t < NUM_HASHES; t++) {
      const j = (i + t) % NUM_HASHES;
      if (filled[j]) {
        sig[i] = fmix32(sig[j]! ^ Math.imul(t, 0x9e3779b9));
        break;
      }
    }
  }
  return sig;
}

/** FNV-1a hashes of every shingle of a normalized text, in order (repeats kept). */
function allShingles(norm: string, k = SHINGLE): Uint32Array {
  const n = Math.max(0, norm.length - k + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + k; j++) {
      h ^= norm.charCodeAt(j);
      h = Math.imul(h, 0x01000193);
    }
    out[i] = h >>> 0;
  }
  return out;
}

/** Estimated Jaccard similarity of two signatures: the share of equal positions. */
export function similarity(a: ArrayLike<number>, b: ArrayLike<number>, ai = 0, bi = 0): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[ai + i] === b[bi + i]) same++;
  return same / NUM_HASHES;
}

/** Exact Jaccard similarity of two texts' shingle sets (for checking the estimate). */
export function jaccard(a: string, b: string): number {
  const x = new Set(shingleHashes(comparable(a)));
  const y = new Set(shingleHashes(comparable(b)));
  if (!x.size && !y.size) return 1;
  let inter = 0;
  for (const h of x) if (y.has(h)) inter++;
  return inter / (x.size + y.size - inter);
}

/** Signature of a section's text, or null when it is too short to compare. */
export function sectionSignature(text: string): Uint32Array | null {
  const norm = comparable(text);
  if (norm.length < MIN_CHARS) return null;
  return signature(allShingles(norm));
}

function bandKey(sig: ArrayLike<number>, at: number, band: number, section: number): number {
  let h = Math.imul(section + 1, 0x9e3779b1) ^ Math.imul(band + 1, 0x85ebca77);
  for (let r = 0; r < ROWS; r++) h = fmix32(h ^ sig[at + band * ROWS + r]!) + r;
  return h >>> 0;
}

// ——— the sections of a record ———

/**
 * The text of each section of a record: from the end of its heading to the start of the next
 * heading found (or the end). `text` must be the text the sections' spans index into (the
 * decoded text of a plain text file; for other formats, the reader's text as parsed again).
 */
export function sectionTexts(text: string, sections: readonly SectionInfo[]): Partial<Record<SectionKey, string>> {
  const found = sections.filter((s): s is SectionInfo & { span: [number, number] } => !!s.span).sort((a, b) => a.span[0] - b.span[0]);
  const out: Partial<Record<SectionKey, string>> = {};
  found.forEach((s, i) => {
    const end = found[i + 1]?.span[0] ?? text.length;
    out[s.key] = text.slice(s.span[1], Math.max(s.span[1], end));
  });
  return out;
}

// ——— tables ———

/** A fingerprint of a table's values, or null when it has too little data for sameness to mean anything. */
export function tableFingerprint(table: TableId, t: Report['tables'][TableId]): string | null {
  if (!t) return null;
  const rows = Object.keys(t).sort();
  let detail = 0;
  let volume = 0;
  const parts: string[] = [];
  for (const row of rows) {
    const cols = Object.keys(t[row]!).sort();
    for (const col of cols) {
      const v = t[row]![col];
      parts.push(`${row}|${col}=${v === null || v === undefined ? '' : v}`);
      if (typeof v !== 'number' || v === 0) continue;
      if (table === 't3') {
        if (col !== 'total' && !['newReceived', 'carriedOver', 'total', 'carriedForward'].includes(row)) detail++;
        if (col === 'total' && (row === 'newReceived' || row === 'carriedOver')) volume += v;
      } else if (table === 't4') {
        if (col !== 'total') detail++;
      } else detail++;
    }
  }
  // 表三: ≥ 10 requests and ≥ 3 non-zero outcome cells; 表四: ≥ 3 non-zero cells besides the totals; 表二: ≥ 4 non-zero cells.
  const enough = table === 't3' ? volume >= 10 && detail >= 3 : table === 't4' ? detail >= 3 : detail >= 4;
  return enough ? `${table}:${parts.join(';')}` : null;
}

// ——— the index ———

export interface CopyDoc {
  /** The caller's id (a path, a report id). */
  id: string;
  /** How the report is named to a reader: 「涧西区民政局2023年度报告」. */
  label: string;
  /** Same unit ⇔ same key (a unit id, or the agency's name key); null: compared with every report of its year. */
  unit: string | null;
  year: number | null;
  sections: Partial<Record<SectionKey, string>>;
  tables?: Report['tables'];
  /** Where each section heading is, for the findings. */
  places?: Partial<Record<SectionKey, { span?: [number, number]; line?: number; page?: number }>>;
}

export type CopyRelation = 'previousYear' | 'sameYear';

export interface CopyMatch {
  kind: 'text' | 'table';
  /** Ids of the two reports; for `previousYear`, `a` is the later one. */
  a: string;
  b: string;
  relation: CopyRelation;
  section?: SectionKey;
  table?: TableId;
  /** Estimated Jaccard similarity of the two sections' shingles (1 for identical tables). */
  similarity: number;
}

interface Meta {
  id: string;
  label: string;
  unit: string | null;
  year: number | null;
  places: CopyDoc['places'];
}

const NS = COMPARED_SECTIONS.length;
/** The fewest equal signature positions with a similarity of NEAR_IDENTICAL or more. */
const MIN_SAME = (() => {
  let k = 0;
  while (k / NUM_HASHES < NEAR_IDENTICAL) k++;
  return k;
})();

/** What `CopyIndex.matches` did: nothing it left out is left out silently. */
export interface CopyStats {
  /** Candidate pairs of sections whose signatures were compared. */
  compared: number;
  /** Year-parts of buckets (section, band, band key, year) larger than the cap: their pairs were not compared there. */
  skippedBuckets: number;
  /**
   * The pairs of those (different units, one year), counted once per skipped bucket: an upper
   * bound of what may be missed, as a pair is still compared through any other band it shares.
   */
  skippedPairs: number;
  /** The size of the largest skipped year-part (0: nothing skipped). */
  largestSkipped: number;
}

/** How two reports relate, or null when they are not compared (`a` first: the later of a unit's two years). */
function relation(x: Meta, y: Meta): { relation: CopyRelation; later: Meta; earlier: Meta } | null {
  if (x.year === null || y.year === null || x.id === y.id) return null;
  const sameUnit = x.unit !== null && y.unit !== null && x.unit === y.unit;
  if (sameUnit) {
    if (Math.abs(x.year - y.year) !== 1) return null;
    return x.year > y.year ? { relation: 'previousYear', later: x, earlier: y } : { relation: 'previousYear', later: y, earlier: x };
  }
  return x.year === y.year ? { relation: 'sameYear', later: x, earlier: y } : null;
}

/**
 * Signatures and table fingerprints of many reports, packed in typed arrays (about 1.7 KB per
 * report). `query` compares one report with all; `matches` finds every pair by sorting band keys.
 */
export class CopyIndex {
  private metas: Meta[] = [];
  private sigs = new Uint32Array(0);
  private has = new Uint8Array(0);
  private bands = new Uint32Array(0);
  /** Table fingerprint (`t3:` + a hash of the values) → indexes of the reports with that table. */
  private tables = new Map<string, number[]>();
  private docTables: string[][] = [];
  private byId = new Map<string, number>();
  /** What the last `matches()` compared and skipped. */
  stats: CopyStats = { compared: 0, skippedBuckets: 0, skippedPairs: 0, largestSkipped: 0 };

  get size(): number {
    return this.metas.length;
  }

  private grow(n: number): void {
    if (n * NS <= this.has.length) return;
    const cap = Math.max(n, this.metas.length * 2, 64);
    const sigs = new Uint32Array(cap * NS * NUM_HASHES);
    sigs.set(this.sigs);
    const has = new Uint8Array(cap * NS);
    has.set(this.has);
    const bands = new Uint32Array(cap * NS * BANDS);
    bands.set(this.bands);
    this.sigs = sigs;
    this.has = has;
    this.bands = bands;
  }

  /** Add a report (a second add of the same id is ignored). Returns its index. */
  add(doc: CopyDoc): number {
    const known = this.byId.get(doc.id);
    if (known !== undefined) return known;
    const i = this.metas.length;
    this.grow(i + 1);
    this.metas.push({ id: doc.id, label: doc.label, unit: doc.unit, year: doc.year, places: doc.places });
    this.byId.set(doc.id, i);
    COMPARED_SECTIONS.forEach((key, s) => {
      const text = doc.sections[key];
      const sig = text ? sectionSignature(text) : null;
      if (!sig) return;
      const at = (i * NS + s) * NUM_HASHES;
      this.sigs.set(sig, at);
      this.has[i * NS + s] = 1;
      for (let b = 0; b < BANDS; b++) this.bands[(i * NS + s) * BANDS + b] = bandKey(this.sigs, at, b, s);
    });
    const fps: string[] = [];
    this.docTables.push(fps);
    for (const table of ['t2', 't3', 't4'] as const) {
      const full = tableFingerprint(table, doc.tables?.[table] ?? null);
      if (!full) continue;
      const fp = `${table}:${createHash('sha1').update(full).digest('base64')}`;
      fps.push(fp);
      const list = this.tables.get(fp);
      if (list) list.push(i);
      else this.tables.set(fp, [i]);
    }
    return i;
  }

  private textMatch(i: number, j: number, s: number): CopyMatch | null {
    const rel = relation(this.metas[i]!, this.metas[j]!);
    if (!rel) return null;
    const sim = similarity(this.sigs, this.sigs, (i * NS + s) * NUM_HASHES, (j * NS + s) * NUM_HASHES);
    if (sim < NEAR_IDENTICAL) return null;
    return { kind: 'text', a: rel.later.id, b: rel.earlier.id, relation: rel.relation, section: COMPARED_SECTIONS[s]!, similarity: sim };
  }

  /** Whether two sections' signatures agree in at least `same` positions (stops at the first mismatch too many). */
  private atLeast(i: number, j: number, s: number, same: number): boolean {
    const a = (i * NS + s) * NUM_HASHES;
    const b = (j * NS + s) * NUM_HASHES;
    let misses = NUM_HASHES - same;
    for (let x = 0; x < NUM_HASHES; x++) if (this.sigs[a + x] !== this.sigs[b + x] && --misses < 0) return false;
    return true;
  }

  private tableMatch(i: number, j: number, table: TableId): CopyMatch | null {
    const rel = relation(this.metas[i]!, this.metas[j]!);
    return rel ? { kind: 'table', a: rel.later.id, b: rel.earlier.id, relation: rel.relation, table, similarity: 1 } : null;
  }

  /** The matches of one indexed report with every other indexed report. */
  query(id: string): CopyMatch[] {
    const i = this.byId.get(id);
    if (i === undefined) return [];
    const out: CopyMatch[] = [];
    for (let s = 0; s < NS; s++) {
      if (!this.has[i * NS + s]) continue;
      const mine = this.bands.subarray((i * NS + s) * BANDS, (i * NS + s + 1) * BANDS);
      for (let j = 0; j < this.metas.length; j++) {
        if (j === i || !this.has[j * NS + s]) continue;
        const theirs = (j * NS + s) * BANDS;
        let hit = false;
        for (let b = 0; b < BANDS && !hit; b++) hit = this.bands[theirs + b] === mine[b];
        if (!hit) continue;
        const m = this.textMatch(i, j, s);
        if (m) out.push(m);
      }
    }
    for (const fp of this.docTables[i] ?? []) {
      const table = fp.slice(0, 2) as TableId;
      for (const j of this.tables.get(fp) ?? []) {
        const m = j === i ? null : this.tableMatch(i, j, table);
        if (m) out.push(m);
      }
    }
    return out;
  }

  /**
   * Every matching pair among the indexed reports (text by LSH candidates, tables by equal
   * fingerprints). Only the pairs `relation` keeps are compared: in a bucket (the reports sharing
   * a section's band key), the reports of one year with each other (other units), and each with
   * the same unit's report of the next year. A year's part of a bucket larger than `maxBucket` is
   * wording (almost) every report shares: its pairs are not compared there (a pair is still
   * compared through any other band it shares) and the skip is counted in `stats`.
   */
  matches(options: { maxBucket?: number } = {}): CopyMatch[] {
    const maxBucket = options.maxBucket ?? MAX_BUCKET;
    const n = this.metas.length;
    const out: CopyMatch[] = [];
    const stats: CopyStats = { compared: 0, skippedBuckets: 0, skippedPairs: 0, largestSkipped: 0 };
    this.stats = stats;
    // Per section and band: (band key, rank) packed in one float (key · 2^21 + rank), sorted;
    // runs of equal keys are the buckets. Ranks order the reports by year, then unit, so a
    // bucket is its years one after the other, each with its units together.
    if (n >= 2 ** 21) throw new Error('CopyIndex.matches: at most 2,097,151 reports');
    const unitIds = new Map<string, number>();
    const unitId = (u: string | null): number => {
      if (u === null) return -1; // compared with every report of its year, never across years
      let id = unitIds.get(u);
      if (id === undefined) unitIds.set(u, (id = unitIds.size));
      return id;
    };
    // Reports without a year are compared with none.
    const ord = this.metas
      .flatMap((meta, i) => (meta.year === null ? [] : [{ i, year: meta.year, unit: unitId(meta.unit) }]))
      .sort((a, b) => a.year - b.year || a.unit - b.unit || a.i - b.i);
    const m = ord.length;
    const index = Int32Array.from(ord, (x) => x.i);
    const year = Int32Array.from(ord, (x) => x.year);
    const unit = Int32Array.from(ord, (x) => x.unit);
    /** Whether a report's year-part of a band's bucket was skipped: (i · NS + s) · BANDS + b. */
    const skipped = new Uint8Array(n * NS * BANDS);
    const keys = new Float64Array(m);
    const compare = (p: number, q: number, s: number, b: number, sameYear: boolean): void => {
      const i = index[p]!;
      const j = index[q]!;
      // A pair is taken at the first band it shares (not skipped): no set of the pairs seen (at
      // 100,000 reports with common wording it outgrew what a Set may hold).
      if (this.sharedBefore(i, j, s, b, sameYear ? skipped : null)) return;
      stats.compared++;
      if (!this.atLeast(i, j, s, MIN_SAME)) return;
      const hit = this.textMatch(i, j, s);
      if (hit) out.push(hit);
    };
    for (let s = 0; s < NS; s++) {
      for (let b = 0; b < BANDS; b++) {
        let k = 0;
        for (let r = 0; r < m; r++) {
          const i = index[r]!;
          if (this.has[i * NS + s]) keys[k++] = this.bands[(i * NS + s) * BANDS + b]! * 2 ** 21 + r;
        }
        const sorted = keys.subarray(0, k).sort();
        const rank = (x: number): number => sorted[x]! % 2 ** 21;
        for (let x = 0; x < k;) {
          const key = Math.floor(sorted[x]! / 2 ** 21);
          let end = x + 1;
          while (end < k && Math.floor(sorted[end]! / 2 ** 21) === key) end++;
          // the bucket's years: [y0, y1) one year, [y1, y2) the next present
          for (let y0 = x; y0 < end;) {
            const yr = year[rank(y0)]!;
            let y1 = y0 + 1;
            while (y1 < end && year[rank(y1)] === yr) y1++;
            const size = y1 - y0;
            if (size > maxBucket) {
              let sameUnit = 0;
              for (let p = y0; p < y1;) {
                let q = p + 1;
                while (q < y1 && unit[rank(q)] === unit[rank(p)]) q++;
                if (unit[rank(p)]! >= 0) sameUnit += ((q - p) * (q - p - 1)) / 2;
                p = q;
              }
              stats.skippedBuckets++;
              stats.skippedPairs += (size * (size - 1)) / 2 - sameUnit;
              stats.largestSkipped = Math.max(stats.largestSkipped, size);
              for (let p = y0; p < y1; p++) skipped[(index[rank(p)]! * NS + s) * BANDS + b] = 1;
            } else
              for (let p = y0; p < y1; p++)
                for (let q = p + 1; q < y1; q++) {
                  const u = unit[rank(p)]!;
                  if (u >= 0 && u === unit[rank(q)]) continue; // one unit's two reports of a year
                  compare(rank(p), rank(q), s, b, true);
                }
            // the same unit's report of the next year, by merging the two years' unit orders
            if (y1 < end && year[rank(y1)] === yr + 1) {
              let y2 = y1 + 1;
              while (y2 < end && year[rank(y2)] === yr + 1) y2++;
              for (let p = y0, q = y1; p < y1 && q < y2;) {
                const u = unit[rank(p)]!;
                const v = unit[rank(q)]!;
                if (u < v || u < 0) p++;
                else if (v < u) q++;
                else {
                  let q2 = q;
                  for (; q2 < y2 && unit[rank(q2)] === u; q2++) compare(rank(p), rank(q2), s, b, false);
                  p++;
                }
              }
            }
            y0 = y1;
          }
          x = end;
        }
      }
    }
    for (const [fp, list] of this.tables) {
      if (list.length < 2) continue;
      const table = fp.slice(0, 2) as TableId;
      for (let p = 0; p < list.length; p++)
        for (let q = p + 1; q < list.length; q++) {
          const m = this.tableMatch(list[p]!, list[q]!, table);
          if (m) out.push(m);
        }
    }
    return out;
  }

  /**
   * Whether reports i and j share one of the section's bands before band `b` (for a pair of one
   * year, `skipped`: a band whose bucket was skipped for their year does not count).
   */
  private sharedBefore(i: number, j: number, s: number, b: number, skipped: Uint8Array | null): boolean {
    const bi = (i * NS + s) * BANDS;
    const bj = (j * NS + s) * BANDS;
    for (let x = 0; x < b; x++) if (this.bands[bi + x] === this.bands[bj + x] && !skipped?.[bi + x]) return true;
    return false;
  }

  /** The label and section places of an indexed report. */
  meta(id: string): Meta | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.metas[i];
  }
}

// ——— findings ———

const SECTION_NAME = Object.fromEntries(SECTIONS.map((s) => [s.key, `「${s.no}、${s.label}」`])) as Record<SectionKey, string>;
const TABLE_NAME: Record<TableId, string> = { t2: '表二', t3: '表三', t4: '表四' };
const pct = (x: number): number => Math.round(x * 100);

/**
 * The findings of one report from the matches: near-identical sections (X.copiedText) and
 * identical tables (X.copiedTable), naming the other report and the similarity. A match with the
 * previous year is reported on the later report only; a match between units of the same year on
 * both. At most MAX_NAMED others are named per section or table, the best first; the rest are counted.
 */
export function copyFindings(id: string, matches: CopyMatch[], index: CopyIndex): Finding[] {
  const mine = matches.filter((m) => m.a === id || (m.b === id && m.relation === 'sameYear'));
  const groups = new Map<string, CopyMatch[]>();
  for (const m of mine) {
    const k = m.kind === 'text' ? `text:${m.section}` : `table:${m.table}`;
    const list = groups.get(k);
    if (list) list.push(m);
    else groups.set(k, [m]);
  }
  const out: Finding[] = [];
  const self = index.meta(id);
  for (const list of groups.values()) {
    list.sort((x, y) => (x.relation === 'previousYear' ? -1 : 0) - (y.relation === 'previousYear' ? -1 : 0) || y.similarity - x.similarity);
    const named = list.slice(0, MAX_NAMED);
    const rest = list.length - named.length;
    for (const m of named) {
      const other = index.meta(m.a === id ? m.b : m.a);
      const otherName = m.relation === 'previousYear' ? `本单位上一年度报告（${other?.label ?? m.b}）` : `${other?.label ?? (m.a === id ? m.b : m.a)}`;
      const restNote = rest > 0 ? `；另有${rest}份报告同样雷同，未逐一列出` : '';
      if (m.kind === 'text') {
        const place = self?.places?.[m.section!] ?? {};
        out.push({
          rule: COPY_RULES.text.id,
          severity: COPY_RULES.text.severity,
          message: `${SECTION_NAME[m.section!]}与${otherName}的同一部分几乎相同（相似度约${pct(m.similarity)}%）`,
          ...place,
          actual: Math.round(m.similarity * 100) / 100,
          note: `按5字片段比对（MinHash，${NUM_HASHES}个哈希）估计的相似度，数字不计在内；请核对是否照搬${m.relation === 'previousYear' ? '上年' : '其他单位'}文字${restNote}`,
        });
      } else {
        out.push({
          rule: COPY_RULES.table.id,
          severity: COPY_RULES.table.severity,
          message: `${TABLE_NAME[m.table!]}与${otherName}的${TABLE_NAME[m.table!]}完全相同`,
          table: m.table!,
          note: `每个单元格的数值都相同；请核对是否照搬${m.relation === 'previousYear' ? '上年' : '其他单位'}数据${restNote}`,
        });
      }
    }
  }
  return out;
}

/** Index a set of reports and return each one's copy findings (by id). */
export function findCopies(
  docs: CopyDoc[],
  options: { maxBucket?: number } = {},
): { matches: CopyMatch[]; findings: Map<string, Finding[]>; index: CopyIndex; stats: CopyStats } {
  const index = new CopyIndex();
  for (const d of docs) index.add(d);
  const matches = index.matches(options);
  const findings = new Map<string, Finding[]>();
  for (const d of docs) findings.set(d.id, copyFindings(d.id, matches, index));
  return { matches, findings, index, stats: index.stats };
}
