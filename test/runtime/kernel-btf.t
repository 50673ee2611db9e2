# Target variables through BTF in kernel.trace handlers: TP_PROTO parameters with member paths
# (char arrays as strings, pointers, bit-fields, [i] indexes, addresses), read faults, @cast,
# @defined, and $$vars/$$parms. Offsets are never written here: they come from the kernel's BTF.

NAME an array member is its address, as in stap: kernel_string($prev->comm) is the current task's name
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
PROG
global n, bad, empty
probe kernel.trace("sched:sched_switch") {
  n++
  # prev is the task switching out: the current one.
  if (kernel_string($prev->comm) != execname()) bad++
  if (kernel_string($next->comm) == "") empty++
  if (n >= 200) exit()
}
probe end { printf("%d %d %d\n", n >= 200, bad, empty) }
EXPECT
1 0 0

NAME member paths: strings, pointers as longs, bit-fields, [i] with constant and run-time indexes, addresses
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("sched:sched_process_exec") {
  if (pid() != target() || execname() != "perl") next
  i = 1
  # comm and the start of the executable (an ELF header: 0x7f E L F)
  printf("%s %d %d|%d %d %d %d\n", kernel_string($p->comm), $p->comm[0], $p->comm[i + 2],
         $bprm->buf[0], $bprm->buf[i], $bprm->buf[i + 1], $bprm->buf[3])
  # bit-fields: exec is past its point of no return, perl is not set-id
  printf("%d %d %d\n", $bprm->point_of_no_return, $bprm->secureexec, $bprm->argc)
  # pointer members are longs; kernel_string follows a char pointer
  printf("%d %s %d\n", $p->mm != 0, kernel_string($bprm->interp), $p->group_leader->pid == pid())
  # addresses of members: arrays scale by the element, @cast agrees with the parameter
  printf("%d %d %d\n", &$bprm->buf[3] - &$bprm->buf[0], &$bprm->buf == &@cast($bprm, "linux_binprm")->buf,
         &$p->comm - $p == &@cast(0, "task_struct")->comm)
}
EXPECT
perl 112 108|127 69 76 70
1 0 3
1 /usr/bin/perl 1
3 1 1

NAME @cast views a pointer as a kernel type; the module argument may name the kernel
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
PROG
global n, bad
probe kernel.trace("sched:sched_switch") {
  n++
  if (@cast($prev, "task_struct")->pid != tid()) bad++
  if (@cast($prev, "struct task_struct", "kernel")->tgid != pid()) bad++
  if (kernel_string(@cast($next, "task_struct", "vmlinux")->comm) != kernel_string($next->comm)) bad++
  if (@cast($prev, "task_struct")->real_parent->tgid != $prev->real_parent->tgid) bad++
  if (n >= 100) exit()
}
probe end { printf("%d %d\n", n >= 100, bad) }
EXPECT
1 0

NAME @defined of parameter paths and @cast members; an undefined branch is never compiled
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("sched:sched_process_exec") {
  if (pid() != target() || execname() != "perl") next
  printf("%d %d %d %d %d\n", @defined($p->comm), @defined($p->nosuch),
         @defined(@cast($p, "task_struct")->pid), @defined(@cast($p, "no_such_type_t")->pid),
         @defined(@cast($p, "task_struct")->se->nosuch))
  x = @defined(@cast($p, "no_such_type_t")->pid) ? @cast($p, "no_such_type_t")->pid : -1
  println(x)
}
EXPECT
1 0 1 0 0
-1

NAME a NULL pointer along a parameter's path is stap's read fault, blamed on the variable
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("sched:sched_process_exec") {
  if (pid() != target() || execname() != "perl") next
  # vfork_done is cleared by exec; its first member is at offset 0
  if ($p->vfork_done == 0) printf("%d\n", $p->vfork_done->done)
  printf("not reached\n")
}
EXPECT_STDERR
ERROR: read fault [man error::fault] at 0x0 near identifier '$p' at <input>:4:43 in probe kernel.trace("sched:sched_process_exec")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME a bad pointer given to @cast is a read fault at the address read, blamed on the @cast
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("sched:sched_process_exec") {
  if (pid() != target() || execname() != "perl") next
  printf("%d\n", @cast(-4096, "list_head")->prev->next)
}
probe error { printf("error probe\n") }
EXPECT
error probe
EXPECT_STDERR
ERROR: read fault [man error::fault] at 0xfffffffffffff008 near operator '@cast' at <input>:3:18 in probe kernel.trace("sched:sched_process_exec")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME $$parms and $$vars list the TP_PROTO parameters as stap does: name=%p for pointers, name=%#x otherwise
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global parms, vars, p, old, bprm
probe kernel.trace("sched:sched_process_exec") {
  if (pid() != target() || execname() != "perl") next
  parms = $$parms
  vars = $$vars
  p = $p
  old = $old_pid
  bprm = $bprm
}
probe end {
  println(parms == sprintf("p=%p old_pid=%#x bprm=%p", p, old, bprm))
  println(vars == parms, old == target(), p != 0)
}
EXPECT
1
111

