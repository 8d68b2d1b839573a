/**
 * Child process of the scan reader's page processes (pdf-pages.ts): a page's image → the page
 * read (`readScanPage`), one page at a time. It loads the recognition model before it says it is
 * ready. The page goes back without its `unturn` (a function), which the reader makes again from
 * the page's turn (`withUnturn`).
 */
import { serveTasks } from '../../ingest/processes.js';
import type { Raster } from './image.js';
import { readScanPage, type PlainScanPage } from './page.js';
import { recogniserAvailable } from './recognise.js';

export interface PageTask {
  page: number;
  raster: Raster;
  /** The page in points. */
  size: { width: number; height: number };
}

serveTasks<PageTask, PlainScanPage>(async (t) => {
  const { unturn: _unturn, ...plain } = await readScanPage(t.raster, t.size);
  return plain;
}, recogniserAvailable());
