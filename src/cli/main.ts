#!/usr/bin/env node
/** nianbao command line. Exit status: 0 clean, 1 error findings, 2 unreadable input. */
import { readFileSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { isUnreadable, parseReport, reportFromRead } from '../index.js';
import { unreadable } from '../read/types.js';
import type { Finding, Report } from '../model/report.js';
import { toCsv, toMarkdown } from '../render/csv.js';
import { registerBackup } from './backup.js';
import { registerIngest } from './ingest.js';
import { registerServe } from './serve.js';
import { registerUsers } from './users.js';

const MAX_BYTES = 200 * 1024 * 1024;
const OPEN_ERRORS: Record<string, string> = { ENOENT: '文件不存在', EACCES: '没有读取权限', EPERM: '没有读取权限', EISDIR: '这是文件夹，不是文件' };

async function readInputs(files: string[]): Promise<Report[]> {
  const out: Report[] = [];
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      if (f === '-') bytes = readFileSync(0);
      else {
        if (statSync(f).size > MAX_BYTES) {
          out.push(unreadableReport(f, `文件超过 ${MAX_BYTES / 1024 / 1024} MB，未读取`));
          continue;
        }
        bytes = readFileSync(f);
      }
    } catch (e) {
      out.push(unreadableReport(f, `无法打开文件：${OPEN_ERRORS[(e as NodeJS.ErrnoException).code ?? ''] ?? (e as Error).message}`));
      continue;
    }
    out.push(await parseReport(bytes, { path: f === '-' ? '-' : f }));
  }
  return out;
}

/** The record of a file that could not even be opened: the usual shape, one fatal finding. */
function unreadableReport(path: string, message: string): Report {
  return reportFromRead(unreadable('unknown', message), { path, sha256: '', bytes: 0 });
}

function exitCode(reports: Report[]): number {
  if (reports.some(isUnreadable)) return 2;
  if (reports.some((r) => r.findings.some((f) => f.severity === 'error'))) return 1;
  return 0;
}

const useColor = process.stdout.isTTY && !process.env['NO_COLOR'];
const paint = (code: string, s: string): string => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
const SEV: Record<Finding['severity'], [string, string]> = { error: ['错误', '31'], warning: ['警告', '33'], info: ['提示', '36'] };

function describe(r: Report): string {
  const lines: string[] = [];
  const head = `${r.source.path ?? '(输入)'}  ${r.agency ?? '（单位未写明）'} ${r.year ?? '（年度未知）'}年度  格式：${r.template ?? '未识别'}`;
  lines.push(paint('1', head));
  if (!r.findings.length) lines.push(paint('32', '  未发现问题'));
  for (const sev of ['error', 'warning', 'info'] as const) {
    const fs = r.findings.filter((f) => f.severity === sev);
    if (!fs.length) continue;
    lines.push(paint(SEV[sev][1], `  ${SEV[sev][0]}（${fs.length}）`));
    for (const f of fs) lines.push(`    ${paint('2', f.rule.padEnd(18))} ${f.message}${f.line ? paint('2', `  ［第${f.line}行］`) : ''}`);
  }
  return lines.join('\n');
}

const program = new Command();
program.name('nianbao').description('政府信息公开工作年度报告：读取、解析、核查').version('0.1.0');

program
  .command('parse')
  .description('解析报告，输出标准记录（nianbao.report/1）')
  .argument('<files...>', '报告文件（文本、HTML、DOCX、PDF），- 表示标准输入')
  .option('--json', '输出 JSON 数组，每个文件一条记录（默认）')
  .option('--csv', '输出 CSV（每个单元格一行，带 BOM，Excel/WPS 可直接打开）')
  .option('--md', '输出 Markdown 表格')
  .option('--no-check', '只解析，不运行核查规则')
  .action(async (files: string[], o: { json?: boolean; csv?: boolean; md?: boolean; check: boolean }) => {
    const reports = await readInputs(files);
    if (!o.check) for (const r of reports) r.findings = r.findings.filter((f) => !/^[TSNXM]\./.test(f.rule) || f.rule.startsWith('M.title'));
    if (o.csv) process.stdout.write(toCsv(reports));
    else if (o.md) process.stdout.write(reports.map(toMarkdown).join('\n---\n\n'));
    else process.stdout.write(JSON.stringify(reports, null, 1) + '\n');
    // parse reports what it read (findings are in the output): 0, or 2 when a file could not be
    // read at all. The 0/1/2 verdict on findings is check's.
    process.exitCode = reports.some(isUnreadable) ? 2 : 0;
  });

program
  .command('check')
  .description('核查报告，按严重程度列出问题')
  .argument('<files...>', '报告文件，- 表示标准输入')
  .option('--json', '输出 JSON：每个文件的问题列表')
  .option('--previous <file>', '同一单位上一年度的报告：加做跨年度核查（上年结转、现行有效件数、与上年文字或表格雷同）')
  .action(async (files: string[], o: { json?: boolean; previous?: string }) => {
    let reports: Report[];
    if (o.previous) {
      const { checkWithPrevious } = await import('./analyse.js');
      const done = await checkWithPrevious(files, o.previous);
      reports = done.reports;
      for (const n of done.notes) process.stderr.write(`提示：${n}\n`);
    } else reports = await readInputs(files);
    if (o.json)
      process.stdout.write(
        JSON.stringify(
          reports.map((r) => ({ path: r.source.path, agency: r.agency, year: r.year, template: r.template, findings: r.findings })),
          null,
          1,
        ) + '\n',
      );
    else process.stdout.write(reports.map(describe).join('\n\n') + '\n');
    process.exitCode = exitCode(reports);
  });

program
  .command('compare')
  .description('比较两份报告（同一单位两个年度，或两个单位）：三张表逐格差值、各项指标')
  .argument('<a>', '报告 A')
  .argument('<b>', '报告 B（差值为 B − A）')
  .option('--json', '输出 JSON')
  .action(async (a: string, b: string, o: { json?: boolean }) => {
    const { runCompare } = await import('./analyse.js');
    const r = await runCompare(a, b, !!o.json);
    process.stdout.write(r.output + '\n');
    process.exitCode = r.exitCode;
  });

program
  .command('rollup')
  .description('汇总多份报告：按年度和统计范围（本机关、本级、全域）合计三张表，全域报告与下级报告之和逐格比对')
  .argument('<files...>', '报告文件')
  .option('--units <file>', '单位名单（CSV 或 XLSX：名称、地区、层级、上级），用于确定下级和缺少的报告；层级写「全区」「本级」「本机关」时作为统计范围')
  .option('--json', '输出 JSON')
  .action(async (files: string[], o: { json?: boolean; units?: string }) => {
    const { runRollup } = await import('./analyse.js');
    const r = await runRollup(files, { json: !!o.json, units: o.units ?? null });
    process.stdout.write(r.output + '\n');
    process.exitCode = r.exitCode;
  });

registerServe(program, '0.1.0');
registerIngest(program);
registerBackup(program);
registerUsers(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`nianbao: ${(e as Error)?.message ?? e}\n`);
  process.exitCode = 2;
});
