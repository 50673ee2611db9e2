import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeTarget } from '../elaborate/index.js';
import { RECORD_HEADER_BYTES } from '../wire/index.js';
import type { ContextTarget } from './context-target.js';
import { type KernelCompileResult, kernelListing } from './index.js';
import { compileProgram, elaborated, GETPID, refusals } from './testing.js';

/** A kernel with two CPUs whose task_struct has `real_parent` at 0x10 and every other member at 0x20. */
function fakeContext(overrides: Partial<ContextTarget> = {}): ContextTarget {
  return {
    taskMember: (path) =>
      path[0] === 'nosuch'
        ? { ok: false, error: "'current->nosuch' (struct task_struct has no member 'nosuch')" }
        : { ok: true, derefs: path.slice(0, -1).map(() => 0x10), offset: 0x20, size: 4, isSigned: true },
    taskChars: () => ({ ok: true, derefs: [0x10], offset: 0x30, length: 16 }),
    possibleCpus: 2,
    haveLookupPercpuElem: true,
    stpPid: 4242,
    ...overrides,
  };
}

function compile(body: string, context: ContextTarget | null = fakeContext()): KernelCompileResult {
  const text = `global s, a\nprobe kernel.trace("sys_enter_getpid") {\n${body}\n}`;
  return compileProgram(elaborated(text, fakeTarget([GETPID]), true), context === null ? {} : { context });
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('task context functions', () => {
  test('ppid() follows the pointer members from bpf_get_current_task', () => {
    const r = compile('  print(ppid())');
    assert.deepEqual(refusals(r), []);
    const listing = kernelListing(r);
    assert.match(listing, /call bpf_get_current_task/);
    // one hop (real_parent), then the member itself
    assert.equal(count(listing, 'call bpf_probe_read_kernel#'), 2);
  });

  test('a member BTF does not have, or no BTF at all, is refused at the call', () => {
    const missing = compile(
      '  print(ppid())',
      fakeContext({ taskMember: () => ({ ok: false, error: 'no' }) }),
    );
    assert.deepEqual(refusals(missing), ['ppid(): no is not supported in kernel probes yet at 3:9']);
    const none = compile('  print(euid())', null);
    assert.deepEqual(refusals(none), [
      "euid() without the kernel's BTF is not supported in kernel probes yet at 3:9",
    ]);
  });
});

describe('stat reads', () => {
  test('every possible CPU copy is looked up, unrolled', () => {
    const r = compile('  s <<< 1\n  print(@avg(s))');
    assert.deepEqual(refusals(r), []);
    assert.equal(count(kernelListing(r), 'call bpf_map_lookup_percpu_elem'), 2);
    assert.equal(r.errorSites.length, 1, '@avg of an empty aggregate raises');
  });

  test('without bpf_map_lookup_percpu_elem they are refused at the operator', () => {
    const r = compile('  s <<< 1\n  print(@count(s))', fakeContext({ haveLookupPercpuElem: false }));
    assert.deepEqual(refusals(r), [
      '@count (reading per-CPU aggregates needs bpf_map_lookup_percpu_elem, kernel 5.19) is not supported in kernel probes yet at 4:9',
    ]);
  });
});

describe('errors', () => {
  test('an error raised inside try goes to the catch block: no error record', () => {
    const r = compile('  n = 0\n  try { print(1 / n) } catch (m) { print(m) }');
    assert.deepEqual(refusals(r), []);
    assert.equal(r.errorSites.length, 0);
    assert.equal(r.programs.length, 1);
  });

  test('error() outside try is an error site at the call; log() prints a line', () => {
    const r = compile('  log("a")\n  error("b")');
    assert.deepEqual(refusals(r), []);
    assert.deepEqual(
      r.errorSites.map((s) => [s.span.line, s.span.col]),
      [[4, 3]],
    );
    assert.deepEqual(
      r.outputSites.map((s) => s.op.kind),
      ['println'],
    );
  });
});

describe('deferred output', () => {
  test('a backtrace or symbol argument makes a PRINTF_DEFERRED site', () => {
    const r = compile('  printf("%s %s %d\\n", backtrace(), symname(1), 5)\n  print_backtrace()');
    assert.deepEqual(refusals(r), []);
    assert.deepEqual(r.outputSites, []);
    assert.deepEqual(r.deferredSites?.[0]?.args, [
      { kind: 'stack', offset: RECORD_HEADER_BYTES, form: 'hex' },
      { kind: 'symbol', offset: RECORD_HEADER_BYTES + 168, form: 'symname' },
      { kind: 'long', offset: RECORD_HEADER_BYTES + 176 },
    ]);
    assert.deepEqual(r.deferredSites?.[1]?.args, [
      { kind: 'stack', offset: RECORD_HEADER_BYTES, form: 'full' },
    ]);
    assert.equal(count(kernelListing(r), 'call bpf_get_stack'), 2);
  });
});
