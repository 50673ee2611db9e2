/**
 * argstr layouts of the less common syscalls the upstream tests exercise (message queues, AIO,
 * NUMA, fanotify, io priorities, keys of the kernel's own subsystems...), keyed by stap's name.
 */
import {
  type Field,
  flags,
  hexOf,
  int,
  long,
  mode,
  named,
  ptr,
  str,
  struct,
  uint,
  ulong,
  value,
  vector,
  when,
} from './fields.js';
import { lookupFlags, lookupName, nameTable } from './lookup.js';
import { type StructDecoder, timespecs } from './structs.js';
import { AT_FLAGS, CLOCK_IDS, O_CREAT, XATTR_FLAGS } from './tables.js';
import { dfdStr, hex, openFlagsStr } from './values.js';

const FAN_CLASSES = nameTable({ FAN_CLASS_NOTIF: 0, FAN_CLASS_CONTENT: 4, FAN_CLASS_PRE_CONTENT: 8 });
const FAN_INIT_FLAGS = nameTable({
  FAN_CLOEXEC: 1,
  FAN_NONBLOCK: 2,
  FAN_UNLIMITED_QUEUE: 0x10,
  FAN_UNLIMITED_MARKS: 0x20,
});
const FAN_MARK_FLAGS = nameTable({
  FAN_MARK_ADD: 1,
  FAN_MARK_REMOVE: 2,
  FAN_MARK_FLUSH: 0x80,
  FAN_MARK_DONT_FOLLOW: 4,
  FAN_MARK_ONLYDIR: 8,
  FAN_MARK_MOUNT: 0x10,
  FAN_MARK_IGNORED_MASK: 0x20,
  FAN_MARK_IGNORED_SURV_MODIFY: 0x40,
});
const FAN_MASK = nameTable({
  FAN_ACCESS: 1,
  FAN_MODIFY: 2,
  FAN_CLOSE_WRITE: 8,
  FAN_CLOSE_NOWRITE: 0x10,
  FAN_OPEN: 0x20,
  FAN_Q_OVERFLOW: 0x4000,
  FAN_OPEN_PERM: 0x10000,
  FAN_ACCESS_PERM: 0x20000,
  FAN_ONDIR: 0x40000000,
  FAN_EVENT_ON_CHILD: 0x08000000,
});

/** `_fanotify_init_flags_str`: the notification class, then the other flags. */
function fanotifyInitFlagsStr(v: bigint): string {
  const flags = BigInt.asUintN(32, v);
  const classBits = flags & 0xcn;
  const rest = flags & ~0xcn;
  const head = lookupName(FAN_CLASSES, classBits);
  return rest === 0n ? head : `${head}|${lookupFlags(FAN_INIT_FLAGS, rest)}`;
}

const IOPRIO_WHO = nameTable({ IOPRIO_WHO_PROCESS: 1, IOPRIO_WHO_PGRP: 2, IOPRIO_WHO_USER: 3 });
const IOPRIO_CLASSES = nameTable({
  IOPRIO_CLASS_NONE: 0,
  IOPRIO_CLASS_RT: 1,
  IOPRIO_CLASS_BE: 2,
  IOPRIO_CLASS_IDLE: 3,
});
const ioprioWho = (arg: number): Field => value(arg, (v) => lookupName(IOPRIO_WHO, BigInt.asIntN(32, v), 10));
/** `_stp_ioprio_value_str`: `CLASS|data`. */
function ioprioValueStr(v: bigint): string {
  const prio = BigInt.asUintN(32, v);
  return `${lookupName(IOPRIO_CLASSES, prio >> 13n)}|${BigInt.asIntN(32, v) & 0x1fffn}`;
}

