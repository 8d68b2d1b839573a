/**
 * A number's sign and its thousands on a scan. The 2019 form's 表二 has a column 本年增/减 that
 * offices fill with +19 or -3; decoded over digits only, the model had no + to give, and +19 came
 * out as 419 (a 4 in the + sign's place, unsure) and +8 as -8. A large office writes 12,345; with no
 * comma to give, the model gave a point — 12.345, which in a column of 万元 is a sure, wrong value.
 * The + and the comma are characters a number may hold, where a number holds them.
 */
import { describe, expect, it } from 'vitest';
import { linesProbs, readProbs } from '../../src/read/scan/recognise.js';
import type { Gray } from '../../src/read/scan/image.js';
import { inkBox, printedLine } from './printed-line.js';

/** A number printed in the writer's face, `px` an em, blurred a little and JPEG'd, with its ink's box. */
async function number(text: string, px: number, font: string): Promise<{ g: Gray; box: [number, number, number, number] }> {
  const g = await printedLine(text, px, { font, blur: 0.5, quality: 70 });
  return { g, box: inkBox(g) };
}

describe('a number with its sign, read over the characters a number holds', () => {
  for (const font of ['Noto Sans CJK SC', 'Noto Serif CJK SC'])
    it(`+19, +8, -3, +1052, 19, 12,345 and 1,234.5 read as printed (${font}, 150 and 200 dpi)`, { timeout: 60_000 }, async () => {
      for (const px of [22, 29])
        for (const text of ['+19', '+8', '-3', '+1052', '19', '12,345', '1,234.5']) {
          const { g, box } = await number(text, px, font);
          const probs = await linesProbs(g, [box]);
          expect(probs).not.toBeNull();
          expect(readProbs(probs![0]!, true).text.replace(/\s/g, ''), `${text} at ${px} px`).toBe(text);
        }
    });
});
