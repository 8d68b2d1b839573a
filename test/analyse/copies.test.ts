import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  comparable,
  COPY_RULES,
  CopyIndex,
  findCopies,
  jaccard,
  MIN_CHARS,
  NEAR_IDENTICAL,
  sectionSignature,
  sectionTexts,
  similarity,
  type CopyDoc,
  type CopyMatch,
} from '../../src/analyse/copies.js';
import { renderReport } from '../../src/synth/render-text.js';
import { Rng } from '../../src/synth/rng.js';
import { generateValues, type ReportValues } from '../../src/synth/values.js';
import { parseTextReport } from '../../src/index.js';
import { record, t3Of } from './helpers.js';

const shared = join(__dirname, '..', '..', '..', 'shared');

/** A generated report rendered as text and parsed back, as a CopyDoc. */
function docOf(v: ReportValues, layoutSeed: number, id = `${v.agency}-${v.year}`): CopyDoc {
  const text = renderReport(v, { family: 'tsv', seed: layoutSeed, noise: false });
  const r = parseTextReport(text, { path: id });
  return { id, label: `${v.agency}${v.year}年度报告`, unit: v.agency, year: v.year, sections: sectionTexts(text, r.sections), tables: r.tables };
}

const valuesOf = (seed: number, agency: string, year: number): ReportValues => ({ ...generateValues(seed, { kind: '2021', scale: 'medium' }), agency, year });

