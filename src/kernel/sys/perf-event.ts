/**
 * perf_event_open(2) with a typed `struct perf_event_attr`, and the ioctls that attach a BPF
 * program the pre-5.15 way. Layout: linux/perf_event.h (PERF_ATTR_SIZE_VER8).
 */
import { Attr, cString } from './attr.js';
import * as C from './constants.js';
import { ioctlSyscall, perfEventOpenSyscall } from './ffi.js';
import { fromReturn, type SysResult } from './result.js';

/** Bits of the flags word at offset 40, in declaration order. */
export interface PerfEventFlags {
  readonly disabled?: boolean; // bit 0
  readonly inherit?: boolean; // bit 1
  readonly pinned?: boolean; // bit 2
  readonly excludeUser?: boolean; // bit 4
  readonly excludeKernel?: boolean; // bit 5
  readonly excludeHv?: boolean; // bit 6
  readonly excludeIdle?: boolean; // bit 7
  /** sample_freq instead of sample_period (bit 10). */
  readonly freq?: boolean;
}

/**
 * The fields of `struct perf_event_attr` tstap uses. `config1`/`config2` carry the uprobe path
 * (as a string, written as a pointer) and offset for the uprobe PMU.
 */
export interface PerfEventAttr extends PerfEventFlags {
  readonly type: number;
  readonly config: bigint | number;
  /** sample_period, or sample_freq when `freq` is set. */
  readonly samplePeriod?: bigint | number;
  readonly sampleType?: number;
  readonly wakeupEvents?: number;
  /** config1 as a path string (uprobe_path / kprobe_func). */
  readonly config1Path?: string;
  readonly config1?: bigint | number;
  readonly config2?: bigint | number;
}

const FLAG_BITS: readonly [keyof PerfEventFlags, number][] = [
  ['disabled', 0],
  ['inherit', 1],
  ['pinned', 2],
  ['excludeUser', 4],
  ['excludeKernel', 5],
  ['excludeHv', 6],
  ['excludeIdle', 7],
  ['freq', 10],
];

export function encodePerfEventAttr(a: PerfEventAttr): { attr: Buffer; keepAlive: Buffer[] } {
  let flags = 0n;
  for (const [name, bit] of FLAG_BITS) if (a[name] === true) flags |= 1n << BigInt(bit);
  const path = a.config1Path === undefined ? undefined : cString(a.config1Path);
  const attr = new Attr(C.PERF_ATTR_SIZE_VER8)
    .u32(0, a.type)
    .u32(4, C.PERF_ATTR_SIZE_VER8)
    .u64(8, a.config)
    .u64(16, a.samplePeriod ?? 0)
    .u64(24, a.sampleType ?? 0)
    .u64(40, flags)
    .u32(48, a.wakeupEvents ?? 0)
    .u64(64, a.config2 ?? 0);
  if (path !== undefined) attr.ptr(56, path);
  else attr.u64(56, a.config1 ?? 0);
  return { attr: attr.bytes, keepAlive: path === undefined ? [] : [path] };
}

/**
 * perf_event_open(attr, pid, cpu, group_fd = -1, PERF_FLAG_FD_CLOEXEC). `pid = -1, cpu = N`
 * counts every task on CPU N; for tracepoints and uprobes an attached BPF program runs on every
 * CPU from a single cpu-0 event.
 */
export function perfEventOpen(a: PerfEventAttr, pid: number, cpu: number, groupFd = -1): SysResult<number> {
  const { attr, keepAlive } = encodePerfEventAttr(a);
  const r = perfEventOpenSyscall(attr, pid, cpu, groupFd, C.PERF_FLAG_FD_CLOEXEC, ...keepAlive);
  return fromReturn('perf_event_open', r);
}

/** PERF_EVENT_IOC_SET_BPF: the pre-BPF_LINK_CREATE way to attach a program (4.1). */
export function perfEventSetBpf(perfFd: number, progFd: number): SysResult<number> {
  return fromReturn('PERF_EVENT_IOC_SET_BPF', ioctlSyscall(perfFd, C.PERF_EVENT_IOC_SET_BPF, progFd));
}

export function perfEventEnable(perfFd: number): SysResult<number> {
  return fromReturn('PERF_EVENT_IOC_ENABLE', ioctlSyscall(perfFd, C.PERF_EVENT_IOC_ENABLE, 0));
}

export function perfEventDisable(perfFd: number): SysResult<number> {
  return fromReturn('PERF_EVENT_IOC_DISABLE', ioctlSyscall(perfFd, C.PERF_EVENT_IOC_DISABLE, 0));
}
