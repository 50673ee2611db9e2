# Session lifecycle: begin/end ordering, exit, timers, the end-of-run display of globals.

NAME begin and end probes run in ascending sequence order, ties in script order
PROG
probe begin(10) { println("begin 10") }
probe begin(-5) { println("begin -5") }
probe begin { println("begin 0 first") }
probe begin(1) { println("begin 1"); exit() }
probe begin { println("begin 0 second") }
probe end(2) { println("end 2") }
probe end { println("end 0") }
probe end(-1) { println("end -1") }
EXPECT
begin -5
begin 0 first
begin 0 second
begin 1
end -1
end 0
end 2

NAME a never probe never runs
PROG
probe never { println("never") }
probe begin { println("begin"); exit() }
EXPECT
begin

NAME a timer probe fires until exit()
PROG
global n
probe timer.ms(5) { n++; if (n == 3) exit() }
probe timer.ms(5) { if (n >= 3) println("late") }
probe end { printf("n=%d\n", n) }
EXPECT
n=3

NAME timers in every unit
PROG
global s, ms, us, ns, hz, j
probe timer.s(1) { s++ }
probe timer.ms(1) { ms++ }
probe timer.us(500) { us++ }
probe timer.ns(200000) { ns++ }
probe timer.hz(200) { hz++ }
probe timer.jiffies(1) { j++; if (ms > 10 && us > 10 && ns > 10 && hz > 10 && j > 10) exit() }
probe end { printf("%d %d %d %d %d %d\n", s <= ms, ms > 10, us > 10, ns > 10, hz > 10, j > 10) }
EXPECT
1 1 1 1 1 1

NAME randomized timers still fire
PROG
global n
probe timer.ms(10).randomize(5) { if (++n == 3) exit() }
probe end { println(n) }
EXPECT
3

NAME no timer fires after exit()
PROG
global n
probe timer.ms(1) { n++; exit() }
probe end { println(n) }
EXPECT
1

NAME -T stops the session after the given seconds
ARGS -T 1
PROG
probe begin { println("started") }
probe end { println("ended") }
EXPECT
started
ended

NAME globals written but never read are printed at the end, in declaration order
PROG
global count, name, arr, multi, st, sa, readback, empty
probe begin {
  count = 42; name = "text"
  arr[1] = 10; arr[2] = 30; arr[3] = 20
  multi["a", 1] = 1; multi["b", 2] = 2
  st <<< 1; st <<< 3
  sa["x"] <<< 5; sa["y"] <<< 1; sa["y"] <<< 2
  readback = 1; println(readback)
  empty <<< 1; delete empty
  exit()
}
EXPECT
1
count=42
name="text"
arr[2]=30
arr[3]=20
arr[1]=10
multi["b",2]=2
multi["a",1]=1
st @count=2 @min=1 @max=3 @sum=4 @avg=2
sa["y"] @count=2 @min=1 @max=2 @sum=3 @avg=1
sa["x"] @count=1 @min=5 @max=5 @sum=5 @avg=5

NAME increments as statements still count as never read; deleting or consuming the value reads
PROG
global hits, bumped, consumed, deleted, initialised = 5, stats
probe begin {
  hits++; hits++; bumped += 10
  y = consumed++; println(y)
  deleted = 1; delete deleted
  stats <<< 1; delete stats
  exit()
}
EXPECT
0
hits=2
bumped=10
EXPECT_STDERR
WARNING: Eliding unused variable 'initialised': identifier 'initialised' at <input>:1:41
 source: global hits, bumped, consumed, deleted, initialised = 5, stats
                                                 ^

NAME an aggregate with no samples shows @count=0x0
PROG
global s
probe begin { if (gettimeofday_s() < 0) s <<< 1; exit() }
EXPECT
s @count=0x0

NAME the display comes after end probes of sequence 0 and before later ones
PROG
global x
probe begin { x = 7; exit() }
probe end(1) { println("end 1") }
probe end { println("end 0") }
EXPECT
end 0
x=7
end 1

NAME --no-global-var-display turns the display off
ARGS --no-global-var-display
PROG
global x
probe begin { x = 7; exit() }
EXPECT

NAME no display after an error shutdown
PROG
global x
probe begin { x = 7; error("stop") }
EXPECT_STDERR
ERROR: stop near identifier 'error' at <input>:2:22 in probe begin
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME global initializers and -G overrides
ARGS -G count=42 -G greeting=hello
PROG
global count = 1, greeting = "hi", other = 5
probe begin { printf("%d %s %d\n", count, greeting, other); exit() }
EXPECT
42 hello 5

NAME globals are initialized before any begin probe
PROG
global g = 10
probe begin(-100) { println(g) }
probe begin { exit() }
EXPECT
10

NAME -c runs the command after the begin probes and stops when it exits
ARGS -c 'echo from the command'
PROG
probe begin { printf("target %s\n", target() > 0 ? "set" : "unset") }
probe end { println("end") }
EXPECT
target set
from the command
end

NAME -c reports a command that failed
ARGS -c 'exit 3'
PROG
probe end { println("end") }
EXPECT
end
EXPECT_STDERR
WARNING: Child process exited with status 3
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME -x sets target()
ARGS -x 12345
PROG
probe begin { println(target()); exit() }
EXPECT
12345

NAME -o sends the output to a file
ARGS -o /tmp/tstap-runtime-test-o.out -c 'cat /tmp/tstap-runtime-test-o.out'
PROG
probe begin { println("into the file") }
probe end { println("also into the file") }
EXPECT
into the file

NAME -o with a file that cannot be opened
ARGS -o /nonexistent/dir/out
PROG
probe begin { println("x"); exit() }
EXPECT_STDERR
ERROR: Couldn't open output file /nonexistent/dir/out: No such file or directory
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME pp() and pn() of begin and timer probes
PROG
probe begin { println(pp()) }
probe timer.ms(10) { println(pp()); exit() }
EXPECT
begin
timer.ms(10)

NAME warn() prints once per distinct message on stderr
PROG
probe begin { warn("careful"); warn("careful"); warn("other"); println("done"); exit() }
EXPECT
done
EXPECT_STDERR
WARNING: careful
WARNING: other

NAME SIGINT ends the session normally
ARGS -c 'kill -INT $PPID; sleep 3'
PROG
probe begin { println("begin") }
probe end { println("end") }
EXPECT
begin
end

NAME -p4 stops after translation without running anything
ARGS -p4
PROG
probe begin { println("not run") }
EXPECT
