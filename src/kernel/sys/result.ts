/**
 * Kernel refusals are values, never exceptions: every call that can fail returns a `SysResult`.
 * `throw` is kept for our own bugs (a malformed attr, a closed object used again).
 */
import { constants } from 'node:os';
import { strerror } from './ffi.js';

/** A refused system call: the errno, its symbolic name and a readable message. */
export interface SysError {
  readonly ok: false;
  readonly errno: number;
  /** `EPERM`, `ENOENT`, ... (`E<n>` for a number node does not name). */
  readonly code: string;
  /** `BPF_PROG_LOAD: Permission denied (EPERM)`. */
  readonly message: string;
}

export interface SysOk<T> {
  readonly ok: true;
  readonly value: T;
}

export type SysResult<T> = SysOk<T> | SysError;

let errnoNames: Map<number, string> | undefined;

/** The symbolic name of an errno value, as in <errno.h>. */
export function errnoName(errno: number): string {
  if (errnoNames === undefined) {
    errnoNames = new Map();
    for (const [name, value] of Object.entries(constants.errno)) {
      // EWOULDBLOCK aliases EAGAIN, EDEADLOCK aliases EDEADLK: keep the first (canonical) name.
      if (!errnoNames.has(value)) errnoNames.set(value, name);
    }
  }
  return errnoNames.get(errno) ?? `E${errno}`;
}

export function ok<T>(value: T): SysOk<T> {
  return { ok: true, value };
}

export function sysError(operation: string, errno: number, detail?: string): SysError {
  const code = errnoName(errno);
  const what = detail === undefined ? operation : `${operation} ${detail}`;
  return { ok: false, errno, code, message: `${what}: ${strerror(errno)} (${code})` };
}

const OK_ZERO: SysOk<number> = Object.freeze({ ok: true, value: 0 });

/** A raw `-errno`-or-value return as a result (0, the common case, allocates nothing). */
export function fromReturn(operation: string, r: number): SysResult<number> {
  if (r === 0) return OK_ZERO;
  return r < 0 ? sysError(operation, -r) : ok(r);
}
