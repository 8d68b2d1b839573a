/**
 * PDF reader: the text-layer fixtures (test/fixtures/pdf, made by scripts/make-pdf-fixtures.mjs
 * from the official template with LibreOffice) parse back exactly; provenance points at the
 * number on the page; the layout rules work on synthetic pages.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/index.js';
import { readPdf } from '../../src/read/pdf.js';
import { closePdfWorkers } from '../../src/read/pdf/extract.js';
import { layoutPages } from '../../src/read/pdf/layout.js';
import type { PageData, Run, Segment } from '../../src/read/pdf/model.js';
import { BLANK_CELL } from '../../src/read/types.js';

const fixtures = join(__dirname, '..', 'fixtures');
const pdfDir = join(fixtures, 'pdf');
const goldDir = join(fixtures, 'gold');
const shared = join(__dirname, '..', '..', '..', 'shared');

interface Gold {
  agency?: string;
  year?: number;
  template?: string;
  t2?: Record<string, Record<string, number>>;
  t3?: Record<string, Record<string, number>>;
  t4?: Record<string, Record<string, number>>;
}

/** Text-layer fixtures: every PDF with a gold file, except the scan (ocr.test.ts). */
const textFixtures = readdirSync(pdfDir)
  .filter((f) => f.endsWith('.pdf') && !f.includes('scan') && existsSync(join(goldDir, f.replace(/\.pdf$/, '.json'))))
  .sort();

/** Word boxes of a page by poppler (an independent reader): [text, x0, y0, x1, y1] in points, top-left. */
function popplerWords(file: string, page: number): [string, number, number, number, number][] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => [
    m[5]!,
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
  ]);
}

const reports = new Map<string, Report>();

beforeAll(async () => {
  for (const f of textFixtures) reports.set(f, await parseReport(new Uint8Array(readFileSync(join(pdfDir, f))), { path: f }));
}, 60_000);

afterAll(async () => {
  await closePdfWorkers();
});

describe('PDF fixtures parse back exactly', () => {
  it('has the text-layer fixtures (page breaks with and without a repeated header; table 三 without rules between rows, and without any rule)', () => {
    expect(textFixtures).toEqual([
      'pdf-2021-bare.pdf',
      'pdf-2021-basic.pdf',
      'pdf-2021-bottom.pdf',
      'pdf-2021-break.pdf',
      'pdf-2021-long.pdf',
      'pdf-2021-open.pdf',
    ]);
  });

  it.each(textFixtures)('%s: every gold cell, cell by cell', (f) => {
    const gold = JSON.parse(readFileSync(join(goldDir, f.replace(/\.pdf$/, '.json')), 'utf8')) as Gold;
    const r = reports.get(f)!;
    expect(r.source.format).toBe('pdf');
    expect(r.findings.filter((x) => x.fatal)).toEqual([]);
    expect(r.template).toBe(gold.template);
    expect(r.year).toBe(gold.year);
    expect(r.agency).toBe(gold.agency);
    const wrong: string[] = [];
    let n = 0;
    for (const t of ['t2', 't3', 't4'] as const) {
      for (const [row, cols] of Object.entries(gold[t] ?? {})) {
        for (const [col, v] of Object.entries(cols)) {
          n++;
          const got = r.tables[t]?.[row]?.[col];
          if (got !== v) wrong.push(`${t}.${row}.${col}: ${got} (gold ${v})`);
        }
      }
    }
    expect(n).toBe(200);
    expect(wrong).toEqual([]);
    // Clean: no table finding of severity error.
    expect(r.findings.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('score.mjs exits 0 on them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-pdf-score-'));
    const gold = join(dir, 'gold');
    execFileSync('mkdir', ['-p', gold]);
    for (const f of textFixtures) copyFileSync(join(goldDir, f.replace(/\.pdf$/, '.json')), join(gold, f.replace(/\.pdf$/, '.json')));
    const out = join(dir, 'out.json');
    writeFileSync(out, JSON.stringify([...reports.values()]));
    const r = spawnSync('node', [join(shared, 'tools', 'score.mjs'), '--gold', gold, '--out', out], { encoding: 'utf8' });
    expect(r.stdout).toContain('silent-wrong 0');
    expect(r.status, r.stdout).toBe(0);
  });
});

