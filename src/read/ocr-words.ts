/**
 * What the parser and the record learn from OCR'd words laid out into text (PDF scans and image
 * files alike): each span's confidence, a number's other likely readings, and a warning for
 * each number read with low confidence.
 */
import type { Finding } from '../model/report.js';
import { OCR_MIN_CONFIDENCE } from './types.js';
import type { ReadResult } from './types.js';

export interface OcrWord {
  start: number;
  end: number;
  page: number;
  text: string;
  conf: number;
  alts?: string[];
}

/** `confidence` and `alternatives` of a reader's result (nothing when no word was OCR'd). */
export function ocrLookups(words: OcrWord[]): Pick<ReadResult, 'confidence' | 'alternatives'> {
  if (!words.length) return {};
  const confidence = (start: number, end: number): number | null => {
    let min: number | null = null;
    for (const w of words) if (w.start < end && start < w.end) min = min === null ? w.conf : Math.min(min, w.conf);
    return min === null ? null : Math.round(min);
  };
  const withAlts = words.filter((w) => w.alts?.length);
  if (!withAlts.length) return { confidence };
  const alternatives = (start: number, end: number): string[] | null => {
    for (const w of withAlts) if (w.start === start && w.end === end) return w.alts!;
    // the span may leave out spaces the word kept
    for (const w of withAlts) if (w.start <= start && end <= w.end && w.text.slice(start - w.start, end - w.start) === w.text.trim()) return w.alts!;
    return null;
  };
  return { confidence, alternatives };
}

/** OCR'd numbers read with low confidence: one warning each (a few per page), with their place. */
export function lowConfidence(words: OcrWord[]): Finding[] {
  const out: Finding[] = [];
  const perPage = new Map<number, number>();
  for (const w of words) {
    // Digits, and the marks a digit is misread as (| l I O), standing alone.
    if (w.conf >= OCR_MIN_CONFIDENCE || !(/[0-9]/.test(w.text) || /^[|Il!Oo〇]+$/.test(w.text))) continue;
    const n = (perPage.get(w.page) ?? 0) + 1;
    perPage.set(w.page, n);
    if (n > 20) continue;
    out.push({
      rule: 'R.ocrLowConfidence',
      severity: 'warning',
      page: w.page,
      span: [w.start, w.end],
      message: `第${w.page}页文字识别（OCR）结果「${w.text}」置信度低（${Math.round(w.conf)}%），请与原件核对`,
    });
  }
  for (const [page, n] of perPage) {
    if (n > 20) out.push({ rule: 'R.ocrLowConfidence', severity: 'warning', page, message: `第${page}页另有 ${n - 20} 处数字的识别置信度低，请与原件核对` });
  }
  return out;
}
