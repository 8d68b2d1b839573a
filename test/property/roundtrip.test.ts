/**
 * Round trip: random valid reports (2019, 2021, hybrid) rendered as text in every layout family,
 * with random wrap widths and variants, must parse back to exactly the same tables, with the
 * right template, layout, agency and year, and no error finding.
 *
 * Deterministic: fixed fast-check seed and number of runs. On failure, every kind of problem
 * found is listed with a minimal (shrunk) example, for whoever owns the parser.
 */
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { LAYOUT_FAMILIES, renderReportDetailed, type LayoutOptions } from '../../src/synth/render-text.js';
import { layoutArb, reportValuesArb } from '../../src/synth/random.js';
import { kindOf, type ReportValues } from '../../src/synth/values.js';
import { errorsOf, excerpt, offsetsOfRow, shrinkFirst, tableDiffs } from './helpers.js';
import type { TableId } from '../../src/model/templates.js';

const SEED = 20261125;
// PROPERTY_RUNS=n runs a longer search (the default keeps the test to a few seconds).
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 80);

interface Case {
  values: ReportValues;
  layout: LayoutOptions;
}

interface Problem {
  category: string;
  text: string;
  table?: TableId;
  row?: string;
}

function problemsOf(c: Case): { problems: Problem[]; text: string; rendered: ReturnType<typeof renderReportDetailed> } {
  const rendered = renderReportDetailed(c.values, c.layout);
  const r = parseTextReport(rendered.text);
  const v = c.values;
  const out: Problem[] = [];
  // "missing" (null) and "WRONG" (another value) are told apart: a wrong value is a silent error.
  const kindOfMiss = (x: unknown): string => (x === null || x === undefined ? 'missing' : 'WRONG');
  if (r.agency !== v.agency) out.push({ category: `agency ${kindOfMiss(r.agency)}`, text: `agency ${r.agency} ≠ ${v.agency}` });
  if (r.year !== v.year) out.push({ category: `year ${kindOfMiss(r.year)}`, text: `year ${r.year} ≠ ${v.year}` });
  if (r.template !== v.template) out.push({ category: 'template', text: `template ${r.template} ≠ ${v.template}` });
  if (r.layout.t2 !== v.template || r.layout.t3 !== v.t3Shape)
    out.push({ category: 'layout', text: `layout ${JSON.stringify(r.layout)} ≠ ${v.template}/${v.t3Shape}` });
  for (const d of tableDiffs(v, r)) {
    const [table, cell] = d.split(' ') as [TableId, string];
    const miss = / (?:null|absent) ≠ |not found/.test(d) ? 'missing' : 'WRONG';
    out.push({ category: `${table} cells ${miss}`, text: d, table, row: cell.split('.')[0]! });
  }
  for (const f of errorsOf(r))
    out.push({ category: `error ${f.rule}`, text: `${f.rule}: ${f.message}`, ...(f.table ? { table: f.table } : {}), ...(f.row ? { row: f.row } : {}) });
  return { problems: out, text: rendered.text, rendered };
}

/** A readable description of a failing case: options, problems of the category, the text around them. */
function describeCase(c: Case, category: string): string {
  const { problems, text, rendered } = problemsOf(c);
  const mine = problems.filter((p) => p.category === category);
  // PROPERTY_DUMP=dir writes the minimal failing text there, to inspect or hand on.
  const dump = process.env['PROPERTY_DUMP'];
  if (dump) {
    mkdirSync(dump, { recursive: true });
    writeFileSync(join(dump, `roundtrip-${category.replace(/\W+/g, '_')}.txt`), text);
    writeFileSync(join(dump, `roundtrip-${category.replace(/\W+/g, '_')}.json`), JSON.stringify(c, null, 1));
  }
  const offsets = mine.flatMap((p) => (p.table && p.row ? offsetsOfRow(rendered, p.table, p.row) : []));
  if (!offsets.length) offsets.push(0, ...rendered.lines.filter((l) => l.kind === 'title' || l.kind === 'noise').map((l) => l.start));
  return [
    `  kind ${kindOf(c.values)}, agency ${c.values.agency}, year ${c.values.year}`,
    `  layout ${JSON.stringify(rendered.layout)}`,
    ...mine.slice(0, 4).map((p) => `  ✗ ${p.text}`),
    excerpt(text, offsets.slice(0, 6), 3),
  ].join('\n');
}

