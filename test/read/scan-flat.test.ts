/**
 * A flat piece cut from the line it leads (一、 before 本年新收…, under half an em tall) goes back on
 * that line's piece: alone the recogniser read it as nothing and the label lost its number.
 */
import { describe, expect, it } from 'vitest';
import type { PxBox } from '../../src/read/scan/columns.js';
import { joinFlat } from '../../src/read/scan/flat.js';

const em = 16;

describe('joinFlat', () => {
  it('一、 goes on the label it leads', () => {
    const boxes: PxBox[] = [
      [226, 1156, 246, 1162], // 一、
      [260, 1150, 470, 1164], // 本年新收政府信息公开申请数
      [484, 1162, 492, 1176], // 5
    ];
    expect(joinFlat(boxes, em)).toEqual([
      [226, 1150, 470, 1164],
      [484, 1162, 492, 1176],
    ]);
  });

  it('a flat piece with nothing level within an em after it stays (a dash in a cell of its own)', () => {
    const boxes: PxBox[] = [
      [100, 304, 112, 306], // — a null mark
      [140, 298, 150, 312], // the next column's value, 1.75 em away
      [100, 330, 112, 332], // — under it
      [116, 340, 130, 354], // a line below, not level
    ];
    expect(joinFlat(boxes, em)).toEqual(boxes);
  });

  it('two flat pieces side by side are not joined to each other', () => {
    const boxes: PxBox[] = [
      [100, 304, 112, 306],
      [118, 304, 130, 306],
    ];
    expect(joinFlat(boxes, em)).toEqual(boxes);
  });
});
