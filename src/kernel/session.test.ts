import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { haveRingbuf } from './features.js';
import { attachTracepoint } from './link/index.js';
import { listBpfObjects } from './objects.js';
import { returnZero } from './raw-insns.js';
import { KernelSession } from './session.js';
import { skipUnlessFeature } from './testing/skip-unless.js';

interface Held {
  readonly progId: number;
  readonly mapIds: readonly number[];
  readonly linkId?: number;
}

/** Which of the held objects (or any object whose name starts with `prefix`) still exist. */
function survivors(held: Held, prefix: string): string[] {
  const found: string[] = [];
  for (const p of listBpfObjects('prog')) {
    if (p.id === held.progId || p.name.startsWith(prefix)) found.push(`prog ${p.id} ${p.name}`);
  }
  for (const m of listBpfObjects('map')) {
    if (held.mapIds.includes(m.id) || m.name.startsWith(prefix)) found.push(`map ${m.id} ${m.name}`);
  }
  for (const l of listBpfObjects('link')) {
    if (l.id === held.linkId || l.progId === held.progId) found.push(`link ${l.id}`);
  }
  return found;
}

/** Polls until nothing survives: the kernel frees objects after RCU grace periods. */
async function gone(held: Held, prefix: string, timeoutMs = 5000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = survivors(held, prefix);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function holdInChild(tag: string, guard: boolean) {
  const fixture = new URL('./testing/hold-objects.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [fixture, tag, ...(guard ? ['guard'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  return { child, held: JSON.parse(line) as Held };
}

function uniqueTag(): string {
  return (process.pid % 100000).toString(36) + Math.floor(Math.random() * 36 * 36).toString(36);
}

test('nothing stays loaded after SIGKILL: programs, maps and links die with the process', async (t) => {
  if (!skipUnlessFeature(t, 'ring buffers', haveRingbuf())) return;
  const tag = uniqueTag();
  const { child, held } = await holdInChild(tag, false);
  assert.ok(survivors(held, `tk${tag}`).length >= 3, 'the child holds a program, maps and a link');
  child.kill('SIGKILL');
  const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
  assert.equal(signal, 'SIGKILL');
  const t0 = performance.now();
  assert.deepEqual(await gone(held, `tk${tag}`), []);
  t.diagnostic(`all freed ${(performance.now() - t0).toFixed(0)} ms after the process died`);
});

test('Ctrl-C with guardProcess(): the session closes, then the signal ends the process', async (t) => {
  if (!skipUnlessFeature(t, 'ring buffers', haveRingbuf())) return;
  const tag = uniqueTag();
  const { child, held } = await holdInChild(tag, true);
  child.kill('SIGINT');
  const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
  assert.equal(signal, 'SIGINT');
  assert.deepEqual(await gone(held, `tk${tag}`), []);
});

test('KernelSession.close() releases everything in order; the session refuses reuse', async (t) => {
  if (!skipUnlessFeature(t, 'ring buffers', haveRingbuf())) return;
  const session = new KernelSession();
  const tag = uniqueTag();
  const map = session.createMap({
    name: `ts${tag}`,
    type: 'ringbuf',
    keySize: 0,
    valueSize: 0,
    maxEntries: 4096,
  });
  assert.ok(map.ok);
  const ring = session.openRingBuffer(map.value);
  assert.ok(ring.ok);
  session.pollRingBuffer(ring.value, () => {});
  const prog = session.loadProgram({ name: `ts${tag}`, type: 'tracepoint', instructions: returnZero() });
  assert.ok(prog.ok);
  const link = session.attached(attachTracepoint(prog.value.fd, 'sched', 'sched_switch'));
  assert.ok(link.ok, link.ok ? '' : link.message);
  assert.deepEqual(session.counts, { links: 1, rings: 1, programs: 1, maps: 1, fds: 0 });
  const progId = prog.value.id();
  assert.ok(progId.ok);
  const t0 = performance.now();
  await session.close();
  t.diagnostic(`session close ${(performance.now() - t0).toFixed(1)} ms`);
  assert.deepEqual(session.counts, { links: 0, rings: 0, programs: 0, maps: 0, fds: 0 });
  assert.ok(ring.value.isClosed && prog.value.isClosed && map.value.isClosed && link.value.isClosed);
  assert.deepEqual(await gone({ progId: progId.value, mapIds: [] }, `ts${tag}`), []);
  assert.throws(
    () => session.loadProgram({ name: 'x', type: 'tracepoint', instructions: returnZero() }),
    /after close/,
  );
  await session.close(); // idempotent
});

test('waitForRunningPrograms waits out a grace period; close waits for a detach under way', async (t) => {
  if (!skipUnlessFeature(t, 'ring buffers', haveRingbuf())) return;
  const session = new KernelSession();
  const tag = uniqueTag();
  const prog = session.loadProgram({ name: `tw${tag}`, type: 'tracepoint', instructions: returnZero() });
  assert.ok(prog.ok);
  const link = session.attached(attachTracepoint(prog.value.fd, 'sched', 'sched_switch'));
  assert.ok(link.ok, link.ok ? '' : link.message);
  const progId = prog.value.id();
  assert.ok(progId.ok);
  const linkIds = listBpfObjects('link')
    .filter((l) => l.progId === progId.value)
    .map((l) => l.id);
  assert.equal(linkIds.length, 1);
  const t0 = performance.now();
  const waited = session.waitForRunningPrograms();
  t.diagnostic(`grace period ${(performance.now() - t0).toFixed(1)} ms`);
  assert.ok(waited.ok, waited.ok ? '' : waited.message);
  const detaching = session.detach();
  await session.close();
  assert.ok(link.value.isClosed);
  assert.ok(!listBpfObjects('link').some((l) => linkIds.includes(l.id)), 'no link left once close resolves');
  await detaching;
});
