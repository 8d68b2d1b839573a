/**
 * The HTTP API contract between the server (src/server) and the web app (web/): zod schemas
 * for every response body. The server validates what it sends in tests; the web app imports
 * the types. OpenAPI (served at /api/docs) is generated from these.
 *
 *   GET  /healthz                               → Health
 *   POST /api/reports            multipart, field `file` (many)          → UploadResult
 *   GET  /api/reports?year=&q=&region=&status=&rule=&sort=&order=&page=&pageSize=  → ReportList
 *   GET  /api/reports/:id                       → ReportDetail
 *   GET  /api/reports/:id/source                → the original bytes (Content-Type by format; ?download=1 for attachment)
 *   GET  /api/reports/:id/pages/:n          → PDF page image (404 when not a PDF)
 *   GET  /api/reports/:id/problems.docx         → 问题清单 (DOCX) to send back to the unit
 *   PUT  /api/reports/:id/findings/:key/decision  body DecisionInput → Decision
 *   GET  /api/units?q=                          → UnitList
 *   POST /api/units/import        multipart, field `file` (CSV or XLSX: 名称,地区,层级,上级,别名) → UnitImportResult
 *   GET  /api/units/review                      → ReviewQueue (reports whose unit is unmatched or ambiguous)
 *   PUT  /api/reports/:id/unit    body {unitId, confirm} → ReportSummary (409 UnitConflict when it would supersede and !confirm)
 *   PUT  /api/reports/:id/cells/:table/:row/:col/review  body {value, reviewer} → CellReview  (DELETE: withdraw it)
 *   PUT  /api/reports/:id/review  body {reviewed, note} → ReportSummary
 *   POST /api/reports/bulk        body BulkInput (decide | recheck | assign | review) → BulkResult
 *   GET  /api/regions                           → RegionList (regions of reports and units, with report counts)
 *   GET  /api/coverage?years=2023,2024&region=  → Coverage
 *   GET  /api/export.xlsx | /api/export.csv  (filters as the list) → all tables, one row per report per table row
 *   GET  /api/rules                             → RuleList
 *   GET  /api/docs                              → OpenAPI 3.1 document (JSON)
 */
import { z } from 'zod';
import { findingSchema, reportSchema } from '../model/schema.js';
import type * as store from '../store/types.js';

export const reportStatus = z
  .enum(['ok', 'errors', 'unreadable'])
  .describe('ok: parsed, no error finding; errors: parsed with error findings; unreadable: not a readable report');

export const reportSummary = z.object({
  id: z.number().int(),
  sha256: z.string(),
  fileName: z.string(),
  format: z.enum(['text', 'html', 'docx', 'pdf', 'image', 'unknown']),
  bytes: z.number().int(),
  agency: z.string().nullable().describe('as the report names itself'),
  agencyAlias: z.string().nullable(),
  unitId: z.number().int().nullable().describe('matched unit, null when unmatched'),
  unitName: z.string().nullable(),
  region: z.string().nullable().describe('省/市/县 path, e.g. 河南省/洛阳市/涧西区'),
  year: z.number().int().nullable(),
  template: z.enum(['2019', '2021']).nullable(),
  status: reportStatus,
  errors: z.number().int().describe('open error findings (dismissed ones are not counted)'),
  warnings: z.number().int().describe('open warnings'),
  infos: z.number().int(),
  createdAt: z.string().describe('ISO 8601'),
  supersededBy: z.number().int().nullable().describe('a newer file for the same unit and year replaced this one'),
  reviewedAt: z.string().nullable().describe('when a reviewer marked it 已审核 (ISO 8601); null: not yet reviewed'),
  reviewNote: z.string().nullable(),
});
export type ReportSummary = z.infer<typeof reportSummary>;

export const reportList = z.object({
  total: z.number().int().describe('matches counted: all of them, or 1,000 (or up to the end of the page asked) when totalCapped'),
  totalCapped: z.boolean().describe('true: more reports match than total (shown as 「1,000+」, 「200+」 for a search by words); the count stops there'),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(reportSummary),
});

export const decision = z.object({
  key: z.string().describe('stable finding key: rule|table|row|col|n — survives re-parsing'),
  decision: z.enum(['confirmed', 'dismissed']),
  comment: z.string(),
  updatedAt: z.string(),
});
export const decisionInput = z.object({ decision: z.enum(['confirmed', 'dismissed']), comment: z.string().max(2000).default('') });

