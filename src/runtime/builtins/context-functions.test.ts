import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Value } from '../context.js';
import { cmdlineArgs, ppfunc } from './context-functions.js';
import { type FakeOptions, fakeSession } from './fake-context.js';
import { BUILTIN_IMPLS } from './index.js';

const call = (name: keyof typeof BUILTIN_IMPLS, args: Value[] = [], options: FakeOptions = {}) =>
  BUILTIN_IMPLS[name](fakeSession(options).ctx, args);

describe('the current task is the tstap process', () => {
  test('ids', () => {
    assert.equal(call('pid'), BigInt(process.pid));
    assert.equal(call('tid'), BigInt(process.pid));
    assert.equal(call('stp_pid'), BigInt(process.pid));
    assert.equal(call('ppid'), BigInt(process.ppid));
    assert.equal(call('uid'), BigInt(process.getuid?.() ?? 0));
    assert.equal(call('gid'), BigInt(process.getgid?.() ?? 0));
    assert.equal(call('euid'), BigInt(process.geteuid?.() ?? 0));
    assert.equal(call('egid'), BigInt(process.getegid?.() ?? 0));
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    assert.equal(call('pgrp'), BigInt(fields[2] ?? -1));
    assert.equal(call('sid'), BigInt(fields[3] ?? -1));
  });
  test('names and command line', () => {
    assert.equal(call('execname'), readFileSync('/proc/self/comm', 'latin1').trimEnd());
    assert.equal(call('pexecname'), readFileSync(`/proc/${process.ppid}/comm`, 'latin1').trimEnd());
    const argv = readFileSync('/proc/self/cmdline', 'latin1').replace(/\0$/, '').split('\0');
    const expected = [argv[0], ...argv.slice(1).map((a) => (a === '' ? '""' : a))].join(' ').slice(0, 511);
    assert.equal(call('cmdline_str'), expected);
    assert.equal(call('cmdline_arg', [0n]), argv[0]);
    assert.equal(call('cmdline_arg', [1000n]), '');
  });
  test('cmdline_args(n, m, delim)', () => {
    const { ctx } = fakeSession();
    const argv = ['prog', 'a', '', 'b c', 'd'];
    assert.equal(cmdlineArgs(ctx, argv, 0n, -1n, ' '), 'prog a "" b c d');
    assert.equal(cmdlineArgs(ctx, argv, 1n, 3n, ','), 'a,"",b c');
    assert.equal(cmdlineArgs(ctx, argv, 2n, 2n, ','), '');
    assert.equal(cmdlineArgs(ctx, argv, 3n, 1n, ','), '');
    assert.equal(cmdlineArgs(ctx, argv, 4n, 100n, ','), 'd');
    assert.equal(cmdlineArgs(ctx, argv, 5n, -1n, ','), '');
    const small = fakeSession({ maxStringLen: 8 }).ctx;
    assert.equal(cmdlineArgs(small, argv, 0n, -1n, ' '), 'prog a ');
  });
});

describe('probe context in user space', () => {
  test('no registers, cpu 0, not a return probe', () => {
    assert.equal(call('cpu'), 0n);
    assert.equal(call('is_return'), 0n);
    assert.equal(call('user_mode'), 0n);
    assert.equal(call('probefunc'), '0x0');
  });
  test('pp, pn, ppfunc, target', () => {
    const options = { pp: 'timer.ms(100)', pn: 'timer.ms(*)', targetPid: 4242 };
    assert.equal(call('pp', [], options), 'timer.ms(100)');
    assert.equal(call('pn', [], options), 'timer.ms(*)');
    assert.equal(call('ppfunc', [], options), '');
    assert.equal(call('target', [], options), 4242n);
    assert.equal(call('target'), 0n);
  });
  test('ppfunc parses function("...") and statement("...")', () => {
    assert.equal(ppfunc('process("/bin/ls").function("main@src/ls.c:1450")'), 'main');
    assert.equal(ppfunc('kernel.function("vfs_read").return'), 'vfs_read');
    assert.equal(ppfunc('process("/bin/ls").statement("main@ls.c:10")'), 'main');
    assert.equal(ppfunc('begin'), '');
    assert.equal(ppfunc('kernel.function("unterminated'), 'unterminated');
  });
});
