/**
 * A text line under the model's height (48 px) is grown to it by bilinear interpolation: grown by
 * repeating rows, the same line cropped one pixel taller read as another text (属于 as 品丁) at
 * 150 dpi. Lines set in a serif face at the size of 五号 (10.5 pt) at 150 dpi, each read from its
 * ink's box and from that box a pixel taller above or below: the same text every time.
 */
import { describe, expect, it } from 'vitest';
import { linesProbs, readProbs, taps } from '../../src/read/scan/recognise.js';
import type { Gray } from '../../src/read/scan/image.js';
import { inkBox, printedLine } from './printed-line.js';

const LABELS = [
  '1.属于国家秘密',
  '（一）予以公开',
  '1.本机关不掌握相关政府信息',
  '四、结转下年度继续办理',
  '5.要求行政机关确认或重新出具已获取信息',
  '2.重复申请',
  '3.危及“三安全一稳定”',
  '（二）部分公开',
  '二、上年结转政府信息公开申请数量',
  '6.属于四类过程性信息',
  '3.补正后申请内容仍不明确',
  '4.无正当理由大量反复申请',
];

/** A printed line as a scanner gives it: a serif shrunk to `px` an em, blurred, JPEG at quality 60. */
const line = (text: string, px: number): Promise<Gray> => printedLine(text, px, { font: 'Noto Serif CJK SC', blur: 0.6, quality: 60 });

describe('a line grown to the model’s height', () => {
  it('reads the same a pixel taller or shorter (serif, 10.5 pt at about 150 dpi, blurred, JPEG)', { timeout: 60_000 }, async () => {
    // 10.5 pt at 150 dpi is an em of 22 pixels; 20 as a scan's page shrunk a little.
    for (const text of LABELS) {
      const g = await line(text, 20);
      const b = inkBox(g);
      const boxes: [number, number, number, number][] = [b, [b[0], b[1] - 1, b[2], b[3]], [b[0], b[1], b[2], b[3] + 1], [b[0], b[1] + 1, b[2], b[3]]];
      const probs = await linesProbs(g, boxes);
      expect(probs).not.toBeNull();
      const read = probs!.map((p) => readProbs(p, false).text.replace(/\s/g, ''));
      expect(read, text).toEqual(boxes.map(() => text));
    }
  });

  it('taps: the area under a target pixel when shrinking, the two nearest source pixels when growing', () => {
    const shrink = taps(0, 2.5, 2);
    expect(shrink[0]).toEqual({ at: [0, 1, 2], wt: [0.4, 0.4, 0.2] });
    expect(shrink[1]!.at).toEqual([2, 3, 4]);
    expect(shrink[1]!.wt.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    // growing 2 source pixels to 4: centres at 0.25, 0.75, 1.25, 1.75 of the source (pixel centres at 0.5, 1.5)
    const grow = taps(0, 0.5, 4);
    expect(grow.map((t) => t.at)).toEqual([
      [-1, 0],
      [0, 1],
      [0, 1],
      [1, 2],
    ]);
    expect(grow[1]!.wt[0]).toBeCloseTo(0.75);
    expect(grow[2]!.wt[1]).toBeCloseTo(0.75);
  });
});
