/**
 * `$name` in a kernel.trace handler: a field of the tracepoint's record, which a TRACEPOINT
 * program's context points to (r6). Integers are read in place (the verifier allows aligned
 * context reads) and sign-extended as the format says; strings are copied out with
 * bpf_probe_read_kernel_str — a `char[N]` field from its offset, a `__data_loc` one from where
 * its u32 locator points. `$$name` and `$$system` are constants of the probe. A TP_PROTO
 * parameter (`$prev->pid`) is read from a raw tracepoint's context, args[i] a u64 slot, its
 * `->member` hops with bpf_probe_read_kernel; only integer members so far.
 */
import {
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_probe_read_kernel_str,
  R0,
  R1,
  R2,
  R3,
  R4,
  R6,
  R10,
  type Size,
} from '../bpf/index.js';
import { type DerivedProbe, type TraceVariable, traceVariable, walk } from '../elaborate/index.js';
import type { TargetSymbolExpr } from '../lang/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { readStringInto, stringBuffer, writeLiteral } from './strings.js';

/** tracepoint contexts are readable up to PERF_MAX_TRACE_SIZE bytes. */
const MAX_TRACE_BYTES = 2048;

const rawProbes = new WeakMap<DerivedProbe, boolean>();

/**
 * Whether the probe's handler names a TP_PROTO parameter: it is then loaded as a RAW_TRACEPOINT
 * program (context: the parameters as u64 slots) attached by the event's name, instead of a
 * TRACEPOINT program over the formatted record.
 */
export function usesTraceParams(probe: DerivedProbe): boolean {
  const known = rawProbes.get(probe);
  if (known !== undefined) return known;
  const point = probe.point;
  let found = false;
  if (point.family === 'kernel.trace') {
    const visit = (node: { kind: string }): undefined => {
      if (
        node.kind === 'TargetSymbol' &&
        traceVariable(point, (node as TargetSymbolExpr).name).kind === 'param'
      )
        found = true;
      return undefined;
    };
    walk(probe.body, { enter: visit });
    if (probe.condition) walk(probe.condition, { enter: visit });
  }
  rawProbes.set(probe, found);
  return found;
}

function variableOf(L: Lowering, e: TargetSymbolExpr): TraceVariable {
  const point = L.probe.point;
  if (point.family !== 'kernel.trace') return L.unsupported(e.span, 'this target variable');
  const tv = traceVariable(point, e.name);
  if (tv.kind === 'missing') return L.unsupported(e.span, `'${e.name}'`);
  if (e.addressOf) return L.unsupported(e.span, `'&${e.name}'`);
  if (tv.kind !== 'param' && e.components.length > 0)
    return L.unsupported(e.span, 'member access on a tracepoint field');
  if (tv.kind === 'field' && usesTraceParams(L.probe)) {
    // `$prev_state` of sched_switch is both: in a raw tracepoint, the parameter.
    const param = point.params?.().find((p) => `$${p.name}` === e.name);
    if (param !== undefined) return { kind: 'param', param, type: 'long' };
    return L.unsupported(
      e.span,
      `the record field '${e.name}' in a handler that also reads TP_PROTO parameters (a raw tracepoint has no record)`,
    );
  }
  return tv;
}

/** `$param`, `$param->a->b`: the u64 context slot, then a probe read per pointer hop. */
function readParam(L: Lowering, e: TargetSymbolExpr, tv: Extract<TraceVariable, { kind: 'param' }>): void {
  const b = L.b;
  const { param } = tv;
  const path: string[] = [];
  for (const c of e.components) {
    if (c.kind !== 'Member') L.unsupported(c.span, `'${e.name}' with an index or pretty-printing`);
    else path.push(c.name);
  }
  b.ldx(8, R0, R6, 8 * param.index);
  if (path.length === 0) {
    const int = param.integer ?? { size: 8, isSigned: false };
    signExtend(L, int.size, int.isSigned, true);
    return;
  }
  const access = param.member(path);
  if (!access.ok) L.unsupported(e.span, access.error);
  const slot = L.frame.slot();
  // A faulting read (a NULL pointer on the way) leaves the zeroed slot: the value is 0.
  const hops = [...access.derefs, access.offset];
  for (const [i, offset] of hops.entries()) {
    const size = i === hops.length - 1 ? access.size : 8;
    b.mov64(R3, R0).add64(R3, offset);
    b.st(8, R10, slot.offset, 0);
    L.address(R1, slot);
    b.mov64(R2, size).call(BPF_FUNC_probe_read_kernel);
    b.ldx(size as Size, R0, R10, slot.offset);
  }
  signExtend(L, access.size, access.isSigned, false);
}

