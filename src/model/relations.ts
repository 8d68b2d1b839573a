/**
 * The statutory relations between the cells of each table, from the template model. The parser
 * uses them to decide how digits that ran together split into cells, where the values of a row
 * with lost or blank cells belong, and which OCR reading of a number fits (one solver,
 * src/parse/solve.ts); a new template variant brings its relations with its rows and columns.
 *
 * A relation says sum(lhs) = sum(rhs), or sum(lhs) ≤ sum(rhs). Cells are `row|col` keys within
 * one table (table 四: `group|col`).
 */
import { T3_COLUMN_KEYS, T3_PART_COLUMNS, T4_COLUMNS, T4_GROUPS, TEMPLATES, t3OutcomeRows, t3RowName, type T3Shape, type TemplateId } from './templates.js';

export interface Relation {
  /** Stable id, e.g. `T3.rowSum:granted`, `T3.balance:total`. */
  id: string;
  /** The check rule that reports the same relation. */
  rule: string;
  op: '=' | '<=';
  lhs: string[];
  rhs: string[];
  /** Chinese, as a reviewer says it: 「（一）予以公开」行各申请人列之和等于总计. */
  name: string;
  /**
   * A hard relation holds by definition (a printed 勾稽关系, a sum); a soft one holds for real
   * reports but not by definition (2021 表二: 本年制发 ≤ 现行有效 + 本年废止; documents can expire).
   * Both pick among readings; only a hard one can derive a value.
   */
  hard: boolean;
}

export const cellId = (row: string, col: string): string => `${row}|${col}`;

const T3_COL_NAMES: Record<string, string> = {
  naturalPerson: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  publicWelfare: '社会公益组织',
  legalService: '法律服务机构',
  otherOrg: '其他',
  total: '总计',
};

const cache = new Map<string, Relation[]>();
function cached(key: string, make: () => Relation[]): Relation[] {
  let r = cache.get(key);
  if (!r) cache.set(key, (r = make()));
  return r;
}

/**
 * Table 三: each data row's six applicant columns add up to its 总计 (T3.rowSum); in every
 * column 本年新收 + 上年结转 = （七）总计 + 结转下年度 (T3.balance, the printed 勾稽关系); and
 * （七）总计 is the sum of the outcome rows (T3.outcomeSum). `columns`: the columns the table has.
 */
export function t3Relations(shape: T3Shape, columns: readonly string[] = T3_COLUMN_KEYS): Relation[] {
  return cached(`t3|${shape}|${columns.join(',')}`, () => {
    const out: Relation[] = [];
    const has = new Set(columns);
    const rows = [...t3OutcomeRows(shape), 'newReceived', 'carriedOver', 'total', 'carriedForward'];
    if (has.has('total') && T3_PART_COLUMNS.every((c) => has.has(c))) {
      for (const row of rows)
        out.push({
          id: `T3.rowSum:${row}`,
          rule: 'T3.rowSum',
          op: '=',
          lhs: T3_PART_COLUMNS.map((c) => cellId(row, c)),
          rhs: [cellId(row, 'total')],
          name: `「${t3RowName(row)}」行各申请人列之和等于总计`,
          hard: true,
        });
    }
    for (const col of columns) {
      const cn = T3_COL_NAMES[col] ?? col;
      out.push({
        id: `T3.balance:${col}`,
        rule: 'T3.balance',
        op: '=',
        lhs: [cellId('newReceived', col), cellId('carriedOver', col)],
        rhs: [cellId('total', col), cellId('carriedForward', col)],
        name: `「${cn}」列本年新收 + 上年结转 = 办理结果总计 + 结转下年度`,
        hard: true,
      });
      out.push({
        id: `T3.outcomeSum:${col}`,
        rule: 'T3.outcomeSum',
        op: '=',
        lhs: t3OutcomeRows(shape).map((r) => cellId(r, col)),
        rhs: [cellId('total', col)],
        name: `「${cn}」列各项办理结果之和等于（七）总计`,
        hard: true,
      });
    }
    return out;
  });
}

/** Table 四: in each group 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计 (T4.groupSum). */
export function t4Relations(): Relation[] {
  return cached('t4', () =>
    T4_GROUPS.map((g) => ({
      id: `T4.groupSum:${g.key}`,
      rule: 'T4.groupSum',
      op: '=' as const,
      lhs: T4_COLUMNS.slice(0, 4).map((c) => cellId(g.key, c.key)),
      rhs: [cellId(g.key, 'total')],
      name: `「${g.label}」各项结果之和等于总计`,
      hard: true,
    })),
  );
}

/**
 * Table 二: 2021 本年制发件数 ≤ 现行有效件数 + 本年废止件数 (T2.issuedVsInForce); 2019 本年新公开数量 ≤
 * 对外公开总数量 (T2.publishedVsTotal). Both soft.
 */
export function t2Relations(template: TemplateId): Relation[] {
  return cached(`t2|${template}`, () => {
    const out: Relation[] = [];
    for (const { row } of TEMPLATES[template].t2Rows.filter((x) => x.block.key === 'art20_1')) {
      if (template === '2021')
        out.push({
          id: `T2.issuedVsInForce:${row.key}`,
          rule: 'T2.issuedVsInForce',
          op: '<=',
          lhs: [cellId(row.key, 'issued')],
          rhs: [cellId(row.key, 'inForce'), cellId(row.key, 'repealed')],
          name: `「${row.label}」本年制发件数不超过现行有效件数与本年废止件数之和`,
          hard: false,
        });
      else
        out.push({
          id: `T2.publishedVsTotal:${row.key}`,
          rule: 'T2.publishedVsTotal',
          op: '<=',
          lhs: [cellId(row.key, 'newlyPublished')],
          rhs: [cellId(row.key, 'totalPublished')],
          name: `「${row.label}」本年新公开数量不超过对外公开总数量`,
          hard: false,
        });
    }
    return out;
  });
}
