# String, byte-order and logging builtins in kernel.trace handlers (BPF), with the output the
# user-space runtime gives for the same calls. The workload is a perl one-liner run with -c;
# its getppid calls are told apart from the rest of the machine by pid() == target() and
# execname() (see kernel-trace.t).

NAME strlen, substr and stringat of literals, execname() and globals
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global s = "hello world"
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  e = execname()
  printf("%d %d %d %d\n", strlen(e), strlen(s), strlen(""), strlen(e . s))
  printf("[%s][%s][%s][%s][%s]\n", substr(s, 0, 5), substr(s, 6, 100), substr(s, 11, 1), substr(s, -1, 3), substr(s, 3, -1))
  printf("[%s][%s]\n", substr(e, 1, 2), substr(s, 2, 0))
  printf("%d %d %d\n", stringat(s, 0), stringat(e, 3), stringat("\xff", 0))
}
EXPECT
4 11 0 15
[hello][world][][][]
[er][]
104 108 -1

NAME strpos and isinstr, with empty and missing needles
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global s = "hello world"
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  e = execname()
  printf("%d %d %d %d %d\n", strpos(s, "o"), strpos(s, "world"), strpos(s, "x"), strpos(s, ""), strpos(e, "rl"))
  printf("%d %d %d %d\n", isinstr(s, "lo w"), isinstr(s, "low"), isinstr(e, e), isinstr("", "a"))
}
EXPECT
4 6 -1 0 2
1 0 1 0

NAME long strings: strpos of a global in a global, substr into the string it reads
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global s, t
probe begin { s = "abcdefghij"; for (i = 0; i < 5; i++) s .= s; t = "ghijab" }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("%d %d %d %d\n", strlen(s), strpos(s, t), isinstr(t, s), strpos(substr(s, 100, 50), t))
  u = s
  u = substr(u, 1, 3)
  printf("%s %d\n", u, strlen(u))
  try { printf("%d\n", stringat(u, 5)) } catch (m) { printf("caught: %s\n", m) }
  printf("%d\n", stringat(s, strlen(s) - 1))
}
EXPECT
320 6 0 6
bcd 3
caught: Position out of bounds
106

NAME stringat out of bounds is stap's error, blamed on the call
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("%d\n", stringat(execname(), 4))
  printf("not reached\n")
}
EXPECT_STDERR
ERROR: Position out of bounds near identifier 'stringat' at <input>:3:18 in probe kernel.trace("syscalls:sys_enter_getppid")
WARNING: Number of errors: 1, skipped probes: 0
Pass 5: run failed.  [man error::pass5]
EXIT 1

NAME htons, ntohs, htonl, ntohl, htonll, ntohll
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  x = 0x0102030405060708
  printf("%x %x %x %x %x %x\n", htons(x), ntohs(0x1234), htonl(x), ntohl(-1), htonll(x), ntohll(0xff))
  printf("%d %d %d\n", htons(-2), htonl(0x80), ntohll(0x80))
}
EXPECT
807 3412 8070605 ffffffff 807060504030201 ff00000000000000
65279 2147483648 -9223372036854775808

NAME warn() prints WARNING: on stderr, each distinct warning once, and the handler runs on
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid() for 1..3'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  log("a message")
  warn("a warning")
  warn("a warning with newline\n")
  warn(execname() . " warns")
}
EXPECT
a message
a message
a message
EXPECT_STDERR
WARNING: a warning
WARNING: a warning with newline
WARNING: perl warns

NAME sprintf widths, the - and 0 flags, and %s precision
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global g = "a global"
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  x = -42
  s = sprintf("%5d|%-8s|%08x|%05d|%-5d|%3d|%05u|%.2s|%-6.3s|%8.1s|%3c|%-3c|%X", x, execname(), 48879, x, x, 123456, 7, execname(), g, "xyz", 65, 66, 255)
  printf("%s\n", s)
  printf("[%s]\n", sprintf("%20s|%-20s|%020d", g, g, -1234567))
  printf("[%s]\n", sprintf("%1s|%0d|%.0s|%0x", "abc", 0, "abc", 0))
}
EXPECT
  -42|perl    |0000beef|-0042|-42  |123456|00007|pe|a g   |       x|  A|B  |FF
[            a global|a global            |-0000000000001234567]
[abc|0||0]

