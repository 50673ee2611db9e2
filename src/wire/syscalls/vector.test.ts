// __get_argv's output (upstream tapset/linux/aux_syscalls.stp) and the execve/execveat lines of
// upstream's testsuite/systemtap.syscall/execve.c and execveat.c.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { argstrCaptures, formatArgstr } from './index.js';
import { formatVector, VECTOR } from './vector.js';

const ADDR = 0x7ffc1000n;
const U = (n: bigint): bigint => BigInt.asUintN(64, n);

type Element = string | { readonly fault: bigint } | 'pointer-fault';

/** A capture as the kernel writes it: the statuses, then the strings (or faulted addresses). */
function capture(elements: readonly Element[], ended = true): Uint8Array {
  const out = new Uint8Array(VECTOR.bytes);
  const view = new DataView(out.buffer);
  const end = VECTOR.stringsAt + VECTOR.area;
  let at = VECTOR.stringsAt;
  for (const [i, e] of elements.entries()) {
    if (e === 'pointer-fault') {
      view.setInt16(2 * i, VECTOR.POINTER_FAULT, true);
      return out;
    }
    if (at >= end) return out;
    if (typeof e === 'string') {
      const bytes = new TextEncoder().encode(e).subarray(0, end - at - 1);
      out.set(bytes, at);
      view.setInt16(2 * i, bytes.length + 1, true);
      at += bytes.length + 1;
    } else {
      if (at + 8 > end) return out;
      view.setBigUint64(at, e.fault, true);
      view.setInt16(2 * i, VECTOR.STRING_FAULT, true);
      at += 8;
    }
  }
  if (ended && elements.length < VECTOR.entries) view.setInt16(2 * elements.length, VECTOR.END, true);
  return out;
}

describe('__get_argv', () => {
  test('strings quoted and separated, NULL and empty vectors as []', () => {
    assert.equal(
      formatVector(ADDR, capture(['/bin/true', 'a', 'b', 'cde'])),
      '["/bin/true", "a", "b", "cde"]',
    );
    assert.equal(formatVector(ADDR, capture([])), '[]');
    assert.equal(formatVector(0n, undefined), '[]');
    assert.equal(formatVector(ADDR, capture(['a b', '', 'c"d\n'])), '["a b", "", "c\\"d\\n"]');
  });
  test('an unreadable vector or element prints its address, an unreadable string its own', () => {
    assert.equal(formatVector(U(-1n), undefined), '[0xffffffffffffffff]');
    assert.equal(formatVector(ADDR, capture(['pointer-fault'])), '[0x7ffc1000]');
    assert.equal(formatVector(ADDR, capture(['x', 'pointer-fault'])), '["x", 0x7ffc1008]');
    assert.equal(formatVector(ADDR, capture(['x', { fault: 0xdead0n }, 'y'])), '["x", 0xdead0, "y"]');
  });
  test('cut at MAXSTRINGLEN - 1 characters, the closing bracket too', () => {
    const many = Array.from({ length: 40 }, (_, i) => `VAR${i}=${'v'.repeat(10)}`);
    const full = `[${many.map((s) => `"${s}"`).join(', ')}]`;
    assert.equal(formatVector(ADDR, capture(many)), full.slice(0, 511));
    // Empty strings fill the text by the last element the kernel reads.
    const empties = Array.from({ length: VECTOR.entries }, () => '');
    const text = formatVector(ADDR, capture(empties, false));
    assert.equal(text.length, 511);
    assert.equal(text, `[${Array(VECTOR.entries).fill('""').join(', ')}`.slice(0, 511));
  });
});

describe('execve', () => {
  test('a vector is one capture, read whole', () => {
    assert.deepEqual(
      argstrCaptures('execve', []).map((c) => c.kind),
      ['string', 'vector', 'vector'],
    );
  });
  test('upstream execve.c and execveat.c lines', () => {
    const args = [ADDR, ADDR + 0x100n, ADDR + 0x200n];
    const argv = capture(['/bin/true', 'a', 'b', 'cde']);
    const envp = capture(['FOO=10', 'BAR=20']);
    assert.equal(
      formatArgstr('execve', [], args, [new TextEncoder().encode('/bin/true'), argv, envp]),
      '"/bin/true", ["/bin/true", "a", "b", "cde"], ["FOO=10", "BAR=20"]',
    );
    assert.equal(
      formatArgstr('execveat', [], [U(-1n), ADDR, U(-1n), 0n, 0n], [undefined, undefined, undefined]),
      '-1, 0x7ffc1000, [0xffffffffffffffff], [], 0x0',
    );
    assert.equal(
      formatArgstr(
        'execveat',
        [],
        [U(-100n), ADDR, ADDR, ADDR, 0x1000n],
        [new Uint8Array(0), capture([]), capture([])],
      ),
      'AT_FDCWD, "", [], [], AT_EMPTY_PATH',
    );
  });
  test('the argstr is cut at MAXSTRINGLEN - 1 characters', () => {
    const env = capture(Array.from({ length: 30 }, (_, i) => `E${i}=${'x'.repeat(20)}`));
    const text = formatArgstr(
      'execve',
      [],
      [ADDR, ADDR, ADDR],
      [new TextEncoder().encode('/bin/true'), capture(['t']), env],
    );
    assert.equal(text.length, 511);
    assert.ok(text.startsWith('"/bin/true", ["t"], ["E0=xxxx'));
  });
});
