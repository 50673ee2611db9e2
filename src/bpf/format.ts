/**
 * One instruction as text in the kernel verifier's notation (kernel/bpf/disasm.c): `r1 = 0`,
 * `if r0 == 0x0 goto pc+2`, `*(u64 *)(r10 -8) = r1`, `call bpf_map_lookup_elem#1`. Targets
 * are rendered by the caller: `pc+N` in an assembled listing, the label before assembly.
 */
import { assertNever } from '../util/index.js';
import { helperName } from './helpers.js';
import type { AluOp, AtomicInsn, Instruction, JmpCond, Label, Operand, Size, Width } from './instruction.js';

/** How targets appear: `pc+2` after assembly, the label name before. */
export type TargetText = (target: Label, insn: Instruction) => string;

const ALU_TEXT: Readonly<Record<AluOp, string>> = {
  add: '+=',
  sub: '-=',
  mul: '*=',
  div: '/=',
  sdiv: 's/=',
  or: '|=',
  and: '&=',
  lsh: '<<=',
  rsh: '>>=',
  arsh: 's>>=',
  mod: '%=',
  smod: 's%=',
  xor: '^=',
  mov: '=',
};

const JMP_TEXT: Readonly<Record<JmpCond, string>> = {
  eq: '==',
  ne: '!=',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
  sgt: 's>',
  sge: 's>=',
  slt: 's<',
  sle: 's<=',
  set: '&',
};

const UNSIGNED: Readonly<Record<Size, string>> = { 1: 'u8', 2: 'u16', 4: 'u32', 8: 'u64' };
const SIGNED: Readonly<Record<Size, string>> = { 1: 's8', 2: 's16', 4: 's32', 8: 's64' };

/** `r3` on 64 bits, `w3` on 32. */
function named(reg: string, width: Width): string {
  return width === 64 ? reg : `w${reg.slice(1)}`;
}

/** `(r10 -8)`: the kernel's `%+d`. */
function address(reg: string, off: number): string {
  return `(${reg} ${off >= 0 ? '+' : ''}${off})`;
}

function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

function jumpOperand(src: Operand, width: Width): string {
  return typeof src === 'number' ? hex32(src) : named(src, width);
}

function atomicText(insn: AtomicInsn): string {
  const type = `${UNSIGNED[insn.size]} *`;
  const at = address(insn.dst, insn.off);
  const bits = insn.size === 8 ? '64' : '';
  switch (insn.atomicOp) {
    case 'add':
    case 'and':
    case 'or':
    case 'xor':
      return `lock *(${type})${at} ${ALU_TEXT[insn.atomicOp]} ${insn.src}`;
    case 'fetch_add':
    case 'fetch_and':
    case 'fetch_or':
    case 'fetch_xor':
      return `${insn.src} = atomic${bits}_${insn.atomicOp}((${type})${at}, ${insn.src})`;
    case 'xchg':
      return `${insn.src} = atomic${bits}_xchg((${type})${at}, ${insn.src})`;
    case 'cmpxchg':
      return `r0 = atomic${bits}_cmpxchg((${type})${at}, r0, ${insn.src})`;
    default:
      return assertNever(insn.atomicOp, 'atomic operation');
  }
}

export function formatInstruction(insn: Instruction, target: TargetText = (label) => label): string {
  switch (insn.op) {
    case 'alu': {
      const src = typeof insn.src === 'number' ? String(insn.src | 0) : named(insn.src, insn.width);
      return `${named(insn.dst, insn.width)} ${ALU_TEXT[insn.aluOp]} ${src}`;
    }
    case 'neg':
      return `${named(insn.dst, insn.width)} = -${named(insn.dst, insn.width)}`;
    case 'movsx':
      return `${named(insn.dst, insn.width)} = (s${insn.bits})${named(insn.src, insn.width)}`;
    case 'end':
      return `${insn.dst} = ${insn.order === 'swap' ? 'bswap' : insn.order}${insn.bits} ${insn.dst}`;
    case 'ld_imm64':
      return `${insn.dst} = 0x${BigInt.asUintN(64, insn.imm).toString(16)}`;
    case 'ld_map_fd':
      return `${insn.dst} = map[${insn.map}]`;
    case 'ld_map_value':
      return `${insn.dst} = map[${insn.map}][0]+${insn.offset}`;
    case 'ld_func':
      return `${insn.dst} = func[${target(insn.target, insn)}]`;
    case 'ldx':
      return `${insn.dst} = *(${UNSIGNED[insn.size]} *)${address(insn.src, insn.off)}`;
    case 'ldsx':
      return `${insn.dst} = *(${SIGNED[insn.size]} *)${address(insn.src, insn.off)}`;
    case 'stx':
      return `*(${UNSIGNED[insn.size]} *)${address(insn.dst, insn.off)} = ${insn.src}`;
    case 'st':
      return `*(${UNSIGNED[insn.size]} *)${address(insn.dst, insn.off)} = ${insn.imm | 0}`;
    case 'atomic':
      return atomicText(insn);
    case 'jmp': {
      const cond = `${named(insn.dst, insn.width)} ${JMP_TEXT[insn.cond]} ${jumpOperand(insn.src, insn.width)}`;
      return `if ${cond} goto ${target(insn.target, insn)}`;
    }
    case 'ja':
      return `goto ${target(insn.target, insn)}`;
    case 'call':
      return `call ${helperName(insn.helper) ?? 'unknown'}#${insn.helper}`;
    case 'call_sub':
      return `call ${target(insn.target, insn)}`;
    case 'exit':
      return 'exit';
    case 'label':
      return `${insn.name}:`;
    case 'raw':
      return `raw(code=0x${insn.code.toString(16).padStart(2, '0')}, dst=${insn.dst}, src=${insn.src}, off=${insn.off}, imm=${insn.imm})`;
    default:
      return assertNever(insn, 'BPF instruction');
  }
}
