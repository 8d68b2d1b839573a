/**
 * The rules on the five real seeds (read from ../shared at test time, never copied). Their own
 * numbers satisfy every table relation — checked by hand: e.g. seed 002's table 三 has 247 new + 0
 * carried over = 235 total + 12 carried forward, and its outcomes 148 + 6 + 4 + 69 + 0 + 8 = 235.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/check/index.js';
import { parseTextReport } from '../../src/index.js';
import type { Report } from '../../src/model/report.js';

const seedsDir = join(__dirname, '..', '..', '..', 'shared', 'seeds');
const seeds = new Map<string, Report>();
for (const f of readdirSync(seedsDir)
  .filter((x) => x.endsWith('.txt'))
  .sort()) {
  seeds.set(f.slice(0, 3), parseTextReport(readFileSync(join(seedsDir, f), 'utf8'), { path: f }));
}
const seed = (n: string): Report => {
  const r = seeds.get(n);
  if (!r) throw new Error(`seed ${n} not found in ${seedsDir}`);
  return r;
};
const ARITHMETIC = new Set(RULES.filter((r) => r.meta.type === 'arithmetic' || r.meta.type === 'domain').map((r) => r.meta.id));
const ruleIds = new Set(RULES.map((r) => r.meta.id));

describe('rules on the seeds', () => {
  it.each(['000', '001', '002', '004'])('seed %s: no arithmetic or domain error (its numbers are consistent)', (n) => {
    const r = seed(n);
    expect(r.tables.t3).not.toBeNull();
    const errs = r.findings.filter((f) => ARITHMETIC.has(f.rule) && f.severity === 'error');
    expect(errs, errs.map((f) => f.message).join('\n')).toEqual([]);
  });

  it.each(['000', '001', '002', '004'])('seed %s: no structure finding (all sections, tables, rows, columns found)', (n) => {
    const r = seed(n);
    const fs = r.findings.filter((f) => f.rule.startsWith('M.'));
    expect(fs, fs.map((f) => f.message).join('\n')).toEqual([]);
  });

  it('seed 003: no T3 arithmetic error, and nothing said about the cells it lost', () => {
    const r = seed('003');
    const missing = new Set(r.cells.filter((c) => c.status === 'missing').map((c) => `${c.row}|${c.col}`));
    expect(missing.size).toBeGreaterThan(0);
    const t3 = r.findings.filter((f) => f.rule.startsWith('T3.'));
    expect(t3.filter((f) => f.severity === 'error')).toEqual([]);
    for (const f of t3) expect(missing.has(`${f.row}|${f.col}`), f.message).toBe(false);
  });

  it('seed 003: the lost 其他 column is reported once (P.columns), not again as M.column', () => {
    const r = seed('003');
    expect(r.findings.filter((f) => f.rule === 'P.columns')).toHaveLength(1);
    expect(r.findings.filter((f) => f.rule === 'M.column')).toEqual([]);
  });

  it('seed 003: the narrative 40 件 matches table 三 (N.requests silent)', () => {
    const r = seed('003');
    expect(r.narrative.requestsReceived).toBe(40);
    expect(r.findings.filter((f) => f.rule === 'N.requests')).toEqual([]);
  });

  it('seed 004: 不涉及依申请公开 with 0 new requests (N.noRequests silent)', () => {
    const r = seed('004');
    expect(r.narrative.noRequests).toBe(true);
    expect(r.findings.filter((f) => f.rule === 'N.noRequests')).toEqual([]);
  });

  it('S6.feePresent follows the fee compliance of spec §6: 001 full, 000/002/003 partial, 004 absent', () => {
    const fee = (n: string) => seed(n).findings.filter((f) => f.rule === 'S6.feePresent');
    expect(fee('001')).toEqual([]);
    for (const n of ['000', '002', '003']) {
      expect(fee(n), n).toHaveLength(1);
      expect(fee(n)[0]!.message).toContain('未写明发出收费通知的件数、收费通知的总金额');
      expect(fee(n)[0]!.actual).toBe(1);
    }
    expect(fee('004')).toHaveLength(1);
    expect(fee('004')[0]!.actual).toBe(0);
  });

  it('every rule finding on the seeds comes from a registered rule and speaks Chinese', () => {
    for (const [n, r] of seeds) {
      for (const f of r.findings.filter((x) => ruleIds.has(x.rule))) expect(f.message, `${n} ${f.rule}`).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
