/**
 * `$name` in a kernel.trace handler: a field of the tracepoint's record, which a TRACEPOINT
 * program's context points to (r6). Integers are read in place (the verifier allows aligned
 * context reads) and sign-extended as the format says; strings are copied out with
 * bpf_probe_read_kernel_str — a `char[N]` field from its offset, a `__data_loc` one from where
 * its u32 locator points. `$$name` and `$$system` are constants of the probe. A TP_PROTO
 * parameter (`$prev`, stap's only kind of tracepoint variable) is read from a raw tracepoint's
 * context, args[i] a u64 slot, then along its `->member`/`[i]` path through BTF (btf-access.ts);
 * `$$vars`/`$$parms` format the parameters as stap lists them.
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
import {
  type DerivedProbe,
  pathOf,
  type TargetAccess,
  type TargetPathStep,
  type TraceParam,
  type TraceVariable,
  traceVariable,
  walk,
} from '../elaborate/index.js';
import type { CastExpr, Expr, PrintExpr, TargetSymbolExpr } from '../lang/index.js';
import { ERROR_CODE } from '../wire/index.js';
import { readAccessLong, readAccessString } from './btf-access.js';
import { prettyString } from './btf-pretty.js';
import { evalLong } from './expressions.js';
import { sprint } from './format.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { concatRegions, readStringInto, stringBuffer, writeLiteral } from './strings.js';
import { readUserStringTarget, readUserTarget } from './user-args.js';

/** tracepoint contexts are readable up to PERF_MAX_TRACE_SIZE bytes. */
const MAX_TRACE_BYTES = 2048;

const rawProbes = new WeakMap<DerivedProbe, boolean>();

const rawSyscalls = new WeakMap<DerivedProbe, number | undefined>();

/**
 * The call number when a `syscalls:sys_enter_NAME` handler can run on the raw `sys_enter`
 * tracepoint instead (it reads no record field and no parameter: `$$name`/`$$system` are
 * constants): the program then starts with `if (ctx->args[1] != NR) return`. The formatted
 * event builds its record on every call, which is most of its cost. (An ia32 task's calls
 * have their own numbers: a compat call that shares the number is seen too.)
 */
export function rawSyscallEntry(probe: DerivedProbe): number | undefined {
  if (rawSyscalls.has(probe)) return rawSyscalls.get(probe);
  const point = probe.point;
  let nr: number | undefined;
  if (point.family === 'kernel.trace' && point.syscallEntry !== undefined) {
    let reads = false;
    const visit = (node: { kind: string }): undefined => {
      if (node.kind === 'TargetSymbol') {
        const kind = traceVariable(point, (node as TargetSymbolExpr).name).kind;
        if (kind !== 'name' && kind !== 'system') reads = true;
      } else if (node.kind === 'Cast' || node.kind === 'Defined') {
        reads = true;
      }
      return undefined;
    };
    walk(probe.body, { enter: visit });
    if (probe.condition) walk(probe.condition, { enter: visit });
    if (!reads) nr = point.syscallEntry;
  }
  rawSyscalls.set(probe, nr);
  return nr;
}

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
      if (node.kind === 'TargetSymbol') {
        const kind = traceVariable(point, (node as TargetSymbolExpr).name).kind;
        // `$$vars`/`$$parms` list the parameters.
        if (kind === 'param' || (kind === 'pretty' && (point.params?.().length ?? 0) > 0)) found = true;
      }
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
  // stap: "cannot take address of tracepoint variable" (`&$p->member` is an address in memory).
  if (e.addressOf && (tv.kind !== 'param' || e.components.length === 0))
    return L.unsupported(e.span, `'&${e.name}'`);
  if (tv.kind === 'field' && usesTraceParams(L.probe)) {
    // `$prev_state` of sched_switch is both: in a raw tracepoint, the parameter.
    const param = point.params?.().find((p) => `$${p.name}` === e.name);
    if (param !== undefined) return { kind: 'param', param, type: 'long' };
    return L.unsupported(
      e.span,
      `the record field '${e.name}' in a handler that also reads TP_PROTO parameters (a raw tracepoint has no record)`,
    );
  }
  const charIndex =
    tv.kind === 'field' &&
    tv.field.access.kind === 'char-array' &&
    e.components.length === 1 &&
    e.components[0]?.kind === 'Subscript';
  if (tv.kind !== 'param' && tv.kind !== 'pretty' && e.components.length > 0 && !charIndex)
    return L.unsupported(e.span, 'member access on a tracepoint field');
  return tv;
}

/** `$param`, `$param->a[i]->b`: the u64 context slot, then the path (btf-access.ts). */
function readParam(L: Lowering, e: TargetSymbolExpr, tv: Extract<TraceVariable, { kind: 'param' }>): void {
  const { param } = tv;
  L.b.ldx(8, R0, R6, 8 * param.index);
  if (e.components.length === 0) {
    const int = param.integer ?? { size: 8, isSigned: false };
    signExtend(L, int.size, int.isSigned, true);
    return;
  }
  readAccessLong(L, e, paramAccess(L, e, param));
}

function paramAccess(
  L: Lowering,
  e: TargetSymbolExpr,
  param: TraceParam,
): Extract<TargetAccess, { ok: true }> {
  const path = pathOf(e.components);
  if (path === 'pretty') return L.unsupported(e.span, `pretty-printing '${e.name}' with '$' or '$$'`);
  const access = param.access(path);
  if (!access.ok) return L.unsupported(e.span, access.error);
  return access;
}

