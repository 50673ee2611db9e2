# kernel.trace probes: handlers compiled to BPF, loaded and attached, sharing globals with the
# user-space probes. The workload is a perl one-liner run with -c (`exec`, so that it keeps the
# pid target() returns); its system calls are told apart from everything else on the machine
# (other tests run at the same time) by `pid() == target()`, and from those of the shell that
# execs it by execname().

NAME a kernel counter read by the end probe
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..1000'"
PROG
global n
probe kernel.trace("syscalls:sys_enter_getppid") { if (pid() == target() && execname() == "perl") n++ }
probe end { printf("%d\n", n) }
EXPECT
1000

NAME a bare tracepoint name, and a global initialised in user space
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..10'"
PROG
global n = 100
probe begin { n += 5 }
probe kernel.trace("sys_enter_getppid") { if (pid() == target() && execname() == "perl") n -= 1 }
probe end { printf("%d\n", n) }
EXPECT
95

NAME counts[execname()]++ in the kernel, foreach in the end probe
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..250'"
PROG
global counts
probe kernel.trace("syscalls:sys_enter_getppid") { if (pid() == target() && execname() == "perl") counts[execname()]++ }
probe end {
  foreach (name in counts) if (name == "perl") printf("%s %d\n", name, counts[name])
  printf("%d\n", "perl" in counts)
}
EXPECT
perl 250
1

NAME printf per event, with the event's fields
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..3'"
PROG
global i
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("%d: %s:%s nr=%d %5s|%-6d|\n", ++i, $$system, $$name, $__syscall_nr > 0, execname(), i * 10)
}
EXPECT
1: syscalls:sys_enter_getppid nr=1  perl|10    |
2: syscalls:sys_enter_getppid nr=1  perl|20    |
3: syscalls:sys_enter_getppid nr=1  perl|30    |

NAME the filename of sys_enter_openat, read from user memory
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'open(F, q(/dev/null)) for 1..5'"
PROG
probe kernel.trace("syscalls:sys_enter_openat") {
  name = user_string($filename, "<fault>")
  if (pid() == target() && execname() == "perl" && name == "/dev/null") {
    printf("%s opens %s\n", execname(), name)
    exit()
  }
}
EXPECT
perl opens /dev/null

NAME a __data_loc string field: the file sched_process_exec ran
REQUIRES bpf ringbuf tracefs
ARGS -c "exec /bin/true"
PROG
probe kernel.trace("sched:sched_process_exec") {
  if (pid() == target() && $filename == "/bin/true") printf("%s %d\n", $filename, $pid == pid())
}
EXPECT
/bin/true 1

NAME exit() from a kernel handler ends the session; end probes run
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..100000'"
PROG
global n
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() == target() && execname() == "perl") { n++; printf("exiting\n"); exit(); printf("the handler runs on\n") }
}
probe end { printf("end %d\n", n) }
EXPECT
exiting
the handler runs on
end 1

NAME aggregates in per-CPU maps: @count and friends, @hist_log
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..64'"
PROG
global i, s
probe kernel.trace("syscalls:sys_enter_getppid") { if (pid() == target() && execname() == "perl") s <<< ++i }
probe end {
  printf("%d %d %d %d %d\n", @count(s), @sum(s), @min(s), @max(s), @avg(s))
  print(@hist_log(s))
}
EXPECT
64 2080 1 64 32
value |-------------------------------------------------- count
    0 |                                                    0
    1 |@                                                   1
    2 |@@                                                  2
    4 |@@@@                                                4
    8 |@@@@@@@@                                            8
   16 |@@@@@@@@@@@@@@@@                                   16
   32 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                   32
   64 |@                                                   1
  128 |                                                    0
  256 |                                                    0
<blank>

NAME an array of aggregates, @hist_linear, written-never-read globals shown at the end
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..20'"
PROG
global i, by_parity, total
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  i++
  by_parity[i % 2] <<< i
  total += i
}
probe end {
  print(@hist_linear(by_parity[0], 0, 20, 5))
  foreach (p+ in by_parity) printf("%d: %d %d %d %d\n", p, @count(by_parity[p]), @min(by_parity[p]), @max(by_parity[p]), @sum(by_parity[p]))
}
EXPECT
value |-------------------------------------------------- count
    0 |@@                                                 2
    5 |@@                                                 2
   10 |@@@                                                3
   15 |@@                                                 2
   20 |@                                                  1
