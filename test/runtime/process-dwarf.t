# DWARF target variables in process(...).function/.return probes: parameters by name from the
# SysV argument registers and stack at the entry, typed by DWARF (sign/zero extension, pointers),
# member paths through user memory, $$parms/$$locals/$$return, $return typed. programs/dwarf.c is
# built with -g at -O0 and -O1 by test/runtime/build-traced.sh and run with -c. At -O1 gcc drops
# stores the callee does not read, so those tests read only what the callee reads. In .return
# probes (programs/dwarf-return.c) target variables are their values at the entry, as in stap.

NAME -O0: parameters by name, sign/zero extension, members through pointers, bit-fields, arrays, strings, &member
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh dwarf-o0 -g -O0 < programs/dwarf.c
ARGS -c /tmp/tstap-process/dwarf-o0
PROG
probe process("/tmp/tstap-process/dwarf-o0").function("typed") {
  printf("x=%d u=%d c=%d sc=%d l7=%d arr=%d,%d\n", $x, $u, $c, $sc, $l7, $arr[0], $arr[1])
  printf("a=%d b=%d s=%d tag=%d bits=%d neg=%d\n", $p->a, $p->b, $p->in->s, $p->in->tag, $p->bits, $p->neg)
  printf("%s %s %s %d %d\n", user_string($s), user_string($p->name), user_string($p->str),
         &$p->b - $p, &$p->in->tag - $p->in)
}
probe process("/tmp/tstap-process/dwarf-o0").function("typed").return { printf("return %d %s\n", $return, $$return) }
probe process("/tmp/tstap-process/dwarf-o0").function("narrow") { printf("%d %d %s\n", $b, $h, $$parms) }
probe process("/tmp/tstap-process/dwarf-o0").function("narrow").return { printf("%d %s\n", $return, $$return) }
EXPECT
x=3 u=65535 c=5 sc=-2 l7=77 arr=9,8
a=42 b=-5 s=-3 tag=7 bits=5 neg=-3
abc hello str 8 2
return -3 return=0xfffffffffffffffd
200 -300 b=0xc8 h=0xfffffffffffffed4
201 return=0xc9

NAME globals and static locals from their fixed addresses, at -O0 and -O1 (PIE): $$vars lists the static local
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh dwarf-o0 -g -O0 < programs/dwarf.c
./build-traced.sh dwarf-o1 -g -O1 < programs/dwarf.c
ARGS -c '/bin/sh -c "/tmp/tstap-process/dwarf-o0; /tmp/tstap-process/dwarf-o1"'
PROG
probe process("/tmp/tstap-process/dwarf-o0").function("narrow"), process("/tmp/tstap-process/dwarf-o1").function("narrow") {
  printf("%d %d %d %d %d %s\n", $sink, $gin->s, $gcount, $calls, &$gin->tag - &$gin, $$vars)
}
EXPECT
65767 11 -7 0 2 b=0xc8 h=0xfffffffffffffed4 calls=0x0
65767 11 -7 0 2 b=0xc8 h=0xfffffffffffffed4 calls=0x0

NAME -O0: a struct by value blocks what follows it, a double is unreadable: $$parms shows {...} and ?
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh dwarf-o0 -g -O0 < programs/dwarf.c
ARGS -c /tmp/tstap-process/dwarf-o0
PROG
probe process("/tmp/tstap-process/dwarf-o0").function("byvalue") { println($$parms) }
probe process("/tmp/tstap-process/dwarf-o0").function("real") { printf("%s|%s|%d\n", $$parms, $$vars, $i) }
EXPECT
s={...} after=?
v=? i=0x9|v=? i=0x9|9

