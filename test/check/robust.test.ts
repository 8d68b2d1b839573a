import { describe, expect, it } from 'vitest';
import { checkReport, RULES, type Rule } from '../../src/check/index.js';
import { parseTextReport } from '../../src/index.js';
import { report } from '../parse/helpers.js';

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
