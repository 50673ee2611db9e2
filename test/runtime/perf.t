# perf.* and timer.profile: perf events opened on every CPU, the handler compiled to BPF and run
# in the context of the task that was running. The workload is a perl busy loop run with -c;
# `pid() == target()` picks its samples out of everything else on the machine.

NAME timer.profile samples the -c command while it burns CPU
REQUIRES bpf ringbuf perf_software_events perl
ARGS -c "exec perl -e '$x = 0; $x++ for 1..20000000'"
PROG
global n
probe timer.profile { if (pid() == target() && execname() == "perl") n++ }
probe end { printf("%s\n", n > 50 ? "many samples" : sprintf("only %d samples", n)) }
EXPECT
many samples

NAME pp() of a perf probe is the perf.type().config() point it resolved to
REQUIRES bpf ringbuf perf_software_events
PROG
probe perf.sw.cpu_clock.hz(100) { printf("%s\n", pp()); exit() }
EXPECT
perf.type(1).config(0).hz(100)

NAME timer.profile.freq.hz(N) and perf.sw.*.sample(N)
REQUIRES bpf ringbuf perf_software_events perl
ARGS -c "exec perl -e '$x = 0; $x++ for 1..20000000'"
PROG
global hz, cs
probe timer.profile.freq.hz(1000) { if (pid() == target()) hz++ }
probe perf.sw.task_clock.sample(1000000) { if (pid() == target()) cs++ }
probe end { printf("%d %d\n", hz > 10 && hz < 3000, cs > 20) }
EXPECT
1 1

NAME a perf probe cannot be bound to a process yet: a clear error
PROG
probe perf.sw.cpu_clock.process { }
EXPECT_STDERR
semantic error: while resolving probe point: identifier 'perf' at <input>:1:7
        source: probe perf.sw.cpu_clock.process { }
                      ^

semantic error: perf probes bound to a process (.process) are not supported by tstap yet

Pass 2: analysis failed.  [man error::pass2]
EXIT 1

NAME user_mode() and addr() in a perf probe: the interrupted mode and instruction pointer
REQUIRES bpf ringbuf perf_software_events tracefs perl
ARGS -c "exec perl -e '$x = 0; $x += getppid() for 1..400000'"
PROG
global user, kern, user_ip, kern_ip, tp
probe timer.profile {
  if (pid() != target()) next
  if (user_mode()) { user++; if (addr() == uaddr() && addr() < 0x800000000000) user_ip++ }
  else { kern++; if (addr() >= 0xffff800000000000) kern_ip++ }
}
probe kernel.trace("syscalls:sys_enter_getppid") { if (pid() == target()) tp = addr() + user_mode() }
probe end {
  printf("%d %d %d %d\n", user > 0, kern > 0, user_ip == user, kern_ip == kern)
  printf("tracepoint: %d, page %d\n", tp, mem_page_size())
}
EXPECT
1 1 1 1
tracepoint: 0, page 4096