NAME -O0: a returned pointer's members, @entry of a member, and a read fault through a NULL member
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh dwarf-o0 -g -O0 < programs/dwarf.c
ARGS -c /tmp/tstap-process/dwarf-o0
PROG
probe process("/tmp/tstap-process/dwarf-o0").function("pass").return { printf("%d %d\n", $return->a, @entry($p->b)) }
probe process("/tmp/tstap-process/dwarf-o0").function("pass") { println($p->in->s) }
EXPECT
-3
42 -5
EXPECT_STDERR
ERROR: read fault [man error::fault] at 0x0 near identifier '$p' at <input>:2:73 in probe process("/tmp/tstap-process/dwarf-o0").function("pass")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME -O0: $var$, $var$$, $$parms$ and $$return$ pretty-print structs through pointers, members, arrays, bit-fields
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh dwarf-o0 -g -O0 < programs/dwarf.c
ARGS -c /tmp/tstap-process/dwarf-o0
PROG
probe process("/tmp/tstap-process/dwarf-o0").function("point") {
  println($p$); println($p$$); println($p->in$); println($p->arr$); println($p->flag$); println($$parms$$)
}
probe process("/tmp/tstap-process/dwarf-o0").function("typed") { printf("%s %s %s\n", $x$, $u$, $p->in->s$) }
probe process("/tmp/tstap-process/dwarf-o0").function("typed").return { println($$return$) }
probe process("/tmp/tstap-process/dwarf-o0").function("byvalue") { println($$parms$) }
EXPECT
3 65535 -3
return=-3
s={.a=?} after=?
{.x=1, .y=-2, .next=0x0, .flag=1, .arr=[...], .in={...}}
{.x=1, .y=-2, .next=0x0, .flag=1, .arr=[3, ...], .in={.a=5}}
{.a=5}
[3, ...]
1
p={.x=1, .y=-2, .next=0x0, .flag=1, .arr=[3, ...], .in={.a=5}}

NAME function("NAME@FILE:LINE") picks functions by their DWARF declaration; pp() shows where
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh dwarf-o0 -g -O0 < programs/dwarf.c
ARGS -c /tmp/tstap-process/dwarf-o0
PROG
probe process("/tmp/tstap-process/dwarf-o0").function("*@dwarf-o0.c:15-16") { printf("%s %s\n", pp(), $$parms) }
EXPECT
process("/tmp/tstap-process/dwarf-o0").function("narrow@/tmp/tstap-process/dwarf-o0.c:15") b=0xc8 h=0xfffffffffffffed4
process("/tmp/tstap-process/dwarf-o0").function("byvalue@/tmp/tstap-process/dwarf-o0.c:16") s={...} after=?

NAME -O1: parameters from the argument registers and the stack, where DWARF has location lists
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh dwarf-o1 -g -O1 < programs/dwarf.c
ARGS -c /tmp/tstap-process/dwarf-o1
PROG
probe process("/tmp/tstap-process/dwarf-o1").function("typed") {
  printf("x=%d u=%d c=%d sc=%d l7=%d arr=%d a=%d s=%s\n", $x, $u, $c, $sc, $l7, $arr[0], $p->a, user_string($s))
  println($$locals)
}
probe process("/tmp/tstap-process/dwarf-o1").function("typed").return { println($return) }
probe process("/tmp/tstap-process/dwarf-o1").function("narrow") { println($$parms) }
EXPECT
x=3 u=65535 c=5 sc=-2 l7=77 arr=9 a=42 s=abc
local=?
-3
b=0xc8 h=0xfffffffffffffed4

NAME an unknown variable lists the function's parameters and locals
REQUIRES gcc
SETUP
./build-traced.sh dwarf-o0 -g -O0 < programs/dwarf.c
ARGS -p2
PROG
probe process("/tmp/tstap-process/dwarf-o0").function("typed") { println($y) }
EXPECT_STDERR
semantic error: while processing probe process("/tmp/tstap-process/dwarf-o0").function("typed")

semantic error: unable to find local 'y' in typed (alternatives: $x $p $s $u $c $sc $l7 $arr $local): identifier '$y' at <input>:1:74
        source: probe process("/tmp/tstap-process/dwarf-o0").function("typed") { println($y) }
                                                                                         ^

Pass 2: analysis failed.  [man error::pass2]
EXIT 1

NAME a missing member, a double, a parameter after a struct by value: pass-3 errors
REQUIRES gcc
SETUP
./build-traced.sh dwarf-o0 -g -O0 < programs/dwarf.c
ARGS -p3
PROG
probe process("/tmp/tstap-process/dwarf-o0").function("typed") { println($p->nope) }
probe process("/tmp/tstap-process/dwarf-o0").function("real") { println($v) }
probe process("/tmp/tstap-process/dwarf-o0").function("byvalue") { println($after) }
EXPECT_STDERR
translate error: unable to find member 'nope' for struct foo ('$p->nope'): identifier '$p' at <input>:1:74
        source: probe process("/tmp/tstap-process/dwarf-o0").function("typed") { println($p->nope) }
                                                                                         ^

