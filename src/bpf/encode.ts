/**
 * Instruction ↔ `struct bpf_insn` slots. `encodeInstruction` knows the bit layout of every form;
 * it does not resolve labels (the assembler passes the slot distance in) and reports fields that do
 * not fit as values, never by throwing.
 */
import { assertNever } from '../util/index.js';
import type { Instruction, Operand, Width } from './instruction.js';
import { ALU_ENCODING, ATOMIC_ENCODING, JMP_ENCODING, SIZE_ENCODING } from './opcodes.js';
import { type Register, registerNumber } from './registers.js';
import {
  BPF_ALU,
  BPF_ALU64,
  BPF_ATOMIC,
  BPF_CALL,
  BPF_DW,
  BPF_END,
  BPF_EXIT,
  BPF_IMM,
  BPF_JA,
  BPF_JMP,
  BPF_JMP32,
  BPF_K,
  BPF_LD,
  BPF_LDX,
  BPF_MEM,
  BPF_MEMSX,
  BPF_MOV,
  BPF_NEG,
  BPF_PSEUDO_CALL,
  BPF_PSEUDO_FUNC,
  BPF_PSEUDO_MAP_FD,
  BPF_PSEUDO_MAP_VALUE,
  BPF_ST,
  BPF_STX,
  BPF_TO_BE,
  BPF_TO_LE,
  BPF_X,
  INSN_SIZE_BYTES,
} from './uapi.js';

/** One 8-byte instruction slot, field by field; `dst` and `src` are register numbers. */
export interface Slot {
  readonly code: number;
  readonly dst: number;
  readonly src: number;
  readonly off: number;
  readonly imm: number;
}

export type Encoding =
  | { readonly ok: true; readonly slots: readonly Slot[] }
  | {
      readonly ok: false;
      readonly code: 'immediate-out-of-range' | 'offset-out-of-range';
      readonly message: string;
    };

const S16_MIN = -0x8000;
const S16_MAX = 0x7fff;
const S32_MIN = -0x8000_0000;
const S32_MAX = 0x7fff_ffff;
const U32_MAX = 0xffff_ffff;

export function fitsS16(n: number): boolean {
  return Number.isInteger(n) && n >= S16_MIN && n <= S16_MAX;
}

export function fitsS32(n: number): boolean {
  return Number.isInteger(n) && n >= S32_MIN && n <= S32_MAX;
}

/** A 32-bit operand: 32-bit forms also take 0..0xffffffff, which wrap to the same bits. */
function imm32(value: number, width: Width): number {
  return width === 32 && Number.isInteger(value) && value > S32_MAX && value <= U32_MAX ? value | 0 : value;
}

function slot(code: number, dst = 0, src = 0, off = 0, imm = 0): Slot {
  return { code, dst, src, off, imm };
}

function reg(r: Register): number {
  return registerNumber(r);
}

function operand(classAndOp: number, width: Width, dst: Register, src: Operand, off = 0): Slot {
  return typeof src === 'number'
    ? slot(classAndOp | BPF_K, reg(dst), 0, off, imm32(src, width))
    : slot(classAndOp | BPF_X, reg(dst), reg(src), off, 0);
}

function lddw(dst: Register, pseudo: number, lo: number, hi: number): Slot[] {
  return [slot(BPF_LD | BPF_DW | BPF_IMM, reg(dst), pseudo, 0, lo), slot(0, 0, 0, 0, hi)];
}

/** The slots of `insn`; `relative` is the slot distance from the next slot to its target label. */
export function encodeInstruction(insn: Instruction, relative = 0): Encoding {
  const slots = encodeSlots(insn, relative);
  if (!Array.isArray(slots)) return slots;
  for (const s of slots) {
    if (!fitsS32(s.imm)) {
      return {
        ok: false,
        code: 'immediate-out-of-range',
        message: `immediate ${s.imm} does not fit in 32 bits`,
      };
    }
    if (!fitsS16(s.off)) {
      return { ok: false, code: 'offset-out-of-range', message: `offset ${s.off} does not fit in 16 bits` };
    }
  }
  return { ok: true, slots };
}

