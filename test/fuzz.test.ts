/**
 * Fuzzing smoke (the long runs are bench/fuzz.mjs, figures in docs/fuzz.md): 300 mutated and
 * generated inputs, a fixed seed, through every reader in child processes with a time limit —
 * 0 crashes, 0 hangs, every reader reached. The harness itself is checked first: a reader that
 * throws is counted as a crash and one that never returns as a hang (its child killed).
 * Runs the TypeScript sources (--src: no build needed). The .doc reader (LibreOffice, seconds a
 * file) is left to the long runs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');

interface Summary {
  inputs: number;
  crashes: number;
  hangs: number;
  peakRssMB: number;
  readers: Record<string, { inputs: number; crashes: number; hangs: number }>;
  failures: { kind: string; i: number; target: string; seed: string; edits: string[]; message: string }[];
  childStarts: number;
}

function fuzz(args: string[]): { status: number | null; summary: Summary; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'fuzz.mjs'), '--src', '--json', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  let summary: Summary;
  try {
    summary = JSON.parse(r.stdout) as Summary;
  } catch {
    throw new Error(`fuzz printed no summary (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  }
  return { status: r.status, summary, stderr: r.stderr };
}

describe('fuzz harness', () => {
  it('counts a reader that throws as a crash and one that never returns as a hang', () => {
    const { status, summary } = fuzz(['--targets', 'selftest-throw,selftest-hang', '--inputs', '2', '--limit', '2', '--jobs', '1']);
    expect(status).toBe(1);
    expect(summary).toMatchObject({ crashes: 2, hangs: 2 });
    expect(summary.failures.map((f) => [f.kind, f.target, f.i])).toEqual([
      ['crash', 'selftest-throw', 0],
      ['hang', 'selftest-hang', 0],
      ['crash', 'selftest-throw', 1],
      ['hang', 'selftest-hang', 1],
    ]);
    expect(summary.failures[0]!.message).toMatch(/a reader that throws/);
    // The hung child was killed and a new one started for the next input.
    expect(summary.childStarts).toBe(2);
  }, 60_000);

  it('300 inputs (seed 7) through every reader: 0 crashes, 0 hangs', () => {
    const { status, summary } = fuzz(['--light', '--inputs', '300', '--seed', '7', '--jobs', '2', '--skip', 'doc', '--limit', '30']);
    const failures = summary.failures.map((f) => `${f.kind} input ${f.i} (${f.target}) from ${f.seed} [${f.edits.join(', ')}]: ${f.message.slice(0, 300)}`);
    expect(failures).toEqual([]);
    expect(summary).toMatchObject({ crashes: 0, hangs: 0 });
    expect(status).toBe(0);
    expect(summary.inputs).toBeGreaterThanOrEqual(300);
    for (const reader of ['text', 'html', 'docx', 'pdf', 'zip', 'units', 'register']) expect(summary.readers[reader]?.inputs ?? 0, reader).toBeGreaterThan(5);
  }, 120_000);
});
