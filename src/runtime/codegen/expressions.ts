/**
 * Expressions → JS expressions. Longs are bigints kept in int64 range with `BigInt.asIntN(64, …)`
 * (V8 turns that into machine int64 arithmetic), strings are byte strings that never exceed
 * MAXSTRINGLEN-1 chars (every operation that can grow one truncates), comparisons produce 1n/0n.
 * Evaluation order follows translate.cxx: array indices, then the right-hand side, then the
 * blamed site, then the read-modify-write of the element.
 */
import { castAddress, evaluateDefined, type ScriptFunction, type Variable } from '../../elaborate/index.js';
import type {
  AssignExpr,
  AssignOp,
  CallExpr,
  CrementExpr,
  Expr,
  HistOp,
  Indexable,
  IndexExpr,
  InExpr,
  PrintExpr,
  StatExpr,
  UnaryOp,
} from '../../lang/index.js';
import { parsePrintFormat } from '../../lang/index.js';
import { assertNever } from '../../util/index.js';
import { embeddedRuntimeCalls } from './embedded-c.js';
import type { FnEmitter } from './emitter.js';
import type { ProgramContext } from './program-context.js';

export interface Body {
  readonly prog: ProgramContext;
  readonly fn: FnEmitter;
}

const I64 = 'BigInt.asIntN(64, ';

export function longLiteral(v: bigint): string {
  return v < 0n ? `(${v}n)` : `${v}n`;
}

/** A string literal as a script value: cut at a NUL, at most MAXSTRINGLEN-1 bytes. */
export function stringLiteral(b: Body, s: string): string {
  const nul = s.indexOf('\0');
  let v = nul < 0 ? s : s.slice(0, nul);
  const max = b.prog.options.maxStringLen - 1;
  if (v.length > max) v = v.slice(0, max);
  return JSON.stringify(v);
}

/** Reading it has no side effects and it cannot change while the rest of an expression runs. */
function isSimple(e: Expr): boolean {
  return e.kind === 'Number' || e.kind === 'String';
}

/** Evaluates `e` into a temporary unless it is a literal; pushes the assignment onto `pre`. */
function hold(b: Body, e: Expr, pre: string[]): string {
  const code = expr(b, e);
  if (isSimple(e)) return code;
  const t = b.fn.temp();
  pre.push(`${t} = ${code}`);
  return t;
}

function seq(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0]! : `(${parts.join(', ')})`;
}

function site(b: Body, e: { span: Expr['span'] }): number {
  return b.fn.site(e.span);
}

function lastStmt(b: Body, e: { span: Expr['span'] }): string {
  return `c.ls[d] = ${site(b, e)}`;
}

// ---------------------------------------------------------------- entry points

/** A JS boolean expression for a long condition. */
export function cond(b: Body, e: Expr): string {
  switch (e.kind) {
    case 'Comparison':
      return comparison(b, e.op, e.left, e.right);
    case 'Logical':
      return `(${cond(b, e.left)} ${e.op} ${cond(b, e.right)})`;
    case 'Unary':
      if (e.op === '!') return `!${cond(b, e.operand)}`;
      break;
    case 'Regex':
      return regex(b, e.op, e.left, e.pattern.value);
    case 'Number':
      return e.value !== 0n ? 'true' : 'false';
    default:
      break;
  }
  return `(${expr(b, e)} !== 0n)`;
}

