#!/usr/bin/env node
// Runs the whole vitest suite and ends with the line CI reads: "N passed, N failed".
// A skipped or todo test, and a suite that failed outside its tests, count as failed.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const out = '.vitest-results.json';
rmSync(out, { force: true });
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
let passed = 0;
let failed = 0;
let skipped = 0;
let brokenSuites = 0;
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests;
  // There are no intentional skips: a skipped or todo test is one that did not run (a failed
  // beforeAll marks its tests skipped), so it counts as failed.
  skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  // A suite that failed without a failed test (it could not load, or its hooks failed) counts too.
  for (const s of j.testResults ?? []) if (s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed')) brokenSuites++;
  failed = j.numFailedTests + skipped + brokenSuites;
} catch {
  failed = Math.max(failed, 1);
}
if (skipped || brokenSuites) console.log(`(counted as failed: ${skipped} skipped or todo tests, ${brokenSuites} suites that failed outside their tests)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
