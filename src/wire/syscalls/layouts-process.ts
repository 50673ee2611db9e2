/**
 * argstr layouts of the memory, process, signal, time, socket and IPC syscalls (upstream
 * tapset/linux/sysc_*.stp), keyed by stap's syscall name; positions follow the tracepoint fields.
 */
import {
  buf,
  type Field,
  flags,
  hexOf,
  int,
  long,
  named,
  ptr,
  str,
  struct,
  uint,
  ulong,
  value,
  when,
} from './fields.js';
import { lookupName } from './lookup.js';
import {
  braced,
  ITIMER_PAIR,
  RLIMIT,
  SIGACTION,
  SIGINFO,
  SIGSET,
  sockaddr,
  TIMEZONE,
  timespecs,
  timevals,
} from './structs.js';
import {
  ARCH_PRCTL_CODES,
  CLOCK_IDS,
  FINIT_MODULE_FLAGS,
  FUTEX_OPS,
  GETRANDOM_FLAGS,
  ITIMER_WHICH,
  MADVISE_ADVICE,
  MFD_FLAGS,
  MLOCK2_FLAGS,
  MLOCKALL_FLAGS,
  MODULE_FLAGS,
  MREMAP_FLAGS,
  MSYNC_FLAGS,
  PRIORITY_WHICH,
  PROT_FLAGS,
  RLIMIT_RESOURCES,
  RUSAGE_WHO,
  SHMAT_FLAGS,
  SIGNALFD4_FLAGS,
  SIGPROCMASK_HOW,
  TIMER_FLAGS,
  TIMERFD_CREATE_FLAGS,
  TIMERFD_FLAGS,
  WAIT_OPTIONS,
  WAITID_WHICH,
} from './tables.js';
import { SHUTDOWN_HOW, SOCK_FAMILIES, SOCKOPT_LEVELS, SOCKOPT_NAMES } from './tables-socket.js';
import {
  forkFlagsStr,
  hex,
  ipcFlagsStr,
  mmapFlagsStr,
  msgFlagsStr,
  schedPolicyStr,
  semctlCmdStr,
  signalName,
  sockProtocolStr,
  sockTypeStr,
} from './values.js';

const sig = (arg: number): Field => value(arg, signalName);
const prot = (arg: number): Field => flags(arg, PROT_FLAGS, 's64');
const clock = (arg: number): Field => named(arg, CLOCK_IDS);
const msgFlags = (arg: number): Field => value(arg, msgFlagsStr);
const ipcKey = (arg: number): Field =>
  value(arg, (v) => (BigInt.asIntN(32, v) === 0n ? 'IPC_PRIVATE' : `${BigInt.asIntN(32, v)}`));

const FUTEX_WAIT = 0n;
const FUTEX_WAKE_OP = 5n;
const FUTEX_WAIT_BITSET = 9n;
const FUTEX_WAKE_BITSET = 10n;
const FUTEX_REQUEUE = 3n;
const FUTEX_CMP_REQUEUE = 4n;
const FUTEX_WAIT_REQUEUE_PI = 11n;
const FUTEX_CMP_REQUEUE_PI = 12n;
const futexOp = (args: readonly bigint[]): bigint => BigInt.asIntN(32, args[1] ?? 0n);
const futexIs =
  (...ops: bigint[]) =>
  (args: readonly bigint[]): boolean =>
    ops.includes(futexOp(args));

/** `@__futex_argstr`: the fields after uaddr, op, val depend on the operation. */
const FUTEX: readonly Field[] = [
  ptr(0),
  named(1, FUTEX_OPS),
  int(2),
  when(struct(3, timespecs(1)), futexIs(FUTEX_WAIT, FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI)),
  when(long(3), futexIs(FUTEX_REQUEUE)),
  when(ulong(3), futexIs(FUTEX_CMP_REQUEUE, FUTEX_CMP_REQUEUE_PI, FUTEX_WAKE_OP)),
  when(
    ptr(4),
    futexIs(FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_CMP_REQUEUE_PI, FUTEX_WAKE_OP, FUTEX_WAIT_REQUEUE_PI),
  ),
  when(int(5), futexIs(FUTEX_CMP_REQUEUE, FUTEX_CMP_REQUEUE_PI)),
  when(value(5, futexWakeOpStr), futexIs(FUTEX_WAKE_OP)),
  when(hexOf(5), futexIs(FUTEX_WAKE_BITSET, FUTEX_WAIT_BITSET)),
];

