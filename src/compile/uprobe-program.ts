/**
 * How a `process(...)` probe's program attaches: a KPROBE-type program on a uprobe (or uretprobe)
 * at a file offset of a binary, through the uprobe PMU. A USDT marker with a semaphore passes
 * the semaphore's file offset too, so the kernel counts it up while the probe is attached (4.20).
 */
import type { UserProbePoint } from '../elaborate/index.js';

export interface UprobeAttach {
  readonly path: string;
  readonly offset: bigint;
  readonly retprobe: boolean;
  /** File offset of the USDT semaphore (the PMU's ref_ctr_offset). */
  readonly refCtrOffset?: bigint;
}

export function uprobeAttach(point: UserProbePoint): UprobeAttach {
  return {
    path: point.path,
    offset: point.offset,
    retprobe: point.site === 'return',
    ...(point.semaphoreOffset === undefined ? {} : { refCtrOffset: point.semaphoreOffset }),
  };
}

/** `main` → `main`, `function__entry` → `function__entry` cut to 15 characters. */
export function uprobeProgramName(point: UserProbePoint): string {
  return point.symbol.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, 15);
}

/** What `-p3`'s listing says the program attaches to. */
export function describeUprobe(u: UprobeAttach): string {
  const semaphore = u.refCtrOffset === undefined ? '' : ` (semaphore at +0x${u.refCtrOffset.toString(16)})`;
  return `${u.retprobe ? 'uretprobe' : 'uprobe'} ${u.path}+0x${u.offset.toString(16)}${semaphore}`;
}