/** A JS expression for the value of `e` (bigint or string). */
export function expr(b: Body, e: Expr): string {
  switch (e.kind) {
    case 'Number':
      return longLiteral(e.value);
    case 'String':
      return stringLiteral(b, e.value);
    case 'Symbol':
      return readVariable(b, b.prog.variable(e));
    case 'Index':
      return indexRead(b, e);
    case 'In':
      return membership(b, e);
    case 'Unary':
      return unary(b, e.op, e.operand);
    case 'PreCrement':
    case 'PostCrement':
      return crement(b, e);
    case 'Binary':
      return binary(b, e.op, expr(b, e.left), expr(b, e.right), site(b, e), constantDivisor(e.right));
    case 'Logical':
    case 'Comparison':
    case 'Regex':
      return `(${cond(b, e)} ? 1n : 0n)`;
    case 'Concat':
      return `rt.trunc(${e.operands.map((o) => expr(b, o)).join(' + ')})`;
    case 'Ternary':
      return `(${cond(b, e.cond)} ? ${expr(b, e.then)} : ${expr(b, e.otherwise)})`;
    case 'Assign':
      return assign(b, e);
    case 'Call':
      return call(b, e);
    case 'Print':
      return print(b, e);
    case 'Stat':
      return stat(b, e);
    case 'Defined': {
      // A @cast resolves against the kernel's types here too (`@type_member_defined`).
      const defined =
        e.operand.kind === 'Cast'
          ? evaluateDefined(e, undefined, b.prog.program.kernelTypes)
          : !isTargetExpr(e.operand);
      return defined ? '1n' : '0n';
    }
    case 'Cast': {
      // An address computed without reading memory (`@offsetof`): all elaboration let through.
      const address = castAddress(e, b.prog.program.kernelTypes);
      if (!address.ok) return unsupported(b, e, address.message);
      const terms = [expr(b, e.operand), `${address.offset}n`];
      for (const { index, scale } of address.indexes) terms.push(`${expr(b, index)} * ${scale}n`);
      return `${I64}${terms.join(' + ')})`;
    }
    case 'TargetSymbol':
    case 'AtVar':
    case 'Autocast':
      return unsupported(b, e, 'target variables are not available in this probe context');
    case 'ProbeWrite':
    case 'Entry':
    case 'Perf':
    case 'Const':
    case 'Enum':
    case 'EnumName':
    case 'Register':
    case 'Deref':
      return unsupported(b, e, `cannot translate ${e.kind} expression in a user-space handler`);
    case 'EmbeddedExpr':
      return (
        embeddedRuntimeCalls(b, e) ??
        unsupported(b, e, `cannot translate ${e.kind} expression in a user-space handler`)
      );
    default:
      return assertNever(e, 'expression');
  }
}

function unary(b: Body, op: UnaryOp, operand: Expr): string {
  switch (op) {
    case '-':
      return `${I64}-${expr(b, operand)})`;
    case '+':
      return expr(b, operand);
    case '~':
      return `(~${expr(b, operand)})`;
    case '!':
      return `(${cond(b, operand)} ? 0n : 1n)`;
    default:
      return assertNever(op, 'unary operator');
  }
}

function isTargetExpr(e: Expr): boolean {
  return e.kind === 'TargetSymbol' || e.kind === 'Cast' || e.kind === 'AtVar' || e.kind === 'Autocast';
}

function unsupported(b: Body, e: Expr, message: string): string {
  b.prog.unsupported(e.span, message);
  return '0n';
}

// ---------------------------------------------------------------- variables

export function readVariable(b: Body, v: Variable): string {
  if (v.scope === 'local') return b.prog.localName(v);
  return `${b.prog.globalName(v)}.get()`;
}

function writeVariable(b: Body, v: Variable, value: string): string {
  if (v.scope === 'local') return `${b.prog.localName(v)} = ${value}`;
  return `${b.prog.globalName(v)}.set(${value})`;
}

/** The MapKey of an index list: the value itself for one column, a joined string for more. */
export function keyOf(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!;
  return `\`${parts.map((p) => `\${${p}}`).join('\\u0100')}\``;
}

function arrayOf(b: Body, base: Indexable): Variable {
  if (base.kind !== 'Symbol') throw new Error('histogram used as an array');
  return b.prog.variable(base);
}

function indexRead(b: Body, e: IndexExpr): string {
  if (e.base.kind === 'Hist') {
    const pre: string[] = [];
    const idx = hold(b, e.indexes[0] ?? { kind: 'Number', value: 0n, span: e.span }, pre);
    const { spec, agg } = aggregate(b, e.base.stat);
    return seq([...pre, `rt.bucket(c, d, ${site(b, e)}, ${spec}, ${agg}, ${idx})`]);
  }
  const v = arrayOf(b, e.base);
  const key = keyOf(e.indexes.map((i) => (i ? expr(b, i) : '0n')));
  return `${b.prog.globalName(v)}.get(${key})`;
}