function encodeSlots(insn: Instruction, relative: number): Slot[] | Encoding {
  switch (insn.op) {
    case 'alu': {
      const e = ALU_ENCODING[insn.aluOp];
      return [
        operand((insn.width === 64 ? BPF_ALU64 : BPF_ALU) | e.code, insn.width, insn.dst, insn.src, e.off),
      ];
    }
    case 'neg':
      return [slot((insn.width === 64 ? BPF_ALU64 : BPF_ALU) | BPF_NEG | BPF_K, reg(insn.dst))];
    case 'movsx':
      return [
        slot(
          (insn.width === 64 ? BPF_ALU64 : BPF_ALU) | BPF_MOV | BPF_X,
          reg(insn.dst),
          reg(insn.src),
          insn.bits,
        ),
      ];
    case 'end': {
      const code =
        insn.order === 'swap'
          ? BPF_ALU64 | BPF_END | BPF_TO_LE
          : BPF_ALU | BPF_END | (insn.order === 'be' ? BPF_TO_BE : BPF_TO_LE);
      return [slot(code, reg(insn.dst), 0, 0, insn.bits)];
    }
    case 'ld_imm64': {
      if (insn.imm < -(1n << 63n) || insn.imm >= 1n << 64n) {
        return {
          ok: false,
          code: 'immediate-out-of-range',
          message: `immediate ${insn.imm} does not fit in 64 bits`,
        };
      }
      const bits = BigInt.asUintN(64, insn.imm);
      return lddw(insn.dst, 0, Number(BigInt.asIntN(32, bits)), Number(BigInt.asIntN(32, bits >> 32n)));
    }
    case 'ld_map_fd':
      return lddw(insn.dst, BPF_PSEUDO_MAP_FD, 0, 0);
    case 'ld_map_value':
      return lddw(insn.dst, BPF_PSEUDO_MAP_VALUE, 0, insn.offset);
    case 'ld_func':
      return lddw(insn.dst, BPF_PSEUDO_FUNC, relative, 0);
    case 'ldx':
      return [slot(BPF_LDX | SIZE_ENCODING[insn.size] | BPF_MEM, reg(insn.dst), reg(insn.src), insn.off)];
    case 'ldsx':
      return [slot(BPF_LDX | SIZE_ENCODING[insn.size] | BPF_MEMSX, reg(insn.dst), reg(insn.src), insn.off)];
    case 'stx':
      return [slot(BPF_STX | SIZE_ENCODING[insn.size] | BPF_MEM, reg(insn.dst), reg(insn.src), insn.off)];
    case 'st':
      return [
        slot(
          BPF_ST | SIZE_ENCODING[insn.size] | BPF_MEM,
          reg(insn.dst),
          0,
          insn.off,
          imm32(insn.imm, insn.size === 8 ? 64 : 32),
        ),
      ];
    case 'atomic': {
      const code = BPF_STX | SIZE_ENCODING[insn.size] | BPF_ATOMIC;
      return [slot(code, reg(insn.dst), reg(insn.src), insn.off, ATOMIC_ENCODING[insn.atomicOp])];
    }
    case 'jmp':
      return [
        operand(
          (insn.width === 64 ? BPF_JMP : BPF_JMP32) | JMP_ENCODING[insn.cond],
          insn.width,
          insn.dst,
          insn.src,
          relative,
        ),
      ];
    case 'ja':
      return [slot(BPF_JMP | BPF_JA, 0, 0, relative)];
    case 'call':
      return [slot(BPF_JMP | BPF_CALL, 0, 0, 0, insn.helper)];
    case 'call_sub':
      return [slot(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, relative)];
    case 'exit':
      return [slot(BPF_JMP | BPF_EXIT)];
    case 'label':
      return [];
    case 'raw':
      return [slot(insn.code & 0xff, insn.dst & 0xf, insn.src & 0xf, insn.off, insn.imm)];
    default:
      return assertNever(insn, 'BPF instruction');
  }
}

/** Little-endian bytes of `slots`, 8 per slot. */
export function writeSlots(slots: readonly Slot[]): Uint8Array {
  const bytes = new Uint8Array(slots.length * INSN_SIZE_BYTES);
  const view = new DataView(bytes.buffer);
  slots.forEach((s, i) => {
    const at = i * INSN_SIZE_BYTES;
    view.setUint8(at, s.code);
    view.setUint8(at + 1, ((s.src & 0xf) << 4) | (s.dst & 0xf));
    view.setInt16(at + 2, s.off, true);
    view.setInt32(at + 4, s.imm, true);
  });
  return bytes;
}

/** The slots of little-endian program bytes; a trailing partial slot is ignored. */
export function readSlots(bytes: Uint8Array): Slot[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const slots: Slot[] = [];
  for (let at = 0; at + INSN_SIZE_BYTES <= bytes.byteLength; at += INSN_SIZE_BYTES) {
    const regs = view.getUint8(at + 1);
    slots.push({
      code: view.getUint8(at),
      dst: regs & 0xf,
      src: regs >> 4,
      off: view.getInt16(at + 2, true),
      imm: view.getInt32(at + 4, true),
    });
  }
  return slots;
}
