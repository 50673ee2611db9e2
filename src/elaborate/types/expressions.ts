/**
 * Type inference for expressions: stap's `typeresolution_info::visit_*` for each expression
 * kind. `t` is the type the context expects (stap's member `t`), `unknown` when it has no
 * opinion. Each function mirrors upstream's order of visits and checks, since that order
 * decides which error a bad script gets.
 */
import type {
  AssignExpr,
  CallExpr,
  ComparisonExpr,
  ConcatExpr,
  Expr,
  HistOp,
  IndexExpr,
  InExpr,
  Name,
  RegexExpr,
  StatExpr,
  SymbolExpr,
  TernaryExpr,
} from '../../lang/index.js';
import { assertNever } from '../../util/index.js';
import type { ValueType, Variable } from '../program.js';
import { assignDetails } from './autocast-visit.js';
import type { Decl, FormalDecl, InferenceState, Typed } from './context.js';
import { declType, typedToken } from './context.js';
import { isStmt } from './nodes.js';
import { visitPrint } from './print.js';
import { visitTarget } from './targets.js';
import { exprToken } from './tokens.js';
import type { Node } from './walk.js';

/** What expression inference needs besides the state: bindings and call targets. */
export interface ExprEnv {
  readonly state: InferenceState;
  variableOf(node: SymbolExpr | Name): Variable;
  /** The declarations a call refers to: script overloads, or the builtin's pseudo-declaration. */
  calleesOf(call: CallExpr): readonly { decl: Decl; params: readonly (Variable | FormalDecl)[] }[];
  /** Assignments stap's optimizer reduces to their right side (the left is a never-read local). */
  isDeadAssignment(e: AssignExpr): boolean;
  /** What stap's constant folding replaced a node by, if it did. */
  replacement(node: Node): Node | bigint | undefined;
}

export function visitExpr(env: ExprEnv, e: Expr, t: ValueType): void {
  const s = env.state;
  const replacement = env.replacement(e);
  if (replacement !== undefined) {
    visitFolded(env, e, replacement, t);
    return;
  }
  switch (e.kind) {
    case 'Number':
    case 'String':
      visitLiteral(s, e, t);
      return;
    case 'Symbol':
      s.resolve2Types(e, env.variableOf(e), t);
      return;
    case 'Index':
      visitIndex(env, e, t);
      return;
    case 'In':
      visitIn(env, e, t);
      return;
    case 'Unary':
    case 'PreCrement':
    case 'PostCrement':
      visitUnary(env, e, e.operand, t);
      return;
    case 'Binary':
    case 'Logical':
      visitBinary(env, e, t);
      return;
    case 'Comparison':
      visitComparison(env, e, t);
      return;
    case 'Regex':
      visitRegex(env, e, t);
      return;
    case 'Concat':
      visitConcat(env, e, t);
      return;
    case 'Ternary':
      visitTernary(env, e, t);
      return;
    case 'Assign':
      visitAssign(env, e, t);
      return;
    case 'Call':
      visitCall(env, e, t);
      return;
    case 'Print':
      visitPrint(env, e);
      return;
    case 'Stat':
      visitStat(env, e);
      return;
    case 'TargetSymbol':
    case 'Cast':
    case 'AtVar':
    case 'Autocast':
    case 'Defined':
    case 'ProbeWrite':
    case 'Entry':
    case 'Perf':
    case 'Const':
    case 'Enum':
    case 'EnumName':
    case 'Register':
    case 'Deref':
    case 'EmbeddedExpr':
      visitTarget(env, e, t);
      return;
    default:
      assertNever(e, 'expression');
  }
}

/** A folded ternary is its live branch; a folded `&&`/`||` a long constant. */
function visitFolded(env: ExprEnv, e: Expr, replacement: Node | bigint, t: ValueType): void {
  const s = env.state;
  if (typeof replacement === 'bigint') {
    s.setType(e, 'long');
    if (t !== 'unknown' && t !== 'long') s.mismatch(() => exprToken(e), t, 'long');
    return;
  }
  if (replacement.kind === 'Name' || replacement.kind === 'Hist' || isStmt(replacement)) return;
  visitExpr(env, replacement, t);
  const rt = s.typeOf(replacement);
  if (rt !== 'unknown') s.setType(e, rt);
}

