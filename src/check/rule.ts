/**
 * A check rule, in the manner of an ESLint rule: `meta` says what it is, `check` looks at a
 * record and reports findings through the context. One module per rule under ./rules/.
 */
import type { Cell, Finding, Report, Severity } from '../model/report.js';
import type { TableId } from '../model/templates.js';
import type { SourceText } from './source.js';

/**
 * What a rule looks at. `arithmetic`: an equation or inequality between cells of one table;
 * `domain`: the value range of single cells; `structure`: tables, rows, columns found;
 * `template`: which statutory format was used; `section`: required parts and facts present;
 * `narrative`: prose facts against each other or against a table; `crossSection`: one table
 * against another part of the same report; `crossYear`: against the previous year's report;
 * `text`: the wording and dates of the report as printed, read from its source text (silent when
 * the check is given no text).
 */
export type RuleType = 'arithmetic' | 'domain' | 'structure' | 'template' | 'narrative' | 'section' | 'crossSection' | 'crossYear' | 'text';

export interface RuleMeta {
  /** Id as in the spec, e.g. `T3.balance`. */
  id: string;
  /** Default severity of its findings. */
  severity: Severity;
  type: RuleType;
  docs: {
    /** One sentence in Chinese: what the rule checks. */
    description: string;
    /** The same in English, for docs/rules.md. */
    en: string;
    /** Where the rule comes from (spec section, statute). */
    source: string;
  };
}

export interface ReportInput extends Omit<Finding, 'rule' | 'severity'> {
  severity?: Severity;
}

export interface RuleContext {
  /** The record under check. */
  record: Report;
  /** The same agency's report of the previous year, when known (cross-year rules). */
  previous: Report | null;
  /**
   * The text the record was parsed from, with its sections, when the caller has it (parseReport
   * does; a record re-checked on its own has none). Rules of type `text` need it.
   */
  source: SourceText | null;
  /** Report a finding; rule id and default severity are filled in. */
  report(f: ReportInput): void;
  /** The cell record for a table cell, if the parser produced one. */
  cell(table: TableId, row: string, col: string): Cell | undefined;
  /** Span and line of a cell, for a finding (empty when unknown). */
  placeOf(table: TableId, row: string, col: string): { span?: [number, number]; line?: number };
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
