/**
 * The ingest queue on PostgreSQL (pg-boss), used when the store is PostgreSQL (docs/scale.md).
 * An upload or `nianbao ingest` keeps the original in the blob store first (content-addressed,
 * src/store/blobs.ts), then sends a job naming it; `nianbao worker` processes (any number, on any
 * machine) take jobs, parse, check and store (worker.ts). A job that throws or runs past its time
 * limit is retried with back-off; after the last try it is parked `failed` with its error, its
 * original kept, until someone retries it. A job whose worker died comes back when its lease
 * (pg-boss `expireIn`) runs out. Storing is idempotent on the content hash (the store's unique
 * sha256), so a job done twice still makes one record.
 *
 * With SQLite there is no queue: everything stays in one process as before.
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import { DbBlobStore, type BlobStore } from '../store/blobs.js';
import type { Store } from '../store/store.js';

export const QUEUE = 'nianbao-ingest';

export interface JobData {
  sha256: string;
  fileName: string;
  size: number;
  /** A 填报单位's upload: its report goes to this unit. */
  unitId: number | null;
}

/** What a done job records (pg-boss `output`). */
export interface JobOutput {
  outcome: 'new' | 'duplicate' | 'superseded' | 'rejected';
  id: number | null;
  status: string | null;
  message: string | null;
}

export interface QueueSettings {
  /** Per-job parse time limit (s). */
  timeoutSeconds: number;
  /** Retries after the first try. */
  retries: number;
  /** First retry delay (s); doubled each time (pg-boss back-off, with jitter). */
  retryDelaySeconds: number;
  /** How long a job stays taken by a worker that says nothing: past it, the job comes back (s). */
  leaseSeconds: number;
  /** How often expired leases are looked for (s). */
  maintenanceSeconds: number;
}

const envNumber = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/**
 * Settings from the environment (the same for the server, `nianbao ingest` and the workers):
 * NIANBAO_JOB_TIMEOUT (s, 300), NIANBAO_JOB_RETRIES (2), NIANBAO_JOB_RETRY_DELAY (s, 10),
 * NIANBAO_JOB_LEASE (s, time limit + 60), NIANBAO_QUEUE_MAINTENANCE (s, 30).
 */
export function queueSettings(over: Partial<QueueSettings> = {}): QueueSettings {
  const timeoutSeconds = over.timeoutSeconds ?? envNumber('NIANBAO_JOB_TIMEOUT', 300);
  const retries = over.retries ?? (process.env['NIANBAO_JOB_RETRIES'] === '0' ? 0 : Math.round(envNumber('NIANBAO_JOB_RETRIES', 2)));
  return {
    timeoutSeconds,
    retries,
    retryDelaySeconds: over.retryDelaySeconds ?? envNumber('NIANBAO_JOB_RETRY_DELAY', 10),
    leaseSeconds: Math.max(over.leaseSeconds ?? envNumber('NIANBAO_JOB_LEASE', timeoutSeconds + 60), 1),
    maintenanceSeconds: over.maintenanceSeconds ?? envNumber('NIANBAO_QUEUE_MAINTENANCE', 30),
  };
}

export interface QueueProgress {
  enabled: boolean;
  /** Waiting for a worker (new, or waiting for a retry). */
  queued: number;
  running: number;
  done: number;
  failed: number;
  /** Of the done: turned away (not a report, …) and duplicates. */
  rejected: number;
  duplicates: number;
  /** Jobs done per second over the last minutes (null: too few to say). */
  rate: number | null;
  /** Seconds until queued + running are done at that rate (null: unknown or nothing left). */
  etaSeconds: number | null;
}

export interface FailedJob {
  id: string;
  fileName: string;
  /** Why it failed on its last try. */
  error: string;
  tries: number;
  failedAt: string | null;
}

export const NO_QUEUE: QueueProgress = { enabled: false, queued: 0, running: 0, done: 0, failed: 0, rejected: 0, duplicates: 0, rate: null, etaSeconds: null };

/** The time window the rate is measured over (s). */
const RATE_WINDOW = 300;

export class IngestQueue {
  readonly blobs: BlobStore;

  private constructor(
    readonly boss: PgBoss,
    readonly store: Store,
    readonly settings: QueueSettings,
  ) {
    this.blobs = new DbBlobStore(store.db);
  }

  /**
   * Connect to the queue on the store's PostgreSQL (`url`: its URL with the password). Creates
   * pg-boss's schema and the queue on first use. `supervise`: look for expired leases (workers).
   */
  static async open(store: Store, url: string, opts: { settings?: QueueSettings; supervise?: boolean; connections?: number } = {}): Promise<IngestQueue> {
    if (store.dialect !== 'postgres') throw new Error('the ingest queue needs PostgreSQL (DATABASE_URL)');
    const settings = opts.settings ?? queueSettings();
    const boss = new PgBoss({
      connectionString: url,
      max: opts.connections ?? 4,
      application_name: 'nianbao-queue',
      supervise: opts.supervise ?? false,
      schedule: false,
      maintenanceIntervalSeconds: settings.maintenanceSeconds,
      // Failed jobs stay where the page can retry them for 30 days; done ones move to the archive after a day.
      archiveCompletedAfterSeconds: 24 * 3600,
      archiveFailedAfterSeconds: 30 * 24 * 3600,
      deleteAfterDays: 60,
    });
    boss.on('error', (e: Error) => process.stderr.write(`nianbao queue: ${e.message}\n`));
    try {
      await boss.start();
      await ensureQueue(boss, url);
    } catch (e) {
      // Nothing left running (its pool, its timers): the caller reports the error and exits.
      await boss.stop({ graceful: false, wait: true, timeout: 5000 }).catch(() => {});
      throw new Error(`无法打开任务队列（PostgreSQL 上的 pg-boss）：${(e as Error).message}`, { cause: e });
    }
    return new IngestQueue(boss, store, settings);
  }

