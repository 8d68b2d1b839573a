import { describe, expect, it } from 'vitest';
import { cellPlace } from '../../web/src/lib/pdf';

const cell = (row: string, col: string, box?: [number, number, number, number], page = 2) => ({ table: 't3', row, col, ...(box ? { page, box } : {}) });

describe('cellPlace: where a cell is on the page', () => {
  it('its own box when it was read', () => {
    expect(cellPlace(cell('a', 'x', [1, 2, 3, 4]), [])).toEqual({ page: 2, box: [1, 2, 3, 4] });
  });
  it('a cell not read: where its row and its column cross', () => {
    const cells = [
      cell('a', 'x', [100, 50, 120, 60]),
      cell('a', 'z', [200, 52, 220, 61]),
      cell('b', 'y', [150, 80, 170, 90]),
      cell('c', 'y', [151, 100, 171, 110]),
    ];
    expect(cellPlace(cell('a', 'y'), cells)).toEqual({ page: 2, box: [151, 50, 171, 61] });
  });
  it('a derived cell carrying its whole row as box: the crossing of its row and column', () => {
    const cells = [cell('a', 'x', [100, 50, 120, 60]), { ...cell('a', 'y', [90, 50, 300, 61]), status: 'derived' }, cell('b', 'y', [150, 80, 170, 90])];
    expect(cellPlace(cells[1]!, cells)).toEqual({ page: 2, box: [150, 50, 170, 60] });
  });
  it('null when its row or its column has no cell read on the same page', () => {
    expect(cellPlace(cell('a', 'y'), [cell('a', 'x', [1, 1, 2, 2]), cell('b', 'y', [1, 1, 2, 2], 3)])).toBeNull();
    expect(cellPlace(cell('a', 'y'), [])).toBeNull();
  });
});
