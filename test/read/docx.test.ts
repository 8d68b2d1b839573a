import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { chineseCounting, formatNumber, readDocx } from '../../src/read/docx.js';
import { gridFromPlaced, originRows } from '../../src/read/grid.js';
import { BLANK_CELL } from '../../src/read/types.js';
import { NUMBERING_XML } from '../../src/synth/docx-fixture.js';
import { docxOf } from './zip-helpers.js';
import { compareToGold } from './gold-compare.js';

const fixtures = join(__dirname, '..', 'fixtures');
const shared = join(__dirname, '..', '..', '..', 'shared');

const p = (text: string, extra = ''): string => `<w:p>${extra}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (text: string, pr = ''): string => `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${text ? p(text) : '<w:p/>'}</w:tc>`;
const span = (n: number): string => `<w:gridSpan w:val="${n}"/>`;
const restart = '<w:vMerge w:val="restart"/>';
const cont = '<w:vMerge/>';
const tbl = (rows: string[][]): string => `<w:tbl><w:tblGrid/>${rows.map((r) => `<w:tr>${r.join('')}</w:tr>`).join('')}</w:tbl>`;
const shown = (s: string): string => s.replaceAll(BLANK_CELL, '□');

describe('DOCX grid: gridSpan and vMerge', () => {
  it('places cells on grid columns and merges continuations into the cell above', () => {
    const g = gridFromPlaced(
      [
        { row: 0, col: 0, rowSpan: 3, colSpan: 2, data: 'A' },
        { row: 0, col: 2, rowSpan: 1, colSpan: 1, data: 'B' },
        { row: 1, col: 2, rowSpan: 1, colSpan: 1, data: 'C' },
        { row: 2, col: 2, rowSpan: 1, colSpan: 1, data: 'D' },
      ],
      3,
    );
    expect(g.cols).toBe(3);
    const a = g.cells.findIndex((c) => c.data === 'A');
    expect([g.at(0, 0), g.at(1, 1), g.at(2, 0)]).toEqual([a, a, a]);
    expect(originRows(g).map((r) => r.map((c) => c.data))).toEqual([['A', 'B'], ['C'], ['D']]);
  });

  it('emits merged cells once, continuations as nothing (no tab), blank cells as BLANK_CELL', () => {
    const body = tbl([
      [tc('合并', span(2) + restart), tc('列三'), tc('列四')],
      [tc('', span(2) + cont), tc('1'), tc('　')],
      [tc('甲'), tc('乙'), tc('2', span(2))],
    ]);
    const r = readDocx(docxOf(body));
    expect(r.findings).toEqual([]);
    expect(shown(r.text)).toBe('合并\t列三\t列四\n1\t□\n甲\t乙\t2\n');
  });

  it('handles gridBefore and a vMerge chain over three rows in the middle column', () => {
    const body = tbl([
      [tc('a'), tc('M', restart), tc('b')],
      [tc('c'), tc('', cont), tc('d')],
      [tc('e'), tc('', cont), tc('f')],
      [`<w:trPr><w:gridBefore w:val="1"/></w:trPr>`, tc('g'), tc('h')].map((x) => x),
    ]);
    const r = readDocx(docxOf(body));
    expect(r.text).toBe('a\tM\tb\nc\td\ne\tf\ng\th\n');
  });

  it('joins a cell’s paragraphs with spaces and turns tabs in cells into spaces', () => {
    const cell = `<w:tc>${p('商业')}${p('企业')}</w:tc><w:tc><w:p><w:r><w:t>x</w:t><w:tab/><w:t>y</w:t></w:r></w:p></w:tc>`;
    const r = readDocx(docxOf(tbl([[cell]])));
    expect(r.text).toBe('商业 企业\tx y\n');
  });

  it('reads a table whose cell holds many paragraphs as blocks (layout)', () => {
    const page = `<w:tc>${Array.from({ length: 8 }, (_, i) => p(`段${i + 1}`)).join('')}</w:tc>`;
    const r = readDocx(docxOf(tbl([[tc('左'), page]])));
    expect(r.text).toBe('左\n段1\n段2\n段3\n段4\n段5\n段6\n段7\n段8\n');
  });

  it('reads a table with a nested table as blocks (layout), not as one cell', () => {
    const inner = tbl([[tc('内1'), tc('内2')]]);
    const body = tbl([[`<w:tc>${p('外')}${inner}</w:tc>`, tc('右')]]);
    const r = readDocx(docxOf(body));
    expect(r.text).toBe('外\n内1\t内2\n右\n');
  });
});

describe('DOCX runs and paragraphs', () => {
  it('skips deleted and hidden text, keeps inserted text, maps tabs and breaks', () => {
    const body =
      '<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins>' +
      '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:tab/><w:t>A</w:t><w:br/><w:t>B&amp;&#x4E00;</w:t></w:r></w:p>' +
      '<w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom>' +
      '<w:sdt><w:sdtContent><w:p><w:r><w:t>控件</w:t></w:r></w:p></w:sdtContent></w:sdt>';
    const r = readDocx(docxOf(body));
    expect(r.text).toBe('保留插入\tA\nB&一\n控件\n');
  });

  it('reads text boxes after the paragraph that anchors them, once', () => {
    const box = `<w:txbxContent>${p('框内文字')}</w:txbxContent>`;
    const body = `<w:p><w:r><w:t>锚</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="x"><mc:Choice><w:drawing>${box}</w:drawing></mc:Choice><mc:Fallback><w:pict>${box}</w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>后</w:t></w:r></w:p>`;
    const r = readDocx(docxOf(body));
    expect(r.text).toBe('锚后\n框内文字\n');
  });

  it('keeps automatic numbering: 一、 （一） 1. lists, restarts deeper levels, and style numbering', () => {
    const num = (id: number): string => `<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${id}"/></w:numPr></w:pPr>`;
    const styles =
      '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style></w:styles>';
    const body = [
      p('总体情况', num(1)),
      p('主动公开', num(2)),
      p('依申请公开', num(2)),
      p('主动公开政府信息情况', '<w:pPr><w:pStyle w:val="H1b"/></w:pPr>'),
      p('第一项', num(3)),
      p('第二项', num(3)),
    ].join('');
    const r = readDocx(docxOf(body, { 'word/numbering.xml': NUMBERING_XML, 'word/styles.xml': styles }));
    expect(r.text).toBe('一、总体情况\n（一）主动公开\n（二）依申请公开\n二、主动公开政府信息情况\n1.第一项\n2.第二项\n');
  });

  it('a numbering part that cannot be inflated is said (R.docxPart), not lost in silence', () => {
    const body = p('总体情况', '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>');
    const good = docxOf(body, { 'word/numbering.xml': NUMBERING_XML });
    expect(readDocx(good).findings).toEqual([]);
    // Corrupt the deflate stream of word/numbering.xml: its first block type becomes the reserved 11.
    const bad = good.slice();
    const name = new TextEncoder().encode('word/numbering.xml');
    let at = -1;
    for (let i = 0; i + 4 < bad.length && at < 0; i++)
      if (bad[i] === 0x50 && bad[i + 1] === 0x4b && bad[i + 2] === 3 && bad[i + 3] === 4 && name.every((b, k) => bad[i + 30 + k] === b)) at = i;
    expect(at).toBeGreaterThanOrEqual(0);
    const view = new DataView(bad.buffer);
    expect(view.getUint16(at + 8, true)).toBe(8); // deflated
    bad[at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)] = 0x07;
    const r = readDocx(bad);
    expect(r.text).toBe('总体情况\n');
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'R.docxPart', message: expect.stringContaining('编号部分已损坏') })]);
  });

  it('formats counters in the common numbering formats', () => {
    expect([1, 10, 11, 20, 21, 105].map((n) => chineseCounting(n))).toEqual(['一', '十', '十一', '二十', '二十一', '一百零五']);
    expect(formatNumber(3, 'decimalEnclosedCircle')).toBe('③');
    expect(formatNumber(4, 'upperRoman')).toBe('IV');
    expect(formatNumber(2, 'lowerLetter')).toBe('b');
    expect(formatNumber(12, 'chineseLegalSimplified')).toBe('壹拾贰');
    expect(formatNumber(1, 'bullet')).toBe('');
  });

  it('reads a package with no styles, numbering or relationships (WPS-like minimal DOCX)', () => {
    const r = readDocx(docxOf(p('只有正文')));
    expect(r.format).toBe('docx');
    expect(r.text).toBe('只有正文\n');
    expect(r.findings).toEqual([]);
  });
});

