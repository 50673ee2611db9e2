/**
 * Loop bodies as callback subprograms, for bpf_loop (5.17) and bpf_for_each_map_elem (5.13).
 *
 * A callback runs in a frame of its own, with r6–r9 undefined at entry. Its body is lowered
 * exactly as handler code (locals, temporaries and the error area all addressed from r10, see
 * frame.ts), then *relocated* into the callback:
 *
 *     the handler's frame            r10 → r6: r6 holds the handler's frame pointer, passed as
 *                                    the helper's ctx argument; the callback's own frame stays
 *                                    empty, so nested callbacks all share the handler's
 *     the context pointer            r6 → loaded from a handler-frame slot
 *     the scratch value              r7 reloaded from a handler-frame slot at entry
 *     a jump out of the body         (`next`, an error, a `return`, an outer loop's label)
 *                                    → store an escape code in the status slot, return 1; the
 *                                    caller dispatches on it after the helper returns
 *
 * The verifier follows pointers into the handler's frame from the callback (PTR_TO_STACK of
 * frame 0), including the spilled context and scratch pointers, so the body needs no change.
 * Status 0 means the helper ran to its end, 1 that the body broke out of the loop.
 */
import {
  add64,
  BPF_FUNC_probe_read_kernel,
  type Instruction,
  type Label,
  ldx,
  mov64,
  R0,
  R1,
  R2,
  R3,
  R4,
  R6,
  R7,
  R8,
  R9,
  R10,
  type Register,
  st,
  targetOf,
  withSpan,
} from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import type { Region } from './frame.js';
import { type Lowering, RESERVED_STACK_BYTES } from './lowering.js';

/** The status slot's codes; escapes are numbered from ESCAPE_BASE. */
export const STATUS_COMPLETED = 0;
export const STATUS_BROKE = 1;
const ESCAPE_BASE = 2;

/** The verifier's MAX_CALL_FRAMES is 8: the handler and seven nested callbacks. */
const MAX_CALLBACK_DEPTH = 7;

/** Slots in the handler's frame that every callback of one top-level loop shares. */
interface SharedSlots {
  readonly ctx: Region;
  readonly scratch: Region;
  readonly status: Region;
}

interface CallbackState {
  readonly subprograms: Instruction[][];
  slots: SharedSlots | undefined;
  /** Some callback under the current top-level loop reads r7 (the scratch value). */
  usesScratch: boolean;
}

const states = new WeakMap<Lowering, CallbackState>();

function stateOf(L: Lowering): CallbackState {
  let s = states.get(L);
  if (s === undefined) {
    s = { subprograms: [], slots: undefined, usesScratch: false };
    states.set(L, s);
  }
  return s;
}

/** The callbacks lowered for `L`'s handler, to be placed after its main code. */
export function callbackSubprograms(L: Lowering): Instruction[] {
  return states.get(L)?.subprograms.flat() ?? [];
}

export interface CallbackSpec {
  /** Where the helper passes the ctx argument: r2 for bpf_loop, r4 for bpf_for_each_map_elem. */
  readonly ctxArg: Register;
  /** The entry registers `entry` reads (at most two: they wait in r8 and r9 over the prologue). */
  readonly args: readonly Register[];
  /** Code at the start of each call, before the body (may read the entry registers r1–r5). */
  readonly entry?: () => void;
  /** The loop body; `break` and `continue` are already bound to the callback's own exits. */
  readonly body: () => void;
  /** Code after the body and `continue` (a `for` loop's step). */
  readonly step?: () => void;
  readonly span: Span;
}

export interface Callback {
  readonly label: Label;
  /** Labels outside the body that it jumps to, in escape-code order. */
  readonly escapes: readonly Label[];
  readonly status: Region;
}