describe('copied text (X.copiedText)', () => {
  it("finds a report generated from last year's text: same prose, this year's figures", () => {
    const last = valuesOf(11, '涧西区民政局', 2023);
    // This year: other figures, the same words (same narrative facts and layout seed).
    const next: ReportValues = { ...last, year: 2024, tables: generateValues(12, { kind: '2021', scale: 'medium' }).tables };
    const a = docOf(last, 5);
    const b = docOf(next, 5);
    expect(a.sections.s1).toBeTruthy();
    expect(a.sections.s1).not.toBe(b.sections.s1); // the years and figures differ…
    const { findings } = findCopies([a, b]);
    const fs = findings.get(b.id)!;
    const s1 = fs.find((f) => f.rule === 'X.copiedText' && f.message.startsWith('「一、总体情况」'));
    expect(s1, JSON.stringify(fs)).toBeDefined();
    expect(s1!.severity).toBe('warning');
    expect(s1!.message).toContain('本单位上一年度报告（涧西区民政局2023年度报告）');
    expect(s1!.message).toMatch(/相似度约(8\d|9\d|100)%/);
    expect(s1!.actual as number).toBeGreaterThanOrEqual(NEAR_IDENTICAL);
    // …reported on the later report only
    expect(findings.get(a.id)!.filter((f) => f.rule === 'X.copiedText')).toEqual([]);
  });

  it('does not flag generated reports of different units (their prose is drawn independently)', () => {
    const docs = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => docOf(valuesOf(100 + s, `单位${'甲乙丙丁戊己庚辛'[s - 1]}局`, 2024), 200 + s));
    const { matches, findings } = findCopies(docs);
    expect(matches.filter((m) => m.kind === 'text')).toEqual([]);
    for (const d of docs) expect(findings.get(d.id)!.filter((f) => f.rule === 'X.copiedText')).toEqual([]);
  });

  it('does not flag the real seed reports against each other', () => {
    const docs: CopyDoc[] = readdirSync(join(shared, 'seeds'))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => {
        const text = readFileSync(join(shared, 'seeds', f), 'utf8');
        const r = parseTextReport(text, { path: f });
        return { id: f, label: f, unit: f, year: 2024, sections: sectionTexts(text, r.sections), tables: r.tables };
      });
    expect(docs.filter((d) => d.sections.s1 && d.sections.s5)).toHaveLength(5);
    expect(findCopies(docs).matches).toEqual([]);
  });

  it('flags a section copied between two units of the same year, on both, naming the other', () => {
    const a = docOf(valuesOf(21, '甲县审计局', 2024), 31);
    const b = docOf(valuesOf(22, '乙县审计局', 2024), 32);
    b.sections = { ...b.sections, s5: a.sections.s5!.replace(/下一步/g, '今后') };
    expect(comparable(a.sections.s5!).length).toBeGreaterThanOrEqual(MIN_CHARS);
    const { findings } = findCopies([a, b]);
    const fa = findings.get(a.id)!.filter((f) => f.rule === COPY_RULES.text.id);
    const fb = findings.get(b.id)!.filter((f) => f.rule === COPY_RULES.text.id);
    expect(fa.map((f) => f.message)).toEqual([expect.stringContaining('「五、存在的主要问题及改进情况」与乙县审计局2024年度报告的同一部分几乎相同')]);
    expect(fb.map((f) => f.message)).toEqual([expect.stringContaining('与甲县审计局2024年度报告的同一部分几乎相同')]);
    // different years of different units are not compared
    const c = { ...b, id: 'c', year: 2023 };
    expect(findCopies([a, c]).matches).toEqual([]);
  });

  it('does not compare short sections (无其他需要报告的事项 is the same everywhere)', () => {
    const short = '本机关无其他需要报告的事项。';
    expect(sectionSignature(short)).toBeNull();
    const d = (id: string, unit: string): CopyDoc => ({ id, label: id, unit, year: 2024, sections: { s6: short } });
    expect(findCopies([d('a', 'x'), d('b', 'y')]).matches).toEqual([]);
  });

  it('estimates the Jaccard similarity of the shingles closely', () => {
    const base = valuesOf(41, '丙区教育局', 2024);
    const x = docOf(base, 1).sections.s1!;
    for (const [seed, layout] of [
      [42, 2],
      [43, 3],
    ] as const) {
      const y = docOf(valuesOf(seed, '丁区教育局', 2024), layout).sections.s1!;
      const est = similarity(sectionSignature(x)!, sectionSignature(y)!);
      expect(Math.abs(est - jaccard(x, y))).toBeLessThan(0.15);
    }
    expect(similarity(sectionSignature(x)!, sectionSignature(x)!)).toBe(1);
  });

  it('is deterministic: no randomness at run time, same signatures in a fresh index', () => {
    const spy = vi.spyOn(Math, 'random');
    const d = docOf(valuesOf(51, '戊区财政局', 2024), 9);
    const s1 = sectionSignature(d.sections.s1!);
    const s2 = sectionSignature(d.sections.s1!);
    expect(Array.from(s1!)).toEqual(Array.from(s2!));
    const i1 = new CopyIndex();
    const i2 = new CopyIndex();
    i1.add(d);
    i2.add(d);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('the index at scale: LSH finds what comparing every pair finds', () => {
  /** Texts of random characters, some of them edited copies of others. */
  function corpus(n: number, seed: number): { docs: CopyDoc[]; copies: [string, string][] } {
    const rng = new Rng(seed);
    const han = (): string => String.fromCharCode(0x4e00 + rng.int(0, 2999));
    const docs: CopyDoc[] = [];
    const copies: [string, string][] = [];
    const originals: CopyDoc[] = [];
    for (let i = 0; i < n; i++) {
      let text: string;
      if (i > 10 && rng.chance(0.1)) {
        // an edited copy of an earlier original: one character in 300 changed (similarity about 0.97)
        const src = originals[rng.int(0, originals.length - 1)]!;
        text = [...src.sections.s1!].map((c) => (rng.chance(1 / 300) ? han() : c)).join('');
        copies.push([src.id, `d${i}`]);
      } else text = Array.from({ length: rng.int(300, 900) }, han).join('');
      const d: CopyDoc = { id: `d${i}`, label: `d${i}`, unit: `u${i}`, year: 2024, sections: { s1: text } };
      docs.push(d);
      if (!copies.some(([, c]) => c === d.id)) originals.push(d);
    }
    return { docs, copies };
  }

  it('matches() finds every copy pair; query() agrees with it', () => {
    const { docs, copies } = corpus(2000, 7);
    const index = new CopyIndex();
    for (const d of docs) index.add(d);
    expect(index.size).toBe(2000);
    const found = new Set(index.matches().map((m) => [m.a, m.b].sort().join('|')));
    expect(copies.length).toBeGreaterThan(100);
    for (const [a, b] of copies) expect(found.has([a, b].sort().join('|')), `${a} ${b}`).toBe(true);
    // two copies of one original are alike too; random texts are not: every pair found shares an original
    const origin = new Map(copies.map(([o, c]) => [c, o]));
    for (const k of found) {
      const [a, b] = k.split('|') as [string, string];
      expect(origin.get(a) ?? a, k).toBe(origin.get(b) ?? b);
    }
    // what LSH finds is what comparing every pair of signatures finds (at the threshold and above)
    const sigs = docs.map((d) => sectionSignature(d.sections.s1!)!);
    let brute = 0;
    for (let i = 0; i < sigs.length; i++) for (let j = i + 1; j < sigs.length; j++) if (similarity(sigs[i]!, sigs[j]!) >= NEAR_IDENTICAL) brute++;
    expect(found.size).toBe(brute);
    const q = index.query('d1500').map((m) => [m.a, m.b].sort().join('|'));
    for (const k of q) expect(found.has(k)).toBe(true);
    expect(q.length).toBe([...found].filter((k) => k.split('|').includes('d1500')).length);
  });
});

describe('boilerplate buckets: only the pairs that can be a finding are compared', () => {
  /**
   * Two years of units whose first section is one shared paragraph (400 characters) and 200 of
   * their own (similarity about 0.5: not a copy, but a tenth of the reports share each band's
   * key); some units repeat last year's text, some copy another unit's text of the same year.
   */
  function boilerplate(units: number, seed: number): { docs: CopyDoc[]; copies: Set<string> } {
    const rng = new Rng(seed);
    const han = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + rng.int(0, 2999))).join('');
    const edit = (t: string): string => [...t].map((c) => (rng.chance(1 / 300) ? han(1) : c)).join('');
    const common = han(400);
    const docs: CopyDoc[] = [];
    const copies = new Set<string>();
    const doc = (u: number, year: number, s1: string): CopyDoc => ({ id: `u${u}:${year}`, label: `u${u}:${year}`, unit: `u${u}`, year, sections: { s1 } });
    const last = Array.from({ length: units }, (_, u) => doc(u, 2023, common + han(200)));
    docs.push(...last);
    for (let u = 0; u < units; u++) {
      if (u % 10 === 3) {
        docs.push(doc(u, 2024, edit(last[u]!.sections.s1!)));
        copies.add(`u${u}:2023|u${u}:2024`);
      } else if (u % 10 === 7) {
        docs.push(doc(u, 2024, edit(docs.find((d) => d.id === `u${u - 1}:2024`)!.sections.s1!)));
        copies.add(`u${u - 1}:2024|u${u}:2024`);
      } else docs.push(doc(u, 2024, common + han(200)));
    }
    return { docs, copies };
  }
  const pairs = (ms: CopyMatch[]): Set<string> => new Set(ms.map((m) => [m.a, m.b].sort().join('|')));

  it('skips a year of a bucket above the cap, counts it, and still finds every planted copy', () => {
    const { docs, copies } = boilerplate(300, 17);
    const all = findCopies(docs, { maxBucket: Infinity });
    const capped = findCopies(docs, { maxBucket: 10 });
    expect(pairs(all.matches)).toEqual(copies);
    expect(pairs(capped.matches)).toEqual(copies);
    expect(all.stats.skippedBuckets).toBe(0);
    expect(capped.stats.skippedBuckets).toBeGreaterThan(0);
    expect(capped.stats.largestSkipped).toBeGreaterThan(10);
    expect(capped.stats.skippedPairs).toBeGreaterThan(1000);
    // the boilerplate buckets' pairs are most of the work without the cap
    expect(capped.stats.compared * 5).toBeLessThan(all.stats.compared);
    // and other units' reports of another year are never compared: at most every same-year pair and each unit's two years
    expect(all.stats.compared).toBeLessThanOrEqual(2 * ((300 * 299) / 2) + 300);
  });

  it('a copy only a skipped bucket holds is not lost silently: the skip is counted', () => {
    const text = '本机关认真落实政府信息公开条例，' + '全面推进决策执行管理服务结果公开，加强政策解读和回应关切。'.repeat(3);
    const d = (u: string): CopyDoc => ({ id: u, label: u, unit: u, year: 2024, sections: { s1: text } });
    expect(findCopies([d('a'), d('b')]).matches).toHaveLength(1);
    const { matches, stats } = findCopies([d('a'), d('b')], { maxBucket: 1 });
    expect(matches).toEqual([]);
    expect(stats).toMatchObject({ compared: 0, skippedBuckets: 20, skippedPairs: 20, largestSkipped: 2 });
  });
});

