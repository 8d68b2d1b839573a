/**
 * PDF page images for the report page: poppler's pdftoppm at 144 dpi, i.e. 2 pixels per PDF
 * point, so a cell's box [x0, y0, x1, y1] (points, origin top-left) maps to pixels × 2.
 *
 * Renders go through a PageRenderer: at most `concurrency` renders at once (pdftoppm processes,
 * or sharp for image files; default one per core), more wait in a queue (at most `maxQueue`,
 * beyond that the answer is `busy`), the same page asked for while it renders is rendered once,
 * and rendered pages are kept in an in-memory LRU cache keyed by file hash, page and scale,
 * bounded by bytes (default 64 MB). `stats()` counts renders, cache hits and the most renders
 * seen at once, so the limits can be checked against the real tool.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

export const PIXELS_PER_POINT = 2;
export const MAX_PAGE = 2000;

export interface PageOptions {
  /** Time a render may take (default 30 s); the process is killed after it. */
  timeoutMs?: number;
  /** The file's sha256 (hex) when the caller has it (the store does): saves hashing the file for the cache key. */
  sha256?: string;
}

export type PageResult =
  | { ok: true; png: Uint8Array; cached: boolean }
  /** page: not a page number; busy: too many renders waiting; failed: the tool could not render it (missing, broken file, no such page, timeout). */
  | { ok: false; reason: 'page' | 'busy' | 'failed' };

export interface RendererOptions {
  /** Renders at once (default: the number of cores). */
  concurrency?: number;
  /** Bytes of PNG kept in the cache (default 64 MB; 0: no cache). */
  cacheBytes?: number;
  /** Renders that may wait for a free slot (default 256); more are answered `busy`. */
  maxQueue?: number;
}

export interface RendererStats {
  /** Renders started (pdftoppm processes spawned, sharp runs): cache hits and joined renders are not counted. */
  renders: number;
  /** Renders running now, and the most that ran at once. */
  active: number;
  maxActive: number;
  /** Renders waiting for a slot now. */
  queued: number;
  /** Answers from the cache, and requests that joined a render already running. */
  hits: number;
  joined: number;
  /** Requests refused because the queue was full. */
  busy: number;
  cachedPages: number;
  cachedBytes: number;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export class PageRenderer {
  readonly concurrency: number;
  readonly cacheBytes: number;
  readonly maxQueue: number;
  private readonly cache = new Map<string, Uint8Array>();
  private readonly running = new Map<string, Promise<PageResult>>();
  private readonly waiting: (() => void)[] = [];
  private counts = { renders: 0, active: 0, maxActive: 0, hits: 0, joined: 0, busy: 0, cachedBytes: 0 };

  constructor(opts: RendererOptions = {}) {
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? availableParallelism()));
    this.cacheBytes = Math.max(0, opts.cacheBytes ?? 64 * 1024 * 1024);
    this.maxQueue = Math.max(0, opts.maxQueue ?? 256);
  }

  stats(): RendererStats {
    const { cachedBytes, ...c } = this.counts;
    return { ...c, queued: this.waiting.length, cachedPages: this.cache.size, cachedBytes };
  }

  /** Empty the cache (the counters stay). */
  clear(): void {
    this.cache.clear();
    this.counts.cachedBytes = 0;
  }

  /** A PDF page (1-based) as PNG. */
  pdfPage(pdf: Uint8Array, page: number, opts: PageOptions = {}): Promise<PageResult> {
    if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) return Promise.resolve({ ok: false, reason: 'page' });
    return this.get(`pdf:${opts.sha256 ?? sha256(pdf)}:${page}:${PIXELS_PER_POINT}`, () => pdftoppm(pdf, page, opts.timeoutMs ?? 30_000));
  }

  /** A page (1-based: a multi-page TIFF has several) of an image file (a scan or a photo), upright, as PNG at the same scale as a PDF page. */
  imagePage(bytes: Uint8Array, page: number, opts: PageOptions = {}): Promise<PageResult> {
    if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) return Promise.resolve({ ok: false, reason: 'page' });
    return this.get(`image:${opts.sha256 ?? sha256(bytes)}:${page}:${PIXELS_PER_POINT}`, () => uprightPng(bytes, page - 1));
  }

  private get(key: string, render: () => Promise<Uint8Array | null>): Promise<PageResult> {
    const hit = this.cache.get(key);
    if (hit) {
      // Most recently used last: Map keeps insertion order, the oldest is evicted first.
      this.cache.delete(key);
      this.cache.set(key, hit);
      this.counts.hits++;
      return Promise.resolve({ ok: true, png: hit, cached: true });
    }
    const same = this.running.get(key);
    if (same) {
      this.counts.joined++;
      return same;
    }
    if (this.counts.active >= this.concurrency && this.waiting.length >= this.maxQueue) {
      this.counts.busy++;
      return Promise.resolve({ ok: false, reason: 'busy' });
    }
    const job = this.slot(async () => {
      this.counts.renders++;
      const png = await render();
      if (!png) return { ok: false, reason: 'failed' } as const;
      this.remember(key, png);
      return { ok: true, png, cached: false } as const;
    }).finally(() => this.running.delete(key));
    this.running.set(key, job);
    return job;
  }

  /** Run `f` when fewer than `concurrency` renders are running. */
  private async slot<T>(f: () => Promise<T>): Promise<T> {
    // A finished render hands its slot to the next in the queue (active stays counted), so a new
    // request cannot slip in between and make one too many.
    if (this.counts.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.counts.active++;
    this.counts.maxActive = Math.max(this.counts.maxActive, this.counts.active);
    try {
      return await f();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.counts.active--;
    }
  }

  private remember(key: string, png: Uint8Array): void {
    if (png.byteLength > this.cacheBytes) return;
    this.cache.set(key, png);
    this.counts.cachedBytes += png.byteLength;
    for (const [k, v] of this.cache) {
      if (this.counts.cachedBytes <= this.cacheBytes) break;
      this.cache.delete(k);
      this.counts.cachedBytes -= v.byteLength;
    }
  }
}

