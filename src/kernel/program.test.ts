import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as d from '../bpf/index.js';
import { assembleOrThrow, BPF_FUNC_loop, R0, R1, R2, R3, R4, R10 } from '../bpf/index.js';
import { haveBpfLoop } from './features.js';
import { BpfMap } from './map.js';
import {
  BpfProgram,
  functionStarts,
  linuxVersionCode,
  missingHelperHint,
  verifierLogTail,
} from './program.js';
import { asm, BPF_FUNC_ringbuf_reserve, encode, R, returnZero } from './raw-insns.js';
import { C, progInfo } from './sys/index.js';
import { skipUnlessBpf, skipUnlessFeature } from './testing/skip-unless.js';

test('a minimal tracepoint program loads, is named, and closes', (t) => {
  if (!skipUnlessBpf(t)) return;
  const exact = Buffer.from('b700000000000000' + '9500000000000000', 'hex');
  assert.deepEqual(Buffer.from(returnZero()), exact);
  const r = BpfProgram.load({ name: 'tstap_test-prog!', type: 'tracepoint', instructions: exact });
  assert.ok(r.ok, r.ok ? '' : r.message);
  const info = progInfo(r.value.fd);
  assert.ok(info.ok);
  assert.equal(info.value.type, C.BPF_PROG_TYPE_TRACEPOINT);
  assert.equal(info.value.name, 'tstap_test_prog', 'cut to 15 characters of [A-Za-z0-9_.]');
  assert.equal(r.value.verifierLog, undefined, 'no log unless asked');
  r.value.close();
  assert.ok(r.value.isClosed);
});

test('every program type tstap uses loads', (t) => {
  if (!skipUnlessBpf(t)) return;
  for (const type of ['tracepoint', 'kprobe', 'perf_event', 'raw_tracepoint'] as const) {
    const r = BpfProgram.load({ name: `tstap_${type}`, type, instructions: returnZero() });
    assert.ok(r.ok, r.ok ? '' : r.message);
    r.value.close();
  }
});

test('a verifier rejection returns errno and the log, and names the reason', (t) => {
  if (!skipUnlessBpf(t)) return;
  // exit without setting r0
  const r = BpfProgram.load({ name: 'tstap_bad', type: 'tracepoint', instructions: encode([asm.exit()]) });
  assert.ok(!r.ok);
  assert.equal(r.code, 'EACCES');
  assert.match(r.verifierLog, /R0 !read_ok/);
  assert.match(r.message, /BPF_PROG_LOAD: Permission denied \(EACCES\): R0 !read_ok/);
  assert.match(verifierLogTail(r.verifierLog, 3), /R0 !read_ok/);
});

