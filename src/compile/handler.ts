/**
 * One kernel probe's handler as a BPF program:
 *
 *     prologue   r6 = ctx; return unless the session is RUNNING; r7 = the per-CPU scratch value
 *     locals     zeroed, as stap's are
 *     condition  the probe's arming condition (`if (...)` on the probe point), when it has one
 *     body
 *     exit:      return 0   (`next` jumps here)
 *     error:     send the error record assembled at the top of the frame, count the error,
 *                switch the session to ERROR past MAXERRORS, return 0
 *
 * The prologue is emitted last, once the body has shown whether it needs the scratch map.
 */
import {
  BPF_FUNC_map_lookup_elem,
  type Instruction,
  ProgramBuilder,
  R0,
  R1,
  R2,
  R6,
  R7,
  R10,
} from '../bpf/index.js';
import type { DerivedProbe, Program, Variable } from '../elaborate/index.js';
import type { GlobalStorage } from '../wire/index.js';
import { ERROR_RECORD, SESSION_STATE, STATE_OFFSET } from '../wire/index.js';
import type { Capacities } from './capacity.js';
import { branch } from './expressions.js';
import { SCRATCH_LIMIT_BYTES, STACK_LIMIT_BYTES } from './frame.js';
import {
  ERROR_AREA_OFFSET,
  Lowering,
  type LoweringOptions,
  type SharedTables,
  Unsupported,
} from './lowering.js';
import { emitRecord } from './output.js';
import { SCRATCH_SYMBOL, STATE_SYMBOL } from './plan.js';
import { lowerStmt } from './statements.js';
import { stringBuffer } from './strings.js';
import { callbackSubprograms } from './subprograms.js';
import { syscallPrologue } from './syscall-prologue.js';
import { rawSyscallEntry } from './trace-fields.js';
import { userProbePrologue } from './user-args.js';

export interface LoweredHandler {
  readonly instructions: readonly Instruction[];
  readonly scratchBytes: number;
  readonly usesZeros: boolean;
  /** Some construct was refused (reported in the shared diagnostics). */
  readonly failed: boolean;
}

export function lowerHandler(
  program: Program,
  probe: DerivedProbe,
  storage: ReadonlyMap<Variable, GlobalStorage>,
  capacities: Capacities,
  shared: SharedTables,
  options: LoweringOptions,
): LoweredHandler {
  const L = new Lowering(program, probe, storage, capacities, shared, options);
  const b = L.b;
  b.at(probe.body.span);
  const provided = syscallPrologue(L);
  for (const v of probe.locals) if (!provided.has(v)) initLocal(L, v);
  userProbePrologue(L);
  if (probe.condition !== undefined) {
    const condition = probe.condition;
    b.at(condition.span);
    try {
      branch(L, condition, L.exitLabel, false);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
  }
  lowerStmt(L, probe.body);
  return finishHandler(L, `the handler of ${probe.name}`);
}

/**
 * Ends a handler, or an @entry companion program (uprobe-entry.ts), whose code is in `L.b`:
 * `exit:` returning 0, the error tail if anything raises, the frame checked against the limits
 * (`what` names the program in the message), then the whole program with its prologue in front
 * and the callbacks behind.
 */
export function finishHandler(L: Lowering, what: string): LoweredHandler {
  L.b.at(undefined).label(L.exitLabel).mov64(R0, 0).exit();
  if (L.raisesErrors) errorTail(L);
  if (L.frame.stackBytes > STACK_LIMIT_BYTES) {
    L.tooBig(`${what} needs ${L.frame.stackBytes} bytes of BPF stack (at most 512)`);
  }
  if (L.frame.scratchBytes > SCRATCH_LIMIT_BYTES) {
    L.tooBig(`${what} needs ${L.frame.scratchBytes} bytes of scratch memory`);
  }
  return {
    instructions: [...prologue(L), ...L.b.build(), ...callbackSubprograms(L)],
    scratchBytes: L.frame.scratchBytes,
    usesZeros: L.usesZeros,
    failed: L.failed,
  };
}

function initLocal(L: Lowering, v: Variable): void {
  if (v.type === 'long') {
    const slot = L.frame.slot();
    L.b.st(8, R10, slot.offset, 0);
    L.locals.set(v, { kind: 'long', slot });
  } else if (v.type === 'string') {
    const buffer = stringBuffer(L, L.capacities.variable(v));
    L.zero(buffer);
    L.locals.set(v, { kind: 'string', buffer });
  }
}

function prologue(L: Lowering): Instruction[] {
  const p = new ProgramBuilder();
  p.at(L.probe.written.span);
  p.mov64(R6, R1);
  // A raw sys_enter program for one call: every other call leaves at once (args[1] is its number).
  const syscallNr = rawSyscallEntry(L.probe);
  if (syscallNr !== undefined) p.ldx(8, R0, R6, 8).jne(R0, syscallNr, L.exitLabel);
  p.ldMapValue(R1, STATE_SYMBOL).ldx(8, R1, R1, STATE_OFFSET.state);
  p.jne(R1, SESSION_STATE.running, L.exitLabel);
  if (L.usesScratch) {
    p.st(4, R10, ERROR_AREA_OFFSET, 0).mov64(R2, R10).add64(R2, ERROR_AREA_OFFSET);
    p.ldMapFd(R1, SCRATCH_SYMBOL).call(BPF_FUNC_map_lookup_elem);
    p.jeq(R0, 0, L.exitLabel).mov64(R7, R0);
  }
  return p.build();
}

function errorTail(L: Lowering): void {
  const b = L.b;
  b.label(L.errorLabel);
  emitRecord(L, { base: 'stack', offset: ERROR_AREA_OFFSET, bytes: ERROR_RECORD.bytes }, ERROR_RECORD.bytes);
  b.ldMapValue(R1, STATE_SYMBOL).mov64(R2, 1).atomicAdd(8, R1, STATE_OFFSET.errors, R2);
  b.ldx(8, R2, R1, STATE_OFFSET.errors);
  b.jle(R2, Math.min(L.options.maxErrors, 0x7fffffff), L.exitLabel);
  b.st(8, R1, STATE_OFFSET.state, SESSION_STATE.error);
  b.ja(L.exitLabel);
}