export const storedFinding = findingSchema.extend({ key: z.string(), decision: decision.nullable() });

export const cellReview = z.object({
  table: z.enum(['t2', 't3', 't4']),
  row: z.string(),
  col: z.string(),
  value: z.number().nullable().describe("the reviewer's value, as on the original page (null: blank there)"),
  readValue: z.number().nullable().describe('what nianbao read when the reviewer confirmed (the record keeps it unchanged)'),
  reviewer: z.string(),
  updatedAt: z.string(),
});
export const cellReviewInput = z.object({ value: z.number().finite().nullable(), reviewer: z.string().trim().min(1).max(64) });

export const reportDetail = z.object({
  summary: reportSummary,
  record: reportSchema,
  findings: z.array(storedFinding),
  history: z.array(reportSummary).describe('other versions for the same unit and year, newest first'),
  sourceText: z.string().nullable().describe('the text the spans refer to (text/HTML/DOCX); null for PDF (use pages)'),
  pages: z.number().int().nullable(),
  cellReviews: z.array(cellReview).describe("cells a reviewer confirmed against the original (who, when, the value), beside the record's own reading"),
});

export const uploadResult = z.object({
  results: z.array(
    z.object({
      fileName: z.string(),
      id: z.number().int().nullable(),
      outcome: z.enum(['new', 'duplicate', 'superseded', 'rejected', 'queued']).describe('queued: kept and waiting for a worker (PostgreSQL)'),
      status: reportStatus.nullable(),
      agency: z.string().nullable(),
      year: z.number().int().nullable(),
      errors: z.number().int(),
      warnings: z.number().int(),
      message: z.string().nullable().describe('Chinese, why rejected or unreadable'),
    }),
  ),
});

export const unit = z.object({
  id: z.number().int(),
  name: z.string(),
  aliases: z.array(z.string()),
  region: z.string().nullable(),
  regionCode: z.string().nullable().describe('GB/T 2260 code when placed'),
  level: z.string().nullable().describe('省级/市级/县级/乡级 or 部门'),
  parentId: z.number().int().nullable(),
});
export const unitList = z.object({ total: z.number().int(), items: z.array(unit) });
export const unitEdit = z
  .object({
    name: z.string().trim().min(1).max(200),
    region: z.string().trim().max(200).nullable(),
    level: z.string().trim().max(20).nullable(),
    parentId: z.number().int().nullable(),
    aliases: z.array(z.string().trim().min(1).max(200)).max(100),
  })
  .partial();
export const unitSaved = z.object({ unit, rematched: z.number().int().describe('reports matched again after the change') });
export const unitDeleted = z.object({ rematched: z.number().int().describe('reports matched again after the unit was removed') });
export const unitImportResult = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), message: z.string() })),
  rematched: z.number().int().describe('reports whose unit or place changed with the new list (their cross-year checks run again)'),
});

export const reviewQueue = z.object({
  items: z.array(z.object({ report: reportSummary, reason: z.enum(['unmatched', 'ambiguous']), candidates: z.array(unit) })),
});

export const coverage = z.object({
  years: z.array(z.number().int()),
  rows: z.array(
    z.object({
      unit,
      cells: z.array(z.object({ year: z.number().int(), state: z.enum(['missing', 'ok', 'errors', 'unreadable']), reportId: z.number().int().nullable() })),
    }),
  ),
});

export const ruleList = z.object({
  items: z.array(z.object({ id: z.string(), severity: z.enum(['error', 'warning', 'info']), type: z.string(), description: z.string(), source: z.string() })),
});

export const reviewInput = z.object({ reviewed: z.boolean(), note: z.string().max(2000).nullable().default(null) });

export const unitInput = z.object({
  unitId: z.number().int().nullable(),
  confirm: z.boolean().default(false).describe('true: go ahead although the choice supersedes another report of the same unit and year'),
});
export const unitConflict = z.object({
  error: z.string(),
  conflicts: z.array(reportSummary).describe('current reports of the chosen unit and year that the assignment would replace'),
});

