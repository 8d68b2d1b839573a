import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { alignText, decodeHtml, readHtml } from '../../src/read/html.js';
import { gridFromRows, originRows, MAX_SLOTS } from '../../src/read/grid.js';
import { BLANK_CELL } from '../../src/read/types.js';
import { encodeGb18030 } from '../../src/synth/html-fixture.js';
import { compareToGold } from './gold-compare.js';

const fixtures = join(__dirname, '..', 'fixtures');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const read = (html: string): string => readHtml(utf8(html)).text;
const shown = (s: string): string => s.replaceAll(BLANK_CELL, '□');

describe('grid: rowspan / colspan expansion (HTML table model)', () => {
  const cell = (data: string, rowSpan = 1, colSpan = 1) => ({ data, rowSpan, colSpan });

  it('places cells after slots taken by rowspans from above', () => {
    const g = gridFromRows([[cell('A', 2, 2), cell('B')], [cell('C')], [cell('D'), cell('E'), cell('F')]]);
    expect([g.rows, g.cols]).toEqual([3, 3]);
    const pos = Object.fromEntries(g.cells.map((c) => [c.data, [c.row, c.col]]));
    expect(pos).toEqual({ A: [0, 0], B: [0, 2], C: [1, 2], D: [2, 0], E: [2, 1], F: [2, 2] });
    const a = g.cells.findIndex((c) => c.data === 'A');
    expect([g.at(0, 1), g.at(1, 0), g.at(1, 1)]).toEqual([a, a, a]);
    expect(originRows(g).map((r) => r.map((c) => c.data))).toEqual([['A', 'B'], ['C'], ['D', 'E', 'F']]);
  });

  it('lays out the official table 三 header: 3×3 note, 自然人/总计 rowspan 2, 法人 colspan 5', () => {
    const g = gridFromRows([
      [cell('note', 3, 3), cell('申请人情况', 1, 7)],
      [cell('自然人', 2, 1), cell('法人', 1, 5), cell('总计', 2, 1)],
      ['商业', '科研', '公益', '法律', '其他'].map((x) => cell(x)),
    ]);
    expect(g.cols).toBe(10);
    const col = Object.fromEntries(g.cells.map((c) => [c.data, c.col]));
    expect([col['自然人'], col['法人'], col['总计'], col['商业'], col['其他']]).toEqual([3, 4, 9, 4, 8]);
    expect(g.cells.find((c) => c.data === '总计')!.rowSpan).toBe(2);
  });

  it('stops rowspan at the last row, reads rowspan=0 as "to the end", leaves holes in ragged rows', () => {
    const g = gridFromRows([[cell('A', 9), cell('B')], [cell('C', 0)], [cell('D')]]);
    expect(g.cells.find((c) => c.data === 'A')!.rowSpan).toBe(3);
    expect(g.cells.find((c) => c.data === 'C')!.rowSpan).toBe(2);
    expect(g.cells.find((c) => c.data === 'D')!.col).toBe(2);
    expect(g.at(2, 1)).toBe(g.cells.findIndex((c) => c.data === 'C'));
    expect(g.at(0, 5)).toBe(-1);
  });

  it('ignores spans when a hostile table would need too many slots', () => {
    const rows = Array.from({ length: 3000 }, () => [cell('x', 65534, 1000)]);
    const t0 = Date.now();
    const g = gridFromRows(rows);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(g.clamped).toBe(true);
    expect(g.rows * g.cols).toBeLessThanOrEqual(MAX_SLOTS);
  });
});

