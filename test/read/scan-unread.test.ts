/**
 * Ink in a cell's number that no character was read at (`unreadInk`): a digit the recogniser
 * dropped — a thin face's broken 2 beside a clean 5 read as a sure `5`.
 */
import { describe, expect, it } from 'vitest';
import type { PxBox } from '../../src/read/scan/columns.js';
import type { LineRead } from '../../src/read/scan/recognise.js';
import { unreadInk } from '../../src/read/scan/unread.js';

const W = 40;
const H = 20;
const EM = 20;
/** A mask with ink in each box. */
function mask(...boxes: PxBox[]): Uint8Array {
  const bw = new Uint8Array(W * H);
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) bw[y * W + x] = 1;
  return bw;
}
/** A read of one character per step given (the line spread over 6 steps). */
const read = (...steps: number[]): LineRead => ({
  text: steps.map(() => '5').join(''),
  conf: 99,
  chars: steps.map((t) => ({ ch: '5', p: 0.99, steps: [t, t] as [number, number] })),
});
// Two digits' ink, columns 2–7 and 12–18, rows 3–16; the line box round them. With the model's
// margin (a quarter of the line's height: 4) the 25 columns make 6 steps of about 4.2 columns:
// the second digit stands at step 4, the first at step 1.
const LINE: PxBox = [2, 3, 19, 17];
const TWO = mask([2, 3, 8, 17], [12, 3, 19, 17]);

describe('ink no character was read at (unreadInk)', () => {
  it('a digit-sized stretch of ink beside the digit read, with no character there, is returned', () => {
    expect(unreadInk(TWO, W, LINE, read(4), 6, EM)).toEqual([[2, 3, 8, 17]]);
  });

  it('nothing when each stretch has its character', () => {
    expect(unreadInk(TWO, W, LINE, read(1, 4), 6, EM)).toEqual([]);
  });

  it('a rule-thin stroke or a speck is no digit', () => {
    // 2 columns wide (under an eighth of an em), or 4 rows tall (under half an em).
    expect(unreadInk(mask([2, 3, 4, 17], [12, 3, 19, 17]), W, LINE, read(4), 6, EM)).toEqual([]);
    expect(unreadInk(mask([2, 8, 8, 12], [12, 3, 19, 17]), W, LINE, read(4), 6, EM)).toEqual([]);
  });

  it('nothing for a read without steps or an empty one', () => {
    expect(unreadInk(TWO, W, LINE, { text: '', conf: 100, chars: [] }, 6, EM)).toEqual([]);
    expect(unreadInk(TWO, W, LINE, { text: '5', conf: 99, chars: [{ ch: '5', p: 0.99 }] }, 6, EM)).toEqual([]);
  });
});
