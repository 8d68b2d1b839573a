/**
 * The files of a multipart upload, one at a time as they stream in (busboy): a file is held in
 * memory only up to the per-file limit — a larger one is drained and reported, never kept — and
 * the next file is not read before the caller has dealt with this one. So a request of many
 * files, or of one huge file, never sits in memory whole.
 */
import { Readable } from 'node:stream';
import busboy from 'busboy';

export type UploadPart = { kind: 'file'; name: string; bytes: Uint8Array } | { kind: 'tooBig'; name: string } | { kind: 'tooMany'; name: string };

export interface PartLimits {
  maxFileBytes: number;
  maxFiles: number;
}

/**
 * Each file of field `file` in order. Throws (a 400 for the caller) only when the body is not
 * multipart at all or is cut off.
 */
export async function* uploadParts(req: Request, limits: PartLimits): AsyncGenerator<UploadPart> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type) || !req.body) throw new Error('not multipart');
  // File names as the browser sends them (UTF-8, paths kept: the caller flattens them); no cap on
  // the number of files here — each one past maxFiles is named in the answer, not dropped.
  const bb = busboy({ headers: { 'content-type': type }, preservePath: true, defParamCharset: 'utf8', limits: { fileSize: limits.maxFileBytes, fields: 100 } });
  // Files wait here until asked for; busboy does not go on while a file's stream is unread.
  const queue: { name: string; stream: Readable }[] = [];
  let done = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const poke = (): void => {
    wake?.();
    wake = null;
  };
  bb.on('file', (field, stream, info) => {
    if (field !== 'file') {
      stream.resume();
      return;
    }
    queue.push({ name: info.filename || 'upload', stream });
    poke();
  });
  bb.on('close', () => {
    done = true;
    poke();
  });
  bb.on('error', (e) => {
    failure = e instanceof Error ? e : new Error(String(e));
    poke();
  });
  const source = Readable.fromWeb(req.body as import('node:stream/web').ReadableStream<Uint8Array>);
  source.on('error', (e) => {
    failure = e;
    poke();
  });
  source.pipe(bb);
  let n = 0;
  try {
    for (;;) {
      const next = queue.shift();
      if (!next) {
        if (failure) throw failure;
        if (done) return;
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      n++;
      if (n > limits.maxFiles) {
        next.stream.resume();
        yield { kind: 'tooMany', name: next.name };
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      await new Promise<void>((resolve, reject) => {
        next.stream.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= limits.maxFileBytes) chunks.push(c);
        });
        next.stream.on('limit', () => (truncated = true));
        next.stream.on('end', resolve);
        next.stream.on('error', reject);
      });
      // busboy stops passing data at the limit and marks the stream truncated.
      if (truncated || (next.stream as Readable & { truncated?: boolean }).truncated || size > limits.maxFileBytes) yield { kind: 'tooBig', name: next.name };
      else yield { kind: 'file', name: next.name, bytes: new Uint8Array(Buffer.concat(chunks)) };
    }
  } finally {
    // The caller stopped early (or failed): let the rest of the body flow away.
    for (const q of queue.splice(0)) q.stream.resume();
    source.unpipe(bb);
    source.resume();
  }
}
