import { describe, expect, it } from 'vitest';
import { place } from '../../src/parse/solve.js';
import type { Token } from '../../src/parse/stream.js';

const COLS = ['a', 'b', 'c', 'd', 'e', 'f', 'total'];
const rowSum = [{ parts: COLS.slice(0, 6), total: 'total' }];
const tok = (raw: string): Token => ({
  start: 0,
  end: raw.length,
  line: 0,
  raw,
  value: Number(raw),
  kind: 'number',
  decimals: 0,
  signed: false,
  splittable: /^\d{2,}$/.test(raw),
});
const values = (p: ReturnType<typeof place>): Record<string, number | undefined> => Object.fromEntries([...p.cells].map(([k, v]) => [k, v.value]));

describe('place', () => {
  it('places a full row in order and never checks it (the rules do)', () => {
    const p = place(['1', '2', '3', '0', '0', '0', '99'].map(tok), COLS, COLS, rowSum);
    expect(p.mode).toBe('direct');
    expect(values(p)).toEqual({ a: 1, b: 2, c: 3, d: 0, e: 0, f: 0, total: 99 });
  });

  it('splits digits that ran together when exactly one split satisfies the row sum', () => {
    const p = place([tok('21710000218')], COLS, COLS, rowSum);
    expect(p.mode).toBe('solved');
    expect(values(p)).toEqual({ a: 217, b: 1, c: 0, d: 0, e: 0, f: 0, total: 218 });
    expect([...p.cells.values()].every((c) => c.split)).toBe(true);
  });

  it('fixes only what every split agrees on when several splits fit', () => {
    // 110000011 reads as 1|10|0|0|0|0|11 or 11|0|0|0|0|0|11: a and b stay unknown.
    const p = place([tok('110000011')], COLS, COLS, rowSum);
    expect(p.mode).toBe('ambiguous');
    expect(p.survivors).toBe(2);
    expect(p.cells.has('a')).toBe(false);
    expect(p.cells.has('b')).toBe(false);
    expect(p.cells.get('total')).toMatchObject({ value: 11, split: true });
  });

  it('with a cell lost, fixes only the cells every consistent placement agrees on', () => {
    // 35 0 0 0 0 under six declared columns (f not in the header): only "total lost" fits.
    const declared = ['a', 'b', 'c', 'd', 'e', 'total'];
    const p = place(['35', '0', '0', '0', '0'].map(tok), declared, COLS, rowSum);
    expect(values(p)).toEqual({ a: 35, b: 0, c: 0, d: 0, e: 0 });
    expect(p.cells.has('total')).toBe(false);
    expect(p.cells.has('f')).toBe(false);
  });

  it('derives a column the header lacks when the row sum fixes it', () => {
    const declared = ['a', 'b', 'c', 'd', 'e', 'total'];
    const p = place(['40', '0', '0', '0', '0', '40'].map(tok), declared, COLS, rowSum);
    expect(p.mode).toBe('direct');
    expect(p.cells.get('f')).toMatchObject({ value: 0, status: 'derived', token: null });
  });

  it('refuses a row with more tokens than columns', () => {
    const p = place(['1', '2', '3', '4', '5', '6', '7', '8'].map(tok), COLS, COLS, rowSum);
    expect(p.mode).toBe('overflow');
    expect(p.cells.size).toBe(0);
  });

  it('never places values that contradict the relation', () => {
    // 40 0 0 0 0 40 with seven columns: the lost cell could be a, f or total… a is not fixed.
    const p = place(['40', '0', '0', '0', '0', '40'].map(tok), COLS, COLS, rowSum);
    expect(p.cells.has('a')).toBe(false);
    expect(p.cells.has('total')).toBe(false);
    expect(p.cells.get('c')?.value).toBe(0);
  });
});
