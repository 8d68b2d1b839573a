/**
 * The record `nianbao.report/1` as a zod schema: validates records at the edges (API, store)
 * and is published as JSON Schema (schema/report.schema.json, made by `npm run schema`).
 */
import { z } from 'zod';

const span = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
const box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const severity = z.enum(['error', 'warning', 'info']);
const tableId = z.enum(['t2', 't3', 't4']);
const templateId = z.enum(['2019', '2021']);
const place = z.strictObject({ span, line: z.number().int().positive(), page: z.number().int().positive().optional(), box: box.optional() });

export const cellSchema = z
  .strictObject({
    table: tableId,
    row: z.string().describe('row key, e.g. newReceived, denied.stateSecret; table 四: review | litigationDirect | litigationAfterReview'),
    col: z.string().describe('column key, e.g. naturalPerson, total, issued, feesWan'),
    value: z.number().nullable(),
    status: z.enum(['read', 'derived', 'missing']),
    raw: z.string().nullable().describe('the token as written, e.g. 1,234 / 0件 / —'),
    span: span.nullable().describe('character span [start, end) in the source text'),
    line: z.number().int().positive().nullable(),
    page: z.number().int().positive().optional(),
    box: box.optional().describe('PDF: [x0, y0, x1, y1] in points, origin top-left'),
    flags: z.array(z.enum(['zeroInferred', 'unitStripped', 'split', 'placedByRelation', 'derivedFromRelation', 'lowConfidence'])).optional(),
    unit: z.string().optional(),
    confidence: z.number().min(0).max(100).optional().describe('OCR only: recognizer confidence in the value, 0–100'),
  })
  .describe('one table cell with its provenance');

export const findingSchema = z
  .strictObject({
    rule: z.string().describe('rule id, e.g. T3.balance'),
    severity,
    message: z.string().describe('Chinese, naming the place as a reviewer would'),
    table: tableId.optional(),
    row: z.string().optional(),
    col: z.string().optional(),
    span: span.optional(),
    line: z.number().int().positive().optional(),
    page: z.number().int().positive().optional(),
    box: box.optional().describe('PDF and scans: the box on the page, [x0, y0, x1, y1] in points, origin top-left'),
    actual: z.union([z.number(), z.string(), z.null()]).optional(),
    expected: z.union([z.number(), z.string(), z.null()]).optional(),
    note: z.string().optional(),
    fatal: z.boolean().optional(),
  })
  .describe('a problem found in the report, or in reading it');

const table = z.record(z.string(), z.record(z.string(), z.number().nullable()));

export const reportSchema = z
  .strictObject({
    schema: z.literal('nianbao.report/1'),
    source: z.strictObject({
      path: z.string().nullable(),
      sha256: z.string(),
      format: z.enum(['text', 'html', 'docx', 'pdf', 'image', 'unknown']),
      bytes: z.number().int().nonnegative(),
      encoding: z.string().optional(),
    }),
    template: templateId.nullable().describe('template actually used, from fingerprints: 2019 = 国办公开办函〔2019〕60号, 2021 = 〔2021〕30号'),
    layout: z.strictObject({ t2: templateId.nullable(), t3: z.enum(['split-other', 'single-other']).nullable() }),
    title: z.string().nullable(),
    agency: z.string().nullable(),
    agencyAlias: z.string().nullable(),
    year: z.number().int().nullable(),
    publication: z
      .strictObject({
        date: z.string().nullable().describe('YYYY-MM-DD: the page 发布时间 (header), else the 落款 date (signature)'),
        dateFrom: z.enum(['header', 'signature']).nullable(),
        url: z.string().nullable().describe('the page address from a crawler 原文链接 line'),
        signedBy: z.string().nullable().describe('the agency named in the 落款'),
      })
      .describe('where and when the report was published, as the file says'),
    sections: z.array(
      z.strictObject({
        key: z.enum(['s1', 's2', 's3', 's4', 's5', 's6']),
        heading: z.string().nullable(),
        span: span.nullable(),
        line: z.number().int().positive().nullable(),
        page: z.number().int().positive().optional(),
        box: box.optional().describe('PDF and scans: the heading on the page'),
        pictures: z.array(z.string()).optional().describe('HTML, DOCX: pictures between this heading and the next (a table published as a picture)'),
      }),
    ),
    tables: z.strictObject({ t2: table.nullable(), t3: table.nullable(), t4: table.nullable() }),
    structure: z.strictObject({
      t2: z.strictObject({ found: z.boolean(), rows: z.array(z.string()) }),
      t3: z.strictObject({ found: z.boolean(), rows: z.array(z.string()), columns: z.array(z.string()) }),
      t4: z.strictObject({ found: z.boolean() }),
    }),
    cells: z.array(cellSchema),
    narrative: z.strictObject({
      proactiveItems: z.number().nullable(),
      requestsReceived: z.number().nullable(),
      noRequests: z.boolean(),
      noReviewOrLitigation: z.boolean(),
      infoFee: z.strictObject({
        noticeCount: z.number().nullable(),
        noticeAmount: z.number().nullable().describe('元'),
        collectedAmount: z.number().nullable().describe('元'),
        compliance: z.enum(['full', 'partial', 'absent']),
      }),
      places: z.record(z.string(), place),
    }),
    findings: z.array(findingSchema),
  })
  .describe('nianbao.report/1: one parsed 政府信息公开工作年度报告');

export function reportJsonSchema(): unknown {
  return { $id: 'https://nianbao.invalid/schema/report.schema.json', ...(z.toJSONSchema(reportSchema) as object) };
}
