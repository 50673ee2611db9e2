/**
 * The BPF library: an instruction model with source spans, a builder DSL, the assembler (labels →
 * offsets, map references for the loader, a span per slot) and a disassembler that prints the
 * verifier's notation. Imports only util and diag.
 */
export type {
  AssembledProgram,
  AssembleResult,
  AssemblyError,
  AssemblyErrorCode,
  MapReference,
} from './assemble.js';
export { assemble, assembleOrThrow, resolveMaps, spanAtSlot } from './assemble.js';
export { ProgramBuilder } from './builder.js';
export type { Decoded, DecodeOptions } from './decode.js';
export { decode } from './decode.js';
export type { ListingOptions } from './disassemble.js';
export { disassemble, disassembleBytes, formatInstructions } from './disassemble.js';
export * from './dsl.js';
export type { Encoding, Slot } from './encode.js';
export { encodeInstruction, readSlots, writeSlots } from './encode.js';
export type { TargetText } from './format.js';
export { formatInstruction } from './format.js';
export * from './helpers.js';
export type {
  AluInsn,
  AluOp,
  AtomicInsn,
  AtomicOp,
  CallInsn,
  CallSubInsn,
  EndInsn,
  ExitInsn,
  Instruction,
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
  RawInsn,
  Size,
  StInsn,
  StxInsn,
  Width,
} from './instruction.js';
export { B, DW, H, slotCount, targetOf, W, withSpan } from './instruction.js';
export type { Register } from './registers.js';
export {
  isRegister,
  R0,
  R1,
  R2,
  R3,
  R4,
  R5,
  R6,
  R7,
  R8,
  R9,
  R10,
  RFP,
  registerFromNumber,
  registerNumber,
} from './registers.js';
export * from './uapi.js';
