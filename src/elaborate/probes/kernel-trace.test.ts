import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Program } from '../program.js';
import { fakeTarget, type TargetAccess, type TargetPathStep, type TracepointInfo } from '../target.js';
import { elaborateText } from './testing.js';

const integer = { kind: 'integer' } as const;

/** A two-member task_struct: `pid` (an int at 8) and `comm` (char[16] at 16). */
function taskAccess(path: readonly TargetPathStep[]): TargetAccess {
  const [step, ...rest] = path;
  if (step?.kind !== 'member' || rest.length > 0) return { ok: false, error: 'not in this fake' };
  if (step.name === 'pid')
    return {
      ok: true,
      ops: [{ kind: 'offset', bytes: 8 }],
      value: { kind: 'integer', size: 4, isSigned: true, pointer: false },
      cType: 'pid_t',
    };
  if (step.name === 'comm')
    return {
      ok: true,
      ops: [{ kind: 'offset', bytes: 16 }],
      value: { kind: 'char-array', length: 16 },
      cType: 'char[16]',
    };
  return { ok: false, error: `no member '${step.name}'` };
}

const TRACEPOINTS: readonly TracepointInfo[] = [
  {
    system: 'sched',
    name: 'sched_switch',
    fields: [
      {
        name: 'prev_comm',
        cType: 'char',
        offset: 8,
        size: 16,
        isSigned: false,
        access: { kind: 'char-array', length: 16 },
      },
      { name: 'prev_pid', cType: 'pid_t', offset: 24, size: 4, isSigned: true, access: integer },
      { name: 'next_pid', cType: 'pid_t', offset: 56, size: 4, isSigned: true, access: integer },
    ],
  },
  {
    system: 'sched',
    name: 'sched_process_exec',
    fields: [
      {
        name: 'filename',
        cType: '__data_loc char[]',
        offset: 8,
        size: 4,
        isSigned: false,
        access: { kind: 'dynamic-string', relative: false },
      },
      { name: 'pid', cType: 'pid_t', offset: 12, size: 4, isSigned: true, access: integer },
    ],
    params: () => [
      { name: 'p', index: 0, cType: 'struct task_struct *', pointer: true, access: taskAccess },
      {
        name: 'old_pid',
        index: 1,
        cType: 'pid_t',
        integer: { size: 4, isSigned: true },
        access: () => ({ ok: false, error: 'unused' }),
      },
      {
        name: 'bprm',
        index: 2,
        cType: 'struct linux_binprm *',
        access: () => ({ ok: false, error: 'unused' }),
      },
    ],
    kernelType: (name) =>
      name === 'task_struct' || name === 'struct task_struct'
        ? { cType: 'struct task_struct', access: taskAccess }
        : undefined,
  },
  {
    system: 'syscalls',
    name: 'sys_enter_getpid',
    fields: [{ name: '__syscall_nr', cType: 'int', offset: 8, size: 4, isSigned: true, access: integer }],
  },
];

function run(text: string): { program: Program | undefined; messages: string[] } {
  return elaborateText(text, fakeTarget(TRACEPOINTS));
}

