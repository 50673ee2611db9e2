/**
 * `user_char(addr)`, `user_int(addr)`, `user_long_error(addr)`, `user_short_warn(addr)`... in
 * kernel handlers (upstream tapset/uconversions.stp): bpf_probe_read_user of 1, 2, 4 or 8 bytes
 * of the current task into a stack slot, sign- or zero-extended. On a fault the plain reader is
 * 0, the `_error` one raises stap's `read fault [man error::fault] at 0x...`, the `_warn` one
 * emits stap's warning (`user long copy fault 0x... [man error::fault]`) and is 0.
 */

import { BPF_FUNC_probe_read_user, R0, R1, R2, R3, R10 } from '../bpf/index.js';
import { type UserReader, userReader } from '../elaborate/index.js';
import type { CallExpr } from '../lang/index.js';
import { ERROR_CODE, RECORD_TYPE, WARNING_RECORD } from '../wire/index.js';
import { evalLong } from './expressions.js';
import { numberString } from './format.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { emitRecord } from './output.js';
import { concatRegions, stringBuffer, writeLiteral } from './strings.js';

/** Lowers `name(addr)` into r0 when `name` is a user reader; false otherwise. */
export function lowerUserReader(L: Lowering, e: CallExpr, name: string): boolean {
  const found = userReader(name);
  if (found === undefined) return false;
  const addressArg = e.args[0];
  if (addressArg === undefined || e.args.length !== 1) return L.unsupported(e.span, `${name}()`);
  const { reader, variant } = found;
  const b = L.b;
  evalLong(L, addressArg);
  const address = L.spill();
  const value = L.frame.slot();
  b.st(8, R10, value.offset, 0);
  L.address(R1, value);
  b.mov64(R2, reader.bytes);
  L.reload(R3, address);
  b.call(BPF_FUNC_probe_read_user);
  const ok = b.newLabel('uread');
  const done = b.newLabel('uread_done');
  b.jeq(R0, 0, ok);
  if (variant === 'error') {
    L.reload(R1, address);
    L.raise(e.span, ERROR_CODE.readFault, R1);
  } else {
    if (variant === 'warn') warnFault(L, reader, address);
    b.mov64(R0, 0).ja(done);
  }
  b.label(ok);
  b.ldx(reader.bytes, R0, R10, value.offset);
  const shift = 64 - 8 * reader.bytes;
  if (reader.signed && shift > 0) b.lsh64(R0, shift).arsh64(R0, shift);
  b.label(done);
  return true;
}

/** A WARNING record `<warnText>0x<addr> [man error::fault]` (stap's `%p` is `%#x`). */
function warnFault(L: Lowering, reader: UserReader, address: Region): void {
  const literal = (text: string): Region => {
    const dst = stringBuffer(L, text.length + 1);
    writeLiteral(L, text, dst);
    return dst;
  };
  const head = literal(`${reader.warnText ?? ''}0x`);
  L.reload(R0, address);
  const digits = numberString(L, 'x');
  const tail = literal(' [man error::fault]');
  const capacity = Math.min(head.bytes + digits.bytes + tail.bytes, L.capacities.maxStringLen);
  const bytes = WARNING_RECORD.bytes + capacity;
  const record = L.frame.buffer(bytes);
  concatRegions(L, [head, digits, tail], L.slice(record, WARNING_RECORD.bytes, capacity));
  const { reg, off } = L.baseOf(record);
  L.b.st(4, reg, off, RECORD_TYPE.warning).st(4, reg, off + 4, 0);
  L.b.st(8, reg, off + WARNING_RECORD.capacity, capacity);
  emitRecord(L, record, bytes);
}
