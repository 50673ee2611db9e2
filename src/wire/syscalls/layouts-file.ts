/**
 * argstr layouts of the file and descriptor syscalls (upstream tapset/linux/sysc_*.stp), keyed
 * by stap's syscall name. Argument positions follow the syscalls:sys_enter_* field order.
 */
import {
  buf,
  type Field,
  flags,
  hexOf,
  int,
  long,
  mode,
  named,
  ptr,
  str,
  strN,
  struct,
  uint,
  ulong,
  value,
} from './fields.js';
import { lookupFlags, lookupName, nameTable } from './lookup.js';
import { FD_PAIR, timespecs, timevals } from './structs.js';
import {
  ACCESS_MODES,
  AT_FLAGS,
  EPOLL_CREATE1_FLAGS,
  EPOLL_CTL_OPS,
  EVENTFD2_FLAGS,
  FACCESSAT2_FLAGS,
  FADVISE_ADVICE,
  FALLOCATE_MODES,
  FCNTL_CMDS,
  FLOCK_OPS,
  INOTIFY_INIT1_FLAGS,
  INOTIFY_MASK,
  MOUNT_FLAGS,
  O_CREAT,
  OPEN_FLAGS,
  PIPE2_FLAGS,
  RENAMEAT2_FLAGS,
  RWF_FLAGS,
  SEEK_WHENCE,
  SPLICE_FLAGS,
  SYNC_FILE_RANGE_FLAGS,
  UMOUNT_FLAGS,
} from './tables.js';
import { dfdStr, hex, mknodModeStr, openFlagsStr } from './values.js';

const dfd = (arg: number): Field => value(arg, dfdStr);
const openFlags = (arg: number): Field => value(arg, openFlagsStr);
/** The mode argument, printed only when the flags at `flagsArg` include O_CREAT. */
const createMode = (arg: number, flagsArg: number): Field =>
  mode(arg, (args) => ((args[flagsArg] ?? 0n) & O_CREAT) !== 0n);
/** `%#x` of a 64-bit offset. */
const hex64 = (arg: number): Field => hexOf(arg, 'u64');
/** preadv/pwritev: the offset from `pos_l` and `pos_h`. */
// On a 64-bit kernel pos_l holds the whole offset (`@__pos_from_hilo` shifts pos_h out).
const hiloOffset = (lowArg: number): Field => value(lowArg, (low) => hex(BigInt.asUintN(64, low)));