const KCMP_TYPES = nameTable({
  KCMP_FILE: 0,
  KCMP_VM: 1,
  KCMP_FILES: 2,
  KCMP_FS: 3,
  KCMP_SIGHAND: 4,
  KCMP_IO: 5,
  KCMP_SYSVSEM: 6,
  KCMP_TYPES: 8,
});
const MEMBARRIER_CMDS = nameTable({ MEMBARRIER_CMD_QUERY: 0, MEMBARRIER_CMD_SHARED: 1 });
const MPOL_MODES = nameTable({
  MPOL_DEFAULT: 0,
  MPOL_PREFERRED: 1,
  MPOL_BIND: 2,
  MPOL_INTERLEAVE: 3,
  MPOL_LOCAL: 4,
  MPOL_PREFERRED_MANY: 5,
  MPOL_WEIGHTED_INTERLEAVE: 6,
});
const MPOL_MODE_FLAGS = nameTable({
  MPOL_F_STATIC_NODES: 1 << 15,
  MPOL_F_RELATIVE_NODES: 1 << 14,
  MPOL_F_NUMA_BALANCING: 1 << 13,
});
const MPOL_FLAGS = nameTable({ MPOL_F_NODE: 1, MPOL_F_ADDR: 2, MPOL_F_MEMS_ALLOWED: 4 });
const MPOL_MODE_FLAG_BITS = 0xe000n;
/** `_mempolicy_mode_str`: an optional mode flag, then the mode. */
function mempolicyModeStr(v: bigint): string {
  let m = BigInt.asUintN(32, v);
  let head = '';
  if (m !== 0xffffffffn && (m & MPOL_MODE_FLAG_BITS) !== 0n) {
    head = `${lookupName(MPOL_MODE_FLAGS, m & MPOL_MODE_FLAG_BITS)}|`;
    m &= ~MPOL_MODE_FLAG_BITS;
  }
  return head + lookupName(MPOL_MODES, m);
}
const mpolFlags = (arg: number): Field => flags(arg, MPOL_FLAGS, 'u64');

const SECCOMP_OPS = nameTable({
  SECCOMP_SET_MODE_STRICT: 0,
  SECCOMP_SET_MODE_FILTER: 1,
  SECCOMP_GET_ACTION_AVAIL: 2,
});
const SECCOMP_FLAGS = nameTable({ SECCOMP_FILTER_FLAG_TSYNC: 1 });
const BPF_CMDS = nameTable({
  BPF_MAP_CREATE: 0,
  BPF_MAP_LOOKUP_ELEM: 1,
  BPF_MAP_UPDATE_ELEM: 2,
  BPF_MAP_DELETE_ELEM: 3,
  BPF_MAP_GET_NEXT_KEY: 4,
  BPF_PROG_LOAD: 5,
});
const PERF_FLAGS = nameTable({
  PERF_FLAG_FD_NO_GROUP: 1,
  PERF_FLAG_FD_OUTPUT: 2,
  PERF_FLAG_PID_CGROUP: 4,
  PERF_FLAG_FD_CLOEXEC: 8,
});
const PKEY_INIT = nameTable({ PKEY_DISABLE_ACCESS: 1, PKEY_DISABLE_WRITE: 2 });
const REBOOT_MAGIC = nameTable({
  LINUX_REBOOT_MAGIC1: 0xfee1dead,
  LINUX_REBOOT_MAGIC2: 672274793,
  LINUX_REBOOT_MAGIC2A: 85072278,
  LINUX_REBOOT_MAGIC2B: 369367448,
  LINUX_REBOOT_MAGIC2C: 537993216,
});
const REBOOT_CMDS = nameTable({
  LINUX_REBOOT_CMD_RESTART: 0x01234567,
  LINUX_REBOOT_CMD_HALT: 0xcdef0123,
  LINUX_REBOOT_CMD_CAD_ON: 0x89abcdef,
  LINUX_REBOOT_CMD_CAD_OFF: 0,
  LINUX_REBOOT_CMD_POWER_OFF: 0x4321fedc,
  LINUX_REBOOT_CMD_RESTART2: 0xa1b2c3d4,
  LINUX_REBOOT_CMD_SW_SUSPEND: 0xd000fce2,
  LINUX_REBOOT_CMD_KEXEC: 0x45584543,
});
const USERFAULTFD_FLAGS = nameTable({ O_NONBLOCK: 0o4000, O_CLOEXEC: 0o2000000 });
const MFD_SECRET_FLAGS = nameTable({ MFD_CLOEXEC: 1, MFD_ALLOW_SEALING: 2, O_CLOEXEC: 0o2000000 });
const SS_FLAGS = nameTable({ SS_ONSTACK: 1, SS_DISABLE: 2, SS_AUTODISARM: 0x80000000 });