export const bulkInput = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('decide'),
    ids: z.array(z.number().int()).min(1).max(5000),
    rule: z.string().min(1).max(64),
    decision: z.enum(['confirmed', 'dismissed']),
    comment: z.string().max(2000).default(''),
  }),
  z.object({ action: z.literal('recheck'), ids: z.array(z.number().int()).min(1).max(5000) }),
  z.object({
    action: z.literal('assign'),
    ids: z.array(z.number().int()).min(1).max(5000),
    unitId: z.number().int().nullable(),
    confirm: z.boolean().default(false),
  }),
  z.object({ action: z.literal('review'), ids: z.array(z.number().int()).min(1).max(5000), reviewed: z.boolean() }),
]);
export const bulkResult = z.object({
  done: z.number().int().describe('reports (or findings, for decide) changed'),
  conflicts: z.array(reportSummary).describe('assign without confirm: the reports it would replace (nothing was changed)'),
  message: z.string(),
});

export const regionList = z.object({ items: z.array(z.object({ region: z.string(), reports: z.number().int() })) });

export const health = z.object({ ok: z.boolean(), db: z.enum(['sqlite', 'postgres']), reports: z.number().int(), version: z.string() });

// ——— the ingest queue (PostgreSQL) ———
export const queueProgress = z.object({
  enabled: z.boolean().describe('false: SQLite, no queue (uploads parsed in the server process)'),
  queued: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  rejected: z.number().int().describe('of the done: turned away (not a report, …)'),
  duplicates: z.number().int().describe('of the done: bytes already stored'),
  rate: z.number().nullable().describe('jobs done per second over the last minutes'),
  etaSeconds: z.number().int().nullable(),
  failedFiles: z
    .array(z.object({ id: z.string(), fileName: z.string(), error: z.string(), tries: z.number().int(), failedAt: z.string().nullable() }))
    .describe('files failed after their last try (reviewers and the administrator only)'),
});
export const queueRetryInput = z.object({ ids: z.array(z.string().max(64)).min(1).max(1000) });
export const queueRetryResult = z.object({ retried: z.number().int() });
export type QueueProgressView = z.infer<typeof queueProgress>;

export type ReportDetail = z.infer<typeof reportDetail>;
export type UploadResult = z.infer<typeof uploadResult>;
export type Coverage = z.infer<typeof coverage>;

// ——— accounts ———
export const loginInput = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
export const me = z.object({
  user: z.object({
    name: z.string(),
    role: z.enum(['admin', 'reviewer', 'unit']),
    roleName: z.string().describe('管理员 / 审核人员 / 填报单位'),
    scopeRegion: z.string().nullable().describe("a reviewer's region"),
    scopeUnitId: z.number().int().nullable().describe("a unit user's unit"),
    scopeUnitName: z.string().nullable(),
    local: z.boolean().describe('true: no user is configured and the server runs on loopback as the local administrator'),
  }),
});
export const auditList = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      user: z.string(),
      role: z.string(),
      action: z.string().describe('upload, decision, review, assign, cellReview, bulk.*, unit.*, export.*, login, login.failed, logout'),
      target: z.string().nullable(),
      detail: z.string().nullable(),
      ip: z.string().nullable(),
    }),
  ),
});

// ——— compare and analyse (issue 11; handlers in ./analyse-routes.ts) ———
//   GET /api/units/:id/years                   → UnitYears (every current report of a unit, year by year)
//   GET /api/compare?a=&b=                     → ComparisonResult (b − a; without a: the same unit's previous year)
//   GET /api/analysis?region=&year=            → Analysis (indicators per unit, ranks, coverage of the year and the one before)
//   GET /api/analysis/rollup?region=&year=     → RollupResult (sums by scope, whole-area reports against their children)
//   GET /api/analysis/figure?report=&id=       → IndicatorValue with its cells (a figure of Analysis, which comes without them)
//   GET /api/analysis/rollup/cell?region=&year=&scope=&table=&row=&col=  → RollupCell (every part of a scope group's cell)
//   GET /api/analysis/rollup/check?region=&year=&parent=  → WholeAreaCheck (one whole-area report's check, every
//                                                difference with every child's part)
//   GET /api/comparison.xlsx?region=&year= | ?ids=1,2,3  → the comparison workbook (XLSX)