/** The renderer of the server: one per process. */
export const pageRenderer = new PageRenderer();

async function pdftoppm(pdf: Uint8Array, page: number, timeoutMs: number): Promise<Uint8Array | null> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-page-'));
  try {
    const input = join(dir, 'in.pdf');
    await writeFile(input, pdf);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        'pdftoppm',
        ['-f', String(page), '-l', String(page), '-r', String(72 * PIXELS_PER_POINT), '-png', '-singlefile', input, join(dir, 'out')],
        { stdio: 'ignore' },
      );
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', () => {
        clearTimeout(timer);
        resolve(-1);
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    if (code !== 0) return null;
    return new Uint8Array(await readFile(join(dir, 'out.png')));
  } catch {
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function uprightPng(bytes: Uint8Array, page: number): Promise<Uint8Array | null> {
  try {
    const sharp = (await import('sharp')).default;
    const { imageDpi } = await import('../read/scan/image.js');
    const img = sharp(bytes, { limitInputPixels: 80_000_000, page }).rotate();
    const meta = await img.metadata();
    if (page >= (meta.pages ?? 1)) return null;
    const upright = (meta.orientation ?? 1) >= 5;
    const w = upright ? meta.height! : meta.width!;
    const h = upright ? meta.width! : meta.height!;
    const scale = (72 * PIXELS_PER_POINT) / imageDpi(w, h, meta.density);
    return new Uint8Array(
      await img
        .resize(Math.round(w * scale))
        .png()
        .toBuffer(),
    );
  } catch {
    return null;
  }
}

/**
 * A PDF page as PNG through the server's renderer (capped, cached), or null. The third argument
 * may be the time limit (as before) or PageOptions — pass `{ sha256 }` when the hash is known.
 */
export async function renderPdfPage(pdf: Uint8Array, page: number, opts: number | PageOptions = {}): Promise<Uint8Array | null> {
  const r = await pageRenderer.pdfPage(pdf, page, typeof opts === 'number' ? { timeoutMs: opts } : opts);
  return r.ok ? r.png : null;
}

/**
 * The page image of a report that is an image file (a scan or a photo): upright by its EXIF turn,
 * as PNG at the same 2 pixels per point as a PDF page (points as the scan reader measured them).
 */
export async function imagePage(bytes: Uint8Array, page: number, opts: PageOptions = {}): Promise<Uint8Array | null> {
  const r = await pageRenderer.imagePage(bytes, page, opts);
  return r.ok ? r.png : null;
}
