/**
 * 汇总报告: a region's year (or chosen reports) as a DOCX ready to send up — the key figures
 * summed per scope (本机关 / 本级 / 全域 never added together: a whole-area report already holds its
 * departments), against the same units' previous year, with charts, and one row per report.
 *
 * Every figure is a cell of the stored tables (`t3:newReceived|total`…, derived rows as the sum
 * of their printed rows, src/analyse/cells.ts) or their sum; a sum over reports of which one
 * lacks the cell is not given (「无法合计」 and how many lack it), never counted as 0. The charts are
 * ECharts drawn on the server (SVG, ssr) and turned into PNG by sharp.
 */
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import * as echarts from 'echarts';
import sharp from 'sharp';
import { resolve, roundSum } from '../analyse/cells.js';
import { SCOPE_NAMES, type Scope } from '../analyse/scope.js';
import type { Report } from '../model/report.js';

export interface SummaryReport {
  id: number | string;
  label: string;
  region: string | null;
  year: number | null;
  /** What the report's figures cover; null when not known (the report is listed, not summed). */
  scope: Scope | null;
  tables: Report['tables'];
  /** The same unit's tables of the year before, when stored. */
  previous?: Report['tables'] | null;
}

export interface SummaryInput {
  /** 演示省/演示市/青禾县 2024年度, or 所选 12 份报告. */
  title: string;
  year: number | null;
  /** When it was made (ISO 8601). */
  madeAt: string;
  reports: SummaryReport[];
  /** Units on the list and how many reported (a region's year). */
  coverage?: { units: number; submitted: number; missing: string[] } | null;
}

/** A key figure: the sum of one or more cells. */
export interface Figure {
  id: string;
  name: string;
  refs: string[];
}

export const FIGURES: readonly Figure[] = [
  { id: 'newReceived', name: '本年新收申请', refs: ['t3:newReceived|total'] },
  { id: 'carriedOver', name: '上年结转申请', refs: ['t3:carriedOver|total'] },
  { id: 'granted', name: '予以公开', refs: ['t3:granted|total'] },
  { id: 'partial', name: '部分公开', refs: ['t3:partial|total'] },
  { id: 'denied', name: '不予公开', refs: ['t3:denied.subtotal|total'] },
  { id: 'unable', name: '无法提供', refs: ['t3:unable.subtotal|total'] },
  { id: 'declined', name: '不予处理', refs: ['t3:declined.subtotal|total'] },
  { id: 'other', name: '其他处理', refs: ['t3:other.subtotal|total'] },
  { id: 'total', name: '办理结果总计', refs: ['t3:total|total'] },
  { id: 'review', name: '行政复议', refs: ['t4:review|total'] },
  { id: 'litigation', name: '行政诉讼', refs: ['t4:litigationDirect|total', 't4:litigationAfterReview|total'] },
];
const OUTCOMES = ['granted', 'partial', 'denied', 'unable', 'declined', 'other'];
const SCOPES: Scope[] = ['whole-area', 'level-only', 'office'];

/** A figure of one report's tables; null when a cell is absent. */
export function figureOf(tables: Report['tables'], f: Figure): number | null {
  const vs = f.refs.map((ref) => resolve({ tables }, ref).value);
  return vs.every((v) => v !== null) ? roundSum(vs as number[]) : null;
}

/** A figure summed over tables: the value, or null with how many lack it. */
export function sumFigure(list: Report['tables'][], f: Figure): { value: number | null; lacking: number } {
  const vs = list.map((t) => figureOf(t, f));
  const lacking = vs.filter((v) => v === null).length;
  return { value: lacking ? null : roundSum(vs as number[]), lacking };
}

export interface ScopeGroup {
  scope: Scope;
  reports: SummaryReport[];
}

/** The reports of each scope (largest first); reports without a scope are not summed. */
export function scopeGroups(reports: SummaryReport[]): ScopeGroup[] {
  return SCOPES.map((scope) => ({ scope, reports: reports.filter((r) => r.scope === scope) }))
    .filter((g) => g.reports.length)
    .sort((a, b) => b.reports.length - a.reports.length);
}

const FONT = 'FangSong';
const CHART_FONT = 'Noto Sans CJK SC, Noto Serif CJK SC, WenQuanYi Micro Hei, sans-serif';

