import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { haveProbeReadKernel } from '../features.js';
import { attachTracepoint } from '../link/index.js';
import { BpfMap } from '../map.js';
import { BpfProgram } from '../program.js';
import { readCurrentTaskU32 } from '../testing/programs.js';
import { skipUnlessFeature } from '../testing/skip-unless.js';
import { getpidLoop, runPerl, workloadUnavailableReason } from '../testing/workload.js';
import { Btf, vmlinuxBtf } from './btf.js';
import { BtfBuilder } from './builder.js';
import { findMember, memberPath, resolvedType, sizeOf, typeName } from './layout.js';
import { tracepointProto } from './tracepoint-args.js';

function kernelBtf(t: TestContext): Btf | undefined {
  const r = vmlinuxBtf();
  if (r.ok) return r.value;
  t.skip(`no kernel BTF: ${r.message}`);
  return undefined;
}

function struct(btf: Btf, kind: 'struct' | 'union', name: string): number {
  const s = btf.find(kind, name);
  assert.ok(s !== undefined, `${kind} ${name} in BTF`);
  return s.id;
}

test('vmlinux BTF: task_struct.pid and tgid', (t) => {
  const btf = kernelBtf(t);
  if (btf === undefined) return;
  const t0 = performance.now();
  const task = struct(btf, 'struct', 'task_struct');
  t.diagnostic(`first lookup ${(performance.now() - t0).toFixed(1)} ms over ${btf.typeCount} types`);
  const pid = findMember(btf, task, 'pid');
  const tgid = findMember(btf, task, 'tgid');
  assert.ok(pid !== undefined && tgid !== undefined);
  assert.ok(pid.byteOffset !== undefined && pid.byteOffset > 0);
  assert.equal(tgid.byteOffset, pid.byteOffset + 4, 'pid_t pid; pid_t tgid; are adjacent');
  assert.equal(typeName(btf, pid.type), 'pid_t');
  assert.equal(sizeOf(btf, pid.type), 4);
  const resolved = resolvedType(btf, pid.type);
  assert.ok(resolved?.kind === 'int' && resolved.isSigned && resolved.name === 'int');

  const comm = findMember(btf, task, 'comm');
  assert.ok(comm !== undefined);
  assert.equal(typeName(btf, comm.type), 'char[16]');
  assert.equal(sizeOf(btf, comm.type), 16);
  assert.ok(memberPath(btf, task, 'se.vruntime') !== undefined);
  assert.equal(findMember(btf, task, 'no_such_member'), undefined);
  const real = findMember(btf, task, 'real_parent');
  assert.ok(real !== undefined);
  assert.equal(typeName(btf, real.type), 'struct task_struct *');
});

test('vmlinux BTF: btf_trace_sched_switch gives the TP_PROTO parameters', (t) => {
  const btf = kernelBtf(t);
  if (btf === undefined) return;
  const proto = tracepointProto(btf, 'sched_switch');
  assert.ok(proto !== undefined);
  assert.equal(btf.kindOf(proto.typedefId), 'typedef');
  const names = proto.args.map((a) => a.name);
  // TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next[, unsigned int prev_state])
  assert.deepEqual(names.slice(0, 3), ['preempt', 'prev', 'next']);
  if (names.length === 4) assert.equal(proto.args[3]!.typeName, 'unsigned int');
  assert.deepEqual(
    proto.args.slice(0, 3).map((a) => a.typeName),
    ['bool', 'struct task_struct *', 'struct task_struct *'],
  );
  assert.equal(tracepointProto(btf, 'no_such_tracepoint'), undefined);
});

test('vmlinux BTF: bitfields, anonymous members, enums, function prototypes', (t) => {
  const btf = kernelBtf(t);
  if (btf === undefined) return;
  const attr = struct(btf, 'struct', 'perf_event_attr');
  const disabled = findMember(btf, attr, 'disabled');
  const excludeUser = findMember(btf, attr, 'exclude_user');
  assert.deepEqual([disabled?.bitOffset, disabled?.bitfieldSize, disabled?.byteOffset], [320, 1, undefined]);
  assert.equal(excludeUser?.bitOffset, 324);
  // union bpf_attr: members of anonymous structs are found as in C.
  const bpfAttr = struct(btf, 'union', 'bpf_attr');
  assert.equal(findMember(btf, bpfAttr, 'prog_name')?.byteOffset, 48);
  assert.equal(findMember(btf, bpfAttr, 'attach_btf_id')?.byteOffset, 108);
  const mapType = btf.find('enum', 'bpf_map_type');
  assert.ok(mapType?.kind === 'enum');
  assert.equal(mapType.values.find((v) => v.name === 'BPF_MAP_TYPE_RINGBUF')?.value, 27);
  const fn = btf.find('func', 'do_nanosleep') ?? btf.find('func', 'schedule');
  assert.ok(fn?.kind === 'func');
  assert.match(typeName(btf, fn.id), /^(long|int|void) (do_nanosleep|schedule)\(/);
});

test('BTF encoder output decodes back', () => {
  const b = new BtfBuilder();
  const int = b.int('int', 4, true);
  const ptr = b.ptr(0);
  const proto = b.funcProto(int, [
    { name: 'index', type: int },
    { name: 'ctx', type: ptr },
  ]);
  const fn = b.func('callback', proto);
  const parsed = Btf.parse(b.encode());
  assert.ok(parsed.ok);
  const btf = parsed.value;
  assert.equal(btf.typeCount, 5);
  assert.equal(typeName(btf, fn), 'int callback(int, void *)');
  assert.deepEqual(btf.idsByName('callback'), [fn]);
  assert.deepEqual(btf.idsByName('int', 'int'), [int]);
  assert.equal(Btf.parse(new Uint8Array(10)).ok, false);
});

test('BTF offsets are right: a BPF program reads current->tgid at the BTF offset', async (t) => {
  if (!skipUnlessFeature(t, 'bpf_probe_read_kernel', haveProbeReadKernel())) return;
  const btf = kernelBtf(t);
  if (btf === undefined) return;
  const why = workloadUnavailableReason();
  if (why !== undefined) return t.skip(why);
  const tgid = findMember(btf, struct(btf, 'struct', 'task_struct'), 'tgid');
  assert.ok(tgid?.byteOffset !== undefined);
  const out = BpfMap.create({ name: 'tstap_pid', type: 'array', keySize: 4, valueSize: 8, maxEntries: 1 });
  assert.ok(out.ok);
  let childPid = 0;
  const links: { closeAsync(): Promise<void> }[] = [];
  let prog: BpfProgram | undefined;
  try {
    await runPerl(getpidLoop(3), (p) => {
      childPid = p;
      const r = BpfProgram.load({
        name: 'tstap_pid',
        type: 'tracepoint',
        instructions: readCurrentTaskU32(out.value.fd, p, tgid.byteOffset!),
      });
      assert.ok(r.ok, r.ok ? '' : r.message);
      prog = r.value;
      const link = attachTracepoint(r.value.fd, 'syscalls', 'sys_enter_getpid');
      assert.ok(link.ok, link.ok ? '' : link.message);
      links.push(link.value);
    });
    const v = out.value.lookup(Buffer.alloc(4));
    assert.ok(v.ok && v.value !== undefined);
    assert.equal(v.value.readUInt32LE(0), childPid);
  } finally {
    await Promise.all(links.map((l) => l.closeAsync()));
    prog?.close();
    out.value.close();
  }
});
