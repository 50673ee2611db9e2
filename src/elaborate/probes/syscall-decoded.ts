/**
 * The decoded argument variables of stap's syscall aliases (`flags_str`, `dfd_str`, `sig_str`,
 * `timeout_str`...: upstream tapset/linux/sysc_*.stp, dw_ and nd_ flavours together), by stap's
 * syscall name. Each names the argument (by position in the syscalls:sys_enter_* field list) it
 * decodes: its text is the argstr piece of that argument (wire/syscalls prints both), so
 * `flags_str` of openat is `O_RDONLY|O_CLOEXEC` exactly as argstr shows it. A user string
 * (`pathname_str`) is the quoted string; a few aliases set a constant (accept's `flags_str`).
 */

/** Where a decoded variable's text comes from. */
export type DecodedSource =
  /** The argument at `index`, decoded as the call's argstr decodes it. */
  | { readonly kind: 'arg'; readonly index: number }
  /** The user string at argument `index`, quoted as stap's user_string_quoted does. */
  | { readonly kind: 'quoted'; readonly index: number }
  /** A constant the alias sets. */
  | { readonly kind: 'text'; readonly text: string };

type Spec = number | DecodedSource;

const q = (index: number): DecodedSource => ({ kind: 'quoted', index });
const k = (text: string): DecodedSource => ({ kind: 'text', text });

