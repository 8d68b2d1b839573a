/**
 * Tables published as pictures: web pages and Word files often carry the three tables as images
 * (a screenshot pasted in, a scan on the page). The text reader cannot read them; a reviewer is
 * told which picture stands where the table is missing, instead of only 未找到表三.
 */
import { describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/index.js';
import { SECTIONS } from '../../src/model/templates.js';
import { pictureName } from '../../src/read/html.js';
import { docxOf } from './zip-helpers.js';

const page = (body: string): Uint8Array =>
  new TextEncoder().encode(`<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`);

/** The statutory headings (一、总体情况 …), from the template's own list. */
const HEADINGS = SECTIONS.map((x) => `${x.no}、${x.label}`);

const tableMessages = (r: Report) => r.findings.filter((f) => f.rule === 'M.table').map((f) => f.message);

describe('a table published as a picture', () => {
  it('HTML: the missing table names the picture in its section; a section without one says only that the table is missing', async () => {
    const html = page(
      [
        '<h1>某县某局2023年政府信息公开工作年度报告</h1>',
        `<p>${HEADINGS[0]}</p><p>2023年，某县某局认真贯彻落实《中华人民共和国政府信息公开条例》。</p><p><img src="/images/logo.png" width="16" height="16"></p>`,
        `<p>${HEADINGS[1]}</p><p>（表格见下）</p>`,
        `<p>${HEADINGS[2]}</p><p><img src="/c100/202401/W020240115%E8%A1%A8%E4%B8%89.jpg?v=2"></p>`,
        `<p>${HEADINGS[3]}</p><div><img src="data:image/png;base64,iVBORw0KGgo=" alt="表四"><img src="/img/loading.gif" data-src="./t4b.png"></div>`,
        `<p>${HEADINGS[4]}</p><p>无。</p><p>${HEADINGS[5]}</p><p>无。</p>`,
      ].join(''),
    );
    const r = await parseReport(html, { path: 'page.html' });
    expect(r.sections.find((s) => s.key === 's1')?.pictures).toBeUndefined(); // a 16 px icon is no picture
    expect(r.sections.find((s) => s.key === 's3')?.pictures).toEqual(['W020240115表三.jpg']);
    expect(r.sections.find((s) => s.key === 's4')?.pictures).toEqual(['表四', 't4b.png']);
    const m = tableMessages(r);
    expect(m).toContain('未找到表二（「二、主动公开政府信息情况」部分的统计表）');
    expect(m).toContain(
      '未找到表三（「三、收到和处理政府信息公开申请情况」部分的统计表）：该部分有图片（W020240115表三.jpg），表格可能以图片形式发布，图片中的内容未读取',
    );
    expect(m.find((x) => x.startsWith('未找到表四'))).toContain('该部分有图片（表四、t4b.png）');
    expect(r.findings.find((f) => f.message.startsWith('未找到表三'))?.note).toMatch(/扫描件导入/);
  });

  it('a page of pictures only is unreadable, saying so', async () => {
    const r = await parseReport(page('<p><img src="a/p1.jpg"></p><p><img src="a/p2.jpg"></p><p><img src="a/p3.jpg"></p><p><img src="a/p4.jpg"></p>'), {
      path: 'p.html',
    });
    const fatal = r.findings.find((f) => f.fatal);
    expect(fatal?.message).toBe('网页中没有文字，只有 4 张图片（p1.jpg、p2.jpg、p3.jpg等）：报告以图片形式发布，未读取');
  });

  it('DOCX: a picture pasted where table 三 should be is named; a text box is not a picture', async () => {
    const para = (t: string) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`;
    const drawing = (name: string, cx: number) =>
      `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="${cx}" cy="3000000"/><wp:docPr id="1" name="${name}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;
    const textBox = `<w:p><w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="5000000" cy="3000000"/><wp:docPr id="2" name="文本框 2"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent>${para('说明文字')}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>`;
    const body = [
      para('某县某局2023年政府信息公开工作年度报告'),
      para(HEADINGS[0]!),
      para('2023年，某县某局认真贯彻落实《中华人民共和国政府信息公开条例》。'),
      drawing('徽标', 300_000),
      para(HEADINGS[1]!),
      textBox,
      para(HEADINGS[2]!),
      drawing('图片 3', 5_400_000),
      para(HEADINGS[3]!),
      para(HEADINGS[4]!),
      para('无。'),
      para(HEADINGS[5]!),
      para('无。'),
    ].join('');
    const r = await parseReport(docxOf(body), { path: 'r.docx' });
    expect(r.sections.map((s) => s.pictures ?? null)).toEqual([null, null, ['图片 3'], null, null, null]);
    const m = tableMessages(r);
    expect(m).toContain('未找到表三（「三、收到和处理政府信息公开申请情况」部分的统计表）：该部分有图片（图片 3），表格可能以图片形式发布，图片中的内容未读取');
    expect(m).toContain('未找到表二（「二、主动公开政府信息情况」部分的统计表）');
  });

  it('pictureName: the file name of its address, decoded; else its alt text', () => {
    expect(pictureName('http://x.gov.cn/a/b/W0202401.jpg?x=1#y', undefined)).toBe('W0202401.jpg');
    expect(pictureName('a\\b\\%E8%A1%A8.png', undefined)).toBe('表.png');
    expect(pictureName('bad%E8.png', undefined)).toBe('bad%E8.png');
    expect(pictureName('data:image/png;base64,AAAA', '表三')).toBe('表三');
    expect(pictureName('data:image/png;base64,AAAA', undefined)).toBe('内嵌图片');
    expect(pictureName(undefined, undefined)).toBe('图片');
  });
});
