/** check: a record → findings, by running every rule. Pure: no I/O. */
import type { Finding, Report } from '../model/report.js';
import type { TableId } from '../model/templates.js';
import type { Rule, RuleContext } from './rule.js';
import type { SourceText } from './source.js';
import { RULES } from './rules/index.js';

export { RULES };
export type { Rule, RuleMeta, RuleContext } from './rule.js';
export { sourceText, type SourceText } from './source.js';

export interface CheckOptions {
  /** The same agency's previous-year report, for cross-year rules. */
  previous?: Report | null;
  /** Run only these rule ids. */
  only?: string[];
  /** The text the record was parsed from (see `sourceText`), for the rules that read the wording. */
  source?: SourceText | null;
}

type CellIndex = Map<string, Report['cells'][number]>;

/** Cells by table|row|col, built once per record (records are not mutated by rules). */
const indexes = new WeakMap<Report['cells'], CellIndex>();
function cellIndex(report: Report): CellIndex {
  let index = indexes.get(report.cells);
  if (!index) {
    index = new Map();
    for (const c of report.cells) index.set(`${c.table}|${c.row}|${c.col}`, c);
    indexes.set(report.cells, index);
  }
  return index;
}

export function runRule(rule: Rule, report: Report, previous: Report | null = null, source: SourceText | null = null): Finding[] {
  const out: Finding[] = [];
  // Rules look few cells up (to name a place): a scan is cheaper than building an index for
  // every record; the shared index is built only when a record gets many lookups.
  let lookups = 0;
  const lookup = (table: TableId, row: string, col: string): Report['cells'][number] | undefined => {
    if (++lookups > 16) return cellIndex(report).get(`${table}|${row}|${col}`);
    for (const c of report.cells) if (c.col === col && c.row === row && c.table === table) return c;
    return undefined;
  };
  const ctx: RuleContext = {
    record: report,
    previous,
    source,
    report(f) {
      out.push({ ...f, rule: rule.meta.id, severity: f.severity ?? rule.meta.severity });
    },
    cell: lookup,
    placeOf(table: TableId, row: string, col: string) {
      const c = lookup(table, row, col);
      return c && c.span ? { span: c.span, ...(c.line !== null ? { line: c.line } : {}) } : {};
    },
  };
  rule.check(ctx);
  return out;
}

/** Run every rule on a record. Returns the rule findings (the record's parse findings are not repeated). */
export function checkReport(report: Report, opts: CheckOptions = {}): Finding[] {
  const rules = opts.only ? RULES.filter((r) => opts.only!.includes(r.meta.id)) : RULES;
  return rules.flatMap((r) => {
    try {
      return runRule(r, report, opts.previous ?? null, opts.source ?? null);
    } catch (e) {
      // A rule that fails on an odd record must not take the others (or the parse) down with it:
      // the check it makes is reported as not done.
      return [
        {
          rule: r.meta.id,
          severity: 'warning' as const,
          message: `核查规则 ${r.meta.id} 运行出错，这一项未能核查，请人工核对`,
          note: String((e as Error)?.message ?? e).slice(0, 300),
        },
      ];
    }
  });
}