NAME sprintf widths are clamped to the room left in MAXSTRINGLEN
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  s = sprintf("%600s|x", "ab")
  t = sprintf("%-600d|x", 5)
  u = sprintf("xy%510s|", "ab")
  v = sprintf("%s%-600s|", "ab", "cd")
  printf("%d %d %d %s %d\n", strlen(s), strpos(s, "a"), strlen(t), substr(t, 0, 3), isinstr(t, "x"))
  printf("%d %d %d %d\n", strlen(u), strpos(u, "a"), strlen(v), strpos(v, "cd"))
}
EXPECT
511 510 511 5   0
511 510 511 2

NAME a right-justified width after a string of unknown length is clamped to the room at run time
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global g = "hello", h
probe begin { h = "x"; for (i = 0; i < 8; i++) h .= h }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  a = sprintf("%s%600s|", g, "ab")
  b = sprintf("%s%5d|%s", g, 3, g)
  c = sprintf("%s%300d|", h, 42)
  d = sprintf("%s%0300d|", h, -42)
  printf("%d %d %s\n", strlen(a), strpos(a, "a"), b)
  printf("%d %d %d %d\n", strlen(c), strpos(c, "4"), strlen(d), strpos(d, "-"))
  printf("%s|\n", substr(c, 500, 20))
  printf("%s|\n", substr(d, 500, 20))
}
EXPECT
511 510 hello    3|hello
511 510 511 256
          4|
00000000004|

NAME string functions in a for loop and a foreach, and warn of a sprintf
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global names
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  names["alpha"] = 1; names["beta"] = 2; names["gamma"] = 3
  n = 0
  for (i = 0; i < 3; i++) { s = sprintf("%-4d|%s", i, substr("abcdef", i, 2)); n += strpos(s, "|") + isinstr(s, "cd") + strlen(s) }
  foreach (k in names) if (isinstr(k, "a")) n += strpos(k, "a") * 10 + htons(1)
  printf("%d\n", n)
  warn(sprintf("n=%5d", n))
}
EXPECT
842
EXPECT_STDERR
WARNING: n=  842

NAME sprintf sign flags, #, number precision, %o and %p
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  x = -42; y = 48879; z = 0
  printf("[%s]\n", sprintf("%+d|% d|%+d|%#x|%#X|%#o|%o|%p|%#x|%#o", 42, 42, x, y, y, 8, 8, y, z, z))
  printf("[%s]\n", sprintf("%.5d|%.5d|%8.5d|%-8.5d|%08.5d|%+08d|%#010x|%010p|%.0d|%.3x", 42, x, x, x, x, 42, y, y, z, 10))
  printf("[%s]\n", sprintf("% 06d|%#8o|%-08d|%o|%x|%u|%p|%#08x|%+.3d|%.20d|%08o|", 7, 8, 7, -1, -1, -1, -1, 255, 5, x, 8))
  printf("[%s]\n", sprintf("%010x|%010o|%+5d|%+5d|% 5d|%05.3x|", y, 8, 0, x, 3, 10))
}
EXPECT
[+42| 42|-42|0xbeef|0XBEEF|010|10|0xbeef|0x0|00]
[00042|-00042|  -00042|-00042  |-0000042|     +42|    0xbeef|0x0000beef|0|00a]
[     7|     010|7       |1777777777777777777777|ffffffffffffffff|18446744073709551615|0xffffffffffffffff|    0xff|+005|-00000000000000000042|00000010|]
[000000beef|0000000010|   +0|  -42|    3|0000a|]

NAME toupper, tolower (ASCII letters only) and isdigit
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global g = "Hello, World! [`{@] é 09 az AZ"
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  e = execname()
  printf("%s|%s|%s|%s\n", toupper(e), tolower(toupper(e)), toupper(g), tolower(g))
  u = "mIxEd"
  u = toupper(u)
  printf("%s %d %d %d %d %d\n", u, isdigit("7x"), isdigit(""), isdigit("a1"), isdigit(g), isdigit(sprintf("%d", 42)))
}
EXPECT
PERL|perl|HELLO, WORLD! [`{@] é 09 AZ AZ|hello, world! [`{@] é 09 az az
MIXED 1 0 0 0 1

NAME text_str, string_quoted and text_strn: C escapes, octal bytes, UTF-8 as \u and \U, quoting and cuts
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  s = "a\"b\\c\n\t\x01\x7f\xff é € 😀 \xc3(\xed\xa0\x80\xc0\x80 end"
  printf("%s|%s\n%s\n", text_str(execname()), text_str(s), string_quoted(s))
  for (i = 0; i < 30; i += 3) printf("%d %s %s\n", i, text_strn(s, i, 0), text_strn(s, i + 1, 4294967296 + i))
  printf("%s %s %s\n", text_strn("", 3, 1), text_strn("abcdef", -1, 1), string_quoted(""))
}
EXPECT
perl|a\"b\\c\n\t\001\177\377 \u00E9 \u20AC \U0001F600 \303(\355\240\200\300\200 end
"a\"b\\c\n\t\001\177\377 \u00E9 \u20AC \U0001F600 \303(\355\240\200\300\200 end"
0 a\"b\\c\n\t\001\177\377 \u00E9 \u20AC \U0001F600 \303(\355\240\200\300\200 end a
3 a\" ""...
6 a\"b\\ "a"...
9 a\"b\\c\n "a\"b"...
12 a\"b\\c\n\t "a\"b\\c"...
15 a\"b\\c\n\t\001 "a\"b\\c\n\t"...
18 a\"b\\c\n\t\001 "a\"b\\c\n\t"...
21 a\"b\\c\n\t\001\177 "a\"b\\c\n\t\001"...
24 a\"b\\c\n\t\001\177\377  "a\"b\\c\n\t\001\177"...
27 a\"b\\c\n\t\001\177\377  "a\"b\\c\n\t\001\177\377"...
"" "abcdef" ""

