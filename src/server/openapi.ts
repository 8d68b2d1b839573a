/**
 * The OpenAPI 3.1 document of the HTTP API: one operation per route of the route table
 * (./routes.ts; the type makes a route without documentation a compile error), bodies from the
 * zod schemas of ./contract.ts.
 */
import { z } from 'zod';
import * as C from './contract.js';
import { ROUTES, type RouteName } from './routes.js';
import { editorPaths } from './editor-openapi.js';

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } },
});
const file = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });
const err = { description: '错误（JSON：{error}）' };
const listParams = ['year', 'q', 'region', 'status', 'rule', 'review', 'sort', 'order', 'page', 'pageSize', 'ids', 'includeSuperseded'].map((name) => ({
  name,
  in: 'query',
  required: false,
  schema: { type: 'string' },
}));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
const multipart = {
  required: true,
  content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } } } } },
};

const pathParam = (name: string, type: 'integer' | 'string' = 'string') => ({ name, in: 'path', required: true, schema: { type } });
const jsonBody = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } } });
const cellParams = [idParam, pathParam('table'), pathParam('row'), pathParam('col')];
const regionYear = [
  { name: 'region', in: 'query', required: false, schema: { type: 'string' } },
  { name: 'year', in: 'query', required: true, schema: { type: 'integer' } },
];

interface Operation {
  summary: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<number, unknown>;
}

