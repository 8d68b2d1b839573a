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

const placeholders = (s: string): string => s.replace('[options]', '[选项]').replace('[command]', '[命令]');

export function chineseFrame(program: Command, version: string): Command {
  const base = new Help();
  return program
    .version(version, '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示命令的帮助')
    .configureHelp({
      styleTitle: (s: string) => TITLES[s] ?? s,
      commandUsage: (c) => placeholders(base.commandUsage(c)),
      subcommandTerm: (c) => placeholders(base.subcommandTerm(c)),
      optionDescription: (o) => base.optionDescription(o).replace(/\(default: (.*)\)$/, '（默认：$1）'),
      argumentDescription: (a) => base.argumentDescription(a).replace(/\(default: (.*)\)$/, '（默认：$1）'),
    })
    .configureOutput({ outputError: (s, write) => write(zhError(s)) });
}