/** `_futex_wake_op_str`: `{OP, oparg, CMP, cmparg}` of the encoded FUTEX_WAKE_OP operation. */
function futexWakeOpStr(v: bigint): string {
  const encoded = Number(BigInt.asIntN(32, v));
  const OPS = ['FUTEX_OP_SET', 'FUTEX_OP_ADD', 'FUTEX_OP_OR', 'FUTEX_OP_ANDN', 'FUTEX_OP_XOR'];
  const CMPS = [
    'FUTEX_OP_CMP_EQ',
    'FUTEX_OP_CMP_NE',
    'FUTEX_OP_CMP_LT',
    'FUTEX_OP_CMP_LE',
    'FUTEX_OP_CMP_GT',
    'FUTEX_OP_CMP_GE',
  ];
  const op = (encoded >> 28) & 7;
  const shift = ((encoded >> 28) & 8) !== 0;
  const cmp = (encoded >> 24) & 15;
  const oparg = (encoded << 8) >> 20;
  const cmparg = (encoded << 20) >> 20;
  const opText = `${shift ? 'FUTEX_OP_OPARG_SHIFT|' : ''}${OPS[op] ?? `0x${op.toString(16)}`}`;
  return `{${opText}, ${oparg}, ${CMPS[cmp] ?? `0x${cmp.toString(16)}`}, ${cmparg}}`;
}

