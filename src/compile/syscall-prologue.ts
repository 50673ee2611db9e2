/**
 * The start of a syscall probe's handler (a RAW_TRACEPOINT program on `sys_enter`/`sys_exit`,
 * whose context is u64 args[]: args[0] the task's `struct pt_regs *`, args[1] the call number
 * on entry, the return value on exit):
 *
 *     nr        entry: args[1]; exit: regs->orig_ax (bpf_probe_read_kernel)
 *     filter    one call: `nr != N` exits; several: the row of the number (syscall-rows.ts),
 *               exiting when the call is not covered; syscall_any: no filter
 *     @entry    return probes: the thread's record of `@entry` values, taken out of its map
 *     registers the six argument registers, read once from pt_regs when something needs them
 *     locals    the alias variables the handler names (`name`, `filename`, `retval`...), set
 *               from the above; `argstr`/`retstr` and the decoded variables (`flags_str`)
 *               are not built here but where they are printed (syscall-output.ts)
 */
import {
  BPF_FUNC_map_lookup_elem,
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_probe_read_kernel_str,
  BPF_FUNC_probe_read_user_str,
  type Label,
  R0,
  R1,
  R2,
  R3,
  R6,
  R10,
  type Register,
} from '../bpf/index.js';
import {
  type ArgumentSource,
  type AstNode,
  argumentOf,
  type ProvidedVariable,
  type SyscallProbePoint,
  syscallPointName,
  type Variable,
  walk,
} from '../elaborate/index.js';
import { numberString } from './format.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { writeLiteral } from './strings.js';
import { loadSyscallEntries } from './syscall-entry.js';
import {
  argumentCode,
  type CaptureWant,
  captureSlots,
  MAX_SYSCALL_NR,
  NAME_BYTES,
  type RowLayout,
  rowLayout,
  rowMap,
} from './syscall-rows.js';

/** What the rest of the handler finds out about the call. */
export interface SyscallFrame {
  readonly point: SyscallProbePoint;
  /** The call number (a long slot). */
  readonly nr: Region;
  /** The six argument registers, 8 bytes each in order (entry probes that need them). */
  readonly args: Region | undefined;
  /** A slot holding the row pointer (probes covering several calls). */
  readonly row: Region | undefined;
  readonly layout: RowLayout;
  /** The alias variables printed but built in user space (`argstr`, `retstr`, print-only strings). */
  readonly deferred: ReadonlySet<Variable>;
  /** Print-only quoted strings: where the argument's address is, and whether the call has it. */
  readonly addresses: ReadonlyMap<Variable, { readonly address: Region; readonly present: Region }>;
}

const frames = new WeakMap<Lowering, SyscallFrame>();

export function syscallFrame(L: Lowering): SyscallFrame | undefined {
  return frames.get(L);
}

/** Whether the probe covers one known call: its facts are then constants. */
export function singleCall(point: SyscallProbePoint): boolean {
  return point.flavour === 'syscall' && point.syscalls.length === 1;
}

/**
 * Emits the prologue of a syscall probe; returns the locals it set (or deferred), which the
 * handler must not zero. Nothing for other families.
 */