const OPERATIONS: Record<RouteName, Operation> = {
  health: { summary: '健康检查', responses: { 200: json(C.health, '状态') } },
  reports: { summary: '报告列表（搜索、筛选、排序、分页）', parameters: listParams, responses: { 200: json(C.reportList, '报告列表') } },
  upload: {
    summary: '上传报告（可多个文件，字段名 file）',
    requestBody: multipart,
    responses: { 200: json(C.uploadResult, '每个文件的处理结果'), 400: err, 413: err },
  },
  report: {
    summary: '报告详情：记录、问题（含审核意见）、单元格审核、历史版本、原文文本',
    parameters: [idParam],
    responses: { 200: json(C.reportDetail, '报告详情'), 404: err },
  },
  source: {
    summary: '原文件（HTML 与文本以纯文本显示；download=1 下载原文件）',
    parameters: [idParam],
    responses: { 200: file('application/octet-stream', '原文件'), 404: err },
  },
  page: {
    summary: 'PDF 或图片报告的页面图像（每个 PDF 点 2 像素）',
    parameters: [idParam, pathParam('n', 'integer')],
    responses: { 200: file('image/png', '页面'), 404: err },
  },
  login: {
    summary: '登录（设置 HttpOnly、SameSite=Strict 的会话 Cookie）；失败过多时 429',
    requestBody: jsonBody(C.loginInput),
    responses: { 200: json(C.me, '用户'), 400: err, 401: err, 429: err },
  },
  logout: { summary: '退出登录', responses: { 200: { description: '{ok: true}' } } },
  me: { summary: '当前用户（未设置用户且在本机运行时为本机管理员）', responses: { 200: json(C.me, '用户'), 401: err } },
  audit: {
    summary: '审计日志（管理员）：上传、审核意见、指定单位、导出、登录等，谁、何时、对什么',
    parameters: ['page', 'pageSize', 'action', 'user'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
    responses: { 200: json(C.auditList, '审计日志'), 401: err, 403: err },
  },
  problems: {
    summary: '问题清单（DOCX）',
    parameters: [idParam],
    responses: { 200: file('application/vnd.openxmlformats-officedocument.wordprocessingml.document', '问题清单'), 404: err },
  },
  decision: {
    summary: '确认或忽略一条问题（重新解析后仍保留）',
    parameters: [idParam, pathParam('key')],
    requestBody: jsonBody(C.decisionInput),
    responses: { 200: json(C.decision, '审核意见'), 400: err, 404: err },
  },
  reportUnit: {
    summary: '指定报告所属单位（会替换同一单位同一年度的另一份报告时返回 409，confirm=true 后执行）',
    parameters: [idParam],
    requestBody: jsonBody(C.unitInput),
    responses: { 200: json(C.reportSummary, '报告'), 400: err, 404: err, 409: json(C.unitConflict, '将被替换的报告') },
  },
  cellReview: {
    summary: '审核人对照原件确认某个单元格的数值（记录审核人与时间，不改变读取结果）',
    parameters: cellParams,
    requestBody: jsonBody(C.cellReviewInput),
    responses: { 200: json(C.cellReview, '单元格审核'), 400: err, 404: err },
  },
  cellReviewDelete: { summary: '撤回单元格审核', parameters: cellParams, responses: { 200: { description: '{ok: true}' }, 404: err } },
  review: {
    summary: '标记报告已审核或未审核',
    parameters: [idParam],
    requestBody: jsonBody(C.reviewInput),
    responses: { 200: json(C.reportSummary, '报告'), 400: err, 404: err },
  },
  bulk: {
    summary: '批量操作所选报告：确认/忽略某规则的问题、重新核查、指定单位、标记已审核',
    requestBody: jsonBody(C.bulkInput),
    responses: { 200: json(C.bulkResult, '结果'), 400: err, 409: json(C.unitConflict, '将被替换的报告') },
  },
  regions: { summary: '地区（报告与单位所在地区，含报告数）', responses: { 200: json(C.regionList, '地区') } },
  problemsZip: {
    summary: '所选报告的问题清单（每份一个 DOCX，打包为 zip）',
    parameters: [{ name: 'ids', in: 'query', required: true, schema: { type: 'string' } }],
    responses: { 200: file('application/zip', 'zip'), 400: err, 404: err },
  },
  units: {
    summary: '单位名单',
    parameters: ['q', 'region', 'page', 'pageSize'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
    responses: { 200: json(C.unitList, '单位') },
  },
  unit: {
    summary: '修改单位（名称、地区、层级、上级、别名；检查同导入），报告重新对应单位',
    parameters: [idParam],
    requestBody: jsonBody(C.unitEdit),
    responses: { 200: json(C.unitSaved, '单位'), 400: err, 404: err, 409: err },
  },
  unitDelete: {
    summary: '删除单位（报告保留并重新对应单位，下级单位不再有上级）',
    parameters: [idParam],
    responses: { 200: json(C.unitDeleted, '结果'), 404: err },
  },
  register: {
    summary: '单位的依申请公开台账：每条申请的收到日期、答复期限（工作日，含节假日与调休）、是否逾期、本周到期',
    parameters: [idParam, { name: 'asOf', in: 'query', schema: { type: 'string' } }],
    responses: { 200: json(C.registerView, '台账'), 404: err },
  },
  registerImport: {
    summary: '导入台账 XLSX（整体替换本单位台账；有错误行则整份不导入，返回行号与原因）',
    parameters: [idParam],
    requestBody: multipart,
    responses: { 200: json(C.registerImportResult, '导入结果'), 400: err, 404: err, 413: err },
  },
  registerXlsx: {
    summary: '导出台账 XLSX',
    parameters: [idParam],
    responses: { 200: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX'), 404: err },
  },
  registerTables: {
    summary: '按台账生成某年度的表三、表四和收费情况，并用年报规则核查',
    parameters: [idParam, { name: 'year', in: 'query', required: true, schema: { type: 'integer' } }],
    responses: { 200: json(C.registerTables, '表三、表四'), 400: err, 404: err },
  },
  registerTemplate: { summary: '台账 XLSX 模板', responses: { 200: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX') } },
  unitImport: {
    summary: '导入应报送单位名单（CSV 或 XLSX：名称,地区,层级,上级,别名）',
    requestBody: multipart,
    responses: { 200: json(C.unitImportResult, '导入结果'), 400: err },
  },
  reviewQueue: { summary: '待确认：未匹配或有歧义的报告', responses: { 200: json(C.reviewQueue, '待确认') } },
  coverage: {
    summary: '报送情况：单位 × 年度',
    parameters: [
      { name: 'years', in: 'query', schema: { type: 'string' } },
      { name: 'region', in: 'query', schema: { type: 'string' } },
    ],
    responses: { 200: json(C.coverage, '报送情况') },
  },
  exportXlsx: {
    summary: '导出表格数据与问题（XLSX），筛选同列表',
    parameters: listParams,
    responses: { 200: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX') },
  },
  exportCsv: { summary: '导出表格数据（CSV，带 BOM），筛选同列表', parameters: listParams, responses: { 200: file('text/csv', 'CSV') } },
  unitYears: {
    summary: '单位历年：该单位每个年度的当前报告，每个单元格的逐年数值与变化，各年度指标（含公式编号与所用单元格）和同比',
    parameters: [idParam],
    responses: { 200: json(C.unitYears, '单位历年'), 404: err },
  },
  compare: {
    summary: '比较两份报告（B − A）：三张表逐格差值、两份报告的指标、文字部分逐部分相似度；不给 a 时为同一单位上一年度的报告',
    parameters: ['a', 'b'].map((name) => ({ name, in: 'query', required: name === 'b', schema: { type: 'integer' } })),
    responses: { 200: json(C.comparisonResult, '比较结果'), 400: err, 404: err },
  },
  analysis: {
    summary: '地区年度分析：每个单位的指标（公式编号；所用单元格见 /api/analysis/figure）、排名（受理总量少于最低数的不排名）、同比、本年与上年报送情况',
    parameters: regionYear,
    responses: { 200: json(C.analysis, '分析'), 400: err },
  },
  rollup: {
    summary:
      '地区年度汇总：按统计范围（本机关、本级、全域）分别合计，全域报告与下级报告之和逐格核对；每格列出最大的几份来源，全部来源见 /api/analysis/rollup/cell',
    parameters: regionYear,
    responses: { 200: json(C.rollupResult, '汇总'), 400: err },
  },
  analysisFigure: {
    summary: '地区年度分析中的一个指标值及其所用单元格（同比指标含上年报告的单元格）；分析结果本身不带单元格',
    parameters: [
      { name: 'report', in: 'query', required: true, schema: { type: 'integer' } },
      { name: 'id', in: 'query', required: true, schema: { type: 'string' }, description: '公式编号' },
    ],
    responses: { 200: json(C.indicatorCells, '指标值'), 400: err, 404: err },
  },
  rollupCell: {
    summary: '汇总中一个单元格的全部来源：某统计范围（scope）合计中每份报告的数值，以及缺少该格的报告',
    parameters: [
      ...regionYear,
      { name: 'scope', in: 'query', required: true, schema: { type: 'string', enum: ['office', 'level-only', 'whole-area'] } },
      ...['table', 'row', 'col'].map((name) => ({ name, in: 'query', required: true, schema: { type: 'string' } })),
    ],
    responses: { 200: json(C.rollupCell, '单元格来源'), 400: err, 404: err },
  },
  rollupCheck: {
    summary: '一份全域报告与其下级报告之和的核对，全部不一致的单元格及每份下级报告各自的数值',
    parameters: [...regionYear, { name: 'parent', in: 'query', required: true, schema: { type: 'integer' } }],
    responses: { 200: json(C.wholeAreaCheck, '全域报告核对'), 400: err, 404: err },
  },
  comparisonXlsx: {
    summary: '比较工作簿（XLSX）：表二、表三、表四每个单位一行，指标（公式编号）、排名、同比；按地区和年度，或 ids=1,2,3',
    parameters: [...regionYear.map((p) => ({ ...p, required: false })), { name: 'ids', in: 'query', required: false, schema: { type: 'string' } }],
    responses: { 200: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX'), 400: err, 404: err },
  },
  summaryDocx: {
    summary: '汇总报告（DOCX）：按统计范围分别合计的主要数据、与上年比较、图表（办理结果构成、新收申请排名、同比）、各单位数据；按地区和年度，或 ids=1,2,3',
    parameters: [...regionYear.map((p) => ({ ...p, required: false })), { name: 'ids', in: 'query', required: false, schema: { type: 'string' } }],
    responses: { 200: file('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'DOCX'), 400: err, 404: err },
  },
  rules: { summary: '核查规则与读取、解析阶段的问题一览', responses: { 200: json(C.ruleList, '规则') } },
  docs: { summary: '本文档（OpenAPI 3.1）', responses: { 200: { description: 'OpenAPI' } } },
  queue: {
    summary: '处理进度（PostgreSQL 队列）：排队、处理中、完成、失败、速度、预计剩余、失败文件及原因',
    responses: { 200: json(C.queueProgress, '进度') },
  },
  queueRetry: {
    summary: '重试失败的文件',
    requestBody: jsonBody(C.queueRetryInput),
    responses: { 200: json(C.queueRetryResult, '重试的个数'), 400: err, 403: err },
  },
};

/** hono's pattern → OpenAPI's path: `:id{[0-9]+}` → `{id}`. */
export const openApiPath = (pattern: string): string => pattern.replace(/:(\w+)(\{[^/]*\})?/g, '{$1}');

export function openApiDocument(version: string): unknown {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    const r = ROUTES[name];
    (paths[openApiPath(r.pattern)] ??= {})[r.method.toLowerCase()] = OPERATIONS[name];
  }
  for (const [path, ops] of Object.entries(editorPaths(openApiPath))) paths[path] = { ...paths[path], ...(ops as Record<string, Operation>) };
  return {
    openapi: '3.1.0',
    info: { title: 'nianbao API', version, description: '政府信息公开工作年度报告：上传、解析、核查、审核、报送情况与导出' },
    paths,
  };
}
