import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { findAlias } from '../../src/parse/meta.js';
import { report } from './helpers.js';

describe('narrative facts', () => {
  it('reads requests received from section 一 with its place', () => {
    const text = report();
    const r = parseTextReport(text);
    expect(r.narrative.requestsReceived).toBe(5);
    const p = r.narrative.places['requestsReceived']!;
    expect(text.slice(p.span[0], p.span[1])).toBe('5');
  });

  it('reads the three 信息处理费 facts of section 六 (full compliance)', () => {
    const r = parseTextReport(
      report({ s6: '根据《政府信息公开信息处理费管理办法》，本年度发出收费通知的件数为2件，总金额为300元，实际收取的总金额为100元。' }),
    );
    expect(r.narrative.infoFee).toEqual({ noticeCount: 2, noticeAmount: 300, collectedAmount: 100, compliance: 'full' });
  });

  it('a bare 未收取 is partial: collected 0, the rest unknown (null, not 0)', () => {
    const r = parseTextReport(report({ s6: '本机关2024年未收取信息处理费。' }));
    expect(r.narrative.infoFee).toEqual({ noticeCount: null, noticeAmount: null, collectedAmount: 0, compliance: 'partial' });
  });

  it('未向申请人收取 (the payer named between 未 and 收取) is the same fact; a 收取 of something else is not', () => {
    const r = parseTextReport(report({ s6: '认真贯彻执行《政府信息公开信息处理费管理办法》，2023年未向申请人收取政府信息公开信息处理费。' }));
    expect(r.narrative.infoFee).toEqual({ noticeCount: null, noticeAmount: null, collectedAmount: 0, compliance: 'partial' });
    const other = parseTextReport(report({ s6: '本机关按规定向申请人发放材料，未收到复议申请。' }));
    expect(other.narrative.infoFee.collectedAmount).toBeNull();
  });

  it('converts 万元 to 元 only when written', () => {
    const r = parseTextReport(report({ s6: '发出收费通知1件，总金额为0.05万元，实际收取的总金额为0.05万元。' }));
    expect(r.narrative.infoFee).toMatchObject({ noticeCount: 1, noticeAmount: 500, collectedAmount: 500 });
  });

  it('section 六 with nothing to report: all facts absent', () => {
    const r = parseTextReport(report({ s6: '无其他需要报告的事项。' }));
    expect(r.narrative.infoFee.compliance).toBe('absent');
    expect(r.narrative.infoFee.collectedAmount).toBeNull();
  });

  it('finds the short name the body uses when the title names no agency', () => {
    expect(findAlias('1、强化组织领导。区国动办高度重视政务公开工作，我办配备1名人员。')).toBe('区国动办');
    expect(findAlias('我局高度重视。本办认真落实。')).toBeNull();
    const r = parseTextReport(report({ title: '2024年政府信息公开工作年度报告' }).replace('本年度我局认真落实', '县档案馆认真落实'));
    expect(r.agency).toBeNull();
    expect(r.agencyAlias).toBe('县档案馆');
  });
});

describe('review and litigation statement', () => {
  it('is set only by a statement covering both', () => {
    const both = parseTextReport(report().replace('均已按时答复。', '均已按时答复。全年未发生政府信息公开行政复议和行政诉讼案件。'));
    expect(both.narrative.noReviewOrLitigation).toBe(true);
    const one = parseTextReport(report().replace('均已按时答复。', '均已按时答复。全年未发生行政复议案件。'));
    expect(one.narrative.noReviewOrLitigation).toBe(false);
  });
});

describe('prose wrapped across lines', () => {
  it('reads fee facts whose words or numbers are broken by a line end', () => {
    const r = parseTextReport(report({ s6: '本年度发出收\n费通知的件数为2件，总金\n额为300元，实\n际收取的总金额为100元。' }));
    expect(r.narrative.infoFee).toEqual({ noticeCount: 2, noticeAmount: 300, collectedAmount: 100, compliance: 'full' });
  });
  it('does not take the tail 0元 of 100元 for "nothing collected"', () => {
    const r = parseTextReport(report({ s6: '本年度收取信息处理费100元。' }));
    expect(r.narrative.infoFee.collectedAmount).not.toBe(0);
  });
  it('reads 未收\\n取 as not collected', () => {
    const r = parseTextReport(report({ s6: '本年度未收\n取信息处理费。' }));
    expect(r.narrative.infoFee.collectedAmount).toBe(0);
  });
});
