/**
 * `kernel.trace("SYSTEM:NAME")` (stap's tracepoint_builder): the pattern is a shell wildcard over
 * the tracepoints the target has, `NAME` alone meaning any subsystem. Each match becomes one
 * probe named `kernel.trace("SYSTEM:NAME")`, as `pp()` shows it. Its handler reads the record's
 * fields as `$name` (an integer field is a long, a `char[N]` or `__data_loc char[]` field a
 * string) plus `$$name` and `$$system`. A `$name` that is no field but a TP_PROTO parameter (from
 * BTF: `$prev`, `$bprm`, `$skb`) is one too, read as a number, or through a `->member`/`[i]`
 * path typed by its last member (a `char[N]` is a string, anything else readable a long); a
 * handler naming one, or `$$vars`/`$$parms`, is compiled as a raw tracepoint, whose context holds
 * the parameters, so it cannot read record fields as well. `@cast(p, "T")` paths resolve the same
 * way against the kernel's types.
 */
import type { CastExpr, ProbeComponent, TargetComponent, TargetSymbolExpr } from '../../lang/index.js';
import { suggestSimilar } from '../../util/index.js';
import type { ResolvedPoint, ValueType } from '../program.js';
import type {
  KernelType,
  KernelTypeLookup,
  TargetAccess,
  TargetPathStep,
  TargetSystem,
  TraceField,
  TraceParam,
} from '../target.js';
import type { ExpandedPoint, ProviderResult } from './families.js';

type KernelTracePoint = Extract<ResolvedPoint, { family: 'kernel.trace' }>;