describe('identical tables (X.copiedTable)', () => {
  const busy = t3Of({
    newReceived: [20, 3, 0, 0, 1, 0],
    granted: [10, 2, 0, 0, 1, 0],
    'unable.notHeld': [6, 0, 0, 0, 0, 0],
    'declined.duplicate': [4, 1, 0, 0, 0, 0],
    total: [20, 3, 0, 0, 1, 0],
  });
  const doc = (id: string, unit: string, year: number, t3: ReturnType<typeof t3Of>): CopyDoc => ({
    id,
    label: `${unit}${year}年度报告`,
    unit,
    year,
    sections: {},
    tables: record({ t3 }).tables,
  });

  it('flags the same table 三 in two units of the same year, on both', () => {
    const { findings } = findCopies([doc('a', '甲局', 2024, busy), doc('b', '乙局', 2024, structuredClone(busy))]);
    expect(findings.get('a')!.map((f) => [f.rule, f.table, f.message])).toEqual([['X.copiedTable', 't3', '表三与乙局2024年度报告的表三完全相同']]);
    expect(findings.get('b')![0]!.message).toBe('表三与甲局2024年度报告的表三完全相同');
  });

  it('is silent when one cell differs, and for tables with little data (all zeros)', () => {
    const other = structuredClone(busy);
    other['granted']!['naturalPerson'] = 11;
    expect(findCopies([doc('a', '甲局', 2024, busy), doc('b', '乙局', 2024, other)]).matches).toEqual([]);
    const zero = t3Of({});
    expect(findCopies([doc('a', '甲局', 2024, zero), doc('b', '乙局', 2024, t3Of({}))]).matches).toEqual([]);
  });

  it("flags last year's table repeated by the same unit, on the later report", () => {
    const { findings } = findCopies([doc('a', '甲局', 2023, busy), doc('b', '甲局', 2024, structuredClone(busy))]);
    expect(findings.get('a')).toEqual([]);
    expect(findings.get('b')![0]!.message).toBe('表三与本单位上一年度报告（甲局2023年度报告）的表三完全相同');
  });
});
