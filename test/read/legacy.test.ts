import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { findSoffice, readLegacy } from '../../src/read/legacy.js';
import { compareToGold } from './gold-compare.js';

const fx = (p: string): string => join(__dirname, '..', 'fixtures', p);

describe('legacy .doc through LibreOffice', () => {
  it('LibreOffice is installed (CI installs libreoffice-writer-nogui)', () => {
    expect(findSoffice()).not.toBeNull();
  });

  it('a .doc saved by an office suite parses back exactly', async () => {
    const bytes = readFileSync(fx('legacy/doc-2021.doc'));
    const r = await parseReport(bytes, { path: 'doc-2021.doc' });
    const gold = JSON.parse(readFileSync(fx('gold/doc-2021.json'), 'utf8'));
    expect(compareToGold(r, gold)).toEqual([]);
    expect(r.findings.some((f) => f.rule === 'R.converted')).toBe(true);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }, 120_000);

  it('without LibreOffice: one finding that says what to install', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      const r = await readLegacy(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
      expect(r.findings).toHaveLength(1);
      expect(r.findings[0]).toMatchObject({ fatal: true, rule: 'R.unreadable' });
      expect(`${r.findings[0]!.message} ${r.findings[0]!.note}`).toContain('LibreOffice');
      expect(r.findings[0]!.note).toContain('apt-get install libreoffice-writer-nogui');
    } finally {
      process.env['PATH'] = path;
    }
  });

  it('a corrupt OLE file gives one clear finding, not a throw', async () => {
    const junk = new Uint8Array(4096).map((_, i) => (i < 8 ? [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1][i]! : (i * 31) % 251));
    const r = await parseReport(junk, { path: 'bad.doc' });
    expect(r.findings.filter((f) => f.fatal)).toHaveLength(1);
  }, 120_000);
});
