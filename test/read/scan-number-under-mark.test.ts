/**
 * A cell's digits glued to a few characters read unsurely (`4國蔚→`): a mark over the number — a
 * seal's ring or a signature, black in a black-and-white scan — read as characters. Such a cell is
 * a number not read (flagged), never words the row passes over: 行政强制 then took the empty cell
 * the ring's arc made beside it, blank, as its 0 (serif `bare` bilevel and gray, 150 dpi).
 */
import { describe, expect, it } from 'vitest';
import { numberUnderMark } from '../../src/read/scan/page.js';
import type { LineRead } from '../../src/read/scan/recognise.js';

/** A line read character by character: [character, probability 0–100]. */
const read = (...chars: [string, number][]): LineRead => ({
  text: chars.map(([c]) => c).join(''),
  conf: Math.min(...chars.map(([, p]) => p)),
  chars: chars.map(([ch, p]) => ({ ch, p: p / 100 })),
});

describe('numberUnderMark', () => {
  it('digits glued to a few characters read unsurely: a number under a mark', () => {
    // As read in the sweep: the ring over 行政强制's 4, over 规章's 0 and 行政规范性文件's 2.
    expect(numberUnderMark(read(['4', 46], ['國', 11], ['蔚', 17], ['→', 48]))).toBe(true);
    expect(numberUnderMark(read(['0', 99], ['六', 33]))).toBe(true);
    expect(numberUnderMark(read(['2', 99], ['商', 43]))).toBe(true);
    expect(numberUnderMark(read(['1', 90], ['2', 95], [' ', 90], ['府', 40]))).toBe(true);
  });

  it('a number with its unit, a list number, a label or a date read surely is no mark', () => {
    expect(numberUnderMark(read(['3', 99], ['件', 40]))).toBe(false);
    expect(numberUnderMark(read(['6', 99], ['4', 99], ['万', 50], ['元', 50]))).toBe(false);
    expect(numberUnderMark(read(['1', 99], ['.', 90], ['其', 30], ['他', 90]))).toBe(false);
    expect(numberUnderMark(read(['2', 99], ['、', 90], ['不', 30]))).toBe(false);
    // A label whose list point was lost: more than a few characters after the digit.
    expect(numberUnderMark(read(['1', 99], ['属', 50], ['于', 99], ['国', 99], ['家', 99], ['秘', 99], ['密', 99]))).toBe(false);
    // Read surely: print, not a mark (2024年).
    expect(numberUnderMark(read(['2', 99], ['0', 99], ['2', 99], ['4', 99], ['年', 98]))).toBe(false);
  });

  it('a digit that may be a misread character is no number (总计 read 2计 in table 四’s header)', () => {
    const two = { ch: '2', p: 0.28, alt: { ch: '总', p: 0.24 } };
    expect(numberUnderMark({ text: '2计', conf: 28, chars: [two, { ch: '计', p: 0.5 }] })).toBe(false);
    // A runner-up that is no Chinese character (a letter) says nothing of the kind.
    const four = { ch: '4', p: 0.46, alt: { ch: 'A', p: 0.35 } };
    expect(numberUnderMark({ text: '4國', conf: 11, chars: [four, { ch: '國', p: 0.11 }] })).toBe(true);
  });

  it('digits alone, or no digits first, are not this case', () => {
    expect(numberUnderMark(read(['3', 40], ['9', 99]))).toBe(false);
    expect(numberUnderMark(read(['國', 11], ['4', 90]))).toBe(false);
    expect(numberUnderMark({ text: '', conf: 100, chars: [] })).toBe(false);
  });
});
