/**
 * The probes behind features.ts: each creates a tiny map, loads a tiny program or opens a
 * perf event, and reads the kernel's answer. A probe returns `conclusive: false` when the
 * answer says more about our privileges than about the kernel (EPERM before BPF works at all).
 */

import { existsSync } from 'node:fs';
import { BtfBuilder, encodeFuncInfo, loadBtf, vmlinuxBtf } from './btf/index.js';
import { kallsyms } from './kallsyms.js';
import { probePmu } from './link/index.js';
import { BpfMap } from './map.js';
import { BpfProgram, type ProgramSpec, type ProgramType } from './program.js';
import { asm, BPF_FUNC_loop, BPF_FUNC_probe_read_kernel, encode, R, returnZero } from './raw-insns.js';
import {
  C,
  close,
  closeAsync,
  linkCreate,
  type PerfEventAttr,
  pageSize,
  perfEventOpen,
  type SysError,
} from './sys/index.js';
import { tracefsRoot } from './tracefs.js';

export interface ProbeOutcome {
  readonly available: boolean;
  /** Why not, or a short note on what was found. */
  readonly reason: string;
  /** False when the answer may change (missing privileges): it is not cached. */
  readonly conclusive: boolean;
}

const yes = (reason = ''): ProbeOutcome => ({ available: true, reason, conclusive: true });
const no = (reason: string, conclusive = true): ProbeOutcome => ({ available: false, reason, conclusive });

/** A refusal is conclusive unless it is about privileges. */
function refused(e: SysError, what: string): ProbeOutcome {
  return no(`${what}: ${e.message}`, e.errno !== C.EPERM || process.getuid?.() === 0);
}

function loads(spec: Omit<ProgramSpec, 'name'>, what: string): ProbeOutcome {
  const r = BpfProgram.load({ name: 'tstap_probe', ...spec });
  if (r.ok) {
    r.value.close();
    return yes();
  }
  return refused(r, what);
}

export function probeBpfSyscall(): ProbeOutcome {
  const r = BpfMap.create({ name: 'tstap_probe', type: 'array', keySize: 4, valueSize: 4, maxEntries: 1 });
  if (!r.ok) return no(r.message, r.errno !== C.EPERM);
  r.value.close();
  return yes();
}

export function probeRingbuf(): ProbeOutcome {
  const r = BpfMap.create({
    name: 'tstap_probe',
    type: 'ringbuf',
    keySize: 0,
    valueSize: 0,
    maxEntries: pageSize(),
  });
  if (!r.ok) return refused(r, 'BPF_MAP_TYPE_RINGBUF');
  r.value.close();
  return yes();
}

export function probeProgramType(type: ProgramType): ProbeOutcome {
  return loads({ type, instructions: returnZero() }, `program type ${type}`);
}

/**
 * Whether programs of `type` may call helper `helper` (cilium's HaveProgramHelper): the call
 * is made with unset arguments, so a kernel that knows the helper rejects the *arguments*
 * (EACCES, "R1 !read_ok"), while one that does not rejects the *call* ("invalid func",
 * "unknown func", "cannot use helper").
 */
export function probeHelper(type: ProgramType, helper: number): ProbeOutcome {
  const r = BpfProgram.load({
    name: 'tstap_probe',
    type,
    instructions: encode([asm.call(helper), asm.movImm(R.r0, 0), asm.exit()]),
  });
  if (r.ok) {
    r.value.close();
    return yes();
  }
  if (/invalid func|unknown func|cannot use helper|helper call is not allowed/.test(r.verifierLog)) {
    return no(`helper ${helper} unknown to ${type} programs`);
  }
  if (r.errno === C.EACCES || r.errno === C.EINVAL) return yes();
  return refused(r, `helper ${helper}`);
}

export function probeProbeReadKernel(): ProbeOutcome {
  return probeHelper('tracepoint', BPF_FUNC_probe_read_kernel);
}

/** bpf_map_lookup_percpu_elem (helper 195, kernel 5.19): another CPU's copy of a per-CPU value. */
const BPF_FUNC_map_lookup_percpu_elem = 195;

