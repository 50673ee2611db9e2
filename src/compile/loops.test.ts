import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Frame } from './frame.js';
import { type KernelCompileResult, kernelListing } from './index.js';
import { compileText, GETPID, refusals } from './testing.js';

function compile(text: string): KernelCompileResult {
  return compileText(text, [GETPID], { maxAction: 77 });
}

/** The handler's listing from its first callback on (the callbacks follow the main code). */
function callbacks(listing: string): string {
  const at = listing.search(/^\d+: \(bf\) r6 = r[24]$/m);
  return at < 0 ? '' : listing.slice(at);
}

const PROBE = 'probe kernel.trace("sys_enter_getpid")';

describe('while and for', () => {
  test('a local compared with a small literal stays a backward jump', () => {
    const r = compile(`${PROBE} { for (i = 0; i < 4; i++) n += i; print(n) }`);
    assert.deepEqual(refusals(r), []);
    const listing = kernelListing(r);
    assert.match(listing, /goto pc-\d+/);
    assert.doesNotMatch(listing, /bpf_loop/);
  });

  test('a loop the verifier cannot bound is bpf_loop(MAXACTION) over a callback', () => {
    const r = compile(`${PROBE} { k = pid(); while (k) k--; print(k) }`);
    assert.deepEqual(refusals(r), []);
    const listing = kernelListing(r);
    assert.match(
      listing,
      /r1 = 77\n\d+: \(18\) r2 = func\[pc\+\d+\]\n\d+: \(bf\) r3 = r10\n.*r4 = 0\n.*call bpf_loop#181/,
    );
    // The local k lives in the handler's frame: the callback reaches it through r6.
    const cb = callbacks(listing);
    assert.match(cb, /^\d+: \(bf\) r6 = r2$/m);
    assert.match(cb, /\*\(u64 \*\)\(r6 -\d+\)/);
    assert.doesNotMatch(cb, /\(r10 -\d+\)/, 'no temporaries: nothing in its own frame');
    // MAXACTION exceeded is raised at the loop's first statement.
    assert.deepEqual(
      r.errorSites.map((s) => [s.span.line, s.span.col]),
      [[1, 63]],
    );
  });

  test('a loop holding a loop runs through bpf_loop, the inner one as plain jumps', () => {
    const r = compile(`${PROBE} { while (j < 3) { for (i = 0; i < 2; i++) n++; j++ }; print(n) }`);
    assert.deepEqual(refusals(r), []);
    const listing = kernelListing(r);
    assert.equal(listing.match(/call bpf_loop#181/g)?.length, 1);
    assert.match(callbacks(listing), /goto pc-\d+/);
  });
});

describe('loops inside callbacks', () => {
  test('a while runs through bpf_loop there, a for counting from a literal stays jumps', () => {
    const r = compile(
      `global a ${PROBE} { a[1] = 1; i = 0; foreach (k in a) { while (i < 5) i++; for (j = 0; j < 3; j++) n += j }; print(n + i) }`,
    );
    assert.deepEqual(refusals(r), []);
    const cb = callbacks(kernelListing(r));
    assert.equal(cb.match(/call bpf_loop#181/g)?.length, 1);
    assert.match(cb, /goto pc-\d+/);
  });
});

describe('foreach', () => {
  test('iterates with bpf_for_each_map_elem, copying the key into the loop variable', () => {
    const r = compile(`global a ${PROBE} { a[pid()] = 1; foreach (k in a) n += k; print(n) }`);
    assert.deepEqual(refusals(r), []);
    const listing = kernelListing(r);
    assert.match(
      listing,
      /r1 = map\[g0\]\n\d+: \(18\) r2 = func\[pc\+\d+\]\n.*r3 = r10\n.*r4 = 0\n.*call bpf_for_each_map_elem#164/,
    );
    const cb = callbacks(listing);
    // r2 and r3 wait in r8 and r9 while the locals are made unknown to the verifier (launder).
    assert.match(
      cb,
      /^\d+: \(bf\) r6 = r4\n.*r8 = r2\n.*r9 = r3\n(.*\n)*?.*call bpf_probe_read_kernel#113\n.*r2 = r8\n.*r3 = r9\n/m,
    );
    assert.match(cb, /r9 = r3\n\d+: \(79\) r0 = \*\(u64 \*\)\(r8 \+0\)/);
  });

  test('jumps out of the body come back as escape codes the caller dispatches on', () => {
    const r = compile(`global a ${PROBE} { a[1] = 1; foreach (k in a) if (k == 2) next; print(1) }`);
    assert.deepEqual(refusals(r), []);
    const listing = kernelListing(r);
    assert.match(
      listing,
      /call bpf_for_each_map_elem#164\n.*r1 = \*\(u64 \*\)\(r10 -\d+\)\n.*if r1 == 0x2 goto pc\+\d+/,
    );
    assert.match(callbacks(listing), /\*\(u64 \*\)\(r6 -\d+\) = 2\n.*r0 = 1\n.*exit/);
  });

  test('nested loops each take the handler frame from their ctx argument', () => {
    const r = compile(
      `global a ${PROBE} { a[1] = 1; foreach (x in a) foreach (y in a) n += x * y; print(n) }`,
    );
    assert.deepEqual(refusals(r), []);
    const cb = callbacks(kernelListing(r));
    assert.equal(cb.match(/r6 = r4/g)?.length, 2);
    // The inner call passes the handler's frame pointer on, not the outer callback's.
    assert.match(cb, /r3 = r6\n.*r4 = 0\n.*call bpf_for_each_map_elem#164/);
  });

  test('limit, value, string keys and slices', () => {
    const r = compile(
      `global a, s ${PROBE} { a[1] = 2; s[execname(), 1] = "x"; foreach (v = [k] in a limit 3) n += v;` +
        ` foreach ([t, i] in s) print(t); foreach ([t, i] in s["x", *]) print(i); print(n) }`,
    );
    assert.deepEqual(refusals(r), []);
  });

  test('a sorted foreach selects element after element: a bpf_loop of map passes', () => {
    const r = compile(`global a ${PROBE} { a[1] = 2; foreach (k in a- limit 5) print(k) }`);
    assert.deepEqual(refusals(r), []);
    const listing = kernelListing(r);
    assert.match(listing, /r1 = 2049\n.*r2 = func\[pc\+\d+\]\n.*r3 = r10\n.*r4 = 0\n.*call bpf_loop#181/);
    assert.equal(listing.match(/call bpf_for_each_map_elem#164/g)?.length, 1);
  });

  test('a statistics array sorted by value is refused at the foreach', () => {
    const r = compile(
      `global s ${PROBE} {\n s[1] <<< 1\n foreach (k in s-) print(k)\n foreach (k+ in s) print(k)\n}`,
    );
    assert.deepEqual(refusals(r), [
      'sorting a statistics array by value runs only in user-space probes (begin, end, timer.s, ...), not in kernel probes at 3:2',
    ]);
  });
});

describe('delete', () => {
  test('a whole array is emptied by a callback deleting each element', () => {
    const r = compile(`global a ${PROBE} { a[1] = 1; delete a }`);
    assert.deepEqual(refusals(r), []);
    assert.match(
      callbacks(kernelListing(r)),
      /r6 = r4\n.*r8 = r2\n.*r2 = r8\n.*r1 = map\[g0\]\n.*call bpf_map_delete_elem#3\n.*r0 = 0\n.*exit/,
    );
  });
});

describe('frames', () => {
  test('callbacks allocate from the handler frame; each nesting level charges an empty frame', () => {
    const frame = new Frame(24);
    frame.slot();
    assert.equal(frame.stackBytes, 32);
    frame.enterCallback();
    frame.stack(40);
    frame.enterCallback();
    assert.deepEqual(frame.slot(), { base: 'stack', offset: -80, bytes: 8 });
    frame.leaveCallback();
    frame.leaveCallback();
    assert.equal(frame.callbackDepth, 0);
    assert.equal(frame.stackBytes, 80 + 2 * 32);
  });
});