export const FILE_LAYOUTS: Readonly<Record<string, readonly Field[]>> = {
  open: [str(0), openFlags(1), createMode(2, 1)],
  openat: [dfd(0), str(1), openFlags(2), createMode(3, 2)],
  creat: [str(0), mode(1)],
  close: [int(0)],
  read: [int(0), ptr(1), ulong(2)],
  write: [int(0), buf(1, 2), ulong(2)],
  pread: [int(0), ptr(1), ulong(2), long(3)],
  pwrite: [int(0), buf(1, 2), ulong(2), long(3)],
  readv: [int(0), ptr(1), int(2)],
  writev: [int(0), ptr(1), int(2)],
  preadv: [int(0), ptr(1), int(2), hiloOffset(3)],
  pwritev: [int(0), ptr(1), int(2), hiloOffset(3)],
  preadv2: [int(0), ptr(1), int(2), hiloOffset(3), flags(5, RWF_FLAGS)],
  pwritev2: [int(0), ptr(1), int(2), hiloOffset(3), flags(5, RWF_FLAGS)],
  lseek: [int(0), long(1), named(2, SEEK_WHENCE)],
  dup: [int(0)],
  dup2: [int(0), int(1)],
  dup3: [int(0), int(1), flags(2, OPEN_FLAGS)],
  pipe: [struct(0, FD_PAIR)],
  pipe2: [struct(0, FD_PAIR), flags(1, PIPE2_FLAGS)],
  fcntl: [int(0), named(1, FCNTL_CMDS), ptr(2)],
  flock: [int(0), flags(1, FLOCK_OPS)],
  fsync: [int(0)],
  fdatasync: [int(0)],
  syncfs: [int(0)],
  sync: [],
  truncate: [str(0), long(1)],
  ftruncate: [int(0), long(1)],
  fallocate: [int(0), flags(1, FALLOCATE_MODES), hex64(2), ulong(3)],
  fadvise64: [int(0), long(1), long(2), named(3, FADVISE_ADVICE)],
  readahead: [int(0), long(1), ulong(2)],
  sync_file_range: [int(0), long(1), long(2), flags(3, SYNC_FILE_RANGE_FLAGS)],
  sendfile: [int(0), int(1), ptr(2), ulong(3)],
  splice: [int(0), ptr(1), int(2), ptr(3), ulong(4), flags(5, SPLICE_FLAGS)],
  tee: [int(0), int(1), ulong(2), hexOf(3)],
  vmsplice: [int(0), ptr(1), ulong(2), flags(3, SPLICE_FLAGS)],
  copy_file_range: [int(0), ptr(1), int(2), ptr(3), ulong(4), hexOf(5)],
  access: [str(0), flags(1, ACCESS_MODES)],
  faccessat: [dfd(0), str(1), flags(2, ACCESS_MODES)],
  faccessat2: [dfd(0), str(1), flags(2, ACCESS_MODES), flags(3, FACCESSAT2_FLAGS)],
  stat: [str(0), ptr(1)],
  lstat: [str(0), ptr(1)],
  fstat: [int(0), ptr(1)],
  fstatat: [dfd(0), str(1), ptr(2), flags(3, AT_FLAGS, 's64')],
  statx: [dfd(0), str(1), flags(2, AT_FLAGS, 's64'), value(3, statxMaskStr), ptr(4)],
  statfs: [str(0), ptr(1)],
  fstatfs: [int(0), ptr(1)],
  chdir: [str(0)],
  fchdir: [int(0)],
  chroot: [str(0)],
  getcwd: [ptr(0), long(1)],
  mkdir: [str(0), mode(1)],
  mkdirat: [dfd(0), str(1), mode(2)],
  rmdir: [str(0)],
  mknod: [str(0), value(1, mknodModeStr), uint(2)],
  mknodat: [dfd(0), str(1), value(2, mknodModeStr), uint(3)],
  unlink: [str(0)],
  unlinkat: [dfd(0), str(1), flags(2, AT_FLAGS, 's64')],
  link: [str(0), str(1)],
  linkat: [dfd(0), str(1), dfd(2), str(3), flags(4, AT_FLAGS, 's64')],
  symlink: [str(0), str(1)],
  symlinkat: [str(0), dfd(1), str(2)],
  rename: [str(0), str(1)],
  renameat: [dfd(0), str(1), dfd(2), str(3)],
  renameat2: [dfd(0), str(1), dfd(2), str(3), flags(4, RENAMEAT2_FLAGS)],
  readlink: [str(0), ptr(1), int(2)],
  readlinkat: [dfd(0), str(1), ptr(2), int(3)],
  chmod: [str(0), mode(1)],
  fchmod: [int(0), mode(1)],
  fchmodat: [dfd(0), str(1), mode(2)],
  chown: [str(0), int(1), int(2)],
  lchown: [str(0), int(1), int(2)],
  fchown: [int(0), int(1), int(2)],
  fchownat: [dfd(0), str(1), int(2), int(3), flags(4, AT_FLAGS, 's64')],
  umask: [mode(0)],
  utimes: [str(0), struct(1, timevals(2))],
  futimesat: [dfd(0), str(1), struct(2, timevals(2))],
  utimensat: [dfd(0), str(1), struct(2, timespecs(2)), flags(3, AT_FLAGS, 's64')],
  getdents: [int(0), ptr(1), uint(2)],
  getxattr: [str(0), str(1), ptr(2), ulong(3)],
  lgetxattr: [str(0), str(1), ptr(2), ulong(3)],
  fgetxattr: [int(0), str(1), ptr(2), ulong(3)],
  listxattr: [str(0), ptr(1), ulong(2)],
  llistxattr: [str(0), ptr(1), ulong(2)],
  flistxattr: [int(0), ptr(1), ulong(2)],
  removexattr: [str(0), str(1)],
  lremovexattr: [str(0), str(1)],
  fremovexattr: [int(0), str(1)],
  ioctl: [int(0), int(1), ptr(2)],
  epoll_create: [int(0)],
  epoll_create1: [flags(0, EPOLL_CREATE1_FLAGS)],
  epoll_ctl: [int(0), named(1, EPOLL_CTL_OPS), int(2), ptr(3)],
  epoll_wait: [int(0), ptr(1), int(2), int(3)],
  epoll_pwait: [int(0), ptr(1), int(2), int(3), ptr(4), ulong(5)],
  eventfd: [uint(0)],
  eventfd2: [uint(0), flags(1, EVENTFD2_FLAGS)],
  inotify_init: [],
  inotify_init1: [flags(0, INOTIFY_INIT1_FLAGS)],
  inotify_add_watch: [int(0), str(1), flags(2, INOTIFY_MASK)],
  inotify_rm_watch: [int(0), int(1)],
  mount: [str(0), str(1), str(2), flags(3, MOUNT_FLAGS, 'u64'), strN(4, 50)],
  umount: [str(0), flags(1, UMOUNT_FLAGS)],
  name_to_handle_at: [dfd(0), str(1), ptr(2), ptr(3), flags(4, AT_FLAGS, 's64')],
  open_by_handle_at: [dfd(0), ptr(1), openFlags(2)],
  poll: [ptr(0), uint(1), int(2)],
  ppoll: [ptr(0), uint(1), struct(2, timespecs(1)), ptr(3), ulong(4)],
  select: [int(0), ptr(1), ptr(2), ptr(3), struct(4, timevals(1))],
  pselect6: [int(0), ptr(1), ptr(2), ptr(3), struct(4, timespecs(1)), ptr(5)],
  acct: [str(0)],
  swapon: [str(0), value(1, swapFlagsStr)],
  swapoff: [str(0)],
  pivot_root: [str(0), str(1)],
};

// stap's `_statx_mask_str` looks the mask up among the AT_STATX_* sync values (exact match).
const STATX_SYNC: readonly (readonly [bigint, string])[] = [
  [0x6000n, 'AT_STATX_SYNC_TYPE'],
  [0n, 'AT_STATX_SYNC_AS_STAT'],
  [0x2000n, 'AT_STATX_FORCE_SYNC'],
  [0x4000n, 'AT_STATX_DONT_SYNC'],
];

function statxMaskStr(v: bigint): string {
  return lookupName(STATX_SYNC, BigInt.asIntN(32, v));
}

const SWAP_FLAGS = nameTable({
  SWAP_FLAG_PREFER: 0x8000,
  SWAP_FLAG_DISCARD: 0x10000,
  SWAP_FLAG_DISCARD_ONCE: 0x20000,
  SWAP_FLAG_DISCARD_PAGES: 0x40000,
});

/** `_swapon_flags_str`: the flags without the priority bits, then `|prio` when SWAP_FLAG_PREFER. */
function swapFlagsStr(v: bigint): string {
  const flags = BigInt.asUintN(32, v);
  const head = lookupFlags(SWAP_FLAGS, flags & ~0x7fffn);
  return (flags & 0x8000n) === 0n ? head : `${head}|${flags & 0x7fffn}`;
}
