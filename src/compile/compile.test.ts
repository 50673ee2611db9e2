import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TracepointInfo } from '../elaborate/index.js';
import { RECORD_HEADER_BYTES } from '../wire/index.js';
import { type KernelCompileResult, kernelListing } from './index.js';
import { compileText, refusals } from './testing.js';

const TRACEPOINTS: readonly TracepointInfo[] = [
  {
    system: 'syscalls',
    name: 'sys_enter_getpid',
    fields: [
      { name: '__syscall_nr', cType: 'int', offset: 8, size: 4, isSigned: true, access: { kind: 'integer' } },
    ],
  },
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
    ],
  },
];

function compile(text: string): KernelCompileResult {
  return compileText(text, TRACEPOINTS);
}

describe('kernel programs', () => {
  test('one tracepoint program per kernel probe, none for user-space probes', () => {
    const r = compile('global n probe kernel.trace("sys_enter_getpid") { n++ } probe end { print(n) }');
    assert.deepEqual(refusals(r), []);
    assert.deepEqual(
      r.programs.map((p) => [p.name, p.type, p.attach.system, p.attach.event]),
      [['sys_enter_getpi', 'tracepoint', 'syscalls', 'sys_enter_getpid']],
    );
  });

  test('a scalar counter is an atomic add on its one-slot array, with no lookup call', () => {
    const r = compile('global n probe kernel.trace("sys_enter_getpid") { n++ }');
    const listing = kernelListing(r);
    assert.match(listing, /lock \*\(u64 \*\)\(r1 \+0\) \+= r0/);
    assert.doesNotMatch(listing, /map_lookup_elem/);
    assert.ok(r.maps.some((m) => m.kind === 'array' && m.name === 'n' && m.valueBytes === 8));
  });

  test('an array keyed by execname() has 16-byte keys', () => {
    const r = compile('global counts probe kernel.trace("sys_enter_getpid") { counts[execname()]++ }');
    const map = r.maps.find((m) => m.name === 'counts');
    assert.deepEqual(map && [map.kind, map.keyBytes, map.valueBytes, map.maxEntries], ['hash', 16, 8, 2048]);
  });

  test('a key column gets the largest of what flows into it, on either side', () => {
    const r = compile(
      'global a[100] probe kernel.trace("sys_enter_getpid") { a[execname(), pid()] = 1 }' +
        ' probe begin { a["a rather longer name than comm", 0] = 2 }',
    );
    const map = r.maps.find((m) => m.name === 'a');
    assert.deepEqual(map && [map.keyBytes, map.maxEntries], [32 + 8, 100]);
  });

  test('printf records carry the format site and raw arguments', () => {
    const r = compile('probe kernel.trace("sched_switch") { printf("%s %d\\n", $prev_comm, pid()) }');
    assert.deepEqual(refusals(r), []);
    const site = r.outputSites[0];
    assert.deepEqual(site?.args, [
      { kind: 'string', offset: RECORD_HEADER_BYTES, capacity: 16 },
      { kind: 'long', offset: RECORD_HEADER_BYTES + 16 },
    ]);
    assert.equal(site?.recordBytes, 32);
  });

  test('every map lookup is NULL-checked', () => {
    const r = compile('global a probe kernel.trace("sys_enter_getpid") { a[1] += a[2] }');
    const lines = kernelListing(r).split('\n');
    lines.forEach((line, i) => {
      if (!line.includes('call bpf_map_lookup_elem')) return;
      assert.match(lines[i + 1] ?? '', /if r0 [!=]= 0x0 goto/, `after line ${i}: ${lines[i + 1]}`);
    });
  });

  test('division raises division by 0 at the operator', () => {
    const r = compile('probe kernel.trace("sys_enter_getpid") { printf("%d\\n", 1 /\n pid()) }');
    assert.deepEqual(
      r.errorSites.map((s) => [s.span.line, s.span.col]),
      [[1, 59]],
    );
  });

  test('the listing names maps and annotates script lines', () => {
    const r = compile('global n\nprobe kernel.trace("sys_enter_getpid") {\n  n += 2\n}');
    const listing = kernelListing(r);
    assert.match(
      listing,
      /^# kernel\.trace\("syscalls:sys_enter_getpid"\): tracepoint syscalls:sys_enter_getpid/,
    );
    assert.match(listing, /; n \+= 2 @ t\.stp:3:/);
    assert.match(listing, /map\[g\d+\]\[0\]\+0/);
    assert.match(listing, /# maps\nstate: array stap_state/);
  });
});

describe('refusals', () => {
  test('constructs not lowered yet are pass-3 errors at their span', () => {
    const r = compile(
      'global a, s\nprobe begin { a[1] = 1; s <<< 1 }\nprobe kernel.trace("sys_enter_getpid") {\n' +
        '  print(@variance(s))\n' +
        '  print(execname() =~ "a.{20}")\n' +
        '  print(@count(s))\n' +
        '}',
    );
    assert.deepEqual(refusals(r), [
      "@variance without the kernel's CPU list is not supported in kernel probes yet at 4:9",
      'regular expression matching with a pattern needing more than 256 DFA states is not supported in kernel probes yet at 5:20',
      "@count without the kernel's CPU list is not supported in kernel probes yet at 6:9",
    ]);
    assert.deepEqual(r.programs, []);
  });

  test('recursive script function calls are refused at the inner call', () => {
    const r = compile(
      'function f(n) { return n ? f(n - 1) : 0 } probe kernel.trace("sys_enter_getpid") { print(f(1)) }',
    );
    assert.deepEqual(refusals(r), [
      'a recursive function call is not supported in kernel probes yet at 1:28',
    ]);
  });
});

describe('control flow', () => {
  test('loops are backward jumps; break and continue jump out and to the step', () => {
    const r = compile(
      'probe kernel.trace("sys_enter_getpid") { for (i = 0; i < 4; i++) { if (i == 1) continue; if (i == 2) break } }',
    );
    assert.deepEqual(refusals(r), []);
    assert.match(kernelListing(r), /goto pc-\d+/);
  });

  test('script functions are inlined: no BPF-to-BPF call', () => {
    const r = compile(
      'function sq(x) { return x * x } probe kernel.trace("sys_enter_getpid") { print(sq(pid())) }',
    );
    assert.deepEqual(refusals(r), []);
    assert.doesNotMatch(kernelListing(r), /call pc/);
  });
});