export function syscallPrologue(L: Lowering): ReadonlySet<Variable> {
  const point = L.probe.point;
  const provided = L.probe.provided;
  if (point.family !== 'syscall') return new Set();
  const b = L.b;
  const used = [...(provided ?? new Map<Variable, ProvidedVariable>())];
  const argVars = used.filter(([, p]) => p.kind === 'arg' || p.kind === 'user-string').map(([, p]) => p);
  // A decoded variable (`flags_str`) travels as argstr does: the registers and the captures
  // (only those it reads).
  const want: CaptureWant = {
    argstr: used.some(([, p]) => p.kind === 'argstr'),
    decoded: used.filter(([, p]) => p.kind === 'decoded').map(([, p]) => p),
  };
  const wantsArgstr = want.argstr || want.decoded.length > 0;
  const slots = wantsArgstr ? captureSlots(point, L.capacities.maxStringLen, want) : [];
  const layout = rowLayout(argVars, slots, want);

  // The number.
  const nr = L.frame.slot();
  if (point.isReturn) {
    b.st(8, R10, nr.offset, -1);
    b.ldx(8, R3, R6, 0).add64(R3, point.registers.nr);
    L.address(R1, nr);
    b.mov64(R2, 8).call(BPF_FUNC_probe_read_kernel);
  } else {
    b.ldx(8, R0, R6, 8).stx(8, R10, nr.offset, R0);
  }

  // The filter and the row.
  let row: Region | undefined;
  const needsRow =
    !singleCall(point) && (point.flavour === 'syscall' || used.some(([, p]) => p.kind === 'name'));
  if (singleCall(point)) {
    b.ldx(8, R0, R10, nr.offset).jne(R0, point.syscalls[0]?.nr ?? -1, L.exitLabel);
  } else if (needsRow) {
    const symbol = `syscall_rows_${L.probe.id}`;
    L.shared.tableMaps?.push(
      rowMap(symbol, `stap_sys${L.probe.id}`.slice(0, 15), point, layout, L.capacities.maxStringLen),
    );
    row = L.frame.slot();
    b.st(8, R10, row.offset, 0);
    const skip = b.newLabel('no_row');
    const miss = point.flavour === 'syscall' ? L.exitLabel : skip;
    b.ldx(8, R0, R10, nr.offset).jgt(R0, MAX_SYSCALL_NR, miss);
    const key = L.frame.slot();
    b.stx(4, R10, key.offset, R0);
    b.ldMapFd(R1, symbol).mov64(R2, R10).add64(R2, key.offset).call(BPF_FUNC_map_lookup_elem);
    b.jeq(R0, 0, miss);
    if (point.flavour === 'syscall') b.ldx(1, R1, R0, 0).jeq(R1, 0, L.exitLabel);
    b.stx(8, R10, row.offset, R0);
    b.label(skip);
  }

  // The values `@entry` operands had at the call's entry (syscall-entry.ts).
  loadSyscallEntries(L);

  // The argument registers.
  let args: Region | undefined;
  if (!point.isReturn && (argVars.length > 0 || wantsArgstr)) args = readArguments(L, point);

  const deferred = new Set<Variable>();
  const addresses = new Map<Variable, { address: Region; present: Region }>();
  const frame: SyscallFrame = { point, nr, args, row, layout, deferred, addresses };
  frames.set(L, frame);
  const printOnly = printOnlyVariables(L);
  const done = new Set<Variable>();
  for (const [v, what] of used) {
    done.add(v);
    if (what.kind === 'argstr' || what.kind === 'retstr' || what.kind === 'decoded') {
      deferred.add(v);
    } else if (what.kind === 'user-string' && what.quoted && printOnly.has(v)) {
      deferred.add(v);
      addresses.set(v, rememberAddress(L, frame, what));
    } else {
      initProvided(L, frame, v, what);
    }
  }
  return done;
}

/**
 * The provided variables the handler only prints (every use a direct argument of printf,
 * print...; never written): their text can be built in user space.
 */
function printOnlyVariables(L: Lowering): ReadonlySet<Variable> {
  const provided = L.probe.provided;
  if (provided === undefined) return new Set();
  const uses = new Map<Variable, number>();
  const printed = new Map<Variable, number>();
  const count = (m: Map<Variable, number>, e: AstNode): void => {
    const v = e.kind === 'Symbol' ? L.program.bindings.get(e) : undefined;
    if (v !== undefined && provided.has(v)) m.set(v, (m.get(v) ?? 0) + 1);
  };
  const visit = (node: AstNode): undefined => {
    count(uses, node);
    if (node.kind === 'Print' && OUTPUT.has(node.name) && node.hist === undefined) {
      for (const a of node.args) count(printed, a);
    }
    return undefined;
  };
  walk(L.probe.body, { enter: visit });
  if (L.probe.condition !== undefined) walk(L.probe.condition, { enter: visit });
  const out = new Set<Variable>();
  for (const [v, n] of uses) if (!v.written && printed.get(v) === n) out.add(v);
  return out;
}

const OUTPUT: ReadonlySet<string> = new Set(['printf', 'print', 'println', 'printd', 'printdln']);

/** Keeps a print-only string's address (and whether the call has the argument) for the print. */
function rememberAddress(
  L: Lowering,
  f: SyscallFrame,
  what: ProvidedVariable,
): { address: Region; present: Region } {
  const b = L.b;
  const address = L.frame.slot();
  const present = L.frame.slot();
  b.st(8, R10, address.offset, 0).st(8, R10, present.offset, 0);
  const end = b.newLabel('addr_done');
  if (loadArgument(L, f, what, R0, end)) {
    b.stx(8, R10, address.offset, R0).st(8, R10, present.offset, 1);
  }
  b.label(end);
  return { address, present };
}

