/**
 * The BPF instruction model: one discriminated union, symbolic where the encoding is relative or
 * resolved later (jump and call targets are labels, maps are names), exact everywhere else.
 * Every instruction may carry the source span that produced it, so the assembler can map a
 * verifier complaint about slot N back to the script's line and column.
 */
import type { Span } from '../diag/index.js';
import { assertNever } from '../util/index.js';
import type { Register } from './registers.js';

/** A jump or call target, defined by a `label` pseudo-instruction. */
export type Label = string;

/** A map named by the code generator; the loader replaces it with the map's fd (see `resolveMaps`). */
export type MapSymbol = string;

/** Access size in bytes: B, H, W, DW as the uapi calls them. */
export type Size = 1 | 2 | 4 | 8;
export const B = 1 satisfies Size;
export const H = 2 satisfies Size;
export const W = 4 satisfies Size;
export const DW = 8 satisfies Size;

/** Operand width: the ALU64/JMP classes or the 32-bit ALU/JMP32 ones (`w` registers in listings). */
export type Width = 32 | 64;

/** A register, or a 32-bit immediate (sign-extended to 64 bits by 64-bit operations). */
export type Operand = Register | number;

/** ALU operations. `sdiv`/`smod` are signed (kernel 6.6); `div`/`mod` are unsigned. */
export type AluOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'sdiv'
  | 'or'
  | 'and'
  | 'lsh'
  | 'rsh'
  | 'arsh'
  | 'mod'
  | 'smod'
  | 'xor'
  | 'mov';

/** Jump conditions: `gt`/`ge`/`lt`/`le` are unsigned, `s*` signed, `set` is `dst & src != 0`. */
export type JmpCond = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sgt' | 'sge' | 'slt' | 'sle' | 'set';

/**
 * Atomic read-modify-write of memory at `dst + off` with `src`. The `fetch_*` forms and `xchg`
 * put the old value in `src`; `cmpxchg` compares with r0, stores `src` on a match and puts the old
 * value in r0. Plain `add` is kernel 4.x (XADD); the others kernel 5.12.
 */
export type AtomicOp =
  | 'add'
  | 'and'
  | 'or'
  | 'xor'
  | 'fetch_add'
  | 'fetch_and'
  | 'fetch_or'
  | 'fetch_xor'
  | 'xchg'
  | 'cmpxchg';

interface Located {
  /** Where in the script this instruction comes from; absent for glue code. */
  readonly span?: Span;
}

/** `dst op= src`. */
export interface AluInsn extends Located {
  readonly op: 'alu';
  readonly width: Width;
  readonly aluOp: AluOp;
  readonly dst: Register;
  readonly src: Operand;
}

/** `dst = -dst`. */
export interface NegInsn extends Located {
  readonly op: 'neg';
  readonly width: Width;
  readonly dst: Register;
}

/** `dst = (sN)src`: move with sign extension from `bits` (kernel 6.6). 32-bit width takes 8 or 16. */
export interface MovSxInsn extends Located {
  readonly op: 'movsx';
  readonly width: Width;
  readonly dst: Register;
  readonly src: Register;
  readonly bits: 8 | 16 | 32;
}

/**
 * Byte order conversion of the low `bits` of `dst` (upper bits zeroed): `le`/`be` convert from
 * host order to that order (a no-op swap or a swap), `swap` always swaps (kernel 6.6).
 */
export interface EndInsn extends Located {
  readonly op: 'end';
  readonly order: 'le' | 'be' | 'swap';
  readonly bits: 16 | 32 | 64;
  readonly dst: Register;
}

/** `dst = imm` for any 64-bit value: the 16-byte `lddw`, two slots. */
export interface LdImm64Insn extends Located {
  readonly op: 'ld_imm64';
  readonly dst: Register;
  readonly imm: bigint;
}

/** `dst = &map` (BPF_PSEUDO_MAP_FD), two slots. */
export interface LdMapFdInsn extends Located {
  readonly op: 'ld_map_fd';
  readonly dst: Register;
  readonly map: MapSymbol;
}

/** `dst = &map.value[0] + offset` of an array map's single value (BPF_PSEUDO_MAP_VALUE), two slots. */
export interface LdMapValueInsn extends Located {
  readonly op: 'ld_map_value';
  readonly dst: Register;
  readonly map: MapSymbol;
  readonly offset: number;
}

/** `dst = &subprogram` (BPF_PSEUDO_FUNC), the callback argument of bpf_loop and friends; two slots. */
export interface LdFuncInsn extends Located {
  readonly op: 'ld_func';
  readonly dst: Register;
  readonly target: Label;
}