const text = (s: string, o: { bold?: boolean; size?: number } = {}): TextRun => new TextRun({ text: s, bold: o.bold ?? false, size: o.size ?? 24, font: FONT });
const para = (s: string, o: { bold?: boolean; size?: number; center?: boolean } = {}): Paragraph =>
  new Paragraph({ ...(o.center ? { alignment: AlignmentType.CENTER } : {}), children: [text(s, o)] });
const heading = (s: string): Paragraph =>
  new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: s, bold: true, size: 28, font: FONT })] });

function table(head: string[], rows: string[][]): Table {
  const w = Math.floor(100 / head.length);
  const row = (cells: string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map((c) => new TableCell({ width: { size: w, type: WidthType.PERCENTAGE }, children: [para(c, { bold, size: 20 })] })),
    });
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [row(head, true), ...rows.map((r) => row(r, false))] });
}

const shown = (s: { value: number | null; lacking: number }): string => (s.value === null ? `无法合计（${s.lacking}份缺该格）` : String(s.value));
const num = (v: number | null): string => (v === null ? '—' : String(v));
const pct = (a: number | null, b: number | null): string => (a === null || b === null || b === 0 ? '—' : `${((a / b) * 100).toFixed(1)}%`);

/** One ECharts option drawn on the server as PNG bytes (SVG by ECharts' ssr renderer, PNG by sharp). */
export async function chartPng(option: echarts.EChartsCoreOption, width: number, height: number): Promise<Uint8Array> {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: CHART_FONT }, ...option });
    const svg = chart.renderToSVGString();
    return new Uint8Array(await sharp(Buffer.from(svg), { density: 144 }).png().toBuffer());
  } finally {
    chart.dispose();
  }
}

const image = (data: Uint8Array, width: number, height: number): Paragraph =>
  new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data, transformation: { width, height } })] });

/** The charts of the summary: outcome mix, requests by unit, this year against last. */
async function charts(main: ScopeGroup | null, reports: SummaryReport[]): Promise<{ title: string; png: Uint8Array }[]> {
  const out: { title: string; png: Uint8Array }[] = [];
  if (main) {
    const data = OUTCOMES.map((id) => {
      const f = FIGURES.find((x) => x.id === id)!;
      return {
        name: f.name,
        value:
          sumFigure(
            main.reports.map((r) => r.tables),
            f,
          ).value ?? 0,
      };
    });
    out.push({
      title: `图1 办理结果构成（${SCOPE_NAMES[main.scope]}，${main.reports.length}份报告合计）`,
      png: await chartPng(
        {
          legend: { bottom: 0 },
          series: [{ type: 'pie', radius: ['35%', '65%'], label: { formatter: '{b}\n{c}件 {d}%' }, data }],
        },
        640,
        360,
      ),
    });
  }
  const newReceived = FIGURES[0]!;
  const top = reports
    .map((r) => ({ label: r.label, v: figureOf(r.tables, newReceived) }))
    .filter((x): x is { label: string; v: number } => x.v !== null)
    .sort((a, b) => b.v - a.v)
    .slice(0, 15)
    .reverse();
  if (top.length)
    out.push({
      title: `图2 本年新收申请最多的${top.length}个单位`,
      png: await chartPng(
        {
          grid: { left: 200, right: 40, top: 20, bottom: 30 },
          xAxis: { type: 'value' },
          yAxis: { type: 'category', data: top.map((x) => x.label), axisLabel: { width: 190, overflow: 'truncate' } },
          series: [{ type: 'bar', data: top.map((x) => x.v), label: { show: true, position: 'right' } }],
        },
        640,
        Math.max(200, 40 + top.length * 24),
      ),
    });
  if (main) {
    const withPrev = main.reports.filter((r) => r.previous);
    if (withPrev.length) {
      const ids = ['newReceived', 'granted', 'partial', 'denied', 'review', 'litigation'];
      const fs = ids.map((id) => FIGURES.find((f) => f.id === id)!);
      const now = fs.map(
        (f) =>
          sumFigure(
            withPrev.map((r) => r.tables),
            f,
          ).value ?? 0,
      );
      const before = fs.map(
        (f) =>
          sumFigure(
            withPrev.map((r) => r.previous!),
            f,
          ).value ?? 0,
      );
      out.push({
        title: `图3 与上年比较（${withPrev.length}个有上年报告的单位）`,
        png: await chartPng(
          {
            legend: { top: 0 },
            grid: { left: 50, right: 20, top: 40, bottom: 30 },
            xAxis: { type: 'category', data: fs.map((f) => f.name) },
            yAxis: { type: 'value' },
            series: [
              { name: '上年', type: 'bar', data: before, label: { show: true, position: 'top' } },
              { name: '本年', type: 'bar', data: now, label: { show: true, position: 'top' } },
            ],
          },
          640,
          340,
        ),
      });
    }
  }
  return out;
}

