# MAXACTION: statements are charged where stap's generated code charges them, so a runaway
# loop stops after exactly as many iterations; begin/end/error probes get ten times the budget.

NAME a runaway loop in a begin probe stops after 5000 iterations
PROG
global n
probe begin { while (1) n++ }
probe error { println(n) }
EXPECT
5000
EXPECT_STDERR
ERROR: MAXACTION exceeded near identifier 'n' at <input>:2:25 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME a timer probe has one tenth of the budget
PROG
global n
probe timer.ms(1) { while (1) n++ }
probe error { println(n) }
EXPECT
500
EXPECT_STDERR
ERROR: MAXACTION exceeded near identifier 'n' at <input>:2:31 in probe timer.ms(1)
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME -DMAXACTION scales both budgets
ARGS -DMAXACTION=100
PROG
global n
probe begin { for (i = 0; i < 1000000; i++) { n++; if (n < 0) break } }
probe error { println(n) }
EXPECT
333
EXPECT_STDERR
ERROR: MAXACTION exceeded near keyword at <input>:2:52 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME a loop that fits the budget completes
ARGS -u -DMAXACTION_INTERRUPTIBLE=502
PROG
probe begin { for (i=0; i<498; i++) {} }
probe begin { println("done"); exit() }
EXPECT
done

NAME one iteration more does not
ARGS -u -DMAXACTION_INTERRUPTIBLE=500
PROG
probe begin { for (i=0; i<498; i++) {} }
probe begin { println("done"); exit() }
EXPECT_STDERR
ERROR: MAXACTION exceeded near operator '{' at <input>:1:37 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME a probe without loops is checked once on entry
ARGS -DMAXACTION_INTERRUPTIBLE=3
PROG
probe begin { println(1); println(2); println(3); println(4) }
EXPECT_STDERR
ERROR: MAXACTION exceeded
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME --suppress-time-limits lifts MAXACTION
ARGS -g --suppress-time-limits
PROG
global n
probe begin { while (n < 100000) n++; println(n); exit() }
EXPECT
100000
