/**
 * `returnstr(format)`, `return_str(format, ret)` and `user_buffer_quoted(addr, inlen, outlen)`
 * in kernel handlers: printed-only values made in user space (context-stack.ts routes the
 * print). The record keeps the format and the 64-bit value, or the raw bytes of the user buffer
 * (bpf_probe_read_user of the bytes stap's `_stp_text_str` reads) with the address and lengths;
 * runtime/kernel-side/deferred-text.ts formats them (wire/deferred-output.ts has the layouts).
 */
import { BPF_FUNC_probe_read_user, R0, R1, R2, R3, R6, R10 } from '../bpf/index.js';
import type { CallExpr, Expr } from '../lang/index.js';
import { USER_BUFFER_HEADER_BYTES } from '../wire/index.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';

/** x86_64 struct pt_regs' ax: a uprobe's context, the return value at a function's return. */
const PT_REGS_AX = 80;

function callOf(L: Lowering, e: Expr): CallExpr {
  return e.kind === 'Call' ? e : L.unsupported(e.span, 'this argument');
}

function store(L: Lowering, slot: Region, at: number): void {
  const { reg, off } = L.baseOf(slot, at);
  L.b.stx(8, reg, off, R0);
}

/**
 * s64 format, s64 value: `return_str`'s second argument, or for `returnstr` the return register
 * of the probed user code (stap's `_stp_returnval(regs)`, the ax register whatever the probe).
 */
export function storeReturnString(L: Lowering, e: Expr, slot: Region): void {
  const call = callOf(L, e);
  const [format, ret] = call.args;
  if (format === undefined) L.unsupported(call.span, `${call.name}()`);
  if (call.name === 'returnstr') {
    if (L.probe.point.family !== 'process')
      L.unsupported(call.span, 'returnstr() outside process(...) probes');
    L.b.ldx(8, R0, R6, PT_REGS_AX);
  } else if (ret === undefined) {
    L.unsupported(call.span, `${call.name}()`);
  } else {
    evalLong(L, ret);
  }
  store(L, slot, 8);
  evalLong(L, format);
  store(L, slot, 0);
}

/**
 * s64 bytes copied (-1: a fault), u64 address, s64 inlen, s64 outlen, then the bytes: stap reads
 * inlen of them (<= 0 or more than MAXSTRINGLEN - 1: MAXSTRINGLEN - 1), `capacity` at most.
 */
export function storeUserBuffer(L: Lowering, e: Expr, slot: Region, capacity: number): void {
  const b = L.b;
  const call = callOf(L, e);
  const [address, inlen, outlen] = call.args;
  if (address === undefined || inlen === undefined || outlen === undefined)
    L.unsupported(call.span, `${call.name}()`);
  evalLong(L, outlen);
  store(L, slot, 24);
  evalLong(L, address);
  store(L, slot, 8);
  evalLong(L, inlen);
  store(L, slot, 16);
  const size = L.frame.slot();
  const most = Math.min(L.capacities.maxStringLen - 1, capacity);
  const full = b.newLabel('ubuflen');
  const sized = b.newLabel('ubuflen');
  b.jsle(R0, 0, full).jsgt(R0, most, full).ja(sized).label(full).mov64(R0, most).label(sized);
  b.stx(8, R10, size.offset, R0);
  const bytes = L.slice(slot, USER_BUFFER_HEADER_BYTES, capacity);
  L.zero(bytes);
  L.address(R1, bytes);
  const addr = L.baseOf(slot, 8);
  b.ldx(8, R2, R10, size.offset).ldx(8, R3, addr.reg, addr.off);
  b.call(BPF_FUNC_probe_read_user);
  const copied = b.newLabel('ubufread');
  const done = b.newLabel('ubufdone');
  b.jeq(R0, 0, copied).mov64(R0, -1).ja(done);
  b.label(copied).ldx(8, R0, R10, size.offset).label(done);
  store(L, slot, 0);
}