/** Build the DOCX bytes. */
export async function summaryDocx(input: SummaryInput): Promise<Uint8Array> {
  const groups = scopeGroups(input.reports);
  const main = groups[0] ?? null;
  const unscoped = input.reports.filter((r) => r.scope === null);
  const body: (Paragraph | Table)[] = [];
  body.push(para(`${input.title}政府信息公开工作年度报告汇总`, { bold: true, size: 36, center: true }));
  body.push(para(`生成时间：${input.madeAt.slice(0, 16).replace('T', ' ')}（nianbao，数据取自已入库报告的统计表）`, { size: 20, center: true }));

  body.push(heading('一、概况'));
  const parts = groups.map((g) => `${SCOPE_NAMES[g.scope]}${g.reports.length}份`);
  body.push(
    para(
      `共${input.reports.length}份报告${parts.length ? `，按统计范围：${parts.join('、')}` : ''}${unscoped.length ? `，统计范围未判明${unscoped.length}份（不参与合计）` : ''}。` +
        '不同统计范围的报告分别合计，不相加（全域报告已包含其下级部门的数字）。',
    ),
  );
  if (input.coverage) {
    const c = input.coverage;
    body.push(
      para(
        `名单中${c.units}个单位，已报送${c.submitted}个，未报送${c.units - c.submitted}个` +
          (c.missing.length ? `：${c.missing.slice(0, 30).join('、')}${c.missing.length > 30 ? `等${c.missing.length}个` : ''}` : '') +
          '。',
      ),
    );
  }

  body.push(heading('二、主要数据'));
  if (!groups.length) body.push(para('没有可合计的报告（统计范围均未判明）。'));
  else {
    const head = [
      '项目',
      ...groups.flatMap((g) => [`${SCOPE_NAMES[g.scope]}合计（${g.reports.length}份）`, ...(g.reports.some((r) => r.previous) ? ['上年同口径'] : [])]),
    ];
    const rows = FIGURES.map((f) => [
      f.name,
      ...groups.flatMap((g) => {
        const now = shown(
          sumFigure(
            g.reports.map((r) => r.tables),
            f,
          ),
        );
        const prev = g.reports.filter((r) => r.previous);
        return prev.length
          ? [
              now,
              shown(
                sumFigure(
                  prev.map((r) => r.previous!),
                  f,
                ),
              ),
            ]
          : [now];
      }),
    ]);
    body.push(table(head, rows));
    body.push(para('「上年同口径」：本年有报告且有上年报告的单位上年数字之和。', { size: 20 }));
  }

  const pics = await charts(main, input.reports);
  if (pics.length) {
    body.push(heading('三、图表'));
    for (const pic of pics) {
      const meta = await sharp(Buffer.from(pic.png)).metadata();
      const w = 560;
      body.push(image(pic.png, w, Math.round((w * (meta.height ?? 1)) / (meta.width ?? 1))));
      body.push(para(pic.title, { size: 20, center: true }));
    }
  }

  body.push(heading(`${pics.length ? '四' : '三'}、各单位数据`));
  const byId = (id: string) => FIGURES.find((f) => f.id === id)!;
  const cols = ['newReceived', 'carriedOver', 'granted', 'partial', 'denied', 'review', 'litigation'].map(byId);
  body.push(
    table(
      ['单位', '统计范围', ...cols.map((f) => f.name), '公开率'],
      input.reports.map((r) => [
        r.label,
        r.scope ? SCOPE_NAMES[r.scope] : '未判明',
        ...cols.map((f) => num(figureOf(r.tables, f))),
        pct(roundOrNull([figureOf(r.tables, byId('granted')), figureOf(r.tables, byId('partial'))]), figureOf(r.tables, byId('total'))),
      ]),
    ),
  );
  body.push(para('公开率 =（予以公开 + 部分公开）÷ 办理结果总计（公式 openRate）。「—」：报告缺该格，未按0计。', { size: 20 }));

  const doc = new Document({ creator: 'nianbao', title: `${input.title}汇总`, sections: [{ children: body }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const roundOrNull = (vs: (number | null)[]): number | null => (vs.every((v) => v !== null) ? roundSum(vs as number[]) : null);