/** One bpf_probe_read_kernel of the pt_regs span holding the six registers, then copied in order. */
function readArguments(L: Lowering, point: SyscallProbePoint): Region {
  const b = L.b;
  const offsets = point.registers.args;
  const low = Math.min(...offsets);
  const high = Math.max(...offsets) + 8;
  const span = L.frame.stack(high - low);
  L.zero(span);
  b.ldx(8, R3, R6, 0).add64(R3, low);
  L.address(R1, span);
  b.mov64(R2, high - low).call(BPF_FUNC_probe_read_kernel);
  const args = L.frame.stack(48);
  offsets.forEach((o, i) => {
    b.ldx(8, R0, R10, span.offset + o - low).stx(8, R10, args.offset + 8 * i, R0);
  });
  return args;
}

function initProvided(L: Lowering, f: SyscallFrame, v: Variable, what: ProvidedVariable): void {
  const b = L.b;
  switch (what.kind) {
    case 'syscall-nr': {
      const slot = L.frame.slot();
      b.ldx(8, R0, R10, f.nr.offset).stx(8, R10, slot.offset, R0);
      L.locals.set(v, { kind: 'long', slot });
      return;
    }
    case 'retval': {
      const slot = L.frame.slot();
      b.ldx(8, R0, R6, 8).stx(8, R10, slot.offset, R0);
      L.locals.set(v, { kind: 'long', slot });
      return;
    }
    case 'name': {
      const buffer = L.frame.buffer(Math.max(NAME_BYTES, L.capacities.variable(v)));
      L.zero(buffer);
      L.locals.set(v, { kind: 'string', buffer });
      if (singleCall(f.point)) {
        const entry = f.point.syscalls[0];
        if (entry !== undefined) writeLiteral(L, entry.name, buffer);
        return;
      }
      if (f.row === undefined) return;
      const skip = b.newLabel('no_name');
      b.ldx(8, R1, R10, f.row.offset).jeq(R1, 0, skip);
      const to = L.baseOf(buffer);
      for (let k = 0; k < NAME_BYTES; k += 8) b.ldx(8, R2, R1, k).stx(8, to.reg, to.off + k, R2);
      b.label(skip);
      return;
    }
    case 'arg': {
      const slot = L.frame.slot();
      b.st(8, R10, slot.offset, 0);
      L.locals.set(v, { kind: 'long', slot });
      const end = b.newLabel('arg_done');
      if (!loadArgument(L, f, what, R0, end)) return;
      b.stx(8, R10, slot.offset, R0);
      b.label(end);
      return;
    }
    case 'user-string': {
      const buffer = L.frame.buffer(Math.max(L.capacities.variable(v), 8));
      // (capacity.ts gives user strings MAXSTRINGLEN)
      L.zero(buffer);
      L.locals.set(v, { kind: 'string', buffer });
      const end = b.newLabel('str_done');
      if (!loadArgument(L, f, what, R0, end)) return;
      readUserString(L, buffer, what.quoted, end);
      b.label(end);
      return;
    }
    case 'argstr':
    case 'retstr':
    case 'decoded':
      return;
  }
}

/**
 * Loads the argument a variable names into `dst` (extended as its C type says); jumps to `none`
 * for a call without it. False when no covered call has it (the variable stays 0/"").
 */
function loadArgument(
  L: Lowering,
  f: SyscallFrame,
  what: ProvidedVariable,
  dst: Register,
  none: Label,
): boolean {
  const b = L.b;
  const args = f.args;
  if (args === undefined) return false;
  if (singleCall(f.point)) {
    const entry = f.point.syscalls[0];
    const source: ArgumentSource | undefined = entry === undefined ? undefined : argumentOf(entry, what);
    const code = argumentCode(source);
    if (code === 0) return false;
    b.ldx(8, dst, R10, args.offset + 8 * ((code & 15) - 1));
    extend(L, dst, code >> 4);
    return true;
  }
  const at = f.layout.codes.get(what);
  if (at === undefined || f.row === undefined) return false;
  // r1: the code from the row; one branch per register, then the extension.
  b.ldx(8, R1, R10, f.row.offset).jeq(R1, 0, none);
  b.ldx(1, R1, R1, at).jeq(R1, 0, none);
  const loaded = b.newLabel('arg_loaded');
  b.mov64(R2, R1).and64(R2, 15);
  for (let i = 0; i < 6; i++) {
    const next = b.newLabel('arg_next');
    b.jne(R2, i + 1, next);
    b.ldx(8, dst, R10, args.offset + 8 * i).ja(loaded);
    b.label(next);
  }
  b.ja(none);
  b.label(loaded);
  const notSigned = b.newLabel('not_s32');
  const done = b.newLabel('extended');
  b.rsh64(R1, 4).jne(R1, 1, notSigned);
  extend(L, dst, 1);
  b.ja(done).label(notSigned).jne(R1, 2, done);
  extend(L, dst, 2);
  b.label(done);
  return true;
}

