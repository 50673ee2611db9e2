/**
 * Program-level decisions for the kernel side: which globals kernel handlers touch (those live
 * in BPF maps, shared with user space; the others stay in the runtime's memory), the map and
 * byte layout of each, and the fixed maps every kernel program uses.
 */
import {
  type AstNode,
  type DerivedProbe,
  type Program,
  type ScriptFunction,
  type Variable,
  walk,
} from '../elaborate/index.js';
import {
  type GlobalStorage,
  layoutKey,
  type MapDecl,
  STATE_MAP,
  STATE_VALUE_BYTES,
  type StatShape,
  statValueBytes,
  type ValueSlot,
  valueBytes,
} from '../wire/index.js';
import type { Capacities } from './capacity.js';

export interface PlanOptions {
  readonly maxMapEntries: number;
  readonly ringBufferBytes: number;
  readonly statShapes: ReadonlyMap<Variable, StatShape>;
}

/** The maps every program set has; their symbols are how instructions name them. */
export const STATE_SYMBOL = 'state';
export const RING_SYMBOL = 'output';
export const SCRATCH_SYMBOL = 'scratch';
/** A read-only all-zero value: the initial value of new aggregate elements. */
export const ZEROS_SYMBOL = 'zeros';

export interface GlobalPlan {
  readonly storage: ReadonlyMap<Variable, GlobalStorage>;
  readonly maps: readonly MapDecl[];
}

const NO_STATS: StatShape = { histogram: { kind: 'none' }, varianceShift: 0 };

/** The globals the kernel probes' bodies name, directly or in the script functions they call. */
export function kernelGlobals(probes: readonly DerivedProbe[], program: Program): Variable[] {
  const used = new Set<Variable>();
  const called = new Set<ScriptFunction>();
  const pending: ScriptFunction[] = [];
  const visit = (node: AstNode): undefined => {
    if (node.kind === 'Symbol' || node.kind === 'Name') {
      const v = program.bindings.get(node);
      if (v?.scope === 'global') used.add(v);
    } else if (node.kind === 'Call') {
      const target = program.calls.get(node);
      if (target?.kind !== 'script') return undefined;
      for (const fn of target.overloads) {
        if (called.has(fn)) continue;
        called.add(fn);
        pending.push(fn);
      }
    }
    return undefined;
  };
  for (const p of probes) {
    walk(p.body, { enter: visit });
    if (p.condition) walk(p.condition, { enter: visit });
  }
  for (let fn = pending.pop(); fn !== undefined; fn = pending.pop()) {
    if (fn.body.kind === 'Block') walk(fn.body, { enter: visit });
  }
  return program.globals.filter((g) => used.has(g));
}

function mapName(v: Variable): string {
  return v.name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 15);
}

export function planGlobals(
  globals: readonly Variable[],
  capacities: Capacities,
  options: PlanOptions,
): GlobalPlan {
  const storage = new Map<Variable, GlobalStorage>();
  const maps: MapDecl[] = [];
  const stringValue: ValueSlot = { kind: 'string', capacity: capacities.maxStringLen };
  for (const v of globals) {
    const symbol = `g${v.id}`;
    const name = mapName(v);
    const value: ValueSlot = v.type === 'string' ? stringValue : { kind: 'long' };
    const arity = v.arity ?? 0;
    if (arity === 0 && v.type === 'stats') {
      const shape = options.statShapes.get(v) ?? NO_STATS;
      storage.set(v, { kind: 'stats', map: symbol, shape });
      maps.push({
        symbol,
        name,
        kind: 'percpu_array',
        keyBytes: 4,
        valueBytes: statValueBytes(shape),
        maxEntries: 1,
      });
      continue;
    }
    if (arity === 0) {
      storage.set(v, { kind: 'scalar', map: symbol, value });
      maps.push({ symbol, name, kind: 'array', keyBytes: 4, valueBytes: valueBytes(value), maxEntries: 1 });
      continue;
    }
    const key = layoutKey(
      v.keyTypes.map(
        (t, i): ValueSlot =>
          t === 'string' ? { kind: 'string', capacity: capacities.keyColumn(v, i) } : { kind: 'long' },
      ),
    );
    const declared = v.decl?.maxEntries;
    const declaredSize = declared !== undefined && declared > 0 ? declared : undefined;
    const maxEntries = declaredSize ?? options.maxMapEntries;
    const wrap = v.decl?.wrap ?? false;
    if (v.type === 'stats') {
      const shape = options.statShapes.get(v) ?? NO_STATS;
      storage.set(v, { kind: 'stat-array', map: symbol, key, shape, maxEntries, declaredSize });
      maps.push({
        symbol,
        name,
        kind: wrap ? 'lru_percpu_hash' : 'percpu_hash',
        keyBytes: key.keyBytes,
        valueBytes: statValueBytes(shape),
        maxEntries,
      });
    } else {
      storage.set(v, { kind: 'array', map: symbol, key, value, maxEntries, declaredSize });
      maps.push({
        symbol,
        name,
        kind: wrap ? 'lru_hash' : 'hash',
        keyBytes: key.keyBytes,
        valueBytes: valueBytes(value),
        maxEntries,
      });
    }
  }
  return { storage, maps };
}

/** The state slot and the ring buffer, which every program set has. */
export function fixedMaps(options: PlanOptions): MapDecl[] {
  return [
    {
      symbol: STATE_SYMBOL,
      name: STATE_MAP,
      kind: 'array',
      keyBytes: 4,
      valueBytes: STATE_VALUE_BYTES,
      maxEntries: 1,
    },
    {
      symbol: RING_SYMBOL,
      name: 'stap_output',
      kind: 'ringbuf',
      keyBytes: 0,
      valueBytes: 0,
      maxEntries: options.ringBufferBytes,
    },
  ];
}
