/** mount(2), for tracefs when /sys/kernel/tracing is an empty mount point. */
import { mountSyscall } from './ffi.js';
import { fromReturn, type SysResult } from './result.js';

export function mount(source: string, target: string, fstype: string, flags = 0): SysResult<number> {
  return fromReturn(`mount ${fstype} on ${target}`, mountSyscall(source, target, fstype, flags));
}
