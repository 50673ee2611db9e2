/**
 * `try { } catch (msg) { }` in kernel handlers: while the body is lowered, every runtime error
 * raised in it (Lowering.raise, `error()`) jumps to the catch block instead of aborting the
 * handler, after writing its message into the catch variable; nothing is reported or counted,
 * as in stap. Errors in the catch block go to the enclosing try, or abort the handler.
 */
import type { TryStmt } from '../lang/index.js';
import { writeErrorMessage } from './errors-message.js';
import type { Region } from './frame.js';
import { storageOf } from './globals.js';
import { type Lowering, Unsupported } from './lowering.js';
import { copyToMapValue, stringBuffer } from './strings.js';

/** The catch variable's buffer, and how to store it when it is a global. */
function catchTarget(L: Lowering, s: TryStmt): { message: Region; store?: () => void } | undefined {
  if (s.catchVar === undefined) return undefined;
  const v = L.program.bindings.get(s.catchVar);
  if (v === undefined) return L.unsupported(s.catchVar.span, 'this catch variable');
  if (v.scope === 'local') {
    const home = L.locals.get(v);
    if (home?.kind !== 'string') return L.unsupported(s.catchVar.span, 'this catch variable');
    return { message: home.buffer };
  }
  const storage = storageOf(L, v, s.catchVar.span);
  if (storage.kind !== 'scalar' || storage.value.kind !== 'string')
    return L.unsupported(s.catchVar.span, 'this catch variable');
  const capacity = storage.value.capacity;
  const message = stringBuffer(L, capacity);
  return { message, store: () => copyToMapValue(L, message, storage.map, capacity) };
}

export function lowerTry(L: Lowering, s: TryStmt, lowerBlock: (s: TryStmt['body']) => void): void {
  const b = L.b;
  const mark = L.frame.mark();
  const caught = b.newLabel('catch');
  const end = b.newLabel('endtry');
  let target: ReturnType<typeof catchTarget>;
  try {
    target = catchTarget(L, s);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
  }
  const message = target?.message;
  let raises = false;
  L.catchers.push({
    label: caught,
    message,
    raised: (code, argument, detail) => {
      raises = true;
      if (message !== undefined) writeErrorMessage(L, code, argument, detail, message);
    },
  });
  try {
    lowerBlock(s.body);
  } finally {
    L.catchers.pop();
  }
  // Nothing in the body can fail: the catch block could never run (and the verifier refuses
  // code no jump reaches).
  if (raises) {
    // After a body that ends in a jump (`return`, `next`, `break`) a `ja` would be unreachable.
    const last = b.build().at(-1);
    if (last?.op !== 'ja' && last?.op !== 'exit') b.ja(end);
    b.label(caught);
    target?.store?.();
    lowerBlock(s.handler);
    b.label(end);
  }
  L.frame.release(mark);
}
