# Tapset functions that real scripts call from kernel handlers: stopwatches (two arrays shared by
# both sides, one clock, CLOCK_MONOTONIC, on both) and system(). The workloads are perl one-liners
# run with -c (`exec`, so that they keep the pid target() returns); their calls are told apart
# from everything else on the machine by `pid() == target()`.

NAME stopwatches started in begin, switched in syscall probes, read in end
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'select(undef, undef, undef, 0.2); getppid() for 1..50'"
PROG
global seen, calls
probe begin { start_stopwatch("wall"); start_stopwatch("user"); stop_stopwatch("system") }
probe syscall.getppid {
  if (pid() != target()) next
  calls++
  if (read_stopwatch_ns("wall") > 0 && read_stopwatch_ns("system") == 0) seen++
  stop_stopwatch("user")
  start_stopwatch("system")
}
probe syscall.getppid.return {
  if (pid() != target()) next
  start_stopwatch("user")
  stop_stopwatch("system")
}
probe end {
  stop_stopwatch("user"); stop_stopwatch("system"); stop_stopwatch("wall")
  w = read_stopwatch_ns("wall"); u = read_stopwatch_ns("user"); s = read_stopwatch_ns("system")
  printf("calls>=50 %d, first=%d\n", calls >= 50, seen)
  printf("wall>=0.2s %d, system>0 %d, user>system %d, user+system<=wall %d\n",
         w >= 200000000, s > 0, u > s, u + s <= w)
  printf("units %d %d %d\n", read_stopwatch_us("wall") == w / 1000,
         read_stopwatch_ms("wall") == w / 1000000, read_stopwatch_s("wall") == w / 1000000000)
  delete_stopwatch("wall")
  printf("deleted %d, never started %d\n", read_stopwatch_ns("wall"), read_stopwatch_us("other"))
}
EXPECT
calls>=50 1, first=1
wall>=0.2s 1, system>0 1, user>system 1, user+system<=wall 1
units 1 1 1
deleted 0, never started 0

NAME a stopwatch started in a kernel probe keeps running for the end probe
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'getppid(); select(undef, undef, undef, 0.2)'"
PROG
global at
# The first getppid() of the target (perl may make one of its own at start-up).
probe syscall.getppid { if (pid() == target() && !at) { at = ktime_get_ns(); start_stopwatch("k") } }
probe end {
  elapsed = read_stopwatch_ns("k")
  now = ktime_get_ns()
  printf("%d %d\n", elapsed >= 200000000, elapsed <= now - at)
}
EXPECT
1 1

NAME system() in begin, in a syscall probe and in end: after the handler's output
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'select(undef, undef, undef, 0.3); kill(0, $$); select(undef, undef, undef, 0.5)'"
PROG
probe begin { println("begin"); system("echo from-begin") }
probe syscall.kill {
  if (pid() != target() || sig != 0) next
  printf("kernel\n")
  system(sprintf("echo from-kernel %d", pid() == target()))
}
probe end { println("end"); system("echo from-end") }
EXPECT
begin
from-begin
kernel
from-kernel 1
end
from-end

NAME tz_ctime(), tz_name() and tz_gmtoff() in a kernel handler: the zone the runtime reads at startup
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global epoch, later, name, off, keyed
probe syscall.getppid {
  if (pid() != target() || name != "") next
  epoch = tz_ctime(tz_gmtoff())
  later = tz_ctime(1700000000)
  name = tz_name()
  off = tz_gmtoff()
  keyed[tz_ctime(tz_gmtoff() + 86400 * 365)] = 1
}
probe end {
  println(substr(epoch, 0, 25))
  printf("%d %d %d %d\n", epoch == "Thu Jan  1 00:00:00 1970 " . tz_name(), later == tz_ctime(1700000000),
         name == tz_name(), off == tz_gmtoff())
  foreach (k in keyed) println(substr(k, 0, 24), k == ctime(365 * 86400) . " " . tz_name())
}
EXPECT
Thu Jan  1 00:00:00 1970 <blank>
1 1 1 1
Fri Jan  1 00:00:00 19711

NAME tz_ctime() beyond a 32-bit time_t in a kernel handler is stap's error
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe syscall.getppid { if (pid() == target()) println(tz_ctime(1 << 40)) }
EXPECT_STDERR
ERROR: Time too far in the future to be converted near identifier 'tz_ctime' at <input>:1:56 in probe syscall.getppid
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME switch_file() in a syscall handler moves -o output from FILE.0 to FILE.1, FILE.2; -S 1,2 keeps two
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
SETUP
rm -rf /tmp/tstap-misc-switch && mkdir /tmp/tstap-misc-switch
ARGS -o /tmp/tstap-misc-switch/out -S 1,2 -c "exec perl -e 'for (1..4) { kill 0, $$; select(undef, undef, undef, 1) }'"
PROG
global k
probe begin { println("begin") }
probe syscall.kill {
  if (pid() != target() || sig != 0) next
  printf("kill %d\n", ++k)
  if (k % 2 == 0) switch_file()
}
probe end {
  println("end")
  system("cd /tmp/tstap-misc-switch && for f in *; do echo \"== $f\"; cat $f; done; rm -r /tmp/tstap-misc-switch")
}
EXPECT
== out.1
kill 3
kill 4
== out.2
end

NAME switch_file() in a timer handler: FILE, then FILE.1 at the next output
SETUP
rm -rf /tmp/tstap-misc-switch-timer && mkdir /tmp/tstap-misc-switch-timer
ARGS -o /tmp/tstap-misc-switch-timer/out
PROG
global n
probe timer.ms(300) {
  # The switch is asynchronous (a SIGUSR2 sent by a shell, as staprun's): ticks 3-6 are not
  # printed, leaving it 1.2 s.
  if (++n <= 2 || n >= 7) printf("tick %d\n", n)
  if (n == 2) switch_file()
  if (n == 8) exit()
}
probe end {
  println("end")
  system("cd /tmp/tstap-misc-switch-timer && for f in *; do echo \"== $f\"; cat $f; done; rm -r /tmp/tstap-misc-switch-timer")
}
EXPECT
== out
tick 1
tick 2
== out.1
tick 7
tick 8
end

NAME -S without -o is staprun's error
ARGS -S 1
PROG
probe begin { exit() }
EXPECT_STDERR
ERROR: You have to specify output FILE with '-S' option.
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME pstrace(task_current()) in a kernel handler: the target, then tstap, which started it, and on to init
REQUIRES bpf ringbuf tracefs raw_tracepoint perl btf
ARGS -c "exec perl -e 'kill 0, $$'"
PROG
probe syscall.kill {
  if (pid() != target() || sig != 0) next
  chain = pstrace(task_current())
  printf("%d %d\n", isinstr(chain, sprintf(" perl(%d) node(%d) ", pid(), stp_pid())),
         isinstr(chain, " systemd(1)") + isinstr(chain, " init(1)"))
}
EXPECT
1 0
