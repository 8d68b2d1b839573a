/**
 * Row labels OCR misread (issue 8, point 3): matched to the template's labels through the
 * recogniser's look-alikes (卜 for 下, 己 for 已, 末 for 未, 入 for 人) and one other change in a long
 * label — only where the match is unique, flagged `P.ocrLabel` with the row's cells
 * `lowConfidence`; never for text input, never where two labels or two places fit as well.
 */
import { describe, expect, it } from 'vitest';
import { reportFromRead } from '../../src/index.js';
import { approxPlaces, budgetOf, lookalike, placedBudgetOf } from '../../src/parse/fuzzy.js';
import { findRows, type RowSpec } from '../../src/parse/rows.js';
import { buildStream, compactLabel } from '../../src/parse/stream.js';
import { readOf, report, t3Text, t3Values, T4_TEXT } from './helpers.js';

const parse = (text: string, ocr: boolean): ReturnType<typeof reportFromRead> =>
  reportFromRead(readOf(text, ocr), { path: ocr ? 'scan.pdf' : 'report.pdf', sha256: 'x', bytes: 1 });

/** Table 三 as OCR might read it: 下 as 卜, 未 as 末, 人 as 入, 已 as 己; table 四's 尚未审结 as 尚末审结. */
const misread = report({
  t3: t3Text('split-other')
    .replace('四、结转下年度继续办理', '四、结转卜年度继续办理')
    .replace('申请人逾期未按收费', '申请人逾期末按收费')
    .replace('申请人无正当理由', '申请入无正当理由')
    .replace('重新出具已获取信息', '重新出具己获取信息'),
  t4: T4_TEXT.replace('尚未审结', '尚末审结'),
});

describe('P.ocrLabel: row labels OCR misread', () => {
  it('the misread labels name their rows: read, flagged, and said', () => {
    const rep = parse(misread, true);
    // Both marks of the split （六） misread: still the 2021 table, not 2019's single 其他处理 row.
    expect(rep.layout.t3).toBe('split-other');
    const want = t3Values('split-other');
    for (const [row, vals] of Object.entries(want)) expect(Object.values(rep.tables.t3![row]!), row).toEqual(vals);
    expect(rep.findings.filter((f) => f.rule === 'M.row')).toEqual([]);
    const fuzzy = rep.findings.filter((f) => f.rule === 'P.ocrLabel');
    expect(fuzzy.map((f) => f.row).sort()).toEqual(['carriedForward', 'other.overdueCorrection', 'other.overdueFee']);
    const cf = fuzzy.find((f) => f.row === 'carriedForward')!;
    expect(cf.severity).toBe('warning');
    expect(cf.message).toContain('表三「结转下年度继续办理」行');
    expect(cf.message).toContain('「四、结转卜年度继续办理」');
    expect(cf.message).toContain('「卜」当为「下」');
    expect(fuzzy.find((f) => f.row === 'other.overdueFee')!.message).toContain('「末」当为「未」');
    // The row's values are as read, each flagged for the reviewer; rows found as written are not.
    const cells = rep.cells.filter((c) => c.table === 't3' && c.row === 'carriedForward');
    expect(cells).toHaveLength(7);
    for (const c of cells) expect(c.flags, c.col).toContain('lowConfidence');
    expect(rep.cells.filter((c) => c.table === 't3' && c.row === 'granted').some((c) => c.flags?.includes('lowConfidence'))).toBe(false);
    // 5.要求行政机关确认或重新出具 is a form of its own (the label as some reports print it): found as written.
    expect(fuzzy.some((f) => f.row === 'declined.confirm')).toBe(false);
    expect(rep.tables.t4!['review']!['pending']).toBe(1);
  });

  it("a label wrapped round its row's values is quoted without them", () => {
    // 量 on the line below the values, read as 二; and a list number misread inside its row (掌提).
    const text = report({
      t3: t3Text('split-other')
        .replace(/一、本年新收政府信息公开申请数量 ([\d ]+)\n/, '一、本年新收政府信息公开申请数 $1\n二\n')
        .replace('1.本机关不掌握相关政府信息', '1.本机关不掌提相关政府信息'),
      t4: T4_TEXT,
    });
    const rep = parse(text, true);
    const f = rep.findings.filter((x) => x.rule === 'P.ocrLabel');
    expect(f.find((x) => x.row === 'newReceived')?.message).toContain('识别为「一、本年新收政府信息公开申请数…二」（「二」当为「量」）');
    expect(f.find((x) => x.row === 'unable.notHeld')?.message).toContain('识别为「1.本机关不掌提相关政府信息」');
    expect(Object.values(rep.tables.t3!['newReceived']!)).toEqual(t3Values('split-other')['newReceived']);
  });

  it('the same text read as text is matched as written: the rows are missing, nothing is guessed', () => {
    const rep = parse(misread, false);
    expect(rep.findings.some((f) => f.rule === 'P.ocrLabel')).toBe(false);
    expect(rep.structure.t3.rows).not.toContain('carriedForward');
    expect(rep.findings.some((f) => f.rule === 'M.row')).toBe(true);
    expect(rep.cells.some((c) => c.flags?.includes('lowConfidence'))).toBe(false);
  });
});

