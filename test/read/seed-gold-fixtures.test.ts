/**
 * Issue 3, item 7: the fixture generators render the seeds' hand-checked values too. Done here at
 * test time, in memory (DOCX from scratch, Word-style HTML in UTF-8 and GB18030), so nothing
 * derived from the seeds is committed; every rendered cell must parse back exactly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { buildDocx } from '../../src/synth/docx-fixture.js';
import { fixtureFromGold, type GoldFile } from '../../src/synth/from-gold.js';
import { wordHtml } from '../../src/synth/html-fixture.js';
import { compareToGold } from './gold-compare.js';

const goldDir = join(__dirname, '..', '..', '..', 'shared', 'gold');
const golds = readdirSync(goldDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as GoldFile] as const);

describe('seed gold values rendered by the fixture generators parse back exactly', () => {
  it('has seeds with complete tables to render', () => {
    expect(golds.filter(([f, g]) => fixtureFromGold(f, g)).length).toBeGreaterThanOrEqual(4);
  });
  for (const [file, gold] of golds) {
    const fx = fixtureFromGold(file, gold);
    if (!fx) continue; // a seed whose table 三 was lost has no complete table to render
    for (const [kind, bytes] of [
      ['docx', buildDocx(fx)],
      ['html utf-8', wordHtml(fx, { charset: 'utf-8' })],
      ['html gb2312', wordHtml(fx, { charset: 'gb2312' })],
    ] as const) {
      it(`${file} as ${kind}`, async () => {
        const r = await parseReport(bytes, { path: `${file}.${kind}` });
        const diffs = compareToGold(r, { ...fx, ...(gold.agency ? {} : { agency: fx.agency }) });
        expect(diffs).toEqual([]);
        expect(r.findings.filter((f) => f.severity === 'error' && /^[TP]\./.test(f.rule))).toEqual([]);
      });
    }
  }
});
