/**
 * The summary DOCX (汇总报告): it opens (a zip with word/document.xml), its figures are the sums of
 * the tables given per scope (never across scopes; a lacking cell is 无法合计, not 0), each report's
 * row is its own cells, and the charts are real PNG images drawn on the server.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { summaryDocx, type SummaryReport } from '../../src/render/summary-docx.js';
import { t3Of, t4Of } from '../analyse/helpers.js';
import { docTexts, rowOf } from './docx-text.js';

describe('summary DOCX', () => {
  const a: SummaryReport = {
    id: 1,
    label: '青禾县财政局',
    region: '演示省/演示市/青禾县',
    year: 2024,
    scope: 'office',
    tables: {
      t2: null,
      t3: t3Of({ newReceived: [10, 2, 0, 0, 0, 1], granted: [5, 1, 0, 0, 0, 0], partial: [2, 0, 0, 0, 0, 0], total: [7, 1, 0, 0, 0, 0] }),
      t4: t4Of({ review: [1, 1, 0, 0] }),
    },
    previous: { t2: null, t3: t3Of({ newReceived: [4, 0, 0, 0, 0, 0] }), t4: t4Of({ review: [0, 1, 0, 0] }) },
  };
  const b: SummaryReport = {
    id: 2,
    label: '青禾县教育局',
    region: '演示省/演示市/青禾县',
    year: 2024,
    scope: 'office',
    tables: { t2: null, t3: t3Of({ newReceived: [20, 0, 0, 0, 0, 0], granted: [9, 0, 0, 0, 0, 0], total: [12, 0, 0, 0, 0, 0] }), t4: null },
  };
  const c: SummaryReport = {
    id: 3,
    label: '青禾县人民政府',
    region: '演示省/演示市/青禾县',
    year: 2024,
    scope: 'whole-area',
    tables: { t2: null, t3: t3Of({ newReceived: [300, 5, 0, 0, 0, 0] }), t4: t4Of({ review: [3, 0, 0, 0], litigationDirect: [1, 0, 0, 0] }) },
  };
  const unscoped: SummaryReport = { ...b, id: 4, label: '青禾县某中心', scope: null, tables: { ...b.tables, t3: t3Of({ newReceived: [7, 0, 0, 0, 0, 0] }) } };

  it('sums per scope, a lacking cell not summed, each report its own cells, three charts as PNG', async () => {
    const bytes = await summaryDocx({
      title: '演示省/演示市/青禾县 2024年度',
      year: 2024,
      madeAt: '2025-01-31T08:00:00.000Z',
      reports: [a, b, c, unscoped],
      coverage: { units: 6, submitted: 4, missing: ['青禾县民政局', '青禾县审计局'] },
    });
    const { xml, texts, media } = docTexts(bytes);
    expect(texts.join('')).toContain('演示省/演示市/青禾县 2024年度政府信息公开工作年度报告汇总');
    expect(texts.join('')).toContain('名单中6个单位，已报送4个，未报送2个：青禾县民政局、青禾县审计局');
    expect(texts.join('')).toContain('统计范围未判明1份（不参与合计）');
    // Key figures: 本机关 (a + b; the unscoped report is not added), 上年 (a's previous), 全域 (c alone).
    expect(rowOf(xml, '项目')).toEqual(['项目', '本机关合计（2份）', '上年同口径', '全域合计（1份）']);
    expect(rowOf(xml, '本年新收申请')).toEqual(['本年新收申请', '33', '4', '305']);
    expect(rowOf(xml, '予以公开')).toEqual(['予以公开', '15', '0', '0']);
    expect(rowOf(xml, '行政复议')).toEqual(['行政复议', '无法合计（1份缺该格）', '1', '3']);
    expect(rowOf(xml, '行政诉讼')).toEqual(['行政诉讼', '无法合计（1份缺该格）', '0', '1']);
    // One row per report, its own cells (新收, 结转, 予以公开, 部分公开, 不予公开, 复议, 诉讼); 公开率 = (6 + 2) / 8, 9 / 12.
    expect(rowOf(xml, '青禾县财政局')).toEqual(['青禾县财政局', '本机关', '13', '0', '6', '2', '0', '2', '0', '100.0%']);
    expect(rowOf(xml, '青禾县教育局')).toEqual(['青禾县教育局', '本机关', '20', '0', '9', '0', '0', '—', '—', '75.0%']);
    expect(rowOf(xml, '青禾县人民政府')).toEqual(['青禾县人民政府', '全域', '305', '0', '0', '0', '0', '3', '1', '—']);
    // Charts: three PNG images, drawn (more than one colour), referenced from the document.
    const pngs = Object.values(media);
    expect(pngs).toHaveLength(3);
    for (const png of pngs) {
      expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      const st = await sharp(Buffer.from(png)).stats();
      expect(st.isOpaque).toBe(true);
      expect(Math.min(...st.channels.map((ch) => ch.min))).toBeLessThan(200); // something dark is drawn on the white
    }
    expect((xml.match(/<pic:pic/g) ?? []).length).toBe(3);
    expect(texts.join('')).toContain('图3 与上年比较（1个有上年报告的单位）');
  });

  it('no scope known: listed, nothing summed, no outcome chart', async () => {
    const { xml, texts, media } = docTexts(await summaryDocx({ title: '所选 1 份报告', year: null, madeAt: '2025-01-31T08:00:00.000Z', reports: [unscoped] }));
    expect(texts.join('')).toContain('没有可合计的报告');
    expect(rowOf(xml, '青禾县某中心')).toEqual(['青禾县某中心', '未判明', '7', '0', '0', '0', '0', '—', '—', '—']);
    expect(Object.keys(media)).toHaveLength(1); // requests by unit only
  });
});