function membership(b: Body, e: InExpr): string {
  if (e.base.kind === 'Hist') {
    const pre: string[] = [];
    const idx = hold(b, e.indexes[0] ?? { kind: 'Number', value: 0n, span: e.span }, pre);
    const { spec, agg } = aggregate(b, e.base.stat);
    return seq([...pre, `rt.bucket(c, d, ${site(b, e)}, ${spec}, ${agg}, ${idx})`]);
  }
  const v = arrayOf(b, e.base);
  const g = b.prog.globalName(v);
  if (e.indexes.some((i) => i === null)) {
    const pattern = e.indexes.map((i) => (i ? expr(b, i) : 'null')).join(', ');
    return `rt.inSlice(${g}, [${pattern}])`;
  }
  return `(${g}.has(${keyOf(e.indexes.map((i) => expr(b, i!)))}) ? 1n : 0n)`;
}

/** The aggregate read of `s` or `s[k]` and its spec, for stat operators and histograms. */
function aggregate(b: Body, stat: Expr): { spec: string; agg: string } {
  if (stat.kind === 'Symbol') {
    const v = b.prog.variable(stat);
    return { spec: b.prog.specRef(v), agg: `${b.prog.globalName(v)}.read()` };
  }
  if (stat.kind === 'Index' && stat.base.kind === 'Symbol') {
    const v = b.prog.variable(stat.base);
    const key = keyOf(stat.indexes.map((i) => (i ? expr(b, i) : '0n')));
    return { spec: b.prog.specRef(v), agg: `${b.prog.globalName(v)}.read(${key})` };
  }
  unsupported(b, stat, 'expected a statistics variable');
  return { spec: 'undefined', agg: 'undefined' };
}

// ---------------------------------------------------------------- operators

function comparison(b: Body, op: string, left: Expr, right: Expr): string {
  const js = op === '==' ? '===' : op === '!=' ? '!==' : op;
  return `(${expr(b, left)} ${js} ${expr(b, right)})`;
}

function regex(b: Body, op: '=~' | '!~', left: Expr, pattern: string): string {
  const m = `rt.match(c, ${b.prog.regexRef(pattern)}, ${expr(b, left)})`;
  return op === '!~' ? `!${m}` : m;
}

/**
 * A literal right operand of `/` or `%` that needs none of `rt.div`/`rt.mod`'s care: not 0 (the
 * division error) and not -1 (INT64_MIN / -1 overflows, and stap defines x % -1 as 0).
 */
function constantDivisor(e: Expr): boolean {
  return e.kind === 'Number' && e.value !== 0n && e.value !== -1n;
}

/**
 * A binary long operator on two JS expressions (evaluated left to right). With `constant`, `r` is
 * a literal divisor that can neither fail nor overflow: BigInt `/` and `%` truncate toward zero
 * as C does, and the quotient's magnitude is at most the dividend's.
 */
function binary(_b: Body, op: string, l: string, r: string, opSite: number, constant = false): string {
  switch (op) {
    case '+':
    case '-':
    case '*':
      return `${I64}${l} ${op} ${r})`;
    case '&':
    case '|':
    case '^':
      return `(${l} ${op} ${r})`;
    case '<<':
      return `${I64}${l} << (${r} & 63n))`;
    case '>>':
      return `(${l} >> (${r} & 63n))`;
    case '>>>':
      return `${I64}BigInt.asUintN(64, ${l}) >> (${r} & 63n))`;
    case '/':
      return constant ? `(${l} / ${r})` : `rt.div(c, d, ${opSite}, ${l}, ${r})`;
    case '%':
      return constant ? `(${l} % ${r})` : `rt.mod(c, d, ${opSite}, ${l}, ${r})`;
    default:
      throw new Error(`unknown operator ${op}`);
  }
}

/** The new value of a compound assignment `old op= r` (op without the `=`). */
function compound(
  b: Body,
  op: AssignOp | '++' | '--',
  old: string,
  r: string,
  rightSite: number,
  rightConst = false,
): string {
  switch (op) {
    case '++':
      return `${I64}${old} + 1n)`;
    case '--':
      return `${I64}${old} - 1n)`;
    case '.=':
      return `rt.trunc(${old} + ${r})`;
    case '=':
    case '<<<':
      return r;
    default:
      return binary(b, op.slice(0, -1), old, r, rightSite, rightConst);
  }
}