function visitLiteral(s: InferenceState, e: Expr, t: ValueType): void {
  const own = s.typeOf(e);
  s.setType(e, own);
  if (t === own || t === 'unknown') return;
  s.mismatch(() => exprToken(e), t, own);
}

/** Sets an expression's own type the first time (stap's `if (e->type == pe_unknown) {...; resolved}`). */
export function settle(s: InferenceState, e: Typed, type: ValueType): void {
  if (s.typeOf(e) === 'unknown') {
    s.setType(e, type);
    s.resolved(() => typedToken(e));
  }
}

/** visit_binary_expression: both sides long (also the compound assignments `+=`...). */
function visitBinary(env: ExprEnv, e: Expr & { left: Expr; right: Expr }, t: ValueType): void {
  const s = env.state;
  if (t === 'stats' || t === 'string') s.invalid(() => exprToken(e), t);
  visitExpr(env, e.left, 'long');
  visitExpr(env, e.right, 'long');
  const l = s.typeOf(e.left);
  const r = s.typeOf(e.right);
  if (l !== 'unknown' && r !== 'unknown' && l !== r) s.mismatchSides(e);
  settle(s, e, 'long');
}

/** visit_unary_expression (also pre/post crement). */
function visitUnary(env: ExprEnv, e: Expr, operand: Expr, t: ValueType): void {
  const s = env.state;
  if (t === 'stats' || t === 'string') s.invalid(() => exprToken(e), t);
  visitExpr(env, operand, 'long');
  settle(s, e, 'long');
}

function visitComparison(env: ExprEnv, e: ComparisonExpr, t: ValueType): void {
  const s = env.state;
  if (t === 'stats' || t === 'string') s.invalid(() => exprToken(e), t);
  visitExpr(env, e.left, s.typeOf(e.right));
  visitExpr(env, e.right, s.typeOf(e.left));
  const l = s.typeOf(e.left);
  const r = s.typeOf(e.right);
  if (l !== 'unknown' && r !== 'unknown' && l !== r) s.mismatchSides(e);
  settle(s, e, 'long');
}

function visitRegex(env: ExprEnv, e: RegexExpr, t: ValueType): void {
  const s = env.state;
  if (t === 'stats' || t === 'string') s.invalid(() => exprToken(e), t);
  visitExpr(env, e.left, 'string');
  visitExpr(env, e.pattern, 'string');
  settle(s, e, 'long');
}

function visitConcat(env: ExprEnv, e: ConcatExpr, t: ValueType): void {
  const s = env.state;
  if (t !== 'unknown' && t !== 'string') s.invalid(() => exprToken(e), t);
  for (const operand of e.operands) visitExpr(env, operand, 'string');
  settle(s, e, 'string');
}

function visitTernary(env: ExprEnv, e: TernaryExpr, t: ValueType): void {
  const s = env.state;
  let sub = t;
  visitExpr(env, e.cond, 'long');
  if (sub === 'unknown' && s.typeOf(e) !== 'unknown') sub = s.typeOf(e);
  visitExpr(env, e.then, sub);
  visitExpr(env, e.otherwise, sub);
  const own = s.typeOf(e);
  if (sub === 'unknown' && own !== 'unknown') return;
  if (sub !== 'unknown' && own === 'unknown') {
    s.setType(e, sub);
    s.resolved(() => exprToken(e));
  } else if (sub === 'unknown' && s.typeOf(e.then) !== 'unknown') {
    s.setType(e, s.typeOf(e.then));
    s.resolved(() => exprToken(e));
  } else if (sub === 'unknown' && s.typeOf(e.otherwise) !== 'unknown') {
    s.setType(e, s.typeOf(e.otherwise));
    s.resolved(() => exprToken(e));
  } else if (own !== sub) {
    s.mismatch(() => exprToken(e), sub, own);
  }
}

