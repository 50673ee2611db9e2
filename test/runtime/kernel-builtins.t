# Context functions, error handling and stat reads inside kernel.trace handlers. The workload is
# a perl one-liner run with -c (`exec`, so it keeps target()'s pid); its getppid() calls are told
# apart from the rest of the machine by `pid() == target()` and execname().

NAME ppid(), euid(), egid() and pexecname() read the current task through BTF; stp_pid(), is_return(), user_mode(), ppfunc()
REQUIRES bpf ringbuf tracefs btf perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global parent
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  parent = ppid()
  printf("%d %d %d %d %s %d\n", euid(), egid(), uid(), gid(), pexecname(), ppid() == stp_pid())
  printf("%d %d [%s]\n", is_return(), user_mode(), ppfunc())
  exit()
}
probe end { printf("%d\n", parent == stp_pid()) }
EXPECT
0 0 0 0 node 1
0 0 []
1

NAME pgrp() and sid() in the kernel: the -c command stays in tstap's process group and session
REQUIRES bpf ringbuf tracefs btf perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global p, s
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  p = pgrp(); s = sid()
  exit()
}
probe end { printf("%d %d\n", p == pgrp(), s == sid()) }
EXPECT
1 1

NAME pgrp() and sid() in the kernel: a -c command that starts its own session leads it and its group
REQUIRES bpf ringbuf tracefs btf perl
ARGS -c "exec setsid perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("%d %d %d\n", pgrp() == pid(), sid() == pid(), pgrp() != 0)
  exit()
}
EXPECT
1 1 1

NAME clocks: local_clock_*, cpu_clock_* and jiffies in a kernel handler
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  ns = local_clock_ns(); us = local_clock_us(); ms = local_clock_ms(); s = local_clock_s()
  printf("%d %d %d\n", us - ns / 1000 <= 1000, ms - ns / 1000000 <= 1, s - ns / 1000000000 <= 1)
  printf("%d %d\n", cpu_clock_ns(cpu()) >= ns, cpu_clock_ms(0) >= ms)
  printf("%d\n", jiffies() > 0)
  exit()
}
EXPECT
1 1 1
1 1
1

NAME try/catch in a kernel handler: the message of each runtime error in the catch variable
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global g, a[2]
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  n = 0
  try { n = 1 / n; println("not reached") } catch (m) { printf("caught [%s]\n", m) }
  try { n = cpu_clock_ns(99999); println(n) } catch (m) { println(m) }
  try { t = user_string(16); println(t) } catch (m) { println(m) }
  try { t = kernel_string(16); println(t) } catch (m) { println(m) }
  try { a[1] = 1; a[2] = 2; a[3] = 3; println("not reached") } catch (g) { println(g) }
  printf("g=%s\n", g)
  try { error("custom " . execname()) } catch (m) { println("caught: ", m) }
  try { println("no error") } catch { println("not reached") }
  try { n = 5 % n } catch { println("caught without a variable") }
  println("after")
  exit()
}
probe end { printf("%d %d\n", a[1], a[2]) }
EXPECT
caught [division by 0]
cpu 99999 is not online
user string copy fault -14 at 0x10 [man error::fault]
kernel string copy fault at 0x10 [man error::fault]
Array overflow, check size limit (2)
g=Array overflow, check size limit (2)
caught: custom perl
no error
caught without a variable
after
1 2

NAME nested try blocks, errors in a catch block and in inlined functions, log()
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
function f() {
  try { error("inner") } catch (m) { println("f caught ", m); error("rethrown") }
}
function safe_div(a, b) {
  try { return a / b } catch { return -1 }
}
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  try {
    try { f() } catch (m) { println("middle caught ", m) }
    error("outer")
    println("not reached")
  } catch (m) {
    log("outer caught " . m)
  }
  printf("%d %d\n", safe_div(10, 2), safe_div(1, 0))
  exit()
}
EXPECT
f caught inner
middle caught rethrown
outer caught outer
5 -1