describe('round trip: render valid reports as text, parse them back', () => {
  it('gives back exactly the tables, template, layout, agency and year, with no error, in every layout family', () => {
    const cases = fc.sample(fc.record({ values: reportValuesArb(), layout: layoutArb() }), { seed: SEED, numRuns: RUNS });
    const counts = new Map<string, { n: number; ok: number }>();
    const categories = new Map<string, { count: number; family: string }>();
    for (const base of cases) {
      for (const family of LAYOUT_FAMILIES) {
        const c: Case = { values: base.values, layout: { ...base.layout, family } };
        const { problems } = problemsOf(c);
        const key = `${family.padEnd(8)} ${kindOf(c.values).padEnd(6)}`;
        const t = counts.get(key) ?? { n: 0, ok: 0 };
        t.n++;
        if (!problems.length) t.ok++;
        counts.set(key, t);
        for (const cat of new Set(problems.map((p) => p.category))) {
          const e = categories.get(cat) ?? { count: 0, family };
          e.count++;
          categories.set(cat, e);
        }
      }
    }
    const lines = [...counts].sort().map(([k, t]) => `  ${k} ${String(t.ok).padStart(4)} / ${t.n} exact`);
    const total = [...counts.values()].reduce((s, t) => ({ n: s.n + t.n, ok: s.ok + t.ok }), { n: 0, ok: 0 });
    console.log(`round trip (seed ${SEED}, ${RUNS} reports × ${LAYOUT_FAMILIES.length} families): ${total.ok} / ${total.n} exact\n${lines.join('\n')}`);

    // For each kind of problem, a minimal example (shrunk by fast-check) in the family where it was first seen.
    const report: string[] = [];
    for (const [cat, { count, family }] of categories) {
      const arb = fc.record({ values: reportValuesArb(), layout: layoutArb(family as LayoutOptions['family']) });
      const min = shrinkFirst(arb, (c) => !problemsOf(c).problems.some((p) => p.category === cat), SEED, RUNS * 3);
      report.push(`■ ${cat}: ${count} of ${total.n} cases${min ? ' — minimal example:\n' + describeCase(min, cat) : ' (not reproduced when shrinking)'}`);
    }
    if (report.length) console.log(report.join('\n'));
    expect([...categories.keys()], report.join('\n')).toEqual([]);
  });

  it('reads back the facts stated in the prose: requests received (section 一) and the 信息处理费 (section 六)', () => {
    const cases = fc.sample(fc.record({ values: reportValuesArb(), layout: layoutArb() }), { seed: SEED + 1, numRuns: RUNS * 2 });
    const wrong: string[] = [];
    let checked = 0;
    for (const c of cases) {
      const r = parseTextReport(renderReportDetailed(c.values, c.layout).text);
      const n = r.narrative;
      const fee = c.values.narrative.fee;
      const where = `${c.layout.family} seed ${c.layout.seed}`;
      if (fee.kind === 'full') {
        checked++;
        const got = n.infoFee;
        if (
          got.noticeCount !== fee.noticeCount ||
          got.noticeAmount !== fee.noticeAmount ||
          got.collectedAmount !== fee.collectedAmount ||
          got.compliance !== 'full'
        )
          wrong.push(`${where}: infoFee ${JSON.stringify(got)} ≠ ${JSON.stringify(fee)}`);
      } else if (fee.kind === 'none-collected') {
        checked++;
        if (n.infoFee.collectedAmount !== 0 || n.infoFee.noticeCount !== null) wrong.push(`${where}: 未收取 read as ${JSON.stringify(n.infoFee)}`);
      }
      const requests = c.values.tables.t3['newReceived']!['total']!;
      if (c.values.narrative.mentionRequests) {
        checked++;
        if (requests > 0 ? n.requestsReceived !== requests : !n.noRequests)
          wrong.push(`${where}: requests ${n.requestsReceived}/${n.noRequests} ≠ ${requests}`);
      }
    }
    console.log(`prose facts: ${checked - wrong.length} / ${checked} read back`);
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