test('a leaked ring-buffer reservation is explained by the verifier log', (t) => {
  if (!skipUnlessBpf(t)) return;
  const rb = BpfMap.create({ name: 'tstap_rb', type: 'ringbuf', keySize: 0, valueSize: 0, maxEntries: 4096 });
  assert.ok(rb.ok);
  try {
    const insns = encode([
      ...asm.ldMapFd(R.r1, rb.value.fd),
      asm.movImm(R.r2, 16),
      asm.movImm(R.r3, 0),
      asm.call(BPF_FUNC_ringbuf_reserve),
      asm.movImm(R.r0, 0),
      asm.exit(),
    ]);
    const r = BpfProgram.load({ name: 'tstap_leak', type: 'tracepoint', instructions: insns });
    assert.ok(!r.ok);
    assert.equal(r.code, 'EINVAL');
    assert.match(r.verifierLog, /Unreleased reference/);
    assert.match(r.verifierLog, /call bpf_ringbuf_reserve#131/);
  } finally {
    rb.value.close();
  }
});

test('map relocations patch ld_imm64 with the map fd', (t) => {
  if (!skipUnlessBpf(t)) return;
  const map = BpfMap.create({ name: 'tstap_reloc', type: 'array', keySize: 4, valueSize: 8, maxEntries: 1 });
  assert.ok(map.ok);
  try {
    // ld_imm64 r1 = <placeholder 0>; the relocation makes it the map.
    const insns = encode([
      asm.st('w', R.fp, -4, 0),
      asm.movReg(R.r2, R.fp),
      asm.alu64Imm('add', R.r2, -4),
      ...asm.ldMapFd(R.r1, 0),
      asm.call(1),
      asm.movImm(R.r0, 0),
      asm.exit(),
    ]);
    const unpatched = BpfProgram.load({ name: 'tstap_noreloc', type: 'tracepoint', instructions: insns });
    assert.ok(!unpatched.ok, 'fd 0 is not a map');
    const r = BpfProgram.load({
      name: 'tstap_reloc',
      type: 'tracepoint',
      instructions: insns,
      mapRelocations: [{ slot: 3, mapFd: map.value.fd }],
    });
    assert.ok(r.ok, r.ok ? '' : r.message);
    r.value.close();
    assert.throws(
      () =>
        BpfProgram.load({
          name: 'x',
          type: 'tracepoint',
          instructions: insns,
          mapRelocations: [{ slot: 0, mapFd: 1 }],
        }),
      /not an ld_imm64/,
    );
  } finally {
    map.value.close();
  }
});

test('logLevel captures the verifier log of a successful load', (t) => {
  if (!skipUnlessBpf(t)) return;
  const r = BpfProgram.load({
    name: 'tstap_log',
    type: 'tracepoint',
    instructions: returnZero(),
    logLevel: 1 | 4,
  });
  assert.ok(r.ok);
  assert.match(r.value.verifierLog ?? '', /processed 2 insns/);
  r.value.close();
});

test('LINUX_VERSION_CODE comes from uname', () => {
  assert.ok(linuxVersionCode() >= 4 << 16);
});

test('verifierLogTail drops the statistics line and keeps the last lines', () => {
  const log = 'a\nb\n\nc\nprocessed 12 insns (limit 1000000) max_states_per_insn 0\n';
  assert.equal(verifierLogTail(log, 2), 'b\nc');
});

test('functionStarts finds callbacks and BPF-to-BPF call targets, skipping lddw halves', () => {
  const program = assembleOrThrow([
    d.ldFunc(R2, 'cb'), // 0-1
    d.callSub('sub'), // 2
    d.ldImm64(R1, 0x8500000001n), // 3-4: a second half that looks like a pseudo call
    d.exit(), // 5
    d.label('sub'),
    d.mov64(R0, 0), // 6
    d.exit(),
    d.label('cb'),
    d.mov64(R0, 0), // 8
    d.exit(),
  ]);
  assert.deepEqual(functionStarts(program.bytes), { starts: [0, 6, 8], callbacks: true });
  const plain = assembleOrThrow([d.callSub('sub'), d.exit(), d.label('sub'), d.mov64(R0, 0), d.exit()]);
  assert.deepEqual(functionStarts(plain.bytes), { starts: [0, 2], callbacks: false });
});

test('a bpf_loop callback loads without BTF of its own: the loader makes its func_info', (t) => {
  if (!skipUnlessFeature(t, 'bpf_loop', haveBpfLoop())) return;
  // The callback adds to a counter in the caller's frame through the ctx pointer.
  const program = assembleOrThrow([
    d.st(8, R10, -8, 0),
    d.mov64(R1, 5),
    d.ldFunc(R2, 'cb'),
    d.mov64(R3, R10),
    d.add64(R3, -8),
    d.mov64(R4, 0),
    d.call(BPF_FUNC_loop),
    d.callSub('sub'),
    d.mov64(R0, 0),
    d.exit(),
    d.label('sub'),
    d.mov64(R0, 0),
    d.exit(),
    d.label('cb'),
    d.ldx(8, R0, R2, 0),
    d.add64(R0, 1),
    d.stx(8, R2, 0, R0),
    d.mov64(R0, 0),
    d.exit(),
  ]);
  const r = BpfProgram.load({ name: 'tstap_cb', type: 'tracepoint', instructions: program.bytes });
  assert.ok(r.ok, r.ok ? '' : `${r.message}\n${r.verifierLog}`);
  r.value.close();
});

test('a BPF-to-BPF call alone needs no BTF', (t) => {
  if (!skipUnlessBpf(t)) return;
  const program = assembleOrThrow([d.callSub('sub'), d.exit(), d.label('sub'), d.mov64(R0, 0), d.exit()]);
  const r = BpfProgram.load({ name: 'tstap_sub', type: 'tracepoint', instructions: program.bytes });
  assert.ok(r.ok, r.ok ? '' : `${r.message}\n${r.verifierLog}`);
  r.value.close();
});

test('a refusal for a missing loop helper says which constructs need it', () => {
  const log = '0: (85) call unknown#181\nunknown func bpf_loop#181\nprocessed 3 insns\n';
  assert.equal(
    verifierLogTail(missingHelperHint(log), 1),
    'this kernel has no bpf_loop: loops the verifier cannot bound (Linux 5.17) in kernel probes need it',
  );
  assert.match(
    missingHelperHint('invalid func bpf_for_each_map_elem#164\n'),
    /foreach and whole-array delete/,
  );
  assert.equal(missingHelperHint('R0 !read_ok\n'), 'R0 !read_ok\n');
});
