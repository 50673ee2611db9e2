import assert from 'node:assert/strict';
import { test } from 'node:test';
import { possibleCpus } from './cpus.js';
import { BpfMap, type MapSpec } from './map.js';
import { C, mapInfo } from './sys/index.js';
import { skipUnlessBpf } from './testing/skip-unless.js';

function created(spec: MapSpec): BpfMap {
  const r = BpfMap.create(spec);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.value;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function u64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
}

test('hash map: create, update, lookup, iterate, delete, close', (t) => {
  if (!skipUnlessBpf(t)) return;
  const map = created({ name: 'tstap_test_hash', type: 'hash', keySize: 4, valueSize: 8, maxEntries: 16 });
  try {
    const info = mapInfo(map.fd);
    assert.ok(info.ok);
    assert.equal(info.value.name, 'tstap_test_hash');
    assert.equal(info.value.type, C.BPF_MAP_TYPE_HASH);

    const absent = map.lookup(u32(7));
    assert.ok(absent.ok);
    assert.equal(absent.value, undefined);

    for (let k = 0; k < 10; k++) assert.ok(map.update(u32(k), u64(BigInt(k) * 100n)).ok);
    const got = map.lookup(u32(7));
    assert.ok(got.ok && got.value !== undefined);
    assert.equal(got.value.readBigUInt64LE(0), 700n);

    const keys = [...map.keys()].map((k) => k.readUInt32LE(0)).sort((a, b) => a - b);
    assert.deepEqual(keys, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    // BPF_NOEXIST on a present key: EEXIST, as a value.
    const dup = map.update(u32(3), u64(1n), C.BPF_NOEXIST);
    assert.ok(!dup.ok);
    assert.equal(dup.code, 'EEXIST');

    assert.deepEqual(map.delete(u32(3)), { ok: true, value: true });
    assert.deepEqual(map.delete(u32(3)), { ok: true, value: false });

    const dump = map.dump();
    assert.ok(dump.ok, dump.ok ? '' : dump.message);
    assert.equal(dump.value.count, 9);
    const pairs = new Map<number, bigint>();
    for (let i = 0; i < dump.value.count; i++) {
      pairs.set(dump.value.keys.readUInt32LE(i * 4), dump.value.values.readBigUInt64LE(i * 8));
    }
    assert.equal(pairs.get(9), 900n);
    assert.equal(pairs.has(3), false);
  } finally {
    map.close();
  }
  assert.ok(map.isClosed);
  assert.throws(() => map.fd, /used after close/);
});

test('a full hash map refuses a new key with E2BIG (stap: Array overflow)', (t) => {
  if (!skipUnlessBpf(t)) return;
  const map = created({ name: 'tstap_test_full', type: 'hash', keySize: 4, valueSize: 4, maxEntries: 2 });
  try {
    assert.ok(map.update(u32(1), u32(1)).ok);
    assert.ok(map.update(u32(2), u32(2)).ok);
    const r = map.update(u32(3), u32(3));
    assert.ok(!r.ok);
    assert.equal(r.code, 'E2BIG');
    assert.match(r.message, /BPF_MAP_UPDATE_ELEM/);
  } finally {
    map.close();
  }
});

test('array and per-CPU array: one value per possible CPU', (t) => {
  if (!skipUnlessBpf(t)) return;
  const arr = created({ name: 'tstap_test_arr', type: 'array', keySize: 4, valueSize: 8, maxEntries: 4 });
  const pc = created({
    name: 'tstap_test_pca',
    type: 'percpu_array',
    keySize: 4,
    valueSize: 12,
    maxEntries: 4,
  });
  try {
    assert.ok(arr.update(u32(2), u64(42n)).ok);
    const zero = arr.lookup(u32(1));
    assert.ok(zero.ok && zero.value !== undefined, 'array slots always exist');
    assert.equal(zero.value.readBigUInt64LE(0), 0n);
    const dump = arr.dump();
    assert.ok(dump.ok);
    assert.equal(dump.value.count, 4);
    assert.equal(dump.value.values.readBigUInt64LE(2 * 8), 42n);
    const del = arr.delete(u32(0));
    assert.ok(!del.ok && del.code === 'EINVAL', 'arrays refuse delete');

    const cpus = possibleCpus().length;
    assert.equal(pc.perCpuStrideBytes, 16);
    assert.equal(pc.valueBufferSize, 16 * cpus);
    const value = pc.newValueBuffer();
    for (let c = 0; c < cpus; c++) value.writeUInt32LE(c + 1, c * 16);
    assert.ok(pc.update(u32(1), value).ok);
    const back = pc.lookup(u32(1));
    assert.ok(back.ok && back.value !== undefined);
    for (let c = 0; c < cpus; c++) assert.equal(back.value.readUInt32LE(c * 16), c + 1);
  } finally {
    arr.close();
    pc.close();
  }
});

test('LRU and per-CPU hash maps evict or store per CPU', (t) => {
  if (!skipUnlessBpf(t)) return;
  const lru = created({ name: 'tstap_test_lru', type: 'lru_hash', keySize: 8, valueSize: 8, maxEntries: 64 });
  const pch = created({
    name: 'tstap_test_pch',
    type: 'percpu_hash',
    keySize: 4,
    valueSize: 8,
    maxEntries: 8,
  });
  try {
    for (let k = 0; k < 1000; k++)
      assert.ok(lru.update(u64(BigInt(k)), u64(BigInt(k))).ok, 'LRU never fills');
    const n = [...lru.keys()].length;
    assert.ok(n > 0 && n <= 64 + possibleCpus().length * 8, `LRU holds ${n}`);
    const v = pch.newValueBuffer();
    v.writeBigUInt64LE(5n, 0);
    assert.ok(pch.update(u32(9), v).ok);
    const dump = pch.dump();
    assert.ok(dump.ok);
    assert.equal(dump.value.count, 1);
    assert.equal(dump.value.values.length, pch.valueBufferSize);
    assert.equal(dump.value.values.readBigUInt64LE(0), 5n);
  } finally {
    lru.close();
    pch.close();
  }
});

test('ring buffer maps need a power-of-two page multiple', (t) => {
  if (!skipUnlessBpf(t)) return;
  const bad = BpfMap.create({
    name: 'tstap_rb_bad',
    type: 'ringbuf',
    keySize: 0,
    valueSize: 0,
    maxEntries: 5000,
  });
  assert.ok(!bad.ok);
  assert.equal(bad.code, 'EINVAL');
  const good = created({ name: 'tstap_rb', type: 'ringbuf', keySize: 0, valueSize: 0, maxEntries: 1 << 16 });
  good.close();
});
