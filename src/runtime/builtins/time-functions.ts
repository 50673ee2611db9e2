/**
 * Time functions (upstream tapset/linux/timestamp*.stp, ctime.stp, tzinfo.stp, stopwatch.stp).
 * The coarser units divide the nanosecond value, truncating like stap's `/`.
 */
import type { TimeBuiltinName } from '../../elaborate/index.js';
import { type HandlerContext, ScriptError, type Stopwatch, type Value } from '../context.js';
import { type BuiltinImpl, bounded, longArg, stringArg } from './builtin-impl.js';
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

/** The stopwatch named by the first argument, created (stopped, at zero) on first use. */
function stopwatch(ctx: HandlerContext, args: readonly Value[]): Stopwatch {
  const name = stringArg(ctx, args, 0);
  let watch = ctx.session.stopwatches.get(name);
  if (watch === undefined) {
    watch = { startNs: 0n, accumulatedNs: 0n };
    ctx.session.stopwatches.set(name, watch);
  }
  return watch;
}

/** Running time of a stopwatch: what it accumulated plus the current lap, if started. */
function readStopwatchNs(ctx: HandlerContext, args: readonly Value[]): bigint {
  const watch = stopwatch(ctx, args);
  const lap = watch.startNs !== 0n ? wallClockNs() - watch.startNs : 0n;
  return watch.accumulatedNs + lap;
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
  start_stopwatch: (ctx, args) => {
    const watch = stopwatch(ctx, args);
    if (watch.startNs === 0n) watch.startNs = wallClockNs();
    return undefined;
  },
  stop_stopwatch: (ctx, args) => {
    const watch = stopwatch(ctx, args);
    const lap = watch.startNs !== 0n ? wallClockNs() - watch.startNs : 0n;
    watch.startNs = 0n;
    watch.accumulatedNs += lap;
    return undefined;
  },
  read_stopwatch_s: (ctx, args) => readStopwatchNs(ctx, args) / NS_PER_S,
  read_stopwatch_ms: (ctx, args) => readStopwatchNs(ctx, args) / NS_PER_MS,
  read_stopwatch_us: (ctx, args) => readStopwatchNs(ctx, args) / NS_PER_US,
  read_stopwatch_ns: readStopwatchNs,
  delete_stopwatch: (ctx, args) => {
    ctx.session.stopwatches.delete(stringArg(ctx, args, 0));
    return undefined;
  },
};
