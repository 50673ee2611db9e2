/**
 * The clocks behind the time functions. Node offers the wall clock in milliseconds and
 * CLOCK_MONOTONIC in nanoseconds; the nanosecond wall clock is the monotonic clock anchored to
 * the wall clock, re-anchored whenever the two drift apart by more than a millisecond (NTP steps,
 * settimeofday).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const NS_PER_MS = 1_000_000n;
const MAX_DRIFT_NS = 1_000_000n;

let anchor: { wallNs: bigint; monotonicNs: bigint } | undefined;

/** Nanoseconds since the epoch (gettimeofday_ns). */
export function wallClockNs(): bigint {
  const monotonicNs = process.hrtime.bigint();
  const coarseNs = BigInt(Date.now()) * NS_PER_MS;
  if (anchor !== undefined) {
    const estimate = anchor.wallNs + (monotonicNs - anchor.monotonicNs);
    const drift = estimate - coarseNs;
    // Date.now() truncates to the millisecond, so a correct estimate lies in [coarse, coarse + 1 ms).
    if (drift >= -MAX_DRIFT_NS && drift < 2n * MAX_DRIFT_NS) return estimate;
  }
  anchor = { wallNs: coarseNs, monotonicNs };
  return coarseNs;
}

/** CLOCK_MONOTONIC in nanoseconds: ktime_get_ns(), and what local_clock()/cpu_clock() approximate. */
export function monotonicNs(): bigint {
  return process.hrtime.bigint();
}

/**
 * The kernel's jiffies on a 64-bit machine: INITIAL_JIFFIES (2^32 - 300 * HZ, so the 32-bit
 * counter wraps five minutes after boot) plus the ticks since boot.
 */
export function jiffiesAt(monotonic: bigint, hz: number): bigint {
  const initial = (1n << 32n) - 300n * BigInt(hz);
  return initial + (monotonic * BigInt(hz)) / 1_000_000_000n;
}

let onlineCpus: ReadonlySet<number> | undefined;

/** Parses a kernel cpu list such as `0-3,8,10-11`. */
export function parseCpuList(text: string): Set<number> {
  const cpus = new Set<number>();
  for (const part of text.trim().split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (match === null) continue;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return cpus;
}

/** The online CPUs (/sys/devices/system/cpu/online), read once. */
export function isCpuOnline(cpu: bigint): boolean {
  if (onlineCpus === undefined) {
    try {
      onlineCpus = parseCpuList(readFileSync('/sys/devices/system/cpu/online', 'latin1'));
    } catch {
      onlineCpus = new Set(Array.from({ length: availableParallelism() }, (_, i) => i));
    }
  }
  return cpu >= 0n && cpu <= BigInt(Number.MAX_SAFE_INTEGER) && onlineCpus.has(Number(cpu));
}
