/**
 * Worn copies (src/synth/scan.ts `worn`: the back page showing through, a fold with a crease across
 * the page, grain, JPEG 40): the fold's crease is found as a fold and taken out of the page without
 * the ink it crosses, and specks at the ends of a cell's line do not stretch it over the cell.
 * The first tests draw the page (no recogniser); the last read pages of the fixtures scanned worn.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { closePdfWorkers } from '../../src/read/pdf/extract.js';
import { binarise, type Gray } from '../../src/read/scan/image.js';
import { trimSpecks } from '../../src/read/scan/page.js';
import { eraseFold, findRules, foldAt } from '../../src/read/scan/rules.js';
import { imagePdf, scanPage } from '../../src/synth/scan.js';
import { drawn } from './drawn.js';
import { goldOf, renderPages, score } from './scan-helpers.js';

afterAll(async () => {
  await closePdfWorkers();
});

const W = 1000;
const H = 400;

/**
 * A page 1000 × 400 px at 200 dpi: a fold's crease (2 px of light gray, 150, broken here and
 * there) across it at y = 200; a 0 (a ring of dark ink) and a dash lying on the crease; a table's
 * rule at y = 100, within the text block.
 */
function foldedPage(): Gray {
  const data = new Uint8Array(W * H).fill(245);
  for (let x = 0; x < W; x++) {
    if (x % 150 < 12) continue;
    data[200 * W + x] = 150;
    data[201 * W + x] = 150;
  }
  for (let x = 150; x < 850; x++) for (let y = 100; y < 102; y++) data[y * W + x] = 20;
  for (let y = 180; y < 222; y++) {
    for (let x = 480; x < 520; x++) {
      const r = Math.hypot((x - 500) / 12, (y - 200.5) / 18);
      if (r >= 0.8 && r <= 1.05) data[y * W + x] = 30;
    }
  }
  for (let x = 700; x < 716; x++) for (let y = 199; y < 203; y++) data[y * W + x] = 30;
  return { width: W, height: H, data };
}

describe('a fold across the page', () => {
  it('is found as a fold, not a rule; the table’s rule stays a rule', () => {
    const rules = findRules(foldedPage(), 200);
    expect(rules.folds.h).toHaveLength(1);
    const f = rules.folds.h[0]!;
    expect(Math.abs(foldAt(f, 100) - 200.5)).toBeLessThanOrEqual(1);
    expect(Math.abs(foldAt(f, 900) - 200.5)).toBeLessThanOrEqual(1);
    expect(rules.h).toHaveLength(1);
    expect(Math.abs(rules.h[0]!.at - 100.5)).toBeLessThanOrEqual(1);
  });

  it('its crease is made paper; the 0 it crosses and the dash lying on it keep their ink', () => {
    const img = foldedPage();
    const ink: Gray = { ...img, data: img.data.slice() };
    const bw = binarise(img, 160);
    const f = findRules(img, 200).folds.h[0]!;
    expect(eraseFold(f, true, img, 160, bw, [ink])).toBeGreaterThan(500);
    // The crease: gone from the black-and-white page and from the gray one the recogniser reads.
    for (const x of [50, 300, 470, 530, 690, 720, 950]) {
      expect(bw[200 * W + x], `x ${x}`).toBe(0);
      expect(ink.data[201 * W + x], `x ${x}`).toBe(255);
    }
    // The 0: every pixel of its ring kept. The dash: kept.
    for (let y = 180; y < 222; y++) for (let x = 480; x < 520; x++) if (img.data[y * W + x] === 30) expect(bw[y * W + x], `${x},${y}`).toBe(1);
    for (let x = 700; x < 716; x++) for (let y = 199; y < 203; y++) expect(bw[y * W + x]).toBe(1);
    // The rule: not touched.
    expect(bw[100 * W + 500]).toBe(1);
  });
});