const tableId = z.enum(['t2', 't3', 't4']);
const scopeName = z.enum(['office', 'level-only', 'whole-area']).describe('office 本机关, level-only 本级, whole-area 全域');

export const cellUse = z.object({
  table: tableId,
  row: z.string(),
  col: z.string(),
  value: z.number(),
  year: z.number().int().nullable().optional().describe("the other report's year, for a year-over-year value"),
});

export const indicatorValue = z.object({
  id: z.string().describe('formula id (src/analyse/indicators.ts, docs/indicators.md)'),
  value: z.number().nullable().describe("in the indicator's unit (percent for %), unrounded; null when it cannot be computed"),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  cells: z.array(cellUse).describe('every cell the value was computed from'),
  reason: z.enum(['absent', 'zeroDenominator', 'noPrevious']).optional(),
  missing: z.array(z.string()).optional().describe('absent cell references (t3:granted|total), when reason is absent'),
});

export const indicatorFigure = indicatorValue
  .omit({ cells: true })
  .describe('an indicator value without its cells (a region has thousands): GET /api/analysis/figure?report=&id= gives them');

export const indicatorDefinition = z.object({
  id: z.string(),
  name: z.string(),
  variant: z.string().describe('the denominator (口径)'),
  kind: z.enum(['ratio', 'count', 'yoy']),
  unit: z.enum(['%', '件']),
  formula: z.string(),
  note: z.string(),
  source: z.string(),
});

export const unitYears = z.object({
  unit,
  years: z.array(z.number().int()).describe('ascending, one current report each'),
  reports: z.array(reportSummary).describe('the report of each year, in the order of years'),
  consecutive: z.array(z.boolean()).describe('true where the year before is also here (deltas and year-over-year need it)'),
  left: z.array(z.object({ report: reportSummary, reason: z.string() })).describe('current reports not in the series (no year)'),
  cells: z.array(
    z.object({
      table: tableId,
      row: z.string(),
      col: z.string(),
      name: z.string(),
      values: z.array(z.number().nullable()).describe('one per year; null: the report lacks the cell'),
      deltas: z.array(z.number().nullable()).describe('change from the year before (consecutive years only)'),
    }),
  ),
  indicators: z.array(
    z.object({
      id: z.string(),
      values: z.array(indicatorValue),
      changes: z.array(z.number().nullable()).describe('Δ(id): change from the year before, percentage points for %'),
    }),
  ),
  yearOverYear: z.array(z.object({ id: z.string(), values: z.array(indicatorValue) })),
  definitions: z.array(indicatorDefinition),
});

export const sectionComparison = z.object({
  key: z.enum(['s1', 's2', 's3', 's4', 's5', 's6']),
  heading: z.string(),
  similarity: z.number().nullable().describe('estimated share of shared 5-character shingles (numbers masked), 0–1'),
  nearIdentical: z.boolean(),
  reason: z.string().nullable().describe('why not compared'),
  a: z.array(z.object({ text: z.string(), shared: z.boolean() })).nullable(),
  b: z.array(z.object({ text: z.string(), shared: z.boolean() })).nullable(),
  truncated: z.boolean(),
});

export const comparisonResult = z.object({
  a: reportSummary,
  b: reportSummary,
  consecutive: z.boolean().describe('same agency, b the year after a: year-over-year computed'),
  cells: z.array(
    z.object({
      table: tableId,
      row: z.string(),
      col: z.string(),
      name: z.string(),
      a: z.number().nullable(),
      b: z.number().nullable(),
      delta: z.number().nullable().describe('b − a; null when either is absent'),
    }),
  ),
  indicators: z.array(z.object({ id: z.string(), a: indicatorValue, b: indicatorValue, delta: z.number().nullable() })),
  yearOverYear: z.array(indicatorValue),
  sections: z.array(sectionComparison),
  definitions: z.array(indicatorDefinition),
});

const coverageYear = z.object({
  year: z.number().int(),
  units: z.number().int().describe('units on the list (in the region and the user scope)'),
  submitted: z.number().int(),
  errors: z.number().int(),
  unreadable: z.number().int(),
  missing: z.array(z.object({ id: z.number().int(), name: z.string() })),
});

