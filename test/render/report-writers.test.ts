/**
 * The report writers' layout: the DOCX tables merged as the official 2021 template merges them
 * (read from ../shared/templates/template-2021.docx at test time), the 2019 format's own rows, HTML
 * and Markdown markup with everything escaped, and results instead of exceptions.
 */
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateValues } from '../../src/synth/values.js';
import type { Report } from '../../src/model/report.js';
import { TEMPLATES } from '../../src/model/templates.js';
import { reportDocx } from '../../src/render/report-docx.js';
import { reportHtmlText } from '../../src/render/report-html.js';
import { cellText, layoutReport, numberText, T3_NOTE } from '../../src/render/report-layout.js';
import { MD_BLANK, reportMarkdownText } from '../../src/render/report-markdown.js';
import { renderReport, reportFileName, type ReportFormat } from '../../src/render/report.js';
import { recordFromValues } from './records.js';

const TEMPLATE = join(__dirname, '..', '..', '..', 'shared', 'templates', 'template-2021.docx');

interface TcShape {
  text: string;
  span: number;
  merge: 'restart' | 'continue' | null;
}

const textOf = (xml: string): string => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

/** Each table of a document.xml: its grid columns and, per row, each cell's text, gridSpan and vMerge. */
function tablesOf(docx: Uint8Array): { grid: number[]; rows: TcShape[][] }[] {
  const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map(([tbl]) => ({
    grid: [...tbl.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1])),
    rows: [...tbl.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map(([tr]) =>
      [...tr.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([tc]) => {
        const vm = /<w:vMerge(?: w:val="(\w+)")?\/>/.exec(tc);
        return {
          text: textOf(tc).replace(/[\s\u3000]+/g, ''),
          span: Number(/<w:gridSpan w:val="(\d+)"/.exec(tc)?.[1] ?? 1),
          merge: vm ? (vm[1] === 'restart' ? 'restart' : 'continue') : null,
        };
      }),
    ),
  }));
}

const record2021 = (): Report => recordFromValues(generateValues(5, { kind: '2021' }));
const record2019 = (): Report => recordFromValues(generateValues(6, { kind: '2019' }));

describe('DOCX in the statutory layout', () => {
  it('tables 二, 三 and 四 are merged cell for cell as in the official 2021 template, with its labels and grid', async () => {
    const template = tablesOf(new Uint8Array(readFileSync(TEMPLATE)));
    const out = await reportDocx(record2021());
    if (!out.ok) throw new Error(out.message);
    const ours = tablesOf(out.bytes);
    expect(ours).toHaveLength(3);
    expect(template).toHaveLength(3);
    for (let t = 0; t < 3; t++) {
      const [a, b] = [template[t]!, ours[t]!];
      expect(b.grid).toEqual(a.grid);
      expect(b.rows.map((r) => r.map((c) => [c.span, c.merge]))).toEqual(a.rows.map((r) => r.map((c) => [c.span, c.merge])));
      // Every label of the template, in its place; the template's value cells are empty, ours hold the values.
      a.rows.forEach((row, r) => row.forEach((c, k) => c.text && expect(b.rows[r]![k]!.text).toBe(c.text)));
    }
  });

  it('the 2019 format: five blocks of 第二十条 with its columns, （六）其他处理 as one row of table 三', async () => {
    const out = await reportDocx(record2019());
    if (!out.ok) throw new Error(out.message);
    const [t2, t3] = tablesOf(out.bytes);
    const titles = t2!.rows.filter((r) => r.length === 1 && r[0]!.span === 4).map((r) => r[0]!.text);
    expect(titles).toEqual(TEMPLATES['2019'].t2.map((b) => b.title));
    expect(t2!.rows.flat().map((c) => c.text)).toEqual(expect.arrayContaining(['本年新制作数量', '上一年项目数量', '本年增/减', '采购总金额', '政府集中采购']));
    const other = t3!.rows.find((r) => r.some((c) => c.text === '（六）其他处理'))!;
    expect(other.map((c) => [c.span, c.merge]).slice(0, 2)).toEqual([
      [1, 'continue'],
      [2, null],
    ]);
    expect(t3!.rows.flat().some((c) => c.text.startsWith('1.申请人无正当理由逾期不补正'))).toBe(false);
  });

  it('a blank cell is empty, never 0; a number too wide for its cell is set smaller, not wrapped', async () => {
    const r = record2021();
    r.tables.t3!['granted']!['commercial'] = null;
    r.tables.t3!['newReceived']!['total'] = 1234567;
    const out = await reportDocx(r);
    if (!out.ok) throw new Error(out.message);
    const t3 = tablesOf(out.bytes)[1]!;
    const granted = t3.rows.find((row) => row.some((c) => c.text === '（一）予以公开'))!;
    expect(granted.slice(-7)[1]!.text).toBe('');
    const xml = strFromU8(unzipSync(out.bytes)['word/document.xml']!);
    const big = /<w:sz w:val="(\d+)"\/><w:szCs w:val="\d+"\/><\/w:rPr><w:t[^>]*>1234567<\/w:t>/.exec(xml);
    expect(Number(big?.[1])).toBeLessThan(20);
  });
});

