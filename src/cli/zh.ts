/**
 * commander's own words in Chinese: the help's headings (用法、选项、命令、参数), its help and version
 * options, "default:" in option descriptions, and the errors it reports (未知选项、缺少参数…). A
 * reviewer reads the whole command line in one language. Set on the program before its commands
 * are added: commander copies these settings to each command made after.
 */
import { Help, type Command } from 'commander';

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

/** One of commander's error messages in Chinese (what it names kept as it is); other text unchanged. */
export function zhError(message: string): string {
  const rules: [RegExp, string][] = [
    [/^error: unknown option '([^']*)'/, "错误：未知选项 '$1'"],
    [/^error: unknown command '([^']*)'/, "错误：未知命令 '$1'"],
    [/^error: missing required argument '([^']*)'/, "错误：缺少参数 '$1'"],
    [/^error: option '([^']*)' argument missing/, "错误：选项 '$1' 缺少取值"],
    [/^error: option '([^']*)' argument '([^']*)' is invalid\./, "错误：选项 '$1' 的取值 '$2' 无效："],
    [/^error: required option '([^']*)' not specified/, "错误：缺少必需的选项 '$1'"],
    [/^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, '错误：参数过多（应为 $2 个，收到 $3 个）'],
    [/^error: /, '错误：'],
    [/\(Did you mean (.+?)\?\)/, '（是否想用 $1？）'],
  ];
  let out = message;
  for (const [re, to] of rules) out = out.replace(new RegExp(re.source, 'm'), to);
  // The invalid value's own reason follows the colon (应为 0 或更大的整数), not after a space.
  return out.replace(/无效： +/, '无效：');
}

/**
 * Columns a string takes in a terminal: East Asian wide and full-width characters two, others one,
 * colour codes none. Commander pads and wraps by this (its own counts characters, so a term with
 * 选项 in it pushed its description two columns right of the others).
 */
export function displayWidth(s: string): number {
  let w = 0;
  // eslint-disable-next-line no-control-regex
  for (const ch of s.replace(/\x1b\[[0-9;]*m/g, '')) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0x303e) ||
      (c >= 0x3041 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

const WIDE = '\\u1100-\\u115f\\u2e80-\\u303e\\u3041-\\ua4cf\\uac00-\\ud7a3\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uff60\\uffe0-\\uffe6';
const OPENING = '（「『【〔《〈“‘';
const CLOSING = '）」』】〕》〉”’，。、；：！？';
/**
 * What a line may break between: a run of other characters (a word, a number, an option), or one
 * wide character; an opening bracket stays with what follows it, closing punctuation with what
 * precedes it (no line starts with ，or ）).
 */
const CHUNK = new RegExp(`\\s*(?:[${OPENING}]*(?:[^\\s${WIDE}]+|[${WIDE}])[${CLOSING}]*)`, 'gu');

/**
 * Wrap a description to `width` terminal columns, at spaces and between Chinese characters
 * (commander's own wraps at spaces only, so a sentence of Chinese with one English word in it broke
 * there or ran past the edge). Existing line breaks are kept.
 */
export function wrapWide(str: string, width: number): string {
  const out: string[] = [];
  for (const line of str.split(/\r\n|\n/)) {
    const chunks = line.match(CHUNK);
    if (!chunks) {
      out.push('');
      continue;
    }
    let cur = chunks[0]!;
    let w = displayWidth(cur);
    for (const chunk of chunks.slice(1)) {
      const cw = displayWidth(chunk);
      if (w + cw <= width) {
        cur += chunk;
        w += cw;
        continue;
      }
      out.push(cur);
      cur = chunk.trimStart();
      w = displayWidth(cur);
    }
    out.push(cur);
  }
  return out.join('\n');
}

const placeholders = (s: string): string => s.replace('[options]', '[选项]').replace('[command]', '[命令]');

export function chineseFrame(program: Command, version: string): Command {
  const base = new Help();
  return program
    .version(version, '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示命令的帮助')
    .configureHelp({
      styleTitle: (s: string) => TITLES[s] ?? s,
      displayWidth,
      boxWrap(this: Help, str: string, width: number) {
        return width < this.minWidthToWrap ? str : wrapWide(str, width);
      },
      commandUsage: (c) => placeholders(base.commandUsage(c)),
      subcommandTerm: (c) => placeholders(base.subcommandTerm(c)),
      optionDescription: (o) => base.optionDescription(o).replace(/ ?\(default: (.*)\)$/, '（默认：$1）'),
      argumentDescription: (a) => base.argumentDescription(a).replace(/ ?\(default: (.*)\)$/, '（默认：$1）'),
    })
    .configureOutput({ outputError: (s, write) => write(zhError(s)) });
}
