/**
 * `warn(msg)` in kernel handlers: a WARNING record (wire/records.ts) with the message, which the
 * runtime prints on stderr as stap does — `WARNING: msg`, a newline added unless the message
 * ends with one, each distinct warning once. The handler runs on.
 */

import { R0 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { RECORD_TYPE, WARNING_RECORD } from '../wire/index.js';
import { align8 } from './frame.js';
import type { Lowering } from './lowering.js';
import { emitRecord } from './output.js';
import { evalString } from './strings.js';

export function lowerWarn(L: Lowering, e: CallExpr): void {
  const msg = e.args[0];
  if (msg === undefined || e.args.length !== 1) L.unsupported(e.span, 'warn()');
  const capacity = align8(Math.min(Math.max(L.capacities.of(msg), 1), L.capacities.maxStringLen));
  const bytes = WARNING_RECORD.bytes + capacity;
  const record = L.frame.buffer(bytes);
  evalString(L, msg, L.slice(record, WARNING_RECORD.bytes, capacity));
  const { reg, off } = L.baseOf(record);
  L.b.st(4, reg, off, RECORD_TYPE.warning).st(4, reg, off + 4, 0);
  L.b.st(8, reg, off + WARNING_RECORD.capacity, capacity);
  emitRecord(L, record, bytes);
  L.b.mov64(R0, 0);
}
