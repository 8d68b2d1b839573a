import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { countOption, portOption, positiveOption, wholeNumber } from '../../src/cli/options.js';

const ROOT = join(__dirname, '..', '..');

describe('numeric options', () => {
  it('takes whole numbers in range', () => {
    expect(countOption('0')).toBe(0);
    expect(countOption(' 12 ')).toBe(12);
    expect(positiveOption('3')).toBe(3);
    expect(portOption('0')).toBe(0);
    expect(portOption('65535')).toBe(65535);
    expect(wholeNumber(2, 4)('4')).toBe(4);
  });

  it('refuses anything else, naming the range, never reading it as 0 or the default', () => {
    for (const v of ['abc', '', '-1', '1.5', '1e3', '0x10', '２', '3abc']) expect(() => countOption(v), v).toThrow(InvalidArgumentError);
    expect(() => positiveOption('0')).toThrow('应为 1 或更大的整数');
    expect(() => portOption('70000')).toThrow('应为 0 到 65535 之间的整数');
    expect(() => countOption('99999999999999999999')).toThrow(InvalidArgumentError);
  });

  it('serve --readers abc stops with the option named, before opening anything', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve', '--readers', 'abc'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("'--readers <n>'");
    expect(r.stderr).toContain('应为 0 或更大的整数');
    expect(r.stdout).not.toContain('nianbao 已启动');
  });
});
