#!/usr/bin/env node
// Fuzzing: hostile and damaged inputs through every reader, each in a child process with a time
// limit, recording crashes (a throw, a malformed result, a child that dies), hangs (no answer
// within the limit: the child is killed) and peak memory (the child's peak RSS per input).
//
//   npm run build && node bench/fuzz.mjs --minutes 10
//   node bench/fuzz.mjs --src --inputs 300 --seed 7 --json     # TypeScript sources through tsx, no build
//
// Inputs: real files (../shared/seeds, ../shared/corpus, ../shared/templates, test/fixtures/**)
// and generated ones (deep nesting in HTML and DOCX XML, huge spans, long lines, nested and
// cyclic PDF objects, zip archives, zip bombs, XLSX unit lists and register workbooks), mutated:
// byte flips, truncation, splicing, repeated chunks, interesting integers, zip entry corruption,
// huge declared sizes, wrong methods, XML inside a zip edited (deep nesting, huge attribute
// values, entity expansion, duplicated elements) and zipped again, grown entries (bombs).
// Readers: parseReport (text, HTML, DOCX, PDF, .doc, …: the reader is the detected format), the
// unit list import (parseUnitFile), the upload zip reader (expandUpload), the register import
// (importRegisterXlsx). Input i is a pure function of (--seed, i): --only I replays one.
//
// Options:
//   --minutes N      run for N minutes (default 1), or
//   --inputs N       stop after N inputs
//   --seed S         (default 1)
//   --jobs N         child processes in parallel (default: cores)
//   --limit S        seconds an input may take before it counts as a hang (default 30)
//   --reader-timeout S  the readers' own time limit (ReadOptions.timeoutMs, default 10)
//   --skip a,b       leave out seed kinds (txt, html, docx, pdf, doc, zip, xlsx, csv)
//   --targets a,b    only these targets (parse, units, zip, register; selftest-throw and
//                    selftest-hang check the harness itself)
//   --ocr            let scanned pages and images go through OCR (slow; off by default)
//   --light          smaller edits (inputs up to 2 MB, bombs up to 10 MB): many inputs fast
//   --src            run the TypeScript sources (node --import tsx) instead of dist/
//   --only I         run input I only (with --save, keep it)
//   --save DIR       write the inputs that crashed or hung into DIR (nothing is written otherwise)
//   --out FILE       write the summary as JSON into FILE
//   --json           print the summary as JSON instead of a table
import { fork } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setImmediate } from 'node:timers';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const MB = 1024 * 1024;
/** Sizes of what the edits make; --light scales them down (the smoke test: many small inputs fast). */
const SIZE = { maxInput: 24 * MB, grow: [20, 50, 120], big: 1 };
const big = (n) => Math.max(1, Math.round(n * SIZE.big));

// ——— options ———

function options(argv) {
  const o = {
    light: false,
    minutes: null,
    inputs: null,
    seed: 1,
    jobs: cpus().length,
    limit: 30,
    readerTimeout: 10,
    skip: [],
    targets: null,
    ocr: false,
    src: false,
    only: null,
    save: null,
    out: null,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--minutes') o.minutes = Number(next());
    else if (a === '--inputs') o.inputs = Number(next());
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--jobs') o.jobs = Math.max(1, Number(next()));
    else if (a === '--limit') o.limit = Number(next());
    else if (a === '--reader-timeout') o.readerTimeout = Number(next());
    else if (a === '--skip') o.skip = next().split(',');
    else if (a === '--targets') o.targets = next().split(',');
    else if (a === '--ocr') o.ocr = true;
    else if (a === '--light') o.light = true;
    else if (a === '--src') o.src = true;
    else if (a === '--only') o.only = Number(next());
    else if (a === '--save') o.save = next();
    else if (a === '--out') o.out = next();
    else if (a === '--json') o.json = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (o.minutes === null && o.inputs === null) o.minutes = 1;
  return o;
}

// ——— deterministic randomness: input i depends on (seed, i) only ———

function rngFor(seed, i) {
  let a = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca77) ^ 0x2545f491) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    /** Small numbers mostly, sometimes large: 1..max. */
    skewed: (max) => Math.max(1, Math.floor(Math.exp(next() * Math.log(max)))),
  };
  return r;
}

// ——— seeds ———

const KIND_BY_EXT = {
  '.txt': 'txt',
  '.html': 'html',
  '.htm': 'html',
  '.docx': 'docx',
  '.pdf': 'pdf',
  '.doc': 'doc',
  '.zip': 'zip',
  '.xlsx': 'xlsx',
  '.csv': 'csv',
};
const FAMILY = { txt: 'report', html: 'report', docx: 'report', pdf: 'report', doc: 'report', zip: 'zip', xlsx: 'units', csv: 'units' };

function filesUnder(dir) {
  let out = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names.sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p));
    else if (KIND_BY_EXT[extname(n).toLowerCase()]) out.push(p);
  }
  return out;
}

