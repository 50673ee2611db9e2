# Aggregates read inside kernel handlers: @variance merged over the CPUs' copies in BPF, and
# print(@hist_*) and @hist_*(s)[i] from a kernel handler. Each program prints the same
# expressions once from the kernel handler (on close(999), after the last sample) and once from
# `probe end`, and the two halves of the expected output are identical: what user space prints
# from the same per-CPU maps. The samples come from close(fd) of invalid fds 1000..1040 (the fd
# is the sample), pinned with taskset so the split over CPUs (which changes the merged variance)
# is fixed.

NAME @variance, @variance(s, shift), histogram prints and buckets in a kernel handler equal end's (one CPU)
REQUIRES bpf ringbuf tracefs perl lookup_percpu_elem /usr/bin/taskset
ARGS -c "exec taskset -c 0 perl -MPOSIX -e 'POSIX::close($_) for 1000..1040; POSIX::close(999)'"
PROG
global s, a, v, e, f
probe kernel.trace("syscalls:sys_enter_close") {
  if (pid() != target() || execname() != "perl") next
  if ($fd >= 1000) {
    n = $fd - 1000
    s <<< n * n - 40; a[n % 3, "k"] <<< n * 5; v <<< n * 1000 + n % 7
    if (n > 1000) { e <<< n; f[1, "k"] <<< n }
  } else if ($fd == 999) {
    printf("%d %d %d\n", @variance(s), @variance(v, 3), @variance(a[1, "k"]))
    printf("%d %d %d\n", @hist_log(s)[64], @hist_log(s)[70], @hist_linear(a[2, "k"], 0, 100, 10)[3])
    print(@hist_log(s)); print(@hist_linear(a[1, "k"], 0, 100, 10))
    try { print(@hist_log(e)) } catch (m) { println(m) }
    try { println(@variance(f[1, "k"])) } catch (m) { println(m) }
    try { println(@hist_log(s)[128]) } catch (m) { println(m) }
    try { println(@hist_linear(a[2, "k"], 0, 100, 10)[-1]) } catch (m) { println(m) }
  }
}
probe end {
    printf("%d %d %d\n", @variance(s), @variance(v, 3), @variance(a[1, "k"]))
    printf("%d %d %d\n", @hist_log(s)[64], @hist_log(s)[70], @hist_linear(a[2, "k"], 0, 100, 10)[3])
    print(@hist_log(s)); print(@hist_linear(a[1, "k"], 0, 100, 10))
    try { print(@hist_log(e)) } catch (m) { println(m) }
    try { println(@variance(f[1, "k"])) } catch (m) { println(m) }
    try { println(@hist_log(s)[128]) } catch (m) { println(m) }
    try { println(@hist_linear(a[2, "k"], 0, 100, 10)[-1]) } catch (m) { println(m) }
}
EXPECT
249576 143520371 4424
0 2 1
value |-------------------------------------------------- count
 -128 |                                                   0
  -64 |                                                   0
  -32 |@@@                                                3
  -16 |@@                                                 2
   -8 |@                                                  1
   -4 |@                                                  1
   -2 |                                                   0
   -1 |                                                   0
      ~
    2 |                                                   0
    4 |                                                   0
    8 |@                                                  1
   16 |@                                                  1
   32 |@@                                                 2
   64 |@@                                                 2
  128 |@@@@@                                              5
  256 |@@@@@@                                             6
  512 |@@@@@@@@@                                          9
 1024 |@@@@@@@@                                           8
 2048 |                                                   0
 4096 |                                                   0

value |-------------------------------------------------- count
    0 |@                                                  1
   10 |                                                   0
   20 |@                                                  1
   30 |@                                                  1
   40 |                                                   0
   50 |@                                                  1
   60 |@                                                  1
   70 |                                                   0
   80 |@                                                  1
   90 |@                                                  1
  100 |                                                   0
 >100 |@@@@@@@                                            7

empty aggregate
empty aggregate
histogram index out of range
histogram index out of range
249576 143520371 4424
0 2 1
value |-------------------------------------------------- count
 -128 |                                                   0
  -64 |                                                   0
  -32 |@@@                                                3
  -16 |@@                                                 2
   -8 |@                                                  1
   -4 |@                                                  1
   -2 |                                                   0
   -1 |                                                   0
      ~
    2 |                                                   0
    4 |                                                   0
    8 |@                                                  1
   16 |@                                                  1
   32 |@@                                                 2
   64 |@@                                                 2
  128 |@@@@@                                              5
  256 |@@@@@@                                             6
  512 |@@@@@@@@@                                          9
 1024 |@@@@@@@@                                           8
 2048 |                                                   0
 4096 |                                                   0

value |-------------------------------------------------- count
    0 |@                                                  1
   10 |                                                   0
   20 |@                                                  1
   30 |@                                                  1
   40 |                                                   0
   50 |@                                                  1
   60 |@                                                  1
   70 |                                                   0
   80 |@                                                  1
   90 |@                                                  1
  100 |                                                   0
 >100 |@@@@@@@                                            7

