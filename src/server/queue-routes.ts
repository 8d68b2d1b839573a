/**
 * The ingest queue's progress over the HTTP API (docs/scale.md): queue depth, running, done,
 * failed, rate and time left, the failed files with their reasons, and their retry. Without a
 * queue (SQLite: uploads are parsed in the server's own process) the progress says so.
 *
 * Access: everyone logged in sees the counts; the failed files (names of other units' uploads)
 * and their retry are for reviewers and the administrator.
 */
import type { Hono } from 'hono';
import { NO_QUEUE, type IngestQueue } from '../queue/queue.js';
import { mayReview, reviewerOnly, type AuthEnv } from './auth.js';
import { queueRetryInput } from './contract.js';
import { ROUTES } from './routes.js';

export function registerQueueRoutes(app: Hono<AuthEnv>, opts: { queue: IngestQueue | null }): void {
  const { queue } = opts;
  app.get(ROUTES.queue.pattern, async (c) => {
    if (!queue) return c.json({ ...NO_QUEUE, failedFiles: [] });
    const [p, failed] = await Promise.all([queue.progress(), mayReview(c.get('user')) ? queue.failed(200) : []]);
    return c.json({ ...p, failedFiles: failed });
  });
  app.post(ROUTES.queueRetry.pattern, reviewerOnly, async (c) => {
    const input = queueRetryInput.safeParse(await c.req.json().catch(() => null));
    if (!input.success) return c.json({ error: '请给出要重试的任务编号 ids' }, 400);
    return c.json({ retried: queue ? await queue.retry(input.data.ids) : 0 });
  });
}