const s64 = (d: DataView, offset: number): bigint => d.getBigInt64(offset, true);
const u64 = (d: DataView, offset: number): bigint => d.getBigUint64(offset, true);

/** `_struct_sysinfo_u` over the x86-64 `struct sysinfo`. */
const SYSINFO: StructDecoder = {
  bytes: 112,
  nullText: 'NULL',
  faulted: hex,
  format: (d) =>
    `{uptime=${s64(d, 0)}, loads=[${u64(d, 8)}, ${u64(d, 16)}, ${u64(d, 24)}], totalram=${u64(d, 32)}, ` +
    `freeram=${u64(d, 40)}, sharedram=${u64(d, 48)}, bufferram=${u64(d, 56)}, totalswap=${u64(d, 64)}, ` +
    `freeswap=${u64(d, 72)}, procs=${d.getUint16(80, true)}}`,
};

/** `_struct_tms_u`. */
const TMS: StructDecoder = {
  bytes: 32,
  nullText: 'NULL',
  faulted: hex,
  format: (d) =>
    `{tms_utime=${u64(d, 0)}, tms_stime=${u64(d, 8)}, tms_cutime=${u64(d, 16)}, tms_cstime=${u64(d, 24)}}`,
};

/** `_stp_sigaltstack_u`: NULL and unreadable pointers both print in hex. */
const STACK_T: StructDecoder = {
  bytes: 24,
  nullText: '0x0',
  faulted: hex,
  format: (d) =>
    `{ss_sp=${hex(u64(d, 0))}, ss_flags=${lookupName(SS_FLAGS, BigInt(d.getInt32(8, true)))}, ss_size=${u64(d, 16)}}`,
};

/** `_struct_sched_attr_u`. */
const SCHED_ATTR: StructDecoder = {
  bytes: 48,
  nullText: 'NULL',
  faulted: hex,
  format: (d) =>
    `{size=${d.getUint32(0, true)}, sched_policy=${d.getUint32(4, true)}, sched_flags=${u64(d, 8)}, ` +
    `sched_nice=${d.getInt32(16, true)}, sched_priority=${d.getUint32(20, true)}, sched_runtime=${u64(d, 24)}, ` +
    `sched_deadline=${u64(d, 32)}, sched_period=${u64(d, 40)}}`,
};

const ADJTIMEX_MODES = nameTable({
  ADJ_OFFSET: 1,
  ADJ_FREQUENCY: 2,
  ADJ_MAXERROR: 4,
  ADJ_ESTERROR: 8,
  ADJ_STATUS: 0x10,
  ADJ_TIMECONST: 0x20,
  ADJ_TICK: 0x4000,
  ADJ_OFFSET_SINGLESHOT: 0x8001,
});

