/**
 * `system(cmd)` in kernel handlers: a SYSTEM record (wire/records.ts, laid out as WARNING) with
 * the command, which the runtime starts under `/bin/sh -c` in the background, as staprun does
 * with stap's STP_SYSTEM message. The handler runs on.
 */
import { R0 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { RECORD_TYPE, WARNING_RECORD } from '../wire/index.js';
import { align8 } from './frame.js';
import type { Lowering } from './lowering.js';
import { emitRecord } from './output.js';
import { evalString } from './strings.js';

export function lowerSystem(L: Lowering, e: CallExpr): void {
  const command = e.args[0];
  if (command === undefined || e.args.length !== 1) L.unsupported(e.span, 'system()');
  const capacity = align8(Math.min(Math.max(L.capacities.of(command), 1), L.capacities.maxStringLen));
  const bytes = WARNING_RECORD.bytes + capacity;
  const record = L.frame.buffer(bytes);
  evalString(L, command, L.slice(record, WARNING_RECORD.bytes, capacity));
  const { reg, off } = L.baseOf(record);
  L.b.st(4, reg, off, RECORD_TYPE.system).st(4, reg, off + 4, 0);
  L.b.st(8, reg, off + WARNING_RECORD.capacity, capacity);
  emitRecord(L, record, bytes);
  L.b.mov64(R0, 0);
}
