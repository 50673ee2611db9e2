# Autocast in kernel.trace handlers: a value keeps the kernel type it points to (from BTF) when
# it is stored in a local or returned from a function, so `t->member` reads as `$param->member`
# and `@cast(t, "type")->member` do. Offsets are never written here: they come from BTF.

NAME a local holding a parameter or task_current() reads its members as the parameter does
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
PROG
global n, bad
probe kernel.trace("sched:sched_switch") {
  n++
  t = $prev
  if (t->pid != tid() || t->tgid != pid()) bad++
  if (kernel_string(t->comm) != execname()) bad++
  if (t->real_parent->tgid != $prev->real_parent->tgid) bad++
  # task_current() points to a task_struct, as stap's tapset has it
  mm = task_current()->mm
  if (task_current()->pid != tid() || mm != $prev->mm || (mm && mm->mm_users->counter <= 0)) bad++
  if (n >= 100) exit()
}
probe end { printf("%d %d\n", n >= 100, bad) }
EXPECT
1 0

NAME members, addresses, arrays and pointers keep their own types through locals, functions and ?:
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
function task(p) { return &@cast(p, "task_struct") }
function pid_of(p) { t = &@cast(p, "task_struct"); return t->pid }
probe kernel.trace("sched:sched_process_exec") {
  if (pid() != target() || execname() != "perl") next
  t = $p
  parent = t->real_parent
  se = &t->se
  comm = t->comm
  b = $bprm
  i = 1
  printf("%d %d\n", parent->pid == $p->real_parent->pid, se->load->weight == $p->se->load->weight)
  printf("%c%c%c%c %d\n", (comm)[0], (comm)[i], (comm)[i + 1], (comm)[3], &(comm)[2] - comm)
  printf("%d %d %d %s\n", b->buf[1], b->argc, b->secureexec, kernel_string(b->interp))
  printf("%d %d\n", task($p)->pid == pid(), pid_of($p) == pid())
  printf("%d %d\n", (x = $p)->tgid == x->pid, (pid() ? t : $p)->group_leader->pid == pid())
  printf("%d %s\n", t->pid$ == sprint(pid()), t->real_parent->comm == parent->comm ? "same" : "differ")
}
EXPECT
1 1
perl 2
69 3 0 /usr/bin/perl
1 1
1 1
1 same

NAME a bad pointer behind an autocast is a read fault at the address read, blamed on its '->'
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("sched:sched_process_exec") {
  if (pid() != target() || execname() != "perl") next
  l = &@cast(-4096, "list_head")
  printf("%d\n", l->prev->next)
}
probe error { printf("error probe\n") }
EXPECT
error probe
EXPECT_STDERR
ERROR: read fault [man error::fault] at 0xfffffffffffff008 near operator '->' at <input>:4:19 in probe kernel.trace("sched:sched_process_exec")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME values without a kernel type, or with two, are stap's "unknown type in dereference"
REQUIRES tracefs btf
PROG
global g
probe kernel.trace("sched:sched_switch") {
  if (tid()) t = $prev; else t = &$prev->se
  g = $prev
  n = 5
  println(t->pid + g->pid + n->pid)
}
EXPECT_STDERR
semantic error: unknown type in dereference: operator '->' at <input>:6:12
        source:   println(t->pid + g->pid + n->pid)
                           ^

Pass 2: analysis failed.  [man error::pass2]
Number of similar error messages suppressed: 2.
Rerun with -v to see them.
EXIT 1

NAME paths an autocast cannot read are refused at pass 3 with the local's name
REQUIRES tracefs btf
PROG
probe kernel.trace("sched:sched_switch") {
  t = $prev
  println(t->nosuch)
  println(t->se)
}
EXPECT_STDERR
translate error: 't->nosuch' (struct task_struct has no member 'nosuch') is not supported in kernel probes yet: operator '->' at <input>:3:12
        source:   println(t->nosuch)
                           ^

translate error: 't->se' (struct sched_entity) as a number is not supported in kernel probes yet: operator '->' at <input>:4:12
        source:   println(t->se)
                           ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1
