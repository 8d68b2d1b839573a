/** Agency and title of reports that carry no title line (our own texts). */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { report } from './helpers.js';

describe('agency from the end of an untitled report', () => {
  it('the report named as its attachment without a file extension (附件：…年度报告 ending the line)', () => {
    const text = report({ title: '' }) + '\n附件：某某市水利局2024年政府信息公开工作年度报告';
    const r = parseTextReport(text);
    expect(r.agency).toBe('某某市水利局');
    expect(r.title).toBe('某某市水利局2024年政府信息公开工作年度报告');
    expect(r.year).toBe(2024);
  });

  it('the 落款 glued after the last sentence of a flattened page (…为0元。某某市水利局2025年1月20日)', () => {
    const text = report({ title: '', s6: '本年度发出收费通知的件数为0件，总金额为0元，实际收取的总金额为0元。某某市水利局2025年1月20日' });
    const r = parseTextReport(text);
    expect(r.agency).toBe('某某市水利局');
    expect(r.publication.signedBy).toBe('某某市水利局');
  });

  it('a sentence that ends in a date is no 落款', () => {
    const text = report({ title: '', s6: '本年度未收取信息处理费。我局于2025年1月20日' });
    expect(parseTextReport(text).publication.signedBy ?? null).toBeNull();
  });
});

describe('title and agency from the file’s name, when the text gives neither', () => {
  // A report with no title line and no 落款: its agency is nowhere in the text.
  const text = report({ title: '' });

  it('a file named by its title: the title, the agency and the year, said in M.title', () => {
    const r = parseTextReport(text, { path: '/收件/某某县水利局2024年政府信息公开工作年度报告.txt' });
    expect(r.title).toBe('某某县水利局2024年政府信息公开工作年度报告');
    expect(r.agency).toBe('某某县水利局');
    const f = r.findings.find((x) => x.rule === 'M.title');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('取自文件名「某某县水利局2024年政府信息公开工作年度报告」');
  });

  it('a file named by its agency and year (某县某局-2024): the agency only', () => {
    const r = parseTextReport(text, { path: 'C:\\报告\\某某县水利局-2024.docx' });
    expect(r.agency).toBe('某某县水利局');
    expect(r.title).toBeNull();
    expect(r.findings.find((x) => x.rule === 'M.title')?.message).toContain('单位名称取自文件名「某某县水利局-2024」');
    for (const path of ['某某县水利局 2024.pdf', '某某县水利局2024.pdf', '某某县水利局（2024）.pdf'])
      expect(parseTextReport(text, { path }).agency, path).toBe('某某县水利局');
  });

  it('a title that names no agency: the agency from the name, said as such (not as a title not found)', () => {
    const r = parseTextReport(report({ title: '2024年政府信息公开工作年度报告' }), { path: '某某县水利局-2024.txt' });
    expect(r.title).toBe('2024年政府信息公开工作年度报告');
    expect(r.agency).toBe('某某县水利局');
    expect(r.findings.find((x) => x.rule === 'M.title')?.message).toBe('报告标题中没有单位名称；单位名称取自文件名「某某县水利局-2024」，请核对');
  });

  it('a name that names no agency (附件1, 2024年报, a hash) gives nothing; a titled report keeps its own', () => {
    for (const path of ['附件1.pdf', '2024年报.txt', '001_75fd27514a3859df.txt', '关于报送年度报告的通知.txt']) {
      const r = parseTextReport(text, { path });
      expect(r.agency, path).toBeNull();
      expect(r.findings.find((x) => x.rule === 'M.title')?.message ?? '', path).not.toContain('文件名');
    }
    const titled = parseTextReport(report({}), { path: '某某县财政局-2024.txt' });
    expect(titled.agency).not.toBe('某某县财政局');
    expect(titled.findings.some((x) => x.message.includes('文件名'))).toBe(false);
  });
});
