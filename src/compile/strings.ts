/**
 * String values in kernel handlers: NUL-terminated bytes in fixed-capacity buffers (stack or
 * scratch, see frame.ts), sized from what can flow in (capacity.ts). Every buffer is kept
 * *clean*: zero from its NUL to its end, so strings compare and hash as whole buffers — a map
 * key is its columns' bytes. Copies are unrolled 8-byte moves for short buffers and
 * bpf_probe_read_kernel for long ones; a copy into a smaller buffer truncates, as stap's
 * MAXSTRINGLEN buffers do.
 */
import {
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_probe_read_kernel_str,
  R0,
  R1,
  R2,
  R3,
  R10,
  type Register,
} from '../bpf/index.js';
import type { AssignExpr, Expr } from '../lang/index.js';
import { callString } from './builtins.js';
import { readAutocastString, readCastString } from './cast.js';
import { branch } from './expressions.js';
import { sprint } from './format.js';
import { align8, type Region } from './frame.js';
import { assignElementString, readElementString, storageOf } from './globals.js';
import type { Lowering } from './lowering.js';
import { readEntryString } from './syscall-entry.js';
import { refuseSyscallText } from './syscall-output.js';
import { readStringTarget } from './trace-fields.js';

/** Buffers up to this size are copied with unrolled loads and stores. */
const UNROLL_LIMIT_BYTES = 128;

/** A temporary buffer for a string of up to `capacity` bytes. */
export function stringBuffer(L: Lowering, capacity: number): Region {
  return L.frame.buffer(align8(Math.max(capacity, 1)));
}

/**
 * Evaluates a string expression. With `into`, the value is written there (truncated to fit) and
 * `into` is returned; otherwise the value's own buffer is returned (a variable's, or a new one).
 */
export function evalString(L: Lowering, e: Expr, into?: Region): Region {
  switch (e.kind) {
    case 'String': {
      const dst = into ?? stringBuffer(L, L.capacities.of(e));
      writeLiteral(L, e.value, dst);
      return dst;
    }
    case 'Symbol': {
      const v = L.program.bindings.get(e);
      if (v === undefined) return L.unsupported(e.span, 'this symbol');
      if (v.scope === 'local') {
        const home = L.locals.get(v);
        if (home === undefined) refuseSyscallText(L, e, e.span);
        if (home?.kind !== 'string') return L.unsupported(e.span, 'this local');
        if (into === undefined) return home.buffer;
        copyBuffer(L, home.buffer, into);
        return into;
      }
      const s = storageOf(L, v, e.span);
      if (s.kind !== 'scalar' || s.value.kind !== 'string')
        return L.unsupported(e.span, 'reading this global');
      const dst = into ?? stringBuffer(L, s.value.capacity);
      L.b.ldMapValue(R2, s.map);
      copyFromPointer(L, R2, s.value.capacity, dst);
      return dst;
    }
    case 'Index': {
      const dst = into ?? stringBuffer(L, L.capacities.maxStringLen);
      readElementString(L, e, dst);
      return dst;
    }
    case 'Call':
      return callString(L, e, into);
    case 'TargetSymbol':
      return readStringTarget(L, e, into);
    case 'Cast':
      return readCastString(L, e, into);
    case 'Autocast':
      return readAutocastString(L, e, into);
    case 'Entry':
      return readEntryString(L, e, into);
    case 'Ternary': {
      const dst = into ?? stringBuffer(L, L.capacities.of(e));
      const otherwise = L.b.newLabel('else');
      const end = L.b.newLabel('endif');
      branch(L, e.cond, otherwise, false);
      evalString(L, e.then, dst);
      L.b.ja(end).label(otherwise);
      evalString(L, e.otherwise, dst);
      L.b.label(end);
      return dst;
    }
    case 'Assign':
      assignString(L, e, true);
      return evalString(L, e.left, into);
    case 'Concat':
      return concat(L, e.operands, into);
    case 'Print':
      return sprint(L, e, into);
    default:
      return L.unsupported(e.span, 'this string expression');
  }
}

/**
 * `a . b . c`: the operands (evaluated left to right) appended into a zeroed scratch buffer big
 * enough for all of them, each at the length so far — bpf_probe_read_kernel_str's result,
 * clamped so that the verifier sees every write stay inside the buffer — then copied into `into`
 * (or a new buffer), truncated to fit.
 */
