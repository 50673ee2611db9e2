# String, byte-order and logging builtins in kernel.trace handlers (BPF), with the output the
# user-space runtime gives for the same calls. The workload is a perl one-liner run with -c;
# its getppid calls are told apart from the rest of the machine by pid() == target() and
# execname() (see kernel-trace.t).

NAME strlen, substr and stringat of literals, execname() and globals
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global s = "hello world"
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  e = execname()
  printf("%d %d %d %d\n", strlen(e), strlen(s), strlen(""), strlen(e . s))
  printf("[%s][%s][%s][%s][%s]\n", substr(s, 0, 5), substr(s, 6, 100), substr(s, 11, 1), substr(s, -1, 3), substr(s, 3, -1))
  printf("[%s][%s]\n", substr(e, 1, 2), substr(s, 2, 0))
  printf("%d %d %d\n", stringat(s, 0), stringat(e, 3), stringat("\xff", 0))
}
EXPECT
4 11 0 15
[hello][world][][][]
[er][]
104 108 -1

NAME strpos and isinstr, with empty and missing needles
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global s = "hello world"
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  e = execname()
  printf("%d %d %d %d %d\n", strpos(s, "o"), strpos(s, "world"), strpos(s, "x"), strpos(s, ""), strpos(e, "rl"))
  printf("%d %d %d %d\n", isinstr(s, "lo w"), isinstr(s, "low"), isinstr(e, e), isinstr("", "a"))
}
EXPECT
4 6 -1 0 2
1 0 1 0

NAME long strings: strpos of a global in a global, substr into the string it reads
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global s, t
probe begin { s = "abcdefghij"; for (i = 0; i < 5; i++) s .= s; t = "ghijab" }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("%d %d %d %d\n", strlen(s), strpos(s, t), isinstr(t, s), strpos(substr(s, 100, 50), t))
  u = s
  u = substr(u, 1, 3)
  printf("%s %d\n", u, strlen(u))
  try { printf("%d\n", stringat(u, 5)) } catch (m) { printf("caught: %s\n", m) }
  printf("%d\n", stringat(s, strlen(s) - 1))
}
EXPECT
320 6 0 6
bcd 3
caught: Position out of bounds
106

NAME stringat out of bounds is stap's error, blamed on the call
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("%d\n", stringat(execname(), 4))
  printf("not reached\n")
}
EXPECT_STDERR
ERROR: Position out of bounds near identifier 'stringat' at <input>:3:18 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME htons, ntohs, htonl, ntohl, htonll, ntohll
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  x = 0x0102030405060708
  printf("%x %x %x %x %x %x\n", htons(x), ntohs(0x1234), htonl(x), ntohl(-1), htonll(x), ntohll(0xff))
  printf("%d %d %d\n", htons(-2), htonl(0x80), ntohll(0x80))
}
EXPECT
807 3412 8070605 ffffffff 807060504030201 ff00000000000000
65279 2147483648 -9223372036854775808

NAME warn() prints WARNING: on stderr, each distinct warning once, and the handler runs on
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..3'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  log("a message")
  warn("a warning")
  warn("a warning with newline\n")
  warn(execname() . " warns")
}
EXPECT
a message
a message
a message
EXPECT_STDERR
WARNING: a warning
WARNING: a warning with newline
WARNING: perl warns
