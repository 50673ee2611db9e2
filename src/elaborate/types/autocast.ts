/**
 * Autocast in kernel handlers (stap's `type_details`): the kernel type a value points to travels
 * with it, from a TP_PROTO parameter (`$prev`), a member path (`$prev->parent`, `&$prev->se`), a
 * `@cast`, another autocast or `task_current()` (stap's tapset types it), through `=` into
 * locals, through `?:` when both sides agree, and out of functions through `return` (not into
 * parameters or globals: stap does not). A local assigned two
 * different types has none (stap's null type, which sticks). An autocast (`t->pid`) whose operand
 * has a type at the end of a round is then fixed to it, as stap's autocast-expanding visitor does
 * between rounds, and compiles as `@cast(t, "TYPE")->pid`; one that never gets a type is stap's
 * "unknown type in dereference".
 *
 * Types come from BTF (the handler's KernelTypeLookup) and are named by their C spelling: the
 * pointee of `struct task_struct *` is `struct task_struct`, the element of `char[16]` is `char`.
 * Types without a name there (anonymous structs, pointers to pointers, function pointers) carry
 * no details.
 */
import type { Span } from '../../diag/index.js';
import type { AutocastExpr, CastExpr, Expr, TargetSymbolExpr } from '../../lang/index.js';
import { castType, pathOf, traceVariable } from '../probes/kernel-trace.js';
import type { DerivedProbe, ScriptFunction, Variable } from '../program.js';
import type { KernelType, KernelTypeLookup } from '../target.js';
import { exprToken } from './tokens.js';

/** What a value points to (`name` as looked up, `type` from BTF), or stap's null type (a conflict). */
export type TypeDetails =
  | { readonly kind: 'type'; readonly name: string; readonly type: KernelType }
  | { readonly kind: 'conflict' };

/** Where an expression is typed: the kernel's types, and the kernel.trace probe whose `$vars` it sees. */
export interface DetailsContext {
  readonly types: KernelTypeLookup;
  readonly probe: DerivedProbe | undefined;
  /** The declarations of a symbol and a call (bindings, script overloads). */
  variableOf(e: Extract<Expr, { kind: 'Symbol' }>): Variable;
  functionsOf(e: Extract<Expr, { kind: 'Call' }>): readonly ScriptFunction[];
  /** The builtin a call names, if it names one. */
  builtinOf(e: Extract<Expr, { kind: 'Call' }>): string | undefined;
}

/** Builtins whose value points to a kernel type (stap's tapset returns them through `& @task(...)`). */
const BUILTIN_POINTEES: ReadonlyMap<string, string> = new Map([['task_current', 'struct task_struct']]);

/** The autocasts fixed to a type (shared with the compiler); spans find copies of the node. */
const fixed = new WeakMap<AutocastExpr, string>();
const fixedBySpan = new WeakMap<Span, string>();

/** The type `e`'s operand points to (for `@cast(operand, NAME)`), once elaboration fixed it. */
export function autocastTypeName(e: AutocastExpr): string | undefined {
  return fixed.get(e) ?? fixedBySpan.get(e.span);
}

/** Where an autocast is blamed, as stap's token for it: the first `->`/`[` after its operand, or its `&`. */
export function autocastSpan(e: AutocastExpr): Span {
  return exprToken(e).span;
}

function sameDetails(a: TypeDetails, b: TypeDetails): boolean {
  if (a.kind === 'conflict' || b.kind === 'conflict') return a.kind === b.kind;
  return a.type.cType === b.type.cType;
}

const QUALIFIERS = /\b(const|volatile|restrict)\b/g;

/** The named type `name`, when the kernel has it. */
function named(types: KernelTypeLookup, name: string): TypeDetails | undefined {
  const type = types(name);
  return type === undefined ? undefined : { kind: 'type', name, type };
}

/** What a value of C type `cType` points to: a pointer's target, an array's element. */
export function pointeeOf(types: KernelTypeLookup, cType: string): TypeDetails | undefined {
  const bare = cType.replace(QUALIFIERS, ' ').replace(/\s+/g, ' ').trim();
  const pointer = /^([^*()[\]]+?) ?\*$/.exec(bare);
  if (pointer?.[1] !== undefined) return named(types, pointer[1]);
  const array = /^([^*()[\]]+?) ?\[\d*\]$/.exec(bare);
  if (array?.[1] !== undefined) return named(types, array[1]);
  return undefined;
}

/** `&path` points to the member's own type; a path's value to what that value points to. */
function fromAccess(types: KernelTypeLookup, cType: string, addressOf: boolean): TypeDetails | undefined {
  if (addressOf) return named(types, cType.replace(QUALIFIERS, ' ').replace(/\s+/g, ' ').trim());
  return pointeeOf(types, cType);
}

