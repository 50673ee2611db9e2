import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assembleOrThrow, exit, ldx, mov64, R0, R1, R6, withSpan } from '../../bpf/index.js';
import type { KernelCompileResult } from '../../compile/index.js';
import { makeSource, type Span } from '../../diag/index.js';
import type { DerivedProbe } from '../../elaborate/index.js';
import { haveBpf } from '../../kernel/index.js';
import { KernelSide } from './kernel-side.js';

function spanOf(text: string, needle: string): Span {
  const source = makeSource('t.stp', text);
  const start = text.indexOf(needle);
  const before = text.slice(0, start);
  const line = before.split('\n').length;
  const col = start - before.lastIndexOf('\n');
  return { source, start, end: start + needle.length, line, col };
}

test('a verifier rejection is reported at the script line of the failing instruction', async (t) => {
  const bpf = haveBpf();
  if (!bpf.available) {
    t.skip(`BPF unavailable: ${bpf.reason}`);
    return;
  }
  const text = 'probe kernel.trace("sys_enter_getpid") {\n  x = y + 1\n}\n';
  const probeSpan = spanOf(text, 'kernel');
  const culprit = spanOf(text, '+');
  // Reads the first 8 bytes of a tracepoint context, which are not the program's: refused.
  const instructions = [
    withSpan(mov64(R6, R1), probeSpan),
    withSpan(ldx(8, R0, R6, 0), culprit),
    withSpan(mov64(R0, 0), probeSpan),
    exit(),
  ];
  const probe = {
    id: 0,
    name: 'kernel.trace("syscalls:sys_enter_getpid")',
    point: { family: 'kernel.trace', system: 'syscalls', event: 'sys_enter_getpid', fields: [] },
    written: { kind: 'ProbePoint', components: [], optional: false, sufficient: false, span: probeSpan },
    body: { kind: 'Block', statements: [], span: probeSpan },
    locals: [],
  } as unknown as DerivedProbe;
  const kernel: KernelCompileResult = {
    programs: [
      {
        probe,
        name: 'bad',
        type: 'tracepoint',
        attach: { system: 'syscalls', event: 'sys_enter_getpid' },
        instructions,
        assembled: assembleOrThrow(instructions),
      },
    ],
    maps: [],
    storage: new Map(),
    outputSites: [],
    errorSites: [],
    diagnostics: [],
  };
  const r = KernelSide.open(kernel);
  if (r.ok) await r.side.close();
  assert.equal(r.ok, false);
  if (r.ok) return;
  const [d] = r.diagnostics;
  assert.equal(
    d?.message,
    'the BPF verifier rejected the handler of kernel.trace("syscalls:sys_enter_getpid") at instruction 1',
  );
  assert.deepEqual([d?.span?.line, d?.span?.col], [2, 9]);
  assert.equal(d?.subject?.description, "operator '+'");
  assert.ok(
    d?.notes?.some((n) => /^verifier: .*invalid bpf_context access/.test(n)),
    (d?.notes ?? []).join('\n'),
  );
});
