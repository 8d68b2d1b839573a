/**
 * The wording and date rules (R.*), on hand-written minimal reports parsed as text, and quiet on
 * clean generated reports. No real report text here.
 */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import type { Finding, Report } from '../../src/model/report.js';
import { checkReport } from '../../src/check/index.js';
import { agencyKind, cDeadline } from '../../src/check/rules/c-deadline.js';
import { isIdNumber, luhn, personalKind } from '../../src/check/rules/c-personal-info.js';
import { docNumbers, nearTitle } from '../../src/check/rules/c-sensitive-text.js';
import fc from 'fast-check';
import { signatureDate } from '../../src/check/rules/c-date-consistency.js';
import { LAYOUT_FAMILIES, renderReport } from '../../src/synth/render-text.js';
import { generateValues } from '../../src/synth/values.js';
import { makeReport, run } from './factory.js';

const FIVE =
  '（一）主动公开情况。全年主动公开政府信息100条。（二）依申请公开情况。本年共收到政府信息公开申请3件。' +
  '（三）政府信息管理情况。严格执行信息发布审核制度。（四）政府信息公开平台建设情况。依托门户网站发布信息。（五）监督保障情况。组织业务培训。';

interface Parts {
  year?: number;
  head?: string[];
  s1?: string;
  s5?: string;
  s6?: string;
  tail?: string[];
}
/** A minimal report: title, six headings with prose, no tables. */
function text(p: Parts = {}): string {
  const y = p.year ?? 2024;
  return [
    ...(p.head ?? []),
    `测试市测试局${y}年政府信息公开工作年度报告`,
    `本报告中所列数据的统计期限自${y}年1月1日起至${y}年12月31日止。`,
    '一、总体情况',
    p.s1 ?? FIVE,
    '二、主动公开政府信息情况',
    '见统计表。',
    '三、收到和处理政府信息公开申请情况',
    '见统计表。',
    '四、政府信息公开行政复议、行政诉讼情况',
    '无。',
    '五、存在的主要问题及改进情况',
    p.s5 ?? '一是公开内容不够全面；二是平台栏目有待优化。',
    '六、其他需要报告的事项',
    p.s6 ?? `${y}年本机关未收取信息处理费。`,
    ...(p.tail ?? []),
  ].join('\n');
}
const findings = (t: string, rule: string): Finding[] => parseTextReport(t, { path: 't.txt' }).findings.filter((f) => f.rule === rule);

describe('C.personalInfo', () => {
  it('knows ID numbers, mobiles and cards by their checks', () => {
    expect(isIdNumber('11010519491231002X')).toBe(true);
    expect(isIdNumber('110105194912310021')).toBe(false); // check digit
    expect(isIdNumber('110105194913310028')).toBe(false); // month 13
    expect(luhn('6222021234567890128')).toBe(true);
    expect(personalKind('6222021234567890128')).toBe('card');
    expect(personalKind('6222021234567890123')).toBe(null);
    expect(personalKind('13812345678')).toBe('mobile');
    expect(personalKind('12345678901')).toBe(null);
  });

  it('flags an unmasked mobile, ID and card in the prose, masked in the message, with section and span', () => {
    const t = text({ s1: `${FIVE}申请人（电话13812345678，身份证号11010519491231002X）申请公开。`, s5: '退费至银行卡6222 0212 3456 7890 128。' });
    const fs = findings(t, 'C.personalInfo');
    expect(fs.map((f) => f.actual)).toEqual(['138****5678', '110***********002X', '622************0128']);
    expect(fs[0]).toMatchObject({ severity: 'error', line: 4 });
    expect(fs[0]!.message).toBe('「一、总体情况」中有未脱敏的手机号码（138****5678），公开前应删除或打码');
    expect(fs[2]!.message).toContain('「五、存在的主要问题及改进情况」中有未脱敏的银行卡号');
    expect(t.slice(...fs[0]!.span!)).toBe('13812345678');
    expect(fs.some((f) => f.message.includes('13812345678'))).toBe(false);
  });

  it('is quiet on masked numbers, landlines, hotlines, URLs and table digits', () => {
    const t = text({
      s1: `${FIVE}申请人（电话138****5678）申请公开。咨询电话：0311-87654321，12345热线。`,
      s6: '详见http://www.example.gov.cn/a/13812345678.htm。第二十条第（一）项 13812345678',
    });
    expect(findings(t, 'C.personalInfo')).toEqual([]);
  });
});