describe('HTML text: tables, blank cells, chrome', () => {
  it('emits each row as a line, a merged cell once, continuations as nothing', () => {
    const html = '<table><tr><td rowspan=2 colspan=2>合并</td><td>B</td></tr><tr><td>C</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>';
    expect(read(html)).toBe('合并\tB\nC\n1\t2\t3\n');
  });

  it('writes BLANK_CELL for cells holding only &nbsp;, U+3000, <o:p> or whitespace', () => {
    const html = '<table><tr><td>行</td><td>&nbsp;</td><td>\u3000\u3000</td><td><p class=MsoNormal><o:p>&nbsp;</o:p></p></td><td> </td><td>0</td></tr></table>';
    expect(shown(read(html))).toBe('行\t□\t□\t□\t□\t0\n');
  });

  it('drops scripts, styles, head, nav, page header/footer, menus and hidden blocks', () => {
    const html = `<html><head><title>T</title><style>p{}</style></head><body>
      <header>站点头部</header><nav>导航</nav><div class="breadcrumb">当前位置</div>
      <script>document.write("脚本")</script><noscript>无脚本</noscript>
      <article><header><h1>报告标题</h1></header><p>正文</p><div style="display:none">隐藏</div><span hidden>也隐藏</span></article>
      <ul class="menu"><li>菜单</li></ul><footer>版权所有</footer></body></html>`;
    expect(read(html)).toBe('报告标题\n正文\n');
  });

  it('turns blocks and <br> into lines, collapses whitespace, decodes entities', () => {
    const html = '<div>甲\r\n  乙<br>丙&amp;丁&lt;&#x4E00;&#20108;</div><p>  </p><h2>标题</h2>文字<span>接着</span>';
    expect(read(html)).toBe('甲 乙\n丙&丁<一二\n标题\n文字接着\n');
  });

  it('flattens a layout table (cells holding tables) and reads the inner table as a grid', () => {
    const html = '<table><tr><td><p>外面</p><table><tr><td>内1</td><td>内2</td></tr></table></td><td>右侧</td></tr></table>';
    expect(read(html)).toBe('外面\n内1\t内2\n右侧\n');
  });

  it('reads a two-column page layout (menu cell beside the article cell) as blocks', () => {
    const article = ['<h1>某局2023年政府信息公开工作年度报告</h1>', ...Array.from({ length: 6 }, (_, i) => `<p>第${i + 1}段。</p>`)].join('');
    const html = `<table><tr><td><a href="/">首页</a></td><td>${article}<table><tr><td>规章</td><td>3</td></tr></table></td></tr></table>`;
    expect(read(html)).toBe('首页\n某局2023年政府信息公开工作年度报告\n第1段。\n第2段。\n第3段。\n第4段。\n第5段。\n第6段。\n规章\t3\n');
    // without the nested table too: long or many-paragraph cells are not values
    const flat = `<table><tr><td>菜单</td><td>${'<p>正文段落。</p>'.repeat(7)}</td></tr></table>`;
    expect(read(flat).split('\n')).toHaveLength(9);
  });

  it('joins a cell’s paragraphs and breaks with spaces', () => {
    expect(read('<table><tr><td><p>商业</p><p>企业</p></td><td>a<br>b</td></tr></table>')).toBe('商业 企业\ta b\n');
  });
});

describe('HTML charset', () => {
  const page = (meta: string): string => `<html><head>${meta}</head><body><p>政府信息公开工作年度报告</p></body></html>`;
  const text = '政府信息公开工作年度报告\n';

  it('reads GB18030 bytes declared as gb2312 in a meta http-equiv tag', () => {
    const bytes = encodeGb18030(page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const r = readHtml(bytes);
    expect([r.encoding, r.text]).toEqual(['gb18030', text]);
  });

  it('reads <meta charset="gbk">', () => {
    const r = readHtml(encodeGb18030(page('<meta charset="gbk">')));
    expect([r.encoding, r.text]).toEqual(['gb18030', text]);
  });

  it('honours a UTF-8 BOM over a contradicting meta, and a UTF-16LE BOM', () => {
    const b = utf8(page('<meta charset="gb2312">'));
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...b]);
    expect(decodeHtml(withBom)).toMatchObject({ encoding: 'utf-8', source: 'bom' });
    expect(readHtml(withBom).text).toBe(text);
    const s = page('');
    const u16 = new Uint8Array(2 + s.length * 2);
    u16.set([0xff, 0xfe]);
    for (let i = 0; i < s.length; i++) {
      u16[2 + 2 * i] = s.charCodeAt(i) & 0xff;
      u16[3 + 2 * i] = s.charCodeAt(i) >> 8;
    }
    const r = readHtml(u16);
    expect([r.encoding, r.text]).toEqual(['utf-16le', text]);
  });

  it('sniffs without a declaration: valid UTF-8 → utf-8, otherwise GB18030', () => {
    expect(decodeHtml(utf8(page('')))).toMatchObject({ encoding: 'utf-8', source: 'sniffed' });
    const gb = readHtml(encodeGb18030(page('')));
    expect([gb.encoding, gb.text]).toEqual(['gb18030', text]);
  });

  it('overrules a gb2312 declaration on UTF-8 bytes, with an info finding', () => {
    const r = readHtml(utf8(page('<meta charset="gb2312">')));
    expect([r.encoding, r.text]).toEqual(['utf-8', text]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'R.encoding', severity: 'info' });
  });
});