/** The `->name`/`[i]` steps before a trailing `$`/`$$`. */
export function withoutPretty(e: TargetSymbolExpr | CastExpr): TargetPathStep[] {
  const steps = pathOf(e.components.filter((c) => c.kind !== 'Pretty'));
  return steps === 'pretty' ? [] : steps;
}

function signExtend(L: Lowering, size: number, isSigned: boolean, truncate: boolean): void {
  if (size >= 8) return;
  const shift = 64 - 8 * size;
  if (isSigned) L.b.lsh64(R0, shift).arsh64(R0, shift);
  else if (truncate) L.b.lsh64(R0, shift).rsh64(R0, shift);
}

export function readIntegerField(L: Lowering, e: TargetSymbolExpr): void {
  if (L.probe.point.family === 'process') {
    readUserTarget(L, e);
    return;
  }
  const tv = variableOf(L, e);
  if (tv.kind === 'param') {
    readParam(L, e, tv);
    return;
  }
  if (tv.kind === 'field' && tv.field.access.kind === 'char-array' && e.components[0]?.kind === 'Subscript') {
    readFieldElement(L, e, tv.field.offset, tv.field.access.length, e.components[0].index);
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

/**
 * `$next_comm[i]`: one byte of a `char[N]` record field (stapbpf indexes these). The record is
 * the context, so the index must stay inside the field: one outside it is stap's read fault at
 * the address it would have read.
 */
function readFieldElement(
  L: Lowering,
  e: TargetSymbolExpr,
  offset: number,
  length: number,
  index: Expr,
): void {
  const b = L.b;
  evalLong(L, index);
  const inside = b.newLabel('inside');
  b.jlt(R0, length, inside);
  // The address for the message: the context pointer copied out as a plain number (the
  // verifier allows no arithmetic on it), plus the field's offset and the index.
  const saved = L.spill();
  const base = L.frame.slot();
  const number = L.frame.slot();
  b.stx(8, R10, base.offset, R6);
  L.address(R1, number);
  L.address(R3, base);
  b.mov64(R2, 8).call(BPF_FUNC_probe_read_kernel);
  b.ldx(8, R1, R10, number.offset).add64(R1, offset);
  L.reload(R0, saved);
  b.add64(R1, R0);
  L.raise(e.span, ERROR_CODE.readFault, R1);
  b.label(inside);
  const slot = L.frame.slot();
  b.st(8, R10, slot.offset, 0);
  b.mov64(R3, R6).add64(R3, offset).add64(R3, R0);
  L.address(R1, slot);
  b.mov64(R2, 1).call(BPF_FUNC_probe_read_kernel);
  b.ldx(1, R0, R10, slot.offset);
}

/** `$$name`, `$$system`, or a string field, as a string buffer. */
export function readStringTarget(L: Lowering, e: TargetSymbolExpr, into?: Region): Region {
  if (L.probe.point.family === 'process') return readUserStringTarget(L, e, into);
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
      return prettyVars(L, e, into);
    case 'param': {
      const path = pathOf(e.components);
      if (path === 'pretty') {
        const full = e.components.some((c) => c.kind === 'Pretty' && c.depth === '$$');
        return prettyString(L, e, tv.param.pretty?.(withoutPretty(e), full), into);
      }
      const access = paramAccess(L, e, tv.param);
      L.b.ldx(8, R0, R6, 8 * tv.param.index);
      return readAccessString(L, e, access, into);
    }
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

/**
 * `$$vars`/`$$parms`: stap lists the TP_PROTO parameters as `name=%p` (pointers) or `name=%#x`,
 * space-separated, parameters it cannot read left out. Both conversions print `0x` and the
 * unpadded hex digits, so this is the kernel sprintf of `name=0x%x ...` over the parameters.
 */
function prettyVars(L: Lowering, e: TargetSymbolExpr, into?: Region): Region {
  const point = L.probe.point;
  if (point.family !== 'kernel.trace') return L.unsupported(e.span, `'${e.name}'`);
  const params = (point.params?.() ?? []).filter((p) => p.pointer === true || p.integer !== undefined);
  if (params.length === 0)
    return L.unsupported(e.span, `'${e.name}' without the tracepoint's parameters (BTF)`);
  const [pretty, ...more] = e.components;
  if (pretty !== undefined) {
    if (pretty.kind !== 'Pretty' || more.length > 0) return L.unsupported(e.span, `'${e.name}' with members`);
    // `$$vars$`: `name=` and each parameter pretty-printed on its own (a fault spoils only its part).
    const parts = params.flatMap((p, i): Region[] => {
      const label = `${i > 0 ? ' ' : ''}${p.name}=`;
      const text = stringBuffer(L, label.length + 1);
      writeLiteral(L, label, text);
      const param: TargetSymbolExpr = { ...e, name: `$${p.name}`, components: [pretty] };
      return [text, prettyString(L, param, p.pretty?.([], pretty.depth === '$$'))];
    });
    return concatRegions(L, parts, into);
  }
  const sprintf: PrintExpr = {
    kind: 'Print',
    name: 'sprintf',
    format: params.map((p) => `${p.name}=0x%x`).join(' '),
    args: params.map(
      (p): TargetSymbolExpr => ({
        kind: 'TargetSymbol',
        name: `$${p.name}`,
        components: [],
        addressOf: false,
        span: e.span,
      }),
    ),
    span: e.span,
  };
  return sprint(L, sprintf, into);
}
