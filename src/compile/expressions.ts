/**
 * Long-valued expressions: each leaves its value in r0. Operands are evaluated left to right;
 * the left value waits in a stack slot while the right one is computed (helper calls clobber
 * r0–r5), except when the right operand is a small constant. Arithmetic is stap's: 64-bit
 * wrapping, `/` and `%` truncating toward zero with `division by 0` raised at the operator,
 * shift counts taken modulo 64, comparisons signed.
 */

import { type JmpCond, type Label, R0, R1, R2, R10, type Register } from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import type {
  AssignExpr,
  BinaryExpr,
  BinaryOp,
  ComparisonExpr,
  ComparisonOp,
  CrementExpr,
  Expr,
  UnaryExpr,
} from '../lang/index.js';
import { ERROR_CODE } from '../wire/index.js';
import { lowerAggregate } from './aggregates.js';
import { callLong } from './builtins.js';
import { lowerDefined, readAutocastLong, readCastLong } from './cast.js';
import { assignElement, assignScalar, elementExists, readElementLong, readScalarLong } from './globals.js';
import type { Lowering } from './lowering.js';
import { lowerPrint } from './output.js';
import { lowerRegexMatch } from './regex-match.js';
import { readBucket } from './stat-buckets.js';
import { readStat } from './stat-reads.js';
import { assignString, compareStrings, evalString } from './strings.js';
import { readIntegerField } from './trace-fields.js';
import { readEntryValue } from './uprobe-entry.js';

/** Evaluates a long expression into r0. */
export function evalLong(L: Lowering, e: Expr): void {
  switch (e.kind) {
    case 'Number':
      loadConst(L, R0, e.value);
      return;
    case 'Symbol':
      readSymbol(L, e);
      return;
    case 'Index':
      if (e.base.kind === 'Hist') readBucket(L, e);
      else readElementLong(L, e);
      return;
    case 'In':
      elementExists(L, e);
      return;
    case 'Unary':
      unary(L, e);
      return;
    case 'PreCrement':
    case 'PostCrement':
      crement(L, e, true);
      return;
    case 'Binary':
      binary(L, e);
      return;
    case 'Logical':
    case 'Comparison':
      boolValue(L, e);
      return;
    case 'Ternary': {
      const otherwise = L.b.newLabel('else');
      const end = L.b.newLabel('endif');
      branch(L, e.cond, otherwise, false);
      evalLong(L, e.then);
      L.b.ja(end).label(otherwise);
      evalLong(L, e.otherwise);
      L.b.label(end);
      return;
    }
    case 'Assign':
      assign(L, e, true);
      return;
    case 'Call':
      callLong(L, e, true);
      return;
    case 'Print':
      lowerPrint(L, e);
      L.b.mov64(R0, 0);
      return;
    case 'TargetSymbol':
      readIntegerField(L, e);
      return;
    case 'Entry':
      readEntryValue(L, e);
      return;
    case 'Cast':
      readCastLong(L, e);
      return;
    case 'Autocast':
      readAutocastLong(L, e);
      return;
    case 'Defined':
      lowerDefined(L, e);
      return;
    case 'Stat':
      readStat(L, e);
      return;
    case 'Regex':
      lowerRegexMatch(L, e);
      return;
    default:
      L.unsupported(e.span, describeExpr(e));
  }
}

/** Evaluates an expression for its effect only (an expression statement). */
export function evalEffect(L: Lowering, e: Expr): void {
  switch (e.kind) {
    case 'Assign':
      assign(L, e, false);
      return;
    case 'PreCrement':
    case 'PostCrement':
      crement(L, e, false);
      return;
    case 'Call':
      callLong(L, e, false);
      return;
    case 'Print':
      lowerPrint(L, e);
      return;
    default:
      if (L.isString(e)) L.unsupported(e.span, 'this string expression');
      evalLong(L, e);
  }
}

/** What a construct is called in a "not supported" diagnostic. */
export function describeExpr(e: Expr): string {
  switch (e.kind) {
    case 'Concat':
      return 'string concatenation';
    case 'Regex':
      return 'regular expression matching';
    case 'Stat':
      return `@${e.stat}`;
    case 'Cast':
      return '@cast';
    case 'AtVar':
      return '@var';
    case 'Entry':
      return '@entry';
    case 'Perf':
      return '@perf';
    default:
      return `this ${e.kind.toLowerCase()} expression`;
  }
}

/** `reg = value` in the fewest slots. */
export function loadConst(L: Lowering, reg: Register, value: bigint): void {
  if (value >= -0x80000000n && value <= 0x7fffffffn) L.b.mov64(reg, Number(value));
  else L.b.ldImm64(reg, BigInt.asIntN(64, value));
}

/** A literal that fits an instruction's 32-bit immediate. */
function smallConst(e: Expr): number | undefined {
  if (e.kind !== 'Number') return undefined;
  return e.value >= -0x80000000n && e.value <= 0x7fffffffn ? Number(e.value) : undefined;
}