function crement(b: Body, e: CrementExpr): string {
  return modify(b, e.operand, e.op, undefined, e.kind === 'PostCrement', e);
}

function assign(b: Body, e: AssignExpr): string {
  return modify(b, e.left, e.op, e.right, false, e);
}

/**
 * Assignment, compound assignment, `<<<` and `++`/`--` (right = undefined) on any lvalue.
 * Returns the expression's value: the new value, or the old one for post-increments.
 */
function modify(
  b: Body,
  target: Expr,
  op: AssignOp | '++' | '--',
  right: Expr | undefined,
  post: boolean,
  node: Expr,
): string {
  const rightSite = right ? site(b, right) : -1;
  const rightConst = right !== undefined && constantDivisor(right);
  if (target.kind === 'Symbol') {
    const v = b.prog.variable(target);
    const pre: string[] = [];
    const r = right ? hold(b, right, pre) : '1n';
    if (v.type === 'stats') {
      return seq([...pre, `${b.prog.globalName(v)}.add(${r})`, r]);
    }
    if (op === '=') {
      // Parenthesised: the assignment may be an operand (`b + (b = 1n)`).
      if (v.scope === 'local') return seq([...pre, `(${b.prog.localName(v)} = ${r})`]);
      return seq([...pre, writeVariable(b, v, r), r]);
    }
    const old = readVariable(b, v);
    if (post) {
      const t = b.fn.temp();
      return seq([
        ...pre,
        `${t} = ${old}`,
        writeVariable(b, v, compound(b, op, t, r, rightSite, rightConst)),
        t,
      ]);
    }
    if (v.scope === 'local')
      return seq([...pre, `(${b.prog.localName(v)} = ${compound(b, op, old, r, rightSite, rightConst)})`]);
    const t = b.fn.temp();
    return seq([
      ...pre,
      `${t} = ${compound(b, op, old, r, rightSite, rightConst)}`,
      writeVariable(b, v, t),
      t,
    ]);
  }
  if (target.kind === 'Index' && target.base.kind === 'Symbol') {
    const v = b.prog.variable(target.base);
    const g = b.prog.globalName(v);
    const pre: string[] = [];
    const keyParts = target.indexes.map((i) => (i ? hold(b, i, pre) : '0n'));
    const key = keyOf(keyParts);
    let k = key;
    if (keyParts.length > 1) {
      k = b.fn.temp();
      pre.push(`${k} = ${key}`);
    }
    const r = right ? hold(b, right, pre) : '1n';
    pre.push(lastStmt(b, target));
    if (v.type === 'stats') return seq([...pre, `${g}.add(${k}, ${r})`, r]);
    if (op === '=') return seq([...pre, `${g}.set(${k}, ${r})`, r]);
    const old = b.fn.temp();
    pre.push(`${old} = ${g}.get(${k})`);
    const res = b.fn.temp();
    pre.push(`${res} = ${compound(b, op, old, r, rightSite, rightConst)}`, `${g}.set(${k}, ${res})`);
    return seq([...pre, post ? old : res]);
  }
  return unsupported(b, node, 'invalid assignment target');
}

// ---------------------------------------------------------------- calls

function hasNext(fn: ScriptFunction): boolean {
  let found = false;
  const visit = (s: unknown): void => {
    if (found || s === null || typeof s !== 'object') return;
    if (Array.isArray(s)) {
      for (const x of s) visit(x);
      return;
    }
    const node = s as { kind?: string };
    if (node.kind === 'Next') {
      found = true;
      return;
    }
    for (const [k, v] of Object.entries(s)) if (k !== 'span') visit(v);
  };
  if (fn.body.kind === 'Block') visit(fn.body.statements);
  return found;
}

const nextCache = new WeakMap<ScriptFunction, boolean>();
function functionHasNext(fn: ScriptFunction): boolean {
  let r = nextCache.get(fn);
  if (r === undefined) {
    r = hasNext(fn);
    nextCache.set(fn, r);
  }
  return r;
}