describe('DOCX provenance', () => {
  it('maps a cell’s text to its offset in document text order and its paragraph number', () => {
    const body = p('标题') + tbl([[tc('行'), tc('123')]]) + p('尾');
    const r = readDocx(docxOf(body));
    expect(r.text).toBe('标题\n行\t123\n尾\n');
    const at = r.text.indexOf('123');
    // document text order: "标题\n" "行\n" "123\n" "尾\n" → 123 starts at 5, in paragraph 3
    expect(r.locate!(at, at + 3)).toEqual({ span: [5, 8], line: 3 });
    const tail = r.text.indexOf('尾');
    expect(r.locate!(tail, tail + 1)).toEqual({ span: [9, 10], line: 4 });
  });
});

describe('DOCX: the official 2021 template (../shared, read at test time)', () => {
  const tpl = join(shared, 'templates', 'template-2021.docx');
  it('reads every table of the empty template into rows of merged-aware cells', () => {
    expect(existsSync(tpl)).toBe(true);
    const r = readDocx(readFileSync(tpl));
    const lines = r.text.split('\n');
    // table 二: a 3-column row, the merged 3-wide value cell as one blank
    expect(lines).toContain(`规章\t${BLANK_CELL}\t${BLANK_CELL}\t${BLANK_CELL}`);
    expect(lines).toContain(`行政许可\t${BLANK_CELL}`);
    // table 三: the merged header emits its text once; rows under 三、 carry only their own labels
    expect(lines).toContain('自然人\t法人或其他组织\t总计');
    expect(lines).toContain(`2.重复申请${`\t${BLANK_CELL}`.repeat(7)}`);
    expect(lines).toContain(`三、本年度办理结果\t（一）予以公开${`\t${BLANK_CELL}`.repeat(7)}`);
    // table 四: 15 blank value cells in one row
    expect(lines).toContain(Array(15).fill(BLANK_CELL).join('\t'));
  });
});