function extend(L: Lowering, reg: Register, ext: number): void {
  if (ext === 1) L.b.lsh64(reg, 32).arsh64(reg, 32);
  else if (ext === 2) L.b.lsh64(reg, 32).rsh64(reg, 32);
}

/**
 * A user string at the address in r0 into the (zeroed) buffer; quoted: between `"`s as stap's
 * user_string_quoted shows it (without its escaping of unprintable bytes), or the address in
 * hex when it cannot be read, as stap's does. A faulting unquoted read leaves "".
 */
function readUserString(L: Lowering, buffer: Region, quoted: boolean, end: Label): void {
  const b = L.b;
  b.mov64(R3, R0);
  if (!quoted || buffer.bytes < 8) {
    L.address(R1, buffer);
    b.mov64(R2, buffer.bytes).call(BPF_FUNC_probe_read_user_str);
    return;
  }
  const address = L.frame.slot();
  b.stx(8, R10, address.offset, R3);
  L.address(R1, buffer, 1);
  b.mov64(R2, buffer.bytes - 2).call(BPF_FUNC_probe_read_user_str);
  // r0 = bytes copied with the NUL (1..bytes-2), or a negative errno (the buffer zeroed).
  const { reg, off } = L.baseOf(buffer);
  const fault = b.newLabel('str_fault');
  b.jsle(R0, 0, fault);
  b.jgt(R0, buffer.bytes - 2, end);
  b.st(1, reg, off, 0x22);
  // The closing quote over the NUL (the buffer was zeroed: the byte after it is one).
  L.address(R1, buffer);
  b.add64(R1, R0).st(1, R1, 0, 0x22);
  b.ja(end);
  b.label(fault);
  b.ldx(8, R0, R10, address.offset);
  const digits = numberString(L, 'x');
  b.st(1, reg, off, 0x30).st(1, reg, off + 1, 0x78);
  L.address(R1, buffer, 2);
  b.mov64(R2, Math.min(digits.bytes, buffer.bytes - 2));
  L.address(R3, digits);
  b.call(BPF_FUNC_probe_read_kernel_str);
}

/** `pp()` of a syscall probe: `syscall.NAME` (`.return`), from the row when it covers several. */
export function syscallPp(L: Lowering, into: Region): boolean {
  const f = frames.get(L);
  if (f === undefined) return false;
  const b = L.b;
  if (singleCall(f.point) || f.point.flavour === 'syscall_any') {
    writeLiteral(L, syscallPointName(f.point, f.point.syscalls[0] ?? { name: '' }), into);
    return true;
  }
  const prefix = `${f.point.prefix}.`;
  const suffix = f.point.isReturn ? '.return' : '';
  L.zero(into);
  writeLiteral(L, prefix, into);
  if (f.row === undefined) return true;
  // prefix, then the row's name, then the suffix after its NUL: with the NUL position found by
  // probe_read_kernel_str's length.
  const room = into.bytes - prefix.length - 1;
  if (room <= 0) return true;
  L.address(R1, into, prefix.length);
  b.mov64(R2, Math.min(room, NAME_BYTES));
  b.ldx(8, R3, R10, f.row.offset);
  b.call(BPF_FUNC_probe_read_kernel_str);
  if (suffix === '') return true;
  const skip = b.newLabel('pp_done');
  b.jsle(R0, 0, skip);
  b.jgt(R0, NAME_BYTES, skip);
  // r1 = &into[prefix + len - 1] (the NUL), then the suffix bytes, bounded by the buffer.
  if (into.bytes < prefix.length + NAME_BYTES + suffix.length + 1) {
    b.label(skip);
    return true;
  }
  L.address(R1, into, prefix.length - 1);
  b.add64(R1, R0);
  for (let i = 0; i < suffix.length; i++) b.st(1, R1, i, suffix.charCodeAt(i));
  b.st(1, R1, suffix.length, 0);
  b.label(skip);
  return true;
}
