/**
 * `nianbao ingest DIR|FILE…` and `nianbao units import FILE`: batch ingest into the store and the
 * list of units. The database: --db (a SQLite file or a postgres:// URL), else DATABASE_URL,
 * else ./data/nianbao.db.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Progress } from '../ingest/progress.js';
import { defaultJobs } from '../ingest/jobs.js';
import { positiveOption } from './options.js';
import type { Store } from '../store/store.js';

/** --db value → open options: a URL goes to PostgreSQL, anything else is a SQLite file. */
export function storeOptions(db: string | undefined): { url?: string | null; file?: string } {
  if (!db) return {};
  return /^postgres(?:ql)?:\/\//i.test(db) ? { url: db } : { url: null, file: db };
}

async function withStore<T>(db: string | undefined, f: (s: Store) => Promise<T>): Promise<T> {
  const { openStore } = await import('../store/store.js');
  const store = await openStore(storeOptions(db));
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('批量导入报告（文件、文件夹、zip 压缩包）到数据库；可中断，再次运行继续')
    .argument('<paths...>', '报告文件、文件夹或 zip 压缩包')
    .option('--db <file|url>', 'SQLite 数据库文件或 postgres:// 地址（默认：环境变量 DATABASE_URL，否则 ./data/nianbao.db）')
    .option('-j, --jobs <n>', `并行解析的进程数（默认 ${defaultJobs()}）`, positiveOption)
    .option('--timeout <seconds>', '单个文件的解析时限（秒，默认 300）', positiveOption)
    .option('--plain', '逐个文件输出一行（不显示进度条）')
    .option('--json', '结束时输出 JSON 汇总')
    .option('--here', '使用 PostgreSQL 时也在本进程内解析（默认：文件进入队列，由 nianbao worker 处理）')
    .action(async (paths: string[], o: { db?: string; jobs?: number; timeout?: number; plain?: boolean; json?: boolean; here?: boolean }) => {
      // PostgreSQL: the files go into the queue (originals kept first); the workers parse them (docs/scale.md).
      const { queueUrl } = await import('./worker.js');
      const url = queueUrl(o.db);
      if (url && !o.here) {
        process.exitCode = await enqueueCommand(url, paths, !!o.json);
        return;
      }
      // The pipeline, the store and the progress bar load only when ingest runs.
      const [{ barProgress, lineProgress, summaryTable }, { ingestPaths }] = await Promise.all([import('../ingest/progress.js'), import('../ingest/run.js')]);
      const controller = new AbortController();
      let stops = 0;
      const onSignal = (): void => {
        stops++;
        if (stops > 1) process.exit(130);
        process.stderr.write('\n正在停止：写完当前文件后结束（再按一次 Ctrl-C 立即退出）…\n');
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const progress: Progress = process.stderr.isTTY && !o.plain && !o.json ? barProgress() : o.json ? { start() {}, file() {}, stop() {} } : lineProgress();
      try {
        const summary = await withStore(o.db, (store) =>
          ingestPaths(store, paths, {
            ...(o.jobs !== undefined ? { jobs: o.jobs } : {}),
            ...(o.timeout ? { timeoutMs: o.timeout * 1000 } : {}),
            signal: controller.signal,
            onStart: (n) => progress.start(n),
            onFile: (e) => progress.file(e),
          }),
        );
        progress.stop();
        process.stdout.write(o.json ? JSON.stringify(summary) + '\n' : summaryTable(summary));
        process.exitCode = controller.signal.aborted ? 130 : summary.interrupted ? 1 : 0;
      } finally {
        progress.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  const units = program.command('units').description('应报送单位名单');
  units
    .command('import')
    .description('导入应报送单位名单（CSV 或 XLSX：名称,地区,层级,上级,别名），并重新匹配已导入的报告')
    .argument('<file>', 'CSV 或 XLSX 文件')
    .option('--db <file|url>', 'SQLite 数据库文件或 postgres:// 地址')
    .action(async (file: string, o: { db?: string }) => {
      const { MAX_UNIT_FILE_BYTES } = await import('../units/import.js');
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        process.stderr.write(`无法打开文件：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      if (bytes.length > MAX_UNIT_FILE_BYTES) {
        process.stderr.write(`文件超过 ${MAX_UNIT_FILE_BYTES / 1024 / 1024} MB，未导入\n`);
        process.exitCode = 2;
        return;
      }
      const r = await withStore(o.db, (s) => s.importUnitFile(bytes));
      process.stdout.write(`新增 ${r.added} 个单位，更新 ${r.updated} 个\n`);
      for (const x of r.rejected) process.stdout.write(`  ${x.message}\n`);
      const review = await withStore(o.db, (s) => s.reviewQueue({ limit: 10_000 }));
      if (review.items.length) process.stdout.write(`待人工确认单位的报告：${review.items.length} 份\n`);
      process.exitCode = r.added + r.updated === 0 && r.rejected.length ? 1 : 0;
    });
}

/** `nianbao ingest` on PostgreSQL: keep and queue every document; the workers do the rest. */
async function enqueueCommand(url: string, paths: string[], json: boolean): Promise<number> {
  const [{ openStore }, { IngestQueue }, { enqueuePaths }] = await Promise.all([
    import('../store/store.js'),
    import('../queue/queue.js'),
    import('../queue/enqueue.js'),
  ]);
  const store = await openStore({ url });
  const queue = await IngestQueue.open(store, url, { connections: 2 });
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const s = await enqueuePaths(queue, paths, {
      signal: controller.signal,
      onFile: (name, outcome, message) => {
        if (!json && outcome !== 'queued')
          process.stderr.write(`${name}\t${{ duplicate: '重复', failed: '未入队', skipped: '跳过' }[outcome]}${message ? `：${message}` : ''}\n`);
      },
    });
    process.stdout.write(
      json
        ? JSON.stringify(s) + '\n'
        : `已进入队列 ${s.queued} 个，重复 ${s.duplicates} 个，未入队 ${s.failed} 个，跳过 ${s.skipped} 个（${s.seconds.toFixed(1)} 秒）。由 nianbao worker 处理；进度：nianbao status\n`,
    );
    return controller.signal.aborted ? 130 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await queue.close({ graceful: false });
    await store.close();
  }
}
