// The child process of bench/fuzz.mjs: runs one input through one reader at a time, through the
// public entries (parseReport, parseUnitFile, expandUpload, importRegisterXlsx), and answers with
// what happened. A throw or a result of the wrong shape is reported as a crash; an uncaught
// exception or an unhandled rejection is reported and ends the process (the parent starts a new
// one). The parent enforces the time limit (it kills this process) and measures its memory.
//
// FUZZ_SRC=1: load the TypeScript sources (run with --import tsx), else the build in dist/.
import ExcelJS from 'exceljs';

const src = process.env.FUZZ_SRC === '1';
const mod = (p) => import(new URL(`../${src ? 'src' : 'dist'}/${p}.${src ? 'ts' : 'js'}`, import.meta.url).href);

const [{ parseReport, detectFormat }, { parseUnitFile }, { expandUpload }, { importRegisterXlsx, exportRegisterXlsx }, { registerRowSchema }] =
  await Promise.all([
    mod('index'),
    mod('units/import'),
    // The upload zip reader (moving from src/ingest to src/read).
    mod('read/zip')
      .then((m) => (m.expandUpload ? m : mod('ingest/zip')))
      .catch(() => mod('ingest/zip')),
    mod('register/xlsx'),
    mod('register/row'),
  ]);

const OCR = process.env.FUZZ_OCR === '1';
const READER_TIMEOUT = Number(process.env.FUZZ_READER_TIMEOUT_MS || 10_000);

let current = null;
const die = (kind, e) => {
  process.send?.({ id: current, kind: 'crash', where: kind, message: String(e?.stack ?? e).slice(0, 2000) }, () => process.exit(70));
  setTimeout(() => process.exit(70), 500).unref?.();
};
process.on('uncaughtException', (e) => die('uncaughtException', e));
// The parent is gone (killed, or ended without stopping us): so are we.
process.on('disconnect', () => process.exit(0));
process.on('unhandledRejection', (e) => die('unhandledRejection', e));

const READER_NAMES = { text: 'text', html: 'html', zip: 'docx', pdf: 'pdf', ole: 'legacy', image: 'image', rtf: 'rtf', empty: 'empty' };

/** Run one target. Returns { reader, note } or throws (a crash). */
async function run(target, bytes, name) {
  switch (target) {
    case 'parse': {
      const r = await parseReport(bytes, { path: name, ocr: OCR, timeoutMs: READER_TIMEOUT });
      if (!r || !Array.isArray(r.findings) || typeof r.source !== 'object' || !Array.isArray(r.cells))
        throw new Error('parseReport returned a malformed record');
      JSON.stringify(r);
      return { reader: READER_NAMES[detectFormat(bytes)] ?? 'other', fatal: r.findings.some((f) => f.fatal) };
    }
    case 'units': {
      const r = await parseUnitFile(bytes);
      if (!r || !Array.isArray(r.rows) || !Array.isArray(r.rejected)) throw new Error('parseUnitFile returned a malformed result');
      return { reader: 'units', fatal: r.rows.length === 0 };
    }
    case 'zip': {
      const r = expandUpload(bytes, name);
      if (!Array.isArray(r) || r.some((x) => typeof x.fileName !== 'string' || (!x.bytes && typeof x.error !== 'string')))
        throw new Error('expandUpload returned a malformed result');
      return { reader: 'zip', fatal: r.every((x) => x.error) };
    }
    case 'register': {
      const r = await importRegisterXlsx(bytes);
      if (!r || typeof r.ok !== 'boolean' || !Array.isArray(r.messages)) throw new Error('importRegisterXlsx returned a malformed result');
      return { reader: 'register', fatal: !r.ok };
    }
    // The harness's own checks (test/fuzz.test.ts): a reader that throws, and one that never returns.
    case 'selftest-throw':
      throw new Error('self-test: a reader that throws');
    case 'selftest-hang':
      for (;;);
    default:
      throw new Error(`unknown target ${target}`);
  }
}

/** Seeds that need the library: an XLSX unit list, and register workbooks (the template, and one with rows). */
async function seeds() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位名单');
  ws.addRow(['名称', '地区', '层级', '上级', '别名']);
  ws.addRow(['洛阳市人民政府办公室', '河南省/洛阳市', '市级', '', '市政府办']);
  ws.addRow(['洛阳市教育局', '河南省/洛阳市', '市级部门', '洛阳市人民政府办公室', '市教育局']);
  ws.addRow(['涧西区人民政府', '河南省/洛阳市/涧西区', '县级', '洛阳市人民政府办公室', '']);
  ws.addRow(['嵩县财政局', '河南省/洛阳市/嵩县', '县级部门', '', '']);
  const units = new Uint8Array(await wb.xlsx.writeBuffer());
  const rows = [
    {
      id: '2024-依-0001',
      applicantKey: 'A1',
      applicantType: 'naturalPerson',
      channel: 'online',
      confirmedAt: '2024-03-01',
      subject: '申请公开某项目批复',
      outcome: 'granted',
      replyDate: '2024-03-15',
    },
    { id: '2024-依-0002', applicantKey: 'A2', applicantType: 'commercial', channel: 'postSigned', signedAt: '2024-05-06', subject: '申请公开招标文件' },
    { id: '2024-依-0003', applicantKey: 'A1', applicantType: 'naturalPerson', channel: 'inPerson', submittedAt: '2024-12-30', subject: '申请公开征收补偿方案' },
  ].map((r) => registerRowSchema.parse(r));
  return {
    units,
    registerRows: await exportRegisterXlsx(rows, { asOf: '2025-01-31' }),
    registerEmpty: await exportRegisterXlsx([], {}),
  };
}

process.on('message', async (m) => {
  if (m.op === 'seeds') {
    try {
      process.send({ id: m.id, kind: 'seeds', seeds: await seeds() });
    } catch (e) {
      process.send({ id: m.id, kind: 'crash', where: 'seeds', message: String(e?.stack ?? e) });
    }
    return;
  }
  current = m.id;
  const bytes = new Uint8Array(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
  const t0 = performance.now();
  let reply;
  try {
    const r = await run(m.target, bytes, m.name);
    reply = { id: m.id, kind: 'ok', ms: performance.now() - t0, ...r };
  } catch (e) {
    reply = { id: m.id, kind: 'crash', where: 'throw', message: String(e?.stack ?? e).slice(0, 2000), ms: performance.now() - t0 };
  }
  current = null;
  // Give memory back between inputs, so the next input's peak is its own (the parent resets the peak).
  if (globalThis.gc && process.memoryUsage().rss > 400 * 1024 * 1024) globalThis.gc();
  process.send(reply);
});

process.send({ kind: 'ready' });
