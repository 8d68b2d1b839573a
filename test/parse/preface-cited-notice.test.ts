/** An untitled report whose preface cites a notice about reports before naming its own (our own text). */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';

describe('the agency named in the preface, after a cited notice', () => {
  it('passes over the notice and takes the report the preface says is published', () => {
    const text = `一、总体情况
根据《某某市政务公开领导小组办公室关于做好2021年政府信息公开工作年度报告发布和报送工作的通知》要求，现向社会公开示例县青石乡2021年政府信息公开工作年度报告。本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。
（一）主动公开政府信息情况
2021年度，我乡累计主动公开政府信息18条。
二、主动公开政府信息情况
`;
    const r = parseTextReport(text);
    expect(r.agency).toBe('示例县青石乡');
    expect(r.year).toBe(2021);
  });

  it('a preface that names only the notice gives no agency', () => {
    const text = `一、总体情况
按照《某某市政务公开领导小组办公室关于做好2021年政府信息公开工作年度报告发布和报送工作的通知》要求，我乡认真做好信息公开工作。本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。
二、主动公开政府信息情况
`;
    expect(parseTextReport(text).agency).toBeNull();
  });
});