NAME text_strn cuts near MAXSTRINGLEN: stop before an escape that does not fit, "... moved back over it
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global h, u, g
probe begin {
  h = "ab€"; for (i = 0; i < 8; i++) h .= h
  u = "x😀\n"; for (i = 0; i < 8; i++) u .= u
  g = "\x01"; for (i = 0; i < 9; i++) g .= g
}
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  a = text_str(g); b = string_quoted(h); c = text_strn(u, 0, 1)
  printf("%d %d %d %s %s %s\n", strlen(a), strlen(b), strlen(c), substr(a, 500, 20), substr(b, 490, 30), substr(c, 480, 40))
  last = 512
  for (n = 497; n < last; n += 2) {
    x = text_strn(h, n, 1); y = text_strn(u, n, 1); z = text_strn(g, n, 1)
    printf("%d %d %s %d %s %d %s\n", n, strlen(x), substr(x, 490, 30), strlen(y), substr(y, 480, 40), strlen(z), substr(z, 495, 30))
  }
}
EXPECT
508 511 510 \001\001 b\u20ACab\u20ACab"... \nx\U0001F600\nx\U0001F600"...
497 495 b"... 497 \nx\U0001F600"... 497 ..
499 495 b"... 499 \nx\U0001F600\n"... 497 ..
501 501 b\u20AC"... 500 \nx\U0001F600\nx"... 501 01"...
503 503 b\u20ACab"... 500 \nx\U0001F600\nx"... 501 01"...
505 503 b\u20ACab"... 500 \nx\U0001F600\nx"... 505 01\001"...
507 503 b\u20ACab"... 500 \nx\U0001F600\nx"... 505 01\001"...
509 509 b\u20ACab\u20AC"... 500 \nx\U0001F600\nx"... 509 01\001\001"...
511 511 b\u20ACab\u20ACab"... 510 \nx\U0001F600\nx\U0001F600"... 509 01\001\001"...

NAME str_replace replaces every occurrence, left to right, cut at MAXSTRINGLEN - 1
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global g, h
probe begin { g = "ab"; for (i = 0; i < 8; i++) g .= g; h = "0123456789" }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  e = execname()
  printf("[%s][%s][%s][%s][%s]\n", str_replace(e, "p", "q"), str_replace(e, "", "x"), str_replace(e, "perl", ""), str_replace("aaaa", "aa", "b"), str_replace("abc", "abcd", "x"))
  printf("[%s][%s][%s]\n", str_replace("a.b.c.", ".", "--"), str_replace(h, "5", h), str_replace("xyz", "z", "zz"))
  x = str_replace(g, "b", "BBB")
  printf("%d %s|%d\n", strlen(x), substr(x, 490, 30), strlen(str_replace(g, "ab", h)))
  y = str_replace(g, "a", "")
  printf("%d %s\n", strlen(y), substr(y, 0, 10))
  e = str_replace(e, "er", "ERR")
  printf("%s %s\n", e, str_replace(sprintf("%s-%s", e, e), "-", "\n"))
}
EXPECT
[qerl][perl][][bb][abc]
[a--b--c--][0123401234567896789][xyzz]
511 BBaBBBaBBBaBBBaBBBaBB|511
255 bbbbbbbbbb
pERRl pERRl
pERRl

