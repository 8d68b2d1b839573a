/**
 * Scans made at test time from the committed PDF fixtures (their gold is known): poppler renders
 * the pages at the scan's dpi, src/synth/scan.ts degrades them as offices do, and the result is
 * an image-only PDF or a bare JPEG.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReport } from '../../src/render/report.js';
import { imagePdf, scanPages, type ScanSpec } from '../../src/synth/scan.js';
import type { Report } from '../../src/index.js';
import type { Gold } from './gold-compare.js';

/** The fixtures; the scan sweep may point it at variants made elsewhere (`SCAN_FIXTURES`: the serif set). */
export const fixtures = process.env.SCAN_FIXTURES ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function goldOf(stem: string, root = fixtures): Gold {
  return JSON.parse(readFileSync(join(root, 'gold', `${stem}.json`), 'utf8')) as Gold;
}

/** The fixture's pages as PNG at `dpi` (only `pages` when given); `root`: another set of fixtures (the serif one). */
export function renderPages(stem: string, dpi: number, pages?: number[], root = fixtures): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-render-'));
  try {
    const args = ['-r', String(dpi), '-png'];
    if (pages) args.push('-f', String(Math.min(...pages)), '-l', String(Math.max(...pages)));
    execFileSync('pdftoppm', [...args, join(root, 'pdf', `${stem}.pdf`), join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => new Uint8Array(readFileSync(join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fixture scanned as `spec` says, as an image-only PDF. */
export async function scannedPdf(stem: string, spec: ScanSpec, root = fixtures): Promise<Uint8Array> {
  return imagePdf(await scanPages(renderPages(stem, spec.dpi, undefined, root), spec), spec.dpi);
}

/** Every number of a record's three tables, as gold. */
export function goldOfRecord(r: Report): Gold {
  const numbers = (t: Record<string, Record<string, number | null>>): Record<string, Record<string, number>> =>
    Object.fromEntries(
      Object.entries(t).map(([row, cols]) => [row, Object.fromEntries(Object.entries(cols).filter((e): e is [string, number] => typeof e[1] === 'number'))]),
    );
  return { t2: numbers(r.tables.t2 ?? {}), t3: numbers(r.tables.t3 ?? {}), t4: numbers(r.tables.t4 ?? {}) };
}

/**
 * A record written by the report writer (the statutory DOCX through LibreOffice) as a fixture of
 * `root`: `pdf/<stem>.pdf` and `gold/<stem>.json`. Its gold.
 */
export async function writerFixture(root: string, stem: string, record: Report): Promise<Gold> {
  const out = await renderReport(record, 'pdf');
  if (!out.ok) throw new Error(out.message);
  const gold = goldOfRecord(record);
  mkdirSync(join(root, 'pdf'), { recursive: true });
  mkdirSync(join(root, 'gold'), { recursive: true });
  writeFileSync(join(root, 'pdf', `${stem}.pdf`), out.bytes);
  writeFileSync(join(root, 'gold', `${stem}.json`), JSON.stringify(gold, null, 1));
  return gold;
}

export interface Score {
  cells: number;
  exact: number;
  missing: number;
  /** Wrong values the record marks as doubtful (flags). */
  flaggedWrong: string[];
  /** Wrong values with no doubt on them: must never happen. */
  silentWrong: string[];
  /** Values read exactly but flagged all the same (a reviewer confirms them against the page). */
  flaggedRight: number;
}

const DOUBT = new Set(['lowConfidence', 'placedByRelation', 'derivedFromRelation', 'split']);

/** Every gold cell: read exactly, missing (null, flagged by its finding), or wrong — and then flagged or not. */
export function score(r: Report, gold: Gold, tables: ('t2' | 't3' | 't4')[] = ['t2', 't3', 't4']): Score {
  const s: Score = { cells: 0, exact: 0, missing: 0, flaggedWrong: [], silentWrong: [], flaggedRight: 0 };
  for (const t of tables) {
    for (const [row, cols] of Object.entries(gold[t] ?? {})) {
      for (const [col, want] of Object.entries(cols)) {
        s.cells++;
        const got = r.tables[t]?.[row]?.[col];
        if (typeof got !== 'number') {
          s.missing++;
          continue;
        }
        const cell = r.cells.find((c) => c.table === t && c.row === row && c.col === col);
        if (Math.abs(got - want) < 1e-9) {
          s.exact++;
          if (cell?.flags?.some((f) => DOUBT.has(f))) s.flaggedRight++;
          continue;
        }
        const what = `${t}.${row}.${col}: ${got} (gold ${want})`;
        if (cell?.flags?.some((f) => DOUBT.has(f))) s.flaggedWrong.push(what);
        else s.silentWrong.push(what);
      }
    }
  }
  return s;
}

/** The rows of table 三 on page 3 of the basic fixture (the rest of the table is on page 4). */
export const BASIC_PAGE3_T3_ROWS = ['newReceived', 'carriedOver', 'granted', 'partial', 'denied.stateSecret', 'unable.notHeld'];

/** A report of page 3 of the basic fixture alone, scored on the rows of table 三 it holds. */
export function scoreBasicPage3(r: Report): Score {
  const gold = goldOf('pdf-2021-basic');
  return score(r, { t3: Object.fromEntries(BASIC_PAGE3_T3_ROWS.map((k) => [k, gold.t3![k]!])) }, ['t3']);
}
