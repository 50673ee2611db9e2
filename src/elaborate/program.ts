/**
 * The elaborated program (pass 2's output): every probe resolved to a family, alias bodies
 * merged in, every symbol bound to a variable or function, every expression typed. The AST
 * stays immutable; bindings and types are side tables keyed by node.
 */
import type { Span } from '../diag/index.js';
import type {
  Block,
  CallExpr,
  EmbeddedCode,
  Expr,
  FunctionDecl,
  GlobalDecl,
  Literal,
  Name,
  Param,
  ProbePoint,
  SymbolExpr,
} from '../lang/index.js';
import type {
  KernelTypeLookup,
  SyscallParam,
  SyscallRegisters,
  TraceField,
  TraceParam,
  UserDebugQuery,
  UserMarkArg,
} from './target.js';

/** A value's type. `unknown` until inference settles it (or for functions that return nothing). */
export type ValueType = 'long' | 'string' | 'stats' | 'unknown';

/** A script-level variable: a global, or a local/parameter of one probe or function. */
export interface Variable {
  readonly id: number;
  readonly name: string;
  readonly scope: 'global' | 'local';
  readonly span: Span;
  /** The value type (of the elements, for an array). */
  type: ValueType;
  /** Number of index columns: 0 for a scalar, undefined while not yet known. */
  arity: number | undefined;
  /** One entry per index column once known. */
  keyTypes: ValueType[];
  /** For globals: the declaration (absent for the synthetic ones). */
  readonly decl?: GlobalDecl;
  /** Declared in a tapset file (never auto-printed). */
  readonly library: boolean;
  /** Written / read anywhere in the program (drives elision and the end-of-run display). */
  written: boolean;
  read: boolean;
}

export interface ScriptFunction {
  readonly kind: 'script';
  readonly id: number;
  readonly name: string;
  readonly decl: FunctionDecl;
  /**
   * The body later passes compile: `decl.body` with stap's pre-typing optimizations applied
   * (set by elaboration; the declaration itself is never changed).
   */
  body: Block | EmbeddedCode;
  readonly params: readonly Variable[];
  readonly locals: Variable[];
  returnType: ValueType;
  /** 0 for the user script, 1 for tapsets unless `:N` said otherwise; `next` goes to the next higher. */
  readonly priority: number;
  readonly library: boolean;
}

/** A native tapset function (implemented in TypeScript, for user space and later for BPF). */
export interface BuiltinSignature {
  readonly kind: 'builtin';
  readonly name: string;
  readonly params: readonly ('long' | 'string')[];
  /** The parameters' names as the tapset documents them (`--dump-functions`), when known. */
  readonly paramNames?: readonly string[];
  readonly returns: 'long' | 'string' | 'unknown';
  /** True when the function only makes sense in guru mode (e.g. raise, set_kernel_*). */
  readonly guru?: boolean;
  /**
   * True when stap's optimizer must keep a call whose value is unused: the tapset defines it in
   * embedded C without the `pure` pragma (`randint`, the `fp_*` functions). A function returning
   * nothing is always kept.
   */
  readonly impure?: boolean;
}

/** What a call resolved to: an overload chain (same arity, ascending priority) or a builtin. */
export type CallTarget =
  | { readonly kind: 'script'; readonly overloads: readonly ScriptFunction[] }
  | { readonly kind: 'builtin'; readonly fn: BuiltinSignature };

export type TimerUnit = 's' | 'ms' | 'us' | 'ns' | 'hz' | 'jiffies';

