import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kallsyms, kallsyms } from './kallsyms.js';

const SAMPLE = [
  'ffffffff81000000 T _stext',
  'ffffffff81000100 t helper',
  'ffffffff81000200 T schedule',
  '0000000000000000 A fixed_percpu_data',
  'ffffffffc0001000 t mod_fn\t[my_mod]',
  'ffffffff81000180 W weak_one',
  '',
].join('\n');

test('kallsyms text: sorted lookup, offsets, sizes, modules, absolute symbols dropped', () => {
  const r = Kallsyms.parse(SAMPLE);
  assert.ok(r.ok);
  const k = r.value;
  assert.equal(k.size, 5);
  assert.equal(k.format(0xffffffff81000105n), 'helper+0x5/0x80');
  assert.equal(k.format(0xffffffff81000190n), 'weak_one+0x10/0x80');
  assert.equal(k.lookup(0xffffffff81000200n)?.name, 'schedule');
  assert.equal(k.format(0xffffffffc0001010n), 'mod_fn+0x10 [my_mod]');
  assert.equal(k.lookup(0xffffffffc0001010n)?.module, 'my_mod');
  assert.equal(k.lookup(0x1000n), undefined);
  assert.equal(k.format(0x1000n), '0x1000');
  assert.equal(k.addressOf('schedule'), 0xffffffff81000200n);
  assert.equal(k.addressOf('fixed_percpu_data'), undefined);
});

test('all-zero addresses (kptr_restrict) are an EPERM value', () => {
  const r = Kallsyms.parse('0000000000000000 T _stext\n0000000000000000 T schedule\n');
  assert.ok(!r.ok);
  assert.equal(r.code, 'EPERM');
});

test('the running kernel: schedule resolves both ways', (t) => {
  const r = kallsyms();
  if (!r.ok) return t.skip(`kallsyms unavailable: ${r.message}`);
  const address = r.value.addressOf('schedule');
  assert.ok(address !== undefined);
  const s = r.value.lookup(address + 4n);
  assert.equal(s?.name, 'schedule');
  assert.equal(s?.offset, 4);
  assert.match(r.value.format(address + 4n), /^schedule\+0x4\/0x[0-9a-f]+$/);
});
