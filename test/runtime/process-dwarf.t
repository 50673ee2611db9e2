# DWARF target variables in process(...).function/.return probes: parameters by name from the
# SysV argument registers and stack at the entry, typed by DWARF (sign/zero extension, pointers),
# member paths through user memory, $$parms/$$locals/$$return, $return typed. programs/dwarf.c is
# built with -g at -O0 and -O1 by test/runtime/build-traced.sh and run with -c. At -O1 gcc drops
# stores the callee does not read, so those tests read only what the callee reads.

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

NAME a missing member, a double, a parameter after a struct by value, a parameter in a return probe: pass-3 errors
REQUIRES gcc
SETUP
./build-traced.sh dwarf-o0 -g -O0 < programs/dwarf.c
ARGS -p3
PROG
probe process("/tmp/tstap-process/dwarf-o0").function("typed") { println($p->nope) }
probe process("/tmp/tstap-process/dwarf-o0").function("real") { println($v) }
probe process("/tmp/tstap-process/dwarf-o0").function("byvalue") { println($after) }
probe process("/tmp/tstap-process/dwarf-o0").function("narrow").return { println($b + @entry($h)) }
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

translate error: '$b' in a .return probe is its value at the function's entry, which tstap does not save implicitly yet: write @entry($b): identifier '$b' at <input>:4:82
        source: probe process("/tmp/tstap-process/dwarf-o0").function("narrow").return { println($b + @entry($h)) }
                                                                                                 ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1
