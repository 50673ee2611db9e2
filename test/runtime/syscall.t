# The syscall probe family: syscall.NAME(.return), wildcards and syscall_any, one raw
# sys_enter/sys_exit program each, dispatching on the call number. The workloads are perl
# one-liners run with -c (`exec`, so that they keep the pid target() returns); their calls are
# told apart from everything else on the machine by `pid() == target()` and by their arguments.

NAME syscall.openat: name, the quoted filename, dfd, flags, argstr and pp()
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'open(my $f, q{<}, q{/nonexistent/tstap-syscall-t})'"
PROG
probe syscall.openat {
  if (pid() != target() || filename_unquoted != "/nonexistent/tstap-syscall-t") next
  printf("%s|%s|%s|dfd=%d flags=%d mode=%d\n", pp(), name, filename, dfd, flags & 3, mode)
  printf("%s (%s)\n", name, argstr)
}
EXPECT
syscall.openat|openat|"/nonexistent/tstap-syscall-t"|dfd=-100 flags=0 mode=0
openat (AT_FDCWD, "/nonexistent/tstap-syscall-t", O_RDONLY|O_CLOEXEC)

NAME syscall.openat.return: retval and retstr of a failing call
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'open(my $f, q{<}, q{/nonexistent/tstap-syscall-t})'"
PROG
global armed
probe syscall.openat { if (pid() == target() && filename_unquoted == "/nonexistent/tstap-syscall-t") armed = 1 }
probe syscall.openat.return {
  if (pid() != target() || !armed) next
  armed = 0
  println(pp(), " ", name, " ", retval, " ", retstr)
}
EXPECT
syscall.openat.return openat -2 -2 (ENOENT)

NAME syscall.close and syscall.close.return: fd, argstr and retstr
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -MPOSIX -e 'POSIX::close(77)'"
PROG
global armed
probe syscall.close { if (pid() == target() && fd == 77) { armed = 1; printf("%s(%s) fd=%d\n", name, argstr, fd) } }
probe syscall.close.return { if (pid() == target() && armed) { armed = 0; printf("= %s\n", retstr) } }
EXPECT
close(77) fd=77
= -9 (EBADF)

NAME syscall.* counts every call by name in one program
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..500'"
PROG
global c
probe syscall.* { if (pid() == target()) c[name]++ }
probe end { printf("getppid %d\n", c["getppid"] >= 500 && c["getppid"] <= 502) }
EXPECT
getppid 1

NAME a wildcard: pp() and name of the call that fired, 0 for a variable the call lacks
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -MPOSIX -e 'getppid(); POSIX::close(77)'"
PROG
global n
probe syscall.* {
  if (pid() != target()) next
  if (name == "getppid" && n++ == 0) printf("%s %s fd=%d\n", pp(), name, fd)
  if (name == "close" && fd == 77) printf("%s %s fd=%d %s\n", pp(), name, fd, argstr)
}
probe syscall.c*.return {
  if (pid() == target() && name == "close" && retval == -9) printf("%s %s\n", pp(), retstr)
}
EXPECT
syscall.getppid getppid fd=0
syscall.close close fd=77 77
syscall.close.return -9 (EBADF)

NAME syscall.open* matches openat only for this workload, with filename
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'open(my $f, q{<}, q{/nonexistent/tstap-syscall-t})'"
PROG
probe syscall.open* {
  if (pid() == target() && filename_unquoted == "/nonexistent/tstap-syscall-t") printf("%s %s %s\n", pp(), name, filename)
}
EXPECT
syscall.openat openat "/nonexistent/tstap-syscall-t"

NAME argstr in a wildcard: the user string captured as the call's row says
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'open(my $f, q{<}, q{/nonexistent/tstap-syscall-t}); rmdir(q{/nonexistent/tstap-dir})'"
PROG
probe syscall.* {
  if (pid() != target()) next
  if (name == "openat" && filename_unquoted == "/nonexistent/tstap-syscall-t") printf("%s (%s)\n", name, argstr)
  if (name == "rmdir") printf("%s (%s) %s\n", name, argstr, pathname)
}
EXPECT
openat (AT_FDCWD, "/nonexistent/tstap-syscall-t", O_RDONLY|O_CLOEXEC)
rmdir ("/nonexistent/tstap-dir") "/nonexistent/tstap-dir"

