/**
 * Functional instruction builders, one per encoding, in the spirit of cilium/ebpf's `asm` package:
 * `mov64(R1, 0)`, `jeq(R0, 0, 'out')`, `ldx(DW, R1, R10, -8)`. A second operand that is a number
 * is an immediate, a register name a register. Operand order follows the listing notation:
 * `ldx(size, dst, src, off)` is `dst = *(size *)(src + off)`, `stx(size, dst, off, src)` is
 * `*(size *)(dst + off) = src`. Builders never validate ranges; the assembler does, once.
 */
import type {
  AluInsn,
  AluOp,
  AtomicInsn,
  AtomicOp,
  CallInsn,
  CallSubInsn,
  EndInsn,
  ExitInsn,
  JaInsn,
  JmpCond,
  JmpInsn,
  Label,
  LabelInsn,
  LdFuncInsn,
  LdImm64Insn,
  LdMapFdInsn,
  LdMapValueInsn,
  LdsxInsn,
  LdxInsn,
  MapSymbol,
  MovSxInsn,
  NegInsn,
  Operand,
  Size,
  StInsn,
  StxInsn,
  Width,
} from './instruction.js';
import type { Register } from './registers.js';

type AluBuilder = (dst: Register, src: Operand) => AluInsn;
type JmpBuilder = (dst: Register, src: Operand, target: Label) => JmpInsn;
type EndBuilder = (dst: Register) => EndInsn;

function alu(width: Width, aluOp: AluOp): AluBuilder {
  return (dst, src) => ({ op: 'alu', width, aluOp, dst, src });
}

function jump(width: Width, cond: JmpCond): JmpBuilder {
  return (dst, src, target) => ({ op: 'jmp', width, cond, dst, src, target });
}

function end(order: EndInsn['order'], bits: EndInsn['bits']): EndBuilder {
  return (dst) => ({ op: 'end', order, bits, dst });
}

// 64-bit ALU (BPF_ALU64).
export const mov64 = alu(64, 'mov');
export const add64 = alu(64, 'add');
export const sub64 = alu(64, 'sub');
export const mul64 = alu(64, 'mul');
export const div64 = alu(64, 'div');
export const sdiv64 = alu(64, 'sdiv');
export const mod64 = alu(64, 'mod');
export const smod64 = alu(64, 'smod');
export const or64 = alu(64, 'or');
export const and64 = alu(64, 'and');
export const lsh64 = alu(64, 'lsh');
export const rsh64 = alu(64, 'rsh');
export const arsh64 = alu(64, 'arsh');
export const xor64 = alu(64, 'xor');

// 32-bit ALU (BPF_ALU): results are zero-extended to 64 bits.
export const mov32 = alu(32, 'mov');
export const add32 = alu(32, 'add');
export const sub32 = alu(32, 'sub');
export const mul32 = alu(32, 'mul');
export const div32 = alu(32, 'div');
export const sdiv32 = alu(32, 'sdiv');
export const mod32 = alu(32, 'mod');
export const smod32 = alu(32, 'smod');
export const or32 = alu(32, 'or');
export const and32 = alu(32, 'and');
export const lsh32 = alu(32, 'lsh');
export const rsh32 = alu(32, 'rsh');
export const arsh32 = alu(32, 'arsh');
export const xor32 = alu(32, 'xor');

export function neg64(dst: Register): NegInsn {
  return { op: 'neg', width: 64, dst };
}

export function neg32(dst: Register): NegInsn {
  return { op: 'neg', width: 32, dst };
}

/** `dst = (sN)src` on 64 bits (kernel 6.6). */
export function movsx64(dst: Register, src: Register, bits: 8 | 16 | 32): MovSxInsn {
  return { op: 'movsx', width: 64, dst, src, bits };
}

/** `wdst = (sN)wsrc` (kernel 6.6). */
export function movsx32(dst: Register, src: Register, bits: 8 | 16): MovSxInsn {
  return { op: 'movsx', width: 32, dst, src, bits };
}

// Byte order (BPF_END). On a little-endian host `le*` only truncates and `be*` swaps.
export const le16 = end('le', 16);
export const le32 = end('le', 32);
export const le64 = end('le', 64);
export const be16 = end('be', 16);
export const be32 = end('be', 32);
export const be64 = end('be', 64);
export const bswap16 = end('swap', 16);
export const bswap32 = end('swap', 32);
export const bswap64 = end('swap', 64);

/** `dst = imm` for any 64-bit value (two slots). A number must be a safe integer. */
export function ldImm64(dst: Register, imm: bigint | number): LdImm64Insn {
  return { op: 'ld_imm64', dst, imm: typeof imm === 'bigint' ? imm : BigInt(imm) };
}

