/**
 * Runtime errors whose message the handler builds (a literal and numbers): the stack builtins'
 * `reached end of stack before unwinding to level N` (tapset context.stpm
 * `__context_unwind_error`) and `user_buffer_quoted_error`'s `Unable to access user space data
 * at 0x...`. They are `error()`s of the tapset functions: raised as errors-raise.ts raises
 * `error(msg)` (a scriptError record with the message, or the enclosing catch with the message
 * in its variable).
 */
import { R0, R10, type Register } from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import { ERROR_CODE } from '../wire/index.js';
import { sendScriptError } from './errors-raise.js';
import { numberString } from './format.js';
import { align8, type Region } from './frame.js';
import type { Lowering } from './lowering.js';
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
  sendScriptError(L, span, capacity, (message) => concatRegions(L, pieceRegions(L, pieces), message));
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
