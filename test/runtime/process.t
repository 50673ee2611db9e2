# process(...) probes: uprobes on small C programs (test/runtime/programs) built by SETUP
# (test/runtime/build-traced.sh puts them in /tmp/tstap-process), run with -c. The probes are on
# these binaries only, so other tests running at the same time cannot fire them. Functions have
# side effects (`sink`) so that gcc keeps every call.

NAME function entry: int_arg, uint_arg and pp() with the path made absolute
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh args
ARGS -c /tmp/tstap-process/args
PROG
probe process("/tmp/tstap-process/../tstap-process/args").function("add") {
  printf("%s %d %d %d\n", pp(), int_arg(1), int_arg(2), uint_arg(2))
}
EXPECT
process("/tmp/tstap-process/args").function("add") 0 0 0
process("/tmp/tstap-process/args").function("add") 1 -2 4294967294
process("/tmp/tstap-process/args").function("add") 2 -4 4294967292

NAME eight arguments: six in registers, two on the stack; register() and u_register()
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh args2 programs/args.c
ARGS -c /tmp/tstap-process/args2
PROG
probe process("/tmp/tstap-process/args2").function("mix") {
  printf("%d %d %d %d %d %d %d %d\n", long_arg(1), int_arg(2), uint_arg(3), long_arg(4),
         s64_arg(5), u64_arg(6), long_arg(7), long_arg(8))
  printf("%d %d %d %d\n", int_arg(3), register("edi"), u_register("edi"), register("rdi") == long_arg(1))
}
EXPECT
-5 -7 4000000000 4 5 6 77 -88
-294967296 -5 4294967291 1

NAME function returns: $return, returnval(), and strings through pointer arguments
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh args3 programs/args.c
ARGS -c /tmp/tstap-process/args3
PROG
probe process("/tmp/tstap-process/args3").function("mix").return { printf("%s %d\n", pp(), $return) }
probe process("/tmp/tstap-process/args3").function("greet") { printf("%s\n", user_string(pointer_arg(1))) }
probe process("/tmp/tstap-process/args3").function("greet").return { printf("%s\n", user_string(returnval())) }
EXPECT
process("/tmp/tstap-process/args3").function("mix").return 3999999992
hello
ello

NAME @entry in a return probe: values saved at the function's entry, per thread
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh entry
ARGS -c /tmp/tstap-process/entry
PROG
probe process("/tmp/tstap-process/entry").function("add").return {
  printf("add(%d, %d) = %d\n", @entry(int_arg(1)), @entry(int_arg(2)), $return)
}
EXPECT
add(0, 0) = 100
add(1, -2) = 99
add(2, -4) = 98

NAME wildcard function patterns: one probe per function, bare process meaning the -c command
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh args4 programs/args.c
ARGS -c /tmp/tstap-process/args4
PROG
global calls, mine
probe process.function("[agm]*") { calls[pp()]++; mine += pid() == target() && execname() == "args4" }
probe end {
  foreach (p+ in calls) printf("%s %d\n", p, calls[p])
  printf("%d\n", mine)
}
EXPECT
process("/tmp/tstap-process/args4").function("add") 3
process("/tmp/tstap-process/args4").function("greet") 1
process("/tmp/tstap-process/args4").function("main") 1
process("/tmp/tstap-process/args4").function("mix") 1
6

NAME a function in a shared library the program loads
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh libtwice.so -shared -fPIC
./build-traced.sh uselib -l:libtwice.so
ARGS -c /tmp/tstap-process/uselib
PROG
probe process("/tmp/tstap-process/uselib").library("libtwice.so").function("lib_*").return {
  printf("%s %d\n", pp(), $return)
}
EXPECT
process("/tmp/tstap-process/uselib").library("/tmp/tstap-process/libtwice.so").function("lib_twice").return 2
process("/tmp/tstap-process/uselib").library("/tmp/tstap-process/libtwice.so").function("lib_twice").return 4
process("/tmp/tstap-process/uselib").library("/tmp/tstap-process/libtwice.so").function("lib_twice").return 6

NAME USDT markers: $argN from registers, constants and memory, $$name, $$provider, $$parms
REQUIRES bpf ringbuf uprobes gcc sdt
SETUP
./build-traced.sh marks
ARGS -c /tmp/tstap-process/marks
PROG
probe process("/tmp/tstap-process/marks").mark("tick") { printf("%s %d %d\n", pp(), $arg1, $arg2) }
probe process("/tmp/tstap-process/marks").provider("demo").mark("mix*") {
  printf("%s %s %s %d %d %d\n", pp(), $$provider, $$name, $arg1, $arg2, $arg3)
  println($$parms)
}
probe process("/tmp/tstap-process/marks").provider("oth*").mark("*") { printf("%s %s\n", $$provider, $$name) }
EXPECT
process("/tmp/tstap-process/marks").mark("tick") 0 0
process("/tmp/tstap-process/marks").mark("tick") 1 10
process("/tmp/tstap-process/marks").provider("demo").mark("mixed") demo mixed -42 1234567890123 -3
$arg1=0xffffffffffffffd6 $arg2=0x11f71fb04cb $arg3=0xfffffffffffffffd
other done

NAME a USDT semaphore is raised while the probe is attached
REQUIRES bpf ringbuf uprobes gcc sdt
SETUP
./build-traced.sh gated
ARGS -c /tmp/tstap-process/gated
PROG
probe process("/tmp/tstap-process/gated").mark("gated") { printf("%d\n", $arg1) }
EXPECT
0
1
2