NAME error() in a kernel handler: stap's error line, the error probe instead of the end probe
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..10'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  println("before")
  error("something broke in " . execname())
  println("not reached")
}
probe end { println("end") }
probe error { println("error probe") }
EXPECT
before
error probe
EXPECT_STDERR
ERROR: something broke in perl near identifier 'error' at <input>:4:3 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME error() counts against MAXERRORS like every runtime error
REQUIRES bpf ringbuf tracefs perl
ARGS -DMAXERRORS=2 -c "exec perl -e 'getppid() for 1..10; sleep 1'"
PROG
global n
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  error(sprintf("number %d", ++n))
}
probe error { println("error probe") }
EXPECT
error probe
EXPECT_STDERR
ERROR: number 1 near identifier 'error' at <input>:4:3 in probe kernel.trace("syscalls:sys_enter_getppid")
ERROR: number 2 near identifier 'error' at <input>:4:3 in probe kernel.trace("syscalls:sys_enter_getppid")
ERROR: number 3 near identifier 'error' at <input>:4:3 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 3, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME stat reads in a kernel handler merge every CPU's copy
REQUIRES bpf ringbuf tracefs perl lookup_percpu_elem
ARGS -c "exec perl -e 'getppid() for 1..10'"
PROG
global s, by, i
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  i++
  s <<< i * (i % 2 ? -1 : 1)
  by[i % 3] <<< i
  if (i < 10) next
  printf("%d %d %d %d %d\n", @count(s), @sum(s), @min(s), @max(s), @avg(s))
  printf("%d %d %d %d %d\n", @count(by[0]), @sum(by[0]), @min(by[0]), @max(by[0]), @avg(by[0]))
  printf("%d %d\n", @count(by[7]), @sum(by[7]))
  try { println(@max(by[7])) } catch (m) { println(m) }
  exit()
}
probe end { printf("%d %d\n", @count(s), @avg(s)) }
EXPECT
10 5 -9 10 0
3 18 3 9 6
0 0
empty aggregate
10 0

NAME @avg of an empty aggregate in a kernel handler is stap's error at the operator
REQUIRES bpf ringbuf tracefs perl lookup_percpu_elem
ARGS -c "exec perl -e 'getppid()'"
PROG
global s
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  if (0) s <<< 1
  println(@avg(s))
}
EXPECT_STDERR
ERROR: empty aggregate near operator '@avg' at <input>:5:11 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME symname() of a kernel address: the hrtimer of a nanosleep wakes hrtimer_wakeup
REQUIRES bpf ringbuf tracefs kallsyms perl
ARGS -c "exec perl -MTime::HiRes=sleep -e 'sleep(0.01) for 1..3'"
PROG
global n
probe kernel.trace("timer:hrtimer_start") {
  # HRTIMER_MODE_REL: the sleep's timer, not the scheduler tick's
  if (pid() != target() || execname() != "perl" || $mode != 1) next
  printf("%d %s %s\n", ++n, symname($function), execname())
}
EXPECT
1 hrtimer_wakeup perl
2 hrtimer_wakeup perl
3 hrtimer_wakeup perl

NAME cmdline_str(), cmdline_arg(), cmdline_args(): the arguments joined, an empty one shown as ""
REQUIRES bpf ringbuf tracefs btf perl
ARGS -c "exec perl -e 'getppid()' a '' 'b c'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("[%s] %-20s|\n", cmdline_str(), cmdline_str())
  printf("[%s] [%s] [%s]\n", cmdline_arg(1), cmdline_arg(9), cmdline_args(3, 4, execname()))
  n = 2
  println(cmdline_args(n, -1, ","))
  exit()
}
EXPECT
[perl -e getppid() a "" b c] perl -e getppid() a "" b c|
[-e] [] [aperl""]
getppid(),a,"",b c

NAME backtraces and symbols are print output only in kernel handlers: other uses are refused at pass 3
REQUIRES tracefs
PROG
global s
probe kernel.trace("syscalls:sys_enter_getppid") {
  s = backtrace()
  if (symname(1) == "x") next
  printf("%s\n", sprint_backtrace() . "x")
  print_syms("0xffffffff81000000")
}
probe end { println(s) }
EXPECT_STDERR
translate error: backtrace() other than as a print or printf argument (its text is made in user space) is not supported in kernel probes yet: identifier 'backtrace' at <input>:3:7
        source:   s = backtrace()
                      ^

translate error: symname() other than as a print or printf argument (its text is made in user space) is not supported in kernel probes yet: identifier 'symname' at <input>:4:7
        source:   if (symname(1) == "x") next
                      ^

translate error: sprint_backtrace() other than as a print or printf argument (its text is made in user space) is not supported in kernel probes yet: identifier 'sprint_backtrace' at <input>:5:18
        source:   printf("%s\n", sprint_backtrace() . "x")
                                 ^

translate error: print_syms() of anything but backtrace() is not supported in kernel probes yet: identifier 'print_syms' at <input>:6:3
        source:   print_syms("0xffffffff81000000")
                  ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME assert() in a kernel handler: nothing when it holds, the message (or "Assertion failed") as a runtime error
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() == target() && execname() == "perl") {
    assert(1 == 1, "never")
    try { assert(0) } catch (m) { println(m) }
    assert(0, "failed assertion")
  }
}
probe error { println("error probe") }
EXPECT
Assertion failed
error probe
EXPECT_STDERR
ERROR: failed assertion near identifier 'assert' at <input>:5:5 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1
