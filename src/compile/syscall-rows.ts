/**
 * The per-call table of a syscall probe that covers several calls (`syscall.*`, `syscall.open*`,
 * `syscall_any`): an ARRAY map keyed by the call number, one row per number, filled by the
 * runtime before the program attaches. A row says everything that differs between calls, so the
 * handler is one program whatever the number of calls:
 *
 *     0   name, NUL-terminated (24 bytes; an empty name: the call is not covered)
 *     24  one byte per argument variable the handler uses: 0 the call has none, else
 *         (register index + 1) | extension << 4 (1: from s32, 2: from u32)
 *     ..  per argstr capture slot (8-aligned): u8 register index + 1 (0: none), u8 kind
 *         (1 user string, 2 user bytes, 3 string vector), u16 bytes to read
 *
 * The captures are argstr's, in its order; a handler that prints only decoded variables
 * (`flags_str`) reads only the ones those need (none for a flag), the others left unread.
 *
 * A probe on one call needs no table: the same facts are constants in its code.
 */
import type {
  ArgumentSource,
  ProvidedVariable,
  SyscallEntry,
  SyscallProbePoint,
} from '../elaborate/index.js';
import { argumentOf, decodedSourceOf } from '../elaborate/index.js';
import { argstrCaptures, type Capture, decodedCaptures, type MapDecl } from '../wire/index.js';

/** Room for the longest call name (`sched_get_priority_max`) and its NUL. */
export const NAME_BYTES = 24;
/** Numbers past this are not covered (x86_64 has 471; x32's start at 512). */
export const MAX_SYSCALL_NR = 511;

export const CAPTURE_KIND = { string: 1, bytes: 2, vector: 3 } as const;

/** One capture slot of the argstr records: the most any covered call reads into it. */
export interface CaptureSlot {
  /** mixed: strings and bytes; a slot any call reads as a vector is 'vector' (its size fits all). */
  readonly kind: 'string' | 'bytes' | 'vector' | 'mixed';
  readonly capacity: number;
}

/** What the handler prints that needs captures: argstr (all of them), decoded variables (theirs). */
export interface CaptureWant {
  readonly argstr: boolean;
  readonly decoded: readonly ProvidedVariable[];
}

/** Every capture, as argstr reads them. */
export const ALL_CAPTURES: CaptureWant = { argstr: true, decoded: [] };

export interface RowLayout {
  /** Byte offset of each argument variable's code. */
  readonly codes: ReadonlyMap<ProvidedVariable, number>;
  readonly want: CaptureWant;
  /** Byte offset of the first capture spec (4 bytes each). */
  readonly capturesAt: number;
  readonly captureSlots: readonly CaptureSlot[];
  readonly rowBytes: number;
}

/** The code of an argument source: register index + 1, extension in the high nibble. */
export function argumentCode(source: ArgumentSource | undefined): number {
  if (source === undefined) return 0;
  const ext = source.kind === 'arg' ? (source.extend === 's32' ? 1 : source.extend === 'u32' ? 2 : 0) : 0;
  return (source.index + 1) | (ext << 4);
}

/** The captures each covered call's argstr needs (wire/syscalls decides them). */
export function capturesOf(entry: SyscallEntry): readonly Capture[] {
  return argstrCaptures(entry.name, entry.params).filter((c) => c.index >= 0 && c.index < 6);
}

/** The captures a call reads for what the handler prints, by argstr position (undefined: unread). */
export function wantedCaptures(entry: SyscallEntry, want: CaptureWant): readonly (Capture | undefined)[] {
  const all = capturesOf(entry);
  if (want.argstr) return all;
  const read = new Set<number>();
  for (const v of want.decoded) {
    const source = decodedSourceOf(entry, v);
    if (source !== undefined) for (const j of decodedCaptures(entry.name, entry.params, source)) read.add(j);
  }
  return all.map((c, j) => (read.has(j) ? c : undefined));
}

function captureBytes(c: Capture): number {
  return c.kind === 'string' ? c.maxBytes : c.bytes;
}

