/**
 * `error(msg)` and `log(msg)` in kernel handlers. `error` is a runtime error with the script's
 * message: inside a `try` it goes to the catch block with the message in the catch variable;
 * otherwise an ERROR record carrying the message (wire/records.ts `scriptError`) is sent, the
 * error counted against MAXERRORS as every other runtime error is, and the handler ends. `log`
 * prints its message and a newline, as `println` does.
 */
import { type Label, R0, R1, R2 } from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import type { CallExpr, Expr, PrintExpr } from '../lang/index.js';
import { ERROR_CODE, ERROR_RECORD, RECORD_TYPE, SESSION_STATE, STATE_OFFSET } from '../wire/index.js';
import { branch } from './expressions.js';
import { align8, type Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { emitRecord, lowerPrint } from './output.js';
import { STATE_SYMBOL } from './plan.js';
import { evalString } from './strings.js';

function messageArg(L: Lowering, e: CallExpr): Expr {
  const msg = e.args[0];
  if (msg === undefined || e.args.length !== 1) return L.unsupported(e.span, `${e.name}()`);
  return msg;
}

export function lowerError(L: Lowering, e: CallExpr): void {
  const msg = messageArg(L, e);
  const catcher = L.catchers[L.catchers.length - 1];
  if (catcher !== undefined) {
    if (catcher.message !== undefined) evalString(L, msg, catcher.message);
    else evalString(L, msg);
    catcher.raised(ERROR_CODE.scriptError);
    jumpAlways(L, catcher.label);
    return;
  }
  const capacity = align8(Math.min(Math.max(L.capacities.of(msg), 1), L.capacities.maxStringLen));
  sendScriptError(L, e.span, capacity, (message) => evalString(L, msg, message));
  jumpAlways(L, L.exitLabel);
}

/**
 * A script error outside any catch: an ERROR record blamed on `span`, its message (`capacity`
 * bytes) written by `fill`, counted against MAXERRORS (past it, the session state becomes error).
 * The caller ends the handler after it.
 */
export function sendScriptError(
  L: Lowering,
  span: Span,
  capacity: number,
  fill: (message: Region) => void,
): void {
  const b = L.b;
  const bytes = ERROR_RECORD.bytes + capacity;
  const record = L.frame.buffer(bytes);
  fill(L.slice(record, ERROR_RECORD.bytes, capacity));
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
}

/**
 * `assert(cond[, msg])`: when `cond` is 0, the runtime error `msg` ("Assertion failed" without
 * one), raised exactly as `error(msg)` is (tapset/logging.stp).
 */
export function lowerAssert(L: Lowering, e: CallExpr): void {
  const [condition, message] = e.args;
  if (condition === undefined || e.args.length > 2) {
    L.unsupported(e.span, 'assert()');
    return;
  }
  const holds = L.b.newLabel('asserted');
  branch(L, condition, holds, true);
  const msg: Expr = message ?? { kind: 'String', value: 'Assertion failed', span: e.span };
  lowerError(L, { kind: 'Call', name: 'assert', args: [msg], span: e.span });
  L.b.label(holds);
}

/**
 * A jump the verifier's control-flow check sees as conditional (r0 is known to be 0 only when it
 * follows the path), so statements after `error()` are not "unreachable insn": they are dead.
 */
function jumpAlways(L: Lowering, label: Label): void {
  L.b.mov64(R0, 0).jeq(R0, 0, label);
}

export function lowerLog(L: Lowering, e: CallExpr): void {
  const msg = messageArg(L, e);
  const print: PrintExpr = { kind: 'Print', name: 'println', args: [msg], span: e.span };
  lowerPrint(L, print);
}
