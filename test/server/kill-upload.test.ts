/**
 * kill -9 of the server during uploads loses nothing that was answered and leaves nothing half
 * written: every upload the server acknowledged is stored whole (file, record, findings), the
 * request cut by the kill left no trace, and uploading everything again after a restart stores
 * each file once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bytesOf, genReport, genReportWithError } from '../ingest/gen.js';

const ROOT = join(__dirname, '..', '..');

/** The server as `nianbao serve` runs it, on a free port; resolves with its address once it listens. */
function startServer(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve', '--port', '0', '--db', db, '--workers', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}` });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

const upload = async (url: string, name: string, bytes: Uint8Array): Promise<{ outcome: string; id: number | null }> => {
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  const res = await fetch(`${url}/api/reports`, { method: 'POST', body: fd });
  return ((await res.json()) as { results: { outcome: string; id: number | null }[] }).results[0]!;
};

describe('kill -9 of the server during uploads', () => {
  it('keeps every acknowledged upload whole, leaves no half-written one, and a second round stores the rest once', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'nianbao-kill-')), 'n.db');
    const files = Array.from({ length: 30 }, (_, i) => ({ name: `r${i}.txt`, bytes: bytesOf((i % 7 === 3 ? genReportWithError : genReport)(900 + i).text) }));
    const first = await startServer(db);
    const acknowledged: string[] = [];
    let cut = false;
    // Upload one after another; after a dozen, kill the server while the next request is in flight.
    for (const f of files) {
      const pending = upload(first.url, f.name, f.bytes).then(
        (r) => r,
        () => null,
      );
      if (acknowledged.length === 12) {
        await new Promise((r) => setTimeout(r, 3));
        first.child.kill('SIGKILL');
        cut = true;
      }
      const r = await pending;
      if (cut) break;
      expect(r?.outcome).toBe('new');
      acknowledged.push(f.name);
    }
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.on('exit', r)));

    // Nothing half-written: every report has its file and record; every acknowledged upload is there.
    const check = () => {
      const c = new SQLite(db, { readonly: true });
      try {
        return c
          .prepare(
            `select (select count(*) from reports) as reports, (select count(*) from files) as files,
                    (select count(*) from records) as records,
                    (select count(*) from reports r left join records d on d.report_id = r.id where d.report_id is null) as noRecord,
                    (select count(*) from reports r left join files f on f.id = r.file_id where f.id is null) as noFile`,
          )
          .get() as { reports: number; files: number; records: number; noRecord: number; noFile: number };
      } finally {
        c.close();
      }
    };
    const mid = check();
    expect(mid).toMatchObject({ noRecord: 0, noFile: 0 });
    expect(mid.reports).toBe(mid.files);
    expect(mid.reports).toBeGreaterThanOrEqual(acknowledged.length);
    expect(mid.reports).toBeLessThanOrEqual(acknowledged.length + 1);
    const names = (() => {
      const c = new SQLite(db, { readonly: true });
      try {
        return (c.prepare('select file_name from reports').all() as { file_name: string }[]).map((r) => r.file_name);
      } finally {
        c.close();
      }
    })();
    for (const n of acknowledged) expect(names, n).toContain(n);

    // Restarted, everything uploaded again: the stored ones are duplicates, the rest new, each once.
    const second = await startServer(db);
    try {
      const outcomes = [];
      for (const f of files) outcomes.push((await upload(second.url, f.name, f.bytes)).outcome);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(mid.reports);
      expect(outcomes.filter((o) => o === 'new')).toHaveLength(files.length - mid.reports);
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(check()).toMatchObject({ reports: files.length, files: files.length, records: files.length, noRecord: 0, noFile: 0 });
  }, 240_000);
});
