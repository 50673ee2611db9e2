# returnstr(), return_str() and user_buffer_quoted() in uprobe handlers: printed-only values the
# kernel records (the return register or value and the format, the buffer's bytes) and user
# space formats as stap does (tapset errno.stp, uconversions.stp). Programs
# (test/runtime/programs) are built by SETUP (test/runtime/build-traced.sh) in
# /tmp/tstap-process and run with -c.

NAME returnstr() and return_str() at function returns: errno names, decimal, hex and octal
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh returns
ARGS -c /tmp/tstap-process/returns
PROG
probe process("/tmp/tstap-process/returns").function("ret").return {
  printf("%s|%s|%s|%s\n", returnstr(1), returnstr(2), return_str(1, $return), return_str(3, $return))
  println(returnstr(3))
}
EXPECT
-2 (ENOENT)|-2 (ENOENT)|-2 (ENOENT)|-2 (ENOENT)
-2 (ENOENT)
5|0x5|5|05
05
5124095577148911|0x12345678abcdef|5124095577148911|0221505317052746757
0221505317052746757
-4096|0xfffffffffffff000|-4096|01777777777777777770000
01777777777777777770000

NAME user_buffer_quoted() in a uprobe: NULs and escapes shown, cut at outlen; a fault is the address
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh buffers
ARGS -c /tmp/tstap-process/buffers
PROG
probe process("/tmp/tstap-process/buffers").function("take") {
  printf("%s %s %s [%s]\n", user_buffer_quoted(pointer_arg(1), long_arg(2), 50),
         user_buffer_quoted(pointer_arg(1), 3, 6), user_buffer_quoted(pointer_arg(1), 5, 8),
         user_buffer_quoted(pointer_arg(1), 5, 0))
}
EXPECT
"ab\000c\n" "ab" "ab"... []
0x0 0x0 0x0 []

NAME returnstr() and user_buffer_quoted() in begin: no registers, tstap's own memory
PROG
probe begin { printf("%s %s\n", returnstr(1), user_buffer_quoted(0, 4, 20)); exit() }
EXPECT
N/A 0x0

NAME returnstr(), return_str() and user_buffer_quoted() are print output only in kernel handlers
REQUIRES tracefs
PROG
global s
probe kernel.trace("syscalls:sys_enter_getppid") {
  s = return_str(1, 2)
  printf("%s\n", user_buffer_quoted(0, 1, 2) . "x")
}
probe kernel.trace("syscalls:sys_enter_getpid") { println(returnstr(1)) }
probe end { println(s) }
EXPECT_STDERR
translate error: return_str() other than as a print or printf argument (its text is made in user space) is not supported in kernel probes yet: identifier 'return_str' at <input>:3:7
        source:   s = return_str(1, 2)
                      ^

translate error: user_buffer_quoted() other than as a print or printf argument (its text is made in user space) is not supported in kernel probes yet: identifier 'user_buffer_quoted' at <input>:4:18
        source:   printf("%s\n", user_buffer_quoted(0, 1, 2) . "x")
                                 ^

translate error: returnstr() outside process(...) probes is not supported in kernel probes yet: identifier 'returnstr' at <input>:6:59
        source: probe kernel.trace("syscalls:sys_enter_getpid") { println(returnstr(1)) }
                                                                          ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1
