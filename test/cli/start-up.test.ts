/**
 * What the command line loads at start-up, through the built CLI (dist/cli/main.js, as `npm test`
 * builds it first): a module hook lists every module imported, so that `--help` and a text file
 * never load the readers of other formats (pdfjs, sharp and the OCR engine, the DOCX and HTML
 * parsers), the store or the web app, and a reader loads when a file of its format arrives.
 * Nothing here is timed: docs/bench.md has the figures (bench/cli.mjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const seeds = join(root, '..', 'shared', 'seeds');
const seed = (n: string): string =>
  join(
    seeds,
    readdirSync(seeds).find((f) => f.startsWith(n) && f.endsWith('.txt'))!,
  );
const html = join(root, 'test', 'fixtures', 'html', 'html-2021-word-utf8.html');
const docx = join(root, 'test', 'fixtures', 'docx', 'docx-2021-template.docx');
const dir = mkdtempSync(join(tmpdir(), 'nianbao-cli-start-'));

describe('start-up: a command loads only its own modules', () => {
  // A module hook that writes every URL loaded (ESM, and CommonJS reached by import) to a file.
  const hook = join(dir, 'hook.mjs');
  writeFileSync(
    hook,
    `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(process.env.NIANBAO_LOADED, url + '\\n');\n  return next(url, context);\n}\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);
  let n = 0;
  const loaded = (args: string[]): string[] => {
    const list = join(dir, `loaded-${n++}.txt`);
    writeFileSync(list, '');
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, cli, ...args], {
      encoding: 'utf8',
      env: { ...process.env, NIANBAO_LOADED: list },
      maxBuffer: 64 << 20,
    });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(list, 'utf8').split('\n').filter(Boolean);
  };
  const packages = (urls: string[]): string[] => [
    ...new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => !!p && p !== 'nianbao')),
  ];
  const ours = (urls: string[]): string[] => urls.map((u) => /\/dist\/(.+)\.js$/.exec(u)?.[1]).filter((p): p is string => !!p);

  it('--help loads commander and the commands’ declarations only', () => {
    const urls = loaded(['--help']);
    expect(packages(urls)).toEqual(['commander']);
    expect(ours(urls).filter((m) => !/^(cli\/[a-z]+|ingest\/jobs)$/.test(m))).toEqual([]);
    expect(ours(urls)).not.toContain('cli/parse');
  });

  it('parse of a text file loads the parser and checks, no other reader, no store, no web app', () => {
    const urls = loaded(['parse', seed('000')]);
    expect(packages(urls)).toEqual(['commander']);
    const mods = ours(urls);
    expect(mods).toEqual(expect.arrayContaining(['cli/parse', 'index', 'parse/index', 'check/index', 'read/index', 'read/decode']));
    expect(
      mods.filter((m) => /^(read\/(pdf|docx|html|image|legacy|ocr)|read\/(pdf|scan)\/|store\/|server\/|author\/|units\/|analyse\/|render\/csv)/.test(m)),
    ).toEqual([]);
  });

  it('an HTML or DOCX file loads its reader when it arrives (the hook sees the lazy imports)', () => {
    const h = loaded(['parse', html]);
    expect(ours(h)).toContain('read/html');
    expect(packages(h)).toContain('parse5');
    expect(ours(h)).not.toContain('read/pdf');
    const d = loaded(['parse', docx]);
    expect(ours(d)).toContain('read/docx');
    expect(packages(d)).toEqual(expect.arrayContaining(['fflate', 'fast-xml-parser']));
    expect(packages(d)).not.toContain('pdfjs-dist');
    expect(packages(d)).not.toContain('sharp');
  });
});