NAME a printed filename is quoted as stap quotes it, an unreadable one is its address
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'my $p = q{/nonexistent/a}.chr(34).q{b}.chr(10); syscall(257, -100, 0, 0); syscall(257, -100, $p, 0)'"
PROG
probe syscall.openat {
  if (pid() == target() && (filename_uaddr == 0 || filename_unquoted == "/nonexistent/a\"b\n")) printf("%s|%s\n", filename, argstr)
}
EXPECT
0x0|AT_FDCWD, 0x0, O_RDONLY
"/nonexistent/a\"b\n"|AT_FDCWD, "/nonexistent/a\"b\n", O_RDONLY

NAME a filename used as a value is built in the kernel (quoted, not escaped)
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'my $p = q{/nonexistent/tstap}; syscall(257, -100, 0, 0); syscall(257, -100, $p, 0)'"
PROG
global seen
probe syscall.openat {
  if (pid() == target() && (filename_uaddr == 0 || filename == "\"/nonexistent/tstap\"")) seen[filename] = filename_uaddr != 0
}
probe end { foreach (f in seen+) printf("%s %d\n", f, seen[f]) }
EXPECT
0x0 0
"/nonexistent/tstap" 1

NAME syscall_any and syscall_any.return: syscall_nr, the uapi name, retval
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'getppid() for 1..3'"
PROG
global n, r
probe syscall_any { if (pid() == target() && name == "getppid" && syscall_nr == 110) n++ }
probe syscall_any.return { if (pid() == target() && name == "getppid" && retval == ppid()) r++ }
probe end { printf("%d %d %s\n", n >= 3, r >= 3, pp()) }
EXPECT
1 1 end

NAME syscall_any's pp() is the raw tracepoint it uses
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global done
probe syscall_any { if (pid() == target() && name == "getppid" && !done++) println(pp(), " ", syscall_nr) }
EXPECT
kernel.trace("raw_syscalls:sys_enter") 110

NAME argstr used other than printed is refused at the use
REQUIRES bpf tracefs
PROG
probe syscall.openat { s = argstr . "!"; println(s) }
EXPECT_STDERR
translate error: 'argstr' other than as an argument of printf, print or println (it is built in user space) is not supported in kernel probes yet: identifier 'argstr' at <input>:1:28
        source: probe syscall.openat { s = argstr . "!"; println(s) }
                                           ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME a syscall name that matches nothing
REQUIRES tracefs
PROG
probe syscall.no_such_call { }
EXPECT_STDERR
semantic error: while resolving probe point: identifier 'syscall' at <input>:1:7
        source: probe syscall.no_such_call { }
                      ^

semantic error: no match

Pass 2: analysis failed.  [man error::pass2]
EXIT 1

NAME decoded variables: dfd_str, flags_str, pathname_str, flag_str, how_str, sig_str, timeout_str
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'my ($o, $d, $tv) = (q{/nonexistent/tstap-o}, q{/nonexistent/tstap-d}, pack(q{qq}, 0, 1000)); syscall(257, 3, $o, 0x80241, 0644); syscall(263, -100, $d, 0x200); syscall(48, 77, 1); syscall(200, $$, 0); syscall(23, 0, 0, 0, 0, $tv)'"
PROG
probe syscall.openat { if (pid() == target() && filename_unquoted == "/nonexistent/tstap-o") printf("%s|%s|%s\n", dfd_str, flags_str, argstr) }
probe syscall.unlinkat { if (pid() == target()) printf("%s|%s|%s|%s\n", dfd_str, pathname_str, flag_str, argstr) }
probe syscall.shutdown { if (pid() == target()) println(how_str) }
probe syscall.tkill { if (pid() == target()) println(sig_str) }
probe syscall.select { if (pid() == target()) println(timeout_str) }
EXPECT
3|O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC|3, "/nonexistent/tstap-o", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644
AT_FDCWD|"/nonexistent/tstap-d"|AT_REMOVEDIR|AT_FDCWD, "/nonexistent/tstap-d", AT_REMOVEDIR
SHUT_WR
SIG_0
[0.001000]

