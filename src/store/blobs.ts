/**
 * Where the original of a file waits between its upload and its parse (docs/scale.md): one
 * interface, two places. In the database (`blobs` table) when it is PostgreSQL, so every worker on
 * every machine reaches it; a local directory otherwise. Content-addressed by sha256 like `files`:
 * the same bytes are kept once, whatever they are called. A blob is removed once its report is
 * stored (the bytes then live in `files`) or turned away; a file whose parse failed keeps it, so
 * it can be retried.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from './tables.js';

export interface BlobStore {
  /** Keep these bytes (a no-op when they are kept already); their sha256. */
  put(bytes: Uint8Array): Promise<string>;
  get(sha256: string): Promise<Uint8Array | null>;
  delete(sha256: string): Promise<void>;
}

export const sha256Of = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const HEX64 = /^[0-9a-f]{64}$/;
const checked = (sha256: string): string => {
  if (!HEX64.test(sha256)) throw new Error(`not a sha256: ${sha256.slice(0, 80)}`);
  return sha256;
};

/** The `blobs` table of the store's database (migration 009_blobs). */
export class DbBlobStore implements BlobStore {
  constructor(private readonly db: Kysely<Database>) {}

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Of(bytes);
    const data = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await this.db
      .insertInto('blobs')
      .values({ sha256, size: bytes.length, data, created_at: new Date().toISOString() })
      .onConflict((c) => c.column('sha256').doNothing())
      .execute();
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    const r = await this.db.selectFrom('blobs').select('data').where('sha256', '=', checked(sha256)).executeTakeFirst();
    return r ? new Uint8Array(r.data) : null;
  }

  async delete(sha256: string): Promise<void> {
    await this.db.deleteFrom('blobs').where('sha256', '=', checked(sha256)).execute();
  }
}

/** A local directory: `<dir>/ab/abcdef…` (written to a temporary name, then renamed: never half a file). */
export class DirBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  private path(sha256: string): string {
    const h = checked(sha256);
    return join(this.dir, h.slice(0, 2), h);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Of(bytes);
    const path = this.path(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, path);
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.path(sha256)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }
}
