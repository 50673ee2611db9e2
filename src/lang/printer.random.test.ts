/**
 * Random trees of every expression and statement kind (in shapes the parser can build), printed and
 * parsed back: catches precedence and lexing mistakes that hand-picked scripts miss. Seeded, so a
 * failure reproduces; the message carries the printed text. `PRINTER_SEEDS=300` runs more seeds.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagnosticBag } from '../diag/index.js';
import type {
  AssignOp,
  BinaryOp,
  ComparisonOp,
  Expr,
  HistOp,
  Indexable,
  PrintName,
  Script,
  StatName,
  Stmt,
  TargetComponent,
} from './ast.js';
import { astDiff } from './ast-equal.js';
import { block, name, num, dummySpan as span, str, sym } from './printer/ast-fixtures.js';
import { printScript } from './printer.js';
import { parseTestScript } from './testing.js';

/** mulberry32: a tiny deterministic PRNG. */
function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BINARY_OPS: readonly BinaryOp[] = ['+', '-', '*', '/', '%', '<<', '>>', '>>>', '&', '|', '^'];
const COMPARISON_OPS: readonly ComparisonOp[] = ['<', '>', '<=', '>=', '==', '!='];
const ASSIGN_OPS: readonly AssignOp[] = [
  '=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '<<=',
  '>>=',
  '&=',
  '^=',
  '|=',
  '.=',
  '<<<',
];
const STATS: readonly StatName[] = ['count', 'sum', 'min', 'max', 'avg', 'variance'];
const PRINTS: readonly PrintName[] = [
  'print',
  'println',
  'printf',
  'printd',
  'sprint',
  'sprintf',
  'sprintdln',
];
const NUMBERS: readonly bigint[] = [0n, 1n, 42n, -1n, -5n, 1n << 62n, -(1n << 63n), (1n << 63n) - 1n];
const STRINGS: readonly string[] = ['', 'a', 'x\ny', 'q"\\', '\x01\x7f\xff', '%d\t%s'];

