/**
 * A throwaway PostgreSQL cluster for the store tests: initdb in a temporary folder, listening
 * only on a unix socket in that folder (no TCP port, so no clash with anything), fsync off,
 * stopped and removed afterwards. About a second. As root it runs as the `postgres` user
 * (postgres refuses root). NIANBAO_TEST_PG_URL skips all this and uses that server instead.
 *
 * Missing binaries are an error, not a skip: CI installs the Debian package `postgresql`.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PgServer {
  /** URL of a fresh, empty database on the server (one per call). */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0]) return join(root, versions[0], 'bin');
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin): apt-get install postgresql');
  }
}

const postgresUid = (): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
  gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
});

export async function startPostgres(): Promise<PgServer> {
  const external = process.env['NIANBAO_TEST_PG_URL'];
  let n = 0;
  const tag = `${process.pid}_${Date.now().toString(36)}`;
  if (external) {
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    const made: string[] = [];
    return {
      async newDatabase() {
        const name = `nianbao_test_${tag}_${n++}`;
        await admin.query(`CREATE DATABASE ${name}`);
        made.push(name);
        const u = new URL(external);
        u.pathname = `/${name}`;
        return u.toString();
      },
      async stop() {
        for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-pg-'));
  const root = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]): void => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    // cwd: a folder the postgres user may enter (initdb fails when it cannot read its working directory).
    execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  };
  if (root) {
    const { uid, gid } = postgresUid();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--lc-ctype=C.UTF-8', '--no-sync']);
  const opts = `-k ${dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200`;
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', opts, 'start']);
  const url = (db: string): string => `postgresql://postgres@localhost/${db}?host=${encodeURIComponent(dir)}`;
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  return {
    async newDatabase() {
      const name = `t_${n++}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return url(name);
    },
    async stop() {
      await admin.end().catch(() => {});
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A throwaway PostgreSQL server for one test file: `setup` starts it (a server that cannot start
 * is remembered, and every `newDatabase` then fails with its reason — counted as failed, never
 * skipped), `newDatabase` gives the URL of a fresh empty database on it, `teardown` stops it.
 */
export function testPostgres(): { setup(): Promise<void>; teardown(): Promise<void>; newDatabase(): Promise<string> } {
  let server: PgServer | null = null;
  let failure: unknown = null;
  return {
    async setup() {
      try {
        server = await startPostgres();
      } catch (e) {
        failure = e;
      }
    },
    async teardown() {
      await server?.stop();
    },
    async newDatabase() {
      if (!server) throw failure ?? new Error('PostgreSQL test server not started');
      return server.newDatabase();
    },
  };
}
