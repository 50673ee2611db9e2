/**
 * Expressions in stap's `-p1` spelling (`staptree.cxx` `*::print`): operands of binary,
 * assignment and ternary operators are always parenthesized (`(a) + (b)`), unary operators wrap
 * theirs (`-(x)`, `++(i)`, `(i)++`). Where stap's printer leaves an operand bare (concatenation
 * operands, `in` indexes) we parenthesize it when its operator binds looser than the grammar
 * position allows, so the text always parses back to the same tree.
 */
import { assertNever } from '../../util/index.js';
import type {
  BinaryOp,
  CastExpr,
  Expr,
  HistOp,
  Indexable,
  PrintExpr,
  TargetComponent,
  TargetExpr,
} from '../ast.js';
import { emitQuoted, exprNumber, quoteString, signedNumber } from './literal.js';

/** Binding strength of each printed form, lowest first, following stap's `parse_*` chain. */
const Level = {
  assign: 1,
  ternary: 2,
  logicalOr: 3,
  logicalAnd: 4,
  bitOr: 5,
  bitXor: 6,
  bitAnd: 7,
  in: 8,
  comparison: 9,
  shift: 10,
  concat: 11,
  additive: 12,
  multiplicative: 13,
  unary: 14,
  crement: 15,
  primary: 16,
} as const;

const BINARY_LEVEL: Readonly<Record<BinaryOp, number>> = {
  '|': Level.bitOr,
  '^': Level.bitXor,
  '&': Level.bitAnd,
  '<<': Level.shift,
  '>>': Level.shift,
  '>>>': Level.shift,
  '+': Level.additive,
  '-': Level.additive,
  '*': Level.multiplicative,
  '/': Level.multiplicative,
  '%': Level.multiplicative,
};

/** The printed text as a list of pieces, joined once at the end (no intermediate strings). */
export type Parts = string[];

/** The source text of an expression, re-parsable to the same tree. */
export function printExpr(e: Expr): string {
  const out: Parts = [];
  emitExpr(out, e);
  return out.join('');
}

/** How tightly the printed form of `e` binds (its operator's level; `primary` if bracketed). */
function levelOf(e: Expr): number {
  switch (e.kind) {
    case 'In':
      return Level.in;
    case 'Unary':
      return Level.unary;
    case 'PreCrement':
    case 'PostCrement':
      return Level.crement;
    case 'Binary':
      return BINARY_LEVEL[e.op];
    case 'Logical':
      return e.op === '||' ? Level.logicalOr : Level.logicalAnd;
    case 'Comparison':
    case 'Regex':
      return Level.comparison;
    case 'Ternary':
      return Level.ternary;
    case 'Assign':
      return Level.assign;
    default:
      return Level.primary;
  }
}

/** `e` where the grammar only accepts operators binding at least as tightly as `min`. */
function emitOperand(out: Parts, e: Expr, min: number): void {
  if (levelOf(e) >= min) {
    emitExpr(out, e);
    return;
  }
  out.push('(');
  emitExpr(out, e);
  out.push(')');
}

/** `(left) op (right)`. */
function emitInfix(out: Parts, left: Expr, op: string, right: Expr): void {
  out.push('(');
  emitExpr(out, left);
  out.push(') ', op, ' (');
  emitExpr(out, right);
  out.push(')');
}

/** `(e)`: the argument list of the @-operators and the parenthesized operands of stap's dump. */
function emitParenthesized(out: Parts, open: string, e: Expr, close: string): void {
  out.push(open);
  emitExpr(out, e);
  out.push(close);
}

/** Comma-separated expressions. */
function emitList(out: Parts, list: readonly Expr[]): void {
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out.push(', ');
    emitExpr(out, list[i]!);
  }
}