  /** Keep the original, then queue the job: nothing is lost if a worker dies. The job's id. */
  async enqueue(bytes: Uint8Array, fileName: string, unitId: number | null = null): Promise<string> {
    const sha256 = await this.blobs.put(bytes);
    const data: JobData = { sha256, fileName, size: bytes.length, unitId };
    const id = await this.boss.send(QUEUE, data as unknown as object, {
      retryLimit: this.settings.retries,
      retryDelay: this.settings.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: this.settings.leaseSeconds,
    });
    if (!id) throw new Error('the queue did not take the job');
    return id;
  }

  /** Counts, rate and time left. */
  async progress(): Promise<QueueProgress> {
    const schema = 'pgboss';
    const { rows } = (await this.boss.getDb().executeSql(
      `select state, count(*)::int as n,
              count(*) filter (where output->>'outcome' = 'rejected')::int as rejected,
              count(*) filter (where output->>'outcome' = 'duplicate')::int as duplicates,
              count(*) filter (where state = 'completed' and completed_on > now() - make_interval(secs => $2))::int as recent,
              extract(epoch from now() - min(completed_on) filter (where state = 'completed' and completed_on > now() - make_interval(secs => $2)))::float8 as span
         from (select state, output, completed_on from ${schema}.job where name = $1
               union all select state, output, completed_on from ${schema}.archive where name = $1) j
        group by state`,
      [QUEUE, RATE_WINDOW],
    )) as { rows: { state: string; n: number; rejected: number; duplicates: number; recent: number; span: number | null }[] };
    const p: QueueProgress = { ...NO_QUEUE, enabled: true };
    let recent = 0;
    let span = 0;
    for (const r of rows) {
      if (r.state === 'created' || r.state === 'retry') p.queued += r.n;
      else if (r.state === 'active') p.running += r.n;
      else if (r.state === 'completed') {
        p.done += r.n;
        p.rejected += r.rejected;
        p.duplicates += r.duplicates;
        recent += r.recent;
        span = Math.max(span, r.span ?? 0);
      } else if (r.state === 'failed') p.failed += r.n;
    }
    // The rate from the first completion in the window to now (at least 5 s, so one job is no spike).
    if (recent >= 2) p.rate = recent / Math.max(span, 5);
    const left = p.queued + p.running;
    if (p.rate && left) p.etaSeconds = Math.round(left / p.rate);
    return p;
  }

  /** Parked jobs (failed after their last try), newest first. */
  async failed(limit = 100): Promise<FailedJob[]> {
    const { rows } = (await this.boss.getDb().executeSql(
      `select id::text as id, data->>'fileName' as file_name, output, retry_count, completed_on
         from pgboss.job where name = $1 and state = 'failed' order by completed_on desc nulls last limit $2`,
      [QUEUE, Math.max(1, Math.min(1000, limit))],
    )) as { rows: { id: string; file_name: string | null; output: unknown; retry_count: number; completed_on: Date | null }[] };
    return rows.map((r) => ({
      id: r.id,
      fileName: r.file_name ?? '',
      error: errorText(r.output),
      tries: r.retry_count + 1,
      failedAt: r.completed_on ? new Date(r.completed_on).toISOString() : null,
    }));
  }

  /** Put failed jobs back in the queue (their originals are still kept). The number retried. */
  async retry(ids: string[]): Promise<number> {
    const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (!uuids.length) return 0;
    const before = (await this.failed(1000)).filter((f) => uuids.includes(f.id)).length;
    await this.boss.retry(QUEUE, uuids);
    return before;
  }

  async close(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    await this.boss.stop({ graceful: opts.graceful ?? true, wait: true, timeout: opts.timeoutMs ?? 30_000 });
  }
}

/** Advisory-lock key of making the queue (an arbitrary constant: "nb", "queue"). */
const QUEUE_LOCK = [0x6e62, 0x71756575] as const;

/**
 * Make the queue unless it exists. pg-boss makes a queue in one transaction that inserts its row
 * and then adds a foreign key to the queue table; two processes doing so at once (workers started
 * together on a fresh database) deadlock, and PostgreSQL aborts one of them. So the making is
 * serialized across processes by a session lock held on a connection of its own; whoever comes
 * second finds the queue made.
 */
async function ensureQueue(boss: PgBoss, url: string): Promise<void> {
  if (await boss.getQueue(QUEUE)) return;
  const lock = new pg.Client({ connectionString: url, application_name: 'nianbao-queue-setup' });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1, $2)', [...QUEUE_LOCK]);
    if (!(await boss.getQueue(QUEUE))) await boss.createQueue(QUEUE, { name: QUEUE, policy: 'standard' });
  } finally {
    // Ending the session releases its lock, also when the making failed.
    await lock.end();
  }
}

/** A failed job's error as a sentence: pg-boss keeps the thrown error serialized (or its own message). */
export function errorText(output: unknown): string {
  if (output && typeof output === 'object') {
    const o = output as { message?: unknown; value?: { message?: unknown } };
    if (typeof o.message === 'string') return o.message;
    if (o.value && typeof o.value.message === 'string')
      return o.value.message === 'job failed by timeout in active state' ? '处理进程没有在时限内完成（已退出或超时）' : o.value.message;
  }
  return output === null || output === undefined ? '未知错误' : String(JSON.stringify(output)).slice(0, 500);
}