describe('specks at the ends of a cell’s line (trimSpecks)', () => {
  it('are left out of its box; a cell holding only a dash keeps it', () => {
    const w = 800;
    const h = 50;
    const { bw, fill } = drawn(w, h);
    fill(10, 10, 200, 40); // the label
    // Specks far to its right, a third of an em apart (despeckling leaves them: none is alone), spread
    // over more than half an em.
    for (const x of [600, 613, 626, 639, 652]) fill(x, 20 + (x % 7), x + 3, 23 + (x % 7));
    expect(trimSpecks(bw, w, [10, 10, 655, 40], 30)).toEqual([10, 10, 200, 40]);
    // A speck within two ems of the characters stays (a decimal point, a character's dot).
    fill(230, 36, 233, 39);
    expect(trimSpecks(bw, w, [10, 10, 655, 40], 30)).toEqual([10, 10, 233, 40]);
    const dash = new Uint8Array(w * h);
    for (let x = 300; x < 312; x++) dash[25 * w + x] = 1;
    expect(trimSpecks(dash, w, [300, 25, 312, 26], 30)).toEqual([300, 25, 312, 26]);
  });
});

/** Pages `pages` of a fixture scanned worn at 200 dpi, seed 11 as in the sweep (each with its back page showing through), read as a report. */
async function wornPages(stem: string, pages: number[]) {
  const pngs = renderPages(stem, 200, [pages[0]!, pages[pages.length - 1]! + 1]);
  const spec = { kind: 'worn', dpi: 200, seed: 11 } as const;
  const scans = await Promise.all(pages.map((p, i) => scanPage(pngs[i]!, spec, p, pngs[i + 1] ?? null)));
  return parseReport(await imagePdf(scans, 200), { path: `${stem}-worn.pdf`, timeoutMs: 300_000, ocrEngine: 'paddle' });
}

describe('fixtures scanned worn (seed 11, as in the sweep)', () => {
  it('a 0 the crease runs through is read (bottom, pages 4–5: table 三 drawn without rules)', async () => {
    // The crease, where it is just dark enough to be ink, joined the 0 of 危及“三安全一稳定” into one
    // piece that read as `-..-.`: the row was a value short and the rows beside it joined.
    const report = await wornPages('pdf-2021-bottom', [4, 5]);
    const gold = goldOf('pdf-2021-bottom');
    expect(report.tables.t3?.['denied.safetyStability']).toEqual(gold.t3!['denied.safetyStability']);
    expect(score(report, gold, ['t3']).silentWrong).toEqual([]);
  }, 120_000);

  it('the crease does not make a grid with a table’s rules (open, pages 3–4: table 三 continued with no top rule)', async () => {
    // The crease, broken where text and rules cross it, was not taken for a fold: with the
    // columns' rules it made a grid of page 4, whose cells cut （七）总计 and 四、结转下年度继续办理 apart.
    const report = await wornPages('pdf-2021-open', [3, 4]);
    const gold = goldOf('pdf-2021-open');
    for (const row of ['other.other', 'total', 'carriedForward']) expect(report.tables.t3?.[row], row).toEqual(gold.t3![row]);
    expect(score(report, gold, ['t3']).silentWrong).toEqual([]);
  }, 120_000);

  it('the crease outside a table does not add a column to it (basic, page 2: table 二)', async () => {
    // Inside the table the crease was too light to be found; its pieces in the margins were kept as
    // rules and gave table 二 a thin column at its right, and a row a blank fourth cell.
    const report = await wornPages('pdf-2021-basic', [2]);
    const s = score(report, goldOf('pdf-2021-basic'), ['t2']);
    expect(s.exact).toBe(s.cells);
  }, 120_000);

  it('the back page showing through a shaded heading is not read (open, page 2: table 二)', async () => {
    // Specks of the back page in the shaded 第二十条第（一）项 rows stretched each heading's line over
    // the row, and the faint back page taken in read as text: 第二十茶…, 第二十条第（五)项o丨0丨…
    const report = await wornPages('pdf-2021-open', [2]);
    const s = score(report, goldOf('pdf-2021-open'), ['t2']);
    expect(s.exact).toBe(s.cells);
    // The same where the specks of the back page lie a third of an em apart over the rest of the
    // row, none of them alone (bare, page 2; table 二 goes on over the page): 第二十条第（五）项〇00（）〇不，洪霉…
    const bare = await wornPages('pdf-2021-bare', [2]);
    const gold = goldOf('pdf-2021-bare');
    for (const row of ['regulations', 'normativeDocuments']) expect(bare.tables.t2?.[row], row).toEqual(gold.t2![row]);
    expect(score(bare, gold, ['t2']).silentWrong).toEqual([]);
  }, 120_000);
});