describe('C.sensitiveText', () => {
  it('knows near misses of statute titles, not the short or full names', () => {
    expect(nearTitle('中华人民共和国信息公开条例')).toBe('中华人民共和国政府信息公开条例');
    expect(nearTitle('政府信息公开条列')).toBe('政府信息公开条例');
    expect(nearTitle('中华人民共和国政府信息公开条例')).toBe(null);
    expect(nearTitle('政府信息公开条例')).toBe(null);
    expect(nearTitle('信息公开条例')).toBe(null);
    expect(nearTitle('河北省政府信息公开规定')).toBe(null);
  });

  it('flags a document number with [] or （）, a misnamed statute and a typo, never correcting', () => {
    const t = text({ s1: `${FIVE}按照国办公开办函[2021]30号和国办发（2019）15号要求，落实《中华人民共和国信息公开条例》，加强政务工开。` });
    const fs = findings(t, 'C.sensitiveText');
    expect(fs.map((f) => [f.actual, f.expected])).toEqual([
      ['[2021]', '〔2021〕'],
      ['（2019）', '〔2019〕'],
      ['中华人民共和国信息公开条例', '中华人民共和国政府信息公开条例'],
      ['政务工开', '公开'],
    ]);
    expect(fs[0]!.message).toBe('「一、总体情况」中文件编号「国办公开办函[2021]30号」的年份应使用六角括号〔〕：「国办公开办函〔2021〕30号」');
    expect(t.slice(...fs[0]!.span!)).toBe('国办公开办函[2021]30号');
    expect(fs.every((f) => f.note === '只作提示，不自动更正')).toBe(true);
    expect(parseTextReport(t).title).not.toContain('〔');
  });

  it('is quiet on correct forms, short names, court case numbers and ordinary words', () => {
    const t = text({
      s1: `${FIVE}按照国办公开办函〔2021〕30号要求，落实《中华人民共和国政府信息公开条例》《条例》和信息公开条例，员工开展培训，逐条列出问题。`,
      s5: '（2023）冀01行初12号判决已生效。',
    });
    expect(findings(t, 'C.sensitiveText')).toEqual([]);
  });

  it('finds document numbers from the bracket back as the one pattern over the whole text did', () => {
    // The pattern the rule used before (issuer's code first): the same matches, in any text.
    const DOC_NO = /([\u4e00-\u9fa5]{2,12})\s*([[(（【［])\s*((?:19|20)\d{2})\s*([\])）】］])\s*(\d{1,4})\s*号/g;
    const alphabet = fc.constantFrom(
      ...'国办发函号文件和甲乙丙丁戊己庚辛 \n[]()（）【】［］〔〕2019203号'.split(''),
      '2020',
      '2019',
      '15',
      '国办公开办函',
      '甲乙丙丁戊己庚辛壬癸子丑寅',
      '[2021]1号',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const t = parts.join('');
        const want = [...t.matchAll(DOC_NO)].map((m) => [m.index, m.index + m[0].length, m[1], m[2], m[3], m[4], m[5]]);
        const got = [...docNumbers(t)].map((m) => [m.index, m.end, m.code, m.open, m.year, m.close, m.no]);
        expect(got).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('C.dateConsistency', () => {
  it('reads the signature date in figures or Chinese numerals', () => {
    expect(signatureDate('正文。\n测试市测试局\n2025年1月20日\n')?.date).toBe('2025-01-20');
    expect(signatureDate('正文。\n测试市测试局\n二〇二五年一月二十日')?.date).toBe('2025-01-20');
    expect(signatureDate('正文。\n测试市测试局二〇二四年十二月三十一日')?.date).toBe('2024-12-31');
    expect(signatureDate('正文。\n2025年1月20日会议召开了')).toBe(null);
  });

  it('is quiet when the dates fit', () => {
    expect(findings(text({ tail: ['测试市测试局', '2025年1月20日'] }), 'C.dateConsistency')).toEqual([]);
    expect(findings(text({ head: ['发布时间：2025-01-22'], tail: ['测试市测试局', '2025年1月20日'] }), 'C.dateConsistency')).toEqual([]);
  });

  it('warns on a signature in the year reported on, and after the page date', () => {
    const early = findings(text({ tail: ['测试市测试局', '2024年1月20日'] }), 'C.dateConsistency');
    expect(early).toHaveLength(1);
    expect(early[0]!.message).toContain('落款日期2024年1月20日早于2024年度结束');
    const late = findings(text({ head: ['发布时间：2025-01-10'], tail: ['测试市测试局', '二〇二五年一月二十日'] }), 'C.dateConsistency');
    expect(late.map((f) => f.message)).toEqual(['落款日期2025年1月20日晚于页面发布时间2025年1月10日，发布时间早于报告成文日期']);
  });

  it('warns when the 统计期限 sentence names another year', () => {
    const t = text().replace('统计期限自2024年1月1日起至2024年12月31日止', '统计期限自2023年1月1日起至2023年12月31日止');
    const fs = findings(t, 'C.dateConsistency');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ actual: 2023, expected: 2024, line: 2 });
    expect(fs[0]!.message).toBe('统计期限句写的是2023年，与报告年度2024年（取自标题）不一致');
  });
});

describe('C.deadline', () => {
  const withPub = (agency: string | null, date: string, from: 'header' | 'signature' = 'header'): Report => {
    const r = makeReport({ year: 2024 });
    r.agency = agency;
    r.publication = { date, dateFrom: from, url: null, signedBy: null };
    return r;
  };

  it('tells departments, governments and townships apart by name', () => {
    expect(agencyKind('测试市教育局')).toBe('department');
    expect(agencyKind('测试市人民政府办公室')).toBe('department');
    expect(agencyKind('测试县人民政府')).toBe('government');
    expect(agencyKind('测试镇人民政府')).toBe('township');
    expect(agencyKind('测试街道办事处')).toBe('township');
    expect(agencyKind('测试综合实验区管理委员会')).toBe(null);
    expect(agencyKind(null)).toBe(null);
  });

  it('is quiet on time and without a date', () => {
    expect(run(cDeadline, withPub('测试市教育局', '2025-01-31'))).toEqual([]);
    expect(run(cDeadline, withPub('测试县人民政府', '2025-03-31'))).toEqual([]);
    expect(run(cDeadline, withPub(null, '2025-03-01'))).toEqual([]);
    const r = makeReport();
    r.publication = { date: null, dateFrom: null, url: null, signedBy: null };
    expect(run(cDeadline, r)).toEqual([]);
  });

  it('warns after 31 Jan for a department, 31 Mar for a government, and says when the kind is unknown', () => {
    expect(run(cDeadline, withPub('测试市教育局', '2025-02-01'))[0]!.message).toBe(
      '报告页面发布时间为2025年2月1日，晚于条例第四十九条规定的2025年1月31日（部门报告）',
    );
    expect(run(cDeadline, withPub('测试县人民政府', '2025-04-01', 'signature'))[0]).toMatchObject({
      severity: 'warning',
      message: '报告落款日期为2025年4月1日，晚于条例第四十九条规定的2025年3月31日（人民政府本级报告）',
      expected: '2025-03-31 或以前',
    });
    expect(run(cDeadline, withPub(null, '2025-04-01'))[0]!.message).toContain('未能从报告确定单位类型（部门或人民政府），按较晚的人民政府报告期限');
  });
});

describe('C.overviewFiveAspects', () => {
  it('is quiet when section 一 covers the five aspects', () => {
    expect(findings(text(), 'C.overviewFiveAspects')).toEqual([]);
  });

  it('lists the missing aspects in one finding at the heading', () => {
    const fs = findings(text({ s1: '（一）主动公开情况。全年主动公开政府信息100条。（二）依申请公开情况。本年共收到申请3件。' }), 'C.overviewFiveAspects');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'warning', actual: '政府信息管理、政府信息公开平台建设、监督保障', line: 3 });
  });

  it('applies to the 2021 format only', () => {
    const r = parseTextReport(text({ s1: '全年主动公开政府信息100条。' }), { check: false });
    r.template = '2019';
    expect(checkReport(r, { only: ['C.overviewFiveAspects'] })).toEqual([]);
  });
});

describe('the R.* wording rules', () => {
  const IDS = ['C.personalInfo', 'C.sensitiveText', 'C.dateConsistency', 'C.deadline', 'C.overviewFiveAspects'];

  it('are quiet on clean generated reports of every layout', () => {
    for (let seed = 0; seed < 24; seed++) {
      const v = generateValues(seed);
      const t = renderReport(v, { family: LAYOUT_FAMILIES[seed % 4]!, seed, variants: seed % 3 === 0, kangxi: seed % 5 === 0 });
      const fs = parseTextReport(t, { path: `g${seed}` }).findings.filter((f) => IDS.includes(f.rule));
      expect(fs, `seed ${seed}: ${fs.map((f) => f.message).join('; ')}`).toEqual([]);
    }
  });

  it('reading the text, stay silent on a record checked without it', () => {
    const r = parseTextReport(text({ s1: `${FIVE}电话13812345678，国办发（2019）15号。` }), { check: false });
    expect(checkReport(r, { only: IDS.filter((id) => id !== 'C.deadline') })).toEqual([]);
  });
});
