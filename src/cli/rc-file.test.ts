import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { dataDir, readRcFile, shellWords } from './rc-file.js';

const env = { HOME: '/home/u', TAPS: '/opt/taps' };

test('shell words: blanks, quotes, escapes, variables, comments', () => {
  assert.deepEqual(shellWords('  -v   -p1 ', env), ['-v', '-p1']);
  assert.deepEqual(shellWords(`-e 'probe begin { exit() }'`, env), ['-e', 'probe begin { exit() }']);
  const braced = '-I $' + '{TAPS}';
  assert.deepEqual(shellWords(`-I "$TAPS/x" ${braced}`, env), ['-I', '/opt/taps/x', '-I', '/opt/taps']);
  assert.deepEqual(shellWords('a\\ b # comment', env), ['a b']);
  assert.deepEqual(shellWords('-I ~/t', env), ['-I', '/home/u/t']);
  assert.deepEqual(shellWords('""', env), ['']);
});

test('shell words: what wordexp refuses', () => {
  assert.equal(shellWords('$UNDEFINED', env), undefined);
  assert.equal(shellWords('$(id)', env), undefined);
  assert.equal(shellWords('`id`', env), undefined);
  assert.equal(shellWords("'open", env), undefined);
  assert.equal(shellWords('a;b', env), undefined);
});

test('the rc file comes from $SYSTEMTAP_DIR, else ~/.systemtap', () => {
  assert.equal(dataDir({ HOME: '/home/u' }), '/home/u/.systemtap');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tstap-rc-'));
  assert.deepEqual(readRcFile({ SYSTEMTAP_DIR: dir }), { kind: 'ok', words: [] });
  writeFileSync(path.join(dir, 'rc'), '-v\n--vp 01\n');
  assert.deepEqual(readRcFile({ SYSTEMTAP_DIR: dir }), { kind: 'ok', words: ['-v', '--vp', '01'] });
  writeFileSync(path.join(dir, 'rc'), '$NOPE\n');
  assert.deepEqual(readRcFile({ SYSTEMTAP_DIR: dir }), { kind: 'error' });
});
