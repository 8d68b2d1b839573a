/** The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas of ./contract.ts. */
import { z } from 'zod';
import * as C from './contract.js';

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } },
});
const file = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });
const err = { description: '错误（JSON：{error}）' };
const listParams = ['year', 'q', 'region', 'status', 'rule', 'sort', 'order', 'page', 'pageSize', 'ids', 'includeSuperseded'].map((name) => ({
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

export function openApiDocument(version: string): unknown {
  return {
    openapi: '3.1.0',
    info: { title: 'nianbao API', version, description: '政府信息公开工作年度报告：上传、解析、核查、报送情况与导出' },
    paths: {
      '/healthz': { get: { summary: '健康检查', responses: { 200: json(C.health, '状态') } } },
      '/api/reports': {
        get: { summary: '报告列表（搜索、筛选、排序、分页）', parameters: listParams, responses: { 200: json(C.reportList, '报告列表') } },
        post: {
          summary: '上传报告（可多个文件，字段名 file）',
          requestBody: multipart,
          responses: { 200: json(C.uploadResult, '每个文件的处理结果'), 400: err, 413: err },
        },
      },
      '/api/reports/{id}': {
        get: {
          summary: '报告详情：记录、问题（含审核意见）、历史版本、原文文本',
          parameters: [idParam],
          responses: { 200: json(C.reportDetail, '报告详情'), 404: err },
        },
      },
      '/api/reports/{id}/source': {
        get: {
          summary: '原文件（HTML 与文本以纯文本显示；download=1 下载原文件）',
          parameters: [idParam],
          responses: { 200: file('application/octet-stream', '原文件'), 404: err },
        },
      },
      '/api/reports/{id}/pages/{n}': {
        get: {
          summary: 'PDF 页面图像（每个 PDF 点 2 像素）',
          parameters: [idParam, { name: 'n', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { 200: file('image/png', '页面'), 404: err },
        },
      },
      '/api/reports/{id}/problems.docx': {
        get: {
          summary: '问题清单（DOCX）',
          parameters: [idParam],
          responses: { 200: file('application/vnd.openxmlformats-officedocument.wordprocessingml.document', '问题清单'), 404: err },
        },
      },
      '/api/reports/{id}/findings/{key}/decision': {
        put: {
          summary: '确认或忽略一条问题（重新解析后仍保留）',
          parameters: [idParam, { name: 'key', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(C.decisionInput, { io: 'input' }) } } },
          responses: { 200: json(C.decision, '审核意见'), 400: err, 404: err },
        },
      },
      '/api/reports/{id}/unit': {
        put: {
          summary: '指定报告所属单位',
          parameters: [idParam],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'object', properties: { unitId: { type: ['integer', 'null'] } } } } },
          },
          responses: { 200: json(C.reportSummary, '报告'), 404: err },
        },
      },
      '/api/units': {
        get: { summary: '单位名单', parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }], responses: { 200: json(C.unitList, '单位') } },
      },
      '/api/units/import': {
        post: {
          summary: '导入应报送单位名单（CSV 或 XLSX：名称,地区,层级,上级,别名）',
          requestBody: multipart,
          responses: { 200: json(C.unitImportResult, '导入结果'), 400: err },
        },
      },
      '/api/units/review': { get: { summary: '待确认：未匹配或有歧义的报告', responses: { 200: json(C.reviewQueue, '待确认') } } },
      '/api/coverage': {
        get: {
          summary: '报送情况：单位 × 年度',
          parameters: [
            { name: 'years', in: 'query', schema: { type: 'string' } },
            { name: 'region', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: json(C.coverage, '报送情况') },
        },
      },
      '/api/export.xlsx': {
        get: {
          summary: '导出全部表格数据（XLSX），筛选同列表',
          parameters: listParams,
          responses: { 200: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX') },
        },
      },
      '/api/export.csv': {
        get: { summary: '导出全部表格数据（CSV，带 BOM），筛选同列表', parameters: listParams, responses: { 200: file('text/csv', 'CSV') } },
      },
      '/api/rules': { get: { summary: '核查规则一览', responses: { 200: json(C.ruleList, '规则') } } },
      '/api/docs': { get: { summary: '本文档（OpenAPI 3.1）', responses: { 200: { description: 'OpenAPI' } } } },
    },
  };
}
