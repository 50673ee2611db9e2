/**
 * The assembler: instructions with labels → kernel bytes. Labels are resolved here, once, in
 * slots (a 16-byte `lddw` counts two, see `slotCount`); map loads are left for the loader as a
 * list of references; every slot keeps the span of the instruction that produced it.
 */
import type { Span } from '../diag/index.js';
import { encodeInstruction, fitsS16, type Slot, writeSlots } from './encode.js';
import { type Instruction, type Label, type MapSymbol, slotCount, targetOf } from './instruction.js';
import { INSN_SIZE_BYTES } from './uapi.js';

/** A map load the loader must patch: the `imm` of slot `slot` becomes the map's fd. */
export interface MapReference {
  readonly slot: number;
  /** Index of the load in the assembler's input. */
  readonly index: number;
  readonly map: MapSymbol;
  /** `fd`: BPF_PSEUDO_MAP_FD (the map itself); `value`: BPF_PSEUDO_MAP_VALUE (an address in its value). */
  readonly kind: 'fd' | 'value';
}

export interface AssembledProgram {
  /** `struct bpf_insn[]`, little-endian, 8 bytes per slot. */
  readonly bytes: Uint8Array;
  /** The span of the instruction behind each slot (both slots of an `lddw`), as the verifier numbers them. */
  readonly lineInfo: readonly (Span | undefined)[];
  readonly mapReferences: readonly MapReference[];
  /** The slot each label names. */
  readonly labels: ReadonlyMap<Label, number>;
  /**
   * Where each function starts, ascending: slot 0 and every target of a BPF-to-BPF call or a
   * callback load. The loader's BTF `func_info` records go here; the verifier demands them for a
   * program that loads a callback address ("missing btf func_info").
   */
  readonly subprogramSlots: readonly number[];
}

export type AssemblyErrorCode =
  | 'undefined-label'
  | 'duplicate-label'
  | 'jump-out-of-range'
  | 'immediate-out-of-range'
  | 'offset-out-of-range';

/**
 * A program the assembler cannot encode. `jump-out-of-range` can come from a large script (a
 * branch longer than 32767 slots); the others are code-generator bugs.
 */
export interface AssemblyError {
  readonly code: AssemblyErrorCode;
  readonly message: string;
  /** Index of the offending instruction in the input. */
  readonly index: number;
  readonly span?: Span;
}

export type AssembleResult =
  | { readonly ok: true; readonly program: AssembledProgram }
  | { readonly ok: false; readonly errors: readonly AssemblyError[] };

export function assemble(insns: readonly Instruction[]): AssembleResult {
  const errors: AssemblyError[] = [];
  const fail = (code: AssemblyErrorCode, message: string, index: number): void => {
    const span = insns[index]?.span;
    errors.push(span === undefined ? { code, message, index } : { code, message, index, span });
  };

  const starts: number[] = [];
  const labels = new Map<Label, number>();
  let total = 0;
  insns.forEach((insn, index) => {
    starts.push(total);
    if (insn.op === 'label') {
      if (labels.has(insn.name)) fail('duplicate-label', `label '${insn.name}' is defined twice`, index);
      else labels.set(insn.name, total);
    }
    total += slotCount(insn);
  });

  const slots: Slot[] = [];
  const subprograms = new Set<number>([0]);
  const lineInfo: (Span | undefined)[] = [];
  const mapReferences: MapReference[] = [];
  insns.forEach((insn, index) => {
    const at = starts[index]!;
    const relative = relativeTarget(insn, at, labels, total, (code, message) => fail(code, message, index));
    if (relative === undefined) return;
    const encoded = encodeInstruction(insn, relative);
    if (!encoded.ok) {
      fail(encoded.code, encoded.message, index);
      return;
    }
    for (const s of encoded.slots) {
      slots.push(s);
      lineInfo.push(insn.span);
    }
    if (insn.op === 'call_sub' || insn.op === 'ld_func') subprograms.add(at + 1 + relative);
    if (insn.op === 'ld_map_fd') mapReferences.push({ slot: at, index, map: insn.map, kind: 'fd' });
    if (insn.op === 'ld_map_value') mapReferences.push({ slot: at, index, map: insn.map, kind: 'value' });
  });

  if (errors.length > 0) return { ok: false, errors };
  const subprogramSlots = [...subprograms].sort((a, b) => a - b);
  return {
    ok: true,
    program: { bytes: writeSlots(slots), lineInfo, mapReferences, labels, subprogramSlots },
  };
}

/**
 * The slot distance from the slot after `insn` to its target (0 when it has none), as the kernel
 * counts it for jumps, pseudo calls and pseudo function loads alike; undefined after reporting.
 */
function relativeTarget(
  insn: Instruction,
  at: number,
  labels: ReadonlyMap<Label, number>,
  total: number,
  fail: (code: AssemblyErrorCode, message: string) => void,
): number | undefined {
  const target = targetOf(insn);
  if (target === undefined) return 0;
  const to = labels.get(target);
  if (to === undefined) {
    fail('undefined-label', `label '${target}' is not defined`);
    return undefined;
  }
  if (to >= total) {
    fail('jump-out-of-range', `label '${target}' is past the last instruction`);
    return undefined;
  }
  const relative = to - (at + 1);
  if ((insn.op === 'jmp' || insn.op === 'ja') && !fitsS16(relative)) {
    fail('jump-out-of-range', `jump to '${target}' spans ${relative} slots; a jump reaches at most ±32767`);
    return undefined;
  }
  return relative;
}

/** `assemble` for code that cannot fail (tests, fixed stubs): throws on any error. */
export function assembleOrThrow(insns: readonly Instruction[]): AssembledProgram {
  const result = assemble(insns);
  if (!result.ok) {
    throw new Error(
      `BPF assembly failed: ${result.errors.map((e) => `#${e.index}: ${e.message}`).join('; ')}`,
    );
  }
  return result.program;
}

/**
 * The program bytes with each map reference's `imm` set to the map's fd, ready for BPF_PROG_LOAD.
 * A map missing from `fds` is a bug of ours (the loader creates every map the program names).
 */
export function resolveMaps(program: AssembledProgram, fds: ReadonlyMap<MapSymbol, number>): Uint8Array {
  const bytes = program.bytes.slice();
  const view = new DataView(bytes.buffer);
  for (const ref of program.mapReferences) {
    const fd = fds.get(ref.map);
    if (fd === undefined) throw new Error(`no fd for BPF map '${ref.map}'`);
    view.setInt32(ref.slot * INSN_SIZE_BYTES + 4, fd, true);
  }
  return bytes;
}

/**
 * The source span for slot `slot` as a verifier log numbers it: the slot's own span, else the
 * nearest earlier one (glue code belongs to the construct before it).
 */
export function spanAtSlot(program: AssembledProgram, slot: number): Span | undefined {
  for (let i = Math.min(slot, program.lineInfo.length - 1); i >= 0; i--) {
    const span = program.lineInfo[i];
    if (span !== undefined) return span;
  }
  return undefined;
}
