import { describe, expect, it } from 'vitest';
import { parseBool, parseDate, parseInt_, parseMoney, parsePeriods } from '../../src/register/cells.js';
import { foldText } from '../../src/register/text.js';

const value = <T>(p: { ok: true; value: T } | { ok: false; reason: string }): T | string => (p.ok ? p.value : `bad: ${p.reason}`);

describe('reading cells', () => {
  it('folds full-width forms character by character (no blanket NFKC: ① stays)', () => {
    expect(foldText('　２０２４－０３－０５　')).toBe('2024-03-05');
    expect(foldText('①１２')).toBe('①12');
  });
  it('dates in the forms people write them; impossible dates refused', () => {
    for (const s of ['2024-03-05', '2024/3/5', '2024.3.5', '2024年3月5日', '20240305', '２０２４年３月５日']) expect(value(parseDate(s))).toBe('2024-03-05');
    expect(value(parseDate(new Date(Date.UTC(2024, 2, 5))))).toBe('2024-03-05');
    expect(value(parseDate(45356))).toBe('2024-03-05');
    expect(value(parseDate(''))).toBeNull();
    expect(value(parseDate('2024-02-30'))).toMatch(/^bad/);
    expect(value(parseDate('三月五日'))).toMatch(/^bad/);
  });
  it('amounts in 元: separators, unit, two decimals at most; 万元 refused rather than guessed', () => {
    expect(value(parseMoney('1,500.50'))).toBe(1500.5);
    expect(value(parseMoney('100元'))).toBe(100);
    expect(value(parseMoney(20))).toBe(20);
    expect(value(parseMoney(''))).toBeNull();
    expect(value(parseMoney('100.555'))).toMatch(/^bad/);
    expect(value(parseMoney('2万元'))).toMatch(/^bad.*以元为单位/);
    expect(value(parseMoney(-1))).toMatch(/^bad/);
  });
  it('whole numbers with a unit word, within range', () => {
    expect(value(parseInt_('15个工作日', 1, 20))).toBe(15);
    expect(value(parseInt_('21', 1, 20))).toMatch(/^bad/);
    expect(value(parseInt_('1.5', 1, 20))).toMatch(/^bad/);
  });
  it('yes/no and periods', () => {
    expect(value(parseBool('是'))).toBe(true);
    expect(value(parseBool(''))).toBe(false);
    expect(value(parseBool('也许'))).toMatch(/^bad/);
    expect(value(parsePeriods('2024-03-01至2024-03-15；2024-04-01至'))).toEqual([
      { from: '2024-03-01', to: '2024-03-15' },
      { from: '2024-04-01', to: null },
    ]);
    expect(value(parsePeriods('至2024-03-15'))).toMatch(/^bad/);
  });
});