function signExtend(L: Lowering, size: number, isSigned: boolean, truncate: boolean): void {
  if (size >= 8) return;
  const shift = 64 - 8 * size;
  if (isSigned) L.b.lsh64(R0, shift).arsh64(R0, shift);
  else if (truncate) L.b.lsh64(R0, shift).rsh64(R0, shift);
}

export function readIntegerField(L: Lowering, e: TargetSymbolExpr): void {
  const tv = variableOf(L, e);
  if (tv.kind === 'param') {
    readParam(L, e, tv);
    return;
  }
  if (tv.kind !== 'field' || tv.field.access.kind !== 'integer')
    L.unsupported(e.span, `'${e.name}' as a number`);
  const { offset, size, isSigned } = tv.field;
  const b = L.b;
  const width = size as Size;
  if (offset % size === 0 && offset + size <= MAX_TRACE_BYTES) {
    b.ldx(width, R0, R6, offset);
  } else {
    const slot = L.frame.slot();
    b.st(8, R10, slot.offset, 0);
    L.address(R1, slot);
    b.mov64(R2, size).mov64(R3, R6).add64(R3, offset).call(BPF_FUNC_probe_read_kernel);
    b.ldx(width, R0, R10, slot.offset);
  }
  if (isSigned && size < 8) {
    const shift = 64 - 8 * size;
    b.lsh64(R0, shift).arsh64(R0, shift);
  }
}

/** `$$name`, `$$system`, or a string field, as a string buffer. */
export function readStringTarget(L: Lowering, e: TargetSymbolExpr, into?: Region): Region {
  const tv = variableOf(L, e);
  const point = L.probe.point;
  if (point.family !== 'kernel.trace') return L.unsupported(e.span, 'this target variable');
  switch (tv.kind) {
    case 'name':
    case 'system': {
      const text = tv.kind === 'name' ? point.event : point.system;
      const dst = into ?? stringBuffer(L, text.length + 1);
      writeLiteral(L, text, dst);
      return dst;
    }
    case 'pretty':
      return L.unsupported(e.span, `'${e.name}'`);
    case 'param':
      return L.unsupported(
        e.span,
        `'${e.name}${e.components.map((c) => (c.kind === 'Member' ? `->${c.name}` : '')).join('')}' as a string`,
      );
    case 'field': {
      const access = tv.field.access;
      const b = L.b;
      if (access.kind === 'char-array') {
        const dst = into ?? stringBuffer(L, access.length);
        b.mov64(R3, R6).add64(R3, tv.field.offset);
        readStringInto(L, BPF_FUNC_probe_read_kernel_str, R3, dst, Math.min(dst.bytes, access.length));
        return dst;
      }
      if (access.kind === 'dynamic-string') {
        const dst = into ?? stringBuffer(L, L.capacities.maxStringLen);
        // The locator: (length << 16) | position, from the record start or (rel_loc) after itself.
        b.ldx(4, R1, R6, tv.field.offset).and64(R1, 0xffff);
        if (access.relative) b.add64(R1, tv.field.offset + 4);
        b.mov64(R4, R6).add64(R4, R1);
        readStringInto(L, BPF_FUNC_probe_read_kernel_str, R4, dst, dst.bytes);
        return dst;
      }
      return L.unsupported(e.span, `'${e.name}' as a string`);
    }
    case 'missing':
      return L.unsupported(e.span, `'${e.name}'`);
  }
}
