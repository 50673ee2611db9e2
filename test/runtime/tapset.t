# Tapset functions through the whole pipeline: strings, time, errno, argv/argc, randint.

NAME string functions
PROG
probe begin {
  s = "Hello, World"
  printf("%d|%s|%d|%d|%d\n", strlen(s), substr(s, 7, 5), stringat(s, 1), isinstr(s, "World"), strpos(s, "o"))
  println(str_replace(s, "o", "0"), "|", toupper(s), "|", tolower(s))
  t = tokenize("a,b;;c", ",;"); while (t != "") { print(t, " "); t = tokenize("", ",;") } println()
  printf("%d %d %d %d\n", strtol("ff", 16), strtol("-17", 10), isdigit("7up"), isdigit("up7"))
  println(text_str("tab\there\n"), "|", string_quoted("q\"x"))
  exit()
}
EXPECT
12|World|101|1|4
Hell0, W0rld|HELLO, WORLD|hello, world
a b c <blank>
255 -17 1 0
tab\there\n|"q\"x"

NAME ctime, errno_str and return_str
PROG
probe begin {
  println(ctime(0), "|", ctime(1234567890))
  println(errno_str(2), " ", return_str(1, -2), " ", return_str(1, 5))
  exit()
}
EXPECT
Thu Jan  1 00:00:00 1970|Fri Feb 13 23:31:30 2009
ENOENT -2 (ENOENT) 5

NAME argc and argv come from the script arguments
ARGS one two
PROG
probe begin {
  printf("%d %s %s [%s]\n", argc, argv[1], argv[2], argv[3])
  exit()
}
EXPECT
2 one two []

NAME -G argc=N and -G argv_N=VALUE set argc and argv before the begin probes
ARGS -G argc=3 -G argv_2=world -G argv_3=again one
PROG
probe begin {
  printf("%d %s %s %s\n", argc, argv[1], argv[2], argv[3])
  exit()
}
EXPECT
3 one world again

NAME probe init runs before every begin probe
PROG
probe begin(-100) { println("begin(-100)") }
probe init { println("init") }
probe begin { exit() }
EXPECT
init
begin(-100)

NAME randint stays in range
PROG
probe begin {
  ok = 1
  for (i = 0; i < 200; i++) { r = randint(10); if (r < 0 || r >= 10) ok = 0 }
  println(ok)
  exit()
}
EXPECT
1

NAME floating point on binary64 bit patterns
PROG
probe begin {
  a = string_to_fp("2.5"); b = long_to_fp(3)
  println(fp_to_string(fp_add(a, b), 3), " ", fp_to_string(fp_sub(a, b), 1), " ", fp_to_long(fp_mul(a, b), 0, 0))
  # 1.2 is 1.1999…: the last digit is rounded up without a carry.
  println(fp_to_string(fp_div(b, a), 2), " ", fp_to_string(fp_sqrt(long_to_fp(2)), 10))
  println(fp_lt(a, b), fp_le(b, a), fp_eq(a, a), " ", fp_to_long(a, 0, 0), fp_to_long(a, 3, 0))
  println(fp_to_string(string_to_fp("-89898298323423423423987293485342893.5"), 2))
  try { string_to_fp("1x") } catch (e) { println(e) }
  exit()
}
EXPECT
5.500 -0.5 8
1.110 1.4142135624
101 23
-898982983234234240.00e17
invalid format

NAME set_kernel_* need -g and always end in the tapset's copy fault
ARGS -g
PROG
probe begin { try { set_kernel_long(16, 1) } catch (e) { println(e) } exit() }
EXPECT
kernel long copy fault at 0x10 [man error::fault]

NAME no stack to unwind in a user-space handler: empty backtraces, stack(n) fails, addresses in hex
PROG
probe begin {
  printf("[%s][%s][%s]\n", backtrace(), ubacktrace(), callers(-1))
  try { println(stack(0)) } catch (e) { println(e) }
  try { println(ucallers(2)) } catch (e) { println(e) }
  println(symname(0xffffffff81000000), " ", usymdata(4096))
  print_syms("0x10 ff")
  print(sprint_usyms(""))
  exit()
}
EXPECT
[][][]
reached end of stack before unwinding to level 0
reached end of stack before unwinding to level 2
0xffffffff81000000 0x1000
 0x10 : 0x10
 ff : 0xff