export const analysis = z.object({
  region: z.string().nullable(),
  year: z.number().int(),
  minRequests: z.number().int(),
  ids: z.array(z.string()).describe('formula ids of values, changes and ranks, in order'),
  yoyIds: z.array(z.string()),
  rows: z.array(
    z.object({
      report: reportSummary,
      label: z.string(),
      previousId: z.number().int().nullable().describe("the same unit's report of the year before"),
      requests: z.number().nullable(),
      rankable: z.boolean(),
      reason: z.string().nullable(),
      values: z.array(indicatorFigure),
      changes: z.array(z.number().nullable()),
      yearOverYear: z.array(indicatorFigure),
      ranks: z.record(z.string(), z.number().int().nullable()),
      notRanked: z.record(z.string(), z.string()),
    }),
  ),
  unreadable: z.array(reportSummary),
  coverage: z.array(coverageYear).describe('the year before and the year'),
  definitions: z.array(indicatorDefinition),
});

const cellPart = z.object({ id: z.number().int(), label: z.string(), value: z.number() });
/** How many of a cell's parts (and of the reports lacking it) a roll-up answer carries; the rest on demand. */
export const PARTS_SHOWN = 6;
/** How many differences of a whole-area check the roll-up answer carries; GET /api/analysis/rollup/check gives every one. */
export const DIFFERENCES_SHOWN = 10;
const partsShown = z
  .array(cellPart)
  .describe(`the largest non-zero parts: at most ${PARTS_SHOWN} in the roll-up answer (the cell and check answers give every one)`);

export const wholeAreaCheck = z.object({
  parent: z.object({ id: z.number().int(), label: z.string() }),
  children: z.array(z.object({ id: z.number().int(), label: z.string(), scope: scopeName.nullable() })),
  childrenFrom: z.enum(['unitList', 'place']),
  missing: z.array(z.string()).nullable().describe('listed children with no report; null when the list of children is not known'),
  status: z.enum(['consistent', 'different', 'uncertain', 'notApplicable']),
  message: z.string(),
  differenceCount: z.number().int().describe('cells that differ'),
  differences: z
    .array(
      z.object({
        table: tableId,
        row: z.string(),
        col: z.string(),
        name: z.string(),
        parent: z.number(),
        children: z.number(),
        difference: z.number(),
        parts: partsShown,
        partCount: z.number().int().describe("every child's non-zero part"),
        suspects: z.array(z.string()),
      }),
    )
    .describe(`in the roll-up answer the first ${DIFFERENCES_SHOWN} (GET /api/analysis/rollup/check gives every one)`),
  incomparable: z.array(z.object({ table: tableId, row: z.string(), col: z.string(), name: z.string(), lacking: z.array(z.string()) })),
  excluded: z.array(z.object({ id: z.number().int(), label: z.string(), reason: z.string() })),
});