describe('kernel.trace probe points', () => {
  test('a wildcard expands to one probe per tracepoint, named SYSTEM:NAME', () => {
    const { program, messages } = run('probe kernel.trace("sched:sched_*") { print(1) }');
    assert.deepEqual(messages, []);
    assert.deepEqual(
      program?.probes.map((p) => p.name),
      ['kernel.trace("sched:sched_process_exec")', 'kernel.trace("sched:sched_switch")'],
    );
  });

  test('a bare name matches in any subsystem', () => {
    const { program } = run('probe kernel.trace("sys_enter_getpid") { print(1) }');
    const p = program?.probes[0];
    assert.equal(p?.name, 'kernel.trace("syscalls:sys_enter_getpid")');
    assert.deepEqual(p?.point.family === 'kernel.trace' && [p.point.system, p.point.event], [
      'syscalls',
      'sys_enter_getpid',
    ]);
  });

  test('an unknown tracepoint is stap\'s "no match" while resolving the probe point', () => {
    const { program, messages } = run('probe kernel.trace("nosuch") { print(1) }');
    assert.equal(program, undefined);
    assert.deepEqual(messages, ["while resolving probe point: identifier 'kernel' at 1:7", '| no match']);
  });

  test('fields are typed: integers as long, char arrays and __data_loc strings as string', () => {
    const { program, messages } = run(
      'global a, b, c, d probe kernel.trace("sched_switch") { a = $next_pid; b = $prev_comm; c = $$name; d = $$system }' +
        ' probe kernel.trace("sched_process_exec") { b = $filename }',
    );
    assert.deepEqual(messages, []);
    const types = Object.fromEntries(program?.globals.map((g) => [g.name, g.type]) ?? []);
    assert.deepEqual(types, { a: 'long', b: 'string', c: 'string', d: 'string' });
  });

  test('an unknown field lists the alternatives, closest first', () => {
    const { messages } = run('probe kernel.trace("sched_switch") { print($next_pdi) }');
    assert.ok(
      messages.includes(
        "| unable to find tracepoint variable '$next_pdi' (alternatives: $next_pid, $prev_pid, $$name, $$vars, $$parms, $prev_comm): identifier '$next_pdi' at 1:44",
      ),
      messages.join('\n'),
    );
  });

  test('TP_PROTO parameters are target variables too: members read as long, suggested when misspelt', () => {
    const { program, messages } = run(
      'global a, b probe kernel.trace("sched_process_exec") { a = $bprm->filename; b = $old_pid + $p->pid }',
    );
    assert.deepEqual(messages, []);
    const types = Object.fromEntries(program?.globals.map((g) => [g.name, g.type]) ?? []);
    assert.deepEqual(types, { a: 'long', b: 'long' });
    const wrong = run('probe kernel.trace("sched_process_exec") { print($bprn->file) }').messages;
    assert.ok(
      wrong.some((m) => m.includes("unable to find tracepoint variable '$bprn' (alternatives: $bprm")),
      wrong.join('\n'),
    );
  });

  test('BTF paths are longs: an array member is its address, as in stap (kernel_string reads it)', () => {
    const { program, messages } = run(
      'global a, b, c, d, e probe kernel.trace("sched_process_exec") {' +
        ' a = $p->comm; b = $p->pid; c = &$p->comm; d = @cast($p, "task_struct")->comm;' +
        ' e = @cast($p, "struct task_struct", "kernel")->pid }',
    );
    assert.deepEqual(messages, []);
    const types = Object.fromEntries(program?.globals.map((g) => [g.name, g.type]) ?? []);
    assert.deepEqual(types, { a: 'long', b: 'long', c: 'long', d: 'long', e: 'long' });
  });

  test('@cast of a type BTF lacks, or from another module, is stap\'s "type definition not found"', () => {
    const { messages } = run(
      'probe kernel.trace("sched_process_exec") { println(@cast($p, "nosuch")->pid, @cast($p, "task_struct", "ext4")->pid) }',
    );
    assert.deepEqual(
      messages.filter((m) => m.includes('type definition')),
      [
        "type definition 'nosuch' not found in 'kernel': operator '@cast' at 1:52",
        "type definition 'task_struct' not found in 'ext4': operator '@cast' at 1:78",
      ],
    );
  });

  test('@defined of BTF paths: resolvable members only (the other branch is elided)', () => {
    const { program, messages } = run(
      'global a, b, c, d probe kernel.trace("sched_process_exec") {' +
        ' if (@defined($p->pid)) a = "y" else a = 0;' +
        ' if (@defined($p->nosuch)) b = "y" else b = 0;' +
        ' if (@defined(@cast($p, "task_struct")->comm)) c = "y" else c = 0;' +
        ' if (@defined(@cast($p, "nosuch")->pid)) d = "y" else d = 0 }',
    );
    assert.deepEqual(messages, []);
    const types = Object.fromEntries(program?.globals.map((g) => [g.name, g.type]) ?? []);
    assert.deepEqual(types, { a: 'string', b: 'long', c: 'string', d: 'long' });
  });

  test('@defined tells which fields exist', () => {
    const { program, messages } = run(
      'probe kernel.trace("sched_switch") { print(@defined($next_pid) ? 1 : 0, @defined($nope) ? 1 : 0) }',
    );
    assert.deepEqual(messages, []);
    assert.ok(program);
  });
});
