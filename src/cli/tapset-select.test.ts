import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectTapsets } from './tapset-select.js';

const FILES = [
  { path: 'a.stp', text: 'function alpha() { return beta() }\n' },
  { path: 'b.stp', text: 'function beta() { return 1 }\nglobal counts, other\n' },
  {
    path: 'sched.stp',
    text: 'probe scheduler.cpu_off = kernel.trace("sched_switch") { name = "cpu_off" }\n',
  },
  { path: 'sig.stp', text: 'probe signal.send = kernel.trace("signal_generate") { }\n' },
  { path: 'unused.stp', text: 'function gamma() { }\nprobe begin(-1) { }\n' },
];

const paths = (user: string, extra: string[] = []) => selectTapsets(FILES, [user], extra).map((f) => f.path);

test('a function a script calls brings its file, and what that file calls', () => {
  assert.deepEqual(paths('probe begin { println(alpha()) }'), ['a.stp', 'b.stp']);
});

test('globals, -G names and alias heads select their files; nothing else is parsed', () => {
  assert.deepEqual(paths('probe end { println(counts) }'), ['b.stp']);
  assert.deepEqual(paths('probe begin { exit() }', ['other']), ['b.stp']);
  assert.deepEqual(paths('probe scheduler.cpu_off { }'), ['sched.stp']);
  assert.deepEqual(paths('probe begin { exit() }'), []);
});

test('a wildcard first component selects every alias file it matches', () => {
  assert.deepEqual(paths('probe s*.* { }'), ['sched.stp', 'sig.stp']);
  assert.deepEqual(paths('probe begin, sig?al.send { }'), ['sig.stp']);
});

test('an expression that looks like a broken glob over-selects rather than failing', () => {
  assert.doesNotThrow(() => paths('probe begin { printf("%d", a[s]) }'));
});
