/**
 * Decoders of single argument values (no user memory): integer widths as the tapset casts them,
 * pointers, modes, and the families whose printing is more than one table lookup.
 */
import { lookupFlags, lookupName } from './lookup.js';
import {
  AT_FDCWD,
  CLONE_FLAGS,
  IPC_64,
  MMAP_FLAGS,
  OPEN_FLAGS,
  SCHED_POLICIES,
  SCHED_RESET_ON_FORK,
  SEMCTL_CMDS,
  SIGNALS,
} from './tables.js';
import {
  IP_PROTOCOLS,
  MSG_CMSG_COMPAT,
  MSG_FLAGS,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  SOCK_TYPES,
} from './tables-socket.js';

/** How the tapset reads an argument: `int_arg`, `uint_arg`, `long_arg`, `ulong_arg`. */
export type IntType = 's32' | 'u32' | 's64' | 'u64';

export function asType(value: bigint, type: IntType): bigint {
  switch (type) {
    case 's32':
      return BigInt.asIntN(32, value);
    case 'u32':
      return BigInt.asUintN(32, value);
    case 's64':
      return BigInt.asIntN(64, value);
    case 'u64':
      return BigInt.asUintN(64, value);
  }
}

/** stap's `%p` and `0x%x`: hex of the 64-bit pattern, `0x0` for zero. */
export function hex(value: bigint): string {
  return `0x${BigInt.asUintN(64, value).toString(16)}`;
}

/** stap's `%#o` of a mode (its own printf prefixes `0` even to zero). */
export function octal(value: bigint): string {
  return `0${BigInt.asUintN(64, value).toString(8)}`;
}

/** `_dfd_str`: AT_FDCWD by name, other descriptors in decimal. */
export function dfdStr(value: bigint): string {
  const fd = BigInt.asIntN(32, value);
  return fd === AT_FDCWD ? 'AT_FDCWD' : `${fd}`;
}

/** `_sys_open_flag_str`: the access mode, then the other bits by name. */
export function openFlagsStr(value: bigint): string {
  const flags = BigInt.asIntN(32, value);
  const acc = flags & 3n;
  const mode = acc === 1n ? 'O_WRONLY' : acc === 2n ? 'O_RDWR' : 'O_RDONLY';
  const rest = flags & ~3n;
  return rest === 0n ? mode : `${mode}|${lookupFlags(OPEN_FLAGS, rest)}`;
}

/** `_signal_name`. */
export function signalName(value: bigint): string {
  return lookupName(SIGNALS, BigInt.asUintN(32, value));
}

/** `__fork_flags`: CLONE_* bits, then the exit signal in the low byte. */
export function forkFlagsStr(value: bigint): string {
  const flags = BigInt.asIntN(64, value);
  let out = lookupFlags(CLONE_FLAGS, flags & ~0xffn);
  const signal = flags & 0xffn;
  if (signal !== 0n) out += `${out === '' ? '' : '|'}${lookupName(SIGNALS, signal)}`;
  return out;
}

