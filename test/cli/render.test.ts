/**
 * `nianbao render`: a record JSON (as `nianbao parse --json` writes it, or one the editor saved)
 * or a report file written out as DOCX, HTML or Markdown that parse back to the same tables;
 * several records one file each; an unknown format or a JSON that is no record refused (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordsOfJson, runRender } from '../../src/cli/render.js';
import { parseReport } from '../../src/index.js';
import { aggregateYear } from '../../src/register/index.js';
import { prefill, withEdits } from '../../src/editor/record.js';
import { readBack } from '../render/report-compare.js';
import { registerRows, SECTION_TEXT, t2of2023, UNIT } from '../editor/fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-cli-render-'));
const record = (() => {
  const p = prefill({ unitName: UNIT, year: 2023, previous: null, register: aggregateYear(registerRows(), 2023) });
  return withEdits(p.record, { t2: t2of2023(), t3: p.record.tables.t3!, t4: p.record.tables.t4! }, SECTION_TEXT);
})();
const quiet = (): { out: (b: Uint8Array) => void; err: (s: string) => void; cwd: string; errors: string[]; outs: Uint8Array[] } => {
  const errors: string[] = [];
  const outs: Uint8Array[] = [];
  return { out: (b) => outs.push(b), err: (s) => errors.push(s), cwd: dir, errors, outs };
};

describe('nianbao render', () => {
  for (const [format, blank] of [
    ['docx', ''],
    ['html', ''],
    ['md', '—'],
  ] as const)
    it(`writes a record as ${format} that parses back to the same tables`, async () => {
      const json = join(dir, `record-${format}.json`);
      writeFileSync(json, JSON.stringify(record));
      const out = join(dir, `out.${format}`);
      const io = quiet();
      expect(await runRender(json, { format, out }, io)).toBe(0);
      const parsed = await parseReport(new Uint8Array(readFileSync(out)), { path: out });
      const back = readBack(parsed, blank);
      expect(back.problems).toEqual([]);
      expect(back.tables).toEqual(record.tables);
      expect(parsed.agency).toBe(UNIT);
      expect(parsed.year).toBe(2023);
    });

  it('several records (one a line, as parse --json writes them) give one file each, named by title; a report file is parsed first', async () => {
    const other = { ...record, agency: '卧龙区财政局', title: '卧龙区财政局2023年政府信息公开工作年度报告' };
    const jsonl = join(dir, 'two.json');
    writeFileSync(jsonl, `${JSON.stringify(record)}\n${JSON.stringify(other)}\n`);
    expect(recordsOfJson(readFileSync(jsonl, 'utf8'))).toHaveLength(2);
    const sub = mkdtempSync(join(dir, 'many-'));
    const io = { ...quiet(), cwd: sub };
    expect(await runRender(jsonl, { format: 'html' }, io)).toBe(0);
    expect(readdirSync(sub).sort()).toEqual([`${UNIT}2023年政府信息公开工作年度报告.html`, '卧龙区财政局2023年政府信息公开工作年度报告.html'].sort());
    // The HTML just written, given as a report file, is parsed and written again as Markdown to stdout.
    const io2 = quiet();
    expect(await runRender(join(sub, `${UNIT}2023年政府信息公开工作年度报告.html`), { format: 'md', out: '-' }, io2)).toBe(0);
    const md = new TextDecoder().decode(io2.outs[0]);
    expect(md).toContain('本年新收政府信息公开申请数量');
    expect(readBack(await parseReport(md), '—').tables).toEqual(record.tables);
  });

  it('through the built command line (dist/cli/main.js, as npm test builds it): a record to Markdown on stdout, exit 0; a bad format exit 2', async () => {
    const cli = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
    const json = join(dir, 'record-cli.json');
    writeFileSync(json, JSON.stringify(record));
    const ok = spawnSync(process.execPath, [cli, 'render', '--format', 'md', json, '-o', '-'], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(readBack(await parseReport(ok.stdout), '—').tables).toEqual(record.tables);
    const bad = spawnSync(process.execPath, [cli, 'render', '--format', 'odt', json], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('不支持的格式');
  });

  it('refuses an unknown format and a JSON that is no record', async () => {
    const json = join(dir, 'record.json');
    writeFileSync(json, JSON.stringify(record));
    const io = quiet();
    expect(await runRender(json, { format: 'odt' }, io)).toBe(2);
    expect(io.errors.join('')).toContain('不支持的格式「odt」');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ hello: 1 }));
    const io2 = quiet();
    expect(await runRender(bad, { format: 'docx' }, io2)).toBe(2);
    expect(io2.errors.join('')).toContain('不是标准记录');
  });
});