translate error: cannot read '$v' as a number: floating point (double): identifier '$v' at <input>:2:73
        source: probe process("/tmp/tstap-process/dwarf-o0").function("real") { println($v) }
                                                                                        ^

translate error: '$after' is not accessible at the function's entry: parameter 's' (struct small) is passed by value in a way tstap does not locate: identifier '$after' at <input>:3:76
        source: probe process("/tmp/tstap-process/dwarf-o0").function("byvalue") { println($after) }
                                                                                           ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME .return: parameters, members, pretty forms and $$parms are their values at the entry, as stap saves them, each recursive frame its own; $return is the value returned
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh dwarf-return -g -O0
./build-traced.sh dwarf-return1 programs/dwarf-return.c -g -O1
ARGS -w -c '/bin/sh -c "/tmp/tstap-process/dwarf-return; /tmp/tstap-process/dwarf-return1"'
PROG
probe process("/tmp/tstap-process/dwarf-return").function("bump").return, process("/tmp/tstap-process/dwarf-return1").function("bump").return {
  printf("%d %d %d %d %s %s|%s\n", $x, $b->v, $b->next, $return, $b$, $x$, $$parms$)
}
probe process("/tmp/tstap-process/dwarf-return").function("twice").return, process("/tmp/tstap-process/dwarf-return1").function("twice").return {
  printf("%s|%s|%d %d %d %d\n", $$parms, $$vars, $return, @entry($n), $n + @entry($m), $calls)
}
probe process("/tmp/tstap-process/dwarf-return").function("depth").return, process("/tmp/tstap-process/dwarf-return1").function("depth").return {
  printf("depth %d %d %d\n", $n, @entry($n * 10), $return)
}
EXPECT
3 7 0 13 {.v=7, .next=0x0} 3|x=3 b={.v=7, .next=0x0}
n=0x3 m=0xfffffffffffffffe|n=0x3 m=0xfffffffffffffffe calls=0x0|2 3 1 0
depth 0 0 0
depth 1 10 1
depth 2 20 2
depth 3 30 3
3 7 0 13 {.v=7, .next=0x0} 3|x=3 b={.v=7, .next=0x0}
n=0x3 m=0xfffffffffffffffe|n=0x3 m=0xfffffffffffffffe calls=0x0|2 3 1 0
depth 0 0 0
depth 1 10 1
depth 2 20 2
depth 3 30 3

NAME .return: each target expression captured at the entry draws stap's warning, once per expression; not $return, @entry or @defined
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh dwarf-return -g -O0
ARGS -c /tmp/tstap-process/dwarf-return
PROG
probe process("/tmp/tstap-process/dwarf-return").function("bump").return {
  printf("%d %d %d %d %d\n", $x, $x, &$b->next - $b, @entry($b->v), @defined($y) + $return)
}
EXPECT
3 3 8 7 13
EXPECT_STDERR
WARNING: confusing usage, value is captured as @entry($x) in .return probe [man stapprobes] RETURN PROBES: identifier '$x' at <input>:2:30
 source:   printf("%d %d %d %d %d\n", $x, $x, &$b->next - $b, @entry($b->v), @defined($y) + $return)
                                      ^
WARNING: confusing usage, value is captured as @entry(&$b->next) in .return probe [man stapprobes] RETURN PROBES: identifier '$b' at <input>:2:38
 source:   printf("%d %d %d %d %d\n", $x, $x, &$b->next - $b, @entry($b->v), @defined($y) + $return)
                                              ^
WARNING: confusing usage, value is captured as @entry($b) in .return probe [man stapprobes] RETURN PROBES: identifier '$b' at <input>:2:50
 source:   printf("%d %d %d %d %d\n", $x, $x, &$b->next - $b, @entry($b->v), @defined($y) + $return)
                                                          ^
Number of similar warning messages suppressed: 1.
Rerun with -v to see them.

NAME .return: an explicit @entry of a string (a pretty form, a context string, an sprintf) is saved by the entry uprobe
REQUIRES bpf ringbuf uprobes gcc
SETUP
./build-traced.sh dwarf-return -g -O0
ARGS -c /tmp/tstap-process/dwarf-return
PROG
probe process("/tmp/tstap-process/dwarf-return").function("bump").return {
  printf("[%s] [%s] [%s]\n", @entry($x$), @entry(execname()), @entry(sprintf("%d", $x + 1)))
}
EXPECT
[3] [dwarf-return] [4]
