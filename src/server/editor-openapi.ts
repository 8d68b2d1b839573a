/**
 * The report editor's routes (./editor-paths.ts) in the OpenAPI document: one operation each,
 * keyed by the OpenAPI path. openapi.ts adds them to the paths of the route table.
 */
import { EDITOR_ROUTES } from './editor-paths.js';

type EditorRoute = keyof typeof EDITOR_ROUTES;

const err = { description: '错误（JSON：{error}）' };
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const docx = {
  description: 'DOCX',
  content: { 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: { type: 'string', format: 'binary' } } },
};
const unitYear = [
  { name: 'id', in: 'path', required: true, schema: { type: 'integer' }, description: '单位编号' },
  { name: 'year', in: 'path', required: true, schema: { type: 'integer' }, description: '年度' },
];
const table = { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: ['number', 'null'] } } };
const content = {
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['tables'],
        properties: {
          tables: { type: 'object', properties: { t2: table, t3: table, t4: table }, required: ['t2', 't3', 't4'] },
          sections: { type: 'object', description: '各部分正文 {s1…s6}', additionalProperties: { type: 'string' } },
          explanations: { type: 'object', description: '错误的说明，按问题键', additionalProperties: { type: 'string' } },
          baseUpdatedAt: {
            type: ['string', 'null'],
            description: '打开时报告的 updatedAt（未保存过为 null）；其后已有人保存则 409、不写入，不带此项则不检查',
          },
        },
      },
    },
  },
};
const body = (properties: Record<string, unknown>, required: string[] = []) => ({
  required: required.length > 0,
  content: { 'application/json': { schema: { type: 'object', properties, required } } },
});
const VIEW = '报告：状态、表格、各部分正文、说明、核查结果（含问题键与位置）、办理记录、当前用户可做的操作';

const OPERATIONS: Record<EditorRoute, { summary: string; parameters?: unknown[]; requestBody?: unknown; responses: Record<number, unknown> }> = {
  queue: {
    summary: '填报：本人可见范围内的报告及状态（status=draft,submitted,returned,approved,published 可多选）',
    parameters: [{ name: 'status', in: 'query', required: false, schema: { type: 'string' } }],
    responses: { 200: ok('报告列表') },
  },
  open: { summary: '填报：打开某单位某年度的报告（已保存的草稿，否则由上年报告和台账预填）', parameters: unitYear, responses: { 200: ok(VIEW), 404: err } },
  save: {
    summary: '填报：保存草稿（草稿或退回时）',
    parameters: unitYear,
    requestBody: content,
    responses: { 200: ok(VIEW), 400: err, 403: err, 404: err, 409: err },
  },
  check: {
    summary: '填报：核查当前表格和正文（不保存）',
    parameters: unitYear,
    requestBody: content,
    responses: { 200: ok('核查结果 {findings}'), 400: err, 404: err },
  },
  submit: {
    summary: '填报：保存并提交审核；有未改正也未说明的错误时 422（blocking 列出问题键）',
    parameters: unitYear,
    requestBody: content,
    responses: { 200: ok(VIEW), 400: err, 403: err, 404: err, 409: err, 422: err },
  },
  return: {
    summary: '审核：退回（审核意见必填），附问题清单 DOCX',
    parameters: unitYear,
    requestBody: body({ comment: { type: 'string' } }, ['comment']),
    responses: { 200: ok(VIEW), 400: err, 403: err, 404: err, 409: err },
  },
  approve: {
    summary: '审核：通过',
    parameters: unitYear,
    requestBody: body({ comment: { type: 'string' } }),
    responses: { 200: ok(VIEW), 403: err, 404: err, 409: err },
  },
  publish: {
    summary: '记录发布日期（已通过的报告）',
    parameters: unitYear,
    requestBody: body({ date: { type: 'string', format: 'date' }, comment: { type: 'string' } }, ['date']),
    responses: { 200: ok(VIEW), 400: err, 404: err, 409: err },
  },
  render: {
    summary: '按法定格式下载报告：docx、html、md、pdf（pdf 需 LibreOffice）',
    parameters: [...unitYear, { name: 'format', in: 'path', required: true, schema: { type: 'string', enum: ['docx', 'html', 'md', 'pdf'] } }],
    responses: { 200: { description: '报告文件' }, 400: err, 404: err, 503: err },
  },
  attachment: {
    summary: '退回时附的问题清单',
    parameters: [...unitYear, { name: 'event', in: 'path', required: true, schema: { type: 'integer' } }],
    responses: { 200: docx, 404: err },
  },
};

/** The editor's operations by OpenAPI path and method, for the OpenAPI document. */
export function editorPaths(toPath: (pattern: string) => string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(EDITOR_ROUTES) as EditorRoute[]) {
    const r = EDITOR_ROUTES[name];
    (out[toPath(r.pattern)] ??= {})[r.method.toLowerCase()] = OPERATIONS[name];
  }
  return out;
}