/** `dst = *(uN *)(src + off)`, zero-extended. */
export interface LdxInsn extends Located {
  readonly op: 'ldx';
  readonly size: Size;
  readonly dst: Register;
  readonly src: Register;
  readonly off: number;
}

/** `dst = *(sN *)(src + off)`, sign-extended (BPF_MEMSX, kernel 6.6). */
export interface LdsxInsn extends Located {
  readonly op: 'ldsx';
  readonly size: 1 | 2 | 4;
  readonly dst: Register;
  readonly src: Register;
  readonly off: number;
}

/** `*(uN *)(dst + off) = src`. */
export interface StxInsn extends Located {
  readonly op: 'stx';
  readonly size: Size;
  readonly dst: Register;
  readonly off: number;
  readonly src: Register;
}

/** `*(uN *)(dst + off) = imm` (a 32-bit immediate, sign-extended for DW). */
export interface StInsn extends Located {
  readonly op: 'st';
  readonly size: Size;
  readonly dst: Register;
  readonly off: number;
  readonly imm: number;
}

export interface AtomicInsn extends Located {
  readonly op: 'atomic';
  readonly atomicOp: AtomicOp;
  readonly size: 4 | 8;
  readonly dst: Register;
  readonly off: number;
  readonly src: Register;
}

/** `if dst cond src goto target`. */
export interface JmpInsn extends Located {
  readonly op: 'jmp';
  readonly width: Width;
  readonly cond: JmpCond;
  readonly dst: Register;
  readonly src: Operand;
  readonly target: Label;
}

/** `goto target`. */
export interface JaInsn extends Located {
  readonly op: 'ja';
  readonly target: Label;
}

/** Call helper `helper` (a `BPF_FUNC_*` id): arguments in r1–r5, result in r0, r1–r5 clobbered. */
export interface CallInsn extends Located {
  readonly op: 'call';
  readonly helper: number;
}

/** BPF-to-BPF call of the subprogram starting at `target` (BPF_PSEUDO_CALL). */
export interface CallSubInsn extends Located {
  readonly op: 'call_sub';
  readonly target: Label;
}

/** Return r0. */
export interface ExitInsn extends Located {
  readonly op: 'exit';
}

/** A pseudo-instruction naming the next real instruction; occupies no slot. */
export interface LabelInsn extends Located {
  readonly op: 'label';
  readonly name: Label;
}

/** One slot as the kernel sees it, for encodings the model has no form for (the decoder's fallback). */
export interface RawInsn extends Located {
  readonly op: 'raw';
  readonly code: number;
  /** 0–15. */
  readonly dst: number;
  /** 0–15. */
  readonly src: number;
  readonly off: number;
  readonly imm: number;
}

export type Instruction =
  | AluInsn
  | NegInsn
  | MovSxInsn
  | EndInsn
  | LdImm64Insn
  | LdMapFdInsn
  | LdMapValueInsn
  | LdFuncInsn
  | LdxInsn
  | LdsxInsn
  | StxInsn
  | StInsn
  | AtomicInsn
  | JmpInsn
  | JaInsn
  | CallInsn
  | CallSubInsn
  | ExitInsn
  | LabelInsn
  | RawInsn;

/**
 * How many 8-byte slots an instruction occupies: 2 for the 16-byte `lddw` forms, 0 for a label,
 * 1 otherwise. The one place that knows it; jump offsets and line info are counted in slots.
 */
export function slotCount(insn: Instruction): 0 | 1 | 2 {
  switch (insn.op) {
    case 'label':
      return 0;
    case 'ld_imm64':
    case 'ld_map_fd':
    case 'ld_map_value':
    case 'ld_func':
      return 2;
    case 'alu':
    case 'neg':
    case 'movsx':
    case 'end':
    case 'ldx':
    case 'ldsx':
    case 'stx':
    case 'st':
    case 'atomic':
    case 'jmp':
    case 'ja':
    case 'call':
    case 'call_sub':
    case 'exit':
    case 'raw':
      return 1;
    default:
      return assertNever(insn, 'BPF instruction');
  }
}

/** The label an instruction refers to (jump, subprogram call, callback address), if any. */
export function targetOf(insn: Instruction): Label | undefined {
  switch (insn.op) {
    case 'jmp':
    case 'ja':
    case 'call_sub':
    case 'ld_func':
      return insn.target;
    default:
      return undefined;
  }
}

/** The same instruction carrying `span` (or no span). */
export function withSpan<T extends Instruction>(insn: T, span: Span | undefined): T {
  if (span === undefined) {
    if (insn.span === undefined) return insn;
    const { span: _dropped, ...rest } = insn;
    return rest as T;
  }
  return { ...insn, span };
}
