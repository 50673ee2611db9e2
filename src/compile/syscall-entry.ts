/**
 * `@entry(expr)` in a syscall return probe (`syscall.NAME.return`, `syscall.*.return`,
 * `nd_syscall`/`tp_syscall` ones, `syscall_any.return`): the value `expr` had when the call was
 * entered. A companion RAW_TRACEPOINT program on `sys_enter`, filtered by the same call numbers
 * as the return handler, evaluates every `@entry` operand of the handler (in order, each at
 * its offset in one record: a long in 8 bytes, a string in its capacity) and stores the record
 * in an LRU hash keyed by the thread (bpf_get_current_pid_tgid). The return handler's prologue
 * copies its thread's record out and deletes it, as stap's synthesized entry arrays are read and
 * deleted at the top of the return probe; a call whose entry was not seen (tstap started while
 * it was in flight) reads 0 and "", as stap's missing array elements do. A thread is in one
 * system call at a time, so stap's nesting counter has nothing to count here.
 *
 * A probe without `@entry` has no companion: nothing runs at the entries for it.
 */
import {
  type AssembledProgram,
  BPF_FUNC_get_current_pid_tgid,
  BPF_FUNC_map_delete_elem,
  BPF_FUNC_map_lookup_elem,
  BPF_FUNC_map_update_elem,
  type Instruction,
  R0,
  R1,
  R2,
  R3,
  R4,
  R6,
  R10,
} from '../bpf/index.js';
import {
  type DerivedProbe,
  type Program,
  type SyscallProbePoint,
  type Variable,
  walk,
} from '../elaborate/index.js';
import type { EntryExpr, SymbolExpr } from '../lang/index.js';
import type { GlobalStorage, MapDecl } from '../wire/index.js';
import type { Capacities } from './capacity.js';
import { evalLong } from './expressions.js';
import { align8, type Region } from './frame.js';
import { finishHandler } from './handler.js';
import { Lowering, type LoweringOptions, type SharedTables, Unsupported } from './lowering.js';
import { copyBuffer, copyFromPointer, evalString, writeLiteral } from './strings.js';
import { MAX_SYSCALL_NR, NAME_BYTES, rowLayout, rowMap } from './syscall-rows.js';
import { assembleEntryProgram, entryOperands, readProcessEntryString } from './uprobe-entry.js';

/** Where one operand's value sits in the record. */
interface EntrySlot {
  readonly kind: 'long' | 'string';
  readonly offset: number;
  readonly bytes: number;
}

interface EntryLayout {
  readonly slots: ReadonlyMap<EntryExpr, EntrySlot>;
  readonly bytes: number;
}

const layouts = new WeakMap<DerivedProbe, EntryLayout>();

function syscallReturn(probe: DerivedProbe): SyscallProbePoint | undefined {
  const point = probe.point;
  return point.family === 'syscall' && point.isReturn ? point : undefined;
}

function layoutOf(program: Program, capacities: Capacities, probe: DerivedProbe): EntryLayout {
  const known = layouts.get(probe);
  if (known !== undefined) return known;
  const slots = new Map<EntryExpr, EntrySlot>();
  let at = 0;
  for (const e of entryOperands(probe)) {
    const string = program.types.get(e) === 'string';
    const bytes = string ? align8(Math.max(capacities.of(e.operand), 1)) : 8;
    slots.set(e, { kind: string ? 'string' : 'long', offset: at, bytes });
    at += bytes;
  }
  const layout = { slots, bytes: Math.max(at, 8) };
  layouts.set(probe, layout);
  return layout;
}

function mapSymbol(probe: DerivedProbe): string {
  return `sysentry${probe.id}`;
}

function rowsSymbol(probe: DerivedProbe): string {
  return `sysentry_rows${probe.id}`;
}

/** The companion of a syscall return probe with `@entry` operands, for compileKernel. */
export interface SyscallEntryCompanion {
  /** The record map, and the call filter of a probe covering several calls. */
  readonly maps: readonly MapDecl[];
  /** Undefined when lowering or assembling failed (reported). */
  readonly assembled: AssembledProgram | undefined;
  readonly instructions: readonly Instruction[];
  readonly scratchBytes: number;
  readonly usesZeros: boolean;
}

