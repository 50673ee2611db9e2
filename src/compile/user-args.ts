/**
 * Registers and arguments in `process(...)` handlers: a uprobe's KPROBE program gets the task's
 * saved user registers (x86_64 struct pt_regs, r6 in the handler), which it may read at any
 * offset and width. Function arguments follow the SysV ABI (di, si, dx, cx, r8, r9, then the
 * stack above the return address); `$return`/`returnval()` are rax; a USDT marker's `$argN` are
 * where its note says (a register, memory at base + offset [+ index * scale], or a constant),
 * sign- or zero-extended from their size. User memory is read with bpf_probe_read_user; a fault
 * reads as 0, as stap's uprobe argument fetches do. Named variables from DWARF (`$x`, `$p->m`,
 * `$$parms`, `$x$`) are user-dwarf.ts's.
 */
import {
  BPF_FUNC_get_current_pid_tgid,
  BPF_FUNC_probe_read_user,
  R0,
  R1,
  R2,
  R3,
  R6,
  R10,
  type Size,
} from '../bpf/index.js';
import { type UserMarkArg, type UserProbePoint, userVariable } from '../elaborate/index.js';
import type { CallExpr, Expr, PrintExpr, TargetSymbolExpr } from '../lang/index.js';
import { loadConst } from './expressions.js';
import { sprint } from './format.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringBuffer, writeLiteral } from './strings.js';
import { lifecyclePrologue } from './uprobe-lifecycle.js';
import { debugListString, debugPrettyString, readDebugLong } from './user-dwarf.js';

/** Byte offsets in x86_64's struct pt_regs, by the names registers.stp gives them. */
const REG64: Readonly<Record<string, number>> = {
  r15: 0,
  r14: 8,
  r13: 16,
  r12: 24,
  rbp: 32,
  rbx: 40,
  r11: 48,
  r10: 56,
  r9: 64,
  r8: 72,
  rax: 80,
  rcx: 88,
  rdx: 96,
  rsi: 104,
  rdi: 112,
  orig_rax: 120,
  rip: 128,
  xcs: 136,
  eflags: 144,
  rsp: 152,
  xss: 160,
};
const REG32: Readonly<Record<string, number>> = {
  ebp: 32,
  ebx: 40,
  eax: 80,
  ecx: 88,
  edx: 96,
  esi: 104,
  edi: 112,
  orig_eax: 120,
  eip: 128,
  esp: 152,
};
const REG16: Readonly<Record<string, number>> = {
  bp: 32,
  bx: 40,
  ax: 80,
  cx: 88,
  dx: 96,
  si: 104,
  di: 112,
  orig_ax: 120,
  ip: 128,
  cs: 136,
  flags: 144,
  sp: 152,
  ss: 160,
};
const REG8: Readonly<Record<string, number>> = {
  al: 80,
  ah: 81,
  bl: 40,
  bh: 41,
  cl: 88,
  ch: 89,
  dl: 96,
  dh: 97,
};

/** The SysV integer argument registers, in order. */
const ARG_REGISTERS = [REG64.rdi, REG64.rsi, REG64.rdx, REG64.rcx, REG64.r8, REG64.r9] as const;
const RSP = 152;
const RAX = 80;

type ArgReader = { readonly signed: boolean; readonly truncate: boolean };

/**
 * How each `*_arg` reads: sign-extended or not, truncated to 32 bits or not (registers.stp); the
 * syscall probes' readers too (syscall-args.ts).
 */
export const ARG_READERS: Readonly<Record<string, ArgReader>> = {
  int_arg: { signed: true, truncate: true },
  s32_arg: { signed: true, truncate: true },
  uint_arg: { signed: false, truncate: true },
  u32_arg: { signed: false, truncate: true },
  long_arg: { signed: true, truncate: false },
  ulong_arg: { signed: false, truncate: false },
  longlong_arg: { signed: true, truncate: false },
  ulonglong_arg: { signed: false, truncate: false },
  s64_arg: { signed: true, truncate: false },
  u64_arg: { signed: false, truncate: false },
  pointer_arg: { signed: false, truncate: false },
};

export function userPoint(L: Lowering): UserProbePoint | undefined {
  const point = L.probe.point;
  return point.family === 'process' ? point : undefined;
}

