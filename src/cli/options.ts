/**
 * Parsers of the commands' numeric options: a value that is not a whole number in range is refused
 * with its option named (「--readers 的值无效：abc（应为 0 或更大的整数）」), never read as 0 or as
 * the default.
 */
import { InvalidArgumentError } from 'commander';

/** A parser of whole numbers from `min` to `max` (inclusive), for commander's option(). */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (v: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} 或更大的整数` : `${min} 到 ${max} 之间的整数`;
  return (v: string): number => {
    const s = v.trim();
    const n = /^[+]?\d+$/.test(s) ? Number(s) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`应为 ${range}`);
    return n;
  };
}

/** 0, 1, 2, … */
export const countOption = wholeNumber(0);
/** 1, 2, 3, … */
export const positiveOption = wholeNumber(1);
/** A TCP port (0: any free port). */
export const portOption = wholeNumber(0, 65535);
