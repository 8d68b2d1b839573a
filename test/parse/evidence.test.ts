/**
 * The prose as evidence for table 二 (src/parse/evidence.ts): what a sentence states about the
 * 规章 and 规范性文件 counts, and how it chooses among readings of a row whose digits ran together
 * in a flattened web table — only among readings the table allows, never against them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { statedT2 } from '../../src/parse/evidence.js';
import { layoutArb, reportValuesArb } from '../../src/synth/random.js';
import { flatten } from '../../src/synth/degrade.js';
import { renderReportDetailed } from '../../src/synth/render-text.js';
import type { ReportValues } from '../../src/synth/values.js';

const facts = (text: string) => statedT2(text, text.length, text.length).map((s) => `${s.row}.${s.col}=${s.value}`);

describe('statedT2: counts the prose states', () => {
  it('a verb and a count in one clause, credited to the nearest subject before the count', () => {
    expect(facts('牵头起草省政府规章1件、省政府规范性文件2件，全年制发厅规范性文件1件、废止1件。')).toEqual([
      'normativeDocuments.issued=1',
      'normativeDocuments.repealed=1',
    ]);
    expect(facts('对53件规范性文件进行清理，其中49件保留、3件列入限期修改、1件予以废止或宣布失效。')).toEqual(['normativeDocuments.repealed=1']);
    expect(facts('本年度印发规章2件，现行有效规章15件。')).toEqual(['regulations.issued=2', 'regulations.inForce=15']);
    expect(facts('本年未制发规章。')).toEqual(['regulations.issued=0']);
  });

  it('says nothing about 规章制度, about sentences without a subject, or inside the table', () => {
    expect(facts('建立健全规章制度3件，废止2件。')).toEqual([]);
    expect(facts('全年废止文件2件。')).toEqual([]);
    const text = '行政规范性文件 制发1件 废止1件。';
    expect(statedT2(text, 0, text.length)).toEqual([]);
  });
});

/** A 2021 report whose 行政规范性文件 row is 1|1|26, rendered as a web page and flattened (1126). */
function flattened(sentence: string): string {
  const [base] = fc.sample(fc.record({ values: reportValuesArb({ kinds: ['2021'] }), layout: layoutArb() }), { seed: 7, numRuns: 1 });
  const values: ReportValues = structuredClone(base!.values);
  // 规章 237 has one reading in three columns; a 0 might be written as a dash and dropped
  values.tables.t2['regulations'] = { issued: 2, repealed: 3, inForce: 7 };
  values.tables.t2['normativeDocuments'] = { issued: 1, repealed: 1, inForce: 26 };
  const text = flatten(renderReportDetailed(values, { ...base!.layout, family: 'cells', noise: false, kangxi: false }));
  const at = text.indexOf('一、总体情况') + '一、总体情况'.length;
  expect(at).toBeGreaterThan('一、总体情况'.length - 1);
  return text.slice(0, at) + sentence + text.slice(at);
}

describe('a flattened 行政规范性文件 row (1126 → 1|1|26 or 1|12|6)', () => {
  it('without a sentence about it, stays ambiguous: 本年废止 and 现行有效 missing, P.ambiguous', () => {
    const r = parseTextReport(flattened(''));
    expect(r.tables.t2!['normativeDocuments']).toEqual({ issued: 1, repealed: null, inForce: null });
    expect(r.findings.some((f) => f.rule === 'P.ambiguous' && f.row === 'normativeDocuments')).toBe(true);
  });

  it('「全年制发规范性文件1件、废止1件」 chooses 1|1|26, marked as cut and placed, and the finding quotes the sentence', () => {
    const r = parseTextReport(flattened('全年制发规范性文件1件、废止1件。'));
    expect(r.tables.t2!['normativeDocuments']).toEqual({ issued: 1, repealed: 1, inForce: 26 });
    const cells = r.cells.filter((c) => c.table === 't2' && c.row === 'normativeDocuments');
    for (const c of cells) {
      expect(c.status).toBe('derived');
      expect(c.flags).toEqual(expect.arrayContaining(['split', 'placedByRelation']));
    }
    const split = r.findings.find((f) => f.rule === 'P.split' && f.table === 't2');
    expect(split?.severity).toBe('warning');
    expect(split?.message).toContain('由正文「全年制发规范性文件1件、废止1件」确定');
    expect(r.findings.some((f) => f.rule === 'P.ambiguous')).toBe(false);
  });

  it('a sentence no reading agrees with (废止3件) is about something else: the row stays ambiguous', () => {
    const r = parseTextReport(flattened('全年废止规范性文件3件。'));
    expect(r.tables.t2!['normativeDocuments']).toEqual({ issued: 1, repealed: null, inForce: null });
    expect(r.findings.some((f) => f.rule === 'P.ambiguous' && f.row === 'normativeDocuments')).toBe(true);
  });

  it('two sentences that state different counts for the cell say nothing', () => {
    const r = parseTextReport(flattened('全年废止规范性文件1件。另有12件规范性文件予以废止。'));
    expect(r.tables.t2!['normativeDocuments']!['repealed']).toBeNull();
  });
});
