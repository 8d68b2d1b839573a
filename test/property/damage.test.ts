/**
 * Damage: random valid reports rendered in a random layout, then damaged the way extraction
 * damages text — one cell's token dropped, one whole line deleted, two adjacent numbers run
 * together, one row-label line deleted. Property: every gold cell is either read exactly or
 * flagged (status not 'read'; or an error/warning naming its table+row+column; or an error naming
 * its table+row) — never silently wrong.
 *
 * Prints exact / flagged / silently-wrong counts per damage kind, and for each kind with a
 * silently wrong cell a minimal (shrunk) example. Deterministic: fixed seed, bounded runs.
 */
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { renderReportDetailed, type LayoutOptions, type Rendered } from '../../src/synth/render-text.js';
import { layoutArb, reportValuesArb } from '../../src/synth/random.js';
import { kindOf, type ReportValues } from '../../src/synth/values.js';
import { excerpt, verdicts, type Verdict } from './helpers.js';

const SEED = 20261126;
// PROPERTY_RUNS=n runs a longer search (the default keeps the test to a few seconds).
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 80);

const DAMAGES = ['none', 'dropToken', 'deleteLine', 'runTogether', 'deleteLabelLine'] as const;
type Damage = (typeof DAMAGES)[number];

interface Case {
  values: ReportValues;
  layout: LayoutOptions;
  damage: Damage;
  /** Which cell, line or pair the damage hits (modulo the number of candidates). */
  pick: number;
}

interface Damaged {
  text: string;
  /** Offset in the undamaged text where the damage is, and what was done. */
  at: number;
  what: string;
}

const DIGIT = /[0-9０-９]/;

/** Apply the damage; null when the text offers no place for it (e.g. no two adjacent numbers). */
function applyDamage(r: Rendered, damage: Damage, pick: number): Damaged | null {
  const t = r.text;
  const cut = (a: number, b: number, what: string): Damaged => ({ text: t.slice(0, a) + t.slice(b), at: a, what: `${what}: ${JSON.stringify(t.slice(a, b))}` });
  switch (damage) {
    case 'none':
      return { text: t, at: 0, what: 'none' };
    case 'dropToken': {
      const c = r.cells[pick % r.cells.length]!;
      return cut(c.start, c.end, `dropped token of ${c.table} ${c.row}.${c.col}`);
    }
    case 'deleteLine':
    case 'deleteLabelLine': {
      const lines = r.lines.filter((l) =>
        damage === 'deleteLine' ? t.slice(l.start, l.end).trim() !== '' : l.row !== undefined && (l.kind === 'label' || l.kind === 'row'),
      );
      if (!lines.length) return null;
      const l = lines[pick % lines.length]!;
      return cut(l.start, l.end + 1, `deleted line (${l.kind}${l.row ? ' ' + l.row : ''})`);
    }
    case 'runTogether': {
      const cells = [...r.cells].sort((a, b) => a.start - b.start);
      const pairs: [number, number][] = [];
      for (let i = 0; i + 1 < cells.length; i++) {
        const a = cells[i]!;
        const b = cells[i + 1]!;
        const between = t.slice(a.end, b.start);
        if (/^[\s|]+$/.test(between) && DIGIT.test(t[a.end - 1] ?? '') && DIGIT.test(t[b.start] ?? '')) pairs.push([a.end, b.start]);
      }
      if (!pairs.length) return null;
      const [a, b] = pairs[pick % pairs.length]!;
      return cut(a, b, `ran together ${JSON.stringify(t.slice(t.lastIndexOf('\n', a) + 1, a))}+${JSON.stringify(t.slice(b, t.indexOf('\n', b)))}`);
    }
  }
}

interface Outcome {
  applicable: boolean;
  counts: Record<Verdict, number>;
  silent: string[];
  damaged: Damaged | null;
}

