/**
 * `$name` in a kernel.trace handler: a field of the tracepoint's record, which a TRACEPOINT
 * program's context points to (r6). Integers are read in place (the verifier allows aligned
 * context reads) and sign-extended as the format says; strings are copied out with
 * bpf_probe_read_kernel_str — a `char[N]` field from its offset, a `__data_loc` one from where
 * its u32 locator points. `$$name` and `$$system` are constants of the probe.
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
import { type TraceVariable, traceVariable } from '../elaborate/index.js';
import type { TargetSymbolExpr } from '../lang/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { readStringInto, stringBuffer, writeLiteral } from './strings.js';

/** tracepoint contexts are readable up to PERF_MAX_TRACE_SIZE bytes. */
const MAX_TRACE_BYTES = 2048;

function variableOf(L: Lowering, e: TargetSymbolExpr): TraceVariable {
  const point = L.probe.point;
  if (point.family !== 'kernel.trace') return L.unsupported(e.span, 'this target variable');
  if (e.components.length > 0 || e.addressOf)
    return L.unsupported(e.span, 'member access on a tracepoint field');
  const tv = traceVariable(point, e.name);
  if (tv.kind === 'missing') return L.unsupported(e.span, `'${e.name}'`);
  return tv;
}

export function readIntegerField(L: Lowering, e: TargetSymbolExpr): void {
  const tv = variableOf(L, e);
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
