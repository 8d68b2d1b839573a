/** `nianbao serve`: the web app and API on the embedded SQLite database (or DATABASE_URL). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { Store } from '../store/index.js';
import { countOption, portOption } from './options.js';

const here = dirname(fileURLToPath(import.meta.url));
/** web/dist of the package (dist/cli → ../../web/dist). */
export const WEB_ROOT = resolve(here, '..', '..', 'web', 'dist');

/** Load the demo set into an empty store. Returns the number of files ingested. */
/**
 * Load the demo set. With `pdf`, also its PDF and its scan (made with LibreOffice and poppler, the
 * scan read by OCR: some seconds); `skipped` says why they are missing when they could not be made.
 */
export async function loadDemo(store: Store, opts: { pdf?: boolean } = {}): Promise<number> {
  const { demoSet } = await import('../synth/demo.js');
  const { files, pending, unitsCsv } = demoSet();
  await store.importUnitFile(new TextEncoder().encode(unitsCsv));
  for (const f of files) await store.ingestFile({ bytes: f.bytes, fileName: f.name });
  if (!opts.pdf) return files.length;
  const { demoPdfFiles } = await import('../synth/demo-pdf.js');
  const extra = await demoPdfFiles(pending);
  if (extra.skipped) process.stdout.write(`提示：${extra.skipped}\n`);
  for (const f of extra.files) await store.ingestFile({ bytes: f.bytes, fileName: f.name });
  return files.length + extra.files.length;
}

/** 127.0.0.1, ::1, localhost: a server only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

export function registerServe(program: Command, version: string): void {
  program
    .command('serve')
    .description('启动网页应用（默认使用内置 SQLite 数据库 data/nianbao.db；设置 DATABASE_URL 则使用 PostgreSQL）')
    .option('-p, --port <port>', '端口（0：任一空闲端口）', portOption, 8080)
    .option('--host <host>', '监听地址', '127.0.0.1')
    .option('--db <file>', 'SQLite 数据库文件', join('data', 'nianbao.db'))
    .option('--demo', '数据库为空时载入演示数据')
    .option('--workers <n>', '解析进程数（0：在网页服务的线程内解析，不设时限）', countOption, 1)
    .option('--readers <n>', '使用 SQLite 时查询列表与搜索的读线程数（默认每核一个；0：在网页服务的线程内查询）', countOption)
    .option(
      '--queue-workers <n>',
      '使用 PostgreSQL 时随网页应用启动的队列 worker 进程数（0：只提供网页，文件由其他机器上的 nianbao worker 处理）',
      countOption,
      1,
    )
    .action(async (o: { port: number; host: string; db: string; demo?: boolean; workers: number; queueWorkers: number; readers?: number }) => {
      // The web app, the store and the HTTP server load only when serve runs (start-up of the other commands).
      const [{ serve }, { createApp }, { openStore, redactUrl }] = await Promise.all([
        import('@hono/node-server'),
        import('../server/app.js'),
        import('../store/index.js'),
      ]);
      const url = process.env['DATABASE_URL'];
      const readers = o.readers ?? (await import('../store/read-pool.js')).defaultReaders();
      const store = await openStore(url ? { url } : { file: o.db, readers });
      // Reachable from other machines: only with an administrator (else anyone could do anything).
      const local = isLoopback(o.host);
      if (!local && !(await store.accounts.hasAdmin())) {
        await store.close();
        process.stderr.write(
          `nianbao: 监听 ${o.host} 时其他机器可以访问，必须先创建管理员：echo 密码 | nianbao users add admin --role admin${o.db !== join('data', 'nianbao.db') ? ` --db ${o.db}` : ''}\n`,
        );
        process.exitCode = 2;
        return;
      }
      if (o.demo && (await store.stats()).reports === 0) {
        process.stdout.write('正在载入演示数据…\n');
        const n = await loadDemo(store, { pdf: true });
        process.stdout.write(`已载入演示数据：${n} 份报告\n`);
      }
      const slowSearch = await (await import('../store/search.js')).searchIndexProblem(store.db, store.dialect);
      if (slowSearch) process.stderr.write(`提示：${slowSearch}\n`);
      // PostgreSQL: uploads are kept and queued; `nianbao worker` processes parse them (docs/scale.md).
      const queue = url && /^postgres(?:ql)?:\/\//i.test(url) ? await (await import('../queue/queue.js')).IngestQueue.open(store, url) : null;
      const nWorkers = o.queueWorkers;
      const workers =
        queue && url && nWorkers > 0
          ? (await import('../queue/local-workers.js')).startLocalWorkers({
              url,
              count: nWorkers,
              entry: process.argv[1]!,
              execArgv: process.execArgv,
              log: (line) => process.stderr.write(line + '\n'),
            })
          : null;
      if (queue)
        process.stdout.write(
          workers
            ? `提示：使用 PostgreSQL：上传的文件进入队列，由本机 ${nWorkers} 个 worker 进程处理（其他机器可另行运行 nianbao worker），进度见网页「处理进度」。\n`
            : '提示：使用 PostgreSQL：上传的文件进入队列，本机不处理（--queue-workers 0）：请在这台或其他机器上运行 nianbao worker，进度见网页「处理进度」。\n',
        );
      const webRoot = existsSync(join(WEB_ROOT, 'index.html')) ? WEB_ROOT : null;
      if (!webRoot) process.stdout.write('提示：网页应用尚未构建（npm run build:web），现在只提供 API。\n');
      const { app, close } = createApp({ store, webRoot, workers: o.workers, version, allowLocalAdmin: local, queue });
      if (local && (await store.accounts.count()) === 0)
        process.stdout.write('提示：尚未设置用户，本机访问者均为管理员（nianbao users add 添加用户后需登录）。\n');
      const server = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, (info) => {
        process.stdout.write(`nianbao 已启动：http://${o.host === '0.0.0.0' ? 'localhost' : o.host}:${info.port}  数据库：${url ? redactUrl(url) : o.db}\n`);
      });
      const stop = async (): Promise<void> => {
        server.close();
        await workers?.stop();
        await close();
        await queue?.close({ graceful: false });
        await store.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
    });
}