describe('HTML for a government website', () => {
  it('tables with border and rowspan/colspan headers, sections as headings and paragraphs', () => {
    const out = reportHtmlText(record2021());
    if (!out.ok) throw new Error(out.message);
    const { html } = out;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html.match(/<table border="1"/g)).toHaveLength(3);
    expect(html).toContain(`<td rowspan="3" colspan="3" class="label">${T3_NOTE}</td><td colspan="7">申请人情况</td>`);
    expect(html).toContain('<td colspan="5">法人或其他组织</td>');
    expect(html).toContain('<td colspan="5">行政复议</td><td colspan="10">行政诉讼</td>');
    expect(html).toContain('<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td>');
    expect(html).toContain('<h2>三、收到和处理政府信息公开申请情况</h2>');
    const fragment = reportHtmlText(record2021(), { fragment: true });
    expect(fragment.ok && fragment.html.startsWith('<article')).toBe(true);
  });

  it('everything is escaped: title, agency, section text, the 落款', () => {
    const r = record2021();
    r.title = '<script>alert(1)</script>某县&"局"2024年政府信息公开工作年度报告';
    r.publication = { date: null, dateFrom: null, url: null, signedBy: '<img src=x onerror=alert(1)>' };
    const out = reportHtmlText(r, { sections: { s1: ["<b>粗体</b> & '引号'"], s5: '</p><script>x</script>' } });
    if (!out.ok) throw new Error(out.message);
    expect(out.html).not.toMatch(/<script>|<img|<b>/);
    expect(out.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;某县&amp;&quot;局&quot;');
    expect(out.html).toContain('<p>&lt;b&gt;粗体&lt;/b&gt; &amp; &#39;引号&#39;</p>');
  });
});

describe('Markdown', () => {
  it('headings, paragraphs and one header row of full names per table; blanks as —', () => {
    const r = record2021();
    r.tables.t4!['review']!['other'] = null;
    const out = reportMarkdownText(r);
    if (!out.ok) throw new Error(out.message);
    const lines = out.markdown.split('\n');
    expect(lines[0]).toBe(r.title);
    expect(lines[1]).toMatch(/^=+$/);
    expect(lines[lines.indexOf('一、总体情况') + 1]).toMatch(/^-+$/);
    const t3Head = lines.find((l) => l.startsWith(`| ${T3_NOTE}`))!;
    expect(t3Head).toContain('| 申请人情况-自然人 | 申请人情况-法人或其他组织-商业企业 |');
    expect(lines).toContain(
      '| 三、本年度办理结果-（三）不予公开-1.属于国家秘密 | ' +
        ['naturalPerson', 'commercial', 'research', 'publicWelfare', 'legalService', 'otherOrg', 'total']
          .map((c) => cellText(r.tables.t3!['denied.stateSecret']![c]))
          .join(' | ') +
        ' |',
    );
    const t4Head = lines.find((l) => l.startsWith('| 行政复议-结果维持'))!;
    expect(t4Head.split('|').length - 2).toBe(15);
    expect(t4Head).toContain('| 未经复议直接起诉-结果维持 |');
    const t4Values = lines[lines.indexOf(t4Head) + 2]!.split('|')
      .slice(1, -1)
      .map((s) => s.trim());
    expect(t4Values[2]).toBe(MD_BLANK);
    expect(lines).toContain('**第二十条第（八）项**');
  });

  it('text that would be markup is escaped', () => {
    const out = reportMarkdownText(record2021(), { sections: { s5: ['# 不是标题 | *不是强调* [链接](x)', '1. 不是列表'] } });
    if (!out.ok) throw new Error(out.message);
    expect(out.markdown).toContain('\\# 不是标题 \\| \\*不是强调\\* \\[链接\\](x)');
    expect(out.markdown).toContain('1\\. 不是列表');
  });
});

describe('results, not exceptions', () => {
  it('a record without a template, or with a value that is not a number, is refused with the reason', async () => {
    const r = record2021();
    r.template = null;
    r.layout = { t2: null, t3: null };
    for (const f of ['docx', 'html', 'md', 'pdf'] as ReportFormat[]) {
      const out = await renderReport(r, f, { soffice: null });
      expect(out.ok ? null : out.message).toMatch(f === 'pdf' ? /LibreOffice|报告格式/ : /报告格式/);
    }
    const bad = record2021();
    bad.tables.t3!['granted']!['total'] = Number.NaN;
    const out = await renderReport(bad, 'html');
    expect(out).toEqual({ ok: false, message: expect.stringContaining('表三「granted」行「total」列的值不是数字') });
    expect(await renderReport(record2021(), 'rtf' as ReportFormat)).toMatchObject({ ok: false });
  });

  it('cells the layout has no place for, and a table with no data, are said in warnings; the table is printed blank', () => {
    const r = record2021();
    r.tables.t3!['denied.subtotal'] = { total: 3 };
    r.tables.t4 = null;
    const laid = layoutReport(r);
    if (!laid.ok) throw new Error(laid.message);
    expect(laid.layout.warnings).toEqual(['表三中1个单元格不在法定格式中，未输出：denied.subtotal.total', '表四在记录中没有数据，按空白表格输出']);
    const t4 = laid.layout.blocks.flatMap((b) => (b.kind === 'table' && b.table.id === 't4' ? b.table.rows : []));
    expect(t4.at(-1)!.map((c) => c.text)).toEqual(Array(15).fill(''));
  });

  it('numbers are written plainly: no exponent, a + on a positive change, blank for null', () => {
    expect(numberText(1e-7)).toBe('0.0000001');
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(-0)).toBe('0');
    expect(numberText(3, { type: 'signed-int' })).toBe('+3');
    expect(numberText(-8, { type: 'signed-int' })).toBe('-8');
    expect(cellText(null)).toBe('');
    expect(cellText(0)).toBe('0');
  });

  it('a file name from the title', () => {
    expect(reportFileName({ title: '某局2024年政府信息公开工作年度报告', agency: null, year: null }, 'docx')).toBe('某局2024年政府信息公开工作年度报告.docx');
    expect(reportFileName({ title: null, agency: 'a/b', year: 2024 }, 'pdf')).toBe('a_b2024年政府信息公开工作年度报告.pdf');
  });
});
