# @cast, task_current() autocasts and the task_*() tapset functions in the kernel handlers other
# than kernel.trace (syscall, nd_syscall, perf/timer.profile, process uprobes): every BPF program
# reads kernel memory the same way. In user-space handlers (begin/end) an address-only @cast
# chain (`@offsetof`, `@cast_sizeof`) is a constant from BTF, and `@type_member_defined` folds.
# Offsets are never written here: they come from the kernel's BTF, compared across handlers.

NAME syscall and nd_syscall handlers read the current task through @cast and autocasts
REQUIRES bpf ringbuf tracefs btf perl
ARGS -c "exec perl -e 'getppid() for 1..3'"
PROG
global n, bad
probe syscall.getppid, nd_syscall.getppid {
  # (the shell calls getppid too before it execs perl)
  if (pid() != target() || execname() != "perl") next
  n++
  t = &@cast(task_current(), "task_struct", "kernel")
  if (@cast(task_current(), "task_struct")->pid != tid() || t->tgid != pid()) bad++
  if (kernel_string(@cast(task_current(), "task_struct")->comm) != execname()) bad++
  p = @cast(task_current(), "task_struct")->real_parent
  if (p->tgid != ppid() || task_current()->real_parent->tgid != ppid()) bad++
  if (&@cast(task_current(), "task_struct")->comm[2] - task_current() != &@cast(0, "task_struct")->comm[2]) bad++
}
probe end { printf("%d %d\n", n, bad) }
EXPECT
6 0

NAME the task_*() tapset functions work from a syscall handler
REQUIRES bpf ringbuf tracefs btf perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe syscall.getppid {
  if (pid() != target() || execname() != "perl") next
  t = task_current()
  printf("%d %d %s %d\n", task_pid(t) == pid(), task_tid(t) == tid(), task_execname(t), task_pid(task_parent(t)) == ppid())
  printf("%d %d %d %d %d %d\n", task_cpu(t) == cpu(), task_uid(t) == uid(), task_euid(t) == euid(),
         task_gid(t) == gid(), task_egid(t) == egid(), task_nice(t) == task_prio(t) - 20)
}
EXPECT
1 1 perl 1
1 1 1 1 1 1

NAME timer.profile and perf handlers read the sampled task through @cast
REQUIRES bpf ringbuf perf_software_events btf perl
ARGS -c "exec perl -e '\$i++ while \$i < 20000000'"
PROG
global n, bad
probe timer.profile, perf.sw.cpu_clock.sample(1000000) {
  if (pid() != target() || execname() != "perl") next
  n++
  if (@cast(task_current(), "task_struct")->tgid != pid() || task_current()->pid != tid()) bad++
  if (task_execname(task_current()) != "perl") bad++
}
probe end { printf("%d %d\n", n > 0, bad) }
EXPECT
1 0

NAME a process uprobe handler reads the task it stopped through @cast
REQUIRES bpf ringbuf uprobes btf gcc
SETUP
./build-traced.sh args
ARGS -c /tmp/tstap-process/args
PROG
probe process("/tmp/tstap-process/args").function("add") {
  t = task_current()
  printf("%d %d %s %d\n", @cast(task_current(), "task_struct")->tgid == pid(), t->pid == tid(),
         kernel_string(t->comm), task_pid(t) == target())
}
EXPECT
1 1 args 1
1 1 args 1
1 1 args 1

NAME begin and end fold @offsetof, @cast_sizeof and addresses to what a kernel handler computes
REQUIRES bpf ringbuf tracefs btf perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global pid_at, comm2_at, load_at, size, kpid, kcomm2, kload, ksize
function offset_of_pid() { return @offsetof("task_struct", pid) }
function comm_of(p, i) { return &@cast(p, "task_struct")->comm[i] }
probe begin {
  pid_at = @offsetof("task_struct", pid)
  comm2_at = &@cast(0, "task_struct", "kernel")->comm[2]
  load_at = &@cast(100, "task_struct")->se->load->weight
  size = @cast_sizeof("task_struct")
  # Not constants: computed at run time all the same.
  x = 1000
  printf("%d %d %d\n", pid_at > 0, offset_of_pid() == pid_at, comm_of(x, x - 998) == comm2_at + 1000)
}
probe syscall.getppid {
  if (pid() != target()) next
  kpid = &@cast(0, "task_struct")->pid
  kcomm2 = &@cast(0, "task_struct")->comm[2]
  kload = &@cast(task_current(), "task_struct")->se->load->weight - task_current() + 100
  ksize = &@cast(task_current(), "task_struct")[1] - task_current()
}
probe end {
  printf("%d %d %d %d\n", kpid == pid_at, kcomm2 == comm2_at, kload == load_at, ksize == size)
  printf("%d %d\n", offset_of_pid() == kpid, @offsetof("task_struct", comm) + 2 == comm2_at)
}
EXPECT
1 1 1
1 1 1 1
1 1

NAME @type_member_defined and @type_defined decide from BTF in every handler kind and in functions
REQUIRES bpf ringbuf tracefs btf perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
function defs() {
  return sprintf("%d%d%d%d", @type_member_defined("task_struct", pid), @type_member_defined("task_struct", nosuch),
                 @type_defined("task_struct"), @type_defined("no_such_type_t"))
}
probe begin {
  printf("begin %d%d%d%d %s\n", @type_member_defined("task_struct", pid), @type_member_defined("task_struct", nosuch),
         @type_defined("task_struct"), @type_defined("no_such_type_t"), defs())
}
probe syscall.getppid {
  if (pid() != target() || execname() != "perl") next
  printf("syscall %d%d %s\n", @defined(&@cast(0, "task_struct", "kernel")->pid),
         @defined(&@cast(0, "task_struct", "kernel")->nosuch), defs())
  # A dead branch naming a missing member is folded away before typing.
  if (@type_member_defined("task_struct", nosuch)) println(@cast(task_current(), "task_struct")->nosuch)
}
probe kernel.trace("sched:sched_process_exit") {
  if (pid() != target()) next
  printf("trace %d%d %s\n", @type_member_defined("task_struct", pid), @type_member_defined("task_struct", nosuch), defs())
}
probe end { printf("end %s\n", defs()) }
EXPECT
begin 1010 1010
syscall 10 1010
trace 10 1010
end 1010

NAME a bad pointer given to @cast in a syscall handler is a read fault at the address read
REQUIRES bpf ringbuf tracefs btf perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe syscall.getppid {
  if (pid() != target()) next
  println(@cast(16 - @offsetof("task_struct", pid), "task_struct")->pid)
}
EXPECT_STDERR
ERROR: read fault [man error::fault] at 0x10 near operator '@cast' at <input>:3:11 in probe syscall.getppid
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME a begin handler still cannot read through @cast, even at a constant address
REQUIRES btf
PROG
probe begin { println(&@cast(0, "task_struct")->parent->pid) }
EXPECT_STDERR
semantic error: @cast reads kernel memory, which a begin handler cannot (it runs in user space): operator '@cast' at <input>:1:24
        source: probe begin { println(&@cast(0, "task_struct")->parent->pid) }
                                       ^

semantic error: unresolved type : operator '@cast' at <input>:1:24
        source: probe begin { println(&@cast(0, "task_struct")->parent->pid) }
                                       ^

Pass 2: analysis failed.  [man error::pass2]
Number of similar error messages suppressed: 1.
Rerun with -v to see them.
EXIT 1