/** Lowers a loop body as a callback subprogram (see the file comment); registers it for the handler. */
export function lowerCallback(L: Lowering, spec: CallbackSpec): Callback {
  if (L.frame.callbackDepth >= MAX_CALLBACK_DEPTH) {
    L.unsupported(spec.span, `nesting loops run as callbacks more than ${MAX_CALLBACK_DEPTH} deep`);
  }
  const state = stateOf(L);
  const b = L.b;
  const top = L.frame.callbackDepth === 0;
  if (top) {
    state.slots = { ctx: L.frame.slot(), scratch: L.frame.slot(), status: L.frame.slot() };
    state.usesScratch = false;
  }
  const slots = state.slots;
  if (slots === undefined) throw new Error('a nested callback without its top-level slots');
  const label = b.newLabel('callback');
  const continueTo = b.newLabel('next_iteration');
  const breakTo = b.newLabel('break');
  const start = b.length;
  const base = L.frame.mark().stack;
  L.frame.enterCallback();
  let body: Instruction[];
  try {
    L.loops.push({ breakTo, continueTo });
    try {
      spec.entry?.();
      spec.body();
    } finally {
      L.loops.pop();
    }
    b.label(continueTo);
    spec.step?.();
  } finally {
    L.frame.leaveCallback();
    body = b.take(start);
  }
  const relocated = relocate(L, body, { slots, internal: new Set([breakTo]), owner: label });
  const usesScratch = relocated.code.some(readsScratch);
  if (usesScratch) state.usesScratch = true;
  const code: Instruction[] = [{ op: 'label', name: label }, mov64(R6, spec.ctxArg)];
  const saved = [R8, R9];
  if (spec.args.length > saved.length) throw new Error('a callback entry reading more than two arguments');
  for (const [i, arg] of spec.args.entries()) code.push(mov64(saved[i]!, arg));
  if (usesScratch) code.push(ldx(8, R7, R6, slots.scratch.offset));
  code.push(...launder(slots, base, L.frame.callbackDepth > 0));
  for (const [i, arg] of spec.args.entries()) code.push(mov64(arg, saved[i]!));
  code.push(...relocated.code, mov64(R0, 0), { op: 'exit' });
  // The verifier refuses unreachable code: the break exit only when something jumps there.
  if (relocated.code.some((insn) => targetOf(insn) === breakTo)) {
    code.push({ op: 'label', name: breakTo }, st(8, R6, slots.status.offset, STATUS_BROKE));
    code.push(mov64(R0, 1), { op: 'exit' });
  }
  relocated.escapes.forEach((_, k) => {
    code.push({ op: 'label', name: escapeLabel(label, k) }, st(8, R6, slots.status.offset, ESCAPE_BASE + k));
    code.push(mov64(R0, 1), { op: 'exit' });
  });
  state.subprograms.push(code.map((insn) => (insn.span === undefined ? withSpan(insn, spec.span) : insn)));
  return { label, escapes: relocated.escapes, status: slots.status };
}

/**
 * Calls `helper(r1, &callback, ctx = handler frame, 0)` (bpf_loop and bpf_for_each_map_elem take
 * the same arguments after the first, which `loadFirst` sets), then follows the callback's
 * escapes. Leaves the status in r1 for the caller (STATUS_COMPLETED or STATUS_BROKE).
 */
export function invokeCallback(L: Lowering, cb: Callback, helper: number, loadFirst: () => void): void {
  const state = stateOf(L);
  const slots = state.slots;
  if (slots === undefined) throw new Error('a callback call without its slots');
  const b = L.b;
  if (L.frame.callbackDepth === 0) {
    b.stx(8, R10, slots.ctx.offset, R6);
    if (state.usesScratch) b.stx(8, R10, slots.scratch.offset, R7);
  }
  b.st(8, R10, cb.status.offset, STATUS_COMPLETED);
  loadFirst();
  b.ldFunc(R2, cb.label).mov64(R3, R10).mov64(R4, 0).call(helper);
  b.ldx(8, R1, R10, cb.status.offset);
  cb.escapes.forEach((target, k) => {
    b.jeq(R1, ESCAPE_BASE + k, target);
  });
}

/**
 * Makes the verifier forget what it knows of the handler-frame memory a loop carries from one
 * call to the next (the locals, and the enclosing callbacks' temporaries): a bpf_probe_read_kernel
 * of each range onto itself, which changes nothing but leaves the range unknown to the
 * verifier. Without it, a local the body counts up (`c++; if (c >= 4) break`) is a different
 * constant at each call the verifier follows, which then never finds a call state it has seen
 * (it does not know the callback stops when it returns 1) and gives up after a million
 * instructions. The context, scratch and status slots stay out of the ranges.
 */
function launder(slots: SharedSlots, base: number, nested: boolean): Instruction[] {
  const ranges: [number, number][] = [[slots.ctx.offset + 8, -RESERVED_STACK_BYTES]];
  if (nested) ranges.push([-base, slots.status.offset]);
  const out: Instruction[] = [];
  for (const [from, to] of ranges) {
    if (to <= from) continue;
    out.push(mov64(R1, R6), add64(R1, from), mov64(R2, to - from), mov64(R3, R1));
    out.push({ op: 'call', helper: BPF_FUNC_probe_read_kernel });
  }
  return out;
}

