/** Reader for HTML reports (not yet implemented). */
import { unreadable, type ReadOptions, type ReadResult } from './types.js';

export function readHtml(_bytes: Uint8Array, _opts: ReadOptions = {}): ReadResult | Promise<ReadResult> {
  return unreadable('html', '暂不支持读取 HTML 格式');
}
