/**
 * The syscall half of elaboration's target port: which system calls the running kernel traces
 * (its `syscalls:sys_enter_*` events, parameters from their formats), their x86_64 numbers
 * (syscall-table-x86_64.ts: tracefs does not say), and where `struct pt_regs` keeps the number
 * and the six arguments (BTF). Other architectures and compat (32-bit) calls are not covered:
 * the answer is then an error, and syscall probes fail to resolve with it.
 */
import type { SyscallInfo, SyscallParam, SyscallQuery, SyscallRegisters } from '../elaborate/index.js';
import { findMember, vmlinuxBtf } from './btf/index.js';
import { X86_64_SYSCALLS } from './syscall-table-x86_64.js';
import { matchTracepoints, tracepointFormat } from './tracefs.js';

/** Events named after the SYSCALL_DEFINE, not the uapi `__NR_` name. */
const EVENT_TO_UNISTD: Readonly<Record<string, string>> = {
  newstat: 'stat',
  newlstat: 'lstat',
  newfstat: 'fstat',
  newuname: 'uname',
  umount: 'umount2',
  sendfile64: 'sendfile',
};

/** x86_64: the argument registers of the syscall ABI, in order, then the number. */
const ARG_REGISTERS = ['di', 'si', 'dx', 'r10', 'r8', 'r9'] as const;

function registers(): SyscallRegisters | string {
  const btf = vmlinuxBtf();
  if (!btf.ok) return `cannot read kernel BTF: ${btf.message}`;
  const regs = btf.value.idsByName('pt_regs', 'struct')[0];
  if (regs === undefined) return 'the kernel BTF has no struct pt_regs';
  const offset = (name: string): number | undefined => findMember(btf.value, regs, name)?.byteOffset;
  const args = ARG_REGISTERS.map(offset);
  const nr = offset('orig_ax');
  if (nr === undefined || args.some((a) => a === undefined)) return 'struct pt_regs is not the x86_64 one';
  return { args: args as number[], nr };
}

/** The kernel's system calls (read once: ~360 format files). */
export function syscallLookup(): () => SyscallQuery {
  let answer: SyscallQuery | undefined;
  return () => {
    answer ??= query();
    return answer;
  };
}

function query(): SyscallQuery {
  if (process.arch !== 'x64')
    return { ok: false, error: `syscall probes are not supported on ${process.arch} yet` };
  const regs = registers();
  if (typeof regs === 'string') return { ok: false, error: regs };
  const numbers = new Map(X86_64_SYSCALLS.map(([nr, name]) => [name, nr] as const));
  const events = matchTracepoints('syscalls:sys_enter_*');
  if (!events.ok) return { ok: false, error: `cannot list syscall tracepoints: ${events.message}` };
  const syscalls: SyscallInfo[] = [];
  for (const t of events.value) {
    const event = t.name.slice('sys_enter_'.length);
    const unistdName = EVENT_TO_UNISTD[event] ?? event;
    const nr = numbers.get(unistdName);
    if (nr !== undefined) syscalls.push(lazyParams(event, unistdName, nr, t.category, t.name));
  }
  return { ok: true, syscalls, registers: regs };
}

/** A call whose parameters are read from its format file when first asked (~360 files in all). */
function lazyParams(
  event: string,
  unistdName: string,
  nr: number,
  category: string,
  name: string,
): SyscallInfo {
  let params: readonly SyscallParam[] | undefined;
  return {
    event,
    unistdName,
    nr,
    get params(): readonly SyscallParam[] {
      if (params === undefined) {
        const format = tracepointFormat(category, name);
        // An unreadable format (a race with tracefs going away) leaves the call without variables.
        params = format.ok
          ? format.value.fields
              .filter((f) => !f.isCommon && f.name !== '__syscall_nr')
              .map((f) => ({ name: f.name, type: f.type }))
          : [];
      }
      return params;
    },
  };
}
