/**
 * `perf.type(T).config(C)[.sample(N) | .hz(F)]` (stap's perf_builder): a perf event opened on
 * every online CPU, the handler run in the kernel (BPF_PROG_TYPE_PERF_EVENT) every N events
 * (default 1,000,000) or F times a second, in the context of the task that was running. The
 * tapset names the usual events (`perf.sw.cpu_clock`, `perf.hw.cpu_cycles`, `timer.profile`...,
 * tapset/perf.stp and timers.stp). `.process`, `.counter("NAME")` and `@perf` are stap features
 * tstap does not have yet: refused with a message, never ignored.
 */
import type { ProbeComponent } from '../../lang/index.js';
import type { ResolvedPoint } from '../program.js';
import type { ProviderResult } from './families.js';

export const PERF_PATTERNS: readonly string[] = [
  'perf.type(number).config(number)',
  'perf.type(number).config(number).sample(number)',
  'perf.type(number).config(number).hz(number)',
];

/** stap's default sampling period. */
const DEFAULT_PERIOD = 1_000_000n;

function numberOf(c: ProbeComponent | undefined): bigint | undefined {
  return c?.arg?.kind === 'Number' ? c.arg.value : undefined;
}

export function resolvePerf(cs: readonly ProbeComponent[]): ProviderResult {
  const [perf, type, config, rate, ...rest] = cs;
  if (perf?.name !== 'perf' || perf.arg || type?.name !== 'type' || config?.name !== 'config')
    return undefined;
  const t = numberOf(type);
  const c = numberOf(config);
  if (t === undefined || c === undefined) return undefined;
  if (rate?.name === 'process' || rest.some((x) => x.name === 'process')) {
    return { error: 'perf probes bound to a process (.process) are not supported by tstap yet' };
  }
  if (rate?.name === 'counter') {
    return { error: 'perf counters (.counter and @perf) are not supported by tstap yet' };
  }
  if (rest.length > 0) return undefined;
  if (t < 0n || t > 0xffff_ffffn) return { error: 'invalid perf type' };
  if (c < 0n) return { error: 'invalid perf config' };
  let sampling: Extract<ResolvedPoint, { family: 'perf' }>['sampling'] = {
    kind: 'period',
    value: DEFAULT_PERIOD,
  };
  let suffix = '';
  if (rate !== undefined) {
    const n = numberOf(rate);
    if (n === undefined || (rate.name !== 'sample' && rate.name !== 'hz')) return undefined;
    if (n <= 0n)
      return { error: rate.name === 'hz' ? 'invalid perf frequency' : 'invalid perf sample period' };
    sampling = rate.name === 'hz' ? { kind: 'frequency', value: n } : { kind: 'period', value: n };
    suffix = `.${rate.name}(${n})`;
  }
  const point: ResolvedPoint = { family: 'perf', type: t, config: c, sampling };
  return {
    expanded: [
      { point, name: `perf.type(${t}).config(${c})${suffix === '' ? `.sample(${DEFAULT_PERIOD})` : suffix}` },
    ],
  };
}
