/**
 * The questions elaboration asks about the system it compiles for: which tracepoints exist and
 * what their records hold. Elaboration owns this port; src/kernel implements it over tracefs and
 * src/cli passes it in. Tests pass fakes (see `fakeTarget`).
 */

/** How a tracepoint record field reads as a script value. */
export type TraceFieldAccess =
  /** An integer (or pointer) of `size` bytes at `offset`, sign-extended when `isSigned`. */
  | { readonly kind: 'integer' }
  /** A NUL-terminated string of at most `length` bytes stored in place (`char comm[16]`). */
  | { readonly kind: 'char-array'; readonly length: number }
  /**
   * A string stored elsewhere in the record: a u32 at `offset` holds (length << 16 | position),
   * the position counted from the record start (`__data_loc`) or from the end of the u32
   * (`__rel_loc`, 5.19).
   */
  | { readonly kind: 'dynamic-string'; readonly relative: boolean }
  /** Anything else (arrays of numbers, dynamic arrays): not readable as a script value yet. */
  | { readonly kind: 'unsupported' };

/** One field of a tracepoint's record, as its tracefs `format` file describes it. */
export interface TraceField {
  readonly name: string;
  /** The C type as declared (`pid_t`, `const char *`, `__data_loc char[]`). */
  readonly cType: string;
  readonly offset: number;
  readonly size: number;
  readonly isSigned: boolean;
  readonly access: TraceFieldAccess;
}

/** One step after a target expression's base: `->name`, or `[i]` (the index read at run time). */
export type TargetPathStep = { readonly kind: 'member'; readonly name: string } | { readonly kind: 'index' };

/**
 * What the program does for one step, on an address that starts as the base's pointer value:
 * add a constant, add the next `[i]` index times `scale`, or load the pointer stored there
 * (8 bytes; a faulting load is stap's read fault).
 */
export type TargetAccessOp =
  | { readonly kind: 'offset'; readonly bytes: number }
  | { readonly kind: 'index'; readonly scale: number }
  | { readonly kind: 'deref' };

/** What is read at the address the ops end on. */
export type TargetAccessValue =
  /** An integer, enum or pointer (`pointer`) of `size` bytes, sign-extended when `isSigned`. */
  | { readonly kind: 'integer'; readonly size: number; readonly isSigned: boolean; readonly pointer: boolean }
  /** `bits` bits starting `shift` bits into the little-endian `size`-byte word at the address. */
  | {
      readonly kind: 'bitfield';
      readonly size: number;
      readonly shift: number;
      readonly bits: number;
      readonly isSigned: boolean;
    }
  /** A `char[length]` member: a string (at most `length` bytes, NUL-terminated or not). */
  | { readonly kind: 'char-array'; readonly length: number }
  /** A struct, union or non-char array: only its address (`&`) is a value. */
  | { readonly kind: 'aggregate' };

/** A member chain to an integer member: pointer loads through `derefs`, then the final member. */
export type TraceMemberAccess =
  | {
      readonly ok: true;
      /** Byte offsets of the intermediate pointer members, each read and followed in turn. */
      readonly derefs: readonly number[];
      /** The final integer member: `size` bytes at `offset` from the last pointer. */
      readonly offset: number;
      readonly size: number;
      readonly isSigned: boolean;
    }
  | { readonly ok: false; readonly error: string };

/** How `$param->a[i]->b` (or `@cast(p, "T")->a`) reads, or why it cannot. */
export type TargetAccess =
  | {
      readonly ok: true;
      readonly ops: readonly TargetAccessOp[];
      readonly value: TargetAccessValue;
      /** The C type of the final member: `char[16]`, `pid_t`. */
      readonly cType: string;
    }
  | { readonly ok: false; readonly error: string };

/** One piece of a `$var$` layout: text, or the value `steps` below the printed expression. */
export type TargetPrettyPiece =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'value';
      /** Below the printed expression; an `index` step reads element 0. */
      readonly steps: readonly TargetPathStep[];
      /** stap's `%i`, `%u` or `%p`. */
      readonly conversion: 'i' | 'u' | 'p';
    };