function readSymbol(L: Lowering, e: Extract<Expr, { kind: 'Symbol' }>): void {
  const v = L.program.bindings.get(e);
  if (v === undefined) L.unsupported(e.span, 'this symbol');
  if (v.scope === 'local') {
    const home = L.locals.get(v);
    if (home?.kind !== 'long') L.unsupported(e.span, 'this local');
    L.reload(R0, home.slot);
    return;
  }
  readScalarLong(L, v, e.span);
}

function unary(L: Lowering, e: UnaryExpr): void {
  evalLong(L, e.operand);
  switch (e.op) {
    case '+':
      return;
    case '-':
      L.b.neg64(R0);
      return;
    case '~':
      L.b.xor64(R0, -1);
      return;
    case '!': {
      const zero = L.b.newLabel('not');
      L.b.mov64(R1, R0).mov64(R0, 1).jeq(R1, 0, zero).mov64(R0, 0).label(zero);
      return;
    }
  }
}

function binary(L: Lowering, e: BinaryExpr): void {
  evalLong(L, e.left);
  const imm = smallConst(e.right);
  if (imm !== undefined && e.op !== '/' && e.op !== '%') {
    applyImmediate(L, e.op, imm);
    return;
  }
  const slot = L.spill();
  evalLong(L, e.right);
  L.b.mov64(R1, R0);
  L.reload(R0, slot);
  applyOperator(L, e.op, e.span);
}

function applyImmediate(L: Lowering, op: BinaryOp, imm: number): void {
  const b = L.b;
  switch (op) {
    case '+':
      b.add64(R0, imm);
      return;
    case '-':
      b.sub64(R0, imm);
      return;
    case '*':
      b.mul64(R0, imm);
      return;
    case '&':
      b.and64(R0, imm);
      return;
    case '|':
      b.or64(R0, imm);
      return;
    case '^':
      b.xor64(R0, imm);
      return;
    case '<<':
      b.lsh64(R0, imm & 63);
      return;
    case '>>':
      b.arsh64(R0, imm & 63);
      return;
    case '>>>':
      b.rsh64(R0, imm & 63);
      return;
    case '/':
    case '%':
      throw new Error('division by an immediate goes through applyOperator');
  }
}

/**
 * `r0 = r0 op r1`, touching only r0–r2 (callers keep pointers in r3 across it). Division
 * raises `division by 0` blamed on `span`.
 */
export function applyOperator(L: Lowering, op: BinaryOp, span: Span): void {
  const b = L.b;
  switch (op) {
    case '+':
      b.add64(R0, R1);
      return;
    case '-':
      b.sub64(R0, R1);
      return;
    case '*':
      b.mul64(R0, R1);
      return;
    case '&':
      b.and64(R0, R1);
      return;
    case '|':
      b.or64(R0, R1);
      return;
    case '^':
      b.xor64(R0, R1);
      return;
    case '<<':
      b.and64(R1, 63).lsh64(R0, R1);
      return;
    case '>>':
      b.and64(R1, 63).arsh64(R0, R1);
      return;
    case '>>>':
      b.and64(R1, 63).rsh64(R0, R1);
      return;
    case '/':
    case '%':
      divide(L, op, span);
      return;
  }
}

/**
 * Signed `/` or `%` of r0 by r1 with BPF's unsigned division (signed division is kernel 6.6):
 * divide the magnitudes, then give the quotient the sign of `x ^ y`, the remainder that of x.
 * INT64_MIN's magnitude is 2^63 as an unsigned number, so every case comes out as in C.
 */
function divide(L: Lowering, op: '/' | '%', span: Span): void {
  const b = L.b;
  const nonzero = b.newLabel('div');
  b.jne(R1, 0, nonzero);
  L.raise(span, ERROR_CODE.divisionByZero);
  b.label(nonzero);
  b.mov64(R2, R0);
  if (op === '/') b.xor64(R2, R1);
  const xPositive = b.newLabel('abs');
  const yPositive = b.newLabel('abs');
  const done = b.newLabel('sign');
  b.jsge(R0, 0, xPositive).neg64(R0).label(xPositive);
  b.jsge(R1, 0, yPositive).neg64(R1).label(yPositive);
  if (op === '/') b.div64(R0, R1);
  else b.mod64(R0, R1);
  b.jsge(R2, 0, done).neg64(R0).label(done);
}

/** A condition's value as 0 or 1. */
function boolValue(L: Lowering, e: Expr): void {
  const no = L.b.newLabel('false');
  const end = L.b.newLabel('bool');
  branch(L, e, no, false);
  L.b.mov64(R0, 1).ja(end).label(no).mov64(R0, 0).label(end);
}

const SIGNED_JUMP: Readonly<Record<ComparisonOp, JmpCond>> = {
  '<': 'slt',
  '>': 'sgt',
  '<=': 'sle',
  '>=': 'sge',
  '==': 'eq',
  '!=': 'ne',
};

