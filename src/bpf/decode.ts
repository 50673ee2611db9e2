/**
 * The decoder: kernel bytes → instructions, with a label before every jump, call or callback
 * target. Every decoded instruction re-encodes to exactly the bytes it came from; an encoding the
 * model has no form for (or a target that is not an instruction boundary) becomes a `raw` slot,
 * so `assemble(decode(bytes))` reproduces the bytes (map fds aside, see `mapReferences`).
 */
import type { Span } from '../diag/index.js';
import type { MapReference } from './assemble.js';
import { encodeInstruction, readSlots, type Slot } from './encode.js';
import type { AluOp, Instruction, Label } from './instruction.js';
import { ALU_ENCODING, ATOMIC_ENCODING, invert, JMP_ENCODING, sizeOfCode } from './opcodes.js';
import { type Register, registerFromNumber } from './registers.js';
import {
  BPF_ALU,
  BPF_ALU64,
  BPF_ATOMIC,
  BPF_CALL,
  BPF_DIV,
  BPF_DW,
  BPF_END,
  BPF_EXIT,
  BPF_IMM,
  BPF_JA,
  BPF_JMP,
  BPF_JMP32,
  BPF_LD,
  BPF_LDX,
  BPF_MEM,
  BPF_MEMSX,
  BPF_MOD,
  BPF_MOV,
  BPF_NEG,
  BPF_PSEUDO_CALL,
  BPF_PSEUDO_FUNC,
  BPF_PSEUDO_MAP_FD,
  BPF_PSEUDO_MAP_VALUE,
  BPF_ST,
  BPF_STX,
  BPF_TO_BE,
  BPF_X,
} from './uapi.js';

export interface DecodeOptions {
  /** Names for map loads by slot (an assembled program's references); otherwise `fd:N`. */
  readonly mapReferences?: readonly Pick<MapReference, 'slot' | 'map'>[];
  /** A span per slot (an assembled program's `lineInfo`), attached to the decoded instructions. */
  readonly lineInfo?: readonly (Span | undefined)[];
  /** The label naming target slot `slot`; `L<slot>` by default. */
  readonly labelName?: (slot: number) => Label;
}

export interface Decoded {
  /** The program, with `label` pseudo-instructions before targets. */
  readonly instructions: readonly Instruction[];
  /** The first slot of each entry of `instructions` (a label's is the slot it names). */
  readonly slots: readonly number[];
}

const ALU_BY_CODE = new Map<number, AluOp>(
  (Object.keys(ALU_ENCODING) as AluOp[]).map((op) => [
    ALU_ENCODING[op].code | (ALU_ENCODING[op].off << 8),
    op,
  ]),
);
const JMP_BY_CODE = invert(JMP_ENCODING);
const ATOMIC_BY_IMM = invert(ATOMIC_ENCODING);

/** One decoded instruction: where it starts, how many slots, and the slot it targets if any. */
interface Piece {
  readonly insn: Instruction;
  readonly at: number;
  readonly width: 1 | 2;
  readonly target?: number;
}

export function decode(bytes: Uint8Array, options: DecodeOptions = {}): Decoded {
  const slots = readSlots(bytes);
  const mapNames = new Map((options.mapReferences ?? []).map((r) => [r.slot, r.map]));
  const labelName = options.labelName ?? ((slot: number) => `L${slot}`);

  const pieces: Piece[] = [];
  for (let at = 0; at < slots.length; ) {
    const piece = decodeAt(slots, at, mapNames, labelName);
    pieces.push(piece);
    at += piece.width;
  }

  const boundaries = new Set(pieces.map((p) => p.at));
  const targets = new Set<number>();
  const resolved = pieces.flatMap((p) => {
    if (p.target === undefined) return [p];
    if (boundaries.has(p.target)) {
      targets.add(p.target);
      return [p];
    }
    return p.width === 1 ? [rawPiece(slots, p.at)] : [rawPiece(slots, p.at), rawPiece(slots, p.at + 1)];
  });

  const instructions: Instruction[] = [];
  const starts: number[] = [];
  for (const p of resolved) {
    if (targets.has(p.at)) {
      instructions.push({ op: 'label', name: labelName(p.at) });
      starts.push(p.at);
    }
    const span = options.lineInfo?.[p.at];
    instructions.push(span === undefined ? p.insn : { ...p.insn, span });
    starts.push(p.at);
  }
  return { instructions, slots: starts };
}

function rawPiece(slots: readonly Slot[], at: number): Piece {
  const s = slots[at]!;
  return { insn: { op: 'raw', ...s }, at, width: 1 };
}

function decodeAt(
  slots: readonly Slot[],
  at: number,
  mapNames: ReadonlyMap<number, string>,
  labelName: (slot: number) => Label,
): Piece {
  const s = slots[at]!;
  const next = slots[at + 1];
  if (s.code === (BPF_LD | BPF_DW | BPF_IMM) && next !== undefined) {
    const wide = decodeWide(s, next, at, mapNames, labelName);
    if (wide !== undefined) return wide;
    return rawPiece(slots, at);
  }
  const target = jumpTarget(s, at);
  const insn = decodeNarrow(s, target === undefined ? '' : labelName(target));
  if (insn === undefined || !reencodes(insn, [s], target === undefined ? 0 : target - (at + 1))) {
    return rawPiece(slots, at);
  }
  return target === undefined ? { insn, at, width: 1 } : { insn, at, width: 1, target };
}

/** True when `insn` encodes back to exactly `slots`. */
function reencodes(insn: Instruction, slots: readonly Slot[], relative: number): boolean {
  const encoded = encodeInstruction(insn, relative);
  if (!encoded.ok || encoded.slots.length !== slots.length) return false;
  return encoded.slots.every((e, i) => {
    const s = slots[i]!;
    return e.code === s.code && e.dst === s.dst && e.src === s.src && e.off === s.off && e.imm === s.imm;
  });
}

