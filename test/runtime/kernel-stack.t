# stack(n), ustack(n), callers(n) and ucallers(n) in kernel handlers: made in BPF from the stack
# bpf_get_stack captures, so they are values like any other (stored, compared, printed). The
# traced program is programs/ustack.c, built as kstack1 (so that these tests run beside
# process-stack.t's) without PIE, with frame pointers and its own _start, so its addresses are
# the same on every run.

NAME ustack(n) and ucallers(n) at a function's entry: the caller found at the top of the stack
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh kstack1 programs/ustack.c -fno-omit-frame-pointer -no-pie -nostartfiles
ARGS -c /tmp/tstap-process/kstack1
PROG
global s
probe process("/tmp/tstap-process/kstack1").function("inner") {
  printf("[%s]\n", ubacktrace())
  printf("%x %x %x %x\n", ustack(0), ustack(1), ustack(3), ustack(-3))
  s = ucallers(-1)
  printf("<%s> %d\n", s, ucallers(3) == s)
}
# A leaf: the kernel's walk misses inner(), the return address at the top of the stack has it.
probe process("/tmp/tstap-process/kstack1").function("keep") {
  println(ucallers(1))
  println(ucallers(-1))
}
probe end { println(s) }
EXPECT
[0x401018 0x401047 0x40106a 0x401007 ]
401018 401047 401007 401018
<0x401018 0x401047 0x40106a 0x401007> 1
0x401010 0x401032
0x401010 0x401032 0x401047 0x40106a 0x401007
0x401018 0x401047 0x40106a 0x401007

NAME past the last frame: stap's unwind error, caught or not; ucallers(-2) is empty
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh kstack1 programs/ustack.c -fno-omit-frame-pointer -no-pie -nostartfiles
ARGS -c /tmp/tstap-process/kstack1
PROG
probe process("/tmp/tstap-process/kstack1").function("inner") {
  try { println(ucallers(4)) } catch (m) { println(m) }
  printf("<%s>\n", ucallers(-2))
  try { println(ustack(4)) } catch (m) { println(m) }
  println(ustack(9))
}
EXPECT
reached end of stack before unwinding to level 4
<>
reached end of stack before unwinding to level 4
EXPECT_STDERR
ERROR: reached end of stack before unwinding to level 9 near identifier 'ustack' at <input>:5:11 in probe process("/tmp/tstap-process/kstack1").function("inner")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME ucallers(n) stops before a piece that would pass MAXSTRINGLEN (then no depth is missing), cut to MAXSTRINGLEN - 1
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh kstack1 programs/ustack.c -fno-omit-frame-pointer -no-pie -nostartfiles
ARGS -DMAXSTRINGLEN=26 -c /tmp/tstap-process/kstack1
PROG
probe process("/tmp/tstap-process/kstack1").function("inner") {
  printf("<%s>\n<%s>\n", ucallers(-1), ucallers(9))
  printf("<%s>\n", ucallers(1))
}
EXPECT
<0x401018 0x401047 0x40106>
<0x401018 0x401047 0x40106>
<0x401018 0x401047>

NAME the user stack in a syscall's handler
REQUIRES bpf ringbuf tracefs gcc
SETUP
./build-traced.sh kstack1 programs/ustack.c -fno-omit-frame-pointer -no-pie -nostartfiles
ARGS -c /tmp/tstap-process/kstack1
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() == target() && execname() == "kstack1") {
    printf("%x %s\n", ustack(0), ucallers(2))
  }
}
EXPECT
40102a 0x40102a 0x401047 0x40106a

NAME kernel stack(n) and callers(n) in timer.profile: the same frames; an idle or user-mode tick has none
REQUIRES bpf ringbuf perf_software_events
PROG
global ok, bad, none, ticks
probe timer.profile {
  try {
    c = callers(2)
    s = sprintf("0x%x 0x%x 0x%x", stack(0), stack(1), stack(-1) + stack(2) - stack(0))
    if (c == s) ok++; else bad++
  } catch (m) {
    if (m == "reached end of stack before unwinding to level 0" || m == "reached end of stack before unwinding to level 2") none++
    else bad++
  }
  if (++ticks >= 100) exit()
}
probe end { printf("%d %d\n", ok + none == ticks, bad) }
EXPECT
1 0