NAME strtol: signs, base 0 prefixes, 0x in base 16, digits past the base, wrapping
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("%d %d %d %d %d %d %d\n", strtol("123", 10), strtol("-123", 10), strtol("0x1f", 0), strtol("0X1F", 16), strtol("017", 0), strtol("0x", 0), strtol("0xg", 0))
  printf("%d %d %d %d %d %d %d\n", strtol("ff", 16), strtol("FFz", 16), strtol("1010", 2), strtol("19", 8), strtol(" 5", 10), strtol("+5", 10), strtol("", 10))
  printf("%d %d %d %d %d %d\n", strtol("99999999999999999999999", 10), strtol("-0x10", 0), strtol("zz", 36), strtol("123", 4294967306), strtol("0", 0), strtol("-", 10))
  printf("%d %d %d\n", strtol("777", 1), strtol("abc", 0), strtol(sprintf("%d", -9223372036854775807 - 1), 10))
}
EXPECT
123 -123 31 31 15 0 0
255 255 10 1 0 0 0
200376420520689663 -16 0 123 0 0
0 0 -9223372036854775808

NAME tokenize: strsep over the saved input, skipping empty tokens, "" once used up
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global g
probe begin { g = "x,"; for (i = 0; i < 8; i++) g .= g }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  t = tokenize("a,b;;c", ",;"); while (t != "") { print(t, " "); t = tokenize("", ",;") } println()
  printf("[%s][%s][%s]\n", tokenize(",,ab,,cd,", ","), tokenize(","), tokenize(","))
  printf("[%s][%s]\n", tokenize(""), tokenize("x", ""))
  printf("[%s][%s][%s]\n", tokenize("hello world", ""), tokenize(" "), tokenize("one two", " "))
  printf("[%s]", tokenize(execname(), "r")); printf("[%s][%s]\n", tokenize("r"), tokenize("r"))
  n = 0; t = tokenize(g, ","); while (t != "") { n++; t = tokenize(",") }
  printf("%d [%s]\n", n, tokenize(",,,", ","))
}
EXPECT
a b c 
[ab][cd][]
[][x]
[hello world][][one]
[pe][l][]
256 []

NAME string functions in a foreach and a callback loop of a syscall probe
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global words
probe syscall.getppid {
  if (pid() != target() || execname() != "perl") next
  words["tab\there"] = 1; words["quote\"d"] = 2; words["é"] = 3
  foreach (w+ in words) printf("%s %s %s|", text_str(w), string_quoted(str_replace(w, "e", "E")), toupper(w))
  println("")
  n = 3; s = ""; none = 0
  while (n > none) { s .= text_strn(sprintf("%d\n", n), 0, 1); n-- }
  printf("%s %s %d\n", s, name, strtol(substr("x0x2a", 1, 4), 0))
}
EXPECT
quote\"d "quotE\"d" QUOTE"D|tab\there "tab\thErE" TAB	HERE|\u00E9 "\u00E9" é|
"3\n""2\n""1\n" getppid 42

NAME errno_str and errno_p over stap's errno table: the sign ignored, "" and 0 without a name
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("[%s][%s][%s][%s][%s][%s]\n", errno_str(2), errno_str(-2), errno_str(0), errno_str(41), errno_str(131), errno_str(132))
  printf("[%s][%s][%s]\n", errno_str(93), errno_str(-9223372036854775808), errno_str(4294967298))
  printf("%d %d %d %d %d %d\n", errno_p(-13), errno_p(13), errno_p(0), errno_p(58), errno_p(1000), errno_p(-131))
  e = errno_str(-11); e .= "!"
  printf("%s %s\n", e, sprintf("%s-%d", errno_str(22), errno_p(22)))
}
EXPECT
[ENOENT][ENOENT][][][ENOTRECOVERABLE][]
[EPROTONOSUPPORT][][]
13 13 0 0 0 131
EAGAIN! EINVAL-22

NAME ctime: UTC dates over the 32-bit time_t range, leap days, stap's range errors
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("%s|%s|%s\n", ctime(0), ctime(-1), ctime(2147483647))
  printf("%s|%s|%s\n", ctime(-2147483648), ctime(951782400), ctime(951868799))
  printf("%s|%s|%s\n", ctime(1709251199), ctime(1234567890), ctime(-86400 * 365 * 30))
  printf("%s|%s\n", ctime(4107542399 - 2147483648), ctime(1000000000))
  n = strlen(ctime()); printf("%d %d\n", n, isinstr(ctime(), " 20"))
  try { print(ctime(2147483648)) } catch (m) { println(m) }
  try { print(ctime(-2147483649)) } catch (m) { println(m) }
}
EXPECT
Thu Jan  1 00:00:00 1970|Wed Dec 31 23:59:59 1969|Tue Jan 19 03:14:07 2038
Fri Dec 13 20:45:52 1901|Tue Feb 29 00:00:00 2000|Tue Feb 29 23:59:59 2000
Thu Feb 29 23:59:59 2024|Fri Feb 13 23:31:30 2009|Tue Jan  9 00:00:00 1940
Tue Feb 10 20:45:51 2032|Sun Sep  9 01:46:40 2001
24 1
Time too far in the future to be converted
Time too far in the past to be converted

