# @entry(expr) in syscall return probes: a companion raw sys_enter program evaluates the
# operands at the call's entry and keeps them per thread for the return handler; and the
# *_arg(N) readers in syscall probes (the call's Nth argument). The workloads are perl one-liners
# run with -c (`exec`, so that they keep the pid target() returns) that use descriptor 77 (or
# -1, through perl's syscall(): 3 is close on x86_64), which nothing else of theirs uses, to
# tell their calls apart.

NAME syscall.read.return: @entry of arguments, execname() and the time, user memory at the entry's buffer
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -MPOSIX -e 'open(my $w, q{>}, q{/tmp/tstap-syscall-entry-t}) or die; print $w q{hello world}; close $w; open(my $f, q{<}, q{/tmp/tstap-syscall-entry-t}) or die; POSIX::dup2(fileno($f), 77); POSIX::read(77, my $b, 5); unlink q{/tmp/tstap-syscall-entry-t}'"
PROG
probe syscall.read.return {
  if (pid() != target() || @entry(int_arg(1)) != 77) next
  t = gettimeofday_ns() - @entry(gettimeofday_ns())
  printf("%s %s fd=%d count=%d ret=%d data=%s t>=0:%d\n", pp(), @entry(execname()), @entry(int_arg(1)),
         @entry(ulong_arg(3)), retval, user_string_n(@entry(pointer_arg(2)), retval), t >= 0)
}
EXPECT
syscall.read.return perl fd=77 count=5 ret=5 data=hello t>=0:1

NAME syscall.*.return: one companion for every call, @entry(name) and @entry of a sprintf
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -MPOSIX -e 'open(my $f, q{<}, q{/dev/null}) or die; POSIX::dup2(fileno($f), 77); POSIX::read(77, my $b, 5); POSIX::close(77)'"
PROG
probe syscall.*.return {
  if (pid() != target() || @entry(int_arg(1)) != 77) next
  printf("%s %s %d %s\n", pp(), @entry(name), retval, @entry(sprintf("%s:%d", execname(), int_arg(1))))
}
EXPECT
syscall.read.return read 0 perl:77
syscall.close.return close 0 perl:77

NAME syscall.read*.return and nd_syscall.close.return: @entry in wildcards and the nd_ family
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -MPOSIX -e 'open(my $f, q{<}, q{/dev/null}) or die; POSIX::dup2(fileno($f), 77); POSIX::read(77, my $b, 5); POSIX::close(77); POSIX::close(77)'"
PROG
probe syscall.read*.return, nd_syscall.close.return {
  if (pid() == target() && @entry(int_arg(1)) == 77) println(pp(), " ", retval)
}
EXPECT
syscall.read.return 0
nd_syscall.close.return 0
nd_syscall.close.return -9

NAME tp_syscall.openat.return: a string read from user memory at the entry (opensnoop's idiom)
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'open(my $f, q{<}, q{/nonexistent/tstap-syscall-entry-t})'"
PROG
probe tp_syscall.openat.return {
  if (pid() != target()) next
  path = @entry(user_string(pointer_arg(2), "-"))
  if (path == "/nonexistent/tstap-syscall-entry-t") printf("%s %s %d %d\n", pp(), path, retval, returnval())
}
EXPECT
tp_syscall.openat.return /nonexistent/tstap-syscall-entry-t -2 -2

NAME syscall_any.return: @entry(syscall_nr), @entry(name) and an argument
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -MPOSIX -e 'POSIX::close(77)'"
PROG
probe syscall_any.return {
  if (pid() == target() && name == "close" && @entry(int_arg(1)) == 77)
    printf("%s %d %d %d\n", @entry(name), @entry(syscall_nr) == syscall_nr, @entry(uint_arg(1)), retval)
}
EXPECT
close 1 77 -9

NAME a local named in @entry is the entry's own, never set there: 0, as stap's synthesized entry probe has it
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -MPOSIX -e 'POSIX::close(77)'"
PROG
probe syscall.close.return {
  x = 5
  if (pid() == target() && @entry(int_arg(1)) == 77) printf("%d %d\n", x, @entry(x + 1))
}
EXPECT
5 1

NAME the *_arg readers in syscall entry probes: the call's arguments, truncated and extended
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'syscall(3, -1); kill 0, 77777777'"
PROG
probe syscall.close {
  if (pid() == target() && int_arg(1) == -1)
    printf("%s %d %d %d %d\n", name, int_arg(1), s32_arg(1), uint_arg(1), u32_arg(1))
}
probe nd_syscall.kill {
  if (pid() == target()) printf("%s %d %d %d %d\n", name, uint_arg(1), long_arg(2), u64_arg(2), pointer_arg(1))
}
EXPECT
close -1 -1 4294967295 4294967295
kill 77777777 0 0 77777777
