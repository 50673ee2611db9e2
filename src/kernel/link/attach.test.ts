import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { test } from 'node:test';
import { vmlinuxBtf } from '../btf/index.js';
import {
  haveBtfRawTracepoint,
  haveKprobes,
  havePerfSoftwareEvents,
  haveRawTracepoint,
  haveUprobes,
} from '../features.js';
import { BpfMap } from '../map.js';
import { listBpfObjects } from '../objects.js';
import { BpfProgram, type ProgramSpec, type ProgramType } from '../program.js';
import { returnZero } from '../raw-insns.js';
import { C, linkInfo, perfEventEnable, perfEventOpen, perfEventSetBpf } from '../sys/index.js';
import { countHits } from '../testing/programs.js';
import { skipUnlessBpf, skipUnlessFeature } from '../testing/skip-unless.js';
import { getpidLoop, runPerl, workloadUnavailableReason } from '../testing/workload.js';
import { tracepointId } from '../tracefs.js';
import { Link } from './link.js';
import { attachPerfEvent, softwareEventAttr } from './perf-event.js';
import { attachKprobe, attachUprobe } from './probe-pmu.js';
import { attachRawTracepoint } from './raw-tracepoint.js';
import { attachTracepoint } from './tracepoint.js';

interface Counter {
  readonly map: BpfMap;
  readonly prog: BpfProgram;
  read(): bigint;
  close(): void;
}

function counter(type: ProgramType, tgid: number, target: Partial<ProgramSpec> = {}): Counter {
  const map = BpfMap.create({ name: 'tstap_count', type: 'array', keySize: 4, valueSize: 8, maxEntries: 1 });
  assert.ok(map.ok, map.ok ? '' : map.message);
  const prog = BpfProgram.load({
    name: 'tstap_count',
    type,
    instructions: countHits(map.value.fd, tgid),
    ...target,
  });
  assert.ok(prog.ok, prog.ok ? '' : prog.message);
  return {
    map: map.value,
    prog: prog.value,
    read: () => {
      const v = map.value.lookup(Buffer.alloc(4));
      assert.ok(v.ok && v.value !== undefined);
      return v.value.readBigUInt64LE(0);
    },
    close: () => {
      prog.value.close();
      map.value.close();
    },
  };
}

test('a tracepoint program counts the getpid calls of a child process', async (t) => {
  if (!skipUnlessBpf(t)) return;
  const why = workloadUnavailableReason();
  if (why !== undefined) return t.skip(why);
  const calls = 5000;
  let c: Counter | undefined;
  const after: { closeAsync(): Promise<void> }[] = [];
  const code = await runPerl(getpidLoop(calls), async (pid) => {
    c = counter('tracepoint', pid);
    const t0 = performance.now();
    const link = attachTracepoint(c.prog.fd, 'syscalls', 'sys_enter_getpid');
    t.diagnostic(`attach ${(performance.now() - t0).toFixed(2)} ms`);
    assert.ok(link.ok, link.ok ? '' : link.message);
    assert.equal(link.value.kind, 'tracepoint');
    const info = linkInfo(link.value.fds[0]!);
    if (info.ok) assert.equal(info.value.type, C.BPF_LINK_TYPE_PERF_EVENT);
    after.push(link.value);
  });
  assert.equal(code, 0);
  assert.ok(c !== undefined);
  try {
    // Perl itself may call getpid a few times at exit; never fewer than the loop's calls.
    const hits = c.read();
    assert.ok(hits >= BigInt(calls) && hits < BigInt(calls + 50), `counted ${hits}`);
  } finally {
    const t0 = performance.now();
    await Promise.all(after.map((l) => l.closeAsync()));
    t.diagnostic(`async detach ${(performance.now() - t0).toFixed(2)} ms`);
    c.close();
  }
});