NAME string functions whose result goes into their own argument
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  t = "a,b,,c"; t = tokenize(t, ","); u = t
  while (t != "") { d = ","; d = tokenize(d); printf("<%s>", d); t = d }
  s = "x\ty"; s = text_str(s); r = "ab"; r = str_replace(r, "a", r); c = "Ab"; c = tolower(c)
  printf(" %s %s %s %s\n", u, s, r, c)
}
EXPECT
<b><c><> a x\ty abb ab

NAME string functions in a script function, array keys and values
REQUIRES bpf ringbuf tracefs perl
ARGS -c "exec perl -e 'getppid()'"
PROG
global seen
function show(s) { return string_quoted(toupper(s)) . ":" . text_strn(s, 4, 1) }
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  seen[text_str("a\nb")] = strtol("12", 10)
  seen[str_replace(execname(), "l", "L")] = 7
  println(show("x\ty"))
  foreach (k+ in seen) printf("%s=%d\n", k, seen[k])
}
EXPECT
"X\tY":""...
a\nb=12
perL=7

NAME string functions without a kernel form yet are refused at pass 3, at the call
REQUIRES tracefs
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  print(matched(1))
  print(sprintf("%.*s", 3, "abcd"))
  print(ngroups())
}
EXPECT_STDERR
translate error: matched() is not supported in kernel probes yet: identifier 'matched' at <input>:2:9
        source:   print(matched(1))
                        ^

translate error: %s with flags, width or precision in sprintf is not supported in kernel probes yet: identifier 'sprintf' at <input>:3:9
        source:   print(sprintf("%.*s", 3, "abcd"))
                        ^

translate error: ngroups() is not supported in kernel probes yet: identifier 'ngroups' at <input>:4:9
        source:   print(ngroups())
                        ^

Pass 3: translation failed.  [man error::pass3]
EXIT 1

NAME a * width in a kernel sprintf: the argument as a C int, 0 when negative, clamped to MAXSTRINGLEN as user space does
REQUIRES bpf ringbuf tracefs perl
ARGS -DMAXSTRINGLEN=40 -c "exec perl -e 'getppid()'"
PROG
probe kernel.trace("syscalls:sys_enter_getppid") {
  if (pid() != target() || execname() != "perl") next
  printf("[%s]\n", sprintf("%-*s|", 5, "ab"))
  printf("[%s]\n", sprintf("%*s|", 5, "ab"))
  printf("[%s]\n", sprintf("%*s|", -5, "ab"))
  printf("[%s]\n", sprintf("%-*s|", 1, "abcdef"))
  printf("[%s]\n", sprintf("x%*d|%-*d|", 6, 42, 4, -7))
  printf("[%s]\n", sprintf("%s%*s", "0123456789012345678901234567890", 20, "xyz"))
  printf("[%s]\n", sprintf("%-*s%s", 70, "a", "b"))
  printf("[%s]\n", sprintf("%*s", 0x100000005, "q"))
  exit()
}
EXPECT
[ab   |]
[   ab|]
[ab|]
[abcdef|]
[x    42|-7  |]
[0123456789012345678901234567890      xy]
[a                                      ]
[    q]

NAME thread_indent() in syscall probes: its %-*s padding runs in the kernel
REQUIRES bpf ringbuf tracefs raw_tracepoint perl
ARGS -c "exec perl -e 'getppid()'"
PROG
function check:string (s:string, pad:string) {
  return substr(s, 6, 100) == sprintf(" perl(%d):%s", tid(), pad) ? "ok" : s
}
probe syscall.getppid {
  if (pid() != target() || execname() != "perl") next
  a = thread_indent(1); b = thread_indent(1)
  printf("-> [%s] [%s]\n", check(a, ""), check(b, " "))
}
probe syscall.getppid.return {
  if (pid() != target() || execname() != "perl") next
  a = thread_indent(-1); b = thread_indent(-1)
  printf("<- [%s] [%s]\n", check(a, " "), check(b, ""))
  exit()
}
EXPECT
-> [ok] [ok]
<- [ok] [ok]
