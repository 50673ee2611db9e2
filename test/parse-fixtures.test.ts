/**
 * Front-end fixtures: `test/fixtures/parse/ok/NAME.stp` must pass `tstap -p1` with exactly
 * `NAME.p1` on stdout, and its printed form must re-parse to the same AST;
 * `test/fixtures/parse/ko/NAME.stp` must fail with exactly `NAME.err` on stderr and status 1.
 * A `#! stap ARGS` first line gives the options (as upstream's parseok/parseko drivers do).
 * Expected files are rewritten only with UPDATE_SNAPSHOTS=1.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticBag, makeSource } from '../src/diag/index.js';
import { astDiff, type PreprocessContext, parseScript, TEST_CONTEXT } from '../src/lang/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join('test', 'fixtures', 'parse');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

function optionsOf(file: string): string[] {
  const first = readFileSync(join(ROOT, file), 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\s*stap\s+(.*)$/.exec(first);
  return m?.[1] ? m[1].trim().split(/\s+/) : ['-p1'];
}

function run(file: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['bin/tstap.js', ...optionsOf(file), file], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function expect(file: string, actual: string): void {
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) assert.fail(`missing expectation ${file}; run with UPDATE_SNAPSHOTS=1 to create it`);
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'));
}

const baseContext: PreprocessContext = {
  ...TEST_CONTEXT,
  kernelRelease: '6.18.44-test',
  kernelVersion: '6.18.44',
};

function stapFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.stp'))
    .sort();
}

describe('parse fixtures: accepted', () => {
  const dir = join(FIXTURES, 'ok');
  for (const f of stapFiles(dir)) {
    it(f, () => {
      const file = join(dir, f);
      const r = run(file);
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      expect(join(ROOT, file.replace(/\.stp$/, '.p1')), r.stdout);
      // Round trip: the printed script parses back to the same tree.
      const guru = optionsOf(file).some((o) => /^-[a-z]*g/.test(o));
      const options = { privileged: guru, preprocess: { ...baseContext, guruMode: guru } };
      const original = parseScript(
        makeSource(file, readFileSync(join(ROOT, file), 'utf8')),
        options,
        new DiagnosticBag(),
      );
      const printed = r.stdout.replace(/^# parse tree dump\n/, '');
      const again = parseScript(makeSource(file, printed), options, new DiagnosticBag());
      assert.equal(again.errorCount, 0);
      assert.equal(astDiff(original.script.declarations, again.script.declarations), undefined);
    });
  }
});

describe('parse fixtures: rejected', () => {
  const dir = join(FIXTURES, 'ko');
  for (const f of stapFiles(dir)) {
    it(f, () => {
      const file = join(dir, f);
      const r = run(file);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      expect(join(ROOT, file.replace(/\.stp$/, '.err')), r.stderr);
    });
  }
});