export function probeLookupPercpuElem(): ProbeOutcome {
  return probeHelper('tracepoint', BPF_FUNC_map_lookup_percpu_elem);
}

/**
 * bpf_loop end to end (5.17): the helper plus the func_info BTF its callback requires. This is
 * exactly what the code generator emits for a bounded `for`/`foreach` in a kernel handler.
 */
export function probeBpfLoop(): ProbeOutcome {
  const helper = probeHelper('tracepoint', BPF_FUNC_loop);
  if (!helper.available) return helper;
  const b = new BtfBuilder();
  const int = b.int('int', 4, true);
  const voidPtr = b.ptr(0);
  const mainFn = b.func('probe_main', b.funcProto(int, [{ name: 'ctx', type: voidPtr }]), C.BTF_FUNC_GLOBAL);
  const callbackFn = b.func(
    'probe_cb',
    b.funcProto(int, [
      { name: 'index', type: int },
      { name: 'ctx', type: voidPtr },
    ]),
    C.BTF_FUNC_STATIC,
  );
  const btf = loadBtf(b.encode());
  if (!btf.ok) return refused(btf, 'BTF for bpf_loop');
  const instructions = encode([
    asm.movImm(R.r1, 4),
    asm.ldFunc(R.r2, 'callback'),
    asm.movImm(R.r3, 0),
    asm.movImm(R.r4, 0),
    asm.call(BPF_FUNC_loop),
    asm.movImm(R.r0, 0),
    asm.exit(),
    asm.label('callback'),
    asm.movImm(R.r0, 0),
    asm.exit(),
  ]);
  const funcInfo = encodeFuncInfo([
    { insnOffset: 0, typeId: mainFn },
    { insnOffset: 8, typeId: callbackFn },
  ]);
  try {
    return loads({ type: 'tracepoint', instructions, btf: { btfFd: btf.value, funcInfo } }, 'bpf_loop');
  } finally {
    close(btf.value);
  }
}

/** BPF_ATOMIC with BPF_FETCH (5.12): `r1 = atomic_fetch_add(*(u64 *)(r10 - 8), r1)`. */
export function probeAtomicFetch(): ProbeOutcome {
  const instructions = encode([
    asm.st('dw', R.fp, -8, 0),
    asm.movImm(R.r1, 1),
    asm.atomicFetchAdd64(R.fp, -8, R.r1),
    asm.movImm(R.r0, 0),
    asm.exit(),
  ]);
  return loads({ type: 'tracepoint', instructions }, 'atomic fetch-add');
}

export function probeVmlinuxBtf(): ProbeOutcome {
  const btf = vmlinuxBtf();
  if (!btf.ok) return no(`no kernel BTF: ${btf.message}`);
  const b = new BtfBuilder();
  b.int('int', 4, true);
  const loaded = loadBtf(b.encode());
  if (!loaded.ok) return refused(loaded, 'BPF_BTF_LOAD');
  close(loaded.value);
  return yes(`${btf.value.typeCount} types`);
}

/** tp_btf (5.5): a TRACING program typed by the `btf_trace_sched_switch` typedef. */
export function probeBtfRawTracepoint(): ProbeOutcome {
  const btf = vmlinuxBtf();
  if (!btf.ok) return no(`no kernel BTF: ${btf.message}`);
  const target = btf.value.find('typedef', 'btf_trace_sched_switch');
  if (target === undefined) return no('no btf_trace_sched_switch in kernel BTF');
  return loads(
    {
      type: 'tracing',
      expectedAttachType: C.BPF_TRACE_RAW_TP,
      attachBtfId: target.id,
      instructions: returnZero(),
    },
    'tp_btf',
  );
}

const FENTRY_TARGETS = ['bpf_fentry_test1', 'do_nanosleep', 'vfs_read', 'do_sys_openat2'];