describe('HTML provenance', () => {
  it('aligns decoded text with the source through entities and CR LF', () => {
    const src = 'x<p>a&amp;b&nbsp;\r\nc</p>';
    const value = 'a&b\u00a0\nc';
    const m = alignText(src, 4, 20, value)!;
    const spans = Array.from({ length: value.length }, (_, j) => src.slice(m[2 * j]!, m[2 * j + 1]!));
    expect(spans).toEqual(['a', '&amp;', 'b', '&nbsp;', '\r\n', 'c']);
    expect(alignText(src, 4, 20, 'zzz')).toBeNull();
  });

  it('points a cell of the record at that number in the HTML source (UTF-8 Word page)', async () => {
    const bytes = readFileSync(join(fixtures, 'html', 'html-2021-word-utf8.html'));
    const src = new TextDecoder().decode(bytes);
    const gold = JSON.parse(readFileSync(join(fixtures, 'gold', 'html-2021-word-utf8.json'), 'utf8'));
    const report = await parseReport(bytes, { path: 'x.html' });
    const checked: string[] = [];
    for (const [table, row, col] of [
      ['t3', 'granted', 'naturalPerson'],
      ['t3', 'carriedForward', 'total'],
      ['t2', 'fees', 'feesWan'],
      ['t4', 'litigationAfterReview', 'total'],
    ] as const) {
      const cell = report.cells.find((c) => c.table === table && c.row === row && c.col === col)!;
      expect(cell.status).toBe('read');
      const [a, b] = cell.span!;
      expect(src.slice(a, b)).toBe(String(gold[table][row][col]));
      // the line is the source line holding that text
      expect(src.slice(0, a).split('\n').length).toBe(cell.line);
      // and that source line is inside the right table row: the number sits in a <td>
      expect(src.slice(src.lastIndexOf('<td', a), a)).toContain('&nbsp;');
      checked.push(`${table}.${row}.${col}`);
    }
    expect(checked).toHaveLength(4);
  });

  it('gives spans in the decoded string for a GB18030 page', async () => {
    const bytes = readFileSync(join(fixtures, 'html', 'html-2019-word-gb18030.html'));
    const src = new TextDecoder('gb18030').decode(bytes);
    const report = await parseReport(bytes, { path: 'y.html' });
    const cell = report.cells.find((c) => c.table === 't2' && c.row === 'licensing' && c.col === 'yearChange')!;
    expect(src.slice(...cell.span!)).toBe(cell.raw);
    const sec = report.sections.find((s) => s.key === 's3')!;
    expect(src.slice(...sec.span!)).toContain('收到和处理政府信息公开申请情况');
  });
});

describe('HTML fixtures parse back exactly (test/fixtures/html against test/fixtures/gold)', () => {
  const files = readdirSync(join(fixtures, 'html')).filter((f) => f.endsWith('.html'));
  it('has UTF-8 and GB18030 fixtures of both templates and the hybrid', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    const golds = files.map((f) => JSON.parse(readFileSync(join(fixtures, 'gold', f.replace(/\.html$/, '.json')), 'utf8')));
    expect(new Set(golds.map((g) => g.template))).toEqual(new Set(['2019', '2021']));
    expect(golds.some((g) => g.template === '2021' && 'other.subtotal' in g.t3)).toBe(true);
    expect(files.some((f) => decodeHtml(readFileSync(join(fixtures, 'html', f))).encoding === 'gb18030')).toBe(true);
    expect(files.some((f) => decodeHtml(readFileSync(join(fixtures, 'html', f))).encoding === 'utf-8')).toBe(true);
  });
  for (const f of files) {
    it(f, async () => {
      const gold = JSON.parse(readFileSync(join(fixtures, 'gold', f.replace(/\.html$/, '.json')), 'utf8'));
      const report = await parseReport(readFileSync(join(fixtures, 'html', f)), { path: f });
      expect(report.source.format).toBe('html');
      expect(compareToGold(report, gold)).toEqual([]);
    });
  }

  it('the comparison itself catches a wrong cell', async () => {
    const f = files[0]!;
    const gold = JSON.parse(readFileSync(join(fixtures, 'gold', f.replace(/\.html$/, '.json')), 'utf8'));
    gold.t3.granted.total += 1;
    const report = await parseReport(readFileSync(join(fixtures, 'html', f)), { path: f });
    expect(compareToGold(report, gold)).toHaveLength(1);
  });
});
