import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkTmpdir } from './tmpdir-check.js';

test('a usable TMPDIR passes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tstap-tmp-'));
  assert.equal(checkTmpdir({ TMPDIR: dir }, undefined), undefined);
});

test("an unusable TMPDIR fails as stap's mkdtemp would", () => {
  assert.equal(
    checkTmpdir({ TMPDIR: '/dev/null/BADTMPDIR' }, undefined),
    'cannot create temporary directory (" /dev/null/BADTMPDIR/stapXXXXXX "): Not a directory',
  );
  assert.equal(
    checkTmpdir({ TMPDIR: '/nonexistent-tstap' }, undefined),
    'cannot create temporary directory (" /nonexistent-tstap/stapXXXXXX "): No such file or directory',
  );
  // --tmpdir means stap makes none.
  assert.equal(checkTmpdir({ TMPDIR: '/nonexistent-tstap' }, '/x'), undefined);
});

test('TMPDIR with unsafe characters is refused', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tstap tmp '));
  assert.equal(
    checkTmpdir({ TMPDIR: dir }, undefined),
    `ERROR: Safety pattern mismatch for TMPDIR ('${dir}' vs. '^[-/._0-9a-z]+$') rc=1`,
  );
});
