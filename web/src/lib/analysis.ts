/**
 * Figures of the compare and analyse pages as a reviewer reads them: an indicator's value with
 * its unit, or 「—」 with the reason (never 0 for absent); a change with its sign; links that
 * open a report at the cells a figure came from (`#/reports/12?cell=t3|granted|total`).
 */
import { ROUTES } from '../../../src/server/routes';
import { getJson, type IndicatorDefinition, type IndicatorValue } from './api';
import { cellKey, type CellRef, type TableId } from './cells';
import { href } from './router';

export const SCOPE_LABEL = { office: '本机关', 'level-only': '本级', 'whole-area': '全域' } as const;
export const SCOPE_BASIS_LABEL = { text: '报告中写明', agency: '按机关名称', unitList: '单位名录' } as const;
export const ROLLUP_STATUS_LABEL = { consistent: '一致', different: '不一致', uncertain: '无法确定', notApplicable: '不适用' } as const;
export const ROLLUP_STATUS_COLOR = { consistent: 'green', different: 'red', uncertain: 'orange', notApplicable: 'default' } as const;

/** Why an indicator has no value, in a few words. */
export function nullReasonText(v: Pick<IndicatorValue, 'reason' | 'missing'>): string {
  if (v.reason === 'zeroDenominator') return '分母为0';
  if (v.reason === 'noPrevious') return '无上年报告';
  const n = v.missing?.length ?? 0;
  return n ? `缺少${n}个单元格` : '无法计算';
}

/** 30.8%, 245件; 「—」 when null. */
export function indicatorText(def: Pick<IndicatorDefinition, 'unit'> | undefined, v: Pick<IndicatorValue, 'value'> | null | undefined): string {
  if (!v || v.value === null) return '—';
  return def?.unit === '%' ? `${v.value.toFixed(1)}%` : `${Math.round(v.value * 1e4) / 1e4}${def?.unit ?? ''}`;
}

const MINUS = '−';
const signed = (x: number, digits: number): string => {
  const r = Number(x.toFixed(digits));
  if (r === 0) return '0';
  return r > 0 ? `+${r.toFixed(digits)}` : `${MINUS}${Math.abs(r).toFixed(digits)}`;
};

/** A cell's change: +3, −2, 0, 「—」 when either side is absent. Decimals (万元) as they are. */
export function deltaText(d: number | null | undefined): string {
  if (d === null || d === undefined) return '—';
  const digits = Number.isInteger(d) ? 0 : Math.min(4, String(d).split('.')[1]?.length ?? 0);
  return signed(d, digits);
}

/** An indicator's change: +3.1个百分点 for a ratio, +12件 for a count, 「—」 when null. */
export function changeText(def: Pick<IndicatorDefinition, 'unit'> | undefined, d: number | null | undefined): string {
  if (d === null || d === undefined) return '—';
  return def?.unit === '%' ? `${signed(d, 1)}个百分点` : `${signed(d, 0)}${def?.unit ?? ''}`;
}

/** Up, down or nothing, for colouring a change. */
export const trend = (d: number | null | undefined): 'up' | 'down' | 'same' | 'none' =>
  d === null || d === undefined ? 'none' : Math.abs(d) < 1e-9 ? 'same' : d > 0 ? 'up' : 'down';

/** The cells of an indicator value that belong to one year's report (year-over-year values also hold last year's). */
export function cellsOfYear(v: Pick<IndicatorValue, 'cells'>, year: number | null): CellRef[] {
  const seen = new Set<string>();
  const out: CellRef[] = [];
  for (const c of v.cells) {
    if (c.year !== undefined && c.year !== null && year !== null && c.year !== year) continue;
    const ref = { table: c.table, row: c.row, col: c.col };
    if (!seen.has(cellKey(ref))) {
      seen.add(cellKey(ref));
      out.push(ref);
    }
  }
  return out;
}

/** The report page at these cells: #/reports/12?cell=t3|granted|total&cell=… */
export function reportAt(reportId: number, cells: readonly CellRef[] = []): string {
  const q = new URLSearchParams();
  for (const c of cells) q.append('cell', cellKey(c));
  return href(`/reports/${reportId}`, q);
}

/**
 * Open a report at the cells of one of its figures in a region's answer, which comes without
 * cells: they are asked for first (ROUTES.analysisFigure); without them, the report itself.
 */
export async function openFigure(reportId: number, id: string, year: number | null): Promise<void> {
  let cells: CellRef[] = [];
  try {
    cells = cellsOfYear(await getJson<IndicatorValue>(ROUTES.analysisFigure.path({ report: reportId, id })), year);
  } catch {
    // the report all the same
  }
  window.location.hash = reportAt(reportId, cells).slice(1);
}

/** The cells named in a report page's address (`cell=t3|granted|total`, repeated); malformed ones dropped. */
export function cellsFromParams(params: URLSearchParams): CellRef[] {
  const out: CellRef[] = [];
  for (const v of params.getAll('cell')) {
    const m = /^(t[234])\|([^|]+)\|([^|]+)$/.exec(v);
    if (m) out.push({ table: m[1] as TableId, row: m[2]!, col: m[3]! });
  }
  return out;
}

/** How a report is named in these pages: the unit on the list, else the agency, else the file. */
export const reportLabel = (s: { unitName: string | null; agency: string | null; agencyAlias: string | null; fileName: string }): string =>
  s.unitName ?? s.agency ?? s.agencyAlias ?? s.fileName;
