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
import { exprNumber, quoteString, signedNumber } from './literal.js';

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

interface Printed {
  readonly text: string;
  readonly level: number;
}

/** The source text of an expression, re-parsable to the same tree. */
export function printExpr(e: Expr): string {
  return printed(e).text;
}

/** `e` where the grammar only accepts operators binding at least as tightly as `min`. */
function operand(e: Expr, min: number): string {
  const p = printed(e);
  return p.level < min ? `(${p.text})` : p.text;
}

function primary(text: string): Printed {
  return { text, level: Level.primary };
}

function infix(left: Expr, op: string, right: Expr, level: number): Printed {
  return { text: `(${printExpr(left)}) ${op} (${printExpr(right)})`, level };
}

function printed(e: Expr): Printed {
  switch (e.kind) {
    case 'Number':
      return primary(exprNumber(e.value));
    case 'String':
      return primary(quoteString(e.value));
    case 'Symbol':
      return primary(e.name);
    case 'Index':
      return primary(`${printIndexable(e.base)}[${printIndexes(e.indexes, Level.assign)}]`);
    case 'In':
      return {
        text: `[${printIndexes(e.indexes, Level.comparison)}] in ${printIndexable(e.base)}`,
        level: Level.in,
      };
    case 'Unary':
      return { text: `${e.op}(${printExpr(e.operand)})`, level: Level.unary };
    case 'PreCrement':
      return { text: `${e.op}(${printExpr(e.operand)})`, level: Level.crement };
    case 'PostCrement':
      return { text: `(${printExpr(e.operand)})${e.op}`, level: Level.crement };
    case 'Binary':
      return infix(e.left, e.op, e.right, BINARY_LEVEL[e.op]);
    case 'Logical':
      return infix(e.left, e.op, e.right, e.op === '||' ? Level.logicalOr : Level.logicalAnd);
    case 'Comparison':
      return infix(e.left, e.op, e.right, Level.comparison);
    case 'Regex':
      // The right side must stay a bare string literal: the grammar accepts nothing else there.
      return {
        text: `(${printExpr(e.left)}) ${e.op} ${quoteString(e.pattern.value)}`,
        level: Level.comparison,
      };
    case 'Concat':
      return primary(`(${e.operands.map((o) => operand(o, Level.additive)).join(' . ')})`);
    case 'Ternary':
      return {
        text: `(${printExpr(e.cond)})?(${printExpr(e.then)}):(${printExpr(e.otherwise)})`,
        level: Level.ternary,
      };
    case 'Assign':
      return infix(e.left, e.op, e.right, Level.assign);
    case 'Call':
      return primary(`${e.name}(${e.args.map(printExpr).join(', ')})`);
    case 'Print':
      return primary(printPrint(e));
    case 'Stat':
      return primary(`@${e.stat}(${[printExpr(e.operand), ...e.params.map(signedNumber)].join(', ')})`);
    case 'TargetSymbol':
    case 'Cast':
    case 'AtVar':
    case 'Autocast':
      return primary(printTarget(e));
    case 'Defined':
      return primary(`@defined(${printExpr(e.operand)})`);
    case 'ProbeWrite':
      return primary(`@probewrite(${e.name})`);
    case 'Entry':
      return primary(`@entry(${printExpr(e.operand)})`);
    case 'Perf':
      return primary(`@perf(${quoteString(e.counter)})`);
    case 'Const':
      return primary(`@const(${quoteString(e.name)})`);
    case 'Enum':
      return primary(`@enum(${quoteString(e.name)})`);
    case 'EnumName':
      return primary(printEnumName(e.operand, e.typeName, e.module));
    case 'Register':
      return primary(`@${e.user ? 'u' : 'k'}register(${signedNumber(e.regno)})`);
    case 'Deref':
      return primary(`@${e.user ? 'u' : 'k'}deref(${signedNumber(e.size)}, ${printExpr(e.addr)})`);
    case 'EmbeddedExpr':
      // Verbatim: the lexer keeps every character between the delimiters.
      return primary(`%{${e.code}%}`);
    default:
      return assertNever(e, 'expression');
  }
}

/** Index lists of `a[i, *]` and `[i, *] in a`; `null` is the `*` wildcard. */
function printIndexes(indexes: readonly (Expr | null)[], min: number): string {
  return indexes.map((i) => (i === null ? '*' : operand(i, min))).join(', ');
}

/** The slice of `foreach (k in a[*, 2])`. */
export function printSlice(slice: readonly (Expr | null)[]): string {
  return `[${printIndexes(slice, Level.assign)}]`;
}

export function printIndexable(base: Indexable): string {
  return base.kind === 'Symbol' ? base.name : printHist(base);
}

function printHist(h: HistOp): string {
  const args = [printExpr(h.stat), ...h.params.map(signedNumber)].join(', ');
  return `@hist_${h.histKind}(${args})`;
}

/** `printf("fmt", a)`, `printd(",", a, b)`, `print(@hist_log(s))`: the literal first, as stap has it. */
function printPrint(e: PrintExpr): string {
  const parts: string[] = [];
  if (e.format !== undefined) parts.push(quoteString(e.format));
  if (e.delimiter !== undefined) parts.push(quoteString(e.delimiter));
  if (e.hist !== undefined) parts.push(printHist(e.hist));
  for (const arg of e.args) parts.push(printExpr(arg));
  const first = e.args[0];
  if (parts.length === e.args.length && first !== undefined && misreadAsHistPrint(first)) {
    parts[0] = `(${parts[0]})`;
  }
  return `${e.name}(${parts.join(', ')})`;
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

function printEnumName(operand: Expr, typeName: string | undefined, module: string | undefined): string {
  let text = `@enumname(${printExpr(operand)}`;
  if (typeName !== undefined) {
    text += `, ${quoteString(typeName)}`;
    if (module !== undefined) text += `, ${quoteString(module)}`;
  }
  return `${text})`;
}

function printTarget(e: TargetExpr): string {
  return (e.addressOf ? '&' : '') + targetHead(e) + e.components.map(printComponent).join('');
}

function targetHead(e: TargetExpr): string {
  switch (e.kind) {
    case 'TargetSymbol':
      return e.name;
    case 'Cast':
      return printCast(e);
    case 'AtVar':
      return `@var(${withModule(quoteString(e.target), e.module)})`;
    case 'Autocast':
      // Always parenthesized: `x[1]` would be an array index and `$x->a` a component of `$x`.
      return `(${printExpr(e.operand)})`;
    default:
      return assertNever(e, 'target expression');
  }
}

function printCast(e: CastExpr): string {
  return `@cast(${withModule(`${printExpr(e.operand)}, ${quoteString(e.typeName)}`, e.module)})`;
}

function withModule(args: string, module: string | undefined): string {
  return module === undefined ? args : `${args}, ${quoteString(module)}`;
}

/** `->name`, `[i]`, and stap's spelling of pretty-printing, `->$` / `->$$`. */
function printComponent(c: TargetComponent): string {
  switch (c.kind) {
    case 'Member':
      return `->${c.name}`;
    case 'Subscript':
      return `[${printExpr(c.index)}]`;
    case 'Pretty':
      return `->${c.depth}`;
    default:
      return assertNever(c, 'target component');
  }
}
