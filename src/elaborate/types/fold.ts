/**
 * stap's const_folder, as far as it decides what gets typed: `@defined(...)` is 0 or 1, and an
 * `if`, loop, ternary or `&&`/`||` whose condition is then constant loses its dead part before
 * type checking. That is what makes `if (@defined($x)) ... $x ...` legal where `$x` does not
 * exist. Arithmetic on constants folds too, so `!@defined($x)` and `@defined($x) && 1` work.
 */
import type { Expr, Stmt } from '../../lang/index.js';
import type { DerivedProbe } from '../program.js';
import type { ResolvedProgram } from '../resolve/index.js';
import type { KernelTypeLookup } from '../target.js';
import { evaluateDefined } from './targets.js';
import { type Node, walk } from './walk.js';

export interface Folding {
  /** What replaces a folded construct: an `if`'s live branch, a false `for`'s init, a ternary's branch, a constant. */
  readonly folded: ReadonlyMap<Node, Node | bigint>;
  /** Statements folded away: `if (0)` without else, `while (0)`, `for (;0;)` without init, `foreach ... limit 0`. */
  readonly removed: ReadonlySet<Stmt>;
}

export function foldConstants(program: ResolvedProgram): Folding {
  const folded = new Map<Node, Node | bigint>();
  const removed = new Set<Stmt>();
  const visit = (root: Node, probe: DerivedProbe | undefined): void => {
    const value = (e: Expr | undefined) => (e ? constantValue(e, probe, program.kernelTypes) : undefined);
    walk(root, {
      enter: (node) => {
        if (node.kind === 'If') {
          const c = value(node.cond);
          const live = c === undefined ? undefined : c !== 0n ? node.then : node.otherwise;
          if (live) folded.set(node, live);
          else if (c !== undefined) removed.add(node);
        } else if (node.kind === 'For' && node.cond && value(node.cond) === 0n) {
          // (An absent condition is true.)
          if (node.init) folded.set(node, node.init);
          else removed.add(node);
        } else if (node.kind === 'While' && value(node.cond) === 0n) {
          removed.add(node);
        } else if (node.kind === 'Foreach') {
          const limit = value(node.limit);
          if (limit !== undefined && limit <= 0n) removed.add(node);
        } else if (node.kind === 'Ternary') {
          const c = value(node.cond);
          if (c !== undefined) folded.set(node, c !== 0n ? node.then : node.otherwise);
        } else if (node.kind === 'Logical') {
          const c = value(node);
          if (c !== undefined) folded.set(node, c);
        }
        return undefined;
      },
    });
  };
  for (const fn of program.functions) if (fn.decl.body.kind === 'Block') visit(fn.decl.body, undefined);
  for (const p of program.probes) {
    visit(p.body, p);
    if (p.condition) visit(p.condition, p);
  }
  return { folded, removed };
}

const ARITHMETIC: Readonly<Record<string, (a: bigint, b: bigint) => bigint>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '&': (a, b) => a & b,
  '|': (a, b) => a | b,
  '^': (a, b) => a ^ b,
};

const COMPARE: Readonly<Record<string, (a: bigint, b: bigint) => boolean>> = {
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

const bool = (b: boolean): bigint => (b ? 1n : 0n);

/** The value of a constant expression (numbers, @defined, and operators over them), else undefined. */
export function constantValue(
  e: Expr,
  probe: DerivedProbe | undefined,
  kernelTypes?: KernelTypeLookup,
): bigint | undefined {
  const v = (x: Expr) => constantValue(x, probe, kernelTypes);
  if (e.kind === 'Number') return e.value;
  if (e.kind === 'Defined') return bool(evaluateDefined(e, probe, kernelTypes));
  if (e.kind === 'Unary') {
    const x = v(e.operand);
    if (x === undefined) return undefined;
    if (e.op === '!') return bool(x === 0n);
    if (e.op === '~') return BigInt.asIntN(64, ~x);
    return BigInt.asIntN(64, e.op === '-' ? -x : x);
  }
  if (e.kind === 'Logical') {
    // A constant left side decides alone when it short-circuits.
    const l = v(e.left);
    if (l === undefined) return undefined;
    if (e.op === '&&' && l === 0n) return 0n;
    if (e.op === '||' && l !== 0n) return 1n;
    const r = v(e.right);
    return r === undefined ? undefined : bool(r !== 0n);
  }
  if (e.kind === 'Binary' || e.kind === 'Comparison') {
    const l = v(e.left);
    const r = v(e.right);
    if (l === undefined || r === undefined) return undefined;
    const compare = COMPARE[e.op];
    if (compare) return bool(compare(l, r));
    const op = ARITHMETIC[e.op];
    return op ? BigInt.asIntN(64, op(l, r)) : undefined;
  }
  if (e.kind === 'Ternary') {
    const c = v(e.cond);
    return c === undefined ? undefined : v(c !== 0n ? e.then : e.otherwise);
  }
  return undefined;
}