<blank>
0: 10 2 20 110
1: 10 1 19 100
total=210

NAME division by zero in a kernel handler: stap's error, error probes instead of end
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..10'"
PROG
global n
probe begin { n = 0 }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("%d\n", 100 / n)
  printf("not reached\n")
}
probe end { printf("end\n") }
probe error { printf("error probe\n") }
EXPECT
error probe
EXPECT_STDERR
ERROR: division by 0 near operator '/' at <input>:5:22 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME a full array in a kernel handler is stap's Array overflow, blamed on the array
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..10'"
PROG
global a[3], n
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() == target() && execname() == "perl") a[++n] = n
}
EXPECT_STDERR
ERROR: Array overflow, check size limit (3) near identifier 'a' at <input>:3:50 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME signed division and remainder truncate toward zero
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  a = -7; b = 2
  printf("%d %d %d %d %d %d\n", a / b, a % b, -a / b, -a % -b, a / -1, (1 << 63) / -1)
  printf("%d %d %d\n", a >> 1, a >>> 60, a << 62)
  exit()
}
EXPECT
-3 -1 3 1 7 -9223372036854775808
-4 15 4611686018427387904

NAME an unknown tracepoint
REQUIRES tracefs
PROG
probe kernel.trace("no_such_tracepoint_at_all") { }
EXPECT_STDERR
semantic error: while resolving probe point: identifier 'kernel' at <input>:1:7
        source: probe kernel.trace("no_such_tracepoint_at_all") { }
                      ^

semantic error: no match

Pass 2: analysis failed.  [man error::pass2]
EXIT 1

NAME constructs not lowered yet are refused at pass 3, at the construct
REQUIRES tracefs
PROG
global a
function f(n) { if (n <= 0) return 0; return f(n - 1) + 1 }
probe begin { a[1] = 2 }
probe kernel.trace("syscalls:sys_enter_getppid") {
  print(sprintf("%0*d", 5, 1))
  print(f(3))
}
EXPECT_STDERR
translate error: %d with flags, width or precision in sprintf is not supported in kernel probes yet: identifier 'sprintf' at <input>:5:9
        source:   print(sprintf("%0*d", 5, 1))
                        ^

translate error: a recursive function call is not supported in kernel probes yet: identifier 'f' at <input>:2:46
        source: function f(n) { if (n <= 0) return 0; return f(n - 1) + 1 }
                                                             ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME SIGINT stops the kernel probes and runs the end probes
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'my $p = getppid(); getppid() for 1..9; kill q(INT), $p; sleep 3'"
PROG
global n
probe kernel.trace("syscalls:sys_enter_getppid") { if (pid() == target() && execname() == "perl") n++ }
probe end { printf("end %d\n", n) }
EXPECT
end 10

NAME -T ends a session with kernel probes
REQUIRES bpf ringbuf tracefs
ARGS -T 1
PROG
global n
probe kernel.trace("syscalls:sys_enter_getppid") { n++ }
probe end { printf("end %d\n", n >= 0) }
EXPECT
end 1

NAME -p4 loads the kernel programs into the verifier and stops
REQUIRES bpf ringbuf tracefs
ARGS -p4
PROG
global n
probe kernel.trace("syscalls:sys_enter_getppid") { n++; printf("%d\n", n) }
probe begin { printf("not run\n") }
EXPECT

NAME while and for loops with break and continue in a kernel handler
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  sum = 0
  for (i = 0; i < 10; i++) {
    if (i == 3) continue
    if (i == 8) break
    sum += i
  }
  j = 0
  while (j < 100) {
    j += 7
    if (j > 50) break
  }
  k = 5
  while (k) k--
  for (;;) { k++; if (k >= 4) break }
  printf("%d %d %d %d\n", sum, i, j, k)
  exit()
}
EXPECT
25 8 56 4

NAME string concatenation and .= into locals, globals and array elements in a kernel handler
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global g, a
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  s = execname() . "-" . "x"
  s .= ":"
  g = "<" . s . ">"
  g .= "!"
  a[1] = "k"
  a[1] .= "v"
  for (i = 0; i < 3; i++) t .= "ab"
  printf("%s|%s|%s|%s|%d\n", s, g, a[1], t, (s . "") == "perl-x:")
  exit()
}
EXPECT
perl-x:|<perl-x:>!|kv|ababab|1

