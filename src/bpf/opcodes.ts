/** The model's symbolic operations mapped to their uapi encodings, shared by encoder and decoder. */
import type { AluOp, AtomicOp, JmpCond, Size } from './instruction.js';
import {
  BPF_ADD,
  BPF_AND,
  BPF_ARSH,
  BPF_B,
  BPF_CMPXCHG,
  BPF_DIV,
  BPF_DW,
  BPF_FETCH,
  BPF_H,
  BPF_JEQ,
  BPF_JGE,
  BPF_JGT,
  BPF_JLE,
  BPF_JLT,
  BPF_JNE,
  BPF_JSET,
  BPF_JSGE,
  BPF_JSGT,
  BPF_JSLE,
  BPF_JSLT,
  BPF_LSH,
  BPF_MOD,
  BPF_MOV,
  BPF_MUL,
  BPF_OR,
  BPF_RSH,
  BPF_SUB,
  BPF_W,
  BPF_XCHG,
  BPF_XOR,
} from './uapi.js';

/** `BPF_OP` bits and `off` of each ALU operation (`off` = 1 selects the signed div/mod, kernel 6.6). */
export const ALU_ENCODING: Readonly<Record<AluOp, { readonly code: number; readonly off: number }>> = {
  add: { code: BPF_ADD, off: 0 },
  sub: { code: BPF_SUB, off: 0 },
  mul: { code: BPF_MUL, off: 0 },
  div: { code: BPF_DIV, off: 0 },
  sdiv: { code: BPF_DIV, off: 1 },
  or: { code: BPF_OR, off: 0 },
  and: { code: BPF_AND, off: 0 },
  lsh: { code: BPF_LSH, off: 0 },
  rsh: { code: BPF_RSH, off: 0 },
  arsh: { code: BPF_ARSH, off: 0 },
  mod: { code: BPF_MOD, off: 0 },
  smod: { code: BPF_MOD, off: 1 },
  xor: { code: BPF_XOR, off: 0 },
  mov: { code: BPF_MOV, off: 0 },
};

export const JMP_ENCODING: Readonly<Record<JmpCond, number>> = {
  eq: BPF_JEQ,
  ne: BPF_JNE,
  gt: BPF_JGT,
  ge: BPF_JGE,
  lt: BPF_JLT,
  le: BPF_JLE,
  sgt: BPF_JSGT,
  sge: BPF_JSGE,
  slt: BPF_JSLT,
  sle: BPF_JSLE,
  set: BPF_JSET,
};

/** The `imm` of a BPF_STX|BPF_ATOMIC instruction. */
export const ATOMIC_ENCODING: Readonly<Record<AtomicOp, number>> = {
  add: BPF_ADD,
  and: BPF_AND,
  or: BPF_OR,
  xor: BPF_XOR,
  fetch_add: BPF_ADD | BPF_FETCH,
  fetch_and: BPF_AND | BPF_FETCH,
  fetch_or: BPF_OR | BPF_FETCH,
  fetch_xor: BPF_XOR | BPF_FETCH,
  xchg: BPF_XCHG,
  cmpxchg: BPF_CMPXCHG,
};

export const SIZE_ENCODING: Readonly<Record<Size, number>> = { 1: BPF_B, 2: BPF_H, 4: BPF_W, 8: BPF_DW };

/** The size whose `BPF_SIZE` bits are `bits`. */
export function sizeOfCode(bits: number): Size {
  switch (bits) {
    case BPF_B:
      return 1;
    case BPF_H:
      return 2;
    case BPF_W:
      return 4;
    default:
      return 8;
  }
}

/** The inverse of a table keyed by names: encoding → name. */
export function invert<K extends string, V extends number>(table: Readonly<Record<K, V>>): ReadonlyMap<V, K> {
  const out = new Map<V, K>();
  for (const key of Object.keys(table) as K[]) out.set(table[key], key);
  return out;
}
