/**
 * Time functions (upstream tapset/linux/timestamp*.stp, ctime.stp, tzinfo.stp); stopwatches are
 * script functions (tapset/stopwatch.stp).
 * The coarser units divide the nanosecond value, truncating like stap's `/`.
 */
import type { TimeBuiltinName } from '../../elaborate/index.js';
import { type HandlerContext, ScriptError, type Value } from '../context.js';
import { type BuiltinImpl, bounded, longArg } from './builtin-impl.js';
import { isCpuOnline, jiffiesAt, monotonicNs, wallClockNs } from './clocks.js';
import { ctime } from './ctime.js';

const NS_PER_US = 1_000n;
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/** `cpu_clock_ns(cpu)`: per-CPU clocks are all the same monotonic clock here. */
function cpuClockNs(args: readonly Value[]): bigint {
  const cpu = longArg(args, 0);
  if (!isCpuOnline(cpu)) throw new ScriptError(`cpu ${cpu} is not online`);
  return monotonicNs();
}

/** `tz_ctime(secs)`: `ctime(secs - tz_gmtoff()) . " " . tz_name()`. */
function tzCtime(ctx: HandlerContext, args: readonly Value[]): string {
  const { secondsWestOfUtc, name } = ctx.session.timezone;
  return bounded(ctx, `${ctime(longArg(args, 0) - BigInt(secondsWestOfUtc))} ${bounded(ctx, name)}`);
}

export const TIME_IMPLS: { readonly [K in TimeBuiltinName]: BuiltinImpl } = {
  gettimeofday_s: () => wallClockNs() / NS_PER_S,
  gettimeofday_ms: () => wallClockNs() / NS_PER_MS,
  gettimeofday_us: () => wallClockNs() / NS_PER_US,
  gettimeofday_ns: () => wallClockNs(),
  ctime: (_ctx, args) => ctime(args.length === 0 ? wallClockNs() / NS_PER_S : longArg(args, 0)),
  tz_ctime: tzCtime,
  tz_gmtoff: (ctx) => BigInt(ctx.session.timezone.secondsWestOfUtc),
  tz_name: (ctx) => bounded(ctx, ctx.session.timezone.name),
  jiffies: (ctx) => jiffiesAt(monotonicNs(), ctx.session.hz),
  HZ: (ctx) => BigInt(ctx.session.hz),
  local_clock_s: () => monotonicNs() / NS_PER_S,
  local_clock_ms: () => monotonicNs() / NS_PER_MS,
  local_clock_us: () => monotonicNs() / NS_PER_US,
  local_clock_ns: () => monotonicNs(),
  cpu_clock_s: (_ctx, args) => cpuClockNs(args) / NS_PER_S,
  cpu_clock_ms: (_ctx, args) => cpuClockNs(args) / NS_PER_MS,
  cpu_clock_us: (_ctx, args) => cpuClockNs(args) / NS_PER_US,
  cpu_clock_ns: (_ctx, args) => cpuClockNs(args),
  // No cycle counter is readable from JavaScript: the monotonic clock in ns stands in for the TSC.
  get_cycles: () => monotonicNs(),
  ktime_get_ns: () => monotonicNs(),
};
