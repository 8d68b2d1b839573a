/**
 * Reports written by nianbao's own report writer, as PDFs with their gold, for the scan sweep: the
 * scan fixtures are all of the 2021 form, and these add the 2019 form (国办公开办函〔2019〕60号) as
 * the writer sets it — bold headings close above the tables, 表二's sub-table headers in shaded
 * bands, signed changes (+19), a large office's five- and six-digit numbers set smaller to fit.
 *
 *   npx tsx scripts/make-writer-fixtures.ts --out DIR      (needs LibreOffice)
 *   SCAN_FIXTURES=DIR npx tsx bench/scan-sweep.ts --fixtures writer-2019-41,writer-2019-42,writer-2019-43,writer-2021-44 --dpi 150
 *
 * Generated values (src/synth/values.ts, `scale: 'large'`), consistent with the statutory relations;
 * DIR/pdf/<stem>.pdf and DIR/gold/<stem>.json (every number of 表二, 表三, 表四).
 */
import { generateValues } from '../src/synth/values.js';
import { recordFromValues } from '../test/render/records.js';
import { writerFixture } from '../test/read/scan-helpers.js';

const at = process.argv.indexOf('--out');
if (at < 0 || !process.argv[at + 1]) throw new Error('usage: npx tsx scripts/make-writer-fixtures.ts --out DIR');
const out = process.argv[at + 1]!;

for (const [kind, seed] of [
  ['2019', 41],
  ['2019', 42],
  ['2019', 43],
  ['2021', 44],
] as const) {
  const record = recordFromValues(generateValues(seed, { kind, scale: 'large' }));
  const stem = `writer-${kind}-${seed}`;
  await writerFixture(out, stem, record);
  console.log(`${stem}: ${record.template} form`);
}