function visitAssign(env: ExprEnv, e: AssignExpr, t: ValueType): void {
  const s = env.state;
  if (env.isDeadAssignment(e)) {
    // stap's optimizer has already replaced `x = e` by `e` (x is never read).
    visitExpr(env, e.right, t);
    const rt = s.typeOf(e.right);
    if (rt !== 'unknown') s.setType(e, rt);
    return;
  }
  if (t === 'stats') s.invalid(() => exprToken(e), t);
  if (e.op === '<<<') {
    if (t === 'string') s.invalid(() => exprToken(e), t);
    visitExpr(env, e.left, 'stats');
    visitExpr(env, e.right, 'long');
    const own = s.typeOf(e);
    if (own === 'unknown' || own === 'stats') {
      s.setType(e, 'long');
      s.resolved(() => exprToken(e));
    }
    return;
  }
  if (s.typeOf(e.left) === 'stats') {
    s.invalid(() => exprToken(e.left), 'stats');
    return;
  }
  if (s.typeOf(e.right) === 'stats') {
    s.invalid(() => exprToken(e.right), 'stats');
    return;
  }
  if (e.op === '.=') {
    if (t === 'long' || t === 'stats') s.invalid(() => exprToken(e), t);
    visitExpr(env, e.left, 'string');
    visitExpr(env, e.right, 'string');
    settle(s, e, 'string');
    return;
  }
  if (e.op !== '=') {
    visitBinary(env, e, t);
    return;
  }
  // `=`: like the ternary, types flow between the two sides and the context.
  let sub = t;
  if (sub === 'unknown' && s.typeOf(e) !== 'unknown') sub = s.typeOf(e);
  visitExpr(env, e.left, sub !== 'unknown' ? sub : s.typeOf(e.right));
  visitExpr(env, e.right, sub !== 'unknown' ? sub : s.typeOf(e.left));
  if (sub !== 'unknown' && s.typeOf(e) === 'unknown') {
    s.setType(e, sub);
    s.resolved(() => exprToken(e));
  }
  if (sub === 'unknown' && s.typeOf(e.left) !== 'unknown') {
    // stap re-resolves here every round; only a change counts as progress.
    if (s.typeOf(e) !== s.typeOf(e.left)) {
      s.setType(e, s.typeOf(e.left));
      s.resolved(() => exprToken(e));
    }
  }
  const l = s.typeOf(e.left);
  const r = s.typeOf(e.right);
  if (l !== 'unknown' && r !== 'unknown' && l !== r) s.mismatchSides(e);
  assignDetails(env, e);
}

/** Checks one index expression against array column `i` (shared by `[]`, `in`, foreach and slices). */
export function visitColumn(env: ExprEnv, index: Typed, v: Variable, i: number): void {
  const s = env.state;
  const ft = v.keyTypes[i] ?? 'unknown';
  if (index.kind === 'Name') s.resolve2Types(index, env.variableOf(index), ft);
  else visitExpr(env, index, ft);
  const at = s.typeOf(index);
  const tok = () => typedToken(index);
  if ((at === 'string' || at === 'long') && ft === 'unknown') {
    v.keyTypes[i] = at;
    s.resolved(tok, v, i);
  }
  const now = v.keyTypes[i] ?? 'unknown';
  if (at === 'stats') s.invalid(tok, at);
  if (now === 'stats') s.invalid(tok, now);
  if (at !== 'unknown' && now !== 'unknown' && now !== at) s.mismatchDecl(tok, at, v, i);
  if (at === 'unknown') s.unresolved(tok);
}

export function visitHist(env: ExprEnv, h: HistOp): void {
  visitExpr(env, h.stat, 'stats');
}

function visitIndex(env: ExprEnv, e: IndexExpr, t: ValueType): void {
  visitIndexLike(env, e, e.base, e.indexes, t);
}

/**
 * stap's visit_arrayindex, for `a[i]` and for the array element an `in` test looks at (`e` is
 * then the `in` expression, typed through `inOperandTypes`).
 */
function visitIndexLike(
  env: ExprEnv,
  e: Typed,
  base: IndexExpr['base'],
  indexes: readonly (Expr | null)[],
  t: ValueType,
): void {
  const s = env.state;
  const tok = () => (base.kind === 'Symbol' ? exprToken(base) : typedToken(e));
  if (base.kind === 'Hist') {
    const first = indexes[0];
    if (indexes.length !== 1 || !first) {
      s.unresolved(tok);
      return;
    }
    visitExpr(env, first, 'long');
    if (s.typeOf(first) !== 'long') s.unresolved(tok);
    visitHist(env, base);
    if (s.typeOf(e) !== 'long') {
      s.setType(e, 'long');
      s.resolved(tok);
    }
    return;
  }
  const v = env.variableOf(base);
  s.resolve2Types(e, v, t);
  if (indexes.length !== v.keyTypes.length) {
    s.unresolved(tok);
    return;
  }
  indexes.forEach((index, i) => {
    if (index) visitColumn(env, index, v, i);
  });
}

