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
