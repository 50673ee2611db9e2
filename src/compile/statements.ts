/**
 * Statements of kernel handlers. Each statement's temporaries are released when it ends. A
 * construct that cannot be lowered yet is reported at its own span and the statement abandoned;
 * lowering goes on so that one run reports every such construct.
 */
import { R1, R10 } from '../bpf/index.js';
import type { DeleteStmt, Stmt } from '../lang/index.js';
import { deleteWhole } from './delete-all.js';
import { lowerTry } from './errors-try.js';
import { branch, evalEffect } from './expressions.js';
import { lowerForeach } from './foreach.js';
import { lowerReturn } from './functions.js';
import { deleteElement, storageOf } from './globals.js';
import { lowerLoop } from './loops.js';
import { type Lowering, Unsupported } from './lowering.js';

/** Runs `body` with the statement's temporaries released afterwards; absorbs a refusal. */
function statement(L: Lowering, body: () => void): void {
  const mark = L.frame.mark();
  try {
    body();
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
  } finally {
    L.frame.release(mark);
  }
}

export function lowerStmt(L: Lowering, s: Stmt): void {
  const b = L.b;
  b.at(s.span);
  switch (s.kind) {
    case 'Block':
      for (const x of s.statements) lowerStmt(L, x);
      return;
    case 'ExprStmt':
      b.at(s.expr.span);
      statement(L, () => evalEffect(L, s.expr));
      return;
    case 'If': {
      const otherwise = b.newLabel('else');
      const end = b.newLabel('endif');
      statement(L, () => branch(L, s.cond, otherwise, false));
      lowerStmt(L, s.then);
      if (s.otherwise !== undefined) {
        b.ja(end).label(otherwise);
        lowerStmt(L, s.otherwise);
        b.label(end);
      } else {
        b.label(otherwise);
      }
      return;
    }
    case 'Next':
      if (L.inlining.length > 0) statement(L, () => L.unsupported(s.span, "'next' in a function"));
      else b.ja(L.exitLabel);
      return;
    case 'Null':
      return;
    case 'Delete':
      statement(L, () => lowerDelete(L, s));
      return;
    case 'For':
    case 'While':
      lowerLoop(L, s);
      return;
    case 'Foreach':
      statement(L, () => lowerForeach(L, s));
      return;
    case 'Try':
      lowerTry(L, s, (block) => lowerStmt(L, block));
      return;
    case 'Break':
    case 'Continue': {
      const loop = L.loops[L.loops.length - 1];
      if (loop === undefined) {
        statement(L, () => L.unsupported(s.span, `'${s.kind.toLowerCase()}' outside a loop`));
        return;
      }
      b.ja(s.kind === 'Break' ? loop.breakTo : loop.continueTo);
      return;
    }
    case 'Return':
      statement(L, () => lowerReturn(L, s));
      return;
  }
}

function lowerDelete(L: Lowering, s: DeleteStmt): void {
  const t = s.target;
  if (t.kind === 'Index') {
    deleteElement(L, t);
    return;
  }
  if (t.kind !== 'Symbol') L.unsupported(t.span, 'deleting this');
  const v = L.program.bindings.get(t);
  if (v === undefined) L.unsupported(t.span, 'deleting this');
  if (v.scope === 'local') {
    const home = L.locals.get(v);
    if (home === undefined) return;
    if (home.kind === 'long') L.b.st(8, R10, home.slot.offset, 0);
    else L.zero(home.buffer);
    return;
  }
  const storage = storageOf(L, v, t.span);
  if (storage.kind !== 'scalar') {
    deleteWhole(L, storage, t.span);
    return;
  }
  L.b.ldMapValue(R1, storage.map);
  const bytes = storage.value.kind === 'long' ? 8 : storage.value.capacity;
  let k = 0;
  for (; k + 8 <= bytes; k += 8) L.b.st(8, R1, k, 0);
  for (; k < bytes; k++) L.b.st(1, R1, k, 0);
}