test('the pre-5.15 attach path (PERF_EVENT_IOC_SET_BPF + ENABLE) works too', async (t) => {
  if (!skipUnlessBpf(t)) return;
  const c = counter('tracepoint', -1);
  const id = tracepointId('sched', 'sched_switch');
  assert.ok(id.ok);
  const perf = perfEventOpen({ type: C.PERF_TYPE_TRACEPOINT, config: id.value, samplePeriod: 1 }, -1, 0);
  assert.ok(perf.ok, perf.ok ? '' : perf.message);
  try {
    assert.ok(perfEventSetBpf(perf.value, c.prog.fd).ok);
    assert.ok(perfEventEnable(perf.value).ok);
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(c.read() > 0n, 'sched_switch fired');
    const again = perfEventSetBpf(perf.value, c.prog.fd);
    assert.ok(!again.ok && again.code === 'EEXIST', 'one program per event through the ioctl');
  } finally {
    await new Link('tracepoint', 'sched:sched_switch', [perf.value]).closeAsync();
    c.close();
  }
});

test('attaching to a tracepoint that does not exist is an ENOENT value', (t) => {
  if (!skipUnlessBpf(t)) return;
  const prog = BpfProgram.load({ name: 'tstap_none', type: 'tracepoint', instructions: returnZero() });
  assert.ok(prog.ok);
  try {
    const r = attachTracepoint(prog.value.fd, 'syscalls', 'sys_enter_no_such_call');
    assert.ok(!r.ok);
    assert.equal(r.code, 'ENOENT');
    assert.match(r.message, /tracepoint syscalls:sys_enter_no_such_call not found/);
  } finally {
    prog.value.close();
  }
});

test('a raw tracepoint program attaches by name and runs', async (t) => {
  if (!skipUnlessFeature(t, 'raw tracepoints', haveRawTracepoint())) return;
  const c = counter('raw_tracepoint', -1);
  try {
    const link = attachRawTracepoint(c.prog.fd, 'sys_enter');
    assert.ok(link.ok, link.ok ? '' : link.message);
    spawnSync('true');
    await link.value.closeAsync();
    assert.ok(c.read() > 0n, 'sys_enter fired');
  } finally {
    c.close();
  }
});

test('a BTF raw tracepoint (tp_btf) program attaches to sched_switch and runs', async (t) => {
  if (!skipUnlessFeature(t, 'tp_btf', haveBtfRawTracepoint())) return;
  const btf = vmlinuxBtf();
  assert.ok(btf.ok);
  const target = btf.value.find('typedef', 'btf_trace_sched_switch');
  assert.ok(target !== undefined);
  const c = counter('tracing', -1, { expectedAttachType: C.BPF_TRACE_RAW_TP, attachBtfId: target.id });
  try {
    const link = attachRawTracepoint(c.prog.fd);
    assert.ok(link.ok, link.ok ? '' : link.message);
    assert.equal(link.value.kind, 'tracing');
    await new Promise((r) => setTimeout(r, 20));
    const t0 = performance.now();
    link.value.close();
    t.diagnostic(`tp_btf detach ${(performance.now() - t0).toFixed(2)} ms`);
    assert.ok(c.read() > 0n, 'sched_switch fired');
  } finally {
    c.close();
  }
});

test('a perf_event program attaches to cpu-clock on every online CPU', async (t) => {
  if (!skipUnlessFeature(t, 'perf software events', havePerfSoftwareEvents())) return;
  const c = counter('perf_event', -1);
  try {
    const attr = softwareEventAttr(C.PERF_COUNT_SW_CPU_CLOCK, { frequencyHz: 1000 });
    const link = attachPerfEvent(c.prog.fd, attr);
    assert.ok(link.ok, link.ok ? '' : link.message);
    await new Promise((r) => setTimeout(r, 60));
    await link.value.closeAsync();
    assert.ok(c.read() > 10n, `sampled ${c.read()} times in 60 ms at 1 kHz per CPU`);
  } finally {
    c.close();
  }
});