export function syscallEntryCompanion(
  program: Program,
  probe: DerivedProbe,
  storage: ReadonlyMap<Variable, GlobalStorage>,
  capacities: Capacities,
  shared: SharedTables,
  options: LoweringOptions,
  maxMapEntries: number,
): SyscallEntryCompanion | undefined {
  const point = syscallReturn(probe);
  if (point === undefined || entryOperands(probe).length === 0) return undefined;
  const layout = layoutOf(program, capacities, probe);
  const maps: MapDecl[] = [
    {
      symbol: mapSymbol(probe),
      name: `stap_sent${probe.id}`.slice(0, 15),
      kind: 'lru_hash',
      keyBytes: 8,
      valueBytes: layout.bytes,
      maxEntries: maxMapEntries,
    },
  ];
  const L = new Lowering(program, probe, storage, capacities, shared, options);
  if (usesRows(point, L)) {
    maps.push(rowMap(rowsSymbol(probe), `stap_senr${probe.id}`.slice(0, 15), point, rowLayout([], []), 1));
  }
  const b = L.b;
  b.at(probe.written.span);
  try {
    const row = entryFilter(L, point);
    const record = L.frame.buffer(layout.bytes);
    L.zero(record);
    initOperandLocals(L, row);
    for (const [e, slot] of layout.slots) {
      b.at(e.span);
      if (slot.kind === 'string') {
        evalString(L, e.operand, L.slice(record, slot.offset, slot.bytes));
      } else {
        evalLong(L, e.operand);
        const to = L.baseOf(record, slot.offset);
        b.stx(8, to.reg, to.off, R0);
      }
    }
    b.at(probe.written.span);
    const key = L.frame.slot();
    b.call(BPF_FUNC_get_current_pid_tgid).stx(8, R10, key.offset, R0);
    b.ldMapFd(R1, mapSymbol(probe));
    b.mov64(R2, R10).add64(R2, key.offset);
    L.address(R3, record);
    b.mov64(R4, 0).call(BPF_FUNC_map_update_elem);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
  }
  const lowered = finishHandler(L, `the @entry program of ${probe.name}`);
  const assembled = assembleEntryProgram(lowered, probe, shared);
  return {
    maps,
    assembled,
    instructions: lowered.instructions,
    scratchBytes: lowered.scratchBytes,
    usesZeros: lowered.usesZeros,
  };
}

/** Whether an operand names the alias's `name` (the row then gives it). */
function namesCall(L: Lowering): boolean {
  let found = false;
  const visit = (e: { kind: string }): undefined => {
    const v = e.kind === 'Symbol' ? L.program.bindings.get(e as SymbolExpr) : undefined;
    if (v !== undefined && L.probe.provided?.get(v)?.kind === 'name') found = true;
    return undefined;
  };
  for (const e of entryOperands(L.probe)) walk(e.operand, { enter: visit });
  return found;
}

/** Whether the companion looks the entered call's row up (see rowMap). */
function usesRows(point: SyscallProbePoint, L: Lowering): boolean {
  if (point.flavour === 'syscall') return point.syscalls.length > 1;
  return namesCall(L);
}

/**
 * Leaves unless the entered call (ctx->args[1]) is one the return probe covers; returns the slot
 * holding the call's row when the probe has rows (0 when syscall_any's call has none).
 */
function entryFilter(L: Lowering, point: SyscallProbePoint): Region | undefined {
  const b = L.b;
  const rows = usesRows(point, L);
  if (point.flavour === 'syscall' && !rows) {
    b.ldx(8, R0, R6, 8).jne(R0, point.syscalls[0]?.nr ?? -1, L.exitLabel);
    return undefined;
  }
  if (!rows) return undefined;
  const row = L.frame.slot();
  b.st(8, R10, row.offset, 0);
  const miss = point.flavour === 'syscall' ? L.exitLabel : b.newLabel('no_row');
  b.ldx(8, R0, R6, 8).jgt(R0, MAX_SYSCALL_NR, miss);
  const key = L.frame.slot();
  b.stx(4, R10, key.offset, R0);
  b.ldMapFd(R1, rowsSymbol(L.probe)).mov64(R2, R10).add64(R2, key.offset).call(BPF_FUNC_map_lookup_elem);
  b.jeq(R0, 0, miss);
  if (point.flavour === 'syscall') b.ldx(1, R1, R0, 0).jeq(R1, 0, L.exitLabel);
  b.stx(8, R10, row.offset, R0);
  if (miss !== L.exitLabel) b.label(miss);
  return row;
}

/**
 * The handler's locals an operand names are the entry's own, never set there (stap moves the
 * operand into a synthesized entry probe): 0 or "". The alias's `syscall_nr` and `name` are the
 * call's, known at the entry too; `retval`/`retstr` are not (0, "").
 */
