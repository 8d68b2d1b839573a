import type { Table } from '../../model/report.js';

/** A table cell's value, or null when absent. */
export const t3Value = (t: Table, row: string, col: string): number | null => t[row]?.[col] ?? null;
