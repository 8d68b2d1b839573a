/**
 * The real development corpus (../shared/corpus: reports copied from government websites by a
 * public crawl, none written by this project), read at test time — nothing of it is in the repo.
 *
 * Acceptance (docs/real-world.md): every report complete unless its source itself lacks the cells.
 * Here that is checked without gold: every cell has a value, except cells the source does not
 * determine — and each of those is named by a finding saying why (several readings fit, a table
 * given as a sentence). No statutory equation fails on the corpus (its sources are consistent).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import type { Report } from '../../src/model/report.js';
import { t2RowName, t3RowName } from '../../src/model/templates.js';

const dir = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const EQUATIONS = new Set(['T3.balance', 'T3.outcomeSum', 'T3.rowSum', 'T4.groupSum']);

interface Entry {
  file: string;
  agency: string;
  year: number;
  template: string;
  layout: string;
}

function index(): Entry[] {
  const lines = readFileSync(join(dir, 'index.tsv'), 'utf8').trim().split('\n');
  const head = lines[0]!.split('\t');
  return lines.slice(1).map((l) => {
    const f = Object.fromEntries(l.split('\t').map((v, i) => [head[i], v]));
    return { file: f['file']!, agency: f['agency']!, year: Number(f['year']), template: f['template']!, layout: f['layout']! };
  });
}

describe('the real corpus (../shared/corpus)', () => {
  it('is there (CI has ../shared beside the clone)', () => {
    expect(existsSync(join(dir, 'index.tsv'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.txt')).length).toBeGreaterThanOrEqual(6);
  });

  for (const e of existsSync(join(dir, 'index.tsv')) ? index() : []) {
    it(`${e.file}: every cell read unless the source lacks it, and each one it lacks named`, async () => {
      const r: Report = await parseReport(readFileSync(join(dir, e.file)), { path: e.file });
      expect(r.findings.filter((f) => f.fatal)).toEqual([]);
      expect(r.year).toBe(e.year);
      expect(r.template).toBe(e.template);
      // The agency: its full name when the text gives one; else a short name, never a wrong one.
      if (r.agency !== null) expect(r.agency).toBe(e.agency);
      else expect(e.agency.endsWith(r.agencyAlias ?? '∅')).toBe(true);
      // No statutory equation fails: the corpus sources are consistent.
      expect(r.findings.filter((f) => EQUATIONS.has(f.rule))).toEqual([]);
      // A cell without a value is one the source does not determine, and a finding says why.
      // (one finding per row, or one for the table listing its rows)
      const nameOf = (table: string, row: string): string => `「${table === 't3' ? t3RowName(row) : t2RowName(r.template!, row)}」`;
      const named = (table: string, row: string): boolean =>
        r.findings.some((f) => f.rule === 'P.ambiguous' && f.table === table && (f.row === row || f.message.includes(nameOf(table, row))));
      for (const c of r.cells) {
        if (c.value !== null) continue;
        expect(named(c.table, c.row), `${e.file} ${c.table} ${c.row}.${c.col} missing with no finding saying why`).toBe(true);
      }
      if (!r.tables.t4) expect(r.findings.some((f) => f.rule === 'M.table' && f.message.includes('表四'))).toBe(true);
      // Layouts whose source keeps every cell: tables 三 and 四 complete.
      if (!/blank cells dropped/.test(e.layout)) {
        for (const c of r.cells.filter((x) => x.table !== 't2')) expect(c.value, `${e.file} ${c.table} ${c.row}.${c.col}`).not.toBeNull();
      }
    });
  }
});
