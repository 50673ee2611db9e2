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

/** How `$param->a->b` reads: pointer loads through `derefs`, then the final member. */
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
  /** Resolves a `->a->b` member chain (pointer parameters only). */
  member(path: readonly string[]): TraceMemberAccess;
}

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
}

export type TracepointQuery =
  | { readonly ok: true; readonly tracepoints: readonly TracepointInfo[] }
  | { readonly ok: false; readonly error: string };

export interface TargetSystem {
  /**
   * The tracepoints matching `pattern`: `SYSTEM:NAME` or a bare `NAME` (any subsystem), each a
   * shell wildcard. An empty list when nothing matches; an error when the system cannot tell
   * (no tracefs, no permission).
   */
  tracepoints(pattern: string): TracepointQuery;
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
