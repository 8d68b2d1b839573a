/** Reader for PDF reports (not yet implemented). */
import { unreadable, type ReadOptions, type ReadResult } from './types.js';

export function readPdf(_bytes: Uint8Array, _opts: ReadOptions = {}): ReadResult | Promise<ReadResult> {
  return unreadable('pdf', '暂不支持读取 PDF 格式');
}
