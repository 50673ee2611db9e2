/**
 * Statements → JS statements, in the same emission order as translate.cxx so that MAXACTION is
 * charged at the same points (see FnEmitter.record). Loops use labels: `break` leaves the loop's
 * label, `continue` reaches stap's continue label (the `for` step, the next `foreach` element).
 */
import type { Span } from '../../diag/index.js';
import type { Variable } from '../../elaborate/index.js';
import type { DeleteStmt, Expr, ForeachStmt, ForStmt, Stmt, TryStmt, WhileStmt } from '../../lang/index.js';
import { assertNever } from '../../util/index.js';
import { type Body, cond, expr, keyOf } from './expressions.js';
import { forEachChildExpr } from './walk.js';

/** The span of the leftmost token of an expression (a `for` init or step, which stap parses as a statement). */
export function firstSpan(e: Expr): Span {
  let best = e.span;
  const consider = (span: Span) => {
    if (span.source === best.source && span.start < best.start) best = span;
  };
  const visit = (x: Expr) => {
    consider(x.span);
    if (x.kind === 'Index' || x.kind === 'In') consider(x.base.span);
    forEachChildExpr(x, visit);
  };
  visit(e);
  return best;
}

/** The token stap's statement node carries (its first token). */
export function stmtSpan(s: Stmt): Span {
  return s.span;
}

function zero(v: Variable): string {
  return v.type === 'string' ? "''" : '0n';
}

export function stmt(b: Body, s: Stmt): void {
  switch (s.kind) {
    case 'Block':
      for (const x of s.statements) stmt(b, x);
      return;
    case 'Try':
      tryStmt(b, s);
      return;
    case 'ExprStmt':
      b.fn.line(`${expr(b, s.expr)};`);
      b.fn.record(1, stmtSpan(s));
      return;
    case 'If': {
      b.fn.record(1, s.span, true);
      b.fn.open(`if (${cond(b, s.cond)}) {`);
      stmt(b, s.then);
      b.fn.record(0, stmtSpan(s.then), true);
      if (s.otherwise) {
        b.fn.reopen('} else {');
        stmt(b, s.otherwise);
        b.fn.record(0, stmtSpan(s.otherwise), true);
      }
      b.fn.close();
      return;
    }
    case 'For':
    case 'While':
      loop(b, s);
      return;
    case 'Foreach':
      if (s.base.kind === 'Hist') histForeach(b, s);
      else arrayForeach(b, s);
      return;
    case 'Return':
      returnStmt(b, s.value, s.span);
      return;
    case 'Next':
      if (b.fn.kind === 'function') {
        b.fn.line('c.next = 1;');
        b.fn.record(1, s.span, true);
        b.fn.line(`c.ls[d] = -1; c.n--; return ${defaultReturn(b)};`);
      } else {
        b.fn.record(1, s.span, true);
        b.fn.line('return;');
      }
      return;
    case 'Break': {
      b.fn.record(1, s.span, true);
      const l = b.fn.loops[b.fn.loops.length - 1];
      b.fn.line(l ? `break ${l.breakLabel};` : 'break;');
      return;
    }
    case 'Continue': {
      b.fn.record(1, s.span, true);
      const l = b.fn.loops[b.fn.loops.length - 1];
      b.fn.line(l ? l.continueStmt : 'continue;');
      return;
    }
    case 'Delete':
      deleteStmt(b, s);
      b.fn.record(1, s.span);
      return;
    case 'Null':
      return;
    default:
      assertNever(s, 'statement');
  }
}

export function defaultReturn(b: Body): string {
  switch (b.fn.returnType) {
    case 'long':
      return '0n';
    case 'string':
      return "''";
    default:
      return 'undefined';
  }
}

function returnStmt(b: Body, value: Expr | undefined, at: Span): void {
  if (b.fn.kind === 'probe') {
    // Pass 2 rejects `return` in a probe; treat it as leaving the handler.
    b.fn.record(1, at, true);
    b.fn.line('return;');
    return;
  }
  if (value) {
    const r = b.fn.temp();
    b.fn.line(`${r} = ${expr(b, value)};`);
    b.fn.record(1, at, true);
    b.fn.line(`c.ls[d] = -1; c.n--; return ${r};`);
  } else {
    b.fn.record(1, at, true);
    b.fn.line(`c.ls[d] = -1; c.n--; return ${defaultReturn(b)};`);
  }
}