const NEGATED: Readonly<Record<ComparisonOp, ComparisonOp>> = {
  '<': '>=',
  '>': '<=',
  '<=': '>',
  '>=': '<',
  '==': '!=',
  '!=': '==',
};

/** Jumps to `target` when `e` is `when` (true: nonzero); falls through otherwise. */
export function branch(L: Lowering, e: Expr, target: Label, when: boolean): void {
  const b = L.b;
  switch (e.kind) {
    case 'Comparison':
      compare(L, e, target, when);
      return;
    case 'Logical': {
      const shortCircuits = (e.op === '&&') !== when;
      if (shortCircuits) {
        // `a && b` jumps when false as soon as a is false; `a || b` jumps when true as soon as a is.
        branch(L, e.left, target, when);
        branch(L, e.right, target, when);
        return;
      }
      const skip = b.newLabel('skip');
      branch(L, e.left, skip, !when);
      branch(L, e.right, target, when);
      b.label(skip);
      return;
    }
    case 'Unary':
      if (e.op === '!') {
        branch(L, e.operand, target, !when);
        return;
      }
      break;
    case 'Number':
      if ((e.value !== 0n) === when) b.ja(target);
      return;
    default:
      break;
  }
  evalLong(L, e);
  if (when) b.jne(R0, 0, target);
  else b.jeq(R0, 0, target);
}

function compare(L: Lowering, e: ComparisonExpr, target: Label, when: boolean): void {
  const op = when ? e.op : NEGATED[e.op];
  const cond = SIGNED_JUMP[op];
  if (L.isString(e.left) || L.isString(e.right)) {
    const left = evalString(L, e.left);
    const right = evalString(L, e.right);
    compareStrings(L, left, right);
    L.b.emit({ op: 'jmp', width: 64, cond, dst: R0, src: 0, target });
    return;
  }
  evalLong(L, e.left);
  const imm = smallConst(e.right);
  if (imm !== undefined) {
    L.b.emit({ op: 'jmp', width: 64, cond, dst: R0, src: imm, target });
    return;
  }
  const slot = L.spill();
  evalLong(L, e.right);
  L.b.mov64(R1, R0);
  L.reload(R0, slot);
  L.b.emit({ op: 'jmp', width: 64, cond, dst: R0, src: R1, target });
}

/** The operator of a compound assignment (`+=` → `+`), undefined for `=`. */
export function compoundOperator(op: AssignExpr['op']): BinaryOp | undefined {
  switch (op) {
    case '=':
    case '.=':
    case '<<<':
      return undefined;
    default:
      return op.slice(0, -1) as BinaryOp;
  }
}

/** An assignment; with `want` its value (the new value) ends in r0. */
export function assign(L: Lowering, e: AssignExpr, want: boolean): void {
  if (e.op === '<<<') {
    lowerAggregate(L, e, want);
    return;
  }
  if (L.isString(e.left) || e.op === '.=') {
    assignString(L, e, want);
    return;
  }
  const op = compoundOperator(e.op);
  const target = e.left;
  if (target.kind === 'Index') {
    assignElement(L, target, op, e.right, e.span, { want, post: false });
    return;
  }
  if (target.kind !== 'Symbol') L.unsupported(target.span, 'assigning to this');
  const v = L.program.bindings.get(target);
  if (v === undefined) L.unsupported(target.span, 'this symbol');
  if (v.scope === 'global') {
    assignScalar(L, v, op, e.right, e.span, { want, post: false });
    return;
  }
  const home = L.locals.get(v);
  if (home?.kind !== 'long') L.unsupported(target.span, 'this local');
  evalLong(L, e.right);
  if (op !== undefined) {
    L.b.mov64(R1, R0);
    L.reload(R0, home.slot);
    applyOperator(L, op, e.span);
  }
  L.b.stx(8, R10, home.slot.offset, R0);
}

/** `++x`, `x--`...: pre forms give the new value, post forms the old one. */
function crement(L: Lowering, e: CrementExpr, want: boolean): void {
  const one: Expr = { kind: 'Number', value: 1n, span: e.span };
  const op: BinaryOp = e.op === '++' ? '+' : '-';
  const post = e.kind === 'PostCrement';
  const target = e.operand;
  if (target.kind === 'Index') {
    assignElement(L, target, op, one, e.span, { want, post });
    return;
  }
  if (target.kind !== 'Symbol') L.unsupported(target.span, 'this operand');
  const v = L.program.bindings.get(target);
  if (v === undefined) L.unsupported(target.span, 'this symbol');
  if (v.scope === 'global') {
    assignScalar(L, v, op, one, e.span, { want, post });
    return;
  }
  const home = L.locals.get(v);
  if (home?.kind !== 'long') L.unsupported(target.span, 'this local');
  L.reload(R0, home.slot);
  L.b.mov64(R1, R0);
  L.b.add64(R1, op === '+' ? 1 : -1);
  L.b.stx(8, R10, home.slot.offset, R1);
  if (!post) L.b.mov64(R0, R1);
}