function run(c: Case): Outcome {
  const rendered = renderReportDetailed(c.values, c.layout);
  const damaged = applyDamage(rendered, c.damage, c.pick);
  const counts: Record<Verdict, number> = { exact: 0, flagged: 0, silent: 0 };
  if (!damaged) return { applicable: false, counts, silent: [], damaged };
  const report = parseTextReport(damaged.text);
  const silent: string[] = [];
  for (const v of verdicts(c.values, report)) {
    counts[v.verdict]++;
    if (v.verdict === 'silent')
      silent.push(
        `${v.cell.table} ${v.cell.row}.${v.cell.col}: read ${v.got?.value} (${v.got?.status}${v.got?.flags ? ' ' + v.got.flags.join(',') : ''}), gold ${v.cell.value}`,
      );
  }
  return { applicable: true, counts, silent, damaged };
}

const caseArb = (damage: Damage): fc.Arbitrary<Case> =>
  fc.record({ values: reportValuesArb(), layout: layoutArb(), damage: fc.constant(damage), pick: fc.nat({ max: 10_000 }) });

function describeCase(c: Case): string {
  const o = run(c);
  const rendered = renderReportDetailed(c.values, c.layout);
  const dump = process.env['PROPERTY_DUMP'];
  if (dump && o.damaged) {
    mkdirSync(dump, { recursive: true });
    writeFileSync(join(dump, `damage-${c.damage}.txt`), o.damaged.text);
    writeFileSync(join(dump, `damage-${c.damage}.json`), JSON.stringify(c, null, 1));
  }
  // Show the damaged text around the damage and around the first silently wrong row.
  const firstRow = o.silent[0]?.split(' ').slice(0, 2) ?? [];
  const rowAt = rendered.cells.find((x) => x.table === firstRow[0] && `${x.row}.${x.col}:` === firstRow[1])?.start;
  const shift = (x: number): number => (o.damaged && x > o.damaged.at ? x - (rendered.text.length - o.damaged.text.length) : x);
  return [
    `  kind ${kindOf(c.values)}, layout ${JSON.stringify(rendered.layout)}`,
    `  damage: ${o.damaged?.what}`,
    ...o.silent.slice(0, 4).map((s) => `  ✗ ${s}`),
    excerpt(o.damaged?.text ?? '', [o.damaged?.at ?? 0, ...(rowAt !== undefined ? [shift(rowAt)] : [])], 4),
  ].join('\n');
}

describe('damaged text: every cell is read exactly or flagged, never silently wrong', () => {
  it('holds for dropped tokens, deleted lines, numbers run together and deleted label lines', () => {
    const rows: string[] = [];
    const failures: string[] = [];
    for (const damage of DAMAGES) {
      const cases = fc.sample(caseArb(damage), { seed: SEED, numRuns: RUNS });
      const total: Record<Verdict, number> = { exact: 0, flagged: 0, silent: 0 };
      let applicable = 0;
      let silentCases = 0;
      const seen: string[] = [];
      for (const c of cases) {
        const o = run(c);
        if (!o.applicable) continue;
        applicable++;
        for (const k of ['exact', 'flagged', 'silent'] as const) total[k] += o.counts[k];
        if (o.silent.length) {
          silentCases++;
          if (seen.length < 5) seen.push(`    · ${c.layout.family}: ${o.damaged?.what} → ${o.silent.slice(0, 2).join('; ')}`);
        }
      }
      rows.push(
        `  ${damage.padEnd(16)} ${String(applicable).padStart(3)} cases  exact ${String(total.exact).padStart(6)}  flagged ${String(total.flagged).padStart(5)}  silently-wrong ${String(total.silent).padStart(4)} (in ${silentCases} cases)`,
      );
      if (silentCases) {
        const min = fc.check(
          fc.property(caseArb(damage), (c) => run(c).silent.length === 0),
          { seed: SEED, numRuns: RUNS },
        );
        const example = min.failed && min.counterexample ? describeCase(min.counterexample[0]) : '  (not reproduced when shrinking)';
        failures.push(`■ ${damage}: silently wrong cells in ${silentCases} of ${applicable} cases:\n${seen.join('\n')}\n  minimal example:\n${example}`);
      }
    }
    console.log(`damage (seed ${SEED}, ${RUNS} reports per kind, random layout):\n${rows.join('\n')}`);
    if (failures.length) console.log(failures.join('\n'));
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