function tryStmt(b: Body, s: TryStmt): void {
  b.fn.record(0, s.span, true);
  b.fn.open('try {');
  stmt(b, s.body);
  b.fn.record(0, s.body.span, true);
  b.fn.reopen('} catch (e) {');
  b.fn.line('if (!rt.catchable(e)) throw e;');
  b.fn.line('c.n = d - 1;');
  if (s.catchVar) {
    const v = b.prog.variable(s.catchVar);
    const target = v.scope === 'local' ? `${b.prog.localName(v)} = ` : `${b.prog.globalName(v)}.set(`;
    b.fn.line(v.scope === 'local' ? `${target}rt.trunc(e.message);` : `${target}rt.trunc(e.message));`);
  }
  b.fn.line('rt.unwound(c, d);');
  b.fn.record(1, s.span, true);
  stmt(b, s.handler);
  b.fn.record(0, s.handler.span, true);
  b.fn.close();
}

function loop(b: Body, s: ForStmt | WhileStmt): void {
  const init = s.kind === 'For' ? s.init : undefined;
  const step = s.kind === 'For' ? s.step : undefined;
  if (init) {
    b.fn.line(`${expr(b, init)};`);
    b.fn.record(1, firstSpan(init));
  }
  b.fn.record(1, s.span, true);
  const brk = b.fn.label('L');
  const cont = b.fn.label('C');
  b.fn.open(`${brk}: for (;;) {`);
  b.fn.record(1, s.span);
  if (s.cond) b.fn.line(`if (!${cond(b, s.cond)}) break ${brk};`);
  b.fn.loops.push({ breakLabel: brk, continueStmt: `break ${cont};` });
  b.fn.open(`${cont}: {`);
  stmt(b, s.body);
  b.fn.record(0, stmtSpan(s.body), true);
  b.fn.close();
  b.fn.loops.pop();
  if (step) {
    b.fn.line(`${expr(b, step)};`);
    b.fn.record(1, firstSpan(step));
  }
  b.fn.close();
}

function sortDirection(s: ForeachStmt): { column: number; direction: 0 | 1 | -1 } {
  return s.sort ? { column: s.sort.column, direction: s.sort.direction } : { column: 0, direction: 0 };
}

function arrayForeach(b: Body, s: ForeachStmt): void {
  if (s.base.kind !== 'Symbol') return;
  const arr = b.prog.variable(s.base);
  const g = b.prog.globalName(arr);
  let limit: string | undefined;
  if (s.limit) {
    limit = b.fn.temp();
    b.fn.line(`${limit} = ${expr(b, s.limit)};`);
  }
  const { column, direction } = sortDirection(s);
  const entries = b.fn.temp();
  const sortLimit = direction !== 0 && limit !== undefined ? limit : 'undefined';
  if (arr.type === 'stats') {
    const kind = s.sortStat === 'variance' || s.sortStat === undefined ? 'count' : s.sortStat;
    b.fn.line(`${entries} = rt.foreachStats(${g}, ${column}, ${direction}, ${sortLimit}, '${kind}');`);
  } else {
    b.fn.line(`${entries} = rt.foreach(${g}, ${column}, ${direction}, ${sortLimit});`);
  }
  const slice: (string | null)[] = [];
  for (const x of s.slice ?? []) {
    if (x === null) {
      slice.push(null);
      continue;
    }
    const t = b.fn.temp();
    b.fn.line(`${t} = ${expr(b, x)};`);
    slice.push(t);
  }
  b.fn.record(1, s.span, true);
  const count = limit !== undefined ? b.fn.temp() : undefined;
  if (count) b.fn.line(`${count} = 0n;`);
  const brk = b.fn.label('L');
  const e = b.fn.temp();
  b.fn.open(`${brk}: for (${e} of ${entries}) {`);
  b.fn.record(1, s.span);
  if (count && limit) b.fn.line(`if (${count}++ >= ${limit}) break ${brk};`);
  s.keys.forEach((k, i) => {
    const v = b.prog.variable(k);
    assignTo(b, v, `${e}.keys[${i}]`);
  });
  const checks: string[] = [];
  slice.forEach((t, i) => {
    const k = s.keys[i];
    if (t === null) return;
    if (k) checks.push(`${readName(b, b.prog.variable(k))} !== ${t}`);
    else checks.push(`${e}.keys[${i}] !== ${t}`);
  });
  if (checks.length > 0) b.fn.line(`if (${checks.join(' || ')}) continue ${brk};`);
  if (s.value) assignTo(b, b.prog.variable(s.value), `${e}.value`);
  b.fn.loops.push({ breakLabel: brk, continueStmt: `continue ${brk};` });
  b.fn.open('{');
  stmt(b, s.body);
  b.fn.record(0, stmtSpan(s.body), true);
  b.fn.close();
  b.fn.loops.pop();
  b.fn.close();
}

