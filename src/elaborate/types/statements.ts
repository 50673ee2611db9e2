/**
 * Type inference for statements (stap's visit_* for statements): conditions are long, foreach
 * keys and values follow the array (or are long for histogram buckets), `return` unifies with
 * the function's type, catch variables are strings.
 */
import type { Block, DeleteStmt, ForeachStmt, ReturnStmt, Stmt, TryStmt } from '../../lang/index.js';
import { assertNever } from '../../util/index.js';
import { returnDetails } from './autocast-visit.js';
import { TYPE_CODES } from './codes.js';
import { typedToken } from './context.js';
import { checkArgType, type ExprEnv, visitColumn, visitExpr, visitHist } from './expressions.js';
import { isStmt as isStmtNode } from './nodes.js';
import { exprToken, nameToken, tokenAt } from './tokens.js';
import { walk } from './walk.js';

/** What statement inference needs beyond expressions: which statements stap's optimizer drops. */
export interface StmtEnv extends ExprEnv {
  isElided(s: Stmt): boolean;
}

export function visitBlock(env: StmtEnv, b: Block): void {
  for (const st of b.statements) visitStmt(env, st);
}

export function visitStmt(env: StmtEnv, st: Stmt): void {
  if (env.isElided(st)) {
    resolveElidedCatches(env, st);
    return;
  }
  const replacement = env.replacement(st);
  if (replacement !== undefined) {
    // A constant `if` is its live branch; a false `for` is its init.
    if (typeof replacement === 'bigint') return;
    if (replacement.kind === 'Name' || replacement.kind === 'Hist') return;
    if (isStmtNode(replacement)) visitStmt(env, replacement);
    else visitExpr(env, replacement, 'unknown');
    return;
  }
  switch (st.kind) {
    case 'Block':
      visitBlock(env, st);
      return;
    case 'Try':
      visitTry(env, st);
      return;
    case 'ExprStmt':
      visitExpr(env, st.expr, 'unknown');
      return;
    case 'If':
      visitExpr(env, st.cond, 'long');
      visitStmt(env, st.then);
      if (st.otherwise) visitStmt(env, st.otherwise);
      return;
    case 'For':
      if (st.init) visitExpr(env, st.init, 'unknown');
      if (st.cond) visitExpr(env, st.cond, 'long');
      if (st.step) visitExpr(env, st.step, 'unknown');
      visitStmt(env, st.body);
      return;
    case 'While':
      visitExpr(env, st.cond, 'long');
      visitStmt(env, st.body);
      return;
    case 'Foreach':
      visitForeach(env, st);
      return;
    case 'Return':
      visitReturn(env, st);
      return;
    case 'Delete':
      visitDelete(env, st);
      return;
    case 'Next':
    case 'Break':
    case 'Continue':
    case 'Null':
      return;
    default:
      assertNever(st, 'statement');
  }
}

/**
 * Code stap's optimizer removed is not typed, except that a `catch (e)` removed with its `try`
 * still makes `e` a string (PR30570).
 */
function resolveElidedCatches(env: StmtEnv, st: Stmt): void {
  walk(st, {
    enter: (node) => {
      if (node.kind === 'Try' && node.catchVar) {
        env.state.resolveExpr('string', node.catchVar);
        env.state.resolveVariable('string', env.variableOf(node.catchVar));
      }
      return undefined;
    },
  });
}

function visitTry(env: StmtEnv, st: TryStmt): void {
  const s = env.state;
  visitBlock(env, st.body);
  if (st.catchVar) {
    s.resolveExpr('string', st.catchVar);
    s.resolveVariable('string', env.variableOf(st.catchVar));
    s.resolve2Types(st.catchVar, env.variableOf(st.catchVar), 'string');
  }
  visitBlock(env, st.handler);
}

function visitForeach(env: StmtEnv, st: ForeachStmt): void {
  const s = env.state;
  const tok = () => tokenAt(st.span, 'keyword');
  let wanted: ReturnType<typeof s.typeOf> = 'unknown';
  if (st.base.kind === 'Hist') {
    const key = st.keys[0];
    if (st.keys.length !== 1 || !key) s.unresolved(tok);
    if (key) {
      s.resolve2Types(key, env.variableOf(key), 'long');
      if (s.typeOf(key) !== 'long') s.unresolved(tok);
    }
    visitHist(env, st.base);
    wanted = 'long';
  } else {
    const v = env.variableOf(st.base);
    if (st.keys.length !== v.keyTypes.length) {
      s.unresolved(tok);
    } else {
      st.keys.forEach((key, i) => {
        visitColumn(env, key, v, i);
      });
      // The resolver guarantees a slice has one entry per key.
      (st.slice ?? []).forEach((index, i) => {
        if (index && i < v.keyTypes.length) visitColumn(env, index, v, i);
      });
    }
    visitExpr(env, st.base, 'unknown');
    wanted = s.typeOf(st.base);
  }
  const value = st.value;
  if (value) {
    if (wanted === 'stats') s.invalid(() => nameToken(value), wanted);
    else if (wanted !== 'unknown') checkArgType(env, wanted, value);
    else s.resolve2Types(value, env.variableOf(value), 'unknown');
  }
  // `@sum` & co. may only order a statistics array.
  if (wanted !== 'unknown' && st.sortStat !== undefined && wanted !== 'stats') {
    const base = st.base;
    s.invalid(base.kind === 'Symbol' ? () => exprToken(base) : tok, wanted);
  }
  if (st.limit) visitExpr(env, st.limit, 'long');
  visitStmt(env, st.body);
}

function visitReturn(env: StmtEnv, st: ReturnStmt): void {
  const s = env.state;
  const fn = s.currentFunction;
  if (!fn) return;
  if (!st.value) {
    if (fn.returnType !== 'unknown') s.mismatchDecl(() => tokenAt(st.span, 'keyword'), 'unknown', fn);
    return;
  }
  const value = st.value;
  visitExpr(env, value, fn.returnType);
  const vt = s.typeOf(value);
  const tok = () => typedToken(value);
  if (fn.returnType !== 'unknown' && vt !== 'unknown' && fn.returnType !== vt) s.mismatchDecl(tok, vt, fn);
  if (fn.returnType === 'unknown' && (vt === 'long' || vt === 'string')) {
    fn.returnType = vt;
    s.resolved(tok, fn);
  }
  if (vt === 'stats') s.invalid(tok, vt);
  returnDetails(env, fn, value);
}

/** stap's delete_statement_typeresolution_info: only an array element or a variable can be deleted. */
function visitDelete(env: StmtEnv, st: DeleteStmt): void {
  const s = env.state;
  const target = st.target;
  if (target.kind === 'Index') {
    visitExpr(env, target, 'unknown');
    return;
  }
  if (target.kind === 'Symbol') {
    s.resolve2Types(target, env.variableOf(target), 'unknown');
    return;
  }
  s.abort(TYPE_CODES.deleteOperand, 'invalid operand of delete expression', exprToken(target));
}
