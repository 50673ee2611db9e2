import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSdtArg, parseSdtArgs } from './sdt-args.js';

const noSymbols = () => undefined;

function location(text: string, pc = 0n, lookup: (n: string) => bigint | undefined = noSymbols) {
  const r = parseSdtArg(text, pc, lookup);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return { size: r.arg.size, location: r.arg.location, text: r.arg.text };
}

test('registers: sub-registers map to the 64-bit register, the size comes from SIZE@', () => {
  assert.deepEqual(location('-4@%edi'), {
    size: -4,
    text: '-4@%edi',
    location: { kind: 'register', register: 'rdi' },
  });
  assert.deepEqual(location('-8@%rax').location, { kind: 'register', register: 'rax' });
  assert.deepEqual(location('1@%al'), {
    size: 1,
    text: '1@%al',
    location: { kind: 'register', register: 'rax' },
  });
  assert.deepEqual(location('2@%ax').location, { kind: 'register', register: 'rax' });
  assert.deepEqual(location('-4@%eax').location, { kind: 'register', register: 'rax' });
  assert.deepEqual(location('1@%sil').location, { kind: 'register', register: 'rsi' });
  assert.deepEqual(location('-4@%r12d').location, { kind: 'register', register: 'r12' });
  assert.deepEqual(location('2@%r9w').location, { kind: 'register', register: 'r9' });
  assert.deepEqual(location('1@%r15b').location, { kind: 'register', register: 'r15' });
  assert.deepEqual(location('8@%r14').location, { kind: 'register', register: 'r14' });
});

test('operands without SIZE@ take the register width, else 8', () => {
  assert.equal(location('%ebx').size, 4);
  assert.equal(location('%rbx').size, 8);
  assert.equal(location('8(%rsp)').size, 8);
});

test('memory operands: displacement, base, index and scale', () => {
  assert.deepEqual(location('8@-16(%rbp)').location, { kind: 'memory', base: 'rbp', offset: -16 });
  assert.deepEqual(location('-4@112(%rsp)').location, { kind: 'memory', base: 'rsp', offset: 112 });
  assert.deepEqual(location('8@(%rdi)').location, { kind: 'memory', base: 'rdi', offset: 0 });
  assert.deepEqual(location('8@16(%rsp,%rax,8)').location, {
    kind: 'memory',
    base: 'rsp',
    offset: 16,
    index: 'rax',
    scale: 8,
  });
  assert.deepEqual(location('4@0x10(%rbx,%ecx)').location, {
    kind: 'memory',
    base: 'rbx',
    offset: 16,
    index: 'rcx',
    scale: 1,
  });
});

test('constants', () => {
  assert.deepEqual(location('4@$5'), { size: 4, text: '4@$5', location: { kind: 'constant', value: 5n } });
  assert.deepEqual(location('-4@$-1').location, { kind: 'constant', value: -1n });
  assert.deepEqual(location('8@$0x7fffffffffffffff').location, {
    kind: 'constant',
    value: 0x7fffffffffffffffn,
  });
});

test('symbolic operands become an offset from the marker address (where the uprobe leaves ip)', () => {
  const lookup = (n: string) => (n === 'counter' ? 0x4010n : undefined);
  assert.deepEqual(location('-4@counter(%rip)', 0x1000n, lookup).location, {
    kind: 'memory',
    base: 'rip',
    offset: 0x3010,
  });
  assert.deepEqual(location('8@counter+8(%rip)', 0x1000n, lookup).location, {
    kind: 'memory',
    base: 'rip',
    offset: 0x3018,
  });
  assert.deepEqual(location('4@counter', 0x5000n, lookup).location, {
    kind: 'memory',
    base: 'rip',
    offset: -0xff0,
  });
  const missing = parseSdtArg('4@nowhere(%rip)', 0n, lookup);
  assert.ok(!missing.ok);
  assert.match(missing.message, /'nowhere' is not in the symbol table/);
});

test('an argument list; a bad argument stops the list with a message naming it', () => {
  const r = parseSdtArgs('8@%rbx 8@%r15  -4@%ebp', 0n, noSymbols);
  assert.ok(r.ok);
  assert.deepEqual(
    r.args.map((a) => a.text),
    ['8@%rbx', '8@%r15', '-4@%ebp'],
  );
  const bad = parseSdtArgs('8@%rbx 4@%ah 8@%rcx', 0n, noSymbols);
  assert.ok(!bad.ok);
  assert.equal(bad.args.length, 1);
  assert.equal(bad.message, "cannot parse USDT argument '4@%ah': high-byte register %ah is not supported");
  for (const text of ['8@%xyz', '3@%rax', '8@16(%rsp,%rax,3)', '8@$abc', '8@16(%rsp']) {
    assert.ok(!parseSdtArg(text, 0n, noSymbols).ok, text);
  }
  assert.deepEqual(parseSdtArgs('', 0n, noSymbols), { ok: true, args: [] });
});
