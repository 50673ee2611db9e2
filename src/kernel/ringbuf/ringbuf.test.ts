import assert from 'node:assert/strict';
import { test } from 'node:test';
import { haveAtomicFetch, haveRingbuf } from '../features.js';
import { attachTracepoint } from '../link/index.js';
import { BpfMap } from '../map.js';
import { BpfProgram } from '../program.js';
import { sequenceRecords } from '../testing/programs.js';
import { skipUnlessFeature } from '../testing/skip-unless.js';
import { getpidLoop, runPerl, workloadUnavailableReason } from '../testing/workload.js';
import { RingBufferPoller, type RingBufferPollMode } from './poller.js';
import { RingBuffer } from './reader.js';

interface Run {
  /** Sequence numbers received, in order. */
  readonly seqs: number[];
  /** Hits the program saw from the child, and reservations that failed. */
  readonly hits: bigint;
  readonly fails: bigint;
  readonly discarded: number;
  readonly consumedBytes: number;
  readonly badRecords: number;
  /** Calls to onDrained, and drains that found records. */
  readonly drainedCalls: number;
  readonly drains: number;
}

/** Runs `calls` getpid in a child, with the sequence program feeding a ring of `ringBytes`. */
async function sequenceRun(
  calls: number,
  ringBytes: number,
  options: { discardOdd: boolean; mode: RingBufferPollMode },
): Promise<Run> {
  const state = BpfMap.create({ name: 'tstap_seq', type: 'array', keySize: 4, valueSize: 16, maxEntries: 1 });
  const rbMap = BpfMap.create({
    name: 'tstap_rb',
    type: 'ringbuf',
    keySize: 0,
    valueSize: 0,
    maxEntries: ringBytes,
  });
  assert.ok(state.ok && rbMap.ok);
  const ring = RingBuffer.open(rbMap.value);
  assert.ok(ring.ok, ring.ok ? '' : ring.message);
  const seqs: number[] = [];
  let badRecords = 0;
  let drainedCalls = 0;
  let seqsAtLastDrain = 0;
  const poller = new RingBufferPoller(
    ring.value,
    (view, offset, length) => {
      const seq = view.getUint32(offset, true);
      if (length !== 16 || view.getUint32(offset + 8, true) !== seq * 3) badRecords++;
      seqs.push(seq);
    },
    {
      mode: options.mode,
      onDrained: () => {
        drainedCalls++;
        seqsAtLastDrain = seqs.length;
      },
    },
  );
  assert.equal(poller.mode, options.mode);
  let prog: BpfProgram | undefined;
  const links: { closeAsync(): Promise<void> }[] = [];
  try {
    await runPerl(getpidLoop(calls), (pid) => {
      const p = BpfProgram.load({
        name: 'tstap_seq',
        type: 'tracepoint',
        instructions: sequenceRecords(state.value.fd, rbMap.value.fd, pid, options.discardOdd),
      });
      assert.ok(p.ok, p.ok ? '' : p.message);
      prog = p.value;
      const link = attachTracepoint(p.value.fd, 'syscalls', 'sys_enter_getpid');
      assert.ok(link.ok, link.ok ? '' : link.message);
      links.push(link.value);
      poller.start();
    });
    await Promise.all(links.map((l) => l.closeAsync()));
    poller.stop();
    poller.drain();
    assert.equal(seqsAtLastDrain, seqs.length, 'onDrained runs after the records of each drain');
    const v = state.value.lookup(Buffer.alloc(4));
    assert.ok(v.ok && v.value !== undefined);
    return {
      seqs,
      hits: v.value.readBigUInt64LE(0),
      fails: v.value.readBigUInt64LE(8),
      discarded: ring.value.stats.discarded,
      consumedBytes: ring.value.stats.records * 24 + ring.value.stats.discarded * 24,
      badRecords,
      drainedCalls,
      drains: ring.value.stats.drains,
    };
  } finally {
    poller.close();
    ring.value.close();
    prog?.close();
    rbMap.value.close();
    state.value.close();
  }
}

function checkOrdered(seqs: readonly number[]): void {
  for (let i = 1; i < seqs.length; i++) {
    if (seqs[i]! <= seqs[i - 1]!) assert.fail(`record ${i}: seq ${seqs[i]} after ${seqs[i - 1]}`);
  }
}