export function resolveKernelTrace(cs: readonly ProbeComponent[], target: TargetSystem): ProviderResult {
  const [kernel, trace] = cs;
  if (cs.length !== 2 || kernel?.name !== 'kernel' || kernel.arg || trace?.name !== 'trace') return undefined;
  if (trace.arg?.kind !== 'String') return undefined;
  const found = target.tracepoints(trace.arg.value);
  if (!found.ok) return { error: found.error };
  const sorted = [...found.tracepoints].sort((a, b) =>
    a.system !== b.system ? (a.system < b.system ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const numbers = sorted.some((t) => t.system === 'syscalls') ? syscallNumbers(target) : undefined;
  const expanded: ExpandedPoint[] = sorted.map((t) => {
    const nr =
      t.system === 'syscalls' && t.name.startsWith('sys_enter_')
        ? numbers?.get(t.name.slice('sys_enter_'.length))
        : undefined;
    return {
      point: {
        family: 'kernel.trace',
        system: t.system,
        event: t.name,
        fields: t.fields,
        ...(t.params === undefined ? {} : { params: t.params }),
        ...(t.kernelType === undefined ? {} : { kernelType: t.kernelType }),
        ...(nr === undefined ? {} : { syscallEntry: nr }),
      },
      name: `kernel.trace("${t.system}:${t.name}")`,
    };
  });
  return { expanded };
}

/** Event name (`openat`) → native call number, when the target knows them. */
function syscallNumbers(target: TargetSystem): Map<string, number> | undefined {
  const known = target.syscalls?.();
  if (known === undefined || !known.ok) return undefined;
  return new Map(known.syscalls.map((s) => [s.event, s.nr]));
}

/** What a `$name` target symbol means in a kernel.trace handler. */
export type TraceVariable =
  | { readonly kind: 'field'; readonly field: TraceField; readonly type: ValueType }
  /** A TP_PROTO parameter: the probe is then compiled as a raw tracepoint. */
  | { readonly kind: 'param'; readonly param: TraceParam; readonly type: 'long' }
  | { readonly kind: 'name' | 'system' | 'pretty'; readonly type: 'string' }
  | { readonly kind: 'missing'; readonly message: string };

/** Resolves `$name` (with its `$`s) against a tracepoint's record. */
export function traceVariable(point: KernelTracePoint, name: string): TraceVariable {
  if (name === '$$name') return { kind: 'name', type: 'string' };
  if (name === '$$system') return { kind: 'system', type: 'string' };
  if (name === '$$vars' || name === '$$parms') return { kind: 'pretty', type: 'string' };
  const field = name.startsWith('$$') ? undefined : point.fields.find((f) => `$${f.name}` === name);
  if (field !== undefined && field.access.kind !== 'unsupported') {
    return { kind: 'field', field, type: field.access.kind === 'integer' ? 'long' : 'string' };
  }
  const params = name.startsWith('$$') ? [] : (point.params?.() ?? []);
  const param = params.find((p) => `$${p.name}` === name);
  if (param !== undefined) return { kind: 'param', param, type: 'long' };
  const names = new Set<string>(['$$name', '$$parms', '$$vars']);
  for (const f of point.fields) if (f.access.kind !== 'unsupported') names.add(`$${f.name}`);
  for (const p of params) names.add(`$${p.name}`);
  // stap lists every candidate (levenshtein_suggest without a limit).
  const suggestions = suggestSimilar(name, names, Number.POSITIVE_INFINITY);
  return {
    kind: 'missing',
    message: `unable to find tracepoint variable '${name}'${suggestions === '' ? '' : ` (alternatives: ${suggestions})`}`,
  };
}

/** The `->name`/`[i]` steps of a target expression, or 'pretty' when it ends in `$` or `$$`. */
export function pathOf(components: readonly TargetComponent[]): TargetPathStep[] | 'pretty' {
  const steps: TargetPathStep[] = [];
  for (const c of components) {
    if (c.kind === 'Pretty') return 'pretty';
    steps.push(c.kind === 'Member' ? { kind: 'member', name: c.name } : { kind: 'index' });
  }
  return steps;
}

/** Modules whose types a `@cast` finds in the kernel's BTF: `kernel`, `vmlinux`, `kernel<linux/sched.h>`. */
function isKernelModule(module: string | undefined): boolean {
  if (module === undefined) return true;
  return module.split(':').some((m) => m === 'vmlinux' || m === 'kernel' || /^kernel<.*>$/.test(m));
}

/** The type a `@cast` names (looked up in `types`), or stap's message when there is none. */
export function castType(
  types: KernelTypeLookup | undefined,
  e: CastExpr,
): { readonly ok: true; readonly type: KernelType } | { readonly ok: false; readonly message: string } {
  const type = isKernelModule(e.module) ? types?.(e.typeName) : undefined;
  if (type !== undefined) return { ok: true, type };
  return { ok: false, message: `type definition '${e.typeName}' not found in '${e.module ?? 'kernel'}'` };
}

/**
 * What `$param->a[i]` or `@cast(p, "T")->a` reads, from BTF: undefined for a plain `$name`,
 * a record field (no paths) or a pretty-printed one.
 */
export function traceAccess(
  point: KernelTracePoint,
  e: TargetSymbolExpr | CastExpr,
): TargetAccess | undefined {
  const path = pathOf(e.components);
  if (path === 'pretty' || (path.length === 0 && e.kind === 'TargetSymbol')) return undefined;
  if (e.kind === 'Cast') return castAccess(point.kernelType, e);
  const v = traceVariable(point, e.name);
  return v.kind === 'param' ? v.param.access(path) : undefined;
}

/**
 * The value type of a kernel.trace target expression, or why it does not resolve (the message
 * stap gives at pass 2). `char[N]` members are strings; a path that cannot be read is typed long
 * and refused at pass 3 with the reason.
 */
export function traceTargetType(
  point: KernelTracePoint,
  e: TargetSymbolExpr | CastExpr,
): { readonly ok: true; readonly type: ValueType } | { readonly ok: false; readonly message: string } {
  if (e.kind === 'TargetSymbol') {
    const v = traceVariable(point, e.name);
    if (v.kind === 'missing') return { ok: false, message: v.message };
    if (!e.addressOf && e.components.length === 0) return { ok: true, type: v.type };
  } else {
    return castValueType(point.kernelType, e);
  }
  return { ok: true, type: accessType(e) };
}

/** What `@cast(p, "T")->a[i]` reads, from the kernel types in `types`. */
export function castAccess(types: KernelTypeLookup | undefined, e: CastExpr): TargetAccess | undefined {
  const path = pathOf(e.components);
  if (path === 'pretty' || path.length === 0) return undefined;
  const cast = castType(types, e);
  return cast.ok ? cast.type.access(path) : { ok: false, error: cast.message };
}

/** The value type of a @cast expression (in a probe or a function), or stap's message. */
export function castValueType(
  types: KernelTypeLookup | undefined,
  e: CastExpr,
): { readonly ok: true; readonly type: ValueType } | { readonly ok: false; readonly message: string } {
  const cast = castType(types, e);
  if (!cast.ok) return cast;
  return { ok: true, type: accessType(e) };
}

function accessType(e: TargetSymbolExpr | CastExpr): ValueType {
  if (e.addressOf) return 'long';
  if (pathOf(e.components) === 'pretty') return 'string';
  // An array member's value is its address, as in stap: `kernel_string($p->comm)` reads it.
  return 'long';
}

/** `@defined($param->member)`, `@defined(@cast(p, "T")->x)`: whether it resolves and can be read. */
export function traceTargetDefined(point: KernelTracePoint, e: TargetSymbolExpr | CastExpr): boolean {
  if (!traceTargetType(point, e).ok) return false;
  const access = traceAccess(point, e);
  return access === undefined || access.ok;
}
