/** Reader for DOCX reports (not yet implemented). */
import { unreadable, type ReadOptions, type ReadResult } from './types.js';

export function readDocx(_bytes: Uint8Array, _opts: ReadOptions = {}): ReadResult | Promise<ReadResult> {
  return unreadable('docx', '暂不支持读取 DOCX 格式');
}
