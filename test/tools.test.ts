/**
 * The programs the tests and the app rely on are installed (CI installs them from
 * .ci/apt-packages). A missing one fails here by name, not as a vague failure elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSoffice } from '../src/read/legacy.js';
import { CHROMIUM } from './e2e/browser.js';

const runs = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });

describe('installed tools', () => {
  it('Chromium (the e2e tests and screenshots)', () => {
    expect(existsSync(CHROMIUM), CHROMIUM).toBe(true);
    expect(runs(CHROMIUM, ['--headless', '--no-sandbox', '--version'])).toMatch(/Chromium \d+/);
  });
  it('PostgreSQL server binaries (the store tests run on both databases)', () => {
    const root = '/usr/lib/postgresql';
    const bins = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
    expect(bins.length, 'apt-get install postgresql').toBeGreaterThan(0);
  });
  it('LibreOffice (legacy .doc/.wps, the demo PDF)', () => {
    expect(findSoffice(), 'apt-get install libreoffice-writer-nogui').not.toBeNull();
  });
  it('poppler: pdftoppm and pdfimages (page images, scans)', () => {
    expect(() => runs('pdftoppm', ['-v'])).not.toThrow();
    expect(() => runs('pdfimages', ['-v'])).not.toThrow();
  });
  it('tesseract with Simplified Chinese (the second OCR engine)', () => {
    expect(runs('tesseract', ['--list-langs'])).toMatch(/chi_sim/);
  });
});