/** `dst = &map` (two slots); the loader patches in the fd. */
export function ldMapFd(dst: Register, map: MapSymbol): LdMapFdInsn {
  return { op: 'ld_map_fd', dst, map };
}

/** `dst = &value + offset` of the single value of array map `map` (two slots, kernel 5.2). */
export function ldMapValue(dst: Register, map: MapSymbol, offset = 0): LdMapValueInsn {
  return { op: 'ld_map_value', dst, map, offset };
}

/** `dst = &subprogram at target`, for callback arguments (two slots, kernel 5.13). */
export function ldFunc(dst: Register, target: Label): LdFuncInsn {
  return { op: 'ld_func', dst, target };
}

/** `dst = *(size *)(src + off)`. */
export function ldx(size: Size, dst: Register, src: Register, off: number): LdxInsn {
  return { op: 'ldx', size, dst, src, off };
}

/** `dst = *(sN *)(src + off)`, sign-extended (kernel 6.6). */
export function ldsx(size: 1 | 2 | 4, dst: Register, src: Register, off: number): LdsxInsn {
  return { op: 'ldsx', size, dst, src, off };
}

/** `*(size *)(dst + off) = src`. */
export function stx(size: Size, dst: Register, off: number, src: Register): StxInsn {
  return { op: 'stx', size, dst, off, src };
}

/** `*(size *)(dst + off) = imm`. */
export function st(size: Size, dst: Register, off: number, imm: number): StInsn {
  return { op: 'st', size, dst, off, imm };
}

/** Atomic `atomicOp` of `*(size *)(dst + off)` with `src`. */
export function atomic(
  atomicOp: AtomicOp,
  size: 4 | 8,
  dst: Register,
  off: number,
  src: Register,
): AtomicInsn {
  return { op: 'atomic', atomicOp, size, dst, off, src };
}

/** `lock *(size *)(dst + off) += src`. */
export function atomicAdd(size: 4 | 8, dst: Register, off: number, src: Register): AtomicInsn {
  return atomic('add', size, dst, off, src);
}

/** `src = atomic_fetch_add((size *)(dst + off), src)`. */
export function atomicFetchAdd(size: 4 | 8, dst: Register, off: number, src: Register): AtomicInsn {
  return atomic('fetch_add', size, dst, off, src);
}

/** `src = atomic_xchg((size *)(dst + off), src)`. */
export function atomicXchg(size: 4 | 8, dst: Register, off: number, src: Register): AtomicInsn {
  return atomic('xchg', size, dst, off, src);
}

/** `r0 = atomic_cmpxchg((size *)(dst + off), r0, src)`. */
export function atomicCmpxchg(size: 4 | 8, dst: Register, off: number, src: Register): AtomicInsn {
  return atomic('cmpxchg', size, dst, off, src);
}

// Conditional jumps on 64 bits (BPF_JMP).
export const jeq = jump(64, 'eq');
export const jne = jump(64, 'ne');
export const jgt = jump(64, 'gt');
export const jge = jump(64, 'ge');
export const jlt = jump(64, 'lt');
export const jle = jump(64, 'le');
export const jsgt = jump(64, 'sgt');
export const jsge = jump(64, 'sge');
export const jslt = jump(64, 'slt');
export const jsle = jump(64, 'sle');
export const jset = jump(64, 'set');

// Conditional jumps on the low 32 bits (BPF_JMP32, kernel 5.1).
export const jeq32 = jump(32, 'eq');
export const jne32 = jump(32, 'ne');
export const jgt32 = jump(32, 'gt');
export const jge32 = jump(32, 'ge');
export const jlt32 = jump(32, 'lt');
export const jle32 = jump(32, 'le');
export const jsgt32 = jump(32, 'sgt');
export const jsge32 = jump(32, 'sge');
export const jslt32 = jump(32, 'slt');
export const jsle32 = jump(32, 'sle');
export const jset32 = jump(32, 'set');

/** `goto target`. */
export function ja(target: Label): JaInsn {
  return { op: 'ja', target };
}

/** Call helper `helper` (a `BPF_FUNC_*` id). */
export function call(helper: number): CallInsn {
  return { op: 'call', helper };
}

/** Call the subprogram at `target` (BPF-to-BPF call). */
export function callSub(target: Label): CallSubInsn {
  return { op: 'call_sub', target };
}

export function exit(): ExitInsn {
  return { op: 'exit' };
}

export function label(name: Label): LabelInsn {
  return { op: 'label', name };
}
