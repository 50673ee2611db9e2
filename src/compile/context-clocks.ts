/**
 * Clock functions in kernel handlers. `local_clock_*()` and `cpu_clock_*(cpu)` read
 * bpf_ktime_get_ns (CLOCK_MONOTONIC: what the user-space side reads for them too, so both sides
 * agree); `cpu_clock_*` of a CPU that does not exist is stap's `cpu N is not online` error.
 * `jiffies()` is the kernel's own counter (bpf_jiffies64, kernel 5.5).
 */
import { BPF_FUNC_jiffies64, BPF_FUNC_ktime_get_ns, R0, R1 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { ERROR_CODE } from '../wire/index.js';
import { evalLong } from './expressions.js';
import type { Lowering } from './lowering.js';

const DIVISORS = { s: 1_000_000_000, ms: 1_000_000, us: 1000, ns: 1 } as const;

function unitOf(name: string): keyof typeof DIVISORS {
  const unit = name.slice(name.lastIndexOf('_') + 1);
  return unit === 's' || unit === 'ms' || unit === 'us' ? unit : 'ns';
}

function monotonic(L: Lowering, name: string): void {
  L.b.call(BPF_FUNC_ktime_get_ns);
  const divisor = DIVISORS[unitOf(name)];
  if (divisor !== 1) L.b.div64(R0, divisor);
}

/** `cpu_clock_*(cpu)`: the CPU must exist (0 ≤ cpu < the possible CPUs). */
function cpuClock(L: Lowering, e: CallExpr): void {
  const arg = e.args[0];
  if (arg === undefined) L.unsupported(e.span, `${e.name}()`);
  const cpus = L.options.context?.possibleCpus;
  if (cpus === undefined) L.unsupported(e.span, `${e.name}() without the kernel's CPU list`);
  evalLong(L, arg);
  const online = L.b.newLabel('online');
  L.b.jlt(R0, cpus, online).mov64(R1, R0);
  L.raise(e.span, ERROR_CODE.cpuNotOnline, R1);
  L.b.label(online);
  monotonic(L, e.name);
}

/** Clock builtins by name; each leaves its value in r0. */
export const CLOCK_BUILTINS: Readonly<Record<string, (L: Lowering, e: CallExpr) => void>> = {
  local_clock_ns: (L, e) => monotonic(L, e.name),
  local_clock_us: (L, e) => monotonic(L, e.name),
  local_clock_ms: (L, e) => monotonic(L, e.name),
  local_clock_s: (L, e) => monotonic(L, e.name),
  cpu_clock_ns: cpuClock,
  cpu_clock_us: cpuClock,
  cpu_clock_ms: cpuClock,
  cpu_clock_s: cpuClock,
  jiffies: (L) => L.b.call(BPF_FUNC_jiffies64),
};