/** fentry (5.5; needs a BPF trampoline for the architecture and an unlocked kernel). */
export function probeFentry(): ProbeOutcome {
  const btf = vmlinuxBtf();
  if (!btf.ok) return no(`no kernel BTF: ${btf.message}`);
  const target = FENTRY_TARGETS.map((n) => btf.value.find('func', n)).find((t) => t !== undefined);
  if (target === undefined) return no('no candidate function in kernel BTF');
  return loads(
    {
      type: 'tracing',
      expectedAttachType: C.BPF_TRACE_FENTRY,
      attachBtfId: target.id,
      instructions: returnZero(),
    },
    `fentry on ${target.name}`,
  );
}

export function probeKprobes(): ProbeOutcome {
  const pmu = probePmu('kprobe');
  if (pmu.ok) return yes(`kprobe PMU type ${pmu.value.type}`);
  const root = tracefsRoot();
  if (root.ok && existsSync(`${root.value}/kprobe_events`)) return yes('tracefs kprobe_events');
  return no('kernel built without kprobe events (no kprobe PMU, no kprobe_events in tracefs)');
}

/** The uprobe PMU (4.17), and a uprobe perf event on our own executable actually opens. */
export function probeUprobes(): ProbeOutcome {
  const pmu = probePmu('uprobe');
  if (!pmu.ok) return no('kernel built without uprobe events (no uprobe PMU)');
  const attr = {
    type: pmu.value.type,
    config: 0,
    config1Path: process.execPath,
    config2: 0,
    samplePeriod: 1,
  };
  const r = perfEventOpen(attr, -1, 0);
  if (!r.ok) return refused(r, 'uprobe perf event');
  // Removing a uprobe waits for an RCU grace period (~70 ms here): not on this thread.
  void closeAsync(r.value);
  return yes(`uprobe PMU type ${pmu.value.type}`);
}

function opensPerfEvent(attr: PerfEventAttr, what: string): ProbeOutcome {
  const r = perfEventOpen(attr, -1, 0);
  if (!r.ok) return refused(r, what);
  close(r.value);
  return yes();
}

export function probePerfHardwareEvents(): ProbeOutcome {
  const r = opensPerfEvent(
    { type: C.PERF_TYPE_HARDWARE, config: C.PERF_COUNT_HW_CPU_CYCLES, samplePeriod: 1_000_000 },
    'cpu-cycles',
  );
  return r.available || !r.conclusive
    ? r
    : no(`${r.reason} (no hardware PMU: a VM without PMU passthrough?)`);
}

export function probePerfSoftwareEvents(): ProbeOutcome {
  return opensPerfEvent(
    { type: C.PERF_TYPE_SOFTWARE, config: C.PERF_COUNT_SW_CPU_CLOCK, samplePeriod: 1_000_000_000 },
    'cpu-clock',
  );
}

/** BPF_LINK_CREATE for perf events (5.15); older kernels attach with an ioctl instead. */
export function probePerfLink(): ProbeOutcome {
  const prog = BpfProgram.load({ name: 'tstap_probe', type: 'perf_event', instructions: returnZero() });
  if (!prog.ok) return refused(prog, 'perf_event program');
  const perf = perfEventOpen(
    {
      type: C.PERF_TYPE_SOFTWARE,
      config: C.PERF_COUNT_SW_CPU_CLOCK,
      samplePeriod: 1_000_000_000,
      disabled: true,
    },
    -1,
    0,
  );
  try {
    if (!perf.ok) return refused(perf, 'cpu-clock event');
    const link = linkCreate({ progFd: prog.value.fd, targetFd: perf.value, attachType: C.BPF_PERF_EVENT });
    if (!link.ok) return refused(link, 'BPF_LINK_CREATE');
    close(link.value);
    return yes();
  } finally {
    if (perf.ok) close(perf.value);
    prog.value.close();
  }
}

export function probeTracefs(): ProbeOutcome {
  const r = tracefsRoot();
  return r.ok ? yes(r.value) : no(r.message, r.errno !== C.EPERM);
}

export function probeKallsyms(): ProbeOutcome {
  const r = kallsyms();
  return r.ok ? yes(`${r.value.size} symbols`) : no(r.message, r.errno !== C.EPERM);
}
