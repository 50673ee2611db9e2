# signal.* tapset aliases (tapset/signal.stp) on real signals, and the signal-number decoders.
# The workload is perl sending itself signals; it is target() or a child of it, depending on
# whether -c runs the command line through a shell.

NAME the signal decoders in user space: stap's names, hex for a number without one
PROG
probe begin {
  printf("%s %s %s %s %s %s %s\n", _signal_name(0), _signal_name(9), _signal_name(16),
         _signal_name(29), _signal_name(34), _signal_name(133), _signal_name(-1))
  printf("%s|%s|%s|%s|%s|%s\n", signal_str(1), signal_str(29), signal_str(32), signal_str(33),
         signal_str(64), signal_str(65))
  exit()
}
EXPECT
SIG_0 SIGKILL 0x10 SIGIO/SIGPOLL 0x22 TRACESYSGOOD 0xffffffff
HUP|IO/POLL|RTMIN|RTMIN+1|RTMIN+32|

NAME signal.send: kill(2) to itself, with the recipient and the sender's siginfo case
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "perl -e '$SIG{USR1} = sub {}; kill q(USR1), $$; kill q(TERM), 0 if 0'"
PROG
probe signal.send {
  if (pid_name != "perl" || (sig_pid != target() && ppid() != target()) || sig == 17) next
  printf("%s %s %d %d %s %d %d %s %s\n", name, sig_name, sig, sig_pid == pid(), pid_name, shared,
         task != 0, si_code, signal_str(sig))
}
EXPECT
signal_generate SIGUSR1 10 1 perl 1 1 SI_USER or SI_TIMER or SI_ASYNCIO USR1

NAME signal.handle: the handler of a signal from kill(2) runs
REQUIRES bpf ringbuf tracefs btf raw_tracepoint perl
ARGS -c "perl -e '$SIG{HUP} = sub {}; $SIG{USR2} = sub {}; kill q(HUP), $$; kill q(USR2), $$'"
PROG
probe signal.handle {
  if (execname() != "perl" || (pid() != target() && ppid() != target())) next
  printf("%s %s %d %d [%s] %d\n", name, sig_name, sig, sig_code, sig_mode, ka_addr != 0)
}
EXPECT
handle SIGHUP 1 0 [] 1
handle SIGUSR2 12 0 [] 1

NAME the decoders in a kernel handler
REQUIRES bpf ringbuf tracefs perl
ARGS -c "perl -e 'getppid() for 1..1'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (execname() != "perl" || (pid() != target() && ppid() != target())) next
  printf("%s %s %s %s\n", _signal_name(15), _signal_name(40), signal_str(6), signal_str(40))
}
EXPECT
SIGTERM 0x28 ABRT RTMIN+8

NAME signal.handle: a fatal SIGKILL comes without a siginfo, as a user-mode signal
REQUIRES bpf ringbuf tracefs btf raw_tracepoint
ARGS -c "sh -c 'kill -9 $$'; true"
PROG
probe signal.handle {
  if (ppid() == target()) printf("%s %s %d %d %s\n", name, sig_name, sinfo, sig_code, sig_mode)
}
EXPECT
handle SIGKILL 0 0 User Mode Signal
EXPECT_STDERR
Killed

NAME signal.syskill, signal.systkill, signal.systgkill: the kill-family system calls
REQUIRES bpf ringbuf tracefs perl
ARGS -c "perl -e 'kill 0, $$; syscall(200, $$, 0); syscall(234, $$, $$, 0)'"
PROG
probe signal.syskill, signal.systkill, signal.systgkill {
  if (execname() == "perl" && (pid() == target() || ppid() == target()))
    printf("%s %s %d %d\n", name, sig_name, sig, sig_pid == pid())
}
probe signal.syskill.return, signal.systkill.return, signal.systgkill.return {
  if (execname() == "perl" && (pid() == target() || ppid() == target())) printf("%s %s\n", name, retstr)
}
EXPECT
syskill SIG_0 0 1
syskill 0
systkill SIG_0 0 1
systkill 0
systgkill SIG_0 0 1
systgkill 0