describe('PDF provenance', () => {
  it.each([
    ['pdf-2021-long.pdf', 't3', 'newReceived', 'total'],
    ['pdf-2021-long.pdf', 't3', 'other.other', 'commercial'],
    ['pdf-2021-basic.pdf', 't2', 'fees', 'feesWan'],
    ['pdf-2021-break.pdf', 't4', 'litigationAfterReview', 'total'],
  ] as const)('%s %s「%s」「%s」: page and a box around the number as poppler sees it', (f, table, row, col) => {
    const r = reports.get(f)!;
    const cell = r.cells.find((c) => c.table === table && c.row === row && c.col === col)!;
    expect(cell.status).toBe('read');
    expect(cell.page).toBeGreaterThanOrEqual(1);
    expect(cell.box).toHaveLength(4);
    const words = popplerWords(join(pdfDir, f), cell.page!).filter((w) => w[0] === cell.raw);
    const tol = 1.5;
    const [x0, y0, x1, y1] = cell.box!;
    const inside = words.filter((w) => w[1] >= x0 - tol && w[2] >= y0 - tol && w[3] <= x1 + tol && w[4] <= y1 + tol);
    expect(inside.length, `${cell.raw} at ${cell.box} on page ${cell.page}; poppler: ${JSON.stringify(words)}`).toBe(1);
    // and tight: the box is about the size of the number, not of the cell
    expect(x1 - x0).toBeLessThan(60);
  });

  it('every read cell has a page and a box on the page; sections too', () => {
    for (const r of reports.values()) {
      for (const c of r.cells.filter((x) => x.status === 'read')) {
        expect(c.page, `${c.table}.${c.row}.${c.col}`).toBeGreaterThanOrEqual(1);
        const [x0, y0, x1, y1] = c.box!;
        expect(x0).toBeGreaterThanOrEqual(0);
        expect(y0).toBeGreaterThanOrEqual(0);
        expect(x1).toBeLessThanOrEqual(596);
        expect(y1).toBeLessThanOrEqual(842);
        expect(x1).toBeGreaterThan(x0);
        expect(y1).toBeGreaterThan(y0);
      }
      const s3 = r.sections.find((s) => s.key === 's3')!;
      expect(s3.heading).toBe('三、收到和处理政府信息公开申请情况');
      expect((s3 as { page?: number }).page).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('PDF reader output (fixtures)', () => {
  const read = async (f: string): Promise<string> => (await readPdf(new Uint8Array(readFileSync(join(pdfDir, f))))).text;

  it('drops page numbers, keeps a repeated table header once, continues the table on the next page', async () => {
    const text = await read('pdf-2021-long.pdf');
    const lines = text.split('\n');
    expect(lines.filter((l) => /^[-\s]*\d+[-\s]*$/.test(l))).toEqual([]); // footers "- 5 -" are gone
    expect(lines.filter((l) => l.includes('申请人情况'))).toHaveLength(1); // header repeated on page 6, emitted once
    // the rows at the top of page 6 continue the merged label cells: no blank cell before their label
    const row = lines.find((l) => l.includes('5.要求行政机关确认或重新出具已获取信息'))!;
    expect(row.startsWith('5.要求行政机关确认或重新出具已获取信息\t')).toBe(true);
    expect(row.split('\t')).toHaveLength(8);
    expect(text).not.toContain(BLANK_CELL);
  });

  it('really empty cells are BLANK_CELL, merged cells appear once, wrapped labels are joined', async () => {
    const text = await read('pdf-2021-break.pdf');
    const lines = text.split('\n');
    const carried = lines.find((l) => l.startsWith('二、上年结转政府信息公开申请数量'))!;
    expect(carried.split('\t')).toEqual(['二、上年结转政府信息公开申请数量', '5', '0', BLANK_CELL, BLANK_CELL, '0', '0', '5']);
    expect(lines.find((l) => l.includes('（本列数据的勾稽关系为'))).toBe('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况');
    expect(lines).toContain('自然人\t法人或其他组织\t总计');
    expect(lines).toContain('商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他');
    // first row of a merged label cell carries it; the rows below do not
    expect(lines.find((l) => l.startsWith('三、本年度办理结果\t（一）予以公开\t'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t'))).toBeDefined();
    // the page break (a bare "4" in the footer) falls inside table 三: no stray number line
    expect(lines.filter((l) => /^\d+$/.test(l))).toEqual([]);
    const t4 = lines.find((l) => l.startsWith('1\t2\t1\t2\t6'))!;
    expect(t4.split('\t')).toHaveLength(15);
    expect(t4.split('\t')[12]).toBe(BLANK_CELL);
  });

  it('joins the lines of a paragraph, also across a page break', async () => {
    const text = await read('pdf-2021-long.pdf');
    expect(text).toMatch(/全年主动公开政府信息 ?350 ?条/);
    // the title wrapped on two centred lines
    expect(text.split('\n')[0]).toBe('青山市自然资源和规划局2023 年政府信息公开工作年度报告');
  });

  it('takes a Node Buffer (a view into a shared pool) and leaves it intact', async () => {
    const buf = readFileSync(join(pdfDir, 'pdf-2021-break.pdf'));
    const before = Buffer.from(buf).toString('base64');
    const r = await parseReport(buf, { path: 'pdf-2021-break.pdf' });
    expect(r.source.bytes).toBe(buf.length);
    expect(r.findings.filter((x) => x.fatal)).toEqual([]);
    expect(r.tables.t3?.['total']?.['total']).toBe(reports.get('pdf-2021-break.pdf')!.tables.t3?.['total']?.['total']);
    expect(buf.toString('base64')).toBe(before);
    // a small Buffer lives inside Node's shared allocation pool
    const small = Buffer.from('%PDF-1.4\n%%EOF\n');
    expect(small.byteOffset > 0 || small.buffer.byteLength > small.length).toBe(true);
    const bad = await parseReport(small, { path: 'small.pdf' });
    expect(bad.findings.filter((x) => x.fatal)).toHaveLength(1);
    expect(small.toString()).toBe('%PDF-1.4\n%%EOF\n');
  });

  it('a report put in sideways (/Rotate 90 on every page): read as usual, boxes on the page as shown', async () => {
    // Same byte length, so the file's cross-reference offsets stay right.
    const src = Buffer.from(readFileSync(join(pdfDir, 'pdf-2021-break.pdf'))).toString('latin1');
    const box = '/MediaBox[0 0 595.303937007874 841.889763779528]';
    const turned = '/MediaBox[0 0 595.3 841.9]/Rotate 90'.padEnd(box.length, ' ');
    expect(src.split(box).length).toBe(7);
    const bytes = Buffer.from(src.split(box).join(turned), 'latin1');
    const r = await parseReport(bytes, { path: 'sideways.pdf' });
    const want = reports.get('pdf-2021-break.pdf')!;
    expect(r.tables).toEqual(want.tables);
    const cell = r.cells.find((c) => c.table === 't3' && c.row === 'total' && c.col === 'total')!;
    const file = join(mkdtempSync(join(tmpdir(), 'nianbao-sideways-')), 'sideways.pdf');
    writeFileSync(file, bytes);
    const words = popplerWords(file, cell.page!).filter((w) => w[0] === cell.raw);
    const [x0, y0, x1, y1] = cell.box!;
    expect(x1).toBeGreaterThan(600); // the page as shown is 842 wide
    expect(
      words.some((w) => w[1] >= x0 - 1.5 && w[2] >= y0 - 1.5 && w[3] <= x1 + 1.5 && w[4] <= y1 + 1.5),
      JSON.stringify({ box: cell.box, words }),
    ).toBe(true);
  });

  it('reads a restricted PDF (owner password only) like any other', async () => {
    const r = await parseReport(new Uint8Array(readFileSync(join(pdfDir, 'hostile', 'restricted.pdf'))), { path: 'restricted.pdf' });
    const gold = JSON.parse(readFileSync(join(goldDir, 'pdf-2021-basic.json'), 'utf8')) as Gold;
    expect(r.findings.filter((x) => x.fatal)).toEqual([]);
    expect(r.tables.t3).toEqual(expect.objectContaining(gold.t3));
    expect(basename('restricted.pdf')).toBe('restricted.pdf');
  });
});

// ——— layout on synthetic pages ———

const run = (text: string, x0: number, base: number, size = 10): Run => ({
  text,
  x0,
  x1: x0 + Array.from(text).reduce((s, ch) => s + (/[\u2e80-\uffff]/.test(ch) ? size : size * 0.55), 0),
  top: base - size * 0.85,
  bottom: base + size * 0.15,
  base,
  size,
});
const h = (y: number, x0: number, x1: number): Segment => ({ x0, y0: y, x1, y1: y });
const v = (x: number, y0: number, y1: number): Segment => ({ x0: x, y0, x1: x, y1 });
const page = (n: number, runs: Run[], segments: Segment[] = []): PageData => ({ page: n, width: 595, height: 842, runs, segments, images: [] });

/** A grid of rows × cols with lines at the given positions; `skipV` leaves out vertical borders (r, i). */
function gridLines(xs: number[], ys: number[], skipV: [number, number][] = [], skipH: [number, number][] = []): Segment[] {
  const segs: Segment[] = [];
  ys.forEach((y, i) => {
    for (let c = 0; c + 1 < xs.length; c++) if (!skipH.some(([r, k]) => r === i && k === c)) segs.push(h(y, xs[c]!, xs[c + 1]!));
  });
  xs.forEach((x, i) => {
    for (let r = 0; r + 1 < ys.length; r++) if (!skipV.some(([rr, k]) => rr === r && k === i)) segs.push(v(x, ys[r]!, ys[r + 1]!));
  });
  return segs;
}

describe('PDF layout (synthetic pages)', () => {
  it('a ruled grid: cells by borders, colspan and rowspan from missing borders, BLANK_CELL for empty cells', () => {
    const xs = [50, 150, 200, 250];
    const ys = [100, 120, 140, 160];
    // row 0: one cell across all columns (no inner verticals); col 0 rows 1–2 merged (no border between them)
    const segs = gridLines(
      xs,
      ys,
      [
        [0, 1],
        [0, 2],
      ],
      [[2, 0]],
    );
    const runs = [run('标题', 60, 114), run('甲类', 60, 144), run('1', 160, 134), run('2', 210, 134), run('3', 160, 154)];
    const { text } = layoutPages([page(1, runs, segs)]);
    expect(text).toBe(`标题\n甲类\t1\t2\n3\t${BLANK_CELL}\n`);
  });

  it('splits a run that crosses a drawn border, joins wrapped lines of a cell without a space for CJK', () => {
    const segs = gridLines([50, 150, 250], [100, 130, 150]);
    const runs = [run('法律服务', 60, 112), run('机构', 60, 124), run('7', 160, 118), run('甲乙丙丁', 130, 144)];
    const { text } = layoutPages([page(1, runs, segs)]);
    // 甲乙丙丁 spans 130–170 across the border at 150: 甲乙 | 丙丁
    expect(text).toBe('法律服务机构\t7\n甲乙\t丙丁\n');
  });

  it('never cuts a number where a run crosses a border; leaves it whole if no safe cut is near', () => {
    const segs = gridLines([50, 100, 200, 300], [100, 130]);
    // "规章  12" drawn as one run from 60 to 130; the border at 100 falls on the spaces
    const a = { ...run('规章  12', 60, 118), x1: 130 };
    // "1234" straddles the border at 200: digits are never cut
    const b = { ...run('1234', 190, 118), x1: 212 };
    const { text } = layoutPages([page(1, [a, b], segs)]);
    expect(text).toBe(`规章\t12\t1234\n`);
  });

  it('a sliver row where a label column’s rule sits a little off the value columns’ emits nothing (its blank is no value)', () => {
    // The label column's rule under 甲类 at 120, the value columns' at 124: a row 4 points tall holding
    // one empty cell of the label column, the value cells of the row above spanning it.
    const xs = [50, 150, 200, 250, 300];
    const segs = [h(100, 50, 300), h(120, 50, 150), h(124, 50, 300), h(140, 50, 300), ...xs.map((x) => v(x, 100, 140))];
    const runs = [
      run('甲类', 60, 114),
      run('1', 160, 114),
      run('2', 210, 114),
      run('3', 260, 114),
      run('乙类', 60, 136),
      run('4', 160, 136),
      run('5', 210, 136),
      run('6', 260, 136),
    ];
    const { text } = layoutPages([page(1, runs, segs)]);
    expect(text).toBe('甲类\t1\t2\t3\n乙类\t4\t5\t6\n');
  });

  it('empty cells in label columns emit nothing; empty value cells are BLANK_CELL', () => {
    const segs = gridLines([50, 80, 150, 200, 250], [100, 120]);
    const runs = [run('行政许可', 85, 114), run('5', 210, 114)];
    const { text } = layoutPages([page(1, runs, segs)]);
    expect(text).toBe(`行政许可\t${BLANK_CELL}\t5\n`);
  });

  it('a frame is not a table: a border around the page with a rule under the header', () => {
    const segs = [h(40, 40, 555), h(80, 40, 555), h(800, 40, 555), v(40, 40, 800), v(555, 40, 800)];
    const runs = [run('页眉文字', 60, 60), run('一、总体情况', 60, 120), run('正文。', 60, 150)];
    const { text } = layoutPages([page(1, runs, segs)]);
    expect(text).toBe('页眉文字\n一、总体情况\n正文。\n');
  });

  it('without rules: lines by baseline, tabs at wide gaps, no BLANK_CELL guessed', () => {
    const runs = [run('行政许可', 60, 100), run('0', 200, 100.8), run('12', 300, 100), run('正文一行', 60, 130)];
    const { text } = layoutPages([page(1, runs)]);
    expect(text).toBe('行政许可\t0\t12\n正文一行\n');
  });

  /** Table 三 rows drawn without rules: labels in two columns wrapping onto several lines (20 points apart). */
  function unruled(align: 'top' | 'centre'): Run[] {
    const rows: [string[], string[], number[]][] = [
      [
        ['（三）不', '予公开'],
        ['1.属于国家秘', '密'],
        [1, 0, 1],
      ],
      [[], ['2.其他法律行', '政法规禁止公', '开'], [0, 2, 2]],
      [[], ['3.危及“三安', '全一稳定”'], [3, 0, 3]],
      [
        ['（四）无', '法提供'],
        ['1.本机关不掌', '握相关政府信', '息'],
        [0, 0, 0],
      ],
    ];
    const runs: Run[] = [];
    let y = 100;
    for (const [outer, inner, values] of rows) {
      const n = inner.length;
      const at = align === 'top' ? y : y + ((n - 1) * 20) / 2;
      outer.forEach((t, i) => runs.push(run(t, 60, y + i * 20)));
      inner.forEach((t, i) => runs.push(run(t, 110, y + i * 20)));
      values.forEach((v, i) => runs.push(run(String(v), 250 + 50 * i, at + 0.8)));
      y += n * 20;
    }
    return runs;
  }

  /** The rows of `unruled` rebuilt, one line each. */
  const REBUILT = [
    '（三）不予公开\t1.属于国家秘密\t1\t0\t1',
    '2.其他法律行政法规禁止公开\t0\t2\t2',
    '3.危及“三安全一稳定”\t3\t0\t3',
    '（四）无法提供\t1.本机关不掌握相关政府信息\t0\t0\t0',
  ];
  /** The non-empty lines laid out from a page of `runs`. */
  const linesOf = (runs: Run[]): string[] =>
    layoutPages([page(1, runs)])
      .text.split('\n')
      .filter(Boolean);

  it.each(['top', 'centre'] as const)('without rules between rows (values at the %s): rows rebuilt by position, wrapped labels joined', (align) => {
    expect(linesOf(unruled(align))).toEqual(REBUILT);
  });

  it('without rules, on a scan: a label opening with （ starts at its ink, half an em right, and is still its column’s', () => {
    // OCR places a run at its first character's ink: the ink of （ lies in the right half of its cell.
    const ocr = unruled('top').map((r) => ({ ...r, conf: 99, ...(r.text.startsWith('（') ? { x0: r.x0 + 6, x1: r.x1 + 6 } : {}) }));
    expect(linesOf(ocr)).toEqual(REBUILT);
    // A text layer's run starts at its character's cell: there a label 6 points right is another column's.
    const layer = ocr.map(({ conf: _c, ...r }) => r);
    expect(layoutPages([page(1, layer)]).text).not.toContain('（三）不予公开\t1.属于国家秘密');
  });

  it('without rules, on a scan: a list number read apart from its point (2 | .其他…) still opens its label', () => {
    const ocr = unruled('top').flatMap((r): Run[] => {
      const o = { ...r, conf: 99 };
      if (!/^[23]\./.test(r.text)) return [o];
      // the recogniser's pieces: the digit, then a gap of half an em, then the point and the words
      return [
        { ...o, text: r.text[0]!, x1: r.x0 + 5.5 },
        { ...o, text: r.text.slice(1), x0: r.x0 + 10.5 },
      ];
    });
    // the gap kept as a space: the parser reads `2 .其他…` as the list number it is
    expect(linesOf(ocr)).toEqual(REBUILT.map((l) => l.replace(/^([23])\./, '$1 .')));
  });

  it('without rules, on a scan: a numbered label whose ink starts right of its column (a serif 一、 or 1.) is still the column of its wrapped lines', () => {
    // a scan places a run at its first character's ink: 一、二、1. stand a few points right of 量, 密 under them
    const ocr = unruled('top').map((r) => ({ ...r, conf: 99, ...(/^\d\./.test(r.text) ? { x0: r.x0 + 4, x1: r.x1 + 4 } : {}) }));
    expect(linesOf(ocr)).toEqual(REBUILT);
  });

  it('without rules, on a scan: pieces of a justified or wide-spaced line starting where others do are no column of their own', () => {
    // the recogniser's runs of one line come apart at ink gaps (要 求 缴纳 费; 全 一稳定): two such
    // pieces of two rows at the same x are not a label column (no label starts there)
    const ocr = unruled('top').flatMap((r): Run[] => {
      const o = { ...r, conf: 99 };
      const cut = r.text === '政法规禁止公' ? 2 : r.text === '握相关政府信' ? 2 : r.text === '全一稳定”' ? 1 : 0;
      if (!cut) return [o];
      return [
        { ...o, text: r.text.slice(0, cut), x1: r.x0 + 10 * cut },
        { ...o, text: r.text.slice(cut), x0: r.x0 + 25 },
      ];
    });
    expect(linesOf(ocr).map((l) => l.replace(/ /g, ''))).toEqual(REBUILT);
  });

  it('without rules, on a scan: the first label of a numbered column with its number misread (一、 as —) is still a label', () => {
    const ocr = unruled('top').map((r) => ({ ...r, conf: 99, ...(r.text === '1.属于国家秘' ? { text: '—属于国家秘' } : {}) }));
    expect(linesOf(ocr)).toEqual([REBUILT[0]!.replace('1.属于', '—属于'), ...REBUILT.slice(1)]);
  });

  it('without rules, full-width list numbers (１．) open labels too', () => {
    const runs = unruled('top').map((r) => ({ ...r, text: r.text.replace(/^(\d)\./, (_m, d: string) => `${String.fromCharCode(0xff10 + Number(d))}．`) }));
    const lines = linesOf(runs);
    expect(lines[1]).toBe('２．其他法律行政法规禁止公开\t0\t2\t2');
    expect(lines).toHaveLength(4);
  });

  it('without rules, empty value cells of a row are blank cells wherever they are (first, among, last)', () => {
    const runs = unruled('top').filter(
      (r) => !(r.base === 100.8 && r.x0 === 250) && !(r.base === 140.8 && r.x0 === 300) && !(r.base === 200.8 && r.x0 === 350),
    );
    const lines = linesOf(runs);
    expect(lines[0]).toBe(`（三）不予公开\t1.属于国家秘密\t${BLANK_CELL}\t0\t1`);
    expect(lines[1]).toBe(`2.其他法律行政法规禁止公开\t0\t${BLANK_CELL}\t2`);
    expect(lines[2]).toBe(`3.危及“三安全一稳定”\t3\t0\t${BLANK_CELL}`);
  });

  it('without rules, a label that could go with two rows is left as read line by line', () => {
    // no list numbers; values level with the first line of each two-line label: each second line
    // is as near the row below as the row above
    const runs = ['甲', '乙', '丙', '丁', '戊', '己'].map((t, i) => run(t, 60, 100 + 20 * i));
    for (const [k, y] of [100, 140, 180].entries()) for (let c = 0; c < 3; c++) runs.push(run(String(k + c), 250 + 50 * c, y));
    const { text } = layoutPages([page(1, runs)]);
    expect(text).toBe('甲\t0\t1\t2\n乙\n丙\t1\t2\t3\n丁\n戊\t2\t3\t4\n己\n');
  });

  it('a grid with no rules between its body rows is read by position, not as one cell per column', () => {
    const runs = unruled('top');
    // outer border and column rules only: every column of the body is one drawn cell
    const xs = [50, 105, 240, 290, 340, 390];
    const segs = [h(85, 50, 390), h(285, 50, 390), ...xs.map((x) => v(x, 85, 285))];
    const { text } = layoutPages([page(1, runs, segs)]);
    expect(text.split('\n').filter(Boolean)[0]).toBe('（三）不予公开\t1.属于国家秘密\t1\t0\t1');
    expect(text).toContain('3.危及“三安全一稳定”\t3\t0\t3');
  });

  it('drops a bare page number standing apart at the bottom, keeps a number inside the body', () => {
    const body = [run('正文。', 60, 100), run('7', 60, 700)];
    const { text } = layoutPages([page(1, [...body, run('3', 295, 800)]), page(2, [run('第二页正文。', 60, 100), run('- 4 -', 285, 800)])]);
    expect(text).toBe('正文。\n7\n第二页正文。\n');
  });

  it('drops a running header repeated on every page (keeps its first), and the page numbers under it', () => {
    const pg = (n: number, body: string): PageData =>
      page(n, [run('某某局年度报告', 240, 40), run(body, 60, 200), run('政府信息公开', 250, 790), run(`第${n}页`, 280, 810)]);
    const { text } = layoutPages([pg(1, '正文一。'), pg(2, '正文二。'), pg(3, '正文三。')]);
    expect(text).toBe('某某局年度报告\n正文一。\n政府信息公开\n正文二。\n正文三。\n');
  });

  it('a table going on over a page break: repeated header dropped, merged label continued, no blanks invented', () => {
    const xs = [50, 100, 200, 250];
    const p1ys = [600, 620, 640, 660];
    // page 1: header row; then label cell col 0 rows 1–2 (and on, over the break)
    const p1 = gridLines(
      xs,
      p1ys,
      [],
      [
        [2, 0],
        [3, 0],
      ],
    );
    const p1runs = [
      run('类别', 110, 614),
      run('数', 210, 614),
      run('甲组', 55, 654),
      run('子项一', 110, 634),
      run('1', 210, 634),
      run('子项二', 110, 654),
      run('2', 210, 654),
    ];
    const p2ys = [50, 70, 90];
    const p2 = gridLines(xs, p2ys, [], [[1, 0]]);
    const p2runs = [run('类别', 110, 64), run('数', 210, 64), run('子项三', 110, 84), run('3', 210, 84)];
    const { text } = layoutPages([page(1, p1runs, p1), page(2, p2runs, p2)]);
    expect(text).toBe('类别\t数\n甲组\t子项一\t1\n子项二\t2\n子项三\t3\n');
  });

  it('locate: page and a box for any span of the text', () => {
    const runs = [run('行政处罚', 60, 100), run('1234', 200, 100)];
    const r = layoutPages([page(1, runs), page(2, [run('第二页', 60, 100)])]);
    const at = r.text.indexOf('23');
    const p = r.locate(at, at + 2);
    expect(p.page).toBe(1);
    expect(p.line).toBe(1);
    expect(p.span).toEqual([at, at + 2]);
    const [x0, , x1] = p.box!;
    expect(x0).toBeGreaterThan(200);
    expect(x1).toBeLessThan(200 + 4 * 5.5);
    const q = r.locate(r.text.indexOf('第二页'), r.text.indexOf('第二页') + 3);
    expect(q.page).toBe(2);
    expect(q.line).toBe(2);
  });
});
