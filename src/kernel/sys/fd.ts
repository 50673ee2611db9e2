/** Closing file descriptors, synchronously or on a worker thread. */

import * as C from './constants.js';
import { closeSyscall, closeSyscallAsync } from './ffi.js';
import { fromReturn, ok, type SysResult, sysError } from './result.js';

export function close(fd: number): SysResult<number> {
  return fromReturn('close', closeSyscall(fd));
}

/**
 * close(2) off the event loop: a perf event or BPF link fd can take 50–100 ms to close. The
 * errno of a failed worker-thread close is not observable; it is reported as EBADF.
 */
export async function closeAsync(fd: number): Promise<SysResult<number>> {
  const r = await closeSyscallAsync(fd);
  return r < 0 ? sysError('close', C.EBADF) : ok(r);
}