/** How `$var$`/`$var$$` (or `@cast(...)->x$`) prints, as stap lays it out, or why it cannot. */
export type TargetPretty =
  | { readonly ok: true; readonly pieces: readonly TargetPrettyPiece[] }
  | { readonly ok: false; readonly error: string };

/**
 * A TP_PROTO parameter of the tracepoint (`prev` of sched_switch), read from a raw tracepoint's
 * context: args[index] is a u64 slot.
 */
export interface TraceParam {
  readonly name: string;
  readonly index: number;
  /** The C spelling of its type: `struct task_struct *`. */
  readonly cType: string;
  /** An integer parameter (size and sign), or undefined for a pointer to a struct or union. */
  readonly integer?: { readonly size: number; readonly isSigned: boolean };
  /** Whether it is a pointer (`$$parms` shows it with %p). */
  readonly pointer?: boolean;
  /** Resolves the `->a[i]->b` steps after `$name` (pointer parameters only). */
  access(path: readonly TargetPathStep[]): TargetAccess;
  /** Lays out `$name...$` (`full`: `$$`). */
  pretty?(path: readonly TargetPathStep[], full: boolean): TargetPretty;
}

/** A type `@cast(p, "NAME")` views memory as (from BTF): steps resolve from a pointer to it. */
export interface KernelType {
  /** The C spelling: `struct task_struct`. */
  readonly cType: string;
  access(path: readonly TargetPathStep[]): TargetAccess;
  pretty?(path: readonly TargetPathStep[], full: boolean): TargetPretty;
}

/** A `@cast` type lookup: the type, or undefined when the kernel's BTF has none of that name. */
export type KernelTypeLookup = (name: string) => KernelType | undefined;

export interface TracepointInfo {
  /** The subsystem (tracefs category): `sched`, `syscalls`. */
  readonly system: string;
  readonly name: string;
  /** The event's own fields, in record order (the `common_*` header fields are left out). */
  readonly fields: readonly TraceField[];
  /**
   * The TP_PROTO parameters from BTF, when the kernel has a raw tracepoint `name`
   * (`btf_trace_<name>`); empty otherwise (syscalls:sys_enter_* share one raw tracepoint).
   * Asked lazily: only a handler naming something other than a field pays for BTF.
   */
  readonly params?: () => readonly TraceParam[];
  /** Kernel types by name for `@cast` in its handlers (BTF), asked lazily. */
  readonly kernelType?: KernelTypeLookup;
}

export type TracepointQuery =
  | { readonly ok: true; readonly tracepoints: readonly TracepointInfo[] }
  | { readonly ok: false; readonly error: string };

/** A function of a user-space binary (from its symbol tables): where its uprobe goes. */
export interface UserFunction {
  readonly name: string;
  /** File offset of the entry (the symbol's address through its PT_LOAD segment). */
  readonly offset: bigint;
  /** Its DWARF (read on first call): parameters, locals, return type; or why there is none. */
  debug?(): UserDebugQuery;
}

export type UserDebugQuery =
  | { readonly ok: true; readonly subprogram: UserSubprogram }
  /** `missing`: the binary has no debug information at all (stap's "no debuginfo"). */
  | { readonly ok: false; readonly missing: boolean; readonly error: string };

/** A function as its DWARF describes it, seen from a uprobe at its entry address. */
export interface UserSubprogram {
  readonly name: string;
  /** Where it is declared (stap's `function("f@file.c:12")`), when the line table says. */
  readonly source?: { readonly file: string; readonly line: number };
  /** The formal parameters in order, then the locals of the function's outermost scope. */
  readonly params: readonly UserDebugVariable[];
  readonly locals: readonly UserDebugVariable[];
  /** The variables of the function's compile unit (`$counter`: not in `$$vars`, as in stap). */
  readonly globals: readonly UserDebugVariable[];
  /** `$return` in a `.return` probe: rax as the return type reads; undefined for `void`. */
  readonly returnValue?: UserDebugVariable;
}

/**
 * Where a variable is when the entry uprobe fires (before the prologue): an x86_64 register
 * (pt_regs names, `rdi`), or memory at `rsp + offset` (stack arguments; -O0 locals at the
 * frame base, which is the CFA, `rsp + 8` at the entry), or nowhere we can say.
 */