NAME $$vars of sched_switch: a bool, two pointers and an unsigned int
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
PROG
global s, prev, nxt
probe kernel.trace("sched:sched_switch") {
  s = $$vars
  prev = $prev
  nxt = $next
  exit()
}
probe end {
  printf("%d %s\n", isinstr(s, sprintf(" prev=%p next=%p prev_state=0x", prev, nxt)), substr(s, 0, 10))
}
EXPECT
1 preempt=0x

NAME $var$ and $var$$ pretty-print structs as stap does: one level, or all levels (arrays by their first element)
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global full, next_, prev_
probe kernel.trace("sched:sched_process_exec") {
  if (pid() != target() || execname() != "perl") next
  println($p->pending$)
  println($p->pending->signal$)
  println($p->pending->signal$$)
  println($old_pid$ == sprint($old_pid), " ", @cast($p, "task_struct")->pid$ == sprint(pid()))
  println($p->se->load$$ == sprintf("{.weight=%u, .inv_weight=%u}", $p->se->load->weight, $p->se->load->inv_weight))
  # a read fault anywhere makes the whole string ERROR
  println(@cast(8, "list_head")$)
  full = $p->pending$$
  next_ = $p->pending->list->next
  prev_ = $p->pending->list->prev
}
probe end {
  println(full == sprintf("{.list={.next=%p, .prev=%p}, .signal={.sig=[0, ...]}}", next_, prev_))
}
EXPECT
{.list={...}, .signal={...}}
{.sig=[...]}
{.sig=[0, ...]}
1 1
1
ERROR
1

NAME $$parms$ pretty-prints each parameter: name= and its value or struct
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
PROG
global s
probe kernel.trace("sched:sched_switch") {
  s = $$parms$
  exit()
}
probe end {
  println(substr(s, 0, 9) == "preempt=0" || substr(s, 0, 9) == "preempt=1")
  println(isinstr(s, " prev={.thread_info={...}, .__state="))
}
EXPECT
1
1

NAME what BTF paths cannot do yet is refused at pass 3 with the reason
REQUIRES tracefs btf
PROG
probe kernel.trace("sched:sched_switch") {
  print($next->comm$)
  print(&$prev->sched_migrated)
  print(@cast($prev, "task_struct")->se)
  print($prev->pid->x)
}
EXPECT_STDERR
translate error: pretty-printing the char array (stap prints it quoted) is not supported in kernel probes yet: identifier '$next' at <input>:2:9
        source:   print($next->comm$)
                        ^

translate error: the address of a bit-field ('&$prev->sched_migrated') is not supported in kernel probes yet: operator '&' at <input>:3:9
        source:   print(&$prev->sched_migrated)
                        ^

translate error: '@cast(..., "task_struct")->se' (struct sched_entity) as a number is not supported in kernel probes yet: operator '@cast' at <input>:4:9
        source:   print(@cast($prev, "task_struct")->se)
                        ^

translate error: '$prev->pid->x' (pid_t, not a struct or a pointer to one) is not supported in kernel probes yet: identifier '$prev' at <input>:5:9
        source:   print($prev->pid->x)
                        ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME @cast of a type the kernel does not have is stap's pass-2 error
REQUIRES tracefs btf
PROG
probe kernel.trace("sched:sched_switch") { println(@cast($prev, "no_such_type_t")->pid) }
EXPECT_STDERR
semantic error: type definition 'no_such_type_t' not found in 'kernel': operator '@cast' at <input>:1:52
        source: probe kernel.trace("sched:sched_switch") { println(@cast($prev, "no_such_type_t")->pid) }
                                                                   ^

Pass 2: analysis failed.  [man error::pass2]
EXIT 1

NAME a begin handler runs in user space: @cast there cannot read kernel memory
PROG
probe begin { println(@cast(0, "task_struct")->pid) }
EXPECT_STDERR
semantic error: @cast reads kernel memory, which a begin handler cannot (it runs in user space): operator '@cast' at <input>:1:23
        source: probe begin { println(@cast(0, "task_struct")->pid) }
                                      ^

semantic error: unresolved type : operator '@cast' at <input>:1:23
        source: probe begin { println(@cast(0, "task_struct")->pid) }
                                      ^

Pass 2: analysis failed.  [man error::pass2]
Number of similar error messages suppressed: 1.
Rerun with -v to see them.
EXIT 1

NAME @cast(task_current(), "task_struct") reads the current task
REQUIRES bpf ringbuf tracefs btf perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() == target() && execname() == "perl")
    printf("%d %d %s\n", @cast(task_current(), "task_struct")->tgid == pid(),
           @cast(task_current(), "struct task_struct", "kernel")->pid == tid(),
           kernel_string(@cast(task_current(), "task_struct")->comm))
}
EXPECT
1 1 perl

NAME task_current() in a user-space probe is a run-time error
PROG
probe begin { println(task_current()) }
EXPECT_STDERR
ERROR: task_current() is only available in kernel probes: user-space probes run outside the kernel near identifier 'task_current' at <input>:1:23 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1