/**
 * `process(PID)`: the handler returns at once in any other process (the uprobe is per file);
 * the lifecycle probes' event filters (uprobe-lifecycle.ts).
 */
export function userProbePrologue(L: Lowering): void {
  if (L.probe.point.family === 'process.lifecycle') {
    lifecyclePrologue(L, L.probe.point);
    return;
  }
  const point = userPoint(L);
  if (point?.pid === undefined) return;
  L.b.call(BPF_FUNC_get_current_pid_tgid).rsh64(R0, 32).jne(R0, point.pid, L.exitLabel);
}

/** r0 = its low `bytes` bytes, sign- or zero-extended. */
export function extend(L: Lowering, bytes: number, signed: boolean): void {
  if (bytes >= 8) return;
  const shift = 64 - 8 * bytes;
  L.b.lsh64(R0, shift);
  if (signed) L.b.arsh64(R0, shift);
  else L.b.rsh64(R0, shift);
}

/** r0 = `bytes` bytes of user memory at the address in r3 (0 when the read faults). */
function readUser(L: Lowering, bytes: number): void {
  const slot = L.frame.slot();
  L.b.st(8, R10, slot.offset, 0);
  L.address(R1, slot);
  L.b.mov64(R2, bytes).call(BPF_FUNC_probe_read_user);
  L.b.ldx(8, R0, R10, slot.offset);
}

function constantArg(L: Lowering, e: CallExpr, what: string): bigint {
  const arg: Expr | undefined = e.args[0];
  if (arg?.kind === 'Number') return arg.value;
  return L.unsupported(arg?.span ?? e.span, `${what} with an argument that is not a literal number`);
}

function needsRegisters(L: Lowering, e: CallExpr, name: string): UserProbePoint {
  const point = userPoint(L);
  return point ?? L.unsupported(e.span, `${name}() outside process(...) probes`);
}

/** `int_arg(N)` and its family: argument N of the probed function (entry probes). */
function lowerArg(L: Lowering, e: CallExpr, name: string, how: { signed: boolean; truncate: boolean }): void {
  needsRegisters(L, e, name);
  const n = constantArg(L, e, `${name}()`);
  if (n < 1n || n > 64n) L.unsupported(e.span, `${name}(${n}): cannot access arg(${n})`);
  const index = Number(n);
  const register = ARG_REGISTERS[index - 1];
  if (register !== undefined) L.b.ldx(8, R0, R6, register);
  else {
    // Past the sixth: on the stack, above the return address rsp points to at the entry.
    L.b.ldx(8, R3, R6, RSP).add64(R3, 8 * (index - 6));
    readUser(L, 8);
  }
  if (how.truncate) extend(L, 4, how.signed);
}

/** `register("eax")`, `u_register("al")`: registers.stp's names and widths. */
function lowerRegister(L: Lowering, e: CallExpr, signed: boolean): void {
  const fn = signed ? 'register' : 'u_register';
  needsRegisters(L, e, fn);
  const arg = e.args[0];
  if (arg?.kind !== 'String') {
    L.unsupported(arg?.span ?? e.span, `${fn}() with an argument that is not a literal string`);
  }
  const name = arg.value;
  const tables: readonly [Readonly<Record<string, number>>, number][] = [
    [REG64, 8],
    [REG32, 4],
    [REG16, 2],
    [REG8, 1],
  ];
  for (const [table, bytes] of tables) {
    const offset = table[name];
    if (offset === undefined) continue;
    L.b.ldx(bytes as Size, R0, R6, offset);
    if (signed) extend(L, bytes, true);
    return;
  }
  L.unsupported(arg.span, `${fn}("${name}"): Unknown register: ${name}`);
}

/**
 * The builtins this file lowers: true when `name` is one (its value is then in r0), false to let
 * the caller try others.
 */
export function lowerUserBuiltin(L: Lowering, e: CallExpr, name: string): boolean {
  const reader = ARG_READERS[name];
  if (reader !== undefined) {
    lowerArg(L, e, name, reader);
    return true;
  }
  switch (name) {
    case 'register':
    case 'u_register':
      lowerRegister(L, e, name === 'register');
      return true;
    case 'returnval':
      needsRegisters(L, e, name);
      L.b.ldx(8, R0, R6, RAX);
      return true;
    default:
      return false;
  }
}