NAME kernel stack(n) and callers(n) in process.begin/end handlers are refused at pass 3
REQUIRES tracefs
PROG
probe process.begin { println(stack(0)); println(callers(1)) }
EXPECT_STDERR
translate error: stack() in process.begin/end probes (the tracing machinery's frames) is not supported in kernel probes yet: identifier 'stack' at <input>:1:31
        source: probe process.begin { println(stack(0)); println(callers(1)) }
                                              ^

translate error: callers() in process.begin/end probes (the tracing machinery's frames) is not supported in kernel probes yet: identifier 'callers' at <input>:1:50
        source: probe process.begin { println(stack(0)); println(callers(1)) }
                                                                 ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME in begin: no stack, as in stap
PROG
probe begin {
  printf("<%s> <%s>\n", callers(-1), ucallers(-1))
  try { println(stack(0)) } catch (m) { println(m) }
  try { println(ucallers(2)) } catch (m) { println(m) }
  exit()
}
EXPECT
<> <>
reached end of stack before unwinding to level 0
reached end of stack before unwinding to level 2

NAME user_buffer_quoted_error: the quoted bytes, or stap's error for a fault or an outlen of 0
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'open(F, q{>/dev/null}); syswrite(F, qq{ab\x01c\n})'"
PROG
probe syscall.write {
  if (pid() == target() && fd == 3) {
    printf("%s %s\n", user_buffer_quoted_error(buf_uaddr, count, 20), user_buffer_quoted_error(buf_uaddr, count, 6))
    try { printf("%s\n", user_buffer_quoted_error(8, count, 0)) } catch (m) { println(m) }
    try { printf("%s\n", user_buffer_quoted_error(16, count, 20)) } catch (m) { println(m) }
    printf("%s\n", user_buffer_quoted_error(24, 4, 20))
  }
}
probe begin {
  try { println(user_buffer_quoted_error(8, 4, 20)) } catch (m) { println(m) }
}
EXPECT
Unable to access user space data at 0x8
"ab\001c\n" "a"...
Unable to access user space data at 0x8
Unable to access user space data at 0x10
EXPECT_STDERR
ERROR: Unable to access user space data at 0x18 near identifier 'user_buffer_quoted_error' at <input>:6:20 in probe syscall.write
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME modname() in a user-space handler reads /proc/kallsyms; umodname() there has no mappings
REQUIRES bpf ringbuf perf_software_events kallsyms
PROG
global c
# The last frame of a kernel stack is the kernel's entry code (a tick in user mode has none).
probe timer.profile { x = callers(-1); if (x != "") { c = x; exit() } }
probe end {
  w = tokenize(c, " ")
  while (w != "") { last = w; w = tokenize("", " ") }
  println(modname(strtol(last, 16)))
  try { println(modname(4)) } catch (m) { println(m) }
  try { println(umodname(4)) } catch (m) { println(m) }
}
EXPECT
kernel
Cannot determine kernel module name
module cannot be found

NAME umodname() in kernel handlers: the mapped file's path; stap's error where no file is mapped
REQUIRES bpf ringbuf uprobes tracefs gcc
SETUP
./build-traced.sh kstack1 programs/ustack.c -fno-omit-frame-pointer -no-pie -nostartfiles
ARGS -c /tmp/tstap-process/kstack1
PROG
probe process("/tmp/tstap-process/kstack1").function("inner") {
  printf("%s %s\n", umodname(uaddr()), umodname(ustack(2)))
  try { printf("%s\n", umodname(8)) } catch (m) { println(m) }
  # The stack is mapped, but no file backs it.
  try { printf("%s\n", umodname(register("rsp"))) } catch (m) { println(m) }
}
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() == target() && execname() == "kstack1") {
    printf("%s\n", umodname(uaddr()))
    printf("%s\n", umodname(16))
  }
}
EXPECT
/tmp/tstap-process/kstack1 /tmp/tstap-process/kstack1
module cannot be found
module cannot be found
/tmp/tstap-process/kstack1
EXPECT_STDERR
ERROR: module cannot be found near identifier 'umodname' at <input>:10:20 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME umodname() is print output only in kernel handlers; modname() is refused there
REQUIRES tracefs
PROG
global g
probe kernel.trace("sched:sched_switch") { g = umodname(uaddr()); println(modname(0)) }
probe end { println(g) }
EXPECT_STDERR
translate error: umodname() other than as a print or printf argument (its text is made in user space) is not supported in kernel probes yet: identifier 'umodname' at <input>:2:48
        source: probe kernel.trace("sched:sched_switch") { g = umodname(uaddr()); println(modname(0)) }
                                                               ^

translate error: modname() is not supported in kernel probes yet: identifier 'modname' at <input>:2:75
        source: probe kernel.trace("sched:sched_switch") { g = umodname(uaddr()); println(modname(0)) }
                                                                                          ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1