describe('DOCX fixtures parse back exactly (test/fixtures/docx against test/fixtures/gold)', () => {
  const files = readdirSync(join(fixtures, 'docx')).filter((f) => f.endsWith('.docx'));
  it('has the committed fixtures: both templates and the hybrid', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    const golds = files.map((f) => JSON.parse(readFileSync(join(fixtures, 'gold', f.replace(/\.docx$/, '.json')), 'utf8')));
    expect(new Set(golds.map((g) => g.template))).toEqual(new Set(['2019', '2021']));
    expect(golds.some((g) => g.template === '2021' && 'other.subtotal' in g.t3)).toBe(true);
  });
  for (const f of files) {
    it(f, async () => {
      const gold = JSON.parse(readFileSync(join(fixtures, 'gold', f.replace(/\.docx$/, '.json')), 'utf8'));
      const report = await parseReport(readFileSync(join(fixtures, 'docx', f)), { path: f });
      expect(report.source.format).toBe('docx');
      expect(compareToGold(report, gold)).toEqual([]);
    });
  }

  it('keeps automatic heading numbers of the numbered fixture', () => {
    const bytes = readFileSync(join(fixtures, 'docx', 'docx-2021-numbered.docx'));
    // the numbers are not typed in the document …
    expect(strFromU8(unzipSync(bytes)['word/document.xml']!)).not.toContain('一、总体情况');
    // … but the reader emits them
    const r = readDocx(bytes);
    expect(r.text).toContain('\n一、总体情况\n（一）主动公开情况\n');
    expect(r.text).toContain('\n六、其他需要报告的事项\n1.本年度发出收费通知');
  });
});