/** A probe point resolved to its family; one per derived probe. */
export type ResolvedPoint =
  | { readonly family: 'begin' | 'end' | 'error'; readonly sequence: bigint }
  | { readonly family: 'never' }
  | {
      readonly family: 'timer';
      readonly unit: TimerUnit;
      /** As written, in `unit`s (for `hz`: the frequency). */
      readonly interval: bigint;
      /** `.randomize(M)` in `unit`s, 0 for none. */
      readonly randomize: bigint;
      /** The period in nanoseconds (jiffies: in jiffies, converted with HZ at run time). */
      readonly periodNs: bigint;
      readonly randomizeNs: bigint;
    }
  | {
      /** `kernel.trace("SYSTEM:NAME")`: one tracepoint; its handler runs in the kernel. */
      readonly family: 'kernel.trace';
      readonly system: string;
      readonly event: string;
      /** The record's fields: the handler's `$name` target variables. */
      readonly fields: readonly TraceField[];
      /** The TP_PROTO parameters (BTF), asked only when a `$name` is not a field. */
      readonly params?: () => readonly TraceParam[];
      /** Kernel types for `@cast` in its handler (BTF). */
      readonly kernelType?: KernelTypeLookup;
      /**
       * For `syscalls:sys_enter_NAME`: the call's native number. A handler that reads no record
       * field then runs on the raw `sys_enter` tracepoint filtered by it, which costs the call
       * under half of what the formatted event does (compile/trace-fields.ts).
       */
      readonly syscallEntry?: number;
    }
  | UserProbePoint
  | ProcessLifecyclePoint
  | SyscallProbePoint
  | {
      /** `perf.type(T).config(C)`: a sampling perf event on every CPU (probes/perf.ts). */
      readonly family: 'perf';
      readonly type: bigint;
      readonly config: bigint;
      /** Every `value` events (`.sample(N)`), or `value` times a second (`.hz(F)`). */
      readonly sampling: { readonly kind: 'period' | 'frequency'; readonly value: bigint };
    };

/**
 * `syscall.NAME`, `syscall.NAME.return` (wildcards too: one point for all the calls matched),
 * `syscall_any`, `syscall_any.return`: one raw `sys_enter`/`sys_exit` tracepoint program that
 * dispatches on the call number (probes/syscall.ts, compile/syscall-*.ts).
 */
export interface SyscallProbePoint {
  readonly family: 'syscall';
  /** `syscall`: the tapset aliases (`name`, `argstr`, arguments); `syscall_any`: every call. */
  readonly flavour: 'syscall' | 'syscall_any';
  /**
   * The tapset's name as written: `syscall`, or stap's `nd_syscall` (kprobe-based upstream, for
   * kernels without debuginfo) and `tp_syscall` (tracepoint-based), which tstap runs the same way.
   */
  readonly prefix: SyscallPrefix;
  readonly isReturn: boolean;
  /** The calls matched, by number (`syscall_any`: every known call, for `name`). */
  readonly syscalls: readonly SyscallEntry[];
  readonly registers: SyscallRegisters;
}

export type SyscallPrefix = 'syscall' | 'nd_syscall' | 'tp_syscall';

/** One call a syscall point covers; `name` is stap's (`pread` for the `pread64` event). */
export interface SyscallEntry {
  readonly name: string;
  readonly nr: number;
  readonly params: readonly SyscallParam[];
}

/**
 * `process(...).function("F")`, `.return`, `.mark("M")`: a uprobe (uretprobe) at a file offset
 * of a user binary; the handler runs in the kernel with the task's registers (struct pt_regs).
 */
export interface UserProbePoint {
  readonly family: 'process';
  readonly site: 'function' | 'return' | 'mark';
  /** The binary (executable or library) holding the instruction. */
  readonly path: string;
  readonly offset: bigint;
  /** The function or marker name (`$$name`). */
  readonly symbol: string;
  /** Marks: the provider (`$$provider`), the arguments and the semaphore's file offset. */
  readonly provider?: string;
  readonly args?: readonly UserMarkArg[];
  readonly semaphoreOffset?: bigint;
  /** Only this process (`process(PID)`). */
  readonly pid?: number;
  /** Function and return probes: the function's DWARF, read on first call (`$param`, -L). */
  readonly debug?: () => UserDebugQuery;
}

/**
 * `process[(PATH|PID)].begin/.end/.thread.begin/.thread.end`: task lifetime events from
 * tracepoints, in the task's own context (probes/process-lifecycle.ts): a new process or thread
 * is the child's first return from fork/clone (or a return from exec), an end is
 * sched_process_exit.
 */