NAME a concatenation is cut at MAXSTRINGLEN - 1 bytes, as in user space
REQUIRES bpf ringbuf tracefs perl
ARGS -DMAXSTRINGLEN=10 -c "exec perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  for (i = 0; i < 6; i++) t .= "abc"
  u = t . t
  printf("%s %s %s\n", t, u, "0123" . "4567" . "89ab")
  exit()
}
EXPECT
abcabcabc abcabcabc 012345678

NAME script functions are inlined into kernel handlers: arguments, locals, return, strings
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
global total
function sq(x) { return x * x }
function label(name, n) { if (n > 2) return name . "!"; return name }
function add(n) { total += n }
function first_over(lim) {
  for (i = 0; ; i++) if (sq(i) > lim) return i
}
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  add(sq(3))
  add(first_over(20))
  printf("%d %s %s %d\n", sq(sq(2)), label(execname(), 3), label("x", 1), total)
  exit()
}
EXPECT
16 perl! x 14

NAME sprintf, sprint and sprintln into strings in a kernel handler
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  s = sprintf("%s:%d|%i|%u|%x|%X|%c|%%|%d", execname(), -42, 0, -1, 255, 48879, 65, -9223372036854775808)
  t = sprint(12345) . sprintln("ab") . sprint(9223372036854775807)
  printf("%s\n%s\n", s, t)
  exit()
}
EXPECT
perl:-42|0|18446744073709551615|ff|BEEF|A|%|-9223372036854775808
12345ab
9223372036854775807

NAME TP_PROTO parameters through BTF: $prev->pid and $next->pid on sched_switch, as a raw tracepoint
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
PROG
global n, bad_prev, bad_tgid, same, deep
probe kernel.trace("sched:sched_switch") {
  n++
  # prev is the task switching out: the current one.
  if ($prev->pid != tid()) bad_prev++
  if ($prev->tgid != pid()) bad_tgid++
  if ($next->pid == $prev->pid) same++
  # embedded structs (se.load) add up, pointers (real_parent) are followed
  if ($prev->se->load->weight > 0 && $prev->real_parent->pid >= 0) deep++
  if (n >= 200) exit()
}
probe end { printf("%d %d %d %d %d\n", n >= 200, bad_prev, bad_tgid, same, deep >= 200) }
EXPECT
1 0 0 0 1

NAME TP_PROTO parameters: a pointer member read with kernel_string, an integer parameter named like a record field
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("sched:sched_process_exec") {
  if (pid() == target() && execname() == "perl")
    printf("%s %d %d\n", kernel_string($bprm->filename), $p->pid == pid(), $old_pid == pid())
}
EXPECT
/usr/bin/perl 1 1

NAME TP_PROTO parameters: struct-valued and missing members and record fields alongside them are refused at pass 3
REQUIRES tracefs btf
PROG
probe kernel.trace("sched:sched_switch") {
  print($next->se)
  print($next->nosuch)
  print($next->pid + $prev_pid)
}
EXPECT_STDERR
translate error: '$next->se' (struct sched_entity) as a number is not supported in kernel probes yet: identifier '$next' at <input>:2:9
        source:   print($next->se)
                        ^

translate error: '$next->nosuch' (struct task_struct has no member 'nosuch') is not supported in kernel probes yet: identifier '$next' at <input>:3:9
        source:   print($next->nosuch)
                        ^

translate error: the record field '$prev_pid' in a handler that also reads TP_PROTO parameters (a raw tracepoint has no record) is not supported in kernel probes yet: identifier '$prev_pid' at <input>:4:22
        source:   print($next->pid + $prev_pid)
                                     ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME a char[N] record field indexes byte by byte, as stapbpf's do; outside the field is a read fault
REQUIRES bpf ringbuf tracefs
PROG
global seen
probe kernel.trace("sched:sched_switch") {
  if (!seen && $next_comm[0] == 115 && $next_comm[1] == 119 && $next_comm[2] == 97 && $next_comm[3] == 112 && $next_pid == 0) {
    seen = 1
    printf("%c%c%c%c %d\n", $next_comm[0], $next_comm[1], $next_comm[2], $next_comm[3], $next_comm[6])
    i = 16
    try { println($next_comm[i]) } catch (msg) { printf("%.33s|\n", msg) }
    exit()
  }
}
EXPECT
swap 114
read fault [man error::fault] at |