describe('P.ocrLabel: section headings OCR misread', () => {
  // 情 read as 惰: the heading no longer holds 情况, nor its key phrase as written.
  const text = report({ t4: T4_TEXT.replace('行政诉讼情况', '行政诉讼惰况') });

  it('a numbered heading one character off its section’s phrase is the section’s, said', () => {
    const rep = parse(text, true);
    expect(rep.sections[3]!.heading).toBe('四、政府信息公开行政复议、行政诉讼惰况');
    const f = rep.findings.filter((x) => x.rule === 'P.ocrLabel');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('第四部分标题识别为「四、政府信息公开行政复议、行政诉讼惰况」（「惰」当为「情」）');
    expect(rep.findings.some((x) => x.rule === 'M.section')).toBe(false);
    expect(rep.tables.t4!['review']!['pending']).toBe(1);
  });

  it('read as text, the heading is not there', () => {
    const rep = parse(text, false);
    expect(rep.sections[3]!.heading).toBeNull();
    expect(rep.findings.some((x) => x.rule === 'P.ocrLabel')).toBe(false);
  });
});

describe('fuzzy label matching: only where unique', () => {
  const spec = (key: string, label: string): RowSpec => ({
    key,
    name: `「${label}」`,
    forms: [compactLabel(label)],
    slots: ['v'],
    columns: ['v'],
    colNames: { v: '数' },
    types: ['int'],
  });
  const find = (text: string, specs: RowSpec[], ocr = true): (string | null)[] => {
    const st = buildStream(text, { vocabulary: [] });
    if (ocr) st.ocrRead = () => true;
    return findRows(st, specs, { from: 0, to: st.text.length }).map((h) => (h ? st.labels.slice(h.from, h.to) : null));
  };
  const A = spec('a', '办理结果予以公开事项');
  const B = spec('b', '办理结果部分公开事项');

  it('a look-alike, or one other character in a long label, is matched', () => {
    expect(find('办理结果予以公开事顷 3\n', [A, B])).toEqual(['办理结果予以公开事顷', null]);
    expect(find('办理结果予以公开事宜 3\n', [A])).toEqual(['办理结果予以公开事宜']);
  });

  it('text as close to two labels matches neither', () => {
    // 予分: one character from 予以 and one from 部分.
    expect(find('办理结果予分公开事项 3\n', [A, B])).toEqual([null, null]);
  });

  it('a misreading found at two places matches neither', () => {
    const cf = spec('cf', '结转下年度继续办理');
    expect(find('结转卜年度继续办理 3\n结转卜年度继续办理 4\n', [cf])).toEqual([null]);
    expect(find('结转卜年度继续办理 3\n', [cf])).toEqual(['结转卜年度继续办理']);
  });

  it('the label written as it is elsewhere in the table: the misreading is not it', () => {
    const x = spec('x', '属于行政查询事项');
    const y = spec('y', '结转下年度继续办理');
    // y found as written first; x is searched after it: its own label before y is not taken again fuzzily.
    expect(find('属于行政查询事项 1\n结转下年度继续办理 2\n属于行政查洵事项 3\n', [y, x])).toEqual(['结转下年度继续办理', null]);
  });

  it('short labels only through a look-alike, the shortest never', () => {
    expect(find('行政许司 3\n', [spec('p', '行政许可')])).toEqual([null]);
    expect(find('尚末审结 3\n', [spec('q', '尚未审结')])).toEqual(['尚末审结']);
    expect(find('其它 3\n', [spec('r', '其他')])).toEqual([null]);
    expect(budgetOf(3)).toBe(0);
  });

  it('placed by the rows round it: a quarter of a label misread, between the rows found before and after', () => {
    // A photo of a serif page at 150 dpi: 予 lost, 申请 as 中调, 继续 as 维找 — two changes each, more
    // than budgetOf allows; the rows found round each leave it one place.
    const text = report({
      t3: t3Text('split-other')
        .replace('（一）予以公开', '（一）以公开')
        .replace('1.信访举报投诉类申请', '1.信访举报投诉类中调')
        .replace('四、结转下年度继续办理', '四、结转下年度维找办理'),
      t4: T4_TEXT,
    });
    const rep = parse(text, true);
    const want = t3Values('split-other');
    for (const [row, vals] of Object.entries(want)) expect(Object.values(rep.tables.t3![row]!), row).toEqual(vals);
    expect(rep.findings.filter((f) => f.rule === 'M.row')).toEqual([]);
    const placed = rep.findings.filter((f) => f.rule === 'P.ocrLabel');
    expect(placed.map((f) => f.row).sort()).toEqual(['carriedForward', 'declined.complaint', 'granted']);
    const cf = placed.find((f) => f.row === 'carriedForward')!;
    expect(cf.message).toContain('「四、结转下年度维找办理」');
    expect(cf.message).toContain('前后两行之间');
    for (const c of rep.cells.filter((x) => x.table === 't3' && x.row === 'granted')) expect(c.flags, c.col).toContain('lowConfidence');
    // Text input: never.
    expect(parse(text, false).findings.filter((f) => f.rule === 'P.ocrLabel')).toEqual([]);
  });

  it('placed, but not past what a quarter allows, nor where no row round it was found, nor for short labels', () => {
    const x = spec('x', '信访举报投诉类申请');
    const y = spec('y', '重复申请信息');
    const z = spec('z', '要求提供公开出版物');
    // three of nine misread: over a quarter
    expect(find('信访举报投诉类申请 1\n重复中调言息 2\n要求提供公开出版物 3\n', [x, y, z])).toEqual(['信访举报投诉类申请', null, '要求提供公开出版物']);
    // one row alone, nothing round it found
    expect(find('信访举报投诉类中调 1\n', [x])).toEqual([null]);
    expect(placedBudgetOf(4)).toBe(0);
    expect(placedBudgetOf(9)).toBe(4);
  });

  it('text input is never matched with differences', () => {
    expect(find('结转卜年度继续办理 3\n', [spec('cf', '结转下年度继续办理')], false)).toEqual([null]);
  });

  it('look-alikes and places', () => {
    expect(lookalike('卜', '下')).toBe(true);
    expect(lookalike('己', '已')).toBe(true);
    expect(lookalike('末', '未')).toBe(true);
    expect(lookalike('上', '下')).toBe(false);
    expect(lookalike('中', '申')).toBe(true);
    expect(approxPlaces('甲乙结转卜年度继续办理丙丁', '结转下年度继续办理', 2)).toEqual([{ at: 2, end: 11, cost: 1 }]);
  });
});
