# User memory readers (user_char ... user_uint64, their _error and _warn variants) and
# process(...).statement(ADDR) probes, on a small C program (programs/umem.c) built by SETUP
# (test/runtime/build-traced.sh): `look` is linked at the fixed address 0x500000 (its own
# section, -no-pie), and gets a pointer to a global struct with known values.

NAME user_char ... user_uint64 sign- and zero-extend at a .statement(ADDR) probe
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh umem1 programs/umem.c -no-pie -Wl,--section-start=umem_stmt=0x500000
ARGS -c /tmp/tstap-process/umem1
PROG
probe process("/tmp/tstap-process/umem1").statement(0x500000) {
  v = pointer_arg(1)
  println(pp())
  printf("%d %d %d %d\n", user_char(v), user_int8(v), user_uint8(v), user_uint8(v + 1))
  printf("%d %d %d %d\n", user_short(v + 2), user_int16(v + 2), user_ushort(v + 4), user_uint16(v + 4))
  printf("%d %d %d %d\n", user_int(v + 8), user_int32(v + 8), user_uint32(v + 12), user_int(v + 12))
  printf("%d %d %d %d\n", user_long(v + 16), user_int64(v + 16), user_ulong(v + 24), user_uint64(v + 24))
  printf("%d %d %d\n", user_char_error(v), user_ushort_warn(v + 4), user_uint32_error(v + 12))
}
EXPECT
process("/tmp/tstap-process/umem1").statement(0x500000)
-5 -5 251 250
-300 -300 65000 65000
-70000 -70000 4000000000 -294967296
-5000000000 -5000000000 -1 -1
-5 65000 4000000000

NAME a user read fault: the plain reader is 0, _warn warns, _error raises stap's read fault
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh umem2 programs/umem.c -no-pie -Wl,--section-start=umem_stmt=0x500000
ARGS -c /tmp/tstap-process/umem2
PROG
probe process("/tmp/tstap-process/umem2").statement(0x500000) {
  printf("%d %d %d\n", user_long(0), user_int8(1), user_ulong_warn(0x10))
  try { println(user_short_error(0x20)) } catch (m) { println("caught: ", m) }
}
EXPECT
0 0 0
caught: read fault [man error::fault] at 0x20
EXPECT_STDERR
WARNING: user unsigned long copy fault 0x10 [man error::fault]

NAME an uncaught user_long_error fault ends the run
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh umem3 programs/umem.c -no-pie -Wl,--section-start=umem_stmt=0x500000
ARGS -c /tmp/tstap-process/umem3
PROG
probe process("/tmp/tstap-process/umem3").statement(0x500000) {
  println(user_long_error(0x30))
}
EXPECT_STDERR
ERROR: read fault [man error::fault] at 0x30 near identifier 'user_long_error' at <input>:2:11 in probe process("/tmp/tstap-process/umem3").statement(0x500000)
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME an address outside the binary's loaded segments is a pass-2 error
REQUIRES gcc
SETUP
./build-traced.sh umem4 programs/umem.c -no-pie -Wl,--section-start=umem_stmt=0x500000
PROG
probe process("/tmp/tstap-process/umem4").statement(0x10) { println(pp()) }
EXPECT_STDERR
semantic error: while resolving probe point: identifier 'process' at <input>:1:7
        source: probe process("/tmp/tstap-process/umem4").statement(0x10) { println(pp()) }
                      ^

semantic error: address 0x10 is not in a loaded segment of '/tmp/tstap-process/umem4'

Pass 2: analysis failed.  [man error::pass2]
EXIT 1

NAME user readers in begin read tstap's own memory: a fault is 0, a warning or an error
PROG
probe begin {
  printf("%d %d\n", user_int(0), user_int_warn(8))
  try { println(user_int16_error(0x18)) } catch (m) { println("caught: ", m) }
  println(user_char_error(0x28))
}
EXPECT
0 0
caught: read fault [man error::fault] at 0x18
EXPECT_STDERR
WARNING: user int copy fault 0x8 [man error::fault]
ERROR: read fault [man error::fault] at 0x28 near identifier 'user_char_error' at <input>:4:11 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1