function fileSeeds() {
  const dirs = [
    join(root, '..', 'shared', 'seeds'),
    join(root, '..', 'shared', 'corpus'),
    join(root, '..', 'shared', 'templates'),
    join(root, 'test', 'fixtures'),
  ];
  return dirs.flatMap(filesUnder).map((p) => {
    const kind = KIND_BY_EXT[extname(p).toLowerCase()];
    return { name: relative(root, p), kind, family: FAMILY[kind], bytes: new Uint8Array(readFileSync(p)) };
  });
}

const enc = (s) => new TextEncoder().encode(s);

/** A small PDF written by hand (offsets computed), with `content` as its page's content stream. */
function pdfOf(content, { pagesExtra = '', kids = '[3 0 R]', count = 1 } = {}) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids ${kids} /Count ${count} ${pagesExtra}>>`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let s = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(s.length);
    s += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = s.length;
  s += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  s += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

/** Replace a DOCX's word/document.xml body (the rest of the package kept). */
function docxWithBody(docx, body) {
  const files = unzipSync(docx);
  const xml = strFromU8(files['word/document.xml']);
  files['word/document.xml'] = strToU8(xml.replace(/<w:body>[\s\S]*<\/w:body>/, `<w:body>${body}</w:body>`));
  return zipSync(files, { level: 6 });
}

function generatedSeeds(files, lib) {
  const by = (re) => files.find((f) => re.test(f.name));
  const txt = by(/seeds\/000_/) ?? by(/\.txt$/);
  const docx = by(/docx-2021-template\.docx$/) ?? by(/\.docx$/);
  const reportText = txt ? new TextDecoder().decode(txt.bytes) : '二、主动公开政府信息情况\n';
  const para = (t) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`;
  const out = [];
  const add = (name, kind, bytes) => out.push({ name: `gen/${name}`, kind, family: FAMILY[kind], bytes });

  add('deep-div.html', 'html', enc(`<html><body>${'<div>'.repeat(big(100_000))}<p>二、主动公开政府信息情况</p>${'</div>'.repeat(big(100_000))}</body></html>`));
  add(
    'deep-table.html',
    'html',
    enc(`<html><body>${'<table><tr><td>'.repeat(big(5000))}第二十条 1 2 3${'</td></tr></table>'.repeat(big(5000))}</body></html>`),
  );
  add(
    'huge-span.html',
    'html',
    enc(
      `<html><body><p>三、收到和处理政府信息公开申请情况</p><table><tr><td colspan="2147483647" rowspan="2147483647">本年新收政府信息公开申请数量</td><td>5</td></tr><tr><td rowspan="99999999">x</td><td colspan="1000000">1</td></tr></table></body></html>`,
    ),
  );
  add('many-rows.html', 'html', enc(`<html><body><table>${'<tr><td>（一）予以公开</td><td>1</td><td>2</td></tr>'.repeat(big(50_000))}</table></body></html>`));
  add('long-line.txt', 'txt', enc(`${reportText.slice(0, 2000)}${'一二三四五六七八九十'.repeat(big(300_000))}\n`));
  add('many-lines.txt', 'txt', enc(`${reportText}\n${'1\t2\t3\t4\t5\t6\t7\t8\t9\n'.repeat(big(200_000))}`));
  add(
    'nul-utf16.txt',
    'txt',
    new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(reportText.slice(0, 5000).replace(/\n/g, '\0\n'), 'utf16le')])),
  );
  if (docx) {
    add(
      'deep-table.docx',
      'docx',
      docxWithBody(docx.bytes, `${'<w:tbl><w:tr><w:tc>'.repeat(big(4000))}${para('第二十条')}${'</w:tc></w:tr></w:tbl>'.repeat(big(4000))}`),
    );
    add('deep-para.docx', 'docx', docxWithBody(docx.bytes, `${'<w:p><w:r>'.repeat(big(20_000))}<w:t>x</w:t>${'</w:r></w:p>'.repeat(big(20_000))}`));
    add(
      'huge-gridspan.docx',
      'docx',
      docxWithBody(
        docx.bytes,
        `${para('三、收到和处理政府信息公开申请情况')}<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2147483647"/><w:vMerge w:val="restart"/></w:tcPr>${para('本年新收')}</w:tc></w:tr>${'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="65535"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>'.repeat(big(2000))}</w:tbl>`,
      ),
    );
    add('big-document.docx', 'docx', docxWithBody(docx.bytes, para('x'.repeat(1000)).repeat(big(40_000))));
  }
  add('nested-arrays.pdf', 'pdf', pdfOf(`BT /F1 12 Tf 72 712 Td (2021) Tj ET\n${'['.repeat(big(100_000))}${']'.repeat(big(100_000))} pop`));
  add('cyclic-pages.pdf', 'pdf', pdfOf('BT /F1 12 Tf 72 712 Td (x) Tj ET', { kids: '[2 0 R 3 0 R 2 0 R]', count: 2147483647 }));
  add('many-ops.pdf', 'pdf', pdfOf(`BT /F1 1 Tf ${'(1) Tj 0 1 Td '.repeat(big(200_000))}ET`));
  // Archives (the upload zip reader): documents, folders, hidden entries, a nested zip, a bomb.
  const entries = {};
  for (const f of files.filter((x) => x.family === 'report' && x.kind !== 'pdf').slice(0, 6)) entries[`报告/${basename(f.name)}`] = f.bytes;
  entries['.DS_Store'] = enc('x');
  entries['__MACOSX/._a.txt'] = enc('x');
  entries['inner.zip'] = zipSync({ 'a.txt': enc(reportText) });
  add('archive.zip', 'zip', zipSync(entries, { level: 6 }));
  add('bomb.zip', 'zip', zipSync({ 'big.txt': new Uint8Array(big(120 * MB)).fill(0x30), 'a.txt': enc(reportText) }, { level: 9 }));
  // Unit lists and register workbooks (made by the library in the child).
  add('units.xlsx', 'xlsx', lib.units);
  add('units.csv', 'csv', enc('名称,地区,层级,上级,别名\n洛阳市教育局,河南省/洛阳市,市级部门,,市教育局\n"涧西区人民政府","河南省/洛阳市/涧西区",县级,,\n'));
  out.push({ name: 'gen/register.xlsx', kind: 'xlsx', family: 'register', bytes: lib.registerRows });
  out.push({ name: 'gen/register-template.xlsx', kind: 'xlsx', family: 'register', bytes: lib.registerEmpty });
  return out;
}

