/**
 * The PDF worker (a worker thread started by extract.ts, one document at a time): loads pdfjs
 * once; per request, opens the document and copies out, for every page, the text items and the
 * drawing operations that matter for ruling lines and images (RawPage in extract.ts). It only
 * calls pdfjs and copies plain data; all geometry is done in extract.ts, in typed code.
 *
 * Plain JavaScript (an ES module), so that the same file runs from the sources (tests) and from
 * dist (the build copies it: allowJs in tsconfig.build.json).
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

// pdfjs reports problems on the console; they are not ours to print (and would mix into a CLI's output).
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[k] = () => {};
let lib = null;
let patched = 0;
// Speed edits to the pinned pdfjs worker, made to its source as it is loaded. Each is made only
// where its anchor is found exactly once; otherwise pdfjs runs as shipped, only slower. None
// changes what we read (a test compares both on the fixtures):
//  - CFFCompiler.compile builds the CFF program of every embedded Type1/CFF font, for the font
//    file a browser would load: the largest single cost of reading a report, and useless to us
//    (the font is parsed before: encodings, widths and metrics, which the text depends on, stay);
//  - handleText (operator lists only; text content has its own path) maps every shown string to
//    glyphs that an operator list carries for painting; we read only paths and images from it;
//  - TextState.clone (each q of the text content) made each copy inherit from the state it was
//    copied from; all fields are copied anyway, and the prototype chains slowed every access to
//    the text state down (V8 turns each such state into a prototype). Copies now inherit from
//    the class, as the first state does.
const PATCHES = [
  ['class CFFCompiler {\n  constructor(cff) {\n    this.cff = cff;\n  }\n  compile() {\n', '', '    return new Uint8Array(0);\n'],
  ['  handleText(chars, state) {\n', '', '    return [];\n'],
  [
    '  clone() {\n    const clone = Object.assign(Object.create(this), this);\n    clone.textMatrix = this.textMatrix.slice();\n',
    '  clone() {\n    const clone = Object.assign(Object.create(TextState.prototype), this);\n    clone.textMatrix = this.textMatrix.slice();\n',
    '',
  ],
];
function workerModuleUrl() {
  let src;
  try {
    src = readFileSync(new URL(workerData.workerUrl), 'utf8');
  } catch {
    return workerData.workerUrl;
  }
  let n = 0;
  // [anchor, replacement of the anchor ('' keeps it), code inserted after it]
  for (const [at, by, add] of PATCHES) {
    const i = src.indexOf(at);
    if (i < 0 || src.indexOf(at, i + 1) >= 0) continue;
    src = src.slice(0, i) + (by || at) + add + src.slice(i + at.length);
    n++;
  }
  if (!n) return workerData.workerUrl;
  patched = n;
  return 'data:text/javascript;base64,' + Buffer.from(src).toString('base64');
}
async function load() {
  if (lib) return lib;
  const keep = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };
  // Without it pdfjs inflates streams with its own code: for the many small streams of a report
  // that is some 15% faster than Node's web-stream zlib.
  delete globalThis.DecompressionStream;
  // The worker module first: the document loader then finds it (globalThis.pdfjsWorker) instead of importing it later.
  const url = workerData.asShipped ? workerData.workerUrl : workerModuleUrl();
  try {
    await import(url);
  } catch (e) {
    if (url === workerData.workerUrl) throw e;
    patched = 0;
    await import(workerData.workerUrl);
  }
  const pdfjs = await import(workerData.pdfjsUrl);
  // core-js in the legacy build replaces these natives with script versions; put the natives back.
  Object.defineProperty(Array.prototype, 'push', { value: keep.push, writable: true, configurable: true, enumerable: false });
  JSON.parse = keep.parse;
  JSON.stringify = keep.stringify;
  lib = pdfjs;
  return lib;
}
const PAINT = { 20: 'S', 21: 'S', 22: 'F', 23: 'F', 24: 'B', 25: 'B', 26: 'B', 27: 'B', 28: 'N' };
function compact(OPS, ol) {
  const out = [];
  const fa = ol.fnArray;
  const aa = ol.argsArray;
  for (let i = 0; i < fa.length; i++) {
    if (out.length > 200000) break; // a page drawn with millions of paths: no table is read there
    const f = fa[i];
    const a = aa[i];
    switch (f) {
      case OPS.save:
        out.push(['q']);
        break;
      case OPS.restore:
        out.push(['Q']);
        break;
      case OPS.transform:
        out.push(['cm', Array.from(a)]);
        break;
      case OPS.setLineWidth:
        out.push(['w', Number(a[0])]);
        break;
      case OPS.setGState:
        for (const kv of a[0] || []) if (kv && kv[0] === 'LW') out.push(['w', Number(kv[1])]);
        break;
      case OPS.setStrokeRGBColor:
        out.push(['RG', String(a[0])]);
        break;
      case OPS.setFillRGBColor:
        out.push(['rg', String(a[0])]);
        break;
      case OPS.paintFormXObjectBegin:
        out.push(['fb', a[0] ? Array.from(a[0]) : null]);
        break;
      case OPS.paintFormXObjectEnd:
        out.push(['fe']);
        break;
      case OPS.constructPath: {
        const paint = PAINT[a[0]] || 'N';
        const data = a[1] && a[1][0];
        if (paint !== 'N' && data && data.length) out.push(['p', paint, Array.from(data)]);
        break;
      }
      case OPS.paintImageXObject:
        out.push(['img', Number(a[1]) || 0, Number(a[2]) || 0]);
        break;
      case OPS.setTextRenderingMode:
        out.push(['Tr', Number(a[0]) || 0]);
        break;
      case OPS.showText:
      case OPS.showSpacedText:
      case OPS.nextLineShowText:
      case OPS.nextLineSetSpacingShowText:
        // Only whether text is shown or hidden (render mode 3: a scan's OCR layer) is wanted here.
        out.push(['t']);
        break;
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject: {
        const img = a[0] || {};
        out.push(['img', Number(img.width) || 0, Number(img.height) || 0]);
        break;
      }
    }
  }
  return out;
}
// A page needs its drawing when it may hold a ruled table: turned text or pages, or column gaps
// (three or more). Plain prose does not, and neither does a page without text (a scan, read by
// OCR from poppler's image: pdfjs need not decode it).
function needsDrawing(items, rotate) {
  let chars = 0;
  for (const it of items) if (it && typeof it.str === 'string') chars += it.str.replace(/\s+/g, '').length;
  if (chars < 10) return false;
  if (rotate) return true;
  let gaps = 0;
  let prev = null;
  for (const it of items) {
    if (!it || typeof it.str !== 'string') continue;
    const t = it.transform;
    if (Math.abs(t[1]) > 1e-3 || Math.abs(t[2]) > 1e-3 || t[0] <= 0) return true;
    const size = Math.abs(t[3]) || it.height || 10;
    if (!it.str.trim()) {
      if (it.width > 1.2 * size) gaps++;
    } else {
      if (/\S\s{2,}\S/.test(it.str)) gaps++;
      if (prev && Math.abs(prev.y - t[5]) < 0.5 * size && t[4] - prev.x1 > 1.2 * size) gaps++;
      prev = { y: t[5], x1: t[4] + it.width };
    }
    if (gaps >= 3) return true;
  }
  return false;
}
async function extract(data, opts) {
  const pdfjs = await load();
  const t0 = performance.now();
  const task = pdfjs.getDocument({
    data,
    cMapUrl: workerData.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: workerData.standardFontDataUrl,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    throw e;
  }
  try {
    const numPages = doc.numPages;
    if (numPages > opts.maxPages) return { kind: 'tooManyPages', numPages };
    const pages = [];
    let total = 0;
    for (let p = 1; p <= numPages; p++) {
      let page;
      try {
        page = await doc.getPage(p);
      } catch (e) {
        // One damaged page does not spoil the others.
        pages.push({ width: 595, height: 842, vt: [1, 0, 0, -1, 0, 842], items: [], styles: {}, ops: [], error: String((e && e.message) || e) });
        continue;
      }
      try {
        const vp = page.getViewport({ scale: 1 });
        // No Unicode normalization here: the parser normalizes (keeping offsets).
        const tc = await page.getTextContent({ disableNormalization: true });
        const items = [];
        for (const it of tc.items) {
          if (!it || typeof it.str !== 'string' || !it.str.trim()) continue;
          if (++total > opts.maxItems) throw { tooMuchText: true };
          items.push([it.str, Array.from(it.transform), it.width, it.height, it.fontName]);
        }
        const styles = {};
        for (const [k, s] of Object.entries(tc.styles || {})) styles[k] = [Number(s.ascent) || 0, Number(s.descent) || 0, !!s.vertical];
        // Drawing operations cost a third of the time; only pages that may hold a table need them.
        const ops = needsDrawing(tc.items, page.rotate) ? compact(pdfjs.OPS, await page.getOperatorList()) : [];
        pages.push({ width: vp.width, height: vp.height, vt: Array.from(vp.transform), items, styles, ops });
      } catch (e) {
        if (e && e.tooMuchText) return { kind: 'tooMuchText', items: total };
        const vp = page.getViewport({ scale: 1 });
        pages.push({ width: vp.width, height: vp.height, vt: Array.from(vp.transform), items: [], styles: {}, ops: [], error: String((e && e.message) || e) });
      }
      page.cleanup();
    }
    return { kind: 'ok', numPages, pages, ms: performance.now() - t0, patched };
  } finally {
    await doc.destroy().catch(() => {});
  }
}
parentPort.on('message', async (msg) => {
  try {
    const res = await extract(new Uint8Array(msg.data), msg.opts);
    parentPort.postMessage({ id: msg.id, res });
  } catch (e) {
    const name = (e && e.name) || 'Error';
    const detail = String((e && e.message) || e);
    let res;
    if (name === 'PasswordException') res = { kind: 'password' };
    else if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'MissingPDFException' || name === 'UnknownErrorException')
      res = { kind: 'invalid', detail: name + ': ' + detail };
    else res = { kind: 'failed', detail: name + ': ' + detail };
    parentPort.postMessage({ id: msg.id, res });
  }
});