function ready(t: import('node:test').TestContext): boolean {
  if (!skipUnlessFeature(t, 'ring buffers', haveRingbuf())) return false;
  if (!skipUnlessFeature(t, 'atomic fetch-add', haveAtomicFetch())) return false;
  const why = workloadUnavailableReason();
  if (why === undefined) return true;
  t.skip(why);
  return false;
}

test('ring buffer: records arrive in order and intact across many wraps (poll mode)', async (t) => {
  if (!ready(t)) return;
  const calls = 40_000;
  const ringBytes = 16 * 1024;
  const r = await sequenceRun(calls, ringBytes, { discardOdd: false, mode: 'poll' });
  t.diagnostic(`received ${r.seqs.length}, reserve failures ${r.fails}`);
  assert.equal(r.badRecords, 0);
  assert.ok(r.hits >= BigInt(calls), `program saw ${r.hits} hits`);
  assert.equal(BigInt(r.seqs.length) + r.fails, r.hits, 'every hit is a record or a counted reserve failure');
  assert.ok(
    r.consumedBytes > 4 * ringBytes,
    `wrapped: ${r.consumedBytes} bytes through a ${ringBytes}-byte ring`,
  );
  assert.ok(r.drainedCalls >= r.drains, `onDrained ${r.drainedCalls} times for ${r.drains} drains`);
  checkOrdered(r.seqs);
});

test('ring buffer: discarded records are skipped (interval mode)', async (t) => {
  if (!ready(t)) return;
  const calls = 20_000;
  const r = await sequenceRun(calls, 1 << 20, { discardOdd: true, mode: 'interval' });
  assert.equal(r.badRecords, 0);
  assert.equal(r.fails, 0n, '1 MiB holds everything');
  assert.ok(
    r.seqs.every((s) => s % 2 === 0),
    'only even sequence numbers are submitted',
  );
  assert.equal(r.seqs.length + r.discarded, Number(r.hits));
  assert.equal(r.discarded, Math.floor(Number(r.hits) / 2));
  checkOrdered(r.seqs);
});

test('ring buffer: a drain budget, and close() inside the callback stops the drain and unmaps safely', async (t) => {
  if (!ready(t)) return;
  const state = BpfMap.create({ name: 'tstap_seq', type: 'array', keySize: 4, valueSize: 16, maxEntries: 1 });
  const rbMap = BpfMap.create({
    name: 'tstap_rb',
    type: 'ringbuf',
    keySize: 0,
    valueSize: 0,
    maxEntries: 1 << 16,
  });
  assert.ok(state.ok && rbMap.ok);
  const ring = RingBuffer.open(rbMap.value);
  assert.ok(ring.ok);
  const links: { closeAsync(): Promise<void> }[] = [];
  try {
    await runPerl(getpidLoop(100), (pid) => {
      const p = BpfProgram.load({
        name: 'tstap_seq',
        type: 'tracepoint',
        instructions: sequenceRecords(state.value.fd, rbMap.value.fd, pid, false),
      });
      assert.ok(p.ok);
      const link = attachTracepoint(p.value.fd, 'syscalls', 'sys_enter_getpid');
      assert.ok(link.ok);
      // Detach and free as soon as the child ends: the link holds the program.
      process.nextTick(() => p.value.close());
      links.push(link.value);
    });
    await Promise.all(links.map((l) => l.closeAsync()));
    assert.ok(ring.value.pendingBytes() >= 100 * 24);
    assert.equal(
      ring.value.consume(() => {}, 10 * 24),
      10,
      'a byte budget bounds one drain',
    );
    let seen = 0;
    const n = ring.value.consume(() => {
      seen++;
      ring.value.close();
    });
    assert.equal(n, 1);
    assert.equal(seen, 1);
    assert.ok(ring.value.isClosed);
    assert.equal(
      ring.value.consume(() => seen++),
      0,
      'a closed ring delivers nothing',
    );
    assert.equal(ring.value.pendingBytes(), 0);
  } finally {
    ring.value.close();
    rbMap.value.close();
    state.value.close();
  }
});

test('ring buffer: open() refuses a map that is not a ring buffer', (t) => {
  if (!skipUnlessFeature(t, 'ring buffers', haveRingbuf())) return;
  const m = BpfMap.create({ name: 'tstap_arr', type: 'array', keySize: 4, valueSize: 4, maxEntries: 1 });
  assert.ok(m.ok);
  const r = RingBuffer.open(m.value);
  assert.ok(!r.ok);
  assert.equal(r.code, 'EINVAL');
  m.value.close();
});
