# kprocess.* tapset aliases (tapset/kprocess.stp) on real process events: the children of a -c
# shell (ppid() == target()), told apart from the other tests running at the same time.

NAME kprocess.create: each child the shell creates, as pid and tid
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -c "/bin/true; /bin/true; /bin/true"
PROG
global n, pids, bad
probe kprocess.create {
  if (pid() != target()) next
  n++
  pids[new_pid] = 1
  if (new_pid != new_tid || new_pid == pid() || task == 0) bad++
}
probe end {
  distinct = 0
  foreach (p in pids) distinct++
  printf("create %d distinct %d bad %d\n", n, distinct, bad)
}
EXPECT
create 3 distinct 3 bad 0

NAME kprocess.exec and kprocess.exec_complete: the programs the shell's children run
REQUIRES bpf ringbuf tracefs
ARGS -c "/bin/true; /nonexistent/program; /bin/false"
PROG
probe kprocess.exec { if (ppid() == target()) printf("%s %s\n", name, filename) }
probe kprocess.exec_complete {
  if (ppid() == target()) printf("%s %d %d %s\n", name, errno, success, retstr)
}
EXPECT
execve "/bin/true"
execve 0 1 0
execve "/nonexistent/program"
execve -2 0 -2 (ENOENT)
execve "/bin/false"
execve 0 1 0
EXIT 1
EXPECT_STDERR
/bin/sh: 1: /nonexistent/program: not found
WARNING: Child process exited with status 1
Pass 5: run failed.  [man error::pass5]

NAME kprocess.exit: the status each child exits with, in its own context
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -c "/bin/true; /bin/false; (exit 7); sh -c 'kill -9 $$'; true"
PROG
probe kprocess.exit { if (ppid() == target()) printf("%s %d\n", execname(), code) }
EXPECT
true 0
false 256
sh 1792
sh 9
EXPECT_STDERR
Killed
