import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectScope, scopeFromLevel } from '../../src/analyse/scope.js';
import { parseTextReport } from '../../src/index.js';

const shared = join(__dirname, '..', '..', '..', 'shared');

describe('scope from what the report says', () => {
  const cases: [string, string | null, string | null][] = [
    // whole area: a statement of the data's range, or the area's request count
    ['本报告数据统计范围为全区各级行政机关。', '某区人民政府', 'whole-area'],
    ['2023年，全市共收到政府信息公开申请12147件，同比增长5%。', '某市人民政府', 'whole-area'],
    ['全县各级行政机关共受理政府信息公开申请255件。', '某县人民政府', 'whole-area'],
    ['本报告汇总了各县（市、区）政府和市政府各部门的数据。', '某市人民政府', 'whole-area'],
    // the government's own level
    ['市本级共收到政府信息公开申请35件。', '某市人民政府', 'level-only'],
    ['本报告统计口径为区政府本级。', '某区人民政府', 'level-only'],
    // the agency itself
    ['我局共收到政府信息公开申请3件，均已按时答复。', '某区民政局', 'office'],
    ['2024年，本机关未收到政府信息公开申请。', '某区审计局', 'office'],
    // two scopes side by side: the tables' scope is not said
    ['全区共受理政府信息公开申请800件，其中区政府本级受理政府信息公开申请206件。', '某区人民政府', null],
    // no statement: a department reports on itself; a government says nothing
    ['认真贯彻落实《条例》。', '某区市场监督管理局', 'office'],
    ['认真贯彻落实《条例》。', '某镇人民政府', 'office'],
    ['认真贯彻落实《条例》。', '某区人民政府', null],
    ['认真贯彻落实《条例》。', null, null],
    // 全省 in a department's narrative about its sector is no statement of scope
    ['为全省工业经济平稳健康发展提供有力支撑。', '某省工业和信息化厅', 'office'],
  ];
  for (const [text, agency, scope] of cases)
    it(`${text.slice(0, 24)}… (${agency ?? '—'}) → ${scope ?? 'null'}`, () => {
      const r = detectScope(text, agency);
      expect(r.scope).toBe(scope);
      if (scope === null) expect(r.note).toMatch(/[\u4e00-\u9fff]/);
      else expect(r.evidence).toBeTruthy();
    });

  it('quotes the words that say so, with their place', () => {
    const r = detectScope('一、总体情况\n2023年，全市共收到政府信息公开申请12147件。', '某市人民政府');
    expect(r).toMatchObject({ scope: 'whole-area', basis: 'text', evidence: '全市共收到政府信息公开申请' });
    expect(r.at).toBeGreaterThan(0);
  });

  it('the seeds: offices and a bureau are office; 卧龙区人民政府 says nothing, so null', () => {
    const seed = (f: string): { text: string; agency: string | null } => {
      const text = readFileSync(join(shared, 'seeds', f), 'utf8');
      const r = parseTextReport(text);
      return { text, agency: r.agency ?? r.agencyAlias };
    };
    const s = (f: string): ReturnType<typeof detectScope> => {
      const x = seed(f);
      return detectScope(x.text, x.agency);
    };
    expect(s('000_f0cbcda3827e0aad.txt')).toMatchObject({ scope: 'office', basis: 'agency' });
    expect(s('001_75fd27514a3859df.txt')).toMatchObject({ scope: 'office', basis: 'agency' });
    expect(s('002_fb458e10dc3ede35.txt')).toMatchObject({ scope: null });
    expect(s('003_6e2b379abcfd2652.txt').scope).toBe('office');
    expect(s('004_f9bdbcd930d70996.txt')).toMatchObject({ scope: 'office', basis: 'text', evidence: expect.stringContaining('我局不涉及') });
  });

  it('a unit list level sets a scope only when it names one', () => {
    expect(scopeFromLevel('全区')).toBe('whole-area');
    expect(scopeFromLevel('全 市')).toBe('whole-area');
    expect(scopeFromLevel('本级')).toBe('level-only');
    expect(scopeFromLevel('部门')).toBe('office');
    expect(scopeFromLevel('县级')).toBeNull();
    expect(scopeFromLevel(null)).toBeNull();
  });
});