export function concat(L: Lowering, operands: readonly Expr[], into?: Region): Region {
  return concatRegions(
    L,
    operands.map((x) => evalString(L, x)),
    into,
  );
}

/** Concatenates clean string buffers (see `concat`). */
export function concatRegions(L: Lowering, parts: readonly Region[], into?: Region): Region {
  const b = L.b;
  const all = L.frame.scratch(parts.reduce((n, p) => n + p.bytes, 0));
  L.zero(all);
  const length = L.frame.slot();
  b.st(8, R10, length.offset, 0);
  const limit = L.capacities.maxStringLen;
  parts.forEach((part, i) => {
    // At most MAXSTRINGLEN - 1 bytes in all: the size asked for is what is left, clamped.
    const fits = b.newLabel('clamp');
    const some = b.newLabel('clamp');
    b.ldx(8, R3, R10, length.offset).mov64(R2, limit).sub64(R2, R3);
    b.jsle(R2, part.bytes, fits).mov64(R2, part.bytes).label(fits);
    b.jsge(R2, 1, some).mov64(R2, 1).label(some);
    L.address(R1, all);
    b.add64(R1, R3);
    L.address(R3, part);
    b.call(BPF_FUNC_probe_read_kernel_str);
    if (i === parts.length - 1) return;
    const low = b.newLabel('clamp');
    const high = b.newLabel('clamp');
    b.sub64(R0, 1).jsge(R0, 0, low).mov64(R0, 0).label(low);
    b.jsle(R0, part.bytes - 1, high)
      .mov64(R0, part.bytes - 1)
      .label(high);
    b.ldx(8, R1, R10, length.offset).add64(R1, R0).stx(8, R10, length.offset, R1);
  });
  if (into === undefined) return all;
  const dst = into ?? stringBuffer(L, L.capacities.maxStringLen);
  copyBuffer(L, all, dst);
  return dst;
}

/** A string assignment, `=` or `.=`. */
export function assignString(L: Lowering, e: AssignExpr, _want: boolean): void {
  const target = e.left;
  const value =
    e.op === '.='
      ? (into: Region) => concat(L, [target, e.right], into)
      : (into: Region) => evalString(L, e.right, into);
  if (target.kind === 'Index') {
    assignElementString(L, target, value);
    return;
  }
  if (target.kind !== 'Symbol') L.unsupported(target.span, 'assigning to this');
  const v = L.program.bindings.get(target);
  if (v === undefined) L.unsupported(target.span, 'this symbol');
  if (v.scope === 'local') {
    const home = L.locals.get(v);
    if (home === undefined) refuseSyscallText(L, target, target.span);
    if (home?.kind !== 'string') L.unsupported(target.span, 'this local');
    value(home.buffer);
    return;
  }
  const s = storageOf(L, v, target.span);
  if (s.kind !== 'scalar' || s.value.kind !== 'string') L.unsupported(target.span, 'writing this global');
  copyToMapValue(L, value(stringBuffer(L, s.value.capacity)), s.map, s.value.capacity);
}

/** Writes a literal into `into`, truncated to fit, zero-filled to the end. */
export function writeLiteral(L: Lowering, text: string, into: Region): void {
  const bytes = new Uint8Array(into.bytes);
  const n = Math.min(text.length, into.bytes - 1);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) & 0xff;
    if (c === 0) break;
    bytes[i] = c;
  }
  const view = new DataView(bytes.buffer);
  const { reg, off } = L.baseOf(into);
  for (let k = 0; k < into.bytes; k += 8) {
    const chunk = view.getBigInt64(k, true);
    if (chunk >= -0x80000000n && chunk <= 0x7fffffffn) L.b.st(8, reg, off + k, Number(chunk));
    else L.b.ldImm64(R1, chunk).stx(8, reg, off + k, R1);
  }
}

/** Copies a clean string buffer into another (truncating, zero-filling). */
export function copyBuffer(L: Lowering, src: Region, dst: Region): void {
  if (src.base === dst.base && src.offset === dst.offset) return;
  const n = Math.min(src.bytes, dst.bytes);
  if (n <= UNROLL_LIMIT_BYTES) {
    const from = L.baseOf(src);
    const to = L.baseOf(dst);
    for (let k = 0; k < n; k += 8) L.b.ldx(8, R1, from.reg, from.off + k).stx(8, to.reg, to.off + k, R1);
  } else {
    L.address(R1, dst);
    L.b.mov64(R2, n);
    L.address(R3, src);
    L.b.call(BPF_FUNC_probe_read_kernel);
  }
  finishCopy(L, src.bytes, dst);
}

