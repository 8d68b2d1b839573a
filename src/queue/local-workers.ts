/**
 * `nianbao worker` processes started by `nianbao serve` on PostgreSQL, so that one machine with
 * the web app and the database works without a second command (`serve --queue-workers N`; 0 for
 * a web-only node whose files other machines' workers take). Each is the same CLI as a worker
 * started by hand. One that dies unexpectedly (out of memory, killed) is started again after a
 * short pause — its job comes back after its lease; `stop()` sends SIGTERM to each (finish the
 * job in hand, take no other) and waits for them, SIGKILL after `graceMs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface LocalWorkers {
  pids(): number[];
  stop(graceMs?: number): Promise<void>;
}

export function startLocalWorkers(opts: {
  url: string;
  count: number;
  /** The CLI's entry (process.argv[1]) and the runtime flags it needs (process.execArgv: `--import tsx` from source). */
  entry: string;
  execArgv?: string[];
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}): LocalWorkers {
  const log = opts.log ?? (() => {});
  const slots: (ChildProcess | null)[] = Array.from({ length: opts.count }, () => null);
  let stopping = false;
  const recent: number[] = [];

  const start = (i: number): void => {
    // Its own process group (Ctrl-C in the terminal reaches serve, which stops the workers in
    // order), and an IPC channel: when serve dies without stopping them (kill -9), the channel
    // closes and the worker drains and exits instead of living on.
    const child = spawn(process.execPath, [...(opts.execArgv ?? []), opts.entry, 'worker', '--db', opts.url, '--quiet'], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      detached: true,
      env: { ...(opts.env ?? process.env), DATABASE_URL: '' },
    });
    slots[i] = child;
    child.on('exit', (code, signal) => {
      if (slots[i] === child) slots[i] = null;
      if (stopping) return;
      const now = Date.now();
      recent.push(now);
      while (recent.length && recent[0]! < now - 60_000) recent.shift();
      // A worker that cannot start at all (the database gone) is not restarted in a tight loop.
      if (recent.length > 5 * opts.count) {
        log(
          `nianbao serve: 队列 worker 一分钟内多次退出（最近一次：${signal ?? `退出码 ${code}`}），不再自动重启；请检查数据库连接后重启 serve，或另行运行 nianbao worker`,
        );
        return;
      }
      log(`nianbao serve: 队列 worker（pid ${child.pid}）意外退出（${signal ?? `退出码 ${code}`}），2 秒后重启；它手头的文件在租约到期后回到队列`);
      setTimeout(() => {
        if (!stopping) start(i);
      }, 2000).unref();
    });
  };
  for (let i = 0; i < opts.count; i++) start(i);

  return {
    pids: () => slots.filter((c): c is ChildProcess => !!c && c.exitCode === null).map((c) => c.pid!),
    async stop(graceMs = 30_000): Promise<void> {
      stopping = true;
      const live = slots.filter((c): c is ChildProcess => !!c && c.exitCode === null && c.signalCode === null);
      await Promise.all(
        live.map(
          (c) =>
            new Promise<void>((resolve) => {
              const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
              c.once('exit', () => {
                clearTimeout(t);
                resolve();
              });
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