function histForeach(b: Body, s: ForeachStmt): void {
  if (s.base.kind !== 'Hist') return;
  const stat = s.base.stat;
  let limit: string | undefined;
  if (s.limit) {
    limit = b.fn.temp();
    b.fn.line(`${limit} = ${expr(b, s.limit)};`);
  }
  const count = limit !== undefined ? b.fn.temp() : undefined;
  if (count) b.fn.line(`${count} = 0n;`);
  const buckets = b.fn.temp();
  let statVar: Variable | undefined;
  let agg = 'undefined';
  if (stat.kind === 'Symbol') {
    statVar = b.prog.variable(stat);
    agg = `${b.prog.globalName(statVar)}.read()`;
  } else if (stat.kind === 'Index' && stat.base.kind === 'Symbol') {
    statVar = b.prog.variable(stat.base);
    agg = `${b.prog.globalName(statVar)}.read(${keyOf(stat.indexes.map((i) => (i ? expr(b, i) : '0n')))})`;
  }
  if (!statVar) return;
  b.fn.line(`${buckets} = rt.buckets(${b.prog.specRef(statVar)}, ${agg});`);
  b.fn.record(1, s.span, true);
  const key = s.keys[0];
  if (!key) return;
  const kv = b.prog.variable(key);
  const kName = readName(b, kv);
  const brk = b.fn.label('L');
  const i = b.fn.temp();
  // The bucket variable is the loop counter itself, as in stap's generated C.
  b.fn.open(
    `${brk}: for (${setName(b, kv, '0n')}; ${kName} < BigInt(${buckets}.length); ${setName(b, kv, `${kName} + 1n`)}) {`,
  );
  if (count && limit) b.fn.line(`if (${count}++ >= ${limit}) break ${brk};`);
  b.fn.line(`${i} = ${buckets}[Number(${kName})];`);
  if (s.value) assignTo(b, b.prog.variable(s.value), `(${i} ? ${i}[1] : 0n)`);
  b.fn.loops.push({ breakLabel: brk, continueStmt: `continue ${brk};` });
  b.fn.open('{');
  stmt(b, s.body);
  b.fn.record(1, stmtSpan(s.body), true);
  b.fn.close();
  b.fn.loops.pop();
  b.fn.close();
}

function readName(b: Body, v: Variable): string {
  return v.scope === 'local' ? b.prog.localName(v) : `${b.prog.globalName(v)}.get()`;
}

function setName(b: Body, v: Variable, value: string): string {
  return v.scope === 'local' ? `${b.prog.localName(v)} = ${value}` : `${b.prog.globalName(v)}.set(${value})`;
}

function assignTo(b: Body, v: Variable, value: string): void {
  b.fn.line(`${setName(b, v, value)};`);
}

function deleteStmt(b: Body, s: DeleteStmt): void {
  const t = s.target;
  if (t.kind === 'Symbol') {
    const v = b.prog.variable(t);
    if (v.scope === 'local') {
      b.fn.line(`${b.prog.localName(v)} = ${zero(v)};`);
      return;
    }
    const g = b.prog.globalName(v);
    if ((v.arity ?? 0) > 0 || v.type === 'stats') b.fn.line(`${g}.clear();`);
    else b.fn.line(`${g}.reset();`);
    return;
  }
  if (t.kind === 'Index' && t.base.kind === 'Symbol') {
    const v = b.prog.variable(t.base);
    const g = b.prog.globalName(v);
    if (t.indexes.some((i) => i === null)) {
      const pattern = t.indexes.map((i) => (i ? expr(b, i) : 'null')).join(', ');
      b.fn.line(`rt.deleteSlice(${g}, [${pattern}]);`);
      return;
    }
    b.fn.line(`${g}.delete(${keyOf(t.indexes.map((i) => expr(b, i!)))});`);
    return;
  }
  b.prog.unsupported(t.span, 'invalid operand of delete expression');
}
