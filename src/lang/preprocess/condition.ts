/**
 * One `LEFT OP RIGHT` test of a `%( ... %?` condition (stap's `eval_pp_conditional`). The left
 * side picks the form: `kernel_v`, `kernel_vr`, `systemtap_v` (version order, or a wildcard
 * with `==`/`!=`), `arch`, `runtime` (wildcards), `systemtap_privilege`, `guru_mode` (0 or 1),
 * `CONFIG_X` (against a wildcard, a number or another `CONFIG_Y`), else two string literals or
 * two number literals. Errors carry stap's message and the token it blames.
 */

import type { PreprocessContext } from '../preprocess-context.js';
import type { Token } from '../token.js';
import { fnmatch } from './fnmatch.js';
import { PREPROCESS_CODES as CODES, type PreprocessCode } from './report.js';
import { strverscmp } from './strverscmp.js';

export type ConditionOutcome =
  | { readonly kind: 'value'; readonly value: boolean }
  | {
      readonly kind: 'error';
      readonly code: PreprocessCode;
      readonly message: string;
      readonly token: Token;
    };

const COMPARISONS = ['<', '<=', '>', '>=', '==', '!='] as const;
type Comparison = (typeof COMPARISONS)[number];

function comparisonOf(op: Token): Comparison | undefined {
  if (op.kind !== 'operator') return undefined;
  return COMPARISONS.find((c) => c === op.text);
}

function value(v: boolean): ConditionOutcome {
  return { kind: 'value', value: v };
}

function error(code: PreprocessCode, message: string, token: Token): ConditionOutcome {
  return { kind: 'error', code, message, token };
}

const MESSAGES = {
  comparison: 'expected comparison operator',
  string: 'expected string literal',
  equality: "expected '==' or '!='",
  // stap breaks this one over three lines, aligned under its "parse error: " prefix.
  operand:
    "expected 'arch', 'kernel_v', 'kernel_vr', 'systemtap_v',\n" +
    "             'runtime', 'systemtap_privilege', 'CONFIG_...', or\n" +
    '             comparison between strings or integers',
} as const;

export function evaluateCondition(
  left: Token,
  op: Token,
  right: Token,
  ctx: PreprocessContext,
): ConditionOutcome {
  const name = left.kind === 'identifier' ? left.text : undefined;
  switch (name) {
    case 'kernel_v':
      return versionTest(ctx.kernelVersion, op, right);
    case 'kernel_vr':
      return versionTest(ctx.kernelRelease, op, right);
    case 'systemtap_v':
      return versionTest(ctx.compatible, op, right);
    case 'systemtap_privilege':
      if (right.kind !== 'string') return error(CODES.expectedString, MESSAGES.string, right);
      return equalityTest(op, ctx.privilege === right.text);
    case 'guru_mode':
      return guruModeTest(ctx.guruMode, op, right);
    case 'arch':
      if (right.kind !== 'string') return error(CODES.expectedString, MESSAGES.string, right);
      return equalityTest(op, fnmatch(right.text, ctx.arch));
    case 'runtime':
      if (right.kind !== 'string') return error(CODES.expectedString, MESSAGES.string, right);
      return equalityTest(op, fnmatch(right.text, ctx.runtime));
  }
  if (name?.startsWith('CONFIG_')) return configTest(name, left, op, right, ctx);
  if (left.kind === 'string' && right.kind === 'string') return compare(left.text, op, right.text);
  if (left.kind === 'number' && right.kind === 'number') {
    const l = decimalInt64(left);
    if (l.kind !== 'int') return l;
    const r = decimalInt64(right);
    if (r.kind !== 'int') return r;
    return compare(l.value, op, r.value);
  }
  if (left.kind === 'string' && right.kind === 'number' && op.kind === 'operator') {
    return error(CODES.expectedStringRight, 'expected string literal as right value', right);
  }
  if (left.kind === 'number' && right.kind === 'string' && op.kind === 'operator') {
    return error(CODES.expectedNumberRight, 'expected number literal as right value', right);
  }
  return error(CODES.expectedConditionOperand, MESSAGES.operand, left);
}

/**
 * `kernel_v OP "2.6.9"`: version order by strverscmp; with `*`, `?` or `[` in the right side,
 * a wildcard match, allowed only with `==` and `!=`.
 */
