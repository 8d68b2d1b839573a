/**
 * The process pool (src/ingest/processes.ts): a task past its time limit gets the timeout outcome
 * and its process is killed; once `close` resolves, no process of the pool is left — also one
 * killed for its time limit just before (the scan's deadline fires both at once).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProcessPool } from '../../src/ingest/processes.js';

/** This process's children running `name` (Linux). */
function children(name: string): number[] {
  return readdirSync('/proc/self/task')
    .flatMap((t) => readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(name);
      } catch {
        return false;
      }
    });
}

const says = { timeout: (ms: number) => `超过 ${ms} 毫秒`, error: (e: Error) => e.message, exit: '退出', closed: '已关闭' };

describe('process pool', () => {
  it('a task past its limit times out; after close its process is gone, not only killed', async () => {
    const pool = new ProcessPool<number, number>({ from: import.meta.url, child: 'child-never-answers', size: 2, timeoutMs: 60_000, startupMs: 30_000, says });
    const late = pool.run(1, 60_000);
    const quick = pool.run(2, 60_000);
    // Both processes up and holding their task.
    for (let i = 0; i < 200 && children('child-never-answers').length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    const pids = children('child-never-answers');
    expect(pids).toHaveLength(2);
    // A third task with a short limit waits for a process; the first two are stopped by close.
    const third = pool.run(3, 1);
    await pool.close();
    for (const pid of pids) expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(await late).toEqual({ error: '已关闭', kind: 'crash' });
    expect(await quick).toEqual({ error: '已关闭', kind: 'crash' });
    expect(await third).toEqual({ error: '已关闭', kind: 'crash' });
  }, 60_000);

  it('a process killed for its time limit right before close is waited for by close', async () => {
    const pool = new ProcessPool<number, number>({ from: import.meta.url, child: 'child-never-answers', size: 1, timeoutMs: 60_000, startupMs: 30_000, says });
    let pid = 0;
    const task = pool.run(1, 300);
    for (let i = 0; i < 200 && !pid; i++) {
      await new Promise((r) => setTimeout(r, 20));
      pid = children('child-never-answers')[0] ?? 0;
    }
    expect(pid).toBeGreaterThan(0);
    expect(await task).toEqual({ error: '超过 300 毫秒', kind: 'timeout' });
    // Killed, maybe not yet reaped: close waits until it is.
    await pool.close();
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  }, 60_000);

  it('a second close while the first still waits resolves only when the processes are gone', async () => {
    const pool = new ProcessPool<number, number>({ from: import.meta.url, child: 'child-never-answers', size: 2, timeoutMs: 60_000, startupMs: 30_000, says });
    const tasks = [pool.run(1), pool.run(2)];
    let pids: number[] = [];
    for (let i = 0; i < 200 && pids.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      pids = children('child-never-answers');
    }
    expect(pids).toHaveLength(2);
    // The deadline's close, not awaited; then the caller's.
    void pool.close();
    await pool.close();
    for (const pid of pids) expect(existsSync(`/proc/${pid}`)).toBe(false);
    for (const t of tasks) expect(await t).toEqual({ error: '已关闭', kind: 'crash' });
  }, 60_000);
});