export type UserDebugLocation =
  | { readonly kind: 'register'; readonly register: string }
  | { readonly kind: 'stack'; readonly offset: number }
  /**
   * A static or global variable at a fixed address: `offset` bytes from the probed function's
   * entry, which is where the uprobe leaves the instruction pointer (so a PIE's load address
   * cancels out).
   */
  | { readonly kind: 'static'; readonly offset: bigint }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** How a variable's own value reads. */
export type UserDebugValue =
  /** An integer, enum or pointer of `size` bytes. */
  | { readonly kind: 'integer'; readonly size: number; readonly isSigned: boolean; readonly pointer: boolean }
  /** A struct, union or array: `{...}` / `[...]` in `$$parms`, only reachable through `->`/`[i]`. */
  | { readonly kind: 'struct' | 'array' }
  /** Floating point, `__int128`, ...: no script value. */
  | { readonly kind: 'unreadable'; readonly reason: string };

/** A parameter, local or return value of a user function (from DWARF). */
export interface UserDebugVariable {
  readonly name: string;
  /** stap's spelling of its type: `int`, `struct foo*`, `char const*`. */
  readonly typeName: string;
  readonly value: UserDebugValue;
  readonly location: UserDebugLocation;
  /**
   * What `->a[i]->b` after the name starts from: the variable's value (a pointer), or its
   * address (an aggregate in memory); undefined when no path applies.
   */
  readonly base?: 'value' | 'address';
  /** Resolves the `->a[i]->b` steps after `$name`, from `base`. */
  access(path: readonly TargetPathStep[]): TargetAccess;
  /** Lays out `$name...$` (`full`: `$$`). */
  pretty?(path: readonly TargetPathStep[], full: boolean): TargetPretty;
}

/** Where a USDT argument lives when the marker fires (x86_64 register names: `rdi`, `rbp`). */
export type UserMarkArgLocation =
  | { readonly kind: 'register'; readonly register: string }
  | {
      readonly kind: 'memory';
      readonly base: string;
      readonly offset: number;
      readonly index?: string;
      readonly scale?: number;
    }
  | { readonly kind: 'constant'; readonly value: bigint };

export interface UserMarkArg {
  /** Signed size in bytes as `<sys/sdt.h>` writes it: -4 an int32, 8 a uint64. */
  readonly size: number;
  /** As written in the note (`-4@%edi`). */
  readonly text: string;
  readonly location: UserMarkArgLocation;
}

/** One USDT marker of a binary (a `.note.stapsdt` note). */
export interface UserMark {
  readonly provider: string;
  readonly name: string;
  /** File offset of the marker's instruction. */
  readonly offset: bigint;
  /** File offset of its semaphore (incremented while a probe is attached), when it has one. */
  readonly semaphoreOffset?: bigint;
  readonly args: readonly UserMarkArg[];
}

/** An executable or shared library process(...) probes can name. */
export interface UserBinary {
  /** Absolute path, as `pp()` shows it. */
  readonly path: string;
  /** Only this process fires the probes (`process(PID)`, bare `process` with -x). */
  readonly pid?: number;
  /** Its inode number, as the kernel's `struct inode` holds it (`.begin`/`.end` filters). */
  readonly inode?: bigint;
  /** Functions matching a shell wildcard, by address. */
  functions(pattern: string): readonly UserFunction[];
  marks(): readonly UserMark[];
  /** A shared library it loads (`.library("LIB")`: a soname, a file name or a path). */
  library(name: string): UserBinaryQuery;
  /** `.statement(ADDR)`: the file offset of a link-time address, if a loaded segment holds it. */
  statementOffset?(address: bigint): bigint | undefined;
  /**
   * `process(PID).statement(ADDR).absolute`: the file mapped at ADDR in the running process
   * (its /proc/PID/maps) and the file offset there.
   */
  absoluteAddress?(address: bigint): UserAbsoluteQuery;
}