function jumpTarget(s: Slot, at: number): number | undefined {
  const cls = s.code & 0x07;
  if (cls !== BPF_JMP && cls !== BPF_JMP32) return undefined;
  const op = s.code & 0xf0;
  if (op === BPF_EXIT) return undefined;
  if (op === BPF_CALL) return s.src === BPF_PSEUDO_CALL ? at + s.imm + 1 : undefined;
  return at + s.off + 1;
}

/** A 16-byte `lddw`; undefined for forms the model lacks (BTF ids, map indexes). */
function decodeWide(
  s: Slot,
  next: Slot,
  at: number,
  mapNames: ReadonlyMap<number, string>,
  labelName: (slot: number) => Label,
): Piece | undefined {
  const dst = registerFromNumber(s.dst);
  if (
    dst === undefined ||
    s.off !== 0 ||
    next.code !== 0 ||
    next.dst !== 0 ||
    next.src !== 0 ||
    next.off !== 0
  ) {
    return undefined;
  }
  const span = { at, width: 2 as const };
  switch (s.src) {
    case 0: {
      const imm = BigInt.asIntN(64, (BigInt(next.imm) << 32n) | BigInt(s.imm >>> 0));
      return { ...span, insn: { op: 'ld_imm64', dst, imm } };
    }
    case BPF_PSEUDO_MAP_FD:
      if (next.imm !== 0) return undefined;
      return { ...span, insn: { op: 'ld_map_fd', dst, map: mapNames.get(at) ?? `fd:${s.imm}` } };
    case BPF_PSEUDO_MAP_VALUE:
      return {
        ...span,
        insn: { op: 'ld_map_value', dst, map: mapNames.get(at) ?? `fd:${s.imm}`, offset: next.imm },
      };
    case BPF_PSEUDO_FUNC: {
      if (next.imm !== 0) return undefined;
      const target = at + s.imm + 1;
      return { ...span, insn: { op: 'ld_func', dst, target: labelName(target) }, target };
    }
    default:
      return undefined;
  }
}

/** A one-slot instruction, unchecked (the caller re-encodes it); undefined when it has no form. */
function decodeNarrow(s: Slot, target: Label): Instruction | undefined {
  const dst = registerFromNumber(s.dst);
  const src = registerFromNumber(s.src);
  if (dst === undefined || src === undefined) return undefined;
  const cls = s.code & 0x07;
  const size = sizeOfCode(s.code & 0x18);
  const mode = s.code & 0xe0;
  switch (cls) {
    case BPF_ALU:
    case BPF_ALU64:
      return decodeAlu(s, cls === BPF_ALU64 ? 64 : 32, dst, src);
    case BPF_LDX:
      if (mode === BPF_MEM) return { op: 'ldx', size, dst, src, off: s.off };
      if (mode === BPF_MEMSX && size !== 8) return { op: 'ldsx', size, dst, src, off: s.off };
      return undefined;
    case BPF_ST:
      return mode === BPF_MEM ? { op: 'st', size, dst, off: s.off, imm: s.imm } : undefined;
    case BPF_STX: {
      if (mode === BPF_MEM) return { op: 'stx', size, dst, off: s.off, src };
      const atomicOp = ATOMIC_BY_IMM.get(s.imm);
      if (mode !== BPF_ATOMIC || atomicOp === undefined || (size !== 4 && size !== 8)) return undefined;
      return { op: 'atomic', atomicOp, size, dst, off: s.off, src };
    }
    case BPF_JMP:
    case BPF_JMP32:
      return decodeJmp(s, cls === BPF_JMP ? 64 : 32, dst, src, target);
    default:
      return undefined;
  }
}

function decodeAlu(s: Slot, width: 32 | 64, dst: Register, src: Register): Instruction | undefined {
  const op = s.code & 0xf0;
  const isReg = (s.code & BPF_X) === BPF_X;
  if (op === BPF_END) {
    const bits = s.imm;
    if (bits !== 16 && bits !== 32 && bits !== 64) return undefined;
    if (width === 64) return { op: 'end', order: 'swap', bits, dst };
    return { op: 'end', order: (s.code & BPF_TO_BE) === BPF_TO_BE ? 'be' : 'le', bits, dst };
  }
  if (op === BPF_NEG) return { op: 'neg', width, dst };
  if (op === BPF_MOV && isReg && (s.off === 8 || s.off === 16 || s.off === 32)) {
    return { op: 'movsx', width, dst, src, bits: s.off };
  }
  const signed = (op === BPF_DIV || op === BPF_MOD) && s.off === 1 ? 1 : 0;
  const aluOp = ALU_BY_CODE.get(op | (signed << 8));
  if (aluOp === undefined) return undefined;
  return { op: 'alu', width, aluOp, dst, src: isReg ? src : s.imm };
}

function decodeJmp(
  s: Slot,
  width: 32 | 64,
  dst: Register,
  src: Register,
  target: Label,
): Instruction | undefined {
  const op = s.code & 0xf0;
  if (width === 64) {
    if (op === BPF_JA) return { op: 'ja', target };
    if (op === BPF_EXIT) return { op: 'exit' };
    if (op === BPF_CALL)
      return s.src === BPF_PSEUDO_CALL ? { op: 'call_sub', target } : { op: 'call', helper: s.imm };
  }
  const cond = JMP_BY_CODE.get(op);
  if (cond === undefined) return undefined;
  return { op: 'jmp', width, cond, dst, src: (s.code & BPF_X) === BPF_X ? src : s.imm, target };
}