class TreeMaker {
  constructor(private readonly rnd: () => number) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.rnd() < p;
  }

  list<T>(min: number, max: number, make: () => T): T[] {
    const n = min + Math.floor(this.rnd() * (max - min + 1));
    return Array.from({ length: n }, make);
  }

  leaf(): Expr {
    switch (Math.floor(this.rnd() * 4)) {
      case 0:
        return num(this.pick(NUMBERS));
      case 1:
        return str(this.pick(STRINGS));
      case 2:
        return sym(this.pick(['a', 'b', 'xs']));
      default:
        return {
          kind: 'TargetSymbol',
          name: this.pick(['$x', '$$parms']),
          components: [],
          addressOf: false,
          span,
        };
    }
  }

  expr(depth: number): Expr {
    if (depth <= 0) return this.leaf();
    const d = depth - 1;
    const sub = () => this.expr(d);
    switch (Math.floor(this.rnd() * 24)) {
      case 0:
        return { kind: 'Binary', op: this.pick(BINARY_OPS), left: sub(), right: sub(), span };
      case 1:
        return { kind: 'Logical', op: this.pick(['&&', '||'] as const), left: sub(), right: sub(), span };
      case 2:
        return { kind: 'Comparison', op: this.pick(COMPARISON_OPS), left: sub(), right: sub(), span };
      case 3:
        return {
          kind: 'Regex',
          op: this.pick(['=~', '!~'] as const),
          left: sub(),
          pattern: str('^a+$'),
          span,
        };
      case 4:
        return { kind: 'Concat', operands: this.list(2, 3, sub), span };
      case 5: {
        const cond = sub();
        const then = sub();
        return { kind: 'Ternary', cond, then, otherwise: sub(), span };
      }
      case 6:
        return { kind: 'Assign', op: this.pick(ASSIGN_OPS), left: sub(), right: sub(), span };
      case 7:
        return { kind: 'Unary', op: this.pick(['+', '-', '!', '~'] as const), operand: sub(), span };
      case 8:
        return {
          kind: this.pick(['PreCrement', 'PostCrement'] as const),
          op: this.pick(['++', '--'] as const),
          operand: sub(),
          span,
        };
      case 9:
        return {
          kind: 'In',
          indexes: this.list(1, 3, () => (this.chance(0.2) ? null : sub())),
          base: this.indexable(d),
          span,
        };
      case 10:
        return {
          kind: 'Index',
          base: this.indexable(d),
          indexes: this.list(1, 2, () => (this.chance(0.2) ? null : sub())),
          span,
        };
      case 11:
        return { kind: 'Call', name: this.pick(['f', 'execname']), args: this.list(0, 3, sub), span };
      case 12:
        return this.print(d);
      case 13: {
        const stat = this.pick(STATS);
        const params = stat === 'variance' && this.chance(0.5) ? [this.pick([0n, 2n])] : [];
        return { kind: 'Stat', stat, operand: sub(), params, span };
      }
      case 14:
        return this.target(d);
      case 15:
        return { kind: this.pick(['Defined', 'Entry'] as const), operand: sub(), span };
      case 16:
        return {
          kind: 'Cast',
          operand: sub(),
          typeName: 'struct task',
          ...(this.chance(0.5) ? { module: 'kernel' } : {}),
          components: this.components(d),
          addressOf: this.chance(0.3),
          span,
        };
      case 17:
        return {
          kind: 'AtVar',
          target: 'jiffies@k.c',
          components: this.components(d),
          addressOf: this.chance(0.3),
          span,
        };
      case 18:
        return {
          kind: 'EnumName',
          operand: sub(),
          ...(this.chance(0.5) ? { typeName: 'enum e', module: 'kernel' } : {}),
          span,
        };
      case 19:
        return { kind: 'Deref', user: this.chance(0.5), size: 4n, addr: sub(), span };
      case 20:
        return this.pick<Expr>([
          { kind: 'Register', user: true, regno: 3n, span },
          { kind: 'ProbeWrite', name: 'a', span },
          { kind: 'Perf', counter: 'cycles', span },
          { kind: 'Const', name: 'X', span },
          { kind: 'Enum', name: 'E', span },
          { kind: 'EmbeddedExpr', code: ' 1 + 2 ', span },
        ]);
      default:
        return this.leaf();
    }
  }

  indexable(depth: number): Indexable {
    if (this.chance(0.7)) return sym('arr');
    return this.hist(depth);
  }

  hist(depth: number): HistOp {
    const params = this.chance(0.5) ? [0n, 100n, -10n] : [];
    return { kind: 'Hist', histKind: params.length ? 'linear' : 'log', stat: this.expr(depth), params, span };
  }

  print(depth: number): Expr {
    const name = this.pick(PRINTS);
    const sub = () => this.expr(depth);
    if ((name === 'print' || name === 'println') && this.chance(0.2)) {
      return { kind: 'Print', name, hist: this.hist(depth), args: [], span };
    }
    if (name === 'printf' || name === 'sprintf')
      return { kind: 'Print', name, format: '%d\n', args: this.list(0, 2, sub), span };
    if (name === 'printd' || name === 'sprintdln')
      return { kind: 'Print', name, delimiter: ',', args: this.list(2, 3, sub), span };
    return { kind: 'Print', name, args: this.list(name === 'println' ? 0 : 1, 2, sub), span };
  }

  components(depth: number): TargetComponent[] {
    const parts: TargetComponent[] = this.list(0, 2, () =>
      this.chance(0.5)
        ? { kind: 'Member', name: this.pick(['f', 'return']), span }
        : { kind: 'Subscript', index: this.expr(depth), span },
    );
    if (this.chance(0.2)) parts.push({ kind: 'Pretty', depth: this.pick(['$', '$$'] as const), span });
    return parts;
  }

  /** `$x->...`, or an autocast; `&` on an autocast only over a non-target value (else the parser merges them). */
  target(depth: number): Expr {
    if (this.chance(0.5)) {
      return {
        kind: 'TargetSymbol',
        name: '$t',
        components: this.components(depth),
        addressOf: this.chance(0.3),
        span,
      };
    }
    const operand = this.expr(depth);
    const components = this.components(depth);
    const isTarget = ['TargetSymbol', 'Cast', 'AtVar', 'Autocast'].includes(operand.kind);
    const addressOf = !isTarget && this.chance(0.3);
    // Bare parentheses leave no node: an autocast needs a component or `&` to exist at all.
    if (components.length === 0 && !addressOf) components.push({ kind: 'Member', name: 'm', span });
    return { kind: 'Autocast', operand, components, addressOf, span };
  }

  stmt(depth: number): Stmt {
    const e = () => this.expr(2);
    const body = () => (depth <= 0 ? this.simple() : this.stmt(depth - 1));
    switch (Math.floor(this.rnd() * 9)) {
      case 0:
        return block(...this.list(0, 3, body));
      case 1: {
        const then = body();
        if (this.chance(0.5) || opensIf(then)) return { kind: 'If', cond: e(), then, span };
        return { kind: 'If', cond: e(), then, otherwise: body(), span };
      }
      case 2:
        return {
          kind: 'For',
          ...(this.chance(0.7) ? { init: e() } : {}),
          ...(this.chance(0.7) ? { cond: e() } : {}),
          ...(this.chance(0.7) ? { step: e() } : {}),
          body: body(),
          span,
        };
      case 3:
        return { kind: 'While', cond: e(), body: body(), span };
      case 4: {
        const keys = this.list(1, 3, () => name(this.pick(['k', 'j'])));
        const sortColumn = Math.floor(this.rnd() * (keys.length + 2)) - 1;
        const value = this.chance(0.4) ? name('v') : undefined;
        const sortStat = sortColumn === 0 && this.chance(0.5) ? this.pick(STATS) : undefined;
        return {
          kind: 'Foreach',
          ...(value ? { value } : {}),
          keys,
          bracketed: keys.length > 1 || this.chance(0.5),
          base: this.indexable(1),
          ...(this.chance(0.3) ? { slice: keys.map(() => (this.chance(0.5) ? null : e())) } : {}),
          ...(sortColumn >= 0
            ? { sort: { column: sortColumn, direction: this.pick([1, -1] as const) } }
            : {}),
          ...(sortStat ? { sortStat } : {}),
          ...(this.chance(0.3) ? { limit: e() } : {}),
          body: body(),
          span,
        };
      }
      case 5:
        return {
          kind: 'Try',
          body: block(body()),
          ...(this.chance(0.5) ? { catchVar: name('msg') } : {}),
          handler: block(...this.list(0, 2, body)),
          span,
        };
      default:
        return this.simple();
    }
  }

  simple(): Stmt {
    switch (Math.floor(this.rnd() * 8)) {
      case 0:
        return { kind: 'Delete', target: this.expr(1), span };
      case 1:
        return { kind: this.pick(['Next', 'Break', 'Continue', 'Null'] as const), span };
      case 2:
        return { kind: 'Return', ...(this.chance(0.5) ? { value: this.expr(2) } : {}), span };
      default:
        return { kind: 'ExprStmt', expr: this.expr(3), span };
    }
  }
}