export const PROCESS_LAYOUTS: Readonly<Record<string, readonly Field[]>> = {
  // memory
  mmap: [ptr(0), ulong(1), prot(2), value(3, mmapFlagsStr), int(4), long(5)],
  munmap: [ptr(0), ulong(1)],
  mprotect: [ptr(0), ulong(1), prot(2)],
  pkey_mprotect: [ptr(0), ulong(1), prot(2), int(3)],
  mremap: [ptr(0), long(1), long(2), flags(3, MREMAP_FLAGS), ptr(4)],
  brk: [ptr(0)],
  madvise: [ptr(0), ulong(1), named(2, MADVISE_ADVICE)],
  msync: [ptr(0), ulong(1), flags(2, MSYNC_FLAGS)],
  mincore: [ptr(0), ulong(1), ptr(2)],
  mlock: [ptr(0), ulong(1)],
  mlock2: [ptr(0), ulong(1), flags(2, MLOCK2_FLAGS)],
  munlock: [ptr(0), long(1)],
  mlockall: [flags(0, MLOCKALL_FLAGS)],
  munlockall: [],
  remap_file_pages: [ptr(0), ptr(1), prot(2), ptr(3), value(4, mmapFlagsStr)],
  memfd_create: [str(0), flags(1, MFD_FLAGS)],
  process_vm_readv: [int(0), ptr(1), ulong(2), ptr(3), ulong(4), ulong(5)],
  process_vm_writev: [int(0), ptr(1), ulong(2), ptr(3), ulong(4), ulong(5)],
  // process
  clone: [value(0, forkFlagsStr), ptr(1), ptr(2), ptr(3)],
  fork: [],
  vfork: [],
  unshare: [value(0, forkFlagsStr)],
  setns: [int(0), value(1, forkFlagsStr)],
  exit: [int(0)],
  exit_group: [int(0)],
  wait4: [int(0), ptr(1), flags(2, WAIT_OPTIONS), ptr(3)],
  waitid: [named(0, WAITID_WHICH), int(1), ptr(2), flags(3, WAIT_OPTIONS), ptr(4)],
  getpid: [],
  getppid: [],
  gettid: [],
  getuid: [],
  geteuid: [],
  getgid: [],
  getegid: [],
  getpgrp: [],
  setsid: [],
  getpgid: [int(0)],
  getsid: [int(0)],
  setpgid: [int(0), int(1)],
  setuid: [int(0)],
  setgid: [int(0)],
  setfsuid: [int(0)],
  setfsgid: [int(0)],
  setreuid: [int(0), int(1)],
  setregid: [int(0), int(1)],
  setresuid: [int(0), int(1), int(2)],
  setresgid: [int(0), int(1), int(2)],
  getresuid: [ptr(0), ptr(1), ptr(2)],
  getresgid: [ptr(0), ptr(1), ptr(2)],
  getgroups: [int(0), ptr(1)],
  setgroups: [int(0), ptr(1)],
  getpriority: [named(0, PRIORITY_WHICH), int(1)],
  setpriority: [named(0, PRIORITY_WHICH), int(1), int(2)],
  getrlimit: [named(0, RLIMIT_RESOURCES), ptr(1)],
  setrlimit: [named(0, RLIMIT_RESOURCES), struct(1, RLIMIT)],
  prlimit64: [int(0), named(1, RLIMIT_RESOURCES), struct(2, RLIMIT), ptr(3)],
  getrusage: [named(0, RUSAGE_WHO), ptr(1)],
  sched_yield: [],
  sched_getscheduler: [int(0)],
  sched_setscheduler: [int(0), value(1, schedPolicyStr), ptr(2)],
  sched_getparam: [int(0), ptr(1)],
  sched_setparam: [int(0), ptr(1)],
  sched_get_priority_max: [value(0, schedPolicyStr)],
  sched_get_priority_min: [value(0, schedPolicyStr)],
  sched_getaffinity: [int(0), uint(1), ptr(2)],
  sched_setaffinity: [int(0), uint(1), ptr(2)],
  sched_rr_get_interval: [int(0), ptr(1)],
  set_tid_address: [ptr(0)],
  set_robust_list: [ptr(0), ulong(1)],
  get_robust_list: [int(0), ptr(1), ptr(2)],
  getcpu: [ptr(0), ptr(1), ptr(2)],
  getrandom: [str(0), ulong(1), flags(2, GETRANDOM_FLAGS)],
  arch_prctl: [value(0, (v) => lookupName(ARCH_PRCTL_CODES, BigInt.asIntN(32, v), 10)), ulong(1)],
  personality: [hexOf(0)],
  uname: [ptr(0)],
  sysinfo: [ptr(0)],
  umask: [value(0, (v) => `0${BigInt.asUintN(32, v).toString(8)}`)],
  init_module: [ptr(0), ulong(1), str(2)],
  finit_module: [int(0), str(1), flags(2, FINIT_MODULE_FLAGS)],
  delete_module: [str(0), flags(1, MODULE_FLAGS)],
  sethostname: [str(0), int(1)],
  setdomainname: [str(0), int(1)],
  // signals
  kill: [int(0), sig(1)],
  tkill: [int(0), sig(1)],
  tgkill: [int(0), int(1), sig(2)],
  rt_sigaction: [sig(0), struct(1, braced(SIGACTION)), ptr(2), ulong(3)],
  rt_sigprocmask: [named(0, SIGPROCMASK_HOW, 's64'), struct(1, SIGSET), ptr(2), ulong(3)],
  rt_sigpending: [ptr(0), ulong(1)],
  rt_sigsuspend: [struct(0, SIGSET), ulong(1)],
  rt_sigtimedwait: [struct(0, SIGSET), struct(1, SIGINFO), struct(2, timespecs(1)), ulong(3)],
  rt_sigqueueinfo: [int(0), sig(1), struct(2, SIGINFO)],
  rt_tgsigqueueinfo: [int(0), int(1), sig(2), struct(3, SIGINFO)],
  rt_sigreturn: [],
  sigaltstack: [ptr(0), ptr(1)],
  signalfd: [int(0), ptr(1), ulong(2)],
  signalfd4: [int(0), ptr(1), ulong(2), flags(3, SIGNALFD4_FLAGS)],
  pause: [],
  futex: FUTEX,
  // time
  alarm: [uint(0)],
  nanosleep: [struct(0, timespecs(1)), ptr(1)],
  clock_nanosleep: [clock(0), named(1, TIMER_FLAGS), struct(2, timespecs(1)), ptr(3)],
  clock_gettime: [clock(0), ptr(1)],
  clock_settime: [clock(0), struct(1, timespecs(1))],
  clock_getres: [clock(0), ptr(1)],
  gettimeofday: [ptr(0), ptr(1)],
  settimeofday: [struct(0, timevals(1)), struct(1, TIMEZONE)],
  time: [ptr(0)],
  times: [ptr(0)],
  getitimer: [named(0, ITIMER_WHICH), ptr(1)],
  setitimer: [named(0, ITIMER_WHICH), struct(1, ITIMER_PAIR), ptr(2)],
  timer_create: [clock(0), ptr(1), ptr(2)],
  timer_settime: [int(0), int(1), struct(2, ITIMER_PAIR), ptr(3)],
  timer_gettime: [int(0), ptr(1)],
  timer_getoverrun: [int(0)],
  timer_delete: [int(0)],
  timerfd_create: [clock(0), flags(1, TIMERFD_CREATE_FLAGS)],
  timerfd_settime: [int(0), flags(1, TIMERFD_FLAGS), struct(2, ITIMER_PAIR), ptr(3)],
  timerfd_gettime: [int(0), ptr(1)],
  // sockets
  socket: [
    named(0, SOCK_FAMILIES),
    value(1, sockTypeStr),
    value(2, (p, args) => sockProtocolStr(args[0] ?? 0n, p)),
  ],
  socketpair: [
    named(0, SOCK_FAMILIES),
    value(1, sockTypeStr),
    value(2, (p, args) => sockProtocolStr(args[0] ?? 0n, p)),
    ptr(3),
  ],
  bind: [int(0), struct(1, sockaddr(2)), int(2)],
  connect: [int(0), struct(1, sockaddr(2)), uint(2)],
  listen: [int(0), int(1)],
  accept: [int(0), ptr(1), ptr(2)],
  accept4: [int(0), ptr(1), ptr(2), value(3, sockFlagsStr)],
  getsockname: [int(0), ptr(1), ptr(2)],
  getpeername: [int(0), ptr(1), ptr(2)],
  sendto: [int(0), buf(1, 2), ulong(2), msgFlags(3), struct(4, sockaddr(5)), uint(5)],
  recvfrom: [int(0), ptr(1), ulong(2), msgFlags(3), ptr(4), ptr(5)],
  sendmsg: [int(0), ptr(1), msgFlags(2)],
  recvmsg: [int(0), ptr(1), msgFlags(2)],
  sendmmsg: [int(0), ptr(1), uint(2), msgFlags(3)],
  recvmmsg: [int(0), ptr(1), uint(2), msgFlags(3), struct(4, timespecs(1))],
  shutdown: [int(0), named(1, SHUTDOWN_HOW)],
  setsockopt: [int(0), named(1, SOCKOPT_LEVELS, 's64'), named(2, SOCKOPT_NAMES, 's64'), ptr(3), uint(4)],
  getsockopt: [int(0), named(1, SOCKOPT_LEVELS, 's64'), named(2, SOCKOPT_NAMES, 's64'), ptr(3), ptr(4)],
  // System V IPC
  semget: [ipcKey(0), int(1), value(2, ipcFlagsStr)],
  semctl: [int(0), int(1), value(2, semctlCmdStr), ptr(3)],
  semop: [int(0), ptr(1), uint(2)],
  semtimedop: [int(0), ptr(1), uint(2), struct(3, timespecs(1))],
  shmget: [ipcKey(0), ulong(1), value(2, ipcFlagsStr)],
  shmat: [int(0), ptr(1), flags(2, SHMAT_FLAGS, 's64')],
  shmdt: [ptr(0)],
  shmctl: [int(0), value(1, semctlCmdStr), ptr(2)],
  msgget: [ipcKey(0), value(1, ipcFlagsStr)],
  msgsnd: [int(0), ptr(1), ulong(2), value(3, msgFlgStr)],
  msgrcv: [int(0), ptr(1), ulong(2), long(3), value(4, msgFlgStr)],
  msgctl: [int(0), value(1, semctlCmdStr), ptr(2)],
};

function sockFlagsStr(v: bigint): string {
  const parts: string[] = [];
  let rest = BigInt.asUintN(32, v);
  if (rest === 0n) return '0x0';
  for (const [bit, name] of [
    [0o2000000n, 'SOCK_CLOEXEC'],
    [0o4000n, 'SOCK_NONBLOCK'],
  ] as const) {
    if (rest & bit) {
      parts.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0n) parts.push(hex(rest));
  return parts.join('|');
}

/** `_stp_msgflg_str`: IPC_NOWAIT / MSG_EXCEPT / MSG_NOERROR bits. */
function msgFlgStr(v: bigint): string {
  const table: readonly (readonly [bigint, string])[] = [
    [0o4000n, 'IPC_NOWAIT'],
    [0o20000n, 'MSG_EXCEPT'],
    [0o10000n, 'MSG_NOERROR'],
    [0o40000n, 'MSG_COPY'],
  ];
  let rest = BigInt.asUintN(32, v);
  if (rest === 0n) return '0x0';
  const parts: string[] = [];
  for (const [bit, name] of table) {
    if (rest & bit) {
      parts.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0n) parts.push(hex(rest));
  return parts.join('|');
}
