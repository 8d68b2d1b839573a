/**
 * nianbao render: a record (nianbao.report/1 JSON: what `nianbao parse --json` writes, one record
 * or an array, or one record a line) or a report file (parsed first) written out in the
 * statutory layout as DOCX, HTML, Markdown or PDF (src/render/report.ts). Several records: one
 * file each, named by their titles. Exit status 0 written, 2 nothing could be written.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Report } from '../model/report.js';

export interface RenderCommandOptions {
  format: string;
  out?: string;
  sections?: string;
}

const isRecord = (x: unknown): x is Report => !!x && typeof x === 'object' && (x as { schema?: unknown }).schema === 'nianbao.report/1';

/** The records a JSON text holds: one record, an array of them, or one a line. Null: not records. */
export function recordsOfJson(text: string): Report[] | null {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return null;
  try {
    const v = JSON.parse(t) as unknown;
    if (isRecord(v)) return [v];
    if (Array.isArray(v) && v.length && v.every(isRecord)) return v;
    return null;
  } catch {
    const lines = t.split(/\r?\n/).filter((l) => l.trim());
    try {
      const vs = lines.map((l) => JSON.parse(l) as unknown);
      return vs.length && vs.every(isRecord) ? vs : null;
    } catch {
      return null;
    }
  }
}

export async function runRender(
  file: string,
  o: RenderCommandOptions,
  io: { out: (b: Uint8Array) => void; err: (s: string) => void; cwd?: string } = {
    out: (b) => process.stdout.write(b),
    err: (s) => process.stderr.write(s),
  },
): Promise<number> {
  const { REPORT_FORMATS, renderReport, reportFileName } = await import('../render/report.js');
  const format = o.format === 'markdown' ? 'md' : o.format;
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    io.err(`nianbao render: 不支持的格式「${o.format}」（可选 docx、html、md、pdf）\n`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    io.err(`nianbao render: 无法读取 ${file}：${(e as Error).message}\n`);
    return 2;
  }
  let records = /\.(json|jsonl|ndjson)$/i.test(file) || bytes[0] === 0x7b || bytes[0] === 0x5b ? recordsOfJson(new TextDecoder().decode(bytes)) : null;
  if (!records) {
    if (/\.(json|jsonl|ndjson)$/i.test(file)) {
      io.err(`nianbao render: ${file} 不是标准记录（nianbao.report/1）JSON\n`);
      return 2;
    }
    const { parseReport } = await import('../index.js');
    records = [await parseReport(bytes, { path: file })];
  }
  let sections: Record<string, string> | undefined;
  if (o.sections) {
    try {
      sections = JSON.parse(await readFile(o.sections, 'utf8')) as Record<string, string>;
    } catch (e) {
      io.err(`nianbao render: 无法读取各部分正文 ${o.sections}：${(e as Error).message}\n`);
      return 2;
    }
  }
  if (records.length > 1 && o.out && o.out !== '-') {
    io.err('nianbao render: 多条记录时每条各写一个文件（按标题命名），不能用 --out 指定一个文件\n');
    return 2;
  }
  let written = 0;
  for (const r of records) {
    const res = await renderReport(r, format as (typeof REPORT_FORMATS)[number], sections ? { sections } : {});
    if (!res.ok) {
      io.err(`nianbao render: ${r.title ?? r.agency ?? file}：${res.message}\n`);
      continue;
    }
    for (const w of res.warnings) io.err(`提示：${w}\n`);
    if (o.out === '-') io.out(res.bytes);
    else {
      const path = o.out ?? join(io.cwd ?? process.cwd(), reportFileName(r, res.ext));
      await writeFile(path, res.bytes);
      io.err(`已写出 ${path}\n`);
    }
    written++;
  }
  return written === records.length ? 0 : 2;
}

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('按法定格式输出年度报告：DOCX（2021年版官方模板）、HTML（政府网站）、Markdown 或 PDF（需 LibreOffice）')
    .argument('<file>', '标准记录 JSON（nianbao parse --json 的输出，一条、数组或每行一条）或报告文件（先解析）')
    .option('--format <format>', 'docx、html、md 或 pdf', 'docx')
    .option('-o, --out <file>', '输出文件（默认按报告标题命名，写在当前目录；- 表示标准输出）')
    .option('--sections <file>', '各部分正文 JSON：{"s1": "…", …, "s6": "…"}（没有时按记录中的事实写）')
    .action(async (file: string, o: RenderCommandOptions) => {
      process.exitCode = await runRender(file, o);
    });
}
