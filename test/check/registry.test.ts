import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, checkReport } from '../../src/check/index.js';
import { makeReport, previousOf } from './factory.js';

/** Severities as spec §7 (and §1 for M.version) gives them. */
const SPEC_SEVERITY: Record<string, string> = {
  'T3.balance': 'error',
  'T3.rowSum': 'error',
  'T3.outcomeSum': 'error',
  'T3.cellSuspect': 'warning',
  'T3.domain': 'error',
  'T4.groupSum': 'error',
  'T4.domain': 'error',
  'T2.domain': 'error',
  'T2.feePrecision': 'warning',
  'T2.issuedVsInForce': 'warning',
  'T2.publishedVsTotal': 'warning',
  'S6.feePresent': 'warning',
  'S6.feeConsistency': 'warning',
  'S6.feeVsTable3': 'warning',
  'S4.vsS3': 'info',
  'X.carryOver': 'warning',
  'X.inForceRoll': 'info',
  'N.requests': 'warning',
  'N.noRequests': 'warning',
  'N.review': 'warning',
  'M.version': 'warning',
  'M.hybrid': 'warning',
  'M.section': 'error',
  'M.table': 'error',
  'M.row': 'error',
  'M.column': 'error',
  // spec/review-criteria.md §2
  'C.personalInfo': 'error',
  'C.sensitiveText': 'warning',
  'C.dateConsistency': 'warning',
  'C.deadline': 'warning',
  'C.overviewFiveAspects': 'warning',
};

describe('RULES', () => {
  it('registers each rule once, with the spec severity', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(SPEC_SEVERITY).sort());
    for (const r of RULES) expect(r.meta.severity, r.meta.id).toBe(SPEC_SEVERITY[r.meta.id]);
  });

  it('has one module per rule under src/check/rules', () => {
    const dir = join(__dirname, '..', '..', 'src', 'check', 'rules');
    const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['index.ts', 'util.ts'].includes(f) && !f.endsWith('.test.ts'));
    expect(modules).toHaveLength(RULES.length);
  });

  it('documents each rule in Chinese and English', () => {
    for (const r of RULES) {
      expect(r.meta.docs.description, r.meta.id).toMatch(/[\u4e00-\u9fff]/);
      expect(r.meta.docs.en, r.meta.id).toMatch(/^[A-Z0-9]/);
      expect(r.meta.docs.source, r.meta.id).toContain('spec');
    }
  });

  it('finds nothing in a complete, consistent record of either template', () => {
    for (const template of ['2021', '2019'] as const) {
      const r = makeReport({ template });
      expect(checkReport(r, { previous: previousOf(r) }), template).toEqual([]);
    }
  });

  it('returns findings, never throws, on a record with no tables, sections or layout', () => {
    const r = makeReport();
    Object.assign(r, { template: null, year: null, layout: { t2: null, t3: null }, sections: [], cells: [] });
    r.tables = { t2: null, t3: null, t4: null };
    r.structure = { t2: { found: false, rows: [] }, t3: { found: false, rows: [], columns: [] }, t4: { found: false } };
    expect(checkReport(r, { previous: makeReport({ year: 2023 }) }).map((f) => f.rule)).toEqual(['M.table', 'M.table', 'M.table']);
  });

  it('runs only the rules asked for', () => {
    const r = makeReport({ t3: { total: { total: 99 } }, year: 2020 });
    expect(new Set(checkReport(r).map((f) => f.rule))).toEqual(new Set(['M.version', 'T3.balance', 'T3.outcomeSum', 'T3.rowSum', 'T3.cellSuspect']));
    expect(checkReport(r, { only: ['T3.balance'] }).map((f) => f.rule)).toEqual(['T3.balance']);
  });

  it('every finding of an error or warning that names a column also names its table and row, or is a whole-column finding', () => {
    const r = makeReport({ t3: { total: { total: 99 } }, t4: { review: { total: 5 } }, t2: { fees: { feesWan: -1 } } });
    for (const f of checkReport(r)) {
      if (f.col) expect(f.table, f.rule).toBeDefined();
      if (f.col && f.rule !== 'M.column') expect(f.row, f.rule).toBeDefined();
    }
  });
});