/** `_struct_timex_u` over the x86-64 `struct __kernel_timex` (longs printed with `%lu`). */
const TIMEX: StructDecoder = {
  bytes: 96,
  nullText: 'NULL',
  faulted: hex,
  format: (d) => {
    const modes = lookupFlags(ADJTIMEX_MODES, BigInt(d.getUint32(0, true)));
    return (
      `{${modes}, constant=${u64(d, 48)}, esterror=${u64(d, 32)}, freq=${u64(d, 16)}, maxerror=${u64(d, 24)}, ` +
      `offset=${u64(d, 8)}, precision=${u64(d, 56)}, status=${d.getInt32(40, true)}, tick=${u64(d, 88)}, ` +
      `tolerance=${u64(d, 64)}}`
    );
  },
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The tapset's `ctime(epochsecs)` (UTC, `Thu Jan  1 00:00:00 1970`). */
function ctime(seconds: bigint): string {
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return '<invalid time>';
  const two = (n: number) => `${n}`.padStart(2, '0');
  return (
    `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${`${date.getUTCDate()}`.padStart(2, ' ')} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${date.getUTCFullYear()}`
  );
}

/** `utime`: `[ctime(actime), ctime(modtime)]`; a struct that cannot be read counts as zeros. */
const UTIMBUF: StructDecoder = {
  bytes: 16,
  nullText: `[${ctime(0n)}, ${ctime(0n)}]`,
  faulted: () => `[${ctime(0n)}, ${ctime(0n)}]`,
  format: (d) => `[${ctime(s64(d, 0))}, ${ctime(s64(d, 8))}]`,
};

/** `_stp_xattr_val_str`: up to 50 bytes, printable ASCII as is, others `\xNN`, a final NUL dropped. */
function xattrValue(arg: number, sizeArg: number): Field {
  const decoder: StructDecoder = {
    bytes: 50,
    nullText: '0x0',
    faulted: hex,
    format: (d, args) => {
      const size = BigInt.asUintN(64, args[sizeArg] ?? 0n);
      if (size === 0n) return hex(args[arg] ?? 0n);
      const n = Number(size > 50n ? 50n : size);
      const bytes = new Uint8Array(d.buffer, d.byteOffset, Math.min(n, d.byteLength));
      const printable = (c: number) => c >= 0x20 && c <= 0x7e;
      let out = '';
      for (const c of bytes)
        out += printable(c) ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
      const last = bytes.length - 1;
      if (bytes.length > 1 && bytes[last] === 0 && printable(bytes[last - 1] ?? 0)) out = out.slice(0, -4);
      return `"${out}"`;
    },
  };
  return struct(arg, decoder);
}

const sysfsOption = (n: bigint) => (args: readonly bigint[]) => BigInt.asIntN(32, args[0] ?? 0n) === n;
const sysfsOtherOption = (args: readonly bigint[]) => {
  const option = BigInt.asIntN(32, args[0] ?? 0n);
  return option < 1n || option > 3n;
};

export const MISC_LAYOUTS: Readonly<Record<string, readonly Field[]>> = {
  mq_open: [
    str(0),
    value(1, openFlagsStr),
    mode(2, (args) => ((args[1] ?? 0n) & O_CREAT) !== 0n),
    when(ptr(3), (args) => ((args[1] ?? 0n) & O_CREAT) !== 0n),
  ],
  mq_unlink: [str(0)],
  mq_timedsend: [int(0), ptr(1), ulong(2), uint(3), ptr(4)],
  mq_timedreceive: [int(0), ptr(1), ulong(2), ptr(3), ptr(4)],
  mq_notify: [int(0), ptr(1)],
  mq_getsetattr: [int(0), ptr(1), ptr(2)],
  io_setup: [uint(0), ptr(1)],
  io_destroy: [ulong(0)],
  io_submit: [ulong(0), long(1), ptr(2)],
  io_cancel: [ulong(0), ptr(1), ptr(2)],
  io_getevents: [ulong(0), long(1), long(2), ptr(3), struct(4, timespecs(1))],
  fanotify_init: [value(0, fanotifyInitFlagsStr), value(1, openFlagsStr)],
  fanotify_mark: [int(0), flags(1, FAN_MARK_FLAGS), flags(2, FAN_MASK, 'u64'), value(3, dfdStr), str(4)],
  ioprio_get: [ioprioWho(0), int(1)],
  ioprio_set: [ioprioWho(0), int(1), value(2, ioprioValueStr)],
  kcmp: [int(0), int(1), named(2, KCMP_TYPES), ulong(3), ulong(4)],
  membarrier: [named(0, MEMBARRIER_CMDS), int(1)],
  mbind: [ptr(0), ulong(1), value(2, mempolicyModeStr), ptr(3), ulong(4), flags(5, MPOL_FLAGS)],
  get_mempolicy: [ptr(0), ptr(1), ulong(2), ptr(3), mpolFlags(4)],
  set_mempolicy: [value(0, mempolicyModeStr), ptr(1), ulong(2)],
  move_pages: [int(0), ulong(1), ptr(2), ptr(3), ptr(4), flags(5, MPOL_FLAGS)],
  migrate_pages: [int(0), ulong(1), ptr(2), ptr(3)],
  seccomp: [named(0, SECCOMP_OPS), named(1, SECCOMP_FLAGS), ptr(2)],
  bpf: [value(0, (v) => lookupName(BPF_CMDS, BigInt.asIntN(32, v))), ptr(1), uint(2)],
  perf_event_open: [ptr(0), int(1), int(2), int(3), flags(4, PERF_FLAGS, 'u64')],
  pkey_alloc: [ulong(0), flags(1, PKEY_INIT)],
  pkey_free: [int(0)],
  reboot: [named(0, REBOOT_MAGIC), named(1, REBOOT_MAGIC), named(2, REBOOT_CMDS), ptr(3)],
  userfaultfd: [flags(0, USERFAULTFD_FLAGS)],
  memfd_secret: [flags(0, MFD_SECRET_FLAGS)],
  capget: [ptr(0), ptr(1)],
  capset: [ptr(0), ptr(1)],
  ioperm: [hexOf(0, 'u64'), hexOf(1, 'u64'), hexOf(2, 'u32')],
  iopl: [uint(0)],
  execve: [str(0), vector(1), vector(2)],
  execveat: [value(0, dfdStr), str(1), vector(2), vector(3), flags(4, AT_FLAGS, 's64')],
  sysinfo: [struct(0, SYSINFO)],
  file_getattr: [int(0), value(0, dfdStr), ptr(1), str(1), ptr(2), ulong(3), int(4)],
  file_setattr: [int(0), value(0, dfdStr), ptr(1), str(1), ptr(2), ulong(3), int(4)],
  lsm_get_self_attr: [uint(0), ptr(1), ptr(2), uint(3)],
  lsm_set_self_attr: [uint(0), ptr(1), ptr(2), uint(3)],
  modify_ldt: [int(0), ptr(1), ulong(2)],
  restart_syscall: [],
  syslog: [int(0), ptr(1), int(2)],
  ustat: [uint(0), ptr(1)],
  vhangup: [],
  adjtimex: [struct(0, TIMEX)],
  clock_adjtime: [named(0, CLOCK_IDS), struct(1, TIMEX)],
  times: [struct(0, TMS)],
  sigaltstack: [struct(0, STACK_T), ptr(1)],
  sched_getattr: [int(0), struct(1, SCHED_ATTR), uint(2), uint(3)],
  sched_setattr: [int(0), struct(1, SCHED_ATTR), uint(2)],
  utime: [str(0), struct(1, UTIMBUF)],
  setxattr: [str(0), str(1), xattrValue(2, 3), ulong(3), flags(4, XATTR_FLAGS)],
  lsetxattr: [str(0), str(1), xattrValue(2, 3), ulong(3), flags(4, XATTR_FLAGS)],
  fsetxattr: [int(0), str(1), xattrValue(2, 3), ulong(3), flags(4, XATTR_FLAGS)],
  sysfs: [
    int(0),
    when(str(1), sysfsOption(1n)),
    when(int(1), sysfsOption(2n)),
    when(ptr(2), sysfsOption(2n)),
    when(hexOf(1, 'u64'), sysfsOtherOption),
    when(hexOf(2, 'u64'), sysfsOtherOption),
  ],
};
