/** Pages flattened by a crawler whose tables were pictures (our own texts, made-up agencies and figures). */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';

const filler = '坚持以公开为常态、不公开为例外，围绕中心工作做好信息发布、政策解读和回应关切，公开质量持续提升。';

/** One line: the six headings glued to their text, sections 二 to 四 empty where the tables were. */
const FLAT =
  `根据《中华人民共和国政府信息公开条例》规定，现将我局政务公开工作报告如下：一、总体情况（一）主动公开情况。${filler}全年公开信息312条。` +
  `（二）依申请公开情况。全年受理政府信息公开申请7件，均按时答复。${filler}` +
  '二、主动公开政府信息情况三、收到和处理政府信息公开申请情况四、政府信息公开行政复议、行政诉讼情况' +
  `2022年，我局政务公开工作仍存在不足，主要是政策解读形式不够丰富。${filler}` +
  `六、其他需要报告的事项本年度未收取信息处理费。某某省示例管理局2023年1月20日`;

describe('a flattened page with no table (the tables were pictures)', () => {
  it('finds its sections and reports the tables missing, not a non-report', () => {
    const r = parseTextReport(FLAT);
    expect(r.findings.some((f) => f.rule === 'P.notReport')).toBe(false);
    expect(r.sections.find((s) => s.key === 's1')?.heading).toBe('一、总体情况');
    expect(r.sections.find((s) => s.key === 's6')?.heading).toBe('六、其他需要报告的事项');
    expect(r.findings.filter((f) => f.rule === 'M.table')).toHaveLength(3);
    // No cell is read: nothing of the tables is in the text.
    expect(r.cells.every((c) => c.value === null)).toBe(true);
    expect(r.year).toBe(2022);
  });

  it('a long preface line that only lists the headings is not cut into headings', () => {
    const preface =
      '本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。';
    const r = parseTextReport(`某某县示例局2022年政府信息公开工作年度报告\n${preface}\n一、总体情况\n${filler}\n二、主动公开政府信息情况\n${filler}\n`);
    // The headings are the lines of their own, not the list inside the preface.
    expect(r.sections.find((s) => s.key === 's1')?.line).toBe(3);
    expect(r.sections.find((s) => s.key === 's2')?.line).toBe(5);
  });
});

describe('the 落款 of a crawled page', () => {
  const body = `一、总体情况（一）主动公开情况。${filler}（二）依申请公开情况。${filler}二、主动公开政府信息情况三、收到和处理政府信息公开申请情况四、政府信息公开行政复议、行政诉讼情况五、存在的主要问题及改进情况${filler}`;

  it('is read past the footer the crawler ran on after its date', () => {
    const r = parseTextReport(`${body}六、其他需要报告的事项本年度未收取信息处理费。某某省示例管理局2023年1月20日更多信息请关注官方微信“示例发布”`);
    expect(r.publication.signedBy).toBe('某某省示例管理局');
    expect(r.publication.date).toBe('2023-01-20');
  });

  it('is read after a section 六 that says only 无', () => {
    const r = parseTextReport(`${body}六、其他需要报告的事项无某某省示例管理局2023年1月20日更多信息请关注官方微信“示例发布”`);
    expect(r.publication.signedBy).toBe('某某省示例管理局');
    expect(r.agency).toBe('某某省示例管理局');
  });

  it('is read after the caption of a download link (报告下载：)', () => {
    const r = parseTextReport(`${body}六、其他需要报告的事项本年度未收取信息处理费。报告下载：某某省示例管理局2023年1月20日`);
    expect(r.publication.signedBy).toBe('某某省示例管理局');
  });

  it('an agency whose name begins with 无 keeps it', () => {
    const r = parseTextReport(`${body}六、其他需要报告的事项\n本年度未收取信息处理费。\n无为市示例管理局\n2023年1月20日`);
    expect(r.publication.signedBy).toBe('无为市示例管理局');
  });
});
