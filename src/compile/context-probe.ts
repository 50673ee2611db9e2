/**
 * Probe-context functions whose value a kernel handler knows when it is compiled: `is_return()`
 * and `user_mode()` from the probe family (a tracepoint fires in the kernel, not in a return
 * probe; a uprobe fires in user mode), `ppfunc()` from pp(), `stp_pid()` the tstap process,
 * `mem_page_size()`. A perf event (`timer.profile`, `perf.*`) interrupts either mode: there
 * `user_mode()` reads the privilege level of the saved code segment, and `addr()` is the saved
 * instruction pointer, as in a uprobe; probes without registers (tracepoints) give 0, as stap's.
 */
import { R0, R6 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringBuffer, writeLiteral } from './strings.js';

function constant(L: Lowering, e: CallExpr, value: number | undefined): void {
  if (value === undefined) L.unsupported(e.span, `${e.name}() in a ${L.probe.point.family} probe`);
  L.b.mov64(R0, value);
}

function isReturn(L: Lowering): number | undefined {
  const point = L.probe.point;
  switch (point.family) {
    case 'kernel.trace':
    case 'perf':
      return 0;
    case 'syscall':
      return point.isReturn ? 1 : 0;
    case 'process':
      return point.site === 'return' ? 1 : 0;
    default:
      return undefined;
  }
}

/** pt_regs offsets (x86_64): the saved instruction pointer and code segment. */
const PT_REGS_IP = 128;
const PT_REGS_CS = 136;
/** The page size of x86_64, the only architecture tstap targets. */
export const PAGE_SIZE = 4096;

function userMode(L: Lowering): number | undefined {
  switch (L.probe.point.family) {
    case 'kernel.trace':
    case 'syscall':
      return 0;
    case 'process':
      return 1;
    default:
      return undefined;
  }
}

/** The registers' owner: a perf event's context starts with the interrupted registers. */
function hasRegisters(L: Lowering): boolean {
  const family = L.probe.point.family;
  return family === 'perf' || family === 'process';
}

export const PROBE_CONTEXT_BUILTINS: Readonly<Record<string, (L: Lowering, e: CallExpr) => void>> = {
  is_return: (L, e) => constant(L, e, isReturn(L)),
  user_mode: (L, e) => {
    if (L.probe.point.family !== 'perf') return constant(L, e, userMode(L));
    // Ring 3 in the low bits of the saved CS.
    L.b.ldx(8, R0, R6, PT_REGS_CS).and64(R0, 3).rsh64(R0, 1).and64(R0, 1);
  },
  addr: (L) => {
    if (hasRegisters(L)) L.b.ldx(8, R0, R6, PT_REGS_IP);
    else L.b.mov64(R0, 0);
  },
  mem_page_size: (L) => L.b.mov64(R0, PAGE_SIZE),
  stp_pid: (L, e) => constant(L, e, L.options.context?.stpPid),
};

/** `ppfunc()`: the name inside `function("...")` or `statement("...")` of pp(), up to `@` or `"`. */
export function ppfunc(L: Lowering, into?: Region): Region {
  const pp = L.probe.name;
  let start = pp.indexOf('function("');
  let from = start + 10;
  if (start < 0) {
    start = pp.indexOf('statement("');
    from = start + 11;
  }
  let to = from;
  while (start >= 0 && to < pp.length && pp[to] !== '@' && pp[to] !== '"') to++;
  const text = start < 0 ? '' : pp.slice(from, to);
  const dst = into ?? stringBuffer(L, text.length + 1);
  writeLiteral(L, text, dst);
  return dst;
}
