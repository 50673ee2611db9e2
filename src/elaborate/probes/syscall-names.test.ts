import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NO_TARGET, type SyscallInfo, type TargetSystem } from '../target.js';
import { argumentOf, callVariables, syscallListing } from './syscall.js';
import { stapVariables } from './syscall-names.js';
import { elaborateText } from './testing.js';

const int = (name: string) => ({ name, type: 'int' });
const ptr = (name: string, type = 'void *') => ({ name, type });

const SYSCALLS: readonly SyscallInfo[] = [
  { event: 'access', unistdName: 'access', nr: 21, params: [ptr('filename', 'const char *'), int('mode')] },
  { event: 'dup', unistdName: 'dup', nr: 32, params: [{ name: 'fildes', type: 'unsigned int' }] },
  {
    event: 'accept',
    unistdName: 'accept',
    nr: 43,
    params: [int('fd'), ptr('upeer_sockaddr', 'struct sockaddr *'), ptr('upeer_addrlen', 'int *')],
  },
  { event: 'newfstat', unistdName: 'fstat', nr: 5, params: [{ name: 'fd', type: 'unsigned int' }] },
];

const TARGET: TargetSystem = {
  ...NO_TARGET,
  syscalls: () => ({
    ok: true,
    syscalls: SYSCALLS,
    registers: { args: [112, 104, 96, 56, 72, 64], nr: 120 },
  }),
};

describe("stap's own syscall variable names", () => {
  test('the table: kind and 0-based argument index, read from the tapset', () => {
    assert.deepEqual(stapVariables('access'), {
      mode: ['s32', 1],
      pathname: ['str', 0],
      pathname_unquoted: ['ustr', 0],
    });
    assert.deepEqual(stapVariables('futex').futex_uaddr, ['long', 0]);
    assert.deepEqual(stapVariables('accept').sockfd, ['s32', 0]);
    assert.equal(stapVariables('accept').flags, 'zero');
    assert.deepEqual(stapVariables('fstat').buf_uaddr, ['long', 1]);
    assert.deepEqual(stapVariables('nosuchcall'), {});
    assert.deepEqual(stapVariables('toString'), {});
  });

  test("a call's variables: the kernel's names and stap's side by side", () => {
    const access = callVariables({ name: 'access', params: SYSCALLS[0]!.params });
    assert.deepEqual(access.get('pathname'), { kind: 'user-string', index: 0, quoted: true });
    assert.deepEqual(access.get('pathname_unquoted'), { kind: 'user-string', index: 0, quoted: false });
    assert.deepEqual(access.get('filename'), { kind: 'user-string', index: 0, quoted: true });
    assert.deepEqual(access.get('mode'), { kind: 'arg', index: 1, extend: 's32' });
    const dup = callVariables({ name: 'dup', params: SYSCALLS[1]!.params });
    assert.deepEqual(dup.get('oldfd'), { kind: 'arg', index: 0, extend: 's32' });
    assert.ok(dup.has('fildes'));
    // Past the parameters this kernel's call has: no variable.
    const short = callVariables({ name: 'accept', params: [int('fd')] });
    assert.deepEqual(short.get('sockfd'), { kind: 'arg', index: 0, extend: 's32' });
    assert.equal(short.get('addr_uaddr'), undefined);
    assert.deepEqual(short.get('flags'), { kind: 'zero' });
  });

  test('a handler reads them; a constant 0 has no argument to read', () => {
    const { program, messages } = elaborateText(
      'probe syscall.acce* { printf("%s %d %d %d\\n", pathname, mode, sockfd, flags) }',
      TARGET,
    );
    assert.deepEqual(messages, []);
    const p = program?.probes[0];
    assert.ok(p?.point.family === 'syscall');
    const vars = new Map([...(p.provided ?? [])].map(([v, what]) => [v.name, what] as const));
    const byName = new Map(p.point.syscalls.map((s) => [s.name, s] as const));
    const access = byName.get('access')!;
    const accept = byName.get('accept')!;
    assert.equal(vars.get('pathname')?.type, 'string');
    assert.deepEqual(argumentOf(access, vars.get('pathname')!), {
      kind: 'user-string',
      index: 0,
      quoted: true,
    });
    assert.deepEqual(argumentOf(accept, vars.get('sockfd')!), { kind: 'arg', index: 0, extend: 's32' });
    assert.equal(argumentOf(accept, vars.get('flags')!), undefined);
    assert.equal(argumentOf(access, vars.get('sockfd')!), undefined);
  });

  test('-L lists them with their types, a constant after the arguments', () => {
    const { program } = elaborateText(
      'probe syscall.access, syscall.accept, syscall.fstat { print(1) }',
      TARGET,
    );
    const lines = (program?.probes ?? []).flatMap((p) =>
      p.point.family === 'syscall'
        ? syscallListing(p.point).map((l) => [l.location, ...l.variables].join(' '))
        : [],
    );
    assert.deepEqual(lines, [
      'syscall.access name:string filename:string filename_unquoted:string filename_uaddr:long pathname:string pathname_unquoted:string mode:long mode_str:string argstr:string',
      'syscall.accept name:string fd:long sockfd:long upeer_sockaddr_uaddr:long addr_uaddr:long upeer_addrlen_uaddr:long addrlen_uaddr:long flags:long flags_str:string argstr:string',
      'syscall.fstat name:string fd:long filedes:long argstr:string',
    ]);
  });
});