function visitIn(env: ExprEnv, e: InExpr, t: ValueType): void {
  const s = env.state;
  // The element looked up has its own type slot; the `in` test itself is long.
  const element: SymbolExpr = inElement(e);
  visitIndexLike(env, element, e.base, e.indexes, 'unknown');
  const own = s.typeOf(e);
  if (t === 'unknown' && own !== 'unknown') return;
  if (t === 'string' || t === 'stats') s.mismatch(() => exprToken(e), t, 'long');
  else if (own === 'unknown') {
    s.setType(e, 'long');
    s.resolved(() => exprToken(e));
  }
}

/** One synthetic node per `in` expression, standing for stap's inner `arrayindex` (typed like an element). */
const inElements = new WeakMap<InExpr, SymbolExpr>();
const syntheticNodes = new WeakSet<Typed>();
function inElement(e: InExpr): SymbolExpr {
  let el = inElements.get(e);
  if (!el) {
    // Its span is the array name's: stap's arrayindex token is the base's.
    el = { kind: 'Symbol', name: e.base.kind === 'Symbol' ? e.base.name : '', span: e.base.span };
    inElements.set(e, el);
    syntheticNodes.add(el);
  }
  return el;
}

/** Nodes made up by inference (not in the program's AST). */
export function isSynthetic(node: Typed): boolean {
  return syntheticNodes.has(node);
}

function visitCall(env: ExprEnv, e: CallExpr, t: ValueType): void {
  const s = env.state;
  const tok = () => exprToken(e);
  for (const { decl, params } of env.calleesOf(e)) {
    s.resolve2Types(e, decl, t, true);
    if (s.typeOf(e) === 'stats') s.invalid(tok, 'stats');
    if (e.args.length !== params.length) {
      s.unresolved(tok);
      continue;
    }
    e.args.forEach((arg, i) => {
      const formal = params[i];
      if (formal) visitArgument(env, arg, formal, i);
    });
  }
}

function visitArgument(env: ExprEnv, arg: Expr, formal: Variable | FormalDecl, i: number): void {
  const s = env.state;
  const ft = declType(formal);
  visitExpr(env, arg, ft);
  const at = s.typeOf(arg);
  const tok = () => exprToken(arg);
  if ((at === 'string' || at === 'long') && ft === 'unknown' && 'scope' in formal) {
    formal.type = at;
    s.resolved(tok, formal, i);
  }
  const now = declType(formal);
  if (at === 'stats') s.invalid(tok, at);
  if (now === 'stats') {
    const formalTok = 'scope' in formal ? formalToken(formal) : tok;
    s.invalid(formalTok, now);
  }
  if (at !== 'unknown' && now !== 'unknown' && now !== at) s.mismatchDecl(tok, at, formal, i);
  if (at === 'unknown') s.unresolved(tok);
}

function formalToken(v: Variable) {
  return typedToken({ kind: 'Name', name: v.name, span: v.span });
}

function visitStat(env: ExprEnv, e: StatExpr): void {
  const s = env.state;
  visitExpr(env, e.operand, 'stats');
  const own = s.typeOf(e);
  if (own === 'unknown') {
    s.setType(e, 'long');
    s.resolved(() => exprToken(e));
  } else if (own !== 'long') {
    s.mismatch(() => exprToken(e), 'long', own);
  }
}

/** stap's check_arg_type: `arg` must have type `wanted` (printf arguments, foreach values). */
export function checkArgType(env: ExprEnv, wanted: ValueType, arg: Typed): void {
  const s = env.state;
  if (arg.kind === 'Name') s.resolve2Types(arg, env.variableOf(arg), wanted);
  else visitExpr(env, arg, wanted);
  const got = s.typeOf(arg);
  if (got === 'unknown') {
    s.setType(arg, wanted);
    s.resolved(() => typedToken(arg));
  } else if (got !== wanted) {
    s.mismatch(() => typedToken(arg), wanted, got);
  }
}
