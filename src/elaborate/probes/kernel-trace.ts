/**
 * `kernel.trace("SYSTEM:NAME")` (stap's tracepoint_builder): the pattern is a shell wildcard over
 * the tracepoints the target has, `NAME` alone meaning any subsystem. Each match becomes one
 * probe named `kernel.trace("SYSTEM:NAME")`, as `pp()` shows it. Its handler reads the record's
 * fields as `$name` (an integer field is a long, a `char[N]` or `__data_loc char[]` field a
 * string) plus `$$name` and `$$system`.
 */
import type { ProbeComponent } from '../../lang/index.js';
import { suggestSimilar } from '../../util/index.js';
import type { ResolvedPoint, ValueType } from '../program.js';
import type { TargetSystem, TraceField } from '../target.js';
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
    point: { family: 'kernel.trace', system: t.system, event: t.name, fields: t.fields },
    name: `kernel.trace("${t.system}:${t.name}")`,
  }));
  return { expanded };
}

/** What a `$name` target symbol means in a kernel.trace handler. */
export type TraceVariable =
  | { readonly kind: 'field'; readonly field: TraceField; readonly type: ValueType }
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
  const names = new Set<string>(['$$name', '$$parms', '$$vars']);
  for (const f of point.fields) if (f.access.kind !== 'unsupported') names.add(`$${f.name}`);
  // stap lists every candidate (levenshtein_suggest without a limit).
  const suggestions = suggestSimilar(name, names, Number.POSITIVE_INFINITY);
  return {
    kind: 'missing',
    message: `unable to find tracepoint variable '${name}'${suggestions === '' ? '' : ` (alternatives: ${suggestions})`}`,
  };
}
