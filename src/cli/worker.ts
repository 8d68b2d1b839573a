/**
 * `nianbao worker` (take ingest jobs from the queue on PostgreSQL) and `nianbao status` (the
 * queue's progress). See docs/scale.md. The database: --db postgres://…, else DATABASE_URL.
 */
import type { Command } from 'commander';
import type { QueueProgress, FailedJob } from '../queue/queue.js';
import { positiveOption } from './options.js';

const isPg = (u: string | undefined): u is string => !!u && /^postgres(?:ql)?:\/\//i.test(u);

/** The PostgreSQL URL of --db or DATABASE_URL, or null (SQLite). */
export function queueUrl(db: string | undefined): string | null {
  if (db) return isPg(db) ? db : null;
  const env = process.env['DATABASE_URL'];
  return isPg(env) ? env : null;
}

/** 1:05:03, 4:20, 12 秒. */
export function duration(s: number): string {
  const t = Math.max(0, Math.round(s));
  if (t < 60) return `${t} 秒`;
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function statusText(p: QueueProgress, failed: FailedJob[], reports: number): string {
  if (!p.enabled) return `报告 ${reports} 份。单进程模式（SQLite）：没有队列，上传和导入在本进程内解析。\n`;
  const lines = [
    `报告 ${reports} 份`,
    `队列：排队 ${p.queued}，处理中 ${p.running}，完成 ${p.done}（其中重复 ${p.duplicates}，未入库 ${p.rejected}），失败 ${p.failed}`,
    `速度：${p.rate === null ? '—' : `${p.rate.toFixed(p.rate < 10 ? 2 : 0)} 份/秒`}，预计剩余：${p.etaSeconds === null ? (p.queued + p.running ? '—' : '0') : duration(p.etaSeconds)}`,
  ];
  if (failed.length) {
    lines.push('失败的文件（在网页「处理进度」中可重试）：');
    for (const f of failed) lines.push(`  ${f.fileName}（${f.tries} 次）：${f.error}  [${f.id}]`);
  }
  return lines.join('\n') + '\n';
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('处理队列中的文件（需要 PostgreSQL：DATABASE_URL）：解析、核查、入库；可在多台机器上同时运行')
    .option('--db <url>', 'postgres:// 地址（默认：环境变量 DATABASE_URL）')
    .option('-c, --concurrency <n>', '同时处理的文件数（每个一个解析进程）', positiveOption, 1)
    .option('--timeout <seconds>', '单个文件的解析时限（秒，默认 NIANBAO_JOB_TIMEOUT 或 300）', positiveOption)
    .option('--quiet', '不逐个文件输出')
    .action(async (o: { db?: string; concurrency: number; timeout?: number; quiet?: boolean }) => {
      const url = queueUrl(o.db);
      if (!url) {
        process.stderr.write(
          'nianbao worker: 需要 PostgreSQL（设置 DATABASE_URL 或 --db postgres://…）；使用 SQLite 时上传和导入在本进程内解析，不需要 worker。\n',
        );
        process.exitCode = 2;
        return;
      }
      const [{ openStore }, { startWorker }, { queueSettings }] = await Promise.all([
        import('../store/store.js'),
        import('./../queue/worker.js'),
        import('../queue/queue.js'),
      ]);
      const store = await openStore({ url });
      const settings = queueSettings(o.timeout ? { timeoutSeconds: o.timeout } : {});
      let worker;
      try {
        worker = await startWorker({
          store,
          url,
          concurrency: o.concurrency,
          settings,
          ...(o.quiet ? {} : { log: (line: string) => process.stdout.write(line + '\n') }),
        });
      } catch (e) {
        // Nothing left open, so the process ends with the error (it hung on, saying nothing more).
        await store.close().catch(() => {});
        throw e;
      }
      process.stdout.write(`nianbao worker 已启动（pid ${process.pid}，并发 ${o.concurrency}，时限 ${settings.timeoutSeconds} 秒）：等待任务…\n`);
      let stopping = false;
      const onSignal = (sig: string): void => {
        if (stopping) {
          // A second signal: leave now; the jobs in hand come back after their lease.
          process.exit(130);
        }
        stopping = true;
        process.stdout.write(`收到 ${sig}：不再接新任务，处理完手头的文件后退出…\n`);
        void worker
          .stop()
          .then(() => store.close())
          .then(
            () => {
              process.stdout.write(`nianbao worker 已停止（本次处理 ${worker.handled} 个）\n`);
              process.exit(0);
            },
            (e: unknown) => {
              process.stderr.write(`nianbao worker: ${(e as Error).message}\n`);
              process.exit(1);
            },
          );
      };
      process.on('SIGTERM', () => onSignal('SIGTERM'));
      process.on('SIGINT', () => onSignal('SIGINT'));
      // Started by `nianbao serve` (an IPC channel to it): when serve is gone, drain and exit.
      if (process.send) process.on('disconnect', () => stopping || onSignal('serve 已退出'));
    });

  program
    .command('status')
    .description('处理进度：排队、处理中、完成、失败、速度、预计剩余时间；失败文件及原因')
    .option('--db <file|url>', 'SQLite 数据库文件或 postgres:// 地址')
    .option('--json', '输出 JSON')
    .option('--watch <seconds>', '每隔若干秒刷新，直到队列为空', positiveOption)
    .action(async (o: { db?: string; json?: boolean; watch?: number }) => {
      const { openStore } = await import('../store/store.js');
      const { IngestQueue, NO_QUEUE } = await import('../queue/queue.js');
      const { storeOptions } = await import('./ingest.js');
      const url = queueUrl(o.db);
      const store = await openStore(url ? { url } : storeOptions(o.db));
      const queue = url ? await IngestQueue.open(store, url, { connections: 1 }) : null;
      try {
        for (;;) {
          const [p, failed, stats] = await Promise.all([queue ? queue.progress() : NO_QUEUE, queue ? queue.failed(20) : [], store.stats()]);
          process.stdout.write(o.json ? JSON.stringify({ reports: stats.reports, queue: p, failed }) + '\n' : statusText(p, failed, stats.reports));
          if (!o.watch || p.queued + p.running === 0) break;
          await new Promise((r) => setTimeout(r, o.watch! * 1000));
          if (!o.json) process.stdout.write('\n');
        }
      } finally {
        await queue?.close({ graceful: false });
        await store.close();
      }
    });
}
