/**
 * `@cast(p, "task_struct"[, "kernel"])->member...` in kernel handlers (kernel.trace, syscall,
 * perf, process uprobes...: every BPF program can read kernel memory): the operand is a pointer
 * to the named kernel type (from BTF, elaborate/probes/kernel-trace.ts), read along its path like
 * a TP_PROTO parameter (btf-access.ts). `&@cast(...)->member` is the member's address. An
 * autocast (`t->member` where `t` holds a typed pointer) is that `@cast` with the type
 * elaboration found for `t` (elaborate/types/autocast.ts).
 */

import { R0 } from '../bpf/index.js';
import {
  autocastSpan,
  autocastTypeName,
  castType,
  evaluateDefined,
  type KernelTypeLookup,
  pathOf,
  type TargetAccess,
} from '../elaborate/index.js';
import type { AutocastExpr, CastExpr, DefinedExpr } from '../lang/index.js';
import { readAccessLong, readAccessString, respelled, standsForAutocast } from './btf-access.js';
import { prettyString } from './btf-pretty.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { withoutPretty } from './trace-fields.js';

/** The kernel's types the handler's @casts see (a tracepoint's own, else the program's). */
function kernelTypes(L: Lowering): KernelTypeLookup | undefined {
  const point = L.probe.point;
  return (point.family === 'kernel.trace' ? point.kernelType : undefined) ?? L.program.kernelTypes;
}

function castAccess(L: Lowering, e: CastExpr): Extract<TargetAccess, { ok: true }> | undefined {
  const cast = castType(kernelTypes(L), e);
  if (!cast.ok) return L.unsupported(e.span, `@cast: ${cast.message}`);
  const path = pathOf(e.components);
  if (path === 'pretty') return L.unsupported(e.span, "pretty-printing '@cast(...)' with '$' or '$$'");
  if (path.length === 0) return undefined;
  const access = cast.type.access(path);
  if (!access.ok) return L.unsupported(e.span, respelled(e, access.error));
  return access;
}

/** The integer (or address) a @cast expression reads, in r0. */
export function readCastLong(L: Lowering, e: CastExpr): void {
  const access = castAccess(L, e);
  evalLong(L, e.operand);
  if (access !== undefined) readAccessLong(L, e, access);
}

/** The `char[N]` member a @cast expression reads (or `@cast(...)->x$`), as a string. */
export function readCastString(L: Lowering, e: CastExpr, into?: Region): Region {
  if (pathOf(e.components) === 'pretty') {
    const cast = castType(kernelTypes(L), e);
    if (!cast.ok) return L.unsupported(e.span, `@cast: ${cast.message}`);
    const full = e.components.some((c) => c.kind === 'Pretty' && c.depth === '$$');
    return prettyString(L, e, cast.type.pretty?.(withoutPretty(e), full), into);
  }
  const access = castAccess(L, e);
  if (access === undefined) return L.unsupported(e.span, '@cast without a member as a string');
  evalLong(L, e.operand);
  return readAccessString(L, e, access, into);
}

/** `t->member...` as `@cast(t, "TYPE")->member...`, TYPE being what `t` points to. */
function autocastAsCast(L: Lowering, e: AutocastExpr): CastExpr {
  const typeName = autocastTypeName(e);
  if (typeName === undefined) return L.unsupported(e.span, 'an autocast without a known type');
  // Blamed (errors, read faults) on the autocast's token, the first `->` or `[` (or the `&`).
  const cast: CastExpr = {
    kind: 'Cast',
    operand: e.operand,
    typeName,
    components: e.components,
    addressOf: e.addressOf,
    span: autocastSpan(e),
  };
  standsForAutocast(cast, e.operand.kind === 'Symbol' ? e.operand.name : '(...)');
  return cast;
}

/** The integer (or address) an autocast reads, in r0. */
export function readAutocastLong(L: Lowering, e: AutocastExpr): void {
  readCastLong(L, autocastAsCast(L, e));
}

/** The string an autocast reads (`t->comm$`, a `char[N]` member), as a string. */
export function readAutocastString(L: Lowering, e: AutocastExpr, into?: Region): Region {
  return readCastString(L, autocastAsCast(L, e), into);
}

/**
 * `@defined(...)` left in a kernel handler (outside a condition elaboration folded): decided
 * again the same way, 1 or 0. In an inlined function it sees no probe, as elaboration did.
 */
export function lowerDefined(L: Lowering, e: DefinedExpr): void {
  const defined = evaluateDefined(e, L.inlining.length > 0 ? undefined : L.probe, L.program.kernelTypes);
  L.b.mov64(R0, defined ? 1 : 0);
}