export type UserAbsoluteQuery =
  | { readonly ok: true; readonly path: string; readonly offset: bigint }
  | { readonly ok: false; readonly error: string };

export type UserBinaryQuery =
  | { readonly ok: true; readonly binary: UserBinary }
  | { readonly ok: false; readonly error: string };

/** What `process(...)` names: a path (or a name looked up in $PATH), a running pid, or `-c`/`-x`'s. */
export type UserProcessSpec =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'pid'; readonly pid: number }
  | { readonly kind: 'target' };

/** A parameter of a system call, as its `sys_enter_NAME` format field declares it. */
export interface SyscallParam {
  readonly name: string;
  /** The C type: `const char *`, `int`, `umode_t`. */
  readonly type: string;
}

/** One system call the target's `syscalls:sys_enter_*` tracepoints know. */
export interface SyscallInfo {
  /** The tracepoint's name without `sys_enter_`: `openat`, `newfstatat`, `pread64`. */
  readonly event: string;
  /** Its uapi name (`__NR_uname` for the `newuname` event): what `syscall_name(nr)` returns. */
  readonly unistdName: string;
  /** The native (x86_64) number; compat and x32 numbers are not covered. */
  readonly nr: number;
  /** The parameters in order (the `__syscall_nr` field left out). */
  readonly params: readonly SyscallParam[];
}

/**
 * Where a system call's number and arguments sit in `struct pt_regs` (from BTF): the raw
 * `sys_enter`/`sys_exit` tracepoints pass a pointer to it.
 */
export interface SyscallRegisters {
  /** Byte offsets of the six argument registers (x86_64: di, si, dx, r10, r8, r9). */
  readonly args: readonly number[];
  /** Byte offset of the number as the task entered the call (x86_64: orig_ax). */
  readonly nr: number;
}

export type SyscallQuery =
  | {
      readonly ok: true;
      readonly syscalls: readonly SyscallInfo[];
      readonly registers: SyscallRegisters;
    }
  | { readonly ok: false; readonly error: string };

export interface TargetSystem {
  /**
   * The tracepoints matching `pattern`: `SYSTEM:NAME` or a bare `NAME` (any subsystem), each a
   * shell wildcard. An empty list when nothing matches; an error when the system cannot tell
   * (no tracefs, no permission).
   */
  tracepoints(pattern: string): TracepointQuery;
  /**
   * The system calls (`syscall.*` probes): every `syscalls:sys_enter_*` tracepoint whose number
   * is known for the architecture, and the register layout. Absent: no syscall probes.
   */
  syscalls?(): SyscallQuery;
  /**
   * The binary a `process(...)` probe names (absent: the system has no user-space probes). For
   * a pid, the process's executable; for `target`, the `-c` command's or `-x` pid's.
   */
  userBinary?(spec: UserProcessSpec): UserBinaryQuery;
  /**
   * Why `kernel.function`-style probes (kprobes, fentry) cannot run here, or undefined when the
   * kernel has a mechanism for them. Absent: the system cannot tell.
   */
  kernelFunctionProbes?(): string | undefined;
  /**
   * The kernel's types by name (BTF), for `@cast` and autocasts in every handler that runs in
   * the kernel, and for address-only `@cast` constants (`@offsetof`) anywhere. Absent: none.
   */
  readonly kernelTypes?: KernelTypeLookup;
}

/** A target with no kernel facilities: every kernel probe point fails to resolve. */
export const NO_TARGET: TargetSystem = {
  tracepoints: () => ({ ok: false, error: 'tracepoints are not available' }),
};

/** A target answering from a fixed table (tests, and `--sysroot`-style offline runs later). */
export function fakeTarget(tracepoints: readonly TracepointInfo[]): TargetSystem {
  return {
    tracepoints(pattern) {
      const at = pattern.indexOf(':');
      const system = at < 0 ? undefined : wildcard(pattern.slice(0, at));
      const name = wildcard(at < 0 ? pattern : pattern.slice(at + 1));
      const found = tracepoints.filter(
        (t) => (system === undefined || system.test(t.system)) && name.test(t.name),
      );
      return { ok: true, tracepoints: found };
    },
  };
}

function wildcard(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
