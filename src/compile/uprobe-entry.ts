/**
 * Entry values in a `process(...).return` handler: `@entry(expr)`, the value `expr` had when the
 * function was entered, and, as in stap (tapsets.cxx visit_target_symbol_saved_return), every
 * DWARF target expression but `$return`/`$$return` (`$x`, `$p->m`, `&$p->m`, `$x$`, `$$parms`,
 * `$$vars`, locals and globals too): each is the value of the whole expression at the entry, as
 * if written inside `@entry(...)`. A companion uprobe on the function's entry evaluates every
 * such operand into one record (a long in 8 bytes, a string in its capacity) and stores it in an
 * LRU hash keyed by the thread (bpf_get_current_pid_tgid); the return handler looks its thread's
 * record up (0 and "" when the entry was missed, e.g. the probe was attached while the call was
 * in flight). The key is the thread and the stack pointer at the entry (the return's, less the
 * return address `ret` popped), so each frame of a recursion has its own record, as stap's
 * per-thread nesting counter gives it; a record is replaced by the next call with that frame.
 */
import {
  type AssembledProgram,
  assemble,
  BPF_FUNC_get_current_pid_tgid,
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
import { type DerivedProbe, type Program, userVariable, type Variable, walk } from '../elaborate/index.js';
import type { EntryExpr, Expr, TargetSymbolExpr } from '../lang/index.js';
import type { GlobalStorage, MapDecl } from '../wire/index.js';
import type { Capacities } from './capacity.js';
import { evalLong } from './expressions.js';
import { align8, type Region } from './frame.js';
import { finishHandler, type LoweredHandler } from './handler.js';
import { Lowering, type LoweringOptions, type SharedTables, tokenAt, Unsupported } from './lowering.js';
import { copyFromPointer, evalString, stringBuffer } from './strings.js';
import { readSyscallEntryLong } from './syscall-entry.js';
import { userProbePrologue } from './user-args.js';

const operandsOf = new WeakMap<DerivedProbe, readonly EntryExpr[]>();

/**
 * The `@entry` expressions of a return probe's handler (process(...).return, or a syscall
 * return: syscall-entry.ts), in source order (outermost only).
 */
export function entryOperands(probe: DerivedProbe): readonly EntryExpr[] {
  const known = operandsOf.get(probe);
  if (known !== undefined) return known;
  const found: EntryExpr[] = [];
  const visit = (node: { kind: string }): undefined => {
    if (node.kind === 'Entry' && !found.some((e) => contains(e, node))) found.push(node as EntryExpr);
    return undefined;
  };
  const point = probe.point;
  if (
    (point.family === 'process' && point.site === 'return') ||
    (point.family === 'syscall' && point.isReturn)
  ) {
    if (probe.condition) walk(probe.condition, { enter: visit });
    walk(probe.body, { enter: visit });
  }
  operandsOf.set(probe, found);
  return found;
}

function contains(outer: EntryExpr, node: { kind: string }): boolean {
  let hit = false;
  walk(outer.operand, {
    enter: (n) => {
      if (n === node) hit = true;
      return undefined;
    },
  });
  return hit;
}

const implicitOf = new WeakMap<DerivedProbe, readonly TargetSymbolExpr[]>();

/**
 * The target expressions of a `process(...).return` handler that stap captures at the entry
 * without `@entry`: every DWARF variable (parameter, local, global) or `$$parms`/`$$locals`/
 * `$$vars`, with its members, `&` or pretty-printing, but `$return` and `$$return`; outside the
 * operands of `@entry` (those are evaluated at the entry whole). In source order.
 */
export function implicitEntries(probe: DerivedProbe): readonly TargetSymbolExpr[] {
  const known = implicitOf.get(probe);
  if (known !== undefined) return known;
  const found: TargetSymbolExpr[] = [];
  const point = probe.point;
  if (point.family === 'process' && point.site === 'return') {
    const operands = new Set<object>();
    for (const e of entryOperands(probe))
      walk(e.operand, {
        enter: (n): undefined => {
          operands.add(n);
          return undefined;
        },
      });
    const visit = (node: { kind: string }): undefined => {
      if (node.kind !== 'TargetSymbol' || operands.has(node)) return undefined;
      const e = node as TargetSymbolExpr;
      if (e.name === '$return' || e.name === '$$return') return undefined;
      const v = userVariable(point, e.name);
      if (v.kind === 'debug' || v.kind === 'debug-list') found.push(e);
      return undefined;
    };
    if (probe.condition) walk(probe.condition, { enter: visit });
    walk(probe.body, { enter: visit });
  }
  implicitOf.set(probe, found);
  return found;
}

/** Where one saved value sits in the record. */
interface EntrySlot {
  readonly kind: 'long' | 'string';
  readonly offset: number;
  readonly bytes: number;
}

interface EntryLayout {
  /** The evaluated expression of each slot: an `@entry` operand, or an implicit target. */
  readonly slots: ReadonlyMap<EntryExpr | TargetSymbolExpr, EntrySlot & { readonly value: Expr }>;
  readonly bytes: number;
}

const layouts = new WeakMap<DerivedProbe, EntryLayout>();

function layoutOf(program: Program, capacities: Capacities, probe: DerivedProbe): EntryLayout {
  const known = layouts.get(probe);
  if (known !== undefined) return known;
  const slots = new Map<EntryExpr | TargetSymbolExpr, EntrySlot & { readonly value: Expr }>();
  let at = 0;
  const add = (key: EntryExpr | TargetSymbolExpr, value: Expr): void => {
    const string = program.types.get(key) === 'string';
    const bytes = string ? align8(Math.max(capacities.of(value), 1)) : 8;
    slots.set(key, { kind: string ? 'string' : 'long', offset: at, bytes, value });
    at += bytes;
  };
  for (const e of entryOperands(probe)) add(e, e.operand);
  for (const e of implicitEntries(probe)) add(e, e);
  const layout = { slots, bytes: Math.max(at, 8) };
  layouts.set(probe, layout);
  return layout;
}

function entryMapSymbol(probe: DerivedProbe): string {
  return `entry${probe.id}`;
}

/** The map holding a probe's entry records, one per thread. */
function entryMap(
  program: Program,
  capacities: Capacities,
  probe: DerivedProbe,
  maxEntries: number,
): MapDecl {
  return {
    symbol: entryMapSymbol(probe),
    name: `stap_entry${probe.id}`.slice(0, 15),
    kind: 'lru_hash',
    keyBytes: 16,
    valueBytes: layoutOf(program, capacities, probe).bytes,
    maxEntries,
  };
}

const entryLowerings = new WeakSet<Lowering>();

/** Whether `L` lowers the companion entry program (where target variables are read directly). */
export function inEntryProgram(L: Lowering): boolean {
  return entryLowerings.has(L);
}

/**
 * The companion entry program of a return probe with entry values: lowered like a handler (same
 * prologue, error tail and frame rules) in a Lowering of the return probe, so operands see its
 * types; it evaluates each value into its slot of one record and stores it for the thread.
 */
export function lowerEntryProgram(
  program: Program,
  probe: DerivedProbe,
  storage: ReadonlyMap<Variable, GlobalStorage>,
  capacities: Capacities,
  shared: SharedTables,
  options: LoweringOptions,
): LoweredHandler {
  const L = new Lowering(program, probe, storage, capacities, shared, options);
  entryLowerings.add(L);
  const b = L.b;
  const layout = layoutOf(program, capacities, probe);
  b.at(probe.written.span);
  userProbePrologue(L);
  try {
    const record = L.frame.buffer(layout.bytes);
    L.zero(record);
    for (const [key, slot] of layout.slots) {
      b.at(key.span);
      if (slot.kind === 'string') evalString(L, slot.value, L.slice(record, slot.offset, slot.bytes));
      else {
        evalLong(L, slot.value);
        const to = L.baseOf(record, slot.offset);
        b.stx(8, to.reg, to.off, R0);
      }
    }
    b.at(probe.written.span);
    const key = frameKey(L, 0);
    b.ldMapFd(R1, entryMapSymbol(probe));
    b.mov64(R2, R10).add64(R2, key.offset);
    L.address(R3, record);
    b.mov64(R4, 0).call(BPF_FUNC_map_update_elem);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
  }
  return finishHandler(L, `the @entry program of ${probe.name}`);
}

/** x86_64 `pt_regs.sp`: the uprobe's context is the task's registers (r6). */
const PT_REGS_SP = 152;

/**
 * A record's key on the stack: the thread (bpf_get_current_pid_tgid), and the stack pointer at
 * the entry: rsp there, rsp - `popped` at the return.
 */
function frameKey(L: Lowering, popped: number): Region {
  const b = L.b;
  const key = L.frame.stack(16);
  b.call(BPF_FUNC_get_current_pid_tgid).stx(8, R10, key.offset, R0);
  b.ldx(8, R0, R6, PT_REGS_SP);
  if (popped !== 0) b.sub64(R0, popped);
  b.stx(8, R10, key.offset + 8, R0);
  return key;
}

/** r0 = this frame's record (the map value), or 0 when its entry was not seen. */
function lookupRecord(L: Lowering): void {
  const b = L.b;
  const key = frameKey(L, 8);
  b.ldMapFd(R1, entryMapSymbol(L.probe));
  b.mov64(R2, R10).add64(R2, key.offset).call(BPF_FUNC_map_lookup_elem);
}

function slotOf(L: Lowering, key: EntryExpr | TargetSymbolExpr): EntrySlot | undefined {
  if (inEntryProgram(L) || L.probe.point.family !== 'process') return undefined;
  return layoutOf(L.program, L.capacities, L.probe).slots.get(key);
}

/** A long saved at the entry into r0 (0 if none). */
function readSavedLong(L: Lowering, slot: EntrySlot): void {
  const b = L.b;
  const done = b.newLabel('entry');
  lookupRecord(L);
  b.jeq(R0, 0, done);
  b.ldx(8, R0, R0, slot.offset);
  b.label(done);
}

/** `@entry(e)` in the return handler: r0 = the value saved at the entry, 0 if none. */
export function readEntryValue(L: Lowering, e: EntryExpr): void {
  if (readSyscallEntryLong(L, e)) return;
  const slot = slotOf(L, e);
  if (slot === undefined || slot.kind !== 'long') {
    L.unsupported(
      e.span,
      inEntryProgram(L) ? '@entry inside another @entry' : '@entry outside a process(...).return probe',
    );
    return;
  }
  readSavedLong(L, slot);
}

/**
 * An implicit entry value (implicitEntries) in the return handler, a long: r0 = the value saved
 * at the entry; false when `e` is read where it is (the entry program, another probe).
 */
export function readImplicitEntryLong(L: Lowering, e: TargetSymbolExpr): boolean {
  const slot = slotOf(L, e);
  if (slot === undefined) return false;
  if (slot.kind !== 'long') L.unsupported(e.span, `'${e.name}' as a number`);
  readSavedLong(L, slot);
  return true;
}

/** The same for a string: its saved text ("" if none); undefined when `e` is read where it is. */
export function readImplicitEntryString(L: Lowering, e: TargetSymbolExpr, into?: Region): Region | undefined {
  const slot = slotOf(L, e);
  if (slot === undefined) return undefined;
  if (slot.kind !== 'string') return L.unsupported(e.span, `'${e.name}' as a string`);
  return readSavedString(L, slot, into);
}

/**
 * `@entry(e)` of a string in a process(...).return handler (the entry program saves it):
 * undefined when this is not one.
 */
export function readProcessEntryString(L: Lowering, e: EntryExpr, into?: Region): Region | undefined {
  const slot = slotOf(L, e);
  if (slot === undefined || slot.kind !== 'string') return undefined;
  return readSavedString(L, slot, into);
}

/** A string saved at the entry into `into` or a new buffer ("" if none). */
function readSavedString(L: Lowering, slot: EntrySlot, into?: Region): Region {
  const b = L.b;
  const dst = into ?? stringBuffer(L, slot.bytes);
  L.zero(dst);
  const done = b.newLabel('entry');
  lookupRecord(L);
  b.jeq(R0, 0, done);
  if (slot.offset !== 0) b.add64(R0, slot.offset);
  copyFromPointer(L, R0, slot.bytes, dst);
  b.label(done);
  return dst;
}

/** The companion program and map of a return probe with `@entry` operands, for compileKernel. */
export interface EntryCompanion {
  readonly map: MapDecl;
  /** Undefined when lowering or assembling failed (reported). */
  readonly assembled: AssembledProgram | undefined;
  readonly instructions: readonly Instruction[];
  readonly scratchBytes: number;
  readonly usesZeros: boolean;
}

export function entryCompanion(
  program: Program,
  probe: DerivedProbe,
  storage: ReadonlyMap<Variable, GlobalStorage>,
  capacities: Capacities,
  shared: SharedTables,
  options: LoweringOptions,
  maxMapEntries: number,
): EntryCompanion | undefined {
  if (
    probe.point.family !== 'process' ||
    (entryOperands(probe).length === 0 && implicitEntries(probe).length === 0)
  )
    return undefined;
  const lowered = lowerEntryProgram(program, probe, storage, capacities, shared, options);
  const assembled = assembleEntryProgram(lowered, probe, shared);
  return {
    map: entryMap(program, capacities, probe, maxMapEntries),
    assembled,
    instructions: lowered.instructions,
    scratchBytes: lowered.scratchBytes,
    usesZeros: lowered.usesZeros,
  };
}

/** An @entry companion's instructions assembled, or undefined (lowering failed, or errors reported). */
export function assembleEntryProgram(
  lowered: { readonly failed: boolean; readonly instructions: Parameters<typeof assemble>[0] },
  probe: DerivedProbe,
  shared: SharedTables,
): AssembledProgram | undefined {
  if (lowered.failed) return undefined;
  const r = assemble(lowered.instructions);
  if (r.ok) return r.program;
  for (const err of r.errors) {
    shared.diagnostics.push({
      category: 'translate',
      severity: 'error',
      code: 'T402',
      message: `cannot assemble the @entry program of ${probe.name}: ${err.message}`,
      ...(err.span ? { span: err.span, subject: { label: 'at', description: tokenAt(err.span) } } : {}),
    });
  }
  return undefined;
}
