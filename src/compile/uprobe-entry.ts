/**
 * `@entry(expr)` in a `process(...).return` handler: the value `expr` had when the function was
 * entered. A companion uprobe on the function's entry evaluates every `@entry` operand of the
 * handler and stores them in an LRU hash keyed by the thread (bpf_get_current_pid_tgid); the
 * return handler looks its thread's values up (0 when the entry was missed, e.g. the probe was
 * attached while the call was in flight). A recursive call overwrites its caller's values, so
 * only the innermost frame's are exact.
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
  R10,
} from '../bpf/index.js';
import { type DerivedProbe, type Program, type Variable, walk } from '../elaborate/index.js';
import type { EntryExpr } from '../lang/index.js';
import type { GlobalStorage, MapDecl } from '../wire/index.js';
import type { Capacities } from './capacity.js';
import { evalLong } from './expressions.js';
import { finishHandler, type LoweredHandler } from './handler.js';
import { Lowering, type LoweringOptions, type SharedTables, tokenAt, Unsupported } from './lowering.js';
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

function entryMapSymbol(probe: DerivedProbe): string {
  return `entry${probe.id}`;
}

/** The map holding a probe's entry values: one u64 per operand, per thread. */
export function entryMap(probe: DerivedProbe, maxEntries: number): MapDecl {
  return {
    symbol: entryMapSymbol(probe),
    name: `stap_entry${probe.id}`.slice(0, 15),
    kind: 'lru_hash',
    keyBytes: 8,
    valueBytes: 8 * Math.max(1, entryOperands(probe).length),
    maxEntries,
  };
}

/**
 * The companion entry program of a return probe with `@entry` operands: lowered like a handler
 * (same prologue, error tail and frame rules) in a Lowering of the return probe, so operands see
 * its types; it evaluates each operand into one stack record and stores it for the thread.
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
  const b = L.b;
  const operands = entryOperands(probe);
  b.at(probe.written.span);
  userProbePrologue(L);
  const record = L.frame.stack(8 * operands.length);
  const key = L.frame.slot();
  try {
    for (const [i, e] of operands.entries()) {
      if (program.types.get(e) === 'string') L.unsupported(e.span, '@entry of a string');
      b.at(e.span);
      evalLong(L, e.operand);
      b.stx(8, R10, record.offset + 8 * i, R0);
    }
    b.at(probe.written.span);
    b.call(BPF_FUNC_get_current_pid_tgid).stx(8, R10, key.offset, R0);
    b.ldMapFd(R1, entryMapSymbol(probe));
    b.mov64(R2, R10).add64(R2, key.offset);
    b.mov64(R3, R10).add64(R3, record.offset);
    b.mov64(R4, 0).call(BPF_FUNC_map_update_elem);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
  }
  return finishHandler(L, `the @entry program of ${probe.name}`);
}

/** `@entry(e)` in the return handler: r0 = the value saved at the entry, 0 if none. */
export function readEntryValue(L: Lowering, e: EntryExpr): void {
  if (readSyscallEntryLong(L, e)) return;
  const index = entryOperands(L.probe).indexOf(e);
  if (index < 0) {
    L.unsupported(e.span, '@entry outside a process(...).return probe');
    return;
  }
  const b = L.b;
  const key = L.frame.slot();
  const done = b.newLabel('entry');
  b.call(BPF_FUNC_get_current_pid_tgid).stx(8, R10, key.offset, R0);
  b.ldMapFd(R1, entryMapSymbol(L.probe));
  b.mov64(R2, R10).add64(R2, key.offset).call(BPF_FUNC_map_lookup_elem);
  b.jeq(R0, 0, done);
  b.ldx(8, R0, R0, 8 * index);
  b.label(done);
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
  if (probe.point.family !== 'process' || entryOperands(probe).length === 0) return undefined;
  const lowered = lowerEntryProgram(program, probe, storage, capacities, shared, options);
  let assembled: AssembledProgram | undefined;
  if (!lowered.failed) {
    const r = assemble(lowered.instructions);
    if (r.ok) assembled = r.program;
    else {
      for (const err of r.errors) {
        shared.diagnostics.push({
          category: 'translate',
          severity: 'error',
          code: 'T402',
          message: `cannot assemble the @entry program of ${probe.name}: ${err.message}`,
          ...(err.span ? { span: err.span, subject: { label: 'at', description: tokenAt(err.span) } } : {}),
        });
      }
    }
  }
  return {
    map: entryMap(probe, maxMapEntries),
    assembled,
    instructions: lowered.instructions,
    scratchBytes: lowered.scratchBytes,
    usesZeros: lowered.usesZeros,
  };
}
