# The macro library for kernel types and per-thread values: @task, @mm, @offsetof,
# @container_of, @type_member_defined (tapset/kernel-types.stpm) and @this1..@this8
# (tapset/this.stpm over the wrapping globals of tapset/this.stp, pulled in by the macro).

NAME @task and @mm view a pointer as the kernel type; @offsetof and @container_of agree with &member
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
PROG
global n, bad, off
probe kernel.trace("sched:sched_switch") {
  n++
  off = @offsetof("task_struct", pid)
  if (@task($prev)->pid != $prev->pid) bad++
  if (@mm($prev->mm) != $prev->mm) bad++
  if (@container_of(&$prev->pid, "task_struct", pid) != $prev) bad++
  if (&$prev->pid - $prev != @offsetof("task_struct", pid)) bad++
  if (@task(@container_of(&$next->tgid, "task_struct", tgid))->tgid != $next->tgid) bad++
  if (n >= 100) exit()
}
probe end { printf("%d %d %d\n", n >= 100, bad, off > 0) }
EXPECT
1 0 1

NAME @type_member_defined and @type_defined are decided from BTF at elaboration
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
PROG
global once
probe kernel.trace("sched:sched_switch") {
  if (once++) next
  printf("%d %d\n", @type_member_defined("task_struct", pid), @type_member_defined("task_struct", no_such_member))
  printf("%d %d\n", @type_defined("task_struct"), @type_defined("no_such_type_here"))
  exit()
}
EXPECT
1 0
1 0

NAME @this1 carries a value from a syscall's entry to its return in the same thread
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid(); getppid()'"
PROG
global seen
probe syscall.getppid { if (pid() == target()) @this1 = seen * 10 + 7 }
probe syscall.getppid.return {
  if (pid() != target()) next
  printf("%d %d\n", seen, @this1)
  if (++seen == 2) exit()
}
EXPECT
0 7
1 17

NAME @this1 and @this8 in user-space handlers are independent per-thread slots
PROG
probe begin { @this1 = 5; @this8 = "x"; printf("%d %s\n", @this1, @this8); exit() }
EXPECT
5 x
