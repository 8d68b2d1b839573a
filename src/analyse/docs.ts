/**
 * The indicator table of docs/indicators.md, generated from the dictionary so the docs cannot
 * drift from the code (test/analyse/docs.test.ts compares the two).
 */
import type { IndicatorDef, Expr } from './indicators.js';

export const INDICATORS_BEGIN = '<!-- indicators-table:begin (generated from src/analyse/indicators.ts; see test/analyse/docs.test.ts) -->';
export const INDICATORS_END = '<!-- indicators-table:end -->';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const refs = (e: Expr | undefined): string =>
  e ? [...e.plus.map((r) => `\`${r}\``), ...(e.minus ?? []).map((r) => `− \`${r}\``)].join(' + ').replace(/\+ −/g, '−') : '—';
const KIND = { ratio: '比率', count: '计数', yoy: '同比' } as const;

/** One Markdown row per indicator, in dictionary order. */
export function renderIndicatorsTable(defs: readonly IndicatorDef[]): string {
  const head = [
    '| id（公式编号） | 名称 | 口径（分母） | 类型 | 公式 | 分子单元格 | 分母单元格 | 单位 | 依据与说明 | 来源 |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = defs.map(
    (d) =>
      `| \`${d.id}\` | ${cell(d.name)} | ${cell(d.variant)} | ${KIND[d.kind]} | ${cell(d.formula)} | ${cell(refs(d.numerator))} | ${cell(d.kind === 'yoy' ? '上年同一单元格' : refs(d.denominator))} | ${d.unit} | ${cell(d.note)} | ${cell(d.source)} |`,
  );
  return [...head, ...rows].join('\n');
}

/** `doc` with the generated block replaced by the current table (unchanged when up to date). */
export function updateIndicatorsDoc(doc: string, defs: readonly IndicatorDef[]): string {
  const a = doc.indexOf(INDICATORS_BEGIN);
  const b = doc.indexOf(INDICATORS_END);
  if (a < 0 || b < a) throw new Error('docs/indicators.md: generated-table markers not found');
  return `${doc.slice(0, a + INDICATORS_BEGIN.length)}\n${renderIndicatorsTable(defs)}\n${doc.slice(b)}`;
}