export function emitExpr(out: Parts, e: Expr): void {
  switch (e.kind) {
    case 'Number':
      out.push(exprNumber(e.value));
      return;
    case 'String':
      emitQuoted(out, e.value);
      return;
    case 'Symbol':
      out.push(e.name);
      return;
    case 'Index':
      emitIndexable(out, e.base);
      out.push('[');
      emitIndexes(out, e.indexes, Level.assign);
      out.push(']');
      return;
    case 'In':
      out.push('[');
      emitIndexes(out, e.indexes, Level.comparison);
      out.push('] in ');
      emitIndexable(out, e.base);
      return;
    case 'Unary':
    case 'PreCrement':
      out.push(e.op, '(');
      emitExpr(out, e.operand);
      out.push(')');
      return;
    case 'PostCrement':
      out.push('(');
      emitExpr(out, e.operand);
      out.push(')', e.op);
      return;
    case 'Binary':
    case 'Logical':
    case 'Comparison':
    case 'Assign':
      emitInfix(out, e.left, e.op, e.right);
      return;
    case 'Regex':
      // The right side must stay a bare string literal: the grammar accepts nothing else there.
      out.push('(');
      emitExpr(out, e.left);
      out.push(') ', e.op, ' ');
      emitQuoted(out, e.pattern.value);
      return;
    case 'Concat':
      out.push('(');
      for (let i = 0; i < e.operands.length; i++) {
        if (i > 0) out.push(' . ');
        emitOperand(out, e.operands[i]!, Level.additive);
      }
      out.push(')');
      return;
    case 'Ternary':
      out.push('(');
      emitExpr(out, e.cond);
      out.push(')?(');
      emitExpr(out, e.then);
      out.push('):(');
      emitExpr(out, e.otherwise);
      out.push(')');
      return;
    case 'Call':
      out.push(e.name, '(');
      emitList(out, e.args);
      out.push(')');
      return;
    case 'Print':
      emitPrint(out, e);
      return;
    case 'Stat':
      out.push('@', e.stat, '(');
      emitExpr(out, e.operand);
      for (const param of e.params) out.push(', ', signedNumber(param));
      out.push(')');
      return;
    case 'TargetSymbol':
    case 'Cast':
    case 'AtVar':
    case 'Autocast':
      emitTarget(out, e);
      return;
    case 'Defined':
      emitParenthesized(out, '@defined(', e.operand, ')');
      return;
    case 'ProbeWrite':
      out.push('@probewrite(', e.name, ')');
      return;
    case 'Entry':
      emitParenthesized(out, '@entry(', e.operand, ')');
      return;
    case 'Perf':
      out.push('@perf(', quoteString(e.counter), ')');
      return;
    case 'Const':
      out.push('@const(', quoteString(e.name), ')');
      return;
    case 'Enum':
      out.push('@enum(', quoteString(e.name), ')');
      return;
    case 'EnumName':
      emitEnumName(out, e.operand, e.typeName, e.module);
      return;
    case 'Register':
      out.push(e.user ? '@uregister(' : '@kregister(', signedNumber(e.regno), ')');
      return;
    case 'Deref':
      out.push(e.user ? '@uderef(' : '@kderef(', signedNumber(e.size), ', ');
      emitExpr(out, e.addr);
      out.push(')');
      return;
    case 'EmbeddedExpr':
      // Verbatim: the lexer keeps every character between the delimiters.
      out.push('%{', e.code, '%}');
      return;
    default:
      assertNever(e, 'expression');
  }
}

/** Index lists of `a[i, *]` and `[i, *] in a`; `null` is the `*` wildcard. */
function emitIndexes(out: Parts, indexes: readonly (Expr | null)[], min: number): void {
  for (let i = 0; i < indexes.length; i++) {
    if (i > 0) out.push(', ');
    const index = indexes[i]!;
    if (index === null) out.push('*');
    else emitOperand(out, index, min);
  }
}

/** The slice of `foreach (k in a[*, 2])`. */
export function emitSlice(out: Parts, slice: readonly (Expr | null)[]): void {
  out.push('[');
  emitIndexes(out, slice, Level.assign);
  out.push(']');
}

