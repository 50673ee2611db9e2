/**
 * Reading kernel memory along a BTF path (`$prev->real_parent->comm`, `@cast(p, "task_struct")->
 * se.load.weight`, `$skb->cb[2]`): the base pointer value, then the path's address arithmetic
 * (elaborate/target.ts TargetAccessOp) kept in a stack slot across helper calls, each pointer
 * load a bpf_probe_read_kernel. A faulting load raises stap's `read fault [man error::fault] at
 * 0x...` blamed on the expression, the address being the one that could not be read.
 */
import {
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_probe_read_kernel_str,
  R0,
  R1,
  R2,
  R3,
  R10,
  type Size,
} from '../bpf/index.js';
import type { TargetAccess } from '../elaborate/index.js';
import type { CastExpr, Expr, TargetSymbolExpr } from '../lang/index.js';
import { ERROR_CODE } from '../wire/index.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringBuffer } from './strings.js';

type ReadyAccess = Extract<TargetAccess, { ok: true }>;

/** The `[i]` index expressions of a target expression, in order. */
function subscripts(e: TargetSymbolExpr | CastExpr): Expr[] {
  const out: Expr[] = [];
  for (const c of e.components) if (c.kind === 'Subscript') out.push(c.index);
  return out;
}

/** The `@cast`s that stand for an autocast (cast.ts), with the operand as written: `t`. */
const autocastBases = new WeakMap<CastExpr, string>();

/** Marks `e` as the `@cast` an autocast of `base` is lowered as (messages then show `base`). */
export function standsForAutocast(e: CastExpr, base: string): void {
  autocastBases.set(e, base);
}

/** A message about `e` with its base as written (an autocast's `t`, not its `@cast`). */
export function respelled(e: CastExpr, message: string): string {
  const base = autocastBases.get(e);
  return base === undefined ? message : message.replaceAll(`@cast(..., "${e.typeName}")`, base);
}

/** The expression as written, for messages: `$prev->se->load`, `@cast(..., "task_struct")->pid`. */
function spelled(e: TargetSymbolExpr | CastExpr): string {
  const base = e.kind === 'Cast' ? (autocastBases.get(e) ?? `@cast(..., "${e.typeName}")`) : e.name;
  const steps = e.components.map((c) =>
    c.kind === 'Member' ? `->${c.name}` : c.kind === 'Subscript' ? '[...]' : '',
  );
  return `${e.addressOf ? '&' : ''}${base}${steps.join('')}`;
}

/** Raises a read fault at the address in `slot` unless the helper's result in r0 is 0. */
function checkRead(L: Lowering, e: Expr, address: Region): void {
  const b = L.b;
  const ok = b.newLabel('read');
  b.jeq(R0, 0, ok);
  L.reload(R1, address);
  L.raise(e.span, ERROR_CODE.readFault, R1);
  b.label(ok);
}

/** `size` bytes at the address in `address` into `into` (zero-extended), checked. */
function load(L: Lowering, e: Expr, address: Region, into: Region, size: number): void {
  L.address(R1, into);
  L.reload(R3, address);
  L.b.mov64(R2, size).call(BPF_FUNC_probe_read_kernel);
  checkRead(L, e, address);
}

/**
 * Walks the path from the pointer value in r0 and leaves the final address in the returned
 * slot. Index expressions are evaluated in order as their steps come.
 */
function walkPath(L: Lowering, e: TargetSymbolExpr | CastExpr, access: ReadyAccess): Region {
  const b = L.b;
  const address = L.spill();
  const value = L.frame.slot();
  const indexes = subscripts(e);
  let next = 0;
  for (const op of access.ops) {
    switch (op.kind) {
      case 'offset':
        L.reload(R0, address);
        b.add64(R0, op.bytes).stx(8, R10, address.offset, R0);
        break;
      case 'index': {
        const index = indexes[next++];
        if (index === undefined) return L.unsupported(e.span, 'this target expression');
        evalLong(L, index);
        b.mul64(R0, op.scale);
        L.reload(R1, address);
        b.add64(R0, R1).stx(8, R10, address.offset, R0);
        break;
      }
      case 'deref':
        load(L, e, address, value, 8);
        L.reload(R0, value);
        b.stx(8, R10, address.offset, R0);
        break;
    }
  }
  return address;
}

function signExtend(L: Lowering, size: number, isSigned: boolean): void {
  if (size >= 8 || !isSigned) return;
  const shift = 64 - 8 * size;
  L.b.lsh64(R0, shift).arsh64(R0, shift);
}

/** From the pointer in r0: the path's integer (or `&`'s address) in r0. */
export function readAccessLong(L: Lowering, e: TargetSymbolExpr | CastExpr, access: ReadyAccess): void {
  const b = L.b;
  const { value } = access;
  if (!e.addressOf && value.kind === 'aggregate')
    L.unsupported(e.span, `'${spelled(e)}' (${access.cType}) as a number`);
  if (e.addressOf && value.kind === 'bitfield')
    L.unsupported(e.span, `the address of a bit-field ('${spelled(e)}')`);
  // The path's slots are temporaries: the value leaves in r0.
  const mark = L.frame.mark();
  const address = walkPath(L, e, access);
  if (e.addressOf || value.kind === 'aggregate' || value.kind === 'char-array') {
    L.reload(R0, address);
  } else {
    const slot = L.frame.slot();
    load(L, e, address, slot, value.size);
    b.ldx(value.size as Size, R0, R10, slot.offset);
    if (value.kind === 'integer') {
      signExtend(L, value.size, value.isSigned);
    } else {
      // A bit-field: its bits moved to the top, then back down with its sign or zeros.
      b.lsh64(R0, 64 - value.shift - value.bits);
      if (value.isSigned) b.arsh64(R0, 64 - value.bits);
      else b.rsh64(R0, 64 - value.bits);
    }
  }
  L.frame.release(mark);
}

/** From the pointer in r0: the path's `char[N]` member as a string. */
export function readAccessString(
  L: Lowering,
  e: TargetSymbolExpr | CastExpr,
  access: ReadyAccess,
  into?: Region,
): Region {
  const { value } = access;
  if (value.kind !== 'char-array' || e.addressOf)
    return L.unsupported(
      e.span,
      `'${e.kind === 'Cast' ? (autocastBases.get(e) ?? '@cast') : e.name}...' (${access.cType}) as a string`,
    );
  const dst = into ?? stringBuffer(L, Math.min(value.length, L.capacities.maxStringLen));
  const mark = L.frame.mark();
  const address = walkPath(L, e, access);
  L.zero(dst);
  L.address(R1, dst);
  L.reload(R3, address);
  L.b.mov64(R2, Math.min(dst.bytes, value.length)).call(BPF_FUNC_probe_read_kernel_str);
  const ok = L.b.newLabel('read');
  L.b.jsge(R0, 0, ok);
  L.reload(R1, address);
  L.raise(e.span, ERROR_CODE.readFault, R1);
  L.b.label(ok);
  L.frame.release(mark);
  return dst;
}