const TABLE: Readonly<Record<string, Readonly<Record<string, Spec>>>> = {
  accept: { flags_str: k('0x0') },
  accept4: { flags_str: 3 },
  access: { mode_str: 1 },
  adjtimex: { buf_str: 0 },
  arch_prctl: { code_str: 0 },
  bpf: { cmd_str: 0 },
  clock_adjtime: { clk_id_str: 0, tx_uaddr_str: 1 },
  clock_getres: { clk_id_str: 0 },
  clock_gettime: { clk_id_str: 0 },
  clock_nanosleep: { clk_id_str: 0, flags_str: 1, flag_str: 1, req_str: 2 },
  clock_settime: { clk_id_str: 0, tp_uaddr_str: 1 },
  delete_module: { flags_str: 1 },
  dup2: { flags_str: k('0x0') },
  dup3: { flags_str: 2 },
  epoll_ctl: { op_str: 1 },
  eventfd: { flags_str: k('0x0') },
  eventfd2: { flags_str: 1 },
  execve: { args: 1, env_str: 2 },
  execveat: { dirfd_str: 0, fd_str: 0, args: 2, env_str: 3, flags_str: 4 },
  faccessat: { dirfd_str: 0, mode_str: 2 },
  faccessat2: { dirfd_str: 0, mode_str: 2, flags_str: 3 },
  fadvise64: { advice_str: 3 },
  fallocate: { mode_str: 1 },
  fanotify_init: { flags_str: 0, event_f_flags_str: 1 },
  fanotify_mark: { flags_str: 1, mask_str: 2, dirfd_str: 3 },
  fchmodat: { dirfd_str: 0 },
  fchownat: { dirfd_str: 0, flags_str: 4 },
  fcntl: { cmd_str: 1 },
  fgetxattr: { name_str: q(1) },
  file_getattr: { dfd_str: 0, filename_str: q(1) },
  finit_module: { flags_str: 2 },
  file_setattr: { dfd_str: 0, filename_str: q(1) },
  fremovexattr: { name_str: q(1) },
  fsetxattr: { name_str: q(1), value_str: 2, flags_str: 4 },
  fstatat: { dirfd_str: 0, flags_str: 3 },
  futimesat: { dirfd_str: 0, tvp_str: 2 },
  get_mempolicy: { flags_str: 4 },
  getrandom: { flags_str: 2 },
  getrusage: { who_str: 0 },
  getsockopt: { level_str: 1, optname_str: 2 },
  getxattr: { name_str: q(1) },
  inotify_add_watch: { mask_str: 2 },
  ioprio_get: { which_str: 0 },
  ioprio_set: { which_str: 0, ioprio_str: 2 },
  kcmp: { type_str: 2 },
  lgetxattr: { name_str: q(1) },
  linkat: { olddirfd_str: 0, newdirfd_str: 2, flags_str: 4 },
  lremovexattr: { name_str: q(1) },
  lseek: { whence_str: 2 },
  lsetxattr: { name_str: q(1), value_str: 2, flags_str: 4 },
  madvise: { advice_str: 2 },
  mbind: { mode_str: 2, flags_str: 5 },
  membarrier: { cmd_str: 0 },
  memfd_create: { flags_str: 1 },
  memfd_secret: { flags_str: 0 },
  mkdirat: { dirfd_str: 0 },
  mknod: { mode_str: 1 },
  mknodat: { dirfd_str: 0, mode_str: 2 },
  mlock2: { flags_str: 2 },
  mlockall: { flags_str: 0 },
  mmap2: { prot_str: 2, flags_str: 3 },
  mount: { mountflags_str: 3 },
  move_pages: { flags_str: 5 },
  mprotect: { prot_str: 2 },
  mq_open: { oflag_str: 1 },
  mremap: { flags_str: 3 },
  msgctl: { cmd_str: 1 },
  msgget: { key_str: 0, msgflg_str: 1 },
  msgrcv: { msgflg_str: 4 },
  msgsnd: { msgflg_str: 3 },
  msync: { flags_str: 2 },
  name_to_handle_at: { dfd_str: 0, flags_str: 4 },
  nanosleep: { req_str: 0 },
  open: { flags_str: 1 },
  open_by_handle_at: { mount_dfd_str: 0, flags_str: 2 },
  openat: { dfd_str: 0, flags_str: 2 },
  perf_event_open: { flags_str: 4 },
  pipe: { flag_str: k('') },
  pipe2: { flag_str: 1 },
  pivot_root: { new_root_str: q(0), old_root_str: q(1) },
  pkey_alloc: { init_val_str: 1 },
  pkey_mprotect: { prot_str: 2 },
  ppoll: { tsp_str: 2 },
  preadv2: { flags_str: 5 },
  prlimit64: { resource_str: 1, new_rlim_str: 2 },
  pselect6: { timeout_str: 4 },
  pwrite: { buf_str: 1 },
  pwritev2: { flags_str: 5 },
  quotactl: { cmd_str: 0, special_str: q(1) },
  readlinkat: { dfd_str: 0 },
  reboot: { magic_str: 0, magic2_str: 1, flag_str: 2 },
  recvfrom: { flags_str: 3 },
  recvmmsg: { flags_str: 3, timeout_str: 4 },
  recvmsg: { flags_str: 2 },
  remap_file_pages: { prot_str: 2, flags_str: 4 },
  removexattr: { name_str: q(1) },
  renameat: { olddfd_str: 0, oldname_str: q(1), newdfd_str: 2, newname_str: q(3) },
  renameat2: { olddfd_str: 0, oldname_str: q(1), newdfd_str: 2, newname_str: q(3), flags_str: 4 },
  request_key: { type_str: q(0), description_str: q(1) },
  rt_sigaction: { sig_str: 0, act_str: 1 },
  rt_sigprocmask: { how_str: 0, set_str: 1 },
  rt_sigqueueinfo: { siginfo_str: 2 },
  rt_sigsuspend: { set_str: 0 },
  rt_sigtimedwait: { uthese_str: 0, uinfo_str: 1, uts_str: 2 },
  rt_tgsigqueueinfo: { sig_str: 2, uinfo_str: 3 },
  sched_get_priority_max: { policy_str: 0 },
  sched_get_priority_min: { policy_str: 0 },
  sched_getattr: { sched_attr_str: 1 },
  sched_setattr: { sched_attr_str: 1 },
  sched_setscheduler: { policy_str: 1 },
  seccomp: { op_str: 0, flags_str: 1 },
  select: { timeout_str: 4 },
  semget: { key_str: 0, semflg_str: 2 },
  semtimedop: { timeout_str: 3 },
  sendmmsg: { flags_str: 3 },
  sendmsg: { flags_str: 2 },
  sendto: { flags_str: 3, to_str: 4 },
  set_mempolicy: { mode_str: 0 },
  setdomainname: { domainname_str: q(0) },
  sethostname: { name_str: q(0) },
  setitimer: { which_str: 0, value_str: 1 },
  setns: { nstype_str: 1 },
  setpriority: { which_str: 0 },
  setrlimit: { resource_str: 0, rlim_str: 1 },
  setsockopt: { level_str: 1, optname_str: 2 },
  settimeofday: { tv_str: 0, tz_str: 1 },
  setxattr: { name_str: q(1), value_str: 2, flags_str: 4 },
  shmat: { shmflg_str: 2 },
  shmctl: { cmd_str: 1 },
  shmget: { shmflg_str: 2 },
  shutdown: { how_str: 1 },
  sigaltstack: { uss_str: 0 },
  socket: { family_str: 0, type_str: 1, protocol_str: 2 },
  socketpair: { family_str: 0, type_str: 1, protocol_str: 2 },
  splice: { flags_str: 5 },
  statx: { dfd_str: 0, flags_str: 2, mask_str: 3 },
  swapon: { swapflags_str: 1 },
  symlinkat: { oldname_str: q(0), newdfd_str: 1, newname_str: q(2) },
  sync_file_range: { flags_str: 3 },
  sysinfo: { info_str: 0 },
  tgkill: { sig_str: 2 },
  timer_create: { clockid_str: 0 },
  timer_settime: { value_str: 2 },
  timerfd_create: { clockid_str: 0, flags_str: 1 },
  timerfd_settime: { flags_str: 1, value_str: 2 },
  times: { buf_str: 0 },
  tkill: { sig_str: 1 },
  umount: { flags_str: 1 },
  unlinkat: { dfd_str: 0, pathname_str: q(1), flag_str: 2 },
  unshare: { unshare_flags_str: 0 },
  userfaultfd: { flags_str: 0 },
  utimensat: { dfd_str: 0, tsp_str: 2, flags_str: 3 },
  utimes: { tvp_uaddr_str: 1 },
  vmsplice: { flags_str: 3 },
  wait4: { options_str: 2 },
  waitid: { which_str: 0, options_str: 3 },
  write: { buf_str: 1 },
};

function sourceOf(spec: Spec): DecodedSource {
  return typeof spec === 'number' ? { kind: 'arg', index: spec } : spec;
}

const cache = new Map<string, ReadonlyMap<string, DecodedSource>>();
const NONE: ReadonlyMap<string, DecodedSource> = new Map();

/** The decoded variables stap's alias for `syscall` (stap's name) sets, in the tapset's order. */
export function decodedVariables(syscall: string): ReadonlyMap<string, DecodedSource> {
  const hit = cache.get(syscall);
  if (hit !== undefined) return hit;
  const specs = Object.hasOwn(TABLE, syscall) ? TABLE[syscall] : undefined;
  const out =
    specs === undefined ? NONE : new Map(Object.entries(specs).map(([name, spec]) => [name, sourceOf(spec)]));
  cache.set(syscall, out);
  return out;
}

/** Every syscall (stap's name) the table knows, for tests and counts. */
export function decodedSyscalls(): readonly string[] {
  return Object.keys(TABLE);
}