export function emitIndexable(out: Parts, base: Indexable): void {
  if (base.kind === 'Symbol') out.push(base.name);
  else emitHist(out, base);
}

function emitHist(out: Parts, h: HistOp): void {
  out.push(h.histKind === 'linear' ? '@hist_linear(' : '@hist_log(');
  emitExpr(out, h.stat);
  for (const param of h.params) out.push(', ', signedNumber(param));
  out.push(')');
}

/** `printf("fmt", a)`, `printd(",", a, b)`, `print(@hist_log(s))`: the literal first, as stap has it. */
function emitPrint(out: Parts, e: PrintExpr): void {
  out.push(e.name, '(');
  let count = 0;
  if (e.format !== undefined) {
    emitQuoted(out, e.format);
    count++;
  }
  if (e.delimiter !== undefined) {
    if (count++ > 0) out.push(', ');
    emitQuoted(out, e.delimiter);
  }
  if (e.hist !== undefined) {
    if (count++ > 0) out.push(', ');
    emitHist(out, e.hist);
  }
  // Nothing before the arguments: a leading histogram subscript must not read as `print(@hist...)`.
  const first = e.args[0];
  const hideFirst = count === 0 && first !== undefined && misreadAsHistPrint(first);
  for (let i = 0; i < e.args.length; i++) {
    if (count++ > 0) out.push(', ');
    if (i === 0 && hideFirst) emitParenthesized(out, '(', e.args[0]!, ')');
    else emitExpr(out, e.args[i]!);
  }
  out.push(')');
}

/**
 * `print(@hist_log(s)[i], ...)`: after `print(` + a histogram the parser accepts exactly one
 * index expression, so any other subscript there must be hidden in parentheses.
 */
function misreadAsHistPrint(arg: Expr): boolean {
  return (
    arg.kind === 'Index' && arg.base.kind === 'Hist' && (arg.indexes.length !== 1 || arg.indexes[0] === null)
  );
}

function emitEnumName(
  out: Parts,
  operand: Expr,
  typeName: string | undefined,
  module: string | undefined,
): void {
  out.push('@enumname(');
  emitExpr(out, operand);
  if (typeName !== undefined) {
    out.push(', ', quoteString(typeName));
    if (module !== undefined) out.push(', ', quoteString(module));
  }
  out.push(')');
}

function emitTarget(out: Parts, e: TargetExpr): void {
  if (e.addressOf) out.push('&');
  emitTargetHead(out, e);
  for (const c of e.components) emitComponent(out, c);
}

function emitTargetHead(out: Parts, e: TargetExpr): void {
  switch (e.kind) {
    case 'TargetSymbol':
      out.push(e.name);
      return;
    case 'Cast':
      emitCast(out, e);
      return;
    case 'AtVar':
      out.push('@var(', quoteString(e.target));
      emitModule(out, e.module);
      out.push(')');
      return;
    case 'Autocast':
      // Always parenthesized: `x[1]` would be an array index and `$x->a` a component of `$x`.
      emitParenthesized(out, '(', e.operand, ')');
      return;
    default:
      assertNever(e, 'target expression');
  }
}

function emitCast(out: Parts, e: CastExpr): void {
  out.push('@cast(');
  emitExpr(out, e.operand);
  out.push(', ', quoteString(e.typeName));
  emitModule(out, e.module);
  out.push(')');
}

function emitModule(out: Parts, module: string | undefined): void {
  if (module !== undefined) out.push(', ', quoteString(module));
}

/** `->name`, `[i]`, and stap's spelling of pretty-printing, `->$` / `->$$`. */
function emitComponent(out: Parts, c: TargetComponent): void {
  switch (c.kind) {
    case 'Member':
      out.push('->', c.name);
      return;
    case 'Subscript':
      emitParenthesized(out, '[', c.index, ']');
      return;
    case 'Pretty':
      out.push('->', c.depth);
      return;
    default:
      assertNever(c, 'target component');
  }
}