function escapeLabel(callback: Label, k: number): Label {
  return `${callback}.escape${k}`;
}

function readsScratch(insn: Instruction): boolean {
  switch (insn.op) {
    case 'alu':
    case 'jmp':
      return insn.src === R7 || insn.dst === R7;
    case 'ldx':
    case 'ldsx':
      return insn.src === R7;
    case 'stx':
    case 'atomic':
      return insn.dst === R7 || insn.src === R7;
    case 'st':
    case 'neg':
    case 'end':
      return insn.dst === R7;
    case 'movsx':
      return insn.src === R7;
    default:
      return false;
  }
}

interface RelocationContext {
  readonly slots: SharedSlots;
  /** Labels outside the body that are still inside the callback. */
  readonly internal: ReadonlySet<Label>;
  /** The callback's label, which names its escape stubs. */
  readonly owner: Label;
}

/** The body moved into the callback's frame (see the file comment), and the labels it escapes to. */
function relocate(
  L: Lowering,
  body: readonly Instruction[],
  ctx: RelocationContext,
): { readonly code: Instruction[]; readonly escapes: Label[] } {
  const defined = new Set(ctx.internal);
  for (const insn of body) if (insn.op === 'label') defined.add(insn.name);
  const escapes: Label[] = [];
  const jumpTo = (target: Label): Label => {
    if (defined.has(target)) return target;
    let k = escapes.indexOf(target);
    if (k < 0) k = escapes.push(target) - 1;
    return escapeLabel(ctx.owner, k);
  };
  const code: Instruction[] = [];
  for (const insn of body) {
    const out = relocateOne(insn, ctx.slots.ctx.offset, jumpTo);
    if (out === undefined) refuse(L, insn);
    code.push(...out.map((x) => withSpan(x, x.span ?? insn.span)));
  }
  return { code, escapes };
}

/** The relocated form of one instruction (two for a context field read), or undefined. */
function relocateOne(
  insn: Instruction,
  ctxSlot: number,
  jumpTo: (target: Label) => Label,
): Instruction[] | undefined {
  const frame = (r: Register): Register => (r === R10 ? R6 : r);
  switch (insn.op) {
    case 'label':
    case 'ld_func':
    case 'call_sub':
    case 'call':
      return [insn];
    case 'ld_imm64':
    case 'ld_map_fd':
    case 'ld_map_value':
      return insn.dst === R6 ? undefined : [insn];
    case 'ja':
      return [{ ...insn, target: jumpTo(insn.target) }];
    case 'jmp':
      if (insn.dst === R6 || insn.src === R6 || insn.dst === R10 || insn.src === R10) return undefined;
      return [{ ...insn, target: jumpTo(insn.target) }];
    case 'alu':
      if (insn.dst === R6 || insn.dst === R10) return undefined;
      // `dst = r6` reads the context pointer; `dst = r10` (then `dst += off`) a frame address.
      if (insn.src === R6)
        return insn.aluOp === 'mov' && insn.width === 64 ? [ldx(8, insn.dst, R6, ctxSlot)] : undefined;
      if (insn.src === R10)
        return insn.aluOp === 'mov' && insn.width === 64 ? [{ ...insn, src: R6 }] : undefined;
      return [insn];
    case 'ldx':
    case 'ldsx':
      if (insn.dst === R6 || insn.dst === R10) return undefined;
      // A context field: the pointer first, into the destination itself.
      if (insn.src === R6) return [ldx(8, insn.dst, R6, ctxSlot), { ...insn, src: insn.dst }];
      return [{ ...insn, src: frame(insn.src) }];
    case 'stx':
    case 'atomic':
      if (insn.src === R6 || insn.src === R10 || insn.dst === R6) return undefined;
      return [{ ...insn, dst: frame(insn.dst) }];
    case 'st':
      return insn.dst === R6 ? undefined : [{ ...insn, dst: frame(insn.dst) }];
    case 'neg':
    case 'end':
      return insn.dst === R6 || insn.dst === R10 ? undefined : [insn];
    case 'movsx':
      return [insn.dst, insn.src].some((r) => r === R6 || r === R10) ? undefined : [insn];
    case 'exit':
    case 'raw':
      return undefined;
    default:
      return undefined;
  }
}

function refuse(L: Lowering, insn: Instruction): never {
  return L.unsupported(insn.span ?? L.probe.body.span, 'this construct inside a loop body');
}