function call(b: Body, e: CallExpr): string {
  const target = b.prog.call(e);
  const pre: string[] = [];
  const args = e.args.map((a) => hold(b, a, pre));
  const at = lastStmt(b, e);
  if (target.kind === 'builtin') {
    const fnName = b.prog.builtinName(target.fn.name);
    const parts = [...pre];
    if (b.prog.checkBuiltinNesting) parts.push(`c.n + 1 >= ${b.prog.maxNesting} && rt.nesting()`);
    parts.push(at);
    const invoke = `${fnName}(c.hc, [${args.join(', ')}])`;
    switch (target.fn.returns) {
      case 'long':
        return seq([...parts, `rt.long(${invoke})`]);
      case 'string':
        return seq([...parts, `rt.str(${invoke})`]);
      case 'unknown':
        return seq([...parts, invoke, '0n']);
      default:
        return assertNever(target.fn.returns, 'builtin return type');
    }
  }
  const overloads = target.overloads;
  const result = b.fn.temp();
  const limitsOn = !b.prog.options.unoptimized && !b.prog.options.suppressTimeLimits && !b.fn.finite;
  // One step per overload: call it, charge its statement count, fall through on `next`.
  const steps: string[][] = overloads.map((fn) => {
    const s = [at];
    const resets = overloads.length > 1 || functionHasNext(fn);
    if (resets) s.push('c.next = 0');
    s.push(`${result} = ${b.prog.functionName(fn)}(c${args.map((a) => `, ${a}`).join('')})`);
    if (limitsOn) {
      const n = b.prog.count(fn);
      if (Number.isFinite(n)) {
        const charge = b.fn.charge(n, e.span, true);
        if (charge !== undefined) s.push(charge);
      }
    }
    return s;
  });
  const last = overloads[overloads.length - 1]!;
  let tail = result;
  if (functionHasNext(last)) tail = `(c.next ? rt.exhausted() : ${result})`;
  // Build from the last overload backwards: each earlier one continues only when `next` was taken.
  let code = seq([...steps[steps.length - 1]!, tail]);
  for (let i = steps.length - 2; i >= 0; i--) {
    code = seq([...steps[i]!, `(c.next ? ${code} : ${result})`]);
  }
  return seq([...pre, code]);
}

// ---------------------------------------------------------------- print and aggregates

function histOf(b: Body, h: HistOp, printNode: Expr, toStream: boolean): string {
  const { spec, agg } = aggregate(b, h.stat);
  const chart = `rt.histogram(c, d, ${site(b, printNode)}, ${spec}, ${agg})`;
  return toStream ? `(rt.out(${chart}), 0n)` : `rt.trunc(${chart})`;
}

function print(b: Body, e: PrintExpr): string {
  const toStream = !e.name.startsWith('s');
  if (e.hist) return histOf(b, e.hist, e, toStream);
  const args = `[${e.args.map((a) => expr(b, a)).join(', ')}]`;
  switch (e.name) {
    case 'printf':
    case 'sprintf': {
      const parsed = parsePrintFormat(e.format ?? '');
      if ('error' in parsed) return unsupported(b, e, parsed.error);
      const fmt = b.prog.formatRef(parsed.components);
      const callText = `rt.${e.name}(c, d, ${site(b, e)}, ${fmt}, ${args})`;
      return e.name === 'printf' ? `(${callText}, 0n)` : callText;
    }
    case 'print':
    case 'println':
      return `(rt.${e.name}(${args}), 0n)`;
    case 'printd':
    case 'printdln':
      return `(rt.${e.name}(${JSON.stringify(e.delimiter ?? '')}, ${args}), 0n)`;
    case 'sprint':
    case 'sprintln':
      return `rt.${e.name}(${args})`;
    case 'sprintd':
    case 'sprintdln':
      return `rt.${e.name}(${JSON.stringify(e.delimiter ?? '')}, ${args})`;
    default:
      return assertNever(e.name, 'print operator');
  }
}

function stat(b: Body, e: StatExpr): string {
  const { agg } = aggregate(b, e.operand);
  return `rt.stat(c, d, ${site(b, e)}, ${agg}, '${e.stat}')`;
}
