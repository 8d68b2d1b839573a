import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { countOption, portOption, positiveOption, wholeNumber } from '../../src/cli/options.js';
import { displayWidth, wrapWide, zhError } from '../../src/cli/zh.js';

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

describe('the command line in one language', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it("commander's headings and its help and version options are in Chinese", () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const w of ['用法： nianbao [选项] [命令]', '选项：', '命令：', '显示帮助', '显示版本号', 'parse [选项] <files...>']) expect(r.stdout).toContain(w);
    expect(r.stdout).not.toMatch(/Usage:|Options:|Commands:|display help/);
  });

  it('its errors too: an unknown option or command, a missing argument', () => {
    const unknown = run(['parse', '--bogus']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain("错误：未知选项 '--bogus'");
    expect(run(['pars']).stderr).toMatch(/错误：未知命令 'pars'\s*（是否想用 parse？）/);
    expect(run(['compare', 'a.txt']).stderr).toContain("错误：缺少参数 'b'");
  });

  it('zhError: each of commander’s messages; the value a message names is kept as written', () => {
    expect(zhError("error: option '--readers <n>' argument 'abc' is invalid. 应为 0 或更大的整数")).toBe(
      "错误：选项 '--readers <n>' 的取值 'abc' 无效：应为 0 或更大的整数",
    );
    expect(zhError("error: option '--port <n>' argument missing")).toBe("错误：选项 '--port <n>' 缺少取值");
    expect(zhError("error: too many arguments for 'compare'. Expected 2 arguments but got 3.")).toBe('错误：参数过多（应为 2 个，收到 3 个）');
    expect(zhError('error: something new')).toBe('错误：something new');
    expect(zhError('nothing to translate')).toBe('nothing to translate');
  });

  it('help columns line up by the width a terminal gives (选项 takes four columns, not two); no default said twice', () => {
    const r = run(['--help']);
    const commands = r.stdout
      .split('\n')
      .slice(r.stdout.split('\n').indexOf('命令：') + 1)
      .filter((l) => /^ {2}\S/.test(l));
    expect(commands.length).toBeGreaterThan(10);
    // Each description starts at the same column: the width of what precedes it.
    const starts = new Set(commands.map((l) => displayWidth(l.match(/^ {2}\S.*?\S {2,}(?=\S)/)![0])));
    expect([...starts]).toHaveLength(1);
    // Continuation lines are indented to that column and no line runs past 80 columns.
    const [start] = [...starts];
    for (const l of r.stdout.split('\n')) {
      expect(displayWidth(l), l).toBeLessThanOrEqual(80);
      if (/^ {20,}\S/.test(l)) expect(l.length - l.trimStart().length).toBe(start);
    }
    const worker = run(['worker', '--help']).stdout;
    expect(worker).toContain('同时处理的文件数（每个一个解析进程）（默认：1）');
    for (const l of worker.split('\n')) expect(l.match(/默认/g)?.length ?? 0, l).toBeLessThanOrEqual(1);
  });

  it('wrapWide breaks between Chinese characters and at spaces, never before closing punctuation or after an opening bracket', () => {
    expect(displayWidth('选项 ab')).toBe(7);
    expect(displayWidth('\x1b[1m选项\x1b[0m')).toBe(4);
    expect(wrapWide('一二三四五六', 6)).toBe('一二三\n四五六');
    expect(wrapWide('一二，三四', 6)).toBe('一二，\n三四');
    expect(wrapWide('一二（三四）', 6)).toBe('一二\n（三\n四）');
    expect(wrapWide('设置 DATABASE_URL 则使用', 14)).toBe('设置\nDATABASE_URL\n则使用');
    expect(wrapWide('第一行\n第二行', 80)).toBe('第一行\n第二行');
  });
});