export interface ProcessLifecyclePoint {
  readonly family: 'process.lifecycle';
  readonly event: 'begin' | 'end' | 'thread.begin' | 'thread.end';
  /** The tracepoint the handler runs on (`raw_syscalls:sys_exit`, `sched:sched_process_exit`). */
  readonly system: string;
  readonly tracepoint: string;
  /** Record offsets the filter reads: the call number and result, or `group_dead` (5.x: absent). */
  readonly fields: { readonly id?: number; readonly ret?: number; readonly groupDead?: number };
  /** Only tasks running this executable: its path and inode number. */
  readonly path?: string;
  readonly inode?: bigint;
  /** Only this process. */
  readonly pid?: number;
}

/** Families whose handlers run in the kernel (compiled to BPF) rather than in user space. */
export function runsInKernel(point: ResolvedPoint): boolean {
  return (
    point.family === 'kernel.trace' ||
    point.family === 'process' ||
    point.family === 'process.lifecycle' ||
    point.family === 'syscall' ||
    point.family === 'perf'
  );
}

export interface DerivedProbe {
  readonly id: number;
  readonly point: ResolvedPoint;
  /** The fully expanded point, as `pp()` returns it (`timer.ms(100)`). */
  readonly name: string;
  /** The point the user wrote, as `pn()` returns it. */
  readonly written: ProbePoint;
  /** The user-level point made concrete (an alias name a wildcard matched): what `-l` lists. */
  readonly location?: string;
  /** Alias prologues + the user's handler + alias epilogues. */
  readonly body: Block;
  /** Arming condition(s), ANDed through alias expansion. */
  readonly condition?: Expr;
  readonly locals: Variable[];
  /** Derived from a tapset file's probe (e.g. argv's `begin(-1)`), not from the user's script. */
  readonly fromLibrary: boolean;
  /**
   * The locals a built-in alias family sets before the handler runs (a syscall probe's `name`,
   * `argstr`, `filename`...), with what each holds; filled during resolution.
   */
  readonly provided?: Map<Variable, ProvidedVariable>;
}

/** What a provided local holds (see probes/syscall.ts). */
export type ProvidedVariable =
  /**
   * The argument named `name` (each call says which register, and its extension from 32 bits:
   * probes/syscall.ts `argumentOf`); 0 for a call without it.
   */
  | { readonly kind: 'arg'; readonly name: string; readonly type: 'long' }
  /** A user string argument, quoted as stap's user_string_quoted does or not; "" for a call without it. */
  | {
      readonly kind: 'user-string';
      readonly name: string;
      readonly type: 'string';
      readonly quoted: boolean;
    }
  | { readonly kind: 'name'; readonly type: 'string' }
  | { readonly kind: 'syscall-nr' | 'retval'; readonly type: 'long' }
  /** Built in user space from captured raw values; only printable from a kernel handler. */
  | { readonly kind: 'argstr' | 'retstr'; readonly type: 'string' }
  /**
   * A decoded argument (`flags_str`, `dfd_str`...): the argstr piece of the argument each call
   * names (probes/syscall-decoded.ts), built like argstr; "" for a call without it.
   */
  | { readonly kind: 'decoded'; readonly name: string; readonly type: 'string' };

export interface Program {
  readonly globals: readonly Variable[];
  readonly functions: readonly ScriptFunction[];
  readonly probes: readonly DerivedProbe[];
  /** Global initialisers (`global x = 5`, `-G x=5`). */
  readonly initialisers: ReadonlyMap<Variable, Literal>;
  /** Variable bound to each Symbol use, foreach key/value name, catch name and parameter. */
  readonly bindings: ReadonlyMap<SymbolExpr | Name | Param, Variable>;
  readonly calls: ReadonlyMap<CallExpr, CallTarget>;
  /** The type of every expression that has a value. */
  readonly types: ReadonlyMap<Expr, ValueType>;
  /** The kernel's types (BTF) for `@cast`, when the target has them. */
  readonly kernelTypes?: KernelTypeLookup;
}
