import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { findLibraryFiles, includePath, versionSuffixes } from './tapset-path.js';

test("version suffixes in stap's order: runtime first, specific kernel first, arch before plain", () => {
  assert.deepEqual(versionSuffixes('6.18.44-fc', '6.18.44', 'x86_64', 'bpf'), [
    '/bpf/6.18.44-fc/x86_64',
    '/bpf/6.18.44-fc',
    '/bpf/6.18.44/x86_64',
    '/bpf/6.18.44',
    '/bpf/6.18/x86_64',
    '/bpf/6.18',
    '/bpf/x86_64',
    '/bpf',
    '/6.18.44-fc/x86_64',
    '/6.18.44-fc',
    '/6.18.44/x86_64',
    '/6.18.44',
    '/6.18/x86_64',
    '/6.18',
    '/x86_64',
    '',
  ]);
  assert.deepEqual(versionSuffixes('6.1', '6.1', 'arm64', 'bpf'), [
    '/bpf/6.1/arm64',
    '/bpf/6.1',
    '/bpf/arm64',
    '/bpf',
    '/6.1/arm64',
    '/6.1',
    '/arm64',
    '',
  ]);
});

test('SYSTEMTAP_TAPSET replaces the built-in directory; -I directories follow', () => {
  assert.deepEqual(includePath('/pkg/tapset', ['a', 'b'], {}), ['/pkg/tapset', 'a', 'b']);
  assert.deepEqual(includePath('/pkg/tapset', ['a'], { SYSTEMTAP_TAPSET: '/t' }), ['/t', 'a']);
});

test('library files: sorted per directory, PATH recursed, duplicates by relative path skipped', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tstap-tapset-'));
  const a = path.join(root, 'a');
  const b = path.join(root, 'b');
  for (const d of [a, `${a}/bpf`, `${a}/sub`, `${a}/PATH/deep`, b]) mkdirSync(d, { recursive: true });
  for (const f of [`${a}/z.stpm`, `${a}/m.stpm`, `${a}/x.stp`, `${a}/bpf/r.stpm`, `${a}/sub/no.stpm`]) {
    writeFileSync(f, '');
  }
  writeFileSync(`${a}/PATH/deep/p.stpm`, '');
  writeFileSync(`${b}/m.stpm`, '');
  writeFileSync(`${b}/n.stpm`, '');
  const files = findLibraryFiles([a, b], ['/bpf', ''], '.stpm').map((f) => path.relative(root, f.path));
  assert.deepEqual(files, ['a/bpf/r.stpm', 'a/PATH/deep/p.stpm', 'a/m.stpm', 'a/z.stpm', 'b/n.stpm']);
});
