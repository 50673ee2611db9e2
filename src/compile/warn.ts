/**
 * Records carrying one string from a kernel handler, laid out as WARNING (wire/records.ts):
 * `warn(msg)`, which the runtime prints on stderr as stap does — `WARNING: msg`, a newline added
 * unless the message ends with one, each distinct warning once — and `system(cmd)`, which the
 * runtime starts under `/bin/sh -c` in the background, as staprun does with stap's STP_SYSTEM
 * message. The handler runs on.
 */

import { R0 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { RECORD_TYPE, WARNING_RECORD } from '../wire/index.js';
import { align8 } from './frame.js';
import type { Lowering } from './lowering.js';
import { emitRecord } from './output.js';
import { evalString } from './strings.js';

function lowerTextRecord(L: Lowering, e: CallExpr, type: number): void {
  const text = e.args[0];
  if (text === undefined || e.args.length !== 1) L.unsupported(e.span, `${e.name}()`);
  const capacity = align8(Math.min(Math.max(L.capacities.of(text), 1), L.capacities.maxStringLen));
  const bytes = WARNING_RECORD.bytes + capacity;
  const record = L.frame.buffer(bytes);
  evalString(L, text, L.slice(record, WARNING_RECORD.bytes, capacity));
  const { reg, off } = L.baseOf(record);
  L.b.st(4, reg, off, type).st(4, reg, off + 4, 0);
  L.b.st(8, reg, off + WARNING_RECORD.capacity, capacity);
  emitRecord(L, record, bytes);
  L.b.mov64(R0, 0);
}

export function lowerWarn(L: Lowering, e: CallExpr): void {
  lowerTextRecord(L, e, RECORD_TYPE.warning);
}

export function lowerSystem(L: Lowering, e: CallExpr): void {
  lowerTextRecord(L, e, RECORD_TYPE.system);
}