function initOperandLocals(L: Lowering, row: Region | undefined): void {
  const b = L.b;
  const visit = (e: { kind: string }): undefined => {
    if (e.kind !== 'Symbol') return undefined;
    const v = L.program.bindings.get(e as SymbolExpr);
    if (v === undefined || v.scope !== 'local' || L.locals.has(v)) return undefined;
    const provided = L.probe.provided?.get(v);
    if (v.type === 'long') {
      const slot = L.frame.slot();
      if (provided?.kind === 'syscall-nr') b.ldx(8, R0, R6, 8).stx(8, R10, slot.offset, R0);
      else b.st(8, R10, slot.offset, 0);
      L.locals.set(v, { kind: 'long', slot });
    } else if (v.type === 'string') {
      const bytes = Math.max(L.capacities.variable(v), provided?.kind === 'name' ? NAME_BYTES : 1);
      const buffer = L.frame.buffer(align8(bytes));
      L.zero(buffer);
      L.locals.set(v, { kind: 'string', buffer });
      if (provided?.kind === 'name') callName(L, row, buffer);
    }
    return undefined;
  };
  for (const e of entryOperands(L.probe)) walk(e.operand, { enter: visit });
}

/** The alias's `name` into a zeroed buffer: a constant for one call, else the row's. */
function callName(L: Lowering, row: Region | undefined, buffer: Region): void {
  const point = syscallReturn(L.probe);
  if (point === undefined) return;
  if (row === undefined) {
    writeLiteral(L, point.syscalls[0]?.name ?? '', buffer);
    return;
  }
  const b = L.b;
  const skip = b.newLabel('no_name');
  b.ldx(8, R1, R10, row.offset).jeq(R1, 0, skip);
  const to = L.baseOf(buffer);
  for (let k = 0; k < NAME_BYTES; k += 8) b.ldx(8, R2, R1, k).stx(8, to.reg, to.off + k, R2);
  b.label(skip);
}

// ---------------------------------------------------------------- the return handler

const records = new WeakMap<Lowering, Region>();

/**
 * In a syscall return handler with `@entry` operands (after its call filter): its thread's
 * record copied into the frame (zeros when there is none), then deleted from the map.
 */
export function loadSyscallEntries(L: Lowering): void {
  if (syscallReturn(L.probe) === undefined || entryOperands(L.probe).length === 0) return;
  const layout = layoutOf(L.program, L.capacities, L.probe);
  const b = L.b;
  const record = L.frame.buffer(layout.bytes);
  records.set(L, record);
  L.zero(record);
  const key = L.frame.slot();
  const done = b.newLabel('no_entry');
  b.call(BPF_FUNC_get_current_pid_tgid).stx(8, R10, key.offset, R0);
  b.ldMapFd(R1, mapSymbol(L.probe));
  b.mov64(R2, R10).add64(R2, key.offset).call(BPF_FUNC_map_lookup_elem);
  b.jeq(R0, 0, done);
  copyFromPointer(L, R0, layout.bytes, record);
  b.ldMapFd(R1, mapSymbol(L.probe));
  b.mov64(R2, R10).add64(R2, key.offset).call(BPF_FUNC_map_delete_elem);
  b.label(done);
}

function slotOf(L: Lowering, e: EntryExpr): { record: Region; slot: EntrySlot } | undefined {
  const record = records.get(L);
  const slot = layoutOf(L.program, L.capacities, L.probe).slots.get(e);
  return record === undefined || slot === undefined ? undefined : { record, slot };
}

/** `@entry(e)` (a long) in a syscall return handler: false when this is not one. */
export function readSyscallEntryLong(L: Lowering, e: EntryExpr): boolean {
  if (syscallReturn(L.probe) === undefined) return false;
  const at = slotOf(L, e);
  if (at === undefined || at.slot.kind !== 'long')
    return L.refuse(e.span, '@entry inside another @entry is not supported');
  const from = L.baseOf(at.record, at.slot.offset);
  L.b.ldx(8, R0, from.reg, from.off);
  return true;
}

/** `@entry(e)` (a string) in a syscall return handler; process probes refuse it. */
export function readEntryString(L: Lowering, e: EntryExpr, into?: Region): Region {
  // A process(...).return probe's string saved by its entry uprobe.
  const saved = readProcessEntryString(L, e, into);
  if (saved !== undefined) return saved;
  if (syscallReturn(L.probe) === undefined) return L.unsupported(e.span, '@entry of a string');
  const at = slotOf(L, e);
  if (at === undefined || at.slot.kind !== 'string')
    return L.refuse(e.span, '@entry inside another @entry is not supported');
  const value = L.slice(at.record, at.slot.offset, at.slot.bytes);
  if (into === undefined) return value;
  copyBuffer(L, value, into);
  return into;
}