function libcGetppidOffset(): { path: string; offset: number } | string {
  const found = spawnSync(
    'sh',
    ['-c', 'ldconfig -p | grep -m1 "libc.so.6 (.*x86-64\\|libc.so.6 (libc6,AArch64" | sed "s/.* => //"'],
    {
      encoding: 'utf8',
    },
  );
  const path = found.stdout.trim();
  if (path === '') return 'libc.so.6 not found by ldconfig';
  const nm = spawnSync('nm', ['-D', '--defined-only', path], { encoding: 'utf8' });
  if (nm.status !== 0) return 'needs nm (binutils) to find getppid in libc';
  const line = nm.stdout.split('\n').find((l) => / [TW] getppid(@|$)/.test(l));
  if (line === undefined) return 'getppid not exported by libc';
  // In glibc's shared object the executable PT_LOAD has p_vaddr == p_offset: vaddr = offset.
  return { path, offset: Number.parseInt(line.split(' ')[0]!, 16) };
}

test('a uprobe on libc getppid counts a child process’s calls', async (t) => {
  if (!skipUnlessFeature(t, 'uprobes', haveUprobes())) return;
  const why = workloadUnavailableReason();
  if (why !== undefined) return t.skip(why);
  const target = libcGetppidOffset();
  if (typeof target === 'string') return t.skip(target);
  const calls = 300;
  let c: Counter | undefined;
  const links: { closeAsync(): Promise<void> }[] = [];
  const code = await runPerl(`getppid() for 1..${calls}`, (pid) => {
    c = counter('kprobe', pid);
    const link = attachUprobe(c.prog.fd, target.path, target.offset, false);
    assert.ok(link.ok, link.ok ? '' : link.message);
    links.push(link.value);
    const ret = attachUprobe(c.prog.fd, target.path, target.offset, true);
    assert.ok(ret.ok, ret.ok ? '' : ret.message);
    links.push(ret.value);
  });
  assert.equal(code, 0);
  try {
    const hits = c!.read();
    assert.ok(hits >= BigInt(2 * calls) && hits < BigInt(2 * calls + 20), `entry+return counted ${hits}`);
  } finally {
    await Promise.all(links.map((l) => l.closeAsync()));
    c!.close();
  }
});

test('kprobes fail with a clear message where the kernel lacks them', (t) => {
  if (!skipUnlessBpf(t)) return;
  const prog = BpfProgram.load({ name: 'tstap_kp', type: 'kprobe', instructions: returnZero() });
  assert.ok(prog.ok);
  try {
    const r = attachKprobe(prog.value.fd, 'do_nanosleep', 0, false);
    if (haveKprobes().available) {
      assert.ok(r.ok, r.ok ? '' : r.message);
      r.value.close();
    } else {
      assert.ok(!r.ok);
      assert.match(r.message, /kprobe do_nanosleep\+0: kprobe PMU/);
    }
  } finally {
    prog.value.close();
  }
});

test('an async detach over a BPF link: the program stops at once, the perf event goes to the kernel', async (t) => {
  if (!skipUnlessBpf(t)) return;
  const c = counter('tracepoint', -1);
  try {
    const link = attachTracepoint(c.prog.fd, 'sched', 'sched_switch');
    assert.ok(link.ok, link.ok ? '' : link.message);
    const fds = [...link.value.fds];
    assert.deepEqual(link.value.perfFds, [fds[fds.length - 1]]);
    const info = linkInfo(fds[0]!);
    if (!info.ok || fds.length !== 2) return t.skip('no BPF link over the perf event (pre-5.15 attach)');
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(c.read() > 0n, 'sched_switch fired');
    const t0 = performance.now();
    await link.value.closeAsync();
    t.diagnostic(`async detach ${(performance.now() - t0).toFixed(2)} ms`);
    assert.ok(link.value.isClosed);
    const stopped = c.read();
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(c.read(), stopped, 'the program no longer runs once closeAsync resolves');
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/self/fd/${fd}`);
      } catch {}
      assert.doesNotMatch(target, /perf_event|bpf_link/, `fd ${fd} is closed`);
    }
    assert.ok(!listBpfObjects('link').some((l) => l.id === info.value.id), 'the link is gone');
  } finally {
    c.close();
  }
});
