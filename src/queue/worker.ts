/**
 * A queue worker (`nianbao worker`): takes ingest jobs from the queue on PostgreSQL, parses each
 * original in a child process (the per-job time limit: a process that runs past it is killed),
 * checks and stores it, and removes the original from the blob store once stored. A parse that
 * crashes or times out throws, so pg-boss retries the job with back-off and parks it failed with
 * the error after the last try. `stop()` lets the jobs in hand finish (or returns them to the
 * queue when they do not finish in time).
 */
import { ParsePool } from '../ingest/pool.js';
import type { Store } from '../store/store.js';
import { IngestQueue, QUEUE, type JobData, type JobOutput, type QueueSettings } from './queue.js';

export interface WorkerOptions {
  store: Store;
  /** The PostgreSQL URL (with its password). */
  url: string;
  /** Jobs at once (each parsed in its own thread). */
  concurrency: number;
  settings: QueueSettings;
  /** One line per job (file, outcome). */
  log?: (line: string) => void;
}

export interface RunningWorker {
  queue: IngestQueue;
  /** Jobs this worker finished (done or thrown). */
  readonly handled: number;
  /** Stop taking jobs; wait for those in hand up to `timeoutMs`, then return them to the queue. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const { store, settings } = opts;
  const log = opts.log ?? (() => {});
  const queue = await IngestQueue.open(store, opts.url, { settings, supervise: true, connections: Math.max(2, opts.concurrency + 1) });
  const pool = new ParsePool(Math.max(1, opts.concurrency), settings.timeoutSeconds * 1000);
  let handled = 0;

  const handle = async (data: JobData, leaseSeconds: number): Promise<JobOutput> => {
    const bytes = await queue.blobs.get(data.sha256);
    if (!bytes) {
      // Stored by an earlier try whose worker died before marking the job done.
      const r = await store.db.selectFrom('reports').select(['id', 'status']).where('sha256', '=', data.sha256).executeTakeFirst();
      if (r) return { outcome: 'duplicate', id: r.id, status: r.status, message: null };
      throw new Error('原文件不在队列存储中，无法处理（请重新上传）');
    }
    let record;
    if (!(await store.hasFile(data.sha256))) {
      // The job must end before its lease does (else another worker takes it again meanwhile).
      const parsed = await pool.parse(bytes, data.fileName, Math.max(1, Math.min(settings.timeoutSeconds, leaseSeconds - 10)) * 1000);
      if ('error' in parsed) throw new Error(parsed.kind === 'timeout' ? parsed.error : `解析时出错：${parsed.error.split('\n')[0]!.slice(0, 500)}`);
      record = parsed.record;
    }
    const r = await store.ingestFile({ bytes, fileName: data.fileName, ...(record ? { record } : {}) });
    if (data.unitId !== null && r.id !== null && (r.outcome === 'new' || r.outcome === 'superseded')) await store.setReportUnit(r.id, data.unitId);
    await queue.blobs.delete(data.sha256);
    return { outcome: r.outcome, id: r.id, status: r.status, message: r.message };
  };

  // pg-boss waits its polling interval after every fetch unless told there is more: after a job
  // the loop is told, so a busy worker takes its next job at once and an idle one polls.
  const notify = (id: string | undefined): void => {
    if (id) (queue.boss as unknown as { notifyWorker(id: string): void }).notifyWorker(id);
  };
  const work = async (): Promise<void> => {
    // Its id is known once work() returns; a job taken before that is not followed by a notice.
    const loop: { id?: string } = {};
    loop.id = await queue.boss.work<JobData>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (!job) return;
      const t0 = performance.now();
      log(`→ ${job.data.fileName}`);
      try {
        const out = await handle(job.data, Number(job.expireInSeconds) || settings.leaseSeconds);
        log(`${job.data.fileName}\t${out.outcome}${out.id !== null ? ` #${out.id}` : ''}\t${Math.round(performance.now() - t0)} ms`);
        return out;
      } catch (e) {
        log(`${job.data.fileName}\t出错：${(e as Error).message}`);
        throw e;
      } finally {
        handled++;
        notify(loop.id);
      }
    });
  };
  try {
    for (let i = 0; i < Math.max(1, opts.concurrency); i++) await work();
  } catch (e) {
    await queue.close({ graceful: false, timeoutMs: 5000 }).catch(() => {});
    await pool.close();
    throw e;
  }

  return {
    queue,
    get handled() {
      return handled;
    },
    async stop(timeoutMs = settings.timeoutSeconds * 1000 + 5000) {
      await queue.close({ graceful: true, timeoutMs });
      await pool.close();
    },
  };
}
