/**
 * A report on the 2019 form (国办公开办函〔2019〕60号, the reports of 2019 and 2020), scanned: the
 * scan fixtures are all of the 2021 form, and reviewers receive scans of both. A generated 2019
 * report is written by the report writer (the statutory DOCX through LibreOffice: its headings bold
 * and set close above the tables, 表二's 本年增/减 with a sign), scanned at 150 and 200 dpi, read
 * whole. Before the tenth round the bold heading over 表三 lost its strokes as column rules (the
 * section not found), +19 read as 419, and in the photo 表二's shaded bands (第二十条第（六）项) lost
 * their characters' upright strokes to the rule mask and read as digits (188/198).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { generateValues } from '../../src/synth/values.js';
import type { ScanSpec } from '../../src/synth/scan.js';
import { recordFromValues } from '../render/records.js';
import type { Gold } from './gold-compare.js';
import { scannedPdf, score, writerFixture } from './scan-helpers.js';

const STEM = 'report-2019';
let dir = '';
let gold: Gold = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-scan2019-'));
  // A large office's numbers (six digits in a cell, set smaller by the writer) and a signed change.
  const record = recordFromValues(generateValues(41, { kind: '2019', scale: 'large' }));
  gold = await writerFixture(dir, STEM, record);
  // The case this test is for: a change with its + sign in 表二.
  expect(Object.values(record.tables.t2!).some((cols) => typeof cols['yearChange'] === 'number' && cols['yearChange'] > 0)).toBe(true);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: ScanSpec[] = [
  { kind: 'clean', dpi: 200, seed: 11 },
  { kind: 'photo', dpi: 150, seed: 11 },
];

describe('a 2019-form report, scanned', () => {
  for (const spec of CASES) {
    it(`${spec.kind} at ${spec.dpi} dpi: every cell exact, every section found, nothing silently wrong`, { timeout: 300_000 }, async () => {
      const pdf = await scannedPdf(STEM, spec, dir);
      const report = await parseReport(pdf, { path: `${STEM}-${spec.kind}.pdf`, timeoutMs: 240_000, ocrEngine: 'paddle' });
      const s = score(report, gold);
      console.log(`2019 form ${spec.kind} ${spec.dpi}: ${s.exact}/${s.cells} exact, ${s.missing} missing, ${s.flaggedWrong.length} flagged wrong`);
      expect(report.template).toBe('2019');
      expect(s.silentWrong).toEqual([]);
      expect(s.exact, JSON.stringify(s.flaggedWrong)).toBe(s.cells);
      expect(report.findings.filter((f) => f.rule === 'M.section').map((f) => f.message)).toEqual([]);
    });
  }
});
