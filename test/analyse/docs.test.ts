import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDICATORS_BEGIN, INDICATORS_END, renderIndicatorsTable, updateIndicatorsDoc } from '../../src/analyse/docs.js';
import { INDICATORS } from '../../src/analyse/indicators.js';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'indicators.md'), 'utf8');

describe('docs/indicators.md', () => {
  it('has the table generated from the current dictionary (regenerate: see the command in docs/indicators.md)', () => {
    expect(updateIndicatorsDoc(doc, INDICATORS)).toBe(doc);
  });

  it('lists every indicator id, once', () => {
    const block = doc.slice(doc.indexOf(INDICATORS_BEGIN), doc.indexOf(INDICATORS_END));
    for (const d of INDICATORS) expect(block.split(`| \`${d.id}\` |`).length - 1, d.id).toBe(1);
    expect(renderIndicatorsTable(INDICATORS).split('\n')).toHaveLength(INDICATORS.length + 2);
  });

  it('a changed dictionary makes the doc stale', () => {
    const changed = INDICATORS.map((d, i) => (i === 1 ? { ...d, formula: d.formula + '（改）' } : d));
    expect(updateIndicatorsDoc(doc, changed)).not.toBe(doc);
  });

  it('every indicator has a unique id, a Chinese name, formula, note and source', () => {
    expect(new Set(INDICATORS.map((d) => d.id)).size).toBe(INDICATORS.length);
    for (const d of INDICATORS) {
      for (const s of [d.name, d.variant, d.formula, d.note]) expect(s, d.id).toMatch(/[\u4e00-\u9fff]/);
      expect(d.source, d.id).toMatch(/analysis\.md/);
      expect(d.kind === 'ratio' ? !!d.denominator : true, d.id).toBe(true);
    }
  });
});