empty aggregate
empty aggregate
histogram index out of range
histogram index out of range

NAME the same with the samples split over CPUs 0 and 1: the scalar merge and the array element's pairwise fold (needs two CPUs)
REQUIRES bpf ringbuf tracefs btf perl lookup_percpu_elem /usr/bin/taskset
ARGS -c "taskset -c 0 perl -MPOSIX -e 'POSIX::close($_) for 1000..1022'; taskset -c 1 perl -MPOSIX -e 'POSIX::close($_) for 1023..1040; POSIX::close(999)'"
PROG
global s, a, v, e, f
probe kernel.trace("syscalls:sys_enter_close") {
  if (ppid() != target() || execname() != "perl") next
  if ($fd >= 1000) {
    n = $fd - 1000
    s <<< n * n - 40; a[n % 3, "k"] <<< n * 5; v <<< n * 1000 + n % 7
    if (n > 1000) { e <<< n; f[1, "k"] <<< n }
  } else if ($fd == 999) {
    printf("%d %d %d\n", @variance(s), @variance(v, 3), @variance(a[1, "k"]))
    printf("%d %d %d\n", @hist_log(s)[64], @hist_log(s)[70], @hist_linear(a[2, "k"], 0, 100, 10)[3])
    print(@hist_log(s)); print(@hist_linear(a[1, "k"], 0, 100, 10))
    try { print(@hist_log(e)) } catch (m) { println(m) }
    try { println(@variance(f[1, "k"])) } catch (m) { println(m) }
    try { println(@hist_log(s)[128]) } catch (m) { println(m) }
    try { println(@hist_linear(a[2, "k"], 0, 100, 10)[-1]) } catch (m) { println(m) }
  }
}
probe end {
    printf("%d %d %d\n", @variance(s), @variance(v, 3), @variance(a[1, "k"]))
    printf("%d %d %d\n", @hist_log(s)[64], @hist_log(s)[70], @hist_linear(a[2, "k"], 0, 100, 10)[3])
    print(@hist_log(s)); print(@hist_linear(a[1, "k"], 0, 100, 10))
    try { print(@hist_log(e)) } catch (m) { println(m) }
    try { println(@variance(f[1, "k"])) } catch (m) { println(m) }
    try { println(@hist_log(s)[128]) } catch (m) { println(m) }
    try { println(@hist_linear(a[2, "k"], 0, 100, 10)[-1]) } catch (m) { println(m) }
}
EXPECT
246924 143509963 4115
0 2 1
value |-------------------------------------------------- count
 -128 |                                                   0
  -64 |                                                   0
  -32 |@@@                                                3
  -16 |@@                                                 2
   -8 |@                                                  1
   -4 |@                                                  1
   -2 |                                                   0
   -1 |                                                   0
      ~
    2 |                                                   0
    4 |                                                   0
    8 |@                                                  1
   16 |@                                                  1
   32 |@@                                                 2
   64 |@@                                                 2
  128 |@@@@@                                              5
  256 |@@@@@@                                             6
  512 |@@@@@@@@@                                          9
 1024 |@@@@@@@@                                           8
 2048 |                                                   0
 4096 |                                                   0

value |-------------------------------------------------- count
    0 |@                                                  1
   10 |                                                   0
   20 |@                                                  1
   30 |@                                                  1
   40 |                                                   0
   50 |@                                                  1
   60 |@                                                  1
   70 |                                                   0
   80 |@                                                  1
   90 |@                                                  1
  100 |                                                   0
 >100 |@@@@@@@                                            7

empty aggregate
empty aggregate
histogram index out of range
histogram index out of range
246924 143509963 4115
0 2 1
value |-------------------------------------------------- count
 -128 |                                                   0
  -64 |                                                   0
  -32 |@@@                                                3
  -16 |@@                                                 2
   -8 |@                                                  1
   -4 |@                                                  1
   -2 |                                                   0
   -1 |                                                   0
      ~
    2 |                                                   0
    4 |                                                   0
    8 |@                                                  1
   16 |@                                                  1
   32 |@@                                                 2
   64 |@@                                                 2
  128 |@@@@@                                              5
  256 |@@@@@@                                             6
  512 |@@@@@@@@@                                          9
 1024 |@@@@@@@@                                           8
 2048 |                                                   0
 4096 |                                                   0

value |-------------------------------------------------- count
    0 |@                                                  1
   10 |                                                   0
   20 |@                                                  1
   30 |@                                                  1
   40 |                                                   0
   50 |@                                                  1
   60 |@                                                  1
   70 |                                                   0
   80 |@                                                  1
   90 |@                                                  1
  100 |                                                   0
 >100 |@@@@@@@                                            7

empty aggregate
empty aggregate
histogram index out of range
histogram index out of range