export const rollupResult = z.object({
  region: z.string().nullable(),
  year: z.number().int(),
  scopes: z.array(
    z.object({
      report: reportSummary,
      label: z.string(),
      scope: scopeName.nullable(),
      basis: z.enum(['text', 'agency', 'unitList']).nullable(),
      evidence: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  groups: z.array(
    z.object({
      scope: scopeName,
      items: z.array(z.object({ id: z.number().int(), label: z.string() })),
      cells: z.array(
        z.object({
          table: tableId,
          row: z.string(),
          col: z.string(),
          name: z.string(),
          value: z.number().nullable(),
          parts: partsShown,
          partCount: z.number().int().describe('every non-zero part'),
          missing: z.array(z.string()).describe(`reports lacking the cell, at most ${PARTS_SHOWN}`),
          missingCount: z.number().int(),
        }),
      ),
    }),
  ),
  left: z.array(z.object({ id: z.number().int(), label: z.string(), reason: z.string() })),
  wholeArea: z.array(wholeAreaCheck),
});

export const indicatorCells = indicatorValue.describe(
  'one figure of GET /api/analysis with its cells (those of the year before too, for a year-over-year one)',
);

export const rollupCell = z.object({
  table: tableId,
  row: z.string(),
  col: z.string(),
  name: z.string(),
  value: z.number().nullable().describe('the sum; null when a report lacks the cell'),
  parts: z.array(cellPart).describe("every report's non-zero part, largest first"),
  missing: z.array(z.string()).describe('reports lacking the cell'),
});

export type UnitYears = z.infer<typeof unitYears>;
export type ComparisonResult = z.infer<typeof comparisonResult>;
export type Analysis = z.infer<typeof analysis>;
export type RollupResult = z.infer<typeof rollupResult>;
export type RollupCell = z.infer<typeof rollupCell>;
export type WholeAreaCheckResult = z.infer<typeof wholeAreaCheck>;

// ——— the store's results (src/store/types.ts, plain interfaces) have the shapes above ———
// Checked both ways at compile time: a field added, removed or changed on one side only fails
// `tsc` here, so the store and the contract cannot drift apart.

/** True when each of A and B is assignable to the other. */
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;

export type StoreResultsMatchContract = [
  Holds<SameShape<store.ReportSummary, z.infer<typeof reportSummary>>>,
  Holds<SameShape<store.ReportList, z.infer<typeof reportList>>>,
  Holds<SameShape<store.Decision, z.infer<typeof decision>>>,
  Holds<SameShape<store.StoredFinding, z.infer<typeof storedFinding>>>,
  Holds<SameShape<store.CellReview, z.infer<typeof cellReview>>>,
  Holds<SameShape<Omit<store.IngestResult, 'outcome'>, Omit<UploadResult['results'][number], 'outcome'>>>,
  Holds<SameShape<store.IngestResult['outcome'] | 'queued', UploadResult['results'][number]['outcome']>>,
  Holds<SameShape<store.Unit, z.infer<typeof unit>>>,
  Holds<SameShape<store.UnitImportResult, z.infer<typeof unitImportResult>>>,
  Holds<SameShape<store.ReviewQueue, z.infer<typeof reviewQueue>>>,
  Holds<SameShape<store.Coverage, Coverage>>,
  Holds<SameShape<store.StoredReport, Omit<ReportDetail, 'sourceText' | 'pages'>>>,
  Holds<SameShape<store.Stats['db'], z.infer<typeof health>['db']>>,
];

// ——— the request register (依申请公开台账) ———
const registerFinding = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string().describe('Chinese, naming the request (申请「…」) or the cell (第N行「列」)'),
  id: z.string().optional(),
  field: z.string().optional(),
  line: z.number().int().optional(),
});
export const registerView = z.object({
  unit: z.object({ id: z.number().int(), name: z.string() }),
  asOf: z.string().describe('the day deadlines are judged on (YYYY-MM-DD)'),
  rows: z.array(
    z.object({
      row: z.record(z.string(), z.unknown()).describe('the register row (src/register/row.ts)'),
      labels: z.object({ applicant: z.string(), channel: z.string(), outcome: z.string().nullable() }).describe('the row in words'),
      received: z.string().nullable().describe('receipt day by channel (条例第三十一条)'),
      due: z.string().nullable().describe('last day to reply, in working days with holidays and 调休'),
      status: z.enum(['concluded', 'awaitingCorrection', 'open', 'unknown']),
      late: z.boolean().nullable(),
      overdue: z.boolean(),
      dueThisWeek: z.boolean(),
    }),
  ),
  counts: z.object({ rows: z.number().int(), open: z.number().int(), overdue: z.number().int(), dueThisWeek: z.number().int(), late: z.number().int() }),
  years: z.array(z.number().int()),
  findings: z.array(registerFinding),
});
export const registerImportResult = z.object({
  ok: z.boolean().describe('false: nothing imported (a bad row rejects the file)'),
  imported: z.number().int(),
  total: z.number().int(),
  rejected: z.array(z.number().int()).describe('spreadsheet row numbers'),
  messages: z.array(registerFinding),
});
export const registerTables = z.object({
  year: z.number().int(),
  template: z.enum(['2019', '2021']),
  t3: z.record(z.string(), z.record(z.string(), z.number().nullable())),
  t4: z.record(z.string(), z.record(z.string(), z.number().nullable())),
  infoFee: z.object({ noticeCount: z.number(), noticeAmount: z.number(), collectedAmount: z.number() }),
  t3Rows: z.array(z.object({ key: z.string(), name: z.string().describe('the row as the form names it') })),
  excluded: z.array(z.string()).describe('requests left out (no receipt day, an outcome without its date), named in findings'),
  findings: z.array(z.object({ rule: z.string(), severity: z.enum(['error', 'warning', 'info']), message: z.string() }).loose()),
});