/** `_mmap_flags`: a MAP_HUGE_<size> prefix for the huge page size bits, then MAP_* bits. */
export function mmapFlagsStr(value: bigint): string {
  const MAP_HUGE_SHIFT = 26n;
  const MAP_HUGE_MASK = 0x3fn;
  let flags = BigInt.asIntN(64, value);
  let huge = Number((flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK);
  flags &= ~(MAP_HUGE_MASK << MAP_HUGE_SHIFT);
  let prefix = '';
  if (huge !== 0) {
    const units = ['', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
    const unit = Math.min(Math.floor(huge / 10), 6);
    huge -= unit * 10;
    prefix = `MAP_HUGE_${2 ** huge}${units[unit]}|`;
  }
  return prefix + lookupFlags(MMAP_FLAGS, flags);
}

/** `_sock_type_str`: the type, then SOCK_CLOEXEC / SOCK_NONBLOCK, then unknown bits in hex. */
export function sockTypeStr(value: bigint): string {
  const full = BigInt.asIntN(32, value);
  let flags = full & ~0xfn;
  let type = full & 0xfn;
  const parts: string[] = [];
  const name = SOCK_TYPES.find(([v]) => v === type)?.[1];
  if (name !== undefined) {
    parts.push(name);
    type = 0n;
  }
  if (flags & SOCK_CLOEXEC) {
    parts.push('SOCK_CLOEXEC');
    flags &= ~SOCK_CLOEXEC;
  }
  if (flags & SOCK_NONBLOCK) {
    parts.push('SOCK_NONBLOCK');
    flags &= ~SOCK_NONBLOCK;
  }
  type |= flags;
  if (type !== 0n || parts.length === 0) parts.push(`0x${BigInt.asUintN(32, type).toString(16)}`);
  return parts.join('|');
}

/** `_sock_protocol_str(family, protocol)`: IPPROTO_* names for PF_INET / PF_INET6 only. */
export function sockProtocolStr(family: bigint, protocol: bigint): string {
  const f = BigInt.asIntN(32, family);
  const p = BigInt.asIntN(32, protocol);
  if (f === 2n || f === 10n) {
    const name = IP_PROTOCOLS.find(([v]) => v === p)?.[1];
    if (name !== undefined) return name;
  }
  return `${p}`;
}

/** `_msg_flags_str`: MSG_* bits, MSG_CMSG_COMPAT dropped. */
export function msgFlagsStr(value: bigint): string {
  return lookupFlags(MSG_FLAGS, BigInt.asIntN(64, value) & ~MSG_CMSG_COMPAT);
}

/** `_sched_policy_str`: SCHED_RESET_ON_FORK| prefix on a positive policy, then the policy. */
export function schedPolicyStr(value: bigint): string {
  let policy = BigInt.asUintN(32, value);
  let prefix = '';
  if (BigInt.asIntN(32, value) > 0n && (policy & SCHED_RESET_ON_FORK) !== 0n) {
    prefix = 'SCHED_RESET_ON_FORK|';
    policy &= ~SCHED_RESET_ON_FORK;
  }
  return prefix + lookupName(SCHED_POLICIES, policy);
}

/** `_semctl_cmd`: IPC_64| prefix, then the command. */
export function semctlCmdStr(value: bigint): string {
  let cmd = BigInt.asUintN(32, value);
  let prefix = '';
  if ((cmd & IPC_64) !== 0n) {
    prefix = 'IPC_64|';
    cmd &= ~IPC_64;
  }
  return prefix + lookupName(SEMCTL_CMDS, cmd);
}

/** `_mknod_mode_str`: the file type by name, then the permission bits in octal. */
export function mknodModeStr(value: bigint): string {
  const mode = BigInt.asUintN(32, value);
  const type = mode & 0o170000n;
  const perm = mode & ~0o170000n;
  const names: Record<string, string> = {
    [`${0o100000}`]: 'S_IFREG',
    [`${0o20000}`]: 'S_IFCHR',
    [`${0o60000}`]: 'S_IFBLK',
    [`${0o10000}`]: 'S_IFIFO',
    [`${0o140000}`]: 'S_IFSOCK',
  };
  const name = names[`${type}`];
  return name === undefined ? octal(type | perm) : `${name}|${octal(perm)}`;
}

/** `__sem_flags` / `_stp_msgflg_str` style: IPC_CREAT|IPC_EXCL, other bits, then the mode. */
export function ipcFlagsStr(value: bigint): string {
  const IPC_CREAT = 0o1000n;
  const IPC_EXCL = 0o2000n;
  let flags = BigInt.asIntN(64, value);
  const mode = flags & 0o777n;
  flags &= ~0o777n;
  const parts: string[] = [];
  if (flags & IPC_CREAT) {
    parts.push('IPC_CREAT');
    flags &= ~IPC_CREAT;
  }
  if (flags & IPC_EXCL) {
    parts.push('IPC_EXCL');
    flags &= ~IPC_EXCL;
  }
  if (flags !== 0n) parts.push(hex(flags));
  if (mode !== 0n) parts.push(octal(mode));
  return parts.join('|');
}