function registerOffset(L: Lowering, e: TargetSymbolExpr, name: string): number {
  return REG64[name] ?? L.unsupported(e.span, `the marker argument register '${name}'`);
}

/** A USDT argument from its note's location, extended from its size. */
function readMarkArg(L: Lowering, e: TargetSymbolExpr, arg: UserMarkArg): void {
  const b = L.b;
  const bytes = Math.min(Math.abs(arg.size) || 8, 8);
  const signed = arg.size < 0;
  const loc = arg.location;
  switch (loc.kind) {
    case 'constant':
      loadConst(L, R0, loc.value);
      break;
    case 'register':
      b.ldx(8, R0, R6, registerOffset(L, e, loc.register));
      break;
    case 'memory': {
      const base = registerOffset(L, e, loc.base);
      b.ldx(8, R3, R6, base);
      // rip-relative: the marker is a one-byte nop, so the next instruction is the trap's ip.
      if (loc.offset !== 0) b.add64(R3, loc.offset);
      if (loc.index !== undefined) {
        b.ldx(8, R1, R6, registerOffset(L, e, loc.index));
        if ((loc.scale ?? 1) !== 1) b.mul64(R1, loc.scale ?? 1);
        b.add64(R3, R1);
      }
      readUser(L, bytes);
      break;
    }
  }
  extend(L, bytes, signed);
}

/** `$argN` of a marker, `$return` of a return probe: a long in r0. */
export function readUserTarget(L: Lowering, e: TargetSymbolExpr): void {
  const point = userPoint(L);
  if (point === undefined) {
    L.unsupported(e.span, `'${e.name}'`);
    return;
  }
  const v = userVariable(point, e.name);
  if (v.kind === 'debug') {
    readDebugLong(L, e, v.variable, REG64);
    return;
  }
  if (e.addressOf || e.components.length > 0) L.unsupported(e.span, `'${e.name}' with members or '&'`);
  switch (v.kind) {
    case 'arg':
      readMarkArg(L, e, v.arg);
      return;
    case 'return':
      L.b.ldx(8, R0, R6, RAX);
      return;
    case 'name':
    case 'provider':
    case 'parms':
    case 'debug-list':
      L.unsupported(e.span, `'${e.name}' as a number`);
      return;
    case 'missing':
      L.unsupported(e.span, v.message);
  }
}

/**
 * `$$parms`/`$$vars` of a marker: stap's `$arg1=%#x $arg2=%#x ...`; `%#x` prints `0x` and the
 * unpadded hex digits, so this is the kernel sprintf of `$argN=0x%x` over the arguments.
 */
function markParms(L: Lowering, e: TargetSymbolExpr, point: UserProbePoint, into?: Region): Region {
  const args = point.args ?? [];
  const sprintf: PrintExpr = {
    kind: 'Print',
    name: 'sprintf',
    format: args.map((_, i) => `$arg${i + 1}=0x%x`).join(' '),
    args: args.map(
      (_, i): TargetSymbolExpr => ({
        kind: 'TargetSymbol',
        name: `$arg${i + 1}`,
        components: [],
        addressOf: false,
        span: e.span,
      }),
    ),
    span: e.span,
  };
  if (args.length === 0) {
    const dst = into ?? stringBuffer(L, 1);
    writeLiteral(L, '', dst);
    return dst;
  }
  return sprint(L, sprintf, into);
}

/** `$$name`, `$$provider` of a marker: constants of the probe; `$$parms` its arguments. */
export function readUserStringTarget(L: Lowering, e: TargetSymbolExpr, into?: Region): Region {
  const point = userPoint(L);
  if (point === undefined) return L.unsupported(e.span, `'${e.name}'`);
  const v = userVariable(point, e.name);
  if (v.kind === 'parms' && e.components.length === 0) return markParms(L, e, point, into);
  if (v.kind === 'debug-list') return debugListString(L, e, v.variables, into);
  if (v.kind === 'debug') return debugPrettyString(L, e, v.variable, into);
  if (v.kind !== 'name' && v.kind !== 'provider') {
    return L.unsupported(e.span, v.kind === 'missing' ? v.message : `'${e.name}' as a string`);
  }
  const text = v.kind === 'name' ? point.symbol : (point.provider ?? '');
  const dst = into ?? stringBuffer(L, text.length + 1);
  writeLiteral(L, text, dst);
  return dst;
}
