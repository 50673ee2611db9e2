/**
 * Listings: an assembled program in the verifier log's own layout (`12: (85) call
 * bpf_map_lookup_elem#1`, slots numbered as the verifier numbers them, so a rejection at insn 12
 * is line 12 of the listing), annotated with the script line each stretch of code comes from;
 * and an instruction list before assembly, with its labels.
 */
import { formatLocation, type Span, sourceLine } from '../diag/index.js';
import type { AssembledProgram, MapReference } from './assemble.js';
import { decode } from './decode.js';
import { formatInstruction } from './format.js';
import type { Instruction } from './instruction.js';
import { INSN_SIZE_BYTES } from './uapi.js';

export interface ListingOptions {
  /** Names for map loads by slot; otherwise `map[fd:N]`. */
  readonly mapReferences?: readonly Pick<MapReference, 'slot' | 'map'>[];
  /** A span per slot: each time the script line changes, a `; <line> @ file:line:col` comment. */
  readonly lineInfo?: readonly (Span | undefined)[];
  /** Print each slot's opcode byte, `(b7)`, as the verifier log does. Default true. */
  readonly opcodes?: boolean;
}

/** The listing of an assembled program, with its map names and source lines. */
export function disassemble(
  program: AssembledProgram,
  options: Omit<ListingOptions, 'mapReferences' | 'lineInfo'> = {},
): string {
  return disassembleBytes(program.bytes, {
    ...options,
    mapReferences: program.mapReferences,
    lineInfo: program.lineInfo,
  });
}

/** The listing of program bytes (as loaded, or as read back from the kernel). */
export function disassembleBytes(bytes: Uint8Array, options: ListingOptions = {}): string {
  const decoded = decode(bytes, {
    ...(options.mapReferences === undefined ? {} : { mapReferences: options.mapReferences }),
  });
  const slotOf = new Map<string, number>();
  decoded.instructions.forEach((insn, i) => {
    if (insn.op === 'label') slotOf.set(insn.name, decoded.slots[i]!);
  });

  const lines: string[] = [];
  const annotate = sourceAnnotator();
  decoded.instructions.forEach((insn, i) => {
    if (insn.op === 'label') return;
    const at = decoded.slots[i]!;
    const span = options.lineInfo?.[at];
    if (span !== undefined) {
      const note = annotate(span);
      if (note !== undefined) lines.push(note);
    }
    const text = formatInstruction(insn, (label) => {
      const relative = (slotOf.get(label) ?? at + 1) - (at + 1);
      return `pc${relative >= 0 ? '+' : ''}${relative}`;
    });
    const code = bytes[at * INSN_SIZE_BYTES] ?? 0;
    const opcode = options.opcodes === false ? '' : `(${code.toString(16).padStart(2, '0')}) `;
    lines.push(`${at}: ${opcode}${text}`);
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The listing of instructions before assembly: labels on their own lines, targets by name. */
export function formatInstructions(insns: readonly Instruction[]): string {
  const lines: string[] = [];
  const annotate = sourceAnnotator();
  for (const insn of insns) {
    if (insn.span !== undefined && insn.op !== 'label') {
      const note = annotate(insn.span);
      if (note !== undefined) lines.push(note);
    }
    lines.push(insn.op === 'label' ? formatInstruction(insn) : `  ${formatInstruction(insn)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** A function returning a `; source line @ file:line:col` comment when the span's line changed. */
function sourceAnnotator(): (span: Span) => string | undefined {
  let last: Span | undefined;
  return (span) => {
    if (last !== undefined && last.source === span.source && last.line === span.line) return undefined;
    last = span;
    return `; ${sourceLine(span.source, span.line).trim()} @ ${formatLocation(span)}`;
  };
}
