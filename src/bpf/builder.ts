/**
 * A fluent builder over the functional DSL, for code generators: it keeps the instruction list,
 * stamps each instruction with the current source span, and hands out fresh label names.
 *
 *     const b = new ProgramBuilder();
 *     const out = b.newLabel('out');
 *     b.at(span).mov64(R1, 0).jeq(R0, 0, out).label(out).exit();
 *     const result = b.assemble();
 *
 * Each method is the DSL function of the same name (see dsl.ts) followed by `emit`.
 */
import type { Span } from '../diag/index.js';
import { type AssembleResult, assemble } from './assemble.js';
import * as dsl from './dsl.js';
import {
  type AtomicOp,
  type Instruction,
  type Label,
  type MapSymbol,
  type Operand,
  type Size,
  withSpan,
} from './instruction.js';
import type { Register } from './registers.js';

export class ProgramBuilder {
  readonly #insns: Instruction[] = [];
  #span: Span | undefined;
  #labels = 0;

  /** Instructions emitted from now on carry `span` (undefined: none). */
  at(span: Span | undefined): this {
    this.#span = span;
    return this;
  }

  /** Runs `body` with `span` as the current span, then restores the previous one. */
  inSpan<T>(span: Span | undefined, body: () => T): T {
    const saved = this.#span;
    this.#span = span;
    try {
      return body();
    } finally {
      this.#span = saved;
    }
  }

  /** A label name no other `newLabel` call of this builder returns: `hint.N`. */
  newLabel(hint = 'L'): Label {
    return `${hint}.${this.#labels++}`;
  }

  /** Appends instructions; those without a span get the current one. */
  emit(...insns: Instruction[]): this {
    for (const insn of insns) this.#insns.push(insn.span === undefined ? withSpan(insn, this.#span) : insn);
    return this;
  }

