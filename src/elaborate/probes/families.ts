/**
 * Built-in probe families, one provider record each (as ply does): how a concrete probe point
 * resolves, and the patterns `--dump-probe-types` lists. A family whose points name things in
 * the system (tracepoints...) asks the target port; the `satisfies` clause makes a family
 * without a provider a compile error.
 */
import type { ProbeComponent } from '../../lang/index.js';
import type { ResolvedPoint, TimerUnit } from '../program.js';
import type { TargetSystem } from '../target.js';
import { KERNEL_FUNCTION_PATTERNS, resolveKernelFunction } from './kernel-function.js';
import { resolveKernelTrace } from './kernel-trace.js';
import { PERF_PATTERNS, resolvePerf } from './perf.js';
import { PROCESS_PATTERNS, resolveProcess } from './process.js';
import { PROCESS_LIFECYCLE_PATTERNS, resolveProcessLifecycle } from './process-lifecycle.js';
import { resolveSyscall, SYSCALL_PATTERNS } from './syscall.js';

export type ProbeFamily =
  | 'begin'
  | 'end'
  | 'error'
  | 'never'
  | 'timer'
  | 'kernel.trace'
  | 'process'
  | 'process.lifecycle'
  | 'syscall'
  | 'perf'
  | 'kernel.function';

/** One concrete point a wildcard (or a lookup in the system) expanded to, with its `pp()` text. */
export interface ExpandedPoint {
  readonly point: ResolvedPoint;
  readonly name: string;
}

/**
 * undefined: not this family; error: this family, but the point is invalid (stap's semantic
 * error); `expanded`: this family, as zero or more concrete points (none is stap's `no match`).
 */
export type ProviderResult =
  | ResolvedPoint
  | { readonly expanded: readonly ExpandedPoint[] }
  | { readonly error: string }
  | undefined;

export interface Provider {
  readonly patterns: readonly string[];
  resolve(components: readonly ProbeComponent[], target: TargetSystem): ProviderResult;
  /** The family matches wildcard components itself (`syscall.*` is one probe, not one per alias). */
  readonly globs?: boolean;
}

function numberArg(c: ProbeComponent | undefined): bigint | undefined {
  return c?.arg?.kind === 'Number' ? c.arg.value : undefined;
}

function sequenced(family: 'begin' | 'end' | 'error'): Provider {
  return {
    patterns: [family, `${family}(number)`],
    resolve(cs) {
      const [c] = cs;
      if (cs.length !== 1 || c?.name !== family) return undefined;
      if (c.arg && c.arg.kind !== 'Number') return undefined;
      return { family, sequence: c.arg?.value ?? 0n };
    },
  };
}

const TIMER_UNITS: Readonly<Record<string, { unit: TimerUnit; scaleNs: bigint }>> = {
  s: { unit: 's', scaleNs: 1_000_000_000n },
  sec: { unit: 's', scaleNs: 1_000_000_000n },
  ms: { unit: 'ms', scaleNs: 1_000_000n },
  msec: { unit: 'ms', scaleNs: 1_000_000n },
  us: { unit: 'us', scaleNs: 1_000n },
  usec: { unit: 'us', scaleNs: 1_000n },
  ns: { unit: 'ns', scaleNs: 1n },
  nsec: { unit: 'ns', scaleNs: 1n },
};

/** hrtimer bounds: 100 µs .. one day. */
const MIN_NS = 100_000n;
const MAX_NS = 86_400_000_000_000n;

function resolveTimer(cs: readonly ProbeComponent[]): ProviderResult {
  const [head, variant, rand] = cs;
  if (head?.name !== 'timer' || head.arg || !variant) return undefined;
  const interval = numberArg(variant);
  if (interval === undefined) return undefined;
  let randomize = 0n;
  if (rand) {
    if (cs.length !== 3 || rand.name !== 'randomize' || variant.name === 'hz') return undefined;
    const r = numberArg(rand);
    if (r === undefined) return undefined;
    randomize = r;
  } else if (cs.length !== 2) {
    return undefined;
  }
  if (variant.name === 'jiffies') {
    if (interval <= 0n || interval > 1_000_000n) return { error: 'invalid interval for jiffies timer' };
    if (randomize < 0n || randomize > interval) return { error: 'invalid randomize for jiffies timer' };
    return {
      family: 'timer',
      unit: 'jiffies',
      interval,
      randomize,
      periodNs: interval,
      randomizeNs: randomize,
    };
  }
  let periodNs: bigint;
  let randomizeNs = 0n;
  let scale = 1n;
  if (variant.name === 'hz') {
    if (interval <= 0n) return { error: 'frequency must be greater than 0' };
    periodNs = (1_000_000_000n + interval - 1n) / interval;
  } else {
    const u = TIMER_UNITS[variant.name];
    if (!u) return undefined;
    scale = u.scaleNs;
    periodNs = interval * scale;
    randomizeNs = randomize * scale;
  }
  if (periodNs < MIN_NS || periodNs > MAX_NS) {
    const low = scale < MIN_NS ? MIN_NS / scale : 1n;
    return { error: `interval value out of range (${low}, ${MAX_NS / scale})` };
  }
  if (randomizeNs < 0n || randomizeNs > periodNs) return { error: 'randomization value out of range' };
  const unit = variant.name === 'hz' ? 'hz' : (TIMER_UNITS[variant.name]?.unit ?? 'ns');
  return { family: 'timer', unit, interval, randomize, periodNs, randomizeNs };
}

const TIMER_PATTERNS = ['s', 'sec', 'ms', 'msec', 'us', 'usec', 'ns', 'nsec', 'jiffies'].flatMap((u) => [
  `timer.${u}(number)`,
  `timer.${u}(number).randomize(number)`,
]);

export const PROVIDERS = {
  begin: sequenced('begin'),
  end: sequenced('end'),
  error: sequenced('error'),
  never: {
    patterns: ['never'],
    resolve: (cs) =>
      cs.length === 1 && cs[0]?.name === 'never' && !cs[0].arg ? { family: 'never' } : undefined,
  },
  timer: { patterns: [...TIMER_PATTERNS, 'timer.hz(number)'], resolve: resolveTimer },
  'kernel.trace': { patterns: ['kernel.trace(string)'], resolve: resolveKernelTrace },
  process: { patterns: PROCESS_PATTERNS, resolve: resolveProcess },
  'process.lifecycle': { patterns: PROCESS_LIFECYCLE_PATTERNS, resolve: resolveProcessLifecycle },
  syscall: { patterns: SYSCALL_PATTERNS, resolve: resolveSyscall, globs: true },
  perf: { patterns: PERF_PATTERNS, resolve: resolvePerf },
  'kernel.function': { patterns: KERNEL_FUNCTION_PATTERNS, resolve: resolveKernelFunction },
} satisfies Record<ProbeFamily, Provider>;

/** Tries the families that match wildcard components themselves. */
export function resolveGlobbedPoint(
  components: readonly ProbeComponent[],
  target: TargetSystem,
): ProviderResult {
  for (const provider of Object.values(PROVIDERS)) {
    if (!('globs' in provider) || !provider.globs) continue;
    const r = provider.resolve(components, target);
    if (r) return r;
  }
  return undefined;
}

/** Tries every family; the first that recognises the point answers. */
export function resolveBuiltinPoint(
  components: readonly ProbeComponent[],
  target: TargetSystem,
): ProviderResult {
  for (const provider of Object.values(PROVIDERS)) {
    const r = provider.resolve(components, target);
    if (r) return r;
  }
  return undefined;
}