function versionTest(target: string, op: Token, right: Token): ConditionOutcome {
  if (right.kind !== 'string') return error(CODES.expectedString, MESSAGES.string, right);
  const cmp = comparisonOf(op);
  if (!cmp) return error(CODES.expectedComparison, MESSAGES.comparison, op);
  const query = right.text;
  if (/[*?[]/.test(query)) {
    if (cmp !== '==' && cmp !== '!=') {
      return error(CODES.wildcardWithOrder, 'wildcard not allowed with order comparison operators', op);
    }
    return value(fnmatch(query, target) === (cmp === '=='));
  }
  return value(holds(Math.sign(strverscmp(target, query)), cmp));
}

/** `==` means `matched`, `!=` its negation; other operators are errors. */
function equalityTest(op: Token, matched: boolean): ConditionOutcome {
  const cmp = comparisonOf(op);
  if (cmp === '==') return value(matched);
  if (cmp === '!=') return value(!matched);
  return error(CODES.expectedEquality, MESSAGES.equality, op);
}

function guruModeTest(guruMode: boolean, op: Token, right: Token): ConditionOutcome {
  if (right.kind !== 'number') return error(CODES.expectedNumber, 'expected number', right);
  const r = decimalInt64(right);
  if (r.kind !== 'int') return r;
  if (r.value !== 0n && r.value !== 1n) return error(CODES.expectedZeroOrOne, 'expected 0 or 1', op);
  const cmp = comparisonOf(op);
  if (cmp !== '==' && cmp !== '!=') return error(CODES.expectedEquality, MESSAGES.equality, op);
  return compare(guruMode ? 1n : 0n, op, r.value);
}

/**
 * `CONFIG_X OP "glob"` (an unset option reads as ""), `CONFIG_X OP number` (the option's value
 * read as a C integer; unset is 0), `CONFIG_X OP CONFIG_Y` (as numbers if both are, else as
 * strings).
 */
function configTest(
  name: string,
  left: Token,
  op: Token,
  right: Token,
  ctx: PreprocessContext,
): ConditionOutcome {
  const lhs = ctx.kernelConfig(name) ?? '';
  if (right.kind === 'string') return equalityTest(op, fnmatch(right.text, lhs));
  if (right.kind === 'number') {
    const l = strtoll(lhs);
    if (l === undefined) return error(CODES.configNotNumber, 'Config option value not a number', left);
    const r = decimalInt64(right);
    if (r.kind !== 'int') return r;
    return compare(l, op, r.value);
  }
  if (right.kind === 'identifier' && right.text.startsWith('CONFIG_')) {
    const rhs = ctx.kernelConfig(right.text) ?? '';
    const l = strtoll(lhs);
    const r = l === undefined ? undefined : strtoll(rhs);
    if (l !== undefined && r !== undefined) return compare(l, op, r);
    return compare(lhs, op, rhs);
  }
  return error(
    CODES.expectedConfigOperand,
    'expected string, number literal or other CONFIG_... as right side operand',
    right,
  );
}

function compare<T extends string | bigint>(l: T, op: Token, r: T): ConditionOutcome {
  const cmp = comparisonOf(op);
  if (!cmp) return error(CODES.expectedComparison, MESSAGES.comparison, op);
  return value(holds(l < r ? -1 : l > r ? 1 : 0, cmp));
}

/** Whether an ordering result (-1, 0, 1) satisfies the comparison. */
function holds(order: number, cmp: Comparison): boolean {
  switch (cmp) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '==':
      return order === 0;
    case '!=':
      return order !== 0;
  }
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * A number token read as stap reads condition numbers (`lex_cast<int64_t>`): decimal digits
 * only, so `010` is ten and `0x10` is not a number; beyond int64 is not a number either. stap
 * then dies with "bad lexical cast"; we report that as an error at the token.
 */
function decimalInt64(t: Token): { kind: 'int'; value: bigint } | ConditionOutcome {
  if (/^[0-9]+$/.test(t.text)) {
    const v = BigInt(t.text);
    if (v <= INT64_MAX) return { kind: 'int', value: v };
  }
  return error(CODES.badNumber, 'bad lexical cast', t);
}

/**
 * C `strtoll(s, &end, 0)` demanding that it read the whole string: leading white space, a sign,
 * then `0x` hex, `0` octal or decimal digits. "" reads as 0 (strtoll reads nothing and stops at
 * the terminator); anything unread, or a value beyond int64, is undefined.
 */
export function strtoll(s: string): bigint | undefined {
  let i = 0;
  while (i < s.length && /[ \t\n\v\f\r]/.test(s.charAt(i))) i++;
  let negative = false;
  if (s.charAt(i) === '+' || s.charAt(i) === '-') negative = s.charAt(i++) === '-';
  let radix = 10;
  let digits = /^[0-9]/;
  if (
    s.charAt(i) === '0' &&
    (s.charAt(i + 1) === 'x' || s.charAt(i + 1) === 'X') &&
    /[0-9a-fA-F]/.test(s.charAt(i + 2))
  ) {
    radix = 16;
    digits = /^[0-9a-fA-F]/;
    i += 2;
  } else if (s.charAt(i) === '0') {
    radix = 8;
    digits = /^[0-7]/;
  }
  const first = i;
  while (i < s.length && digits.test(s.charAt(i))) i++;
  // No digits: strtoll stops at the very beginning, which is the end only for "".
  if (i === first) return s.length === 0 ? 0n : undefined;
  if (i !== s.length) return undefined;
  let v = 0n;
  for (let j = first; j < i; j++) v = v * BigInt(radix) + BigInt(Number.parseInt(s.charAt(j), 16));
  if (negative) v = -v;
  if (v > INT64_MAX || v < INT64_MIN) return undefined;
  return v;
}
