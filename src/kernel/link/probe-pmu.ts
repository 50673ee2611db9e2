/**
 * uprobes and kprobes through their perf PMUs (4.17): `perf_event_open` on the dynamic PMU
 * type read from sysfs, no tracefs probe definitions to create or clean up.
 */
import { readFileSync } from 'node:fs';
import { C, ok, type SysResult, sysError } from '../sys/index.js';
import type { Link } from './link.js';
import { openAndAttach } from './perf-event.js';

export type ProbePmu = 'uprobe' | 'kprobe';

export interface PmuInfo {
  readonly type: number;
  /** The config bit that makes a return probe (`format/retprobe`: `config:0`). */
  readonly retprobeBit: number;
}

const pmus = new Map<ProbePmu, SysResult<PmuInfo>>();

/** The PMU's dynamic type and retprobe bit; ENOENT when the kernel lacks it (no CONFIG_KPROBE_EVENTS...). */
export function probePmu(pmu: ProbePmu): SysResult<PmuInfo> {
  const cached = pmus.get(pmu);
  if (cached !== undefined) return cached;
  const dir = `/sys/bus/event_source/devices/${pmu}`;
  let r: SysResult<PmuInfo>;
  try {
    const type = Number(readFileSync(`${dir}/type`, 'utf8').trim());
    const format = readFileSync(`${dir}/format/retprobe`, 'utf8').trim();
    const bit = /^config:(\d+)$/.exec(format);
    r = ok({ type, retprobeBit: bit === null ? 0 : Number(bit[1]) });
  } catch {
    r = sysError(`${pmu} PMU`, C.ENOENT, `(${dir} missing: kernel without ${pmu} perf events)`);
  }
  pmus.set(pmu, r);
  return r;
}

export interface UprobeOptions {
  /** Only this process (-1: every process). */
  readonly pid?: number;
  /** File offset of a USDT semaphore, incremented while the probe is attached (4.20). */
  readonly refCtrOffset?: number;
  readonly bpfCookie?: bigint;
}

/**
 * Attaches a KPROBE-type program to the instruction at file offset `offset` of `path` (the ELF
 * symbol's vaddr mapped through its PT_LOAD segment), or to its return when `retprobe`.
 */
export function attachUprobe(
  progFd: number,
  path: string,
  offset: number | bigint,
  retprobe: boolean,
  options: UprobeOptions = {},
): SysResult<Link> {
  const target = `${retprobe ? 'uretprobe' : 'uprobe'} ${path}+0x${offset.toString(16)}`;
  const pmu = probePmu('uprobe');
  if (!pmu.ok) return { ...pmu, message: `${target}: ${pmu.message}` };
  const config =
    (retprobe ? 1n << BigInt(pmu.value.retprobeBit) : 0n) | (BigInt(options.refCtrOffset ?? 0) << 32n);
  const pid = options.pid ?? -1;
  return openAndAttach(
    'uprobe',
    target,
    progFd,
    { type: pmu.value.type, config, config1Path: path, config2: offset, samplePeriod: 1, wakeupEvents: 1 },
    pid,
    pid === -1 ? 0 : -1,
    options.bpfCookie,
  );
}

/**
 * Attaches a KPROBE program to `symbol+offset` in the kernel, or its return. Fails with a
 * clear ENOENT on kernels built without kprobes (CONFIG_KPROBE_EVENTS).
 */
export function attachKprobe(
  progFd: number,
  symbol: string,
  offset: number,
  retprobe: boolean,
): SysResult<Link> {
  const target = `${retprobe ? 'kretprobe' : 'kprobe'} ${symbol}+${offset}`;
  const pmu = probePmu('kprobe');
  if (!pmu.ok) return { ...pmu, message: `${target}: ${pmu.message}` };
  const config = retprobe ? 1n << BigInt(pmu.value.retprobeBit) : 0n;
  return openAndAttach(
    'kprobe',
    target,
    progFd,
    { type: pmu.value.type, config, config1Path: symbol, config2: offset, samplePeriod: 1, wakeupEvents: 1 },
    -1,
    0,
  );
}
