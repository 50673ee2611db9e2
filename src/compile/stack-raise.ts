/**
 * Runtime errors whose message the handler builds (a literal and numbers): the stack builtins'
 * `reached end of stack before unwinding to level N` (tapset context.stpm
 * `__context_unwind_error`) and `user_buffer_quoted_error`'s `Unable to access user space data
 * at 0x...`. They are `error()`s of the tapset functions: raised as errors.ts raises
 * `error(msg)` (a scriptError record with the message, or the enclosing catch with the message
 * in its variable).
 */
import { R0, R1, R2, R10, type Register } from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import { ERROR_CODE, ERROR_RECORD, RECORD_TYPE, SESSION_STATE, STATE_OFFSET } from '../wire/index.js';
import { numberString } from './format.js';
import { align8, type Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { emitRecord } from './output.js';
import { STATE_SYMBOL } from './plan.js';
import { concatRegions, stringBuffer, writeLiteral } from './strings.js';

/** A literal, or a number saved in a stack slot and converted as `%d` or `%x`. */
export type MessagePiece = string | { readonly slot: Region; readonly conversion: 'd' | 'x' };

function pieceRegions(L: Lowering, pieces: readonly MessagePiece[]): Region[] {
  return pieces.map((p) => {
    if (typeof p !== 'string') {
      L.reload(R0, p.slot);
      return numberString(L, p.conversion);
    }
    const dst = stringBuffer(L, p.length + 1);
    writeLiteral(L, p, dst);
    return dst;
  });
}

/** Raises the runtime error whose message is `pieces`, blamed on `span`. */
export function raiseMessage(L: Lowering, span: Span, pieces: readonly MessagePiece[]): void {
  const b = L.b;
  const catcher = L.catchers[L.catchers.length - 1];
  if (catcher !== undefined) {
    if (catcher.message !== undefined) concatRegions(L, pieceRegions(L, pieces), catcher.message);
    catcher.raised(ERROR_CODE.scriptError);
    b.ja(catcher.label);
    return;
  }
  // Literal text, and at most 20 characters per number.
  const longest = pieces.reduce((n, p) => n + (typeof p === 'string' ? p.length : 20), 1);
  const capacity = align8(Math.min(longest, L.capacities.maxStringLen));
  const bytes = ERROR_RECORD.bytes + capacity;
  const record = L.frame.buffer(bytes);
  concatRegions(L, pieceRegions(L, pieces), L.slice(record, ERROR_RECORD.bytes, capacity));
  const site = L.shared.errorSites.length;
  L.shared.errorSites.push({ span, probe: L.probe });
  const { reg, off } = L.baseOf(record);
  b.st(4, reg, off, RECORD_TYPE.error).st(4, reg, off + 4, site);
  b.st(4, reg, off + ERROR_RECORD.code, ERROR_CODE.scriptError).st(4, reg, off + ERROR_RECORD.detail, 0);
  b.st(8, reg, off + ERROR_RECORD.argument, capacity);
  emitRecord(L, record, bytes);
  // Counted as the handler's error tail counts a raised error (handler.ts).
  b.ldMapValue(R1, STATE_SYMBOL).mov64(R2, 1).atomicAdd(8, R1, STATE_OFFSET.errors, R2);
  b.ldx(8, R2, R1, STATE_OFFSET.errors);
  b.jle(R2, Math.min(L.options.maxErrors, 0x7fffffff), L.exitLabel);
  b.st(8, R1, STATE_OFFSET.state, SESSION_STATE.error);
  b.ja(L.exitLabel);
}

/** `reached end of stack before unwinding to level N`, N the depth asked for (in `depth`). */
export function raiseUnwindError(L: Lowering, span: Span, depth: Register | Region): void {
  let slot: Region;
  if (typeof depth !== 'string') slot = depth;
  else {
    slot = L.frame.slot();
    L.b.stx(8, R10, slot.offset, depth);
  }
  raiseMessage(L, span, ['reached end of stack before unwinding to level ', { slot, conversion: 'd' }]);
}