/** A statement the parser would attach a following `else` to. */
function opensIf(s: Stmt): boolean {
  if (s.kind === 'If') return s.otherwise === undefined || opensIf(s.otherwise);
  if (s.kind === 'For' || s.kind === 'While' || s.kind === 'Foreach') return opensIf(s.body);
  return false;
}

function reparse(text: string): Script {
  const bag = new DiagnosticBag();
  const script = parseTestScript(text, bag, { guru: true, file: 'random.stp' });
  const errors = bag.all
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.message} at ${d.span?.line}:${d.span?.col}`);
  assert.deepEqual(errors, [], `printed text does not parse:\n${text}`);
  return script;
}

function functionScript(statements: Stmt[]): Script {
  const body = block(...statements);
  return {
    kind: 'Script',
    name: 'random.stp',
    declarations: [{ kind: 'Function', name: 'f', isPrivate: false, params: [], body, span }],
  };
}

describe('random trees survive print → parse', () => {
  const seeds = process.env.PRINTER_SEEDS ? Number(process.env.PRINTER_SEEDS) : 8;
  for (let seed = 1; seed <= seeds; seed++) {
    test(`seed ${seed}`, () => {
      const make = new TreeMaker(makeRandom(seed));
      for (let i = 0; i < 40; i++) {
        const tree = functionScript(make.list(1, 4, () => make.stmt(3)));
        const text = printScript(tree);
        const diff = astDiff(tree, reparse(text));
        assert.equal(diff, undefined, `differs at ${diff}\n--- printed:\n${text}`);
      }
    });
  }
});