NAME decoded variables in a wildcard: each call decodes its own, "" for a call without one
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'my ($o, $d) = (q{/nonexistent/tstap-o}, q{/nonexistent/tstap-d}); syscall(257, 3, $o, 0x80241, 0644); syscall(263, -100, $d, 0x200); syscall(48, 77, 1); syscall(200, $$, 0)'"
PROG
probe syscall.* {
  if (pid() != target()) next
  if (name == "openat" && filename_unquoted == "/nonexistent/tstap-o" || name == "shutdown" || name == "tkill" || name == "unlinkat")
    printf("%s [%s] [%s] [%s] [%s]\n", name, flags_str, how_str, sig_str, pathname_str)
}
EXPECT
openat [O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC] [] [] []
unlinkat [] [] [] ["/nonexistent/tstap-d"]
shutdown [] [SHUT_WR] [] []
tkill [] [] [SIG_0] []

NAME a decoded user string is a string like filename: usable as a value
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'my $d = q{/nonexistent/tstap-d}; syscall(263, -100, $d, 0x200)'"
PROG
probe syscall.unlinkat { if (pid() == target()) { s = pathname_str; printf("%s %d\n", s, strlen(s)) } }
EXPECT
"/nonexistent/tstap-d" 22

NAME a decoded variable used other than printed is refused at the use, as argstr is
REQUIRES bpf tracefs
PROG
probe syscall.openat { s = flags_str . "!"; println(s) }
EXPECT_STDERR
translate error: 'flags_str' other than as an argument of printf, print or println (it is built in user space) is not supported in kernel probes yet: identifier 'flags_str' at <input>:1:28
        source: probe syscall.openat { s = flags_str . "!"; println(s) }
                                           ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME decoded variables reading user memory in a wildcard: each call's row says what to copy
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'my ($t, $d) = (q{user}, q{tstap-nokey}); open(my $n, q{>}, q{/dev/null}); syswrite($n, qq{hi\n}); socket(my $s, 2, 1, 0); syscall(249, $t, $d, 0, 0)'"
PROG
probe syscall.* {
  if (pid() != target()) next
  if (name == "write" && count == 3 || name == "socket" || name == "request_key")
    printf("%s [%s] [%s]\n", name, buf_str, type_str)
}
EXPECT
write ["hi\n"] []
socket [] [SOCK_STREAM|SOCK_CLOEXEC]
request_key [] ["user"]