/** Copies `srcBytes` of a clean string at `ptr` (a map value) into `dst`. */
export function copyFromPointer(L: Lowering, ptr: Register, srcBytes: number, dst: Region): void {
  const n = Math.min(align8(srcBytes), dst.bytes);
  if (n <= UNROLL_LIMIT_BYTES) {
    const temp = ptr === R1 ? R0 : R1;
    const to = L.baseOf(dst);
    for (let k = 0; k < n; k += 8) L.b.ldx(8, temp, ptr, k).stx(8, to.reg, to.off + k, temp);
  } else {
    L.b.mov64(R3, ptr);
    L.address(R1, dst);
    L.b.mov64(R2, n).call(BPF_FUNC_probe_read_kernel);
  }
  finishCopy(L, srcBytes, dst);
}

/** Copies a clean buffer into the one-slot ARRAY `map`'s value of `dstBytes`, zero-filling the rest. */
export function copyToMapValue(L: Lowering, src: Region, map: string, dstBytes: number): void {
  const n = Math.min(src.bytes, dstBytes & ~7);
  const b = L.b;
  if (n <= UNROLL_LIMIT_BYTES) {
    const from = L.baseOf(src);
    b.ldMapValue(R2, map);
    for (let k = 0; k < n; k += 8) b.ldx(8, R1, from.reg, from.off + k).stx(8, R2, k, R1);
  } else {
    b.ldMapValue(R1, map).mov64(R2, n);
    L.address(R3, src);
    b.call(BPF_FUNC_probe_read_kernel).ldMapValue(R2, map);
  }
  let k = n;
  for (; k + 8 <= dstBytes; k += 8) b.st(8, R2, k, 0);
  for (; k + 4 <= dstBytes; k += 4) b.st(4, R2, k, 0);
  for (; k < dstBytes; k++) b.st(1, R2, k, 0);
  if (src.bytes > dstBytes) b.st(1, R2, dstBytes - 1, 0);
}

function finishCopy(L: Lowering, srcBytes: number, dst: Region): void {
  const copied = Math.min(align8(srcBytes), dst.bytes);
  if (copied < dst.bytes) L.zero(dst, copied);
  if (srcBytes > dst.bytes) {
    const { reg, off } = L.baseOf(dst, dst.bytes - 1);
    L.b.st(1, reg, off, 0);
  }
}

/**
 * Zeroes `dst`, then reads a NUL-terminated string of at most `bytes` bytes (NUL included) at
 * `src` into it with `helper` (a `probe_read_*_str`); r0 is the helper's result.
 */
export function readStringInto(L: Lowering, helper: number, src: Register, dst: Region, bytes: number): void {
  L.zero(dst);
  if (src !== R3) L.b.mov64(R3, src);
  L.address(R1, dst);
  L.b.mov64(R2, bytes).call(helper);
}

/**
 * strcmp of two clean buffers into r0 (-1, 0 or 1): eight bytes at a time, loaded big-endian so
 * an unsigned comparison of the words orders them as their bytes; a shorter buffer reads as
 * zeros past its end, which is what a clean buffer holds there anyway.
 */
export function compareStrings(L: Lowering, a: Region, b: Region): void {
  const code = L.b;
  const differ = code.newLabel('differ');
  const done = code.newLabel('compared');
  const from = L.baseOf(a);
  const to = L.baseOf(b);
  for (let k = 0; k < Math.max(a.bytes, b.bytes); k += 8) {
    if (k < a.bytes) code.ldx(8, R1, from.reg, from.off + k).be64(R1);
    else code.mov64(R1, 0);
    if (k < b.bytes) code.ldx(8, R2, to.reg, to.off + k).be64(R2);
    else code.mov64(R2, 0);
    code.jne(R1, R2, differ);
  }
  code.mov64(R0, 0).ja(done);
  code.label(differ).mov64(R0, 1).jgt(R1, R2, done).mov64(R0, -1);
  code.label(done);
}
