# Runtime errors: stap's message, the token blamed (`near`), the call chain, the probe; the
# error count, the shutdown after MAXERRORS, error probes instead of end probes, exit status.

NAME division by zero blames the operator
PROG
probe begin { println(1/0) }
probe end { println("end") }
EXPECT_STDERR
ERROR: division by 0 near operator '/' at <input>:1:24 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME modulo by zero blames the operator
PROG
probe begin { x = 0; println(5 % x) }
EXPECT_STDERR
ERROR: division by 0 near operator '%' at <input>:1:32 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME compound division blames the right operand
PROG
probe begin { x = 5; y = 0; x /= y; println(x) }
EXPECT_STDERR
ERROR: division by 0 near identifier 'y' at <input>:1:34 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME error() reports its message near the call
PROG
probe begin {
  println("before")
  error("something broke")
  println("not reached")
}
EXPECT
before
EXPECT_STDERR
ERROR: something broke near identifier 'error' at <input>:3:3 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME an error inside functions names every caller
PROG
function inner(x) { return 10 / x }
function outer(x) { return inner(x) + 1 }
probe begin { println(outer(0)) }
EXPECT_STDERR
ERROR: division by 0 near operator '/' at <input>:1:31 (called from identifier 'inner' at <input>:2:28) (called from identifier 'outer' at <input>:3:23) in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME the error probe runs instead of the end probe, and later begin probes are skipped
PROG
probe begin { println("first") }
probe begin { println("second"); println(1 / 0) }
probe begin { println("third") }
probe end { println("end") }
probe error { println("error probe") }
EXPECT
first
second
error probe
EXPECT_STDERR
ERROR: division by 0 near operator '/' at <input>:2:44 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME MAXERRORS tolerates errors until it is exceeded
ARGS -DMAXERRORS=1
PROG
probe begin { println("a"); error("one") }
probe begin { println("b"); error("two") }
probe begin { println("c") }
probe end { println("end") }
probe error { println("error probe") }
EXPECT
a
b
error probe
EXPECT_STDERR
ERROR: one near identifier 'error' at <input>:1:29 in probe begin
ERROR: two near identifier 'error' at <input>:2:29 in probe begin
WARNING: Number of errors: 2, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME an error in an end probe skips the remaining end probes and runs the error probes
PROG
probe end { println("end 1"); error("late") }
probe end { println("end 2") }
probe error { println("error probe") }
probe begin { exit() }
EXPECT
end 1
error probe
EXPECT_STDERR
ERROR: late near identifier 'error' at <input>:1:31 in probe end
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME --suppress-handler-errors counts errors silently and keeps going
ARGS --suppress-handler-errors
PROG
probe begin { println(1/0) }
probe begin { println("still running"); exit() }
probe end { println("end") }
EXPECT
still running
end
EXPECT_STDERR
WARNING: Number of errors: 1, skipped probes: 0

NAME try/catch binds the error message and continues
PROG
probe begin {
  try {
    println("in try")
    println(1 / 0)
    println("not reached")
  } catch (msg) {
    println("caught: ", msg)
  }
  try { error("custom text") } catch (m) { println("caught: ", m) }
  try { println("no error") } catch { println("not reached") }
  println("after")
  exit()
}
EXPECT
in try
caught: division by 0
caught: custom text
no error
after

NAME nested try blocks and errors raised in a catch block
PROG
function f() {
  try { error("inner") } catch (m) { println("f caught ", m); error("rethrown") }
}
probe begin {
  try {
    try { f() } catch (m) { println("middle caught ", m) }
    error("outer")
  } catch (m) {
    println("outer caught ", m)
  }
  exit()
}
EXPECT
f caught inner
middle caught rethrown
outer caught outer

NAME catching an error inside a function returns normally to the caller
PROG
function safe_div(a, b) {
  try { return a / b } catch { return -1 }
}
probe begin {
  printf("%d %d\n", safe_div(10, 2), safe_div(1, 0))
  exit()
}
EXPECT
5 -1

NAME errors in the catch block are reported with their own location
PROG
probe begin {
  try { error("first") } catch { println(1 % 0) }
}
EXPECT_STDERR
ERROR: division by 0 near operator '%' at <input>:2:44 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME MAXACTION cannot be caught
PROG
global n
probe begin {
  try { while (1) n++ } catch { println("caught") }
  println("not reached")
}
EXPECT_STDERR
ERROR: MAXACTION exceeded near identifier 'n' at <input>:3:19 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME exit() lets the handler finish; later begin probes do not run; end probes do
PROG
probe begin { exit(); println("after exit") }
probe begin { println("second begin") }
probe end { println("end") }
EXPECT
after exit
end

NAME abort() ends the handler at once without an error
PROG
probe begin { println("a"); abort(); println("b") }
probe begin { println("c") }
probe end { println("end") }
EXPECT
a
end

NAME abort() cannot be caught
PROG
probe begin {
  try { abort() } catch { println("caught") }
  println("not reached")
}
probe end { println("end") }
EXPECT
end

NAME assert() fails with its message or the default one
PROG
probe begin {
  try { assert(1 == 2, "math is broken") } catch (m) { println(m) }
  try { assert(0) } catch (m) { println(m) }
  assert(1)
  println("ok")
  exit()
}
EXPECT
math is broken
Assertion failed
ok

NAME an array overflow blames the array name
PROG
global small[3]
probe begin { for (i = 0; i < 5; i++) small[i] = i }
EXPECT_STDERR
ERROR: Array overflow, check size limit (3) near identifier 'small' at <input>:2:39 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME MAXMAPENTRIES limits undeclared arrays
ARGS -DMAXMAPENTRIES=4
PROG
global a
probe begin { for (i = 0; i < 10; i++) a[i] = 1 }
probe error { foreach (k in a) n++; printf("%d elements\n", n) }
EXPECT
4 elements
EXPECT_STDERR
ERROR: Array overflow, check MAXMAPENTRIES near identifier 'a' at <input>:2:40 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME errors from timer probes name the timer probe point
PROG
global n
probe timer.ms(10) { n++; if (n == 2) error("tick two") }
probe end { println("end") }
probe error { printf("n=%d\n", n) }
EXPECT
n=2
EXPECT_STDERR
ERROR: tick two near identifier 'error' at <input>:2:39 in probe timer.ms(10)
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME an error message is cut to MAXSTRINGLEN-1 bytes
ARGS -DMAXSTRINGLEN=40
PROG
probe begin { error("0123456789012345678901234567890123456789") }
EXPECT_STDERR
ERROR: 012345678901234567890123456789012345678
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1
