#!/usr/bin/env node
/** nianbao command line. Exit status: 0 clean, 1 error findings, 2 unreadable input. */
import { Command } from 'commander';
import { positiveOption } from './options.js';
import type { Report } from '../model/report.js';
import { registerBackup } from './backup.js';
import { registerIngest } from './ingest.js';
import { registerRender } from './render.js';
import { registerServe } from './serve.js';
import { registerUsers } from './users.js';
import { registerWorker } from './worker.js';
import { chineseFrame } from './zh.js';

// Start-up: this module and the register* functions load commander only. Each command imports its
// modules when it runs (the parser and checks for parse and check, the store for ingest, the web
// app for serve), and a reader (pdfjs, sharp and the OCR engine, the DOCX and HTML parsers) loads
// only when a file of its format arrives: `nianbao --help` and a parse of a text file do not pay
// for what they do not use (docs/bench.md, start-up).

const TIMEOUT_HELP = '读取每个文件的时间上限（秒）；默认 PDF 30 秒，每个需要文字识别（OCR）的扫描页另加 30 秒，超时未读的页会列出';

const program = new Command();
chineseFrame(program.name('nianbao').description('政府信息公开工作年度报告：读取、解析、核查'), '0.1.0');

program
  .command('parse')
  .description('解析报告，输出标准记录（nianbao.report/1）')
  .argument('<files...>', '报告文件（文本、HTML、DOCX、PDF），- 表示标准输入')
  .option('--json', '输出 JSON 数组（默认），每个文件一条完整记录（一行）：三张表、问题，每个单元格连同原文写法和位置（行号、字符区间，PDF 的页码和坐标）')
  .option('--lean', '输出精简记录 JSON：三张表、问题，单元格只列推算、缺失或带标记的（照原样读出的单元格不列出处）')
  .option('--full', '输出完整记录 JSON，逐项缩进（便于阅读）')
  .option('--csv', '输出 CSV（每个单元格一行，带 BOM，Excel/WPS 可直接打开）')
  .option('--md', '输出 Markdown 表格')
  .option('--no-check', '只解析，不运行核查规则')
  .option('--timeout <秒>', TIMEOUT_HELP, positiveOption)
  .action(async (files: string[], o: { json?: boolean; lean?: boolean; full?: boolean; csv?: boolean; md?: boolean; check: boolean; timeout?: number }) => {
    const { runParse } = await import('./parse.js');
    process.exitCode = await runParse(files, o, (s) => process.stdout.write(s));
  });

program
  .command('check')
  .description('核查报告，按严重程度列出问题')
  .argument('<files...>', '报告文件，- 表示标准输入')
  .option('--json', '输出 JSON：每个文件的问题列表')
  .option('--previous <file>', '同一单位上一年度的报告：加做跨年度核查（上年结转、现行有效件数、与上年文字或表格雷同）')
  .option('--timeout <秒>', TIMEOUT_HELP, positiveOption)
  .action(async (files: string[], o: { json?: boolean; previous?: string; timeout?: number }) => {
    const { checkOutput, exitCode, readInputs, readLimits } = await import('./parse.js');
    const limits = readLimits(o.timeout);
    let reports: Report[];
    if (o.previous) {
      const { checkWithPrevious } = await import('./analyse.js');
      const done = await checkWithPrevious(files, o.previous, limits);
      reports = done.reports;
      for (const n of done.notes) process.stderr.write(`提示：${n}\n`);
    } else reports = await readInputs(files, limits);
    process.stdout.write(checkOutput(reports, !!o.json));
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
  .option('--docx <file>', '另写出汇总报告（DOCX）：按统计范围合计的主要数据、与上年比较、图表、各单位数据，可直接上报')
  .option('--title <text>', '汇总报告的标题（默认：地区和年度）')
  .action(async (files: string[], o: { json?: boolean; units?: string; docx?: string; title?: string }) => {
    const { runRollup } = await import('./analyse.js');
    const r = await runRollup(files, { json: !!o.json, units: o.units ?? null, docx: o.docx ?? null, title: o.title ?? null });
    process.stdout.write(r.output + '\n');
    process.exitCode = r.exitCode;
  });

registerRender(program);
registerServe(program, '0.1.0');
registerIngest(program);
registerBackup(program);
registerUsers(program);
registerWorker(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`nianbao: ${(e as Error)?.message ?? e}\n`);
  process.exitCode = 2;
});
