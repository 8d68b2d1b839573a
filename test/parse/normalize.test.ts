import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, sourceSpan } from '../../src/read/normalize.js';
import { decodeText } from '../../src/read/decode.js';

describe('normalize', () => {
  it('folds Kangxi radicals, radical-supplement forms and full-width forms', () => {
    expect(normalize('⼀、总体情况 ⾏政 ⻔⼾ 网站').text).toBe('一、总体情况 行政 门户 网站');
    expect(normalize('（一）１２３，４５６').text).toBe('(一)123,456');
    expect(normalize('第⼆⼗条第（⼋）项').text).toBe('第二十条第(八)项');
  });

  it('does not corrupt numbers the way blanket NFKC does', () => {
    expect('①12.3'.normalize('NFKC')).toBe('112.3');
    expect(normalize('①12.3').text).toBe('①12.3');
  });

  it('turns exotic spaces into spaces, drops zero-width characters and CR, keeps tabs', () => {
    expect(normalize('a\u00a0b\u3000c\u200bd\r\ne\tf').text).toBe('a b cd\ne\tf');
  });

  it('maps expansions and deletions back exactly', () => {
    const src = 'a㈠b\r\nc\u200bd𠀀e\uD87E\uDC00f';
    const n = normalize(src);
    expect(n.text).toBe('a(一)b\ncd𠀀e' + String.fromCodePoint(0x2f800).normalize('NFKC') + 'f');
    const back = (ch: string, k = 0): string => {
      let at = -1;
      for (let i = 0; i <= k; i++) at = n.text.indexOf(ch, at + 1);
      const [s, e] = sourceSpan(n, at, at + ch.length);
      return src.slice(s, e);
    };
    expect(back('(')).toBe('㈠');
    expect(back('一')).toBe('㈠');
    expect(back('b')).toBe('b');
    expect(back('\n')).toBe('\n');
    expect(back('d')).toBe('d');
    expect(back('𠀀')).toBe('𠀀');
    expect(back('f')).toBe('f');
    expect(back(String.fromCodePoint(0x2f800).normalize('NFKC'))).toBe('\uD87E\uDC00');
  });

  it('drops conversion markup such as [bookmark: _GoBack]', () => {
    const src = '改进。\n[bookmark: _GoBack]六、其他需要报告的事项';
    const n = normalize(src);
    expect(n.text).toBe('改进。\n六、其他需要报告的事项');
    const at = n.text.indexOf('六');
    expect(src.slice(...sourceSpan(n, at, at + 1))).toBe('六');
  });

  it('maps every normalized span back to the source (property)', () => {
    const alphabet = fc.constantFrom('a', '1', ' ', '\n', '\r\n', '⼀', '⾏', '⻔', '１', '（', '　', '\u200b', '①', '𠀀', '[bookmark: x]', '中', '文');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const src = parts.join('');
        const n = normalize(src);
        for (let i = 0; i < n.text.length; i++) {
          const [s, e] = sourceSpan(n, i, i + 1);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(e).toBeLessThanOrEqual(src.length);
          expect(e).toBeGreaterThan(s);
          // ASCII letters and digits and CJK kept as they are map to themselves
          const ch = n.text[i]!;
          if (/[a-z0-9中文]/.test(ch) && src.slice(s, e).length === 1 && /[a-z0-9中文]/.test(src.slice(s, e))) expect(src.slice(s, e)).toBe(ch);
        }
        // offsets are monotonic
        for (let i = 1; i < n.text.length; i++) expect(sourceSpan(n, i, i + 1)[0]).toBeGreaterThanOrEqual(sourceSpan(n, i - 1, i)[0]);
        // a whole-text span covers the source from the first kept character to the last
        if (n.text.length) expect(sourceSpan(n, 0, n.text.length)[1]).toBeLessThanOrEqual(src.length);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('decodeText', () => {
  const text = '涧西区2024年政府信息公开工作年度报告';
  it('decodes UTF-8, with and without BOM', () => {
    const u8 = new TextEncoder().encode(text);
    expect(decodeText(u8)).toMatchObject({ text, encoding: 'utf-8', binary: false });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...u8])).text).toBe(text);
  });
  it('decodes UTF-16 LE and BE with a BOM', () => {
    const le = new Uint8Array(2 + text.length * 2);
    le[0] = 0xff;
    le[1] = 0xfe;
    for (let i = 0; i < text.length; i++) {
      le[2 + i * 2] = text.charCodeAt(i) & 0xff;
      le[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    expect(decodeText(le)).toMatchObject({ text, encoding: 'utf-16le' });
    const be = le.slice();
    be[0] = 0xfe;
    be[1] = 0xff;
    for (let i = 2; i < be.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
    expect(decodeText(be)).toMatchObject({ text, encoding: 'utf-16be' });
  });
  it('decodes GB18030 (GBK) when the bytes are not UTF-8', () => {
    // 年度报告 in GBK
    const gbk = new Uint8Array([0xc4, 0xea, 0xb6, 0xc8, 0xb1, 0xa8, 0xb8, 0xe6]);
    expect(decodeText(gbk)).toMatchObject({ text: '年度报告', encoding: 'gb18030', binary: false });
  });
  it('says binary for bytes that are not text', () => {
    const bin = new Uint8Array(512).map((_, i) => (i * 37) % 256);
    expect(decodeText(bin).binary).toBe(true);
  });
});