  /** The instructions so far (a copy). */
  build(): Instruction[] {
    return [...this.#insns];
  }

  /**
   * Removes and returns the instructions from index `from` on: code generated in place and then
   * moved elsewhere (a loop body that becomes a callback subprogram). Label names stay unique.
   */
  take(from: number): Instruction[] {
    return this.#insns.splice(from);
  }

  /** Number of instructions (labels included) emitted so far. */
  get length(): number {
    return this.#insns.length;
  }

  assemble(): AssembleResult {
    return assemble(this.#insns);
  }

  mov64(dst: Register, src: Operand): this {
    return this.emit(dsl.mov64(dst, src));
  }

  add64(dst: Register, src: Operand): this {
    return this.emit(dsl.add64(dst, src));
  }

  sub64(dst: Register, src: Operand): this {
    return this.emit(dsl.sub64(dst, src));
  }

  mul64(dst: Register, src: Operand): this {
    return this.emit(dsl.mul64(dst, src));
  }

  div64(dst: Register, src: Operand): this {
    return this.emit(dsl.div64(dst, src));
  }

  sdiv64(dst: Register, src: Operand): this {
    return this.emit(dsl.sdiv64(dst, src));
  }

  mod64(dst: Register, src: Operand): this {
    return this.emit(dsl.mod64(dst, src));
  }

  smod64(dst: Register, src: Operand): this {
    return this.emit(dsl.smod64(dst, src));
  }

  or64(dst: Register, src: Operand): this {
    return this.emit(dsl.or64(dst, src));
  }

  and64(dst: Register, src: Operand): this {
    return this.emit(dsl.and64(dst, src));
  }

  lsh64(dst: Register, src: Operand): this {
    return this.emit(dsl.lsh64(dst, src));
  }

  rsh64(dst: Register, src: Operand): this {
    return this.emit(dsl.rsh64(dst, src));
  }

  arsh64(dst: Register, src: Operand): this {
    return this.emit(dsl.arsh64(dst, src));
  }

  xor64(dst: Register, src: Operand): this {
    return this.emit(dsl.xor64(dst, src));
  }

  mov32(dst: Register, src: Operand): this {
    return this.emit(dsl.mov32(dst, src));
  }

  add32(dst: Register, src: Operand): this {
    return this.emit(dsl.add32(dst, src));
  }

  sub32(dst: Register, src: Operand): this {
    return this.emit(dsl.sub32(dst, src));
  }

  mul32(dst: Register, src: Operand): this {
    return this.emit(dsl.mul32(dst, src));
  }

  div32(dst: Register, src: Operand): this {
    return this.emit(dsl.div32(dst, src));
  }

  sdiv32(dst: Register, src: Operand): this {
    return this.emit(dsl.sdiv32(dst, src));
  }

  mod32(dst: Register, src: Operand): this {
    return this.emit(dsl.mod32(dst, src));
  }

  smod32(dst: Register, src: Operand): this {
    return this.emit(dsl.smod32(dst, src));
  }

  or32(dst: Register, src: Operand): this {
    return this.emit(dsl.or32(dst, src));
  }

  and32(dst: Register, src: Operand): this {
    return this.emit(dsl.and32(dst, src));
  }

  lsh32(dst: Register, src: Operand): this {
    return this.emit(dsl.lsh32(dst, src));
  }

  rsh32(dst: Register, src: Operand): this {
    return this.emit(dsl.rsh32(dst, src));
  }

  arsh32(dst: Register, src: Operand): this {
    return this.emit(dsl.arsh32(dst, src));
  }

  xor32(dst: Register, src: Operand): this {
    return this.emit(dsl.xor32(dst, src));
  }

  neg64(dst: Register): this {
    return this.emit(dsl.neg64(dst));
  }

  neg32(dst: Register): this {
    return this.emit(dsl.neg32(dst));
  }

  movsx64(dst: Register, src: Register, bits: 8 | 16 | 32): this {
    return this.emit(dsl.movsx64(dst, src, bits));
  }

  movsx32(dst: Register, src: Register, bits: 8 | 16): this {
    return this.emit(dsl.movsx32(dst, src, bits));
  }

  le16(dst: Register): this {
    return this.emit(dsl.le16(dst));
  }

  le32(dst: Register): this {
    return this.emit(dsl.le32(dst));
  }

  le64(dst: Register): this {
    return this.emit(dsl.le64(dst));
  }

  be16(dst: Register): this {
    return this.emit(dsl.be16(dst));
  }

  be32(dst: Register): this {
    return this.emit(dsl.be32(dst));
  }

  be64(dst: Register): this {
    return this.emit(dsl.be64(dst));
  }

  bswap16(dst: Register): this {
    return this.emit(dsl.bswap16(dst));
  }

  bswap32(dst: Register): this {
    return this.emit(dsl.bswap32(dst));
  }

  bswap64(dst: Register): this {
    return this.emit(dsl.bswap64(dst));
  }

  ldImm64(dst: Register, imm: bigint | number): this {
    return this.emit(dsl.ldImm64(dst, imm));
  }

  ldMapFd(dst: Register, map: MapSymbol): this {
    return this.emit(dsl.ldMapFd(dst, map));
  }

  ldMapValue(dst: Register, map: MapSymbol, offset = 0): this {
    return this.emit(dsl.ldMapValue(dst, map, offset));
  }

  ldFunc(dst: Register, target: Label): this {
    return this.emit(dsl.ldFunc(dst, target));
  }

  ldx(size: Size, dst: Register, src: Register, off: number): this {
    return this.emit(dsl.ldx(size, dst, src, off));
  }

  ldsx(size: 1 | 2 | 4, dst: Register, src: Register, off: number): this {
    return this.emit(dsl.ldsx(size, dst, src, off));
  }

  stx(size: Size, dst: Register, off: number, src: Register): this {
    return this.emit(dsl.stx(size, dst, off, src));
  }

  st(size: Size, dst: Register, off: number, imm: number): this {
    return this.emit(dsl.st(size, dst, off, imm));
  }

  atomic(atomicOp: AtomicOp, size: 4 | 8, dst: Register, off: number, src: Register): this {
    return this.emit(dsl.atomic(atomicOp, size, dst, off, src));
  }

  atomicAdd(size: 4 | 8, dst: Register, off: number, src: Register): this {
    return this.emit(dsl.atomicAdd(size, dst, off, src));
  }

  atomicFetchAdd(size: 4 | 8, dst: Register, off: number, src: Register): this {
    return this.emit(dsl.atomicFetchAdd(size, dst, off, src));
  }

  atomicXchg(size: 4 | 8, dst: Register, off: number, src: Register): this {
    return this.emit(dsl.atomicXchg(size, dst, off, src));
  }

  atomicCmpxchg(size: 4 | 8, dst: Register, off: number, src: Register): this {
    return this.emit(dsl.atomicCmpxchg(size, dst, off, src));
  }

  jeq(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jeq(dst, src, target));
  }

  jne(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jne(dst, src, target));
  }

  jgt(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jgt(dst, src, target));
  }

  jge(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jge(dst, src, target));
  }

  jlt(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jlt(dst, src, target));
  }

  jle(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jle(dst, src, target));
  }

  jsgt(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jsgt(dst, src, target));
  }

  jsge(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jsge(dst, src, target));
  }

  jslt(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jslt(dst, src, target));
  }

  jsle(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jsle(dst, src, target));
  }

  jset(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jset(dst, src, target));
  }

  jeq32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jeq32(dst, src, target));
  }

  jne32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jne32(dst, src, target));
  }

  jgt32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jgt32(dst, src, target));
  }

  jge32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jge32(dst, src, target));
  }

  jlt32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jlt32(dst, src, target));
  }

  jle32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jle32(dst, src, target));
  }

  jsgt32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jsgt32(dst, src, target));
  }

  jsge32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jsge32(dst, src, target));
  }

  jslt32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jslt32(dst, src, target));
  }

  jsle32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jsle32(dst, src, target));
  }

  jset32(dst: Register, src: Operand, target: Label): this {
    return this.emit(dsl.jset32(dst, src, target));
  }

  ja(target: Label): this {
    return this.emit(dsl.ja(target));
  }

  call(helper: number): this {
    return this.emit(dsl.call(helper));
  }

  callSub(target: Label): this {
    return this.emit(dsl.callSub(target));
  }

  exit(): this {
    return this.emit(dsl.exit());
  }

  /** Defines `name` at the next instruction. */
  label(name: Label): this {
    return this.emit(dsl.label(name));
  }
}
