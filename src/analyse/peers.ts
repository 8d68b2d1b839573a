/**
 * Peers of one year side by side (a region's units): every indicator of each report with its
 * formula id and cells, the year-over-year indicators against the same unit's previous report,
 * and the rank of each ratio among the units that may be ranked (受理总量 ≥ MIN_RANK_REQUESTS;
 * a unit with fewer requests, or whose value cannot be computed, is not ranked and says why).
 * Ranks are highest first: a rank says where a value stands, not whether it is good (a high
 * 公开率 and a high 纠错率 both rank first).
 */
import type { Report } from '../model/report.js';
import { computeIndicator, INDICATORS, MIN_RANK_REQUESTS, type IndicatorValue } from './indicators.js';

export interface PeerItem<Id> {
  id: Id;
  label: string;
  report: Pick<Report, 'tables' | 'year'>;
  /** The same unit's report of the year before, when there is one. */
  previous?: { id: Id; report: Pick<Report, 'tables' | 'year'> } | null;
}

export interface PeerRow<Id> {
  id: Id;
  label: string;
  /** 受理总量 (新收 + 上年结转); null when a cell is absent. */
  requests: number | null;
  /** Ranked at all (受理总量 known and ≥ the minimum). */
  rankable: boolean;
  /** Why not ranked (样本偏小…), when not rankable. */
  reason: string | null;
  /** Every indicator but the year-over-year ones, in INDICATORS order. */
  values: IndicatorValue[];
  /** The year-over-year indicators against `previous` (noPrevious without one). */
  yearOverYear: IndicatorValue[];
  /**
   * Change of each of `values` from the previous report, same formula (formula id `Δ(<id>)`), in
   * the indicator's unit (percentage points for %); null without a previous report or when either is null.
   */
  changes: (number | null)[];
  previousId: Id | null;
  /** Rank per formula id (ratio and count indicators); null: not ranked, reason in `notRanked`. */
  ranks: Record<string, number | null>;
  /** Why a value is not ranked, per formula id (only for those not ranked). */
  notRanked: Record<string, string>;
}

export interface PeerTable<Id> {
  minRequests: number;
  /** The formula ids of `values` and of `yearOverYear`, in order. */
  ids: string[];
  yoyIds: string[];
  rows: PeerRow<Id>[];
}

const PLAIN = INDICATORS.filter((d) => d.kind !== 'yoy');
const YOY = INDICATORS.filter((d) => d.kind === 'yoy');

/** Indicators and ranks of peers (rows in the order given). */
export function peerTable<Id>(items: PeerItem<Id>[], opts: { min?: number; cells?: boolean } = {}): PeerTable<Id> {
  const min = opts.min ?? MIN_RANK_REQUESTS;
  // `cells: false`: values without their cells (the dashboard's table; a figure's cells are asked for on their own).
  const co = { cells: opts.cells };
  const requestsDef = INDICATORS.find((d) => d.id === 'requests')!;
  const rows: PeerRow<Id>[] = items.map((x) => {
    const requests = computeIndicator(requestsDef, x.report, null, co).value;
    const rankable = requests !== null && requests >= min;
    const values = PLAIN.map((d) => computeIndicator(d, x.report, null, co));
    return {
      id: x.id,
      label: x.label,
      requests,
      rankable,
      reason: rankable
        ? null
        : requests === null
          ? '受理总量无法确定（表三缺少单元格），不参与排名'
          : `样本偏小：受理总量${requests}件，少于${min}件，不参与排名`,
      values,
      changes: PLAIN.map((d, i) => {
        if (!x.previous) return null;
        const before = computeIndicator(d, x.previous.report, null, co).value;
        const now = values[i]!.value;
        return now !== null && before !== null ? Math.round((now - before) * 1e9) / 1e9 : null;
      }),
      yearOverYear: YOY.map((d) => computeIndicator(d, x.report, x.previous?.report ?? null, co)),
      previousId: x.previous?.id ?? null,
      ranks: {},
      notRanked: {},
    };
  });
  // Ranked from the values computed above (rankBy's rule: 受理总量 known and ≥ min, a value, highest
  // first, ties by name), not computed again per indicator: a province is thousands of rows.
  const collator = new Intl.Collator('zh');
  PLAIN.forEach((d, k) => {
    const ranked: { row: PeerRow<Id>; value: number }[] = [];
    for (const row of rows) {
      const v = row.values[k]!;
      const reason =
        row.requests === null
          ? '受理总量无法确定（表三缺少单元格），不参与排名'
          : row.requests < min
            ? `样本偏小：受理总量${row.requests}件，少于${min}件，不参与排名`
            : v.value === null
              ? v.reason === 'zeroDenominator'
                ? '分母为0，无法计算'
                : '所需单元格缺失，无法计算'
              : null;
      if (reason === null) ranked.push({ row, value: v.value! });
      else {
        row.ranks[d.id] = null;
        row.notRanked[d.id] = reason;
      }
    }
    ranked.sort((a, b) => b.value - a.value || collator.compare(a.row.label, b.row.label));
    ranked.forEach((x, i) => (x.row.ranks[d.id] = i > 0 && ranked[i - 1]!.value === x.value ? ranked[i - 1]!.row.ranks[d.id]! : i + 1));
  });
  return { minRequests: min, ids: PLAIN.map((d) => d.id), yoyIds: YOY.map((d) => d.id), rows };
}