// ——— mutations ———

const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

function cap(b) {
  return b.length > SIZE.maxInput ? b.subarray(0, SIZE.maxInput) : b;
}
function concat(...parts) {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const byteOps = {
  flip(b, r) {
    const c = b.slice();
    if (!c.length) return c;
    const n = r.skewed(64);
    for (let i = 0; i < n; i++) {
      const at = r.int(c.length);
      c[at] = r.chance(0.5) ? c[at] ^ (1 << r.int(8)) : r.int(256);
    }
    return c;
  },
  truncate(b, r) {
    return b.subarray(0, r.chance(0.3) ? r.int(Math.min(b.length, 64) + 1) : r.int(b.length + 1));
  },
  splice(b, r, other) {
    return concat(b.subarray(0, r.int(b.length + 1)), other.subarray(r.int(other.length + 1)));
  },
  repeatChunk(b, r) {
    if (!b.length) return b;
    const at = r.int(b.length);
    const chunk = b.subarray(at, at + r.skewed(4096));
    const times = r.skewed(Math.max(1, Math.floor(big(8 * MB) / Math.max(1, chunk.length))));
    return concat(b.subarray(0, at), ...Array(times).fill(chunk), b.subarray(at));
  },
  interesting(b, r) {
    const c = b.slice();
    if (c.length < 4) return c;
    const n = r.skewed(8);
    const dv = new DataView(c.buffer);
    for (let i = 0; i < n; i++) {
      const at = r.int(c.length - 3);
      const v = r.pick(INTERESTING_32);
      if (r.chance(0.5)) dv.setUint32(at, v >>> 0, true);
      else dv.setUint16(at, v & 0xffff, true);
    }
    return c;
  },
  insertRandom(b, r) {
    const at = r.int(b.length + 1);
    const junk = Uint8Array.from({ length: r.skewed(2048) }, () => r.int(256));
    return concat(b.subarray(0, at), junk, b.subarray(at));
  },
};

// Text edits (HTML, text, CSV, and XML parts inside zips).
function tagNames(s) {
  const names = new Set();
  for (const m of s.slice(0, 200_000).matchAll(/<([A-Za-z][\w:.-]*)[\s>]/g)) {
    names.add(m[1]);
    if (names.size > 50) break;
  }
  return [...names];
}
const textOps = {
  deepNest(s, r) {
    const names = tagNames(s);
    const open = names.length ? r.pick(names) : 'div';
    const n = r.skewed(big(100_000));
    const at = r.int(s.length + 1);
    const close = r.chance(0.7) ? `</${open}>`.repeat(n) : '';
    return `${s.slice(0, at)}${`<${open}>`.repeat(n)}x${close}${s.slice(at)}`;
  },
  hugeNumberAttr(s, r) {
    const huge = r.pick([
      '2147483647',
      '2147483648',
      '4294967296',
      '-1',
      '0',
      '99999999999999999999',
      '1e308',
      'NaN',
      'XFD1048576',
      'A1:XFD1048576',
      '1:16384',
    ]);
    let count = 0;
    const max = r.skewed(50);
    return s.replace(/((?:colspan|rowspan|w:val|gridSpan|val|r|ref|spans|s|count|w:w|w:gridBefore|numId|ilvl|start)\s*=\s*")([^"]*)(")/g, (m, a, _v, c) =>
      count++ < max && r.chance(0.3) ? `${a}${huge}${c}` : m,
    );
  },
  spanAttrs(s, r) {
    const at = r.int(s.length + 1);
    const el = r.pick([
      '<td colspan="100000000" rowspan="100000000">1</td>',
      '<w:tcPr><w:gridSpan w:val="2147483647"/><w:vMerge w:val="restart"/></w:tcPr>',
      '<w:gridCol w:w="-5"/>',
      '<mergeCell ref="A1:XFD1048576"/>',
      '<c r="XFD1048576" t="s"><v>99999999</v></c>',
      '<row r="1048576" spans="1:16384">',
    ]);
    return `${s.slice(0, at)}${el.repeat(r.skewed(2000))}${s.slice(at)}`;
  },
  entities(s, r) {
    // Entity expansion ("billion laughs") and character references.
    const lol = `<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
    if (r.chance(0.5) && /^<\?xml[^>]*\?>/.test(s)) return s.replace(/^(<\?xml[^>]*\?>)/, `$1${lol}`).replace(/(<w:t[^>]*>|<t[^>]*>|<v>)/, '$1&lol9;');
    const at = r.int(s.length + 1);
    return `${s.slice(0, at)}${r.pick(['&#x10FFFF;', '&#0;', '&#xD800;', '&amp;&lt;&gt;', '&#99999999999;', '&nbsp;'.repeat(100_000)])}${s.slice(at)}`;
  },
  duplicateElement(s, r) {
    // Found with indexOf from a random place (a lazy regex over a page of unclosed elements is quadratic).
    const [open, close] = r.pick([
      ['<tr', '</tr>'],
      ['<w:tr', '</w:tr>'],
      ['<w:p>', '</w:p>'],
      ['<row', '</row>'],
      ['<si>', '</si>'],
      ['\n', '\n'],
    ]);
    const at = s.indexOf(open, r.int(Math.max(1, s.length)));
    const end = at < 0 ? -1 : s.indexOf(close, at + open.length);
    if (end < 0 || end - at > MB) return s;
    const el = s.slice(at, end + close.length);
    return s.slice(0, at) + el.repeat(r.skewed(Math.max(1, Math.floor(big(16 * MB) / el.length)))) + s.slice(at);
  },
  longLine(s, r) {
    const at = r.int(s.length + 1);
    return `${s.slice(0, at)}${r.pick(['一', '9', ' ', '\t', 'a', '，']).repeat(r.skewed(big(4 * MB)))}${s.slice(at)}`;
  },
  numbers(s, r) {
    let count = 0;
    return s.replace(/\d+/g, (m) =>
      count++ < 200 && r.chance(0.2) ? r.pick(['9'.repeat(r.skewed(400)), '-1', '1e999', '０１２', '1,000,000,000,000', '∞', '']) : m,
    );
  },
  unicode(s, r) {
    const n = r.skewed(500);
    const bits = [];
    for (let i = 0; i < n; i++)
      bits.push(r.pick(['\0', '\uFEFF', '\u202E', '\uD800', '\uDFFF', '\uFFFD', '\r', '\r\n', '\t', '\u3000', '\uE000', '𠀀', '\u0085', '\u2028']));
    const at = r.int(s.length + 1);
    return s.slice(0, at) + bits.join('') + s.slice(at);
  },
  cutTag(s, r) {
    const at = r.int(s.length + 1);
    return s.slice(0, at) + r.pick(['<', '</', '<w:', '<!--', '<![CDATA[', '"', '<?xml', '<table', '<td colspan=']) + s.slice(at);
  },
};

const isZipBytes = (b) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b;
const latin1 = (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const fromLatin1 = (s) => new Uint8Array(Buffer.from(s, 'latin1'));

/** The central directory records of a zip: [{ at, localOffset }], or null. */
function centralRecords(b) {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--)
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const out = [];
  let o = dv.getUint32(eocd + 16, true);
  const n = dv.getUint16(eocd + 10, true);
  for (let i = 0; i < n && o + 46 <= b.length && dv.getUint32(o, true) === 0x02014b50; i++) {
    out.push({ at: o, localOffset: dv.getUint32(o + 42, true), compressed: dv.getUint32(o + 20, true) });
    o += 46 + dv.getUint16(o + 28, true) + dv.getUint16(o + 30, true) + dv.getUint16(o + 32, true);
  }
  return { eocd, records: out };
}

const zipOps = {
  entryData(b, r) {
    const z = centralRecords(b);
    if (!z?.records.length) return byteOps.flip(b, r);
    const e = r.pick(z.records);
    const c = b.slice();
    const dv = new DataView(c.buffer);
    if (e.localOffset + 30 > c.length) return c;
    const start = e.localOffset + 30 + dv.getUint16(e.localOffset + 26, true) + dv.getUint16(e.localOffset + 28, true);
    const n = r.skewed(32);
    for (let i = 0; i < n && e.compressed > 0; i++) {
      const at = start + r.int(e.compressed);
      if (at < c.length) c[at] = r.int(256);
    }
    return c;
  },
  declaredSize(b, r) {
    const z = centralRecords(b);
    if (!z?.records.length) return byteOps.interesting(b, r);
    const c = b.slice();
    const dv = new DataView(c.buffer);
    const e = r.pick(z.records);
    const v = r.pick([0, 1, 0x7fffffff, 0xffffffff, 0x40000000, 200 * MB + 1]);
    const field = r.pick([20, 24]); // compressed, uncompressed size in the central record
    dv.setUint32(e.at + field, v, true);
    if (r.chance(0.5) && e.localOffset + 26 <= c.length) dv.setUint32(e.localOffset + (field === 20 ? 18 : 22), v, true);
    return c;
  },
  method(b, r) {
    const z = centralRecords(b);
    if (!z?.records.length) return byteOps.flip(b, r);
    const c = b.slice();
    const dv = new DataView(c.buffer);
    const e = r.pick(z.records);
    const m = r.pick([0, 1, 8, 9, 12, 14, 99, 0xffff]);
    dv.setUint16(e.at + 10, m, true);
    if (r.chance(0.5) && e.localOffset + 10 <= c.length) dv.setUint16(e.localOffset + 8, m, true);
    if (r.chance(0.2)) dv.setUint16(e.at + 8, dv.getUint16(e.at + 8, true) | 1, true); // "encrypted"
    return c;
  },
  directory(b, r) {
    const z = centralRecords(b);
    if (!z) return byteOps.truncate(b, r);
    const c = b.slice();
    const dv = new DataView(c.buffer);
    const field = r.pick([8, 10, 12, 16, 20]);
    if (field === 12 || field === 16) dv.setUint32(z.eocd + field, r.pick([0, 0xffffffff, 0x7fffffff, z.eocd + 1]), true);
    else dv.setUint16(z.eocd + field, r.pick([0, 1, 0xffff]), true);
    if (r.chance(0.3) && z.records.length) {
      const e = r.pick(z.records);
      dv.setUint16(e.at + 28, r.pick([0, 0xffff, 1]), true); // name length
    }
    return c;
  },
  editPart(b, r) {
    let files;
    try {
      files = unzipSync(b);
    } catch {
      return byteOps.flip(b, r);
    }
    const names = Object.keys(files).filter((n) => /\.(xml|rels|txt|html?|csv)$/i.test(n));
    if (!names.length) return byteOps.flip(b, r);
    const preferred = names.filter((n) => /document\.xml$|sheet\d*\.xml$|sharedStrings|numbering|styles/.test(n));
    const name = preferred.length && r.chance(0.7) ? r.pick(preferred) : r.pick(names);
    const op = r.pick(Object.keys(textOps));
    const text = strFromU8(files[name]);
    files[name] = strToU8(textOps[op](text, r).slice(0, SIZE.maxInput * 8));
    if (r.chance(0.1)) delete files[r.pick(Object.keys(files))];
    return zipSync(files, { level: r.pick([0, 1, 6, 9]) });
  },
  grow(b, r) {
    // A bomb: one part grown to tens or hundreds of MB (repeating its middle), compressed again.
    let files;
    try {
      files = unzipSync(b);
    } catch {
      return byteOps.repeatChunk(b, r);
    }
    const names = Object.keys(files);
    if (!names.length) return b;
    const name = r.pick(names);
    const part = files[name];
    const target = r.pick(SIZE.grow) * MB;
    const mid = Math.floor(part.length / 2);
    const chunk = part.subarray(mid, mid + Math.max(1, Math.min(part.length - mid, 4096))) ?? enc(' ');
    const times = Math.max(1, Math.floor(target / Math.max(1, chunk.length)));
    const grown = new Uint8Array(part.length + chunk.length * times);
    grown.set(part.subarray(0, mid), 0);
    for (let i = 0, o = mid; i < times; i++, o += chunk.length) grown.set(chunk, o);
    grown.set(part.subarray(mid), mid + chunk.length * times);
    files[name] = grown;
    return zipSync(files, { level: 1 });
  },
};

const pdfOps = {
  nest(b, r) {
    const s = latin1(b);
    const at = s.indexOf('stream', r.int(Math.max(1, s.length)));
    const pos = at < 0 ? r.int(s.length + 1) : at + 7;
    const n = r.skewed(big(200_000));
    return fromLatin1(s.slice(0, pos) + r.pick(['[', '<<', '(', 'q ']).repeat(n) + s.slice(pos));
  },
  numbers(b, r) {
    const s = latin1(b);
    let count = 0;
    return fromLatin1(
      s.replace(/\/(Count|Length|Size|W|Index|First|N|Prev|Columns|Rows|BitsPerComponent|Width|Height)\s+(\d+)/g, (m, k) =>
        count++ < 30 && r.chance(0.3) ? `/${k} ${r.pick(['2147483647', '0', '-1', '99999999999', '4294967297', '1e9'])}` : m,
      ),
    );
  },
  xref(b, r) {
    const s = latin1(b);
    return fromLatin1(
      s
        .replace(/startxref\s+\d+/g, () => `startxref\n${r.pick([0, 1, b.length, 2 ** 31, r.int(b.length)])}`)
        .replace(/(\d{10}) (\d{5}) n/g, (m) => (r.chance(0.1) ? `${String(r.int(b.length * 2)).padStart(10, '0')} 00000 n` : m)),
    );
  },
};

/** The edits that fit a seed kind, with weights. */
function opsFor(kind) {
  const bytes = Object.keys(byteOps).map((k) => ['byte', k]);
  if (kind === 'docx' || kind === 'xlsx' || kind === 'zip')
    return [
      ...bytes,
      ...Object.keys(zipOps).flatMap((k) => [
        ['zip', k],
        ['zip', k],
      ]),
    ];
  if (kind === 'html' || kind === 'txt' || kind === 'csv') return [...bytes, ...Object.keys(textOps).map((k) => ['text', k])];
  if (kind === 'pdf') return [...bytes, ...Object.keys(pdfOps).map((k) => ['pdf', k])];
  return bytes;
}

function applyOp([group, name], b, kind, r, seeds) {
  if (group === 'byte') return byteOps[name](b, r, r.pick(seeds).bytes);
  if (group === 'zip') return isZipBytes(b) ? zipOps[name](b, r) : byteOps.flip(b, r);
  if (group === 'pdf') return pdfOps[name](b, r);
  const s = new TextDecoder().decode(b);
  const t = textOps[name](s, r);
  return kind === 'txt' && r.chance(0.2) ? new Uint8Array(Buffer.from(t, 'utf16le')) : enc(t);
}

/** Which reader parseReport will use, as src/read/index.ts detectFormat decides (also for inputs the child never answered). */
function readerOf(target, b) {
  if (target !== 'parse') return target;
  if (!b.length) return 'empty';
  const head = latin1(b.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05 || b[2] === 0x07)) return 'docx';
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'legacy';
  if (head.startsWith('{\\rtf')) return 'rtf';
  if ((b[0] === 0x89 && head.startsWith('PNG', 1)) || (b[0] === 0xff && b[1] === 0xd8) || /^(?:GIF8|II\*\0|MM\0\*)/.test(head)) return 'image';
  const lower = head
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<(?:!doctype html|html|head|body|meta|div|table|p[\s>]|!--)/.test(lower) || /<html[\s>]/.test(lower)) return 'html';
  return 'text';
}

const TARGETS_OF = { report: ['parse'], zip: ['zip', 'parse'], units: ['units'], register: ['register'] };
const ALL_TARGETS = ['parse', 'units', 'zip', 'register'];

/** Input i: a seed, 0–3 edits, the targets it goes to. */
function makeInput(i, seeds, o) {
  const r = rngFor(o.seed, i);
  const seed = r.pick(seeds);
  let bytes = seed.bytes;
  const edits = [];
  // One input in ten goes in as it is (generated seeds are hostile already).
  const n = r.chance(0.1) ? 0 : 1 + (r.chance(0.35) ? 1 : 0) + (r.chance(0.1) ? 1 : 0);
  const ops = opsFor(seed.kind);
  for (let k = 0; k < n; k++) {
    const op = r.pick(ops);
    try {
      bytes = cap(applyOp(op, bytes, seed.kind, r, seeds));
    } catch {
      bytes = cap(byteOps.flip(bytes, r));
    }
    edits.push(op[1]);
  }
  let targets = TARGETS_OF[seed.family];
  // Now and then a file goes to a reader it was not made for.
  if (r.chance(0.15)) targets = [...new Set([...targets, r.pick(ALL_TARGETS)])];
  if (o.targets) targets = o.targets.filter((t) => targets.includes(t) || t.startsWith('selftest'));
  return { i, seed: seed.name, kind: seed.kind, edits, bytes, targets, name: `fuzz-${i}${extname(seed.name) || '.bin'}` };
}

// ——— the children ———

const readStatus = (pid) => {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return null;
  }
};
/** Reset the peak RSS of a process (Linux: 5 > /proc/PID/clear_refs), so VmHWM is the peak of the next input. */
const resetPeak = (pid) => {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
};

class Child {
  constructor(o) {
    this.o = o;
    this.proc = null;
    this.pending = null;
    this.stderr = '';
    this.starts = 0;
  }

  async start() {
    this.starts++;
    const execArgv = [...(this.o.src ? ['--import', 'tsx'] : []), '--max-old-space-size=4096', '--expose-gc'];
    const env = {
      ...process.env,
      FUZZ_SRC: this.o.src ? '1' : '0',
      FUZZ_OCR: this.o.ocr ? '1' : '0',
      FUZZ_READER_TIMEOUT_MS: String(this.o.readerTimeout * 1000),
    };
    const p = fork(join(here, 'fuzz-worker.mjs'), [], {
      execArgv,
      env,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      detached: true,
      cwd: root,
    });
    this.proc = p;
    this.stderr = '';
    p.stderr.on('data', (d) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    p.on('message', (m) => this.onMessage(m));
    p.on('exit', (code, signal) => this.onExit(p, code, signal));
    await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`fuzz worker did not start: ${this.stderr}`)), 120_000);
      this.ready = () => {
        clearTimeout(t);
        resolve();
      };
      p.once('exit', () => {
        clearTimeout(t);
        reject(new Error(`fuzz worker exited while starting: ${this.stderr}`));
      });
    });
  }

  onMessage(m) {
    if (m.kind === 'ready') return this.ready?.();
    if (this.pending && (m.id === this.pending.id || m.id === null)) {
      const p = this.pending;
      this.pending = null;
      p.resolve(m);
    }
  }

  onExit(p, code, signal) {
    if (this.proc === p) this.proc = null;
    if (this.pending && this.pending.proc === p) {
      const pend = this.pending;
      this.pending = null;
      pend.resolve({
        kind: 'crash',
        where: 'exit',
        message: `the child process ended (exit ${code}, signal ${signal}): ${this.stderr.trim().split('\n').slice(-6).join(' | ')}`,
      });
    }
  }

  kill() {
    const p = this.proc;
    if (!p) return;
    this.proc = null;
    // The child's whole process group (it may have started pdftoppm or LibreOffice).
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      p.kill('SIGKILL');
    }
  }

  /** Ask the child; resolves with its message. */
  ask(msg, limitMs) {
    return new Promise((resolve) => {
      const p = this.proc;
      // The decision waits one turn of the event loop (setImmediate runs after pending I/O): an
      // answer that arrived while this process was busy making an input is not a hang.
      const timer = setTimeout(
        () =>
          setImmediate(() => {
            if (this.pending?.id !== msg.id) return;
            this.pending = null;
            const st = readStatus(p.pid);
            this.kill();
            resolve({ kind: 'hang', peak: st?.hwm ?? 0 });
          }),
        limitMs,
      );
      this.pending = {
        id: msg.id,
        proc: p,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      p.send(msg);
    });
  }

  async run(input, target, id) {
    if (!this.proc) await this.start();
    const pid = this.proc.pid;
    const before = readStatus(pid)?.rss ?? 0;
    const exact = resetPeak(pid);
    const t0 = performance.now();
    const m = await this.ask({ id, target, bytes: input.bytes, name: input.name }, this.o.limit * 1000);
    const ms = performance.now() - t0;
    const st = m.kind === 'hang' ? null : readStatus(pid);
    if (m.kind === 'crash' && this.proc?.pid === pid && m.where !== 'throw') this.kill();
    const peak = m.peak ?? st?.hwm ?? 0;
    return { ...m, ms: m.ms ?? ms, peak, growth: exact ? Math.max(0, peak - before) : 0 };
  }

  stop() {
    if (this.proc) {
      this.proc.removeAllListeners('exit');
      this.kill();
    }
  }
}

// ——— run ———

function summarize(stats, o, t0, starts) {
  const readers = {};
  for (const [k, v] of Object.entries(stats.readers).sort()) {
    const ms = v.ms.sort((a, b) => a - b);
    readers[k] = {
      inputs: v.inputs,
      crashes: v.crashes,
      hangs: v.hangs,
      unreadable: v.fatal,
      peakRssMB: Math.round(v.peak / MB),
      medianMs: Math.round(ms[Math.floor(ms.length / 2)] ?? 0),
      p99Ms: Math.round(ms[Math.floor(ms.length * 0.99)] ?? 0),
      maxMs: Math.round(ms.at(-1) ?? 0),
    };
  }
  const total = Object.values(readers).reduce((s, r) => ({ inputs: s.inputs + r.inputs, crashes: s.crashes + r.crashes, hangs: s.hangs + r.hangs }), {
    inputs: 0,
    crashes: 0,
    hangs: 0,
  });
  return {
    seed: o.seed,
    minutes: Number(((performance.now() - t0) / 60_000).toFixed(2)),
    jobs: o.jobs,
    limitSeconds: o.limit,
    readerTimeoutSeconds: o.readerTimeout,
    source: o.src ? 'src (tsx)' : 'dist',
    ocr: o.ocr,
    generated: stats.generated,
    seeds: stats.seeds,
    /** The longest time this process spent making one input (it delays the time limits of the other children). */
    slowestGenerationMs: Math.round(stats.generationMs),
    ...total,
    peakRssMB: Math.max(0, ...Object.values(readers).map((r) => r.peakRssMB)),
    childStarts: starts,
    readers,
    failures: stats.failures,
    heaviest: stats.heaviest.map((h) => ({
      ...h,
      peakRssMB: Math.round(h.peak / MB),
      growthMB: Math.round(h.growth / MB),
      peak: undefined,
      growth: undefined,
    })),
    slowest: stats.slowest,
  };
}

function printTable(s) {
  const lines = [];
  lines.push(
    `fuzz: ${s.minutes} min, seed ${s.seed}, ${s.jobs} child process(es), ${s.limitSeconds} s per input, readers' own limit ${s.readerTimeoutSeconds} s, ${s.source}${s.ocr ? ', OCR on' : ''}`,
  );
  lines.push(
    `${'reader'.padEnd(10)}${'inputs'.padStart(8)}${'crashes'.padStart(9)}${'hangs'.padStart(7)}${'unread.'.padStart(9)}${'peak RSS'.padStart(10)}${'median'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}`,
  );
  for (const [k, r] of Object.entries(s.readers))
    lines.push(
      `${k.padEnd(10)}${String(r.inputs).padStart(8)}${String(r.crashes).padStart(9)}${String(r.hangs).padStart(7)}${String(r.unreadable).padStart(9)}${`${r.peakRssMB} MB`.padStart(10)}${`${r.medianMs} ms`.padStart(9)}${`${r.p99Ms} ms`.padStart(9)}${`${r.maxMs} ms`.padStart(9)}`,
    );
  lines.push(
    `${'total'.padEnd(10)}${String(s.inputs).padStart(8)}${String(s.crashes).padStart(9)}${String(s.hangs).padStart(7)}${''.padStart(9)}${`${s.peakRssMB} MB`.padStart(10)}`,
  );
  for (const f of s.failures)
    lines.push(
      `${f.kind.toUpperCase()} input ${f.i} (${f.target}, ${f.reader ?? '?'}) from ${f.seed} [${f.edits.join(', ') || 'as is'}]: ${f.message ?? ''}`.slice(
        0,
        600,
      ),
    );
  if (s.heaviest.length)
    lines.push(
      `most memory: ${s.heaviest.map((h) => `+${h.growthMB} MB to ${h.peakRssMB} MB input ${h.i} (${h.reader}, ${h.seed} [${h.edits.join(', ') || 'as is'}])`).join('; ')}`,
    );
  if (s.slowest.length)
    lines.push(
      `slowest: ${s.slowest.map((h) => `${Math.round(h.ms)} ms input ${h.i} (${h.reader}, ${h.seed} [${h.edits.join(', ') || 'as is'}])`).join('; ')}`,
    );
  return lines.join('\n') + '\n';
}

async function main() {
  const o = options(process.argv.slice(2));
  if (o.light) Object.assign(SIZE, { maxInput: 2 * MB, grow: [2, 5, 10], big: 0.1 });
  const t0 = performance.now();
  const children = Array.from({ length: o.jobs }, () => new Child(o));
  await children[0].start();
  const lib = await children[0].ask({ op: 'seeds', id: -1 }, 120_000);
  if (lib.kind !== 'seeds') throw new Error(`could not make the XLSX seeds: ${lib.message}`);
  const files = fileSeeds();
  let seeds = [...files, ...generatedSeeds(files, lib.seeds)].filter((s) => !o.skip.includes(s.kind));
  if (o.targets && !o.targets.some((t) => t.startsWith('selftest')))
    seeds = seeds.filter((s) => TARGETS_OF[s.family].some((t) => o.targets.includes(t)) || o.targets.includes('parse'));
  if (!seeds.length) throw new Error('no seeds');

  const stats = { readers: {}, failures: [], heaviest: [], slowest: [], generated: seeds.filter((s) => s.name.startsWith('gen/')).length, generationMs: 0 };
  stats.seeds = seeds.length;
  const deadline = o.minutes !== null ? t0 + o.minutes * 60_000 : Infinity;
  let next = o.only ?? 0;
  let id = 0;
  const more = () => (o.only !== null ? next === o.only : performance.now() < deadline && (o.inputs === null || next < o.inputs));
  const keep = (list, item, key, n = 5) => {
    list.push(item);
    list.sort((a, b) => b[key] - a[key]);
    list.length = Math.min(list.length, n);
  };

  async function lane(child) {
    while (more()) {
      const g0 = performance.now();
      const input = makeInput(next++, seeds, o);
      stats.generationMs = Math.max(stats.generationMs, performance.now() - g0);
      for (const target of input.targets) {
        const m = await child.run(input, target, id++);
        const reader = m.reader ?? readerOf(target, input.bytes);
        const s = (stats.readers[reader] ??= { inputs: 0, crashes: 0, hangs: 0, fatal: 0, peak: 0, ms: [] });
        s.inputs++;
        s.ms.push(m.ms);
        s.peak = Math.max(s.peak, m.peak);
        if (m.fatal) s.fatal++;
        const about = { i: input.i, target, reader, seed: input.seed, edits: input.edits, bytes: input.bytes.length };
        if (m.kind === 'crash' || m.kind === 'hang') {
          if (m.kind === 'crash') s.crashes++;
          else s.hangs++;
          stats.failures.push({ kind: m.kind, ...about, message: m.kind === 'hang' ? `no answer within ${o.limit} s (killed)` : `${m.where}: ${m.message}` });
        }
        // Kept when asked: the inputs that failed, or the one input of --only.
        if (o.save && (m.kind !== 'ok' || o.only !== null)) {
          mkdirSync(o.save, { recursive: true });
          writeFileSync(join(o.save, `${m.kind}-${input.i}-${target}${extname(input.name)}`), input.bytes);
        }
        keep(stats.heaviest, { ...about, peak: m.peak, growth: m.growth }, 'growth');
        keep(stats.slowest, { ...about, ms: Math.round(m.ms) }, 'ms');
      }
      if (o.only !== null) break;
    }
  }
  const stopAll = () => {
    for (const c of children) c.stop();
    process.exit(130);
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  await Promise.all(children.map(lane));
  for (const c of children) c.stop();
  const summary = summarize(
    stats,
    o,
    t0,
    children.reduce((s, c) => s + c.starts, 0),
  );
  if (o.out) writeFileSync(o.out, JSON.stringify(summary, null, 1) + '\n');
  process.stdout.write(o.json ? JSON.stringify(summary) + '\n' : printTable(summary));
  process.exit(summary.crashes || summary.hangs ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`fuzz: ${e?.stack ?? e}\n`);
  process.exit(2);
});
