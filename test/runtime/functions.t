# Script functions: arguments, return values, recursion, overloading with `next`, nesting.

NAME recursion and typed arguments
PROG
function fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2) }
function greet:string(who:string, times:long) {
  s = ""
  for (i = 0; i < times; i++) s .= who
  return s
}
probe begin { printf("%d %s\n", fib(12), greet("ab", 3)); exit() }
EXPECT
144 ababab

NAME locals are private to each call and start empty
PROG
function f(depth) {
  x++
  if (depth > 0) f(depth - 1)
  printf("depth %d x %d\n", depth, x)
}
probe begin { f(2); exit() }
EXPECT
depth 0 x 1
depth 1 x 1
depth 2 x 1

NAME functions without a value and a bare return
PROG
function report(n) { if (n < 0) return; printf("n=%d\n", n) }
probe begin { report(-1); report(4); exit() }
EXPECT
n=4

NAME next falls through to the next overload in definition order
PROG
function classify:string(x:long) { if (x < 0) return "negative"; next }
function classify:string(x:long) { if (x == 0) return "zero"; next }
function classify:string(x:long) { return "positive" }
probe begin { printf("%s %s %s\n", classify(-5), classify(0), classify(7)); exit() }
EXPECT
negative zero positive

NAME overloads by arity
PROG
function area(r) { return 3 * r * r }
function area(w, h) { return w * h }
probe begin { printf("%d %d\n", area(2), area(2, 5)); exit() }
EXPECT
12 10

NAME next in the last overload is an error
PROG
function only(x) { if (x) return 1; next }
probe begin { println(only(1)); println(only(0)) }
EXPECT
1
EXPECT_STDERR
ERROR: all functions exhausted near identifier 'only' at <input>:2:41 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME next in a probe leaves the handler
PROG
probe begin { println("one"); if (1) next; println("two") }
probe begin { println("three"); exit() }
EXPECT
one
three

NAME MAXNESTING limits the call depth
ARGS -DMAXNESTING=3
PROG
function down(n) { if (n > 0) down(n - 1); printf("%d ", n) }
probe begin { down(2); println(""); down(3) }
EXPECT
0 1 2 <blank>
EXPECT_STDERR
ERROR: MAXNESTING exceeded near identifier 'down' at <input>:1:31 (called from identifier 'down' at <input>:1:31) (called from identifier 'down' at <input>:1:31) (called from identifier 'down' at <input>:2:37) in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME recursion is limited to ten levels beyond the call graph by default
PROG
function sum(n) { if (n == 0) return 0; return n + sum(n - 1) }
probe begin { println(sum(12)); println(sum(13)) }
EXPECT
78
EXPECT_STDERR
ERROR: MAXNESTING exceeded near identifier 'sum' at <input>:1:52 (called from identifier 'sum' at <input>:1:52) (called from identifier 'sum' at <input>:1:52) (called from identifier 'sum' at <input>:1:52) (called from identifier 'sum' at <input>:1:52) (called from identifier 'sum' at <input>:1:52) (called from identifier 'sum' at <input>:1:52) (called from identifier 'sum' at <input>:1:52) (called from identifier 'sum' at <input>:1:52) (called from identifier 'sum' at <input>:1:52) (called from identifier 'sum' 
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME function arguments are evaluated left to right before the call
PROG
global log
function trace(tag, v) { log .= tag; return v }
function pair(a, b) { return a * 10 + b }
probe begin { println(pair(trace("a", 1), trace("b", 2))); println(log); exit() }
EXPECT
12
ab

NAME a global read only inside a function that a kernel handler calls lives in a BPF map too
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid(); getppid()'"
PROG
global traced, calls
function wanted:long () { return traced == pid() }
function count() { calls++ }
probe begin { traced = target() }
probe kernel.trace("syscalls:sys_enter_getppid") { if (wanted()) count() }
probe end { println(calls >= 2) }
EXPECT
1
