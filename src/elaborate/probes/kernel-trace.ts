/**
 * `kernel.trace("SYSTEM:NAME")` (stap's tracepoint_builder): the pattern is a shell wildcard over
 * the tracepoints the target has, `NAME` alone meaning any subsystem. Each match becomes one
 * probe named `kernel.trace("SYSTEM:NAME")`, as `pp()` shows it. Its handler reads the record's
 * fields as `$name` (an integer field is a long, a `char[N]` or `__data_loc char[]` field a
 * string) plus `$$name` and `$$system`. A `$name` that is no field but a TP_PROTO parameter (from
 * BTF: `$prev`, `$bprm`, `$skb`) is one too, read as a number, or through `->member` chains
 * ending in an integer member; a handler naming one is compiled as a raw tracepoint, whose
 * context holds the parameters, so it cannot read record fields as well.
 */
import type { ProbeComponent } from '../../lang/index.js';
import { suggestSimilar } from '../../util/index.js';
import type { ResolvedPoint, ValueType } from '../program.js';
import type { TargetSystem, TraceField, TraceParam } from '../target.js';
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
  const expanded: ExpandedPoint[] = sorted.map((t) => ({
    point: {
      family: 'kernel.trace',
      system: t.system,
      event: t.name,
      fields: t.fields,
      ...(t.params === undefined ? {} : { params: t.params }),
    },
    name: `kernel.trace("${t.system}:${t.name}")`,
  }));
  return { expanded };
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