NAME process("PATH").begin, .thread.begin, .thread.end and .end, in the task's own context
REQUIRES bpf ringbuf tracefs btf gcc
SETUP
./build-traced.sh lifetimes -pthread
ARGS -c /tmp/tstap-process/lifetimes
PROG
probe process("/tmp/tstap-process/lifetimes").begin { printf("%s %d %d\n", pp(), pid() == target(), ppid() == target()) }
probe process("/tmp/tstap-process/lifetimes").thread.begin { printf("%s %d %d\n", pp(), pid() == target(), tid() != pid()) }
probe process("/tmp/tstap-process/lifetimes").thread.end { printf("%s %d %d\n", pp(), pid() == target(), tid() != pid()) }
probe process("/tmp/tstap-process/lifetimes").end { printf("%s %d %d\n", pp(), pid() == target(), ppid() == target()) }
EXPECT
process("/tmp/tstap-process/lifetimes").begin 1 0
process("/tmp/tstap-process/lifetimes").thread.begin 1 1
process("/tmp/tstap-process/lifetimes").thread.end 1 1
process("/tmp/tstap-process/lifetimes").thread.begin 1 1
process("/tmp/tstap-process/lifetimes").thread.end 1 1
process("/tmp/tstap-process/lifetimes").begin 0 1
process("/tmp/tstap-process/lifetimes").end 0 1
process("/tmp/tstap-process/lifetimes").end 1 0

NAME process.begin and process.end for every process: forks and execs of the -c command's children
REQUIRES bpf ringbuf tracefs btf
SETUP
mkdir -p /tmp/tstap-process
printf '/bin/true\n/bin/echo >/dev/null\n' > /tmp/tstap-process/two.sh.$$
mv -f /tmp/tstap-process/two.sh.$$ /tmp/tstap-process/two.sh
ARGS -c '/bin/sh /tmp/tstap-process/two.sh'
PROG
probe process.begin { if (ppid() == target()) printf("%s %s\n", pp(), execname()) }
probe process.end { if (ppid() == target() || pid() == target()) printf("%s %s %d\n", pp(), execname(), pid() == target()) }
EXPECT
process.begin sh
process.begin true
process.end true 0
process.begin sh
process.begin echo
process.end echo 0
process.end sh 1

NAME target_set_pid: the -c command and the processes it creates
REQUIRES bpf ringbuf tracefs btf
SETUP
mkdir -p /tmp/tstap-process
printf '/bin/true\n/bin/true\n/bin/ls / >/dev/null\n' > /tmp/tstap-process/three.sh.$$
mv -f /tmp/tstap-process/three.sh.$$ /tmp/tstap-process/three.sh
ARGS -c '/bin/sh /tmp/tstap-process/three.sh'
PROG
global ends
probe process.end { if (target_set_pid(pid())) ends[execname()]++ }
probe end { foreach (name+ in ends) printf("%s %d\n", name, ends[name]) }
EXPECT
ls 1
sh 1
true 2

NAME a named target variable in a function probe needs DWARF: the error points to int_arg
REQUIRES gcc
SETUP
./build-traced.sh args5 programs/args.c
ARGS -p2
PROG
probe process("/tmp/tstap-process/args5").function("add") { println($a) }
EXPECT_STDERR
semantic error: while processing probe process("/tmp/tstap-process/args5").function("add")

semantic error: target variable '$a' needs DWARF debug information, which '/tmp/tstap-process/args5' does not have for 'add' (build it with -g, or read arguments with int_arg(N), long_arg(N), uint_arg(N), ulong_arg(N), pointer_arg(N)): identifier '$a' at <input>:1:69
        source: probe process("/tmp/tstap-process/args5").function("add") { println($a) }
                                                                                    ^

Pass 2: analysis failed.  [man error::pass2]
EXIT 1

NAME a bare process probe needs -c or -x
PROG
probe process.function("main") { }
EXPECT_STDERR
semantic error: while resolving probe point: identifier 'process' at <input>:1:7
        source: probe process.function("main") { }
                      ^

semantic error: unspecified process probe is invalid without a -c COMMAND or -x PID [man stapprobes]

Pass 2: analysis failed.  [man error::pass2]
EXIT 1

NAME function arguments in a probe that interrupted no code are an error
PROG
probe begin { println(int_arg(1)) }
EXPECT_STDERR
ERROR: cannot access function args in this context near identifier 'int_arg' at <input>:1:23 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME a program nobody here wrote: python3.11's USDT markers, by generation and by function
REQUIRES bpf ringbuf uprobes /usr/bin/python3.11
SETUP
mkdir -p /tmp/tstap-process && printf 'import gc\nfor _ in range(5):\n    gc.collect()\n' > /tmp/tstap-process/gc5.py
ARGS -c "/usr/bin/python3.11 /tmp/tstap-process/gc5.py"
PROG
global gen, marks
probe process("/usr/bin/python3.11").mark("gc__start") { if (pid() == target()) gen[$arg1]++ }
probe process("/usr/bin/python3.11").mark("gc__done") { if (pid() == target()) marks[$$name]++ }
probe process("/usr/bin/python3.11").mark("gc__start") { if (pid() == target()) marks[$$name]++ }
probe end {
  printf("explicit collections seen: %d\n", gen[2] >= 5)
  printf("starts == dones: %d\n", marks["gc__start"] == marks["gc__done"])
}
EXPECT
explicit collections seen: 1
starts == dones: 1

NAME $arg1..$arg6 in a function probe are its argument registers (as long_arg(N) reads them)
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh args
ARGS -c /tmp/tstap-process/args
PROG
probe process("/tmp/tstap-process/args").function("mix") {
  printf("%d %d %d %d %d %d %d\n", $arg1, $arg2 & 0xffffffff, $arg3, $arg4, $arg5, $arg6, @defined($arg7))
}
EXPECT
-5 4294967289 4000000000 4 5 6 0
