/**
 * Every record any reader produces validates strictly against nianbao.report/1 (no key the
 * schema does not name, as schema/report.schema.json says with additionalProperties: false):
 * text seeds and corpus, HTML, DOCX, a legacy .doc, text PDFs, a scanned PDF, a photo, the demo set.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { demoSet } from '../../src/synth/demo.js';
import { parseReport } from '../../src/index.js';
import { reportSchema } from '../../src/model/schema.js';
import { renderPages } from '../read/scan-helpers.js';

const root = join(__dirname, '..', '..');
const shared = join(root, '..', 'shared');
const fixtures = join(root, 'test', 'fixtures');

describe('records validate strictly against the published schema', () => {
  it('from every reader', async () => {
    const files: [string, Uint8Array][] = [];
    const add = (dir: string, keep: (f: string) => boolean): void => {
      for (const f of readdirSync(dir).filter(keep)) files.push([f, new Uint8Array(readFileSync(join(dir, f)))]);
    };
    add(join(shared, 'seeds'), (f) => f.endsWith('.txt'));
    add(join(shared, 'corpus'), (f) => f !== 'index.tsv');
    add(join(fixtures, 'html'), () => true);
    add(join(fixtures, 'docx'), () => true);
    add(join(fixtures, 'legacy'), (f) => f.endsWith('.doc'));
    add(join(fixtures, 'pdf'), (f) => f.endsWith('.pdf'));
    add(join(fixtures, 'pdf', 'hostile'), (f) => f.endsWith('.pdf'));
    for (const f of demoSet().files) files.push([f.name, f.bytes]);
    // A photo of a page: an image file read as a scan.
    files.push([
      'photo.jpg',
      new Uint8Array(
        await sharp(renderPages('pdf-2021-basic', 150, [2])[0]!)
          .jpeg({ quality: 70 })
          .toBuffer(),
      ),
    ]);
    const formats = new Set<string>();
    const bad: string[] = [];
    for (const [name, bytes] of files) {
      const r = await parseReport(bytes, { path: name });
      formats.add(r.source.format);
      const ok = reportSchema.safeParse(JSON.parse(JSON.stringify(r)));
      if (!ok.success)
        bad.push(
          `${name}: ${ok.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.')} ${i.message}`)
            .join('; ')}`,
        );
    }
    expect(bad).toEqual([]);
    expect([...formats]).toEqual(expect.arrayContaining(['docx', 'html', 'image', 'pdf', 'text']));
  }, 300_000);

  it('an unknown key is refused (strict), as the JSON Schema refuses it', async () => {
    const r = await parseReport(new Uint8Array(readFileSync(join(fixtures, 'pdf', 'pdf-2021-basic.pdf'))), { path: 'a.pdf' });
    expect(reportSchema.safeParse(r).success).toBe(true);
    expect(reportSchema.safeParse({ ...r, extra: 1 }).success).toBe(false);
    expect(reportSchema.safeParse({ ...r, findings: [{ ...r.findings[0]!, extra: 1 }] }).success).toBe(false);
  });
});
