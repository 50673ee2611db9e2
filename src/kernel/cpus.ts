/**
 * CPU sets from sysfs: per-CPU map values hold one slot per *possible* CPU, and per-CPU perf
 * events (timer.profile) are opened on every *online* CPU.
 */
import { readFileSync } from 'node:fs';

/** Parses a kernel CPU list such as `0-3,8,10-11`. */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(',')) {
    if (part === '') continue;
    const [lo, hi] = part.split('-');
    const first = Number(lo);
    const last = hi === undefined ? first : Number(hi);
    if (!Number.isInteger(first) || !Number.isInteger(last)) throw new Error(`bad CPU list: ${text}`);
    for (let c = first; c <= last; c++) cpus.push(c);
  }
  return cpus;
}

let possible: readonly number[] | undefined;

export function possibleCpus(): readonly number[] {
  possible ??= parseCpuList(readFileSync('/sys/devices/system/cpu/possible', 'utf8'));
  return possible;
}

/** Online CPUs now (not cached: CPUs can go on- and offline). */
export function onlineCpus(): readonly number[] {
  return parseCpuList(readFileSync('/sys/devices/system/cpu/online', 'utf8'));
}
