/**
 * `nianbao parse` through the built CLI (dist/cli/main.js, as `npm test` builds it first): the whole
 * record by default (one a line; corpus.mjs counts every cell of it), indented with --full, the lean
 * record with --lean.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { reportSchema } from '../../src/model/schema.js';
import { leanReport, noteworthyCell } from '../../src/render/lean.js';
import { scannedPdf } from '../read/scan-helpers.js';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const seeds = join(root, '..', 'shared', 'seeds');
const seed = (n: string): string =>
  join(
    seeds,
    readdirSync(seeds).find((f) => f.startsWith(n) && f.endsWith('.txt'))!,
  );
const html = join(root, 'test', 'fixtures', 'html', 'html-2021-word-utf8.html');
const docx = join(root, 'test', 'fixtures', 'docx', 'docx-2021-template.docx');
const dir = mkdtempSync(join(tmpdir(), 'nianbao-cli-parse-'));

const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

describe('nianbao parse: the whole record by default, --lean cuts the cells read plainly', () => {
  const files = [seed('000'), seed('003'), html, docx];
  const plain = run(['parse', ...files]);
  const lean = run(['parse', '--lean', ...files]);
  const full = run(['parse', '--full', ...files]);

  it('writes the whole record with no flag and with --json, the same bytes, one record a line; --full is the same indented', () => {
    expect(plain.status, plain.stderr).toBe(0);
    expect(run(['parse', '--json', ...files]).stdout).toBe(plain.stdout);
    // one record a line inside the array
    expect(plain.stdout.split('\n')).toHaveLength(files.length + 3);
    expect(JSON.parse(plain.stdout)).toEqual(JSON.parse(full.stdout));
    // every cell of the three tables is there, each with its place (what corpus.mjs counts)
    const recs = JSON.parse(plain.stdout) as Report[];
    expect(recs[0]!.cells).toHaveLength(200);
    for (const c of recs[0]!.cells) expect(c.span && c.line).toBeTruthy();
  });

  it('a lean record is the full record without the plainly read cells: tables, findings and the rest equal', () => {
    expect(full.status, full.stderr).toBe(0);
    const a = JSON.parse(lean.stdout) as Report[];
    const b = JSON.parse(full.stdout) as Report[];
    expect(a.map((r) => r.source.path)).toEqual(files);
    expect(a).toEqual(b.map(leanReport));
    for (const [i, r] of b.entries()) {
      expect(r.cells.length, r.source.path!).toBeGreaterThan(100);
      expect(a[i]!.cells).toEqual(r.cells.filter(noteworthyCell));
      expect(a[i]!.tables).toEqual(r.tables);
      expect(a[i]!.findings).toEqual(r.findings);
    }
    // every cell kept is one a reader should look at, with its place
    const kept = a.flatMap((r) => r.cells);
    expect(kept.length).toBeGreaterThan(0);
    for (const c of kept) expect(c.status !== 'read' || (c.flags ?? []).length > 0).toBe(true);
    // seed 003 leaves cells out and places others by a relation: those are kept, with their place
    expect(a[1]!.cells.filter((c) => c.status === 'missing').length).toBeGreaterThan(0);
    expect(a[1]!.cells.filter((c) => c.status === 'derived').length).toBeGreaterThan(0);
    expect(a[1]!.cells.some((c) => c.status === 'read' && c.flags?.includes('placedByRelation') && c.span && c.raw !== null)).toBe(true);
    // seed 000 is read plainly throughout: no cell in the lean record
    expect(a[0]!.cells).toEqual([]);
    expect(b[0]!.cells).toHaveLength(200);
  });

  it('every lean record validates strictly against nianbao.report/1', () => {
    for (const r of JSON.parse(lean.stdout) as unknown[]) {
      const ok = reportSchema.safeParse(r);
      expect(ok.success, ok.success ? '' : JSON.stringify(ok.error.issues.slice(0, 3))).toBe(true);
    }
  });

  it('is a fraction of the full record’s size', () => {
    expect(lean.stdout.length * 2).toBeLessThan(plain.stdout.length);
    // a report read plainly: about 6 KB instead of about 45
    const bare = (JSON.parse(lean.stdout) as Report[]).filter((r) => r.cells.length === 0);
    expect(bare.length).toBe(3);
    for (const r of bare) expect(JSON.stringify(r).length).toBeLessThan(8_000);
  });

  it('--no-check leaves out the checks’ findings in both forms; an unreadable file exits 2 with its record', () => {
    const r = run(['parse', '--no-check', seed('000'), join(dir, 'missing.txt')]);
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout) as Report[];
    expect(out[0]!.findings.filter((f) => /^[TSNX]\./.test(f.rule))).toEqual([]);
    expect(out[1]!.findings[0]).toMatchObject({ fatal: true, message: expect.stringContaining('文件不存在') });
  });

  it('--csv still lists every cell', () => {
    const r = run(['parse', '--csv', seed('000')]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\r\n')).toHaveLength(201);
  });

  it('the help names the forms', () => {
    const r = run(['parse', '--help']);
    expect(r.stdout).toContain('--json');
    expect(r.stdout).toContain('--full');
    expect(r.stdout).toContain('--lean');
    expect(r.stdout).toContain('精简记录');
  });
});

describe('nianbao parse --timeout: how long a file may take to read', () => {
  it('refuses a value that is not a whole number of seconds, naming the option', () => {
    for (const bad of ['abc', '0', '-5', '1.5']) {
      const r = run(['parse', '--timeout', bad, html]);
      expect(r.status, bad).not.toBe(0);
      expect(r.stderr).toContain('--timeout');
      expect(r.stdout).toBe('');
    }
  });

  it('is the reader’s limit: a scan given 1 second lists the pages it did not reach, and says 1 秒', { timeout: 120_000 }, async () => {
    const scan = join(dir, 'scan.pdf');
    writeFileSync(scan, await scannedPdf('pdf-2021-basic', { kind: 'clean', dpi: 150, seed: 1 }));
    const r = run(['parse', '--timeout', '1', scan]);
    const [report] = JSON.parse(r.stdout) as Report[];
    expect(report!.findings.find((f) => /超时/.test(f.message))?.message, JSON.stringify(report!.findings.map((f) => f.rule))).toMatch(/超时（(超过 )?1 秒）/);
  });
});
