/**
 * The argument variables stap's syscall aliases name on their own (upstream
 * tapset/linux/sysc_*.stp, the non-debuginfo nd1_/nd2_/tp_ flavours on x86_64), by stap's
 * syscall name: `pathname` of access where the kernel's tracepoint says `filename`, `sockfd` of
 * accept, `futex_uaddr`... Each is [kind, argument index]: `s32`/`u32` an int read as stap's
 * int_arg/uint_arg, `long` a whole register (long_arg, ulong_arg, pointer_arg: the `_uaddr`
 * ones), `str` the user string stap's user_string_quoted gives, `ustr` the bare string; a
 * variable the alias sets to the constant 0 (accept's `flags`) is `=0`. One line per call:
 * `NAME=KIND:INDEX` or `NAME=0`, read on first use.
 *
 * The variables stap computes with a helper (`flags_str`, `req_str`...) are syscall-decoded.ts's.
 */

export type StapArgKind = 's32' | 'u32' | 'long' | 'str' | 'ustr';
export type StapVariable = readonly [StapArgKind, number] | 'zero';

const SPECS: Readonly<Record<string, string>> = {
  accept: 'addr_uaddr=long:1 addrlen_uaddr=long:2 flags=0 sockfd=s32:0',
  accept4: 'addr_uaddr=long:1 addrlen_uaddr=long:2 flags=s32:3 sockfd=s32:0',
  access: 'mode=s32:1 pathname=str:0 pathname_unquoted=ustr:0',
  acct: 'filename=str:0 filename_unquoted=ustr:0',
  add_key: 'description_uaddr=long:1 payload_uaddr=long:2 plen=long:3 ringid=s32:4 type_uaddr=long:0',
  adjtimex: 'buf_uaddr=long:0',
  alarm: 'seconds=u32:0',
  bind: 'addrlen=s32:2 my_addr_uaddr=long:1 sockfd=s32:0',
  bpf: 'attr_uaddr=long:1 cmd=s32:0 size=u32:2',
  brk: 'brk=long:0',
  capget: 'data_uaddr=long:1 header_uaddr=long:0',
  capset: 'data_uaddr=long:1 header_uaddr=long:0',
  chdir: 'path=str:0 path_unquoted=ustr:0',
  chmod: 'mode=u32:1 path=str:0 path_unquoted=ustr:0',
  chown: 'group=s32:2 owner=s32:1 path=str:0 path_unquoted=ustr:0',
  chroot: 'path=str:0 path_unquoted=ustr:0',
  clock_adjtime: 'clk_id=s32:0 tx_uaddr=long:1',
  clock_getres: 'clk_id=s32:0 res_uaddr=long:1',
  clock_gettime: 'clk_id=s32:0 tp_uaddr=long:1',
  clock_nanosleep: 'clk_id=s32:0 flags=s32:1 rem_uaddr=long:3 req_uaddr=long:2',
  clock_settime: 'clk_id=s32:0 tp_uaddr=long:1',
  clone: 'child_tid_uaddr=long:3 clone_flags=long:0 parent_tid_uaddr=long:2 stack_start=long:1',
  close: 'fd=s32:0',
  connect: 'addrlen=u32:2 serv_addr_uaddr=long:1 sockfd=s32:0',
  copy_file_range: 'fd_in=s32:0 fd_out=s32:2 flags=u32:5 len=long:4 off_in=long:1 off_out=long:3',
  creat: 'mode=u32:1 pathname=str:0 pathname_unquoted=ustr:0',
  dup: 'oldfd=s32:0',
  dup2: 'flags=0 newfd=s32:1 oldfd=s32:0',
  dup3: 'flags=s32:2 newfd=s32:1 oldfd=s32:0',
  epoll_create: 'flags=0 size=s32:0',
  epoll_create1: 'flags=s32:0 size=0',
  epoll_ctl: 'epfd=s32:0 event_uaddr=long:3 fd=s32:2 op=s32:1',
  epoll_pwait:
    'epfd=s32:0 events_uaddr=long:1 maxevents=s32:2 sigmask_uaddr=long:4 sigsetsize=long:5 timeout=s32:3',
  epoll_wait: 'epfd=s32:0 events_uaddr=long:1 maxevents=s32:2 timeout=s32:3',
  eventfd: 'count=u32:0 flags=0',
  eventfd2: 'count=u32:0 flags=s32:1',
  execve: 'filename=str:0',
  execveat: 'dirfd=s32:0 filename=str:1 flags=s32:4',
  exit: 'status=s32:0',
  exit_group: 'status=s32:0',
  faccessat: 'dirfd=s32:0 mode=s32:2 pathname=str:1 pathname_unquoted=ustr:1',
  faccessat2: 'dirfd=s32:0 flags=s32:3 mode=s32:2 pathname=str:1 pathname_unquoted=ustr:1',
  fadvise64: 'advice=s32:3 fd=s32:0 len=long:2 offset=long:1',
  fallocate: 'fd=s32:0 len=long:3 mode=u32:1 offset=long:2',
  fanotify_init: 'event_f_flags=u32:1 flags=u32:0',
  fanotify_mark:
    'dirfd=s32:3 fanotify_fd=s32:0 flags=u32:1 mask=long:2 pathname=str:4 pathname_unquoted=ustr:4',
  fchdir: 'fd=s32:0',
  fchmod: 'fildes=s32:0 mode=u32:1',
  fchmodat: 'dirfd=s32:0 mode=u32:2 pathname=str:1 pathname_unquoted=ustr:1',
  fchown: 'fd=s32:0 group=s32:2 owner=s32:1',
  fchownat: 'dirfd=s32:0 flags=s32:4 group=s32:3 owner=s32:2 pathname=str:1 pathname_unquoted=ustr:1',
  fcntl: 'arg=long:2 cmd=s32:1 fd=s32:0',
  fdatasync: 'fd=s32:0',
  fgetxattr:
    'filedes=s32:0 name2=str:1 name_str=str:1 name_str_unquoted=ustr:1 size=long:3 value_uaddr=long:2',
  file_getattr:
    'at_flags=u32:4 dfd=s32:0 filename=long:1 filename_str=str:1 filename_str_unquoted=ustr:1 ufattr=long:2 usize=u32:3',
  file_setattr:
    'at_flags=u32:4 dfd=s32:0 filename=long:1 filename_str=str:1 filename_str_unquoted=ustr:1 ufattr=long:2 usize=u32:3',
  flistxattr: 'filedes=s32:0 list_uaddr=long:1 size=long:2',
  flock: 'fd=s32:0 operation=s32:1',
  fork: 'child_tid_uaddr=0 clone_flags=0 parent_tid_uaddr=0 regs=0 stack_size=0 stack_start=0',
  fremovexattr: 'filedes=s32:0 name_str=str:1 name_str_unquoted=ustr:1 name_uaddr=long:1',
  fsetxattr:
    'filedes=s32:0 flags=s32:4 name2=str:1 name2_unquoted=ustr:1 name_str=str:1 name_str_unquoted=ustr:1 name_uaddr=long:1 size=long:3 value_uaddr=long:2',
  fstat: 'buf_uaddr=long:1 filedes=s32:0',
  fstatat: 'buf_uaddr=long:2 dirfd=s32:0 flags=s32:3 path=str:1 path_unquoted=ustr:1',
  fstatfs: 'buf_uaddr=long:1 fd=s32:0',
  fsync: 'fd=s32:0',
  ftruncate: 'fd=s32:0',
  futex: 'futex_uaddr=long:0 op=s32:1 uaddr2_uaddr=long:4 utime_uaddr=long:3 val=s32:2 val3=s32:5',
  futimesat: 'dirfd=s32:0 filename=str:1 filename_uaddr=long:1 filename_unquoted=ustr:1 tvp_uaddr=long:2',
  get_mempolicy: 'addr=long:3 flags=long:4 maxnode=long:2 nmask_uaddr=long:1 policy_uaddr=long:0',
  get_robust_list: 'len_uaddr=long:2 list_head_uaddr=long:1 pid=s32:0',
  getcpu: 'cpu_uaddr=long:0 node_uaddr=long:1 tcache_uaddr=long:2',
  getcwd: 'buf_uaddr=long:0 size=long:1',
  getdents: 'count=u32:2 dirp_uaddr=long:1 fd=s32:0',
  getgroups: 'list_uaddr=long:1 size=s32:0',
  getitimer: 'value_uaddr=long:1 which=s32:0',
  getpeername: 'name_uaddr=long:1 namelen_uaddr=long:2 s=s32:0',
  getpgid: 'pid=s32:0',
  getpriority: 'which=s32:0 who=s32:1',
  getrandom: 'buf=str:0 buf_unquoted=ustr:0 count=long:1 flags=u32:2',
  getresgid: 'egid_uaddr=long:1 rgid_uaddr=long:0 sgid_uaddr=long:2',
  getresuid: 'euid_uaddr=long:1 ruid_uaddr=long:0 suid_uaddr=long:2',
  getrlimit: 'resource=s32:0 rlim_uaddr=long:1',
  getrusage: 'usage_uaddr=long:1 who=s32:0',
  getsid: 'pid=s32:0',
  getsockname: 'name_uaddr=long:1 namelen_uaddr=long:2 s=s32:0',
  getsockopt: 'fd=s32:0 level=s32:1 optlen_uaddr=long:4 optname=s32:2 optval_uaddr=long:3',
  gettimeofday: 'tv_uaddr=long:0 tz_uaddr=long:1',
  getxattr:
    'name2=str:1 name2_unquoted=ustr:1 name_str=str:1 name_str_unquoted=ustr:1 path=str:0 path_unquoted=ustr:0 size=long:3 value_uaddr=long:2',
  inotify_add_watch: 'fd=s32:0 mask=u32:2 path=str:1 path_uaddr=long:1 path_unquoted=ustr:1',
  inotify_init: 'flags=0',
  inotify_init1: 'flags=s32:0',
  inotify_rm_watch: 'fd=s32:0 wd=s32:1',
  io_cancel: 'ctx_id=long:0 iocb_uaddr=long:1 result_uaddr=long:2',
  io_destroy: 'ctx=long:0',
  io_getevents: 'ctx_id=long:0 events_uaddr=long:3 timeout_uaddr=long:4',
  io_setup: 'ctxp_uaddr=long:1 maxevents=u32:0',
  io_submit: 'ctx_id=long:0 iocbpp_uaddr=long:2',
  ioctl: 'argp=long:2 fd=s32:0 request=s32:1',
  ioperm: 'from=long:0 num=long:1 turn_on=u32:2',
  ioprio_get: 'which=s32:0 who=s32:1',
  ioprio_set: 'ioprio=s32:2 which=s32:0 who=s32:1',
  kcmp: 'idx1=long:3 idx2=long:4 pid1=s32:0 pid2=s32:1 type=s32:2',
  keyctl: 'arg2=long:1 arg3=long:2 arg4=long:3 arg5=long:4 option=s32:0',
  kill: 'pid=s32:0 sig=s32:1',
  lchown: 'group=s32:2 owner=s32:1 path=str:0 path_unquoted=ustr:0',
  lgetxattr:
    'name2=str:1 name2_unquoted=ustr:1 name_str=str:1 name_str_unquoted=ustr:1 path=str:0 path_unquoted=ustr:0 size=long:3 value_uaddr=long:2',
  link: 'newpath=str:1 newpath_unquoted=ustr:1 oldpath=str:0 oldpath_unquoted=ustr:0',
  linkat:
    'flags=s32:4 newdirfd=s32:2 newpath=str:3 newpath_unquoted=ustr:3 olddirfd=s32:0 oldpath=str:1 oldpath_unquoted=ustr:1',
  listen: 'backlog=s32:1 sockfd=s32:0',
  listxattr: 'list_uaddr=long:1 path=str:0 path_uaddr=long:0 path_unquoted=ustr:0 size=long:2',
  llistxattr: 'list_uaddr=long:1 path=str:0 path_uaddr=long:0 path_unquoted=ustr:0 size=long:2',
  lremovexattr:
    'name2=str:1 name2_unquoted=ustr:1 name_str=str:1 name_str_unquoted=ustr:1 name_uaddr=long:1 path=str:0 path_uaddr=long:0 path_unquoted=ustr:0',
  lseek: 'fildes=s32:0 whence=u32:2',
  lsetxattr:
    'flags=s32:4 name_str=str:1 name_str_unquoted=ustr:1 name_uaddr=long:1 path=str:0 path_uaddr=long:0 path_unquoted=ustr:0 size=long:3 value_uaddr=long:2',
  lsm_get_self_attr: 'attr=u32:0 ctx=long:1 flags=u32:3 size=long:2',
  lsm_set_self_attr: 'attr=u32:0 ctx=long:1 flags=u32:3 size=long:2',
  lstat: 'buf_uaddr=long:1 path=str:0 path_unquoted=ustr:0',
  madvise: 'advice=s32:2 length=long:1 start=long:0',
  mbind: 'flags=u32:5 len=long:1 maxnode=long:4 mode=s32:2 nmask_uaddr=long:3 start=long:0',
  membarrier: 'cmd=s32:0 flags=s32:1',
  memfd_create: 'flags=u32:1 uname=str:0 uname_unquoted=ustr:0',
  memfd_secret: 'flags=u32:0',
  migrate_pages: 'maxnode=long:1 new_nodes=long:3 old_nodes=long:2 pid=s32:0',
  mincore: 'length=long:1 start=long:0 vec_uaddr=long:2',
  mkdir: 'mode=u32:1 pathname=str:0 pathname_uaddr=long:0 pathname_unquoted=ustr:0',
  mkdirat: 'dirfd=s32:0 mode=u32:2 pathname=str:1 pathname_unquoted=ustr:1',
  mknod: 'dev=u32:2 mode=u32:1 pathname=str:0 pathname_unquoted=ustr:0',
  mknodat: 'dev=u32:3 dirfd=s32:0 mode=u32:2 pathname=str:1 pathname_unquoted=ustr:1',
  mlock: 'addr=long:0 len=long:1',
  mlock2: 'addr=long:0 flags=s32:2 len=long:1',
  mlockall: 'flags=s32:0',
  mmap2: 'fd=s32:4 flags=long:3 length=long:1 prot=long:2 start=long:0',
  modify_ldt: 'bytecount=long:2 func=s32:0 ptr_uaddr=long:1',
  mount:
    'filesystemtype=str:2 filesystemtype_unquoted=ustr:2 mountflags=long:3 source=str:0 source_unquoted=ustr:0 target=str:1 target_unquoted=ustr:1',
  move_pages: 'flags=s32:5 nodes=long:3 nr_pages=long:1 pages=long:2 pid=s32:0 status=long:4',
  mprotect: 'addr=long:0 len=long:1 prot=long:2',
  mq_getsetattr: 'mqdes=s32:0 u_mqstat_uaddr=long:1 u_omqstat_uaddr=long:2',
  mq_notify: 'mqdes=s32:0 notification_uaddr=long:1',
  mq_open:
    'filename=str:0 filename_unquoted=ustr:0 mode=u32:2 name_uaddr=long:0 oflag=s32:1 u_attr_uaddr=long:3',
  mq_timedreceive:
    'abs_timeout_uaddr=long:4 mqdes=s32:0 msg_len=long:2 msg_prio_uaddr=long:3 msg_ptr_uaddr=long:1',
  mq_timedsend: 'abs_timeout_uaddr=long:4 mqdes=s32:0 msg_len=long:2 msg_prio=u32:3 msg_ptr_uaddr=long:1',
  mq_unlink: 'u_name=str:0 u_name_uaddr=long:0 u_name_unquoted=ustr:0',
  mremap: 'flags=long:3 new_address=long:4 new_size=long:2 old_address=long:0 old_size=long:1',
  msgctl: 'buf_uaddr=long:2 cmd=s32:1 msqid=s32:0',
  msgget: 'key=s32:0 msgflg=s32:1',
  msgrcv: 'msgflg=s32:4 msgp_uaddr=long:1 msgsz=long:2 msgtyp=long:3 msqid=s32:0',
  msgsnd: 'msgflg=s32:3 msgp_uaddr=long:1 msgsz=long:2 msqid=s32:0',
  msync: 'flags=s32:2 length=long:1 start=long:0',
  munlock: 'addr=long:0 len=long:1',
  munmap: 'length=long:1 start=long:0',
  name_to_handle_at:
    'dfd=s32:0 flags=s32:4 handle_uaddr=long:2 mnt_id_uaddr=long:3 pathname=str:1 pathname_unquoted=ustr:1',
  nanosleep: 'rem_uaddr=long:1 req_uaddr=long:0',
  open: 'filename=str:0 filename_unquoted=ustr:0 flags=s32:1 mode=u32:2',
  open_by_handle_at: 'flags=s32:2 handle_uaddr=long:1 mount_dfd=s32:0',
  openat: 'dfd=s32:0 filename=str:1 filename_unquoted=ustr:1 flags=s32:2 mode=u32:3',
  perf_event_open: 'attr_uaddr=long:0 cpu=s32:2 flags=long:4 group_fd=s32:3 pid=s32:1',
  personality: 'persona=u32:0',
  pipe: 'fildes_uaddr=long:0 flags=0 pipe0=0 pipe1=0',
  pipe2: 'fildes_uaddr=long:0 flags=s32:1 pipe0=0 pipe1=0',
  pivot_root:
    'new_root_str=str:0 new_root_str_unquoted=ustr:0 old_root_str=str:1 old_root_str_unquoted=ustr:1',
  pkey_alloc: 'flags=long:0 init_val=long:1',
  pkey_free: 'pkey=s32:0',
  pkey_mprotect: 'addr=long:0 len=long:1 pkey=s32:3 prot=long:2',
  poll: 'nfds=u32:1 timeout=s32:2 ufds_uaddr=long:0',
  ppoll: 'fds_uaddr=long:0 nfds=u32:1 sigmask=long:3 sigsetsize=long:4 tsp=long:2',
  prctl: 'arg2=long:1 arg3=long:2 arg4=long:3 arg5=long:4 option=s32:0',
  pread: 'buf_uaddr=long:1 count=long:2 fd=s32:0 offset=long:3',
  preadv: 'count=s32:2 fd=s32:0 offset=long:3 vector_uaddr=long:1',
  preadv2: 'count=s32:2 fd=s32:0 flags=s32:5 offset=long:3 vector_uaddr=long:1',
  prlimit64: 'new_rlim_uaddr=long:2 old_rlim_uaddr=long:3 pid=s32:0 resource=s32:1',
  process_vm_readv:
    'flags=long:5 liovcnt=long:2 local_iov_uaddr=long:1 pid=s32:0 remote_iov_uaddr=long:3 riovcnt=long:4',
  process_vm_writev:
    'flags=long:5 liovcnt=long:2 local_iov_uaddr=long:1 pid=s32:0 remote_iov_uaddr=long:3 riovcnt=long:4',
  pselect6: 'exceptfds=long:3 nfds=s32:0 readfds=long:1 sigmask=long:5 timeout=long:4 writefds=long:2',
  ptrace: 'addr=long:2 data=long:3 pid=s32:1 request=long:0',
  pwrite: 'buf_uaddr=long:1 count=long:2 fd=s32:0 offset=long:3',
  pwritev: 'count=s32:2 fd=s32:0 offset=long:3 vector_uaddr=long:1',
  pwritev2: 'count=s32:2 fd=s32:0 flags=s32:5 offset=long:3 vector_uaddr=long:1',
  quotactl:
    'addr_uaddr=long:3 cmd=u32:0 id=s32:2 special=long:1 special_str=str:1 special_str_unquoted=ustr:1',
  read: 'buf_uaddr=long:1 count=long:2 fd=s32:0',
  readahead: 'count=long:2 fd=s32:0 offset=long:1',
  readlink: 'buf_uaddr=long:1 bufsiz=s32:2 path=str:0 path_unquoted=ustr:0',
  readlinkat: 'buf_uaddr=long:2 bufsiz=s32:3 dfd=s32:0 path=str:1 path_unquoted=ustr:1',
  readv: 'count=s32:2 fd=s32:0 vector_uaddr=long:1',
  reboot: 'arg_uaddr=long:3 flag=u32:2 magic=s32:0 magic2=s32:1',
  recvfrom: 'addr_uaddr=long:4 addrlen_uaddr=long:5 buf_uaddr=long:1 flags=u32:3 len=long:2 s=s32:0',
  recvmmsg: 'flags=u32:3 mmsg_uaddr=long:1 s=s32:0 timeout_uaddr=long:4 vlen=u32:2',
  recvmsg: 'flags=u32:2 msg_uaddr=long:1 s=s32:0',
  remap_file_pages: 'flags=long:4 pgoff=long:3 prot=long:2 size=long:1 start=long:0',
  removexattr: 'name_str=str:1 name_str_unquoted=ustr:1 path=str:0 path_unquoted=ustr:0',
  rename: 'newpath=str:1 newpath_unquoted=ustr:1 oldpath=str:0 oldpath_unquoted=ustr:0',
  renameat:
    'newdfd=s32:2 newname=long:3 newname_str_unquoted=ustr:3 olddfd=s32:0 oldname=long:1 oldname_str_unquoted=ustr:1',
  renameat2:
    'flags=u32:4 newdfd=s32:2 newname=long:3 newname_str_unquoted=ustr:3 olddfd=s32:0 oldname=long:1 oldname_str_unquoted=ustr:1',
  request_key:
    'callout_info_uaddr=long:2 description_str=str:1 description_str_unquoted=ustr:1 description_uaddr=long:1 destringid=s32:3 type_str=str:0 type_str_unquoted=ustr:0 type_uaddr=long:0',
  rmdir: 'pathname=str:0 pathname_unquoted=ustr:0',
  rt_sigaction: 'act_uaddr=long:1 oact_uaddr=long:2 sig=s32:0 sigsetsize=long:3',
  rt_sigpending: 'set_uaddr=long:0 sigsetsize=long:1',
  rt_sigprocmask: 'how=s32:0 oldset_uaddr=long:2 set_uaddr=long:1 sigsetsize=u32:3',
  rt_sigqueueinfo: 'pid=s32:0 sig=s32:1 uinfo_uaddr=long:2',
  rt_sigsuspend: 'set_uaddr=long:0 sigsetsize=long:1',
  rt_sigtimedwait: 'sigsetsize=long:3 uinfo_uaddr=long:1 uthese_uaddr=long:0 uts_uaddr=long:2',
  rt_tgsigqueueinfo: 'sig=s32:2 tgid=s32:0 tid=s32:1 uinfo_uaddr=long:3',
  sched_get_priority_max: 'policy=s32:0',
  sched_get_priority_min: 'policy=s32:0',
  sched_getaffinity: 'len=u32:1 mask_uaddr=long:2 pid=s32:0',
  sched_getattr: 'flags=u32:3 pid=s32:0 sched_attr_uaddr=long:1 size=u32:2',
  sched_getparam: 'p_uaddr=long:1 pid=s32:0',
  sched_getscheduler: 'pid=s32:0',
  sched_rr_get_interval: 'pid=s32:0 tp_uaddr=long:1',
  sched_setaffinity: 'len=u32:1 mask_uaddr=long:2 pid=s32:0',
  sched_setattr: 'flags=u32:2 pid=s32:0 sched_attr_uaddr=long:1',
  sched_setparam: 'p_uaddr=long:1 pid=s32:0',
  sched_setscheduler: 'p_uaddr=long:2 pid=s32:0 policy=s32:1',
  seccomp: 'flags=u32:1 op=u32:0 uargs=str:2 uargs_uaddr=long:2 uargs_unquoted=ustr:2',
  select: 'exceptfds_uaddr=long:3 n=s32:0 readfds_uaddr=long:1 timeout_uaddr=long:4 writefds_uaddr=long:2',
  semctl: 'arg=long:3 cmd=s32:2 semid=s32:0 semnum=s32:1',
  semget: 'key=s32:0 nsems=s32:1 semflg=s32:2',
  semop: 'nsops=u32:2 semid=s32:0 sops_uaddr=long:1 tsops_uaddr=long:1',
  semtimedop: 'nsops=u32:2 semid=s32:0 sops_uaddr=long:1 timeout_uaddr=long:3',
  sendfile: 'count=long:3 in_fd=s32:1 offset_uaddr=long:2 out_fd=s32:0',
  sendmmsg: 'flags=u32:3 mmsg_uaddr=long:1 s=s32:0 vlen=u32:2',
  sendmsg: 'flags=u32:2 msg_uaddr=long:1 s=s32:0',
  sendto: 'buf_uaddr=long:1 flags=u32:3 len=long:2 s=s32:0 to_uaddr=long:4 tolen=u32:5',
  set_mempolicy: 'maxnode=long:2 mode=s32:0 nmask_uaddr=long:1',
  set_robust_list: 'len=long:1 list_head_uaddr=long:0',
  set_tid_address: 'tidptr_uaddr=long:0',
  setdomainname:
    'domainname_str=str:0 domainname_str_unquoted=ustr:0 domainname_uaddr=long:0 hostname_uaddr=long:0 len=s32:1',
  setfsgid: 'fsgid=s32:0',
  setfsuid: 'fsuid=s32:0',
  setgid: 'gid=s32:0',
  setgroups: 'list_uaddr=long:1 size=s32:0',
  sethostname: 'hostname_uaddr=long:0 len=s32:1 name_str=str:0 name_str_unquoted=ustr:0',
  setitimer: 'ovalue_uaddr=long:2 value_uaddr=long:1 which=s32:0',
  setns: 'fd=s32:0 nstype=s32:1',
  setpgid: 'pgid=s32:1 pid=s32:0',
  setpriority: 'prio=s32:2 which=s32:0 who=s32:1',
  setregid: 'egid=s32:1 rgid=s32:0',
  setresgid: 'egid=s32:1 rgid=s32:0 sgid=s32:2',
  setresuid: 'euid=s32:1 ruid=s32:0 suid=s32:2',
  setreuid: 'euid=s32:1 ruid=s32:0',
  setrlimit: 'resource=u32:0 rlim_uaddr=long:1',
  setsockopt: 'fd=s32:0 level=s32:1 optlen=u32:4 optname=s32:2 optval_uaddr=long:3',
  settimeofday: 'tv_uaddr=long:0 tz_uaddr=long:1',
  setuid: 'uid=s32:0',
  setxattr:
    'flags=s32:4 name_str=str:1 name_str_unquoted=ustr:1 name_uaddr=long:1 path=str:0 path_uaddr=long:0 path_unquoted=ustr:0 size=long:3 value_uaddr=long:2',
  shmat: 'shmaddr_uaddr=long:1 shmflg=s32:2 shmid=s32:0',
  shmctl: 'buf_uaddr=long:2 cmd=s32:1 shmid=s32:0',
  shmdt: 'shmaddr_uaddr=long:0',
  shmget: 'key=s32:0 shmflg=s32:2 size=long:1',
  shutdown: 'how=s32:1 s=s32:0',
  sigaltstack: 'uoss_uaddr=long:1 uss_uaddr=long:0',
  signalfd: 'flags=0',
  signalfd4: 'flags=s32:3',
  socket: 'family=s32:0 protocol=s32:2 type=s32:1',
  socketpair: 'family=s32:0 protocol=s32:2 sv_uaddr=long:3 type=s32:1',
  splice: 'fd_in=s32:0 fd_out=s32:2 flags=u32:5 len=long:4 off_in=long:1 off_out=long:3',
  stat: 'buf_uaddr=long:1 filename=str:0 filename_uaddr=long:0 filename_unquoted=ustr:0',
  statfs: 'buf_uaddr=long:1 path=str:0 path_unquoted=ustr:0',
  statx:
    'buf_uaddr=long:4 dfd=s32:0 filename=str:1 filename_uaddr=long:1 filename_unquoted=ustr:1 flags=u32:2 mask=u32:3',
  swapoff: 'path=str:0 path_uaddr=long:0 path_unquoted=ustr:0',
  swapon: 'path=str:0 path_uaddr=long:0 path_unquoted=ustr:0 swapflags=s32:1',
  symlink: 'newpath=str:1 oldpath=str:0 oldpath_unquoted=ustr:0',
  symlinkat:
    'newdfd=s32:1 newname=long:2 newname_str_unquoted=ustr:2 oldname=long:0 oldname_str_unquoted=ustr:0',
  sync_file_range: 'fd=s32:0 flags=u32:3 nbytes=long:2 offset=long:1',
  syncfs: 'fd=s32:0',
  sysfs: 'arg1=long:1 arg2=long:2 option=s32:0',
  sysinfo: 'info_uaddr=long:0',
  syslog: 'bufp_uaddr=long:1 len=s32:2 type=s32:0',
  tee: 'fdin=s32:0 fdout=s32:1 flags=u32:3 len=long:2',
  tgkill: 'pid=s32:1 sig=s32:2 tgid=s32:0',
  time: 't_uaddr=long:0',
  timer_create: 'clockid=s32:0 evp_uaddr=long:1 timerid_uaddr=long:2',
  timer_delete: 'timerid=s32:0',
  timer_getoverrun: 'timerid=s32:0',
  timer_gettime: 'timerid=s32:0 value_uaddr=long:1',
  timer_settime: 'flags=s32:1 ovalue_uaddr=long:3 timerid=s32:0 value_uaddr=long:2',
  timerfd_create: 'clockid=s32:0 flags=s32:1',
  timerfd_gettime: 'fd=s32:0 value_uaddr=long:1',
  timerfd_settime: 'fd=s32:0 flags=s32:1 ovalue_uaddr=long:3 value_uaddr=long:2',
  times: 'buf_uaddr=long:0',
  tkill: 'pid=s32:0 sig=s32:1',
  truncate: 'length=long:1 path=str:0 path_uaddr=long:0 path_unquoted=ustr:0',
  umask: 'mask=u32:0',
  umount: 'flags=s32:1 target=str:0 target_unquoted=ustr:0',
  uname: 'name_uaddr=long:0',
  unlink: 'pathname=str:0 pathname_uaddr=long:0 pathname_unquoted=ustr:0',
  unlinkat: 'dfd=s32:0 flag=u32:2 pathname=long:1 pathname_str_unquoted=ustr:1',
  unshare: 'unshare_flags=long:0',
  userfaultfd: 'flags=s32:0',
  ustat: 'dev=u32:0 ubuf_uaddr=long:1',
  utime: 'buf_uaddr=long:1 filename=str:0 filename_uaddr=long:0 filename_unquoted=ustr:0',
  utimensat:
    'dfd=s32:0 filename=str:1 filename_uaddr=long:1 filename_unquoted=ustr:1 flags=s32:3 tsp_uaddr=long:2',
  utimes: 'filename=str:0 filename_uaddr=long:0 filename_unquoted=ustr:0 tvp_uaddr=long:1',
  vmsplice: 'fd=s32:0 flags=u32:3 iov=long:1 nr_segs=long:2',
  wait4: 'options=s32:2 pid=s32:0 rusage_uaddr=long:3 status_uaddr=long:1',
  waitid: 'infop_uaddr=long:2 options=s32:3 pid=s32:1 rusage_uaddr=long:4 which=s32:0',
  write: 'buf_uaddr=long:1 count=long:2 fd=s32:0',
  writev: 'count=s32:2 fd=s32:0 vector_uaddr=long:1',
};

const KINDS: ReadonlySet<string> = new Set<StapArgKind>(['s32', 'u32', 'long', 'str', 'ustr']);
const parsed = new Map<string, Readonly<Record<string, StapVariable>>>();

function parseSpec(spec: string): Readonly<Record<string, StapVariable>> {
  const out: Record<string, StapVariable> = {};
  for (const item of spec.split(' ')) {
    const [name = '', value = ''] = item.split('=');
    if (value === '0') {
      out[name] = 'zero';
      continue;
    }
    const [kind = '', index = ''] = value.split(':');
    if (!KINDS.has(kind)) throw new Error(`syscall-names: bad kind in '${item}'`);
    out[name] = [kind as StapArgKind, Number(index)];
  }
  return out;
}

/** stap's own variables of one call (by stap's name), as [kind, index] or 'zero'. */
export function stapVariables(call: string): Readonly<Record<string, StapVariable>> {
  let vars = parsed.get(call);
  if (vars === undefined) {
    const spec = Object.hasOwn(SPECS, call) ? SPECS[call] : undefined;
    vars = spec === undefined || spec === '' ? {} : parseSpec(spec);
    parsed.set(call, vars);
  }
  return vars;
}
