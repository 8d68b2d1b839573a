/**
 * The analysis commands through the built CLI (dist/cli/main.js, as `npm test` builds it first):
 * check --previous, compare, rollup, on the shared seeds and on generated reports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/synth/render-text.js';
import { generateValues, type Grid, type ReportValues } from '../../src/synth/values.js';
import type { Report, Table } from '../../src/model/report.js';
import { docTexts, rowOf } from '../render/docx-text.js';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const seeds = join(root, '..', 'shared', 'seeds');
const seed = (n: string): string =>
  join(
    seeds,
    {
      '000': '000_f0cbcda3827e0aad.txt',
      '001': '001_75fd27514a3859df.txt',
      '002': '002_fb458e10dc3ede35.txt',
      '003': '003_6e2b379abcfd2652.txt',
      '004': '004_f9bdbcd930d70996.txt',
    }[n]!,
  );

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const parsed = (files: string[]): Report[] => JSON.parse(run(['parse', '--json', '--no-check', ...files]).stdout) as Report[];

beforeAll(() => {
  expect(existsSync(join(root, 'dist', 'cli', 'analyse.js')), 'build first: npm run build').toBe(true);
});

const dir = mkdtempSync(join(tmpdir(), 'nianbao-analyse-'));
const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const render = (v: ReportValues, seedNo: number): string =>
  renderReport(v, { family: 'tsv', seed: seedNo, noise: false, titleForm: 0, titleAfterHeading: false });

describe('nianbao compare', () => {
  it('gives every cell of both seeds with b − a, and the indicators of each (--json)', () => {
    const r = run(['compare', seed('002'), seed('003'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    const [a, b] = parsed([seed('002'), seed('003')]);
    let checked = 0;
    for (const x of c.cells as { table: 't2' | 't3' | 't4'; row: string; col: string; a: number | null; b: number | null; delta: number | null }[]) {
      const va = a!.tables[x.table]?.[x.row]?.[x.col] ?? null;
      const vb = b!.tables[x.table]?.[x.row]?.[x.col] ?? null;
      expect([x.a, x.b], `${x.table} ${x.row} ${x.col}`).toEqual([va, vb]);
      expect(x.delta).toBe(va === null || vb === null ? null : Math.round((vb - va) * 1e6) / 1e6);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
    expect(c.cells.find((x: { row: string; col: string; table: string }) => x.table === 't3' && x.row === 'newReceived' && x.col === 'total')).toMatchObject({
      a: 247,
      b: 40,
      delta: -207,
    });
    const open = c.indicators.find((i: { id: string }) => i.id === 'openRate');
    expect(open.a.value).toBeCloseTo(((148 + 6) / a!.tables.t3!['total']!['total']!) * 100, 9);
    expect(open.a.cells.length).toBe(3);
    expect(c.sections.map((s: { key: string }) => s.key)).toEqual(['s1', 's5', 's6']);
    expect(c.consecutive).toBe(false);
  });

  it('prints Chinese: the tables with their differences, the indicators with their formula ids', () => {
    const r = run(['compare', seed('002'), seed('003')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('表三 收到和处理政府信息公开申请情况');
    expect(r.stdout).toContain('表三「一、本年新收政府信息公开申请数量」行「总计」列：247 → 40（-207）');
    expect(r.stdout).toMatch(/公开率（分母：办理结果总计）\[openRate\]：\d+\.\d% → \d+\.\d%/);
    expect(r.stdout).toContain('文字相似度');
  });

  it('exits 2 when a file cannot be read', () => {
    const r = run(['compare', seed('002'), join(dir, 'nope.txt')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('文件不存在');
  });
});

describe('nianbao rollup on the seeds', () => {
  it('sums the tables per year and scope, each cell the sum of the reports’ cells (null when one lacks it)', () => {
    const files = ['000', '001', '002', '003', '004'].map(seed);
    const r = run(['rollup', ...files, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    const records = new Map(parsed(files).map((x) => [x.source.path, x]));
    expect(o.groups.map((g: { year: number; scope: string; items: { id: string }[] }) => [g.year, g.scope, g.items.map((i) => i.id)])).toEqual([
      [2021, 'office', [seed('004')]],
      [2024, 'office', [seed('000'), seed('001'), seed('003')]],
    ]);
    // 卧龙区人民政府 says nothing of its scope: not summed with the offices
    expect(o.left).toEqual([{ id: seed('002'), label: '卧龙区人民政府2024年度报告', reason: expect.stringContaining('统计范围未判明') }]);
    for (const g of o.groups) {
      const members = g.items.map((i: { id: string }) => records.get(i.id)!);
      for (const c of g.sum.cells as { table: 't2' | 't3' | 't4'; row: string; col: string; value: number | null }[]) {
        const vs = members.map((m: Report) => (m.tables[c.table] as Table | null)?.[c.row]?.[c.col] ?? null);
        const want = vs.some((v: number | null) => v === null) ? null : vs.reduce((s: number, v: number) => s + v, 0);
        expect(c.value, `${c.table} ${c.row} ${c.col}`).toBe(want === null ? null : Math.round(want * 1e6) / 1e6);
      }
    }
    expect(o.files.find((f: { path: string }) => f.path === seed('004')).scope).toMatchObject({ scope: 'office', basis: 'text' });
  });

  it('prints the sums in Chinese', () => {
    const r = run(['rollup', seed('000'), seed('003')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2024年度 · 本机关（2份）');
    expect(r.stdout).toContain('合计（按年度和统计范围分别相加，不同范围的报告不相加）');
  });
});

describe('nianbao rollup: a whole-area report against its children', () => {
  const agencies = ['涧西区民政局', '涧西区教育局', '涧西区审计局'];
  const kids = agencies.map((agency, i) => ({ ...generateValues(500 + i, { kind: '2021', scale: 'medium' }), agency, year: 2024 }));
  const sum = (t: 't2' | 't3' | 't4'): Grid => {
    const out: Grid = {};
    for (const v of kids)
      for (const [row, cols] of Object.entries(v.tables[t])) for (const [col, x] of Object.entries(cols)) (out[row] ??= {})[col] = (out[row]![col] ?? 0) + x;
    return out;
  };
  const parentValues: ReportValues = { ...kids[0]!, agency: '涧西区人民政府', tables: { t2: sum('t2'), t3: sum('t3'), t4: sum('t4') } };
  const received = parentValues.tables.t3['newReceived']!['total']!;
  const parentText = render(parentValues, 60).replace(
    /一、总体情况\n/,
    `一、总体情况\n本报告数据统计范围为全区各级行政机关，全区共收到政府信息公开申请${received}件。\n`,
  );
  const parent = write('parent.txt', parentText);
  // the third child's 予以公开·自然人 is one more than the figure the district added up
  const changed = structuredClone(kids[2]!);
  changed.tables.t3['granted']!['naturalPerson']! += 1;
  const children = [write('k0.txt', render(kids[0]!, 61)), write('k1.txt', render(kids[1]!, 62)), write('k2.txt', render(changed, 63))];
  const units = (extra = ''): string =>
    write(
      `units${extra ? '-more' : ''}.csv`,
      ['名称,地区,层级,上级', '涧西区人民政府,河南省/洛阳市/涧西区,全区,', ...agencies.map((a) => `${a},河南省/洛阳市/涧西区,部门,涧西区人民政府`), extra].join(
        '\n',
      ),
    );

  it('one child changed by 1: shows that cell and that child', () => {
    const r = run(['rollup', parent, ...children, '--units', units(), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.files.find((f: { path: string }) => f.path === parent).scope).toMatchObject({ scope: 'whole-area' });
    expect(o.wholeArea).toHaveLength(1);
    const w = o.wholeArea[0];
    expect(w.childrenFrom).toBe('unitList');
    expect(w.children.map((c: { label: string }) => c.label)).toEqual(agencies.map((a) => `${a}2024年度报告`));
    expect(w.status).toBe('different');
    expect(w.differences).toHaveLength(1);
    expect(w.differences[0]).toMatchObject({ table: 't3', row: 'granted', col: 'naturalPerson', difference: -1, suspects: ['涧西区审计局2024年度报告'] });
    expect(w.missing).toEqual([]);
  });

  it('the unit list sets the scope over the text: 层级 本级 makes the district report its own level (no whole-area check), 全区 a whole area', () => {
    const levelList = write(
      'units-level.csv',
      ['名称,地区,层级,上级', '涧西区人民政府,河南省/洛阳市/涧西区,本级,', ...agencies.map((a) => `${a},河南省/洛阳市/涧西区,部门,涧西区人民政府`)].join('\n'),
    );
    const o = JSON.parse(run(['rollup', parent, ...children, '--units', levelList, '--json']).stdout);
    // The text says 全区各级行政机关; the list says 本级, and the list wins.
    expect(o.files.find((f: { path: string }) => f.path === parent).scope).toEqual({ scope: 'level-only', basis: 'unitList', evidence: '本级' });
    expect(o.groups.map((g: { scope: string; items: unknown[] }) => [g.scope, g.items.length]).sort()).toEqual([
      ['level-only', 1],
      ['office', 3],
    ]);
    expect(o.wholeArea).toEqual([]);
    // Without the list the text decides (全区), with 全区 in the list the list does.
    const bare = JSON.parse(run(['rollup', parent, ...children, '--json']).stdout);
    expect(bare.files.find((f: { path: string }) => f.path === parent).scope).toMatchObject({ scope: 'whole-area', basis: 'text' });
    const listed = JSON.parse(run(['rollup', parent, ...children, '--units', units(), '--json']).stdout);
    expect(listed.files.find((f: { path: string }) => f.path === parent).scope).toEqual({ scope: 'whole-area', basis: 'unitList', evidence: '全区' });
    expect(listed.wholeArea).toHaveLength(1);
  });

  it('--docx writes the summary: the children summed as 本机关, the whole-area report apart, charts', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'nianbao-docx-')), 'summary.docx');
    const r = run(['rollup', parent, ...children, '--units', units(), '--docx', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`汇总报告已写入 ${out}（4 份报告）`);
    const { xml, texts, media } = docTexts(readFileSync(out));
    expect(texts.join('')).toContain('河南省/洛阳市/涧西区 2024年度政府信息公开工作年度报告汇总');
    const t3 = (v: ReportValues, row: string): number => v.tables.t3[row]!['total']!;
    const kidsNow = [kids[0]!, kids[1]!, changed];
    const total = (row: string): string => String(kidsNow.reduce((s, v) => s + t3(v, row), 0));
    expect(rowOf(xml, '项目')).toEqual(['项目', '本机关合计（3份）', '全域合计（1份）']);
    expect(rowOf(xml, '本年新收申请')).toEqual(['本年新收申请', total('newReceived'), String(t3(parentValues, 'newReceived'))]);
    expect(rowOf(xml, '予以公开')).toEqual(['予以公开', total('granted'), String(t3(parentValues, 'granted'))]);
    expect(rowOf(xml, '涧西区审计局2024年度报告')!.slice(0, 5)).toEqual([
      '涧西区审计局2024年度报告',
      '本机关',
      String(t3(changed, 'newReceived')),
      String(t3(changed, 'carriedOver')),
      String(t3(changed, 'granted')),
    ]);
    expect(Object.keys(media).length).toBeGreaterThanOrEqual(2);
  });

  it('prints the cell and the child in Chinese', () => {
    const r = run(['rollup', parent, ...children, '--units', units()]);
    expect(r.stdout).toContain('【不一致】');
    expect(r.stdout).toMatch(
      /表三「（一）予以公开」行「自然人」列：本报告\d+，下级之和\d+，相差-1；下级各自：.*；该格关系不成立的下级：涧西区审计局2024年度报告/,
    );
  });

  it('a child with no report makes the difference uncertain, naming the child', () => {
    const r = run(['rollup', parent, ...children, '--units', units('涧西区财政局,河南省/洛阳市/涧西区,部门,涧西区人民政府'), '--json']);
    const w = JSON.parse(r.stdout).wholeArea[0];
    expect(w.status).toBe('uncertain');
    expect(w.missing).toEqual(['涧西区财政局']);
    expect(w.message).toContain('缺少1个下级单位的报告（涧西区财政局）');
  });

  it('without a unit list, children by place; the list of children unknown, so uncertain', () => {
    const r = run(['rollup', parent, ...children, '--json']);
    const w = JSON.parse(r.stdout).wholeArea[0];
    expect(w.childrenFrom).toBe('place');
    expect(w.children).toHaveLength(3);
    expect(w.status).toBe('uncertain');
    expect(w.missing).toBeNull();
    expect(w.differences.map((d: { row: string; col: string }) => `${d.row}|${d.col}`)).toEqual(['granted|naturalPerson']);
  });

  it('the sum of the unchanged children agrees', () => {
    const fixed = write('k2-fixed.txt', render(kids[2]!, 63));
    const r = run(['rollup', parent, children[0]!, children[1]!, fixed, '--units', units(), '--json']);
    const w = JSON.parse(r.stdout).wholeArea[0];
    expect(w.status).toBe('consistent');
  });
});

describe('nianbao check --previous', () => {
  const last: ReportValues = { ...generateValues(701, { kind: '2021', scale: 'medium' }), agency: '涧西区民政局', year: 2023 };
  // this year: new figures, last year's words
  const now: ReportValues = { ...last, year: 2024, tables: generateValues(702, { kind: '2021', scale: 'medium' }).tables };
  const lastFile = write('last.txt', render(last, 80));
  const nowFile = write('now.txt', render(now, 80));
  const cols = Object.keys(now.tables.t3['carriedOver']!).filter((c) => now.tables.t3['carriedOver']![c] !== last.tables.t3['carriedForward']![c]);

  it('adds the cross-year findings and the copy of last year’s text', () => {
    expect(cols.length).toBeGreaterThan(0);
    const r = run(['check', nowFile, '--previous', lastFile, '--json']);
    const [out] = JSON.parse(r.stdout);
    const carry = out.findings.filter((f: { rule: string }) => f.rule === 'X.carryOver');
    expect(carry.map((f: { col: string }) => f.col).sort()).toEqual([...cols].sort());
    const copied = out.findings.filter((f: { rule: string }) => f.rule === 'X.copiedText');
    expect(copied.map((f: { message: string }) => f.message)).toContainEqual(
      expect.stringMatching(/^「一、总体情况」与本单位上一年度报告（涧西区民政局2023年度报告）的同一部分几乎相同（相似度约\d+%）$/),
    );
    expect(copied[0].line).toBeGreaterThan(0);
  });

  it('without --previous there are none', () => {
    const [out] = JSON.parse(run(['check', nowFile, '--json']).stdout);
    expect(out.findings.filter((f: { rule: string }) => f.rule.startsWith('X.'))).toEqual([]);
  });

  it('says when the years do not follow, and skips the cross-year rules', () => {
    const r = run(['check', lastFile, '--previous', nowFile]);
    expect(r.stderr).toContain('年度不相接');
    expect(r.stdout).not.toContain('X.carryOver');
  });

  it('prints the findings in Chinese', () => {
    const r = run(['check', nowFile, '--previous', lastFile]);
    expect(r.stdout).toContain('X.carryOver');
    expect(r.stdout).toContain('X.copiedText');
    expect(r.stdout).toContain('与本单位上一年度报告');
  });
});