/** The details of a value: what it points to, when that is known. */
export function detailsOf(
  cx: DetailsContext,
  decls: ReadonlyMap<object, TypeDetails>,
  e: Expr,
): TypeDetails | undefined {
  switch (e.kind) {
    case 'Symbol': {
      const v = cx.variableOf(e);
      return v.scope === 'local' ? decls.get(v) : undefined;
    }
    case 'Call': {
      const builtin = cx.builtinOf(e);
      const pointee = builtin === undefined ? undefined : BUILTIN_POINTEES.get(builtin);
      if (pointee !== undefined) return named(cx.types, pointee);
      const fns = cx.functionsOf(e);
      const all = fns.map((fn) => decls.get(fn));
      const first = all[0];
      if (first === undefined || all.some((d) => d === undefined || !sameDetails(d, first))) return undefined;
      return first;
    }
    case 'Assign':
      return e.op === '=' ? detailsOf(cx, decls, e.right) : undefined;
    case 'Ternary': {
      const a = detailsOf(cx, decls, e.then);
      const b = detailsOf(cx, decls, e.otherwise);
      return a !== undefined && b !== undefined && a.kind === 'type' && sameDetails(a, b) ? a : undefined;
    }
    case 'TargetSymbol':
      return targetDetails(cx, e);
    case 'Cast':
      return castDetails(cx, e);
    case 'Autocast': {
      const name = autocastTypeName(e);
      const base = name === undefined ? undefined : cx.types(name);
      if (base === undefined) return undefined;
      return pathDetails(cx.types, base, e);
    }
    default:
      return undefined;
  }
}

/** Down `e`'s `->`/`[]` path from a pointer to `base`. */
function pathDetails(
  types: KernelTypeLookup,
  base: KernelType,
  e: CastExpr | AutocastExpr,
): TypeDetails | undefined {
  const path = pathOf(e.components);
  if (path === 'pretty') return undefined;
  if (path.length === 0) return undefined;
  const access = base.access(path);
  return access.ok ? fromAccess(types, access.cType, e.addressOf) : undefined;
}

function targetDetails(cx: DetailsContext, e: TargetSymbolExpr): TypeDetails | undefined {
  const point = cx.probe?.point;
  if (point?.family !== 'kernel.trace') return undefined;
  const v = traceVariable(point, e.name);
  if (v.kind !== 'param') return undefined;
  const path = pathOf(e.components);
  if (path === 'pretty') return undefined;
  if (path.length === 0) return e.addressOf ? undefined : pointeeOf(cx.types, v.param.cType);
  const access = v.param.access(path);
  return access.ok ? fromAccess(cx.types, access.cType, e.addressOf) : undefined;
}

function castDetails(cx: DetailsContext, e: CastExpr): TypeDetails | undefined {
  const cast = castType(cx.types, e);
  if (!cast.ok) return undefined;
  // `@cast(p, "T")` is the object itself (stap treats it as an end point); `&@cast(p, "T")` points to it.
  if (e.components.length === 0) return e.addressOf ? named(cx.types, cast.type.cType) : undefined;
  return pathDetails(cx.types, cast.type, e);
}

/**
 * The details of locals and functions, and the autocasts waiting for their operand's type:
 * what stap keeps in `type_details` and resolves with `resolve_details`.
 */
export class AutocastTypes {
  readonly decls = new Map<object, TypeDetails>();
  /** Autocasts seen this round without a type, each able to look again at the round's end. */
  private readonly waiting = new Map<AutocastExpr, () => TypeDetails | undefined>();

  /** stap's merge of a value's details into a local's or a function's: a second type is a conflict. */
  merge(decl: Variable | ScriptFunction, d: TypeDetails | undefined): boolean {
    if (d === undefined) return false;
    const current = this.decls.get(decl);
    if (current === undefined) {
      this.decls.set(decl, d);
      return true;
    }
    if (current.kind === 'conflict' || sameDetails(current, d)) return false;
    this.decls.set(decl, { kind: 'conflict' });
    return true;
  }

  isFixed(e: AutocastExpr): boolean {
    return fixed.has(e);
  }

  wait(e: AutocastExpr, look: () => TypeDetails | undefined): void {
    this.waiting.set(e, look);
  }

  /** The end of a round: autocasts whose operand now has a type are fixed to it (how many). */
  expand(): number {
    let n = 0;
    for (const [e, look] of this.waiting) {
      const d = look();
      if (d?.kind !== 'type') continue;
      fixed.set(e, d.name);
      fixedBySpan.set(e.span, d.name);
      n++;
    }
    this.waiting.clear();
    return n;
  }
}
