/**
 * String capacities: how many bytes (the NUL included) each string value can need, so buffers,
 * map keys and printf slots are sized from what flows into them instead of MAXSTRINGLEN
 * everywhere. An array keyed by `execname()` gets 16-byte keys, which is what keeps
 * `counts[execname()]++` fast (hashing 16 bytes, not 512).
 *
 * Literals need their length + 1, `execname()` 16 (TASK_COMM_LEN), a `char[N]` tracepoint field
 * N; a variable or an array key column needs the most of what is ever stored into it, on either
 * side (a fixed point over the whole program); anything else (function results, concatenations,
 * user-space-only builtins) MAXSTRINGLEN.
 */
import { type AstNode, type Program, traceVariable, type Variable, walk } from '../elaborate/index.js';
import type { Expr } from '../lang/index.js';
import { providedCapacity } from './syscall-rows.js';

/** TASK_COMM_LEN: the kernel's command names, NUL included. */
export const TASK_COMM_BYTES = 16;

const BUILTIN_CAPACITY: Readonly<Record<string, number>> = {
  execname: TASK_COMM_BYTES,
  pexecname: TASK_COMM_BYTES,
};

export class Capacities {
  readonly #variables = new Map<Variable, number>();
  readonly #keys = new Map<Variable, number[]>();

  constructor(
    private readonly program: Program,
    readonly maxStringLen: number,
  ) {
    for (const p of program.probes) {
      for (const [v, what] of p.provided ?? []) this.#grow(v, providedCapacity(what, maxStringLen));
    }
    for (let changed = true; changed; ) changed = this.#round();
  }

  /** Bytes a string expression's value can need (1 at least). */
  of(e: Expr): number {
    const max = this.maxStringLen;
    switch (e.kind) {
      case 'String':
        return Math.min(byteLength(e.value) + 1, max);
      case 'Symbol': {
        const v = this.program.bindings.get(e);
        return v === undefined ? max : this.variable(v);
      }
      case 'Index': {
        // Array element values: not tracked yet.
        return max;
      }
      case 'Ternary':
        return Math.max(this.of(e.then), this.of(e.otherwise));
      case 'Assign':
        return e.op === '=' ? this.of(e.right) : max;
      case 'Call': {
        const target = this.program.calls.get(e);
        return target?.kind === 'builtin' ? (BUILTIN_CAPACITY[e.name] ?? max) : max;
      }
      case 'TargetSymbol':
        return this.#targetCapacity(e.name);
      case 'Concat':
        return Math.min(
          e.operands.reduce((n, x) => n + this.of(x) - 1, 1),
          max,
        );
      default:
        return max;
    }
  }

  /** Bytes a string variable can need; MAXSTRINGLEN for globals (`-G` may set any value). */
  variable(v: Variable): number {
    if (v.scope === 'global') return this.maxStringLen;
    return this.#variables.get(v) ?? 1;
  }

  /** Bytes index column `column` of array `v` can need. */
  keyColumn(v: Variable, column: number): number {
    return this.#keys.get(v)?.[column] ?? 1;
  }

  #targetCapacity(name: string): number {
    // Fields are resolved per probe; a char[N] field is the one case smaller than MAXSTRINGLEN.
    let most = 1;
    for (const p of this.program.probes) {
      // A process probe's string variables: $$name, $$provider, $$parms, pretty-printed `$x$`.
      if (p.point.family === 'process') return this.maxStringLen;
      if (p.point.family !== 'kernel.trace') continue;
      const tv = traceVariable(p.point, name);
      if (tv.kind === 'field' && tv.field.access.kind === 'char-array') {
        most = Math.max(most, Math.min(tv.field.access.length, this.maxStringLen));
      } else if (tv.kind !== 'missing') return this.maxStringLen;
    }
    return most;
  }

  #grow(v: Variable, bytes: number): boolean {
    if (v.scope === 'global') return false;
    const now = this.#variables.get(v) ?? 1;
    if (bytes <= now) return false;
    this.#variables.set(v, bytes);
    return true;
  }

  #growKey(v: Variable, column: number, bytes: number): boolean {
    const columns = this.#keys.get(v) ?? [];
    if ((columns[column] ?? 1) >= bytes) return false;
    columns[column] = bytes;
    this.#keys.set(v, columns);
    return true;
  }

  #round(): boolean {
    let changed = false;
    const bindings = this.program.bindings;
    const types = this.program.types;
    const visit = (node: AstNode): undefined => {
      switch (node.kind) {
        case 'Assign': {
          if (node.left.kind === 'Symbol' && types.get(node.left) === 'string') {
            const v = bindings.get(node.left);
            const bytes = node.op === '=' ? this.of(node.right) : this.maxStringLen;
            if (v !== undefined && this.#grow(v, bytes)) changed = true;
          }
          return undefined;
        }
        case 'Index':
        case 'In': {
          const base = node.base;
          const v = base.kind === 'Symbol' ? bindings.get(base) : undefined;
          if (v === undefined) return undefined;
          node.indexes.forEach((ix, i) => {
            const isString = ix !== null && (ix.kind === 'String' || types.get(ix) === 'string');
            if (isString && this.#growKey(v, i, this.of(ix))) changed = true;
          });
          return undefined;
        }
        case 'Foreach': {
          const base = node.base;
          const array = base.kind === 'Symbol' ? bindings.get(base) : undefined;
          node.keys.forEach((k, i) => {
            const v = bindings.get(k);
            if (v === undefined || v.keyTypes.length > 0) return;
            const bytes = array === undefined ? this.maxStringLen : this.keyColumn(array, i);
            if (this.#grow(v, bytes)) changed = true;
          });
          if (node.value !== undefined) {
            const v = bindings.get(node.value);
            if (v !== undefined && this.#grow(v, this.maxStringLen)) changed = true;
          }
          return undefined;
        }
        case 'Try': {
          const v = node.catchVar === undefined ? undefined : bindings.get(node.catchVar);
          if (v !== undefined && this.#grow(v, this.maxStringLen)) changed = true;
          return undefined;
        }
        default:
          return undefined;
      }
    };
    const visitor = { enter: visit };
    for (const p of this.program.probes) {
      walk(p.body, visitor);
      if (p.condition) walk(p.condition, visitor);
    }
    for (const fn of this.program.functions) {
      for (const param of fn.params) if (this.#grow(param, this.maxStringLen)) changed = true;
      if (fn.body.kind === 'Block') walk(fn.body, visitor);
    }
    return changed;
  }
}

/** Script strings hold one byte per char. */
function byteLength(s: string): number {
  const nul = s.indexOf('\0');
  return nul < 0 ? s.length : nul;
}