NAME nd_syscall.* and tp_syscall.* are the same probes as syscall.* (upstream's kprobe- and tracepoint-based flavours)
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'open(my $f, q{<}, q{/nonexistent/tstap-nd})'"
PROG
global mine
probe nd_syscall.openat {
  if (pid() == target() && filename == "\"/nonexistent/tstap-nd\"") { mine[tid()] = 1; printf("%s: %s\n", pp(), argstr) }
}
probe tp_syscall.openat.return { if (mine[tid()]) { delete mine[tid()]; printf("%s: %s %s\n", pp(), name, retstr) } }
EXPECT
nd_syscall.openat: AT_FDCWD, "/nonexistent/tstap-nd", O_RDONLY|O_CLOEXEC
tp_syscall.openat.return: openat -2 (ENOENT)

NAME syscall.execve: the argument vector and the environment as stap's __get_argv prints them
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e '%ENV = (); $ENV{FOO} = 10; $ENV{BAR} = q{x y}; exec {q{/bin/true}} q{/bin/true}, q{a b}, q{}, qq{t\tx}'"
PROG
probe syscall.execve {
  if (pid() != target() || filename != "\"/bin/true\"") next
  printf("%s (%s)\n", name, argstr)
  printf("args=%s env_str=%s\n", args, env_str)
}
EXPECT
execve ("/bin/true", ["/bin/true", "a b", "", "t\tx"], ["FOO=10", "BAR=x y"])
args=["/bin/true", "a b", "", "t\tx"] env_str=["FOO=10", "BAR=x y"]

NAME syscall.exec*: vectors in a wildcard's rows, an unreadable vector and an unreadable element
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e '%ENV = (A => 1); my ($p, $v) = (q{/bin/true}, pack(q{QQ}, 8, 0)); syscall(59, $p, 1, 0); syscall(59, $p, $v, 0); exec {$p} q{true}, q{x}'"
PROG
probe syscall.exec* {
  if (pid() != target() || filename != "\"/bin/true\"") next
  printf("%s (%s)\n", name, argstr)
}
EXPECT
execve ("/bin/true", [0x1], [])
execve ("/bin/true", [0x8], [])
execve ("/bin/true", ["true", "x"], ["A=1"])

NAME syscall.execve: a long environment is cut at MAXSTRINGLEN - 1 characters, as stap's string appends cut it
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e '%ENV = (); $ENV{qq{V$_}} = q{x} x 20 for 10..39; exec {q{/bin/true}} q{/bin/true}'"
PROG
probe syscall.execve {
  if (pid() != target() || filename != "\"/bin/true\"") next
  printf("%s\n", argstr)
  printf("%s\n", env_str)
}
EXPECT
"/bin/true", ["/bin/true"], ["V10=xxxxxxxxxxxxxxxxxxxx", "V11=xxxxxxxxxxxxxxxxxxxx", "V12=xxxxxxxxxxxxxxxxxxxx", "V13=xxxxxxxxxxxxxxxxxxxx", "V14=xxxxxxxxxxxxxxxxxxxx", "V15=xxxxxxxxxxxxxxxxxxxx", "V16=xxxxxxxxxxxxxxxxxxxx", "V17=xxxxxxxxxxxxxxxxxxxx", "V18=xxxxxxxxxxxxxxxxxxxx", "V19=xxxxxxxxxxxxxxxxxxxx", "V20=xxxxxxxxxxxxxxxxxxxx", "V21=xxxxxxxxxxxxxxxxxxxx", "V22=xxxxxxxxxxxxxxxxxxxx", "V23=xxxxxxxxxxxxxxxxxxxx", "V24=xxxxxxxxxxxxxxxxxxxx", "V25=xxxxxxxxxxxxxxxxxxxx", "V26=xxxxxxxxxxxxxxxxxxxx", "V27=x
["V10=xxxxxxxxxxxxxxxxxxxx", "V11=xxxxxxxxxxxxxxxxxxxx", "V12=xxxxxxxxxxxxxxxxxxxx", "V13=xxxxxxxxxxxxxxxxxxxx", "V14=xxxxxxxxxxxxxxxxxxxx", "V15=xxxxxxxxxxxxxxxxxxxx", "V16=xxxxxxxxxxxxxxxxxxxx", "V17=xxxxxxxxxxxxxxxxxxxx", "V18=xxxxxxxxxxxxxxxxxxxx", "V19=xxxxxxxxxxxxxxxxxxxx", "V20=xxxxxxxxxxxxxxxxxxxx", "V21=xxxxxxxxxxxxxxxxxxxx", "V22=xxxxxxxxxxxxxxxxxxxx", "V23=xxxxxxxxxxxxxxxxxxxx", "V24=xxxxxxxxxxxxxxxxxxxx", "V25=xxxxxxxxxxxxxxxxxxxx", "V26=xxxxxxxxxxxxxxxxxxxx", "V27=xxxxxxxxxxxxxxxxxxxx", "V28=x

NAME syscall.access: stap's own argument names (pathname, pathname_unquoted) beside the kernel's (filename)
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'my $p = q{/nonexistent/x}; syscall(21, $p, 6)'"
PROG
probe syscall.access {
  if (pid() == target() && pathname_unquoted == "/nonexistent/x")
    printf("%s %d %s %s\n", pathname, mode, filename, argstr)
}
EXPECT
"/nonexistent/x" 6 "/nonexistent/x" "/nonexistent/x", R_OK|W_OK

NAME syscall.dup*, syscall.accept: stap's names in a wildcard's rows (oldfd as int_arg), accept's constant flags
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'syscall(32, -5); syscall(33, -6, 9); syscall(43, -3, 16, 32)'"
PROG
probe syscall.dup* { if (pid() == target() && oldfd < 0) printf("%s %d %d\n", name, oldfd, fildes) }
probe syscall.accept {
  if (pid() == target()) printf("%s %d %d %d %d\n", name, sockfd, flags, addr_uaddr, addrlen_uaddr)
}
EXPECT
dup -5 4294967291
dup2 -6 0
accept -3 0 16 32