/** The capture slots: slot j holds capture j of whichever call fired, sized for the largest. */
export function captureSlots(
  point: SyscallProbePoint,
  maxStringLen: number,
  want: CaptureWant,
): CaptureSlot[] {
  const slots: { kind: CaptureSlot['kind']; capacity: number }[] = [];
  for (const entry of point.syscalls) {
    wantedCaptures(entry, want).forEach((c, j) => {
      if (c === undefined) return;
      const bytes = Math.max(1, Math.min(captureBytes(c), c.kind === 'string' ? maxStringLen : 0xffff));
      const slot = slots[j];
      if (slot === undefined) slots[j] = { kind: c.kind, capacity: bytes };
      else {
        if (slot.kind === 'vector' || c.kind === 'vector') slot.kind = 'vector';
        else if (slot.kind !== c.kind) slot.kind = 'mixed';
        slot.capacity = Math.max(slot.capacity, bytes);
      }
    });
  }
  // A position no call reads keeps its place (positions are argstr's), with no room.
  return Array.from(slots, (s) => s ?? { kind: 'bytes', capacity: 1 });
}

export function rowLayout(
  variables: readonly ProvidedVariable[],
  slots: readonly CaptureSlot[],
  want: CaptureWant = ALL_CAPTURES,
): RowLayout {
  const codes = new Map<ProvidedVariable, number>();
  let at = NAME_BYTES;
  for (const v of variables) codes.set(v, at++);
  const capturesAt = (at + 7) & ~7;
  const rowBytes = (capturesAt + 4 * slots.length + 7) & ~7;
  return { codes, want, capturesAt, captureSlots: slots, rowBytes };
}

/** The rows of every covered call, as the runtime writes them into the map. */
export function rowMap(
  symbol: string,
  name: string,
  point: SyscallProbePoint,
  layout: RowLayout,
  maxStringLen: number,
): MapDecl {
  const contents = point.syscalls
    .filter((s) => s.nr >= 0 && s.nr <= MAX_SYSCALL_NR)
    .map((entry) => ({ key: entry.nr, value: row(entry, layout, maxStringLen) }));
  return {
    symbol,
    name,
    kind: 'array',
    keyBytes: 4,
    valueBytes: layout.rowBytes,
    maxEntries: MAX_SYSCALL_NR + 1,
    contents,
  };
}

function row(entry: SyscallEntry, layout: RowLayout, maxStringLen: number): Uint8Array {
  const bytes = new Uint8Array(layout.rowBytes);
  const view = new DataView(bytes.buffer);
  const name = entry.name.slice(0, NAME_BYTES - 1);
  for (let i = 0; i < name.length; i++) bytes[i] = name.charCodeAt(i) & 0xff;
  for (const [v, at] of layout.codes) bytes[at] = argumentCode(argumentOf(entry, v));
  if (layout.captureSlots.length === 0) return bytes;
  wantedCaptures(entry, layout.want).forEach((c, j) => {
    const slot = layout.captureSlots[j];
    if (slot === undefined || c === undefined) return;
    const at = layout.capturesAt + 4 * j;
    bytes[at] = c.index + 1;
    bytes[at + 1] = CAPTURE_KIND[c.kind];
    const limit = c.kind === 'string' ? maxStringLen : 0xffff;
    view.setUint16(at + 2, Math.min(captureBytes(c), limit, slot.capacity), true);
  });
  return bytes;
}

/** Bytes a provided string local needs (capacity.ts asks before sizing anything). */
export function providedCapacity(what: ProvidedVariable, maxStringLen: number): number {
  switch (what.kind) {
    case 'name':
      return NAME_BYTES;
    case 'user-string':
    case 'argstr':
    case 'retstr':
    case 'decoded':
      return maxStringLen;
    default:
      return 1;
  }
}

/** What `bpftool prog` shows: `sys_openat`, `sys_openat_ret`, `sys_any`, `sys_multi_ret`. */
export function syscallProgramName(point: SyscallProbePoint): string {
  const what =
    point.flavour === 'syscall_any'
      ? 'any'
      : point.syscalls.length === 1
        ? (point.syscalls[0]?.name ?? '')
        : 'multi';
  return `sys_${what}`.slice(0, point.isReturn ? 11 : 15) + (point.isReturn ? '_ret' : '');
}
