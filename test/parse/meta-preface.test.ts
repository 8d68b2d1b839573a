/** The agency named only in a report's preface. Our own texts. */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { T2_2021, t3Text, T4_TEXT } from './helpers.js';

const body = (preface: string, overview = '本年度主动公开政府信息20条。'): string =>
  [preface, '一、总体情况', overview, T2_2021, t3Text('split-other'), T4_TEXT, '五、存在的主要问题及改进情况', '无。', '六、其他需要报告的事项', '无。'].join(
    '\n',
  );

describe('agency named in the preface, with no title', () => {
  it('现公布 / 特编制 X2023年政府信息公开工作年度报告 names X', () => {
    const a = parseTextReport(body('根据《中华人民共和国政府信息公开条例》要求，特编制某某市人民政府档案馆2023年政府信息公开工作年度报告。'));
    expect(a.agency).toBe('某某市人民政府档案馆');
    expect(a.year).toBe(2023);
    const b = parseTextReport(body('现向社会公布某某县林业局2022年度政府信息公开年度报告。'));
    expect(b.agency).toBe('某某县林业局');
  });

  it('X特编制2023年政府信息公开年度报告 names X', () => {
    const r = parseTextReport(body('根据条例的要求，某某市某某区东门街道特编制2023年政府信息公开年度报告。'));
    expect(r.agency).toBe('某某市某某区东门街道');
    expect(r.year).toBe(2023);
  });

  it('a notice about reports, or a short name, names no agency', () => {
    const a = parseTextReport(body('按照《某某市人民政府办公室关于做好2023年政府信息公开工作年度报告发布工作的通知》要求，现将本局工作报告如下。'));
    expect(a.agency).toBeNull();
    const b = parseTextReport(body('现公布区统计局2023年政府信息公开工作年度报告。'));
    expect(b.agency).toBeNull();
  });

  it('a page heading repeating the title just above the report title over two lines is no running header', () => {
    const r = parseTextReport(body('2023年政府信息公开工作年度报告\n某某县东山镇人民政府\n2023年政府信息公开工作年度报告'));
    expect(r.agency).toBe('某某县东山镇人民政府');
    expect(r.title).toBe('某某县东山镇人民政府2023年政府信息公开工作年度报告');
  });

  it('a title without its year still names the agency (the year then comes from the body)', () => {
    const r = parseTextReport(body('东风路街道办事处政府信息公开工作年度报告\n本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。'));
    expect(r.agency).toBe('东风路街道办事处');
    expect(r.year).toBe(2023);
  });

  it('a title with neither year nor agency names none', () => {
    const r = parseTextReport(body('政府信息公开工作年度报告\n本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。'));
    expect(r.agency).toBeNull();
  });
});

describe('a title rendered as a table cell', () => {
  it('a title line ending with a pipe (`X2023年度政府信息公开年报 |`) is still the title', () => {
    const r = parseTextReport(body('某某街2023年度政府信息公开年报 |'));
    expect(r.agency).toBe('某某街');
    expect(r.year).toBe(2023);
    expect(r.title).toBe('某某街2023年度政府信息公开年报');
  });

  it('breadcrumbs before the title are still dropped, with or without the closing pipe', () => {
    const r = parseTextReport(body('首页 > 政务公开 | 某某县水利局2023年政府信息公开工作年度报告 |'));
    expect(r.agency).toBe('某某县水利局');
  });
});

describe('names that are full without a province or city before them', () => {
  it('a town or street the preface says it publishes the report of (现公布某某镇2022年度…年度报告)', () => {
    const a = parseTextReport(body('根据条例，现向社会公布某某镇2022年度政府信息公开工作年度报告。'));
    expect(a.agency).toBe('某某镇');
    expect(a.year).toBe(2022);
    const b = parseTextReport(body('根据条例要求，现公布某某街道2023年度政府信息公开工作年度报告。'));
    expect(b.agency).toBe('某某街道');
  });

  it('a department or a word for "the whole town" is still no name', () => {
    expect(parseTextReport(body('现公布全镇2023年度政府信息公开工作年度报告。')).agency).toBeNull();
    expect(parseTextReport(body('现公布区统计局2023年政府信息公开工作年度报告。')).agency).toBeNull();
  });

  it('a central agency named as the subject of the opening sentence (国家某某管理局坚持…)', () => {
    const r = parseTextReport(body('根据条例有关规定，编制本报告。', '2023年，国家某某管理局坚持依法公开，深入推进政府信息公开工作。'));
    expect(r.agency).toBe('国家某某管理局');
  });
});

describe('a title run into the first sentence', () => {
  it('`X2024年政府信息公开工作年度报告根据《…》编制。` gives the title and its agency', () => {
    const r = parseTextReport(body('某某街道2024年政府信息公开工作年度报告根据《中华人民共和国政府信息公开条例》编制，本报告由6个部分组成。'));
    expect(r.agency).toBe('某某街道');
    expect(r.year).toBe(2024);
    expect(r.title).toBe('某某街道2024年政府信息公开工作年度报告');
  });

  it('a sentence that only mentions a report in its middle is no title', () => {
    const r = parseTextReport(body('按照要求，我们编制了某某街道2024年政府信息公开工作年度报告根据条例规定进行发布。'));
    expect(r.title).toBeNull();
  });
});

describe('the agency the preface says the report covers', () => {
  it('全文包括X信息公开总体情况 / 全文包括X2025年政府信息公开总体情况 names X (a full name)', () => {
    const a = parseTextReport(body('本年度报告根据条例制作。全文包括某某旗某某苏木人民政府信息公开总体情况，主动公开政府信息情况，其他需要报告的事项。'));
    expect(a.agency).toBe('某某旗某某苏木人民政府');
    const b = parseTextReport(body('全文包括某某旗某某苏木人民政府2025年政府信息公开总体情况，主动公开政府信息情况。'));
    expect(b.agency).toBe('某某旗某某苏木人民政府');
  });

  it('a short name or the parts of the report are no agency', () => {
    expect(parseTextReport(body('全文包括本机关政府信息公开总体情况，主动公开政府信息情况。')).agency).toBeNull();
    expect(parseTextReport(body('全文包括政府信息公开工作总体情况、主动公开政府信息情况。')).agency).toBeNull();
  });
});
