import { describe, expect, it } from 'vitest';
import { checkReport, RULES, type Rule } from '../../src/check/index.js';
import { parseTextReport } from '../../src/index.js';
import { report } from '../parse/helpers.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUnreadable, reportFromRead } from '../../src/index.js';

describe('checkReport on a rule that throws', () => {
  it('reports that check as not done and runs the others; never throws', () => {
    const boom: Rule = {
      meta: { id: 'T9.boom', severity: 'error', type: 'arithmetic', docs: { description: '测试', en: 'test', source: 'test' } },
      check: () => {
        throw new Error('odd record');
      },
    } as Rule;
    const r = parseTextReport(report());
    const before = checkReport(r).length;
    RULES.push(boom);
    try {
      const fs = checkReport(r);
      expect(fs).toHaveLength(before + 1);
      expect(fs.find((f) => f.rule === 'T9.boom')).toMatchObject({ severity: 'warning', note: 'odd record' });
    } finally {
      RULES.pop();
    }
  });
});

describe('reportFromRead when the parse itself breaks', () => {
  it('gives an unreadable record with the error as note, never a throw', () => {
    const text = readFileSync(
      join(__dirname, '..', '..', '..', 'shared', 'seeds', readdirSync(join(__dirname, '..', '..', '..', 'shared', 'seeds'))[0]!),
      'utf8',
    );
    const read = {
      format: 'text' as const,
      encoding: 'utf-8',
      text,
      findings: [],
      locate: () => {
        throw new Error('boom');
      },
    };
    let r: ReturnType<typeof reportFromRead> | undefined;
    expect(() => (r = reportFromRead(read, { path: 'x.txt', sha256: '', bytes: text.length }))).not.toThrow();
    expect(r!.findings).toEqual([expect.objectContaining({ rule: 'R.unreadable', fatal: true, note: expect.stringContaining('boom') })]);
    expect(isUnreadable(r!)).toBe(true);
  });
});
